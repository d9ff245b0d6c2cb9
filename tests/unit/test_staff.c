/*
 * Staff security models on a real database: login throttling per
 * account-and-address, per account and per address (gazette/session.h),
 * one-time password-reset links (gazette/reset.h) and the second factor
 * with recovery codes and login challenges (gazette/mfa.h).  Times are
 * passed in, so nothing here waits or reads the clock.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "gazette/arena.h"
#include "gazette/mfa.h"
#include "gazette/reset.h"
#include "gazette/session.h"
#include "gazette/totp.h"
#include "gazette/user.h"
#include "test.h"
#include "testdb.h"

static struct gz_db *db;
static int64_t ed_id, au_id;

/* Two addresses' client hashes: A (a newsroom's NAT) and B (someone at home). */
static const unsigned char addr_a[16] = {0xa};
static const unsigned char addr_b[16] = {0xb};

static void
fail_n(const char *login, const unsigned char *client, int n, int64_t at)
{
	int i;

	for (i = 0; i < n; i++) {
		CHECK_INT(gz_session_login_record(db, login, client, at, 0), GZ_OK);
	}
}

static void
clear_attempts(void)
{
	CHECK(testdb_exec(db, "DELETE FROM login_attempts"));
}

static void
test_delay_table(void)
{
	int locked;

	CHECK_INT(gz_session_login_delay(2, 3, 900, 10, &locked), 0);
	CHECK_INT(gz_session_login_delay(3, 3, 900, 10, &locked), 2);
	CHECK_INT(locked, 0);
	CHECK_INT(gz_session_login_delay(4, 3, 900, 10, &locked), 4);
	CHECK_INT(gz_session_login_delay(9, 3, 900, 10, &locked), 128);
	CHECK_INT(gz_session_login_delay(10, 3, 900, 10, &locked), GZ_LOGIN_LOCK_SECONDS);
	CHECK_INT(locked, 1);
	/* Long runs of delays stop at their ceiling, and never overflow. */
	CHECK_INT(gz_session_login_delay(99, 30, 10, 100, &locked), 10);
	CHECK_INT(locked, 0);
	CHECK_INT(gz_session_login_delay(32, 30, 10, 100, &locked), 8);
	CHECK_INT(gz_session_login_delay(1000000, 30, 10, 100, &locked), GZ_LOGIN_LOCK_SECONDS);
	CHECK_INT(locked, 1);
}

static void
test_throttle_pair(void)
{
	int64_t now = 1800000000;
	int locked;

	clear_attempts();
	fail_n("ed", addr_a, 3, now);
	/* ed from A waits; ed from B and au from A do not. */
	CHECK_INT(gz_session_login_wait(db, "ed", addr_a, now, &locked), 2);
	CHECK_INT(gz_session_login_wait(db, "ed", addr_b, now, &locked), 0);
	CHECK_INT(gz_session_login_wait(db, "au", addr_a, now, &locked), 0);
	fail_n("ed", addr_a, 7, now);
	CHECK_INT(gz_session_login_wait(db, "ed", addr_a, now, &locked), GZ_LOGIN_LOCK_SECONDS);
	CHECK_INT(locked, 1);
	/* The pair is locked; the account from elsewhere only slowed (10 = its first delay). */
	CHECK_INT(gz_session_login_wait(db, "ed", addr_b, now + 2, &locked), 0);
	CHECK_INT(gz_session_login_wait(db, "ed", addr_b, now + 1, &locked), 1);
	CHECK_INT(locked, 0);
	/* Colleagues behind the same address are not held up at all. */
	CHECK_INT(gz_session_login_wait(db, "au", addr_a, now, &locked), 0);
	/* The lock ends after GZ_LOGIN_LOCK_SECONDS; failures leave the window after 15 minutes. */
	CHECK_INT(gz_session_login_wait(db, "ed", addr_a, now + GZ_LOGIN_LOCK_SECONDS, &locked), 0);
	/* A success from the pair resets the pair (and the account). */
	CHECK_INT(gz_session_login_record(db, "ed", addr_a, now + 1, 1), GZ_OK);
	CHECK_INT(gz_session_login_wait(db, "ed", addr_a, now + 1, &locked), 0);
}

