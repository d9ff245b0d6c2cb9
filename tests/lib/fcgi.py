#!/usr/bin/env python3
"""The one FastCGI client of Gazette's tests (stdlib only): a module the
tests' inline python imports, and a command line.

What it knows: FastCGI 1.0 framing as a Responder's peer (nginx's side of
the socket).  A record is an 8-byte header (version 1, type, request id,
content length, padding length, reserved) and its content, padded to a
multiple of 8.  A name or value length below 128 is one byte, else four
bytes, big-endian, with the top bit set (section 3.4).  A stream (PARAMS,
STDIN) is records of at most 65535 bytes ended by an empty one.
What it does not know: HTTP.  It builds the CGI meta-variables nginx would
send and splits the application's STDOUT into its CGI head and body, nothing
more; no multiplexing (one request at a time on a connection).

    import sys; sys.path.insert(0, SRC + "/tests/lib"); import fcgi

    s = fcgi.connect("/tmp/gz.sock")              # or "127.0.0.1:9000"
    s.sendall(fcgi.request("GET", "/", keep=True))
    a = fcgi.read_answer(s)                       # None: closed first
    fcgi.status(a.stdout)                         # 200

Command line (python3 tests/lib/fcgi.py ...):

    fcgi.py ADDR METHOD TARGET [NAME=VALUE ...] [< body]
        One request with the usual meta-variables (see params()), NAME=VALUE
        pairs overriding them (an empty VALUE still counts), stdin as the
        body.  Writes the application's STDOUT stream, unchanged, to stdout.
        Exit status 0 when the server ended the request with END_REQUEST.
    fcgi.py --summary ADDR METHOD TARGET [NAME=VALUE ...]
        The same request; prints one line instead: status, bytes, how the
        exchange ended.  Exit status as above.
    fcgi.py --bad-params ADDR
        BEGIN_REQUEST, then a PARAMS record whose name length is the 4-byte
        form of 0x7ffffffe and whose value length the 4-byte form of 1 but
        which carries 16 bytes: a server must drop it without allocating or
        reading past the record.  Prints what came back within 3 s; exit
        status 0 once the exchange ended any way, 1 on a local error.

ADDR is HOST:PORT or the path of a unix socket.
"""
import collections
import os
import socket
import struct
import sys

VERSION = 1
BEGIN_REQUEST, ABORT_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR = 1, 2, 3, 4, 5, 6, 7
DATA, GET_VALUES, GET_VALUES_RESULT, UNKNOWN_TYPE = 8, 9, 10, 11
RESPONDER = 1
KEEP_CONN = 1
TYPE_NAMES = {END_REQUEST: "END_REQUEST", STDOUT: "STDOUT", STDERR: "STDERR",
              GET_VALUES_RESULT: "GET_VALUES_RESULT", UNKNOWN_TYPE: "UNKNOWN_TYPE"}
MAX_CONTENT = 65535
HEADER = struct.Struct(">BBHHBB")

# stdout, stderr: the streams' bytes; app_status and protocol_status: the
# END_REQUEST body (protocol_status 0 is FCGI_REQUEST_COMPLETE).
Answer = collections.namedtuple("Answer", "stdout stderr app_status protocol_status")


def _bytes(s):
    return s if isinstance(s, bytes) else str(s).encode()


def record(rtype, content, request_id=1):
    """One record: header, content (at most 65535 bytes), zero padding to a multiple of 8."""
    content = _bytes(content)
    assert len(content) <= MAX_CONTENT
    pad = (-len(content)) % 8
    return HEADER.pack(VERSION, rtype, request_id, len(content), pad, 0) + content + b"\0" * pad


def stream(rtype, data, request_id=1):
    """DATA as records of at most 65535 bytes, then the empty record that ends the stream."""
    data = _bytes(data)
    return b"".join(record(rtype, data[i:i + MAX_CONTENT], request_id)
                    for i in range(0, len(data), MAX_CONTENT)) + record(rtype, b"", request_id)


def length(n, long_form=False):
    """A name or value length: one byte below 128 (unless long_form), else four with the top bit set."""
    if n < 128 and not long_form:
        return bytes([n])
    return struct.pack(">I", n | 0x80000000)


