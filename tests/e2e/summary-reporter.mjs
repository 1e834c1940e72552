// Playwright reporter that ends the run with one plain line: "N passed, N failed[, N skipped]".
// (Used next to the 'list' reporter; scripts/test.sh and CI read this line.)
export default class SummaryReporter {
  onBegin(_config, suite) {
    this.suite = suite;
  }

  printsToStdio() {
    return false;
  }

  onEnd(result) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const test of this.suite?.allTests() ?? []) {
      const outcome = test.outcome();
      if (outcome === 'expected' || outcome === 'flaky') passed += 1;
      else if (outcome === 'skipped') skipped += 1;
      else failed += 1;
    }
    if (result.status !== 'passed' && failed === 0) {
      console.log(`e2e run ended with status '${result.status}' (see above)`);
    }
    console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
  }
}
