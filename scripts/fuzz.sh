#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang, ASan + UBSan, build-fuzz/)
# and runs each for SECONDS (default 60). Exits non-zero if a target crashes,
# leaks, hits undefined behaviour or times out on one input; the input that did
# it is left in build-fuzz/fuzz/findings/<target>/ (turn it into a case in
# tests/bad/ or a unit test; see docs/security.md).
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
# Env:   FUZZ_BUILD_DIR (default build-fuzz), FUZZ_JOBS (ninja -j, default nproc)
#
# The seed corpus in fuzz/corpus/<target>/ is read, never written: new inputs
# libFuzzer finds go to build-fuzz/fuzz/corpus/<target>/, which later runs
# reuse, so coverage accumulates on one machine without churning the repo.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  # CI (.ci/run) runs this default list, 60 s each: about 6 minutes.
  targets=(expression_fuzz rule_loader_fuzz claim_fuzz csv_row_fuzz jsonl_line_fuzz
           http_handler_fuzz)
fi
build="${FUZZ_BUILD_DIR:-build-fuzz}"
jobs="${FUZZ_JOBS:-$(nproc)}"

bash scripts/setup.sh
cmake --preset fuzz -B "$build" >/dev/null
ninja -C "$build" -j"$jobs" "${targets[@]}" >/dev/null

status=0
for t in "${targets[@]}"; do
  work="$build/fuzz/corpus/$t"
  findings="$build/fuzz/findings/$t"
  mkdir -p "$work" "$findings"
  # Expressions are short (real ones are under 300 bytes); files are not. The
  # bulk targets (csv_row_fuzz, jsonl_line_fuzz) read a whole file of records:
  # 64 KiB holds a few hundred, enough to cross the 1024-row batch of a
  # BatchEvaluator with short rows.
  extra=(-max_len=65536)
  if [ "$t" = expression_fuzz ]; then extra=(-max_len=4096 -dict=fuzz/expression.dict); fi
  echo "== $t (${seconds}s)"
  # -rss_limit_mb: a rule or claim file may use memory, but not unboundedly.
  # -timeout: one input taking longer than this is a hang, reported as a crash.
  if ! "$build/fuzz/$t" "$work" "fuzz/corpus/$t" "${extra[@]}" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$findings/" -print_final_stats=1 2>"$build/fuzz/$t.log"; then
    echo "FAIL $t: see $build/fuzz/$t.log and $findings/" >&2
    tail -n 40 "$build/fuzz/$t.log" >&2
    status=1
  else
    grep -E "^stat::number_of_executed_units|^#[0-9]+.*DONE" "$build/fuzz/$t.log" || true
  fi
done
exit $status
