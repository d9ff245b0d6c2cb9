#!/usr/bin/env python3
"""Print N (default 1) free TCP ports on 127.0.0.1, one a line.

The kernel picks them (bind to port 0); they are free when printed, which is
as good as a test on one machine gets without a retry loop.
"""
import socket
import sys


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    socks = []
    for _ in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    for s in socks:
        print(s.getsockname()[1])
    for s in socks:
        s.close()


if __name__ == "__main__":
    main()
