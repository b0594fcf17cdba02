/*
 * The typed-slot grammar.  A message is CODE followed by tokens that fill
 * the code's slots by type (reportgw-codes(7), MESSAGES); the code book says
 * which slots a code has, so this file knows no code by name.
 */
#include <string.h>

#include "lexer.h"
#include "sms.h"

const char *const sms_error_names[SMS_NERRORS] = {
	"ok", "empty", "too_long", "unknown_code", "missing_field",
	"bad_value", "inconsistent"
};

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

static enum sms_error
fail(struct sms_result *r, enum sms_error e, const char *field)
{
	r->error = e;
	r->field = field;
	return e;
}

/* Looks up tokens [i, i+n) joined by spaces. */
static const struct cb_word *
lookup_n(const struct codebook *cb, const struct lexed *lx, size_t i,
    size_t n)
{
	char	buf[CB_WORD_MAX * CB_PHRASE_MAX];
	size_t	len = 0, k;

	for (k = 0; k < n; k++) {
		const struct lex_token *t = &lx->tok[i + k];

		if (len + t->len + 1 >= sizeof(buf))
			return NULL;
		if (k > 0)
			buf[len++] = ' ';
		memcpy(buf + len, lx->buf + t->off, t->len);
		len += t->len;
	}
	return codebook_lookup(cb, buf, len);
}

enum want { W_CODE, W_PREFIX, W_VALUE };

static int
wanted(const struct cb_word *w, enum want what, int vocab)
{
	switch (what) {
	case W_CODE:
		return cb_word_code(w) >= 0;
	case W_PREFIX:
		return cb_word_prefix(w);
	case W_VALUE:
		return cb_word_value(w, vocab) >= 0;
	}
	return 0;
}

/*
 * The longest phrase at token i that means what we want; *n gets its
 * length in tokens.  NULL when none.
 */
static const struct cb_word *
longest(const struct codebook *cb, const struct lexed *lx, size_t i,
    enum want what, int vocab, size_t *n)
{
	const struct cb_word	*w, *first;
	size_t			 k, max;

	if (i >= lx->ntokens ||
	    (first = lookup_n(cb, lx, i, 1)) == NULL)
		return NULL;
	max = (size_t)cb_word_phrase(first);
	if (max > lx->ntokens - i)
		max = lx->ntokens - i;
	for (k = max; k >= 2; k--)
		if ((w = lookup_n(cb, lx, i, k)) != NULL &&
		    wanted(w, what, vocab)) {
			*n = k;
			return w;
		}
	if (!wanted(first, what, vocab))
		return NULL;
	*n = 1;
	return first;
}

/* The value of a single token in a vocabulary, or -1. */
static int
word_value(const struct codebook *cb, const char *s, size_t len, int vocab)
{
	const struct cb_word *w = codebook_lookup(cb, s, len);

	return w == NULL ? -1 : cb_word_value(w, vocab);
}

/*
 * Reads a number at the start of s: digits, or a token with at least one
 * digit whose letters are all O, I or L (read as 0, 1, 1).  *suffix gets
 * what follows the digits.  Returns 0, or -1 when s is not a number or
 * has too many digits (*toolong set).
 */
static int
read_number(const char *s, size_t len, long *val, const char **suffix,
    int *toolong)
{
	size_t	i, ndig = 0;
	int	has_digit = 0, only_oil = 1;
	long	v = 0;

	*toolong = 0;
	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			has_digit = 1;
		else if (s[i] != 'O' && s[i] != 'I' && s[i] != 'L')
			only_oil = 0;
	}
	if (!has_digit)
		return -1;
	if (only_oil) {
		for (i = 0; i < len; i++) {
			int d = s[i] == 'O' ? 0 : (s[i] == 'I' ||
			    s[i] == 'L') ? 1 : s[i] - '0';

			if (++ndig > NUMBER_DIGITS_MAX) {
				*toolong = 1;
				return -1;
			}
			v = v * 10 + d;
		}
		*val = v;
		*suffix = s + len;
		return 0;
	}
	if (s[0] < '0' || s[0] > '9')
		return -1;
	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (++ndig > NUMBER_DIGITS_MAX) {
			*toolong = 1;
			return -1;
		}
		v = v * 10 + (s[i] - '0');
	}
	*val = v;
	*suffix = s + i;
	return 0;
}

