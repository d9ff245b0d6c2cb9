#!/usr/bin/env python3
"""Talk FastCGI to a unix socket directly, without nginx (stdlib only).

    fcgi_client.py SOCKET get PATH      send a well-formed GET request and
                                        print the status line Gazette answers
    fcgi_client.py SOCKET bad-params    send FCGI_BEGIN_REQUEST, then a PARAMS
                                        record whose name length is the 4-byte
                                        form of 0x7ffffffe and whose value
                                        length is the 4-byte form of 1, and
                                        print what came back

FastCGI 1.0, section 3.4: a name or value length below 128 is one byte; else
four bytes, big-endian, with the high bit of the first set (so 0x7ffffffe is
ff ff ff fe and 1 is 80 00 00 01).  The bad record claims a 2 GiB name but
carries only a few bytes: a server must reject it (close the connection or
answer an error) and not allocate, read past the record, or die for good.
Exit status: 0 when the exchange ended (any answer, or the connection closed),
1 on a local error such as a refused connection.
"""
import socket
import struct
import sys

FCGI_VERSION = 1
BEGIN_REQUEST, ABORT_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR = 1, 2, 3, 4, 5, 6, 7
RESPONDER = 1
REQUEST_ID = 1
TYPE_NAMES = {END_REQUEST: "END_REQUEST", STDOUT: "STDOUT", STDERR: "STDERR"}


def record(rtype, content, request_id=REQUEST_ID):
    """One record: 8-byte header, content, padding to a multiple of 8."""
    pad = (-len(content)) % 8
    return struct.pack(">BBHHBB", FCGI_VERSION, rtype, request_id, len(content), pad, 0) + content + b"\0" * pad


def length(n, long_form=False):
    """A name or value length in FastCGI's 1- or 4-byte form."""
    if n < 128 and not long_form:
        return bytes([n])
    return struct.pack(">I", n | 0x80000000)


def pair(name, value):
    return length(len(name)) + length(len(value)) + name + value


def begin():
    return record(BEGIN_REQUEST, struct.pack(">HB5x", RESPONDER, 0))


def read_all(sock, timeout):
    """Records until END_REQUEST, EOF or timeout: (list of (type, content), how it ended)."""
    sock.settimeout(timeout)
    buf = b""
    records = []
    end = "timeout"
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                end = "connection closed"
                break
            buf += chunk
            while len(buf) >= 8:
                _, rtype, _, clen, plen, _ = struct.unpack(">BBHHBB", buf[:8])
                if len(buf) < 8 + clen + plen:
                    break
                records.append((rtype, buf[8:8 + clen]))
                buf = buf[8 + clen + plen:]
                if rtype == END_REQUEST:
                    return records, "END_REQUEST"
    except socket.timeout:
        pass
    except ConnectionResetError:
        end = "connection reset"
    return records, end


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def do_get(path, target):
    params = b"".join(pair(k.encode(), v.encode()) for k, v in [
        ("REQUEST_METHOD", "GET"), ("REQUEST_URI", target),
        ("QUERY_STRING", target.partition("?")[2]), ("CONTENT_TYPE", ""),
        ("CONTENT_LENGTH", ""), ("REMOTE_ADDR", "127.0.0.1"),
        ("SERVER_NAME", "localhost"), ("SERVER_PORT", "80"),
        ("SERVER_PROTOCOL", "HTTP/1.1"), ("HTTP_HOST", "localhost"),
    ])
    s = connect(path)
    s.sendall(begin() + record(PARAMS, params) + record(PARAMS, b"") + record(STDIN, b""))
    records, end = read_all(s, 10)
    s.close()
    out = b"".join(c for t, c in records if t == STDOUT)
    head = out.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    status = "200"
    for line in head.split("\r\n"):
        if line.lower().startswith("status:"):
            status = line.split(":", 1)[1].strip().split(" ")[0]
    print(f"fcgi GET {target}: status {status}, {len(out)} bytes, ended by {end}")
    return 0 if end == "END_REQUEST" else 1


def do_bad_params(path):
    content = length(0x7FFFFFFE) + length(1, long_form=True) + b"AAAAAAAAAAAAAAAA" + b"B"
    assert content[:8] == b"\xff\xff\xff\xfe\x80\x00\x00\x01"
    s = connect(path)
    s.sendall(begin() + record(PARAMS, content))
    # Some servers wait for the end of the params stream first.
    try:
        s.sendall(record(PARAMS, b"") + record(STDIN, b""))
    except (BrokenPipeError, ConnectionResetError):
        pass
    records, end = read_all(s, 3)
    s.close()
    kinds = ", ".join(f"{TYPE_NAMES.get(t, t)}({len(c)} bytes)" for t, c in records) or "no records"
    out = b"".join(c for t, c in records if t == STDOUT)
    first = out.split(b"\r\n", 1)[0].decode("latin-1") if out else ""
    print(f"fcgi bad PARAMS (name length 0x7ffffffe, value length 1): {kinds}; ended by {end}"
          + (f"; first line: {first!r}" if first else ""))
    return 0


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    path, cmd = sys.argv[1], sys.argv[2]
    try:
        if cmd == "get":
            return do_get(path, sys.argv[3] if len(sys.argv) > 3 else "/")
        if cmd == "bad-params":
            return do_bad_params(path)
    except OSError as e:
        print(f"fcgi_client: {path}: {e}", file=sys.stderr)
        return 1
    print(f"fcgi_client: unknown command {cmd}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
