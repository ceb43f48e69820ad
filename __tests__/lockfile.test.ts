import { readFileSync } from 'fs';
import { join } from 'path';

/**
 * `npm ci` (the README's install command, and CI's) refuses a lock file that lacks an entry
 * for any optional dependency, even another platform's binary. npm on the build machines
 * leaves those out (see .ci/complete-lockfile.js), so this test catches it before CI does.
 */
test('package-lock.json has an entry for every optional dependency of every locked package', () => {
  const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8'));
  const packages: Record<string, any> = lock.packages;
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      // npm resolves a dependency from the package's own node_modules up to the root.
      const segments = path ? path.split('/node_modules/').map((s, i) => (i === 0 ? s : `node_modules/${s}`)) : [];
      let found = false;
      for (let i = segments.length; i >= 0 && !found; i--) {
        const base = segments.slice(0, i).join('/');
        found = `${base ? `${base}/` : ''}node_modules/${name}` in packages;
      }
      if (!found) missing.push(`${name} (optional dependency of ${path || 'the root'})`);
    }
  }
  expect(missing).toEqual([]);
});
