#!/usr/bin/env bash
# The cluster drill on one machine (tests/integration/drill_test.cc): two
# replicas of each service and of the gateway on PostgreSQL, Redis, mTLS and
# tokens; a mixed load; one replica of each SIGKILLed and brought back; a
# rolling SIGTERM restart; every acknowledged write read back. Prints what it
# saw. CI runs it as the ctest test postgresql.Drill.CityOnOneMachine.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/build.sh >/dev/null
cluster=$(bash tests/postgres.sh start)
trap 'bash tests/postgres.sh destroy "$(echo "$cluster" | tail -1)"' EXIT
JIXIAO_TEST_POSTGRES_URL=$(echo "$cluster" | head -1) JIXIAO_TEST_BACKEND=postgresql \
  build/tests/integration_tests --gtest_filter='Drill.*' 2>&1 | grep -E '^\[(drill|  (OK|FAILED))'
