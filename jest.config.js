/** Jest with @swc/jest: TypeScript 7 has no JS API, so ts-jest cannot be used. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  testTimeout: 60000,
  // The machine has 2 cores; jest's default (cores - 1) would run one file at a time.
  maxWorkers: 2,
  // The default reporter, then one plain totals line for CI (.ci/totals-reporter.js).
  reporters: ['default', '<rootDir>/.ci/totals-reporter.js'],
  // Examples import the package and its per-cloud entry points by name, as users do.
  moduleNameMapper: { '^cdktf-langsmith$': '<rootDir>/lib/index.ts', '^cdktf-langsmith/(aws|gcp|azure|k8s|core)$': '<rootDir>/lib/$1/index.ts' },
};
