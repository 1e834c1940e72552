#!/usr/bin/env bash
# Installs everything Wijkpeil needs to build, serve and test. Idempotent and quick
# when everything is already present; prints each thing it installs.
# Only package registries are used (crates.io, npm, PyPI, Debian apt): no GitHub downloads.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$WIJKPEIL_ROOT"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

installed_anything=0
installing() { installed_anything=1; log "installing: $*"; }

# Waits while another process is already running `cargo install <crate>` (no double builds
# on a 2-core machine); it never stops such a process.
wait_for_other_cargo_install() {
  local crate="$1" waited=0
  while pgrep -f "cargo install ${crate}( |$)" >/dev/null 2>&1; do
    if [ "$waited" -eq 0 ]; then log "waiting for a running 'cargo install ${crate}' started by another process…"; fi
    sleep 10
    waited=$((waited + 10))
    if [ "$waited" -ge 3600 ]; then die "'cargo install ${crate}' of another process has been running for an hour"; fi
  done
}

# --- apt: chromium, chromedriver, brotli ---------------------------------------------------
apt_missing=()
[ -x /usr/bin/chromium ] || apt_missing+=(chromium)
[ -x /usr/bin/chromedriver ] || apt_missing+=(chromium-driver)
command -v brotli >/dev/null 2>&1 || apt_missing+=(brotli)
command -v pkg-config >/dev/null 2>&1 || apt_missing+=(pkg-config)
command -v cc >/dev/null 2>&1 || apt_missing+=(build-essential)
if [ "${#apt_missing[@]}" -gt 0 ]; then
  installing "apt: ${apt_missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${apt_missing[@]}" </dev/null
fi

# --- Rust toolchain -------------------------------------------------------------------------
command -v cargo >/dev/null 2>&1 || die "cargo/rustup missing (expected Rust 1.95 stable via rustup)"
if [[ $'\n'"$(rustup target list --installed 2>/dev/null)"$'\n' != *$'\n'wasm32-unknown-unknown$'\n'* ]]; then
  installing "rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
installed_components="$(rustup component list --installed 2>/dev/null || true)"
for comp in rustfmt clippy; do
  if [[ $'\n'"$installed_components" != *$'\n'"${comp}"-* ]]; then
    installing "rustup component ${comp}"
    rustup component add "$comp"
  fi
done

# --- trunk ----------------------------------------------------------------------------------
trunk_ok() { [[ "$(trunk --version 2>/dev/null || true)" == "trunk ${TRUNK_VERSION}" ]]; }
if ! trunk_ok; then
  wait_for_other_cargo_install trunk
  if ! trunk_ok; then
    installing "trunk ${TRUNK_VERSION} (cargo install, 10-20 min)"
    nice -n 10 cargo install trunk --version "${TRUNK_VERSION}" --locked
  fi
fi

# --- wasm-bindgen-cli == wasm-bindgen in Cargo.lock -------------------------------------------
if [ ! -f Cargo.lock ]; then
  log "Cargo.lock missing: generating it"
  cargo generate-lockfile
fi
WB_VERSION="$(wasm_bindgen_lock_version)"
[ -n "$WB_VERSION" ] || die "no wasm-bindgen in Cargo.lock"
wb_ok() {
  [[ "$(wasm-bindgen --version 2>/dev/null || true)" == "wasm-bindgen ${WB_VERSION}" ]] &&
    [[ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" == *" ${WB_VERSION}" ]]
}
if ! wb_ok; then
  wait_for_other_cargo_install wasm-bindgen-cli
  if ! wb_ok; then
    installing "wasm-bindgen-cli ${WB_VERSION} (equal to Cargo.lock)"
    # Not --locked: the CLI's own lockfile pins crates that no longer build on current Rust.
    nice -n 10 cargo install wasm-bindgen-cli --version "${WB_VERSION}" --force
  fi
fi

# --- wasm-split-cli (splits the release wasm into parts, scripts/build-parts.sh) ----------------
# (The CLI has no --version: cargo's list of installed crates tells the version.)
split_ok() { command -v wasm-split-cli >/dev/null 2>&1 &&
  cargo install --list 2>/dev/null | grep -q "^wasm_split_cli_support v${WASM_SPLIT_VERSION}:"; }
if ! split_ok; then
  wait_for_other_cargo_install wasm_split_cli_support
  if ! split_ok; then
    installing "wasm-split-cli ${WASM_SPLIT_VERSION} (cargo install wasm_split_cli_support, 3-5 min)"
    nice -n 10 cargo install wasm_split_cli_support --version "${WASM_SPLIT_VERSION}" --features build-binary --locked --force
  fi
fi

# --- node packages: binaryen@132 (wasm-opt), esbuild, playwright, axe ------------------------------
command -v node >/dev/null 2>&1 || die "node missing (node 20+ expected)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "node $(node --version) is too old: node 20+ needed"
npm_stamp="node_modules/.package-lock.json"
if [ ! -f "$npm_stamp" ] || [ package.json -nt "$npm_stamp" ] ||
   { [ -f package-lock.json ] && [ package-lock.json -nt "$npm_stamp" ]; }; then
  if [ -f package-lock.json ]; then
    installing "npm ci (binaryen ${BINARYEN_VERSION}, esbuild, @playwright/test, @axe-core/playwright)"
    npm ci --no-audit --no-fund --loglevel=error
  else
    installing "npm install (no package-lock.json)"
    npm install --no-audit --no-fund --loglevel=error
  fi
  touch "$npm_stamp"
fi
[[ "$(wasm-opt --version 2>/dev/null || true)" == *"version ${BINARYEN_VERSION} "* ]] ||
  die "wasm-opt on PATH is not binaryen ${BINARYEN_VERSION}: $(command -v wasm-opt || echo 'not found')"
command -v esbuild >/dev/null 2>&1 || die "esbuild missing from node_modules/.bin (npm ci did not install it)"

# --- python: fhir.resources for the independent FHIR validator ---------------------------------
if ! python3 -c 'import fhir.resources.R4B.questionnaireresponse' >/dev/null 2>&1; then
  installing "pip: fhir.resources>=7,<9"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'fhir.resources>=7,<9' ||
    python3 -m pip install --quiet --disable-pip-version-check --break-system-packages 'fhir.resources>=7,<9'
fi

# --- collector: PostgreSQL for its tests (Debian package) --------------------------------------
bash "$WIJKPEIL_ROOT/scripts/setup-collector.sh"

if [ "$installed_anything" -eq 0 ]; then
  log "everything present (trunk ${TRUNK_VERSION}, wasm-bindgen ${WB_VERSION}, wasm-opt ${BINARYEN_VERSION}, chromium)"
else
  log "done"
fi
