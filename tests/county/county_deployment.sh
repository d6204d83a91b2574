#!/usr/bin/env bash
# The county deployment running on this machine, from the images
# deploy/images.sh builds and the county overlay's manifests, with podman
# (ctest county_deployment):
#
#   1. the images (deploy/images.sh; the bases cached in build/images/);
#   2. k8s/render.sh of the county overlay with the registry component
#      (registry localhost/jixiao, this run's tag), converted to what podman
#      4.3 plays by kube_to_podman.py (what it drops or changes, and why, is
#      printed); the operator's Secrets made here, as docs/operations.md
#      says, as files;
#   3. on a podman network of its own (DNS: pods find each other by name, as
#      Services in the cluster; its bridge's MAC address pinned, see there):
#      PostgreSQL (first start: initdb and the roles of roles.sql) and
#      Redis; the migration Job (each service with --migrate_only as
#      jixiao_migrate, then grants.sql); the four services as jixiao_app,
#      the gateway published on a free loopback port;
#   4. the tools image mints a token and loads the seed (as
#      deploy/run-local.sh does); the gateway, called from the host, answers
#      its evaluation: 73.26, 中;
#   5. writes through the gateway, each acknowledged, while PostgreSQL's pod
#      is killed (SIGKILL) and played again on the same volume: every
#      acknowledged write reads back;
#   6. the backup CronJob's pod (pg_dump -Fc, run with the tools image) to
#      the backup volume; the database's volume lost; a fresh PostgreSQL,
#      pg_restore from the tools image as docs/operations.md's runbook says,
#      the Job again: the evaluation and every write are back.
#
# Everything it makes (pods, volumes, the network, this run's image tags,
# its state folder) is removed on exit, passed or failed; the bases stay
# cached. Collides with nothing else on the machine (other tests' PostgreSQL
# and redis-servers on loopback ports): the pods are on their own network
# and only the gateway is published, on a port free at the time.
#
#   JIXIAO_COUNTY_KEEP=1   leave it all running (and say how to remove it)
#   JIXIAO_IMAGES_BUILD    passed to images.sh (1: build the binaries first;
#                          default 0: ctest has built them)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=JIXIAO_COUNTY_KEEP,JIXIAO_IMAGES_BUILD,JIXIAO_BUILD_DIR "$0" "$@"
fi
started=$SECONDS
step() { echo "== county [$((SECONDS - started)) s] $*"; }
fail() { echo "FAIL county: $*" >&2; exit 1; }

# This run's names: a unique suffix, so that two runs (or a run and a
# developer's own pods) never share a pod, volume, network or tag.
run_id=county$$
tag=$run_id
net=jixiao-$run_id
state=$(mktemp -d /tmp/jixiao-county.XXXXXX)
chmod 0700 "$state"
deploy/install-deps.sh
# shellcheck disable=SC1091  # deploy/containers/env.sh, read from the root
source deploy/containers/env.sh

