/*
 * Small keyed values: the providers' cursors and the gateway's health
 * (last poll, its error) in meta.
 */
#include <time.h>

#include "store_int.h"

static int
get_value(struct store *s, sqlite3_stmt *q, const char *key, char *out,
    size_t size)
{
	int rc;

	out[0] = '\0';
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		store_copy_col(q, 0, out, size);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_warn(s, key);
		return -1;
	}
	return 0;
}

int
store_cursor_get(struct store *s, const char *provider, char *out,
    size_t size)
{
	return get_value(s, store_stmt(s, S_CURSOR_GET,
	    "SELECT value FROM cursors WHERE provider = ?"), provider, out,
	    size);
}

int
store_cursor_set(struct store *s, const char *provider, const char *value)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_CURSOR_SET,
	    "INSERT INTO cursors (provider, value, updated_at) VALUES (?,?,?)"
	    " ON CONFLICT (provider) DO UPDATE SET value = excluded.value,"
	    " updated_at = excluded.updated_at")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, time(NULL));
	return store_run(s, q);
}

int
store_meta_get(struct store *s, const char *key, char *out, size_t size)
{
	return get_value(s, store_stmt(s, S_META_GET,
	    "SELECT value FROM meta WHERE key = ?"), key, out, size);
}

int
store_meta_set(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *q;

	if ((q = store_stmt(s, S_META_SET,
	    "INSERT INTO meta (key, value) VALUES (?,?) ON CONFLICT (key)"
	    " DO UPDATE SET value = excluded.value")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
	return store_run(s, q);
}