static int
number_slot(const struct cb_code *c, enum cb_role role)
{
	int i;

	for (i = 0; i < c->nnumbers; i++)
		if (c->numbers[i].role == role)
			return i;
	return -1;
}

/* Name of the slot a stray number most likely meant. */
static const char *
next_number_name(const struct scan *sc)
{
	int i;

	for (i = 0; i < sc->code->nnumbers; i++)
		if (!sc->filled[i])
			return sc->code->numbers[i].name;
	return sc->code->nnumbers > 0 ? sc->code->numbers[0].name : "value";
}

/* Sets a slot, or fails when it holds a different value already. */
static int
set_int(int *slot, int value)
{
	if (*slot != -1 && *slot != value)
		return -1;
	*slot = value;
	return 0;
}

static enum sms_error
set_age(struct scan *sc, long amount, int months)
{
	int	 slot = number_slot(sc->code, CB_ROLE_AGE);
	long	 v = months ? amount : amount * 12;

	if (sc->filled[slot] && sc->res->report.values[slot] != v)
		return fail(sc->res, SMS_BAD_VALUE,
		    sc->code->numbers[slot].name);
	sc->filled[slot] = 1;
	sc->res->report.values[slot] = v;
	return SMS_OK;
}

/*
 * Unit of an age suffix or word: 0 years, 1 months, -1 not a unit.
 */
static int
age_unit(const struct codebook *cb, const char *s, size_t len)
{
	int v = word_value(cb, s, len, CB_VOCAB_AGE_UNIT);

	if (v < 0)
		return -1;
	return strcmp(cb->vocabs[CB_VOCAB_AGE_UNIT].values[v].value,
	    "months") == 0;
}

static enum cb_period
period_unit(const struct codebook *cb, const char *s, size_t len)
{
	int		 v = word_value(cb, s, len, CB_VOCAB_PERIOD_UNIT);
	const char	*name;

	if (v < 0)
		return CB_PERIOD_NONE;
	name = cb->vocabs[CB_VOCAB_PERIOD_UNIT].values[v].value;
	if (strcmp(name, "week") == 0)
		return CB_PERIOD_WEEK;
	if (strcmp(name, "month") == 0)
		return CB_PERIOD_MONTH;
	if (strcmp(name, "quarter") == 0)
		return CB_PERIOD_QUARTER;
	return CB_PERIOD_NONE;
}

/* Length of the leading letters of s. */
static size_t
letters(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && s[i] >= 'A' && s[i] <= 'Z'; i++)
		;
	return i;
}

static int
is_year(const struct lexed *lx, size_t i, int *year)
{
	const char	*s;
	int		 k, y = 0;

	if (i >= lx->ntokens || lx->tok[i].len != 4)
		return 0;
	s = lex_str(lx, i);
	for (k = 0; k < 4; k++) {
		if (s[k] < '0' || s[k] > '9')
			return 0;
		y = y * 10 + (s[k] - '0');
	}
	if (y < 2000 || y > 2099)
		return 0;
	*year = y;
	return 1;
}

/*
 * A period at token *i: glued "T11", "Q4", "W48" or separate "THANG 11",
 * "QUY 4", "TUAN 48", then an optional year.  Returns 1 and advances *i
 * past it, 0 when the token is no period, or -1 on a bad value (error set).
 */
static int
scan_period(struct scan *sc, size_t *i)
{
	const struct lexed	*lx = sc->lx;
	const char		*s = lex_str(lx, *i);
	size_t			 len = lx->tok[*i].len, nl = letters(s, len);
	size_t			 next = *i + 1;
	enum cb_period		 unit;
	struct period		 p;
	long			 num;
	const char		*suffix;
	int			 toolong, year;

	if (nl == 0)
		return 0;
	if (nl < len) {			/* glued: letters then digits */
		unit = period_unit(sc->cb, s, nl);
		if (unit == CB_PERIOD_NONE)
			return 0;
		if (read_number(s + nl, len - nl, &num, &suffix,
		    &toolong) == -1 || *suffix != '\0')
			return 0;
	} else {			/* a word of two letters or more */
		if (nl < 2 || next >= lx->ntokens)
			return 0;
		unit = period_unit(sc->cb, s, nl);
		if (unit == CB_PERIOD_NONE)
			return 0;
		if (read_number(lex_str(lx, next), lx->tok[next].len, &num,
		    &suffix, &toolong) == -1 || *suffix != '\0')
			return 0;
		next++;
	}
	if (unit != sc->code->period || num < 1 || num > 53) {
		fail(sc->res, SMS_BAD_VALUE, "period");
		return -1;
	}
	if (is_year(lx, next, &year)) {
		p.unit = unit;
		p.year = year;
		p.num = (int)num;
		next++;
	} else
		p = period_complete(unit, (int)num, sc->at);
	if (!period_valid(&p) || (sc->period_set &&
	    (sc->res->report.period.year != p.year ||
	    sc->res->report.period.num != p.num))) {
		fail(sc->res, SMS_BAD_VALUE, "period");
		return -1;
	}
	sc->res->report.period = p;
	sc->period_set = 1;
	*i = next;
	return 1;
}

