# Sourced by the other scripts: repo root, PATH and tool versions in one place.
# shellcheck shell=bash
WIJKPEIL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export WIJKPEIL_ROOT

# cargo-installed tools (trunk, wasm-bindgen) and npm tools (wasm-opt from binaryen@132, playwright).
export PATH="$WIJKPEIL_ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
# The release build splits the wasm into parts (src/ui/parts.rs, scripts/build-parts.sh) with
# wasm-split-cli from crates.io (wasm_split_cli_support). It must understand the split markers of
# wasm_split_helpers in Cargo.lock (0.2.x): upgrade the two together.
WASM_SPLIT_VERSION="0.2.4"
CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
CHROMEDRIVER_BIN="${CHROMEDRIVER_BIN:-/usr/bin/chromedriver}"
export CHROMIUM_BIN CHROMEDRIVER_BIN

# Never let playwright (or anything else) fetch browsers: we use Debian's chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*"; }
die() { printf '[%s] ERROR: %s\n' "$(basename "$0" .sh)" "$*" >&2; exit 1; }

# The wasm-bindgen version pinned in Cargo.lock (wasm-bindgen-cli must equal it).
wasm_bindgen_lock_version() {
  awk '/^\[\[package\]\]/{p=0} /^name = "wasm-bindgen"$/{p=1} p && /^version = /{gsub(/"/,"",$3); print $3; exit}' \
    "$WIJKPEIL_ROOT/Cargo.lock"
}

# Serializes builds into dist/ (and the tests that read it) between concurrent runs on this
# machine: two trunk builds in one dist/ clobber each other. Held until the calling script exits;
# child scripts see WIJKPEIL_DIST_LOCK_HELD=1 and do not lock again.
lock_dist() {
  [ "${WIJKPEIL_DIST_LOCK_HELD:-0}" = 1 ] && return 0
  command -v flock >/dev/null 2>&1 || return 0
  mkdir -p "$WIJKPEIL_ROOT/target"
  exec 9>"$WIJKPEIL_ROOT/target/.dist.lock"
  if ! flock -n 9; then
    log "another build/test is using dist/: waiting for it (target/.dist.lock)…"
    flock -w 3600 9 || die "dist/ lock not released within an hour"
  fi
  export WIJKPEIL_DIST_LOCK_HELD=1
}
export TRUNK_SKIP_VERSION_CHECK=true
