/*
 * The per-site secret: 32 random bytes made once per database and kept in
 * settings (as hex).  It keys every HMAC and salted hash Gazette makes
 * (form tokens, client-address hashes), so copying the database keeps them
 * valid and two sites never share one.
 */
#ifndef GAZETTE_SECRET_H
#define GAZETTE_SECRET_H

#include "gazette/err.h"

struct gz_db;

#define GZ_SECRET_SIZE 32

/*
 * Read the site secret into out, creating it first if the database has
 * none (race-safe: concurrent creators agree on the first one stored).
 */
enum gz_err gz_secret_get(struct gz_db *db, unsigned char out[GZ_SECRET_SIZE]);

/*
 * A salted hash of a client address: BLAKE2b keyed with the site secret,
 * 16 bytes, so the address itself is never stored and the hash means
 * nothing outside this site.
 */
void gz_secret_client_hash(const unsigned char secret[GZ_SECRET_SIZE], const char *addr,
                           unsigned char out[16]);

#endif