/*
 * A number at token *i: tagged as an age ("9T", "9 TUOI", "8TH") or
 * untagged.  Returns 1 and advances *i, 0 if the token is no number, or -1
 * on a bad value.
 */
static int
scan_number(struct scan *sc, size_t *i)
{
	const struct lexed	*lx = sc->lx;
	const char		*s = lex_str(lx, *i), *suffix;
	size_t			 len = lx->tok[*i].len;
	int			 has_age = number_slot(sc->code, CB_ROLE_AGE) >= 0;
	int			 toolong, unit;
	long			 v;

	if (read_number(s, len, &v, &suffix, &toolong) == -1) {
		if (toolong) {
			fail(sc->res, SMS_BAD_VALUE, next_number_name(sc));
			return -1;
		}
		return 0;
	}
	if (*suffix != '\0') {
		unit = has_age ? age_unit(sc->cb, suffix,
		    len - (size_t)(suffix - s)) : -1;
		if (unit == -1) {
			fail(sc->res, SMS_BAD_VALUE, has_age ?
			    sc->code->numbers[number_slot(sc->code,
			    CB_ROLE_AGE)].name : next_number_name(sc));
			return -1;
		}
		(*i)++;
		return set_age(sc, v, unit) == SMS_OK ? 1 : -1;
	}
	if (has_age && *i + 1 < lx->ntokens) {
		const char	*n = lex_str(lx, *i + 1);
		size_t		 nlen = lx->tok[*i + 1].len;

		unit = age_unit(sc->cb, n, nlen);
		/* a lone sex word ("T") is never a unit */
		if (unit != -1 && !(sc->code->has_sex &&
		    word_value(sc->cb, n, nlen, CB_VOCAB_SEX) >= 0)) {
			*i += 2;
			return set_age(sc, v, unit) == SMS_OK ? 1 : -1;
		}
	}
	if (sc->nuntagged < CB_MAX_NUMBERS) {
		sc->untagged[sc->nuntagged] = v;
		sc->untagged_tok[sc->nuntagged++] = *i;
	} else {
		sc->left[*i] = 1;
		sc->nleft++;
	}
	(*i)++;
	return 1;
}

/*
 * Sex, alone ("G") or glued to an age ("G9", "GAI9", "T12TH").  Returns 1
 * and advances *i, 0 when the token is neither, -1 on a contradiction.
 */
static int
scan_sex(struct scan *sc, size_t *i)
{
	const struct lexed	*lx = sc->lx;
	const char		*s = lex_str(lx, *i), *suffix;
	size_t			 len = lx->tok[*i].len, nl;
	int			 sex, toolong, unit = 0;
	long			 v;

	sex = word_value(sc->cb, s, len, CB_VOCAB_SEX);
	if (sex >= 0) {
		if (set_int(&sc->res->report.sex, sex) == -1) {
			fail(sc->res, SMS_BAD_VALUE, "sex");
			return -1;
		}
		(*i)++;
		return 1;
	}
	nl = letters(s, len);
	if (nl == 0 || nl == len || number_slot(sc->code, CB_ROLE_AGE) < 0)
		return 0;
	sex = word_value(sc->cb, s, nl, CB_VOCAB_SEX);
	if (sex < 0 || s[nl] < '0' || s[nl] > '9')
		return 0;
	if (read_number(s + nl, len - nl, &v, &suffix, &toolong) == -1)
		return 0;
	if (*suffix != '\0' && (unit = age_unit(sc->cb, suffix,
	    len - (size_t)(suffix - s))) == -1)
		return 0;
	if (set_int(&sc->res->report.sex, sex) == -1) {
		fail(sc->res, SMS_BAD_VALUE, "sex");
		return -1;
	}
	(*i)++;
	return set_age(sc, v, unit) == SMS_OK ? 1 : -1;
}

