/**
 * Runs once per `jest` run, before any test file (jest.config.js `globalSetup`):
 *
 * 1. One scratch root for the whole run, `<tmp>/cdktf-langsmith-test-<pid>-XXXXXX`, and TMPDIR
 *    pointed into it, so every temporary file of the run (the tests' own, and those of the
 *    terraform, npm and node processes they start) lands there; global-teardown.ts removes it,
 *    whether the tests passed or not. Roots left by a run that was killed (its pid is gone) are
 *    removed here.
 * 2. The demo deployments (stacks/deployments.yaml) synthesized once into
 *    `<root>/demos/cdktf.out`, which the tests read through `demoOutdir()` (helpers.ts) instead
 *    of each synthesizing the whole file again.
 *
 * Workers are started after this function returns and inherit its environment.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DEFAULT_DEPLOYMENTS_FILE, synthesize } from '../stacks/app';

/** The prefix of a run's scratch root in the system temp dir. */
export const ROOT_PREFIX = 'cdktf-langsmith-test-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the scratch roots of earlier runs whose jest process no longer exists. */
function sweepStaleRoots(base: string): void {
  for (const name of readdirSync(base)) {
    const m = new RegExp(`^${ROOT_PREFIX}(\\d+)-`).exec(name);
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) rmSync(join(base, name), { recursive: true, force: true });
  }
}

export default function globalSetup(): void {
  const base = tmpdir();
  sweepStaleRoots(base);
  const root = mkdtempSync(join(base, `${ROOT_PREFIX}${process.pid}-`));
  process.env.LANGSMITH_TEST_ROOT = root;
  const tmp = join(root, 'tmp');
  mkdirSync(tmp);
  process.env.TMPDIR = tmp;
  // The demo file prints its policy warnings at every synth; tests that check them pass their own reporter.
  const quiet = process.env.LANGSMITH_POLICY_QUIET;
  process.env.LANGSMITH_POLICY_QUIET = '1';
  try {
    const outdir = join(root, 'demos', 'cdktf.out');
    synthesize(DEFAULT_DEPLOYMENTS_FILE, outdir);
    process.env.LANGSMITH_TEST_DEMOS = outdir;
  } finally {
    if (quiet === undefined) delete process.env.LANGSMITH_POLICY_QUIET;
    else process.env.LANGSMITH_POLICY_QUIET = quiet;
  }
}
