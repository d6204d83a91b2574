#!/usr/bin/env bash
# Installs what Jixiao builds and runs with, from Debian bookworm's packages,
# when any of it is missing. Safe to run again: it does nothing when all is there.
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config
  protobuf-compiler protobuf-compiler-grpc libprotobuf-dev libgrpc++-dev libabsl-dev
  libsqlite3-dev libhiredis-dev libssl-dev libcpp-httplib-dev redis-server
  libgtest-dev libgmock-dev clang-format git curl libre2-dev
  # h2load, the second load generator of bench/run.sh (bench/h2load.h).
  nghttp2-client
  # ss, which shows a test the gateway's listen backlog.
  iproute2
  libpq-dev postgresql clang libclang-rt-14-dev prometheus-cpp-dev sqlite3
  # Reports as published (libs/document_text): poppler for PDF, libzip and
  # libxml2 for .docx/.xlsx; LibreOffice and a Chinese font make the test
  # documents from the corpus texts (tests/document_formats.sh).
  libpoppler-cpp-dev libzip-dev libxml2-dev
  libreoffice-writer-nogui libreoffice-calc-nogui fonts-wqy-microhei
  # The images and the county test (deploy/images.sh, tests/county): podman
  # as root with runc (named, so that apt does not pick crun for podman's
  # "crun | runc"), netavark and aardvark-dns (a network whose pods find
  # each other by name), iptables (its port forwarding), catatonit (the
  # pods' pause image, built locally: nothing is pulled), mmdebstrap (the
  # base root filesystems), python3-yaml (tests/county reads the render).
  podman runc netavark aardvark-dns iptables catatonit mmdebstrap python3-yaml
  # The console's browser tests (tests: console_browser): puppeteer-core
  # drives Debian's chromium headless; nothing else is downloaded.
  chromium
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
