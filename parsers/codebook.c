/*
 * The code book's word table: an open-addressing hash from a folded word or
 * phrase to everything it can mean (a code, a prefix, a village, a value in
 * each vocabulary).  One lookup per token answers every question the
 * grammar engine asks of it.
 */
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "fold.h"

#define PHRASE_BYTES	(CB_WORD_MAX * CB_PHRASE_MAX)

struct cb_word {
	char		text[PHRASE_BYTES];
	uint8_t		len;
	uint8_t		used;
	uint8_t		prefix;		/* a skippable prefix word */
	uint8_t		phrase;		/* longest phrase starting here */
	uint8_t		own;		/* means something in own words */
	int16_t		code;
	int16_t		pcode;		/* the code an own-words phrase names */
	int16_t		village;
	int8_t		value[CB_MAX_VOCABS];
};

const char *const cb_reply_names[CB_NREPLIES] = {
	"accepted", "coverage", "zero", "alert", "village", "registered",
	"register_pending", "register_closed", "cancelled", "corrected",
	"help", "help_code", "status", "duplicate", "unknown_sender",
	"not_found", "not_allowed", "empty", "too_long", "unknown_code",
	"suggest", "missing_field", "bad_value", "inconsistent",
	"officer_alert", "officer_cancel", "reminder_weekly",
	"reminder_monthly", "incident_summary",
	"coverage_summary",
	"multi", "words", "review", "officer_review", "implausible",
	"help_page", "help_groups", "this_week", "last_week", "week",
	"or", "bad_age",
	"case_ack", "case_refer", "case_close", "case_reopen", "case_refused",
	"case_not_found", "case_state", "feedback_ack", "feedback_close",
	"escalation", "overdue", "officer_correct", "welcome",
	"village_summary"
};

const char *const cb_ussd_names[CB_NUSSD] = {
	"main", "report", "figures", "zero", "help", "next", "ask_incident",
	"ask_coverage", "ask_village", "ask_sex", "many", "ask_age",
	"ask_months", "ask_count", "ask_number", "ask_choice", "ask_flag",
	"yes", "no", "confirm", "confirm_zero", "village", "this_week",
	"last_week", "send", "cancel", "cancelled", "done", "done_zero",
	"duplicate", "bad_choice", "not_number", "range", "inconsistent",
	"unknown_caller", "busy"
};

const char *const cb_ussd_defaults[CB_NUSSD] = {
	"Bao cao tre em:",
	"Bao su viec",
	"Gui so lieu",
	"Khong co su viec",
	"Huong dan",
	"Tiep",
	"Loai su viec:",
	"Loai so lieu:",
	"Thon nao?",
	"Tre trai hay gai?",
	"Nhieu tre",
	"Tuoi cua tre? (vd: 9)\nTre duoi 2 tuoi: nhap 0",
	"Tre may thang tuoi? ({min}-{max})",
	"Bao nhieu tre?",
	"{label}:",
	"{label}:",
	"{label}?",
	"Co",
	"Khong",
	"Gui bao cao?\n{summary}{village}",
	"Bao khong co su viec {period}{village}?",
	", {village}",
	"tuan nay",
	"tuan truoc",
	"Gui",
	"Huy",
	"Da huy, khong gui bao cao.",
	"Da nhan bao cao so {ref}: {summary}{village}.{alert} Cam on!",
	"Da nhan bao cao so {ref}: khong co su viec {period}{village}. "
	    "Cam on!",
	"Bao cao nay da nhan roi (so {ref}), khong luu lai. Neu la vu khac, "
	    "bao can bo xa.",
	"Sai lua chon.",
	"Can nhap mot so.",
	"Phai tu {min} den {max}.",
	"{field} khong the lon hon {other} ({max}).",
	"So nay chua dang ky. Lien he can bo xa, hoac gui SMS: DK <ma thon> "
	    "<ho ten>",
	"He thong dang ban. Vui long goi lai sau it phut."
};

const char *const cb_kind_names[CB_NKINDS] = {
	"incident", "coverage", "zero", "register", "cancel", "correct",
	"help", "status", "case"
};

const char *const cb_case_action_names[CB_NCASE_ACTIONS] = {
	"ack", "refer", "close", "reopen"
};

static const char *const builtin_vocabs[CB_NBUILTIN_VOCABS] = {
	"sex", "flag", "age_unit", "period_unit"
};

uint32_t
codebook_hash(uint32_t h, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (uint8_t)s[i];
		h *= 16777619u;
	}
	return h;
}

static uint32_t
hash(const char *s, size_t len)
{
	return codebook_hash(CB_HASH_INIT, s, len);
}

