/*
 * The daily digest: what happened to which children where, which villages
 * went silent, and whether the gateway is healthy, for one local day and
 * one recipient group.  Collected from the store, rendered as plain text,
 * HTML (tables and inline CSS, readable on a phone) and CSV (UTF-8 with a
 * BOM).  Every word comes from labels.conf and the code book.
 */
#ifndef REPORTGW_DIGEST_H
#define REPORTGW_DIGEST_H

#include <stddef.h>
#include <time.h>

#include "conf.h"
#include "store.h"

#define DIGEST_BODY_MAX	(4 * 1024 * 1024)	/* bytes of one rendering */

struct digest;

/*
 * Collects the digest of `day` ("YYYY-MM-DD", local) for a group.
 * Returns NULL on a database error (logged).  Free with digest_free().
 */
struct digest	*digest_build(struct store *, const struct conf *,
		    const struct conf_digest_group *, const char *day);
void		 digest_free(struct digest *);

/* Renderings; each returns an allocated string (free it). */
char	*digest_subject(const struct digest *);
char	*digest_text(const struct digest *);
char	*digest_html(const struct digest *);
char	*digest_csv(const struct digest *);

struct buf;
/* "1 trẻ gái 9 tuổi" into who, outcome and flags into what, in labels. */
void	digest_describe(const struct conf *, const char *details_json,
	    struct buf *who, struct buf *what);

/* Counts for tests and logs. */
size_t	digest_reports(const struct digest *);

/* "YYYY-MM-DD" of the local day holding t. */
void	digest_day_of(time_t t, char out[16]);
/* Local midnight starting the day "YYYY-MM-DD"; -1 on a bad day. */
time_t	digest_day_start(const char *day);

#endif
