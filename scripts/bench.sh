#!/usr/bin/env bash
# Benchmarks (not tests). Prints one line per figure to stdout, always of the form
#   name: value unit
# and nothing else there; progress and build output go to stderr.
#
#   scripts/bench.sh                  every figure
#   scripts/bench.sh NAME...          only these figures (see FIGURES below), e.g.
#   scripts/bench.sh bundle_verify_500mb   the 500 MB submission bundle (qis bundle, qis verify)
#
# Environment:
#   QIS_BENCH_BUILD       native build directory (default build/native, configured with the
#                         native preset; any other directory is configured Release with cmake -S/-B)
#   QIS_BENCH_ITERATIONS  scores timed by score_1000pt_native (default 2000)
#   QIS_BENCH_WEB         web build directory (default build/web)
#
# Adding a figure: write a function figure_<name> that prints its line(s) with `emit` (or
# prints nothing and returns 0 when it does not apply, saying why with `log`), then add
# <name> to FIGURES. A figure that fails returns non-zero; the others still run and the
# script exits 1 at the end.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${QIS_BENCH_BUILD:-$root/build/native}"
web="${QIS_BENCH_WEB:-$root/build/web}"
iterations="${QIS_BENCH_ITERATIONS:-2000}"

FIGURES=(score_1000pt_native web_transfer_gzip browser input_latency ledger_import_10k qis_rank_10k bundle_verify_500mb)

log() { echo "bench: $*" >&2; }

# emit NAME VALUE UNIT: the only way anything reaches stdout.
emit() { printf '%s: %s %s\n' "$1" "$2" "$3"; }

# Configures (once) and builds the given targets of the native build, output to stderr.
build_native() {
  # Configure every time (cheap): a target added since the last configure must be known.
  if true; then
    log "configuring $build"
    if [ "$build" = "$root/build/native" ]; then
      (cd "$root" && cmake --preset native) >&2 || return 1
    else
      cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >&2 || return 1
    fi
  fi
  log "building $*"
  cmake --build "$build" -j2 --target "$@" >&2
}

# Median time of one score of a complete 1000-point Hunan assessment (tests/bench/bench_score.cpp).
figure_score_1000pt_native() {
  if ! build_native qis_bench_score; then
    log "could not build qis_bench_score (is add_subdirectory(bench) in tests/CMakeLists.txt?)"
    return 1
  fi
  local exe="$build/tests/bench/qis_bench_score"
  [ -x "$exe" ] || { log "$exe is missing"; return 1; }
  local line
  line="$("$exe" "$iterations")" || return 1
  case "$line" in
    "score_1000pt_native_median: "*" us") echo "$line" ;;
    *) log "unexpected output from qis_bench_score: $line"; return 1 ;;
  esac
}

# What a static host sends: the sum of gzip -9 of every file under build/web, in KB (1000 bytes,
# as scripts/size.sh counts its budget). Skipped when the web app has not been built.
figure_web_transfer_gzip() {
  if [ ! -d "$web" ]; then
    log "web_transfer_gzip skipped: $web does not exist (build the wasm preset first)"
    return 0
  fi
  local total=0 files=0 gz f
  while IFS= read -r -d '' f; do
    gz=$(gzip -9 -c "$f" | wc -c) || return 1
    total=$((total + gz))
    files=$((files + 1))
  done < <(find "$web" -type f -print0 | sort -z)
  if [ "$files" -eq 0 ]; then
    log "web_transfer_gzip skipped: $web holds no files"
    return 0
  fi
  log "web_transfer_gzip: $files files, $total bytes gzip -9"
  emit web_transfer_gzip "$(awk -v b="$total" 'BEGIN { printf "%.1f", b / 1000 }')" KB
}

# Headless Chromium on build/web: bytes over the wire of a first visit (gzip server), first frame
# (median of 5 loads) and its split, idle busy fraction, wasm heap, the frame time of the Hunan
# item screen at 1280x800 with WebGL 2 and on the software path (webgl_frame_ms,
# software_frame_ms), ledger frame time.
figure_browser() {
  if [ ! -f "$web/index.html" ]; then
    if [ "$web" != "$root/build/web" ]; then
      log "browser figures skipped: $web/index.html does not exist"
      return 0
    fi
    log "building the web app (scripts/build_web.sh)"
    bash "$root/scripts/build_web.sh" >&2 || return 1
  fi
  (cd "$root/tests/browser" && QIS_WEB_DIR="$web" node bench.mjs)
}

# From a click on a checkbox (or a digit typed into a count) to the frame that shows the new
# total: frames (1 = the first frame after the input, the target) and milliseconds, median and p90.
figure_input_latency() {
  if [ ! -f "$web/index.html" ]; then
    log "input latency skipped: $web/index.html does not exist"
    return 0
  fi
  (cd "$root/tests/browser" && QIS_WEB_DIR="$web" node latency.mjs --bench)
}

# Importing a generated 10,000-record ledger CSV and rescoring (tests/bench/bench_ledger.cpp).
figure_ledger_import_10k() {
  build_native qis_bench_ledger || return 1
  "$build/tests/bench/qis_bench_ledger"
}

