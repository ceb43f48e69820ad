import { App, TerraformStack } from 'cdktf';
import { Foundation } from '../lib/core/contracts';
import { LangSmithAppStack } from './app-stack';
import { existingClusterFoundation } from './clouds/kubernetes';
import { DeploymentConfig } from './config';
import { clickHouseApprovalGate, requireAppVariablesFirst } from './phases';
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

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The foundation builder of each cloud (stacks/clouds/<cloud>.ts), loaded on first use: a
 * file with only AWS deployments never loads the Google and Azure provider bindings.
 */
const CLOUD_BUILDERS: Record<string, () => FoundationBuilder> = {
  aws: () => (require('./clouds/aws') as typeof import('./clouds/aws')).buildAwsFoundation,
  gcp: () => (require('./clouds/gcp') as typeof import('./clouds/gcp')).buildGcpFoundation,
  azure: () => (require('./clouds/azure') as typeof import('./clouds/azure')).buildAzureFoundation,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Builds the stacks of one validated deployment. */
export function buildDeployment(app: App, d: DeploymentConfig): DeploymentStacks {
  if (d.cloud === 'kubernetes') {
    const appStack = new LangSmithAppStack(app, `${d.name}-app`, { deployment: d, foundation: (stack) => existingClusterFoundation(stack, d) });
    clickHouseApprovalGate(appStack, d);
    applyPolicy(appStack);
    return { app: appStack };
  }
  const load = CLOUD_BUILDERS[d.cloud];
  if (!load) throw new Error(`no foundation builder registered for cloud ${d.cloud}`);
  const { stack: infra, foundation } = load()(app, d);
  const appStack = new LangSmithAppStack(app, `${d.name}-app`, { deployment: d, foundation });
  appStack.addDependency(infra);
  clickHouseApprovalGate(appStack, d);
  requireAppVariablesFirst(infra, appStack);
  applyPolicy(infra);
  applyPolicy(appStack);
  return { infra, app: appStack };
}

