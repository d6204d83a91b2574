#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on a free loopback port, from Debian's
# postgresql package (installed by deploy/install-deps.sh).
#
#   tests/postgres.sh start [DIR]   initdb in DIR (a new temp folder if none)
#                                   unless done, start; prints the server URL
#                                   (no database name) and DIR, one a line
#   tests/postgres.sh stop DIR      fast shutdown; the data stays
#   tests/postgres.sh destroy DIR   stop if running and remove DIR
#
# initdb refuses to run as root, so as root the cluster runs as the package's
# postgres user. C collation: ORDER BY on text is by bytes, as on SQLite.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

command=${1:?usage: postgres.sh start [DIR] | stop DIR | destroy DIR}
dir=${2:-}
case "$command" in
  start)
    [ -n "$dir" ] || dir=$(mktemp -d /tmp/jixiao-pg.XXXXXX)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 \
        --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
      free_port >"$dir/port"
    fi
    port=$(cat "$dir/port")
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" \
      start >/dev/null || { tail -20 "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres@127.0.0.1:$port"
    echo "$dir"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  destroy)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "unknown command $command" >&2; exit 2 ;;
esac
