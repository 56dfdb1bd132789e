#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests (Debian's postgresql-15):
#   postgres_cluster.sh start STATE_DIR   initdb in a new directory under /tmp,
#                                         start it on a free port of 127.0.0.1,
#                                         and write its URL to STATE_DIR/url
#   postgres_cluster.sh stop STATE_DIR    stop it and delete its files
#   postgres_cluster.sh halt STATE_DIR    stop the server only (a database outage)
#   postgres_cluster.sh resume STATE_DIR  start it again where it was
# As root, the server runs as the unprivileged user "postgres" (which the
# package creates), since PostgreSQL refuses to run as root. Trust
# authentication on 127.0.0.1 only; the superuser is "careerbot".
set -euo pipefail
command=${1:?start or stop}
state=${2:?state directory}
bin=/usr/lib/postgresql/15/bin

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  if [ -f "$state/data_dir" ]; then
    data=$(cat "$state/data_dir")
    as_owner "$bin/pg_ctl" -D "$data/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$data"
  fi
  rm -rf "$state"
}

# pg_ctl start|stop on the cluster named in $state.
server() {
  data=$(cat "$state/data_dir")
  port=$(cat "$state/port")
  if [ "$1" = start ]; then
    # fsync off: a test cluster need not survive the machine's crash
    # (CAREERBOT_PG_FSYNC=on for benchmarks that compare durable commits).
    as_owner "$bin/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=${CAREERBOT_PG_FSYNC:-off} -c max_connections=300" \
      start >/dev/null || { cat "$data/server.log" >&2; exit 1; }
  else
    as_owner "$bin/pg_ctl" -D "$data/data" -m fast -w -t 60 stop >/dev/null
  fi
}

case "$command" in
  start)
    stop
    mkdir -p "$state"
    data=$(mktemp -d /tmp/careerbot-pg.XXXXXX)
    echo "$data" >"$state/data_dir"
    chmod 755 "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$data"
    as_owner "$bin/initdb" -D "$data/data" -A trust -U careerbot -E UTF8 --locale=C --no-sync \
      >"$data/initdb.log" 2>&1 || { cat "$data/initdb.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "$port" >"$state/port"
    server start
    echo "postgresql://careerbot@127.0.0.1:$port" >"$state/url"
    echo "postgres_cluster: started on 127.0.0.1:$port ($data)"
    ;;
  stop)
    stop
    ;;
  halt)
    server stop
    ;;
  resume)
    server start
    ;;
  *)
    echo "usage: $0 start|stop|halt|resume STATE_DIR" >&2
    exit 2
    ;;
esac
