import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Testing, TerraformStack } from 'cdktf';
import { stringify } from 'yaml';
import { buildApp, DEFAULT_DEPLOYMENTS_FILE, loadDeployments } from '../stacks/app';
import { DeploymentConfig, validateDeployments } from '../stacks/config';

/** Temporary directories made by {@link tempDir} in this test file, removed after its last test. */
const temporary: string[] = [];
// helpers.ts is loaded afresh for every test file (jest's module registry), so this runs once per file.
if (typeof afterAll === 'function') {
  afterAll(() => {
    for (const d of temporary.splice(0)) rmSync(d, { recursive: true, force: true });
  });
}

/**
 * A new temporary directory, removed after the test file's last test (passed or failed).
 * Everything under the system temp dir is also removed at the end of the run (global-teardown.ts).
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/**
 * The demo deployments (stacks/deployments.yaml) synthesized once per run by global-setup.ts:
 * its cdktf.out, to read and never to write.
 */
export function demoOutdir(): string {
  const outdir = process.env.LANGSMITH_TEST_DEMOS;
  if (!outdir) throw new Error('LANGSMITH_TEST_DEMOS is not set: run the tests with jest and jest.config.js (its globalSetup synthesizes the demos)');
  return outdir;
}

/** The validated demo deployments, as the shared synth ({@link demoOutdir}) read them. */
export function demoDeployments(): DeploymentConfig[] {
  return loadDeployments(DEFAULT_DEPLOYMENTS_FILE);
}

/** The stacks of a cdktf.out as the cdktf CLI reads manifest.json: id, dependencies, parsed cdk.tf.json. */
export function readManifestStacks(outdir: string): { id: string; dependencies: string[]; json: StackJson }[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  return Object.values(manifest.stacks as Record<string, any>).map((s) => ({
    id: s.name as string,
    dependencies: (s.dependencies ?? []) as string[],
    json: JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), 'utf8')),
  }));
}

/** A synthesized stack as parsed JSON. */
export type StackJson = Record<string, any>;

/** Synthesizes one stack and parses it. */
export function synthJson(stack: TerraformStack): StackJson {
  return JSON.parse(Testing.synth(stack));
}

/** All resources of a type in a synthesized stack, by logical id. */
export function resourcesOf(json: StackJson, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/** The only resource of a type (fails when there is not exactly one). */
export function onlyResource(json: StackJson, type: string): any {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** Validates deployments (raw objects, as in YAML) and builds them into a test app. */
export function buildDeployments(raw: Record<string, unknown>[]): { app: App; deployments: DeploymentConfig[]; stacks: ReturnType<typeof buildApp> } {
  const deployments = validateDeployments({ deployments: raw }, 'test.yaml');
  const app = Testing.app();
  const stacks = buildApp(app, deployments);
  return { app, deployments, stacks };
}

/** Writes a deployments file to a temp dir (removed after the test file) and returns its path. */
export function writeDeploymentsFile(content: unknown, raw = false): string {
  const dir = tempDir('lsdeploy-');
  const path = join(dir, 'deployments.yaml');
  writeFileSync(path, raw ? String(content) : stringify(content));
  return path;
}

/**
 * A literal string of a Terraform JSON configuration as Terraform hands it on: its template escapes
 * `$${` and `%%{` become `${` and `%{` (references, `${...}` without the extra `$`, stay as written).
 */
export function terraformLiteral(s: string): string {
  return s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** The LangSmith chart values of a synthesized app stack, as the chart receives them (Terraform's escapes undone). */
export function langsmithValues(json: StackJson): any {
  const releases = Object.values(resourcesOf(json, 'helm_release')).filter((r: any) => r.chart === 'langsmith');
  if (releases.length !== 1) throw new Error(`expected one langsmith release, found ${releases.length}`);
  return JSON.parse(terraformLiteral((releases[0] as any).values[0]));
}

/**
 * A deployment entry as a user writes it: OAuth (OIDC) single sign-on with a confidential client,
 * on an existing cluster. YAML text, to be placed under `deployments:`.
 */
export const OAUTH_DEPLOYMENT_YAML = `  - name: sso
    mode: observability
    cloud: kubernetes
    hostname: langsmith.acme.example
    auth:
      type: oauth
      clientId: 0oa1b2c3d4e5f6g7h8i9
      issuerUrl: https://acme.okta.com/oauth2/default
      clientSecret: true
`;
