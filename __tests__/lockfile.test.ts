import { readFileSync } from 'fs';
import { join } from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { incomplete } = require('../.ci/complete-lockfile.js');

/**
 * `npm ci` (the README's install command, and CI's) refuses a lock file that lacks an entry for
 * any optional dependency, even another platform's binary, and npm leaves out the platforms it
 * cannot install here. `node .ci/complete-lockfile.js` adds them from the registry, with the
 * registry's integrity; this test catches a lock that needs it before CI on another platform does.
 */
test('package-lock.json has an entry with integrity for every optional dependency of every locked package', () => {
  const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8'));
  expect([...incomplete(lock.packages).keys()]).toEqual([]);
});

test('every fetched package in the lock carries integrity (bundled and linked ones are not fetched)', () => {
  const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8'));
  const without = Object.entries<any>(lock.packages).filter(([k, e]) => k && !e.integrity && !e.inBundle && !e.link).map(([k]) => k);
  expect(without).toEqual([]);
});
