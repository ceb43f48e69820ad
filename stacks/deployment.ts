import { readFileSync } from 'fs';
import { join } from 'path';
import { App, TerraformStack } from 'cdktf';
import { ConfigurationError } from '../lib/core/errors';
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

/** The provider bindings each cloud's foundation loads: optional peer dependencies of this package. */
const CLOUD_BINDINGS: Record<string, string> = { aws: '@cdktf/provider-aws', gcp: '@cdktf/provider-google', azure: '@cdktf/provider-azurerm' };

/** This package's peer dependency range for `pkg`, read from its package.json (beside the sources or above dist/). */
function peerRange(pkg: string): string | undefined {
  for (const dir of [join(__dirname, '..'), join(__dirname, '..', '..')]) {
    try {
      const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (meta.name === 'cdktf-langsmith') return meta.peerDependencies?.[pkg];
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Refuses, before anything is built, a deployment whose cloud's provider bindings are not
 * installed (a repository set up for one cloud, with another cloud's entry added): a clear
 * message with the install command instead of a `Cannot find module` stack trace.
 */
export function requireCloudBindings(deployments: readonly DeploymentConfig[], resolveModule: (id: string) => string = require.resolve): void {
  const errors: ConfigurationError[] = [];
  for (const d of deployments) {
    const pkg = CLOUD_BINDINGS[d.cloud];
    if (!pkg) continue;
    try {
      resolveModule(`${pkg}/lib/provider`);
    } catch {
      const range = peerRange(pkg);
      errors.push(new ConfigurationError(`deployment ${d.name}`, 'cloud', d.cloud, `its provider bindings ${pkg} are not installed (an optional peer dependency of cdktf-langsmith); allowed: install them (npm install ${pkg}${range ? `@'${range}'` : ''}) or remove the deployment`));
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length) {
    const e = new ConfigurationError('deployments', 'cloud', undefined, '');
    e.message = `${errors.length} deployments need provider bindings that are not installed:\n${errors.map((x) => `  - ${x.message}`).join('\n')}`;
    throw e;
  }
}

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

