#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test odenek.
# Idempotent: when every package is present it does nothing (no apt-get update).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev clang-format-14
  libabsl-dev libyaml-cpp-dev libboost-date-time-dev libboost-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libsimdjson-dev nlohmann-json3-dev
  python3
  # The Python binding (python/) and its tests: Debian's /usr/bin/python3.
  python3-dev python3-pybind11 pybind11-dev python3-numpy python3-pandas
  python3-dask python3-distributed python3-pytest
  # odenek serve: the OpenAPI test validates with jsonschema; the CI smoke of
  # bench/serve.sh runs wrk (both skipped when missing).
  python3-jsonschema wrk
)
# Chromium renders the HTML report in a test (tests/simulate/report_render_test.cc,
# skipped without it). Opt-in: it is a few hundred MB and most builds do not need it.
if [ "${ODENEK_WITH_CHROMIUM:-0}" = 1 ]; then
  packages+=(chromium)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
