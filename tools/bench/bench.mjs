#!/usr/bin/env node
/**
 * `npm run bench`: how long users wait on this project, against the same-work floor (issue 10).
 *
 * 1. Synthesizes every deployment of the deployments file (stacks/deployments.yaml, or
 *    LANGSMITH_DEPLOYMENTS, or --deployments) with `npm run synth`, exactly as a user runs it,
 *    into a scratch directory (the working tree's cdktf.out is never touched).
 * 2. Builds the floor from that output (tools/bench/floor.mjs): the same stacks, providers,
 *    resource and data-source types and counts, straight from the provider bindings, nothing of
 *    ours, synthesized by plain `node`.
 * 3. Runs both N times (default 5), alternating which goes first, after one untimed warm-up of
 *    each; measures every run's wall time (spawn to exit, the user's whole wait) and peak memory:
 *    max RSS of the largest process (what `/usr/bin/time -v` reports) and the peak of the summed
 *    RSS of the whole process tree (npm + sh + node for `npm run`; sampled from /proc).
 * 4. Reports medians and ratios synth / floor, the first synth after a fresh clone (empty
 *    page cache), `npm test` wall time, and the install size (node_modules, the providers' share).
 *
 * Output: a table on stdout and JSON in bench-results.json (gitignored).
 *
 *   npm run bench [-- --runs 9] [-- --skip-tests] [-- --variants] [-- --json FILE]
 *   --runs N          timed runs of each (default 5)
 *   --skip-tests      do not time `npm test`
 *   --skip-install    do not measure node_modules
 *   --variants        also time other ways to run the same app (tsx, the compiled app in dist)
 *   --shapes          also compare on deployment files that are not the demos (one per cloud, a mix)
 *   --deployments F   the deployments file (default: LANGSMITH_DEPLOYMENTS or stacks/deployments.yaml)
 *   --json FILE       where to write the JSON (default bench-results.json)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FLOOR = join(ROOT, 'tools', 'bench', 'floor.mjs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function parseArgs(argv) {
  const a = { runs: 5, tests: true, install: true, variants: false, shapes: false, deployments: undefined, json: join(ROOT, 'bench-results.json') };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--runs') a.runs = Number(argv[++i]);
    else if (x === '--skip-tests') a.tests = false;
    else if (x === '--skip-install') a.install = false;
    else if (x === '--variants') a.variants = true;
    else if (x === '--shapes') a.shapes = true;
    else if (x === '--deployments') a.deployments = resolve(argv[++i]);
    else if (x === '--json') a.json = resolve(argv[++i]);
    else if (x === '--help' || x === '-h') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith(' *   ')).map((l) => l.slice(3)).join('\n') + '\n');
      process.exit(0);
    } else throw new Error(`bench: unknown argument ${x}`);
  }
  if (!Number.isInteger(a.runs) || a.runs < 1) throw new Error(`bench: --runs must be an integer >= 1, got ${a.runs}`);
  return a;
}

export const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** RSS in KiB of every process, and its parent, from /proc (Linux); empty elsewhere. */
function processTable() {
  const table = new Map();
  let pids;
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return table;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(pid), { ppid: Number(fields[1]), rssKb: Number(fields[21]) * 4 });
    } catch {
      // exited meanwhile
    }
  }
  return table;
}

function rssKb(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[21]) * 4;
  } catch {
    return 0;
  }
}

/**
 * Samples the summed RSS of `root`'s descendants (not `root` itself when it is /usr/bin/time):
 * a full /proc scan every 100 ms finds new processes, known ones are read every 20 ms.
 */
function treeSampler(root, includeRoot) {
  const known = new Set(includeRoot ? [root] : []);
  let peakSum = 0;
  let peakOne = 0;
  const scan = () => {
    const t = processTable();
    let grew = true;
    const tree = new Set([root]);
    while (grew) {
      grew = false;
      for (const [pid, p] of t) if (!tree.has(pid) && tree.has(p.ppid)) { tree.add(pid); grew = true; }
    }
    for (const pid of tree) if (pid !== root || includeRoot) known.add(pid);
  };
  const sample = () => {
    let sum = 0;
    for (const pid of known) {
      const r = rssKb(pid);
      sum += r;
      if (r > peakOne) peakOne = r;
    }
    if (sum > peakSum) peakSum = sum;
  };
  scan();
  const a = setInterval(scan, 100);
  const b = setInterval(sample, 20);
  return {
    stop() {
      clearInterval(a);
      clearInterval(b);
      return { treeKb: peakSum, largestKb: peakOne };
    },
  };
}

