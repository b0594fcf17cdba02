/*
 * What the files of the digest share: the collected digest (collect.c,
 * with trend.c's twelve weeks, cases.c's open cases, review.c's texts and
 * people.c's reporters who need support) and the words shared by its
 * renderings (words.c).  render.c writes the text and HTML versions
 * through an emitter, sections.c and the files above their sections of
 * it, csv.c the attachment with every full list.
 *
 * The e-mail is read on a phone: it shows what needs a person today
 * (the urgent reports, the open cases, the villages to call), a summary
 * per commune with its trend, and counts; every list behind a count is a
 * section of the CSV, and the e-mail says so.
 */
#ifndef REPORTGW_DIGEST_INT_H
#define REPORTGW_DIGEST_INT_H

#include <jansson.h>

#include "buf.h"
#include "digest.h"
#include "period.h"

#define DG_WEEKS	12	/* the trend's weeks, the digest's the last */
#define DG_URGENT_SHOWN	30	/* reports listed as urgent; more: the CSV */
#define DG_CASES_SHOWN	10	/* earlier open cases listed */
#define DG_SILENT_SHOWN	40	/* silent villages named */
#define DG_LIST_MAX	10000	/* rows of one list of the CSV */
#define DG_LINES_MAX	6	/* communes drawn one line each, else the
				   group's total */
#define PEOPLE_SILENT_DAYS	14	/* silent: nothing for this long */
#define PEOPLE_REJECTED_DAYS	14	/* window of the rejected messages */
#define PEOPLE_LOOKBACK_DAYS	60	/* how far back the last message is */

/* Report rows, with their details parsed (an object, maybe empty). */
struct rows {
	struct report_view	 *v;
	json_t			**details;
	size_t			  n;
};

/* The latest figure of a village for a coverage code with a ratio. */
struct latest {
	const struct conf_village	*village;
	const struct cb_code		*code;
	char				 period[STORE_CODE_MAX];
	long				 num, den;
};

/* The texts of the day's reports with status 'review' (review.c). */
struct dg_review_texts {
	int64_t		*id;
	char		**text;		/* "" once purged */
	size_t		  n;
};

/* Reporters who need a supervisor's call (people.c), as of the end of
 * the day: every one of the group, up to DG_LIST_MAX. */
struct dg_people {
	struct silent_reporter	*silent;	/* longest silent first */
	size_t			 nsilent;
	struct rejected_sender	*rejected;	/* most rejected first */
	size_t			 nrejected;
};

/* One week of the trend: [from, until), until the end of the day for the
 * digest's own week. */
struct dg_week {
	time_t	from, until;
	char	label[8];	/* "23/11", its Monday */
};

struct dg_trend {
	struct dg_week	 weeks[DG_WEEKS];
	long		*n;		/* [conf commune * DG_WEEKS + week] */
};

struct digest {
	struct store			*store;
	const struct conf		*conf;
	const struct conf_digest_group	*group;
	char				 day[16];
	time_t				 from, until;
	struct period			 week;
	struct rows			 reports;	/* of the day */
	struct rows			 changes;	/* cancelled, corrected */
	char				*reported;	/* per village: 0/1 */
	struct latest			*latest;
	size_t				 nlatest;
	struct rejected_sender		*day_rejected;	/* the day's senders */
	size_t				 nday_rejected;
	long				 rejected, unauth_msgs, unauth_numbers;
	long				 out_failed, out_unknown, pending;
	time_t				 last_poll;
	struct buf			 troubles;	/* earlier digest days */
	struct dg_review_texts		 review_texts;
	struct dg_people		 people;
	struct case_row			*cases;		/* open at the end */
	size_t				 ncases;	/* (cases.c) */
	time_t				 cases_at;
	int64_t				*shown;		/* reports listed as */
	size_t				 nshown;	/* urgent, by id */
	struct dg_trend			 trend;
};

/* The day's figures of the headline; every section counts by the same
 * predicates (words.c), so the sections add up to the headline. */
struct dg_counts {
	long incidents, urgent, review, coverage, zero, silent, total_villages;
};

/* The headline's variables: numbers and name/value pairs (dg_head_vars). */
#define DG_HEAD_NUMS	7
#define DG_HEAD_VARS	(2 * (DG_HEAD_NUMS + 2) + 1)

/* collect.c */
int		 dg_in_group(const struct conf_digest_group *,
		    const char *commune);
/* Whether report id is listed in the urgent section. */
int		 dg_is_shown(const struct digest *, int64_t id);

