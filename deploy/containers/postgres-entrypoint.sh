#!/bin/bash
# The PostgreSQL image's entrypoint: what k8s/components/in-cluster-postgres
# (postgres.yaml) expects of the image, the same contract as the postgres
# images people know, kept to what the manifests use:
#
#   args             ["postgres", "-c", "max_connections=100", ...]: the
#                    server and its settings (a first argument starting
#                    with "-" means the same with "postgres" before it);
#                    anything else runs as given (psql, pg_dump, bash ...)
#   PGDATA           the cluster's directory (default
#                    /var/lib/postgresql/data), made on the first start
#                    when it holds no PG_VERSION
#   POSTGRES_USER    the superuser made by initdb (default postgres)
#   POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE) its password, required on
#                    the first start
#   POSTGRES_DB      a database made on the first start (default: the
#                    user's name)
#   POSTGRES_INITDB_ARGS  more initdb arguments ("--locale=C --encoding=UTF8")
#   /docker-entrypoint-initdb.d/*.sh, *.sql   run once, in name order, after
#                    initdb, against a server listening on the local socket
#                    only (10-jixiao-roles.sh: the suite's roles)
#
# Connections over the socket are trusted (the container's own processes:
# the init scripts, pg_isready, kubectl exec); over TCP every role needs its
# password (scram-sha-256), loopback included. Runs as uid 999 (the
# manifests' runAsUser); started as root (podman run without --user) it
# takes the data directory and drops to that user first.
set -Eeuo pipefail

if [ "${1:0:1}" = "-" ]; then
  set -- postgres "$@"
fi
if [ "${1:-}" != postgres ]; then
  exec "$@"
fi

export PGDATA=${PGDATA:-/var/lib/postgresql/data}
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 0700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

log() { echo "postgres-entrypoint: $*" >&2; }

# PGDATA may be a folder inside the volume (the manifests': .../data/pgdata,
# so that the volume's lost+found is not in the cluster's directory).
if ! mkdir -p "$PGDATA" 2>/dev/null || [ ! -w "$PGDATA" ]; then
  log "cannot write $PGDATA as uid $(id -u): the volume must be writable by it (fsGroup 999)"
  exit 1
fi
chmod 0700 "$PGDATA" 2>/dev/null || true

# A first start that did not finish (an init script failed, the pod was
# killed) left a cluster without its roles that no client has seen: start
# it again from nothing rather than serve it.
marker=$PGDATA/.first-start-incomplete
if [ -e "$marker" ]; then
  log "the first start did not finish: making the cluster again"
  find "$PGDATA" -mindepth 1 -delete
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  password=${POSTGRES_PASSWORD:-}
  if [ -z "$password" ] && [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then
    password=$(cat "$POSTGRES_PASSWORD_FILE")
  fi
  if [ -z "$password" ]; then
    log "the data directory is empty and no POSTGRES_PASSWORD is set: the superuser needs one"
    exit 1
  fi
  log "initialising $PGDATA (superuser $user, database $db)"
  # The password goes to initdb through a file descriptor, never argv.
  # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS is a list of words
  initdb --username="$user" --pwfile=<(printf '%s\n' "$password") \
    --auth-local=trust --auth-host=scram-sha-256 ${POSTGRES_INITDB_ARGS:-} >&2
  touch "$marker"
  # Every address: the pod's network is the boundary, passwords the rule.
  printf '\n# Added by the image: any address, with a password.\nhost all all all scram-sha-256\n' \
    >>"$PGDATA/pg_hba.conf"

  # A first-start server on a socket of its own only: nothing outside sees
  # the cluster before its roles exist, and the readiness probe
  # (pg_isready on the usual socket) fails until the real server is up.
  pg_ctl -D "$PGDATA" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$PGDATA' -p ${PGPORT:-5432}" start >&2
  export PGHOST=$PGDATA PGUSER=$user PGDATABASE=postgres
  if [ "$db" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --no-psqlrc -q -v db="$db" <<<'CREATE DATABASE :"db";'
  fi
  export PGDATABASE=$db POSTGRES_USER=$user POSTGRES_DB=$db
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    case $f in
      *.sh)
        log "running $f"
        if [ -x "$f" ]; then "$f"; else bash "$f"; fi ;;
      *.sql)
        log "running $f"
        psql -v ON_ERROR_STOP=1 --no-psqlrc -f "$f" ;;
      *) log "ignoring $f" ;;
    esac
  done
  unset PGHOST PGUSER PGDATABASE
  pg_ctl -D "$PGDATA" -m fast -w -t 60 stop >&2
  rm -f "$marker"
  log "first start done; starting the server"
fi

exec "$@"
