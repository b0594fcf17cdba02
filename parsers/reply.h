/*
 * Reply rendering.  Every reply is one plain GSM-7 SMS of at most 160
 * characters: the renderer folds and truncates, so an operator's template
 * or a reporter's note can never make a reply cost two messages.  Pure.
 */
#ifndef REPORTGW_REPLY_H
#define REPORTGW_REPLY_H

#include <stddef.h>

#include "codebook.h"
#include "sms.h"

#define REPLY_MAX	160		/* characters, one GSM-7 SMS */
#define REPLY_SIZE	(REPLY_MAX + 1)

struct reply_var {
	const char	*name;
	const char	*value;
};

/* What the engine does not know but the reply names. */
struct reply_ctx {
	long		 ref;		/* the stored report's number */
	const char	*village;	/* the sender's village code, or NULL */
	long		 week[3];	/* TT: incidents, coverage, zero; -1: ? */
	const struct period *week_period;	/* TT: the week, or NULL */
};

/*
 * Renders the reply to a parsed message into out.  Returns its length
 * (at most REPLY_MAX).
 */
size_t	reply_render(const struct codebook *, const struct sms_result *,
	    const struct reply_ctx *, char out[REPLY_SIZE]);

/*
 * The same, knowing when the message came (`at`: weeks are "tuan nay",
 * "tuan truoc (23-29/11)"; NULL: by their dates) and, for a message of
 * several reports (nmore > 0), the number each was stored as, the report
 * first (`refs`, 1 + nmore of them; NULL: only the first is named).
 */
size_t	reply_render_at(const struct codebook *, const struct sms_result *,
	    const struct reply_ctx *, const struct local_time *at,
	    const long *refs, char out[REPLY_SIZE]);

/*
 * Renders template `which` with variables {name}; unknown placeholders
 * render as nothing.  Returns the length (at most REPLY_MAX).
 */
size_t	reply_format(const struct codebook *, enum cb_reply which,
	    const struct reply_var *, size_t nvars, char out[REPLY_SIZE]);

/*
 * Expands {name} placeholders of tmpl into out (outsz bytes, truncated);
 * unknown placeholders expand to nothing.  No folding or fitting.
 */
void	reply_expand(const char *tmpl, const struct reply_var *,
	    size_t nvars, char *out, size_t outsz);

/*
 * A one-line summary of a report in words ("BL bao luc, 1 tre gai 9
 * tuoi"), not yet folded; truncated to outsz.
 */
void	reply_summary(const struct codebook *, const struct sms_report *,
	    char *out, size_t outsz);

/*
 * A period for people: "thang 11/2026", "quy 4/2026"; a week by its days
 * with the this_week, last_week and week templates: "tuan nay", "tuan
 * truoc (23-29/11)", "tuan 16-22/11" relative to `at` (the year is added
 * when it is not at's), or "tuan 16-22/11/2026" when at is NULL.
 */
void	reply_period_at(const struct codebook *, const struct period *,
	    const struct local_time *at, char *out, size_t outsz);
/* The same without a reference time. */
void	reply_period(const struct codebook *, const struct period *,
	    char *out, size_t outsz);

/*
 * The reply to several reports of one message ({refs}: "#12 BL, #13
 * DN"): reps[k] stored as number refs[k].  Returns the length.
 */
size_t	reply_multi(const struct codebook *, const struct sms_report *const
	    reps[], const long refs[], size_t n, const char *village,
	    char out[REPLY_SIZE]);

/* An age in months for people: "18 tuoi", "7 thang" (age_unit labels). */
void	reply_age(const struct codebook *, long months, char *out,
	    size_t outsz);

/* The codes offered for an unknown word: "BL", "BL hoac BM", or "". */
void	reply_suggestions(const struct codebook *, const char *word,
	    char *out, size_t outsz);

/*
 * The reply to a help request (parsers/reply_help.c): without a code, the
 * codes with their names, page by page (page 0 or 1 is the first); with a
 * code that has a first-word choice (HC <group>), that choice's values
 * and their labels, page by page; with another code, its template.
 * Returns the length.
 */
size_t	reply_help(const struct codebook *, const struct cb_code *about,
	    long page, char out[REPLY_SIZE]);

/* For reply_help: renders template tmpl with vars, folded and fitted. */
size_t	reply_render_tmpl(const char *tmpl, const struct reply_var *,
	    size_t nvars, char out[REPLY_SIZE]);
/* The length tmpl with vars would have, folded, before any cut. */
size_t	reply_measure(const char *tmpl, const struct reply_var *,
	    size_t nvars);

/*
 * Makes s (UTF-8, NUL-terminated, in a buffer of `size` bytes) plain GSM-7
 * without escape characters and at most max characters, cutting at a word
 * boundary with "..." when needed.  Returns the new length.
 */
size_t	gsm7_fit(char *s, size_t size, size_t max);

/* Copies src into dst of size bytes, truncating; returns bytes copied. */
size_t	text_copy(char *dst, size_t size, const char *src);

/* Whether s is plain GSM-7 of at most max characters. */
int	gsm7_valid(const char *s, size_t max);

#endif