/* A choice word (outcome, subtype, ...).  Same returns as scan_sex. */
static int
scan_choice(struct scan *sc, size_t *i)
{
	const struct cb_code	*c = sc->code;
	const struct cb_word	*w;
	size_t			 n;
	int			 k;

	for (k = 0; k < c->nchoices; k++) {
		int vocab = c->choices[k].vocab;

		if (c->choices[k].positional)
			continue;
		w = longest(sc->cb, sc->lx, *i, W_VALUE, vocab, &n);
		if (w == NULL)
			continue;
		if (set_int(&sc->res->report.choice[k],
		    cb_word_value(w, vocab)) == -1) {
			fail(sc->res, SMS_BAD_VALUE, sc->cb->vocabs[vocab].name);
			return -1;
		}
		*i += n;
		return 1;
	}
	return 0;
}

static int
scan_flag(struct scan *sc, size_t *i)
{
	const struct cb_word	*w;
	size_t			 n;

	if (sc->code->kind != CB_INCIDENT)
		return 0;
	w = longest(sc->cb, sc->lx, *i, W_VALUE, CB_VOCAB_FLAG, &n);
	if (w == NULL)
		return 0;
	sc->res->report.flags |= 1u << cb_word_value(w, CB_VOCAB_FLAG);
	*i += n;
	return 1;
}

static int
scan_village(struct scan *sc, size_t *i)
{
	const struct cb_word	*w;
	int			 v;

	w = lookup_n(sc->cb, sc->lx, *i, 1);
	if (w == NULL || (v = cb_word_village(w)) < 0)
		return 0;
	if (set_int(&sc->res->report.village, v) == -1) {
		fail(sc->res, SMS_BAD_VALUE, "village");
		return -1;
	}
	(*i)++;
	return 1;
}

/*
 * Copies the original text of the leftover tokens: each run of adjacent
 * leftover tokens as it was typed, runs joined by one space, at most
 * max_chars characters, cut at a character boundary.
 */
static void
copy_original(const struct lexed *lx, const char *text, const char *left,
    size_t from, char *out, size_t outsz, size_t max_chars)
{
	size_t	i = from, n = 0, chars = 0;

	out[0] = '\0';
	while (i < lx->ntokens) {
		size_t	start, end, k;

		if (left != NULL && !left[i]) {
			i++;
			continue;
		}
		start = lx->tok[i].src_start;
		while (i + 1 < lx->ntokens && (left == NULL || left[i + 1]))
			i++;
		end = lx->tok[i].src_end;
		i++;
		if (n > 0 && chars < max_chars && n + 1 < outsz) {
			out[n++] = ' ';
			chars++;
		}
		for (k = start; k < end && n + 1 < outsz; k++) {
			unsigned char c = (unsigned char)text[k];

			if ((c & 0xC0) != 0x80) {	/* a character starts */
				if (chars == max_chars || n + 5 > outsz)
					goto done;
				chars++;
			}
			/* control bytes never reach storage or replies */
			out[n++] = c < 0x20 || c == 0x7F ? ' ' : (char)c;
		}
	}
done:
	/* never end inside a multi-byte character */
	while (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0xC0)
		n--;
	out[n] = '\0';
}

/* The first required slot still empty, for missing_field / bad_value. */
static const char *
first_missing(struct scan *sc)
{
	const struct cb_code	*c = sc->code;
	const struct sms_report	*rep = &sc->res->report;
	int			 k;

	if (c->has_sex && rep->sex == -1)
		return "sex";
	for (k = 0; k < c->nnumbers; k++)
		if (!sc->filled[k] && !c->numbers[k].optional)
			return c->numbers[k].name;
	for (k = 0; k < c->nchoices; k++)
		if (rep->choice[k] == -1 && c->choices[k].required)
			return sc->cb->vocabs[c->choices[k].vocab].name;
	return NULL;
}

