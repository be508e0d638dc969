/**
 * Prints one plain closing line after jest's own summary, e.g. `Tests: 120 passed, 0 failed, 2 skipped`,
 * so any CI reader sees the counts, and fails the run when nothing was executed.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const passed = results.numPassedTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    // scripts/test.mjs runs jest more than once (the coverage-gated projects, then the rest) and adds the
    // counts up for its own closing line.
    if (process.env.TEST_SUMMARY_FILE)
      require('node:fs').appendFileSync(
        process.env.TEST_SUMMARY_FILE,
        JSON.stringify({ passed, failed, skipped }) + '\n',
      );
    if (passed + failed === 0) {
      process.stderr.write('No test was executed: treating the run as a failure.\n');
      results.success = false;
      process.exitCode = 1;
    }
  }
}
module.exports = SummaryReporter;
