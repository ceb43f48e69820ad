#!/usr/bin/env node
'use strict';
/**
 * Completes package-lock.json with other platforms' optional binaries, from the registry.
 *
 * Why: @swc/core and unrs-resolver (jest) ship one optional package per platform. npm records
 * only the ones it could install on the machine that wrote the lock (npm/cli#4828, #8320), and
 * `npm ci` on another platform then refuses the lock ("Missing: ... from lock file").
 *
 * What: for every optional dependency of every locked package that has no lock entry, or an
 * entry without integrity (older versions of this script wrote those), it asks the registry
 * (`npm view <name>@<spec> --json`) for the version's manifest and records what npm itself would:
 * version, integrity (sha512 from the registry), os/cpu/libc, engines, license, dev/optional.
 * Nothing is guessed from package names, and `npm ci` verifies every tarball it fetches against
 * the recorded integrity, on every platform.
 *
 * Usage, after any `npm install` that rewrote package-lock.json:
 *   node .ci/complete-lockfile.js            # fills the lock in place, prints what it added
 *   node .ci/complete-lockfile.js --check    # exits 1 if anything is missing (no network)
 * __tests__/lockfile.test.ts fails while any entry is missing or lacks integrity.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const LOCK = path.resolve(__dirname, '..', 'package-lock.json');

/** Lock keys of optional dependencies that have no entry, or one without integrity. */
function incomplete(packages) {
  const out = new Map();
  for (const [key, entry] of Object.entries(packages)) {
    for (const [name, spec] of Object.entries(entry.optionalDependencies || {})) {
      // npm resolves from the package's own node_modules up to the root; a missing one goes at the top.
      const segments = key ? key.split('/node_modules/').map((s, i) => (i === 0 ? s : `node_modules/${s}`)) : [];
      let found;
      for (let i = segments.length; i >= 0 && !found; i--) {
        const base = segments.slice(0, i).join('/');
        const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
        if (candidate in packages) found = candidate;
      }
      const target = found || `node_modules/${name}`;
      const e = packages[target];
      if (!e || (!e.integrity && !e.inBundle && !e.link)) out.set(target, { name, spec, dev: Boolean(entry.dev) });
    }
  }
  return out;
}

function complete() {
  const lock = JSON.parse(fs.readFileSync(LOCK, 'utf8'));
  const todo = incomplete(lock.packages);
  if (process.argv.includes('--check')) {
    for (const k of todo.keys()) process.stderr.write(`incomplete: ${k}\n`);
    process.exit(todo.size ? 1 : 0);
  }
  for (const [key, { name, spec, dev }] of todo) {
    let m = JSON.parse(execFileSync('npm', ['view', '--json', `${name}@${spec}`, 'version', 'dist', 'os', 'cpu', 'libc', 'engines', 'license'], { encoding: 'utf8' }));
    if (Array.isArray(m)) m = m[m.length - 1]; // a range: the highest matching version
    if (!m || !m.dist || !m.dist.integrity) throw new Error(`registry has no integrity for ${name}@${spec}`);
    // The key order npm itself writes (version, integrity, the rest sorted, engines last).
    const entry = { version: m.version, integrity: m.dist.integrity };
    if (m.cpu) entry.cpu = [].concat(m.cpu);
    if (dev) entry.dev = true;
    if (m.libc) entry.libc = [].concat(m.libc);
    if (m.license) entry.license = m.license;
    entry.optional = true;
    if (m.os) entry.os = [].concat(m.os);
    if (m.engines) entry.engines = m.engines;
    lock.packages[key] = entry;
    process.stdout.write(`${key}@${m.version} ${m.dist.integrity.slice(0, 20)}...\n`);
  }
  const sorted = {};
  for (const k of Object.keys(lock.packages).sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))) sorted[k] = lock.packages[k];
  lock.packages = sorted;
  fs.writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
  process.stdout.write(`completed ${todo.size} entr${todo.size === 1 ? 'y' : 'ies'}\n`);
}

if (require.main === module) complete();
module.exports = { incomplete };
