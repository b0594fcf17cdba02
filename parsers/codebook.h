/*
 * The code book: the schema that drives the SMS grammar, the USSD menus and
 * the reply texts.  It is plain data, filled by the config loader
 * (gateway/conf/codebook_conf.c) or by tests, then compiled into a word table.
 * Adding a code to the config adds no C code.
 *
 * Ownership: a struct codebook owns everything it points to.  Build it with
 * codebook_new() and the codebook_add_*() calls; after that it is read-only
 * and may be shared by any number of threads.
 */
#ifndef REPORTGW_CODEBOOK_H
#define REPORTGW_CODEBOOK_H

#include <stddef.h>
#include <stdint.h>

#define CB_WORD_MAX	32	/* bytes in a code, alias, vocabulary word */
#define CB_LABEL_MAX	64	/* bytes in a label shown to people */
#define CB_TEXT_MAX	200	/* bytes in a usage text or a reply template */
#define CB_MAX_NUMBERS	8	/* numeric slots per code */
#define CB_MAX_CHOICES	4	/* choice slots per code */
#define CB_MAX_RULES	8	/* consistency rules per code */
#define CB_MAX_VOCABS	16	/* vocabularies in a code book */
#define CB_MAX_VALUES	24	/* values per vocabulary */
#define CB_MAX_CODES	64	/* codes in a code book */
#define CB_MAX_VILLAGES	4096	/* village codes known to the grammar */
#define CB_PHRASE_MAX	3	/* words in a multi-word alias or vocabulary word */
#define CB_MAX_LABELS	64	/* field labels */

enum cb_kind {
	CB_INCIDENT,
	CB_COVERAGE,
	CB_ZERO,
	CB_REGISTER,
	CB_CANCEL,
	CB_CORRECT,
	CB_HELP,
	CB_STATUS,
	CB_CASE,		/* an officer's command on a case: NHAN 12 */
	CB_NKINDS
};

/* What a CB_CASE code does to the case (gateway/cases.c). */
enum cb_case_action {
	CB_CASE_ACK,		/* "I take it" */
	CB_CASE_REFER,		/* referred to a target (vocabulary "target") */
	CB_CASE_CLOSE,
	CB_CASE_REOPEN,
	CB_NCASE_ACTIONS
};

enum cb_period {
	CB_PERIOD_NONE,
	CB_PERIOD_WEEK,
	CB_PERIOD_MONTH,
	CB_PERIOD_QUARTER
};

enum cb_alert {
	CB_ALERT_NEVER,
	CB_ALERT_ALWAYS,
	CB_ALERT_WHEN		/* when a flag or choice value is present */
};

/* What a numeric slot means to the engine. */
enum cb_role {
	CB_ROLE_PLAIN,		/* a number with a range */
	CB_ROLE_COUNT,		/* number of children, default 1 */
	CB_ROLE_AGE		/* age; unit words apply; stored in months */
};

/* Vocabularies the engine itself needs; codes may add their own. */
enum cb_builtin_vocab {
	CB_VOCAB_SEX,
	CB_VOCAB_FLAG,
	CB_VOCAB_AGE_UNIT,	/* values "years", "months" */
	CB_VOCAB_PERIOD_UNIT,	/* values "week", "month", "quarter" */
	CB_NBUILTIN_VOCABS
};

/* The vocabulary a CB_CASE_REFER code reads its target from. */
#define CB_VOCAB_TARGET_NAME	"target"	/* CHUYEN 12 CA: to the police */

/*
 * Vocabularies of own words ("hai chau 7 tuoi"), optional: "number" has
 * the values "0" to "20" (mot, hai, ... hai muoi), "child" the words for a
 * child (chau, be, tre): a number before one is a count.
 */
#define CB_VOCAB_NUMBER_NAME	"number"
#define CB_VOCAB_CHILD_NAME	"child"
/*
 * Values of "age_unit" besides "years" and "months", optional: "half"
 * (1 tuoi ruoi: six months more) and "newborn" (so sinh: 0 months).
 */
#define CB_AGE_HALF		"half"
#define CB_AGE_NEWBORN		"newborn"

struct cb_value {
	char	value[CB_WORD_MAX];	/* canonical value, e.g. "F", "died" */
	char	label[CB_LABEL_MAX];	/* for replies, e.g. "gai" */
	char	question[CB_LABEL_MAX];	/* flags: the USSD yes/no question */
};

