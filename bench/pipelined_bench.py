#!/usr/bin/python3
"""Pipelined questions on one connection: how long until all the answers are in.

Writes PIPELINED POST /v1/ask requests in one send, reads until every answer
has arrived, ROUNDS times, and prints the median and the slowest round. A
server that leaves Nagle's algorithm on holds each answer after the first
until the client ACKs the one before (up to 40 ms with delayed ACKs), so this
shows that stall where wrk, which waits for each answer, never does.

  bench/pipelined_bench.py PORT [PIPELINED=4] [ROUNDS=50]
"""
import socket
import sys
import time


def main():
    port = int(sys.argv[1])
    pipelined = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    body = b'{"text":"how much do registered nurses make","conversation_id":"pipelined"}'
    request = (b"POST /v1/ask HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
               b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    connection = socket.create_connection(("127.0.0.1", port))
    times = []
    for _ in range(rounds):
        started = time.monotonic()
        connection.sendall(request * pipelined)
        received = b""
        answers = 0
        while answers < pipelined:
            chunk = connection.recv(1 << 16)
            if not chunk:
                sys.exit("the server closed the connection")
            received += chunk
            answers = complete_answers(received)
        times.append((time.monotonic() - started) * 1000)
    times.sort()
    print("%d pipelined questions, %d rounds: median %.2f ms, slowest %.2f ms"
          % (pipelined, rounds, times[len(times) // 2], times[-1]))


def complete_answers(data):
    """How many whole responses (headers and Content-Length body) data holds."""
    count = 0
    while True:
        end = data.find(b"\r\n\r\n")
        if end < 0:
            return count
        length = 0
        for line in data[:end].split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if len(data) < end + 4 + length:
            return count
        count += 1
        data = data[end + 4 + length:]


if __name__ == "__main__":
    main()
