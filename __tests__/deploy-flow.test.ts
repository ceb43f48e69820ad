import { spawn, spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, isAbsolute, join, relative, resolve } from 'path';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { parse, stringify } from 'yaml';
import { configureBackend, localStatePath } from '../stacks/backend';
import { TerraformData } from '../lib/core/terraform-data';
import { synthesize } from '../stacks/app';
import type { DeploymentConfig } from '../stacks/config';
import { describeTerraform, inParallel, TERRAFORM_VERSION, TerraformSandbox } from './terraform';
import { cdktfCommands, checkStackSelection, StackInfo } from './cdktf-commands';
import { tempDir } from './helpers';

/**
 * The deploy flow as a user runs it, on deployment files the tests have never seen (generated
 * here with random names): where state goes with the default backend, that each app stack reads
 * the state file its infra stack writes (proven with the real terraform), that a stack's working
 * folder survives the next synth, that the real `cdktf synth` works after `npm run synth` of
 * another file, and that every cdktf command README.md and examples/ci tell users to run selects
 * stacks that exist.
 */
const repo = resolve(__dirname, '..');
const root = tempDir('deploy-flow-');
const tag = `t${Math.random().toString(36).slice(2, 7)}`;

/** A file of one deployment per cloud, default backend; `acme-obs` is the name README.md and examples/ci use. */
const FILE_A = {
  deployments: [
    { name: 'acme-obs', mode: 'observability', cloud: 'aws', region: 'us-west-2', size: 'dev', clickhouse: { type: 'in-cluster' } },
    { name: `${tag}-gcp`, mode: 'observability', cloud: 'gcp', region: 'us-central1', project: `${tag}-project`, size: 'dev' },
    { name: `${tag}-k8s`, mode: 'observability', cloud: 'kubernetes', size: 'dev' },
  ],
};
/** Another file: other names, state directories given relative (outside the project) and absolute. */
const FILE_B = {
  deployments: [
    { name: `${tag}-az`, mode: 'observability', cloud: 'azure', region: 'eastus2', size: 'dev', backend: { type: 'local', directory: `../${tag}-state` } },
    { name: `${tag}-aws`, mode: 'observability', cloud: 'aws', region: 'eu-west-1', size: 'dev', backend: { type: 'local', directory: join(root, 'abs-state') } },
  ],
};

function writeFile(name: string, content: unknown): string {
  const path = join(root, name);
  writeFileSync(path, stringify(content));
  return path;
}

const fileA = writeFile('a.yaml', FILE_A);
const fileB = writeFile('b.yaml', FILE_B);


/** Every stack of a synth: its id, JSON and dependencies (from manifest.json, as the cdktf CLI reads them). */
function readOutput(outdir: string): StackInfo[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  return Object.values(manifest.stacks as Record<string, any>).map((s) => ({
    name: s.name as string,
    dependencies: s.dependencies as string[],
    json: JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), 'utf8')),
  }));
}

/** Each file synthesized once, into its own output directory, for the tests that only read the output. */
const outA = join(root, 'a', 'cdktf.out');
const outB = join(root, 'b', 'cdktf.out');
let stacksA: StackInfo[];
let stacksB: StackInfo[];
beforeAll(() => {
  synthesize(fileA, outA);
  synthesize(fileB, outB);
  stacksA = readOutput(outA);
  stacksB = readOutput(outB);
});

