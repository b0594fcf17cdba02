/*
 * The daily digest: what needs a person today (urgent reports, open
 * cases, villages to call), a summary per commune with twelve weeks of
 * incidents, the coverage figures against their targets, and counts of
 * what went wrong, for one local day and one recipient group.  Collected
 * from the store, rendered as plain text, HTML (inline CSS, the size of a
 * phone's screen: no sideways scrolling) and CSV (UTF-8 with a BOM),
 * which holds every full list.  Every word comes from labels.conf and the
 * code book.
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

/* Renderings; each returns an allocated string (free it).  digest_html
 * draws its chart inline (SVG: a page); digest_html_mail names it as
 * <img src="cid:..."> of the image digest_images() gives. */
char	*digest_subject(const struct digest *);
char	*digest_text(const struct digest *);
char	*digest_html(const struct digest *);
char	*digest_html_mail(const struct digest *);
char	*digest_csv(const struct digest *);

/* The inline images of digest_html_mail (PNG). */
#define DIGEST_CHART_CID	"weeks@reportgw"
struct digest_image {
	char		 cid[64];	/* "weeks@reportgw" */
	char		 name[32];	/* "weeks.png" */
	unsigned char	*data;
	size_t		 len;
};
struct digest_image *digest_images(const struct digest *, size_t *n);
void	digest_images_free(struct digest_image *, size_t n);

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