static void
test_throttle_account_and_address(void)
{
	int64_t now = 1800000000;
	char login[16];
	int locked, i;

	clear_attempts();
	/* Guessing one account from 30 addresses locks the account everywhere. */
	for (i = 0; i < GZ_LOGIN_ACCOUNT_LOCK_AFTER; i++) {
		unsigned char c[16] = {0x40, (unsigned char)i};

		fail_n("ed", c, 1, now);
	}
	CHECK_INT(gz_session_login_wait(db, "ed", addr_b, now, &locked), GZ_LOGIN_LOCK_SECONDS);
	CHECK_INT(locked, 1);
	CHECK_INT(gz_session_login_wait(db, "au", addr_b, now, &locked), 0);
	clear_attempts();
	/* One address trying 99 accounts once each: delayed, not locked. */
	for (i = 0; i < GZ_LOGIN_CLIENT_LOCK_AFTER - 1; i++) {
		snprintf(login, sizeof(login), "u%d", i);
		fail_n(login, addr_a, 1, now);
	}
	CHECK(gz_session_login_wait(db, "au", addr_a, now, &locked) > 0);
	CHECK_INT(locked, 0);
	CHECK_INT(gz_session_login_wait(db, "au", addr_b, now, &locked), 0);
	fail_n("u99", addr_a, 1, now);
	CHECK_INT(gz_session_login_wait(db, "au", addr_a, now, &locked), GZ_LOGIN_LOCK_SECONDS);
	CHECK_INT(locked, 1);
	/* Outside the window the address is free again. */
	CHECK_INT(gz_session_login_wait(db, "au", addr_a, now + GZ_LOGIN_WINDOW + 1, &locked), 0);
	clear_attempts();
}

static void
test_reset_links(void)
{
	char tok[GZ_RESET_TOKEN_HEX + 1], tok2[GZ_RESET_TOKEN_HEX + 1];
	struct gz_arena a;
	struct gz_user u;
	int64_t now = 1800000000, uid;
	int busy;

	gz_arena_init(&a, 4096, 1 << 20);
	CHECK_INT(gz_reset_create(db, ed_id, 0, now, tok), GZ_OK);
	CHECK_INT(strlen(tok), 64);
	CHECK_INT(gz_reset_check(db, tok, now, &uid), GZ_OK);
	CHECK_INT(uid, ed_id);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM password_resets WHERE token_hash = "
	                         "CAST(token_hash AS TEXT)"),
	          0);
	/* Expiry at exactly the lifetime. */
	CHECK_INT(gz_reset_check(db, tok, now + GZ_RESET_LIFETIME - 1, &uid), GZ_OK);
	CHECK_INT(gz_reset_check(db, tok, now + GZ_RESET_LIFETIME, &uid), GZ_ETIMEOUT);
	CHECK_INT(gz_reset_use(db, tok, now + GZ_RESET_LIFETIME, "brand new pw", &uid, &busy),
	          GZ_ETIMEOUT);
	CHECK_INT(busy, 0);
	/* Malformed and unknown tokens. */
	CHECK_INT(gz_reset_check(db, "abc", now, &uid), GZ_ENOTFOUND);
	CHECK_INT(gz_reset_check(db, NULL, now, &uid), GZ_ENOTFOUND);
	memset(tok2, 'a', 64);
	tok2[64] = 0;
	CHECK_INT(gz_reset_check(db, tok2, now, &uid), GZ_ENOTFOUND);
	/* A new link replaces the older unused one. */
	CHECK_INT(gz_reset_create(db, ed_id, 0, now, tok2), GZ_OK);
	CHECK_INT(gz_reset_check(db, tok, now, &uid), GZ_ENOTFOUND);
	/* A short password is refused and leaves the link unused. */
	CHECK_INT(gz_reset_use(db, tok2, now, "short", &uid, &busy), GZ_EINVAL);
	CHECK_INT(gz_reset_check(db, tok2, now, &uid), GZ_OK);
	/* Use: password set, sessions ended, link spent. */
	CHECK(testdb_exec(db, "INSERT INTO sessions (token_hash, user_id, csrf_secret, created_at, "
	                      "last_seen, expires_at) VALUES (x'01', (SELECT id FROM users WHERE "
	                      "login = 'ed'), x'00', 1, 1, 9999999999)"));
	CHECK_INT(gz_reset_use(db, tok2, now, "brand new pw", &uid, &busy), GZ_OK);
	CHECK_INT(uid, ed_id);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM sessions WHERE user_id = (SELECT id FROM "
	                         "users WHERE login = 'ed')"),
	          0);
	CHECK_INT(gz_user_verify_password(db, &a, "ed", "brand new pw", &u), GZ_OK);
	CHECK_INT(gz_reset_use(db, tok2, now, "another pw 2", &uid, &busy), GZ_EPERM);
	CHECK_INT(gz_reset_check(db, tok2, now, &uid), GZ_EPERM);
	CHECK_INT(gz_user_verify_password(db, &a, "ed", "another pw 2", &u), GZ_EPERM);
	/* No links for unknown or disabled users. */
	CHECK_INT(gz_reset_create(db, 99999, 0, now, tok), GZ_ENOTFOUND);
	CHECK(testdb_exec(db, "UPDATE users SET disabled = 1 WHERE login = 'au'"));
	CHECK_INT(gz_reset_create(db, au_id, 0, now, tok), GZ_EPERM);
	CHECK(testdb_exec(db, "UPDATE users SET disabled = 0 WHERE login = 'au'"));
	gz_arena_free(&a);
}

