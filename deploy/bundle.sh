#!/usr/bin/env bash
# The offline bundle of a release: everything a county or a city installs
# from, on a network that reaches no registry but its own.
#
#   deploy/bundle.sh VERSION --registry REGISTRY
#   deploy/bundle.sh 1.5.0 --registry harbor.example.gov.cn/jixiao
#
# builds the images (deploy/images.sh VERSION) and writes
# build/bundle/jixiao-VERSION/ and build/bundle/jixiao-VERSION.tar:
#
#   images/jixiao-VERSION.tar   every image (podman save, one archive: the
#                               services share their base's layers), tagged
#                               REGISTRY/NAME:VERSION: `podman load` it, then
#                               `podman push` each to the registry
#   images/images.txt           each image: reference, id (the config's
#                               sha256, the same after load and push) and
#                               the local manifest digest, its base
#   images/base-KIND.packages   the Debian packages (and versions) in each base
#   manifests/county.yaml, city.yaml   the overlays rendered by k8s/render.sh
#                               with components/container-images-registry:
#                               every image REGISTRY/NAME:VERSION, every pod
#                               pulling with the Secret jixiao-registry
#   manifests/restore-pod.yaml  k8s/examples/restore-pod.yaml on the
#                               registry's postgres image (never applied by
#                               the overlays; the restore runbook's)
#   k8s/                        the manifests' sources, to render again for
#                               another registry (k8s/render.sh; kubectl)
#   bin/jixiao, lib/            the CLI for a Debian bookworm host (with the
#                               libraries of deploy/containers/base/tools.packages);
#                               elsewhere run it from the tools image
#   install.md                  the operator's steps (docs/operations.md,
#                               "Offline install")
#   SHA256SUMS                  every file above: `sha256sum -c SHA256SUMS`
#
# JIXIAO_BUNDLE_DIR (build/bundle) says where; JIXIAO_IMAGES_BUILD=0 takes
# the binaries in build/ as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { echo "usage: deploy/bundle.sh VERSION --registry REGISTRY" >&2; exit 2; }
[ $# -ge 1 ] || usage
version=$1
shift
registry=""
while [ $# -gt 0 ]; do
  case $1 in
    --registry) registry=${2:-}; shift 2 ;;
    --registry=*) registry=${1#*=}; shift ;;
    *) usage ;;
  esac
done
[ -n "$registry" ] || usage
registry=${registry%/}
case $registry in
  *[!A-Za-z0-9._:/-]*) echo "bundle.sh: registry: letters, digits, . _ : / - only" >&2; exit 2 ;;
esac
if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=JIXIAO_BUNDLE_DIR,JIXIAO_IMAGES_BUILD,JIXIAO_BUILD_DIR "$0" "$version" --registry "$registry"
fi
started=$SECONDS

deploy/images.sh "$version"
# shellcheck disable=SC1091  # deploy/containers/env.sh, read from the root
source deploy/containers/env.sh
images_dir=${JIXIAO_IMAGES_DIR:-$PWD/build/images}
out_root=${JIXIAO_BUNDLE_DIR:-$PWD/build/bundle}
bundle=$out_root/jixiao-$version
rm -rf "$bundle" "$bundle.tar"
mkdir -p "$bundle"/{images,manifests,bin,lib}
names=(budget indicator evaluation gateway tools postgres redis)

echo "== images: tagged $registry/NAME:$version, saved" >&2
refs=()
for name in "${names[@]}"; do
  podman tag "localhost/jixiao/$name:$version" "$registry/$name:$version"
  refs+=("$registry/$name:$version")
done
# One docker-archive: the tags travel with it (podman load restores them),
# and the layers the images share are in it once.
podman save --quiet --multi-image-archive --format docker-archive \
  -o "$bundle/images/jixiao-$version.tar" "${refs[@]}"
