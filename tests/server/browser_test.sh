#!/usr/bin/env bash
# server_browser_test: the caseworker page in Debian's headless chromium,
# driven by puppeteer-core (tests/server/browser/page_test.js).
# Usage: browser_test.sh ODENEK_CLI WORK_DIR. Exits 77 (skipped) without
# chromium, node or npm, unless ODENEK_WITH_CHROMIUM=1 says they must be there.
# An `npm ci` that fails (no registry reachable: set-up promises only Debian's
# packages) is a skip too, said loudly, unless ODENEK_REQUIRE_BROWSER_TEST=1.
set -euo pipefail
cli=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)

skip() {
  if [ "${ODENEK_WITH_CHROMIUM:-0}" = 1 ]; then
    echo "server_browser_test: $1, but ODENEK_WITH_CHROMIUM=1" >&2
    exit 1
  fi
  echo "server_browser_test: $1: skipped"
  exit 77
}
[ -x /usr/bin/chromium ] || skip "no /usr/bin/chromium"
command -v node >/dev/null || skip "no node"
command -v npm >/dev/null || skip "no npm"

# npm ci into the build tree, once per lock file (the source tree stays clean).
mkdir -p "$work"
if ! cmp -s "$here/browser/package-lock.json" "$work/package-lock.json" ||
   [ ! -d "$work/node_modules/puppeteer-core" ]; then
  cp "$here/browser/package.json" "$here/browser/package-lock.json" "$work/"
  # --ignore-scripts: puppeteer-core downloads nothing; we use Debian's chromium.
  if ! (cd "$work" && npm ci --no-audit --no-fund --ignore-scripts >npm.log 2>&1); then
    cat "$work/npm.log" >&2
    rm -f "$work/package-lock.json"
    if [ "${ODENEK_REQUIRE_BROWSER_TEST:-0}" = 1 ]; then
      echo "server_browser_test: npm ci failed" >&2
      exit 1
    fi
    echo "server_browser_test: npm ci failed (no npm registry reachable?): SKIPPED" >&2
    exit 77
  fi
fi
PUPPETEER_PATH="$work/node_modules/puppeteer-core" exec node "$here/browser/page_test.js" "$cli"
