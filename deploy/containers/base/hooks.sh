#!/usr/bin/env bash
# mmdebstrap's hooks for the base root filesystems (deploy/images.sh runs
# them; ROOT is the tree being made, seen from the host):
#
#   hooks.sh essential FLAVOUR ROOT   after the Essential packages, before
#                                     FLAVOUR.packages are installed
#   hooks.sh customize FLAVOUR ROOT   after them, before the tarball
#
# FLAVOUR is runtime (the services), tools, postgres or redis. What each
# does, and why, is beside it below. A change here rebuilds every base
# (its text is part of the cache key).
set -euo pipefail
phase=$1 flavour=$2 root=$3

# A user and its group with one id, written straight into the tree's
# files: the tools that would do it (useradd) are not Essential. The
# packages' own postinst (adduser --system) then finds the user there and
# keeps its id, which the manifests' runAsUser/fsGroup name (999, 10001).
add_user() {  # NAME ID HOME SHELL
  local name=$1 id=$2 home=$3 shell=$4
  grep -q "^$name:" "$root/etc/group" || echo "$name:x:$id:" >>"$root/etc/group"
  grep -q "^$name:" "$root/etc/passwd" || echo "$name:x:$id:$id::$home:$shell" >>"$root/etc/passwd"
  # The shadow files exist once the passwd package is in (not Essential).
  if [ -e "$root/etc/gshadow" ] && ! grep -q "^$name:" "$root/etc/gshadow"; then
    echo "$name:!::" >>"$root/etc/gshadow"
  fi
  if [ -e "$root/etc/shadow" ] && ! grep -q "^$name:" "$root/etc/shadow"; then
    echo "$name:!:19000:0:99999:7:::" >>"$root/etc/shadow"
  fi
}

if [ "$phase" = essential ]; then
  case $flavour in
    postgres)
      add_user postgres 999 /var/lib/postgresql /bin/bash
      # The entrypoint makes the cluster on the volume at the first start;
      # the package must not make a `main` cluster in the image.
      mkdir -p "$root/etc/postgresql-common/createcluster.d"
      echo "create_main_cluster = false" >"$root/etc/postgresql-common/createcluster.d/jixiao.conf"
      ;;
    redis) add_user redis 999 /var/lib/redis /usr/sbin/nologin ;;
  esac
  exit 0
fi

[ "$phase" = customize ] || { echo "hooks.sh: unknown phase $phase" >&2; exit 2; }

# What was installed, with versions, for the record (deploy/images.sh keeps
# it beside the tarball; the bundle ships it). Read with the host's
# dpkg-query: the tree may lose its own below.
if [ -n "${JIXIAO_BASE_MANIFEST:-}" ]; then
  dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${Package} ${Version} ${Architecture}\n' |
    sort >"$JIXIAO_BASE_MANIFEST"
fi

case $flavour in
  runtime | tools)
    add_user jixiao 10001 /nonexistent /usr/sbin/nologin
    ;;
  postgres)
    # The data volume's mount point and the socket directory, the
    # server's own: a fresh podman volume copies this ownership; in
    # Kubernetes fsGroup 999 does the same.
    install -d -o 999 -g 999 -m 0700 "$root/var/lib/postgresql/data"
    install -d -o 999 -g 999 -m 2775 "$root/run/postgresql"
    # Listen on every address of the pod, as the manifests expect (the
    # entrypoint's first-start server listens on the socket only).
    sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" \
      "$root/usr/share/postgresql/15/postgresql.conf.sample"
    grep -q "^listen_addresses = '\*'" "$root/usr/share/postgresql/15/postgresql.conf.sample"
    # ssl-cert's postinst made a snakeoil key: one private key in every
    # copy of the image is no key. The server here does not use it.
    rm -f "$root/etc/ssl/private/ssl-cert-snakeoil.key" "$root/etc/ssl/certs/ssl-cert-snakeoil.pem"
    # JIT compilation (LLVM, two thirds of the image) is for long
    # analytical queries, not these: without llvmjit.so the server runs
    # with jit unavailable, as documented (pg_jit_available() = false).
    rm -rf "$root"/usr/lib/postgresql/15/lib/llvmjit* "$root"/usr/lib/postgresql/15/lib/bitcode \
      "$root"/usr/lib/x86_64-linux-gnu/libLLVM-14.so* "$root"/usr/lib/llvm-14 \
      "$root"/usr/lib/x86_64-linux-gnu/libz3.so*
    ;;
  redis)
    install -d -o 999 -g 999 -m 0750 "$root/data"
    ;;
  *) echo "hooks.sh: unknown flavour $flavour" >&2; exit 2 ;;
esac

# The build machine's name and resolver: podman and the kubelet write their own.
rm -f "$root/etc/hostname" "$root/etc/resolv.conf"

# Smaller: no manuals, documentation (the copyright files stay), messages in
# other languages, caches and logs of the build.
find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
  "$root"/usr/share/lintian "$root"/var/cache/debconf/*-old "$root"/var/log/*.log \
  "$root"/var/log/apt
# No setuid or setgid program: nothing in these images changes user.
find "$root" -xdev -type f -perm /6000 -exec chmod ug-s {} +

# The services and Redis run one binary: no shell, no package manager, no
# perl (the dpkg database stays, so that scanners read the versions).
case $flavour in
  runtime | redis)
    rm -f "$root"/usr/bin/dpkg* "$root"/usr/bin/perl* "$root"/usr/bin/bash \
      "$root"/usr/bin/dash "$root"/usr/bin/sh "$root"/usr/bin/rbash \
      "$root"/bin/bash "$root"/bin/dash "$root"/bin/sh "$root"/bin/rbash
    rm -rf "$root"/usr/lib/x86_64-linux-gnu/perl-base "$root"/usr/share/perl5
    ;;
esac
