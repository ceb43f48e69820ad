/**
 * The policy aspect as users meet it: a violation fails synth with rule id, path and reason;
 * a suppression needs a written reason, covers one rule on one resource, and shows in the
 * synth output and in cdk.tf.json; every stack of the app runs the policy and the demos pass.
 */
import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Aspects, Testing, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { ConfigurationError } from '../lib/core/errors';
import { BUILT_IN_RULES, LangSmithPolicy, PolicyLevel, PolicyViolationError, rule, ruleTableMarkdown } from '../lib/core/policy';
import { buildApp, DEFAULT_DEPLOYMENTS_FILE, synthesize } from '../stacks/app';
import { loadDeployments, validateDeployments } from '../stacks/config';
import { applyPolicy } from '../stacks/policy';
import { demoOutdir, readManifestStacks } from './helpers';

// The demo stacks print their warnings through the default reporter; keep the test log clean.
process.env.LANGSMITH_POLICY_QUIET = '1';

const good = { location: 'US', uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced', versioning: { enabled: true }, lifecycle: { preventDestroy: true } };

function stackWith(build: (s: TerraformStack) => void, app: App = Testing.app()): { app: App; stack: TerraformStack; lines: string[] } {
  const stack = new TerraformStack(app, 'data');
  new GoogleProvider(stack, 'google', { project: 'p' });
  build(stack);
  const lines: string[] = [];
  Aspects.of(stack).add(new LangSmithPolicy({ reporter: (l) => lines.push(l) }));
  return { app, stack, lines };
}

function synthError(fn: () => unknown): PolicyViolationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyViolationError) return e;
    throw e;
  }
  throw new Error('synth did not fail');
}