static void
test_second_factor(void)
{
	unsigned char secret[GZ_TOTP_SECRET_BYTES], again[GZ_TOTP_SECRET_BYTES];
	char codes[GZ_MFA_CODES][GZ_MFA_CODE_TEXT], code[9], typed[32];
	struct gz_mfa_state st;
	int64_t now = 1800000000;
	int rec, i, j;

	CHECK_INT(gz_mfa_get(db, au_id, &st), GZ_ENOTFOUND);
	CHECK_INT(gz_mfa_begin(db, au_id, now, secret), GZ_OK);
	CHECK_INT(gz_mfa_begin(db, au_id, now + 5, again), GZ_OK);
	CHECK(memcmp(secret, again, sizeof(secret)) == 0);
	CHECK_INT(gz_mfa_get(db, au_id, &st), GZ_OK);
	CHECK_INT(st.active, 0);
	/* Pending: login needs no code yet, and a wrong code does not activate. */
	CHECK_INT(gz_mfa_verify(db, au_id, "000000", now, &rec), GZ_ENOTFOUND);
	gz_totp_code(secret, sizeof(secret), now, 30, 6, GZ_TOTP_SHA1, code);
	code[0] = code[0] == '9' ? '0' : (char)(code[0] + 1);
	CHECK_INT(gz_mfa_confirm(db, au_id, code, now, codes), GZ_EPERM);
	gz_totp_code(secret, sizeof(secret), now, 30, 6, GZ_TOTP_SHA1, code);
	CHECK_INT(gz_mfa_confirm(db, au_id, code, now, codes), GZ_OK);
	CHECK_INT(gz_mfa_get(db, au_id, &st), GZ_OK);
	CHECK_INT(st.active, 1);
	CHECK_INT(st.codes_left, GZ_MFA_CODES);
	for (i = 0; i < GZ_MFA_CODES; i++) {
		CHECK_INT(strlen(codes[i]), 14);
		for (j = 0; j < i; j++) {
			CHECK(strcmp(codes[i], codes[j]) != 0);
		}
	}
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM user_recovery_codes"), GZ_MFA_CODES);
	CHECK_INT(gz_mfa_begin(db, au_id, now, again), GZ_EPERM);
	/* The code that confirmed cannot log in (same step), the next one can, once. */
	CHECK_INT(gz_mfa_verify(db, au_id, code, now, &rec), GZ_EPERM);
	gz_totp_code(secret, sizeof(secret), now + 30, 30, 6, GZ_TOTP_SHA1, code);
	CHECK_INT(gz_mfa_verify(db, au_id, code, now + 30, &rec), GZ_OK);
	CHECK_INT(rec, 0);
	CHECK_INT(gz_mfa_verify(db, au_id, code, now + 31, &rec), GZ_EPERM);
	/* An older step, though inside the window, is refused after a newer one. */
	gz_totp_code(secret, sizeof(secret), now + 60, 30, 6, GZ_TOTP_SHA1, code);
	CHECK_INT(gz_mfa_verify(db, au_id, code, now + 60, &rec), GZ_OK);
	gz_totp_code(secret, sizeof(secret), now + 30, 30, 6, GZ_TOTP_SHA1, code);
	CHECK_INT(gz_mfa_verify(db, au_id, code, now + 60, &rec), GZ_EPERM);
	/* Recovery codes: once each, any case, dashes and spaces optional. */
	CHECK_INT(gz_mfa_verify(db, au_id, codes[0], now, &rec), GZ_OK);
	CHECK_INT(rec, 1);
	CHECK_INT(gz_mfa_verify(db, au_id, codes[0], now, &rec), GZ_EPERM);
	for (i = 0, j = 0; codes[1][i] != '\0'; i++) {
		if (codes[1][i] != '-') {
			typed[j++] =
			    (char)(codes[1][i] >= 'a' && codes[1][i] <= 'z' ? codes[1][i] - 32
			                                                    : codes[1][i]);
		}
		if (i == 5) {
			typed[j++] = ' ';
		}
	}
	typed[j] = '\0';
	CHECK_INT(gz_mfa_verify(db, au_id, typed, now, &rec), GZ_OK);
	CHECK_INT(gz_mfa_verify(db, au_id, "not-a-code", now, &rec), GZ_EPERM);
	CHECK_INT(gz_mfa_verify(db, au_id, NULL, now, &rec), GZ_EPERM);
	CHECK_INT(gz_mfa_get(db, au_id, &st), GZ_OK);
	CHECK_INT(st.codes_left, GZ_MFA_CODES - 2);
	/* Required per role. */
	CHECK_INT(gz_mfa_required(db, "editor"), 0);
	CHECK_INT(gz_mfa_set_required(db, "editor", 1), GZ_OK);
	CHECK_INT(gz_mfa_required(db, "editor"), 1);
	CHECK_INT(gz_mfa_required(db, "author"), 0);
	CHECK_INT(gz_mfa_set_required(db, "boss", 1), GZ_EINVAL);
	CHECK_INT(gz_mfa_set_required(db, "editor", 0), GZ_OK);
	CHECK_INT(gz_mfa_required(db, "editor"), 0);
	/* Disable removes the key and the codes. */
	CHECK_INT(gz_mfa_disable(db, au_id), GZ_OK);
	CHECK_INT(gz_mfa_get(db, au_id, &st), GZ_ENOTFOUND);
	CHECK_INT(testdb_int(db, "SELECT count(*) FROM user_recovery_codes"), 0);
}