pods=()
cleanup() {
  local rc=$?
  if [ "${JIXIAO_COUNTY_KEEP:-0}" = 1 ]; then
    echo "kept: pods ${pods[*]:-}, network $net, state $state; remove with:" >&2
    echo "  podman pod rm -f ${pods[*]:-}; podman network rm $net" >&2
    echo "  podman volume ls -q --filter label=jixiao-test=$run_id | xargs podman volume rm" >&2
    return
  fi
  if [ $rc -ne 0 ] && [ ${#pods[@]} -gt 0 ]; then
    for pod in "${pods[@]}"; do
      for c in $(podman pod inspect --format '{{range .Containers}}{{.Name}} {{end}}' "$pod" 2>/dev/null); do
        case $c in *-infra) continue ;; esac
        echo "---- last log lines of $c" >&2
        podman logs --tail 15 "$c" 2>&1 | cut -c1-400 >&2 || true
      done
    done
  fi
  for pod in "${pods[@]}"; do podman pod rm -f -t 0 "$pod" >/dev/null 2>&1 || true; done
  podman ps -a --filter "label=jixiao-test=$run_id" -q | xargs -r podman rm -f >/dev/null 2>&1 || true
  podman volume ls -q --filter "label=jixiao-test=$run_id" | xargs -r podman volume rm -f >/dev/null 2>&1 || true
  podman network rm -f "$net" >/dev/null 2>&1 || true
  for name in budget indicator evaluation gateway tools postgres redis; do
    podman rmi "localhost/jixiao/$name:$tag" >/dev/null 2>&1 || true
  done
  rm -rf "$state"
}
trap cleanup EXIT

# ---------------------------------------------------------------- images
step "images (deploy/images.sh $tag)"
JIXIAO_IMAGES_BUILD=${JIXIAO_IMAGES_BUILD:-0} deploy/images.sh "$tag" >"$state/images.log" 2>&1 ||
  { tail -40 "$state/images.log" >&2; fail "deploy/images.sh"; }
tools=localhost/jixiao/tools:$tag

# ---------------------------------------------------------------- render
step "render and convert the county overlay"
# The county overlay with the registry component, as an operator's own
# overlay adds it (k8s/README.md); render.sh puts in registry and tag.
overlay=$state/overlay
mkdir -p "$overlay"
k8s_rel=$(realpath --relative-to="$overlay" "$repo/k8s")
cat >"$overlay/kustomization.yaml" <<EOF
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: jixiao
resources:
  - $k8s_rel/overlays/county
components:
  - $k8s_rel/components/container-images-registry
EOF
k8s/render.sh "$overlay" --registry localhost/jixiao --tag "$tag" >"$state/county.yaml"

# The operator's Secrets (docs/operations.md), as files:
# secrets/<Secret>/<key>.
secrets=$state/secrets
umask 077
mkdir -p "$secrets"/{jixiao-jwt,jixiao-postgres-app,jixiao-postgres-migrate,jixiao-postgres-backup,jixiao-postgres-superuser,jixiao-redis}
head -c 48 /dev/urandom | base64 -w0 >"$secrets/jixiao-jwt/secret"
for role in app migrate backup superuser; do
  head -c 24 /dev/urandom | base64 -w0 >"$secrets/jixiao-postgres-$role/password"
done
head -c 24 /dev/urandom | base64 -w0 >"$secrets/jixiao-redis/password"
umask 022

# The gateway's port on the host: free now, on loopback only.
gateway_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
play=$state/play
python3 tests/county/kube_to_podman.py "$state/county.yaml" "$secrets" "$state/files" "$play" \
  --gateway-port "$gateway_port" >"$state/workloads.txt"
read -r -a workloads <"$state/workloads.txt"
for want in postgres redis jixiao-migrate jixiao-backup budget indicator evaluation gateway; do
  case " ${workloads[*]} " in *" $want "*) ;; *) fail "the render has no workload $want" ;; esac
done

# ---------------------------------------------------------------- podman
# (netavark says "failed to connect to syslog" where there is none.)
podman network create --label "jixiao-test=$run_id" "$net" >/dev/null 2>"$state/network.log" ||
  { cat "$state/network.log" >&2; fail "podman network create"; }
