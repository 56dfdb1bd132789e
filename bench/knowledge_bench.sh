#!/usr/bin/env bash
# Knowledge base at full scale: the shipped bundle (size, time to rebuild it,
# first start that seeds a fresh data directory, later starts, peak RSS),
# import time of the public data, and the time to publish a one-profile
# change through the admin API (PATCH until the next question is answered
# from it). Uses ../shared/data.
#   bench/knowledge_bench.sh [PUBLIC_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
[ -d "$data/onet-29.3" ] || { echo "no public data at $data"; exit 1; }

cmake --preset release >/dev/null
cmake --build --preset release --target careerbot >/dev/null
bin=$PWD/build/release/bot/app/careerbot
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
import_args=(--onet "$data/onet-29.3" --bls-projections "$data/bls/employment-projections-2024-34.csv"
             --oews "$data/bls/oews-national-may-2024.tsv")

now() { date +%s.%N; }
seconds() { echo "$2 - $1" | bc; }

echo "== the shipped bundle"
bundle=knowledge/bundle/careers.jsonl.zst
echo "bundle: $(stat -c %s "$bundle") bytes compressed, $(zstdcat "$bundle" | wc -c) bytes of JSON Lines"
t0=$(now); "$bin" kb bundle "${import_args[@]}" --out "$work/rebuilt.jsonl.zst" | head -1; t1=$(now)
echo "rebuild: $(seconds "$t0" "$t1") s; identical to the committed bundle: $(cmp -s "$bundle" "$work/rebuilt.jsonl.zst" && echo yes || echo NO)"
for run in first again again; do
  [ "$run" = first ] && rm -rf "$work/shipped"
  t0=$(now)
  "$bin" serve --port 0 --smtp-port 0 --data-dir "$work/shipped" 2>"$work/shipped.log" &
  pid=$!
  until grep -q http_listening "$work/shipped.log" 2>/dev/null; do sleep 0.005; done
  t1=$(now)
  echo "start ($run): $(seconds "$t0" "$t1") s, $(grep -o '"careers":[0-9]*' "$work/shipped.log" | head -1), peak RSS $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$pid/status)"
  kill -TERM "$pid"; wait "$pid" || true; pid=""
done

echo "== import into a fresh data directory (curated careers only, then the public data)"
export CAREERBOT_KNOWLEDGE_BUNDLE=""
t0=$(now); "$bin" kb import "${import_args[@]}" --data-dir "$work/var" | tail -2; t1=$(now)
echo "import (first, wall clock incl. seeding): $(seconds "$t0" "$t1") s"
t0=$(now); "$bin" kb import "${import_args[@]}" --data-dir "$work/var" | head -1; t1=$(now)
echo "import (again, idempotent): $(seconds "$t0" "$t1") s"

made=$("$bin" admin token --name bench --scopes read,write)
token=$(grep -o 'cbt_[0-9a-f]*' <<<"$made")
echo "{\"admin\": {\"tokens\": [$(tail -1 <<<"$made")]}}" >"$work/config.json"

echo "== start-up with the full knowledge base"
for run in 1 2 3; do
  t0=$(now)
  CAREERBOT_LIMITS_ENABLED=false "$bin" serve --config "$work/config.json" --port 0 --data-dir "$work/var" 2>"$work/log" &
  pid=$!
  until grep -q http_listening "$work/log" 2>/dev/null; do sleep 0.005; done
  t1=$(now)
  echo "start $run: $(seconds "$t0" "$t1") s ($(grep -o '"careers":[0-9]*' "$work/log" | head -1))"
  [ "$run" = 3 ] || { kill -TERM "$pid"; wait "$pid" || true; }
done
port=$(grep -o '"event":"http_listening".*"port":[0-9]*' "$work/log" | grep -o '[0-9]*$')
base="http://127.0.0.1:$port"

echo "== publish one-profile changes (PATCH -> store -> new snapshot)"
for amount in 95001 95002 95003 95004 95005; do
  etag=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $token" "$base/admin/v1/careers/registered-nurse" |
         awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
  curl -s -o /dev/null -w "PATCH %{http_code} in %{time_total} s\n" -X PATCH -H "Authorization: Bearer $token" \
    -H "If-Match: $etag" -d "{\"median_salary\": {\"amount\": $amount}}" "$base/admin/v1/careers/registered-nurse"
  curl -s -d '{"text": "registered nurse salary"}' "$base/v1/ask" | grep -q "\$${amount:0:2},${amount:2}" &&
    echo "  next question answered with \$${amount:0:2},${amount:2}"
done
echo "peak RSS of the server: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$pid/status)"
kill -TERM "$pid"; wait "$pid" || true; pid=""
