#!/usr/bin/env python3
"""A DNS "black hole" for the Sendwell test servers: the one deliberate fault
injector. It listens on UDP and TCP (default 127.0.0.13:53), reads every
query and never answers, so a resolver asking it times out. TCP connections
are accepted and read but never written to; they are closed when the client
closes them or after --tcp-hold seconds.

Usage: blackhole.py [--addr 127.0.0.13] [--port 53] [--tcp-hold 60]
"""

import argparse
import selectors
import signal
import socket
import sys
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", default="127.0.0.13")
    parser.add_argument("--port", type=int, default=53)
    parser.add_argument("--tcp-hold", type=float, default=60.0,
                        help="seconds to keep an idle TCP connection open")
    return parser.parse_args()


def open_sockets(addr, port):
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    udp.bind((addr, port))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((addr, port))
    tcp.listen(64)
    for sock in (udp, tcp):
        sock.setblocking(False)
    return udp, tcp


def serve(udp, tcp, tcp_hold):
    sel = selectors.DefaultSelector()
    sel.register(udp, selectors.EVENT_READ, "udp")
    sel.register(tcp, selectors.EVENT_READ, "listen")
    opened = {}  # connection -> time accepted
    while True:
        for key, _ in sel.select(timeout=1.0):
            sock = key.fileobj
            if key.data == "udp":
                try:
                    sock.recvfrom(65535)  # swallow the query
                except BlockingIOError:
                    pass
            elif key.data == "listen":
                try:
                    conn, _ = sock.accept()
                except BlockingIOError:
                    continue
                conn.setblocking(False)
                sel.register(conn, selectors.EVENT_READ, "conn")
                opened[conn] = time.monotonic()
            else:
                try:
                    data = sock.recv(65535)
                except (BlockingIOError, ConnectionError):
                    data = b"x"
                if not data:  # the client gave up
                    sel.unregister(sock)
                    opened.pop(sock, None)
                    sock.close()
        now = time.monotonic()
        for conn, since in list(opened.items()):
            if now - since > tcp_hold:
                sel.unregister(conn)
                del opened[conn]
                conn.close()


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    udp, tcp = open_sockets(args.addr, args.port)
    print(f"blackhole: swallowing DNS on {args.addr}:{args.port} (udp+tcp)",
          flush=True)
    try:
        serve(udp, tcp, args.tcp_hold)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
