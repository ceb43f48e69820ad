import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { inParallel, initConfigErrors, TERRAFORM_VERSION, TerraformSandbox } from './terraform';

const root = resolve(__dirname, '..');

/**
 * The packed library, installed into a fresh project: `npm run build`, `npm pack`, unpack
 * the tarball into a new project's node_modules (its dependencies linked from ours, since
 * tests run offline), then import the package by name from plain Node and synthesize.
 */
describe('npm package', () => {
  let project: string;
  let files: string[];

  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
    const out = mkdtempSync(join(tmpdir(), 'pack-'));
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    files = packed[0].files.map((f: any) => f.path);
    project = mkdtempSync(join(tmpdir(), 'consumer-'));
    const modules = join(project, 'node_modules');
    mkdirSync(join(modules, 'cdktf-langsmith'), { recursive: true });
    execFileSync('tar', ['-xzf', join(out, packed[0].filename), '-C', join(modules, 'cdktf-langsmith'), '--strip-components=1']);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies)) {
      const target = join(modules, dep);
      mkdirSync(join(target, '..'), { recursive: true });
      symlinkSync(join(root, 'node_modules', dep), target);
    }
  }, 120000);

  test('ships the built library with type declarations and the README, not sources or tests', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/k8s/langsmith-release.d.ts']));
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('__tests__') || f.startsWith('stacks') || f.startsWith('dist/stacks'))).toEqual([]);
  });

  test('a fresh project imports the constructs by name and synthesizes', () => {
    const script = `
      const { App, TerraformStack, TerraformVariable } = require('cdktf');
      const { HelmProvider } = require('@cdktf/provider-helm/lib/provider');
      const { KubernetesProvider } = require('@cdktf/provider-kubernetes/lib/provider');
      const { RandomProvider } = require('@cdktf/provider-random/lib/provider');
      const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
      const { GoogleProvider } = require('@cdktf/provider-google/lib/provider');
      const { AzurermProvider } = require('@cdktf/provider-azurerm/lib/provider');
      const ls = require('cdktf-langsmith');
      const app = new App({ outdir: 'out' });
      const stack = new TerraformStack(app, 'consumer');
      new KubernetesProvider(stack, 'k', { configPath: '~/.kube/config' });
      new HelmProvider(stack, 'h', { kubernetes: { configPath: '~/.kube/config' } });
      new RandomProvider(stack, 'r');
      const lic = new TerraformVariable(stack, 'lic', { type: 'string', sensitive: true }).stringValue;
      new ls.LangSmithRelease(stack, 'LangSmith', { licenseKey: lic, size: 'dev' });
      new ls.AgentServerRelease(stack, 'Agent', { image: 'registry.example/b:1', licenseKey: lic });
      // Each cloud's foundation façade, in its own stack with that cloud's provider.
      const cloud = (id, Provider, config) => { const s = new TerraformStack(app, id); new Provider(s, id, config); new RandomProvider(s, 'random'); return s; };
      new ls.AwsLangSmithFoundation(cloud('aws', AwsProvider, { region: 'us-west-2' }), 'LangSmith', { name: 'pkg', region: 'us-west-2', size: 'dev' });
      new ls.GcpLangSmithFoundation(cloud('google', GoogleProvider, { project: 'pkg-project-123', region: 'us-central1' }), 'LangSmith', { project: 'pkg-project-123', region: 'us-central1', name: 'pkg', size: 'dev' });
      new ls.AzureLangSmithFoundation(cloud('azurerm', AzurermProvider, { features: [{}] }), 'LangSmith', { location: 'eastus2', name: 'pkg', size: 'dev' });
      app.synth();
      console.log(Object.keys(ls).length);
    `;
    writeFileSync(join(project, 'main.js'), script);
    const count = Number(execFileSync('node', ['main.js'], { cwd: project, encoding: 'utf8' }).trim());
    expect(count).toBeGreaterThan(20);
    const json = JSON.parse(readFileSync(join(project, 'out', 'stacks', 'consumer', 'cdk.tf.json'), 'utf8'));
    expect(Object.values(json.resource.helm_release).map((r: any) => r.chart).sort()).toEqual(['langgraph-cloud', 'langsmith']);
    const stack = (id: string) => JSON.parse(readFileSync(join(project, 'out', 'stacks', id, 'cdk.tf.json'), 'utf8'));
    for (const [id, cluster, database] of [['aws', 'aws_eks_cluster', 'aws_db_instance'], ['google', 'google_container_cluster', 'google_sql_database_instance'], ['azurerm', 'azurerm_kubernetes_cluster', 'azurerm_postgresql_flexible_server']]) {
      const cloud = stack(id);
      expect(Object.keys(cloud.provider)).toEqual(expect.arrayContaining([id, 'random']));
      expect(Object.keys(cloud.resource[cluster])).toHaveLength(1);
      expect(Object.keys(cloud.resource[database])).toHaveLength(1);
    }
  });

  // Depends on the previous test's synth (project/out). Without terraform: a loud skip, or a failure when CI=true.
  (TERRAFORM_VERSION ? test : process.env.CI === 'true' ? test : test.skip)(`terraform init -backend=false decodes every stack of the consumer${TERRAFORM_VERSION ? '' : ' (SKIPPED: terraform is not on PATH)'}`, async () => {
    if (!TERRAFORM_VERSION) throw new Error('terraform is required in CI (CI=true)');
    const sandbox = new TerraformSandbox();
    try {
      const ids = readdirSync(join(project, 'out', 'stacks'));
      expect(ids.sort()).toEqual(['aws', 'azurerm', 'consumer', 'google']);
      const results = await inParallel(ids, 4, async (id) => {
        const dir = sandbox.workdir(id, { 'cdk.tf.json': JSON.parse(readFileSync(join(project, 'out', 'stacks', id, 'cdk.tf.json'), 'utf8')) });
        return { id, errors: initConfigErrors(await sandbox.initEmpty(dir)) };
      });
      expect(results.filter((r) => r.errors.length)).toEqual([]);
    } finally {
      sandbox.dispose();
    }
  }, 60000);

  test('declarations carry the JSDoc defaults', () => {
    const dts = readFileSync(join(project, 'node_modules', 'cdktf-langsmith', 'dist', 'lib', 'k8s', 'langsmith-release.d.ts'), 'utf8');
    expect(dts).toContain("@default 'langsmith'");
    expect(existsSync(join(project, 'node_modules', 'cdktf-langsmith', 'dist', 'lib', 'index.d.ts'))).toBe(true);
    expect(readdirSync(join(project, 'node_modules', 'cdktf-langsmith'))).toEqual(expect.arrayContaining(['dist', 'package.json', 'README.md']));
  });
});
