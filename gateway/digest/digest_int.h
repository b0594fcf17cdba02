/*
 * What the files of the digest share: the collected digest (collect.c)
 * and the words shared by its renderings (words.c).  render.c writes the
 * text and HTML versions, csv.c the attachment; review.c (messages to
 * call back, implausible ages) and people.c (reporters who need support)
 * collect and write sections of their own through render.c's emitter.
 */
#ifndef REPORTGW_DIGEST_INT_H
#define REPORTGW_DIGEST_INT_H

#include <jansson.h>

#include "buf.h"
#include "digest.h"
#include "period.h"

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

/* Reporters who need a supervisor's call (people.c). */
struct dg_people {
	struct silent_reporter	*silent;	/* longest silent first */
	size_t			 nsilent;	/* shown by name */
	size_t			 silent_total;	/* of the group */
	struct rejected_sender	*rejected;	/* most rejected first */
	size_t			 nrejected;
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
	struct buf			 quality;	/* text lines */
	long				 rejected, unauth_msgs, unauth_numbers;
	long				 out_failed, out_unknown, pending;
	time_t				 last_poll;
	struct buf			 troubles;	/* earlier digest days */
	struct dg_review_texts		 review_texts;
	struct dg_people		 people;
	struct case_row			*cases;		/* open at the end */
	size_t				 ncases;	/* (cases.c) */
	time_t				 cases_at;
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

/* words.c: which reports a section shows and counts */
int		 dg_is_incident(const struct report_row *);	/* active */
int		 dg_is_alert(const struct report_row *);	/* active alert */
int		 dg_is_review(const struct report_row *);	/* to call back */
int		 dg_is_implausible(const struct report_row *);	/* active */
/* cases.c: the open cases of the group, overdue first, then oldest. */
int		 dg_collect_cases(struct digest *);
/* One open case in words; *overdue tells whether it is. */
void		 dg_case_line(const struct digest *, const struct case_row *,
		    struct buf *, int *overdue);

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

/* render.c: the emitter, for the sections of other files */
struct out;
const struct digest *dg_out_digest(const struct out *);
void		 dg_section(struct out *, const char *label,
		    const char *const *vars);
void		 dg_para(struct out *, const char *, const char *style);
void		 dg_table_open(struct out *);
void		 dg_table_close(struct out *);
/* Row i of rows as an incident (with its village and commune). */
void		 dg_incident(struct out *, const struct rows *, size_t i);

/* review.c */
int		 dg_collect_review(struct digest *);
void		 dg_free_review(struct digest *);
void		 dg_reviews(struct out *);	/* head of the urgent section */
void		 dg_implausible(struct out *);	/* in the data quality one */

/* health.c */
void		 dg_sec_health(struct out *);

/* people.c */
int		 dg_collect_people(struct digest *);
void		 dg_free_people(struct digest *);
void		 dg_sec_people(struct out *);

#endif