/** Runs a command once; returns wall seconds, max RSS of its largest process and of the tree. */
function measure(cmd, args, env, { quiet = true } = {}) {
  return new Promise((resolvePromise, reject) => {
    const timeFile = join(os.tmpdir(), `bench-time-${process.pid}-${Date.now()}`);
    const argv = TIME ? ['-f', '%M', '-o', timeFile, cmd, ...args] : args;
    const start = process.hrtime.bigint();
    const child = spawn(TIME ?? cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'pipe'] });
    const sampler = treeSampler(child.pid, !TIME);
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('exit', (code) => {
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      const { treeKb, largestKb } = sampler.stop();
      let maxRssKb = largestKb;
      if (TIME) {
        try {
          maxRssKb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
        } catch {
          // keep the sampled value
        }
        rmSync(timeFile, { force: true });
      }
      if (code !== 0) reject(new Error(`bench: ${cmd} ${args.join(' ')} exited ${code}\n${stderr}`));
      else resolvePromise({ wall, maxRssKb, treeKb: Math.max(treeKb, maxRssKb) });
    });
  });
}

/** Stack, resource and data-source counts of a synthesized output directory. */
function countOutput(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  let resources = 0;
  let dataSources = 0;
  for (const s of Object.values(manifest.stacks)) {
    const j = JSON.parse(readFileSync(join(dir, s.synthesizedStackPath), 'utf8'));
    for (const byName of Object.values(j.resource ?? {})) resources += Object.keys(byName).length;
    for (const byName of Object.values(j.data ?? {})) dataSources += Object.keys(byName).length;
  }
  return { stacks: Object.keys(manifest.stacks).length, resources, dataSources };
}

/** Bytes under a directory (apparent size), without following links. */
function duBytes(dir) {
  const r = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
  if (r.status === 0) return Number(r.stdout.split(/\s/)[0]);
  let total = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else total += lstatSync(p).size;
    }
  };
  walk(dir);
  return total;
}

function installSize() {
  const nm = join(ROOT, 'node_modules');
  if (!existsSync(nm)) return undefined;
  // node_modules/.cache holds what synth and tests cache (not installed by npm): reported apart.
  const cacheBytes = existsSync(join(nm, '.cache')) ? duBytes(join(nm, '.cache')) : 0;
  const total = duBytes(nm) - cacheBytes;
  const providers = readdirSync(join(nm, '@cdktf')).filter((d) => d.startsWith('provider-') && d !== 'provider-generator' && d !== 'provider-schema');
  const providerBytes = providers.reduce((s, p) => s + duBytes(join(nm, '@cdktf', p)), 0);
  const packages = [];
  for (const e of readdirSync(nm)) {
    if (e.startsWith('.')) continue;
    const names = e.startsWith('@') ? readdirSync(join(nm, e)).map((x) => `${e}/${x}`) : [e];
    for (const n of names) if (!providers.includes(n.replace('@cdktf/', '')) || !n.startsWith('@cdktf/')) packages.push(n);
  }
  const biggest = packages
    .filter((n) => !(n.startsWith('@cdktf/provider-') && providers.includes(n.slice('@cdktf/'.length))))
    .map((n) => [n, duBytes(join(nm, n))])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
  return { totalBytes: total, providerBytes, providers, otherBytes: total - providerBytes, cacheBytes, biggestOthers: biggest.map(([name, bytes]) => ({ name, bytes })) };
}

const mb = (kb) => (kb / 1024).toFixed(0);
const gb = (b) => (b / 1024 ** 3).toFixed(2);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function summarize(runs) {
  return {
    runs,
    wall: median(runs.map((r) => r.wall)),
    maxRssKb: median(runs.map((r) => r.maxRssKb)),
    treeKb: median(runs.map((r) => r.treeKb)),
  };
}

/** The node arguments of package.json's synth script (`node <args>`): the same run without npm. */
function synthNodeArgs() {
  const script = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.synth;
  const words = script.trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`bench: the synth script is not 'node ...': ${script}`);
  return words.slice(1);
}

/**
 * Deployment files that are not the demos (--shapes): the ratio must hold for what users
 * write, not only for stacks/deployments.yaml. One deployment per cloud and mode mix.
 */
