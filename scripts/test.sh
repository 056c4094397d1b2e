#!/usr/bin/env bash
# Quick start command 2: set-up, build (Release), then the whole test suite.
# Usage: scripts/test.sh [PRESET]   (release by default; asan runs it sanitized)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
bash scripts/build.sh "$preset" --quiet
ctest --preset "$preset" -j"$(nproc)" 2>&1 | tail -n 25
