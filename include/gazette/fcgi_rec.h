/*
 * FastCGI 1.0 records checked before libfcgi or the application sees them
 * (src/transport/fcgi_rec.c).  Pure functions over byte buffers: no
 * sockets, no allocation, nothing about HTTP.
 *
 * A record is an 8-byte header (version 1, type, request id, content
 * length 0..65535, padding length 0..255) followed by its content and
 * padding.  A request is BEGIN_REQUEST, PARAMS records ending with an empty
 * one (the "head"), then STDIN records ending with an empty one (the
 * body).  Records with request id 0 are management records.
 */
#ifndef GAZETTE_FCGI_REC_H
#define GAZETTE_FCGI_REC_H

#include <stddef.h>

#define GZ_FCGI_HEADER_LEN 8
#define GZ_FCGI_RECORD_MAX (8 + 65535 + 255) /* the longest possible record */
#define GZ_FCGI_HEAD_MAX (64 * 1024)         /* BEGIN_REQUEST through the empty PARAMS */
#define GZ_FCGI_PAIRS_MAX 1024               /* name-value pairs in a head */
#define GZ_FCGI_BODY_EAGER (32 * 1024)       /* body bytes that make a request worth a thread */
/* What gz_fcgi_scan must be allowed to look at (its cap) at least. */
#define GZ_FCGI_SCAN_MIN GZ_FCGI_RECORD_MAX
#define GZ_FCGI_ANSWER_MAX 128 /* a management answer fits in this */

/* Record types (FastCGI 1.0, section 8). */
enum gz_fcgi_type {
	GZ_FCGI_BEGIN_REQUEST = 1,
	GZ_FCGI_ABORT_REQUEST = 2,
	GZ_FCGI_END_REQUEST = 3,
	GZ_FCGI_PARAMS = 4,
	GZ_FCGI_STDIN = 5,
	GZ_FCGI_STDOUT = 6,
	GZ_FCGI_STDERR = 7,
	GZ_FCGI_DATA = 8,
	GZ_FCGI_GET_VALUES = 9,
	GZ_FCGI_GET_VALUES_RESULT = 10,
	GZ_FCGI_UNKNOWN_TYPE = 11,
};

#define GZ_FCGI_RESPONDER 1    /* the only role Gazette plays */
#define GZ_FCGI_KEEP_CONN 1    /* BEGIN_REQUEST flag: the web server keeps the connection */
#define GZ_FCGI_UNKNOWN_ROLE 3 /* END_REQUEST protocol status */

/* A decoded record header. */
struct gz_fcgi_header {
	unsigned version;    /* 1 for FastCGI 1.0 */
	unsigned type;       /* enum gz_fcgi_type, or anything else a peer sent */
	unsigned request_id; /* 0 for management records */
	size_t content_len;  /* 0..65535 */
	size_t padding_len;  /* 0..255 */
};

/* Decode the 8 header bytes at p. */
void gz_fcgi_header_decode(const unsigned char *p, struct gz_fcgi_header *h);

/*
 * Check one header met while reading the body of request id: NULL when it
 * is a STDIN record of that request in version 1, else a static reason
 * ("management record inside a request", ...).
 */
const char *gz_fcgi_stdin_check(const struct gz_fcgi_header *h, unsigned id);

/* What gz_fcgi_scan found at the start of the bytes it was given. */
enum gz_fcgi_verdict {
	GZ_FCGI_MORE,       /* all well so far; wait for more bytes */
	GZ_FCGI_REQUEST,    /* a request whose head is whole (see struct gz_fcgi_scan) */
	GZ_FCGI_MANAGEMENT, /* one whole management record (request id 0) */
	GZ_FCGI_BAD,        /* a broken rule: close the connection */
};

/* The details of a verdict. */
struct gz_fcgi_scan {
	size_t len; /* REQUEST: bytes through its last whole record; MANAGEMENT: the record's */
	size_t head_len;     /* REQUEST: BEGIN_REQUEST through the empty PARAMS record */
	int body_complete;   /* REQUEST: the empty STDIN record is within len */
	size_t body_len;     /* REQUEST: STDIN content bytes within len */
	unsigned request_id; /* REQUEST: from BEGIN_REQUEST */
	unsigned role;       /* REQUEST: from BEGIN_REQUEST (1 responder) */
	int keep_conn;       /* REQUEST: FCGI_KEEP_CONN was set */
	size_t npairs;       /* REQUEST: name-value pairs in the head */
	unsigned type;       /* MANAGEMENT: the record type */
	const char *why;     /* BAD: the rule broken, a static string */
};

/*
 * Walk the first len bytes waiting on a connection, which may hold more
 * than cap (>= GZ_FCGI_SCAN_MIN) bytes only if len == cap.  Fills *out and
 * returns:
 *
 * - GZ_FCGI_MANAGEMENT when buf starts with a whole management record (its
 *   GET_VALUES pairs, if that is its type, fit its content);
 * - GZ_FCGI_REQUEST when buf starts with BEGIN_REQUEST (id not 0, 8-byte
 *   body), PARAMS records of that id ending with an empty one, all within
 *   GZ_FCGI_HEAD_MAX bytes, whose content is whole name-value pairs (names
 *   1 or more bytes without NUL or '=', name plus value length within
 *   GZ_FCGI_HEAD_MAX, at most GZ_FCGI_PAIRS_MAX pairs), and then either the
 *   whole body (STDIN records of that id ending with an empty one), or at
 *   least GZ_FCGI_BODY_EAGER bytes of it, or as much as len == cap allows;
 * - GZ_FCGI_MORE when what is there obeys those rules so far but a head or
 *   a shorter body is not whole yet (never when len == cap);
 * - GZ_FCGI_BAD otherwise, with out->why naming the rule: another version,
 *   another record first, a management record or another request id
 *   inside a request, a length past a bound.
 *
 * Bytes after the request (a pipelined next one) are not looked at.
 */
enum gz_fcgi_verdict gz_fcgi_scan(const unsigned char *buf, size_t len, size_t cap,
                                  struct gz_fcgi_scan *out);

/* The values Gazette reports to FCGI_GET_VALUES. */
struct gz_fcgi_values {
	unsigned max_conns; /* FCGI_MAX_CONNS: connections it will hold */
	unsigned max_reqs;  /* FCGI_MAX_REQS: requests it answers at once */
};

/*
 * The answer to the management record rec (len bytes, which
 * gz_fcgi_scan called GZ_FCGI_MANAGEMENT): for GET_VALUES a
 * GET_VALUES_RESULT with each of FCGI_MAX_CONNS, FCGI_MAX_REQS and
 * FCGI_MPXS_CONNS (always 0) that was asked for, once; for any other type
 * UNKNOWN_TYPE.  Written to out (outsz >= GZ_FCGI_ANSWER_MAX); returns its
 * length, or 0 when rec is not such a record.
 */
size_t gz_fcgi_answer_management(const unsigned char *rec, size_t len,
                                 const struct gz_fcgi_values *v, unsigned char *out, size_t outsz);

/*
 * An END_REQUEST record for request id with protocol status status and
 * application status 0, written to out (16 bytes); returns 16.
 */
size_t gz_fcgi_end_request(unsigned char *out, unsigned id, unsigned status);

#endif