static void
word_init(struct cb_word *w)
{
	memset(w, 0, sizeof(*w));
	w->code = -1;
	w->pcode = -1;
	w->village = -1;
	memset(w->value, -1, sizeof(w->value));
}

struct codebook *
codebook_new(void)
{
	struct codebook	*cb;
	size_t		 i;
	int		 v;

	if ((cb = calloc(1, sizeof(*cb))) == NULL)
		return NULL;
	cb->wordmask = 255;
	if ((cb->words = calloc(cb->wordmask + 1, sizeof(*cb->words))) == NULL) {
		free(cb);
		return NULL;
	}
	for (i = 0; i <= cb->wordmask; i++)
		word_init(&cb->words[i]);
	for (v = 0; v < CB_NBUILTIN_VOCABS; v++)
		memcpy(cb->vocabs[v].name, builtin_vocabs[v],
		    strlen(builtin_vocabs[v]) + 1);
	for (v = 0; v < CB_MAX_VOCABS; v++)
		cb->vocabs[v].words_default = -1;
	cb->nvocabs = CB_NBUILTIN_VOCABS;
	cb->vocab_number = cb->vocab_child = -1;
	cb->age_years = cb->age_months = -1;
	cb->age_half = cb->age_newborn = -1;
	cb->grace_days = 10;
	for (v = 0; v < CB_NUSSD; v++)
		memcpy(cb->ussd[v], cb_ussd_defaults[v],
		    strlen(cb_ussd_defaults[v]) + 1);
	return cb;
}

void
codebook_free(struct codebook *cb)
{
	if (cb == NULL)
		return;
	free(cb->words);
	free(cb->villages);
	free(cb->codewords);
	free(cb);
}

const char *
codebook_label(const struct codebook *cb, const char *name)
{
	int i, v;

	for (i = 0; i < cb->nlabels; i++)
		if (strcmp(cb->labels[i].value, name) == 0)
			return cb->labels[i].label;
	if ((v = codebook_vocab(cb, name)) >= 0 && cb->vocabs[v].label[0])
		return cb->vocabs[v].label;
	return name;
}

int
codebook_vocab(const struct codebook *cb, const char *name)
{
	int v;

	for (v = 0; v < cb->nvocabs; v++)
		if (strcmp(cb->vocabs[v].name, name) == 0)
			return v;
	return -1;
}

int
codebook_value(const struct codebook *cb, int v, const char *value)
{
	int i;

	if (v < 0 || v >= cb->nvocabs)
		return -1;
	for (i = 0; i < cb->vocabs[v].nvalues; i++)
		if (strcmp(cb->vocabs[v].values[i].value, value) == 0)
			return i;
	return -1;
}

int
codebook_menu(const struct codebook *cb, enum cb_kind kind,
    int out[CB_MAX_CODES])
{
	int i, j, n = 0;

	for (i = 0; i < cb->ncodes && n < CB_MAX_CODES; i++) {
		const struct cb_code *c = &cb->codes[i];

		if (c->kind != kind)
			continue;
		/* insertion: ranked before unranked, ranks ascending, ties
		 * and unranked codes in code book order */
		for (j = n; j > 0; j--) {
			const struct cb_code *p = &cb->codes[out[j - 1]];

			if (c->menu == 0 ||
			    (p->menu != 0 && p->menu <= c->menu))
				break;
			out[j] = out[j - 1];
		}
		out[j] = i;
		n++;
	}
	return n;
}

/* The shortest one-word spelling of a vocabulary value. */
const char *
codebook_value_word(const struct codebook *cb, int vocab, int value)
{
	const char	*best = NULL;
	size_t		 i;

	for (i = 0; i <= cb->wordmask; i++) {
		const struct cb_word	*w = codebook_word_at(cb, i);
		const char		*t;

		if (w == NULL || cb_word_value(w, vocab) != value)
			continue;
		t = cb_word_text(w);
		if (strchr(t, ' ') != NULL)
			continue;
		if (best == NULL || strlen(t) < strlen(best) ||
		    (strlen(t) == strlen(best) && strcmp(t, best) < 0))
			best = t;
	}
	return best;
}

static struct cb_word *
slot_for(struct cb_word *tab, size_t mask, const char *s, size_t len)
{
	size_t i = hash(s, len) & mask;

	while (tab[i].used &&
	    (tab[i].len != len || memcmp(tab[i].text, s, len) != 0))
		i = (i + 1) & mask;
	return &tab[i];
}

