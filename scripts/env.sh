# Sourced by the other scripts: repo root, PATH and tool versions in one place.
# shellcheck shell=bash
WIJKPEIL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export WIJKPEIL_ROOT

# cargo-installed tools (trunk, wasm-bindgen) and npm tools (wasm-opt from binaryen@132, playwright).
export PATH="$WIJKPEIL_ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
CHROMEDRIVER_BIN="${CHROMEDRIVER_BIN:-/usr/bin/chromedriver}"
export CHROMIUM_BIN CHROMEDRIVER_BIN

# Never let playwright (or anything else) fetch browsers: we use Debian's chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

log() { printf '\033[1m[%s]\033[0m %s\n' "$(basename "$0" .sh)" "$*"; }
die() { printf '\033[31m[%s] FOUT: %s\033[0m\n' "$(basename "$0" .sh)" "$*" >&2; exit 1; }

# The wasm-bindgen version pinned in Cargo.lock (wasm-bindgen-cli must equal it).
wasm_bindgen_lock_version() {
  awk '/^\[\[package\]\]/{p=0} /^name = "wasm-bindgen"$/{p=1} p && /^version = /{gsub(/"/,"",$3); print $3; exit}' \
    "$WIJKPEIL_ROOT/Cargo.lock"
}
