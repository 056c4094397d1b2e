#!/usr/bin/env bash
# Quick start command 1: set-up, build (Release), then the main job: generate a
# claim file, bulk-simulate it and print the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh release --quiet
bin=build/bin/odenek
"$bin" --version
"$bin" programs
