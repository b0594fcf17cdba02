/*
 * Own words: a report written as people talk ("Chau be 7 tuoi bi duoi
 * nuoc da chet"), read when no code reading works (reportgw-codes(7),
 * OWN WORDS).  A code's phrases name it anywhere; the code book's
 * vocabularies say the rest.  The rules:
 *
 * - the longest word or phrase at each place wins, and a word that is part
 *   of it is not read again ("xam hai" is not the number 2);
 * - a number (digits or words, "hai", "muoi lam") is an age only before an
 *   age unit ("7 tuoi", "18 thang", "1 tuoi ruoi", or glued "12t") and a
 *   count only before a child word ("2 tre", "hai chau"); "so sinh" is 0
 *   months; other numbers fill only plain numeric slots;
 * - single words of fewer than OWN_LETTERS_MIN letters fill no slot (T, G,
 *   C, CA are codes, read in coded messages);
 * - a sex word next to a child word ("be trai", "chau gai") wins over one
 *   elsewhere; none, or two that disagree, is the sex vocabulary's
 *   words_default (unknown);
 * - a code named only by words that are also a value of another named
 *   code's slot is that value ("chet" after "duoi nuoc" is the outcome of
 *   drowning, not a death of its own); of the codes left, the most urgent
 *   (alert always, then sometimes, then never) wins ("bi danh chet": a
 *   death); two codes left as urgent are not understood;
 * - the whole part is the note.
 *
 * Pure, no allocation; the word table is the one of the code book.
 */
#include <string.h>

#include "grammar_int.h"
#include "lexer.h"
#include "sms.h"

#define ITEMS_MAX	200	/* words read in one report */
#define CANDS_MAX	8	/* codes named in one report */

/* A word or phrase of the part, or a number in digits, or neither. */
struct item {
	const struct cb_word	*w;	/* NULL: digits, or no word known */
	long			 num;	/* its value as a number, or -1 */
	int			 unit;	/* glued age unit: 0 years, 1 months */
	int			 fills;	/* long enough to fill a slot */
	size_t			 tok, n;
};

/* What the words say, before the code is known. */
struct heard {
	int		 codes[CANDS_MAX];
	int		 ncodes;
	long		 age;		/* months, or -1 */
	int		 ages;		/* 2: two different ages */
	long		 count;		/* or -1 */
	int		 counts;
	long		 plain[CB_MAX_NUMBERS];
	int		 nplain;
	int		 sex, sex_prio, sex_clash;
	int		 value[CB_MAX_VOCABS];	/* first value, or -1 */
	int		 clash[CB_MAX_VOCABS];	/* a different one too */
	unsigned	 flags;
	int		 village;
};

static size_t
cut_items(const struct msg *m, const struct seg *seg, struct item *it)
{
	const struct lexed	*lx = m->lx;
	const char		*s, *suffix;
	size_t			 i = seg->from, n, k = 0;
	int			 toolong;
	long			 v;

	while (i < seg->to && k < ITEMS_MAX) {
		struct item *t = &it[k++];

		t->tok = i;
		t->unit = -1;
		t->num = -1;
		t->w = gr_longest(m->cb, lx, i, seg->to, W_OWN, 0, &n);
		if (t->w != NULL) {
			t->n = n;
			t->num = gr_number_word(m->cb, t->w);
			t->fills = gr_own_long_enough(lx, i, n);
			i += n;
			continue;
		}
		t->n = 1;
		t->fills = 0;
		s = lex_str(lx, i);
		if (gr_read_number(s, lx->tok[i].len, &v, &suffix,
		    &toolong) == 0 && (*suffix == '\0' ||
		    (t->unit = gr_age_unit(m->cb, suffix, lx->tok[i].len -
		    (size_t)(suffix - s))) != -1))
			t->num = v;
		i++;
	}
	return k;
}

/* The age unit an item is (0 years, 1 months), or -1. */
static int
unit_of(const struct codebook *cb, const struct item *t)
{
	int v;

	if (t->w == NULL ||
	    (v = cb_word_value(t->w, CB_VOCAB_AGE_UNIT)) < 0)
		return -1;
	return v == cb->age_years ? 0 : v == cb->age_months ? 1 : -1;
}

static int
is_value(const struct item *t, int vocab, int value)
{
	return t->w != NULL && vocab >= 0 && value >= 0 &&
	    cb_word_value(t->w, vocab) == value;
}

static void
hear_age(struct heard *h, long months)
{
	if (h->age >= 0 && h->age != months)
		h->ages = 2;
	if (h->age < 0)
		h->age = months;
}

/*
 * A number at item *j: an age before a unit, a count before a child word.
 * Returns 1 when taken (and moves *j to its last item), 0 when not.
 */
