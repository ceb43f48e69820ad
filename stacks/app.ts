import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { App, TerraformStack } from 'cdktf';
import { OUTDIR_CONTEXT } from './backend';
import type { DeploymentConfig } from './config';
import { buildDeployment, DeploymentStacks, requireCloudBindings } from './deployment';

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
  requireCloudBindings(deployments);
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
 * The synth goes to a scratch directory; only when everything succeeded are its files moved
 * into `outdir`: each stack's cdk.tf.json (one rename each), then manifest.json last. A failure
 * never leaves a partial cdktf.out, and a stack's working folder (`.terraform`, the lock file,
 * saved plans) is never touched. Stack folders no longer in the manifest are pruned, except
 * when the cdktf CLI runs the app: the CLI lists them before the synth and removes them itself
 * after it (removing them first makes its own removal fail with ENOENT). `build` is replaceable
 * for tests; `load` reads the file.
 */
export function synthesize(file: string, outdir: string, build: typeof buildApp = buildApp, load: (file: string) => DeploymentConfig[] = loadDeployments): SynthResult {
  const deployments = load(file);
  const scratch = `${outdir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(dirname(resolve(outdir)), { recursive: true });
  try {
    const app = new App({ outdir: scratch, skipBackendValidation: true, context: { [OUTDIR_CONTEXT]: resolve(outdir) } });
    const stacks = build(app, deployments);
    const json = captureJson(app);
    app.synth();
    install(scratch, outdir, !runByCdktfCli());
    return { outdir, deployments, stacks, json };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** True when the cdktf CLI runs the app (it passes its context, with the modules it found, in CDKTF_CONTEXT_JSON). */
function runByCdktfCli(): boolean {
  try {
    return 'cdktfRelativeModules' in JSON.parse(process.env.CDKTF_CONTEXT_JSON ?? '{}');
  } catch {
    return false;
  }
}

/** Moves a finished synth from `scratch` into `outdir`, file by file, leaving every other file of a stack folder alone. */
function install(scratch: string, outdir: string, prune: boolean): void {
  const manifest = JSON.parse(readFileSync(join(scratch, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
  const names = new Set(Object.keys(manifest.stacks));
  mkdirSync(join(outdir, 'stacks'), { recursive: true });
  for (const name of names) {
    const from = join(scratch, 'stacks', name);
    const to = join(outdir, 'stacks', name);
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      rmSync(join(to, entry), { recursive: true, force: true });
      renameSync(join(from, entry), join(to, entry));
    }
  }
  for (const entry of readdirSync(scratch)) {
    if (entry === 'stacks' || entry === 'manifest.json') continue;
    rmSync(join(outdir, entry), { recursive: true, force: true });
    renameSync(join(scratch, entry), join(outdir, entry));
  }
  renameSync(join(scratch, 'manifest.json'), join(outdir, 'manifest.json'));
  if (!prune) return;
  for (const entry of readdirSync(join(outdir, 'stacks'))) {
    if (!names.has(entry)) rmSync(join(outdir, 'stacks', entry), { recursive: true, force: true });
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
