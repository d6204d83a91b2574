#!/usr/bin/env bash
# `jixiao targets import` reads a 申报表 saved as .xlsx as it reads the CSV:
# LibreOffice (Debian's, headless) turns the demo target set and a bad
# file into workbooks, and the CLI imports them into a budget and an
# indicator service started here on loopback (SQLite, open mode).
#
#   tests/targets_xlsx.sh BUILD_DIR
#
# Checked: the workbook stores the same set as the CSV (the CSV imported
# after it is "unchanged"); the export, made a workbook again, reads back
# the same; a workbook with bad cells is refused naming row and column, and
# nothing is stored.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
command -v soffice >/dev/null || { echo "soffice is needed (deploy/install-deps.sh installs it)" >&2; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

start() {  # name binary flags...
  local name=$1 binary=$2
  shift 2
  "$binary" --listen=127.0.0.1:0 --port_file="$work/$name.port" --insecure "$@" \
    2>"$work/$name.log" &
  pids+=($!)
  for _ in $(seq 100); do [ -s "$work/$name.port" ] && break; sleep 0.1; done
  [ -s "$work/$name.port" ] || { echo "$name did not start:" >&2; cat "$work/$name.log" >&2; exit 1; }
}
start budget "$build/services/budget/jixiao-budget" --storage="sqlite:$work/budget.db"
budget="127.0.0.1:$(cat "$work/budget.port")"
start indicator "$build/services/indicator/jixiao-indicator" \
  --storage="sqlite:$work/indicator.db" --budget="$budget" --frameworks_dir="$root/frameworks"
indicator="127.0.0.1:$(cat "$work/indicator.port")"
cli=("$build/tools/jixiao/jixiao" --budget="$budget" --indicator="$indicator")
key=(--region=430725 --department=taoyuan-psb --year=2019)
"${cli[@]}" dataset load "$root/deploy/demo/taoyuan-psb-2019.json" >/dev/null

# Comma-separated, double quotes, UTF-8, every column kept as text (a 指标值
# such as "=100%" must not become a formula or a number).
mkdir -p "$work/csv" "$work/xlsx" "$work/profile"
to_xlsx() {
  (cd "$work/csv" && soffice -env:UserInstallation=file://"$work/profile" --headless \
    --norestore --infilter="CSV:44,34,76,1,1/2/2/2/3/2/4/2/5/2/6/2/7/2" \
    --convert-to xlsx --outdir "$work/xlsx" "$@" >/dev/null 2>&1)
}
cp "$root/deploy/demo/taoyuan-psb-2019-targets.csv" "$work/csv/demo.csv"
cat >"$work/csv/bad.csv" <<'CSV'
部门整体支出绩效目标申报表（2019年度）
一级指标,二级指标,三级指标,指标值
产出指标,数量指标,破获黑恶类案件数,约100起
满意度指标,服务对象满意度指标,群众安全感满意度,≥90%
CSV
to_xlsx demo.csv bad.csv
failed=0
fail() { echo "targets_xlsx: $*" >&2; failed=1; }

out=$("${cli[@]}" targets import "$work/xlsx/demo.xlsx" "${key[@]}")
[[ "$out" == *"stored 430725/taoyuan-psb 2019 草稿(DRAFT), version 1, 23 indicators"* ]] ||
  fail "demo.xlsx: $out"
out=$("${cli[@]}" targets import "$work/csv/demo.csv" "${key[@]}")
[[ "$out" == *"unchanged"* ]] || fail "demo.csv after demo.xlsx: $out"
"${cli[@]}" targets export "${key[@]}" >"$work/csv/export.csv"
to_xlsx export.csv
out=$("${cli[@]}" targets import "$work/xlsx/export.xlsx" "${key[@]}")
[[ "$out" == *"unchanged"*"version 1"* ]] || fail "export.xlsx: $out"

if "${cli[@]}" targets import "$work/xlsx/bad.xlsx" "${key[@]}" --department=other \
  2>"$work/err"; then
  fail "bad.xlsx was accepted"
fi
grep -q "row 3, column 指标值: '约100起' is not a comparator and a value" "$work/err" ||
  fail "bad.xlsx: $(cat "$work/err")"
grep -q "1 errors; nothing was stored" "$work/err" || fail "bad.xlsx: $(cat "$work/err")"
if "${cli[@]}" targets show --region=430725 --department=other --year=2019 \
  >/dev/null 2>&1; then
  fail "bad.xlsx stored targets"
fi
[ "$failed" -eq 0 ] && echo "targets xlsx: the workbooks read as their CSV; the bad one is refused"
[ "$failed" -eq 0 ]