static int
hear_number(const struct codebook *cb, const struct item *it, size_t nit,
    size_t *j, struct heard *h)
{
	const struct item	*t = &it[*j];
	const struct item	*nx = *j + 1 < nit ? &it[*j + 1] : NULL;
	int			 unit = t->unit;

	if (unit == -1 && nx != NULL && (unit = unit_of(cb, nx)) != -1)
		(*j)++;
	else if (unit == -1 && nx != NULL && nx->w != NULL &&
	    gr_child_word(cb, nx->w)) {
		if (h->count >= 0 && h->count != t->num)
			h->counts = 2;
		h->count = t->num;
		return 1;
	}
	if (unit == -1) {
		if (t->w != NULL && !gr_child_word(cb, t->w) &&
		    cb_word_own(t->w) && (cb_word_value(t->w, CB_VOCAB_SEX) >= 0 ||
		    cb_word_phrase_code(t->w) >= 0))
			return 0;	/* "nam": a sex word after all */
		if (h->nplain < CB_MAX_NUMBERS)
			h->plain[h->nplain++] = t->num;
		return 1;
	}
	/* "1 tuoi ruoi", "3 thang tuoi" */
	nx = *j + 1 < nit ? &it[*j + 1] : NULL;
	if (unit == 0 && nx != NULL &&
	    is_value(nx, CB_VOCAB_AGE_UNIT, cb->age_half)) {
		(*j)++;
		hear_age(h, t->num * 12 + 6);
		return 1;
	}
	if (unit == 1 && nx != NULL && unit_of(cb, nx) == 0 && nx->fills)
		(*j)++;
	hear_age(h, unit ? t->num : t->num * 12);
	return 1;
}

static void
hear_code(struct heard *h, int code)
{
	int k;

	for (k = 0; k < h->ncodes; k++)
		if (h->codes[k] == code)
			return;
	if (h->ncodes < CANDS_MAX)
		h->codes[h->ncodes++] = code;
}

static void
hear_sex(const struct codebook *cb, const struct item *it, size_t nit,
    size_t j, struct heard *h)
{
	int sex = cb_word_value(it[j].w, CB_VOCAB_SEX), prio = 0;

	if (gr_child_word(cb, it[j].w) ||
	    (j > 0 && it[j - 1].w != NULL && gr_child_word(cb, it[j - 1].w)))
		prio = 2;		/* "be trai", "chau gai" */
	else if (j + 1 < nit && it[j + 1].num >= 0)
		prio = 1;		/* "gai 7 tuoi" */
	if (h->sex >= 0 && prio < h->sex_prio)
		return;
	if (h->sex >= 0 && prio == h->sex_prio && sex != h->sex)
		h->sex_clash = 1;
	if (h->sex < 0 || prio > h->sex_prio) {
		h->sex = sex;
		h->sex_prio = prio;
		h->sex_clash = 0;
	}
}

static void
hear_word(const struct codebook *cb, const struct item *it, size_t nit,
    size_t j, struct heard *h)
{
	const struct cb_word	*w = it[j].w;
	int			 v, val;

	if (cb_word_phrase_code(w) >= 0 &&
	    cb->codes[cb_word_phrase_code(w)].kind == CB_INCIDENT)
		hear_code(h, cb_word_phrase_code(w));
	if (cb->age_newborn >= 0 &&
	    cb_word_value(w, CB_VOCAB_AGE_UNIT) == cb->age_newborn)
		hear_age(h, 0);
	if (cb_word_village(w) >= 0 && h->village < 0)
		h->village = cb_word_village(w);
	if (!it[j].fills)
		return;
	if (cb_word_value(w, CB_VOCAB_SEX) >= 0)
		hear_sex(cb, it, nit, j, h);
	if ((val = cb_word_value(w, CB_VOCAB_FLAG)) >= 0)
		h->flags |= 1u << val;
	for (v = CB_NBUILTIN_VOCABS; v < cb->nvocabs; v++) {
		if ((val = cb_word_value(w, v)) < 0)
			continue;
		if (h->value[v] >= 0 && h->value[v] != val)
			h->clash[v] = 1;
		if (h->value[v] < 0)
			h->value[v] = val;
	}
}

/* Whether word w is a value of one of code c's choice slots. */
static int
value_of_code(const struct codebook *cb, const struct cb_word *w, int c)
{
	const struct cb_code	*code = &cb->codes[c];
	int			 k;

	for (k = 0; k < code->nchoices; k++)
		if (cb_word_value(w, code->choices[k].vocab) >= 0)
			return 1;
	return 0;
}

/* How urgent a code is: always alerts, may alert, never. */
static int
rank(const struct cb_code *c)
{
	return c->alert == CB_ALERT_ALWAYS ? 2 : c->alert == CB_ALERT_WHEN;
}

/*
 * Drops the codes named only by words that are values of another named
 * code's slots, then the codes less urgent than another.  Returns the
 * number of codes left.
 */
static int
settle_codes(const struct codebook *cb, const struct item *it, size_t nit,
    struct heard *h)
{
	int	 keep[CANDS_MAX], k, o, n = 0;
	size_t	 j;

