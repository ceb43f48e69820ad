#!/usr/bin/env node
/**
 * `npm run bench:consumer`: what a project that uses the library for one cloud installs and
 * how long importing it takes (issue 19.10).
 *
 * Packs this repository (`npm pack`), unpacks it into a scratch project per scenario, links what
 * npm would install there from this repository's node_modules (the package's dependencies, its
 * required peers, and the scenario's cloud provider), and measures:
 * - install: the size on disk of that closure (every package in it, from package-lock.json,
 *   `du`), and the same for "everything" (what every consumer installed when the providers
 *   were dependencies);
 * - import: wall time of `node -e "require('<entry>')"` and the CPU time it reports (less
 *   sensitive to a busy machine), medians of --runs, against `require('cdktf')` alone.
 *
 *   node tools/bench/consumer.mjs [--runs 5] [--package DIR]
 *   --package DIR   an unpacked package to measure instead of packing this repository (e.g. an
 *                   older version built elsewhere); its root entry is then measured as "all"
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 5;
const PACKAGE = args.includes('--package') ? resolve(args[args.indexOf('--package') + 1]) : undefined;
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')).packages;

/** Every top-level package `names` pull in (dependencies and required peers, transitively). */
function closure(names) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    const entry = lock[`node_modules/${name}`];
    if (!entry) return; // not installed here (another platform's binary)
    seen.add(name);
    const peersOptional = entry.peerDependenciesMeta ?? {};
    for (const d of Object.keys(entry.dependencies ?? {})) visit(d);
    for (const d of Object.keys(entry.peerDependencies ?? {})) if (!peersOptional[d]?.optional) visit(d);
  };
  names.forEach(visit);
  return [...seen];
}

const du = (paths) => paths.length ? Number(execFileSync('du', ['-skL', '-c', ...paths], { encoding: 'utf8' }).trim().split('\n').pop().split('\t')[0]) * 1024 : 0;
const mb = (b) => `${(b / 1e6).toFixed(0)} MB`;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** Median wall time (spawn to exit) and CPU time (user + system, as the child reports it) of requiring `entry`. */
function timeRequire(cwd, entry) {
  const wall = [];
  const cpu = [];
  const script = `require(${JSON.stringify(entry)}); const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1e6))`;
  for (let i = 0; i <= RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`require(${entry}) failed: ${r.stderr}`);
    if (i === 0) continue; // the first run warms the page cache
    wall.push(Number(process.hrtime.bigint() - t) / 1e9);
    cpu.push(Number(r.stdout));
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const scratch = mkdtempSync(join(os.tmpdir(), 'bench-consumer-'));
try {
  let pkgDir = PACKAGE;
  if (!pkgDir) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8' }));
    pkgDir = join(scratch, 'package');
    mkdirSync(pkgDir);
    execFileSync('tar', ['-xzf', join(scratch, packed.filename), '-C', pkgDir, '--strip-components=1']);
  }
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const meta = pkg.peerDependenciesMeta ?? {};
  const peers = Object.keys(pkg.peerDependencies ?? {});
  const required = [...Object.keys(pkg.dependencies ?? {}), ...peers.filter((p) => !meta[p]?.optional)];
  const hasEntries = Boolean(pkg.exports?.['./aws']);
  const scenarios = hasEntries
    ? [['aws', 'cdktf-langsmith/aws', '@cdktf/provider-aws'], ['gcp', 'cdktf-langsmith/gcp', '@cdktf/provider-google'], ['azure', 'cdktf-langsmith/azure', '@cdktf/provider-azurerm'], ['kubernetes only', 'cdktf-langsmith', undefined]]
    : [['any cloud (all bindings)', 'cdktf-langsmith', undefined]];
  const own = du([pkgDir]);
  const rows = [];
  const cdktfOnly = (() => {
    const p = join(scratch, 'cdktf-only');
    mkdirSync(join(p, 'node_modules'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', 'cdktf'), join(p, 'node_modules', 'cdktf'));
    return timeRequire(p, 'cdktf');
  })();
  for (const [name, entry, cloud] of scenarios) {
    const project = join(scratch, name.replace(/\W+/g, '-'));
    const modules = join(project, 'node_modules');
    mkdirSync(modules, { recursive: true });
    cpSync(pkgDir, join(modules, 'cdktf-langsmith'), { recursive: true }); // a copy: Node resolves a link's real path
    const installed = closure([...required, ...(cloud ? [cloud] : [])]);
    for (const dep of installed) {
      mkdirSync(dirname(join(modules, dep)), { recursive: true });
      if (!existsSync(join(modules, dep))) symlinkSync(join(ROOT, 'node_modules', dep), join(modules, dep));
    }
    rows.push({ scenario: name, entry, packages: installed.length + 1, install: own + du(installed.map((d) => join(ROOT, 'node_modules', d))), import: timeRequire(project, entry) });
  }
  process.stdout.write(`package ${pkg.name}@${pkg.version} (${PACKAGE ? PACKAGE : 'packed from this repository'}), node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg()[0].toFixed(1)}\n`);
  process.stdout.write(`require('cdktf') alone: ${cdktfOnly.wall.toFixed(2)} s wall, ${cdktfOnly.cpu.toFixed(2)} s cpu\n`);
  process.stdout.write('scenario                  entry                    packages  install   import wall / cpu (medians)\n');
  for (const r of rows) process.stdout.write(`${r.scenario.padEnd(26)}${r.entry.padEnd(25)}${String(r.packages).padStart(8)}  ${mb(r.install).padStart(7)}   ${r.import.wall.toFixed(2)} s / ${r.import.cpu.toFixed(2)} s\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