describe('LangSmithPolicy aspect', () => {
  test('a violation fails app.synth() with rule id, construct path, address, reason and scanner ids', () => {
    const { app } = stackWith((s) => new StorageBucket(s, 'Traces', { ...good, name: 'acme-traces', publicAccessPrevention: 'inherited', uniformBucketLevelAccess: false }), new App({ outdir: mkdtempSync(join(tmpdir(), 'policy-')) }));
    const e = synthError(() => app.synth());
    expect(e).toBeInstanceOf(ConfigurationError);
    expect(e.violations.map((v) => v.ruleId)).toEqual(['LS-GCP-GCS-1', 'LS-GCP-GCS-2']);
    expect(e.message).toContain('2 violation(s) in data');
    expect(e.message).toContain('[LS-GCP-GCS-2] ERROR data/Traces (google_storage_bucket.Traces): public_access_prevention is inherited; required: public access prevention is enforced (public_access_prevention = "enforced") (CKV_GCP_114)');
    expect(e.message).toContain("LangSmithPolicy.suppress(resource, '<rule id>', '<written reason>')");
  });

  test('Testing.synth fails the same way, and a compliant stack synthesizes', () => {
    expect(() => Testing.synth(stackWith((s) => new StorageBucket(s, 'B', { ...good, name: 'b', versioning: undefined })).stack)).toThrow(/\[LS-GCP-GCS-3\] ERROR data\/B/);
    expect(JSON.parse(Testing.synth(stackWith((s) => new StorageBucket(s, 'B', { ...good, name: 'b' })).stack)).resource.google_storage_bucket.B.name).toBe('b');
  });

  test('a suppression with a reason lets synth pass, is printed, and is recorded in cdk.tf.json', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'policy-'));
    const { app, lines } = stackWith((s) => {
      const b = new StorageBucket(s, 'Scratch', { ...good, name: 'acme-scratch', versioning: undefined });
      LangSmithPolicy.suppress(b, 'LS-GCP-GCS-3', 'scratch objects are rebuilt nightly from the source of truth');
    }, new App({ outdir }));
    app.synth();
    expect(lines[0]).not.toMatch(/\] ERROR |SUPPRESSED/); // a passing synth prints nothing that reads like a failure
    expect(lines).toEqual(['policy data: [LS-GCP-GCS-3] suppressed data/Scratch (google_storage_bucket.Scratch), reason given: scratch objects are rebuilt nightly from the source of truth; rule (ERROR): versioning is on, or soft_delete_policy is set explicitly: object recovery is a decision, not the provider default']);
    const json = JSON.parse(readFileSync(join(outdir, 'stacks/data/cdk.tf.json'), 'utf8'));
    expect(json.resource.google_storage_bucket.Scratch['//'].policy_suppressions).toEqual({ 'LS-GCP-GCS-3': 'scratch objects are rebuilt nightly from the source of truth' });
    expect(json.resource.google_storage_bucket.Scratch.versioning).toBeUndefined();
  });

  test('a suppression covers one rule on one resource only', () => {
    const { stack } = stackWith((s) => {
      const a = new StorageBucket(s, 'A', { ...good, name: 'a', versioning: undefined, uniformBucketLevelAccess: false });
      new StorageBucket(s, 'B', { ...good, name: 'b', versioning: undefined });
      LangSmithPolicy.suppress(a, 'LS-GCP-GCS-3', 'scratch objects are rebuilt nightly');
    });
    const e = synthError(() => Testing.synth(stack));
    expect(e.violations.map((v) => `${v.ruleId} ${v.path}`)).toEqual(['LS-GCP-GCS-1 data/A', 'LS-GCP-GCS-3 data/B']);
  });

  test('suppress() refuses a missing or short reason, an unknown rule id and a whole subtree', () => {
    const { stack } = stackWith(() => undefined);
    const b = new StorageBucket(stack, 'B', { ...good, name: 'b' });
    expect(() => LangSmithPolicy.suppress(b, 'LS-GCP-GCS-3', 'because')).toThrow("data/B: field 'suppress(reason)' has value \"because\"; allowed: a written reason of at least 10 characters");
    expect(() => LangSmithPolicy.suppress(b, 'LS-GCP-GCS-3', '   ')).toThrow(ConfigurationError);
    expect(() => LangSmithPolicy.suppress(b, 'LS-GCP-GSC-3', 'scratch objects are rebuilt nightly')).toThrow("did you mean 'LS-GCP-GCS-3'?");
    expect(() => LangSmithPolicy.suppress(b, 'LS-AWS-S3-5', 'scratch objects are rebuilt nightly')).toThrow('the rule does not apply to google_storage_bucket; allowed: LS-GCP-GCS-1, LS-GCP-GCS-2, LS-GCP-GCS-3, LS-GCP-GCS-4, LS-TF-1');
    expect(() => LangSmithPolicy.suppress(b, 'versioning', 'scratch objects are rebuilt nightly')).toThrow(/allowed: a rule id such as LS-AWS-S3-1/);
    const group = new Construct(stack, 'Group');
    new StorageBucket(group, 'One', { ...good, name: 'one' });
    expect(() => LangSmithPolicy.suppress(group, 'LS-GCP-GCS-3', 'scratch objects are rebuilt nightly')).toThrow("data/Group: field 'suppress(construct)' has value \"Group\"; allowed: one Terraform resource");
  });

  test('a construct whose defaultChild is the resource can be suppressed (the L2 style)', () => {
    const { stack, lines } = stackWith((s) => {
      const wrapper = new Construct(s, 'Blob');
      new StorageBucket(wrapper, 'Resource', { ...good, name: 'b', versioning: undefined });
      LangSmithPolicy.suppress(wrapper, 'LS-GCP-GCS-3', 'versioning is handled by the backup job');
    });
    expect(() => Testing.synth(stack)).not.toThrow();
    expect(lines[0]).toContain('[LS-GCP-GCS-3] suppressed data/Blob/Resource');
  });

  test('warnings are printed without failing; warningsAsErrors makes them fail', () => {
    const build = (s: TerraformStack) => new StorageBucket(s, 'B', { ...good, name: 'b', lifecycle: { preventDestroy: false } });
    const { stack, lines } = stackWith(build);
    expect(() => Testing.synth(stack)).not.toThrow();
    expect(lines).toEqual([expect.stringMatching(/^policy data: \[LS-TF-1\] WARNING data\/B \(google_storage_bucket\.B\): lifecycle\.prevent_destroy is false \(deletionProtection: false\)/)]);
    const strict = new TerraformStack(Testing.app(), 'strict');
    build(strict);
    Aspects.of(strict).add(new LangSmithPolicy({ warningsAsErrors: true, reporter: () => undefined }));
    expect(synthError(() => Testing.synth(strict)).violations.map((v) => [v.ruleId, v.level])).toEqual([['LS-TF-1', PolicyLevel.WARNING]]);
  });

  test('an unused suppression is reported so it does not linger', () => {
    const { stack, lines } = stackWith((s) => LangSmithPolicy.suppress(new StorageBucket(s, 'B', { ...good, name: 'b' }), 'LS-GCP-GCS-3', 'kept from an older version'));
    Testing.synth(stack);
    expect(lines).toEqual(['policy data: [LS-GCP-GCS-3] unused suppression on data/B: the rule finds nothing there; remove the suppression']);
  });

  test('added to a construct inside a stack, the aspect checks that subtree only; custom rules run too', () => {
    const stack = new TerraformStack(Testing.app(), 'mixed');
    new GoogleProvider(stack, 'google', { project: 'p' });
    const mine = new Construct(stack, 'Mine');
    new StorageBucket(mine, 'Ok', { ...good, name: 'ok', labels: { team: 'x' } });
    new StorageBucket(stack, 'Theirs', { ...good, name: 'theirs', versioning: undefined });
    const labels = rule({ id: 'ACME-LABELS-1', types: 'google_storage_bucket', description: 'buckets carry a team label', check: (s) => (s.config.labels?.team ? undefined : 'no team label') });
    Aspects.of(mine).add(new LangSmithPolicy({ additionalRules: [labels], reporter: () => undefined }));
    expect(() => Testing.synth(stack)).not.toThrow();
    const other = new TerraformStack(Testing.app(), 'custom');
    new StorageBucket(other, 'NoLabel', { ...good, name: 'n' });
    Aspects.of(other).add(new LangSmithPolicy({ additionalRules: [labels], reporter: () => undefined }));
    expect(synthError(() => Testing.synth(other)).violations.map((v) => v.ruleId)).toEqual(['ACME-LABELS-1']);
    expect(() => new LangSmithPolicy({ additionalRules: [BUILT_IN_RULES[0]] })).toThrow(/unique rule ids/);
  });

  test('the README rule table lists every rule with its level and scanner ids', () => {
    const readme = readFileSync(join(__dirname, '../lib/core/policy/README.md'), 'utf8');
    // On failure: paste the output of ruleTableMarkdown() into lib/core/policy/README.md.
    expect(readme).toContain(ruleTableMarkdown());
  });

  test('rule ids are unique, and every rule says what it requires', () => {
    const ids = BUILT_IN_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(BUILT_IN_RULES.length).toBeGreaterThanOrEqual(40);
    for (const r of BUILT_IN_RULES) {
      expect(r.id).toMatch(/^LS-[A-Z0-9]+(-[A-Z0-9]+)*-\d+$/);
      expect(r.description.length).toBeGreaterThan(20);
      expect(r.resourceTypes.length).toBeGreaterThan(0);
    }
  });
});