for name in "${names[@]}"; do
  podman image inspect --format \
    "$registry/$name:$version id=sha256:{{.Id}} digest={{.Digest}} size={{.Size}}" \
    "$registry/$name:$version"
  # The bundle's tags stay off this machine's store.
  podman untag "$registry/$name:$version" "$registry/$name:$version"
done >"$bundle/images/images.txt"
for packages in "$images_dir"/base-*.packages; do
  cp "$packages" "$bundle/images/"
done

echo "== manifests: rendered for $registry, tag $version" >&2
# The operator's overlay as k8s/README.md describes it: the release's
# overlay and the registry component. Kept in the bundle's k8s/ copy, so
# that the operator can render again (k8s/render.sh) for another registry.
mkdir -p "$bundle/k8s"
cp -r k8s/base k8s/components k8s/overlays k8s/examples k8s/render.sh k8s/README.md \
  k8s/operator-provided.yaml "$bundle/k8s/"
for overlay in county city; do
  mkdir -p "$bundle/k8s/registry-$overlay"
  cat >"$bundle/k8s/registry-$overlay/kustomization.yaml" <<EOF
# The $overlay overlay with every image from one registry (render with
# k8s/render.sh registry-$overlay --registry REGISTRY --tag VERSION).
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: jixiao
resources:
  - ../overlays/$overlay
components:
  - ../components/container-images-registry
EOF
  (cd "$bundle/k8s" && ./render.sh "registry-$overlay" --registry "$registry" --tag "$version") \
    >"$bundle/manifests/$overlay.yaml"
  # Every image of the render is one of the bundle's.
  while read -r image; do
    case " ${refs[*]} " in
      *" $image "*) ;;
      *) echo "bundle.sh: $overlay.yaml names $image, which is not in the bundle" >&2; exit 1 ;;
    esac
  done < <(sed -n 's/^ *image: *//p' "$bundle/manifests/$overlay.yaml" | sort -u)
done
sed "s#image: postgres:15-bookworm#image: $registry/postgres:$version#" k8s/examples/restore-pod.yaml \
  >"$bundle/manifests/restore-pod.yaml"
grep -q "image: $registry/postgres:$version" "$bundle/manifests/restore-pod.yaml" ||
  { echo "bundle.sh: restore-pod.yaml names another image" >&2; exit 1; }

echo "== the CLI and the install steps" >&2
cp "$images_dir/context/opt/jixiao/bin/jixiao" "$bundle/bin/"
cp "$images_dir/context/opt/jixiao/lib/libjixiao_proto.so" "$bundle/lib/"
cat >"$bundle/install.md" <<EOF
# Jixiao $version, offline

Images for registry \`$registry\`; the steps in full: docs/operations.md,
"Offline install" (the repository's, or this release's source).

    sha256sum -c SHA256SUMS
    podman load -i images/jixiao-$version.tar
    podman login $registry
    for name in ${names[*]}; do podman push $registry/\$name:$version; done
    # the Secrets, the pull secret jixiao-registry among them (k8s/README.md, "Secrets")
    kubectl apply -f manifests/county.yaml        # or city.yaml
    kubectl -n jixiao wait --for=condition=complete job/jixiao-migrate --timeout=30m
    kubectl -n jixiao rollout status deploy/budget   # and indicator, evaluation, gateway

The CLI: bin/jixiao on Debian bookworm (apt-get install the packages of
images/base-tools.packages), or anywhere from the tools image:
\`podman run --rm $registry/tools:$version jixiao --help\`.
EOF

(cd "$bundle" && find . -type f -printf '%P\n' | LC_ALL=C sort |
  xargs -d '\n' sha256sum >"$bundle.SHA256SUMS")
mv "$bundle.SHA256SUMS" "$bundle/SHA256SUMS"
tar -C "$out_root" -cf "$bundle.tar" "jixiao-$version"
echo "== bundle.sh: $bundle.tar ($(du -h "$bundle.tar" | cut -f1)) in $((SECONDS - started)) s" >&2
sha256sum "$bundle.tar"
