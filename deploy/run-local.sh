#!/usr/bin/env bash
# The embedded default on one machine: builds, starts the services on
# loopback with SQLite files in data/ (no Redis), loads the seed department
# (桃源县公安局, 2019) with its indicator values under the Hunan county
# framework and an illustrative set of approved performance targets, and
# shows the evaluation: the score, the grade, every deduction and the
# consistency findings, and writes the self-evaluation report; then an
# illustrative mid-year monitoring round (2019年1-7月) with its warnings.
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
gateway_addr="${JIXIAO_GATEWAY:-127.0.0.1:8080}"
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
# The gateway: HTTP/JSON for every RPC, and the console (web/, built by
# deploy/build.sh into build/web/console) at /console/.
build/services/gateway/jixiao-gateway --listen="$gateway_addr" --insecure \
  --budget="$budget_addr" --indicator="$indicator_addr" --evaluation="$evaluation_addr" \
  --console_dir="$PWD/build/web/console" 2>>"$data_dir/gateway.log" &
pids+=($!)

cli=(build/tools/jixiao/jixiao --budget="$budget_addr" --indicator="$indicator_addr"
  --evaluation="$evaluation_addr")
if ! "${cli[@]}" health --wait_ms=15000; then
  echo "a service did not come up; see the logs in $data_dir" >&2
  exit 1
fi
echo
"${cli[@]}" dataset load deploy/demo/taoyuan-psb-2019.json
key=(--region=430725 --department=taoyuan-psb --year=2019)
# The department's indicator values: those the report states, the rest as
# the department would have entered them (each marked in the file). Once
# targets are declared (a run before this one) a target is no longer typed
# at evaluation: the values entered then are left as they are.
if "${cli[@]}" targets show "${key[@]}" >/dev/null 2>&1; then
  echo "indicator values: entered before the targets were declared; left as they are"
else
  "${cli[@]}" indicator load deploy/demo/taoyuan-psb-2019-indicators.json
fi
# Its performance targets (绩效目标) for the year: an illustrative 申报表 (示例,
# the report has none), declared, submitted and approved by finance (open
# mode: the CLI acts as admin); the evaluation then takes the targets of
# the leaves they name from it. Run again, the approved set is left as it is.
"${cli[@]}" targets import deploy/demo/taoyuan-psb-2019-targets.csv "${key[@]}"
targets_status() {
  "${cli[@]}" targets show "${key[@]}" --format=json |
    sed -n '/"status"/{s/.*"status": "\(TARGET_[A-Z_]*\)".*/\1/p;q}'
}
case "$(targets_status)" in
  TARGET_DRAFT | TARGET_RETURNED)
    "${cli[@]}" targets submit "${key[@]}"
    "${cli[@]}" targets approve "${key[@]}"
    ;;
  TARGET_SUBMITTED) "${cli[@]}" targets approve "${key[@]}" ;;
esac
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
echo
# Mid-year monitoring (绩效运行监控, docs/domain.md §9.2), illustrative (示例,
# docs/seed.md): payments to July from a small ledger (the report states
# none), a round with data to 7月31日 opened by finance, and the
# department's filing against its approved targets. Execution (35.16%) lags
# time progress (58.08%) by more than the 10-point threshold, and one target
# will not be met: two warnings. The payments do not touch the evaluation
# above (the Hunan framework has no payment formula). Run again, the batch
# is stored once and the round and the filing are left as they are.
echo "绩效运行监控 (2019年1-7月，示例):"
"${cli[@]}" import ledger deploy/demo/taoyuan-psb-2019-payments.csv --region=430725
round=(--region=430725 --round=2019-07)
"${cli[@]}" monitoring open "${round[@]}" --year=2019 --as_of=2019-07-31 \
  --due=2019-08-15 --title="2019年1-7月，示例"
"${cli[@]}" monitoring file deploy/demo/taoyuan-psb-2019-07-monitoring.csv \
  "${round[@]}" --department=taoyuan-psb
echo
"${cli[@]}" monitoring show "${round[@]}" --department=taoyuan-psb
echo
echo "控制台 (console): http://$gateway_addr/console/#/dept/430725/taoyuan-psb/2019"
[ "$serve" = 1 ] || echo "(deploy/run-local.sh --serve keeps it running)"

if [ "$serve" = 1 ]; then
  echo
  echo "serving: budget on $budget_addr, indicator on $indicator_addr, evaluation on $evaluation_addr"
  echo "gateway and console on http://$gateway_addr/console/"
  echo "(logs in $data_dir). Ctrl-C stops."
  wait
fi
