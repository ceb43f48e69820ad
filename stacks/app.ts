import { existsSync, renameSync, rmSync } from 'fs';
import { resolve } from 'path';
import { App } from 'cdktf';
import { DeploymentConfig, loadDeployments } from './config';
import { buildDeployment, DeploymentStacks } from './deployment';

/** The default deployments file, beside this module. */
export const DEFAULT_DEPLOYMENTS_FILE = resolve(__dirname, 'deployments.yaml');

/** Result of one synth. */
export interface SynthResult {
  readonly outdir: string;
  readonly deployments: DeploymentConfig[];
  readonly stacks: Record<string, DeploymentStacks>;
}

/** Builds every deployment of a validated list into an app (no synth). */
export function buildApp(app: App, deployments: DeploymentConfig[]): Record<string, DeploymentStacks> {
  const stacks: Record<string, DeploymentStacks> = {};
  for (const d of deployments) stacks[d.name] = buildDeployment(app, d);
  return stacks;
}

/**
 * Validates the deployments file, builds every deployment and synthesizes into `outdir`.
 * The synth goes to a scratch directory that replaces `outdir` only when everything
 * succeeded, so a failure never leaves a partial cdktf.out. `build` is replaceable for tests.
 */
export function synthesize(file: string, outdir: string, build: typeof buildApp = buildApp): SynthResult {
  const deployments = loadDeployments(file);
  const scratch = `${outdir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  try {
    const app = new App({ outdir: scratch, skipBackendValidation: true });
    const stacks = build(app, deployments);
    app.synth();
    rmSync(outdir, { recursive: true, force: true });
    renameSync(scratch, outdir);
    return { outdir, deployments, stacks };
  } catch (e) {
    if (existsSync(scratch)) rmSync(scratch, { recursive: true, force: true });
    throw e;
  }
}
