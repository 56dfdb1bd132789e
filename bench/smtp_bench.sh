#!/usr/bin/env bash
# SMTP acceptance benchmark on loopback: Postfix's smtp-source sends the same
# load to careerbot's listener (each message parsed and stored durably in
# SQLite with the work of answering it before the 250; answered afterwards,
# one at a time per sender: all of these come from one) and to Postfix's smtp-sink (which
# stores nothing: the ceiling), one after the other in the same run. Prints
# messages per second for both.
#   bench/smtp_bench.sh [MESSAGES] [SESSIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-5000}
sessions=${2:-20}

cmake --preset release >/dev/null
cmake --build --preset release --target careerbot >/dev/null
bin=build/release/bot/app/careerbot
work=$(mktemp -d)
trap 'kill "$pid" "$sink" 2>/dev/null || true; rm -rf "$work"' EXIT

# A question as the body; smtp-source adds From, To, Date and a unique Message-Id.
body_len=120

CAREERBOT_EMAIL_ADDRESS=careers@example.org CAREERBOT_EMAIL_REPLIES_PER_SENDER=0 \
  "$bin" serve --port 0 --smtp-port 0 --data-dir "$work/var" 2>"$work/log" &
pid=$!
port=""
for _ in $(seq 200); do
  port=$(grep -o '"event":"smtp_listening".*"port":[0-9]*' "$work/log" 2>/dev/null | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "server did not start"; cat "$work/log"; exit 1; }

run() {  # name, port
  local start end
  start=$(date +%s.%N)
  /usr/sbin/smtp-source -s "$sessions" -m "$messages" -l "$body_len" -f ana@example.net \
    -t careers@example.org "127.0.0.1:$2"
  end=$(date +%s.%N)
  echo "$1: $messages messages in $(echo "$end - $start" | bc) s = $(echo "scale=0; $messages / ($end - $start)" | bc) messages/s"
}

echo "== $messages messages, $sessions parallel sessions (smtp-source)"
run "careerbot (stored durably)" "$port"
stored=$(grep -c '"event":"email_received"\|"event":"email_not_answered"' "$work/log" || true)
echo "   careerbot logged $stored stored messages"

sink_port=$(( port + 1 ))
# (as root it must drop privileges: -u)
/usr/sbin/smtp-sink $( [ "$(id -u)" -eq 0 ] && echo "-u postfix" ) "127.0.0.1:$sink_port" 1000 >/dev/null 2>&1 &
sink=$!
sleep 0.3
run "postfix smtp-sink (ceiling, stores nothing)" "$sink_port"
echo "== careerbot peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$pid/status)"
