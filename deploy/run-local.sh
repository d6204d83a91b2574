#!/usr/bin/env bash
# The embedded default on one machine: builds, starts the services on
# loopback with SQLite files in data/ (no Redis), loads the seed department
# (桃源县公安局, 2019) with its indicator values under the Hunan county
# framework, and shows the evaluation: the score, the grade, every deduction
# and the consistency findings, and writes the self-evaluation report.
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
evaluation_addr="${JIXIAO_EVALUATION:-127.0.0.1:50053}"
mkdir -p "$data_dir"

pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT

# Open mode (--insecure): one machine, loopback only, every caller an admin.
# A deployment that serves a network sets a token key instead
# (docs/security.md).
build/services/budget/jixiao-budget --listen="$budget_addr" --insecure \
  --storage="sqlite:$data_dir/budget.db" 2>>"$data_dir/budget.log" &
pids+=($!)
build/services/indicator/jixiao-indicator --listen="$indicator_addr" --insecure \
  --storage="sqlite:$data_dir/indicator.db" --budget="$budget_addr" \
  --frameworks_dir=frameworks 2>>"$data_dir/indicator.log" &
pids+=($!)
# No Redis in the embedded default: the evaluation service computes on demand.
build/services/evaluation/jixiao-evaluation --listen="$evaluation_addr" --insecure \
  --storage="sqlite:$data_dir/evaluation.db" --budget="$budget_addr" \
  --indicator="$indicator_addr" 2>>"$data_dir/evaluation.log" &
pids+=($!)

cli=(build/tools/jixiao/jixiao --budget="$budget_addr" --indicator="$indicator_addr"
  --evaluation="$evaluation_addr")
if ! "${cli[@]}" health --wait_ms=15000; then
  echo "a service did not come up; see the logs in $data_dir" >&2
  exit 1
fi
echo
"${cli[@]}" dataset load deploy/demo/taoyuan-psb-2019.json
# The department's indicator values: those the report states, the rest as
# the department would have entered them (each marked in the file).
"${cli[@]}" indicator load deploy/demo/taoyuan-psb-2019-indicators.json
echo
"${cli[@]}" budget show --region=430725 --department=taoyuan-psb --year=2019
echo
"${cli[@]}" evaluate --region=430725 --department=taoyuan-psb --year=2019
echo
mkdir -p "$data_dir/reports"
echo "报告 (report):"
"${cli[@]}" report --region=430725 --department=taoyuan-psb --year=2019 --out="$data_dir/reports"
"${cli[@]}" report --region=430725 --department=taoyuan-psb --year=2019 --format=html \
  --out="$data_dir/reports"

if [ "$serve" = 1 ]; then
  echo
  echo "serving: budget on $budget_addr, indicator on $indicator_addr, evaluation on $evaluation_addr"
  echo "(logs in $data_dir). Ctrl-C stops."
  wait
fi
