#!/usr/bin/env bash
# Builds everything the web app ships, in order:
#   1. build/wasm-compat -> build/web/compat.js, compat.wasm (older engines; exceptions in JS);
#   2. build/wasm        -> build/web/ (index.*, the page, the fonts; sw.js stamped last, so the
#                           service worker's build id covers the compat files too);
#   3. build/web-single/qis.html, the single-file build for opening from disk.
# Expects scripts/deps.sh web to have run. Later runs only rebuild what changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cmake --preset wasm-compat >/dev/null
cmake --build --preset wasm-compat
cmake --preset wasm >/dev/null
cmake --build --preset wasm
/usr/bin/python3 scripts/make_single_file.py build/web build/web-single/qis.html