	for (k = 0; k < h->ncodes; k++) {
		keep[k] = 0;
		for (j = 0; j < nit && !keep[k]; j++) {
			int only_value = 0;

			if (it[j].w == NULL ||
			    cb_word_phrase_code(it[j].w) != h->codes[k])
				continue;
			for (o = 0; o < h->ncodes; o++)
				if (o != k && value_of_code(cb, it[j].w,
				    h->codes[o]))
					only_value = 1;
			keep[k] = !only_value;
		}
	}
	for (k = 0; k < h->ncodes; k++)
		if (keep[k])
			h->codes[n++] = h->codes[k];
	if (n == 0 && h->ncodes > 0)
		n = 1;			/* each a value of the other: the first */
	for (k = 0, o = 0; k < n; k++)
		if (rank(&cb->codes[h->codes[k]]) > o)
			o = rank(&cb->codes[h->codes[k]]);
	h->ncodes = 0;
	for (k = 0; k < n; k++)
		if (rank(&cb->codes[h->codes[k]]) == o)
			h->codes[h->ncodes++] = h->codes[k];
	return h->ncodes;
}

/* Fills the report of code c from what was heard; returns the error. */
static enum sms_error
fill(struct scan *sc, const struct heard *h)
{
	const struct codebook	*cb = sc->cb;
	const struct cb_code	*c = sc->code;
	struct sms_report	*rep = sc->rep;
	int			 k, slot, p = 0, v;

	if (c->has_sex)
		rep->sex = h->sex >= 0 && !h->sex_clash ? h->sex :
		    cb->vocabs[CB_VOCAB_SEX].words_default;
	if (h->ages > 1) {
		sc->seg->missing = 1;
		return gr_fail(sc, SMS_BAD_VALUE, "age");
	}
	if (h->age >= 0 && gr_set_age(sc, h->age) == -1)
		return sc->seg->error;
	if ((slot = gr_number_slot(c, CB_ROLE_COUNT)) >= 0 && h->count >= 0) {
		if (h->counts > 1)
			return gr_fail(sc, SMS_BAD_VALUE, c->numbers[slot].name);
		sc->filled[slot] = 1;
		rep->values[slot] = h->count;
	}
	for (k = 0; k < c->nnumbers && p < h->nplain; k++)
		if (c->numbers[k].role == CB_ROLE_PLAIN && !sc->filled[k]) {
			sc->filled[k] = 1;
			rep->values[k] = h->plain[p++];
		}
	for (k = 0; k < c->nchoices; k++) {
		v = c->choices[k].vocab;
		if (h->clash[v]) {
			sc->seg->missing = 1;
			return gr_fail(sc, SMS_BAD_VALUE, cb->vocabs[v].name);
		}
		rep->choice[k] = h->value[v] >= 0 ? h->value[v] :
		    cb->vocabs[v].words_default;
	}
	if (c->kind == CB_INCIDENT)
		rep->flags = h->flags;
	rep->village = h->village;
	return gr_finish(sc);
}

enum sms_error
gr_read_words(const struct msg *m, struct seg *seg, struct sms_report *rep)
{
	const struct codebook	*cb = m->cb;
	struct item		 it[ITEMS_MAX];
	struct heard		 h;
	struct scan		 sc;
	size_t			 nit, j;
	int			 v;

	gr_report_init(rep, NULL);
	memset(&h, 0, sizeof(h));
	h.age = h.count = -1;
	h.sex = h.village = -1;
	for (v = 0; v < CB_MAX_VOCABS; v++)
		h.value[v] = -1;
	nit = cut_items(m, seg, it);
	for (j = 0; j < nit; j++) {
		if (it[j].num >= 0 && hear_number(cb, it, nit, &j, &h))
			continue;
		if (it[j].w != NULL)
			hear_word(cb, it, nit, j, &h);
	}
	seg->code = seg->maybe = NULL;
	seg->field = NULL;
	seg->missing = seg->age_range = 0;
	if (h.ncodes > 0)
		seg->maybe = &cb->codes[h.codes[0]];
	if (settle_codes(cb, it, nit, &h) != 1) {
		seg->error = h.ncodes == 0 ? SMS_UNKNOWN_CODE : SMS_BAD_VALUE;
		seg->field = h.ncodes == 0 ? NULL : "code";
		return seg->error;
	}
	gr_scan_init(&sc, m, seg, rep, &cb->codes[h.codes[0]]);
	if (fill(&sc, &h) != SMS_OK)
		return seg->error;
	rep->words = 1;
	gr_copy_original(m->lx, m->text, NULL, seg->from, seg->to, rep->note,
	    sizeof(rep->note), SMS_NOTE_CHARS);
	return SMS_OK;
}

int
gr_only_values_of(const struct msg *m, const struct seg *seg,
    const struct cb_code *c)
{
	const struct cb_word	*w;
	size_t			 i, n;
	int			 named = 0;

	for (i = seg->from; i < seg->to; i += n) {
		w = gr_longest(m->cb, m->lx, i, seg->to, W_OWN, 0, &n);
		if (w == NULL) {
			n = 1;
			continue;
		}
		if (cb_word_phrase_code(w) < 0)
			continue;
		if (!value_of_code(m->cb, w, c->index))
			return 0;
		named = 1;
	}
	return named;
}