# Each persistent volume made first and given to the pod's group, as
# fsGroup does in the cluster.
make_volumes() {
  local claim gid
  while read -r claim gid; do
    if ! podman volume exists "$claim-$run_id"; then
      podman volume create --label "jixiao-test=$run_id" "$claim-$run_id" >/dev/null
      local dir
      dir=$(podman volume inspect --format '{{.Mountpoint}}' "$claim-$run_id")
      chgrp "$gid" "$dir"
      chmod 2770 "$dir"
    fi
  done <"$play/volumes.txt"
}
# Volumes are named per run: the claim names of the render with the run's
# suffix.
while read -r claim _; do
  sed -i "s/claimName: $claim\$/claimName: $claim-$run_id/" "$play"/*.yaml
done <"$play/volumes.txt"
make_volumes

kube_play() {  # WORKLOAD
  podman kube play --network "$net" "$play/$1.yaml" >"$state/play-$1.log" 2>&1 ||
    { cat "$state/play-$1.log" >&2; fail "podman kube play $1"; }
  case " ${pods[*]:-} " in *" $1 "*) ;; *) pods+=("$1") ;; esac
}

# The tools image as the operator's shell on the cluster network: one
# container for the whole run (as k8s/examples/restore-pod.yaml, uid 999
# with the backup volume), every CLI and psql call a `podman exec` in it.
# One container, not one per call: it holds the network's bridge for the
# whole run (netavark removes the bridge with its last container, and with
# it the address pinned below).
tools_ctr=jixiao-tools-$run_id
tools_run() {  # [-e VAR=VALUE]... COMMAND...
  podman exec "$@"
}
mkdir -p "$state/share"
wait_postgres() {  # the readiness probe's pg_isready, then over TCP as clients
  local i
  for i in $(seq 1 120); do
    if podman exec postgres-postgres pg_isready -q -U postgres -d jixiao 2>/dev/null &&
      podman exec postgres-postgres pg_isready -q -h 127.0.0.1 -U postgres -d jixiao 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  fail "PostgreSQL did not become ready"
}

pg_as() {  # ROLE PSQL-ARGS...: psql over the network as ROLE
  local role=$1 password
  shift
  case $role in
    jixiao_migrate) password=$(cat "$secrets/jixiao-postgres-migrate/password") ;;
    jixiao_app) password=$(cat "$secrets/jixiao-postgres-app/password") ;;
    jixiao_backup) password=$(cat "$secrets/jixiao-postgres-backup/password") ;;
  esac
  tools_run -e PGHOST=postgres -e PGDATABASE=jixiao -e PGUSER="$role" -e PGPASSWORD="$password" \
    "$tools_ctr" psql --no-psqlrc -v ON_ERROR_STOP=1 -qAt "$@"
}

run_job() {  # WORKLOAD: play a Job's pod, wait for it, check every container
  local name=$1 i state_of
  podman pod rm -f -t 0 "$name" >/dev/null 2>&1 || true
  kube_play "$name"
  local containers=()
  mapfile -t containers < <(podman ps -a --filter "pod=$name" --format '{{.Names}}' | grep -v -- '-infra$')
  [ ${#containers[@]} -gt 0 ] || fail "$name has no containers"
  for i in $(seq 1 600); do
    state_of=$(podman inspect --format '{{.State.Status}}' "${containers[@]}" | sort -u)
    [ "$state_of" = exited ] && break
    sleep 0.5
  done
  local bad=0 c code
  for c in "${containers[@]}"; do
    code=$(podman inspect --format '{{.State.ExitCode}} {{.State.Status}}' "$c")
    if [ "$code" != "0 exited" ]; then
      echo "$c: $code" >&2
      podman logs "$c" 2>&1 | tail -20 >&2
      bad=1
    fi
  done
  [ $bad = 0 ] || fail "$name did not complete"
  podman logs "$name-${2:-grants}" 2>/dev/null | tail -3 || true
}

backup_claim=$(awk '$1 ~ /^postgres-backup/ {print $1}' "$play/volumes.txt")
podman run -d --name "$tools_ctr" --network "$net" --label "jixiao-test=$run_id" \
  --user 999:999 --read-only --tmpfs /tmp -v "$state/share:/share:ro" \
  -v "$backup_claim-$run_id:/backup:ro" "$tools" sleep infinity >/dev/null

# The bridge's MAC address pinned. Linux gives a bridge the lowest MAC of its
# ports unless one was set, and netavark 1.4 sets none: a pod joining or
# leaving could change it. Every pod's cached neighbour entry for the
# gateway, where aardvark-dns answers, then names a MAC no port has, so each
# DNS query is dropped until that entry expires: 30 to 50 s measured here,
# in about half the runs (on the bridge, every query addressed to another
# host). Pinned once the first container made the bridge; checked at the end.
bridge=$(podman network inspect --format '{{.NetworkInterface}}' "$net")
bridge_mac=$(cat "/sys/class/net/$bridge/address")
ip link set dev "$bridge" address "$bridge_mac"
# 3: NET_ADDR_SET, an address the kernel no longer changes by itself.
[ "$(cat "/sys/class/net/$bridge/addr_assign_type")" = 3 ] ||
  fail "the bridge $bridge's MAC address is not pinned"

step "PostgreSQL and Redis (first start: initdb, roles.sql)"
kube_play postgres
kube_play redis
wait_postgres
# The roles exist, with the rights k8s/README.md says.
roles=$(pg_as jixiao_migrate -c "SELECT string_agg(rolname || ':' || rolsuper || rolcreaterole, ',' ORDER BY rolname) FROM pg_roles WHERE rolname LIKE 'jixiao%'")
[ "$roles" = "jixiao_app:falsefalse,jixiao_backup:falsefalse,jixiao_migrate:falsefalse" ] || fail "roles: $roles"

step "the migration Job"
run_job jixiao-migrate grants
tables=$(pg_as jixiao_app -c "SELECT count(*) FROM pg_tables WHERE schemaname IN ('budget','indicator','evaluation') AND tableowner = 'jixiao_migrate'")
[ "$tables" -gt 10 ] || fail "the Job made $tables tables"

step "the services"
for name in budget indicator evaluation gateway; do kube_play "$name"; done

# A token from the tools image, with the Secret's key (docs/security.md).
cp "$secrets/jixiao-jwt/secret" "$state/share/jwt"
chmod 0444 "$state/share/jwt"
tools_run "$tools_ctr" jixiao token mint --secret_file=/share/jwt --subject=county-test \
  --role=admin >"$state/share/token"
token=$(cat "$state/share/token")
cli=(jixiao --token_file=/share/token --budget=dns:///budget:50051
  --indicator=dns:///indicator:50052 --evaluation=dns:///evaluation:50053)
# `jixiao health` waits for each service, a new channel each probe; a new
# CLI process each try here besides. What the last try printed (each
# service's state) is shown when it fails.
wait_healthy() {  # WHEN
  local attempt out
  for attempt in 1 2 3 4; do
    if out=$(tools_run "$tools_ctr" "${cli[@]}" health --wait_ms=30000 2>&1); then
      return 0
    fi
    echo "county: health $1, try $attempt: not yet" >&2
  done
  echo "$out" >&2
  local pod
  for pod in "${pods[@]}"; do
    podman ps -a --filter "pod=$pod" --format '{{.Names}} {{.Status}}' >&2 || true
  done
  fail "the services did not become healthy $1"
}
wait_healthy "at the first start"

step "the seed, loaded with the tools image (as deploy/run-local.sh)"
# A service's first call to a peer may miss its 2 s deadline on a loaded
# machine (UNAVAILABLE, nothing written): a client retries. Both loads are
# idempotent.
retry() {  # COMMAND...: up to 5 tries
  local i
  for i in 1 2 3 4 5; do
    "$@" && return 0
    echo "   (try $i failed; again)" >&2
    sleep 2
  done
  return 1
}
retry tools_run "$tools_ctr" "${cli[@]}" dataset load /usr/share/jixiao/demo/taoyuan-psb-2019.json
retry tools_run "$tools_ctr" "${cli[@]}" indicator load /usr/share/jixiao/demo/taoyuan-psb-2019-indicators.json

gateway=http://127.0.0.1:$gateway_port
call() {  # METHOD JSON: through the gateway from the host; the body on stdout
  curl -sS --max-time 10 -X POST -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" "$gateway/$1" -d "$2"
}
call_code() {  # METHOD JSON: the HTTP status only
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" "$gateway/$1" -d "$2" || echo 000
}
check_evaluation() {  # the seed's evaluation through the gateway: 73.26, 中
  local reply i
  for i in 1 2 3 4 5; do
    reply=$(call jixiao.evaluation.v1.EvaluationService/Evaluate \
      '{"key": {"regionCode": "430725", "departmentCode": "taoyuan-psb", "year": 2019}}' || true)
    python3 - "$reply" <<'PY' && return 0
import json, sys
try:
    r = json.loads(sys.argv[1])
except ValueError:
    sys.exit(1)
r = r.get("result", r)
if (r.get("total"), r.get("grade")) != ("73.26", "中"):
    sys.exit(1)
print(f"   evaluation through the gateway: total {r['total']}, grade {r['grade']}")
PY
    sleep 2   # a first call to a peer on a loaded machine (see retry)
  done
  fail "the gateway's evaluation of the seed: $(cut -c1-300 <<<"$reply")"
}
step "the seed's evaluation through the gateway (127.0.0.1:$gateway_port)"
check_evaluation

# ---------------------------------------------------------------- kill -9
step "acknowledged writes while PostgreSQL is killed and played again"
acked=$state/acked
: >"$acked"
# A department per write, its code recorded once acknowledged (200), until
# told to stop: before, during and after the outage.
writer() {
  local i=0 code
  while [ ! -e "$state/stop-writer" ]; do
    i=$((i + 1))
    code=$(call_code jixiao.budget.v1.BudgetService/CreateDepartment \
      "{\"department\": {\"regionCode\": \"430725\", \"code\": \"ack-$i\", \"name\": \"写入$i\"}}")
    [ "$code" = 200 ] && echo "ack-$i" >>"$acked"
    echo "$i" >"$state/attempts"
    sleep 0.1
  done
}
acked_count() { wc -l <"$acked"; }
wait_acked() {  # N SECONDS: until N writes are acknowledged
  local i
  for i in $(seq 1 $(($2 * 10))); do
    [ "$(acked_count)" -ge "$1" ] && return 0
    sleep 0.1
  done
  return 1
}
writer &
writer_pid=$!
wait_acked 15 60 || fail "fewer than 15 writes acknowledged before the kill"
before=$(acked_count)
podman pod kill --signal KILL postgres >/dev/null
podman pod rm -f -t 0 postgres >/dev/null
sleep 2
kube_play postgres   # the same claim: the same volume
wait_postgres
# The services write again by themselves, no restart: ten more.
wait_acked $((before + 10)) 60 || fail "writes did not resume after PostgreSQL came back"
touch "$state/stop-writer"
wait "$writer_pid"
echo "   acknowledged: $before before the kill, $(($(acked_count) - before)) after it came back;" \
  "$(cat "$state/attempts") attempts (the others failed while it was down)"
read_back() {
  local code missing=0
  while read -r code; do
    if [ "$(call_code jixiao.budget.v1.BudgetService/GetDepartment \
      "{\"regionCode\": \"430725\", \"code\": \"$code\"}")" != 200 ]; then
      echo "   lost: $code" >&2
      missing=$((missing + 1))
    fi
  done <"$acked"
  [ $missing = 0 ] || fail "$missing acknowledged writes are gone"
  echo "   every acknowledged write reads back ($(wc -l <"$acked"))"
}
read_back
check_evaluation

# ---------------------------------------------------------------- backup
step "the backup CronJob's pod (pg_dump -Fc), run with the tools image"
# The CronJob's own script, ConfigMaps, role and volume; the tools image,
# which carries pg_dump 15 as the postgres image does.
sed -i "s#image: localhost/jixiao/postgres:$tag#image: $tools#" "$play/jixiao-backup.yaml"
run_job jixiao-backup pg-dump
dump=$(podman logs jixiao-backup-pg-dump 2>&1 | sed -n 's#^backup: \(/backup/jixiao-[0-9TZ]*\.dump\),.*#\1#p' | tail -1)
[ -n "$dump" ] || fail "the backup named no dump"
echo "   $dump"

step "disaster: the database's volume lost; a fresh PostgreSQL; restore (tools image)"
# The services stopped first, as the runbook scales them to 0.
podman pod stop -t 15 budget indicator evaluation gateway >/dev/null
step "a fresh PostgreSQL"
podman pod rm -f -t 0 postgres >/dev/null
data_claim=$(awk '$1 ~ /^data-postgres/ {print $1}' "$play/volumes.txt")
podman volume rm -f "$data_claim-$run_id" >/dev/null
make_volumes
kube_play postgres
wait_postgres
[ "$(pg_as jixiao_migrate -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'budget'")" = 0 ] ||
  fail "the fresh PostgreSQL is not empty"
step "pg_restore with the tools image"
# docs/operations.md's runbook, as jixiao_migrate (k8s/examples/restore-pod.yaml).
tools_run -e PGHOST=postgres -e PGDATABASE=jixiao \
  -e PGUSER=jixiao_migrate -e PGPASSWORD="$(cat "$secrets/jixiao-postgres-migrate/password")" \
  "$tools_ctr" pg_restore --clean --if-exists --no-owner --role=jixiao_migrate \
  --single-transaction -d jixiao "$dump"
step "the migration Job again (grants), the services started"
run_job jixiao-migrate grants
podman pod start budget indicator evaluation gateway >/dev/null
wait_healthy "after the restore"
for _ in $(seq 1 50); do
  [ "$(call_code jixiao.budget.v1.BudgetService/GetDepartment '{"regionCode": "430725", "code": "taoyuan-psb"}')" = 200 ] && break
  sleep 0.2
done
check_evaluation
read_back

[ "$(cat "/sys/class/net/$bridge/address")" = "$bridge_mac" ] ||
  fail "the bridge $bridge's MAC address changed during the run"
step "passed"
