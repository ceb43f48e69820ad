import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { writeDeploymentsFile } from './helpers';

const root = resolve(__dirname, '..');
const REGISTER = join(root, 'stacks', 'register.cjs');

/** Runs node with the app's start hook, as `npm run synth` does. */
function node(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, ['--require', REGISTER, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The keys of every code-cache pack index under a cache directory. */
function cacheKeys(cache: string): string[] {
  return filesUnder(join(cache, 'v8'))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as [string, number, number][]).map(([key]) => key))
    .sort();
}

describe('stacks/register.cjs (the start of npm run synth)', () => {
  test('cdktf starts without loading archiver; the stand-in loads it on first use and works', () => {
    const script = `
      require('cdktf');
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('/node_modules/archiver/'));
      const before = loaded();
      const Module = require('module');
      const fake = { filename: require.resolve('cdktf/lib/private/fs.js'), paths: module.paths };
      const archiver = Module._load('archiver', fake, false);
      const zip = archiver('zip', { zlib: { level: 1 } });
      console.log(JSON.stringify({ before, after: loaded(), pipe: typeof zip.pipe, create: typeof archiver.create }));`;
    const on = node(['-e', script]);
    expect(on.stderr).toBe('');
    expect(JSON.parse(on.stdout)).toEqual({ before: false, after: true, pipe: 'function', create: 'function' });
    const off = node(['-e', script], { LANGSMITH_LAZY_ARCHIVER: 'off' });
    expect(JSON.parse(off.stdout).before).toBe(true);
  });

  test('the V8 code cache is written by the first run and changes nothing a module sees', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codecache-'));
    const mod = join(dir, 'probe.js');
    // probe.js goes through the code cache; dyn.js uses import(), so Node compiles it.
    writeFileSync(
      mod,
      `const path = require('path');
       module.exports = { resolved: require.resolve('yaml', { paths: [${JSON.stringify(root)}] }).length > 0, paths: Array.isArray(require.resolve.paths('yaml')),
         main: require.main === module, dirname: __dirname === ${JSON.stringify(dir)}, file: path.basename(__filename), cache: require.cache === require('module')._cache,
         thisIsExports: this === module.exports, strictError: (() => { try { null.x; } catch (e) { return e.constructor.name; } })() };
       console.log(JSON.stringify(module.exports));
       require('./dyn.js');`,
    );
    writeFileSync(join(dir, 'dyn.js'), `import('path').then((p) => console.log(JSON.stringify({ dynamicImport: typeof p.join })));`);
    const cache = join(dir, 'cache');
    const keys = () => cacheKeys(cache);
    const first = node([mod], { LANGSMITH_SYNTH_CACHE: cache });
    const written = keys();
    const second = node([mod], { LANGSMITH_SYNTH_CACHE: cache });
    const plain = spawnSync(process.execPath, [mod], { encoding: 'utf8' });
    expect(first.stderr).toBe('');
    expect(plain.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l))).toEqual([
      { resolved: true, paths: true, main: true, dirname: true, file: 'probe.js', cache: true, thisIsExports: true, strictError: 'TypeError' },
      { dynamicImport: 'function' },
    ]);
    expect(first.stdout).toBe(plain.stdout);
    expect(second.stdout).toBe(plain.stdout);
    // The first run wrote one pack with the entry of probe.js (the only module it compiled), the second nothing.
    expect(written).toHaveLength(1);
    expect(keys()).toEqual(written);
    expect(filesUnder(join(cache, 'v8')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    // dyn.js is left to Node: a run without probe.js adds nothing.
    node([join(dir, 'dyn.js')], { LANGSMITH_SYNTH_CACHE: cache });
    expect(keys()).toEqual(written);
    // At 12 packs (each run that compiles something new adds one) all are dropped and rebuilt as one.
    const v8dir = dirname(filesUnder(join(cache, 'v8'))[0]);
    for (let i = 0; i < 11; i++) {
      writeFileSync(join(v8dir, `old${i}.json`), '[]');
      writeFileSync(join(v8dir, `old${i}.bin`), '');
    }
    expect(node([mod], { LANGSMITH_SYNTH_CACHE: cache }).stdout).toBe(plain.stdout);
    expect(filesUnder(v8dir).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(keys()).toEqual(written);
    // So are packs past 96 MB (a sparse file stands in for a big pack).
    writeFileSync(join(v8dir, 'big.json'), '[]');
    writeFileSync(join(v8dir, 'big.bin'), '');
    truncateSync(join(v8dir, 'big.bin'), 97 * 1024 * 1024);
    expect(node([mod], { LANGSMITH_SYNTH_CACHE: cache }).stdout).toBe(plain.stdout);
    expect(filesUnder(v8dir).map((f) => f.slice(v8dir.length + 1)).filter((f) => f.startsWith('big'))).toEqual([]);
    expect(keys()).toEqual(written);
  });

  test('a module inside node_modules edited in place (same size) is compiled again, not served stale', () => {
    const dir = mkdtempSync(join(root, 'node_modules', '.cache', 'codecache-probe-'));
    const mod = join(dir, 'probe.js');
    const cache = mkdtempSync(join(tmpdir(), 'codecache-nm-'));
    writeFileSync(mod, "console.log('aaa');");
    expect(node([mod], { LANGSMITH_SYNTH_CACHE: cache }).stdout.trim()).toBe('aaa');
    expect(node([mod], { LANGSMITH_SYNTH_CACHE: cache }).stdout.trim()).toBe('aaa');
    writeFileSync(mod, "console.log('bbb');");
    const later = new Date(Date.now() + 5000);
    utimesSync(mod, later, later);
    expect(node([mod], { LANGSMITH_SYNTH_CACHE: cache }).stdout.trim()).toBe('bbb');
    rmSync(dir, { recursive: true, force: true });
  });

  test('a syntax error is reported by Node as usual, with the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'syntax-'));
    const mod = join(dir, 'broken.js');
    writeFileSync(mod, 'const a = 1;\nconst = 2;\n');
    const r = node([mod], { LANGSMITH_SYNTH_CACHE: join(dir, 'cache') });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${mod}:2`);
    expect(r.stderr).toContain('SyntaxError');
  });

  test('a synth with warm caches writes the same output as one with every cache off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warm-'));
    const file = writeDeploymentsFile({ deployments: [{ name: 'warm', mode: 'observability', cloud: 'kubernetes' }] });
    const run = (out: string, cache: string) => node([join(root, 'stacks', 'main.ts')], { LANGSMITH_DEPLOYMENTS: file, CDKTF_OUTDIR: join(dir, out), LANGSMITH_SYNTH_CACHE: cache, LANGSMITH_QUIET: '1' });
    const cache = join(dir, 'cache');
    expect(run('cold', cache).status).toBe(0);
    const warm = run('warm', cache);
    const off = run('off', 'off');
    expect(warm.status).toBe(0);
    expect(off.status).toBe(0);
    expect(warm.stdout.replace(/warm\//, 'X/')).toBe(off.stdout.replace(/off\//, 'X/'));
    const json = (out: string) => readFileSync(join(dir, out, 'stacks', 'warm-app', 'cdk.tf.json'), 'utf8');
    expect(json('warm')).toBe(json('off'));
    expect(cacheKeys(cache).length).toBeGreaterThan(100);
    expect(filesUnder(join(cache, 'ts')).length).toBeGreaterThan(20);
  });
});

describe('the module resolution cache of stacks/register.cjs', () => {
  /** A probe file inside node_modules (so its requires are cacheable) that prints what `yaml` resolved to. */
  function probe(): { file: string; dir: string } {
    const dir = mkdtempSync(join(root, 'node_modules', '.cache', 'resolve-probe-'));
    const file = join(dir, 'probe.js');
    writeFileSync(file, `console.log(JSON.stringify({ yaml: require.resolve('yaml'), isYaml: typeof require('yaml').YAMLMap === 'function' }));`);
    return { file, dir };
  }
  const cacheFiles = (cache: string) => filesUnder(join(cache, 'resolve'));

  test('remembers resolutions into node_modules, and a later run answers from it', () => {
    const { file, dir } = probe();
    const cache = mkdtempSync(join(tmpdir(), 'resolve-'));
    const first = node([file], { LANGSMITH_SYNTH_CACHE: cache });
    expect(first.stderr).toBe('');
    const real = JSON.parse(first.stdout).yaml as string;
    expect(real).toContain(join('node_modules', 'yaml'));
    const [json] = cacheFiles(cache);
    const entries = JSON.parse(readFileSync(json, 'utf8')) as Record<string, string>;
    expect(entries[`${dir}\0yaml`]).toBe(real);
    expect(Object.values(entries).every((f) => f.startsWith(join(root, 'node_modules')))).toBe(true);
    // Proof that the cache is read: point the entry at another module (zod) and see it used.
    const zod = require.resolve('zod');
    writeFileSync(json, JSON.stringify({ ...entries, [`${dir}\0yaml`]: zod }));
    expect(JSON.parse(node([file], { LANGSMITH_SYNTH_CACHE: cache }).stdout)).toEqual({ yaml: zod, isYaml: false });
    // An answer whose file is gone is resolved again.
    writeFileSync(json, JSON.stringify({ ...entries, [`${dir}\0yaml`]: join(dir, 'gone.js') }));
    expect(JSON.parse(node([file], { LANGSMITH_SYNTH_CACHE: cache }).stdout)).toEqual({ yaml: real, isYaml: true });
    rmSync(dir, { recursive: true, force: true });
  });

  test('never remembers requires between this project\'s own files, and is off with LANGSMITH_RESOLVE_CACHE=off', () => {
    const cache = mkdtempSync(join(tmpdir(), 'resolve-'));
    const file = writeDeploymentsFile({ deployments: [{ name: 'res', mode: 'observability', cloud: 'kubernetes' }] });
    const out = mkdtempSync(join(tmpdir(), 'resolve-out-'));
    const run = node([join(root, 'stacks', 'main.ts')], { LANGSMITH_DEPLOYMENTS: file, CDKTF_OUTDIR: join(out, 'a'), LANGSMITH_SYNTH_CACHE: cache, LANGSMITH_QUIET: '1' });
    expect(run.status).toBe(0);
    const entries = JSON.parse(readFileSync(cacheFiles(cache)[0], 'utf8')) as Record<string, string>;
    expect(Object.keys(entries).length).toBeGreaterThan(100);
    for (const [key, value] of Object.entries(entries)) {
      expect(value.startsWith(join(root, 'node_modules'))).toBe(true);
      const [parentDir, request] = key.split('\0');
      if (request.startsWith('.')) expect(parentDir.startsWith(join(root, 'node_modules'))).toBe(true);
    }
    const off = mkdtempSync(join(tmpdir(), 'resolve-'));
    node([join(root, 'stacks', 'main.ts')], { LANGSMITH_DEPLOYMENTS: file, CDKTF_OUTDIR: join(out, 'b'), LANGSMITH_SYNTH_CACHE: off, LANGSMITH_RESOLVE_CACHE: 'off', LANGSMITH_QUIET: '1' });
    expect(cacheFiles(off)).toEqual([]);
  });
});