export const SHAPES = {
  'aws observability': [{ name: 'shape-aws', mode: 'observability', cloud: 'aws', region: 'eu-central-1', size: 'medium', hostname: 'ls.shape.example.com', clickhouse: { type: 'langsmith-managed', connectivity: 'private-link', endpointService: 'com.amazonaws.vpce.eu-central-1.vpce-svc-0123456789abcdef0', host: 'x.eu-central-1.vpce.aws.clickhouse.cloud' } }],
  'gcp full-platform': [{ name: 'shape-gcp', mode: 'full-platform', cloud: 'gcp', region: 'us-west1', project: 'shape-ls', size: 'small', hostname: 'ls.shape.example.dev' }],
  'azure standalone': [{ name: 'shape-az', mode: 'standalone', cloud: 'azure', region: 'northeurope', size: 'small', agentServer: { image: 'acme.azurecr.io/agent:1.0.0' }, azure: { acrIds: ['/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-registry/providers/Microsoft.ContainerRegistry/registries/acme'] } }],
  'kubernetes observability': [{ name: 'shape-k8s', mode: 'observability', cloud: 'kubernetes', size: 'dev' }],
  'mix of 4 (one per cloud)': [
    { name: 'mix-aws', mode: 'observability', cloud: 'aws', region: 'us-east-2', size: 'small' },
    { name: 'mix-gcp', mode: 'observability', cloud: 'gcp', region: 'asia-east1', project: 'mix-ls', size: 'small' },
    { name: 'mix-az', mode: 'full-platform', cloud: 'azure', region: 'uksouth', size: 'medium', hostname: 'ls.mix.example.co.uk' },
    { name: 'mix-k8s', mode: 'standalone', cloud: 'kubernetes', size: 'dev', agentServer: { image: 'ghcr.io/acme/agent:1.0.0' } },
  ],
};

/**
 * Times `npm run synth`, `node -r register.cjs` (no npm) and the floor on one deployments
 * file: one untimed warm-up each, then `runs` alternating rounds. Returns medians.
 */
async function compareOn(file, scratch, runs, log) {
  const synthOut = join(scratch, 'synth');
  const floorOut = join(scratch, 'floor');
  const env = { CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: synthOut, ...(file ? { LANGSMITH_DEPLOYMENTS: file } : {}) };
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const synth = () => measure(npm, ['run', '--silent', 'synth'], env);
  const direct = () => measure(process.execPath, synthNodeArgs(), env);
  const floor = () => measure(process.execPath, [FLOOR, '--in', synthOut, '--out', floorOut], {});
  await synth();
  const counts = countOutput(synthOut);
  await direct();
  await floor();
  const s = [];
  const d = [];
  const f = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? [[s, synth], [d, direct], [f, floor]] : [[f, floor], [d, direct], [s, synth]];
    for (const [into, run] of order) into.push(await run());
  }
  const r = { counts, synth: summarize(s), direct: summarize(d), floor: summarize(f) };
  log(`bench: ${counts.stacks} stacks, ${counts.resources} resources: synth ${r.synth.wall.toFixed(3)} s, node ${r.direct.wall.toFixed(3)} s, floor ${r.floor.wall.toFixed(3)} s`);
  return r;
}

