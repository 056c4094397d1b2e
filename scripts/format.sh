#!/usr/bin/env bash
# Formats the C and C++ sources (every tracked *.cc, *.h, *.c) with
# .clang-format: Google style, 100 columns.
#
# Usage: scripts/format.sh           reformat the files in place
#        scripts/format.sh --check   change nothing; list the files that are
#                                    not formatted and exit 1 (CI runs this)
#
# clang-format 14, as Debian 12 ships it (scripts/setup.sh installs it):
# another version may format a few constructs differently.
set -euo pipefail
cd "$(dirname "$0")/.."
fmt="$(command -v clang-format-14 || command -v clang-format || true)"
if [ -z "$fmt" ]; then
  echo "format: clang-format is not installed (bash scripts/setup.sh installs it)" >&2
  exit 2
fi
mapfile -t files < <(git ls-files '*.cc' '*.h' '*.c')
if [ "${1:-}" = "--check" ]; then
  unformatted=()
  for f in "${files[@]}"; do
    if ! "$fmt" --dry-run -Werror "$f" >/dev/null 2>&1; then unformatted+=("$f"); fi
  done
  if [ "${#unformatted[@]}" -gt 0 ]; then
    echo "format: ${#unformatted[@]} file(s) not formatted as .clang-format says:" >&2
    printf '  %s\n' "${unformatted[@]}" >&2
    echo "format: run bash scripts/format.sh to fix them" >&2
    exit 1
  fi
  echo "format: ${#files[@]} files formatted"
  exit 0
fi
"$fmt" -i "${files[@]}"
echo "format: ${#files[@]} files formatted"
