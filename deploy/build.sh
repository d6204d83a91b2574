#!/usr/bin/env bash
# Configures (once) and builds everything with Ninja and ccache.
#   JIXIAO_BUILD_DIR   where (default build/)
#   JIXIAO_SANITIZE=1  the sanitizer build: clang, ASan + UBSan, and the
#                      libFuzzer targets (tests/run.sh makes it in build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."
"$PWD/deploy/install-deps.sh"
build_dir="${JIXIAO_BUILD_DIR:-build}"
# One ccache for every clone of the repository on this machine: paths are
# hashed relative to the clone (CI builds a fresh clone in another folder).
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
build_type="${JIXIAO_BUILD_TYPE:-RelWithDebInfo}"
if [ ! -f "$build_dir/build.ninja" ]; then
  if [ "${JIXIAO_SANITIZE:-0}" = 1 ]; then
    # -O1 keeps the instrumented build and its tests reasonably fast.
    CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja \
      -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
      -DJIXIAO_SANITIZE=ON >/dev/null
  else
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
  fi
fi
# Two cores: two jobs; the generated gRPC code is the heaviest part.
cmake --build "$build_dir" -j "${JIXIAO_BUILD_JOBS:-2}"
