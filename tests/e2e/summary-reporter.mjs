// Playwright reporter that ends the run with one plain line: "N passed, N failed[, N skipped]".
// (Used next to the 'list' reporter; scripts/test.sh and CI read this line.) Tests that passed only
// on a retry (CI allows one) count as passed and are named on a line of their own before it.
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
    const flaky = [];
    for (const test of this.suite?.allTests() ?? []) {
      const outcome = test.outcome();
      if (outcome === 'flaky') flaky.push(test.titlePath().filter(Boolean).join(' › '));
      if (outcome === 'expected' || outcome === 'flaky') passed += 1;
      else if (outcome === 'skipped') skipped += 1;
      else failed += 1;
    }
    if (result.status !== 'passed' && failed === 0) {
      console.log(`e2e run ended with status '${result.status}' (see above)`);
    }
    for (const name of flaky) console.log(`passed only on a second try (flaky): ${name}`);
    console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
  }
}
