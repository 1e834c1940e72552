#!/usr/bin/env bash
# Release build into dist/ (wasm-opt -Oz with binaryen 132 from node_modules/.bin), then the size
# report, which fails when the first-visit brotli total exceeds 384 KB.
# Set WIJKPEIL_SKIP_SETUP=1 to skip setup.sh (scripts/test.sh does so after its own setup).
# WIJKPEIL_DIST=dir builds elsewhere (scripts/test.sh uses target/test-dist, so that a hand-made
# build into dist/ at the same moment cannot break its run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$WIJKPEIL_ROOT"

if [ "${WIJKPEIL_SKIP_SETUP:-0}" != 1 ]; then bash scripts/setup.sh; fi

DIST="${WIJKPEIL_DIST:-dist}"
lock_dist
wasm_opt_version="$(wasm-opt --version 2>/dev/null || true)"
[[ "$wasm_opt_version" == *"version ${BINARYEN_VERSION} "* ]] ||
  die "trunk would use the wrong wasm-opt ($(command -v wasm-opt || echo none): ${wasm_opt_version:-?}); run scripts/setup.sh"
log "trunk build --release --dist ${DIST} (wasm-opt: $(command -v wasm-opt), ${wasm_opt_version})"
nice -n 10 trunk build --release --dist "$DIST"
node scripts/size-report.mjs --dist "$DIST"
