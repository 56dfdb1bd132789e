#!/usr/bin/env bash
# Endurance ("soak") benchmark: a release build of careerbot under a steady
# mixed load for an hour, watched for leaks. The load (bench/soak_load.py) is
# RATE operations a second, open loop: mostly POST /v1/ask (many
# conversations, with follow-ups), web chat sessions, signed Slack events
# (unique event_ids, some follow-ups in threads, a few exact retries) and
# inbound mail over SMTP (about 1 in 40 operations: 0.5/s at RATE 20).
# Replies leave through the outbox: Slack's over TLS to the fake API
# (tests/support/fake_platform.py), mail through a plain SMTP relay sink
# (tests/support/smtp_sink.py). Rate limits are off so nothing is refused.
#
# Every minute (and once before the load) one line on stdout and one CSV row
# ($work/soak.csv; every request's latency is in $work/requests.csv): RSS,
# threads, open descriptors, careerbot.db and -wal sizes, /v1/ask p50/p99
# over the minute, requests, errors (non-2xx, refused mail, connection
# errors), Slack and mail replies delivered so far, outbox depth, the
# server's CPU seconds in the minute and the machine's 1-minute load average
# (other work on the machine makes latencies noisy). At the end: first vs
# last minute, maxima, and verdicts (memory flat: last RSS within 10% + 5 MB
# of minute 5's (minute 1's in runs under 10 minutes; conversations are
# remembered for conversations.ttl_seconds, 30 min, so RSS rises until
# then); descriptors flat: within 16 of that minute's; WAL bounded: not
# growing between the halves and under 64 MB; no errors; every reply
# delivered: each acknowledged Slack event has a reply post in its thread or
# DM, each accepted mail a reply at the relay). Exit 0 all pass, 1 a verdict
# failed, 2 the server died (its log's tail is printed).
#   bench/soak.sh [MINUTES=60] [RATE=20]
# Environment: SOAK_NO_BUILD=1 uses build/release/bot/app/careerbot as built;
# KEEP=1 keeps the work directory (log, CSV, database); SOAK_CSV=FILE copies the
# CSV there at the end; WORKERS (32) load threads.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60}
rate=${2:-20}

