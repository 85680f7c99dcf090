#!/usr/bin/env bash
# Prints the transfer size of build/web/ (gzip -9 of each file, as a static host would send it)
# and fails if the total is above the budget.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
web="${1:-$root/build/web}"
budget=$((1200 * 1000))  # 1.2 MB

[ -f "$web/index.html" ] || { echo "size.sh: $web/index.html is missing: build the wasm preset first" >&2; exit 2; }
total_raw=0
total_gz=0
printf '%-18s %10s %10s\n' file bytes gzip
for f in "$web"/*; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '%-18s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-18s %10d %10d   (budget %d)\n' total "$total_raw" "$total_gz" "$budget"
if [ "$total_gz" -gt "$budget" ]; then
  echo "size.sh: transfer size $total_gz bytes is above the budget of $budget bytes" >&2
  exit 1
fi
