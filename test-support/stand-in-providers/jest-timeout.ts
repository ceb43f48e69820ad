/**
 * The rehearsal project's timeout for tests and hooks (jest.config.js `setupFilesAfterEnv`): Jest
 * reads `testTimeout` from the global configuration only (jest-circus sets it from
 * `globalConfig.testTimeout`), so a `testTimeout` in the project entry is ignored and async hooks
 * kept the global 60 s: a rehearsal's beforeAll that waits for the stand-in server, which on a
 * clean clone first extracts every provider schema from the bindings (no cache yet), timed out.
 */
jest.setTimeout(20 * 60 * 1000);
