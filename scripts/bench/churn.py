#!/usr/bin/env python3
"""Keep-alive connection churn for scripts/bench/http.sh (stdlib only).

Opens CONNECTIONS TCP connections to HOST:PORT in waves of CONCURRENCY. On each
connection it sends REQUESTS keep-alive `GET PATH` requests one after another,
reading and checking each response (status 200, body {"status":"ok"}). A
connection that has finished stays open until the whole wave has finished, so
CONCURRENCY connections really are open at once; then the RSS of --pids is
sampled (the "peak") and the wave is closed by the client (plain close: FIN).

Prints shell-friendly KEY=VALUE lines on stdout; exits 1 if anything failed.
"""

import argparse
import errno
import os
import selectors
import socket
import sys
import time

CONNECTING, SENDING, READING, DONE = range(4)


def rss_kb(pids):
    """Sum of VmRSS (kB) over pids; missing processes count as 0."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


class Conn:
    __slots__ = ("sock", "state", "out", "buf", "left", "rid", "answered")

    def __init__(self, sock, request, requests, rid):
        self.sock = sock
        self.state = CONNECTING
        self.out = request
        self.buf = b""
        self.left = requests
        self.rid = rid
        self.answered = False  # a response proves the server accepted the connection


def parse_response(buf):
    """Returns (status, body, consumed, keep_alive) for a complete response, None if more bytes
    are needed; raises ValueError on a malformed one. Handles Content-Length and chunked."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        if len(buf) > 65536:
            raise ValueError("header section too large")
        return None
    lines = buf[:end].split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
        raise ValueError(f"bad status line {lines[0][:80]!r}")
    status = int(parts[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip().lower()
    keep_alive = headers.get(b"connection") != b"close" and parts[0] != b"HTTP/1.0"
    start = end + 4
    if b"content-length" in headers:
        n = int(headers[b"content-length"])
        if len(buf) < start + n:
            return None
        return status, buf[start:start + n], start + n, keep_alive
    if headers.get(b"transfer-encoding") == b"chunked":
        body, pos = b"", start
        while True:
            eol = buf.find(b"\r\n", pos)
            if eol < 0:
                return None
            size = int(buf[pos:eol].split(b";")[0], 16)
            if size == 0:
                trailer_end = buf.find(b"\r\n", eol + 2)
                if trailer_end < 0:
                    return None
                return status, body, trailer_end + 2, keep_alive
            if len(buf) < eol + 2 + size + 2:
                return None
            body += buf[eol + 2:eol + 2 + size]
            pos = eol + 2 + size + 2
    raise ValueError("response without Content-Length or chunked body (cannot keep alive)")


def run_wave(args, n, first_id, pids, failures):
    """One wave of n connections. Returns (ok_requests, rss_kb_with_wave_open)."""
    request = (f"GET {args.path} HTTP/1.1\r\nHost: {args.host}:{args.port}\r\n"
               "User-Agent: ragd-churn\r\nAccept: */*\r\n\r\n").encode()
    sel = selectors.DefaultSelector()
    pending = list(range(n))  # connections not yet started
    conns = []
    active = 0
    unaccepted = 0  # connections started that have not had a response yet
    ok = 0
    deadline = time.monotonic() + args.timeout

    def fail(c, why):
        nonlocal active, unaccepted
        failures[why] = failures.get(why, 0) + 1
        if not c.answered:
            unaccepted -= 1
        try:
            sel.unregister(c.sock)
        except (KeyError, ValueError):
            pass
        c.sock.close()
        c.state = DONE
        active -= 1

    def finish(c):
        # Done but kept open until the wave completes.
        nonlocal active
        sel.unregister(c.sock)
        c.state = DONE
        active -= 1

    while pending or active:
        # Start new connections, but keep at most args.burst of them not yet answered (so possibly
        # still in the server's accept queue): a full listen backlog (Hummingbird: 256, nginx: 511)
        # drops SYNs, and a 1 s SYN retransmit would then stall the whole wave.
        while pending and unaccepted < args.burst:
            pending.pop()
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            c = Conn(s, request, args.requests, first_id + len(conns))
            conns.append(c)
            active += 1
            unaccepted += 1
            rc = s.connect_ex((args.host, args.port))
            if rc not in (0, errno.EINPROGRESS):
                fail(c, f"connect:{errno.errorcode.get(rc, rc)}")
                continue
            sel.register(s, selectors.EVENT_WRITE, c)

        if time.monotonic() > deadline:
            for c in conns:
                if c.state != DONE:
                    fail(c, "timeout")
            break

        for key, _ in sel.select(timeout=0.5):
            c = key.data
            if c.state == DONE:
                continue
            try:
                if c.state == CONNECTING:
                    err = c.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if err:
                        fail(c, f"connect:{errno.errorcode.get(err, err)}")
                        continue
                    c.state = SENDING
                if c.state == SENDING:
                    sent = c.sock.send(c.out)
                    c.out = c.out[sent:]
                    if not c.out:
                        c.state = READING
                        sel.modify(c.sock, selectors.EVENT_READ, c)
                    continue
                if c.state == READING:
                    data = c.sock.recv(65536)
                    if not data:
                        fail(c, "eof-before-response")
                        continue
                    c.buf += data
                    parsed = parse_response(c.buf)
                    if parsed is None:
                        continue
                    status, body, used, keep_alive = parsed
                    c.buf = c.buf[used:]
                    if status != 200:
                        fail(c, f"status:{status}")
                        continue
                    if b'"status":"ok"' not in body.replace(b" ", b""):
                        fail(c, "unexpected-body")
                        continue
                    ok += 1
                    if not c.answered:
                        c.answered = True
                        unaccepted -= 1
                    c.left -= 1
                    if c.left == 0:
                        finish(c)
                    elif not keep_alive:
                        fail(c, "server-closed-keep-alive")
                    else:
                        c.out = request
                        c.state = SENDING
                        sel.modify(c.sock, selectors.EVENT_WRITE, c)
            except ValueError as e:
                fail(c, f"parse:{str(e)[:60]}")
            except OSError as e:
                fail(c, f"io:{errno.errorcode.get(e.errno, e.errno)}")

    # Every connection of the wave is open (or failed) here: the server holds the most state now.
    rss = rss_kb(pids) if pids else 0
    for c in conns:
        try:
            c.sock.close()
        except OSError:
            pass
    sel.close()
    return ok, rss


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--path", default="/health")
    p.add_argument("--connections", type=int, default=10000)
    p.add_argument("--concurrency", type=int, default=1000)
    p.add_argument("--requests", type=int, default=2, help="keep-alive requests per connection")
    p.add_argument("--burst", type=int, default=128, help="max connections started but not yet answered")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per wave")
    p.add_argument("--pids", default="", help="comma-separated PIDs whose summed VmRSS is sampled per wave")
    args = p.parse_args()
    pids = [int(x) for x in args.pids.split(",") if x]

    failures = {}
    ok = 0
    peak = 0
    started = time.monotonic()
    done = 0
    while done < args.connections:
        n = min(args.concurrency, args.connections - done)
        wave_ok, rss = run_wave(args, n, done, pids, failures)
        ok += wave_ok
        peak = max(peak, rss)
        done += n
    elapsed = time.monotonic() - started

    nfail = sum(failures.values())
    print(f"connections={args.connections}")
    print(f"ok_requests={ok}")
    print(f"expected_requests={args.connections * args.requests}")
    print(f"failures={nfail}")
    print("failure_detail=" + (",".join(f"{k}:{v}" for k, v in sorted(failures.items())) or "none"))
    print(f"peak_rss_kb={peak}")
    print(f"elapsed_s={elapsed:.2f}")
    return 0 if nfail == 0 and ok == args.connections * args.requests else 1


if __name__ == "__main__":
    sys.exit(main())
