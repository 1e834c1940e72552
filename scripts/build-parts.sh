#!/usr/bin/env bash
# The release wasm, in parts (see src/ui/parts.rs): builds it with the split points switched on,
# splits it, runs wasm-bindgen and wasm-opt on every part, and hands the files to
# scripts/place-parts.mjs, which puts them in $DIST/pkg-<hash>/ and points index.html at them.
#
#   1. cargo build --release, `--cfg wijkpeil_split` and `--emit-relocs` (the splitter needs the
#      linker's relocations to see which function reaches which), in target/split so the normal
#      builds (trunk serve, tests) keep their own artifacts;
#   2. wasm-split-cli: the first file (wijkpeil.wasm) plus one file per part and per piece of code
#      that several parts share, and __wasm_split.js, which fetches them;
#   3. wasm-bindgen on the first file (--keep-lld-exports: the parts import its functions);
#   4. wasm-opt -Oz (binaryen 132) on every .wasm file, esbuild --minify on wasm-bindgen's glue.
# Usage: bash scripts/build-parts.sh DIST   (called by scripts/release.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$WIJKPEIL_ROOT"

DIST="${1:?usage: build-parts.sh DIST}"
SPLIT_TARGET="$WIJKPEIL_ROOT/target/split"
WORK="$SPLIT_TARGET/parts"
rm -rf "$WORK"
mkdir -p "$WORK/split" "$WORK/out"

# RUSTFLAGS replaces the rustflags of .cargo/config.toml, so `erase_components` is repeated here.
log "cargo build --release (split points on)"
RUSTFLAGS="--cfg erase_components --cfg wijkpeil_split -Clink-args=--emit-relocs" \
  CARGO_TARGET_DIR="$SPLIT_TARGET" \
  nice -n 10 cargo build --release --target wasm32-unknown-unknown --bin wijkpeil

log "wasm-split-cli ${WASM_SPLIT_VERSION}"
wasm-split-cli "$SPLIT_TARGET/wasm32-unknown-unknown/release/wijkpeil.wasm" "$WORK/split" --target web --out-name wijkpeil

log "wasm-bindgen $(wasm_bindgen_lock_version)"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript --out-name wijkpeil --out-dir "$WORK/bindgen" "$WORK/split/wijkpeil.wasm"

log "wasm-opt -Oz on every part"
# Two at a time (binaryen from npm starts slowly, per file). The parts' name sections carry a
# subsection binaryen does not know: that warning is dropped, every other message is shown.
optimize() {
  local out
  out="$(wasm-opt -Oz "$1" -o "$2" 2>&1)" || { printf '%s\n' "$out" >&2; return 1; }
  printf '%s\n' "$out" | grep -v 'unknown name subsection' >&2 || true
}
export -f optimize
{
  printf '%s\0%s\0' "$WORK/bindgen/wijkpeil_bg.wasm" "$WORK/out/wijkpeil_bg.wasm"
  for part in "$WORK"/split/*.wasm; do
    name="$(basename "$part")"
    [ "$name" = wijkpeil.wasm ] || printf '%s\0%s\0' "$part" "$WORK/out/$name"
  done
} | nice -n 10 xargs -0 -n 2 -P 2 bash -c 'optimize "$0" "$1"'
# wasm-bindgen's glue is written to be read: minified it is 68 -> 32 KB, 9.4 -> 7.5 KB brotli in
# the first visit, and less to parse. __wasm_split.js stays as it is: scripts/parts.mjs reads the
# parts and the files each needs from its text.
log "esbuild --minify wijkpeil.js"
esbuild "$WORK/bindgen/wijkpeil.js" --minify --format=esm --log-level=warning --outfile="$WORK/out/wijkpeil.js"
cp "$WORK/split/__wasm_split.js" "$WORK/out/"
if [ -d "$WORK/bindgen/snippets" ]; then cp -r "$WORK/bindgen/snippets" "$WORK/out/"; fi

node scripts/place-parts.mjs --dist "$DIST" --from "$WORK/out"
