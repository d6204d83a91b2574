#!/usr/bin/env bash
# Figures c, m and p: a whole city evaluated (monitored mid-year, and its
# projects' self-evaluations scored) over gRPC.
# On each backend (SQLite, and a
# throwaway PostgreSQL cluster) it starts the three services (the evaluation
# service without Redis: every run is uncached), generates the city with
# jixiao-bench-city's seeded generator and times EvaluateRegion (then, each
# department's ten projects having approved targets and a filed 自评表,
# EvaluateRegionProjects in the same run: figure p, ≤ 5× EvaluateRegion).
#
#   bench/city.sh [DEPARTMENTS]     default 3,000
set -euo pipefail
cd "$(dirname "$0")/.."
departments=${1:-3000}
[ -f build/build.ninja ] || deploy/build.sh >/dev/null
cmake --build build --target jixiao-bench-city jixiao-budget jixiao-indicator \
  jixiao-evaluation >/dev/null
source bench/common.sh
start_postgres
rss_line() {
  for name in budget indicator evaluation; do printf " %s %s" "$name" "$(rss "$name")"; done
  echo " (MiB)"
}

city() {  # label budget-url indicator-url evaluation-url
  local label=$1
  local budget indicator evaluation
  budget=$(start budget build/services/budget/jixiao-budget --storage="$2")
  indicator=$(start indicator build/services/indicator/jixiao-indicator \
    --storage="$3" --budget="$budget" --frameworks_dir=frameworks)
  evaluation=$(start evaluation build/services/evaluation/jixiao-evaluation \
    --storage="$4" --budget="$budget" --indicator="$indicator")
  echo "c. a whole city on $label:"
  build/bench/jixiao-bench-city --budget="$budget" --indicator="$indicator" \
    --evaluation="$evaluation" --departments="$departments" \
    --runs="${JIXIAO_BENCH_CITY_RUNS:-3}" | sed 's/^/   /'
  echo "   e. resident memory after c:$(rss_line)"
  stop_all
}

city SQLite "sqlite:$work/b.db" "sqlite:$work/i.db" "sqlite:$work/e.db"
for db in budget indicator evaluation; do
  psql "$pg_url/postgres" -qAt -c "CREATE DATABASE bench_$db" >/dev/null
done
city PostgreSQL "$pg_url/bench_budget" "$pg_url/bench_indicator" "$pg_url/bench_evaluation"
