#!/usr/bin/env python3
"""DNS relays, UDP and TCP, in front of one upstream server: each LISTEN address is a resolver of
its own for the app's panel (bench/app.sh puts four in front of the test Unbound). Counts the
queries each relay got and prints them as JSON on stdout when stopped (SIGTERM or SIGINT).

    relay.py UPSTREAM_IP:PORT LISTEN_IP:PORT...
"""

import json
import signal
import socket
import sys
import threading


def addr(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


class Relay:
    def __init__(self, listen, upstream):
        self.listen, self.upstream = listen, upstream
        self.udp_queries = 0
        self.tcp_queries = 0
        self.lock = threading.Lock()
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.udp.bind(listen)
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind(listen)
        self.tcp.listen(16)
        threading.Thread(target=self.serve_udp, daemon=True).start()
        threading.Thread(target=self.serve_tcp, daemon=True).start()

    def serve_udp(self):
        while True:
            data, client = self.udp.recvfrom(65535)
            with self.lock:
                self.udp_queries += 1
            threading.Thread(target=self.answer_udp, args=(data, client), daemon=True).start()

    def answer_udp(self, data, client):
        # One upstream socket per query: no ID clashes between the app's concurrent queries.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as up:
            up.settimeout(10)
            try:
                up.sendto(data, self.upstream)
                answer, _ = up.recvfrom(65535)
            except OSError:
                return  # no answer: the client times out, as with a real resolver
            self.udp.sendto(answer, client)

    def serve_tcp(self):
        while True:
            conn, _ = self.tcp.accept()
            threading.Thread(target=self.answer_tcp, args=(conn,), daemon=True).start()

    def answer_tcp(self, conn):
        with conn, socket.create_connection(self.upstream, timeout=10) as up:
            conn.settimeout(30)
            try:
                while True:
                    head = recv_exact(conn, 2)
                    if not head:
                        return
                    msg = recv_exact(conn, int.from_bytes(head, "big"))
                    if msg is None:
                        return
                    with self.lock:
                        self.tcp_queries += 1
                    up.sendall(head + msg)
                    rhead = recv_exact(up, 2)
                    if not rhead:
                        return
                    answer = recv_exact(up, int.from_bytes(rhead, "big"))
                    if answer is None:
                        return
                    conn.sendall(rhead + answer)
            except OSError:
                return


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None if buf else b""
        buf += chunk
    return buf


def main():
    upstream = addr(sys.argv[1])
    relays = [Relay(addr(a), upstream) for a in sys.argv[2:]]
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    counts = {
        "%s:%d" % r.listen: {"udp": r.udp_queries, "tcp": r.tcp_queries} for r in relays
    }
    print(json.dumps(counts), flush=True)


if __name__ == "__main__":
    main()
