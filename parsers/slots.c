/*
 * The slot readers of the grammar (grammar.c): words looked up in the
 * code book, numbers with their units, ages, periods, sex, choices, flags
 * and villages, each taking the tokens it understands.  Pure.
 */
#include <stdint.h>
#include <string.h>

#include "grammar_int.h"
#include "lexer.h"
#include "sms.h"

enum sms_error
gr_fail(struct scan *sc, enum sms_error e, const char *field)
{
	sc->seg->error = e;
	sc->seg->field = field;
	return e;
}

/* Looks up token i, once per message. */
static const struct cb_word *
lookup_1(const struct codebook *cb, const struct lexed *lx, size_t i)
{
	const struct cb_word *w;

	if (lx->memo[i] == NULL) {
		w = codebook_lookup(cb, lex_str(lx, i), lx->tok[i].len);
		/* the memo is a cache: the lexed text stays the same */
		((struct lexed *)(uintptr_t)lx)->memo[i] = w != NULL ?
		    (const void *)w : lex_memo_none;
	}
	return lx->memo[i] == lex_memo_none ? NULL : lx->memo[i];
}

/*
 * Looks up the phrases of 2 to n tokens at token i, joined by spaces, in
 * one pass: found[k] gets the entry of k + 1 tokens, or NULL.
 */
static void
lookup_phrases(const struct codebook *cb, const struct lexed *lx, size_t i,
    size_t n, const struct cb_word *found[CB_PHRASE_MAX])
{
	char		buf[CB_WORD_MAX * CB_PHRASE_MAX];
	size_t		len = 0, k;
	uint32_t	h = CB_HASH_INIT;

	for (k = 0; k < n; k++) {
		const struct lex_token *t = &lx->tok[i + k];

		found[k] = NULL;
		if (len + t->len + 1 >= sizeof(buf))
			break;
		if (k > 0) {
			buf[len++] = ' ';
			h = codebook_hash(h, " ", 1);
		}
		memcpy(buf + len, lx->buf + t->off, t->len);
		h = codebook_hash(h, lx->buf + t->off, t->len);
		len += t->len;
		if (k > 0)
			found[k] = codebook_lookup_hashed(cb, buf, len, h);
	}
	for (; k < n; k++)
		found[k] = NULL;
}

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
	case W_PHRASE:
		return cb_word_phrase_code(w) >= 0;
	case W_OWN:
		return cb_word_own(w);
	case W_NAMES:
		return cb_word_code(w) >= 0 || cb_word_phrase_code(w) >= 0;
	}
	return 0;
}

_Static_assert(CB_PHRASE_MAX == LEX_PHRASE_MEMO + 1,
    "the lexer keeps the phrases of 2 to CB_PHRASE_MAX words");

/*
 * The phrases of 2 and 3 words at token i (found[1], found[2]), looked up
 * once per message: memo_phrase[i][0] is set when they were, [1] holds
 * the one of 3 words when [0] is that of 2.
 */
static void
phrases_at(const struct codebook *cb, const struct lexed *lx, size_t i,
    size_t max, const struct cb_word *found[CB_PHRASE_MAX])
{
	struct lexed	*memo = (struct lexed *)(uintptr_t)lx;	/* cache */
	const void	*m0 = lx->memo_phrase[i][0];

	if (m0 == NULL) {
		lookup_phrases(cb, lx, i, max, found);
		memo->memo_phrase[i][0] = found[1] != NULL ?
		    (const void *)found[1] : lex_memo_none;
		memo->memo_phrase[i][1] = max > 2 && found[2] != NULL ?
		    (const void *)found[2] : lex_memo_none;
		return;
	}
	found[0] = NULL;
	found[1] = m0 == lex_memo_none ? NULL : m0;
	found[2] = lx->memo_phrase[i][1] == lex_memo_none ? NULL :
	    lx->memo_phrase[i][1];
}

/*
 * The longest phrase at token i that means what we want; *n gets its
 * length in tokens.  NULL when none.
 */