struct cb_vocab {
	char		name[CB_WORD_MAX];	/* also the JSON key of a choice */
	char		label[CB_LABEL_MAX];	/* the slot's name for people */
	char		question[CB_LABEL_MAX];	/* USSD: asking for a value */
	struct cb_value	values[CB_MAX_VALUES];
	int		nvalues;
	int		words_default;	/* own words naming none, or -1 */
};

struct cb_number {
	char		name[CB_WORD_MAX];
	char		label[CB_LABEL_MAX];
	enum cb_role	role;
	int		optional;
	long		min, max;	/* for CB_ROLE_AGE: in months */
	long		def;		/* value when an optional slot is empty */
};

struct cb_choice {
	int	vocab;			/* index into codebook.vocabs */
	int	required;
	int	def;			/* value index used when empty, or -1 */
	int	positional;		/* must be the first token after the code */
};

struct cb_rule {			/* values[lhs] <= values[rhs] */
	int	lhs, rhs;
};

struct cb_code {
	char			code[CB_WORD_MAX];	/* canonical, e.g. "BL" */
	char			name[CB_LABEL_MAX];	/* e.g. "bao luc" */
	char			usage[CB_TEXT_MAX];	/* template + example */
	char			title[CB_TEXT_MAX];	/* for e-mail, diacritics */
	enum cb_kind		kind;
	int			has_sex;
	struct cb_number	numbers[CB_MAX_NUMBERS];
	int			nnumbers;
	struct cb_choice	choices[CB_MAX_CHOICES];
	int			nchoices;
	struct cb_rule		rules[CB_MAX_RULES];
	int			nrules;
	enum cb_period		period;
	int			grace_hours;	/* reportgw-codes(7) PERIODS */
	enum cb_alert		alert;
	int			alert_vocab;	/* CB_ALERT_WHEN: vocab ... */
	int			alert_value;	/* ... and value index */
	int			index;		/* position in codebook.codes */
	int			ratio_num;	/* coverage: numbers[] indexes */
	int			ratio_den;	/* of the digest ratio, or -1 */
	int			target;		/* percent */
	int			lower_better;	/* e.g. underweight */
	int			remind;		/* coverage: asked for monthly */
	enum cb_case_action	case_action;	/* CB_CASE: what it does */
	int			menu;		/* menu rank; 0: after them */
	int			plausible_min_age; /* months; younger is odd */
};

/* Reply templates; see config/codebook.conf for the placeholders. */
enum cb_reply {
	CB_R_ACCEPTED,
	CB_R_COVERAGE,
	CB_R_ZERO,
	CB_R_ALERT,
	CB_R_VILLAGE,
	CB_R_REGISTERED,
	CB_R_REGISTER_PENDING,
	CB_R_REGISTER_CLOSED,
	CB_R_CANCELLED,
	CB_R_CORRECTED,
	CB_R_HELP,
	CB_R_HELP_CODE,
	CB_R_STATUS,
	CB_R_DUPLICATE,
	CB_R_UNKNOWN_SENDER,
	CB_R_NOT_FOUND,
	CB_R_NOT_ALLOWED,
	CB_R_EMPTY,
	CB_R_TOO_LONG,
	CB_R_UNKNOWN_CODE,
	CB_R_SUGGEST,
	CB_R_MISSING_FIELD,
	CB_R_BAD_VALUE,
	CB_R_INCONSISTENT,
	CB_R_OFFICER_ALERT,
	CB_R_OFFICER_CANCEL,
	CB_R_REMINDER_WEEKLY,
	CB_R_REMINDER_MONTHLY,
	CB_R_INCIDENT_SUMMARY,
	CB_R_COVERAGE_SUMMARY,
	/* own words, several reports, review, plausibility, help pages */
	CB_R_MULTI,		/* several reports in one SMS: {refs} */
	CB_R_WORDS,		/* appended when read from words */
	CB_R_REVIEW,		/* to the reporter: an officer will call */
	CB_R_OFFICER_REVIEW,	/* to officers: unclear but urgent, no text */
	CB_R_IMPLAUSIBLE,	/* stored, but asks the reporter to check */
	CB_R_HELP_PAGE,		/* {more} of a help page: "HD {next}" */
	CB_R_HELP_GROUPS,	/* HD HC: the values of a first-word choice */
	CB_R_THIS_WEEK,		/* "tuan nay" */
	CB_R_LAST_WEEK,		/* "tuan truoc ({days})" */
	CB_R_WEEK,		/* "tuan {days}" */
	CB_R_OR,		/* two suggestions: "{a} hoac {b}" */
	CB_R_BAD_AGE,		/* an age out of range: {min} {max} */
	/* cases: officers' commands, feedback, escalation */
	CB_R_CASE_ACK,		/* confirmations to the officer */
	CB_R_CASE_REFER,
	CB_R_CASE_CLOSE,
	CB_R_CASE_REOPEN,
	CB_R_CASE_REFUSED,	/* not an officer of that commune */
	CB_R_CASE_NOT_FOUND,
	CB_R_CASE_STATE,	/* the action does not fit the case's state */
	CB_R_FEEDBACK_ACK,	/* to the reporter */
	CB_R_FEEDBACK_CLOSE,
	CB_R_ESCALATION,	/* to level 2: not acknowledged in time */
	CB_R_OVERDUE,		/* to the owner and level 2: not closed */
	CB_R_OFFICER_CORRECT,	/* an alert report was corrected (SUA) */
	CB_R_WELCOME,		/* a registration approved */
	CB_R_VILLAGE_SUMMARY,	/* monthly thanks to a village's reporters */
	CB_NREPLIES
};

