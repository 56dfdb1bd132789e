#!/usr/bin/python3
"""Steady mixed load and per-minute sampling for bench/soak.sh (stdlib only).

Sends RATE operations a second, open loop (each at its scheduled time, run by
a pool of worker threads, so a slow server builds a queue instead of slowing
the load), for MINUTES:
  - POST /v1/ask: career questions in many conversations, with follow-ups
    ("and what about the education?") in the same conversation_id;
  - web chat: POST /chat/v1/sessions, then questions with that session;
  - signed Slack events (a unique event_id each; follow-ups in threads and
    DMs; a few exact retries of events sent shortly before);
  - inbound mail over SMTP to the server's listener.
Every minute (and once before the load) it samples the server process (VmRSS,
threads, open descriptors), the SQLite database and its -wal file, the
outbox depth (/metrics) and the replies that reached the fakes, with the
minute's request count, errors and /v1/ask latency percentiles: one line on
stdout and one row in the CSV. At the end: a summary and verdicts.

Exit status: 0 all verdicts pass, 1 a verdict failed, 2 the server died.
"""

import argparse
import collections
import csv
import hashlib
import hmac
import http.client
import json
import os
import queue
import random
import re
import smtplib
import sys
import threading
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

# (singular, plural) career names: curated profiles and bundle careers.
CAREERS = [
    ("back end developer", "back end developers"), ("software developer", "software developers"),
    ("registered nurse", "registered nurses"), ("data scientist", "data scientists"),
    ("accountant", "accountants"), ("actuary", "actuaries"), ("electrician", "electricians"),
    ("web developer", "web developers"), ("database administrator", "database administrators"),
    ("statistician", "statisticians"), ("lawyer", "lawyers"), ("graphic designer", "graphic designers"),
    ("financial analyst", "financial analysts"), ("medical assistant", "medical assistants"),
    ("nurse practitioner", "nurse practitioners"), ("physical therapist", "physical therapists"),
    ("technical writer", "technical writers"), ("elementary school teacher", "elementary school teachers"),
    ("information security analyst", "information security analysts"),
    ("computer programmer", "computer programmers"), ("marketing manager", "marketing managers"),
    ("management analyst", "management analysts"), ("electrical engineer", "electrical engineers"),
    ("project manager", "project managers"), ("market research analyst", "market research analysts"),
    ("computer systems analyst", "computer systems analysts"), ("plumber", "plumbers"),
    ("dental hygienist", "dental hygienists"), ("pharmacist", "pharmacists"), ("welder", "welders"),
    ("carpenter", "carpenters"), ("paralegal", "paralegals"), ("police officer", "police officers"),
    ("firefighter", "firefighters"), ("veterinarian", "veterinarians"), ("chef", "chefs"),
    ("truck driver", "truck drivers"), ("civil engineer", "civil engineers"),
    ("mechanical engineer", "mechanical engineers"), ("dentist", "dentists"),
    ("air traffic controller", "air traffic controllers"), ("librarian", "librarians"),
]

FIRST = [
    "how much do {p} make", "what's the salary of a {s}", "{s} pay?", "what does a {s} earn per year",
    "what degree do {p} need", "what education does a {s} need", "job outlook for {p}",
    "are {p} in demand", "what does a {s} do", "how many openings for {p}", "what skills do {p} need",
    "how do I become a {s}", "tell me about {p}", "careers similar to {s}",
    "what comes after being a {s}", "what should I study to become a {s}",
    "compare {p} and {p2}", "What does a {s} earn and what degree do I need?",
]
FOLLOW = [
    "and what about the education?", "what about the salary?", "how do i become one?",
    "and for {p2}?", "how many openings are there?", "what skills do they need?",
    "is it growing?", "what do they do all day?", "thanks",
]
MISC = [
    "hi", "help", "what can you do", "what's the weather like today",
    "I like working with my hands and fixing things, what careers fit me?",
    "how much does an engineer make", "which jobs pay well without a degree",
]


def first_question(rng):
    if rng.random() < 0.08:
        return rng.choice(MISC)
    s, p = rng.choice(CAREERS)
    p2 = rng.choice(CAREERS)[1]
    return rng.choice(FIRST).format(s=s, p=p, p2=p2)


def follow_up(rng):
    return rng.choice(FOLLOW).format(p2=rng.choice(CAREERS)[1])


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, int(round(q * len(sorted_values) + 0.5)) - 1))
    return sorted_values[rank]


