#!/usr/bin/env bash
# Builds every image of the suite from Debian packages alone, no other
# registry: budget, indicator, evaluation, gateway, tools (the jixiao CLI
# with psql, pg_dump and pg_restore), postgres (PostgreSQL 15) and redis.
#
#   deploy/images.sh [VERSION]      (default: git describe, e.g. 5bb4117-dirty)
#
# makes localhost/jixiao/<name>:VERSION in podman's store and records each
# image's id and digest in build/images/images-VERSION.txt.
#
#   1. the binaries, built on the host (deploy/build.sh into build/), are
#      installed stripped into a build context (cmake --install --strip);
#   2. a base root filesystem per kind of image (deploy/containers/base/:
#      runtime for the services, tools, postgres, redis) is made by
#      mmdebstrap from the Debian mirror apt already uses on this machine,
#      with the packages of base/KIND.packages and the users and pruning of
#      base/hooks.sh, and imported into podman as
#      localhost/jixiao-base/KIND:KEY; KEY hashes the package list, the
#      hooks and the mirror, so the tarball (kept in build/images/base/) and
#      the import are made once per change. Delete build/images/base/ and
#      `podman rmi` the bases to take Debian's newest updates;
#   3. each image is deploy/containers/NAME.Containerfile on its base: COPY
#      only, no RUN, no network.
#
# Environment: JIXIAO_BUILD_DIR (build), JIXIAO_IMAGES_DIR (build/images),
# JIXIAO_IMAGES_BUILD=0 takes the binaries as they are (the county test:
# ctest built them), JIXIAO_DEBIAN_SOURCES a sources.list for mmdebstrap
# instead of this machine's bookworm entries.
set -euo pipefail
cd "$(dirname "$0")/.."
# mmdebstrap's root mode and podman's root store: root, as install-deps.sh.
if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=JIXIAO_BUILD_DIR,JIXIAO_IMAGES_DIR,JIXIAO_IMAGES_BUILD,JIXIAO_DEBIAN_SOURCES "$0" "$@"
fi
deploy/install-deps.sh
# shellcheck disable=SC1091  # deploy/containers/env.sh, read from the root
source deploy/containers/env.sh

version=${1:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
case $version in
  "" | *[!A-Za-z0-9._-]* | [.-]*) echo "images.sh: VERSION: letters, digits, . _ - only" >&2; exit 2 ;;
esac
build=${JIXIAO_BUILD_DIR:-build}
images=${JIXIAO_IMAGES_DIR:-$PWD/build/images}
mkdir -p "$images/base" "$images/debs"
started=$SECONDS

# ---------------------------------------------------------------- binaries
if [ "${JIXIAO_IMAGES_BUILD:-1}" != 0 ]; then
  if [ -f "$build/build.ninja" ]; then
    cmake --build "$build" -j "${JIXIAO_BUILD_JOBS:-2}" --target \
      jixiao-budget jixiao-indicator jixiao-evaluation jixiao-gateway jixiao
  else
    JIXIAO_BUILD_DIR=$build deploy/build.sh
  fi
fi
context=$images/context
rm -rf "$context"
mkdir -p "$context/sql"
cmake --install "$build" --prefix "$context/opt/jixiao" --strip >/dev/null
cp k8s/components/in-cluster-postgres/roles.sql k8s/components/migrations/grants.sql "$context/sql/"
cp -r deploy/demo "$context/demo"
cp deploy/containers/postgres-entrypoint.sh "$context/"