# qis rank over 10,000 generated packages of one rubric: wall time and peak memory (budget 100 MiB).
figure_qis_rank_10k() {
  build_native qis || return 1
  local dir
  dir="$(mktemp -d)"
  /usr/bin/python3 - "$root/tests/fixtures/samples/songjiang-2024.json" "$dir" <<'PY' || return 1
import json, random, sys
base = json.load(open(sys.argv[1], encoding="utf-8"))
random.seed(1)
for i in range(10000):
    p = json.loads(json.dumps(base))
    p["profile"]["name"] = f"服务站{i:05d}"
    p["answers"]["2.7"] = {"value": random.randint(0, 16) / 2}
    json.dump(p, open(f"{sys.argv[2]}/p{i:05d}.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
  local out
  out="$( { /usr/bin/time -f '%e %M' "$build/qis" rank "$dir"/*.json >/dev/null; } 2>&1 | tail -n 1 )"
  rm -rf "$dir"
  case "$out" in
    *[0-9]" "[0-9]*) ;;
    *) log "qis rank failed: $out"; return 1 ;;
  esac
  emit qis_rank_10k_wall "${out%% *}" s
  emit qis_rank_10k_peak_rss "$(awk -v k="${out##* }" 'BEGIN { printf "%.1f", k / 1024 }')" MiB
  # Budget (issue 16): qis rank keeps one row per package, not the packages; 100 MiB at most.
  if [ "${out##* }" -gt $((100 * 1024)) ]; then
    log "qis_rank_10k_peak_rss is over its 100 MiB budget"
    return 1
  fi
}

# A 500 MB submission bundle (ten 50 MB random evidence files) written by qis bundle and checked by
# qis verify: verify's wall time and peak memory (budget 200 MiB: entries are hashed through a
# 1 MiB buffer, never held), and the time qis bundle took to write it. Needs about 1 GB in $TMPDIR.
figure_bundle_verify_500mb() {
  build_native qis || return 1
  local dir
  dir="$(mktemp -d)"
  mkdir -p "$dir/evidence"
  local i
  for i in 0 1 2 3 4 5 6 7 8 9; do
    head -c $((50 * 1024 * 1024)) /dev/urandom >"$dir/evidence/扫描件$i.pdf" || { rm -rf "$dir"; return 1; }
  done
  /usr/bin/python3 - "$root/tests/fixtures/samples/wuhan-2025.json" "$dir" <<'PY' || { rm -rf "$dir"; return 1; }
import hashlib, json, os, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
ev = []
for i in range(10):
    name = f"扫描件{i}.pdf"
    h = hashlib.sha256()
    with open(os.path.join(sys.argv[2], "evidence", name), "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    ev.append({"id": f"ev{i}", "name": name, "type": "application/pdf",
               "size": os.path.getsize(os.path.join(sys.argv[2], "evidence", name)),
               "sha256": h.hexdigest(), "criteria": ["1.1.1"]})
p["evidence"] = ev
json.dump(p, open(os.path.join(sys.argv[2], "package.json"), "w", encoding="utf-8"), ensure_ascii=False)
PY
  local made out
  made="$( { /usr/bin/time -f '%e %M' "$build/qis" bundle "$dir/package.json" --evidence "$dir/evidence" \
             -o "$dir/bundle.zip" >/dev/null; } 2>&1 | tail -n 1 )"
  rm -rf "$dir/evidence"  # the evaluator has the bundle only
  # verify exits 1 here (the sample package stores no scores); what counts is that every file was read.
  out="$( { /usr/bin/time -f '%e %M' "$build/qis" verify "$dir/bundle.zip" >"$dir/report.txt"; } 2>&1 | tail -n 1 )"
  if ! grep -q '10 个证明材料文件，10 个与清单一致' "$dir/report.txt"; then
    log "qis verify did not check the ten files: $(cat "$dir/report.txt") $out"
    rm -rf "$dir"
    return 1
  fi
  rm -rf "$dir"
  case "$made $out" in
    *[0-9]" "[0-9]*" "[0-9]*" "[0-9]*) ;;
    *) log "qis bundle or qis verify failed: $made / $out"; return 1 ;;
  esac
  emit bundle_write_500mb_wall "${made%% *}" s
  emit bundle_verify_500mb_wall "${out%% *}" s
  emit bundle_verify_500mb_peak_rss "$(awk -v k="${out##* }" 'BEGIN { printf "%.1f", k / 1024 }')" MiB
  if [ "${out##* }" -gt $((200 * 1024)) ]; then
    log "bundle_verify_500mb_peak_rss is over its 200 MiB budget"
    return 1
  fi
}

main() {
  local wanted=("$@") failed=0 name
  # What the figures need (compilers, Emscripten, Chromium, playwright-core): installed when missing.
  bash "$root/scripts/deps.sh" all >&2 || { log "scripts/deps.sh failed"; return 1; }
  [ ${#wanted[@]} -gt 0 ] || wanted=("${FIGURES[@]}")
  for name in "${wanted[@]}"; do
    if ! declare -F "figure_$name" >/dev/null; then
      log "unknown figure '$name' (known: ${FIGURES[*]})"
      failed=1
      continue
    fi
    log "measuring $name"
    if ! "figure_$name"; then
      log "$name failed"
      failed=1
    fi
  done
  return "$failed"
}

main "$@"
