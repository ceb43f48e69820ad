import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { ConfigurationError } from '../lib/core/errors';
import { buildApp, synthesize } from '../stacks/app';
import { writeDeploymentsFile } from './helpers';

const root = resolve(__dirname, '..');
/** Runs the app entry as `npm run synth` does (package.json), with its own file and output dir. */
function runSynth(file: string, outdir: string) {
  return spawnSync(process.execPath, ['--require', join(root, 'stacks', 'register.cjs'), join(root, 'stacks', 'main.ts')], {
    cwd: root,
    env: { ...process.env, LANGSMITH_DEPLOYMENTS: file, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
}

describe('the app entry (npm run synth)', () => {
  test('npm run synth and the cdktf CLI run the same command as these tests', () => {
    const cmd = 'node --max-semi-space-size=8 --require ./stacks/register.cjs stacks/main.ts';
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.synth).toBe(cmd);
    expect(JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')).app).toBe(cmd);
  });

  test('a bad file exits non-zero with one clear message, no stack trace, and no cdktf.out', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'out-')), 'cdktf.out');
    const file = writeDeploymentsFile({ deployments: [{ name: 'acme', mode: 'observabilty', cloud: 'kubernetes' }] });
    const r = runSynth(file, out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("deployments[0] (acme): field 'mode' has value \"observabilty\"; allowed: observability | full-platform | standalone");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  test('a missing file exits non-zero', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'out-')), 'cdktf.out');
    const r = runSynth('/nonexistent/file.yaml', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the deployments file does not exist');
  });

  test('a good file synthesizes into the output dir', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'out-')), 'cdktf.out');
    const file = writeDeploymentsFile({ deployments: [{ name: 'good', mode: 'observability', cloud: 'kubernetes' }] });
    const r = runSynth(file, out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(join(out, 'stacks'))).toEqual(['good-app']);
  });

  test('a failure while building leaves an earlier cdktf.out as it was and no scratch dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'out-'));
    const out = join(dir, 'cdktf.out');
    synthesize(writeDeploymentsFile({ deployments: [{ name: 'first', mode: 'observability', cloud: 'kubernetes' }] }), out);
    // The second deployment fails in a construct after the first one was built.
    const failing: typeof buildApp = (app, ds) => {
      const built = buildApp(app, ds.filter((d) => d.name !== 'third'));
      throw new ConfigurationError('third-app/LangSmith', 'size', 'x', `allowed: dev (after building ${Object.keys(built)})`);
    };
    const file = writeDeploymentsFile({ deployments: [{ name: 'second', mode: 'observability', cloud: 'kubernetes' }, { name: 'third', mode: 'observability', cloud: 'kubernetes' }] });
    expect(() => synthesize(file, out, failing)).toThrow(ConfigurationError);
    expect(readdirSync(join(out, 'stacks'))).toEqual(['first-app']);
    expect(readdirSync(dir)).toEqual(['cdktf.out']);
  });
});
