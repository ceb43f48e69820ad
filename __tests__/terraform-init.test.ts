import { readdirSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { App } from 'cdktf';
import { build as awsByoVpc } from '../examples/aws-byo-vpc/main';
import { build as azureByoVnet } from '../examples/azure-byo-vnet/main';
import { build as existingCluster } from '../examples/existing-cluster/main';
import { build as gcpByoNetwork } from '../examples/gcp-byo-network/main';
import { demoOutdir, readManifestStacks, tempDir } from './helpers';
import {
  AWS_6X_ONLY_ARGUMENTS, AWS_MIRROR, describeDiagnostic, describeTerraform, forAwsValidation, HAS_AWS_MIRROR, inParallel, initConfigErrors,
  nonStaticDependsOn, providersOf, TerraformSandbox, validateFindings, withoutAws6xArguments,
} from './terraform';

/**
 * Every stack the tests synthesize (the demos of stacks/deployments.yaml and each examples/*
 * project) goes through the real Terraform: `init` decodes the whole configuration, and the
 * stacks whose providers are only aws and random pass `validate` against hashicorp/aws 5.100.0.
 * (The packed-library consumer's stacks get the same init in package.test.ts.)
 */
const root = tempDir('tf-synth-');
/** Synthesized stacks by label (`demos/<stack>`, `examples/<example>/<stack>`). */
const stacks: Record<string, Record<string, any>> = {};

const EXAMPLES: Record<string, (app: App) => unknown> = {
  'aws-byo-vpc': awsByoVpc,
  'azure-byo-vnet': azureByoVnet,
  'existing-cluster': existingCluster,
  'gcp-byo-network': gcpByoNetwork,
};

beforeAll(() => {
  // The shared synth of the demo file (global-setup.ts).
  for (const s of readManifestStacks(demoOutdir())) stacks[`demos/${s.id}`] = s.json;
  for (const [name, build] of Object.entries(EXAMPLES)) {
    const outdir = join(root, `example-${name}`);
    const app = new App({ outdir, skipBackendValidation: true });
    build(app);
    app.synth();
    for (const id of readdirSync(join(outdir, 'stacks'))) stacks[`examples/${name}/${id}`] = JSON.parse(readFileSync(join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'));
  }
});



/**
 * A value for a module variable in the validate root: variables without a default are required
 * and (nullable: false) may not be null, so each gets a placeholder of its type.
 */
function placeholder(v: { type?: string; default?: unknown }): unknown {
  if (v.default !== undefined) return v.default;
  return v.type === 'bool' ? true : v.type === 'number' ? 1 : v.type === 'string' || v.type === undefined ? 'validate-placeholder' : null;
}

describe('synthesized stacks, as Terraform reads them', () => {
  test('cover the demos and every example', () => {
    const labels = Object.keys(stacks);
    expect(labels.filter((l) => l.startsWith('demos/'))).toHaveLength(34);
    for (const name of Object.keys(EXAMPLES)) expect(labels.some((l) => l.startsWith(`examples/${name}/`))).toBe(true);
  });

  test('every depends_on entry is a static type.name reference, never an interpolation', () => {
    const bad = Object.entries(stacks).flatMap(([label, json]) => nonStaticDependsOn(json).map((b) => `${label}: ${b}`));
    expect(bad).toEqual([]);
  });

  test('the depends_on check catches what terraform init refuses', () => {
    const json = { resource: { aws_eks_addon: { dns: { depends_on: ['aws_eks_addon.cni', '${aws_eks_node_group.nodes}'] } } }, output: { x: { depends_on: ['data.aws_region.r', 'module.m'] } } };
    expect(nonStaticDependsOn(json)).toEqual(['aws_eks_addon.dns: "${aws_eks_node_group.nodes}"']);
  });
});

describeTerraform('terraform on every synthesized stack', () => {
  let sandbox: TerraformSandbox;
  beforeAll(() => {
    sandbox = new TerraformSandbox();
  });
  afterAll(() => sandbox?.dispose());

  test('terraform init -backend=false decodes every stack: no error but "provider not found"', async () => {
    const labels = Object.keys(stacks);
    const started = Date.now();
    const results = await inParallel(labels, 4, async (label) => {
      const dir = sandbox.workdir(label, { 'cdk.tf.json': stacks[label] });
      const run = await sandbox.initEmpty(dir);
      rmSync(dir, { recursive: true, force: true });
      return { label, errors: initConfigErrors(run) };
    });
    // eslint-disable-next-line no-console
    if (process.env.LANGSMITH_TF_TIMING) console.log(`terraform init: ${labels.length} stacks in ${Date.now() - started} ms`);
    expect(results.filter((r) => r.errors.length)).toEqual([]);
  }, 120000);

  /**
   * The operator's `${name}` placeholders go into a JSON configuration, where Terraform reads every
   * string as a template: written `$${name}`, the helm provider must receive `${name}` (not
   * `$${name}`, which the operator would leave in the agents' manifests). The operator subtree of a
   * demo's release values, verbatim from the synthesized string, as a built-in terraform_data input.
   */
  test('the helm provider receives the operator templates with ${...} placeholders (Terraform undoes $${...} once)', async () => {
    const release = Object.values<any>(stacks['demos/gcp-platform-app'].resource.helm_release).find((r) => r.chart === 'langsmith');
    const raw: string = release.values[0];
    const operator = JSON.stringify({ operator: JSON.parse(raw).operator });
    expect(raw).toContain(operator.slice(1, -1));
    expect(operator).toContain('name: $${name}');
    const dir = sandbox.workdir('escape', { 'main.tf.json': {
      resource: { terraform_data: { values: { input: [operator] } } },
      output: { values: { value: '${terraform_data.values.output[0]}' } },
    } });
    expect(initConfigErrors(await sandbox.initEmpty(dir))).toEqual([]);
    const apply = await sandbox.run(dir, ['apply', '-auto-approve', '-input=false'], sandbox.emptyMirrorConfig);
    expect({ code: apply.code, errors: apply.diagnostics.filter((d) => d.severity === 'error').map(describeDiagnostic) }).toEqual({ code: 0, errors: [] });
    const out = await sandbox.run(dir, ['output'], sandbox.emptyMirrorConfig);
    const received = JSON.parse(JSON.parse(out.output).values.value);
    const service: string = received.operator.templates.service;
    expect(service).toContain('  name: ${name}\n  namespace: ${namespace}\n');
    expect(service).toContain('    "cloud.google.com/neg": "{\\"ingress\\": true}"\n');
    expect(JSON.stringify(received)).not.toContain('$$');
    expect(received.operator.templates.db).toContain('storage: "${storage_gi}Gi"');
  }, 60000);

  test('the init check reports a configuration error (the old coredns depends_on)', async () => {
    const json = { resource: { terraform_data: { a: {}, b: { depends_on: ['${terraform_data.a}'] } } } };
    const run = await sandbox.initEmpty(sandbox.workdir('bad', { 'cdk.tf.json': json }));
    expect(initConfigErrors(run).join('\n')).toMatch(/Invalid expression.*A single static variable reference is required/);
  });

  const awsTest = HAS_AWS_MIRROR ? test : test.skip;
  if (!HAS_AWS_MIRROR) {
    // eslint-disable-next-line no-console
    console.warn(`WARNING: no hashicorp/aws mirror at ${AWS_MIRROR}: terraform validate of the AWS stacks did not run.`);
  }

  /**
   * The stacks whose providers are only aws and random: the AWS infra stacks of the demos and of
   * examples/aws-byo-vpc (app stacks need helm + kubernetes, the GCP/Azure stacks google/azurerm,
   * none of which is in the mirror). They are validated together, each as a module of one root
   * configuration, so the 600 MB provider starts once instead of once per stack.
   */
  awsTest('AWS stacks pass terraform validate with hashicorp/aws 5.100.0 (6.x-only arguments set aside, listed)', async () => {
    const aws = Object.entries(stacks).filter(([, json]) => providersOf(json).includes('aws') && providersOf(json).every((p) => p === 'aws' || p === 'random'));
    expect(aws.map(([label]) => label).sort()).toEqual([
      'demos/aws-agent-infra', 'demos/aws-obs-dev-infra', 'demos/aws-obs-infra', 'demos/aws-platform-infra', 'demos/aws-public-ch-infra', 'examples/aws-byo-vpc/platform-infra',
    ]);
    const files: Record<string, unknown> = {};
    const modules: Record<string, unknown> = {};
    // One aws provider configuration, in the root, inherited by every module: one provider process
    // instead of one per stack. The stacks' provider blocks differ only in values (region, tags),
    // so the one validated stands for all.
    const providerBlocks = aws.map(([, json]) => json.provider.aws);
    for (const p of providerBlocks) expect(Object.keys(p[0]).sort()).toEqual(Object.keys(providerBlocks[0][0]).sort());
    aws.forEach(([label, json], i) => {
      const copy = withoutAws6xArguments(forAwsValidation(json));
      const { aws: _aws, ...otherProviders } = copy.provider;
      if (Object.keys(otherProviders).length) copy.provider = otherProviders;
      else delete copy.provider;
      files[`m${i}/cdk.tf.json`] = copy;
      // Each of the stack's variables, as a root module's variable would be: set, value unknown to validate.
      modules[`m${i}`] = { source: `./m${i}`, ...Object.fromEntries(Object.entries<any>(copy.variable ?? {}).map(([v, d]) => [v, placeholder(d)])), '//': { label } };
    });
    // A canary module with two known mistakes (a missing required argument, a value outside an
    // enum): validate must report exactly those, which shows it did check the modules.
    files['canary/main.tf.json'] = { resource: {
      aws_s3_bucket_public_access_block: { canary: { block_public_acls: true } },
      aws_s3_bucket_versioning: { canary: { bucket: 'b', versioning_configuration: [{ status: 'Sometimes' }] } },
    } };
    modules.canary = { source: './canary' };
    const dir = sandbox.workdir('aws-validate', { ...files, 'main.tf.json': { provider: { aws: providerBlocks[0] }, module: modules } });
    const init = await sandbox.run(dir, ['init', '-backend=false', '-input=false'], sandbox.awsMirrorConfig);
    expect({ init: init.code, errors: init.diagnostics.filter((d) => d.severity === 'error').map(describeDiagnostic) }).toEqual({ init: 0, errors: [] });
    const validate = await sandbox.run(dir, ['validate'], sandbox.awsMirrorConfig);
    const findings = validateFindings(validate).map((f) => f.replace(/\bm(\d+)\//g, (_m, i: string) => `${aws[Number(i)][0]}/`));
    const canary = findings.filter((f) => f.includes('canary/main.tf.json'));
    expect(canary).toHaveLength(2);
    expect(canary).toEqual(expect.arrayContaining([expect.stringMatching(/Missing required argument.*"bucket"/), expect.stringMatching(/one of .*Sometimes/)]));
    expect(findings.filter((f) => !canary.includes(f))).toEqual([]);
  }, 180000);

  test('each argument set aside for validate is a 6.x addition the stacks really set (the list stays minimal)', () => {
    for (const a of AWS_6X_ONLY_ARGUMENTS) {
      // In the 6.x binding the stacks are built with (so a typo or a 5.x argument cannot hide here).
      const binding = readFileSync(require.resolve(`@cdktf/provider-aws/lib/${a.type.replace(/^aws_/, '').replace(/_/g, '-')}/index.js`), 'utf8');
      expect({ a, inBinding: binding.includes(`${a.argument}:`) }).toEqual({ a, inBinding: true });
      const used = Object.values(stacks).some((json) => Object.values(json.resource?.[a.type] ?? {}).some((r: any) => a.argument in r));
      expect({ a, used }).toEqual({ a, used: true });
    }
  });
});
