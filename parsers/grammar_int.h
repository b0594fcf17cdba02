/*
 * What the grammar (grammar.c) and its slot readers (slots.c) share:
 * the parsing state of one message.  Internal to parsers/.
 */
#ifndef REPORTGW_GRAMMAR_INT_H
#define REPORTGW_GRAMMAR_INT_H

#include <stddef.h>

#include "lexer.h"
#include "sms.h"

#define NUMBER_DIGITS_MAX	9	/* longer numbers are bad values */

/* Parsing state for one message. */
struct scan {
	const struct codebook	*cb;
	const struct cb_code	*code;
	struct lexed		*lx;
	const char		*text;		/* the original */
	size_t			 textlen;
	const struct local_time	*at;
	struct sms_result	*res;
	char			 left[LEX_TOKENS_MAX];	/* leftover tokens */
	int			 nleft;
	int			 filled[CB_MAX_NUMBERS];
	long			 untagged[CB_MAX_NUMBERS];
	size_t			 untagged_tok[CB_MAX_NUMBERS];
	int			 nuntagged;
	int			 period_set;
};

enum want { W_CODE, W_PREFIX, W_VALUE };

/* Records error e on field in r; returns e. */
enum sms_error	gr_fail(struct sms_result *r, enum sms_error e,
		    const char *field);
/* The longest code-book word at token i that is wanted; *n its tokens. */
const struct cb_word *gr_longest(const struct codebook *cb,
		    const struct lexed *lx, size_t i, enum want what,
		    int vocab, size_t *n);
/* A number at the start of s, and the letters after it as *suffix. */
int		gr_read_number(const char *s, size_t len, long *val,
		    const char **suffix, int *toolong);
/* The code's number slot of that role, or -1. */
int		gr_number_slot(const struct cb_code *c, enum cb_role role);
/* How many of s's bytes are letters. */
size_t		gr_letters(const char *s, size_t len);

/*
 * The slot readers: each looks at token *i, and when it understands it,
 * fills its slot, moves *i past what it took and returns 1; 0 when the
 * token is not its kind, -1 when it is but its value is bad (the error
 * is recorded in sc->res).
 */
int		gr_scan_period(struct scan *sc, size_t *i);
int		gr_scan_number(struct scan *sc, size_t *i);
int		gr_scan_sex(struct scan *sc, size_t *i);
int		gr_scan_choice(struct scan *sc, size_t *i);
int		gr_scan_flag(struct scan *sc, size_t *i);
int		gr_scan_village(struct scan *sc, size_t *i);

#endif
