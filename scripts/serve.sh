#!/usr/bin/env bash
# Installs what is missing, then serves Wijkpeil (debug build, auto-rebuild) on
# http://127.0.0.1:8080 with the demo municipality (public/config/gemeente.json).
# Address, port and SPA fallback (/voorbeeld etc. → index.html) come from Trunk.toml.
# It builds into target/serve-dist/, so dist/ stays the release build that the tests use.
# Extra arguments go to `trunk serve`, e.g. `bash scripts/serve.sh --release`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$WIJKPEIL_ROOT"

bash scripts/setup.sh
log "trunk serve → http://127.0.0.1:8080/  (Ctrl-C stops)"
exec trunk serve --dist target/serve-dist "$@"
