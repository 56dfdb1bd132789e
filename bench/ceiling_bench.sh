#!/usr/bin/env bash
# careerbot against the machine's ceiling, in one run, with the same load on
# both sides, one after the other (the ceiling first):
#   /v1/ask  wrk with bench/ask.lua (the question mix) against a release build
#            of careerbot, and against nginx answering every POST with the
#            bytes of one careerbot answer (a salary question, checked
#            byte-identical with curl + cmp first): what answering costs over
#            serving the same bytes from a file.
#   Slack    wrk posting signed Slack events (bench/ceiling/slack.lua) to
#            /v1/channels/slack/events, which careerbot verifies, stores and
#            acknowledges (replies go through the outbox to the fake Slack API
#            of tests/support/fake_platform.py), against nginx answering an
#            empty 200, and against bench/ceiling/durable_ack.c, which answers
#            only once the body is on disk (a journal, one fdatasync for the
#            requests that gather): the ceiling of a durable acknowledgement.
#   SMTP     Postfix's smtp-source against careerbot's SMTP listener (each
#            message parsed and stored, with the work of answering it, before
#            the 250; answered afterwards from the outbox) and against
#            Postfix's smtp-sink (stores nothing), as bench/smtp_bench.sh.
# wrk: 2 threads, CONNECTIONS connections, DURATION seconds, --latency. nginx:
# Debian's, 2 worker processes, access log on (careerbot logs one line per
# request by default), keep-alive without a request limit. careerbot:
# CAREERBOT_LIMITS_ENABLED=false, default logging.
#
# How to read it: "ratio" is careerbot's rate as a percentage of the
# ceiling's (for Slack, of each ceiling); p50/p99 (wrk's latency distribution) and peak RSS (VmHWM; for
# nginx the master and its workers summed) are given as careerbot / ceiling.
# Client, server and whatever else runs share the machine's cores (printed),
# so the ceiling is what this machine does with a trivial server, not what
# the hardware could do; compare ratios between runs on the same machine.
# The nginx answer is the same ~2 KB for every question while careerbot's
# answers vary in size (wrk's transfer rates are printed for both).
# Then the same mix at a steady load (THINK_MS, default 5: each connection
# waits that long between an answer and its next question, about 11,000
# questions/s with 64 connections): latency where nothing queues behind a
# saturated CPU, for both, as a latency target is usually stated. At
# saturation a closed-loop client's latency is connections / rate, plus
# however the scheduler shares two cores among four busy threads.
# Heap allocations per /v1/ask request are counted in a second, short run.
#   bench/ceiling_bench.sh [DURATION_SECONDS=10] [CONNECTIONS=64]
#   KEEP=1: keep the logs and wrk outputs; THINK_MS: the steady load's pause;
#   SECTIONS="ask slack smtp": the parts to run; CAREERBOT_BIN=path: measure
#   that binary instead of building (an older commit's, for before and after).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-64}
here=bench/ceiling
smtp_messages=$(( duration * 4000 ))    # the same count to both SMTP servers: enough for some
                                        # seconds of smtp-sink, whose rate is noisy over one
slack_events=$(( duration * 40000 ))    # more than careerbot acknowledges in the run
think_ms=${THINK_MS:-5}                 # the steady /v1/ask load: each connection's pause