static int
grow(struct codebook *cb)
{
	struct cb_word	*tab;
	size_t		 mask = cb->wordmask * 2 + 1, i;

	if ((tab = calloc(mask + 1, sizeof(*tab))) == NULL)
		return -1;
	for (i = 0; i <= mask; i++)
		word_init(&tab[i]);
	for (i = 0; i <= cb->wordmask; i++) {
		struct cb_word *w = &cb->words[i];

		if (w->used)
			*slot_for(tab, mask, w->text, w->len) = *w;
	}
	for (i = 0; i < cb->ncodewords; i++) {
		struct cb_word *w = &cb->words[cb->codewords[i]];

		cb->codewords[i] = (size_t)(slot_for(tab, mask, w->text,
		    w->len) - tab);
	}
	free(cb->words);
	cb->words = tab;
	cb->wordmask = mask;
	return 0;
}

/* Finds or creates the entry for a folded phrase. */
static struct cb_word *
entry(struct codebook *cb, const char *phrase, size_t len)
{
	struct cb_word *w;

	if ((cb->nwords + 1) * 2 > cb->wordmask + 1 && grow(cb) == -1)
		return NULL;
	w = slot_for(cb->words, cb->wordmask, phrase, len);
	if (!w->used) {
		memcpy(w->text, phrase, len);
		w->text[len] = '\0';
		w->len = (uint8_t)len;
		w->used = 1;
		cb->nwords++;
	}
	return w;
}

/*
 * Folds the word and, for a phrase, marks its first word as starting a
 * phrase of that many words, so the engine knows when to look further.
 */
static struct cb_word *
add_word(struct codebook *cb, const char *word, const char **err)
{
	char		 folded[PHRASE_BYTES];
	size_t		 len, i, first;
	int		 nwords = 1;
	struct cb_word	*w;

	len = fold_phrase(word, folded, sizeof(folded));
	if (len == (size_t)-1) {
		*err = "word or phrase too long";
		return NULL;
	}
	if (len == 0) {
		*err = "empty word";
		return NULL;
	}
	for (i = 0, first = len; i < len; i++)
		if (folded[i] == ' ') {
			if (first == len)
				first = i;
			nwords++;
		}
	if (nwords > CB_PHRASE_MAX) {
		*err = "phrase of more than 3 words";
		return NULL;
	}
	if (nwords > 1) {
		if ((w = entry(cb, folded, first)) == NULL)
			goto nomem;
		if (w->phrase < nwords)
			w->phrase = (uint8_t)nwords;
	}
	if ((w = entry(cb, folded, len)) == NULL)
		goto nomem;
	return w;
nomem:
	*err = "out of memory";
	return NULL;
}

int
codebook_add_code_word(struct codebook *cb, int code, const char *word,
    const char **err)
{
	struct cb_word *w;

	if ((w = add_word(cb, word, err)) == NULL)
		return -1;
	if ((w->code != -1 && w->code != code) ||
	    (w->pcode != -1 && w->pcode != code)) {
		*err = "already names another code";
		return -1;
	}
	if (w->code == -1) {
		size_t *list;

		if ((list = realloc(cb->codewords, (cb->ncodewords + 1) *
		    sizeof(*list))) == NULL) {
			*err = "out of memory";
			return -1;
		}
		cb->codewords = list;
		list[cb->ncodewords++] = (size_t)(w - cb->words);
	}
	w->code = (int16_t)code;
	return 0;
}

int
codebook_add_prefix(struct codebook *cb, const char *word, const char **err)
{
	struct cb_word *w;

	if ((w = add_word(cb, word, err)) == NULL)
		return -1;
	w->prefix = 1;
	w->own = 1;
	return 0;
}

int
codebook_add_vocab_word(struct codebook *cb, int vocab, int value,
    const char *word, const char **err)
{
	struct cb_word *w;

	if ((w = add_word(cb, word, err)) == NULL)
		return -1;
	if (w->value[vocab] != -1 && w->value[vocab] != value) {
		*err = "already means another value of this vocabulary";
		return -1;
	}
	w->value[vocab] = (int8_t)value;
	w->own = 1;
	return 0;
}

int
codebook_add_village(struct codebook *cb, const char *code, const char **err)
{
	struct cb_word	 *w;
	char		(*v)[CB_WORD_MAX];

	if (cb->nvillages == CB_MAX_VILLAGES) {
		*err = "too many villages";
		return -1;
	}
	if ((w = add_word(cb, code, err)) == NULL)
		return -1;
	if (strchr(w->text, ' ') != NULL || w->len >= CB_WORD_MAX) {
		*err = "a village code must be one word of letters and digits";
		return -1;
	}
	if (w->village != -1) {
		*err = "duplicate village code";
		return -1;
	}
	v = realloc(cb->villages, (cb->nvillages + 1) * sizeof(*v));
	if (v == NULL) {
		*err = "out of memory";
		return -1;
	}
	cb->villages = v;
	memcpy(v[cb->nvillages], w->text, (size_t)w->len + 1);
	w->village = (int16_t)cb->nvillages++;
	w->own = 1;
	return 0;
}

