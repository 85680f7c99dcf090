#!/usr/bin/env bash
# Prints the transfer size of build/web/ (gzip -9 of each file, as a static host would send it)
# and fails if what a first visit downloads is above the budget.
#
# A first visit loads the page, its scripts, index.js and index.wasm. The other files are fetched
# only where needed: the bundled fonts (a system without Chinese fonts), compat.* (engines older
# than Chrome 95 / Safari 15.2, or without 'wasm-unsafe-eval'). They are listed, not counted.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
web="${1:-$root/build/web}"
# The first visit's budget: 600 KB gzip (issue 12's goal; 581 KB on 2026-11-30). What brought it there
# from 689 KB (2026-11-30): ImGui without its debug tools, file functions and default font; SDL built
# for WebGL 2 only (SDL_LEAN_AND_MEAN, no audio, joystick, haptic, sensor or render subsystems);
# qrcodegen's one std::ostringstream replaced in the web build (src/core/qr_build_web.h: the
# iostream and locale code it linked, -29 KB); every script minified by esbuild (-11 KB); and
# link-time optimisation (-17 KB). The renderers for browsers without WebGL 2 (WebGL 1, SDL's
# software renderer, about 48 KB) are in compat.* only, which such a browser loads instead.
# scripts/bench.sh prints web_first_visit_bytes (over the wire) against the goal.
# 2026-12-07: 611 KB. Issue 31's deploy-safe service worker and drafts export (+2.8 KB of scripts),
# issue 25's verdicts on the evaluator's page, the document text rule and the name fold table
# (+27 KB of wasm in all) went over the 600 KB goal. The budget is 615 KB until that is won back
# (not yet measured per function: a breakdown from build/symbols is the next step).
# Later on 2026-12-07: 634 KB. The documents' layout engine and 未作答 wording (issue 26), the undo
# history and answer checks (issue 27), ties and held-out stations (issue 25) and the evaluation
# workbook writer (+22 KB of wasm together). The budget is 640 KB so that the suite still catches
# a jump; winning back to 600 KB (a per-function breakdown, wasm-opt --converge: -3.5 KB measured,
# a CJK-only name fold table: -2.4 KB) is open work.
budget=$((640 * 1000))

[ -f "$web/index.html" ] || { echo "size.sh: $web/index.html is missing: build the wasm preset first" >&2; exit 2; }
on_demand=" font-cjk.ttf font-latin.ttf compat.html compat.js compat.wasm "
first_raw=0
first_gz=0
printf '%-18s %10s %10s\n' file bytes gzip
for f in "$web"/*; do
  [ -f "$f" ] || continue
  name="$(basename "$f")"
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  if [[ "$on_demand" == *" $name "* ]]; then
    printf '%-18s %10d %10d   (on demand)\n' "$name" "$raw" "$gz"
  else
    first_raw=$((first_raw + raw))
    first_gz=$((first_gz + gz))
    printf '%-18s %10d %10d\n' "$name" "$raw" "$gz"
  fi
done
printf '%-18s %10d %10d   (budget %d)\n' "first visit" "$first_raw" "$first_gz" "$budget"
if [ "$first_gz" -gt "$budget" ]; then
  echo "size.sh: a first visit transfers $first_gz bytes gzip, above the budget of $budget bytes" >&2
  exit 1
fi
