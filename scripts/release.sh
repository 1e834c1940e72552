#!/usr/bin/env bash
# Release build into dist/: trunk builds the page, the styles and the copied files; the wasm is
# built in parts by scripts/build-parts.sh (each screen's code is fetched when it is first
# visited, see src/ui/parts.rs), with wasm-opt -Oz from binaryen 132 (node_modules/.bin). Then the
# size report, which fails when the first visit or a part is over its budget, or when the build
# has a single part.
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
# trunk gets index.html without its rust link (so trunk builds no wasm: `trunk serve` still does,
# in one part, for development). trunk builds a Cargo.toml next to the page even without a link,
# so the page is handed over from target/release-page/, its trunk links pointing back up here.
page_dir="$WIJKPEIL_ROOT/target/release-page"
mkdir -p "$page_dir"
grep -v 'data-trunk rel="rust"' index.html | sed -E 's#(<link data-trunk [^>]*href=")#\1../../#' >"$page_dir/index.html"
log "trunk build --release --dist ${DIST} (page, styles, files)"
trunk build --release --dist "$DIST" "$page_dir/index.html"
bash scripts/build-parts.sh "$DIST"
node scripts/size-report.mjs --dist "$DIST"
