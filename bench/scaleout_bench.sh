#!/usr/bin/env bash
# Several instances on PostgreSQL against one on SQLite, in one run:
#   Slack   wrk posting signed Slack events (bench/ceiling/slack.lua) through
#           nginx to 1 careerbot on SQLite, then to 1, 2 and 3 careerbot
#           instances on one PostgreSQL 15 database (a throw-away cluster,
#           fsync on, as SQLite's synchronous=FULL). Each event is verified,
#           stored with its reply queued, then acknowledged; the replies go
#           out through the outboxes to the fake Slack API over TLS
#           (tests/support/fake_platform.py).
#           "acks/s" is wrk's rate of 2xx answers; "replies/s" is the replies
#           the fake API received from wrk's start until every queued reply
#           was sent, over that time.
#   /v1/ask wrk with bench/ask.lua straight to one instance on SQLite and one
#           on PostgreSQL: a question without a conversation id never waits
#           on the database, so the two should match.
# Everything (wrk, nginx, the instances, PostgreSQL, the fake API) shares the
# machine's cores (printed): more instances add no cores here, so the figures
# show what the shared database costs, not what more hosts would bring.
#   bench/scaleout_bench.sh [DURATION_SECONDS=8] [CONNECTIONS=64]
#   KEEP=1 keeps the logs; CAREERBOT_BIN=path measures that binary.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-8}
connections=${2:-64}
here=bench/ceiling
events=$((duration * 8000))

source bench/careerbot_binary.sh  # sets bin
work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
  [ "$BASHPID" = "$$" ] || return 0
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  bash tests/support/postgres_cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_ready() {  # port
  for _ in $(seq 400); do
    curl -sf "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "nothing ready on port $1"
  exit 1
}

echo "== machine: $(nproc) cores shared by wrk, nginx, careerbot, PostgreSQL and the fake API"
echo "== wrk -t2 -c$connections -d${duration}s; $events signed Slack events per run"
CAREERBOT_PG_FSYNC=on bash tests/support/postgres_cluster.sh start "$work/pg" >/dev/null
pg_url=$(cat "$work/pg/url")
secret=bench-signing-secret

# The fake Slack API over TLS with a throwaway CA.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj '/CN=bench ca' \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' \
  -keyout "$work/api.key" -out "$work/api.csr" 2>/dev/null
echo "subjectAltName=IP:127.0.0.1" >"$work/san.ext"
openssl x509 -req -in "$work/api.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 1 -extfile "$work/san.ext" -out "$work/api.pem" 2>/dev/null
/usr/bin/python3 tests/support/fake_platform.py --cert "$work/api.pem" --key "$work/api.key" \
  --record "$work/api.jsonl" --port-file "$work/api.port" --quiet-record 2>"$work/api.log" &
pids+=("$!")
for _ in $(seq 100); do [ -s "$work/api.port" ] && break; sleep 0.05; done
api_base="https://127.0.0.1:$(cat "$work/api.port")"

# start_instances NAME BACKEND COUNT: sets ports and instance_pids.
start_instances() {
  local name=$1 backend=$2 count=$3 i port
  local store=(CAREERBOT_STORE_BACKEND=sqlite)
  if [ "$backend" = postgresql ]; then
    psql -q "$pg_url/postgres" -c "CREATE DATABASE $name" >/dev/null
    store=(CAREERBOT_STORE_BACKEND=postgresql "CAREERBOT_STORE_POSTGRESQL_URL=$pg_url/$name")
  fi
  ports=()
  instance_pids=()
  for i in $(seq "$count"); do
    port=$(free_port)
    env CAREERBOT_LIMITS_ENABLED=false "${store[@]}" \
      CAREERBOT_CHANNELS_SLACK_SIGNING_SECRET=$secret CAREERBOT_CHANNELS_SLACK_BOT_TOKEN=xoxb-bench \
      CAREERBOT_CHANNELS_SLACK_API_BASE="$api_base" CAREERBOT_DELIVERY_CA_FILE="$work/ca.pem" \
      CAREERBOT_CHANNELS_SENDER_MESSAGES_PER_WINDOW=0 \
      "$bin" serve --port "$port" --smtp-port 0 --data-dir "$work/$name-$i" 2>"$work/$name-$i.log" &
    instance_pids+=("$!")
    pids+=("$!")
    ports+=("$port")
    wait_ready "$port"  # one after the other: the first seeds the database
  done
}

