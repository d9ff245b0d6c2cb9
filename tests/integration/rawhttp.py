#!/usr/bin/env python3
"""Send raw bytes to an HTTP server and print the status code it answers.

    rawhttp.py PORT 'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' [full]

The request is given with Python escapes (\\r, \\n, \\x00) so a test can
write malformed requests that curl refuses to send.  Prints the status code
of the first response, or "closed" when the server hung up without one.
With "full", reads until the server closes (send "Connection: close") and
prints "STATUS CONTENT_LENGTH BODY_BYTES": the Content-Length header (or -)
and how many bytes followed the head.  Connects to 127.0.0.1 only.
"""
import socket
import sys


def main():
    port = int(sys.argv[1])
    data = sys.argv[2].encode("latin-1").decode("unicode_escape").encode("latin-1")
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass
    full = len(sys.argv) > 3 and sys.argv[3] == "full"
    buf = b""
    try:
        while full or b"\r\n" not in buf:
            chunk = s.recv(4096)
            if not chunk:
                break
            buf += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    line = buf.split(b"\r\n", 1)[0].decode("latin-1")
    parts = line.split(" ")
    status = parts[1] if len(parts) > 1 and line.startswith("HTTP/") else "closed"
    if not full:
        print(status)
        return
    head, _, body = buf.partition(b"\r\n\r\n")
    length = "-"
    for h in head.split(b"\r\n")[1:]:
        name, _, value = h.partition(b":")
        if name.strip().lower() == b"content-length":
            length = value.strip().decode("latin-1")
    print(status, length, len(body))


if __name__ == "__main__":
    main()
