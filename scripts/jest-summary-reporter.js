/**
 * Prints one plain closing line after the whole run, e.g. `jest: 212 passed, 0 failed, 1 skipped`,
 * so CI logs (and .ci/run) end, after jest's own summary on the same stream, with a summary any reader or tool can parse.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `jest: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests + results.numTodoTests} skipped`;
    process.stderr.write(`\n${line}\n`);
  }
}
module.exports = SummaryReporter;
