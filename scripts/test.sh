#!/usr/bin/env bash
# THE test command. Installs what is missing (scripts/setup.sh), then runs every check in order and
# stops at the first failing step, naming it:
#   fmt, clippy (native), clippy (wasm), cargo test, FHIR validator (python, if present),
#   wasm-bindgen tests in headless Chromium (if tests/web*.rs exist), release build + size budget,
#   smoke test of the release build, Playwright e2e. (Builds into target/test-dist, not dist/.)
# Works non-interactively (CI=true, no stdin). Logs per step: target/test-logs/.
set -euo pipefail
exec </dev/null
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$WIJKPEIL_ROOT"

LOG_DIR="$WIJKPEIL_ROOT/target/test-logs"
mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR"/*.log
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

STEPS_TITLE="Steps"
source "$WIJKPEIL_ROOT/scripts/steps.sh"

run_step "setup" bash scripts/setup.sh
run_step "cargo fmt --check" cargo fmt --all -- --check
run_step "clippy (native)" nice -n 10 cargo clippy -p wijkpeil -p wijkpeil-wire --all-targets -- -D warnings
run_step "clippy (wasm)" nice -n 10 cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings
# The app and the record format it shares with the collector (the collector has its own step).
run_step "cargo test (native)" nice -n 10 cargo test -p wijkpeil -p wijkpeil-wire
run_step "collector (SQLite + PostgreSQL + load)" env WIJKPEIL_SKIP_SETUP=1 bash scripts/test-collector.sh

if [ -f tests/fhir_validate.py ]; then
  run_step "FHIR validator (python)" python3 tests/fhir_validate.py
else
  skip_step "FHIR validator (python)" "tests/fhir_validate.py not present"
fi

shopt -s nullglob
web_tests=(tests/web*.rs)
shopt -u nullglob
if [ "${#web_tests[@]}" -gt 0 ]; then
  wasm_test_args=()
  for f in "${web_tests[@]}"; do wasm_test_args+=(--test "$(basename "$f" .rs)"); done
  run_step "wasm tests (chromium)" env \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    WASM_BINDGEN_USE_BROWSER=1 \
    CHROMEDRIVER="$CHROMEDRIVER_BIN" \
    WASM_BINDGEN_TEST_WEBDRIVER_JSON="$WIJKPEIL_ROOT/scripts/webdriver.json" \
    WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" \
    nice -n 10 cargo test --target wasm32-unknown-unknown "${wasm_test_args[@]}"
else
  skip_step "wasm tests (chromium)" "no tests/web*.rs"
fi

# Release build, smoke and e2e use their own build dir (not dist/, which people rebuild by hand
# while working), and hold the build lock across the three.
TEST_DIST="target/test-dist"
export E2E_DIST_DIR="$TEST_DIST"
lock_dist
run_step "release build + size" env WIJKPEIL_SKIP_SETUP=1 WIJKPEIL_DIST="$TEST_DIST" bash scripts/release.sh
run_step "smoke (release build)" node scripts/smoke.mjs --dist "$TEST_DIST"
# e2e: own output dir (a hand-started run empties test-results/), and port 8091 unless taken.
export E2E_OUTPUT_DIR="target/e2e-results"
if ! node -e "const s=require('net').createServer();s.once('error',()=>process.exit(1));s.listen(8091,'127.0.0.1',()=>s.close())"; then
  E2E_PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  export E2E_PORT
  log "port 8091 is in use: e2e server on port ${E2E_PORT}"
fi
# A real collector on loopback for the sending tests: tests/e2e/serve-dist.mjs serves its API on
# the app's origin (as a municipality would put it behind the same host). Stopped on exit.
run_step "collector for e2e (build)" nice -n 10 cargo build -p wijkpeil-collector --profile server --bin wijkpeil-collector
COLLECTOR_DIR="target/e2e-collector"
rm -rf "$COLLECTOR_DIR" && mkdir -p "$COLLECTOR_DIR"
COLLECTOR_PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
# A team key for the desk tests (tests/e2e/desk.spec.mjs): a question registered at /balie is
# taken only with a key from this file. A new random one per run.
E2E_TEAM_KEY="e2e-$(node -e "console.log(require('crypto').randomBytes(12).toString('hex'))")"
printf '# team-id key\ne2e-team %s\n' "$E2E_TEAM_KEY" >"$COLLECTOR_DIR/team-keys"
export E2E_TEAM_KEY
target/server/wijkpeil-collector --db "$COLLECTOR_DIR/register.sqlite" --listen "127.0.0.1:${COLLECTOR_PORT}" \
  --config public/config/gemeente.json --publish-open-quarter --min-cell 2 --team-keys "$COLLECTOR_DIR/team-keys" \
  >"$COLLECTOR_DIR/collector.log" 2>&1 &
COLLECTOR_PID=$!
trap 'kill "$COLLECTOR_PID" 2>/dev/null || true' EXIT
export E2E_COLLECTOR_URL="http://127.0.0.1:${COLLECTOR_PORT}"
export E2E_COLLECTOR_DB="$WIJKPEIL_ROOT/$COLLECTOR_DIR/register.sqlite"
for _ in $(seq 1 50); do
  node -e "fetch(process.argv[1]+'/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" "$E2E_COLLECTOR_URL" && break
  sleep 0.2
done
run_step "e2e (playwright)" playwright test --config tests/e2e/playwright.config.mjs

print_summary
size_line="$(grep -h '^SIZE first_visit_brotli=' "$LOG_DIR"/*release*.log | tail -n1 || true)"
[ -n "$size_line" ] && echo "$size_line"

# One closing line over all test runners: cargo (native + wasm), the FHIR validator and e2e.
passed=0; failed=0
while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  sed -n -E 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' "$LOG_DIR"/*.log
  sed -n -E 's/^([0-9]+) passed, ([0-9]+) failed.*/\1 \2/p' "$LOG_DIR"/*.log
)
printf '\nALL STEPS PASSED\n'
echo "total: ${passed} passed, ${failed} failed"