/* words.c: which reports a section shows and counts */
int		 dg_is_incident(const struct report_row *);	/* active */
int		 dg_is_alert(const struct report_row *);	/* active alert */
int		 dg_is_review(const struct report_row *);	/* to call back */
int		 dg_is_implausible(const struct report_row *);	/* active */

/* cases.c: the open cases of the group, overdue first, then oldest. */
int		 dg_collect_cases(struct digest *);
int		 dg_case_overdue(const struct digest *, const struct case_row *);
/* The case following report id, or NULL. */
const struct case_row *dg_case_of(const struct digest *, int64_t report_id);
/* One open case in words; *overdue tells whether it is. */
void		 dg_case_line(const struct digest *, const struct case_row *,
		    struct buf *, int *overdue);
/* Its state in words: "chưa ai nhận", "X đã nhận, đã báo cấp trên". */
void		 dg_case_status(const struct digest *, const struct case_row *,
		    struct buf *);

/* words.c */
const char	*dg_label(const struct digest *, const char *name);
const char	*dg_title(const struct digest *, const char *code);
const char	*dg_village_name(const struct digest *, const char *code);
const char	*dg_commune_name(const struct digest *, const char *code);
void		 dg_hhmm(time_t, char out[8]);
void		 dg_child(const struct digest *, json_t *det, struct buf *);
void		 dg_details(const struct digest *, json_t *det, struct buf *);
void		 dg_figures(const struct digest *, json_t *det, struct buf *);
int		 dg_percent(long num, long den);
void		 dg_count(const struct digest *, struct dg_counts *);
/* The variables of the subject, title and headline templates. */
void		 dg_head_vars(const struct digest *, const struct dg_counts *,
		    char nums[DG_HEAD_NUMS][24], char *date, const char **vars);
/* A label with name/value pairs appended to b. */
void		 dg_template(const struct digest *, struct buf *,
		    const char *label, const char *const *vars);

/* render.c: the emitter, for the sections of other files */
struct out;

/* A bar: a value against a target, with its words. */
struct dg_bar {
	const char	*name;		/* what is measured */
	int		 percent;	/* the bar's length, 0-100 and over */
	int		 target;	/* its mark, in percent */
	int		 met;
	const char	*words;		/* the figure, target and verdict */
};

const struct digest *dg_out_digest(const struct out *);
void		 dg_section(struct out *, const char *label,
		    const char *const *vars);
void		 dg_para(struct out *, const char *, const char *style);
/* A label with name/value pairs as one paragraph. */
void		 dg_line(struct out *, const char *label,
		    const char *const *vars, const char *style);
/* A paragraph with a name in bold before its text ("name: text"), and a
 * smaller line under it (or NULL). */
void		 dg_named(struct out *, const char *name, const char *text,
		    const char *small);
void		 dg_bar(struct out *, const struct dg_bar *);
/* Opens (1) or closes (0) the frame of the urgent reports. */
void		 dg_alarm(struct out *, int open);
/* The trend chart (trend.c draws it) and its text equivalent. */
void		 dg_chart(struct out *, const char *alt);
/* Row i of rows as an urgent incident, with its case's state. */
void		 dg_incident(struct out *, const struct rows *, size_t i);

/* sections.c: the sections of render.c's list */
void		 dg_sec_urgent(struct out *);
void		 dg_sec_communes(struct out *);
void		 dg_sec_latest(struct out *);
void		 dg_sec_silent(struct out *);
void		 dg_sec_quality(struct out *);

/* review.c */
int		 dg_collect_review(struct digest *);
void		 dg_free_review(struct digest *);
void		 dg_reviews(struct out *, size_t max);	/* head of urgent */
long		 dg_implausible_count(const struct digest *);

/* cases.c */
void		 dg_sec_cases(struct out *);

/* health.c */
void		 dg_sec_health(struct out *);

/* people.c */
int		 dg_collect_people(struct digest *);
void		 dg_free_people(struct digest *);

/* trend.c: twelve weeks of incidents per commune, and their chart */
int		 dg_collect_trend(struct digest *);
void		 dg_free_trend(struct digest *);
/* The communes drawn: the group's, or none (the total) when too many. */
int		 dg_trend_lines(const struct digest *);
/* The chart as PNG (allocated; *len), or SVG text (allocated); NULL. */
unsigned char	*dg_trend_png(const struct digest *, size_t *len);
char		*dg_trend_svg(const struct digest *);
/* "12 tuần (07/09–23/11): 0, 1, ..." of a commune (NULL: the group). */
void		 dg_trend_words(const struct digest *, const char *commune,
		    struct buf *);
/* Its text equivalent (the chart's alt text). */
void		 dg_trend_alt(const struct digest *, struct buf *);

#endif
