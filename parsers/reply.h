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
 * The reply to a message of several reports (template "multi"): {count}
 * and {refs} ("#12 BL, #13 DN"), refs[k] the number report k was stored
 * as (report, then more[]).  Returns the length.
 */
size_t	reply_multi(const struct codebook *, const struct sms_result *,
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

/* A period for people: "thang 11/2026". */
void	reply_period(const struct codebook *, const struct period *,
	    char *out, size_t outsz);

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
