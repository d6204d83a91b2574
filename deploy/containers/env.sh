# Sourced (not run) by deploy/images.sh, deploy/bundle.sh and
# tests/county/county_deployment.sh: podman and buildah with the project's
# settings, whatever the machine's own /etc/containers says.
#   containers.conf  runc (not crun), cgroupfs (no systemd in CI
#                    containers and VMs), explicit ulimits, netavark
#   storage.conf     the overlay driver in the usual root store
#                    (/var/lib/containers/storage)
# Where that store sits on an overlay filesystem itself (a CI job inside a
# container), the kernel refuses overlay on overlay: vfs then (slower,
# larger, but works anywhere). JIXIAO_CONTAINERS_STORAGE_CONF overrides.
# shellcheck shell=bash
jixiao_containers_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export CONTAINERS_CONF=${JIXIAO_CONTAINERS_CONF:-$jixiao_containers_dir/containers.conf}
if [ -n "${JIXIAO_CONTAINERS_STORAGE_CONF:-}" ]; then
  export CONTAINERS_STORAGE_CONF=$JIXIAO_CONTAINERS_STORAGE_CONF
else
  jixiao_store_fs=$(mkdir -p /var/lib/containers && stat -f -c %T /var/lib/containers)
  if [ "$jixiao_store_fs" = overlayfs ]; then
    export CONTAINERS_STORAGE_CONF=$jixiao_containers_dir/storage-vfs.conf
  else
    export CONTAINERS_STORAGE_CONF=$jixiao_containers_dir/storage.conf
  fi
  unset jixiao_store_fs
fi
