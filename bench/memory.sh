#!/usr/bin/env bash
# Figure e over time: each service's resident memory, sampled every 5 s,
# while loads (a), (c) and (d) run together for a fixed time (60 s by
# default): the cached read at 64 in flight, whole-region evaluations of a
# generated city of 500 departments one after the other, and ledger imports
# of 20,000 new payment records one after the other. Memory must level off,
# not grow with the time run: the last third's peak is compared with the
# middle third's.
#
#   bench/memory.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ -f build/build.ninja ] || deploy/build.sh >/dev/null
cmake --build build --target jixiao-bench-load jixiao-bench-city jixiao-budget \
  jixiao-indicator jixiao-evaluation jixiao >/dev/null
source bench/common.sh
start_redis
budget=$(start budget build/services/budget/jixiao-budget --storage="sqlite:$work/b.db")
indicator=$(start indicator build/services/indicator/jixiao-indicator \
  --storage="sqlite:$work/i.db" --budget="$budget" --frameworks_dir=frameworks)
evaluation=$(start evaluation build/services/evaluation/jixiao-evaluation \
  --storage="sqlite:$work/e.db" --budget="$budget" --indicator="$indicator" --redis="$redis")

cli=(build/tools/jixiao/jixiao --budget="$budget" --indicator="$indicator" --evaluation="$evaluation")
"${cli[@]}" dataset load deploy/demo/taoyuan-psb-2019.json >/dev/null
"${cli[@]}" indicator load deploy/demo/taoyuan-psb-2019-indicators.json >/dev/null
"${cli[@]}" call jixiao.budget.v1.BudgetService/CreateDepartment \
  '{"department": {"regionCode": "430725", "code": "bench-unit", "name": "基准单位"}}' >/dev/null
city=(build/bench/jixiao-bench-city --budget="$budget" --indicator="$indicator"
  --evaluation="$evaluation" --departments=500)
"${city[@]}" --runs=1 >/dev/null

printf "e. resident memory (MiB) while a, c and d run together for %d s:\n" "$seconds"
printf "   %6s %8s %10s %11s\n" "s" "budget" "indicator" "evaluation"
printf "   %6s %8s %10s %11s\n" "idle" "$(rss budget)" "$(rss indicator)" "$(rss evaluation)"

deadline=$((SECONDS + seconds))
build/bench/jixiao-bench-load --evaluation="$evaluation" --only_cached_read \
  --duration_ms=$((seconds * 1000)) >"$work/a.out" 2>&1 &
a_pid=$!
(while [ $SECONDS -lt $deadline ]; do "${city[@]}" --generate=false --runs=1 >/dev/null || exit 1; done) &
c_pid=$!
(batch=0
 while [ $SECONDS -lt $deadline ]; do
   /usr/bin/python3 - "$batch" "$work/ledger.csv" <<'PY'
import sys
batch, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write("department_code,year,record_id,paid_on,function_code,economic_code,project_code,amount\n")
    for i in range(20000):
        f.write(f"bench-unit,2019,B{batch}-{i},2019-{1 + i % 12:02d}-{1 + i % 28:02d},2040201,30201,,{1 + i % 9999}.{i % 100:02d}\n")
PY
   "${cli[@]}" import ledger "$work/ledger.csv" --region=430725 --unit=元 \
     >/dev/null 2>>"$work/import.log" || { tail -3 "$work/import.log" >&2; exit 1; }
   batch=$((batch + 1))
 done
 echo "$batch" >"$work/imports") &
d_pid=$!

samples=()
for ((t = 5; t <= seconds; t += 5)); do
  sleep 5
  sample="$t $(rss budget) $(rss indicator) $(rss evaluation)"
  printf "   %6s %8s %10s %11s\n" $sample
  samples+=("$sample")
done
status=0
wait "$a_pid" || status=1
wait "$c_pid" || status=1
wait "$d_pid" || status=1
sed 's/^/   /' "$work/a.out"
echo "   and $(cat "$work/imports" 2>/dev/null || echo 0) imports of 20,000 rows, region evaluations of 500 departments throughout"
printf "%s\n" "${samples[@]}" | /usr/bin/python3 -c '
import sys
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
n = len(rows)
middle = rows[n // 3: 2 * n // 3] or rows
last = rows[2 * n // 3:] or rows
verdicts = []
for col, name in ((1, "budget"), (2, "indicator"), (3, "evaluation")):
    before = max(r[col] for r in middle)
    after = max(r[col] for r in last)
    grew = after > before * 1.10 + 2
    verdicts.append(f"{name} {before:.0f} -> {after:.0f} MiB" + (" GROWING" if grew else ""))
print("   peak, middle third -> last third: " + "; ".join(verdicts))
print("   target e: " + ("missed: still growing" if any("GROWING" in v for v in verdicts) else "met: levels off"))
'
exit $status
