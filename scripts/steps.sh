# Steps of a test script (sourced by scripts/test.sh and scripts/test-collector.sh): each step
# tees its output to a numbered log in $LOG_DIR and is timed; the first failing step prints the
# summary and ends the script with its exit code. Set STEPS_TITLE before sourcing.
SUITE_START=$SECONDS
declare -a SUMMARY=()
STEP_NO=0
LAST_LOG=""

print_summary() {
  printf '\n%s (total %ss):\n' "${STEPS_TITLE:-Steps}" "$((SECONDS - SUITE_START))"
  printf '%s\n' "${SUMMARY[@]}"
}

# run_step "name" command args…: runs one step, tees its output to a log ($LAST_LOG), times it.
run_step() {
  local name="$1"; shift
  STEP_NO=$((STEP_NO + 1))
  local log="$LOG_DIR/$(printf '%02d' "$STEP_NO")-${name//[^A-Za-z0-9]/_}.log"
  local start=$SECONDS rc=0
  printf '\n==> [%d] %s\n    $ %s\n' "$STEP_NO" "$name" "$*"
  "$@" 2>&1 | tee "$log" || rc=$?
  local took=$((SECONDS - start))
  if [ "$rc" -ne 0 ]; then
    SUMMARY+=("$(printf '  %-38s FAILED  %5ss' "$name" "$took")")
    print_summary
    printf '\nFAILED: step "%s" (exit %d, after %ss). Log: %s\n' "$name" "$rc" "$took" "${log#"$WIJKPEIL_ROOT"/}" >&2
    exit "$rc"
  fi
  SUMMARY+=("$(printf '  %-38s ok      %5ss' "$name" "$took")")
  printf '    (%s: %ss)\n' "$name" "$took"
  LAST_LOG="$log"
}

skip_step() {
  SUMMARY+=("$(printf '  %-38s skipped        (%s)' "$1" "$2")")
  printf '\n==> %s: skipped (%s)\n' "$1" "$2"
}
