/**
 * Jest with @swc/jest: TypeScript 7 has no JS API, so ts-jest cannot be used.
 *
 * Two projects:
 * - `unit` (`npm test`): everything but the integration files, in-process, well under 45 s on a
 *   quiet 2-core machine.
 * - `integration` (`npm run test:integration`): the files that run real programs: terraform
 *   (init/validate/apply), the cdktf CLI, `npm run synth`, `npm run build` + `npm pack`.
 * - `rehearsal` (`npm run rehearsal`): the offline deploy rehearsal (test-support/stand-in-providers).
 * `npm run test:all` (what CI runs, .ci/run) runs all three in one jest run, so one totals line
 * counts every test. A single file runs in its own project: `npx jest __tests__/x.test.ts`.
 *
 * globalSetup synthesizes the demo deployments once for the run and points TMPDIR into a scratch
 * root that globalTeardown removes (__tests__/global-setup.ts).
 */
const INTEGRATION = ['terraform-init', 'deploy-flow', 'package', 'cli'].map((f) => `<rootDir>/__tests__/${f}.test.ts`);

const project = {
  testEnvironment: '<rootDir>/__tests__/environment.ts',
  roots: ['<rootDir>/__tests__'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  // Examples import the package and its per-cloud entry points by name, as users do.
  moduleNameMapper: { '^cdktf-langsmith$': '<rootDir>/lib/index.ts', '^cdktf-langsmith/(aws|gcp|azure|k8s|core)$': '<rootDir>/lib/$1/index.ts' },
};

module.exports = {
  projects: [
    { ...project, displayName: 'unit', testMatch: ['<rootDir>/__tests__/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', ...INTEGRATION] },
    { ...project, displayName: 'integration', testMatch: INTEGRATION },
    // The offline deploy rehearsal (`npm run rehearsal`): the real cdktf CLI and Terraform against
    // the stand-in providers of test-support/ (its README). Minutes per deployment, hence the timeout,
    // set by jest-timeout.ts: Jest ignores a `testTimeout` in a project entry.
    { ...project, displayName: 'rehearsal', roots: ['<rootDir>/test-support/stand-in-providers/__tests__'], testMatch: ['**/*.test.ts'], setupFilesAfterEnv: [...project.setupFilesAfterEnv, '<rootDir>/test-support/stand-in-providers/jest-timeout.ts'] },
  ],
  globalSetup: '<rootDir>/__tests__/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/global-teardown.ts',
  testTimeout: 60000,
  // The machine has 2 cores; jest's default (cores - 1) would run one file at a time.
  maxWorkers: 2,
  // A worker leaves no handle behind: its 'exit' event fires within ~5 ms of jest's end message,
  // but the process then takes 0.3-0.5 s (load 7) to 5 s (load 12) to terminate on this shared
  // 2-core machine (native teardown of a ~800 MB heap that holds every test file's cdktf and
  // provider modules). Jest's 500 ms default then force-kills it and prints "A worker process
  // has failed to exit gracefully". Measured with a --require probe logging END/exit per worker.
  workerGracefulExitTimeout: 15000,
  // The default reporter, then one plain totals line for CI (.ci/totals-reporter.js).
  reporters: ['default', '<rootDir>/.ci/totals-reporter.js'],
};
