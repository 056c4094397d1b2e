#!/usr/bin/env bash
# The Python binding's own C++ (python/src/) under AddressSanitizer and
# UBSan: recompiles module.cc and columns.cc instrumented from the Release
# build's compile and link commands (the engine libraries stay as built),
# preloads the sanitizer runtimes into Debian's python3 (an instrumented
# module in an uninstrumented interpreter needs them first) and runs the
# pytest suite but for the Dask and docs tests (worker processes would
# inherit the preload and crawl). Leak checking is off: CPython frees little
# at exit by design. Usage: bash scripts/python_asan.sh (after a Release build).
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/odenek"
cp "$build"/python/odenek/*.py "$out/odenek/"
objects=()
for f in module columns; do
  cmd=$(/usr/bin/python3 -c "
import json, sys
c = [e for e in json.load(open('$build/compile_commands.json'))
     if e['file'].endswith('python/src/$f.cc')][0]
print(c['command'])")
  cmd=$(echo "$cmd" | sed -e "s| -o [^ ]*\.o | -o $out/$f.o |" \
    -e 's/-O3/-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer/')
  (cd "$build" && eval "$cmd")
  objects+=("$out/$f.o")
done
link=$(cd "$build" && ninja -t commands _odenek | tail -1 | sed -e 's/^: && //' -e 's/ && :$//')
link=$(echo "$link" | sed -e "s| -o python/odenek/_odenek[^ ]*| -o $out/odenek/$(basename "$build"/python/odenek/_odenek*.so)|" \
  -e "s|python/CMakeFiles/_odenek.dir/src/module.cc.o|$out/module.o|" \
  -e "s|python/CMakeFiles/_odenek.dir/src/columns.cc.o|$out/columns.o|" \
  -e 's|-shared|-shared -fsanitize=address,undefined|')
(cd "$build" && eval "$link")
ODENEK_CLI="$build/bin/odenek" PYTHONPATH="$out" \
  LD_PRELOAD="$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so)" \
  ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  /usr/bin/python3 -m pytest -q -p no:cacheprovider python/tests/test_api.py \
  python/tests/test_bad_inputs.py python/tests/test_simulate.py python/tests/test_threads.py