def pair(name, value):
    """One name-value pair, each length in the shortest form."""
    name, value = _bytes(name), _bytes(value)
    return length(len(name)) + length(len(value)) + name + value


def pairs(items):
    """The pairs of a dict or of a list of (name, value), in order."""
    if isinstance(items, dict):
        items = items.items()
    return b"".join(pair(k, v) for k, v in items)


def parse_pairs(content):
    """The name-value pairs of a PARAMS or GET_VALUES(_RESULT) body as a dict of bytes."""
    out, i = {}, 0

    def one():
        nonlocal i
        if content[i] < 128:
            i += 1
            return content[i - 1]
        n = struct.unpack(">I", content[i:i + 4])[0] & 0x7FFFFFFF
        i += 4
        return n

    while i < len(content):
        nlen = one()
        vlen = one()
        out[content[i:i + nlen]] = content[i + nlen:i + nlen + vlen]
        i += nlen + vlen
    return out


def lying_pair(name_len, value_len, carried=b"A" * 16):
    """A malformed pair: both lengths in the 4-byte form, claiming name_len and value_len, followed
    by only the carried bytes (how the records that used to abort libfcgi were built)."""
    return length(name_len, True) + length(value_len, True) + carried


def begin(keep=False, request_id=1, role=RESPONDER):
    """BEGIN_REQUEST; keep sets FCGI_KEEP_CONN (the server keeps the connection after the answer)."""
    return record(BEGIN_REQUEST, struct.pack(">HB5x", role, KEEP_CONN if keep else 0), request_id)


def params(method, target, body_len=None, content_type="", extra=None):
    """The meta-variables for a request, as nginx's fastcgi_params would send them (str to str).
    body_len None or 0 gives an empty CONTENT_LENGTH; extra (a dict) overrides or adds."""
    p = {
        "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": method, "REQUEST_URI": target,
        "QUERY_STRING": target.partition("?")[2], "SCRIPT_NAME": target.partition("?")[0],
        "SERVER_PROTOCOL": "HTTP/1.1", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1", "CONTENT_LENGTH": str(body_len) if body_len else "",
        "CONTENT_TYPE": content_type,
    }
    p.update(extra or {})
    return p


def request(method, target, body=b"", extra=None, keep=False, request_id=1, content_type=None):
    """The bytes of a whole request: BEGIN_REQUEST, the PARAMS stream (params() with extra) and
    the STDIN stream (body).  content_type defaults to urlencoded when there is a body."""
    body = _bytes(body)
    if content_type is None:
        content_type = "application/x-www-form-urlencoded" if body else ""
    p = params(method, target, len(body), content_type, extra)
    return begin(keep, request_id) + stream(PARAMS, pairs(p), request_id) + stream(STDIN, body, request_id)


def get_values(names):
    """A GET_VALUES record (request id 0) asking for the named variables."""
    return record(GET_VALUES, pairs((n, b"") for n in names), 0)


def connect(addr, timeout=20):
    """A connected socket: ADDR is a unix socket path, or HOST:PORT."""
    host, _, port = addr.rpartition(":")
    if os.path.sep in addr or not port.isdigit():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(addr)
    else:
        s = socket.create_connection((host, int(port)), timeout=timeout)
    s.settimeout(timeout)
    return s


def _recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def read_record(sock):
    """The next record as (type, request_id, content), or None when the connection ends.  Reads
    exactly one record, so what follows stays in the socket for the next call.  Raises
    socket.timeout and ConnectionResetError."""
    head = _recv_exact(sock, 8)
    if head is None:
        return None
    _, rtype, rid, clen, plen, _ = HEADER.unpack(head)
    body = _recv_exact(sock, clen + plen)
    if body is None:
        return None
    return rtype, rid, body[:clen]


def read_records(sock, until=END_REQUEST):
    """Records until one of type until (included): (records, how), records a list of (type,
    request_id, content), how "end" when that record came, else "closed", "reset" or "timeout"
    (the socket's own timeout)."""
    records = []
    try:
        while True:
            r = read_record(sock)
            if r is None:
                return records, "closed"
            records.append(r)
            if r[0] == until:
                return records, "end"
    except socket.timeout:
        return records, "timeout"
    except ConnectionResetError:
        return records, "reset"


