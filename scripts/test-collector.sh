#!/usr/bin/env bash
# THE test command of the collector (collector/) and the record format it shares with the app
# (src/register.rs). Installs what is missing (scripts/setup-collector.sh), starts a throw-away
# PostgreSQL server on a free loopback port (stopped again on any exit), then runs, stopping at
# the first failure:
#   fmt, clippy (collector), record format tests (src/register.rs + property tests),
#   collector tests on SQLite and PostgreSQL (over TLS, with a throw-away CA), load test on
#   SQLite and on PostgreSQL.
# Logs per step: target/test-logs/collector/ (a folder of its own, so that scripts/test.sh, which
# tallies target/test-logs/*.log, counts these tests once when it runs this script as a step).
# Set COLLECTOR_LOAD_RECORDS (default 20000) to change the size of the load test.
set -euo pipefail
exec </dev/null
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$WIJKPEIL_ROOT"

LOG_DIR="$WIJKPEIL_ROOT/target/test-logs/collector"
mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR"/*.log
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
LOAD_RECORDS="${COLLECTOR_LOAD_RECORDS:-20000}"
LOAD_DUPLICATES=$((LOAD_RECORDS / 10))

STEPS_TITLE="Collector steps"
source "$WIJKPEIL_ROOT/scripts/steps.sh"

# --- a throw-away PostgreSQL server -----------------------------------------------------------
PG_DIR=""
PG_BIN=""
as_pg() {
  # PostgreSQL refuses to run as root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
    if [ -f "$PG_DIR/data/postmaster.pid" ]; then
      as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_DIR"
  fi
}
trap stop_postgres EXIT
trap 'exit 130' INT TERM

start_postgres() {
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL not found under /usr/lib/postgresql (run scripts/setup-collector.sh)"
  PG_DIR="$(mktemp -d /tmp/wijkpeil-collector-pg.XXXXXX)"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_DIR"; fi
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log"; die "initdb failed"; }
  # TLS with a throw-away CA: the collector's connections (sslmode=prefer by default) verify
  # the server against it (COLLECTOR_DB_CA); the TLS test also checks that without it they fail.
  (
    cd "$PG_DIR"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=wijkpeil test CA" \
      -keyout ca.key -out ca.pem >tls.log 2>&1
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server.key -out server.csr >>tls.log 2>&1
    printf 'subjectAltName=IP:127.0.0.1\n' >san.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext \
      -out server.crt >>tls.log 2>&1
    chmod 600 server.key
    if [ "$(id -u)" -eq 0 ]; then chown postgres: server.key server.crt; fi
  ) || { cat "$PG_DIR/tls.log"; die "making the test certificates failed"; }
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c max_connections=100 -c ssl=on \
        -c ssl_cert_file=$PG_DIR/server.crt -c ssl_key_file=$PG_DIR/server.key" start >/dev/null ||
    { cat "$PG_DIR/server.log"; die "PostgreSQL did not start"; }
  export COLLECTOR_TEST_PG_CA="$PG_DIR/ca.pem" COLLECTOR_DB_CA="$PG_DIR/ca.pem"
  as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c 'CREATE DATABASE collector_test' >/dev/null
  export COLLECTOR_TEST_PG_URL="postgres://postgres@127.0.0.1:${port}/collector_test"
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:${port}, TLS on (data in $PG_DIR)"
}

# The PostgreSQL tests skip themselves without a server: here there is one, so none may skip.
no_skipped_tests() {
  if grep -h "SKIPPED" "$LAST_LOG"; then
    echo "tests were skipped although COLLECTOR_TEST_PG_URL is set" >&2
    return 1
  fi
  grep -q "::postgres ... ok" "$LAST_LOG" || { echo "no PostgreSQL test ran" >&2; return 1; }
}

if [ "${WIJKPEIL_SKIP_SETUP:-0}" != 1 ]; then
  run_step "setup (collector)" bash scripts/setup-collector.sh
fi
run_step "cargo fmt --check" cargo fmt --all -- --check
run_step "clippy (collector)" nice -n 10 cargo clippy -p wijkpeil-collector --all-targets -- -D warnings
run_step "record format (unit)" nice -n 10 cargo test -p wijkpeil-wire
run_step "record format (property)" nice -n 10 cargo test -p wijkpeil --test register_privacy
start_postgres
run_step "collector tests" nice -n 10 cargo test -p wijkpeil-collector
run_step "PostgreSQL tests ran" no_skipped_tests
run_step "build load test" nice -n 10 cargo build -p wijkpeil-collector --profile server --bin load
LOAD_BIN="$WIJKPEIL_ROOT/target/server/load"
run_step "load (SQLite)" "$LOAD_BIN" --records "$LOAD_RECORDS" --duplicates "$LOAD_DUPLICATES" --concurrency 32 --max-seconds 120
SQLITE_LOG="$LAST_LOG"
run_step "load (PostgreSQL)" "$LOAD_BIN" --db "$COLLECTOR_TEST_PG_URL" --records "$LOAD_RECORDS" \
  --duplicates "$LOAD_DUPLICATES" --concurrency 32 --max-seconds 120
PG_LOG="$LAST_LOG"

print_summary
printf '\nLoad test, SQLite:\n'; grep -h '^LOAD' "$SQLITE_LOG" | sed 's/^/  /'
printf 'Load test, PostgreSQL:\n'; grep -h '^LOAD' "$PG_LOG" | sed 's/^/  /'

passed=0; failed=0
while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  sed -n -E 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' "$LOG_DIR"/*.log
)
printf '\nALL COLLECTOR STEPS PASSED\n'
echo "collector: ${passed} passed, ${failed} failed"
