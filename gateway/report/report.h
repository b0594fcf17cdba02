/*
 * Periodic reports: for a week, month, quarter or year and an area (the
 * whole area, a commune, a digest group), what happened to which children
 * where (incidents by code, sex, age band and outcome), the cases (opened,
 * acknowledged and closed with the median times, overdue at the end), the
 * coverage figures against their targets, the weekly completeness, the
 * active and silent reporters, and the change against the period before.
 * Only active reports count: cancelled and superseded ones do not.
 *
 * One collection (collect.c, typed rows from gateway/store/period.c;
 * cases.c, from gateway/store/cases.c) and
 * one file per output: csv.c (UTF-8 with a BOM, through the one CSV cell
 * writer), html.c (with charts, everything escaped), xlsx.c
 * (libxlsxwriter, a sheet per section), dhis2.c (dataValueSets JSON and
 * ADX XML), push.c (to a DHIS2 instance), mail.c (the scheduled e-mail).
 * Every word comes from labels.conf (report_labels.h) and the code book.
 */
#ifndef REPORTGW_REPORT_H
#define REPORTGW_REPORT_H

#include <stddef.h>
#include <time.h>

#include "conf.h"
#include "store.h"

#define REPORT_BODY_MAX	(16 * 1024 * 1024)	/* bytes of one rendering */

enum report_unit {
	REPORT_WEEK,
	REPORT_MONTH,
	REPORT_QUARTER,
	REPORT_YEAR
};

struct report_period {
	enum report_unit	unit;
	int			year;	/* ISO week-numbering year for weeks */
	int			num;	/* week, month, quarter; 1 for a year */
};

/* "2026-W48", "2026-11", "2026-Q4", "2026".  0, or -1. */
int	report_period_parse(const char *, struct report_period *);
/* The same texts back (out: at least 16 bytes). */
void	report_period_format(const struct report_period *, char *out);
/* The period before. */
struct report_period report_period_prev(struct report_period);
/* The period of that unit holding the day (days since 1970-01-01). */
struct report_period report_period_of(enum report_unit, long day);
/* First day, and the day after the last (days since 1970-01-01). */
long	report_period_first(const struct report_period *);
long	report_period_end(const struct report_period *);

struct report;

/*
 * Collects the report of a period for an area: g names it and lists its
 * communes ("*" for all).  NULL on a database error (logged).
 */
struct report	*report_build(struct store *, const struct conf *,
		    const struct conf_digest_group *g,
		    const struct report_period *);
void		 report_free(struct report *);

/* How the HTML shows its charts. */
enum report_charts {
	REPORT_CHARTS_NONE,	/* the tables only */
	REPORT_CHARTS_SVG,	/* inline SVG (a page, the web console) */
	REPORT_CHARTS_CID	/* <img src="cid:chartN@reportgw"> (e-mail) */
};

/* Renderings, each an allocated string (free it). */
char	*report_subject(const struct report *);
char	*report_text(const struct report *);	/* plain text for e-mail */
char	*report_csv(const struct report *);
char	*report_html(const struct report *, enum report_charts);
/* The XLSX workbook written to path; 0, or -1 with err set. */
int	 report_xlsx(const struct report *, const char *path, char *err,
	    size_t errsize);

/* The charts of a report as PNG or SVG images (chart/). */
struct report_image {
	char		 cid[64];	/* "chart1@reportgw" */
	char		 name[32];	/* "chart1.png" */
	unsigned char	*data;
	size_t		 len;
};
/* PNG images of the report's charts, in the order report_html(CID)
 * names them; *n gets the count.  Free with report_images_free(). */
struct report_image *report_images(const struct report *, size_t *n);
void	report_images_free(struct report_image *, size_t n);

/*
 * DHIS2: the figures of the org units named in dhis2.org_units as a
 * dataValueSets JSON document, or as ADX XML.  Figures without a data
 * element or combo are left out, each named in *skipped (allocated text,
 * one line each; may be NULL).
 */
char	*report_dhis2_json(const struct report *, char **skipped);
char	*report_adx(const struct report *, time_t exported, char **skipped);

#endif
