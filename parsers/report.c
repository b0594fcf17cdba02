/*
 * One report from a part of a message: the code, then slots by type
 * (reportgw-codes(7), MESSAGES).  The code comes first (glued to its slots
 * or not), or after slots that make the report complete ("G 9 BL"); when
 * no code reading works, the part is read as own words (words.c).  The
 * code book says which slots a code has, so this file knows no code by
 * name.
 */
#include <string.h>

#include "grammar_int.h"
#include "lexer.h"
#include "sms.h"

void
gr_copy_original(const struct lexed *lx, const char *text, const char *left,
    size_t from, size_t to, char *out, size_t outsz, size_t max_chars)
{
	size_t	i = from, n = 0, chars = 0;

	out[0] = '\0';
	if (to > lx->ntokens)
		to = lx->ntokens;
	while (i < to) {
		size_t	start, end, k;

		if (left != NULL && !left[i]) {
			i++;
			continue;
		}
		start = lx->tok[i].src_start;
		while (i + 1 < to && (left == NULL || left[i + 1]))
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

void
gr_report_init(struct sms_report *rep, const struct cb_code *c)
{
	int k;

	memset(rep, 0, sizeof(*rep));
	rep->code = c;
	rep->sex = -1;
	rep->village = -1;
	for (k = 0; k < CB_MAX_CHOICES; k++)
		rep->choice[k] = -1;
}

void
gr_scan_init(struct scan *sc, const struct msg *m, struct seg *seg,
    struct sms_report *rep, const struct cb_code *code)
{
	sc->cb = m->cb;
	sc->code = code;
	sc->m = m;
	sc->lx = m->lx;
	sc->seg = seg;
	sc->rep = rep;
	sc->skip = (size_t)-1;
	sc->skip_complete = 0;
	sc->state = SCAN_OPEN;
	/* only the part's tokens are read (split() clears what it adds) */
	memset(sc->left + seg->from, 0, seg->to - seg->from);
	sc->nleft = 0;
	memset(sc->filled, 0, sizeof(sc->filled));
	sc->nuntagged = 0;
	sc->period_set = 0;
	gr_report_init(rep, code);
	seg->code = seg->maybe = code;
	seg->error = SMS_OK;
	seg->field = NULL;
	seg->missing = seg->age_range = 0;
}

/* The first required slot still empty, for missing_field / bad_value. */
static const char *
first_missing(struct scan *sc)
{
	const struct cb_code	*c = sc->code;
	const struct sms_report	*rep = sc->rep;
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

/* Whether the required numeric slots have their numbers (tagged or not). */
static int
numbers_complete(const struct scan *sc)
{
	const struct cb_code	*c = sc->code;
	int			 k, open = 0;

	for (k = 0; k < c->nnumbers; k++)
		if (!sc->filled[k] && !c->numbers[k].optional)
			open++;
	return open <= sc->nuntagged;
}

/* Whether every required slot is filled: what follows is a note. */
static int
complete(const struct scan *sc)
{
	const struct cb_code	*c = sc->code;
	int			 k;

	if (c->has_sex && sc->rep->sex == -1)
		return 0;
	for (k = 0; k < c->nchoices; k++)
		if (sc->rep->choice[k] == -1 && c->choices[k].required)
			return 0;
	return numbers_complete(sc);
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
		sc->rep->values[open[k]] = v;
		sc->filled[open[k]] = 1;
	}
	sc->nuntagged = 0;
}

/* A slot left empty: missing, or a bad value when words were not read. */
static enum sms_error
fail_missing(struct scan *sc, const char *field)
{
	sc->seg->missing = 1;
	return gr_fail(sc, sc->nleft ? SMS_BAD_VALUE : SMS_MISSING_FIELD,
	    field);
}

enum sms_error
gr_finish(struct scan *sc)
{
	const struct cb_code	*c = sc->code;
	struct sms_report	*rep = sc->rep;
	const char		*missing;
	int			 k;

	assign_numbers(sc);
	missing = first_missing(sc);
	/* report problems in slot order: sex, numbers, choices */
	if (missing != NULL && strcmp(missing, "sex") == 0)
		return fail_missing(sc, missing);
	for (k = 0; k < c->nnumbers; k++) {
		const struct cb_number *n = &c->numbers[k];

		if (!sc->filled[k]) {
			if (!n->optional)
				return fail_missing(sc, n->name);
			rep->values[k] = n->def;
			continue;
		}
		if (rep->values[k] < n->min || rep->values[k] > n->max) {
			sc->seg->age_range = n->role == CB_ROLE_AGE;
			return gr_fail(sc, SMS_BAD_VALUE, n->name);
		}
	}
	if (missing != NULL)
		return fail_missing(sc, missing);
	for (k = 0; k < c->nchoices; k++)
		if (rep->choice[k] == -1)
			rep->choice[k] = c->choices[k].def;
	for (k = 0; k < c->nrules; k++)
		if (rep->values[c->rules[k].lhs] > rep->values[c->rules[k].rhs])
			return gr_fail(sc, SMS_INCONSISTENT,
			    c->numbers[c->rules[k].lhs].name);
	if (c->period != CB_PERIOD_NONE && !sc->period_set)
		rep->period = period_default(c->period, c->grace_hours,
		    sc->m->at);
	if ((k = gr_number_slot(c, CB_ROLE_COUNT)) >= 0)
		rep->count = (int)rep->values[k];
	else if (c->kind == CB_INCIDENT)
		rep->count = 1;
	if ((k = gr_number_slot(c, CB_ROLE_AGE)) >= 0) {
		rep->age_months = (int)rep->values[k];
		rep->implausible = rep->age_months < c->plausible_min_age;
	}
	if (sc->nleft > 0)
		gr_copy_original(sc->lx, sc->m->text, sc->left, sc->seg->from,
		    sc->seg->to, rep->note, sizeof(rep->note),
		    SMS_NOTE_CHARS);
	return SMS_OK;
}

/* Whether the word at *i is a child word ("chau", "be"); skips it. */
static int
child_word(struct scan *sc, size_t *i)
{
	const struct cb_word	*w;
	size_t			 n;

	if (sc->cb->vocab_child < 0 || (w = gr_longest(sc->cb, sc->lx, *i,
	    sc->seg->to, W_VALUE, sc->cb->vocab_child, &n)) == NULL)
		return 0;
	*i += n;
	return 1;
}

/* Whether token i is a number, digits or glued ("12", "9T", "1O"). */
static int
is_number(const struct lexed *lx, size_t i)
{
	const char	*suffix;
	long		 v;
	int		 toolong;

	return gr_read_number(lex_str(lx, i), lx->tok[i].len, &v, &suffix,
	    &toolong) == 0 || toolong;
}

/*
 * Reads slot tokens from token i to the part's end.  The note begins at
 * the first word that is no slot word once the report is complete; before
 * that, such a word is kept for the note and the reading goes on, but
 * once the numeric slots have their numbers, numbers are the note's
 * ("DN T 7 luc 5 gio C").  Returns the error.
 */
static enum sms_error
read_slots(struct scan *sc, size_t i)
{
	const struct cb_code	*c = sc->code;
	int			 r;

	while (i < sc->seg->to) {
		if (i == sc->skip) {
			sc->skip_complete = complete(sc);
			i++;
			continue;
		}
		if (sc->state == SCAN_NOTE ||
		    (sc->state == SCAN_NUMLOCK && is_number(sc->lx, i))) {
			sc->left[i++] = 1;
			sc->nleft++;
			continue;
		}
		if ((r = gr_scan_village(sc, &i)) != 0 ||
		    (r = gr_scan_number_word(sc, &i)) != 0 ||
		    (c->has_sex && (r = gr_scan_sex(sc, &i)) != 0) ||
		    (r = gr_scan_number(sc, &i)) != 0 ||
		    (c->period != CB_PERIOD_NONE &&
		    (r = gr_scan_period(sc, &i)) != 0) ||
		    (r = gr_scan_choice(sc, &i)) != 0 ||
		    (r = gr_scan_flag(sc, &i)) != 0) {
			if (r == -1)
				return sc->seg->error;
			continue;
		}
		if (!complete(sc) && child_word(sc, &i))
			continue;
		if (complete(sc))
			sc->state = SCAN_NOTE;
		else if (numbers_complete(sc))
			sc->state = SCAN_NUMLOCK;
		sc->left[i++] = 1;
		sc->nleft++;
	}
	return gr_finish(sc);
}

/* Incident, coverage and zero reports: positional choices, then slots. */
static enum sms_error
read_coded(struct scan *sc, size_t i)
{
	const struct cb_code	*c = sc->code;
	int			 k;

	for (k = 0; k < c->nchoices; k++) {
		const struct cb_choice *ch = &c->choices[k];
		const struct cb_word *w;
		size_t n;

		if (!ch->positional)
			continue;
		w = gr_longest(sc->cb, sc->lx, i, sc->seg->to, W_VALUE,
		    ch->vocab, &n);
		if (w == NULL) {
			sc->seg->missing = 1;
			return gr_fail(sc, i < sc->seg->to ? SMS_BAD_VALUE :
			    SMS_MISSING_FIELD, sc->cb->vocabs[ch->vocab].name);
		}
		sc->rep->choice[k] = cb_word_value(w, ch->vocab);
		i += n;
	}
	return read_slots(sc, i);
}

/*
 * A code glued to its slots: "DN1", "MN42", "BLG9", "BLGAI9" (the code,
 * then digits or a sex word and digits).  Returns the code's length in
 * letters, or 0.
 */
static size_t
glued_code(const struct codebook *cb, const char *s, size_t len)
{
	const struct cb_word	*w;
	size_t			 nl = gr_letters(s, len), p, sl;

	if (nl == 0 || nl == len || s[nl] < '0' || s[nl] > '9')
		return 0;
	for (p = nl; p > 0; p--) {
		w = codebook_lookup(cb, s, p);
		if (w == NULL || cb_word_code(w) < 0)
			continue;
		if (p == nl)
			return p;
		sl = nl - p;	/* the letters between: a sex word? */
		w = codebook_lookup(cb, s + p, sl);
		if (w != NULL && cb_word_value(w, CB_VOCAB_SEX) >= 0)
			return p;
	}
	return 0;
}

/*
 * The longest code word or phrase at token i: "khong di hoc" (a phrase of
 * dropping out) before "khong" (nothing to report).
 */
static const struct cb_word *
code_at(const struct codebook *cb, const struct lexed *lx, size_t i,
    size_t end, size_t *n)
{
	return gr_longest(cb, lx, i, end, W_NAMES, 0, n);
}

const struct cb_code *
gr_find_code(const struct codebook *cb, struct lexed *lx, size_t *i,
    size_t *end, enum named *how)
{
	const struct cb_word	*w;
	const struct cb_code	*c;
	size_t			 n, p, at;
	int			 k;

	while (gr_longest(cb, lx, *i, *end, W_PREFIX, 0, &p) != NULL &&
	    code_at(cb, lx, *i + p, *end, &n) != NULL)
		*i += p;
	if ((w = code_at(cb, lx, *i, *end, &n)) != NULL) {
		k = cb_word_code(w) >= 0 ? cb_word_code(w) :
		    cb_word_phrase_code(w);
		c = &cb->codes[k];
		*how = cb_word_code(w) < 0 ? NAMED_PHRASE : n > 1 ||
		    strcmp(lex_str(lx, *i), c->code) != 0 ? NAMED_ALIAS :
		    NAMED_CODE;
		*i += n;
		return c;
	}
	if (*i >= *end || (at = glued_code(cb, lex_str(lx, *i),
	    lx->tok[*i].len)) == 0 || lex_split(lx, *i, at) == -1)
		return NULL;
	(*end)++;
	w = codebook_lookup(cb, lex_str(lx, *i), lx->tok[*i].len);
	c = &cb->codes[cb_word_code(w)];
	*how = strcmp(lex_str(lx, *i), c->code) != 0 ? NAMED_ALIAS :
	    NAMED_CODE;
	(*i)++;
	return c;
}

static int
report_kind(const struct cb_code *c)
{
	return c->kind == CB_INCIDENT || c->kind == CB_COVERAGE ||
	    c->kind == CB_ZERO;
}

/*
 * "Tre em bi danh": a coverage code named by an alias that is everyday
 * words ("tre em") only counts when nothing but figures follows it.
 */
static int
words_follow(const struct scan *sc)
{
	size_t i;

	for (i = sc->seg->from; i < sc->seg->to; i++)
		if (sc->left[i] && !is_number(sc->lx, i))
			return 1;
	return 0;
}

/* A sex word glued to a number: "G9", "GAI9". */
static int
glued_slot(const struct codebook *cb, const char *s, size_t len)
{
	const struct cb_word	*w;
	size_t			 nl = gr_letters(s, len);

	return nl > 0 && nl < len && s[nl] >= '0' && s[nl] <= '9' &&
	    (w = codebook_lookup(cb, s, nl)) != NULL &&
	    cb_word_value(w, CB_VOCAB_SEX) >= 0;
}

/*
 * A code after its slots ("G 9 BL"): the tokens before the first code
 * word are all slot words and make that code's report complete (words
 * after the code are the note, or slot words that add to it).  Reads
 * it into rep and returns 1 (seg set), or 0.
 */
static int
read_code_after(const struct msg *m, struct seg *seg, struct sms_report *rep)
{
	struct scan		 sc;
	const struct cb_word	*w = NULL;
	size_t			 i, n, at;

	for (i = seg->from; i < seg->to; i += n) {
		n = 1;
		if (is_number(m->lx, i) || glued_slot(m->cb, lex_str(m->lx, i),
		    m->lx->tok[i].len))
			continue;
		w = gr_longest(m->cb, m->lx, i, seg->to, W_OWN, 0, &n);
		if (w != NULL && cb_word_code(w) < 0 &&
		    cb_word_phrase_code(w) < 0 && !cb_word_prefix(w))
			continue;
		if ((w = code_at(m->cb, m->lx, i, seg->to, &n)) == NULL ||
		    cb_word_code(w) < 0 || n != 1 || i == seg->from)
			return 0;
		break;
	}
	if (i >= seg->to || w == NULL || (m->cb->codes[cb_word_code(w)].kind !=
	    CB_INCIDENT && m->cb->codes[cb_word_code(w)].kind != CB_COVERAGE))
		return 0;
	at = i;
	gr_scan_init(&sc, m, seg, rep, &m->cb->codes[cb_word_code(w)]);
	sc.skip = at;
	sc.state = SCAN_OPEN;
	/* the slots before the code complete the report by themselves */
	return read_coded(&sc, seg->from) == SMS_OK && sc.skip_complete;
}

enum sms_error
gr_read_report(const struct msg *m, struct seg *seg, struct sms_report *rep)
{
	struct scan		 sc;
	struct seg		 wseg;
	struct sms_report	 wrep;
	const struct cb_code	*c;
	size_t			 i = seg->from;
	enum named		 how = NAMED_CODE;
	int			 suspect;

	gr_report_init(rep, NULL);		/* whatever reading fails */
	c = gr_find_code(m->cb, m->lx, &i, &seg->to, &how);
	if (c != NULL && !report_kind(c))
		c = NULL;
	if (c == NULL) {
		if (read_code_after(m, seg, rep))
			return SMS_OK;
		return gr_read_words(m, seg, rep);
	}
	gr_scan_init(&sc, m, seg, rep, c);
	read_coded(&sc, i);
	suspect = how != NAMED_CODE && c->kind == CB_COVERAGE &&
	    words_follow(&sc);
	if (seg->error == SMS_OK && !suspect) {
		rep->words = how == NAMED_PHRASE;
		return SMS_OK;
	}
	/* not a coded report: maybe own words ("Tre em 9 tuoi bi danh") */
	wseg = *seg;
	if (gr_read_words(m, &wseg, &wrep) == SMS_OK ||
	    (wseg.maybe != NULL && (suspect || wseg.maybe != seg->code))) {
		*seg = wseg;
		*rep = wrep;
	} else if (suspect && seg->error != SMS_OK)
		seg->maybe = NULL;	/* everyday words, no code at all */
	return seg->error;
}
