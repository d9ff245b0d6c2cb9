#!/usr/bin/env python3
"""A small FastCGI client (stdlib only) for the integration tests.

    fcgi_client.py ADDR METHOD TARGET [NAME=VALUE ...] [< body]

ADDR is HOST:PORT (127.0.0.1 only in the tests) or a unix socket path.  Sends
one Responder request with the usual meta-variables (REQUEST_METHOD,
REQUEST_URI, QUERY_STRING, SERVER_PROTOCOL, REMOTE_ADDR, ...), any extra
NAME=VALUE pairs (which override them; an empty VALUE still counts), and
stdin as the body (CONTENT_LENGTH is its length unless given).  Writes the
application's STDOUT stream, unchanged, to stdout.  Exit status 0 when the
server ended the request with END_REQUEST, 1 otherwise.

FastCGI 1.0: records are an 8-byte header (version, type, request id,
content length, padding length) and content; name-value pairs use one length
byte below 128, else four bytes with the top bit set.
"""
import os
import socket
import struct
import sys

BEGIN, END, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6


def record(rtype, content):
    pad = (-len(content)) % 8
    return struct.pack(">BBHHBB", 1, rtype, 1, len(content), pad, 0) + content + b"\0" * pad


def length(n):
    return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)


def stream(rtype, data):
    out = b""
    for i in range(0, len(data), 65535):
        out += record(rtype, data[i:i + 65535])
    return out + record(rtype, b"")


def main():
    addr, method, target = sys.argv[1:4]
    body = b"" if sys.stdin.isatty() else sys.stdin.buffer.read()
    params = {
        "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": method, "REQUEST_URI": target,
        "QUERY_STRING": target.partition("?")[2], "SCRIPT_NAME": target.partition("?")[0],
        "SERVER_PROTOCOL": "HTTP/1.1", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1", "CONTENT_LENGTH": str(len(body)) if body else "",
        "CONTENT_TYPE": "",
    }
    for kv in sys.argv[4:]:
        k, _, v = kv.partition("=")
        params[k] = v
    pairs = b"".join(length(len(k.encode())) + length(len(v.encode())) + k.encode() + v.encode()
                     for k, v in params.items())
    if os.path.sep in addr or not addr.rpartition(":")[2].isdigit():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(addr)
    else:
        host, _, port = addr.rpartition(":")
        s = socket.create_connection((host, int(port)))
    s.settimeout(20)
    try:
        s.sendall(record(BEGIN, struct.pack(">HB5x", 1, 0)) + stream(PARAMS, pairs) + stream(STDIN, body))
    except (BrokenPipeError, ConnectionResetError):
        pass
    buf, out, ended = b"", b"", False
    try:
        while not ended:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
            while len(buf) >= 8:
                _, rtype, _, clen, plen, _ = struct.unpack(">BBHHBB", buf[:8])
                if len(buf) < 8 + clen + plen:
                    break
                if rtype == STDOUT:
                    out += buf[8:8 + clen]
                elif rtype == END:
                    ended = True
                buf = buf[8 + clen + plen:]
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    sys.stdout.buffer.write(out)
    return 0 if ended else 1


if __name__ == "__main__":
    sys.exit(main())