def answer_of(records):
    """The Answer the records make up, or None without an END_REQUEST among them."""
    out = b"".join(c for t, _, c in records if t == STDOUT)
    err = b"".join(c for t, _, c in records if t == STDERR)
    for t, _, c in records:
        if t == END_REQUEST:
            app, proto = struct.unpack(">IB3x", c[:8].ljust(8, b"\0"))
            return Answer(out, err, app, proto)
    return None


def read_answer(sock):
    """The answer to the request just sent: an Answer once END_REQUEST came, None when the
    connection closed, was reset or timed out first."""
    records, _ = read_records(sock)
    return answer_of(records)


def split(stdout):
    """STDOUT as (status, headers, body): the CGI Status (200 without one), the head's headers
    as a dict with lower-case names (the last of a repeated one), the bytes after the head."""
    head, _, body = stdout.partition(b"\r\n\r\n")
    headers = {}
    for line in head.decode("latin-1").split("\r\n"):
        k, sep, v = line.partition(":")
        if sep:
            headers[k.strip().lower()] = v.strip()
    try:
        code = int(headers.get("status", "200").split()[0])
    except (ValueError, IndexError):
        code = 0
    return code, headers, body


def status(stdout):
    """The CGI Status of STDOUT, 200 when it has none."""
    return split(stdout)[0]


def exchange(addr, method, target, body=b"", extra=None, timeout=20):
    """One request on a new connection, closed afterwards: the Answer, or None."""
    s = connect(addr, timeout)
    try:
        try:
            s.sendall(request(method, target, body, extra))
        except (BrokenPipeError, ConnectionResetError):
            pass  # an answer sent before reading the whole body may still be there
        return read_answer(s)
    finally:
        s.close()


def _cli_request(argv, summary):
    addr, method, target = argv[:3]
    body = b"" if summary or sys.stdin.isatty() else sys.stdin.buffer.read()
    extra = dict(kv.partition("=")[::2] for kv in argv[3:])
    # CONTENT_TYPE stays as params() sets it (empty) unless given, as nginx does.
    extra.setdefault("CONTENT_TYPE", "")
    s = connect(addr, 10 if summary else 20)
    try:
        s.sendall(request(method, target, body, extra))
    except (BrokenPipeError, ConnectionResetError):
        pass
    records, how = read_records(s)
    s.close()
    a = answer_of(records)
    out = b"".join(c for t, _, c in records if t == STDOUT)
    if summary:
        print("fcgi %s %s: status %s, %d bytes, ended by %s"
              % (method, target, status(out) if out else "-", len(out),
                 "END_REQUEST" if a else "connection " + how))
    else:
        sys.stdout.buffer.write(out)
    return 0 if a else 1


def _cli_bad_params(addr):
    s = connect(addr, 3)
    s.sendall(begin() + record(PARAMS, lying_pair(0x7FFFFFFE, 1)))
    # Some servers wait for the end of the params stream first.
    try:
        s.sendall(record(PARAMS, b"") + record(STDIN, b""))
    except (BrokenPipeError, ConnectionResetError):
        pass
    records, how = read_records(s)
    s.close()
    kinds = ", ".join("%s(%d bytes)" % (TYPE_NAMES.get(t, t), len(c)) for t, _, c in records)
    out = b"".join(c for t, _, c in records if t == STDOUT)
    first = out.split(b"\r\n", 1)[0].decode("latin-1") if out else ""
    print("fcgi bad PARAMS (name length 0x7ffffffe, value length 1): %s; ended by %s%s"
          % (kinds or "no records", "END_REQUEST" if how == "end" else "connection " + how,
             "; first line: %r" % first if first else ""))
    return 0


def main(argv):
    try:
        if argv[:1] == ["--bad-params"] and len(argv) == 2:
            return _cli_bad_params(argv[1])
        if argv[:1] == ["--summary"] and len(argv) >= 4:
            return _cli_request(argv[1:], True)
        if len(argv) >= 3 and not argv[0].startswith("--"):
            return _cli_request(argv, False)
    except OSError as e:
        print("fcgi.py: %s: %s" % (argv[1] if argv[0].startswith("--") else argv[0], e), file=sys.stderr)
        return 1
    usage = __doc__.split("Command line (python3 tests/lib/fcgi.py ...):")[1]
    print("usage:" + usage.rstrip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
