#!/usr/bin/env bash
# Builds odenek, installs it into a temporary prefix, builds examples/embed
# against the installed package (find_package(odenek CONFIG)) and runs it: the
# check that an embedder gets a working odenek::engine from `cmake --install`.
# Usage: scripts/embed_check.sh   (reuses build/ when configured; ODENEK_BUILD_DIR
# names another build folder). Prints "embed check: OK" last on success.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${ODENEK_BUILD_DIR:-build}"
jobs="${ODENEK_JOBS:-2}"

if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
# Only what is installed; the CLI and tests are not needed here.
ninja -C "$build" -j"$jobs" odenek_util odenek_ast odenek_load odenek_check \
  odenek_plan odenek_exec odenek_io odenek_api odenek_bulk odenek_shared >/dev/null

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cmake -S examples/embed -B "$tmp/embed" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
ninja -C "$tmp/embed" -j"$jobs" >/dev/null

# No argument: the example loads the rules installed under share/odenek/rules.
out="$("$tmp/embed/embed_example")"
echo "$out"
fail=0
for want in "issizlik_odenegi: eligible" "aylik_net = 3972.82" "sure_gun = 180" \
    "simulate record 1: S-1 eligible" "simulate record 2: S-2 ineligible" \
    "simulate record 3 rejected: column fesih_tarihi" "simulate: 3 read, 2 evaluated, 1 rejected"; do
  if ! grep -qF "$want" <<<"$out"; then
    echo "embed check: output lacks \"$want\"" >&2
    fail=1
  fi
done
[ "$fail" = 0 ] || exit 1
echo "embed check: OK"
