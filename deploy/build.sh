#!/usr/bin/env bash
# Configures (once) and builds everything into build/ with Ninja and ccache.
set -euo pipefail
cd "$(dirname "$0")/.."
"$PWD/deploy/install-deps.sh"
build_type="${JIXIAO_BUILD_TYPE:-RelWithDebInfo}"
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
fi
# Two cores: two jobs; the generated gRPC code is the heaviest part.
cmake --build build -j "${JIXIAO_BUILD_JOBS:-2}"
