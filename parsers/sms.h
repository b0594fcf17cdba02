/*
 * The SMS grammar engine (reportgw-codes(7)): turns one message into
 * a structured result, driven entirely by a struct codebook.  Pure: no I/O,
 * no logging, no globals, no allocation.  Safe on any input bytes.
 */
#ifndef REPORTGW_SMS_H
#define REPORTGW_SMS_H

#include <stddef.h>

#include "codebook.h"
#include "period.h"

#define SMS_NOTE_CHARS	160	/* characters of a note */
#define SMS_NOTE_MAX	(SMS_NOTE_CHARS * 4 + 1)	/* bytes, UTF-8 */
#define SMS_NAME_CHARS	64	/* characters of a registered name */
#define SMS_NAME_MAX	(SMS_NAME_CHARS * 4 + 1)
#define SMS_REF_MAX	999999999L
#define SMS_MAX_REPORTS	4	/* reports in one SMS (report + more[]) */
#define SMS_SUGGEST_MAX	2	/* codes offered for an unknown one */

enum sms_error {
	SMS_OK,
	SMS_EMPTY,
	SMS_TOO_LONG,
	SMS_UNKNOWN_CODE,
	SMS_MISSING_FIELD,
	SMS_BAD_VALUE,
	SMS_INCONSISTENT,
	SMS_NERRORS
};

/* "empty", "too_long", ... in enum order (SMS_OK is "ok"). */
extern const char *const sms_error_names[SMS_NERRORS];

/*
 * Why a message that was not fully understood still goes to a person
 * (status 'review'): its meaning may be urgent.
 */
enum sms_review {
	SMS_REVIEW_NONE,
	SMS_REVIEW_CODE,	/* an always-alert code or its phrases */
	SMS_REVIEW_DEATH,	/* death words */
	SMS_REVIEW_MISSING,	/* a slot of an alert-class code missing */
	SMS_REVIEW_AGE,		/* an age out of range, alert-class code */
	SMS_NREVIEWS
};

/* "none", "code", ... in enum order. */
extern const char *const sms_review_names[SMS_NREVIEWS];

/* An incident, coverage figure or zero report. */
struct sms_report {
	const struct cb_code	*code;
	int			 count;		/* incidents */
	int			 age_months;	/* incidents */
	int			 sex;		/* value in CB_VOCAB_SEX, or -1 */
	int			 choice[CB_MAX_CHOICES];  /* value or -1 */
	unsigned		 flags;		/* bit n: CB_VOCAB_FLAG value n */
	long			 values[CB_MAX_NUMBERS];  /* every numeric slot */
	struct period		 period;	/* unit NONE when not used */
	int			 village;	/* named in the text, or -1 */
	int			 words;		/* read from words, not codes */
	int			 implausible;	/* breaks a code book age rule */
	char			 note[SMS_NOTE_MAX];	/* original spelling */
};

struct sms_result {
	enum sms_error		 error;
	const char		*field;		/* slot an error is about */
	const struct cb_code	*suggest;	/* SMS_UNKNOWN_CODE: the best
						   of sms_suggestions() */
	char			 token[CB_WORD_MAX];	/* the unknown code */

	enum cb_kind		 kind;
	const struct cb_code	*code;		/* the message's code */
	struct sms_report	 report;	/* for CB_CORRECT: the new one */
	struct sms_report	 more[SMS_MAX_REPORTS - 1]; /* further ones */
	int			 nmore;		/* reports in more[] */
	enum sms_review		 review;	/* error set, but urgent */
	const struct cb_code	*review_code;	/* the code it may be, or NULL */
	long			 ref;		/* cancel, correct, case; help:
						   the page asked for, 0: first */
	int			 target;	/* case refer: "target" value */
	char			 note[SMS_NOTE_MAX];	/* case: the officer's note */
	char			 name[SMS_NAME_MAX];	/* register */
	const struct cb_code	*help;		/* help: the code asked about */
};

/*
 * Parses len bytes of text (untrusted) received at local time `at`.
 * Fills *out completely and returns out->error.
 */
enum sms_error	sms_parse(const struct codebook *, const char *text,
		    size_t len, const struct local_time *at,
		    struct sms_result *out);

/* Whether an accepted report must alert officers at once. */
int		sms_is_alert(const struct codebook *, const struct sms_report *);

/*
 * Whether the result must reach an officer at once: an alert report among
 * its reports, or a review.
 */
int		sms_result_alerts(const struct codebook *,
		    const struct sms_result *);

/*
 * The codes an unknown word (folded) may stand for: a code or alias on the
 * same keys of a multi-tap phone keypad with another letter (one slip
 * first, then several), or one Damerau-Levenshtein edit away; the closest
 * first, then in code book order.  Fills out[] with at most
 * SMS_SUGGEST_MAX codes and returns how many.
 */
int		sms_suggestions(const struct codebook *, const char *word,
		    const struct cb_code *out[SMS_SUGGEST_MAX]);

/* The first of sms_suggestions(), or NULL when no code qualifies. */
const struct cb_code *sms_suggest(const struct codebook *, const char *word);

/*
 * How many letters differ between two words typed on the same keys of a
 * multi-tap keypad (2 ABC ... 9 WXYZ): 0 for the same word, 1 for one slip;
 * -1 when the keys differ.
 */
int		sms_keypad_slips(const char *a, const char *b);

/* Damerau-Levenshtein (optimal string alignment) distance, capped at 3. */
int		sms_distance(const char *a, const char *b);

#endif
