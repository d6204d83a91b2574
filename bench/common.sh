# Sourced by the bench/ scripts: a work folder removed at exit with every
# process started in it, `start` for a service on a free loopback port,
# `start_redis`, `rss` for a started process's resident memory in MiB,
# `metrics_of` for its admin port.
work=$(mktemp -d)
cleanup() {
  [ -f "$work/pids" ] && while read -r pid; do kill -TERM "$pid" 2>/dev/null || true; done <"$work/pids"
  sleep 0.5
  if [ -n "${pg_cluster:-}" ]; then bash tests/postgres.sh destroy "$pg_cluster"; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Waits for a --port_file and prints the port.
port_of() {
  for _ in $(seq 1 200); do [ -s "$1" ] && { cat "$1"; return; }; sleep 0.05; done
  echo "no port in $1" >&2; exit 1
}

# start NAME BINARY ARGS… → prints the address (run in $(…): its output must
# not hold the pipe).
start() {
  local name=$1 binary=$2; shift 2
  rm -f "$work/$name.port"
  # Open mode (no tokens), on loopback: the figures measure the services.
  "$binary" --listen=127.0.0.1:0 --port_file="$work/$name.port" --log_level=warning \
    --insecure "$@" >"$work/$name.out" 2>>"$work/$name.log" &
  echo $! >>"$work/pids"
  echo $! >"$work/$name.pid"
  echo "127.0.0.1:$(port_of "$work/$name.port")"
}

# metrics_of NAME → the admin address (/metrics) of a service started with
# --metrics_listen=127.0.0.1:0.
metrics_of() { echo "127.0.0.1:$(port_of "$work/$1.port.metrics")"; }

# Stops every process started so far, and waits for them to end.
stop_all() {
  [ -f "$work/pids" ] || return 0
  while read -r pid; do kill -TERM "$pid" 2>/dev/null || true; done <"$work/pids"
  while read -r pid; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done <"$work/pids"
  rm -f "$work/pids"
}

# Sets $redis to a private redis-server's address.
start_redis() {
  local port=$((20000 + RANDOM % 20000))
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
    --loglevel warning >"$work/redis.log" 2>&1 &
  echo $! >>"$work/pids"
  for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
  redis="127.0.0.1:$port"
}

# Sets $pg_url to a throwaway PostgreSQL cluster, destroyed at exit.
start_postgres() {
  local cluster
  cluster=$(bash tests/postgres.sh start)
  pg_url=$(echo "$cluster" | head -1)
  pg_cluster=$(echo "$cluster" | tail -1)
}

rss() { awk '/VmRSS/{printf "%.1f", $2/1024}' "/proc/$(cat "$work/$1.pid")/status"; }
