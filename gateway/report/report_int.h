/*
 * What the files of the periodic report share: the collected report
 * (collect.c, with cases.c's cases), its periods (period.c), its sections
 * as typed tables (tables.c, read by csv.c, html.c and xlsx.c) and its
 * words (words.c).
 */
#ifndef REPORTGW_REPORT_INT_H
#define REPORTGW_REPORT_INT_H

#include <stdint.h>

#include "bands.h"
#include "buf.h"
#include "period.h"
#include "phone.h"
#include "report.h"

#define RP_BAND_COUNT(n, lo, hi)	+1
#define RP_NAGES	(0 REPORT_AGE_BANDS(RP_BAND_COUNT))
#define RP_NBANDS	(RP_NAGES + 1)	/* the bands, then "unknown" */
#define RP_SEX_COUNT(code, label)	+1
#define RP_NSEX		(0 REPORT_SEXES(RP_SEX_COUNT))
#define RP_MAX_WEEKS	54	/* ISO weeks in a year, and a spare */
#define RP_CHART_WEEKS	12
#define RP_CHART_MONTHS	12
#define RP_AREA		(-1)	/* commune index of the area's totals */
#define RP_TOTAL	(-1)	/* village index of a commune's total */

/* Incidents of one village (or total), code, sex and outcome. */
struct rp_line {
	int	commune, village;	/* conf indexes, or RP_AREA/RP_TOTAL */
	int	code;			/* codebook index */
	int	sex;			/* REPORT_SEXES index */
	int	outcome;		/* outcome value index, -1 none */
	long	band[RP_NBANDS];	/* children */
	long	children, reports;
};

/* Coverage: a village's (or a total's) figures of a code and period. */
struct rp_figure {
	int	commune, village;
	int	code;
	char	period[16];
	long	values[CB_MAX_NUMBERS];
	int	villages;		/* villages whose figures are in it */
};

/* The cases of a commune or the area (cases.c): opened in the period,
 * of those acknowledged and closed by its end with the median time, and
 * those open at its end. */
struct rp_cases {
	long	opened, acked, closed, open_end, overdue;
	double	ack_hours, close_days;	/* medians; -1: none */
};

/* A village, a commune's total or the area's. */
struct rp_place {
	int		commune, village;
	long		reports, children, alerts;
	long		prev_reports, prev_children;
	int		weeks_done, prev_weeks_done;	/* village-weeks */
	int		villages;
	int		active, silent;			/* reporters */
	uint64_t	done, prev_done;		/* weeks, a village's */
	int		in_area;
	struct rp_cases	cases;				/* communes, area */
};

struct rp_reporter {
	char	phone[PHONE_MAX];
	char	name[STORE_NAME_MAX];
	int	commune, village;	/* village -1: commune level */
	long	reports;
	time_t	last;
};

struct rp_week {
	char	text[16];	/* "2026-W48" */
	long	first;		/* its Monday, days since 1970-01-01 */
	time_t	from, until;
};

/* A coverage code's ratio over the area, month by month (charts). */
struct rp_trend {
	int	code;
	long	num[RP_CHART_MONTHS], den[RP_CHART_MONTHS];
};

struct report {
	struct store			*store;
	const struct conf		*conf;
	const struct conf_digest_group	*group;
	struct report_period		 period, prev;
	char				 ptext[16], prev_text[16];
	time_t				 from, until, prev_from;
	int				 outcome_vocab;	/* or -1 */
	struct rp_line			*lines;
	size_t				 nlines;
	struct rp_figure		*figures;
	size_t				 nfigures;
	struct rp_place			*villages;	/* per conf village */
	struct rp_place			*communes;	/* per conf commune */
	struct rp_place			 area;
	struct rp_reporter		*reporters;
	size_t				 nreporters;
	struct rp_week			 weeks[RP_MAX_WEEKS];
	int				 nweeks;
	struct rp_week			 prev_weeks[RP_MAX_WEEKS];
	int				 nprev_weeks;
	/* charts */
	struct rp_week			 cweeks[RP_CHART_WEEKS];
	long				*commune_weeks;	/* [commune][week] */
	long				 alert_weeks[RP_CHART_WEEKS];
	char				 months[RP_CHART_MONTHS][16];
	struct rp_trend			*trends;
	size_t				 ntrends;
};

/* ---- cases.c: the cases of each commune and the area; 0 or -1 ---- */
int	rp_collect_cases(struct report *);

/* ---- tables.c: the sections as typed tables ---- */

enum rp_cell_type {
	RC_EMPTY,
	RC_TEXT,
	RC_INT,
	RC_PERCENT,	/* d, in percent, one decimal */
	RC_DECIMAL	/* d, one decimal (hours, days) */
};

struct rp_cell {
	enum rp_cell_type	 type;
	long			 n;
	double			 d;
	char			*s;
};

struct rp_table {
	const char	*sheet;		/* label of its sheet */
	char		*title;
	int		 ncols;
	char		**cols;		/* its columns' titles */
	struct rp_cell	*cells;		/* nrows * ncols */
	size_t		 nrows;
	int		 chart;		/* a chart's figures: 0, or 1 + index */
};

struct rp_tables {
	struct rp_table	*v;
	size_t		 n;
};

void	rp_tables_build(const struct report *, struct rp_tables *);
void	rp_tables_free(struct rp_tables *);

/* ---- charts.c: the charts of a report, 1 (incidents by commune), 2
 * (alert reports), 3... (each monthly coverage code with a target) ---- */
struct chart;
int		 rp_nchart(const struct report *);
/* Fills the chart (free with rp_chart_free); -1 for no such chart. */
int		 rp_chart(const struct report *, int index, struct chart *);
void		 rp_chart_free(struct chart *);
/* Its text equivalent, from labels.conf (allocated). */
char		*rp_chart_alt(const struct report *, int index);

/* ---- words.c ---- */
const char	*rp_label(const struct report *, const char *name);
const char	*rp_sex_code(int sex);
const char	*rp_sex_label(const struct report *, int sex);
const char	*rp_band_name(int band);	/* "0_4", "unknown" */
const char	*rp_band_label(const struct report *, int band);
const char	*rp_area_name(const struct report *);
const char	*rp_period_kind(const struct report *);
void		 rp_day_text(long day, char out[16]);
/* {area} {period} {period_kind} {from} {to} {reports} ... into vars. */
void		 rp_vars(const struct report *, char nums[8][32],
		    const char **vars);
/* The ratio of a figure in percent, or -1 without a ratio or base. */
double		 rp_ratio(const struct report *, const struct rp_figure *);
double		 rp_pct(long num, long den);

#endif