class Load:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.lock = threading.Lock()
        self.results = []              # (kind, seconds, ok, reason) since the last sample
        self.queue = queue.Queue()
        self.ready_asks = collections.deque()    # conversations whose last turn is answered
        self.ready_webs = collections.deque()    # web sessions ready for a question
        self.ready_threads = collections.deque()  # Slack (channel, thread_ts or None, user) for follow-ups
        self.sent_events = collections.deque(maxlen=400)  # (time, body, ts, sig) of recent events
        self.counter = 0
        self.slack_unique_ok = 0       # distinct events acknowledged (each owes one reply)
        self.slack_retries = 0
        self.emails_ok = 0
        self.max_lag = 0.0
        self.record_offset = 0
        self.slack_delivered = 0
        self.last_cpu = 0.0
        self.ask_statuses = collections.Counter()  # /v1/ask answers by status
        # Slack events and reply posts by (channel, thread_ts; none in DMs): a long
        # answer is split into several posts, so each event needs one post or more.
        self.event_keys = collections.Counter()
        self.reply_keys = collections.Counter()
        self.events_log = open(args.events_log, "a", buffering=1) if args.events_log else None
        self.requests_log = open(args.requests_log, "w") if args.requests_log else None
        if self.requests_log:
            self.requests_log.write("time,kind,ms,ok,error\n")

    # -- operations (run by workers) -------------------------------------------------------

    def next_id(self):
        with self.lock:
            self.counter += 1
            return self.counter

    def http(self, local, method, path, body, headers):
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=30)
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            elapsed = time.perf_counter() - start
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                local.conn = None
            return response.status, data, elapsed, None
        except Exception as error:  # connection refused/reset, timeout: an error
            conn.close()
            local.conn = None
            return None, b"", time.perf_counter() - start, type(error).__name__

    def note_status(self, data, turns_left):
        try:
            answer = json.loads(data).get("status", "?")
        except ValueError:
            answer = "unparsable"
        with self.lock:
            self.ask_statuses[answer] += 1

    def record(self, kind, seconds, ok, reason=""):
        with self.lock:
            self.results.append((kind, seconds, ok, reason))
            if self.requests_log:
                self.requests_log.write(f"{time.time():.3f},{kind},{seconds * 1000:.2f},"
                                        f"{int(ok)},{reason}\n")

    def op_ask(self, local, conversation, text, turns_left):
        body = json.dumps({"text": text, "conversation_id": conversation})
        status, data, elapsed, error = self.http(local, "POST", "/v1/ask", body,
                                                 {"Content-Type": "application/json"})
        ok = status == 200
        self.record("ask", elapsed, ok, error or (f"ask {status}" if not ok else ""))
        if ok:
            self.note_status(data, turns_left)
        if ok and turns_left > 0:
            with self.lock:
                self.ready_asks.append((conversation, turns_left - 1))

    def op_web_session(self, local, turns):
        status, data, elapsed, error = self.http(local, "POST", "/chat/v1/sessions", "{}",
                                                 {"Content-Type": "application/json"})
        ok = status == 201
        self.record("web_session", elapsed, ok, error or (f"web_session {status}" if not ok else ""))
        if ok:
            session = json.loads(data)["session"]
            with self.lock:
                self.ready_webs.append((session, turns, True))

    def op_web_ask(self, local, session, text, turns_left):
        body = json.dumps({"text": text, "session": session, "client_id": f"c-{self.next_id()}"})
        status, data, elapsed, error = self.http(local, "POST", "/v1/ask", body,
                                                 {"Content-Type": "application/json"})
        ok = status in (200, 202)
        # Same route as /v1/ask: its latency counts there too.
        self.record("ask", elapsed, ok, error or (f"web_ask {status}" if not ok else ""))
        if ok and turns_left > 0:
            with self.lock:
                self.ready_webs.append((session, turns_left - 1, False))

    def slack_send(self, local, body, ts, sig, retry):
        headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
                   "X-Slack-Signature": sig}
        if retry:
            headers["X-Slack-Retry-Num"] = "1"
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        status, data, elapsed, error = self.http(local, "POST", "/v1/channels/slack/events", body,
                                                 headers)
        ok = status == 200
        self.record("slack", elapsed, ok,
                    error or (f"slack{' retry' if retry else ''} {status}" if not ok else ""))
        return ok

    def op_slack(self, local, channel, thread, user, im, text, turns_left):
        n = self.next_id()
        ts = str(int(time.time()))
        event = {"type": "message", "channel": channel, "user": user, "text": text,
                 "ts": f"{ts}.{n % 1000000:06d}", "channel_type": "im" if im else "channel"}
        if thread:
            event["thread_ts"] = thread
        body = json.dumps({"type": "event_callback", "team_id": "TSOAK", "event_id": f"EvSoak{n}",
                           "event_time": int(ts), "event": event})
        sig = "v0=" + hmac.new(self.args.secret.encode(), f"v0:{ts}:{body}".encode(),
                               hashlib.sha256).hexdigest()
        if self.slack_send(local, body, ts, sig, False):
            with self.lock:
                self.slack_unique_ok += 1
                self.event_keys[(channel, None if im else event.get("thread_ts", event["ts"]))] += 1
                if self.events_log:
                    self.events_log.write(json.dumps({"time": time.time(), "event_id": f"EvSoak{n}",
                                                      "channel": channel, "im": im,
                                                      "thread": event.get("thread_ts", event["ts"]),
                                                      "text": text}) + "\n")
                self.sent_events.append((time.time(), body, ts, sig))
                if turns_left > 0:
                    # Channel messages continue in the thread they started; DMs need none.
                    self.ready_threads.append((channel, None if im else (thread or event["ts"]),
                                               user, im, turns_left - 1))

    def op_slack_retry(self, local, body, ts, sig):
        if self.slack_send(local, body, ts, sig, True):
            with self.lock:
                self.slack_retries += 1

    def op_email(self, local, sender, subject, text):
        message = EmailMessage()
        message["From"] = sender
        message["To"] = "careers@example.org"
        message["Subject"] = subject
        message["Date"] = formatdate()
        message["Message-ID"] = make_msgid(domain="example.net")
        message.set_content(text + "\n\nThanks,\nA student\n")
        start = time.perf_counter()
        try:
            with smtplib.SMTP("127.0.0.1", self.args.smtp_port, timeout=30) as smtp:
                refused = smtp.send_message(message)
            ok, reason = not refused, "smtp refused" if refused else ""
        except Exception as error:
            ok, reason = False, "smtp " + type(error).__name__
        self.record("smtp", time.perf_counter() - start, ok, reason)
        if ok:
            with self.lock:
                self.emails_ok += 1

    def worker(self):
        local = threading.local()
        while True:
            item = self.queue.get()
            if item is None:
                return
            scheduled, fn, fn_args = item
            lag = time.time() - scheduled
            if lag > self.max_lag:
                self.max_lag = lag
            try:
                fn(local, *fn_args)
            except Exception as error:  # a bug here must not stop the load
                self.record("internal", 0.0, False, "loadgen " + repr(error))

    # -- the schedule (one thread) ---------------------------------------------------------

    def choose(self):
        r, rng = self.rng.random(), self.rng
        with self.lock:
            if r < 0.70:                                   # /v1/ask
                if self.ready_asks and rng.random() < 0.55:
                    conversation, left = self.ready_asks.popleft()
                    return self.op_ask, (conversation, follow_up(rng), left)
                return self.op_ask, (f"soak-{self.counter}-{rng.randrange(1 << 30)}",
                                     first_question(rng), rng.choice([0, 1, 1, 2, 3]))
            if r < 0.80:                                   # web chat
                if self.ready_webs and rng.random() < 0.8:
                    session, left, first = self.ready_webs.popleft()
                    return self.op_web_ask, (session, first_question(rng) if first
                                             else follow_up(rng), left)
                return self.op_web_session, (rng.choice([1, 2, 3, 4]),)
            if r < 0.975:                                  # Slack
                now = time.time()
                recent = [e for e in self.sent_events if 5 < now - e[0] < 240]
                if recent and rng.random() < 0.05:
                    _, body, ts, sig = rng.choice(recent)
                    return self.op_slack_retry, (body, ts, sig)
                if self.ready_threads and rng.random() < 0.4:
                    channel, thread, user, im, left = self.ready_threads.popleft()
                    return self.op_slack, (channel, thread, user, im, follow_up(rng), left)
                im = rng.random() < 0.3
                user = f"U{rng.randrange(2000)}"
                channel = f"D{user}" if im else f"C{rng.randrange(300)}"
                return self.op_slack, (channel, None, user, im, first_question(rng),
                                       rng.choice([0, 0, 1, 2]))
            person = rng.randrange(500)                    # email
            question = first_question(rng)
            if rng.random() < 0.3:
                question += "\n\nAlso, " + first_question(rng) + "?"
            return self.op_email, (f"student{person}@example.net", "Career question", question)

    def dispatch(self, t0, end):
        i = 0
        while True:
            scheduled = t0 + i / self.args.rate
            if scheduled >= end:
                return
            delay = scheduled - time.time()
            if delay > 0:
                time.sleep(delay)
            fn, fn_args = self.choose()
            self.queue.put((scheduled, fn, fn_args))
            i += 1

    # -- sampling ---------------------------------------------------------------------------

    def delivered(self):
        """Slack replies at the fake API, mails at the relay sink (so far)."""
        try:
            with open(self.args.fake_record, "rb") as f:
                f.seek(self.record_offset)
                chunk = f.read()
            complete = chunk[:chunk.rfind(b"\n") + 1]
            self.record_offset += len(complete)
            for entry in complete.splitlines():
                entry = json.loads(entry)
                if entry.get("path", "").startswith("/api/chat.postMessage"):
                    self.slack_delivered += 1
                    body = json.loads(entry.get("body") or "{}")
                    self.reply_keys[(body.get("channel"), body.get("thread_ts"))] += 1
        except FileNotFoundError:
            pass
        try:
            mails = sum(1 for name in os.listdir(self.args.sink_dir) if name.endswith(".eml"))
        except FileNotFoundError:
            mails = 0
        return self.slack_delivered, mails

    def slack_unanswered(self):
        """Acknowledged events without a reply post in their conversation (so far)."""
        with self.lock:
            keys = list(self.event_keys.items())
        return sum(max(0, count - self.reply_keys[key]) for key, count in keys)

    def outbox_depth(self):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=10)
            conn.request("GET", "/metrics")
            text = conn.getresponse().read().decode("utf-8", "replace")
            conn.close()
            found = re.findall(r"^careerbot_outbox_depth(?:\{[^}]*\})? ([0-9.eE+]+)$", text, re.M)
            return int(sum(float(v) for v in found)) if found else -1
        except Exception:
            return -1

    def process(self):
        status = {}
        try:
            with open(f"/proc/{self.args.pid}/status") as f:
                for line in f:
                    key, _, value = line.partition(":")
                    status[key] = value.strip()
            fds = len(os.listdir(f"/proc/{self.args.pid}/fd"))
        except (FileNotFoundError, ProcessLookupError):
            return None
        if status.get("State", "").startswith("Z"):
            return None
        return int(status["VmRSS"].split()[0]), int(status["Threads"]), fds

    def cpu_seconds(self):
        """The server's user + system CPU time so far."""
        try:
            with open(f"/proc/{self.args.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return 0.0

    def size(self, name):
        try:
            return os.path.getsize(os.path.join(self.args.data_dir, name))
        except FileNotFoundError:
            return 0

    def sample(self, minute, t0):
        with self.lock:
            results, self.results = self.results, []
            lag, self.max_lag = self.max_lag, 0.0
            slack_owed, retries, mails_owed = self.slack_unique_ok, self.slack_retries, self.emails_ok
        proc = self.process()
        if proc is None:
            return None
        rss_kb, threads, fds = proc
        cpu = self.cpu_seconds()
        cpu_used, self.last_cpu = cpu - self.last_cpu, cpu
        with open("/proc/loadavg") as f:
            load1 = float(f.read().split()[0])
        asks = sorted(s for kind, s, ok, _ in results if kind == "ask")
        slack = sorted(s for kind, s, ok, _ in results if kind == "slack")
        smtp = sorted(s for kind, s, ok, _ in results if kind == "smtp")
        errors = [reason for _, _, ok, reason in results if not ok]
        slack_done, mails_done = self.delivered()
        row = {
            "minute": minute, "elapsed_s": round(time.time() - t0, 1),
            "rss_mb": round(rss_kb / 1024, 1), "threads": threads, "fds": fds,
            "db_mb": round(self.size("careerbot.db") / 1048576, 2),
            "wal_mb": round(self.size("careerbot.db-wal") / 1048576, 2),
            "ask_p50_ms": round(percentile(asks, 0.50) * 1000, 1),
            "ask_p99_ms": round(percentile(asks, 0.99) * 1000, 1),
            "asks": len(asks), "requests": len(results), "errors": len(errors),
            "slack_p99_ms": round(percentile(slack, 0.99) * 1000, 1),
            "smtp_p99_ms": round(percentile(smtp, 0.99) * 1000, 1),
            "max_lag_ms": round(lag * 1000, 1),
            "slack_events": slack_owed, "slack_retries": retries, "slack_replies": slack_done,
            "mails_in": mails_owed, "mail_replies": mails_done,
            "outbox_depth": self.outbox_depth(),
            "cpu_s": round(cpu_used, 1), "loadavg": load1,
        }
        return row, collections.Counter(errors)


COLUMNS = ["minute", "elapsed_s", "rss_mb", "threads", "fds", "db_mb", "wal_mb", "ask_p50_ms",
           "ask_p99_ms", "asks", "requests", "errors", "slack_p99_ms", "smtp_p99_ms", "max_lag_ms",
           "slack_events", "slack_retries", "slack_replies", "mails_in", "mail_replies",
           "outbox_depth", "cpu_s", "loadavg"]
HEADER = (f"{'min':>4} {'RSS MB':>7} {'thr':>4} {'fds':>4} {'db MB':>7} {'wal MB':>7} "
          f"{'p50 ms':>7} {'p99 ms':>7} {'reqs':>5} {'err':>4} {'slack p99':>9} {'smtp p99':>8} "
          f"{'lag ms':>7} {'slack ev/rep':>13} {'mail in/rep':>11} {'outbox':>6} {'cpu s':>6} {'load':>5}")


def line(row):
    return (f"{row['minute']:>4} {row['rss_mb']:>7.1f} {row['threads']:>4} {row['fds']:>4} "
            f"{row['db_mb']:>7.2f} {row['wal_mb']:>7.2f} {row['ask_p50_ms']:>7.1f} "
            f"{row['ask_p99_ms']:>7.1f} {row['requests']:>5} {row['errors']:>4} "
            f"{row['slack_p99_ms']:>9.1f} {row['smtp_p99_ms']:>8.1f} {row['max_lag_ms']:>7.1f} "
            f"{str(row['slack_events']) + '/' + str(row['slack_replies']):>13} "
            f"{str(row['mails_in']) + '/' + str(row['mail_replies']):>11} {row['outbox_depth']:>6} {row['cpu_s']:>6.1f} {row['loadavg']:>5.2f}")


def main():
    parser = argparse.ArgumentParser()
    for name in ("--port", "--smtp-port", "--pid"):
        parser.add_argument(name, type=int, required=True)
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--fake-record", required=True)
    parser.add_argument("--sink-dir", required=True)
    parser.add_argument("--csv", required=True)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--drain-seconds", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--events-log", default="", help="JSON Lines of the Slack events acknowledged")
    parser.add_argument("--requests-log", default="",
                        help="CSV of every request: end time, kind, latency ms, ok, error")
    args = parser.parse_args()

    load = Load(args)
    out = open(args.csv, "w", newline="", buffering=1)
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    rows, all_errors = [], collections.Counter()
    died = False

    def emit(minute, t0):
        sampled = load.sample(minute, t0)
        if sampled is None:
            return False
        row, errors = sampled
        rows.append(row)
        all_errors.update(errors)
        writer.writerow(row)
        print(line(row) + ("   " + "; ".join(f"{k} x{v}" for k, v in errors.most_common(4))
                           if errors else ""), flush=True)
        return True

    print(HEADER, flush=True)
    t0 = time.time()
    if not emit(0, t0):
        print("server is not running", flush=True)
        return 2
    minutes = int(args.minutes)
    end = t0 + args.minutes * 60
    workers = [threading.Thread(target=load.worker, daemon=True) for _ in range(args.workers)]
    for w in workers:
        w.start()
    dispatcher = threading.Thread(target=load.dispatch, args=(t0, end), daemon=True)
    dispatcher.start()
    # The last minute is sampled like the others, under load (its last
    # requests may still be running: they are counted after it).
    for minute in range(1, minutes + 1):
        time.sleep(max(0.0, t0 + minute * 60 - time.time()))
        if not emit(minute, t0):
            died = True
            break
    late = collections.Counter()
    if not died:
        dispatcher.join()
        for _ in workers:
            load.queue.put(None)
        for w in workers:
            w.join(timeout=60)
        with load.lock:
            stragglers, load.results = load.results, []
        late.update(reason for _, _, ok, reason in stragglers if not ok)
        all_errors.update(late)
        if load.process() is None:
            died = True
    if load.requests_log:
        load.requests_log.flush()
    if died:
        print(f"SERVER DIED (pid {args.pid} gone) after {(time.time() - t0) / 60:.1f} min", flush=True)
        return 2

    # Let the outbox deliver what is owed, then one more line ("drain").
    drain_start = time.time()
    while time.time() - drain_start < args.drain_seconds:
        slack_done, mails_done = load.delivered()
        if load.slack_unanswered() == 0 and mails_done >= load.emails_ok:
            break
        time.sleep(1)
    proc = load.process()
    if proc is None:
        print("SERVER DIED during the drain", flush=True)
        return 2
    slack_done, mails_done = load.delivered()
    unanswered = load.slack_unanswered()
    print(f"drain ({time.time() - drain_start:.0f} s): Slack events acknowledged "
          f"{load.slack_unique_ok} (+{load.slack_retries} exact retries), reply posts at the fake "
          f"{slack_done} (long answers are split), events without a reply {unanswered}; "
          f"mails accepted {load.emails_ok}, replies at the relay {mails_done}; "
          f"outbox depth {load.outbox_depth()}", flush=True)

    # Summary and verdicts.
    first, last = rows[1] if len(rows) > 1 else rows[0], rows[-1]
    # Memory fills until the oldest conversations expire (conversations.ttl_seconds,
    # 30 minutes): long runs judge the second half against the middle.
    base_minute = minutes // 2 if minutes >= 40 else (5 if minutes >= 10 else 1)
    base = next(r for r in rows if r["minute"] == min(base_minute, minutes))
    max_rss = max(rows, key=lambda r: r["rss_mb"])
    max_fds = max(rows, key=lambda r: r["fds"])
    max_wal = max(rows, key=lambda r: r["wal_mb"])
    total_requests = sum(r["requests"] for r in rows) + len(stragglers)
    total_errors = sum(r["errors"] for r in rows) + sum(late.values())
    print("\n== summary")
    print(f"{'':16}{'start':>10}{'minute ' + str(first['minute']):>12}{'minute ' + str(last['minute']):>12}"
          f"{'max':>10}")
    for key, label in (("rss_mb", "RSS MB"), ("threads", "threads"), ("fds", "open fds"),
                       ("db_mb", "db MB"), ("wal_mb", "wal MB"), ("ask_p50_ms", "ask p50 ms"),
                       ("ask_p99_ms", "ask p99 ms"), ("requests", "requests/min"),
                       ("cpu_s", "server CPU s")):
        peak = max(r[key] for r in rows[1:] or rows)
        print(f"{label:16}{rows[0][key]:>10}{first[key]:>12}{last[key]:>12}{peak:>10}")
    print(f"max RSS {max_rss['rss_mb']} MB (minute {max_rss['minute']}), max fds {max_fds['fds']} "
          f"(minute {max_fds['minute']}), max WAL {max_wal['wal_mb']} MB (minute {max_wal['minute']})")
    print(f"requests {total_requests}, errors {total_errors}"
          + (": " + "; ".join(f"{k} x{v}" for k, v in all_errors.most_common(8)) if all_errors else ""))

    print("/v1/ask answers: " + ", ".join(f"{k} {v}" for k, v in load.ask_statuses.most_common()))

    verdicts = []
    rss_limit = base["rss_mb"] * 1.10 + 5
    verdicts.append(("memory flat", last["rss_mb"] <= rss_limit,
                     f"last {last['rss_mb']} MB vs minute {base['minute']} {base['rss_mb']} MB "
                     f"(limit +10% +5 MB = {rss_limit:.1f})"))
    fd_limit = base["fds"] + 16
    verdicts.append(("descriptors flat", last["fds"] <= fd_limit,
                     f"last {last['fds']} vs minute {base['minute']} {base['fds']} (limit +16)"))
    half = [r for r in rows if r["minute"] >= 1]
    early = max(r["wal_mb"] for r in half[:max(1, len(half) // 2)])
    late = max(r["wal_mb"] for r in half[len(half) // 2:])
    wal_ok = max_wal["wal_mb"] <= 64 and late <= early + 4
    verdicts.append(("WAL bounded", wal_ok,
                     f"max {max_wal['wal_mb']} MB; max in first half {early} MB, in second half "
                     f"{late} MB (limit: second <= first + 4 MB, all <= 64 MB)"))
    verdicts.append(("no errors", total_errors == 0, f"{total_errors} of {total_requests}"))
    verdicts.append(("outbox delivered", unanswered == 0 and mails_done == load.emails_ok,
                     f"Slack: {load.slack_unique_ok - unanswered} of {load.slack_unique_ok} events "
                     f"answered ({slack_done} posts); mail: {mails_done} replies to "
                     f"{load.emails_ok} accepted"))
    print("\n== verdicts")
    for name, ok, detail in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
    print("PASS  server alive to the end")
    return 0 if all(ok for _, ok, _ in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
