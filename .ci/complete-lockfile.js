// Adds package-lock.json entries for platform-specific optional dependencies (other
// platforms' @swc/core and unrs-resolver binaries) that npm did not record: the build
// machines' registry mirror serves only Linux binaries, so `npm install` leaves them out, and
// `npm ci` then refuses the lock file ("Missing: ... from lock file"; npm/cli#4828, #8320).
// The entries carry version, os/cpu/libc and optional: npm skips them on other platforms
// and fetches them by version where they apply.
//
// Usage, after any `npm install` that rewrote package-lock.json:
//   npm ci 2>&1 | grep 'Missing:' | sed 's/.*Missing: //; s/ from lock file//' > /tmp/missing.txt
//   node .ci/complete-lockfile.js package-lock.json /tmp/missing.txt
// __tests__/lockfile.test.ts fails while any entry is missing.
const fs = require('fs');
const lockPath = process.argv[2];
const missing = fs.readFileSync(process.argv[3], 'utf8').split('\n').map((s) => s.trim().replace(/@$/, '')).filter(Boolean);
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const pk = lock.packages;
const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix', 'wasm32'];
const CPU = { 'arm64': 'arm64', 'x64': 'x64', 'arm': 'arm', 'ia32': 'ia32', 'ppc64': 'ppc64', 's390x': 's390x', 'riscv64': 'riscv64', 'loong64': 'loong64' };
for (const name of missing) {
  let spec, parent;
  for (const [path, e] of Object.entries(pk)) {
    if (e.optionalDependencies && e.optionalDependencies[name]) { spec = e.optionalDependencies[name]; parent = e; break; }
  }
  if (!spec) { console.error('no parent for', name); process.exit(1); }
  const parts = name.split('/').pop().split('-');
  const entry = { version: spec, dev: parent.dev || undefined, optional: true };
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU[p]);
  if (cpu) entry.cpu = [cpu === 'arm' && parts.includes('eabihf') ? 'arm' : cpu];
  if (os) entry.os = [os];
  if (parts.includes('musl') || parts.includes('musleabihf')) entry.libc = ['musl'];
  else if (parts.includes('gnu') || parts.includes('gnueabihf')) entry.libc = ['glibc'];
  if (!entry.dev) delete entry.dev;
  pk[`node_modules/${name}`] = entry;
}
// keep keys sorted like npm does
const sorted = {};
for (const k of Object.keys(pk).sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))) sorted[k] = pk[k];
lock.packages = sorted;
fs.writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log('added', missing.length);
