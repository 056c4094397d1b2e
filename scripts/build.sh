#!/usr/bin/env bash
# Usage: scripts/build.sh [PRESET] [--quiet]   (PRESET: release (default), debug, asan)
# Installs what is missing, configures once, then builds incrementally. With
# --quiet the compiler's progress is kept in build*/build.log and shown only
# when the build fails.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
quiet="${2:-}"
bash scripts/setup.sh
dir="build"
[ "$preset" != release ] && dir="build-$preset"
werror=OFF
[ "${CI:-}" = true ] && werror=ON
if [ ! -f "$dir/build.ninja" ]; then
  cmake --preset "$preset" -DODENEK_WERROR=$werror >/dev/null
fi
if [ "$quiet" = --quiet ]; then
  if ! cmake --build --preset "$preset" -- -j"$(nproc)" >"$dir/build.log" 2>&1; then
    tail -n 60 "$dir/build.log" >&2
    echo "build failed: full log in $dir/build.log" >&2
    exit 1
  fi
else
  cmake --build --preset "$preset" -- -j"$(nproc)"
fi