# start_nginx NAME: nginx in front of $ports; sets ng_port.
start_nginx() {
  local prefix=$work/nginx-$1 port
  mkdir -p "$prefix/tmp"
  ng_port=$(free_port)
  {
    echo "worker_processes 2; pid nginx.pid; error_log error.log warn;"
    echo "events { worker_connections 1024; }"
    echo "http { access_log off; client_body_temp_path tmp; proxy_temp_path tmp;"
    echo "  upstream careerbot {"
    for port in "${ports[@]}"; do echo "    server 127.0.0.1:$port;"; done
    echo "    keepalive 64; }"
    echo "  server { listen 127.0.0.1:$ng_port; location / { proxy_pass http://careerbot;"
    echo "    proxy_http_version 1.1; proxy_set_header Connection \"\"; } } }"
  } >"$prefix/nginx.conf"
  /usr/sbin/nginx -p "$prefix" -c "$prefix/nginx.conf" -g 'daemon off; user root;' &
  ng=$!
  pids+=("$ng")
  for _ in $(seq 100); do curl -s "http://127.0.0.1:$ng_port/healthz" >/dev/null 2>&1 && return 0; sleep 0.05; done
  echo "nginx did not start"; cat "$prefix/error.log"; exit 1
}

stop_all() {
  local p
  for p in "${instance_pids[@]}" "$ng"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${instance_pids[@]}" "$ng"; do wait "$p" 2>/dev/null || true; done
}

pending() {  # NAME BACKEND: replies not yet sent
  if [ "$2" = postgresql ]; then
    psql -tA "$pg_url/$1" -c "SELECT COUNT(*) FROM outbox WHERE state = 'pending'"
  else
    /usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True).execute(\"SELECT COUNT(*) FROM outbox WHERE state = 'pending'\").fetchone()[0])" "$work/$1-1/careerbot.db"
  fi
}

rows=()
# slack_run NAME BACKEND COUNT
slack_run() {
  local name=$1 backend=$2 count=$3 before start end out sent rps p99 errors
  /usr/bin/python3 "$here/slack_events.py" "$secret" "$events" "Ev$name-" >"$work/events-$name.txt"
  start_instances "$name" "$backend" "$count"
  start_nginx "$name"
  before=$(wc -l <"$work/api.jsonl")
  out=$work/wrk-$name.txt
  start=$(date +%s.%N)
  wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$here/slack.lua" \
    "http://127.0.0.1:$ng_port/" -- "$work/events-$name.txt" >"$out" 2>&1
  for _ in $(seq 1200); do [ "$(pending "$name" "$backend")" = 0 ] && break; sleep 0.1; done
  end=$(date +%s.%N)
  sent=$(($(wc -l <"$work/api.jsonl") - before))
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  errors=$(grep -E 'Non-2xx|Socket errors' "$out" | tr -s ' ' | tr '\n' ' ' || true)
  printf '   %-22s %8s acks/s  p99 %-9s %8s replies/s  (%s replies)%s\n' "$backend x$count" "$rps" \
    "$p99" "$(echo "scale=0; $sent / ($end - $start)" | bc)" "$sent" "${errors:+  WARNING: $errors}"
  stop_all
}

echo
echo "== Slack events through nginx: acknowledged, then replies delivered"
slack_run sqlite1 sqlite 1
slack_run pg1 postgresql 1
slack_run pg2 postgresql 2
slack_run pg3 postgresql 3

echo
echo "== POST /v1/ask (bench/ask.lua) straight to one instance: questions without a"
echo "   conversation id (-- fresh), then the usual mix (4 conversations shared by all"
echo "   $connections connections, whose turns wait for each other)"
for backend in sqlite postgresql; do
  start_instances "ask$backend" "$backend" 1
  for mix in fresh conversations; do
    out=$work/wrk-ask-$backend-$mix.txt
    wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/ask.lua \
      "http://127.0.0.1:${ports[0]}/" -- "$mix" >"$out" 2>&1
    printf '   %-22s %-14s %8s answers/s  p99 %s\n' "$backend x1" "$mix" \
      "$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")" "$(awk '$1 == "99%" {print $2}' "$out")"
  done
  for p in "${instance_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
done
