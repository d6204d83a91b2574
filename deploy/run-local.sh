#!/usr/bin/env bash
# The embedded default on one machine: builds, starts the services on
# loopback with SQLite files in data/ (no Redis), loads the seed department
# (桃源县公安局, 2019) and shows its figures, rates and consistency findings.
#
#   deploy/run-local.sh            show, then stop the services
#   deploy/run-local.sh --serve    show, then keep serving until Ctrl-C
set -euo pipefail
cd "$(dirname "$0")/.."
serve=0
[ "${1:-}" = "--serve" ] && serve=1

deploy/build.sh
data_dir="${JIXIAO_DATA_DIR:-$PWD/data}"
budget_addr="${JIXIAO_BUDGET:-127.0.0.1:50051}"
mkdir -p "$data_dir"

build/services/budget/jixiao-budget --listen="$budget_addr" \
  --storage="sqlite:$data_dir/budget.db" 2>>"$data_dir/budget.log" &
budget_pid=$!
stop() { kill -TERM "$budget_pid" 2>/dev/null || true; wait "$budget_pid" 2>/dev/null || true; }
trap stop EXIT

cli=(build/tools/jixiao/jixiao --budget="$budget_addr")
if ! "${cli[@]}" health --wait_ms=15000 >/dev/null; then
  echo "the budget service did not come up; its log: $data_dir/budget.log" >&2
  tail -5 "$data_dir/budget.log" >&2
  exit 1
fi
"${cli[@]}" dataset load deploy/demo/taoyuan-psb-2019.json
echo
"${cli[@]}" budget show --region=430725 --department=taoyuan-psb --year=2019

if [ "$serve" = 1 ]; then
  echo
  echo "serving: budget on $budget_addr (logs in $data_dir). Ctrl-C stops."
  wait "$budget_pid"
fi
