/**
 * A jest reporter that ends every run with its totals as one plain line,
 * `N passed, N failed` (failed counts failed tests and test files that could not run),
 * which CI reads to count the tests.
 */
class TotalsReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + (results.numRuntimeErrorTestSuites || 0);
    const line = `${results.numPassedTests} passed, ${failed} failed\n`;
    // At exit, after jest's own summary ("Ran all test suites."), so it is the last line.
    process.once('exit', () => process.stdout.write(line));
  }
}
module.exports = TotalsReporter;
