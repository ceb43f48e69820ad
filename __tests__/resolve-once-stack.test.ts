import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Aspects, Fn, IAspect, TerraformCount, TerraformHclModule, TerraformIterator, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
import { Pet } from '@cdktf/provider-random/lib/pet';
import { IConstruct } from 'constructs';
import { StringResource } from '@cdktf/provider-random/lib/string-resource';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { READ_ONLY_ASPECT, ResolveOnceStack } from '../lib/core/resolve-once-stack';
import { DEFAULT_DEPLOYMENTS_FILE, synthesize, SynthResult } from '../stacks/app';
import { readStackJson, summarize } from '../stacks/summary';

/** Every file of a synthesized output directory, by relative path. */
function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out[p] = readFileSync(join(dir, p), 'utf8');
    }
  };
  walk('');
  return out;
}

/** Runs `fn` with LANGSMITH_RESOLVE_ONCE set to `value` (undefined: unset). */
function withResolveOnce<T>(value: string | undefined, fn: () => T): T {
  const before = process.env.LANGSMITH_RESOLVE_ONCE;
  if (value === undefined) delete process.env.LANGSMITH_RESOLVE_ONCE;
  else process.env.LANGSMITH_RESOLVE_ONCE = value;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.LANGSMITH_RESOLVE_ONCE;
    else process.env.LANGSMITH_RESOLVE_ONCE = before;
  }
}

type StackClass = new (scope: App, id: string) => TerraformStack;

/** Builds an app with `build` on stacks of class `Stack`, synthesizes it, and returns its files. */
function synthFiles(build: (app: App, Stack: StackClass) => unknown, Stack: StackClass): Record<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), 'synth-'));
  const app = new App({ outdir, skipBackendValidation: true });
  build(app, Stack);
  app.synth();
  return filesOf(outdir);
}

/** Two stacks, the second referencing the first, with overrides (a token, a deletion) and outputs. */
function buildPair(app: App, Stack: StackClass) {
  const a = new Stack(app, 'a');
  new RandomProvider(a, 'random');
  const name = new StringResource(a, 'name', { length: 12, special: false });
  const v = new TerraformVariable(a, 'suffix', { type: 'string', default: 'x' });
  new TerraformOutput(a, 'name_out', { value: Fn.upper(name.result) });
  a.addOverride('locals.joined', `${name.result}-${v.stringValue}`);
  const b = new Stack(app, 'b');
  new RandomProvider(b, 'random');
  const other = new StringResource(b, 'other', { length: 8, keepers: { from: name.result } });
  other.addOverride('lower', false);
  other.addOverride('keepers.drop', undefined);
  new TerraformOutput(b, 'from_a', { value: name.id });
  return { a, b, name, other };
}

/** The demos, synthesized once by the app's own path (ResolveOnceStack on). */
let demos: SynthResult;
beforeAll(() => {
  demos = withResolveOnce(undefined, () => synthesize(DEFAULT_DEPLOYMENTS_FILE, join(mkdtempSync(join(tmpdir(), 'once-')), 'cdktf.out')));
});

