#!/usr/bin/env bash
# Renders every overlay (and the test overlays in validate/overlays, which
# add every optional component) and checks each render offline:
#   validate/validate.mjs    OpenAPI schemas and tsc --strict, cert-manager's
#                            CRDs included (also k8s/examples/);
#   validate/references.mjs  namespace, no Secret in a render, probe ports,
#                            selectors, every Secret/ConfigMap/PVC/
#                            ServiceAccount reference, the NetworkPolicies
#                            against call-graph.yaml, the PostgreSQL
#                            connection budget;
#   validate/examples.mjs    k8s/examples/ holds placeholders only;
#   here                     every image of a registry render from that
#                            registry; every Secret of operator-provided.yaml
#                            documented in k8s/README.md and
#                            docs/operations.md; the shell scripts parse
#                            (bash -n, shellcheck when installed) and
#                            preflight.sh --dry-run runs.
# Then proves the checks have teeth: one planted defect per check must fail.
# Offline after `npm ci` in validate/ (done here when node_modules is absent).
set -euo pipefail
cd "$(dirname "$0")"
command -v kubectl >/dev/null || { echo "k8s/check.sh: kubectl is needed (kustomize v5)" >&2; exit 1; }
if [ ! -d validate/node_modules ]; then
  (cd validate && npm ci --no-audit --no-fund --silent)
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
registry=registry.example.test/jixiao
tag=0.0.0-check

render_all() {  # ROOT DEST: every overlay under ROOT rendered into DEST
  local root=$1 dest=$2 overlay
  mkdir -p "$dest"
  for overlay in "$root"/overlays/*/; do
    kubectl kustomize "$overlay" >"$dest/$(basename "$overlay").yaml"
  done
  for overlay in "$root"/validate/overlays/*/; do
    ./render.sh "$overlay" --registry "$registry" --tag "$tag" >"$dest/$(basename "$overlay").yaml"
  done
}

# Every image of a render made with the registry component comes from it.
images_from_registry() {  # RENDER...
  local file bad=0 image
  for file in "$@"; do
    while read -r image; do
      case $image in
        "$registry"/*) ;;
        *) echo "FAIL images: $(basename "$file"): image $image is not from $registry (components/container-images-registry misses it)" >&2; bad=1 ;;
      esac
    done < <(sed -n 's/^ *image: *//p' "$file")
  done
  return $bad
}

# Every Secret the operator creates is documented, with its command.
secrets_documented() {  # OPERATOR-PROVIDED.yaml
  local name doc bad=0
  while read -r name; do
    for doc in README.md ../docs/operations.md; do
      if ! grep -q -- "$name" "$doc"; then
        echo "FAIL docs: Secret $name (operator-provided.yaml) is not in k8s/$doc" >&2
        bad=1
      fi
    done
  done < <(sed -n 's/^  - name: //p' "$1")
  return $bad
}

render_all . "$out/ok"
for file in "$out"/ok/*.yaml; do echo "$(basename "$file" .yaml): $(grep -c '^kind:' "$file") objects"; done
node validate/validate.mjs "$out"/ok/*.yaml examples/*.yaml
node validate/references.mjs --unused "$out"/ok/*.yaml
node validate/examples.mjs examples/*.yaml
if grep -rnE '^[^#]*examples' --include=kustomization.yaml base components overlays validate/overlays; then
  echo "k8s/check.sh: a kustomization names k8s/examples/ (templates, never applied)" >&2
  exit 1
fi
for overlay in validate/overlays/*/; do images_from_registry "$out/ok/$(basename "$overlay").yaml"; done
echo "images: every image of the registry renders is from $registry"
secrets_documented operator-provided.yaml
echo "docs: every operator-provided Secret is in k8s/README.md and docs/operations.md"
for script in check.sh render.sh preflight.sh components/in-cluster-postgres/10-jixiao-roles.sh; do
  bash -n "$script"
  if command -v shellcheck >/dev/null; then shellcheck "$script"; fi
