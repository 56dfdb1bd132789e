#!/usr/bin/env bash
# End-to-end benchmark of the Slack channel: wrk posts signed Slack events
# (each with its own event_id and channel, signed ahead of time) to a release
# build of careerbot, which stores each one, answers it and delivers the reply
# through the outbox over TLS to the fake Slack API (tests/support/
# fake_platform.py). Prints the acknowledgement rate and latency (wrk), and
# how fast replies reached the fake API.
#   bench/slack_bench.sh [DURATION_SECONDS] [CONNECTIONS]
#   EVENTS: distinct events (60000); KEEP=1: keep the store and logs;
#   CAREERBOT_BIN=path: measure that binary instead of building.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-16}
events=${EVENTS:-60000}

source bench/careerbot_binary.sh  # sets bin
work=$(mktemp -d)
trap 'kill "$pid" "$api" 2>/dev/null || true; [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT

# A throwaway CA and a certificate for the fake API.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj '/CN=bench ca' \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' \
  -keyout "$work/api.key" -out "$work/api.csr" 2>/dev/null
echo "subjectAltName=IP:127.0.0.1" >"$work/san.ext"
openssl x509 -req -in "$work/api.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 1 -extfile "$work/san.ext" -out "$work/api.pem" 2>/dev/null

/usr/bin/python3 tests/support/fake_platform.py --cert "$work/api.pem" --key "$work/api.key" \
  --record "$work/requests.jsonl" --port-file "$work/api.port" --quiet-record 2>"$work/api.log" &
api=$!
for _ in $(seq 100); do [ -f "$work/api.port" ] && break; sleep 0.05; done
api_port=$(cat "$work/api.port")

secret=bench-signing-secret
CAREERBOT_CHANNELS_SLACK_SIGNING_SECRET=$secret CAREERBOT_CHANNELS_SLACK_BOT_TOKEN=xoxb-bench \
  CAREERBOT_CHANNELS_SLACK_API_BASE="https://127.0.0.1:$api_port" \
  CAREERBOT_DELIVERY_CA_FILE="$work/ca.pem" CAREERBOT_CHANNELS_SENDER_MESSAGES_PER_WINDOW=0 \
  "$bin" serve --port 0 --data-dir "$work/var" 2>"$work/log" &
pid=$!
port=""
for _ in $(seq 200); do
  port=$(grep -o '"event":"http_listening".*"port":[0-9]*' "$work/log" 2>/dev/null | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "server did not start"; cat "$work/log"; exit 1; }

# Signed events, one per request, as a wrk script.
/usr/bin/python3 - "$secret" "$events" >"$work/slack.lua" <<'PY'
import hashlib, hmac, json, sys, time
secret, count = sys.argv[1].encode(), int(sys.argv[2])
ts = str(int(time.time()))
questions = ["how much does a back end developer make", "what do registered nurses earn",
             "what degree do accountants need", "job outlook for electricians",
             "how many openings for software developers"]
print("local requests = {}")
for i in range(count):
    body = json.dumps({"type": "event_callback", "team_id": "T1", "event_id": f"EvB{i}",
                       "event": {"type": "message", "channel": f"C{i}", "user": f"U{i % 500}",
                                 "text": questions[i % len(questions)], "ts": f"{ts}.{i:06d}",
                                 "channel_type": "channel"}})
    sig = "v0=" + hmac.new(secret, f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    req = ("POST /v1/channels/slack/events HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
           f"X-Slack-Request-Timestamp: {ts}\r\nX-Slack-Signature: {sig}\r\n"
           f"Content-Length: {len(body)}\r\n\r\n{body}")
    print(f"requests[{i + 1}] = {json.dumps(req)}")
# Each wrk thread has its own Lua state: thread k sends events k, k+2, k+4, ...
print("local threads = 0")
print("setup = function(thread) thread:set('id', threads); threads = threads + 1 end")
print("local n = 0")
print("request = function() n = n + 1; return requests[(((n - 1) * 2 + id) % #requests) + 1] end")
PY

echo "== wrk: ${duration}s, ${connections} connections, 2 threads, signed Slack events"
start=$(date +%s.%N)
wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/slack.lua" "http://127.0.0.1:$port/" | tee "$work/wrk"
requests=$(grep -o '^ *[0-9]* requests in' "$work/wrk" | grep -o '[0-9]*')
[ "$requests" -le "$events" ] || echo "(wrk sent $requests requests for $events distinct events: some were sent twice, as Slack retries do)"
# The distinct events careerbot stored (and so acknowledged): wrk's count is
# of requests, and when it wraps around the list its two threads need not
# have sent the same share of it.
stored() {
  /usr/bin/python3 -c 'import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, timeout=10)
print(db.execute("SELECT count(*) FROM inbound_messages WHERE channel = ?", ("slack",)).fetchone()[0])' \
    "$work/var/careerbot.db"
}
sleep 0.5  # (what wrk left in flight when it stopped is stored meanwhile)
acked=$(stored)
# Each stored event must be answered exactly once at the fake API.
for _ in $(seq 600); do
  delivered=$(wc -l <"$work/requests.jsonl")
  [ "$delivered" -ge "$acked" ] && break
  sleep 0.1
done
sleep 1  # (a second reply to any of them would arrive meanwhile)
acked=$(stored)
delivered=$(wc -l <"$work/requests.jsonl")
last=$(tail -1 "$work/requests.jsonl" | grep -o '"time": [0-9.]*' | grep -o '[0-9.]*$')
echo "== stored and acknowledged $acked distinct events; replies at the fake API: $delivered"
echo "== end to end: $(echo "scale=0; $delivered / ($last - $start)" | bc) replies/s (first request to last reply)"
echo "== server peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$pid/status)"
if [ "$delivered" -lt "$acked" ]; then echo "MISSING: $acked stored, $delivered delivered"; fi
if [ "$delivered" -gt "$acked" ]; then echo "DUPLICATES: $acked stored, $delivered delivered"; fi