int
codebook_add_phrase(struct codebook *cb, int code, const char *phrase,
    const char **err)
{
	struct cb_word *w;

	if ((w = add_word(cb, phrase, err)) == NULL)
		return -1;
	if ((w->pcode != -1 && w->pcode != code) ||
	    (w->code != -1 && w->code != code)) {
		*err = "already names another code";
		return -1;
	}
	w->pcode = (int16_t)code;
	w->own = 1;
	return 0;
}

int
codebook_finish(struct codebook *cb, const char **err)
{
	struct cb_vocab	*nv;
	int		 k;

	cb->vocab_number = codebook_vocab(cb, CB_VOCAB_NUMBER_NAME);
	cb->vocab_child = codebook_vocab(cb, CB_VOCAB_CHILD_NAME);
	cb->age_years = codebook_value(cb, CB_VOCAB_AGE_UNIT, "years");
	cb->age_months = codebook_value(cb, CB_VOCAB_AGE_UNIT, "months");
	cb->age_half = codebook_value(cb, CB_VOCAB_AGE_UNIT, CB_AGE_HALF);
	cb->age_newborn = codebook_value(cb, CB_VOCAB_AGE_UNIT,
	    CB_AGE_NEWBORN);
	if (cb->vocab_number >= 0) {
		nv = &cb->vocabs[cb->vocab_number];
		for (k = 0; k < nv->nvalues; k++) {
			const char	*s = nv->values[k].value;
			long		 n = 0;

			if (s[0] == '\0' || strlen(s) > 2 ||
			    strspn(s, "0123456789") != strlen(s)) {
				*err = "a value of the vocabulary \"number\" "
				    "must be a number from 0 to 99";
				return -1;
			}
			for (; *s != '\0'; s++)
				n = n * 10 + (*s - '0');
			cb->number_value[k] = n;
		}
	}
	return 0;
}

const struct cb_word *
codebook_lookup(const struct codebook *cb, const char *phrase, size_t len)
{
	return codebook_lookup_hashed(cb, phrase, len, hash(phrase, len));
}

const struct cb_word *
codebook_lookup_hashed(const struct codebook *cb, const char *phrase,
    size_t len, uint32_t h)
{
	size_t i;

	if (len >= PHRASE_BYTES)
		return NULL;
	i = h & cb->wordmask;
	while (cb->words[i].used) {
		const struct cb_word *w = &cb->words[i];

		if (w->len == len && memcmp(w->text, phrase, len) == 0)
			return w;
		i = (i + 1) & cb->wordmask;
	}
	return NULL;
}

int
cb_word_code(const struct cb_word *w)
{
	return w->code;
}

int
cb_word_phrase_code(const struct cb_word *w)
{
	return w->pcode;
}

int
cb_word_own(const struct cb_word *w)
{
	return w->own;
}

int
cb_word_prefix(const struct cb_word *w)
{
	return w->prefix;
}

int
cb_word_village(const struct cb_word *w)
{
	return w->village;
}

int
cb_word_phrase(const struct cb_word *w)
{
	return w->phrase;
}

const char *
cb_word_text(const struct cb_word *w)
{
	return w->text;
}

size_t
codebook_ncode_words(const struct codebook *cb)
{
	return cb->ncodewords;
}

const struct cb_word *
codebook_code_word(const struct codebook *cb, size_t i)
{
	return i < cb->ncodewords ? &cb->words[cb->codewords[i]] : NULL;
}

const struct cb_word *
codebook_word_at(const struct codebook *cb, size_t i)
{
	if (i > cb->wordmask || !cb->words[i].used)
		return NULL;
	return &cb->words[i];
}

int
cb_word_value(const struct cb_word *w, int vocab)
{
	return w->value[vocab];
}

const struct cb_code *
codebook_find(const struct codebook *cb, const char *word)
{
	char			 folded[PHRASE_BYTES];
	size_t			 len;
	const struct cb_word	*w;

	len = fold_phrase(word, folded, sizeof(folded));
	if (len == (size_t)-1 || (w = codebook_lookup(cb, folded, len)) == NULL)
		return NULL;
	return w->code >= 0 ? &cb->codes[w->code] : NULL;
}
