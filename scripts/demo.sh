#!/usr/bin/env bash
# Quick start command 1: set-up, build (Release), then the main job: generate a
# claim file, bulk-simulate it and print the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh release --quiet
bin=build/bin/odenek
"$bin" --version
demo=/tmp/odenek-demo
mkdir -p "$demo"
# Generating is fast and deterministic for the seed, so it is simply redone.
"$bin" generate --n 200000 --seed 1 --out "$demo/claims.csv"
echo "simulating $demo/claims.csv (results: $demo/results.csv, errors: $demo/errors.jsonl)"
"$bin" simulate "$demo/claims.csv" --out "$demo/results.csv" --errors "$demo/errors.jsonl" \
  --summary "$demo/summary.json"