describe('deploy flow: state with the default local backend', () => {
  let stacks: StackInfo[];
  beforeAll(() => {
    stacks = [...stacksA, ...stacksB];
  });

  test('every stack keeps its state at an absolute path outside cdktf.out: <cwd>/<backend.directory>/<stack>.tfstate', () => {
    const expected: Record<string, string> = {};
    for (const d of [...FILE_A.deployments, ...FILE_B.deployments]) {
      const dir = (d as any).backend?.directory ?? 'terraform.state';
      for (const suffix of d.cloud === 'kubernetes' ? ['app'] : ['infra', 'app']) expected[`${d.name}-${suffix}`] = resolve(process.cwd(), dir, `${d.name}-${suffix}.tfstate`);
    }
    const actual = Object.fromEntries(stacks.map((s) => [s.name, s.json.terraform.backend.local.path]));
    expect(actual).toEqual(expected);
    for (const path of Object.values(actual)) {
      expect(isAbsolute(path)).toBe(true);
      for (const outdir of [outA, outB]) expect(relative(outdir, path).startsWith('..')).toBe(true);
    }
  });

  test('every terraform_remote_state reads exactly the file the stack it names writes', () => {
    const writes = new Map(stacks.map((s) => [s.name, s.json.terraform.backend.local.path as string]));
    let reads = 0;
    for (const s of stacks) {
      for (const [name, r] of Object.entries((s.json.data?.terraform_remote_state ?? {}) as Record<string, any>)) {
        const producer = name.replace(/^cross-stack-reference-input-/, '');
        // Absolute: terraform resolves a relative path against each stack's own working folder.
        expect({ stack: s.name, name, backend: r.backend, path: r.config.path, absolute: isAbsolute(r.config.path) }).toEqual({ stack: s.name, name, backend: 'local', path: writes.get(producer), absolute: true });
        reads++;
      }
    }
    // Each app stack on a cloud reads its infra stack.
    expect(reads).toBe(stacks.filter((s) => s.name.endsWith('-infra')).length);
  });

  test('a state directory inside the synth output is refused, naming the field', () => {
    const file = writeFile('inside.yaml', { deployments: [{ name: `${tag}-in`, mode: 'observability', cloud: 'kubernetes', backend: { type: 'local', directory: 'cdktf.out/state' } }] });
    expect(() => synthesize(file, 'cdktf.out')).toThrow(/backend\.directory.*"cdktf\.out\/state".*outside the synth output/);
  });
});

describeTerraform('deploy flow: terraform itself finds the state', () => {
  let sandbox: TerraformSandbox;
  beforeAll(() => {
    sandbox = new TerraformSandbox();
  });
  afterAll(() => sandbox?.dispose());

  /**
   * Two stacks joined by a cdktf cross-stack reference, on the app's own local backend, applied
   * with the real terraform from inside cdktf.out/stacks/<stack> as the cdktf CLI runs it. Only
   * built-in resources (terraform_data, terraform_remote_state): no provider to download.
   */
  test('an app stack reads the outputs its infra stack wrote, run as the cdktf CLI runs terraform', async () => {
    const project = join(sandbox.root, 'project');
    mkdirSync(project);
    const outdir = join(project, 'cdktf.out');
    const cwd = process.cwd();
    process.chdir(project);
    try {
      const app = new App({ outdir, skipBackendValidation: true });
      const d = { name: `${tag}-flow`, backend: { type: 'local' } } as unknown as DeploymentConfig;
      const infra = new TerraformStack(app, `${d.name}-infra`);
      configureBackend(infra, d, infra.node.id);
      const value = new BuiltinData(infra, 'Value', `from-${tag}`);
      const appStack = new TerraformStack(app, `${d.name}-app`);
      configureBackend(appStack, d, appStack.node.id);
      new TerraformOutput(appStack, 'seen', { value: value.output });
      app.synth();
    } finally {
      process.chdir(cwd);
    }
    const stackDir = (id: string): string => join(outdir, 'stacks', `${tag}-flow-${id}`);
    for (const id of ['infra', 'app']) {
      const init = await sandbox.run(stackDir(id), ['init', '-input=false'], sandbox.emptyMirrorConfig);
      expect({ id, code: init.code, errors: init.diagnostics.filter((x) => x.severity === 'error').map((x) => x.summary) }).toEqual({ id, code: 0, errors: [] });
      const apply = await sandbox.run(stackDir(id), ['apply', '-auto-approve', '-input=false'], sandbox.emptyMirrorConfig);
      expect({ id, code: apply.code, errors: apply.diagnostics.filter((x) => x.severity === 'error').map((x) => `${x.summary}: ${x.detail}`) }).toEqual({ id, code: 0, errors: [] });
    }
    const output = spawnSync('terraform', ['output', '-raw', 'seen'], { cwd: stackDir('app'), encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: sandbox.emptyMirrorConfig } });
    expect(output.stdout).toBe(`from-${tag}`);
    // The state is where the backend says: in the project's terraform.state, not in cdktf.out.
    expect(readdirSync(join(project, 'terraform.state')).sort()).toEqual([`${tag}-flow-app.tfstate`, `${tag}-flow-infra.tfstate`]);
    expect(existsSync(join(stackDir('infra'), 'terraform.state'))).toBe(false);
  }, 60000);
});

