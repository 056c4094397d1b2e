#!/bin/sh
# The docs/rules.md §9 walkthrough, run by ctest (rules_walkthrough): every
# command the page shows, on the files the page shows, with what it says.
# Usage: run.sh PATH/TO/odenek
set -eu
odenek=$1
cd "$(dirname "$0")"

expect() {  # expect OUTPUT TEXT: OUTPUT contains TEXT
  if ! printf '%s\n' "$1" | grep -qF -- "$2"; then
    printf 'walkthrough: expected "%s" in:\n%s\n' "$2" "$1" >&2
    exit 1
  fi
}

# 1. The rules load and check clean.
out=$("$odenek" validate rules)
expect "$out" "0 errors, 0 warnings"

# 2. The cases pass, and between them take every branch.
out=$("$odenek" test rules --coverage)
expect "$out" "8 passed, 0 failed"
expect "$out" "every condition seen both ways, every row and branch taken"

# 3. explain shows the exception that applied, with its own article, and the
#    base definition it set aside.
out=$("$odenek" --rules rules explain claims/engelli.yaml --format text)
expect "$out" "Günlük destek tutarı (gunluk_destek) = 100,01 TL"
expect "$out" "[Kurs Destegi Yönergesi (örnek, yasa değil) m.2/2]"
expect "$out" "istisna uygulandı: value_or(engelli, false)"
expect "$out" "temel tanım uygulanmadı: round(kurs_destegi.oran"

# 4. Under the test-only reform, the value it changed cites the reform.
out=$("$odenek" --rules rules explain claims/tam.yaml --format text \
      --reform rules/kurs_destegi/tests/reformlar/oran_artisi.yaml)
expect "$out" "toplam_destek : 3.600,45 TL"
expect "$out" "Reform uygulandı: rules/kurs_destegi/tests/reformlar/oran_artisi.yaml"
expect "$out" "kurs_destegi.oran @ 2024-03-01 = 0,12 (2024-01-01 tarihinden) {reform: kurs_oran_12}"
out=$("$odenek" --rules rules validate rules --reform rules/kurs_destegi/tests/reformlar/oran_artisi.yaml)
expect "$out" "0 errors, 0 warnings"

# 5. The mistakes the page warns about are caught, each at its place.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -R rules "$tmp/"
# an exception without its article
sed -i '/reference: Kurs Destegi Yönergesi (örnek, yasa değil) m.2\/2/d' "$tmp/rules/kurs_destegi/program.yaml"
# a case that names a condition the programme does not have
sed -i 's/failed: \[devam_yeterli\]/failed: [devam_yetersiz]/' "$tmp/rules/kurs_destegi/tests/kurs_destegi.yaml"
out=$("$odenek" validate "$tmp/rules" || true)
expect "$out" "error: exception 1 of variable gunluk_destek has no reference"
expect "$out" "failed: devam_yetersiz is not a condition of kurs_destegi"
echo "walkthrough: ok"
