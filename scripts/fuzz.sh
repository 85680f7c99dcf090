#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build/fuzz and runs each for SECONDS
# (default 60), one after the other. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
# Each corpus grows in build/fuzz/corpus-<target> (not committed), seeded from the fixtures.
# Prints one summary line per target; a crash, timeout (10 s), out-of-memory (2 GB) or leak leaves
# its input as build/fuzz/<target>-crash-<hash> (-timeout-, -oom-, -leak-) and makes the script
# exit non-zero. Reproduce one with: build/fuzz/tests/fuzz/<target> <file>
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
seconds="${1:-60}"
shift || true
build="$root/build/fuzz"

targets=(fuzz_rubric fuzz_package fuzz_csv fuzz_review fuzz_documents fuzz_bundle)
[ "$#" -gt 0 ] && targets=("$@")

echo "fuzz: building ${targets[*]} in build/fuzz"
mkdir -p "$build"
cmake -S "$root" -B "$build" -DQIS_FUZZ=ON -DQIS_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ >"$build/configure.log" 2>&1 || { cat "$build/configure.log"; exit 1; }
nice cmake --build "$build" -j2 --target "${targets[@]}" >"$build/build.log" 2>&1 || { tail -n 40 "$build/build.log"; exit 1; }

# Seeds: the inputs each loader is meant to read, copied so the fixtures stay untouched.
seed() {  # seed TARGET FILE...
  local dir="$build/seeds-$1"
  shift
  rm -rf "$dir" && mkdir -p "$dir"
  cp "$@" "$dir/"
}
seed fuzz_rubric rubrics/*.json
# The unit tests' small rubric with every rule kind: quick to mutate, and it reaches every rule.
sed -n '/^inline const char\* kAllKindsRubric = R"(/,/^})";/p' tests/unit/kinds_fixture.h |
  sed '1s/^.*R"(//; $s/)";$//' >"$build/seeds-fuzz_rubric/kinds.json"
mapfile -t package_seeds < <(find tests/fixtures -name '*.json')
seed fuzz_package "${package_seeds[@]}"
seed fuzz_csv tests/fixtures/ledger/*.csv
# Reviews and panels: one of each, made with the tool for the wuhan sample (tests/fuzz/seeds/).
seed fuzz_review tests/fuzz/seeds/*.json
seed fuzz_documents tests/fixtures/samples/*.json
# Bundles: packages with evidence entries (clashing, unsafe and case-folded names) for
# bundle_paths and verify_bundle, and a few bytes for the directory check (input not starting with '{').
seed fuzz_bundle tests/fixtures/samples/wuhan-2025.json
python3 - tests/fixtures/samples/wuhan-2025.json "$build/seeds-fuzz_bundle" <<'PY'
import hashlib, json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
names = ["营业执照.pdf", "照片.jpg", "照片.jpg", "Scan.PDF", "scan.pdf", "../x.pdf", "a/b", "", "C:x", "ev9"]
p["evidence"] = [{"id": f"ev{i}", "name": n, "type": "application/pdf", "size": 3,
                  "sha256": hashlib.sha256(b"abc").hexdigest(), "criteria": ["1.1.1"]} for i, n in enumerate(names)]
json.dump(p, open(sys.argv[2] + "/evidence.json", "w", encoding="utf-8"), ensure_ascii=False)
open(sys.argv[2] + "/directory.bin", "wb").write(bytes(range(256)) * 4)
PY

max_len() {  # the largest bundled rubric is ~75 KB; packages and ledgers get the same room
  case "$1" in
    fuzz_csv) echo 65536 ;;
    *) echo 131072 ;;
  esac
}
dict() {
  case "$1" in
    fuzz_rubric | fuzz_package | fuzz_review | fuzz_documents | fuzz_bundle) echo "-dict=$root/tests/fuzz/json.dict" ;;
  esac
}

status=0
for t in "${targets[@]}"; do
  corpus="$build/corpus-$t"
  log="$build/$t.log"
  mkdir -p "$corpus"
  rm -f "$build/$t"-crash-* "$build/$t"-timeout-* "$build/$t"-oom-* "$build/$t"-leak-*
  nice "$build/tests/fuzz/$t" "$corpus" "$build/seeds-$t" $(dict "$t") \
    -max_total_time="$seconds" -max_len="$(max_len "$t")" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$build/$t-" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')"
  cov="$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+')"
  units="$(grep -oE 'corp: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+')"
  artifact="$(ls "$build/$t"-crash-* "$build/$t"-timeout-* "$build/$t"-oom-* "$build/$t"-leak-* 2>/dev/null | head -n 1)"
  files="$(find "$corpus" -type f | wc -l)"
  if [ "$rc" -eq 0 ] && [ -z "$artifact" ] && [ "$files" -gt $((2 * ${units:-0} + 100)) ]; then
    # Inputs superseded by smaller ones pile up: keep only those that add coverage.
    rm -rf "$corpus.merged" && mkdir -p "$corpus.merged"
    if nice "$build/tests/fuzz/$t" -merge=1 -max_len="$(max_len "$t")" -rss_limit_mb=2048 "$corpus.merged" "$corpus" \
      >"$build/$t.merge.log" 2>&1; then
      rm -rf "$corpus" && mv "$corpus.merged" "$corpus"
    fi
    files="$(find "$corpus" -type f | wc -l)"
  fi
  if [ "$rc" -ne 0 ] || [ -n "$artifact" ]; then
    status=1
    echo "fuzz $t: FAILED (exit $rc) after ${runs:-?} runs; input ${artifact:-none}; log $log"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz invariant|.*runtime error)' "$log" | head -n 5 | sed 's/^/  /'
  else
    echo "fuzz $t: ok, ${seconds} s, ${runs:-?} runs, cov ${cov:-?}, corpus ${files} files"
  fi
done
exit "$status"
