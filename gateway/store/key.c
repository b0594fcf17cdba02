/*
 * The database's key for text digests: made at the first write, replaced
 * by store_purge_raw.  Read again at each write transaction, so a purge
 * run by another process is seen at once.
 */
#include <stdint.h>

#include "store_int.h"

/* -1 when it cannot be had. */
int
store_key_load(struct store *s)
{
	sqlite3_stmt	*q;
	char		 hex[2 * crypto_shorthash_KEYBYTES + 1];
	size_t		 n = 0;
	int		 rc;

	if ((q = store_stmt(s, S_KEY_GET,
	    "SELECT value FROM meta WHERE key = 'inbox_key'")) == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(q, 0) ==
	    (int)sizeof(hex) - 1 && sodium_hex2bin(s->key, sizeof(s->key),
	    (const char *)sqlite3_column_text(q, 0), sizeof(hex) - 1, NULL,
	    &n, NULL) == 0 && n == sizeof(s->key)) {
		sqlite3_reset(q);
		s->keyed = 1;
		return 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_warn(s, "inbox key");
		return -1;
	}
	if (sqlite3_get_autocommit(s->db))
		return -1;	/* made by the next write transaction */
	return store_key_new(s);
}

/* Makes and stores a new key (inside a write transaction). */
int
store_key_new(struct store *s)
{
	sqlite3_stmt	*q;
	char		 hex[2 * crypto_shorthash_KEYBYTES + 1];

	if ((q = store_stmt(s, S_KEY_SET,
	    "INSERT INTO meta (key, value) VALUES ('inbox_key', ?)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) == NULL)
		return -1;
	crypto_shorthash_keygen(s->key);
	sodium_bin2hex(hex, sizeof(hex), s->key, sizeof(s->key));
	sqlite3_bind_text(q, 1, hex, -1, SQLITE_TRANSIENT);
	sodium_memzero(hex, sizeof(hex));
	if (store_run(s, q) == -1)
		return -1;
	s->keyed = 1;
	return 0;
}

/*
 * A keyed 64-bit hash of a text (SipHash-2-4), as a signed SQLite
 * integer: it finds identical texts for the loop check without letting
 * anyone who reads the file confirm a guessed text once the key is gone.
 */
sqlite3_int64
store_text_digest(struct store *s, const char *text, size_t len)
{
	unsigned char	h[crypto_shorthash_BYTES];
	uint64_t	v = 0;
	size_t		i;

	if (!s->keyed && store_key_load(s) == -1)
		return 0;	/* no key yet: nothing to find either */
	crypto_shorthash(h, (const unsigned char *)text, len, s->key);
	for (i = 0; i < sizeof(h); i++)
		v = v << 8 | h[i];
	return (sqlite3_int64)(v >> 1) | 1;	/* never 0: purged rows */
}

/*
 * A new digest key, and the texts of the loop check's window (the last
 * two days) hashed with it; the old key is overwritten in the file
 * (secure_delete).
 */
int
store_key_rotate(struct store *s, time_t now)
{
	sqlite3_stmt	*sel, *upd;
	sqlite3_int64	 last = 0;
	int		 rc, rows;

	if (store_begin(s) == -1)
		return -1;
	if (store_key_new(s) == -1)
		goto fail;
	if ((sel = store_stmt(s, S_REHASH_SELECT,
	    "SELECT id, text FROM inbox WHERE received_at >= ? AND id > ?"
	    " AND text IS NOT NULL ORDER BY id LIMIT 1000")) == NULL ||
	    (upd = store_stmt(s, S_REHASH_UPDATE,
	    "UPDATE inbox SET digest = ? WHERE id = ?")) == NULL)
		goto fail;
	do {
		rows = 0;
		sqlite3_bind_int64(sel, 1, now - 2 * 86400);
		sqlite3_bind_int64(sel, 2, last);
		while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
			last = sqlite3_column_int64(sel, 0);
			sqlite3_bind_int64(upd, 1, store_text_digest(s,
			    sqlite3_column_blob(sel, 1),
			    (size_t)sqlite3_column_bytes(sel, 1)));
			sqlite3_bind_int64(upd, 2, last);
			if (store_run(s, upd) == -1) {
				sqlite3_reset(sel);
				goto fail;
			}
			rows++;
		}
		sqlite3_reset(sel);
		if (rc != SQLITE_DONE) {
			store_warn(s, "rehash");
			goto fail;
		}
	} while (rows > 0);
	return store_commit(s);
fail:
	store_rollback(s);
	return -1;
}
