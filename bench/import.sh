#!/usr/bin/env bash
# Figure d: importing payment records by gRPC streaming (`jixiao import
# ledger`: the CSV read, checked, streamed in chunks of 10,000 and stored in
# one transaction by the budget service), beside the database's own bulk
# load of the same CSV in the same run: sqlite3's `.import` into a table of
# the same columns (one transaction, synchronous=FULL as the service), and
# `psql \copy` on a throwaway PostgreSQL cluster.
#
#   bench/import.sh [ROWS]     default 1,000,000
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
[ -f build/build.ninja ] || deploy/build.sh >/dev/null
cmake --build build --target jixiao-budget jixiao >/dev/null
source bench/common.sh
start_postgres

/usr/bin/python3 - "$rows" "$work/payments.csv" <<'PY'
import sys
rows, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write("department_code,year,record_id,paid_on,function_code,economic_code,project_code,amount\n")
    for i in range(rows):
        f.write(f"bench-unit,2019,P{i},2019-{1 + i % 12:02d}-{1 + i % 28:02d},2040201,30201,,{1 + i % 9999}.{i % 100:02d}\n")
PY
csv_mb=$(du -m "$work/payments.csv" | cut -f1)
columns="department_code TEXT NOT NULL, year INTEGER NOT NULL, record_id TEXT NOT NULL,
  paid_on TEXT NOT NULL, function_code TEXT NOT NULL, economic_code TEXT NOT NULL,
  project_code TEXT NOT NULL DEFAULT '', amount TEXT NOT NULL"
seconds() { /usr/bin/python3 -c 'import time; print(time.monotonic())'; }
rate() { /usr/bin/python3 -c "print(round($rows / ($2 - $1)))"; }

# Baselines: the databases' own bulk loads.
t0=$(seconds)
sqlite3 "$work/baseline.db" <<SQL >/dev/null
PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
CREATE TABLE payments ($columns, UNIQUE (department_code, record_id));
.import --csv --skip 1 $work/payments.csv payments
SQL
t1=$(seconds)
sqlite_rate=$(rate "$t0" "$t1")
psql "$pg_url/postgres" -qAt -c "CREATE TABLE payments ($columns, UNIQUE (department_code, record_id))"
t0=$(seconds)
psql "$pg_url/postgres" -qAt -c "\\copy payments FROM '$work/payments.csv' WITH (FORMAT csv, HEADER true, FORCE_NOT_NULL (project_code))" >/dev/null
t1=$(seconds)
copy_rate=$(rate "$t0" "$t1")

# The service, on each backend: a department, then the CSV streamed.
stream() {  # storage → rows per second
  local budget
  budget=$(start budget build/services/budget/jixiao-budget --storage="$1")
  local cli=(build/tools/jixiao/jixiao --budget="$budget" --deadline_ms=600000)
  "${cli[@]}" call jixiao.budget.v1.BudgetService/CreateDepartment \
    '{"department": {"regionCode": "430725", "code": "bench-unit", "name": "基准单位"}}' >/dev/null
  local t0 t1
  t0=$(seconds)
  if ! "${cli[@]}" import ledger "$work/payments.csv" --region=430725 --unit=元 \
      >"$work/import.out" 2>&1; then
    echo "bench/import.sh: the import failed: $(tail -3 "$work/import.out")" >&2
    return 1
  fi
  t1=$(seconds)
  stop_all
  rate "$t0" "$t1"
}
sqlite_stream=$(stream "sqlite:$work/budget.db") || exit 1
psql "$pg_url/postgres" -qAt -c "CREATE DATABASE bench_import" >/dev/null
pg_stream=$(stream "$pg_url/bench_import") || exit 1

echo "d. importing $rows payment records ($csv_mb MB of CSV), rows per second:"
printf "   %-44s %10s\n" "baseline: sqlite3 .import (same columns)" "$sqlite_rate"
printf "   %-44s %10s   %s\n" "d. gRPC streaming into SQLite" "$sqlite_stream" \
  "$(/usr/bin/python3 -c "r=$sqlite_stream/$sqlite_rate; print(f'{r:.0%} of .import: ' + ('met' if r >= .5 else 'missed'))")"
printf "   %-44s %10s\n" "baseline: psql \\copy (same columns)" "$copy_rate"
printf "   %-44s %10s   %s\n" "d. gRPC streaming into PostgreSQL" "$pg_stream" \
  "$(/usr/bin/python3 -c "r=$pg_stream/$copy_rate; print(f'{r:.0%} of \\\\copy: ' + ('met' if r >= .5 else 'missed'))")"
