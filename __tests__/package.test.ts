import { execFileSync, spawnSync } from 'child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { delimiter, join, resolve } from 'path';
import { inParallel, initConfigErrors, TERRAFORM_VERSION, TerraformSandbox } from './terraform';

const root = resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Links `name` into `project`/node_modules from this repository's node_modules (tests run offline). */
function linkDependency(project: string, name: string): void {
  const target = join(project, 'node_modules', name);
  if (existsSync(target)) return;
  mkdirSync(join(target, '..'), { recursive: true });
  symlinkSync(join(root, 'node_modules', name), target);
}

/**
 * Installs the packed tarball into `project` as npm would (unpacked into node_modules, its bin
 * linked), with its dependencies and the project's own dependencies linked from ours.
 */
function install(project: string, tarball: string, projectDependencies: string[]): void {
  const dir = join(project, 'node_modules', 'cdktf-langsmith');
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
  for (const dep of [...Object.keys(pkg.dependencies), ...projectDependencies]) linkDependency(project, dep);
  mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
  for (const [name, file] of Object.entries<string>(pkg.bin)) {
    symlinkSync(join('..', 'cdktf-langsmith', file), join(project, 'node_modules', '.bin', name));
    chmodSync(join(dir, file), 0o755); // as npm's bin-links does
  }
}

/** Runs a shell command in `cwd` as npm scripts do (node_modules/.bin on PATH). */
function sh(cwd: string, command: string, env: Record<string, string> = {}) {
  const e: Record<string, string | undefined> = { ...process.env, PATH: `${join(cwd, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`, ...env };
  for (const k of ['LANGSMITH_DEPLOYMENTS', 'CDKTF_OUTDIR']) if (!(k in env)) delete e[k];
  return spawnSync(command, { cwd, shell: true, encoding: 'utf8', env: e });
}

/**
 * The packed package, installed into fresh projects: `npm run build`, `npm pack`, unpack the
 * tarball into a project's node_modules (its dependencies linked from ours, since tests run
 * offline), then use it as users do. The first project is a copy of examples/deployments-only
 * (a deployments file, cdktf.json and package.json, AWS only); the second builds its own stacks
 * with the constructs of every cloud.
 */
