/** The offline deploy rehearsal (`npm run rehearsal`): real cdktf + Terraform against the stand-in providers. */
const base = require('../../jest.config.js');
module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test-support/stand-in-providers/__tests__'],
  // Each file drives Terraform processes of its own; one at a time on the 2-core machine.
  maxWorkers: 1,
  testTimeout: 20 * 60 * 1000,
};
