/*
 * What the files of the digest share: the collected digest (collect.c)
 * and the words shared by its renderings (words.c).  render.c writes the
 * text and HTML versions, csv.c the attachment.
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
	struct case_row			*cases;		/* open at the end */
	size_t				 ncases;	/* (cases.c) */
	time_t				 cases_at;
};

/* The day's figures of the headline. */
struct dg_counts {
	long incidents, urgent, coverage, zero, silent, total_villages;
};

/* collect.c */
int		 dg_in_group(const struct conf_digest_group *,
		    const char *commune);

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
		    char nums[6][24], char *date, const char **vars);

#endif
