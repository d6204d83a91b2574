#!/usr/bin/env bash
# The PostgreSQL roles as deployed, on a real server: roles.sql (what the
# in-cluster PostgreSQL runs at its first start, or a DBA on an external
# one), the migration Job's steps (each service with --migrate_only as
# jixiao_migrate, then grants.sql), and the services as jixiao_app.
#
#   tests/postgres_roles.sh BUILD_DIR      (JIXIAO_TEST_POSTGRES_URL: a superuser URL)
#
# Shows: a service as jixiao_app refuses to start on a schema it would have
# to migrate, and says to run --migrate_only; after the Job's steps it runs
# the seed to 73.26 (中) with no DDL; jixiao_app cannot UPDATE, DELETE or
# TRUNCATE an audit row, touch schema_migrations or make a table (the REVOKE
# holds because the services are not the owner); jixiao_backup dumps
# everything and writes nothing; a bad --postgres_pool_size stops the start.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
url=${JIXIAO_TEST_POSTGRES_URL:-}
if [ -z "$url" ]; then
  echo "JIXIAO-SKIP: JIXIAO_TEST_POSTGRES_URL is not set (tests/run.sh sets it)"
  exit 0
fi
hostport=${url#*://}
hostport=${hostport#*@}
hostport=${hostport%%/*}
export PGHOST=${hostport%:*} PGPORT=${hostport##*:}
db="jixiao_roles_$$"
export PGDATABASE=$db
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql -X -q "$url/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

app_pw="app-$RANDOM-Pw9xQ2mZ" migrate_pw="migrate-$RANDOM-Pw7kL3" backup_pw="backup-$RANDOM-Pw4vN8"
psql -X -q -v ON_ERROR_STOP=1 "$url/postgres" -c "CREATE DATABASE $db" >/dev/null
PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$url/$db" -v db="$db" -v app_password="$app_pw" \
  -v migrate_password="$migrate_pw" -v backup_password="$backup_pw" \
  -f "$root/k8s/components/in-cluster-postgres/roles.sql" >/dev/null
as_app() { PGUSER=jixiao_app PGPASSWORD=$app_pw "$@"; }
as_migrate() { PGUSER=jixiao_migrate PGPASSWORD=$migrate_pw "$@"; }
as_backup() { PGUSER=jixiao_backup PGPASSWORD=$backup_pw "$@"; }
bin() { echo "$build/services/$1/jixiao-$1"; }

echo "== a service as jixiao_app on an unmigrated schema stops and says what to do"
if as_app timeout 30 "$(bin budget)" --listen=127.0.0.1:0 --insecure \
  --storage=postgresql://jixiao_app@ 2>"$work/early.log"; then
  fail "budget started as jixiao_app without its tables"
fi
grep -q -- "--migrate_only" "$work/early.log" || { cat "$work/early.log" >&2; fail "no hint to run --migrate_only"; }

echo "== a pool size out of range stops the start"
if JIXIAO_POSTGRES_POOL_SIZE=0 as_app timeout 30 "$(bin budget)" --listen=127.0.0.1:0 \
  --insecure --storage=postgresql://jixiao_app@ 2>"$work/pool.log"; then
  fail "budget started with --postgres_pool_size 0"
fi
grep -q -- "--postgres_pool_size" "$work/pool.log" || { cat "$work/pool.log" >&2; fail "no message naming --postgres_pool_size"; }

echo "== the migration Job: --migrate_only as jixiao_migrate, then grants.sql"
for service in budget indicator evaluation; do
  JIXIAO_POSTGRES_POOL_SIZE=2 as_migrate timeout 120 "$(bin "$service")" --migrate_only \
    --storage=postgresql://jixiao_migrate@ 2>"$work/migrate-$service.log" ||
    { cat "$work/migrate-$service.log" >&2; fail "$service --migrate_only"; }
done
as_migrate psql -X -q -v ON_ERROR_STOP=1 -f "$root/k8s/components/migrations/grants.sql" >/dev/null

echo "== the services as jixiao_app: no DDL, the seed evaluated"
start() {
  local name=$1
  shift
  # Not through as_app: a function in the background is a subshell, and
  # its pid would not be the service's.
  PGUSER=jixiao_app PGPASSWORD=$app_pw "$(bin "$name")" --listen=127.0.0.1:0 --port_file="$work/$name.port" --insecure \
    --storage=postgresql://jixiao_app@ --postgres_pool_size=3 "$@" 2>"$work/$name.log" &
  pids+=($!)
  for _ in $(seq 1 200); do
    [ -s "$work/$name.port" ] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$name.log" >&2; fail "$name did not start"; }
    sleep 0.1
  done
  fail "$name did not write its port"
}
start budget
budget=127.0.0.1:$(cat "$work/budget.port")
start indicator --budget="$budget" --frameworks_dir="$root/frameworks"
indicator=127.0.0.1:$(cat "$work/indicator.port")
start evaluation --budget="$budget" --indicator="$indicator"
evaluation=127.0.0.1:$(cat "$work/evaluation.port")
cli=("$build/tools/jixiao/jixiao" --budget="$budget" --indicator="$indicator" --evaluation="$evaluation")
"${cli[@]}" health --wait_ms=15000 >/dev/null
"${cli[@]}" dataset load "$root/deploy/demo/taoyuan-psb-2019.json" >/dev/null
"${cli[@]}" indicator load "$root/deploy/demo/taoyuan-psb-2019-indicators.json" >/dev/null
"${cli[@]}" evaluate --region=430725 --department=taoyuan-psb --year=2019 >"$work/evaluation.txt"
grep -q "73.26" "$work/evaluation.txt" || { cat "$work/evaluation.txt" >&2; fail "the seed's total is not 73.26"; }
grep -q "中" "$work/evaluation.txt" || fail "the seed's grade is not 中"

echo "== what jixiao_app may not do"
audit_rows=$(as_app psql -X -At -c "SELECT count(*) FROM budget.audit_log")
[ "$audit_rows" -gt 0 ] || fail "the service wrote no audit row as jixiao_app"
refused() {
  local sql=$1
  if as_app psql -X -q -v ON_ERROR_STOP=1 -c "$sql" >/dev/null 2>"$work/refused.log"; then
    fail "jixiao_app may: $sql"
  fi
  grep -Eq "permission denied|must be owner" "$work/refused.log" || { cat "$work/refused.log" >&2; fail "not a permission error: $sql"; }
}
refused "UPDATE budget.audit_log SET actor = 'someone else'"
refused "DELETE FROM budget.audit_log"
refused "TRUNCATE budget.audit_log"
refused "DELETE FROM evaluation.audit_log"
refused "INSERT INTO budget.schema_migrations (version, description, applied_at) VALUES (999, 'x', 'x')"
refused "CREATE TABLE budget.planted (x int)"
refused "DROP TABLE budget.audit_log"
refused "CREATE SCHEMA planted"
[ "$(as_app psql -X -At -c "SELECT count(*) FROM budget.audit_log")" = "$audit_rows" ] ||
  fail "audit rows changed"

echo "== jixiao_backup dumps everything and writes nothing"
as_backup pg_dump -Fc -f "$work/jixiao.dump" || fail "pg_dump as jixiao_backup"
# Listed to a file first: grep -q stops reading at its match, and under
# pipefail pg_restore's SIGPIPE would fail the pipeline.
pg_restore -l "$work/jixiao.dump" >"$work/dump.list"
grep -q "TABLE DATA budget audit_log" "$work/dump.list" || fail "the dump lacks budget.audit_log"
if as_backup psql -X -q -v ON_ERROR_STOP=1 -c "DELETE FROM budget.audit_log" >/dev/null 2>&1; then
  fail "jixiao_backup may delete"
fi
echo "postgres roles: all checks passed"