/** The cdktf CLI runs still going (each its own process group: npx, node, terraform). */
const running = new Set<number>();
// A test that timed out leaves its CLI runs behind: end them (and their terraform) with the file.
afterAll(() => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Runs the real cdktf CLI in the project root and returns what it printed (colours off). */
function runCli(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('npx', ['cdktf', ...args], { cwd: repo, detached: true, env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid) running.add(child.pid);
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', reject);
    child.on('close', () => {
      if (child.pid) running.delete(child.pid);
      resolvePromise(output.replace(/\u001b\[[0-9;]*m/g, ''));
    });
  });
}

/** A `terraform_data` resource whose output another stack reads. */
class BuiltinData extends Construct {
  public readonly output: string;
  constructor(scope: Construct, id: string, input: string) {
    super(scope, id);
    const r = new TerraformData(this, 'Data', { triggersReplace: {} });
    r.addOverride('input', input);
    this.output = r.getStringAttribute('output');
  }
}

describe('deploy flow: working folders and switching deployments files', () => {
  const outdir = join(root, 'work', 'cdktf.out');
  const kept = ['.terraform/providers/marker', '.terraform.lock.hcl', 'plan.out'];

  test('a stack\'s .terraform, lock file and saved plan survive the next synth; its cdk.tf.json is replaced', () => {
    synthesize(fileA, outdir);
    const dir = join(outdir, 'stacks', 'acme-obs-infra');
    for (const f of kept) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), 'kept');
    }
    writeFileSync(join(dir, 'cdk.tf.json'), '{"stale": true}');
    synthesize(fileA, outdir);
    for (const f of kept) expect({ f, text: readFileSync(join(dir, f), 'utf8') }).toEqual({ f, text: 'kept' });
    expect(JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')).stale).toBeUndefined();
    expect(readdirSync(dirname(outdir))).toEqual(['cdktf.out']);
  });

  test('npm run synth of another file prunes the stacks no longer in it and lists only its own', () => {
    synthesize(fileB, outdir);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual([`${tag}-aws-app`, `${tag}-aws-infra`, `${tag}-az-app`, `${tag}-az-infra`]);
    expect(Object.keys(JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).stacks).sort()).toEqual(readdirSync(join(outdir, 'stacks')).sort());
  });

  /**
   * The real CLIs, in order: `npm run synth` of one file, then `npx cdktf synth` of another.
   * cdktf lists the stack folders before the synth and removes the ones the new manifest lacks
   * after it; the app used to delete the whole output first, and cdktf failed with ENOENT.
   */
  test('npx cdktf synth works after npm run synth of another deployments file, and keeps .terraform of a kept stack', () => {
    const out = join(root, 'cli', 'cdktf.out');
    const small = (name: string): string => writeFile(`${name}.yaml`, { deployments: [{ name: `${tag}-${name}`, mode: 'observability', cloud: 'kubernetes', size: 'dev' }, { name: `${tag}-both`, mode: 'observability', cloud: 'kubernetes', size: 'dev' }] });
    const env = { ...process.env, CHECKPOINT_DISABLE: '1', LANGSMITH_QUIET: '1', LANGSMITH_POLICY_QUIET: '1', CI: '1', FORCE_COLOR: '0' };
    const first = spawnSync('npm', ['run', 'synth', '--silent'], { cwd: repo, encoding: 'utf8', env: { ...env, LANGSMITH_DEPLOYMENTS: small('one'), CDKTF_OUTDIR: out } });
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
    mkdirSync(join(out, 'stacks', `${tag}-both-app`, '.terraform'));
    writeFileSync(join(out, 'stacks', `${tag}-both-app`, '.terraform', 'marker'), 'kept');
    const second = spawnSync('npx', ['cdktf', 'synth', '--output', out], { cwd: repo, encoding: 'utf8', env: { ...env, LANGSMITH_DEPLOYMENTS: small('two') } });
    expect({ status: second.status, enoent: /ENOENT/.test(second.stdout + second.stderr) }).toEqual({ status: 0, enoent: false });
    expect(readdirSync(join(out, 'stacks')).sort()).toEqual([`${tag}-both-app`, `${tag}-two-app`]);
    expect(readFileSync(join(out, 'stacks', `${tag}-both-app`, '.terraform', 'marker'), 'utf8')).toBe('kept');
  }, 180000);
});