const struct cb_word *
gr_longest(const struct codebook *cb, const struct lexed *lx, size_t i,
    size_t end, enum want what, int vocab, size_t *n)
{
	const struct cb_word	*first, *found[CB_PHRASE_MAX];
	size_t			 k, max;

	if (end > lx->ntokens)
		end = lx->ntokens;
	if (i >= end || (first = lookup_1(cb, lx, i)) == NULL)
		return NULL;
	max = (size_t)cb_word_phrase(first);
	if (max > lx->ntokens - i)
		max = lx->ntokens - i;
	if (max >= 2) {
		phrases_at(cb, lx, i, max, found);
		if (max > end - i)
			max = end - i;
		for (k = max; k >= 2; k--)
			if (found[k - 1] != NULL &&
			    wanted(found[k - 1], what, vocab)) {
				*n = k;
				return found[k - 1];
			}
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
int
gr_read_number(const char *s, size_t len, long *val, const char **suffix,
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

int
gr_number_slot(const struct cb_code *c, enum cb_role role)
{
	int i;

	for (i = 0; i < c->nnumbers; i++)
		if (c->numbers[i].role == role)
			return i;
	return -1;
}

/* Name of the slot a stray number most likely meant. */
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

int
gr_set_age(struct scan *sc, long months)
{
	int slot = gr_number_slot(sc->code, CB_ROLE_AGE);

	if (sc->filled[slot] && sc->rep->values[slot] != months) {
		sc->seg->missing = 1;	/* two ages: which one? */
		gr_fail(sc, SMS_BAD_VALUE, sc->code->numbers[slot].name);
		return -1;
	}
	sc->filled[slot] = 1;
	sc->rep->values[slot] = months;
	return 1;
}

int
gr_age_unit(const struct codebook *cb, const char *s, size_t len)
{
	int v = word_value(cb, s, len, CB_VOCAB_AGE_UNIT);

	if (v < 0 || (v != cb->age_years && v != cb->age_months))
		return -1;
	return v == cb->age_months;
}

long
gr_number_word(const struct codebook *cb, const struct cb_word *w)
{
	int v;

	if (cb->vocab_number < 0 || (v = cb_word_value(w,
	    cb->vocab_number)) < 0)
		return -1;
	return cb->number_value[v];
}

int
gr_child_word(const struct codebook *cb, const struct cb_word *w)
{
	return cb->vocab_child >= 0 && cb_word_value(w, cb->vocab_child) >= 0;
}

int
gr_own_long_enough(const struct lexed *lx, size_t i, size_t n)
{
	return n > 1 || gr_letters(lex_str(lx, i), lx->tok[i].len) >=
	    OWN_LETTERS_MIN;
}

/* Whether token i is the age word "half" ("1 tuoi ruoi"). */
static int
is_half(const struct scan *sc, size_t i)
{
	const struct cb_word *w;

	if (sc->cb->age_half < 0 || i >= sc->seg->to)
		return 0;
	w = lookup_1(sc->cb, sc->lx, i);
	return w != NULL && cb_word_value(w, CB_VOCAB_AGE_UNIT) ==
	    sc->cb->age_half;
}

/*
 * An age of `amount` in `unit` (0 years, 1 months) read up to token *i:
 * "ruoi" after years adds six months, "tuoi" after months is taken too
 * ("3 thang tuoi").
 */
static int
take_age(struct scan *sc, size_t *i, long amount, int unit)
{
	const char	*s;
	size_t		 len;

	if (unit == 0 && is_half(sc, *i)) {
		(*i)++;
		return gr_set_age(sc, amount * 12 + 6);
	}
	if (unit == 1 && *i < sc->seg->to) {
		s = lex_str(sc->lx, *i);
		len = sc->lx->tok[*i].len;
		if (len > 1 && gr_age_unit(sc->cb, s, len) == 0)
			(*i)++;
	}
	return gr_set_age(sc, unit ? amount : amount * 12);
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
size_t
gr_letters(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && s[i] >= 'A' && s[i] <= 'Z'; i++)
		;
	return i;
}

static int
is_year(const struct scan *sc, size_t i, int *year)
{
	const struct lexed	*lx = sc->lx;
	const char		*s;
	int			 k, y = 0;

	if (i >= sc->seg->to || lx->tok[i].len != 4)
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
 * Splits token i after `at` bytes: what is glued to a slot ("G7C": the
 * outcome C after girl, 7) is read as a word of its own.
 */
static int
split(struct scan *sc, size_t i, size_t at)
{
	if (lex_split(sc->lx, i, at) == -1)
		return -1;
	sc->left[sc->seg->to++] = 0;
	if (sc->skip != (size_t)-1 && sc->skip > i)
		sc->skip++;
	return 0;
}

/* Whether the letters s[0..len) glued after a slot are a word of their own. */
static int
known_suffix(const struct scan *sc, const char *s, size_t len)
{
	const struct cb_word *w = codebook_lookup(sc->cb, s, len);

	return w != NULL && cb_word_own(w);
}

/*
 * A period at token *i: glued "T11", "Q4", "W48" or separate "THANG 11",
 * "QUY 4", "TUAN 48", then an optional year.  Returns 1 and advances *i
 * past it, 0 when the token is no period, or -1 on a bad value (error set).
 */
int
gr_scan_period(struct scan *sc, size_t *i)
{
	const struct lexed	*lx = sc->lx;
	const char		*s = lex_str(lx, *i);
	size_t			 len = lx->tok[*i].len, nl = gr_letters(s, len);
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
		if (gr_read_number(s + nl, len - nl, &num, &suffix,
		    &toolong) == -1 || *suffix != '\0')
			return 0;
	} else {			/* a word of two letters or more */
		if (nl < 2 || next >= sc->seg->to)
			return 0;
		unit = period_unit(sc->cb, s, nl);
		if (unit == CB_PERIOD_NONE)
			return 0;
		if (gr_read_number(lex_str(lx, next), lx->tok[next].len, &num,
		    &suffix, &toolong) == -1 || *suffix != '\0')
			return 0;
		next++;
	}
	if (unit != sc->code->period || num < 1 || num > 53) {
		gr_fail(sc, SMS_BAD_VALUE, "period");
		return -1;
	}
	if (is_year(sc, next, &year)) {
		p.unit = unit;
		p.year = year;
		p.num = (int)num;
		next++;
	} else
		p = period_complete(unit, (int)num, sc->m->at);
	if (!period_valid(&p) || (sc->period_set &&
	    (sc->rep->period.year != p.year ||
	    sc->rep->period.num != p.num))) {
		gr_fail(sc, SMS_BAD_VALUE, "period");
		return -1;
	}
	sc->rep->period = p;
	sc->period_set = 1;
	*i = next;
	return 1;
}

/*
 * A number at token *i: tagged as an age ("9T", "9 TUOI", "8TH",
 * "1 TUOI RUOI") or untagged.  Returns 1 and advances *i, 0 if the token
 * is no number, or -1 on a bad value.
 */
int
gr_scan_number(struct scan *sc, size_t *i)
{
	const struct lexed	*lx = sc->lx;
	const char		*s = lex_str(lx, *i), *suffix;
	size_t			 len = lx->tok[*i].len;
	int			 has_age = gr_number_slot(sc->code, CB_ROLE_AGE) >= 0;
	int			 toolong, unit;
	long			 v;

	if (gr_read_number(s, len, &v, &suffix, &toolong) == -1) {
		if (toolong) {
			gr_fail(sc, SMS_BAD_VALUE, next_number_name(sc));
			return -1;
		}
		return 0;
	}
	if (*suffix != '\0') {
		size_t slen = len - (size_t)(suffix - s);

		unit = has_age ? gr_age_unit(sc->cb, suffix, slen) : -1;
		if (unit == -1 && known_suffix(sc, suffix, slen) &&
		    split(sc, *i, (size_t)(suffix - s)) == 0)
			return gr_scan_number(sc, i);	/* "7C": 7, C */
		if (unit == -1) {
			sc->seg->missing = 1;
			gr_fail(sc, SMS_BAD_VALUE, has_age ?
			    sc->code->numbers[gr_number_slot(sc->code,
			    CB_ROLE_AGE)].name : next_number_name(sc));
			return -1;
		}
		(*i)++;
		return take_age(sc, i, v, unit);
	}
	if (has_age && *i + 1 < sc->seg->to) {
		const char	*n = lex_str(lx, *i + 1);
		size_t		 nlen = lx->tok[*i + 1].len;

		unit = gr_age_unit(sc->cb, n, nlen);
		/* a lone sex word ("T") is never a unit */
		if (unit != -1 && !(sc->code->has_sex &&
		    word_value(sc->cb, n, nlen, CB_VOCAB_SEX) >= 0)) {
			*i += 2;
			return take_age(sc, i, v, unit);
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
 * Numbers in words, and ages in words: "bay tuoi", "hai chau", "so sinh".
 * A number word is an age only before an age unit and a count only before
 * a child word; otherwise it is not taken (0), so "NAM" stays a sex word.
 */
int
gr_scan_number_word(struct scan *sc, size_t *i)
{
	const struct cb_word	*w, *next;
	size_t			 n, nn, j;
	long			 v;
	int			 unit, slot;

	w = gr_longest(sc->cb, sc->lx, *i, sc->seg->to, W_OWN, 0, &n);
	if (w == NULL)
		return 0;
	if (sc->cb->age_newborn >= 0 && cb_word_value(w, CB_VOCAB_AGE_UNIT) ==
	    sc->cb->age_newborn && gr_number_slot(sc->code, CB_ROLE_AGE) >= 0) {
		*i += n;
		return gr_set_age(sc, 0);
	}
	if ((v = gr_number_word(sc->cb, w)) < 0)
		return 0;
	j = *i + n;
	if (j >= sc->seg->to)
		return 0;
	unit = gr_age_unit(sc->cb, lex_str(sc->lx, j), sc->lx->tok[j].len);
	if (unit != -1 && gr_number_slot(sc->code, CB_ROLE_AGE) >= 0) {
		*i = j + 1;
		return take_age(sc, i, v, unit);
	}
	next = gr_longest(sc->cb, sc->lx, j, sc->seg->to, W_OWN, 0, &nn);
	slot = gr_number_slot(sc->code, CB_ROLE_COUNT);
	if (next != NULL && gr_child_word(sc->cb, next) && slot >= 0) {
		if (sc->filled[slot] && sc->rep->values[slot] != v) {
			gr_fail(sc, SMS_BAD_VALUE, sc->code->numbers[slot].name);
			return -1;
		}
		sc->filled[slot] = 1;
		sc->rep->values[slot] = v;
		*i = j;			/* the child word may say the sex */
		return 1;
	}
	return 0;
}

/*
 * Sex, alone ("G") or glued to an age ("G9", "GAI9", "T12TH", "G7C").
 * Returns 1 and advances *i, 0 when the token is neither, -1 on a
 * contradiction.
 */
int
gr_scan_sex(struct scan *sc, size_t *i)
{
	const struct lexed	*lx = sc->lx;
	const struct cb_word	*w;
	const char		*s = lex_str(lx, *i), *suffix;
	size_t			 len = lx->tok[*i].len, nl, n;
	int			 sex, toolong, unit = 0;
	long			 v;

	w = gr_longest(sc->cb, lx, *i, sc->seg->to, W_VALUE, CB_VOCAB_SEX, &n);
	if (w != NULL) {
		if (set_int(&sc->rep->sex, cb_word_value(w, CB_VOCAB_SEX)) ==
		    -1) {
			gr_fail(sc, SMS_BAD_VALUE, "sex");
			return -1;
		}
		*i += n;
		return 1;
	}
	nl = gr_letters(s, len);
	if (nl == 0 || nl == len || gr_number_slot(sc->code, CB_ROLE_AGE) < 0)
		return 0;
	sex = word_value(sc->cb, s, nl, CB_VOCAB_SEX);
	if (sex < 0 || s[nl] < '0' || s[nl] > '9')
		return 0;
	if (gr_read_number(s + nl, len - nl, &v, &suffix, &toolong) == -1)
		return 0;
	if (*suffix != '\0') {
		size_t slen = len - (size_t)(suffix - s);

		if ((unit = gr_age_unit(sc->cb, suffix, slen)) == -1) {
			if (!known_suffix(sc, suffix, slen) ||
			    split(sc, *i, (size_t)(suffix - s)) == -1)
				return 0;
			unit = 0;	/* "G7C": girl, 7 years, then C */
		}
	}
	if (set_int(&sc->rep->sex, sex) == -1) {
		gr_fail(sc, SMS_BAD_VALUE, "sex");
		return -1;
	}
	(*i)++;
	return take_age(sc, i, v, unit);
}

/* A choice word (outcome, subtype, ...).  Same returns as scan_sex. */
int
gr_scan_choice(struct scan *sc, size_t *i)
{
	const struct cb_code	*c = sc->code;
	const struct cb_word	*w;
	size_t			 n;
	int			 k;

	for (k = 0; k < c->nchoices; k++) {
		int vocab = c->choices[k].vocab;

		if (c->choices[k].positional)
			continue;
		w = gr_longest(sc->cb, sc->lx, *i, sc->seg->to, W_VALUE, vocab,
		    &n);
		if (w == NULL)
			continue;
		if (set_int(&sc->rep->choice[k],
		    cb_word_value(w, vocab)) == -1) {
			sc->seg->missing = 1;	/* two outcomes: which one? */
			gr_fail(sc, SMS_BAD_VALUE, sc->cb->vocabs[vocab].name);
			return -1;
		}
		*i += n;
		return 1;
	}
	return 0;
}

int
gr_scan_flag(struct scan *sc, size_t *i)
{
	const struct cb_word	*w;
	size_t			 n;

	if (sc->code->kind != CB_INCIDENT)
		return 0;
	w = gr_longest(sc->cb, sc->lx, *i, sc->seg->to, W_VALUE,
	    CB_VOCAB_FLAG, &n);
	if (w == NULL)
		return 0;
	sc->rep->flags |= 1u << cb_word_value(w, CB_VOCAB_FLAG);
	*i += n;
	return 1;
}

int
gr_scan_village(struct scan *sc, size_t *i)
{
	const struct cb_word	*w;
	int			 v;

	w = lookup_1(sc->cb, sc->lx, *i);
	if (w == NULL || (v = cb_word_village(w)) < 0)
		return 0;
	if (set_int(&sc->rep->village, v) == -1) {
		gr_fail(sc, SMS_BAD_VALUE, "village");
		return -1;
	}
	(*i)++;
	return 1;
}
