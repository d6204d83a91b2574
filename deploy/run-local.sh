#!/usr/bin/env bash
# The embedded default on one machine: builds, starts the services on
# loopback with SQLite files in data/ (no Redis), loads the seed department
# (桃源县公安局, 2019), opens its evaluation under the Hunan county framework
# and shows its figures, rates, consistency findings and indicators.
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
indicator_addr="${JIXIAO_INDICATOR:-127.0.0.1:50052}"
mkdir -p "$data_dir"

pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT

build/services/budget/jixiao-budget --listen="$budget_addr" \
  --storage="sqlite:$data_dir/budget.db" 2>>"$data_dir/budget.log" &
pids+=($!)
build/services/indicator/jixiao-indicator --listen="$indicator_addr" \
  --storage="sqlite:$data_dir/indicator.db" --budget="$budget_addr" \
  --frameworks_dir=frameworks 2>>"$data_dir/indicator.log" &
pids+=($!)

cli=(build/tools/jixiao/jixiao --budget="$budget_addr" --indicator="$indicator_addr")
if ! "${cli[@]}" health --wait_ms=15000; then
  echo "a service did not come up; see $data_dir/budget.log and $data_dir/indicator.log" >&2
  exit 1
fi
echo
"${cli[@]}" dataset load deploy/demo/taoyuan-psb-2019.json
# The department opens its 2019 evaluation (once; later runs find it open).
"${cli[@]}" call jixiao.indicator.v1.IndicatorService/StartEvaluation \
  '{"key": {"regionCode": "430725", "departmentCode": "taoyuan-psb", "year": 2019},
    "frameworkId": "hunan-county-department-2019",
    "actor": {"subject": "桃源县公安局 财务", "role": "DEPARTMENT", "departmentCode": "taoyuan-psb"}}' \
  >/dev/null || true
echo
"${cli[@]}" budget show --region=430725 --department=taoyuan-psb --year=2019
echo
echo "四、绩效指标（湖南县级部门整体支出指标表；由预算数据计算的指标随数据更新）"
"${cli[@]}" indicator show --region=430725 --department=taoyuan-psb --year=2019

if [ "$serve" = 1 ]; then
  echo
  echo "serving: budget on $budget_addr, indicator on $indicator_addr (logs in $data_dir). Ctrl-C stops."
  wait
fi
