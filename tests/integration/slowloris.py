#!/usr/bin/env python3
"""A slowloris client: hold connections open by trickling a request head.

    slowloris.py PORT COUNT SECONDS [SOURCE_ADDR]

Opens COUNT connections to 127.0.0.1:PORT (from SOURCE_ADDR when given, so
the per-address limit of the server counts them apart from other clients),
sends a request line, then one byte of header a second, never finishing the
head.  Prints "ready" once every connection is open, then stops after
SECONDS (or once the server has closed them all) and prints one line:

    opened N refused R closed_by_server C still_open S longest_open_s L

refused: connections the server closed (or reset) within 15 s of opening,
well before any header deadline, however loaded the machine; closed_by_server:
the others the server closed before SECONDS;
still_open: connections alive at the end; longest_open_s: the longest time
the server let an accepted connection live.
"""
import select
import socket
import sys
import time

REFUSED_S = 15.0  # closed sooner than this: refused, not timed out


def main():
    port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    source = sys.argv[4] if len(sys.argv) > 4 else None
    conns = []
    for _ in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if source:
            s.bind((source, 0))
        s.connect(("127.0.0.1", port))
        s.setblocking(False)
        try:
            s.send(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        except OSError:
            pass
        conns.append({"sock": s, "opened": time.monotonic(), "closed": None})
    print("ready", flush=True)
    start = time.monotonic()
    next_byte = start + 1.0
    while time.monotonic() - start < seconds:
        live = [c for c in conns if c["closed"] is None]
        if not live:
            break
        timeout = max(0.0, min(next_byte, start + seconds) - time.monotonic())
        readable, _, _ = select.select([c["sock"] for c in live], [], [], timeout)
        now = time.monotonic()
        for c in live:
            if c["sock"] in readable:
                try:
                    data = c["sock"].recv(4096)
                except OSError:
                    data = b""
                if not data:
                    c["closed"] = now
        if now >= next_byte:
            next_byte = now + 1.0
            for c in conns:
                if c["closed"] is None:
                    try:
                        c["sock"].send(b"a")
                    except OSError:
                        c["closed"] = now
    end = time.monotonic()
    refused = sum(1 for c in conns if c["closed"] is not None and c["closed"] - c["opened"] < REFUSED_S)
    closed = sum(1 for c in conns if c["closed"] is not None) - refused
    still = sum(1 for c in conns if c["closed"] is None)
    longest = max([(c["closed"] or end) - c["opened"] for c in conns
                   if c["closed"] is None or c["closed"] - c["opened"] >= REFUSED_S] or [0])
    for c in conns:
        c["sock"].close()
    print(f"opened {count} refused {refused} closed_by_server {closed} "
          f"still_open {still} longest_open_s {longest:.1f}")


if __name__ == "__main__":
    main()
