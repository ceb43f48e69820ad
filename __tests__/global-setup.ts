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
 *    of each synthesizing the whole file again. That synth runs with a sentinel value in every
 *    secret variable (`TF_VAR_<name>`) and every secret-looking environment variable
 *    ({@link SECRET_ENV}), restored afterwards: secret-hygiene.test.ts checks that none of them
 *    reaches the output.
 *
 * Workers are started after this function returns and inherit its environment.
 */
import { randomBytes } from 'crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DEFAULT_DEPLOYMENTS_FILE, synthesize } from '../stacks/app';
import { CLICKHOUSE_APPROVAL_VARIABLE } from '../stacks/phases';
import { SECRET_VARIABLES } from '../stacks/secrets';

/** The prefix of a run's scratch root in the system temp dir. */
export const ROOT_PREFIX = 'cdktf-langsmith-test-';

/** Environment variables a CI pipeline typically holds secrets in (besides TF_VAR_*). */
export const SECRET_ENV = [
  'LANGSMITH_LICENSE_KEY', 'LANGSMITH_API_KEY', 'LANGCHAIN_API_KEY', 'OAUTH_CLIENT_SECRET', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'CLICKHOUSE_PASSWORD',
  'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'GOOGLE_CREDENTIALS', 'GOOGLE_OAUTH_ACCESS_TOKEN', 'ARM_CLIENT_SECRET', 'ARM_ACCESS_KEY',
  'TF_TOKEN_app_terraform_io', 'GITHUB_TOKEN', 'KUBE_TOKEN', 'HELM_REPO_PASSWORD',
];

/** The environment variables set to a sentinel during the shared demo synth: every variable the app declares, and {@link SECRET_ENV}. */
export const SENTINEL_ENV = [...[...Object.values(SECRET_VARIABLES).map((v) => v.name), CLICKHOUSE_APPROVAL_VARIABLE].map((n) => `TF_VAR_${n}`), ...SECRET_ENV];

/** The value an environment variable holds during the shared demo synth, for this run's tag (LANGSMITH_TEST_SENTINEL). */
export function sentinel(tag: string, name: string): string {
  return `${tag}-${name}`;
}

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
  const tag = `SENTINEL-${randomBytes(6).toString('hex')}`;
  // The demo file prints its policy warnings at every synth; tests that check them pass their own reporter.
  const during: Record<string, string> = { LANGSMITH_POLICY_QUIET: '1', ...Object.fromEntries(SENTINEL_ENV.map((n) => [n, sentinel(tag, n)])) };
  const saved = Object.fromEntries(Object.keys(during).map((n) => [n, process.env[n]]));
  Object.assign(process.env, during);
  try {
    const outdir = join(root, 'demos', 'cdktf.out');
    synthesize(DEFAULT_DEPLOYMENTS_FILE, outdir);
    process.env.LANGSMITH_TEST_DEMOS = outdir;
    process.env.LANGSMITH_TEST_SENTINEL = tag;
  } finally {
    // The workers (and the terraform, npm and cdktf processes they start) see the real environment.
    for (const [n, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  }
}
