#!/usr/bin/env bash
# Installs what Jixiao builds and runs with, from Debian bookworm's packages,
# when any of it is missing. Safe to run again: it does nothing when all is there.
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config
  protobuf-compiler protobuf-compiler-grpc libprotobuf-dev libgrpc++-dev libabsl-dev
  libsqlite3-dev libhiredis-dev libssl-dev libcpp-httplib-dev redis-server
  libgtest-dev libgmock-dev clang-format git curl libre2-dev
  libpq-dev postgresql clang libclang-rt-14-dev prometheus-cpp-dev sqlite3
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Tools checked by command, not package: a machine may have them from
# elsewhere (node with its npm from another repository), and Debian's own
# package would then conflict. kubectl renders the Kubernetes manifests
# (k8s/check.sh needs kustomize v5, from kubectl ≥ 1.27).
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v kubectl >/dev/null || missing+=(kubernetes-client)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
