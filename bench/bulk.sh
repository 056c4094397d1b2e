#!/usr/bin/env bash
# bench/bulk.sh: end-to-end speed of `odenek simulate` (issue #6).
#
# Usage: bench/bulk.sh [N] [N_JSONL]        (defaults: 1000000 and N)
#
# Generates N facts claims (CSV) and N_JSONL history claims (JSONL, ~2 KB a
# line, so a smaller N keeps the file reasonable) with `odenek generate --seed 1`
# (kept between runs in $BULK_DIR), then times whole `odenek simulate` processes
# under /usr/bin/time -v: claims/s over the process's wall time (rules loading
# included) and peak RSS. The rate simulate reports itself (rules loading
# excluded) is shown beside it. When the GoRules Zen peer is set up in
# /tmp/peers-node (../shared/peers/README.md), it runs on a file of the same
# size for comparison.
#
# Environment: ODENEK (binary, default build/bin/odenek), BULK_DIR (work
# folder, default /tmp/odenek-bulk), BULK_REFORM (reform file), BULK_PEERS=0
# (skip the Zen peer), ODENEK_RULES (rules folder, as for odenek itself:
# comparing two binaries needs rules both can load).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-1000000}"
n_jsonl="${2:-$n}"
odenek="${ODENEK:-$root/build/bin/odenek}"
work="${BULK_DIR:-/tmp/odenek-bulk}"
reform="${BULK_REFORM:-$root/tests/simulate/data/reform_oran_50.yaml}"
peers="$root/../shared/peers"

if [ ! -x "$odenek" ]; then
  echo "bulk: no odenek binary at $odenek (build first: bash scripts/build.sh)" >&2
  exit 1
fi
if [ ! -x /usr/bin/time ]; then
  # GNU time reports peak RSS; bash's `time` keyword does not.
  echo "bulk: installing GNU time" >&2
  SUDO=""
  [ "$(id -u)" != 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time >/dev/null
fi
mkdir -p "$work"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $odenek"

# A file per size and form, generated once (generation is not what we time).
generate() {  # N FILE
  if [ ! -s "$2" ]; then
    echo "generating $1 claims into $2" >&2
    "$odenek" generate --n "$1" --seed 1 --out "$2.tmp.${2##*.}" >/dev/null
    mv "$2.tmp.${2##*.}" "$2"
  fi
}
csv="$work/claims-$n.csv"
jsonl="$work/claims-$n_jsonl.jsonl"
generate "$n" "$csv"
generate "$n_jsonl" "$jsonl"
echo "inputs: $csv ($(du -h "$csv" | cut -f1)), $jsonl ($(du -h "$jsonl" | cut -f1))"

# Seconds from GNU time's "h:mm:ss" or "m:ss.ss".
seconds() {
  awk -F: '{ s = 0; for (i = 1; i <= NF; ++i) s = s * 60 + $i; print s }' <<<"$1"
}

# CPU time (user + sys) is the steadier figure on a shared VM: other jobs
# stretch the wall time, much less the CPU a run itself needs.
printf '\n| run | claims | wall (s) | claims/s | simulate'"'"'s own claims/s | CPU (s) | peak RSS (MB) |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
declare -A wall_of cpu_of
run() {  # LABEL CLAIMS simulate-args...
  local label="$1" claims="$2"
  shift 2
  rm -f "$work/summary.json"
  if ! /usr/bin/time -v -o "$work/time.txt" "$odenek" simulate "$@" \
      --summary "$work/summary.json" >"$work/stdout.txt" 2>"$work/stderr.txt"; then
    echo "bulk: $label failed:" >&2
    cat "$work/stderr.txt" >&2
    exit 1
  fi
  local wall rss own cpu
  wall="$(seconds "$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$work/time.txt")")"
  cpu="$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time.txt")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")"
  own="$(sed -n 's/.*"claims_per_second": \([0-9]*\).*/\1/p' "$work/summary.json")"
  wall_of["$label"]="$wall"
  cpu_of["$label"]="$cpu"
  awk -v l="$label" -v n="$claims" -v w="$wall" -v r="$rss" -v o="$own" -v c="$cpu" 'BEGIN {
    printf "| %s | %d | %.2f | %.0f | %d | %.2f | %.0f |\n", l, n, w, n / w, o, c, r / 1024 }'
}

run "CSV → CSV, 1 thread" "$n" "$csv" --out "$work/out.csv" --threads 1
run "CSV → CSV, 2 threads" "$n" "$csv" --out "$work/out.csv" --threads 2
run "CSV → summary only, 2 threads" "$n" "$csv" --threads 2
run "CSV → CSV + reform, 2 threads" "$n" "$csv" --out "$work/out-reform.csv" --threads 2 \
  --reform "$reform"
run "JSONL → JSONL, 2 threads" "$n_jsonl" "$jsonl" --out "$work/out.jsonl" --threads 2
rm -f "$work/out.csv" "$work/out-reform.csv" "$work/out.jsonl"

awk -v a="${wall_of["CSV → CSV + reform, 2 threads"]}" -v b="${wall_of["CSV → CSV, 2 threads"]}" \
  -v c="${cpu_of["CSV → CSV + reform, 2 threads"]}" -v d="${cpu_of["CSV → CSV, 2 threads"]}" \
  'BEGIN { printf "\nreform / single run: %.2fx wall, %.2fx CPU (target <= 1.3x)\n", a / b, c / d }'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${BULK_PEERS:-1}" != 0 ] && [ -d /tmp/peers-node/node_modules ] && command -v node >/dev/null; then
  echo
  echo "peer: GoRules Zen (loop mode) on $n flat claims (../shared/peers)"
  peer_jsonl="$work/peers-$n.jsonl"
  [ -s "$peer_jsonl" ] || python3 "$peers/gen_claims.py" --n "$n" --seed 1 --jsonl "$peer_jsonl"
  node "$peers/zen/run.mjs" "$peer_jsonl" "$work/zen.csv" --mode loop
  rm -f "$work/zen.csv"
else
  echo
  echo "peer: /tmp/peers-node not set up; skipped (see ../shared/peers/README.md)"
fi
