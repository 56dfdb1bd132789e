#!/usr/bin/env bash
# Does a flood from one address slow anyone else's answers? Starts a release
# build with the default abuse limits and 127.0.0.1 as a trusted proxy, then
# measures the latency of well-behaved clients (each its own X-Forwarded-For
# address, a question every few tens of milliseconds) three ways: alone; while
# wrk floods /v1/ask from one other address (refused with 429 after its
# burst); and the same flood with the limits off (every flood request
# answered). Prints p50/p99 of the well-behaved clients and what the flood got.
#   bench/flood_bench.sh [FLOOD_SECONDS=10] [FLOOD_CONNECTIONS=32]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}

if [ -z "${FLOOD_NO_BUILD:-}" ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target careerbot >/dev/null
fi
bin=build/release/bot/app/careerbot
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

start() {  # $1: limits enabled (true/false)
  rm -rf "$work/var" "$work/log"
  CAREERBOT_LIMITS_ENABLED=$1 CAREERBOT_HTTP_TRUSTED_PROXIES='["127.0.0.1"]' \
    "$bin" serve --port 0 --smtp-port 0 --data-dir "$work/var" \
    2>"$work/log" &
  pid=$!
  port=""
  for _ in $(seq 400); do
    port=$(grep -o '"event":"http_listening".*"port":[0-9]*' "$work/log" 2>/dev/null |
      grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { echo "server did not start"; cat "$work/log"; exit 1; }
}

stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

# Well-behaved clients: 200 questions, each of 100 addresses asking twice,
# 20 ms apart; prints "p50 p99 refused" in milliseconds.
victims() {
  /usr/bin/python3 - "$port" <<'PY'
import http.client, json, sys, time
port = int(sys.argv[1])
questions = ["how much do plumbers make", "what do registered nurses earn",
             "what degree do accountants need", "job outlook for electricians"]
latencies, refused = [], 0
for i in range(200):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = json.dumps({"text": questions[i % len(questions)]})
    start = time.perf_counter()
    conn.request("POST", "/v1/ask", body, {"Content-Type": "application/json",
                                            "X-Forwarded-For": f"198.51.100.{i % 100}"})
    reply = conn.getresponse()
    reply.read()
    latencies.append((time.perf_counter() - start) * 1000)
    refused += reply.status == 429
    conn.close()
    time.sleep(0.02)
latencies.sort()
print(f"{latencies[len(latencies) // 2]:.2f} {latencies[int(len(latencies) * 0.99)]:.2f} {refused}")
PY
}

flood_lua="$work/flood.lua"
cat >"$flood_lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"text":"how much do plumbers make"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Forwarded-For"] = "203.0.113.66"
LUA

run_case() {  # $1 label, $2 limits, $3 flood yes/no
  start "$2"
  if [ "$3" = yes ]; then
    wrk -t1 -c"$connections" -d"${seconds}s" -s "$flood_lua" "http://127.0.0.1:$port/v1/ask" \
      >"$work/wrk.txt" 2>&1 &
    local flood=$!
    sleep 1
    read -r p50 p99 refused < <(victims)
    wait "$flood"
    local rate
    rate=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
    local non2xx
    non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt")
    printf "%-34s p50 %7s ms  p99 %7s ms  refused %s   flood: %s req/s, %s refused\n" \
      "$1" "$p50" "$p99" "$refused" "$rate" "${non2xx:-0}"
  else
    read -r p50 p99 refused < <(victims)
    printf "%-34s p50 %7s ms  p99 %7s ms  refused %s\n" "$1" "$p50" "$p99" "$refused"
  fi
  stop
}

echo "== 200 questions from 100 well-behaved addresses; flood: wrk, $connections connections, one address"
run_case "alone (limits on)" true no
run_case "during a flood, limits on" true yes
run_case "during a flood, limits off" false yes
