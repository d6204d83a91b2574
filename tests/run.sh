#!/usr/bin/env bash
# The test command: installs what is missing, builds, starts what the tests
# need, and runs the whole suite with ctest. CI runs exactly this.
#
#   1. build/       the normal build; every test, on SQLite and (the
#                   "postgresql." ones) on PostgreSQL
#   2. build-asan/  clang with ASan + UBSan; the unit and integration tests
#                   again, and any sanitizer report of any process (the
#                   service binaries the tests start too) fails the run
#   3. fuzzing      each libFuzzer target for JIXIAO_FUZZ_SECONDS (60)
#
# What the tests need running they start themselves, each on a free loopback
# port: the service binaries and a real redis-server. For PostgreSQL this
# script starts one throwaway cluster (tests/postgres.sh) and removes it at
# the end; each test makes a fresh database of its own in it.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/build.sh
JIXIAO_BUILD_DIR=build-asan JIXIAO_SANITIZE=1 deploy/build.sh

cluster=$(bash tests/postgres.sh start)
pg_dir=$(echo "$cluster" | tail -1)
reports=$(mktemp -d)
trap 'bash tests/postgres.sh destroy "$pg_dir"; rm -rf "$reports"' EXIT
export JIXIAO_TEST_POSTGRES_URL=$(echo "$cluster" | head -1)
jobs="${JIXIAO_TEST_JOBS:-2}"

echo "== tests (build/)"
(cd build && ctest --output-on-failure -j "$jobs" --timeout 300)

echo "== tests under ASan + UBSan (build-asan/)"
(cd build-asan &&
  ASAN_OPTIONS="detect_leaks=1:log_path=$reports/asan" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan" \
  ctest --output-on-failure -j "$jobs" --timeout 600 \
    -E '^(clang_format_clean|standalone|layers|layers_self_test|bench_smoke|k8s_manifests|dockerfiles|document_formats|county_deployment|console_browser|targets_xlsx)$')
if compgen -G "$reports/*" >/dev/null; then
  echo "sanitizer reports:" >&2
  head -50 "$reports"/* >&2
  exit 1
fi

echo "== fuzzing (build-asan/fuzz)"
bash fuzz/run.sh build-asan "${JIXIAO_FUZZ_SECONDS:-60}"
echo "== all tests passed"
