import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join, resolve } from 'path';

const root = resolve(__dirname, '..');
const REGISTER = join(root, 'stacks', 'register.cjs');

/** Runs node with the repository's TypeScript hook, as `npm run synth` does. */
function node(args: string[], env: Record<string, string | undefined> = {}) {
  return spawnSync(process.execPath, ['--require', REGISTER, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
}

describe('stacks/register.cjs (the TypeScript hook of npm run synth in this repository)', () => {
  test('loads the app from .ts sources and keeps no cache of its own', () => {
    const r = node(['-e', "const c = require('./stacks/config'); process.stdout.write(typeof c.loadDeployments)"]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('function');
  });

  test('is only a transform: no resolution cache, no code cache, no module patching besides .ts', () => {
    const source = readFileSync(REGISTER, 'utf8');
    expect(source).not.toMatch(/_resolveFilename|cachedData|Script\(|prototype\._compile|archiver/);
  });
});
