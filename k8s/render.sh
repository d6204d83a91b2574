#!/usr/bin/env bash
# Renders an overlay that uses components/container-images-registry, putting
# in the registry and the release tag at render time:
#
#   k8s/render.sh OVERLAY --registry REGISTRY --tag TAG > rendered.yaml
#   k8s/render.sh OVERLAY --registry harbor.example.gov.cn/jixiao --tag 1.5.0 | kubectl apply -f -
#
# REGISTRY is a host and path (harbor.example.gov.cn/jixiao) holding budget,
# indicator, evaluation, gateway, postgres and redis. Refuses a render that
# still holds a placeholder (CONTAINER_IMAGES_REGISTRY, CONTAINER_IMAGES_TAG).
set -euo pipefail
usage() { echo "usage: k8s/render.sh OVERLAY --registry REGISTRY --tag TAG" >&2; exit 2; }
[ $# -ge 1 ] || usage
overlay=$1
shift
registry="" tag=""
while [ $# -gt 0 ]; do
  case $1 in
    --registry) registry=${2:-}; shift 2 ;;
    --registry=*) registry=${1#*=}; shift ;;
    --tag) tag=${2:-}; shift 2 ;;
    --tag=*) tag=${1#*=}; shift ;;
    *) usage ;;
  esac
done
if [ -z "$registry" ] || [ -z "$tag" ]; then usage; fi
# What sed would take as its own syntax, and what no image reference holds.
case $registry$tag in
  *[!A-Za-z0-9._:/-]*) echo "k8s/render.sh: registry and tag: letters, digits, . _ : / - only" >&2; exit 2 ;;
esac
registry=${registry%/}
rendered=$(kubectl kustomize "$overlay")
rendered=$(printf '%s\n' "$rendered" |
  sed -e "s#CONTAINER_IMAGES_REGISTRY#${registry}#g" -e "s#CONTAINER_IMAGES_TAG#${tag}#g")
if printf '%s\n' "$rendered" | grep -q 'CONTAINER_IMAGES_'; then
  echo "k8s/render.sh: a placeholder is left in the render" >&2
  exit 1
fi
printf '%s\n' "$rendered"
