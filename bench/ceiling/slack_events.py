#!/usr/bin/python3
"""Signed Slack events for bench/ceiling_bench.sh, as in bench/slack_bench.sh:
one event per line, "timestamp signature body", each with its own event_id and
channel, signed ahead of time (wrk's Lua cannot compute an HMAC). slack.lua
reads the file.
    slack_events.py SIGNING_SECRET COUNT [EVENT_ID_PREFIX=EvC] >events.txt"""
import hashlib
import hmac
import json
import sys
import time

secret, count = sys.argv[1].encode(), int(sys.argv[2])
prefix = sys.argv[3] if len(sys.argv) > 3 else "EvC"
ts = str(int(time.time()))
questions = ["how much does a back end developer make", "what do registered nurses earn",
             "what degree do accountants need", "job outlook for electricians",
             "how many openings for software developers"]
out = sys.stdout
for i in range(count):
    body = json.dumps({"type": "event_callback", "team_id": "T1", "event_id": f"{prefix}{i}",
                       "event": {"type": "message", "channel": f"C{i}", "user": f"U{i % 500}",
                                 "text": questions[i % len(questions)], "ts": f"{ts}.{i:06d}",
                                 "channel_type": "channel"}})
    sig = "v0=" + hmac.new(secret, f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    out.write(f"{ts} {sig} {body}\n")