describe('the app applies the policy to every stack', () => {
  test('applyPolicy adds the aspect once', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    applyPolicy(stack);
    applyPolicy(stack);
    expect(Aspects.of(stack).all.filter((a) => a instanceof LangSmithPolicy)).toHaveLength(1);
  });

  test('every stack of every demo deployment carries the policy and has zero violations', () => {
    const deployments = loadDeployments(DEFAULT_DEPLOYMENTS_FILE);
    const stacks = Object.values(buildApp(Testing.app(), deployments)).flatMap((s) => [s.infra, s.app]).filter((s): s is TerraformStack => !!s);
    expect(stacks.length).toBeGreaterThanOrEqual(deployments.length);
    // The rules read each stack's cdk.tf.json from the shared synth (global-setup.ts), as the aspect reads the JSON synth writes.
    const synthesized = Object.fromEntries(readManifestStacks(demoOutdir()).map((s) => [s.id, s.json]));
    expect(Object.keys(synthesized).sort()).toEqual(stacks.map((s) => s.node.id).sort());
    for (const stack of stacks) {
      expect(Aspects.of(stack).all.some((a) => a instanceof LangSmithPolicy)).toBe(true);
      const errors = LangSmithPolicy.evaluate(stack, BUILT_IN_RULES, synthesized[stack.node.id]).filter((f) => f.level === PolicyLevel.ERROR && f.suppressedBecause === undefined);
      expect({ stack: stack.node.id, errors }).toEqual({ stack: stack.node.id, errors: [] });
    }
  });

  // An escape-hatch override on a library construct is what a user would write; the policy
  // reads the synthesized configuration, so it catches it in every cloud's stack.
  test.each([
    ['aws', { region: 'us-west-2' }, 'aws_s3_bucket_public_access_block', 'block_public_policy', false, 'LS-AWS-S3-2'],
    ['gcp', { region: 'us-east1', project: 'acme-proj-123' }, 'google_storage_bucket', 'public_access_prevention', 'inherited', 'LS-GCP-GCS-2'],
    ['azure', { region: 'westeurope' }, 'azurerm_storage_account', 'allow_nested_items_to_be_public', true, 'LS-AZ-SA-3'],
  ])('cloud %s: an override that opens the bucket fails synth', (cloud, extra, type, attribute, value, ruleId) => {
    const deployments = validateDeployments({ deployments: [{ name: 'esc', mode: 'observability', cloud, ...extra }] }, 'test.yaml');
    const stacks = buildApp(Testing.app(), deployments);
    const infra = stacks.esc.infra!;
    expect(() => Testing.synth(infra)).not.toThrow();
    const resource = infra.node.findAll().find((c): c is TerraformResource => TerraformResource.isTerraformResource(c) && c.terraformResourceType === type)!;
    resource.addOverride(attribute, value);
    const e = synthError(() => Testing.synth(infra));
    expect(e.violations.map((v) => [v.ruleId, v.path])).toEqual([[ruleId, resource.node.path]]);
  });

  test('a violation in the app fails the whole synth and leaves no cdktf.out', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'policy-app-')), 'cdktf.out');
    const e = synthError(() => synthesize(DEFAULT_DEPLOYMENTS_FILE, outdir, (app, ds) => {
      const stacks = buildApp(app, ds.slice(0, 1)); // one deployment is enough to fail the whole synth
      const target = Object.values(stacks)[0].app;
      new GoogleProvider(target, 'google', { project: 'p' });
      new StorageBucket(target, 'Leaky', { name: 'leaky', location: 'US' });
      return stacks;
    }));
    expect(e.message).toMatch(/\[LS-GCP-GCS-2\] ERROR [a-z0-9-]+-app\/Leaky \(google_storage_bucket\.Leaky\)/);
    expect(existsSync(outdir)).toBe(false);
  });
});