if [ -z "${SOAK_NO_BUILD:-}" ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target careerbot >/dev/null
fi
work=$(mktemp -d /tmp/careerbot-soak.XXXXXX)
pid="" api="" sink=""
cleanup() {
  for p in $pid $api $sink; do kill "$p" 2>/dev/null || true; done
  [ -n "${SOAK_CSV:-}" ] && [ -f "$work/soak.csv" ] && cp "$work/soak.csv" "$SOAK_CSV"
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# A copy: the original may be rebuilt while the soak runs. One taken while the
# linker writes it is not executable or fails to run: wait and copy again.
for try in $(seq 60); do
  before=$(stat -c '%Y %s %a' build/release/bot/app/careerbot 2>/dev/null || true)
  cp build/release/bot/app/careerbot "$work/careerbot" 2>/dev/null || true
  after=$(stat -c '%Y %s %a' build/release/bot/app/careerbot 2>/dev/null || true)
  if [ -n "$before" ] && [ "$before" = "$after" ] && [ -x "$work/careerbot" ] &&
    "$work/careerbot" --help >/dev/null 2>&1; then break; fi
  [ "$try" -eq 60 ] && { echo "build/release/bot/app/careerbot is not a usable binary"; exit 1; }
  sleep 5
done

# A throwaway CA and a certificate for the fake Slack API.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=soak ca' \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' \
  -keyout "$work/api.key" -out "$work/api.csr" 2>/dev/null
echo "subjectAltName=IP:127.0.0.1" >"$work/san.ext"
openssl x509 -req -in "$work/api.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 2 -extfile "$work/san.ext" -out "$work/api.pem" 2>/dev/null

/usr/bin/python3 tests/support/fake_platform.py --cert "$work/api.pem" --key "$work/api.key" \
  --record "$work/slack.jsonl" --port-file "$work/api.port" 2>"$work/api.log" &
api=$!
mkdir -p "$work/relay"
/usr/bin/python3 tests/support/smtp_sink.py --out "$work/relay" --mode plain --stay \
  </dev/null >"$work/relay.port" 2>"$work/relay.log" &
sink=$!
for _ in $(seq 200); do
  [ -f "$work/api.port" ] && grep -q '^PORT ' "$work/relay.port" && break
  sleep 0.05
done
api_port=$(cat "$work/api.port")
relay_port=$(awk '/^PORT / {print $2}' "$work/relay.port")
[ -n "$api_port" ] && [ -n "$relay_port" ] || { echo "fakes did not start"; exit 1; }

secret=soak-signing-secret
CAREERBOT_CHANNELS_SLACK_SIGNING_SECRET=$secret CAREERBOT_CHANNELS_SLACK_BOT_TOKEN=xoxb-soak \
  CAREERBOT_CHANNELS_SLACK_API_BASE="https://127.0.0.1:$api_port" \
  CAREERBOT_DELIVERY_CA_FILE="$work/ca.pem" \
  CAREERBOT_EMAIL_ADDRESS=careers@example.org CAREERBOT_EMAIL_RELAY_HOST=127.0.0.1 \
  CAREERBOT_EMAIL_RELAY_PORT="$relay_port" CAREERBOT_EMAIL_RELAY_TLS=none \
  CAREERBOT_EMAIL_REPLIES_PER_SENDER=0 CAREERBOT_CHANNELS_SENDER_MESSAGES_PER_WINDOW=0 \
  CAREERBOT_WEB_QUESTIONS_PER_MINUTE=0 CAREERBOT_LIMITS_ENABLED=false \
  "$work/careerbot" serve --port 0 --smtp-port 0 --data-dir "$work/var" 2>"$work/log" &
pid=$!
port="" smtp_port=""
for _ in $(seq 1200); do  # seeding a fresh data directory takes a while
  port=$(grep -o '"event":"http_listening".*"port":[0-9]*' "$work/log" 2>/dev/null | grep -o '[0-9]*$' || true)
  smtp_port=$(grep -o '"event":"smtp_listening".*"port":[0-9]*' "$work/log" 2>/dev/null | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && [ -n "$smtp_port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] && [ -n "$smtp_port" ] || { echo "server did not start"; tail -20 "$work/log"; exit 1; }
grep '"event":"channel"' "$work/log" | grep -o '"channel":"[a-z]*".*"state":"[^"]*"' || true

echo "== soak: ${minutes} min at ${rate} ops/s; careerbot pid $pid, HTTP $port, SMTP $smtp_port; work $work"
status=0
/usr/bin/python3 bench/soak_load.py --port "$port" --smtp-port "$smtp_port" --pid "$pid" \
  --minutes "$minutes" --rate "$rate" --secret "$secret" --data-dir "$work/var" \
  --fake-record "$work/slack.jsonl" --events-log "$work/events.jsonl" \
  --requests-log "$work/requests.csv" --sink-dir "$work/relay" --csv "$work/soak.csv" \
  --workers "${WORKERS:-32}" || status=$?
if ! kill -0 "$pid" 2>/dev/null || [ "$status" -eq 2 ]; then
  wait "$pid" 2>/dev/null && code=0 || code=$?
  echo "FAIL  server died (exit status $code); last log lines:"
  tail -20 "$work/log"
  exit 2
fi
echo "== server: peak RSS $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$pid/status);" \
  "log lines: $(grep -c . "$work/log") ($(grep -c '"level":"warning"\|"level":"error"' "$work/log" || true) warn/error)"
grep -o '"event":"[a-z_]*"' "$work/log" | sort | uniq -c | sort -rn | head -12
exit "$status"
