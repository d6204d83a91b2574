#!/usr/bin/env bash
# The test command: installs what is missing, builds, starts what the tests
# need, and runs the whole suite with ctest. CI runs exactly this.
#
# What the tests need running they start themselves, each on a free loopback
# port: the service binaries and a real redis-server (installed by
# deploy/install-deps.sh). SQLite needs no server; PostgreSQL joins with the
# issue that brings it.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/build.sh
cd build
ctest --output-on-failure -j "${JIXIAO_TEST_JOBS:-2}" --timeout 300
