/*
 * Pushing a period's figures to DHIS2 (push.c): POST /api/dataValueSets
 * with `Authorization: ApiToken <token>` and the content type of the
 * body (application/json, or application/adx+xml), then the import
 * summary read back: imported, updated, ignored, deleted and each
 * conflict.  No answer, a timeout or a 5xx is tried again (up to
 * DHIS2_TRIES times, 1, 2, 4 s apart); a 409 or any conflict fails and
 * names each one.  The token is never logged or printed.
 */
#ifndef REPORTGW_DHIS2_H
#define REPORTGW_DHIS2_H

#include <stdio.h>

#include "conf.h"
#include "report.h"
#include "store.h"

#define DHIS2_TRIES	4
#define DHIS2_CONFLICTS_MAX 50	/* conflicts kept for the summary */

enum dhis2_status {
	DHIS2_OK,
	DHIS2_TEMPORARY,	/* no answer, timeout, 5xx: try later */
	DHIS2_REFUSED		/* 4xx, 409, a conflict: not as it is */
};

struct dhis2_result {
	enum dhis2_status status;
	long	 http_status;	/* of the last answer, 0: none */
	int	 tries;
	long	 imported, updated, ignored, deleted;
	long	 values;	/* data values sent */
	char	*conflicts;	/* one "object: value" a line, or NULL */
	long	 nconflicts;
	char	*skipped;	/* figures left out, one a line, or NULL */
	char	 error[512];	/* why, when not OK */
	int	 dry_run;
	char	 period[16];
};

/*
 * Builds the figures of the period for the whole area and posts them
 * (adx: as ADX XML; dry_run: DHIS2 checks them and stores nothing).
 */
enum dhis2_status dhis2_push(struct store *, const struct conf *,
	    const struct report_period *, int adx, int dry_run,
	    struct dhis2_result *);
/* The summary, as `reportgw push` prints it. */
void	dhis2_result_print(const struct dhis2_result *, FILE *);
void	dhis2_result_free(struct dhis2_result *);

/*
 * Reads an import summary (DHIS2 2.38+ wraps it in "response"; older
 * ones answer it bare) into res.  -1 when the body is not one.
 */
int	dhis2_read_summary(const char *body, struct dhis2_result *);

#endif
