#!/usr/bin/env bash
# The test command: installs what is missing, builds, starts what the tests
# need, and runs the whole suite with ctest. CI runs exactly this.
#
# The integration tests start the service binaries themselves, on loopback
# ports they choose; SQLite needs no server. (Redis and PostgreSQL join with
# the issues that bring them.)
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/build.sh
cd build
ctest --output-on-failure -j "${JIXIAO_TEST_JOBS:-2}" --timeout 300
