import { existsSync, renameSync, rmSync } from 'fs';
import { resolve } from 'path';
import { App, TerraformStack } from 'cdktf';
import type { DeploymentConfig } from './config';
import { buildDeployment, DeploymentStacks } from './deployment';

/** The default deployments file, beside this module. */
export const DEFAULT_DEPLOYMENTS_FILE = resolve(__dirname, 'deployments.yaml');

/** Result of one synth. */
export interface SynthResult {
  readonly outdir: string;
  readonly deployments: DeploymentConfig[];
  readonly stacks: Record<string, DeploymentStacks>;
  /** Each stack's synthesized JSON (what cdk.tf.json holds), by stack id: the summary reads it instead of the files. */
  readonly json: Record<string, Record<string, any>>;
}

/** Builds every deployment of a validated list into an app (no synth). */
export function buildApp(app: App, deployments: DeploymentConfig[]): Record<string, DeploymentStacks> {
  const stacks: Record<string, DeploymentStacks> = {};
  for (const d of deployments) stacks[d.name] = buildDeployment(app, d);
  return stacks;
}

/** Reads and validates a deployments file (stacks/config.ts), loading the validator on first use. */
export function loadDeployments(file: string): DeploymentConfig[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./config') as typeof import('./config')).loadDeployments(file);
}

/**
 * Validates the deployments file, builds every deployment and synthesizes into `outdir`.
 * The synth goes to a scratch directory that replaces `outdir` only when everything
 * succeeded, so a failure never leaves a partial cdktf.out. `build` is replaceable for tests;
 * `load` reads the file.
 */
export function synthesize(file: string, outdir: string, build: typeof buildApp = buildApp, load: (file: string) => DeploymentConfig[] = loadDeployments): SynthResult {
  const deployments = load(file);
  const scratch = `${outdir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  try {
    const app = new App({ outdir: scratch, skipBackendValidation: true });
    const stacks = build(app, deployments);
    const json = captureJson(app);
    app.synth();
    rmSync(outdir, { recursive: true, force: true });
    renameSync(scratch, outdir);
    return { outdir, deployments, stacks, json };
  } catch (e) {
    if (existsSync(scratch)) rmSync(scratch, { recursive: true, force: true });
    throw e;
  }
}

/** Keeps what each stack's synth produces, so nothing reads cdk.tf.json back from disk. */
function captureJson(app: App): Record<string, Record<string, any>> {
  const json: Record<string, Record<string, any>> = {};
  for (const stack of app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c))) {
    const original = stack.toTerraform;
    stack.toTerraform = function toTerraformKept(this: TerraformStack): any {
      const tf = original.call(this);
      json[this.node.id] = tf;
      return tf;
    };
  }
  return json;
}