describe('ResolveOnceStack', () => {
  test('every demo stack synthesizes byte for byte as with cdktf\'s own two-pass synth', () => {
    const a = filesOf(demos.outdir);
    const b = filesOf(withResolveOnce('off', () => synthesize(DEFAULT_DEPLOYMENTS_FILE, join(mkdtempSync(join(tmpdir(), 'twice-')), 'cdktf.out'))).outdir);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(Object.keys(a).filter((f) => f.endsWith('cdk.tf.json')).length).toBe(34);
    for (const f of Object.keys(a)) expect({ f, text: a[f] }).toEqual({ f, text: b[f] });
    // The demos do exercise what differs between the two paths: cross-stack references and overrides.
    expect(Object.values(a).some((t) => t.includes('cross-stack-output-'))).toBe(true);
    expect(Object.values(demos.json).some((j) => j['//'].metadata.overrides)).toBe(true);
  });

  test('cross-stack references, overrides (a token, a deletion) and outputs come out as with TerraformStack', () => {
    const ours = synthFiles(buildPair, ResolveOnceStack);
    expect(ours).toEqual(synthFiles(buildPair, TerraformStack));
    const b = JSON.parse(ours['stacks/b/cdk.tf.json']);
    expect(b.resource.random_string.other.keepers).toEqual({ from: expect.stringMatching(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-a\.outputs\./) });
    expect(b.resource.random_string.other.lower).toBe(false);
    const a = JSON.parse(ours['stacks/a/cdk.tf.json']);
    expect(a.locals.joined).toBe('${random_string.name.result}-${var.suffix}');
  });

  test('iterators, count, modules, locals, imports, moves, provisioners and lifecycle come out as with TerraformStack', () => {
    const build = (app: App, Stack: StackClass) => {
      const s = new Stack(app, 'features');
      new RandomProvider(s, 'random');
      const names = new TerraformVariable(s, 'names', { type: 'list(string)', default: ['a', 'b'] });
      const it = TerraformIterator.fromList(names.listValue);
      const each = new StringResource(s, 'each', { forEach: it, length: 8, keepers: { name: it.value } });
      const counted = new StringResource(s, 'counted', { count: TerraformCount.of(2), length: 6, lifecycle: { createBeforeDestroy: true, ignoreChanges: ['keepers'] } });
      counted.addOverride('keepers', { index: '${count.index}' });
      const pet = new Pet(s, 'pet', { dependsOn: [each], prefix: Fn.join('-', ['x', Fn.lower(counted.fqn)]) });
      pet.importFrom('pet-id');
      const moved = new Pet(s, 'moved', { length: 2 });
      moved.addMoveTarget('here');
      new Pet(s, 'moved-from', { length: 2 }).moveTo('here');
      new TerraformLocal(s, 'joined', Fn.join(',', Token.asList(Fn.tolist([pet.id, each.fqn]))));
      new TerraformHclModule(s, 'mod', { source: 'terraform-aws-modules/vpc/aws', version: '5.0.0', variables: { name: pet.id, names: names.listValue } });
      new Pet(s, 'provisioned', { provisioners: [{ type: 'local-exec', command: 'echo hi' }] });
      new TerraformOutput(s, 'ids', { value: Fn.toset([pet.id]), precondition: { condition: `\${length(${pet.id}) > 0}`, errorMessage: 'empty' } });
    };
    const ours = synthFiles(build, ResolveOnceStack);
    expect(ours).toEqual(synthFiles(build, TerraformStack));
    const json = JSON.parse(ours['stacks/features/cdk.tf.json']);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['locals', 'module', 'import', 'moved', 'output', 'resource']));
  });

  test('resolves each element once per synth (cdktf resolves it twice)', () => {
    const count = (Stack: StackClass) => {
      const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'count-')), skipBackendValidation: true });
      const { name } = buildPair(app, Stack);
      const spy = jest.spyOn(name, 'toTerraform');
      app.synth();
      return spy.mock.calls.length;
    };
    expect(count(TerraformStack)).toBe(2);
    expect(count(ResolveOnceStack)).toBe(1);
  });

  test('an aspect that changes elements makes it fall back to two passes, and the change is synthesized', () => {
    class Lengthen implements IAspect {
      visit(node: IConstruct) {
        if (node instanceof StringResource) node.length = 40;
      }
    }
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'aspect-')), skipBackendValidation: true });
    const { a, name } = buildPair(app, ResolveOnceStack);
    Aspects.of(a).add(new Lengthen());
    const spy = jest.spyOn(name, 'toTerraform');
    app.synth();
    expect(spy.mock.calls.length).toBe(2);
    expect(JSON.parse(readFileSync(join(app.outdir, 'stacks', a.node.id, 'cdk.tf.json'), 'utf8')).resource.random_string.name.length).toBe(40);
  });

  test('a read-only aspect (such as the policy) keeps the single pass', () => {
    const seen: string[] = [];
    const reader: IAspect & { [READ_ONLY_ASPECT]: boolean } = { [READ_ONLY_ASPECT]: true, visit: (n) => void seen.push(n.node.path) };
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'ro-')), skipBackendValidation: true });
    const { name } = buildPair(app, ResolveOnceStack);
    Aspects.of(name).add(reader);
    const spy = jest.spyOn(name, 'toTerraform');
    app.synth();
    expect(seen).toContain(name.node.path);
    expect(spy.mock.calls.length).toBe(1);
  });

  test('LANGSMITH_RESOLVE_ONCE=off, and Testing.synth (no prepare pass), use cdktf\'s own synth', () => {
    withResolveOnce('off', () => {
      const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'off-')), skipBackendValidation: true });
      const { name } = buildPair(app, ResolveOnceStack);
      const spy = jest.spyOn(name, 'toTerraform');
      app.synth();
      expect(spy.mock.calls.length).toBe(2);
    });
    const stack = new ResolveOnceStack(Testing.app(), 'alone');
    new RandomProvider(stack, 'random');
    new StringResource(stack, 'name', { length: 5 });
    expect(JSON.parse(Testing.synth(stack)).resource.random_string.name.length).toBe(5);
    // A second synth of the same app is not served from the first one's prepare pass.
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'twice-')), skipBackendValidation: true });
    const { a, name } = buildPair(app, ResolveOnceStack);
    app.synth();
    name.length = 33;
    expect(a.toTerraform().resource.random_string.name.length).toBe(33);
  });
});

describe('the synth summary', () => {
  test('reads the stacks synth produced in memory, and prints what reading cdktf.out back would', () => {
    const { outdir, json } = demos;
    expect(Object.keys(json).length).toBe(34);
    for (const [id, j] of Object.entries(json)) expect({ id, j }).toEqual({ id, j: readStackJson(outdir, id) });
    const fromMemory = summarize(outdir, demos.deployments, demos.stacks, undefined, (id) => json[id]);
    expect(fromMemory).toBe(summarize(outdir, demos.deployments, demos.stacks));
    expect(fromMemory).toContain('resources:');
  });
});