/* Untagged numbers fill the empty numeric slots in order. */
static void
assign_numbers(struct scan *sc)
{
	const struct cb_code	*c = sc->code;
	int			 open[CB_MAX_NUMBERS], nopen = 0, k, skip;

	for (k = 0; k < c->nnumbers; k++)
		if (!sc->filled[k])
			open[nopen++] = k;
	/* fewer numbers than slots: skip optional slots from the left */
	skip = nopen - sc->nuntagged;
	for (k = 0; k < nopen && skip > 0; ) {
		if (c->numbers[open[k]].optional) {
			memmove(&open[k], &open[k + 1],
			    (size_t)(nopen - k - 1) * sizeof(open[0]));
			nopen--;
			skip--;
		} else
			k++;
	}
	for (k = 0; k < sc->nuntagged; k++) {
		long v = sc->untagged[k];

		if (k >= nopen) {	/* more numbers than slots: a note */
			sc->left[sc->untagged_tok[k]] = 1;
			sc->nleft++;
			continue;
		}
		if (c->numbers[open[k]].role == CB_ROLE_AGE)
			v *= 12;	/* a bare age is in years */
		sc->res->report.values[open[k]] = v;
		sc->filled[open[k]] = 1;
	}
}

/* Range checks, defaults, rules.  Returns the error. */
static enum sms_error
finish_report(struct scan *sc)
{
	const struct cb_code	*c = sc->code;
	struct sms_report	*rep = &sc->res->report;
	const char		*missing;
	int			 k;

	missing = first_missing(sc);
	/* report problems in slot order: sex, numbers, choices */
	if (missing != NULL && strcmp(missing, "sex") == 0)
		return fail(sc->res, sc->nleft ? SMS_BAD_VALUE :
		    SMS_MISSING_FIELD, missing);
	for (k = 0; k < c->nnumbers; k++) {
		const struct cb_number *n = &c->numbers[k];

		if (!sc->filled[k]) {
			if (!n->optional)
				return fail(sc->res, sc->nleft ?
				    SMS_BAD_VALUE : SMS_MISSING_FIELD,
				    n->name);
			rep->values[k] = n->def;
			continue;
		}
		if (rep->values[k] < n->min || rep->values[k] > n->max)
			return fail(sc->res, SMS_BAD_VALUE, n->name);
	}
	if (missing != NULL)
		return fail(sc->res, sc->nleft ? SMS_BAD_VALUE :
		    SMS_MISSING_FIELD, missing);
	for (k = 0; k < c->nchoices; k++)
		if (rep->choice[k] == -1)
			rep->choice[k] = c->choices[k].def;
	for (k = 0; k < c->nrules; k++)
		if (rep->values[c->rules[k].lhs] > rep->values[c->rules[k].rhs])
			return fail(sc->res, SMS_INCONSISTENT,
			    c->numbers[c->rules[k].lhs].name);
	if (c->period != CB_PERIOD_NONE && !sc->period_set)
		rep->period = period_default(c->period, c->grace_hours, sc->at);
	if ((k = number_slot(c, CB_ROLE_COUNT)) >= 0)
		rep->count = (int)rep->values[k];
	else if (c->kind == CB_INCIDENT)
		rep->count = 1;
	if ((k = number_slot(c, CB_ROLE_AGE)) >= 0)
		rep->age_months = (int)rep->values[k];
	if (sc->nleft > 0)
		copy_original(sc->lx, sc->text, sc->left, 0, rep->note,
		    sizeof(rep->note), SMS_NOTE_CHARS);
	return SMS_OK;
}

/* Incident, coverage and zero reports: the slot filler. */
static enum sms_error
parse_report(struct scan *sc, size_t i)
{
	const struct cb_code	*c = sc->code;
	int			 k, r;

	for (k = 0; k < c->nchoices; k++) {
		const struct cb_choice *ch = &c->choices[k];
		const struct cb_word *w;
		size_t n;

		if (!ch->positional)
			continue;
		w = longest(sc->cb, sc->lx, i, W_VALUE, ch->vocab, &n);
		if (w == NULL)
			return fail(sc->res, i < sc->lx->ntokens ?
			    SMS_BAD_VALUE : SMS_MISSING_FIELD,
			    sc->cb->vocabs[ch->vocab].name);
		sc->res->report.choice[k] = cb_word_value(w, ch->vocab);
		i += n;
	}
	while (i < sc->lx->ntokens) {
		if ((r = scan_village(sc, &i)) != 0 ||
		    (c->has_sex && (r = scan_sex(sc, &i)) != 0) ||
		    (r = scan_number(sc, &i)) != 0 ||
		    (c->period != CB_PERIOD_NONE &&
		    (r = scan_period(sc, &i)) != 0) ||
		    (r = scan_choice(sc, &i)) != 0 ||
		    (r = scan_flag(sc, &i)) != 0) {
			if (r == -1)
				return sc->res->error;
			continue;
		}
		sc->left[i++] = 1;
		sc->nleft++;
	}
	assign_numbers(sc);
	return finish_report(sc);
}