describe('deploy flow: the cdktf commands README.md and examples/ci tell users to run', () => {
  // The README and the CI example deploy `acme-obs` (and say `<name>`): FILE_A has it.
  let stacks: StackInfo[];
  beforeAll(() => {
    stacks = stacksA;
  });

  const readme = cdktfCommands('README.md', readFileSync(join(repo, 'README.md'), 'utf8'), { '<name>': 'acme-obs' });
  const workflow = parse(readFileSync(join(repo, 'examples', 'ci', 'github-actions.yml'), 'utf8'));
  const ci = cdktfCommands('examples/ci/github-actions.yml', workflow, { '<name>': 'acme-obs' });

  test('the sources tell users to run cdktf commands (the parser finds them)', () => {
    expect(readme.map((c) => c.verb)).toEqual(expect.arrayContaining(['deploy', 'output', 'destroy']));
    // The CI example plans and applies with plain terraform (a saved plan); cdktf only diffs.
    expect(ci.map((c) => c.verb)).toEqual(expect.arrayContaining(['diff']));
  });

  test('README.md: every cdktf command selects existing stacks, as cdktf 0.21 selects them', () => {
    expect(readme.flatMap((c) => checkStackSelection(c, stacks))).toEqual([]);
  });

  /**
   * Fails on the workflow of main before issue 19's rewrite of examples/ci: its diff step runs
   * `npx cdktf diff "${DEPLOYMENT}-*"`, and cdktf 0.21 `diff` takes exactly one stack by its
   * exact name ("Could not find stack: acme-obs-*"). Turns green when that rewrite lands.
   */
  test('examples/ci/github-actions.yml: every cdktf command selects existing stacks (`diff` takes exactly one stack name, no glob; see issue 19)', () => {
    expect(ci.flatMap((c) => checkStackSelection(c, stacks))).toEqual([]);
  });

  /**
   * The real cdktf CLI on every `diff` the sources give (and on one exact stack name): it refuses
   * a selection exactly when the check above does, and otherwise gets past stack selection to
   * `terraform init`, which stops offline at "provider not found" (empty mirror).
   */
  (TERRAFORM_VERSION ? test : test.skip)('the real `cdktf diff` agrees with the check and, on a good selection, reaches terraform init', async () => {
    const sandbox = new TerraformSandbox();
    try {
      const diffs = [...readme, ...ci].filter((c) => c.verb === 'diff');
      const commands = [...diffs, { source: 'exact name', line: 'npx cdktf diff acme-obs-infra', verb: 'diff', stacks: ['acme-obs-infra'], flags: [] }];
      // One at a time: several commands name the same stack, and two `terraform init` in one
      // working folder at once race each other (a flake seen in a CI run under load).
      const runs = await inParallel(commands, 1, (c) => runCli(['diff', ...c.stacks, '--skip-synth', '--output', outA], { TF_CLI_CONFIG_FILE: sandbox.emptyMirrorConfig }));
      commands.forEach((c, i) => {
        const refused = /Could not find stack|Found more than one stack/.test(runs[i]);
        const reachedInit = /Failed to query available provider packages|was not found in any of the search locations/.test(runs[i]);
        const expected = checkStackSelection(c, stacksA).length > 0;
        // On a mismatch, the CLI's own words show why.
        const tail = refused === expected && reachedInit === !expected ? '' : runs[i].slice(-1500);
        expect({ line: c.line, source: c.source, refused, reachedInit, tail }).toEqual({ line: c.line, source: c.source, refused: expected, reachedInit: !expected, tail: '' });
      });
    } finally {
      sandbox.dispose();
    }
  }, 240000);

  test('the selection check refuses what cdktf refuses', () => {
    const cmd = (line: string) => cdktfCommands('t', `\`\`\`bash\n${line}\n\`\`\``, {})[0];
    expect(checkStackSelection(cmd("npx cdktf diff 'acme-obs-*'"), stacks)).toEqual([expect.stringMatching(/Could not find stack: acme-obs-\*/)]);
    expect(checkStackSelection(cmd('npx cdktf diff'), stacks)).toEqual([expect.stringMatching(/more than one stack/)]);
    expect(checkStackSelection(cmd('npx cdktf diff acme-obs-app'), stacks)).toEqual([]);
    expect(checkStackSelection(cmd('npx cdktf deploy acme-obs-app'), stacks)).toEqual([expect.stringMatching(/depends on acme-obs-infra/)]);
    expect(checkStackSelection(cmd('npx cdktf destroy acme-obs-infra'), stacks)).toEqual([expect.stringMatching(/acme-obs-app depends on/)]);
    expect(checkStackSelection(cmd("npx cdktf deploy 'nope-*' --auto-approve"), stacks)).toEqual([expect.stringMatching(/Could not find stack for pattern 'nope-\*'/)]);
  });
});

// Guard against a stale helper: localStatePath is what both sides of a remote-state read name.
test('localStatePath resolves the directory against the working directory', () => {
  expect(localStatePath('x-app', 'terraform.state', '/p')).toBe('/p/terraform.state/x-app.tfstate');
  expect(localStatePath('x-app', '/abs/state', '/p')).toBe('/abs/state/x-app.tfstate');
  expect(localStatePath('x-app', '../up', '/p/q')).toBe('/p/up/x-app.tfstate');
});