# Every shared library a binary needs (its NEEDED entries, found through
# ldconfig and dpkg -S as on this machine, where it was built) must come
# from a package of its base's list, or Essential (libc6, libgcc-s1): else
# the image would fail at its first start. Checked here, before any base is
# made, and by ctest dockerfiles (tests/check_dockerfiles.py).
check_libraries() {  # KIND FILE...
  local kind=$1 cache lib path bad=0 listed
  shift
  cache=$(ldconfig -p)
  listed=" libc6 libgcc-s1 $(grep -v '^#' "deploy/containers/base/$kind.packages" | tr '\n' ' ') "
  declare -A path_of=()
  for lib in $(objdump -p "$@" | awk '/NEEDED/ {print $2}' | sort -u); do
    [ "$lib" = libjixiao_proto.so ] && continue
    path=$(awk -v l="$lib" '$1 == l && /x86-64/ {print $NF; exit}' <<<"$cache")
    [ -n "$path" ] || { echo "images.sh: $lib is not on this machine" >&2; bad=1; continue; }
    path=$(readlink -f "$path")
    # dpkg knows a file by the path its package ships: /lib/... for some
    # (libc6), /usr/lib/... for others, one directory on a merged /usr.
    path_of[$path]=$lib
    path_of[${path/#\/usr\/lib\//\/lib\/}]=$lib
  done
  # One dpkg -S for all (it is slow per call); "package:arch: path" lines.
  declare -A owner_of=()
  local line
  while IFS= read -r line; do
    owner_of[${path_of[${line#*: }]}]=${line%%:*}
  done < <(dpkg -S "${!path_of[@]}" 2>/dev/null || true)
  for lib in $(printf '%s\n' "${path_of[@]}" | sort -u); do
    case $listed in
      *" ${owner_of[$lib]:-?} "*) ;;
      *) echo "images.sh: $lib (package ${owner_of[$lib]:-none}) is needed but not in deploy/containers/base/$kind.packages" >&2
         bad=1 ;;
    esac
  done
  return $bad
}
opt=$context/opt/jixiao
check_libraries runtime "$opt"/bin/jixiao-{budget,indicator,evaluation,gateway} "$opt/lib/libjixiao_proto.so"
check_libraries tools "$opt/bin/jixiao" "$opt/lib/libjixiao_proto.so"

# ---------------------------------------------------------------- bases
# The mirror apt uses here for bookworm, bookworm-updates and
# bookworm-security (main), as one-line entries; nothing else of apt's
# sources (a vendor's repository) goes into an image.
sources=$images/debian-sources.list
if [ -n "${JIXIAO_DEBIAN_SOURCES:-}" ]; then
  cp "$JIXIAO_DEBIAN_SOURCES" "$sources"
else
  apt_sources() {
    # shellcheck disable=SC2016  # apt's own $(FIELD) syntax
    apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Identifier: Packages' |
      awk '$2 ~ /^bookworm(-updates|-security)?$/ && $3 == "main" {print "deb " $1 " " $2 " main"}' |
      sort -u >"$sources"
  }
  apt_sources
  # apt knows its sources by their downloaded lists: none on a machine
  # whose lists were cleaned (a CI image) until an update.
  if ! grep -q ' bookworm main$' "$sources"; then
    apt-get update -qq && apt_sources
  fi
fi
if ! grep -q ' bookworm main$' "$sources"; then
  echo "images.sh: apt has no bookworm main here (apt-get update?); set JIXIAO_DEBIAN_SOURCES" >&2
  exit 1
fi

# What makes a base, besides its package list and hooks.sh: changing this
# text changes every key.
recipe="mmdebstrap --variant=essential --dpkgopt=force-unsafe-io merged-usr bookworm"

base_key() {  # KIND: the base's cache key
  cat "deploy/containers/base/$1.packages" deploy/containers/base/hooks.sh "$sources" - <<<"$recipe" |
    sha256sum | cut -c1-16
}

make_base() {  # KIND KEY: the base's tarball and its podman image
  local kind=$1 key=$2 tarball="$images/base/$1-$2.tar" image="localhost/jixiao-base/$1:$2"
  if podman image exists "$image" && [ -s "$tarball" ]; then
    return
  fi
  if [ ! -s "$tarball" ]; then
    echo "== base $kind ($key): mmdebstrap" >&2
    local include
    include=$(grep -v '^#' "deploy/containers/base/$kind.packages" | grep . | paste -sd, -)
    # merged-usr: /bin and the like as symlinks made by mmdebstrap's hook,
    # not by the usrmerge package (perl and 25 MB in every image).
    # The downloaded .debs are kept in build/images/debs for the next base
    # (sync-in/sync-out); path-exclude is not used (mmdebstrap's filter is
    # slow): hooks.sh removes the documentation instead.
    # shellcheck disable=SC2016  # "$1" is mmdebstrap's, in its hook shell
    JIXIAO_BASE_MANIFEST="$images/base/$kind-$key.packages" \
      mmdebstrap --variant=essential --include="$include" \
      --dpkgopt=force-unsafe-io --skip=essential/unlink \
      --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
      --essential-hook="$PWD/deploy/containers/base/hooks.sh essential $kind \"\$1\"" \
      --setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
      --setup-hook="sync-in $images/debs /var/cache/apt/archives/" \
      --customize-hook="sync-out /var/cache/apt/archives $images/debs" \
      --customize-hook="$PWD/deploy/containers/base/hooks.sh customize $kind \"\$1\"" \
      bookworm "$images/base/.$kind-$key.tar" "$sources" >"$images/base/$kind.log" 2>&1 ||
      { tail -30 "$images/base/$kind.log" >&2; echo "images.sh: mmdebstrap failed for $kind" >&2; exit 1; }
    mv "$images/base/.$kind-$key.tar" "$tarball"
    # One tarball per kind: an older key's is of no more use.
    find "$images/base" -name "$kind-*" ! -name "$kind-$key.*" -delete
  fi
  echo "== base $kind ($key): podman import" >&2
  podman import --quiet --message "jixiao base $kind from Debian bookworm ($key)" \
    "$tarball" "$image" >/dev/null
  # An older key's base, unless an image still stands on it.
  local other
  for other in $(podman images --format '{{.Repository}}:{{.Tag}}' "localhost/jixiao-base/$kind"); do
    [ "$other" = "$image" ] || podman rmi "$other" >/dev/null 2>&1 || true
  done
}

declare -A base_of=([budget]=runtime [indicator]=runtime [evaluation]=runtime [gateway]=runtime
  [tools]=tools [postgres]=postgres [redis]=redis)
declare -A keys=()
for kind in runtime tools postgres redis; do
  keys[$kind]=$(base_key "$kind")
  make_base "$kind" "${keys[$kind]}"
done

# ---------------------------------------------------------------- images
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
# Layer times from the commit, not the clock: the same inputs give the same
# image id on a rebuild.
epoch=$(git log -1 --format=%ct 2>/dev/null || echo 0)
record=$images/images-$version.txt
: >"$record.part"
for name in budget indicator evaluation gateway tools postgres redis; do
  kind=${base_of[$name]}
  ref=localhost/jixiao/$name:$version
  old=$(podman image inspect --format '{{.Id}}' "$ref" 2>/dev/null || true)
  echo "== image $ref" >&2
  podman build --quiet --pull=never --timestamp "$epoch" \
    --build-arg BASE_TAG="${keys[$kind]}" --build-arg VERSION="$version" \
    --build-arg REVISION="$revision" \
    -f "deploy/containers/$name.Containerfile" -t "$ref" "$context" >/dev/null
  id=$(podman image inspect --format '{{.Id}}' "$ref")
  # A rebuild moved the tag: the image it left, if nothing else names it.
  if [ -n "$old" ] && [ "$old" != "$id" ] &&
    [ "$(podman image inspect --format '{{len .RepoTags}}' "$old" 2>/dev/null)" = 0 ]; then
    podman rmi "$old" >/dev/null 2>&1 || true
  fi
  podman image inspect --format \
    "$ref id=sha256:{{.Id}} digest={{.Digest}} size={{.Size}} base=$kind:${keys[$kind]}" \
    "$ref" >>"$record.part"
done
mv "$record.part" "$record"
for kind in runtime tools postgres redis; do
  cp "$images/base/$kind-${keys[$kind]}.packages" "$images/base-$kind.packages" 2>/dev/null || true
done
echo "== images.sh: $version in $((SECONDS - started)) s; $record:" >&2
cat "$record"
