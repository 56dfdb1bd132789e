#!/usr/bin/env bash
# Load test of POST /v1/ask over loopback with wrk (keep-alive, several
# connections, a mix of questions from bench/ask.lua). Starts its own server
# from the release build, prints requests/s, latency percentiles and the
# server's peak RSS, then stops it.
#   bench/http_bench.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-32}

cmake --preset release >/dev/null
cmake --build --preset release --target careerbot matcher_bench >/dev/null
bin=build/release/bot/app/careerbot
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# Default logging (one access-log line per request), as in production.
CAREERBOT_LIMITS_ENABLED=false "$bin" serve --port 0 --data-dir "$work/var" 2>"$work/log" &
pid=$!
port=""
for _ in $(seq 200); do
  port=$(grep -o '"event":"http_listening".*"port":[0-9]*' "$work/log" 2>/dev/null | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.05
done
if [ -z "$port" ]; then echo "server did not start"; cat "$work/log"; exit 1; fi

echo "== wrk: ${duration}s, ${connections} connections, 2 threads, POST /v1/ask (question mix)"
wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/ask.lua "http://127.0.0.1:$port/" | tee "$work/wrk"
echo "== server peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$pid/status)"
kill -TERM "$pid"
wait "$pid" || true

echo "== matcher alone, one thread"
questions=../shared/eval/dev.jsonl
if [ -f "$questions" ]; then
  echo "-- default knowledge base"
  build/release/bench/matcher_bench --questions "$questions" --kb default
  if [ -d ../shared/data/onet-29.3 ]; then
    echo "-- full knowledge base (bundled + import of ../shared/data)"
    build/release/bot/app/careerbot kb import --onet ../shared/data/onet-29.3 \
      --bls-projections ../shared/data/bls/employment-projections-2024-34.csv \
      --oews ../shared/data/bls/oews-national-may-2024.tsv --data-dir "$work/full" >/dev/null
    build/release/bench/matcher_bench --questions "$questions" --kb full --data-dir "$work/full"
  fi
else
  echo "($questions absent: built-in questions)"
  build/release/bench/matcher_bench
fi
