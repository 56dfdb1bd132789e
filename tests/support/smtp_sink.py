"""A stand-in SMTP relay for the SMTP client tests, built on aiosmtpd.

Listens on 127.0.0.1 on a free port, prints "PORT <n>" once ready, and writes
each message it accepts to --out as <n>.eml (the data) and <n>.json (the
envelope and the authenticated user). Exits when its standard input closes,
so it never outlives the test that started it.

  smtp_sink.py --out DIR [--mode plain|starttls|implicit] [--cert F --key F]
               [--auth USER:PASSWORD [--login-only]] [--reject ADDRESS]
               [--port N] [--stay]
"""

import argparse
import asyncio
import json
import os
import socket
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, out, reject):
        self.out = out
        self.reject = reject
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and address.lower() == self.reject.lower():
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.out, str(self.count))
        user = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else ""
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                "mail_options": envelope.mail_options, "auth_user": user,
                "tls": server.transport.get_extra_info("ssl_object") is not None}
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json.tmp", "w") as f:
            json.dump(meta, f)
        os.rename(base + ".eml.tmp", base + ".eml")
        os.rename(base + ".json.tmp", base + ".json")
        return "250 2.0.0 Stored as " + str(self.count)


def authenticator(expected):
    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(), auth_data.password.decode()) == expected
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
    return check


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--mode", choices=["plain", "starttls", "implicit"], default="starttls")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--auth")
    parser.add_argument("--reject")
    parser.add_argument("--login-only", action="store_true")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--stay", action="store_true",
                        help="keep running when standard input closes (stopped by a signal)")
    args = parser.parse_args()

    context = None
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    expected = tuple(args.auth.split(":", 1)) if args.auth else None
    handler = Handler(args.out, args.reject)

    def factory():
        return SMTP(handler, hostname="relay.test", ident="test relay",
                    tls_context=context if args.mode == "starttls" else None,
                    require_starttls=args.mode == "starttls",
                    # aiosmtpd cannot tell implicit TLS from none; the test asks for it.
                    auth_require_tls=args.mode == "starttls",
                    authenticator=authenticator(expected) if expected else None,
                    auth_exclude_mechanism=(["PLAIN"] if args.login_only else []) if expected
                    else ["LOGIN", "PLAIN"])

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        factory, sock=sock, ssl=context if args.mode == "implicit" else None))
    print("PORT", sock.getsockname()[1], flush=True)

    def watch_stdin():
        sys.stdin.buffer.read()
        os._exit(0)
    if not args.stay:
        threading.Thread(target=watch_stdin, daemon=True).start()
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
