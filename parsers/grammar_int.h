/*
 * What the grammar's parts share: the message being parsed (grammar.c),
 * one report read from a part of it, coded (report.c, slots.c) or from
 * own words (words.c), and why a message goes to review (review.c).
 * Internal to parsers/.
 */
#ifndef REPORTGW_GRAMMAR_INT_H
#define REPORTGW_GRAMMAR_INT_H

#include <stddef.h>

#include "lexer.h"
#include "sms.h"

#define NUMBER_DIGITS_MAX	9	/* longer numbers are bad values */
#define OWN_LETTERS_MIN		3	/* shorter single words are codes */

/* The message being parsed. */
struct msg {
	const struct codebook	*cb;
	struct lexed		*lx;
	const char		*text;		/* the original */
	size_t			 textlen;
	const struct local_time	*at;
	struct sms_result	*res;
};

/* One part of a message that holds one report, and how it was read. */
struct seg {
	size_t			 from, to;	/* tokens; to grows on splits */
	const struct cb_code	*code;		/* the code read, or NULL */
	const struct cb_code	*maybe;		/* the code it names, even
						   unread, or NULL */
	enum sms_error		 error;
	const char		*field;
	int			 missing;	/* a slot empty or unreadable */
	int			 age_range;	/* an age outside the code's range */
};

enum scan_state {
	SCAN_OPEN,		/* every slot word is read */
	SCAN_NUMLOCK,		/* a note began before the report was
				   complete: numbers are the note's now */
	SCAN_NOTE		/* the report is complete: the rest is note */
};

/* Parsing state for one report. */
struct scan {
	const struct codebook	*cb;
	const struct cb_code	*code;
	const struct msg	*m;
	struct lexed		*lx;
	struct seg		*seg;
	struct sms_report	*rep;
	size_t			 skip;		/* the code's token, when it
						   came after its slots */
	int			 skip_complete;	/* complete before it */
	enum scan_state		 state;
	char			 left[LEX_TOKENS_MAX];	/* note tokens */
	int			 nleft;
	int			 filled[CB_MAX_NUMBERS];
	long			 untagged[CB_MAX_NUMBERS];
	size_t			 untagged_tok[CB_MAX_NUMBERS];
	int			 nuntagged;
	int			 period_set;
};

/* What gr_longest() looks for: a code word, a prefix, a value of a
   vocabulary, a phrase, anything own words read, a code word or phrase */
enum want { W_CODE, W_PREFIX, W_VALUE, W_PHRASE, W_OWN, W_NAMES };

/* Records error e on field for the report being read; returns e. */
enum sms_error	gr_fail(struct scan *sc, enum sms_error e, const char *field);
/* The longest code-book word at token i that is wanted; *n its tokens. */
const struct cb_word *gr_longest(const struct codebook *cb,
		    const struct lexed *lx, size_t i, size_t end,
		    enum want what, int vocab, size_t *n);
/* A number at the start of s, and the letters after it as *suffix. */
int		gr_read_number(const char *s, size_t len, long *val,
		    const char **suffix, int *toolong);
/* The code's number slot of that role, or -1. */
int		gr_number_slot(const struct cb_code *c, enum cb_role role);
/* How many of s's bytes are letters. */
size_t		gr_letters(const char *s, size_t len);
/* Unit of an age word: 0 years, 1 months, -1 none. */
int		gr_age_unit(const struct codebook *cb, const char *s,
		    size_t len);
/* Value of word w in the "number" vocabulary, or -1. */
long		gr_number_word(const struct codebook *cb,
		    const struct cb_word *w);
/* Whether w is a child word ("chau", "be"). */
int		gr_child_word(const struct codebook *cb,
		    const struct cb_word *w);
/* Whether a word of n tokens at i may fill a slot in own words. */
int		gr_own_long_enough(const struct lexed *lx, size_t i, size_t n);

/*
 * The slot readers: each looks at token *i, and when it understands it,
 * fills its slot, moves *i past what it took and returns 1; 0 when the
 * token is not its kind, -1 when it is but its value is bad (the error
 * is recorded in sc->seg).
 */
int		gr_scan_period(struct scan *sc, size_t *i);
int		gr_scan_number(struct scan *sc, size_t *i);
int		gr_scan_number_word(struct scan *sc, size_t *i);
int		gr_scan_sex(struct scan *sc, size_t *i);
int		gr_scan_choice(struct scan *sc, size_t *i);
int		gr_scan_flag(struct scan *sc, size_t *i);
int		gr_scan_village(struct scan *sc, size_t *i);
/* Sets the age (months); a different one already there is a bad value. */
int		gr_set_age(struct scan *sc, long months);

/* report.c: a report in codes, from a part of the message */
/* An empty report of code c (NULL: none yet). */
void		gr_report_init(struct sms_report *rep, const struct cb_code *c);
void		gr_scan_init(struct scan *sc, const struct msg *m,
		    struct seg *seg, struct sms_report *rep,
		    const struct cb_code *code);
/* Checks ranges, fills defaults, rules and plausibility: the error. */
enum sms_error	gr_finish(struct scan *sc);
/*
 * Reads the part of the message in seg into rep: coded, with the code
 * first or after its slots, else in own words.  Fills seg and returns its
 * error; seg->code is NULL when no code was found at all.
 */
enum sms_error	gr_read_report(const struct msg *m, struct seg *seg,
		    struct sms_report *rep);
/* How a message names its code. */
enum named { NAMED_CODE, NAMED_ALIAS, NAMED_PHRASE };

/*
 * Finds the code at token *i (prefix words skipped, a code glued to its
 * slots split off): the code, *i moved past it, *how it was named.  NULL
 * when there is none.
 */
const struct cb_code *gr_find_code(const struct codebook *cb,
		    struct lexed *lx, size_t *i, size_t *end, enum named *how);
/* The original text of tokens [from, to) (or the note tokens in left). */
void		gr_copy_original(const struct lexed *lx, const char *text,
		    const char *left, size_t from, size_t to, char *out,
		    size_t outsz, size_t max_chars);

/* words.c: a report in own words ("chau 7 tuoi bi duoi nuoc da chet") */
enum sms_error	gr_read_words(const struct msg *m, struct seg *seg,
		    struct sms_report *rep);
/*
 * Whether every word of the part that names a code is also a value of a
 * slot of code c ("da chet" after a drowning: its outcome).
 */
int		gr_only_values_of(const struct msg *m, const struct seg *seg,
		    const struct cb_code *c);

/* review.c: why a message not understood must still reach a person */
void		gr_review(const struct msg *m, const struct seg *failed);

#endif