done
for overlay in overlays/*/; do ./preflight.sh --overlay "$overlay" --dry-run >/dev/null; done
echo "scripts: bash -n$(command -v shellcheck >/dev/null && echo ', shellcheck'), preflight.sh --dry-run"

# ---------------------------------------------------------------- teeth
# Each planted defect must be refused; its first FAIL line is shown.
refused() {  # NAME COMMAND...
  local name=$1
  shift
  if "$@" >"$out/$name.log" 2>&1; then
    echo "k8s/check.sh: the planted defect $name passed the checks" >&2
    exit 1
  fi
  echo "$name refused: $(grep -m1 FAIL "$out/$name.log" | cut -c1-300)"
}
plant() {  # DEFECT RENDER: the planted copy's path on stdout
  node validate/plant.mjs "$1" "$out/ok/$2.yaml" "$out/$1.yaml"
  echo "$out/$1.yaml"
}

# Schemas and types: a misspelt field, a bad enum value, a Certificate's field.
sed '0,/readOnlyRootFilesystem/s//readOnlyRootFileSystem/' "$out/ok/city.yaml" >"$out/misspelt.yaml"
sed '0,/type: RuntimeDefault/s//type: RuntimeDefualt/' "$out/ok/city.yaml" >"$out/bad-enum.yaml"
refused misspelt node validate/validate.mjs "$out/misspelt.yaml"
refused bad-enum node validate/validate.mjs "$out/bad-enum.yaml"
refused certificate-field node validate/validate.mjs "$(plant certificate-field city-all)"

# What the render must fit.
refused probe-port node validate/references.mjs "$(plant probe-port county)"
refused grpc-probe-on-tls node validate/references.mjs "$(plant grpc-probe-on-tls city)"
refused service-selects-nothing node validate/references.mjs "$(plant service-selects-nothing county)"
refused missing-secret node validate/references.mjs "$(plant missing-secret county)"
refused missing-secret-key node validate/references.mjs "$(plant missing-secret-key county)"
refused netpol-cuts-gateway-budget node validate/references.mjs "$(plant netpol-cuts-gateway-budget county)"
refused netpol-too-open node validate/references.mjs "$(plant netpol-too-open city)"
refused connection-budget node validate/references.mjs "$(plant connection-budget city)"
refused credentials-in-configmap node validate/references.mjs "$(plant credentials-in-configmap county)"

# Defects in the sources: a copy of the tree, edited, rendered.
tree=$out/tree
mkdir -p "$tree/validate"
cp -r base components overlays render.sh "$tree/"
cp -r validate/overlays "$tree/validate/"
# An overlay without `namespace:`: what it adds lands in `default`.
sed -i '/^namespace: jixiao$/d' "$tree/overlays/county/kustomization.yaml"
kubectl kustomize "$tree/overlays/county" >"$out/outside-namespace.yaml"
refused outside-namespace node validate/references.mjs "$out/outside-namespace.yaml"
# A Secret with a value inside a kustomization.
cp overlays/county/kustomization.yaml "$tree/overlays/county/kustomization.yaml"
printf 'secretGenerator:\n  - name: jixiao-jwt\n    literals: [secret=CHANGE-ME-but-applied-on-every-apply]\n' \
  >>"$tree/overlays/county/kustomization.yaml"
kubectl kustomize "$tree/overlays/county" >"$out/secret-in-kustomization.yaml"
refused secret-in-kustomization node validate/references.mjs "$out/secret-in-kustomization.yaml"
# An image the registry component does not know.
sed -i 's#image: postgres:15-bookworm#image: docker.io/library/postgres:15-bookworm#' \
  "$tree/components/postgres-backup/backup.yaml"
(cd "$tree" && ./render.sh validate/overlays/county-legacy --registry "$registry" --tag "$tag") \
  >"$out/image-not-from-registry.yaml"
refused image-not-from-registry images_from_registry "$out/image-not-from-registry.yaml"
# A real value in an example.
sed 's/CHANGE-ME-redis-password/s3cret-redis-password/' examples/secrets.yaml >"$out/example-with-value.yaml"
refused example-with-value node validate/examples.mjs "$out/example-with-value.yaml"
# A Secret the operator must create, not documented.
sed 's/^secrets:$/secrets:\n  - name: jixiao-undocumented/' operator-provided.yaml >"$out/operator-provided.yaml"
refused undocumented-secret secrets_documented "$out/operator-provided.yaml"
