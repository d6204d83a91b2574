#!/usr/bin/env bash
# The test command: installs what is missing, builds, starts what the tests
# need, and runs the whole suite with ctest. CI runs exactly this.
#
# What the tests need running they start themselves, each on a free loopback
# port: the service binaries and a real redis-server (installed by
# deploy/install-deps.sh). SQLite needs no server. For PostgreSQL this
# script starts one throwaway cluster (tests/postgres.sh) and removes it at
# the end; every integration test runs twice, once on SQLite and once (the
# "postgresql." ones) on a fresh database of its own in that cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/build.sh
cluster=$(bash tests/postgres.sh start)
pg_dir=$(echo "$cluster" | tail -1)
trap 'bash tests/postgres.sh destroy "$pg_dir"' EXIT
export JIXIAO_TEST_POSTGRES_URL=$(echo "$cluster" | head -1)
cd build
ctest --output-on-failure -j "${JIXIAO_TEST_JOBS:-2}" --timeout 300