source bench/careerbot_binary.sh  # sets bin
sections=" ${SECTIONS:-ask slack smtp} "  # which parts to run
work=$(mktemp -d)
pids=()
cleanup() {
  [ "$BASHPID" = "$$" ] || return 0  # (not in a subshell that failed)
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

stop() {  # pid: TERM it, wait for it and forget it
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local kept=() p
  for p in "${pids[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
  pids=("${kept[@]}")
}

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() {  # port pid: until something accepts on 127.0.0.1:port, while pid lives
  for _ in $(seq 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

rss_mb() {  # pid...: the sum of their peak RSS
  local p
  for p in "$@"; do cat "/proc/$p/status"; done | awk '/^VmHWM/ {kb += $2} END {printf "%.1f", kb / 1024}'
}

# start_careerbot NAME [VAR=VALUE...]: sets cb (pid), cb_port, cb_smtp_port.
start_careerbot() {
  local name=$1
  shift
  env CAREERBOT_LIMITS_ENABLED=false "$@" \
    "$bin" serve --port 0 --smtp-port 0 --data-dir "$work/$name" 2>"$work/$name.log" &
  cb=$!
  pids+=("$cb")
  cb_port=""
  for _ in $(seq 400); do
    cb_port=$(grep -o '"event":"http_listening".*"port":[0-9]*' "$work/$name.log" 2>/dev/null | grep -o '[0-9]*$' || true)
    if [ -n "$cb_port" ]; then  # (the SMTP listener is logged before)
      cb_smtp_port=$(grep -o '"event":"smtp_listening".*"port":[0-9]*' "$work/$name.log" | grep -o '[0-9]*$' || true)
      return 0
    fi
    kill -0 "$cb" 2>/dev/null || break
    sleep 0.05
  done
  echo "careerbot did not start"; cat "$work/$name.log"; exit 1
}

# start_nginx NAME LOCATIONS_FILE: sets ng (master pid), ng_port.
start_nginx() {
  local prefix=$work/$1
  mkdir -p "$prefix/html" "$prefix/tmp"
  chmod 711 "$work"; chmod 755 "$prefix" "$prefix/html"   # the workers run as www-data
  ng_port=$(free_port)
  sed "s/@PORT@/$ng_port/" "$here/nginx.conf.in" >"$prefix/nginx.conf"
  cp "$2" "$prefix/server.conf"
  /usr/sbin/nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" -g 'daemon off;' &
  ng=$!
  pids+=("$ng")
  wait_port "$ng_port" "$ng" || { echo "nginx did not start"; cat "$prefix/error.log"; exit 1; }
}
nginx_rss() {  # master and workers
  local workers
  mapfile -t workers < <(ps --ppid "$ng" -o pid= | tr -d " ")
  rss_mb "$ng" "${workers[@]}"
}

# run_wrk NAME LUA URL [SCRIPT_ARGS...]: sets rps, p50, p99, transfer; warns
# about errors and non-2xx answers (they would make the rate meaningless).
run_wrk() {
  local name=$1 out=$work/wrk-$1.txt lua=$2 url=$3
  shift 3
  wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$lua" "$url" -- "$@" >"$out" 2>&1
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
  transfer=$(awk '/^Transfer\/sec:/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  [ -n "$rps" ] || { echo "wrk failed:"; cat "$out"; exit 1; }
  grep -E 'Non-2xx|Socket errors' "$out" | sed "s/^ */   WARNING ($name): /" || true
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f%%", (b > 0 ? 100 * a / b : 0)}'; }
line() { printf '   %-34s %10s %-9s p50 %-9s p99 %-9s peak RSS %6s MB%s\n' "$@"; }
rows=()

echo "== machine: $(nproc) cores, shared by the load generator and the server; nginx $(/usr/sbin/nginx -v 2>&1 | grep -o '[0-9.]*$'), 2 worker processes, access log on"
echo "== wrk -t2 -c$connections -d${duration}s --latency"

# --- /v1/ask -------------------------------------------------------------------
if [[ $sections == *" ask "* ]]; then
question="how much do backend devs make"
start_careerbot ask
got=$(curl -s -o "$work/answer.json" -w '%{http_code} %{content_type}' -H 'Content-Type: application/json' \
  -d "{\"text\":\"$question\"}" "http://127.0.0.1:$cb_port/v1/ask")
[ "$got" = "200 application/json" ] || { echo "careerbot's answer: $got"; exit 1; }
start_nginx nginx-ask "$here/ask.conf"
cp "$work/answer.json" "$work/nginx-ask/html/answer.json"
chmod 644 "$work/nginx-ask/html/answer.json"
got=$(curl -s -o "$work/nginx-answer.json" -w '%{http_code} %{content_type}' -H 'Content-Type: application/json' \
  -d '{"text":"registered nurse salary","conversation_id":"bench-1"}' "http://127.0.0.1:$ng_port/v1/ask")
if [ "$got" != "200 application/json" ] || ! cmp -s "$work/answer.json" "$work/nginx-answer.json"; then
  echo "nginx does not serve careerbot's answer: $got"; cmp "$work/answer.json" "$work/nginx-answer.json" || true; exit 1
fi
echo
echo "== POST /v1/ask, bench/ask.lua; nginx answers every one with careerbot's answer to \"$question\""
echo "   ($(stat -c %s "$work/answer.json") bytes, 200, application/json; byte-identical: checked with cmp)"
run_wrk ask-nginx bench/ask.lua "http://127.0.0.1:$ng_port/"
ng_rps=$rps ng_p50=$p50 ng_p99=$p99 ng_rss=$(nginx_rss)
line "nginx (ceiling)" "$ng_rps" "req/s" "$ng_p50" "$ng_p99" "$ng_rss" ", $transfer/s"
ASK_THINK_MS=$think_ms run_wrk ask-nginx-steady bench/ask.lua "http://127.0.0.1:$ng_port/"
ng_steady_rps=$rps ng_steady_p50=$p50 ng_steady_p99=$p99
stop "$ng"
run_wrk ask-careerbot bench/ask.lua "http://127.0.0.1:$cb_port/"
cb_rss=$(rss_mb "$cb")
line "careerbot" "$rps" "req/s" "$p50" "$p99" "$cb_rss" ", $transfer/s, $(ratio "$rps" "$ng_rps") of nginx"
rows+=("/v1/ask req/s|$ng_rps|$rps|$(ratio "$rps" "$ng_rps")|$p50 / $ng_p50|$p99 / $ng_p99|$cb_rss / $ng_rss MB")
ASK_THINK_MS=$think_ms run_wrk ask-careerbot-steady bench/ask.lua "http://127.0.0.1:$cb_port/"
echo "   steady load: each connection waits ${think_ms} ms after an answer before asking again (bench/ask.lua, ASK_THINK_MS)"
steady_line() { printf '   %-34s %10s %-9s p50 %-9s p99 %s\n' "$@"; }
steady_line "nginx (ceiling)" "$ng_steady_rps" "req/s" "$ng_steady_p50" "$ng_steady_p99"
steady_line "careerbot" "$rps" "req/s" "$p50" "$p99"
rows+=("/v1/ask steady|$ng_steady_rps|$rps|-|$p50 / $ng_steady_p50|$p99 / $ng_steady_p99|-")
stop "$cb"

# Heap allocations per answered request: a second short run with every
# malloc counted (bench/ceiling/alloc_counter.c, preloaded), read before and
# after the load.
cc -shared -fPIC -O2 -o "$work/alloc_counter.so" "$here/alloc_counter.c"
start_careerbot ask-allocs LD_PRELOAD="$work/alloc_counter.so"
alloc_count() {
  kill -USR2 "$cb"
  sleep 0.2
  grep -o 'alloc_count [0-9]*' "$work/ask-allocs.log" | tail -1 | grep -o '[0-9]*$'
}
wrk -t2 -c"$connections" -d2s -s bench/ask.lua "http://127.0.0.1:$cb_port/" >/dev/null  # warm-up
before=$(alloc_count)
wrk -t2 -c"$connections" -d3s -s bench/ask.lua "http://127.0.0.1:$cb_port/" >"$work/wrk-allocs.txt"
after=$(alloc_count)
requests=$(grep -o '^ *[0-9]* requests in' "$work/wrk-allocs.txt" | grep -o '[0-9]*')
echo "   heap allocations per request: $(awk -v a="$before" -v b="$after" -v n="$requests" 'BEGIN {printf "%.1f", (b - a) / n}') ($requests requests; the whole process counted)"
stop "$cb"
fi

# --- Slack acknowledgements ------------------------------------------------------
if [[ $sections == *" slack "* ]]; then
secret=bench-signing-secret
/usr/bin/python3 "$here/slack_events.py" "$secret" "$slack_events" >"$work/slack-events.txt"
echo
echo "== POST /v1/channels/slack/events, $slack_events signed events ($here/slack.lua); nginx answers an empty 200"
start_nginx nginx-slack "$here/slack.conf"
got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -d '{}' "http://127.0.0.1:$ng_port/v1/channels/slack/events")
[ "$got" = "200 0" ] || { echo "nginx does not answer an empty 200: $got"; exit 1; }
run_wrk slack-nginx "$here/slack.lua" "http://127.0.0.1:$ng_port/" "$work/slack-events.txt"
ng_rps=$rps ng_p50=$p50 ng_p99=$p99 ng_rss=$(nginx_rss)
line "nginx (ceiling)" "$ng_rps" "acks/s" "$ng_p50" "$ng_p99" "$ng_rss" ""
stop "$ng"
# The ceiling of an acknowledgement given only once the event is on disk:
# bench/ceiling/durable_ack.c (an epoll loop, a journal, one fdatasync for
# what gathers), with the same load.
cc -O2 -o "$work/durable_ack" "$here/durable_ack.c" -lpthread
da_port=$(free_port)
"$work/durable_ack" "$da_port" "$work/durable_ack.journal" &
da=$!
pids+=("$da")
wait_port "$da_port" "$da" || { echo "durable_ack did not start"; exit 1; }
run_wrk slack-durable "$here/slack.lua" "http://127.0.0.1:$da_port/" "$work/slack-events.txt"
da_rps=$rps da_p50=$p50 da_p99=$p99 da_rss=$(rss_mb "$da")
line "durable_ack.c (durable ceiling)" "$da_rps" "acks/s" "$da_p50" "$da_p99" "$da_rss" ", $(ratio "$da_rps" "$ng_rps") of nginx"
stop "$da"
rm -f "$work/durable_ack.journal"

# The fake Slack API over TLS with a throwaway CA, for the replies.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj '/CN=bench ca' \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' \
  -keyout "$work/api.key" -out "$work/api.csr" 2>/dev/null
echo "subjectAltName=IP:127.0.0.1" >"$work/san.ext"
openssl x509 -req -in "$work/api.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 1 -extfile "$work/san.ext" -out "$work/api.pem" 2>/dev/null
/usr/bin/python3 tests/support/fake_platform.py --cert "$work/api.pem" --key "$work/api.key" \
  --record "$work/slack-api.jsonl" --port-file "$work/api.port" --quiet-record 2>"$work/api.log" &
api=$!
pids+=("$api")
for _ in $(seq 100); do [ -s "$work/api.port" ] && break; sleep 0.05; done
[ -s "$work/api.port" ] || { echo "fake Slack API did not start"; cat "$work/api.log"; exit 1; }

start_careerbot slack CAREERBOT_CHANNELS_SLACK_SIGNING_SECRET=$secret CAREERBOT_CHANNELS_SLACK_BOT_TOKEN=xoxb-bench \
  CAREERBOT_CHANNELS_SLACK_API_BASE="https://127.0.0.1:$(cat "$work/api.port")" \
  CAREERBOT_DELIVERY_CA_FILE="$work/ca.pem" CAREERBOT_CHANNELS_SENDER_MESSAGES_PER_WINDOW=0
run_wrk slack-careerbot "$here/slack.lua" "http://127.0.0.1:$cb_port/" "$work/slack-events.txt"
cb_rss=$(rss_mb "$cb")
acked=$(grep -o '^ *[0-9]* requests in' "$work/wrk-slack-careerbot.txt" | grep -o '[0-9]*')
line "careerbot" "$rps" "acks/s" "$p50" "$p99" "$cb_rss" ", $(ratio "$rps" "$ng_rps") of nginx, $(ratio "$rps" "$da_rps") of durable_ack"
echo "   ($acked acknowledged, $(wc -l <"$work/slack-api.jsonl") replies at the fake Slack API when wrk stopped)"
[ "$acked" -le "$slack_events" ] || echo "   WARNING: more requests than events: some were duplicates"
rows+=("Slack acks/s|$ng_rps|$rps|$(ratio "$rps" "$ng_rps")|$p50 / $ng_p50|$p99 / $ng_p99|$cb_rss / $ng_rss MB")
rows+=("Slack, durable|$da_rps|$rps|$(ratio "$rps" "$da_rps")|$p50 / $da_p50|$p99 / $da_p99|$cb_rss / $da_rss MB")
stop "$cb"
stop "$api"
fi

# --- SMTP ------------------------------------------------------------------------
if [[ $sections == *" smtp "* ]]; then
smtp_run() {  # port: sends the messages, sets rate
  local start end
  start=$(date +%s.%N)
  /usr/sbin/smtp-source -s "$connections" -m "$smtp_messages" -l 120 -f ana@example.net \
    -t careers@example.org "127.0.0.1:$1"
  end=$(date +%s.%N)
  rate=$(echo "scale=0; $smtp_messages / ($end - $start)" | bc)
}
echo
echo "== SMTP: smtp-source, $smtp_messages messages, $connections sessions; Postfix smtp-sink stores nothing"
sink_port=$(free_port)
sink_user=()
[ "$(id -u)" -eq 0 ] && sink_user=(-u postfix)  # (as root it must drop privileges)
/usr/sbin/smtp-sink "${sink_user[@]}" "127.0.0.1:$sink_port" 1000 >/dev/null 2>&1 &
sink=$!
pids+=("$sink")
wait_port "$sink_port" "$sink" || { echo "smtp-sink did not start"; exit 1; }
smtp_run "$sink_port"
ng_rate=$rate sink_rss=$(rss_mb "$sink")
line "smtp-sink (ceiling)" "$ng_rate" "msgs/s" "-" "-" "$sink_rss" ""
stop "$sink"
start_careerbot smtp CAREERBOT_EMAIL_ADDRESS=careers@example.org CAREERBOT_EMAIL_REPLIES_PER_SENDER=0
smtp_run "$cb_smtp_port"
cb_rss=$(rss_mb "$cb")
stored=$(grep -c '"event":"email_received"\|"event":"email_not_answered"' "$work/smtp.log" || true)
line "careerbot" "$rate" "msgs/s" "-" "-" "$cb_rss" ", $(ratio "$rate" "$ng_rate") of smtp-sink"
[ "$stored" -eq "$smtp_messages" ] || echo "   WARNING: careerbot logged $stored of $smtp_messages messages stored"
rows+=("SMTP msgs/s|$ng_rate|$rate|$(ratio "$rate" "$ng_rate")|-|-|$cb_rss / $sink_rss MB")
stop "$cb"
fi

# --- summary ---------------------------------------------------------------------
echo
echo "== summary (p50, p99, RSS: careerbot / ceiling; ceiling: nginx for HTTP, durable_ack.c for a durable ack, smtp-sink for SMTP)"
for row in "path|ceiling|careerbot|ratio|p50|p99|RSS" "${rows[@]}"; do
  IFS='|' read -r -a cell <<<"$row"
  printf '%-14s | %9s | %9s | %6s | %-18s | %-20s | %s\n' "${cell[@]}"
done
