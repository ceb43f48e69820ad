import { App, TerraformStack } from 'cdktf';
import { Foundation } from '../lib/core/contracts';
import { LangSmithAppStack } from './app-stack';
import { buildAwsFoundation } from './clouds/aws';
import { buildGcpFoundation } from './clouds/gcp';
import { buildAzureFoundation } from './clouds/azure';
import { existingClusterFoundation } from './clouds/kubernetes';
import { DeploymentConfig } from './config';
import { applyPolicy } from './policy';

/** The stacks of one deployment. */
export interface DeploymentStacks {
  /** `<name>-infra`: the cloud foundation (absent for cloud: kubernetes). */
  readonly infra?: TerraformStack;
  /** `<name>-app`: the Kubernetes layer. */
  readonly app: TerraformStack;
}

/** A cloud foundation builder: creates `<name>-infra` and returns what the app stack consumes. */
export type FoundationBuilder = (app: App, d: DeploymentConfig) => { stack: TerraformStack; foundation: Foundation };

/** The foundation builder of each cloud (stacks/clouds/<cloud>.ts). */
const CLOUD_BUILDERS: Record<string, FoundationBuilder> = {
  aws: buildAwsFoundation,
  gcp: buildGcpFoundation,
  azure: buildAzureFoundation,
};

/** Builds the stacks of one validated deployment. */
export function buildDeployment(app: App, d: DeploymentConfig): DeploymentStacks {
  if (d.cloud === 'kubernetes') {
    const appStack = new LangSmithAppStack(app, `${d.name}-app`, { deployment: d, foundation: (stack) => existingClusterFoundation(stack, d) });
    applyPolicy(appStack);
    return { app: appStack };
  }
  const builder = CLOUD_BUILDERS[d.cloud];
  if (!builder) throw new Error(`no foundation builder registered for cloud ${d.cloud}`);
  const { stack: infra, foundation } = builder(app, d);
  const appStack = new LangSmithAppStack(app, `${d.name}-app`, { deployment: d, foundation });
  appStack.addDependency(infra);
  applyPolicy(infra);
  applyPolicy(appStack);
  return { infra, app: appStack };
}

