#!/usr/bin/env bash
# Installs what is missing, then serves Wijkpeil (debug build, auto-rebuild) on
# http://127.0.0.1:8080 with the demo municipality (public/config/gemeente.json).
# Address, port and SPA fallback (/voorbeeld etc. → index.html) come from Trunk.toml.
# It builds into target/serve-dist/, so dist/ stays the release build that the tests use.
# Extra arguments go to `trunk serve`, e.g. `bash scripts/serve.sh --release`.
#
# `bash scripts/serve.sh --with-collector`: also starts the collector (collector/, the register)
# beside the app, on the same origin: http://127.0.0.1:8080/v1/ goes to it, and the demo config
# is served with its submission_endpoint pointing there (the file itself is not changed). So
# "Anoniem meetellen" sends for real and /register shows the figures. No auto-rebuild in this
# mode: run it again after a change. The register is kept in target/serve-collector/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$WIJKPEIL_ROOT"

with_collector=0
args=()
for a in "$@"; do
  if [ "$a" = "--with-collector" ]; then with_collector=1; else args+=("$a"); fi
done

bash scripts/setup.sh
if [ "$with_collector" = 0 ]; then
  log "trunk serve → http://127.0.0.1:8080/  (Ctrl-C stops)"
  exec trunk serve --dist target/serve-dist "${args[@]}"
fi

PORT="${PORT:-8080}"
log "building the collector (cargo build -p wijkpeil-collector --profile server)"
nice -n 10 cargo build -p wijkpeil-collector --profile server --bin wijkpeil-collector
log "building the app (trunk build --dist target/serve-dist ${args[*]})"
nice -n 10 trunk build --dist target/serve-dist "${args[@]}"

mkdir -p target/serve-collector
COLLECTOR_PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
COLLECTOR_URL="http://127.0.0.1:${COLLECTOR_PORT}"
# A demo team key for /balie (made once, kept with the demo register; remove the file to get a
# new one): shown below, typed once in /balie.
[ -s target/serve-collector/team-keys ] ||
  printf 'demo-team %s\n' "demo-$(node -e "console.log(require('crypto').randomBytes(12).toString('hex'))")" \
    >target/serve-collector/team-keys
DEMO_TEAM_KEY="$(awk '/^demo-team /{print $2}' target/serve-collector/team-keys)"
target/server/wijkpeil-collector --db target/serve-collector/register.sqlite --listen "127.0.0.1:${COLLECTOR_PORT}" \
  --config public/config/gemeente.json --publish-open-quarter --min-cell 2 \
  --team-keys target/serve-collector/team-keys >target/serve-collector/collector.log 2>&1 &
COLLECTOR_PID=$!
trap 'kill "$COLLECTOR_PID" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 50); do
  node -e "fetch(process.argv[1]+'/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" "$COLLECTOR_URL" && break
  kill -0 "$COLLECTOR_PID" 2>/dev/null || die "the collector stopped: see target/serve-collector/collector.log"
  sleep 0.2
done
log "app + collector → http://127.0.0.1:${PORT}/  (register: /register, sending: /versturen; Ctrl-C stops)"
log "team desk: /balie, team code ${DEMO_TEAM_KEY} (target/serve-collector/team-keys)"
node tests/e2e/serve-dist.mjs --dir target/serve-dist --port "$PORT" --collector "$COLLECTOR_URL" --endpoint-here