describe('npm package', () => {
  const temp: string[] = [];
  const tempDir = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    temp.push(d);
    return d;
  };
  let tarball: string;
  let files: string[];
  let packed: any;

  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
    const out = tempDir('pack-');
    const result = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    files = result[0].files.map((f: any) => f.path);
    tarball = join(out, result[0].filename);
    packed = pkg;
  }, 180000);

  afterAll(() => {
    for (const d of temp) rmSync(d, { recursive: true, force: true });
  });

  test('ships the built library with declarations, the compiled app and the docs; no sources, tests or tooling', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/aws/index.d.ts', 'dist/lib/k8s/langsmith-release.d.ts', 'dist/stacks/cli.js', 'dist/stacks/main.js']));
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /^(__tests__|stacks|tools|examples|lib)\//.test(f) || f.startsWith('dist/stacks/') && f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /resolve-once|config-cache|register/.test(f))).toEqual([]);
  });

  test('cdktf, constructs and every provider are peer dependencies; only the cloud providers are optional', () => {
    expect(Object.keys(packed.dependencies).sort()).toEqual(['yaml', 'zod']);
    expect(Object.keys(packed.peerDependencies).sort()).toEqual(['@cdktf/provider-aws', '@cdktf/provider-azurerm', '@cdktf/provider-google', '@cdktf/provider-helm', '@cdktf/provider-kubernetes', '@cdktf/provider-random', 'cdktf', 'constructs']);
    expect(Object.keys(packed.peerDependenciesMeta).sort()).toEqual(['@cdktf/provider-aws', '@cdktf/provider-azurerm', '@cdktf/provider-google']);
    for (const name of Object.keys(packed.peerDependencies)) expect(packed.devDependencies[name]).toBeDefined();
  });

  describe('a repository that holds only a deployments file (examples/deployments-only)', () => {
    let project: string;
    let example: any;
    beforeAll(() => {
      project = tempDir('deployments-only-');
      cpSync(join(root, 'examples', 'deployments-only'), project, { recursive: true });
      example = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
      install(project, tarball, Object.keys(example.dependencies).filter((d) => d !== 'cdktf-langsmith'));
    });

    test('holds package.json, cdktf.json, a deployments file and its README only, and declares every required peer', () => {
      expect(readdirSync(join(root, 'examples', 'deployments-only')).sort()).toEqual(['README.md', 'cdktf.json', 'deployments.yaml', 'package.json']);
      const required = Object.keys(packed.peerDependencies).filter((p) => !packed.peerDependenciesMeta[p]?.optional);
      for (const p of required) expect(example.dependencies[p]).toBeDefined();
      expect(example.dependencies['@cdktf/provider-google']).toBeUndefined();
      expect(example.dependencies['@cdktf/provider-azurerm']).toBeUndefined();
    });

    test("cdktf.json's app command synthesizes the deployments file into cdktf.out, without the other clouds' bindings installed", () => {
      const app = JSON.parse(readFileSync(join(project, 'cdktf.json'), 'utf8')).app;
      expect(app).toBe('npx cdktf-langsmith synth');
      const r = sh(project, app, { LANGSMITH_QUIET: '1' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Synthesized 1 deployment(s), 2 stack(s) into cdktf.out/');
      expect(readdirSync(join(project, 'cdktf.out', 'stacks')).sort()).toEqual(['langsmith-dev-app', 'langsmith-dev-infra']);
      const infra = JSON.parse(readFileSync(join(project, 'cdktf.out', 'stacks', 'langsmith-dev-infra', 'cdk.tf.json'), 'utf8'));
      expect(Object.keys(infra.resource.aws_eks_cluster)).toHaveLength(1);
      expect(existsSync(join(project, 'node_modules', '@cdktf', 'provider-google'))).toBe(false);
    });

    test("a GCP or Azure entry added to this AWS-only repository names the missing bindings and their install, with no stack trace, and cdktf.out stays", () => {
      const before = readFileSync(join(project, 'cdktf.out', 'stacks', 'langsmith-dev-infra', 'cdk.tf.json'), 'utf8');
      const file = join(tempDir('other-cloud-'), 'deployments.yaml');
      writeFileSync(file, readFileSync(join(project, 'deployments.yaml'), 'utf8') + '  - name: eu-gcp\n    mode: observability\n    cloud: gcp\n    region: europe-west1\n    project: acme-eu-123\n');
      const r = sh(project, 'npx cdktf-langsmith synth', { LANGSMITH_DEPLOYMENTS: file });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`Configuration error: deployment eu-gcp: field 'cloud' has value "gcp"; its provider bindings @cdktf/provider-google are not installed (an optional peer dependency of cdktf-langsmith); allowed: install them (npm install @cdktf/provider-google@'${packed.peerDependencies['@cdktf/provider-google']}') or remove the deployment\n`);
      expect(readdirSync(join(project, 'cdktf.out', 'stacks')).sort()).toEqual(['langsmith-dev-app', 'langsmith-dev-infra']);
      expect(readFileSync(join(project, 'cdktf.out', 'stacks', 'langsmith-dev-infra', 'cdk.tf.json'), 'utf8')).toBe(before);
    });

    test('the bin runs the compiled app: no TypeScript transformer, with a clear message without a deployments file', () => {
      const cli = readFileSync(join(project, 'node_modules', 'cdktf-langsmith', 'dist', 'stacks', 'cli.js'), 'utf8');
      expect(cli.startsWith('#!/usr/bin/env node')).toBe(true);
      const empty = tempDir('no-deployments-');
      const r = spawnSync(process.execPath, [join(project, 'node_modules', 'cdktf-langsmith', 'dist', 'stacks', 'cli.js'), 'synth'], { cwd: empty, encoding: 'utf8', env: { ...process.env, LANGSMITH_DEPLOYMENTS: '' } });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('no deployments file: set LANGSMITH_DEPLOYMENTS or add deployments.yaml');
    });

    test('importing the AWS entry point loads no Google or Azure bindings; the root entry point loads no cloud', () => {
      const script = `
        const clouds = () => Object.keys(require.cache).filter((k) => /@cdktf[\\\\/]provider-(aws|google|azurerm)[\\\\/]/.test(k)).map((k) => k.match(/provider-(aws|google|azurerm)/)[1]);
        const root = require('cdktf-langsmith');
        const afterRoot = [...new Set(clouds())];
        const aws = require('cdktf-langsmith/aws');
        console.log(JSON.stringify({ afterRoot, afterAws: [...new Set(clouds())].sort(), release: typeof root.LangSmithRelease, foundation: typeof aws.AwsLangSmithFoundation }));
      `;
      const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' }));
      expect(out).toEqual({ afterRoot: [], afterAws: ['aws'], release: 'function', foundation: 'function' });
      // The GCP entry point needs its optional peer, which this project does not have.
      const gcp = spawnSync(process.execPath, ['-e', "require('cdktf-langsmith/gcp')"], { cwd: project, encoding: 'utf8' });
      expect(gcp.status).not.toBe(0);
      expect(gcp.stderr).toContain("Cannot find module '@cdktf/provider-google/");
    });
  });

  let consumer: string | undefined;
  test('a project of its own imports the constructs of every cloud by entry point, type-checks and synthesizes', () => {
    const project = tempDir('consumer-');
    consumer = project;
    install(project, tarball, Object.keys(packed.peerDependencies));
    const script = `
      const { App, TerraformStack, TerraformVariable } = require('cdktf');
      const { HelmProvider } = require('@cdktf/provider-helm/lib/provider');
      const { KubernetesProvider } = require('@cdktf/provider-kubernetes/lib/provider');
      const { RandomProvider } = require('@cdktf/provider-random/lib/provider');
      const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
      const { GoogleProvider } = require('@cdktf/provider-google/lib/provider');
      const { AzurermProvider } = require('@cdktf/provider-azurerm/lib/provider');
      const ls = require('cdktf-langsmith');
      const { AwsLangSmithFoundation } = require('cdktf-langsmith/aws');
      const { GcpLangSmithFoundation } = require('cdktf-langsmith/gcp');
      const { AzureLangSmithFoundation } = require('cdktf-langsmith/azure');
      const app = new App({ outdir: 'out' });
      const stack = new TerraformStack(app, 'consumer');
      new KubernetesProvider(stack, 'k', { configPath: '~/.kube/config' });
      new HelmProvider(stack, 'h', { kubernetes: { configPath: '~/.kube/config' } });
      new RandomProvider(stack, 'r');
      const lic = new TerraformVariable(stack, 'lic', { type: 'string', sensitive: true }).stringValue;
      new ls.LangSmithRelease(stack, 'LangSmith', { licenseKey: lic, size: 'dev' });
      new ls.AgentServerRelease(stack, 'Agent', { image: 'registry.example/b:1', licenseKey: lic });
      const cloud = (id, Provider, config) => { const s = new TerraformStack(app, id); new Provider(s, id, config); new RandomProvider(s, 'random'); return s; };
      new AwsLangSmithFoundation(cloud('aws', AwsProvider, { region: 'us-west-2' }), 'LangSmith', { name: 'pkg', region: 'us-west-2', size: 'dev' });
      new GcpLangSmithFoundation(cloud('google', GoogleProvider, { project: 'pkg-project-123', region: 'us-central1' }), 'LangSmith', { project: 'pkg-project-123', region: 'us-central1', name: 'pkg', size: 'dev' });
      new AzureLangSmithFoundation(cloud('azurerm', AzurermProvider, { features: [{}] }), 'LangSmith', { location: 'eastus2', name: 'pkg', size: 'dev' });
      app.synth();
    `;
    writeFileSync(join(project, 'main.js'), script);
    execFileSync(process.execPath, ['main.js'], { cwd: project, encoding: 'utf8' });
    const stack = (id: string) => JSON.parse(readFileSync(join(project, 'out', 'stacks', id, 'cdk.tf.json'), 'utf8'));
    expect(Object.values(stack('consumer').resource.helm_release).map((r: any) => r.chart).sort()).toEqual(['langgraph-cloud', 'langsmith']);
    for (const [id, cluster, database] of [['aws', 'aws_eks_cluster', 'aws_db_instance'], ['google', 'google_container_cluster', 'google_sql_database_instance'], ['azurerm', 'azurerm_kubernetes_cluster', 'azurerm_postgresql_flexible_server']]) {
      const cloud = stack(id);
      expect(Object.keys(cloud.provider)).toEqual(expect.arrayContaining([id, 'random']));
      expect(Object.keys(cloud.resource[cluster])).toHaveLength(1);
      expect(Object.keys(cloud.resource[database])).toHaveLength(1);
    }
    // The entry points' types resolve for TypeScript users (package.json exports / typesVersions).
    writeFileSync(join(project, 'check.ts'), [
      "import { LangSmithRelease, LangSmithPolicy, type Foundation } from 'cdktf-langsmith';",
      "import { AwsLangSmithFoundation } from 'cdktf-langsmith/aws';",
      "import { GcpLangSmithFoundation } from 'cdktf-langsmith/gcp';",
      "import { AzureLangSmithFoundation, AzureClickHousePrivateLink } from 'cdktf-langsmith/azure';",
      "import { Keda } from 'cdktf-langsmith/k8s';",
      "import { SIZE_PRESETS } from 'cdktf-langsmith/core';",
      'export const all: unknown[] = [LangSmithRelease, LangSmithPolicy, AwsLangSmithFoundation, GcpLangSmithFoundation, AzureLangSmithFoundation, AzureClickHousePrivateLink, Keda, SIZE_PRESETS];',
      'export type F = Foundation;',
    ].join('\n'));
    linkDependency(project, '@types/node');
    for (const moduleResolution of ['node16', 'bundler']) {
      const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--skipLibCheck', '--types', 'node', '--module', moduleResolution === 'node16' ? 'node16' : 'esnext', '--moduleResolution', moduleResolution, 'check.ts'], { cwd: project, encoding: 'utf8' });
      expect(`${moduleResolution}: ${r.stdout}${r.stderr}`).toBe(`${moduleResolution}: `);
    }
  });

  // Depends on the previous test's synth (consumer/out). Without terraform: a loud skip, or a failure when CI=true.
  (TERRAFORM_VERSION ? test : process.env.CI === 'true' ? test : test.skip)(`terraform init -backend=false decodes every stack of the consumer${TERRAFORM_VERSION ? '' : ' (SKIPPED: terraform is not on PATH)'}`, async () => {
    if (!TERRAFORM_VERSION) throw new Error('terraform is required in CI (CI=true)');
    expect(consumer).toBeDefined();
    const sandbox = new TerraformSandbox();
    try {
      const ids = readdirSync(join(consumer!, 'out', 'stacks'));
      expect(ids.sort()).toEqual(['aws', 'azurerm', 'consumer', 'google']);
      const results = await inParallel(ids, 4, async (id) => {
        const dir = sandbox.workdir(id, { 'cdk.tf.json': JSON.parse(readFileSync(join(consumer!, 'out', 'stacks', id, 'cdk.tf.json'), 'utf8')) });
        return { id, errors: initConfigErrors(await sandbox.initEmpty(dir)) };
      });
      expect(results.filter((r) => r.errors.length)).toEqual([]);
    } finally {
      sandbox.dispose();
    }
  }, 60000);

  test('declarations carry the JSDoc defaults', () => {
    const project = tempDir('dts-');
    execFileSync('tar', ['-xzf', tarball, '-C', project, '--strip-components=1']);
    expect(readFileSync(join(project, 'dist', 'lib', 'k8s', 'langsmith-release.d.ts'), 'utf8')).toContain("@default 'langsmith'");
  });
});