/* USSD menu texts (parsers/ussd.c); defaults in codebook.c. */
enum cb_ussd {
	CB_U_MAIN,		/* main menu title */
	CB_U_REPORT,		/* main menu items ... */
	CB_U_FIGURES,
	CB_U_ZERO,
	CB_U_HELP,
	CB_U_NEXT,		/* "next page" entry */
	CB_U_ASK_INCIDENT,
	CB_U_ASK_COVERAGE,
	CB_U_ASK_VILLAGE,
	CB_U_ASK_SEX,
	CB_U_MANY,		/* "more than one child", on the sex screen */
	CB_U_ASK_AGE,
	CB_U_ASK_MONTHS,	/* {min} {max} */
	CB_U_ASK_COUNT,
	CB_U_ASK_NUMBER,	/* {label} */
	CB_U_ASK_CHOICE,	/* {label} */
	CB_U_ASK_FLAG,		/* {label}: a flag without a question */
	CB_U_YES,
	CB_U_NO,
	CB_U_CONFIRM,		/* {summary} {village} */
	CB_U_CONFIRM_ZERO,	/* {period} {village} */
	CB_U_VILLAGE,		/* {village}: the name, for {village} */
	CB_U_THIS_WEEK,
	CB_U_LAST_WEEK,
	CB_U_SEND,
	CB_U_CANCEL,
	CB_U_CANCELLED,
	CB_U_DONE,		/* {ref} {summary} {village} {alert} */
	CB_U_DONE_ZERO,		/* {ref} {period} {village} */
	CB_U_DUPLICATE,		/* {ref} */
	CB_U_BAD_CHOICE,
	CB_U_NOT_NUMBER,
	CB_U_RANGE,		/* {min} {max} */
	CB_U_INCONSISTENT,	/* {field} {other} {max} */
	CB_U_UNKNOWN_CALLER,
	CB_U_BUSY,
	CB_NUSSD
};

struct cb_word;				/* compiled word table entry */

struct codebook {
	struct cb_vocab		vocabs[CB_MAX_VOCABS];
	int			nvocabs;
	struct cb_code		codes[CB_MAX_CODES];
	int			ncodes;
	char			replies[CB_NREPLIES][CB_TEXT_MAX];
	char			ussd[CB_NUSSD][CB_TEXT_MAX];
	struct cb_value		labels[CB_MAX_LABELS];	/* field -> label */
	int			nlabels;
	int			alert_flags;	/* flag bits that always alert */
	int			grace_days;
	int			help_first[CB_MAX_CODES];	/* HD lists */
	int			nhelp_first;	/* these codes first */

	/* own words: set by codebook_finish(), -1 when absent */
	int			vocab_number;	/* CB_VOCAB_NUMBER_NAME */
	int			vocab_child;	/* CB_VOCAB_CHILD_NAME */
	int			age_years;	/* values of CB_VOCAB_AGE_UNIT */
	int			age_months;
	int			age_half;
	int			age_newborn;
	long			number_value[CB_MAX_VALUES]; /* "number" values */

	/* the word table, filled by the codebook_add_*() calls */
	struct cb_word		*words;
	size_t			 wordmask;	/* table size - 1 */
	size_t			 nwords;
	char			(*villages)[CB_WORD_MAX];
	size_t			 nvillages;
	size_t			*codewords;	/* slots of the code words */
	size_t			 ncodewords;
};

