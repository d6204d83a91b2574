#!/usr/bin/env bash
# Renders every overlay with `kubectl kustomize` and validates each object
# offline (k8s/validate: OpenAPI schemas and tsc --strict). Then proves the
# check has teeth: a copy with a misspelt field and one with a bad enum value
# must both fail.
set -euo pipefail
cd "$(dirname "$0")"
command -v kubectl >/dev/null || { echo "k8s/check.sh: kubectl is needed (kustomize v5)" >&2; exit 1; }
if [ ! -d validate/node_modules ]; then
  (cd validate && npm ci --no-audit --no-fund --silent)
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for overlay in overlays/*/; do
  name=$(basename "$overlay")
  kubectl kustomize "$overlay" >"$out/$name.yaml"
  echo "$name: $(grep -c '^kind:' "$out/$name.yaml") objects"
done
node validate/validate.mjs "$out"/*.yaml

# The validator must refuse what a typo makes.
sed '0,/readOnlyRootFilesystem/s//readOnlyRootFileSystem/' "$out/city.yaml" >"$out/misspelt.yml"
sed '0,/type: RuntimeDefault/s//type: RuntimeDefualt/' "$out/city.yaml" >"$out/bad-enum.yml"
for bad in misspelt bad-enum; do
  if node validate/validate.mjs "$out/$bad.yml" >"$out/$bad.log" 2>&1; then
    echo "k8s/check.sh: the $bad copy passed validation" >&2
    exit 1
  fi
  echo "$bad copy refused: $(grep -m1 FAIL "$out/$bad.log")"
done
