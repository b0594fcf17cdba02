/*
 * Shared by the unit tests: cmocka with the headers it needs on Debian 12,
 * and the built-in default config (sample areas and code book).
 */
#ifndef REPORTGW_TESTUTIL_H
#define REPORTGW_TESTUTIL_H

#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf.h"
#include "period.h"
#include "sms.h"

static inline struct conf *
default_conf(void)
{
	struct conf	*c = NULL;
	char		*err = NULL;

	if (conf_load_string(conf_embedded_default, "default", NULL, &c,
	    &err) == -1)
		fail_msg("default config: %s", err);
	return c;
}

static inline struct local_time
lt(int y, int mo, int d, int h, int mi)
{
	struct local_time t = { y, mo, d, h, mi };

	return t;
}

/* Parses text at 2026-11-28 09:00 local time. */
static inline enum sms_error
parse_at(const struct conf *c, const char *text, struct sms_result *r)
{
	struct local_time at = lt(2026, 11, 28, 9, 0);

	return sms_parse(c->codebook, text, strlen(text), &at, r);
}

/*
 * A database in a new temporary folder: dir gets /tmp/NAME.XXXXXX made,
 * path dir/r.db.  -1 when the folder cannot be made.
 */
static inline int
temp_db_make(char *dir, size_t dirsz, char *path, size_t pathsz,
    const char *name)
{
	snprintf(dir, dirsz, "/tmp/%s.XXXXXX", name);
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, pathsz, "%s/r.db", dir);
	return 0;
}

/* Removes the database, its -wal and -shm, and the folder. */
static inline void
temp_db_remove(const char *dir, const char *path)
{
	char p[256];

	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	unlink(path);
	rmdir(dir);
}

#endif