/* Names of the templates, in enum order, for the config loader. */
extern const char *const cb_reply_names[CB_NREPLIES];
/* Names and built-in defaults of the USSD texts, in enum order. */
extern const char *const cb_ussd_names[CB_NUSSD];
extern const char *const cb_ussd_defaults[CB_NUSSD];
/* Names of the kinds, in enum order ("incident", ...). */
extern const char *const cb_kind_names[CB_NKINDS];
/* Names of the case actions, in enum order ("ack", ...). */
extern const char *const cb_case_action_names[CB_NCASE_ACTIONS];

/*
 * Returns a new empty code book with the built-in vocabularies declared
 * (without words), or NULL on allocation failure.  Free with codebook_free().
 */
struct codebook	*codebook_new(void);
void		 codebook_free(struct codebook *);

/*
 * The label people read for a field or slot name: the labels table, then a
 * vocabulary's label, then the name itself.
 */
const char *codebook_label(const struct codebook *, const char *name);

/* Index of the vocabulary with that name, or -1. */
int	codebook_vocab(const struct codebook *, const char *name);
/* Index of the value in vocabulary v, or -1. */
int	codebook_value(const struct codebook *, int v, const char *value);

/*
 * Records that the word or phrase (folded on the way, so "Bạo lực" works)
 * means something.  These return 0, or -1 with *err set to a static text
 * (word too long, clashes with another meaning, table full).
 */
int	codebook_add_code_word(struct codebook *, int code, const char *word,
	    const char **err);
int	codebook_add_prefix(struct codebook *, const char *word,
	    const char **err);
int	codebook_add_vocab_word(struct codebook *, int vocab, int value,
	    const char *word, const char **err);
int	codebook_add_village(struct codebook *, const char *code,
	    const char **err);
/*
 * An own-words phrase of an incident code: recognised anywhere in a
 * message, not only first.  It may be an alias of the same code too.
 */
int	codebook_add_phrase(struct codebook *, int code, const char *phrase,
	    const char **err);

/*
 * Ends the building: resolves what the own-words reader uses by name (the
 * optional vocabularies and values above).  Returns 0, or -1 with *err
 * set (a "number" value that is not a number from 0 to 99).
 */
int	codebook_finish(struct codebook *, const char **err);

/*
 * Looks up a folded phrase of n tokens joined by single spaces.  Returns the
 * entry or NULL.  For the grammar engine.
 */
const struct cb_word *codebook_lookup(const struct codebook *,
	    const char *phrase, size_t len);
/*
 * The same with the phrase's hash given: codebook_hash(CB_HASH_INIT, ...),
 * which may be computed a word at a time (FNV-1a).
 */
#define CB_HASH_INIT	2166136261u
uint32_t	codebook_hash(uint32_t h, const char *s, size_t len);
const struct cb_word *codebook_lookup_hashed(const struct codebook *,
	    const char *phrase, size_t len, uint32_t hash);

/*
 * Meaning of a word-table entry.  A code word (code, alias) names its code
 * first in a message; a phrase names it anywhere.
 */
int	cb_word_code(const struct cb_word *);		/* code index or -1 */
int	cb_word_phrase_code(const struct cb_word *);	/* own-words phrase */
int	cb_word_own(const struct cb_word *);	/* any own-words meaning */
int	cb_word_prefix(const struct cb_word *);		/* 1 if a prefix word */
int	cb_word_village(const struct cb_word *);	/* village index or -1 */
int	cb_word_value(const struct cb_word *, int vocab); /* value or -1 */
int	cb_word_phrase(const struct cb_word *);	/* longest phrase it starts */
const char *cb_word_text(const struct cb_word *);	/* folded phrase */
/* Entry i (0 to wordmask) of the table, or NULL when that slot is empty. */
const struct cb_word *codebook_word_at(const struct codebook *, size_t i);
/*
 * The words that name a code (its short form and aliases, not phrases),
 * without the rest of the table: entry i of codebook_ncode_words().
 */
size_t		codebook_ncode_words(const struct codebook *);
const struct cb_word *codebook_code_word(const struct codebook *, size_t i);

/*
 * The codes of one kind in menu order (USSD lists, the printed card): the
 * ranked codes by rank, then the others in code book order.  Fills out
 * with indexes into codebook.codes; returns how many.
 */
int	codebook_menu(const struct codebook *, enum cb_kind,
	    int out[CB_MAX_CODES]);

/*
 * The shortest one-word spelling of value `value` of vocabulary `vocab`
 * ("G" for a girl), as the USSD menus write a report and the card teaches
 * it; NULL when it has none.
 */
const char *codebook_value_word(const struct codebook *, int vocab,
	    int value);

/* The code with that canonical code or alias (folded), or NULL. */
const struct cb_code *codebook_find(const struct codebook *, const char *word);

#endif