static void
test_challenges(void)
{
	char tok[GZ_MFA_TOKEN_HEX + 1];
	struct gz_mfa_challenge ch;
	struct gz_arena a;
	int64_t now = 1800000000;
	int ended, i;

	gz_arena_init(&a, 4096, 1 << 20);
	CHECK_INT(gz_mfa_challenge_create(db, au_id, "au", addr_a, "/admin/articles", now, tok),
	          GZ_OK);
	CHECK_INT(gz_mfa_challenge_get(db, &a, tok, now, &ch), GZ_OK);
	CHECK_INT(ch.user_id, au_id);
	CHECK_STR(ch.login, "au");
	CHECK_STR(ch.next, "/admin/articles");
	CHECK(memcmp(ch.client, addr_a, 16) == 0);
	CHECK_INT(gz_mfa_challenge_get(db, &a, tok, now + GZ_MFA_CHALLENGE_LIFETIME, &ch),
	          GZ_ENOTFOUND);
	CHECK_INT(gz_mfa_challenge_get(db, &a, "00", now, &ch), GZ_ENOTFOUND);
	for (i = 1; i < GZ_MFA_CHALLENGE_TRIES; i++) {
		CHECK_INT(gz_mfa_challenge_fail(db, tok, &ended), GZ_OK);
		CHECK_INT(ended, 0);
	}
	CHECK_INT(gz_mfa_challenge_fail(db, tok, &ended), GZ_OK);
	CHECK_INT(ended, 1);
	CHECK_INT(gz_mfa_challenge_get(db, &a, tok, now, &ch), GZ_ENOTFOUND);
	CHECK_INT(gz_mfa_challenge_create(db, au_id, "au", addr_a, "/admin", now, tok), GZ_OK);
	CHECK_INT(gz_mfa_challenge_delete(db, tok), GZ_OK);
	CHECK_INT(gz_mfa_challenge_get(db, &a, tok, now, &ch), GZ_ENOTFOUND);
	gz_arena_free(&a);
}

static void
setup(void)
{
	if (sodium_init() < 0 || testdb_setup("staff") != 0 || (db = testdb_open("s.db")) == NULL ||
	    gz_user_add(db, "ed", NULL, "editor", "editor pass 1", &ed_id) != GZ_OK ||
	    gz_user_add(db, "au", NULL, "author", "author pass 1", &au_id) != GZ_OK) {
		fprintf(stderr, "setup failed\n");
		test_failures++;
	}
}

static void
teardown(void)
{
	gz_db_close(db);
	testdb_teardown();
}

TEST_MAIN({"setup", setup}, {"delay table", test_delay_table},
          {"throttle per pair", test_throttle_pair},
          {"throttle per account and per address", test_throttle_account_and_address},
          {"reset links", test_reset_links}, {"second factor", test_second_factor},
          {"login challenges", test_challenges}, {"teardown", teardown})
