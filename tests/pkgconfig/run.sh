#!/bin/sh
# Installs the build tree's library into a temporary prefix, then builds a C
# program with nothing but `pkg-config --cflags --libs odenek` and runs it
# (issue #15 item 8): the shared library, its SONAME and odenek.pc work for a
# C consumer. Usage: run.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
src=$2
command -v pkg-config >/dev/null || { echo "pkg-config is not installed: skipped"; exit 77; }
command -v cc >/dev/null || { echo "no C compiler: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
pcdir=$(dirname "$(find "$tmp/prefix" -name odenek.pc | head -1)")
[ -n "$pcdir" ] || { echo "odenek.pc was not installed"; exit 1; }
export PKG_CONFIG_PATH="$pcdir"
flags=$(pkg-config --cflags --libs odenek)
libdir=$(pkg-config --variable=libdir odenek)
rulesdir=$(pkg-config --variable=rulesdir odenek)
# A sanitized build's library needs the sanitizer runtime loaded first: a plain
# C program cannot load it, and that says nothing about the library itself.
if nm -D "$libdir/libodenek.so" 2>/dev/null | grep -q '__asan\|__tsan\|__ubsan'; then
  echo "sanitized build: the C consumer is checked in the plain build only"
  exit 77
fi
# shellcheck disable=SC2086  # the flags are words
cc -std=c11 -Wall -Werror "$src/tests/pkgconfig/consumer.c" $flags -o "$tmp/consumer"
# The SONAME names the minor version (0.x may break the ABI between minors).
soname=$(objdump -p "$libdir/libodenek.so" | awk '/SONAME/ {print $2}')
case "$soname" in
  libodenek.so.0.*) ;;
  *) echo "unexpected SONAME \"$soname\""; exit 1 ;;
esac
out=$(LD_LIBRARY_PATH="$libdir" "$tmp/consumer" "$rulesdir")
echo "$out"
echo "$out" | grep -q '"status":"eligible"' || { echo "pkg-config consumer: not eligible"; exit 1; }
echo "$out" | grep -q '"aylik_net":"3972.82"' || { echo "pkg-config consumer: wrong amount"; exit 1; }
echo "pkg-config consumer: OK ($soname, $flags)"
