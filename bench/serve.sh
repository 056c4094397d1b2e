#!/usr/bin/env bash
# Load test of `odenek serve` (issue #19): wrk on loopback, POST /v1/check with
# one claim (bench/serve_claim.json, examples/issizlik_odenegi.yaml as JSON),
# keep-alive, 64 connections, 30 s. Prints requests/s, p99 latency, errors and
# the server's RSS before and after. docs/serving.md describes the method,
# docs/performance.md holds the figures.
#
#   bench/serve.sh                 # the full run: 30 s, 64 connections
#   bench/serve.sh --smoke         # CI: 3 s, 8 connections, no timing asserted
#   DURATION=300 bench/serve.sh    # the 5-minute soak
#   bench/serve.sh --peer          # side by side: odenek serve with bench/peer_rules
#                                  # and GoRules Zen (bench/peer_serve.mjs, Node's HTTP
#                                  # server, 2 workers) on the same flat claim
#                                  # (bench/peer_claim.json), one after the other
#
# Environment: ODENEK_CLI (default build/bin/odenek), DURATION (s),
# CONNECTIONS, WRK_THREADS (default 2), SERVER_THREADS (default 2).
# Exits 77 without wrk; 1 when a request failed (non-2xx or socket errors).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cli=${ODENEK_CLI:-$root/build/bin/odenek}
duration=${DURATION:-30}
connections=${CONNECTIONS:-64}
wrk_threads=${WRK_THREADS:-2}
server_threads=${SERVER_THREADS:-2}
peer=0
if [ "${1:-}" = --smoke ]; then
  duration=3
  connections=8
  wrk_threads=1
elif [ "${1:-}" = --peer ]; then
  peer=1
fi
if ! command -v wrk >/dev/null; then
  echo "bench/serve.sh: wrk is not installed (apt-get install wrk): skipped"
  exit 77
fi

# --peer: one wrk run per server, same claim, same settings; prints one line each.
# Runs instead of the built-in-rules run (the decisions differ).
if [ "$peer" = 1 ]; then
  nm=${PEERS_NODE_MODULES:-/tmp/peers-node/node_modules}
  [ -d "$nm/@gorules/zen-engine" ] || { echo "bench/serve.sh --peer: set up $nm first (../shared/peers/README.md)"; exit 77; }
  log=$(mktemp)
  trap 'kill "$spid" 2>/dev/null || true; rm -f "$log" "$log.wrk"' EXIT
  run_one() {  # NAME URL, server already started as $spid writing to $log
    for _ in $(seq 100); do grep -q 'listening on' "$log" && break; sleep 0.1; done
    CLAIM_FILE="$root/bench/peer_claim.json" wrk -t1 -c4 -d1s -s "$root/bench/serve_post.lua" "$2" >/dev/null
    CLAIM_FILE="$root/bench/peer_claim.json" wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" \
      --latency -s "$root/bench/serve_post.lua" "$2" >"$log.wrk"
    echo "$1: requests/s $(awk '/Requests\/sec/ {print $2}' "$log.wrk")  p99 $(awk '$1 == "99%" {print $2}' "$log.wrk")  non-2xx $(awk '/Non-2xx/ {print $5}' "$log.wrk")"
    kill -TERM "$spid"; wait "$spid" 2>/dev/null || true
  }
  p=$((20000 + RANDOM % 20000))
  "$cli" serve --listen 127.0.0.1:$p --threads "$server_threads" --rules "$root/bench/peer_rules" >"$log" 2>&1 &
  spid=$!
  run_one "odenek serve (peer_rules, --threads $server_threads)" "http://127.0.0.1:$p/v1/check?program=peer_issizlik"
  : >"$log"
  p=$((p + 1))
  PEERS_NODE_MODULES=$nm node "$root/bench/peer_serve.mjs" $p "$server_threads" >"$log" 2>&1 &
  spid=$!
  run_one "GoRules Zen (Node http, $server_threads workers)" "http://127.0.0.1:$p/check"
  echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg); ${duration}s, $connections connections, wrk -t$wrk_threads"
  exit 0
fi

out=$(mktemp)
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out" "$out.wrk"' EXIT
"$cli" serve --listen 127.0.0.1:0 --threads "$server_threads" >"$out" 2>&1 &
pid=$!
for _ in $(seq 100); do
  grep -q 'listening on' "$out" && break
  sleep 0.1
done
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out" | head -1)
[ -n "$port" ] || { cat "$out" >&2; exit 1; }
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$pid/status"; }

url="http://127.0.0.1:$port/v1/check?program=issizlik_odenegi"
# Warm up (first requests fault in pages, fill allocator caches).
CLAIM_FILE="$root/bench/serve_claim.json" wrk -t1 -c4 -d1s -s "$root/bench/serve_post.lua" "$url" >/dev/null
rss_before=$(rss)
CLAIM_FILE="$root/bench/serve_claim.json" wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" \
  --latency -s "$root/bench/serve_post.lua" "$url" | tee "$out.wrk"
rss_after=$(rss)

rps=$(awk '/Requests\/sec/ {print $2}' "$out.wrk")
p99=$(awk '$1 == "99%" {print $2}' "$out.wrk")
non2xx=$(awk '/Non-2xx/ {print $5}' "$out.wrk")
socket=$(awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}' "$out.wrk")
errors=$(( ${non2xx:-0} + ${socket:-0} ))
kill -TERM "$pid"
wait "$pid" || { echo "server exited $?" >&2; exit 1; }

echo
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "run: ${duration}s, $connections connections, wrk -t$wrk_threads, server --threads $server_threads"
echo "requests/s: $rps  p99: $p99  errors: $errors  RSS before: $rss_before  after: $rss_after"
[ "$errors" = 0 ]