/* A reference number ("123", "#124"). */
static enum sms_error
parse_ref(struct scan *sc, size_t i)
{
	const char	*suffix;
	long		 v;
	int		 toolong;

	if (i >= sc->lx->ntokens)
		return fail(sc->res, SMS_MISSING_FIELD, "ref");
	if (read_number(lex_str(sc->lx, i), sc->lx->tok[i].len, &v, &suffix,
	    &toolong) == -1 || *suffix != '\0' || v < 1 || v > SMS_REF_MAX)
		return fail(sc->res, SMS_BAD_VALUE, "ref");
	sc->res->ref = v;
	return SMS_OK;
}

static enum sms_error	parse_text(const struct codebook *, const char *,
			    size_t, const struct local_time *,
			    struct sms_result *, int);

static enum sms_error
parse_correct(struct scan *sc, size_t i, int depth)
{
	struct sms_result	 inner;
	size_t			 start;
	enum sms_error		 e;

	if ((e = parse_ref(sc, i)) != SMS_OK)
		return e;
	if (++i >= sc->lx->ntokens)
		return fail(sc->res, SMS_MISSING_FIELD, "report");
	start = sc->lx->tok[i].src_start;
	e = parse_text(sc->cb, sc->text + start, sc->textlen - start, sc->at,
	    &inner, depth + 1);
	if (e != SMS_OK) {
		sc->res->error = e;
		sc->res->field = inner.field;
		sc->res->suggest = inner.suggest;
		memcpy(sc->res->token, inner.token, sizeof(inner.token));
		return e;
	}
	if (inner.kind != CB_INCIDENT && inner.kind != CB_COVERAGE)
		return fail(sc->res, SMS_BAD_VALUE, "report");
	sc->res->report = inner.report;
	return SMS_OK;
}

static enum sms_error
parse_register(struct scan *sc, size_t i)
{
	if (i >= sc->lx->ntokens)
		return fail(sc->res, SMS_MISSING_FIELD, "village");
	if (scan_village(sc, &i) != 1)
		return fail(sc->res, SMS_BAD_VALUE, "village");
	if (i >= sc->lx->ntokens)
		return fail(sc->res, SMS_MISSING_FIELD, "name");
	copy_original(sc->lx, sc->text, NULL, i, sc->res->name,
	    sizeof(sc->res->name), SMS_NAME_CHARS);
	return SMS_OK;
}

/*
 * Finds the code: prefix words are skipped when a code follows, a code
 * glued to digits ("DN1") is split.  Returns the code and sets *next to the
 * first token after it, or NULL.
 */
static const struct cb_code *
find_code(const struct codebook *cb, struct lexed *lx, size_t *next)
{
	const struct cb_word	*w;
	size_t			 i = 0, n, p;

	while (longest(cb, lx, i, W_PREFIX, 0, &p) != NULL &&
	    longest(cb, lx, i + p, W_CODE, 0, &n) != NULL)
		i += p;
	if ((w = longest(cb, lx, i, W_CODE, 0, &n)) != NULL) {
		*next = i + n;
		return &cb->codes[cb_word_code(w)];
	}
	if (i < lx->ntokens) {		/* "DN1", "MN42" */
		struct lex_token	*t = &lx->tok[i];
		const char		*s = lex_str(lx, i);
		size_t			 nl = letters(s, t->len);

		if (nl == 0 || nl == t->len || s[nl] < '0' || s[nl] > '9' ||
		    lx->ntokens == LEX_TOKENS_MAX ||
		    lx->buflen + (t->len - nl) + 1 > LEX_TEXT_MAX)
			return NULL;
		w = codebook_lookup(cb, s, nl);
		if (w == NULL || cb_word_code(w) < 0)
			return NULL;
		/* split the token in two: the digits go to a new token */
		memmove(&lx->tok[i + 2], &lx->tok[i + 1],
		    (lx->ntokens - i - 1) * sizeof(*t));
		lx->ntokens++;
		lx->tok[i + 1] = *t;
		lx->tok[i + 1].off = (uint16_t)lx->buflen;
		lx->tok[i + 1].len = (uint16_t)(t->len - nl);
		memcpy(lx->buf + lx->buflen, s + nl, t->len - nl + 1);
		lx->buflen += t->len - nl + 1;
		lx->buf[t->off + nl] = '\0';
		if ((size_t)(t->src_end - t->src_start) == t->len) {
			t->src_end = (uint16_t)(t->src_start + nl);
			lx->tok[i + 1].src_start = t->src_end;
		}
		t->len = (uint16_t)nl;
		*next = i + 1;
		return &cb->codes[cb_word_code(w)];
	}
	return NULL;
}

