import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { ConfigurationError } from '../lib/core/errors';
import { buildApp, synthesize } from '../stacks/app';
import { OAUTH_DEPLOYMENT_YAML, tempDir, writeDeploymentsFile } from './helpers';

const root = resolve(__dirname, '..');
/** Runs the app entry as `npm run synth` does (package.json), with its own file and output dir. */
function runSynth(file: string, outdir: string) {
  return spawnSync(process.execPath, ['--require', join(root, 'stacks', 'register.cjs'), join(root, 'stacks', 'main.ts')], {
    cwd: root,
    env: { ...process.env, LANGSMITH_DEPLOYMENTS: file, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
}

describe('the app entry (npm run synth)', () => {
  test('npm run synth and the cdktf CLI run the same command as these tests', () => {
    const cmd = 'node --max-semi-space-size=8 --require ./stacks/register.cjs stacks/main.ts';
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.synth).toBe(cmd);
    expect(JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')).app).toBe(cmd);
  });

  test('a bad file exits non-zero with one clear message, no stack trace, and no cdktf.out', () => {
    const out = join(tempDir('out-'), 'cdktf.out');
    const file = writeDeploymentsFile({ deployments: [{ name: 'acme', mode: 'observabilty', cloud: 'kubernetes' }] });
    const r = runSynth(file, out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("deployments[0] (acme): field 'mode' has value \"observabilty\"; allowed: observability | full-platform | standalone");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  test('a secret put in the file is never printed back, and the message names its TF_VAR (19.5)', () => {
    const out = join(tempDir('out-'), 'cdktf.out');
    const r = runSynth(writeDeploymentsFile('deployments:\n  - name: acme\n    mode: observability\n    cloud: kubernetes\n    licenseKey: LIC-0123456789-SECRET\n    auth:\n      clientSecret: oidc-SECRET-value\n', true), out);
    expect(r.status).toBe(1);
    expect(`${r.stdout}${r.stderr}`).not.toContain('SECRET');
    expect(r.stderr).toContain('TF_VAR_langsmith_license_key');
    expect(r.stderr).toContain('TF_VAR_oauth_client_secret');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  test("another cloud's settings block (copied from another entry) is refused, not ignored in silence", () => {
    const out = join(mkdtempSync(join(tmpdir(), 'out-')), 'cdktf.out');
    const r = runSynth(writeDeploymentsFile('deployments:\n  - name: prod-eu\n    mode: observability\n    cloud: aws\n    region: eu-west-1\n    gcp: { ingress: external }\n    azure: { redisSku: Balanced_B5 }\n    kubernetes: { storageClassName: gp3 }\n', true), out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("deployments[0] (prod-eu): field 'gcp' has value \"{...}\"; settings only cloud: gcp reads (this deployment is cloud: aws, which would ignore them)");
    expect(r.stderr).toContain("field 'azure' has value \"{...}\"; settings only cloud: azure reads");
    expect(r.stderr).not.toContain("field 'kubernetes'"); // kubernetes.storageClassName applies on every cloud
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    rmSync(dirname(out), { recursive: true, force: true });
  });

  test("a synth with outputs prints no DeprecationWarning from cdktf's util.isArray (Node 22 and 24 deprecate it at run time)", () => {
    // Node 20 deprecates util.isArray in the docs only: emulate Node 22+ (util.deprecate, DEP0044) with a preload.
    const dir = mkdtempSync(join(tmpdir(), 'node22-'));
    const preload = join(dir, 'deprecate-isarray.cjs');
    writeFileSync(preload, "const util = require('util');\nutil.isArray = util.deprecate(Array.isArray, 'The `util.isArray` API is deprecated. Please use `Array.isArray()` instead.', 'DEP0044');\n");
    const file = writeDeploymentsFile('deployments:\n  - name: outs\n    mode: observability\n    cloud: aws\n    region: us-east-1\n', true);
    const r = spawnSync(process.execPath, ['--require', preload, '--require', join(root, 'stacks', 'register.cjs'), join(root, 'stacks', 'main.ts')], {
      cwd: root,
      env: { ...process.env, LANGSMITH_DEPLOYMENTS: file, CDKTF_OUTDIR: join(dir, 'cdktf.out'), LANGSMITH_QUIET: '1' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'outs-infra', 'cdk.tf.json'), 'utf8')).output ?? {}).length).toBeGreaterThan(0);
    expect(r.stderr).not.toContain('DeprecationWarning');
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirname(file), { recursive: true, force: true });
  });

  test('a missing file exits non-zero', () => {
    const out = join(tempDir('out-'), 'cdktf.out');
    const r = runSynth('/nonexistent/file.yaml', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the deployments file does not exist');
  });

  test('a good file synthesizes into the output dir', () => {
    const out = join(tempDir('out-'), 'cdktf.out');
    const file = writeDeploymentsFile({ deployments: [{ name: 'good', mode: 'observability', cloud: 'kubernetes' }] });
    const r = runSynth(file, out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(join(out, 'stacks'))).toEqual(['good-app']);
  });

  test('a failure while building leaves an earlier cdktf.out as it was and no scratch dir', () => {
    const dir = tempDir('out-');
    const out = join(dir, 'cdktf.out');
    synthesize(writeDeploymentsFile({ deployments: [{ name: 'first', mode: 'observability', cloud: 'kubernetes' }] }), out);
    // The second deployment fails in a construct after the first one was built.
    const failing: typeof buildApp = (app, ds) => {
      const built = buildApp(app, ds.filter((d) => d.name !== 'third'));
      throw new ConfigurationError('third-app/LangSmith', 'size', 'x', `allowed: dev (after building ${Object.keys(built)})`);
    };
    const file = writeDeploymentsFile({ deployments: [{ name: 'second', mode: 'observability', cloud: 'kubernetes' }, { name: 'third', mode: 'observability', cloud: 'kubernetes' }] });
    expect(() => synthesize(file, out, failing)).toThrow(ConfigurationError);
    expect(readdirSync(join(out, 'stacks'))).toEqual(['first-app']);
    expect(readdirSync(dir)).toEqual(['cdktf.out']);
  });
});

/** Runs terraform in `dir` offline (no providers needed), returning status and all output. */
function terraform(dir: string, args: string[], env: Record<string, string> = {}) {
  const cli = join(dir, 'cli.tfrc');
  writeFileSync(cli, `provider_installation {\n  filesystem_mirror {\n    path = "${join(dir, 'empty-mirror')}"\n  }\n}\n`);
  const r = spawnSync('terraform', [...args, '-no-color'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: cli, TF_INPUT: '0', ...env } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

/** A folder holding only the `variable` blocks of a synthesized stack: what Terraform asks for before it plans anything. */
function variablesOnly(stackJson: Record<string, any>): string {
  const dir = tempDir('tfvars-');
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ variable: stackJson.variable }));
  return dir;
}

describe("a new user's path from a YAML file (issue 19)", () => {
  const yaml = `deployments:
  # OAuth (OIDC) single sign-on with a confidential client.
${OAUTH_DEPLOYMENT_YAML}  # LangSmith-managed ClickHouse over PrivateLink on a private EKS API.
  - name: mch
    mode: observability
    cloud: aws
    region: us-west-2
    hostname: langsmith.mch.example
    clickhouse:
      type: langsmith-managed
      endpointService: com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0
      host: abc.us-west-2.vpce.aws.clickhouse.cloud
`;
  let r: ReturnType<typeof runSynth>;
  let out: string;
  const stack = (id: string) => JSON.parse(readFileSync(join(out, 'stacks', id, 'cdk.tf.json'), 'utf8'));
  beforeAll(() => {
    out = join(tempDir('out-'), 'cdktf.out');
    r = runSynth(writeDeploymentsFile(yaml, true), out);
  });

  test('19.1: an OAuth deployment synthesizes from YAML through the loader, the stacks and the policy', () => {
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const secret = Object.values(stack('sso-app').resource.kubernetes_secret_v1 as Record<string, any>).find((s) => s.data.oauth_client_id);
    expect(secret.data).toMatchObject({ oauth_client_id: '0oa1b2c3d4e5f6g7h8i9', oauth_issuer_url: 'https://acme.okta.com/oauth2/default', oauth_client_secret: '${var.oauth_client_secret}' });
    expect(r.stdout).not.toMatch(/LS-K8S-1/);
  });

  test('19.2: the summary lists every TF_VAR each deployment needs, read from what Terraform will ask for', () => {
    expect(r.stdout).toContain('next: secrets: export TF_VAR_langsmith_license_key=... TF_VAR_oauth_client_secret=... (sensitive');
    expect(r.stdout).toContain('next: secrets: export TF_VAR_clickhouse_password=... TF_VAR_langsmith_license_key=... (sensitive');
    expect(r.stdout).toContain('a missing one at the plan of mch-infra, before anything is created');
    // Every variable without a default in the app stack is also required by the infra stack, deployed first.
    const app = stack('mch-app').variable;
    const infra = stack('mch-infra').variable;
    const required = Object.keys(app).filter((n) => app[n].default === undefined).sort();
    expect(required).toEqual(['clickhouse_password', 'langsmith_license_key']);
    for (const n of required) {
      expect(infra[n]).toMatchObject({ sensitive: true, nullable: false, type: 'string' });
      expect(infra[n].default).toBeUndefined();
    }
  });

  (hasTerraform ? test : test.skip)('19.2: Terraform refuses to plan the infra stack while a TF_VAR is missing, and plans once all are set', () => {
    const dir = variablesOnly(stack('mch-infra'));
    expect(terraform(dir, ['init', '-backend=false', '-input=false']).status).toBe(0);
    const missing = terraform(dir, ['plan', '-input=false'], { TF_VAR_langsmith_license_key: 'x' });
    expect(missing.status).not.toBe(0);
    expect(missing.out).toContain('No value for required variable');
    expect(missing.out).toContain('"clickhouse_password"');
    expect(terraform(dir, ['plan', '-input=false'], { TF_VAR_langsmith_license_key: 'x', TF_VAR_clickhouse_password: 'y' }).status).toBe(0);
  }, 60000);

  test('19.3: LangSmith-managed ClickHouse deploys in two phases, said in the summary', () => {
    expect(r.stdout).toContain("next: deploy, phase 1 of 2: CHECKPOINT_DISABLE=1 npx cdktf deploy 'mch-infra'");
    expect(r.stdout).toContain('next: ClickHouse: ask LangChain to approve the private endpoint (output clickhouse_private_endpoint_id of mch-infra); when they confirm, set clickhouse.approved: true for mch');
    expect(r.stdout).toContain("next: deploy, phase 2 of 2: CHECKPOINT_DISABLE=1 npx cdktf deploy 'mch-*'");
    expect(r.stdout).not.toContain("next: deploy: CHECKPOINT_DISABLE=1 npx cdktf deploy 'mch-*'");
    expect(stack('mch-app').variable.clickhouse_approved).toMatchObject({ type: 'bool', default: false });
    expect(stack('sso-app').variable.clickhouse_approved).toBeUndefined();
  });

  (hasTerraform ? test : test.skip)('19.3: the app stack stops at plan until clickhouse.approved: true, and validates either way', () => {
    const dir = variablesOnly(stack('mch-app'));
    const env = { TF_VAR_langsmith_license_key: 'x', TF_VAR_clickhouse_password: 'y' };
    expect(terraform(dir, ['init', '-backend=false', '-input=false']).status).toBe(0);
    expect(terraform(dir, ['validate']).status).toBe(0);
    const held = terraform(dir, ['plan', '-input=false'], env);
    expect(held.status).not.toBe(0);
    expect(held.out.replace(/\s+/g, ' ')).toContain("set clickhouse.approved: true for mch in the deployments file and run: npx cdktf deploy 'mch-*'");
    // Approved in the file: the same stack plans.
    const approved = stack('mch-app').variable;
    approved.clickhouse_approved.default = true;
    const dir2 = variablesOnly({ variable: approved });
    expect(terraform(dir2, ['init', '-backend=false', '-input=false']).status).toBe(0);
    expect(terraform(dir2, ['plan', '-input=false'], env).status).toBe(0);
  }, 60000);

  test('19.4: the summary says the app stack must reach a private cluster API, and how', () => {
    expect(r.stdout).toContain('next: cluster API: private endpoint only (cluster.apiAllowedCidrs is empty): mch-app (the Helm and Kubernetes providers) must reach it from inside the VPC: a CI runner in the network, a VPN or a peered network; aws.privateApiAccessCidrs must list');
    expect(r.stdout).not.toMatch(/next: cluster API: .*sso-app/);
  });
});

describe('approved LangSmith-managed ClickHouse deploys in one command', () => {
  test('clickhouse.approved: true gives one deploy step and opens the gate', () => {
    const out = join(tempDir('out-'), 'cdktf.out');
    const r = runSynth(writeDeploymentsFile(`deployments:
  - name: pub
    mode: observability
    cloud: kubernetes
    clickhouse:
      type: langsmith-managed
      connectivity: public
      host: abc.us-west-2.aws.clickhouse.cloud
      approved: true
    blobStorage:
      engine: S3
      bucket: acme-traces
`, true), out);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain("next: deploy: CHECKPOINT_DISABLE=1 npx cdktf deploy 'pub-*'");
    expect(r.stdout).not.toContain('phase 1');
    expect(JSON.parse(readFileSync(join(out, 'stacks', 'pub-app', 'cdk.tf.json'), 'utf8')).variable.clickhouse_approved.default).toBe(true);
  });
});
