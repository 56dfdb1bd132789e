#!/usr/bin/python3
"""A stand-in for a chat platform's API (Slack, Telegram, WhatsApp, Twilio,
Discord) served over real TLS, for careerbot's integration tests and
benchmarks. Every request is appended to a JSON Lines file; answers follow a
script (a JSON list of {"status", "headers", "body"} used in order), then
fall back to a 200 that each platform would give."""

import argparse
import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def default_body(path):
    if path.startswith("/api/"):
        return {"ok": True, "ts": "1700000000.000100"}
    if path.startswith("/bot"):
        return {"ok": True, "result": {"message_id": 1}}
    return {"id": "fake"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--script", default="")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--quiet-record", action="store_true",
                        help="count requests without recording bodies (benchmarks)")
    args = parser.parse_args()

    script = json.load(open(args.script)) if args.script else []
    lock = threading.Lock()
    record = open(args.record, "a", buffering=1)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *unused):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8", "replace")
            with lock:
                answer = script.pop(0) if script else None
                entry = {"time": time.time(), "method": self.command, "path": self.path}
                if not args.quiet_record:
                    entry["headers"] = {k.lower(): v for k, v in self.headers.items()}
                    entry["body"] = body
                entry["status"] = answer.get("status", 200) if answer else 200
                record.write(json.dumps(entry) + "\n")
            status = answer.get("status", 200) if answer else 200
            payload = answer.get("body") if answer and "body" in answer else default_body(self.path)
            data = json.dumps(payload).encode()
            self.send_response(status)
            for name, value in (answer or {}).get("headers", {}).items():
                self.send_header(name, str(value))
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_PATCH = do_POST

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(args.port_file + ".tmp", "w") as out:
        out.write(str(server.server_address[1]))
    import os
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
