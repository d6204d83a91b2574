#!/usr/bin/env bash
# Builds the console into OUT (deploy/build.sh runs it through CMake's
# jixiao-console target): installs the pinned npm packages from
# package-lock.json when node_modules is missing or older than the lock (npm
# ci; after that the build needs no network), then bundles (build.mjs).
#   web/build.sh OUT
set -euo pipefail
out=$(realpath -m "${1:?usage: web/build.sh OUT}")
cd "$(dirname "$0")"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
node build.mjs "$out"