static int
only_question_marks(const char *s, size_t len)
{
	size_t	i;
	int	seen = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '?')
			seen = 1;
		else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\n')
			return 0;
	}
	return seen;
}

static void
result_init(struct sms_result *r)
{
	int k;

	r->error = SMS_OK;
	r->field = NULL;
	r->suggest = NULL;
	r->token[0] = '\0';
	r->kind = CB_HELP;
	r->code = NULL;
	r->ref = 0;
	r->name[0] = '\0';
	r->help = NULL;
	memset(&r->report, 0, sizeof(r->report));
	r->report.sex = -1;
	r->report.village = -1;
	for (k = 0; k < CB_MAX_CHOICES; k++)
		r->report.choice[k] = -1;
}

static enum sms_error
parse_text(const struct codebook *cb, const char *text, size_t len,
    const struct local_time *at, struct sms_result *r, int depth)
{
	struct lexed	 lx;
	struct scan	 sc;
	size_t		 i, n;

	result_init(r);
	if (len > LEX_INPUT_MAX)
		return fail(r, SMS_TOO_LONG, NULL);
	lex_text(text, len, &lx);
	if (lx.ntokens == 0) {
		if (only_question_marks(text, len)) {
			r->kind = CB_HELP;
			return SMS_OK;
		}
		return fail(r, SMS_EMPTY, NULL);
	}
	memset(&sc, 0, sizeof(sc));
	sc.cb = cb;
	sc.lx = &lx;
	sc.text = text;
	sc.textlen = len;
	sc.at = at;
	sc.res = r;
	if ((sc.code = find_code(cb, &lx, &i)) == NULL) {
		const char *first = lex_str(&lx, 0);

		n = lx.tok[0].len < sizeof(r->token) ? lx.tok[0].len :
		    sizeof(r->token) - 1;
		memcpy(r->token, first, n);
		r->token[n] = '\0';
		r->suggest = sms_suggest(cb, r->token);
		return fail(r, SMS_UNKNOWN_CODE, NULL);
	}
	r->code = sc.code;
	r->kind = sc.code->kind;
	r->report.code = sc.code;
	switch (sc.code->kind) {
	case CB_INCIDENT:
	case CB_COVERAGE:
	case CB_ZERO:
		return parse_report(&sc, i);
	case CB_REGISTER:
		return parse_register(&sc, i);
	case CB_CANCEL:
		return parse_ref(&sc, i);
	case CB_CORRECT:
		if (depth > 0)		/* "SUA 1 SUA 2 ..." */
			return fail(r, SMS_BAD_VALUE, "report");
		return parse_correct(&sc, i, depth);
	case CB_HELP: {
		const struct cb_word *w = longest(cb, &lx, i, W_CODE, 0, &n);

		if (w != NULL)
			r->help = &cb->codes[cb_word_code(w)];
		return SMS_OK;
	}
	case CB_STATUS:
	case CB_NKINDS:
		break;
	}
	return SMS_OK;
}

enum sms_error
sms_parse(const struct codebook *cb, const char *text, size_t len,
    const struct local_time *at, struct sms_result *r)
{
	return parse_text(cb, text, len, at, r, 0);
}

int
sms_is_alert(const struct codebook *cb, const struct sms_report *rep)
{
	const struct cb_code	*c = rep->code;
	int			 k;

	if (c == NULL || c->kind != CB_INCIDENT)
		return 0;
	if (rep->flags & (unsigned)cb->alert_flags)
		return 1;
	switch (c->alert) {
	case CB_ALERT_ALWAYS:
		return 1;
	case CB_ALERT_NEVER:
		return 0;
	case CB_ALERT_WHEN:
		if (c->alert_vocab == CB_VOCAB_FLAG)
			return (rep->flags >> c->alert_value) & 1;
		for (k = 0; k < c->nchoices; k++)
			if (c->choices[k].vocab == c->alert_vocab &&
			    rep->choice[k] == c->alert_value)
				return 1;
		return 0;
	}
	return 0;
}
