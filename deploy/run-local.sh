#!/usr/bin/env bash
# The embedded default on one machine: builds, starts the services on
# loopback with SQLite files in data/ (no Redis), loads the seed department
# (桃源县公安局, 2019) with its indicator values under the Hunan county
# framework and an illustrative set of approved performance targets, and
# shows the evaluation: the score, the grade, every deduction and the
# consistency findings, and writes the self-evaluation report; then an
# illustrative mid-year monitoring round (2019年1-7月) with its warnings;
# then, after the year, the illustrative projects' self-evaluations, two
# rectification tasks from the seed's real findings (B5, T1), finance's
# results decisions and the publication package, verified.
#
#   deploy/run-local.sh            show, then stop the services
#   deploy/run-local.sh --serve    show, then keep serving until Ctrl-C
set -euo pipefail
cd "$(dirname "$0")/.."
serve=0
[ "${1:-}" = "--serve" ] && serve=1

deploy/build.sh
build_dir="${JIXIAO_BUILD_DIR:-build}"  # as deploy/build.sh
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
"$build_dir"/services/budget/jixiao-budget --listen="$budget_addr" --insecure \
  --storage="sqlite:$data_dir/budget.db" 2>>"$data_dir/budget.log" &
pids+=($!)
"$build_dir"/services/indicator/jixiao-indicator --listen="$indicator_addr" --insecure \
  --storage="sqlite:$data_dir/indicator.db" --budget="$budget_addr" \
  --frameworks_dir=frameworks 2>>"$data_dir/indicator.log" &
pids+=($!)
# No Redis in the embedded default: the evaluation service computes on demand.
"$build_dir"/services/evaluation/jixiao-evaluation --listen="$evaluation_addr" --insecure \
  --storage="sqlite:$data_dir/evaluation.db" --budget="$budget_addr" \
  --indicator="$indicator_addr" 2>>"$data_dir/evaluation.log" &
pids+=($!)
# The gateway: HTTP/JSON for every RPC, and the console (web/, built by
# deploy/build.sh into build/web/console) at /console/.
"$build_dir"/services/gateway/jixiao-gateway --listen="$gateway_addr" --insecure \
  --budget="$budget_addr" --indicator="$indicator_addr" --evaluation="$evaluation_addr" \
  --console_dir="$PWD/$build_dir/web/console" 2>>"$data_dir/gateway.log" &
pids+=($!)

cli=("$build_dir"/tools/jixiao/jixiao --budget="$budget_addr" --indicator="$indicator_addr"
  --evaluation="$evaluation_addr")
if ! "${cli[@]}" health --wait_ms=15000; then
  echo "a service did not come up; see the logs in $data_dir" >&2
  exit 1
fi
echo
# The report's figures, with two illustrative projects (示例, one per project
# category the report states: 基本建设类 3393.62万元, 行政事业类 2213.44万元)
# kept in a file of their own: the seed file stays as the report states it.
"${cli[@]}" dataset load deploy/demo/taoyuan-psb-2019.json \
  --projects_file=deploy/demo/taoyuan-psb-2019-project-budgets.json
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
# Its performance targets (绩效目标), the projects' payments and their
# 项目支出绩效自评表s: illustrative (示例), declared, submitted and approved
# (deploy/demo-projects.sh says how).
bash deploy/demo-projects.sh "${cli[@]}"
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
# After the year (docs/seed.md): the projects' scores, two rectification
# tasks (整改) from the seed's real findings, finance's decisions for the
# next budget (结果应用) and the publication package (公开), verified
# offline. Run again, tasks and decisions already made, the approved
# evaluation and the published package are left as they are.
echo "项目自评、整改与结果应用 (示例):"
"${cli[@]}" evaluate "${key[@]}" | sed -n '/^项目支出绩效自评/,$p'
echo
tasks=$("${cli[@]}" rectification list --region=430725 --department=taoyuan-psb)
for finding in B5 T1; do
  if ! grep -q "一致性问题 $finding " <<<"$tasks"; then
    "${cli[@]}" rectification create --region=430725 --department=taoyuan-psb --year=2019 \
      --kind=consistency --reference="$finding" --deadline=2020-06-30 \
      --requirement="核实差异原因，更正决算数据和自评报告" >/dev/null
  fi
done
"${cli[@]}" rectification list --region=430725 --department=taoyuan-psb
echo
# Finance approves the department-wide evaluation (open mode: the actor is
# stated in the request), then decides for it and for each project; the
# suite's proposal from the grade is kept beside each decision.
evaluation_key='{"regionCode": "430725", "departmentCode": "taoyuan-psb", "year": 2019}'
evaluation_field() {  # FIELD of GetEvaluationVersion
  "${cli[@]}" call jixiao.indicator.v1.IndicatorService/GetEvaluationVersion \
    "$evaluation_key" | sed -n "s/.*\"$1\": *\"\{0,1\}\([A-Z0-9_]*\)\"\{0,1\}.*/\1/p"
}
move_evaluation() {  # Submit|Approve ACTOR_JSON
  "${cli[@]}" call "jixiao.indicator.v1.IndicatorService/$1" \
    "{\"key\": $evaluation_key, \"expectedVersion\": \"$(evaluation_field version)\", \"actor\": $2}" \
    >/dev/null
}
case "$(evaluation_field status)" in
  DRAFT | RETURNED)
    move_evaluation Submit '{"subject": "demo-department", "role": "DEPARTMENT", "departmentCode": "taoyuan-psb"}'
    move_evaluation Approve '{"subject": "demo-finance", "role": "FINANCE"}'
    ;;
  SUBMITTED) move_evaluation Approve '{"subject": "demo-finance", "role": "FINANCE"}' ;;
esac
decide() {  # PROJECT|"" KIND REASON
  "${cli[@]}" results decide "${key[@]}" ${1:+--project="$1"} --decision="$2" \
    --reason="$3" >/dev/null
}
# The three are made together: any decision stored means a run before.
if ! "${cli[@]}" results decisions --region=430725 --year=2019 --department=taoyuan-psb |
  grep -q '"decision":'; then
  decide "" MAINTAIN "部门整体评价中（73.26分）：维持2020年预算规模，B5、T1整改到位前不新增项目（示例）"
  decide P001 RECTIFY_FIRST "项目自评中：工程进度滞后、执行率80%，整改后再议2020年续建资金（示例）"
  decide P002 PRIORITY "项目自评优：2020年优先保障（示例）"
fi
# Each decision in brief (the whole, with the proposal: --format is JSON).
echo "结果应用（2020年预算；先部门整体，后各项目）："
"${cli[@]}" results decisions --region=430725 --year=2019 --department=taoyuan-psb |
  grep -E '^    "project_code"|^   "(decision|reason|departs_from_proposal)"' |
  sed 's/^ *"\([a-z_]*\)": /  \1: /; s/,$//' |
  sed 's/"PRIORITY"/优先保障/; s/"MAINTAIN"/维持/; s/"REDUCE"/核减/; s/"CANCEL"/取消/;
    s/"RECTIFY_FIRST"/整改后再议/; s/^  project_code: "\(.*\)"/  项目 \1/;
    s/^  decision: /  决定：/; s/^  reason: "\(.*\)"/  理由：\1/;
    s/^  departs_from_proposal: true/  （不同于建议）/; /departs_from_proposal: false/d'
echo
"${cli[@]}" publish "${key[@]}" --out="$data_dir/package"
"${cli[@]}" verify "$data_dir/package"
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