/** npm's own start: `npm run` of a script that is `node -e 0`, minus `node -e 0`. */
async function npmStart(runs) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const withNpm = [];
  const bare = [];
  for (let i = 0; i < runs; i++) {
    withNpm.push(await measure(npm, ['run', '--silent', 'bench:node-start'], {}));
    bare.push(await measure(process.execPath, ['-e', '0'], {}));
  }
  return { npmRun: summarize(withNpm).wall, node: summarize(bare).wall };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(join(os.tmpdir(), 'langsmith-bench-'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const log = (s) => process.stderr.write(`${s}\n`);
  const env = { CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: join(scratch, 'cold'), ...(args.deployments ? { LANGSMITH_DEPLOYMENTS: args.deployments } : {}) };

  try {
    // The first synth of this bench (nothing of ours is cached between runs any more).
    log('bench: first synth ...');
    const cold = await measure(npm, ['run', '--silent', 'synth'], env);
    log('bench: the deployments file, alternating runs ...');
    const measured = await compareOn(args.deployments, mkdtempSync(join(scratch, 'main-')), args.runs, log);
    const { counts } = measured;
    const synthM = measured.synth;
    const floorM = measured.floor;

    const variants = [];
    if (args.variants) {
      const local = (bin) => join(ROOT, 'node_modules', '.bin', bin);
      const options = [
        ['the packaged app: node dist/stacks/cli.js (after npm run build)', process.execPath, [join(ROOT, 'dist', 'stacks', 'cli.js'), 'synth'], { ...env, LANGSMITH_DEPLOYMENTS: args.deployments || join(ROOT, 'stacks', 'deployments.yaml') }],
        ['tsx stacks/main.ts', local('tsx'), ['stacks/main.ts'], env],
      ];
      for (const [name, cmd, argv, e] of options) {
        if (!existsSync(cmd) && cmd !== npm && cmd !== process.execPath) continue;
        log(`bench: variant ${name} ...`);
        await measure(cmd, argv, e);
        const runs = [];
        for (let i = 0; i < Math.min(args.runs, 3); i++) runs.push(await measure(cmd, argv, e));
        variants.push({ name, ...summarize(runs) });
      }
    }

    let shapes;
    if (args.shapes) {
      shapes = [];
      const { stringify } = createRequire(join(ROOT, 'package.json'))('yaml');
      for (const [name, deployments] of Object.entries(SHAPES)) {
        log(`bench: shape ${name} ...`);
        const file = join(scratch, `${name.replace(/\W+/g, '-')}.yaml`);
        writeFileSync(file, stringify({ deployments }));
        const dir = mkdtempSync(join(scratch, 'shape-'));
        shapes.push({ name, ...(await compareOn(file, dir, args.runs, log)) });
      }
    }
    const npmOwn = await npmStart(Math.max(3, args.runs));

    let tests;
    if (args.tests) {
      log('bench: npm test ...');
      const start = process.hrtime.bigint();
      const r = spawnSync(npm, ['test', '--silent'], { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const summary = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /^(Tests|Test Suites):/.test(l.trim())).map((l) => l.trim());
      tests = { wall: Number(process.hrtime.bigint() - start) / 1e9, exitCode: r.status, summary };
    }
    const install = args.install ? installSize() : undefined;

    const machine = {
      cpus: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
      node: process.version,
      npm: spawnSync(npm, ['--version'], { encoding: 'utf8' }).stdout.trim(),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    };
    const result = {
      date: new Date().toISOString(),
      machine,
      deployments: args.deployments ?? process.env.LANGSMITH_DEPLOYMENTS ?? 'stacks/deployments.yaml',
      output: counts,
      runs: args.runs,
      synth: synthM,
      direct: measured.direct,
      floor: floorM,
      ratio: { wall: synthM.wall / floorM.wall, maxRss: synthM.maxRssKb / floorM.maxRssKb, treeRss: synthM.treeKb / floorM.treeKb },
      coldSynth: cold,
      npmStart: npmOwn,
      shapes,
      variants,
      tests,
      install,
    };
    writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);

    const out = [];
    out.push(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, node ${machine.node}, npm ${machine.npm}`);
    out.push(`output:  ${counts.stacks} stacks, ${counts.resources} resources, ${counts.dataSources} data sources; median of ${args.runs} alternating runs`);
    out.push('');
    out.push(`${pad('', 34)}${lpad('wall s', 9)}${lpad('max RSS MB', 12)}${lpad('tree RSS MB', 13)}`);
    const row = (name, m) => out.push(`${pad(name, 34)}${lpad(m.wall.toFixed(3), 9)}${lpad(mb(m.maxRssKb), 12)}${lpad(mb(m.treeKb), 13)}`);
    row('npm run synth', synthM);
    row('node (the synth script without npm)', measured.direct);
    row('floor (node floor.mjs)', floorM);
    out.push(`${pad('ratio synth / floor (target 1.30)', 34)}${lpad(result.ratio.wall.toFixed(2), 9)}${lpad(result.ratio.maxRss.toFixed(2), 12)}${lpad(result.ratio.treeRss.toFixed(2), 13)}`);
    row('npm run synth, first run (cold)', cold);
    for (const v of variants) row(v.name, v);
    out.push(`${pad("npm's own start (npm run - node)", 34)}${lpad((npmOwn.npmRun - npmOwn.node).toFixed(3), 9)}`);
    if (shapes) {
      out.push('');
      out.push('other deployment files (--shapes): wall s, median; ratio to the floor; max RSS ratio');
      out.push(`${pad('', 28)}${lpad('res', 5)}${lpad('floor', 7)}${lpad('npm run', 9)}${lpad('ratio', 7)}${lpad('node', 7)}${lpad('ratio', 7)}${lpad('RSS', 6)}`);
      for (const x of shapes) {
        out.push(`${pad(x.name, 28)}${lpad(x.counts.resources, 5)}${lpad(x.floor.wall.toFixed(3), 7)}${lpad(x.synth.wall.toFixed(3), 9)}${lpad((x.synth.wall / x.floor.wall).toFixed(2), 7)}${lpad(x.direct.wall.toFixed(3), 7)}${lpad((x.direct.wall / x.floor.wall).toFixed(2), 7)}${lpad((x.synth.maxRssKb / x.floor.maxRssKb).toFixed(2), 6)}`);
      }
    }
    if (tests) out.push(`${pad('npm test', 34)}${lpad(tests.wall.toFixed(1), 9)}   exit ${tests.exitCode} ${tests.summary.join('; ')}`);
    if (install) {
      out.push(`${pad('node_modules (as installed)', 34)}${lpad(gb(install.totalBytes), 9)} GB, providers ${gb(install.providerBytes)} GB, rest ${gb(install.otherBytes)} GB; caches in .cache ${(install.cacheBytes / 1024 ** 2).toFixed(0)} MB`);
      out.push(`${pad('  biggest non-provider packages', 34)}${install.biggestOthers.map((p) => `${p.name} ${(p.bytes / 1024 ** 2).toFixed(0)} MB`).join(', ')}`);
    }
    out.push('');
    out.push(`JSON: ${args.json}`);
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exitCode = 1;
  });
}
