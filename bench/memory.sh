#!/usr/bin/env bash
# Peak memory of `odenek simulate` (issue #14: ≤ 256 MB for any input size and
# thread count). Prints each run's peak resident set (GNU time's %M) and wall
# time; docs/performance.md "Memory" holds the figures.
#
#   bench/memory.sh            # 50M facts claims piped from generate, then 400
#                              # maximum-length histories on 2, 16 and 64 threads
#   N=10000000 bench/memory.sh # fewer piped claims
#
# Environment: ODENEK_CLI (default build/bin/odenek), N (default 50000000),
# LONG (history claims, default 400), TMPDIR (where the id check may spill:
# about 21 bytes a claim). Needs /usr/bin/time and /usr/bin/python3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cli=${ODENEK_CLI:-$root/build/bin/odenek}
n=${N:-50000000}
long=${LONG:-400}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
peak() { /usr/bin/time -f "%M KB peak, %e s wall, %U s user" "$@"; }

echo "== $n facts claims: generate --out - | simulate - (summary only)"
"$cli" generate --n "$n" --seed 1 --out - 2>/dev/null |
  peak "$cli" simulate - --input-format csv --summary "$work/pipe.json" 2>&1 >/dev/null | tail -1
grep -A3 '"id_check"' "$work/pipe.json" || echo "(ids stayed in memory)"
grep '"records_evaluated"' "$work/pipe.json"

echo "== $long maximum-length history claims (10 000 premium lines each), with a reform"
"$cli" generate --n 1 --seed 1 --out - --format jsonl 2>/dev/null |
  /usr/bin/python3 "$root/bench/long_histories.py" "$long" > "$work/long.jsonl"
for threads in 2 16 64; do
  printf 'threads %-3s ' "$threads"
  peak "$cli" simulate "$work/long.jsonl" --threads "$threads" --out "$work/long_out.jsonl" \
    --reform "$root/tests/simulate/data/reform_oran_50.yaml" 2>&1 >/dev/null | tail -1
done
