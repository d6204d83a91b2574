#!/usr/bin/env bash
# Runs the benchmarks on this machine and prints the table: each figure
# beside its baselines, measured in the same run. Starts everything it
# measures on loopback (a private redis-server, the baseline server, the
# three services with the Redis cache), loads the seed department, and
# stops it all at the end. With h2load (nghttp2-client) installed, the
# baselines and figures a, b and f are measured by it too, beside our own
# generator (bench/h2load.h says why and how its calls are checked).
#
#   bench/run.sh                  3 s a figure
#   bench/run.sh --duration_ms=100   a smoke pass (what CI runs, with
#                                    20 departments, no import, no
#                                    minute of memory)
#   JIXIAO_BENCH_CITY_DEPARTMENTS=N  departments for figure c
#                                    (bench/city.sh); default 3,000
#   JIXIAO_BENCH_CITY_RUNS=N         region evaluations timed; default 3
#   JIXIAO_BENCH_MEMORY_SECONDS=N    figure e over time (bench/memory.sh);
#                                    default 60
#   JIXIAO_BENCH_IMPORT_ROWS=N       rows for figure d (bench/import.sh);
#                                    default 1,000,000
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/build.ninja ] || deploy/build.sh >/dev/null
cmake --build build --target jixiao-bench-load jixiao-bench-baselines jixiao-budget \
  jixiao-indicator jixiao-evaluation jixiao-gateway jixiao >/dev/null

source bench/common.sh
start_redis
# The servers h2load loads count their calls by status on an admin port
# (--metrics_listen): h2load itself cannot see a gRPC call fail.
counted=--metrics_listen=127.0.0.1:0
baselines=$(start baselines build/bench/jixiao-bench-baselines --redis="$redis" "$counted")
budget=$(start budget build/services/budget/jixiao-budget --storage="sqlite:$work/b.db")
indicator=$(start indicator build/services/indicator/jixiao-indicator \
  --storage="sqlite:$work/i.db" --budget="$budget" --frameworks_dir=frameworks)
evaluation=$(start evaluation build/services/evaluation/jixiao-evaluation \
  --storage="sqlite:$work/e.db" --budget="$budget" --indicator="$indicator" --redis="$redis" \
  "$counted")
# Figure a again: one that keeps results in memory as well.
memory=$(start memory build/services/evaluation/jixiao-evaluation \
  --storage="sqlite:$work/e3.db" --budget="$budget" --indicator="$indicator" --redis="$redis" \
  --memory_cache_entries=1000 "$counted")

# Figure b: the same services, an evaluation service with no cache.
uncached=$(start uncached build/services/evaluation/jixiao-evaluation \
  --storage="sqlite:$work/e2.db" --budget="$budget" --indicator="$indicator" "$counted")
# Figure f: the gateway in front of the cached one.
gateway=$(start gateway build/services/gateway/jixiao-gateway --budget="$budget" \
  --indicator="$indicator" --evaluation="$evaluation")

# Resident memory of each service, in MiB (figure e).
rss_line() {
  printf "%-34s" "$1"
  for name in budget indicator evaluation memory uncached gateway; do
    printf " %s %5s" "$name" "$(rss "$name")"
  done
  echo " (MiB)"
}

cli=(build/tools/jixiao/jixiao --budget="$budget" --indicator="$indicator" --evaluation="$evaluation")
"${cli[@]}" dataset load deploy/demo/taoyuan-psb-2019.json >/dev/null
"${cli[@]}" indicator load deploy/demo/taoyuan-psb-2019-indicators.json >/dev/null

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load generator on the same cores"
rss_idle=$(rss_line "e. resident memory, idle")
# h2load (deploy/install-deps.sh installs it) measures each row as well;
# without it the table has our generator's columns only, and says so.
h2load=()
if command -v h2load >/dev/null; then
  mkdir "$work/h2load"
  h2load=(--h2load="$(command -v h2load)" --h2load_dir="$work/h2load"
    --metrics="$baselines=$(metrics_of baselines),$evaluation=$(metrics_of evaluation),$memory=$(metrics_of memory),$uncached=$(metrics_of uncached)")
else
  echo "h2load: not installed (nghttp2-client; deploy/install-deps.sh installs it): our generator only"
fi
status=0
# Each part's output is kept as well: a failed run says again at its end
# what failed, where CI's tail of the log shows it.
build/bench/jixiao-bench-load --echo="$baselines" --evaluation="$evaluation" --redis="$redis" \
  --evaluation_memory="$memory" --evaluation_uncached="$uncached" --gateway="$gateway" \
  "${h2load[@]}" "$@" 2>&1 | tee "$work/part-load.out" || status=$?

# Figure a again once the department has approved project targets, their
# payments and filings (the demo's, as deploy/run-local.sh declares them):
# its result then lists its projects, which hang on data no version names
# and are kept in Redis under the peers' write epochs (ADR 0003). Without
# this row a cost of projects would not show: the seed alone has none.
"${cli[@]}" dataset load deploy/demo/taoyuan-psb-2019.json \
  --projects_file=deploy/demo/taoyuan-psb-2019-project-budgets.json >/dev/null
bash deploy/demo-projects.sh "${cli[@]}" >/dev/null
for in_flight in 64 1; do
  build/bench/jixiao-bench-load --evaluation="$evaluation" --only_cached_read \
    --in_flight="$in_flight" --label="a. cached read, with 2 projects" "$@" 2>&1 |
    grep '^a\.' | tee -a "$work/part-load.out" || status=$?
done

echo
echo "$rss_idle"
rss_line "e. resident memory, after a-b-f"

# Figure c on its own services and databases, SQLite and PostgreSQL
# (JIXIAO_BENCH_CITY_DEPARTMENTS=0 leaves it out).
departments=${JIXIAO_BENCH_CITY_DEPARTMENTS:-3000}
if [ "$departments" != 0 ]; then
  echo
  bash bench/city.sh "$departments" 2>&1 | tee "$work/part-city.out" || status=$?
fi

# Figure e over time: a, c and d together, memory sampled every 5 s
# (JIXIAO_BENCH_MEMORY_SECONDS=0 leaves it out, as the CI smoke pass does).
memory_seconds=${JIXIAO_BENCH_MEMORY_SECONDS:-60}
if [ "$memory_seconds" != 0 ]; then
  echo
  bash bench/memory.sh "$memory_seconds" 2>&1 | tee "$work/part-memory.out" || status=$?
fi

# Figure d on its own services and databases (JIXIAO_BENCH_IMPORT_ROWS=0
# leaves it out, as the CI smoke pass does).
rows=${JIXIAO_BENCH_IMPORT_ROWS:-1000000}
if [ "$rows" != 0 ]; then
  echo
  bash bench/import.sh "$rows" 2>&1 | tee "$work/part-import.out" || status=$?
fi
if [ "$status" != 0 ]; then
  echo
  echo "bench: FAILED (exit $status); the lines that say what failed:"
  grep -h -i "errors)\|fail\|killed\|cannot\|not OK" "$work"/part-*.out | sed 's/^/  /' || true
fi
exit $status
