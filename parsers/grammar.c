/*
 * The typed-slot grammar.  A message is CODE followed by tokens that fill
 * the code's slots by type (reportgw-codes(7), MESSAGES); the code book says
 * which slots a code has, so this file knows no code by name.
 */
#include <string.h>

#include "grammar_int.h"
#include "lexer.h"
#include "sms.h"

const char *const sms_error_names[SMS_NERRORS] = {
	"ok", "empty", "too_long", "unknown_code", "missing_field",
	"bad_value", "inconsistent"
};

const char *const sms_review_names[SMS_NREVIEWS] = {
	"none", "code", "death", "missing", "age"
};

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
		return gr_fail(sc->res, sc->nleft ? SMS_BAD_VALUE :
		    SMS_MISSING_FIELD, missing);
	for (k = 0; k < c->nnumbers; k++) {
		const struct cb_number *n = &c->numbers[k];

		if (!sc->filled[k]) {
			if (!n->optional)
				return gr_fail(sc->res, sc->nleft ?
				    SMS_BAD_VALUE : SMS_MISSING_FIELD,
				    n->name);
			rep->values[k] = n->def;
			continue;
		}
		if (rep->values[k] < n->min || rep->values[k] > n->max)
			return gr_fail(sc->res, SMS_BAD_VALUE, n->name);
	}
	if (missing != NULL)
		return gr_fail(sc->res, sc->nleft ? SMS_BAD_VALUE :
		    SMS_MISSING_FIELD, missing);
	for (k = 0; k < c->nchoices; k++)
		if (rep->choice[k] == -1)
			rep->choice[k] = c->choices[k].def;
	for (k = 0; k < c->nrules; k++)
		if (rep->values[c->rules[k].lhs] > rep->values[c->rules[k].rhs])
			return gr_fail(sc->res, SMS_INCONSISTENT,
			    c->numbers[c->rules[k].lhs].name);
	if (c->period != CB_PERIOD_NONE && !sc->period_set)
		rep->period = period_default(c->period, c->grace_hours, sc->at);
	if ((k = gr_number_slot(c, CB_ROLE_COUNT)) >= 0)
		rep->count = (int)rep->values[k];
	else if (c->kind == CB_INCIDENT)
		rep->count = 1;
	if ((k = gr_number_slot(c, CB_ROLE_AGE)) >= 0)
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
		w = gr_longest(sc->cb, sc->lx, i, W_VALUE, ch->vocab, &n);
		if (w == NULL)
			return gr_fail(sc->res, i < sc->lx->ntokens ?
			    SMS_BAD_VALUE : SMS_MISSING_FIELD,
			    sc->cb->vocabs[ch->vocab].name);
		sc->res->report.choice[k] = cb_word_value(w, ch->vocab);
		i += n;
	}
	while (i < sc->lx->ntokens) {
		if ((r = gr_scan_village(sc, &i)) != 0 ||
		    (c->has_sex && (r = gr_scan_sex(sc, &i)) != 0) ||
		    (r = gr_scan_number(sc, &i)) != 0 ||
		    (c->period != CB_PERIOD_NONE &&
		    (r = gr_scan_period(sc, &i)) != 0) ||
		    (r = gr_scan_choice(sc, &i)) != 0 ||
		    (r = gr_scan_flag(sc, &i)) != 0) {
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
		return gr_fail(sc->res, SMS_MISSING_FIELD, "ref");
	if (gr_read_number(lex_str(sc->lx, i), sc->lx->tok[i].len, &v, &suffix,
	    &toolong) == -1 || *suffix != '\0' || v < 1 || v > SMS_REF_MAX)
		return gr_fail(sc->res, SMS_BAD_VALUE, "ref");
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
		return gr_fail(sc->res, SMS_MISSING_FIELD, "report");
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
		return gr_fail(sc->res, SMS_BAD_VALUE, "report");
	sc->res->report = inner.report;
	return SMS_OK;
}

/*
 * An officer's case command: CODE <ref> [target] [note].  A referral
 * reads its target from the "target" vocabulary; the rest is the note.
 */
static enum sms_error
parse_case(struct scan *sc, size_t i)
{
	const struct cb_word	*w;
	enum sms_error		 e;
	size_t			 n;
	int			 v;

	if ((e = parse_ref(sc, i)) != SMS_OK)
		return e;
	i++;
	if (sc->code->case_action == CB_CASE_REFER) {
		v = codebook_vocab(sc->cb, CB_VOCAB_TARGET_NAME);
		if (i >= sc->lx->ntokens)
			return gr_fail(sc->res, SMS_MISSING_FIELD,
			    CB_VOCAB_TARGET_NAME);
		if (v < 0 || (w = gr_longest(sc->cb, sc->lx, i, W_VALUE, v,
		    &n)) == NULL)
			return gr_fail(sc->res, SMS_BAD_VALUE,
			    CB_VOCAB_TARGET_NAME);
		sc->res->target = cb_word_value(w, v);
		i += n;
	}
	copy_original(sc->lx, sc->text, NULL, i, sc->res->note,
	    sizeof(sc->res->note), SMS_NOTE_CHARS);
	return SMS_OK;
}

static enum sms_error
parse_register(struct scan *sc, size_t i)
{
	if (i >= sc->lx->ntokens)
		return gr_fail(sc->res, SMS_MISSING_FIELD, "village");
	if (gr_scan_village(sc, &i) != 1)
		return gr_fail(sc->res, SMS_BAD_VALUE, "village");
	if (i >= sc->lx->ntokens)
		return gr_fail(sc->res, SMS_MISSING_FIELD, "name");
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

	while (gr_longest(cb, lx, i, W_PREFIX, 0, &p) != NULL &&
	    gr_longest(cb, lx, i + p, W_CODE, 0, &n) != NULL)
		i += p;
	if ((w = gr_longest(cb, lx, i, W_CODE, 0, &n)) != NULL) {
		*next = i + n;
		return &cb->codes[cb_word_code(w)];
	}
	if (i < lx->ntokens) {		/* "DN1", "MN42" */
		struct lex_token	*t = &lx->tok[i];
		const char		*s = lex_str(lx, i);
		size_t			 nl = gr_letters(s, t->len);

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
	r->nmore = 0;
	r->review = SMS_REVIEW_NONE;
	r->review_code = NULL;
	r->target = -1;
	r->note[0] = '\0';
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
		return gr_fail(r, SMS_TOO_LONG, NULL);
	lex_text(text, len, &lx);
	if (lx.ntokens == 0) {
		if (only_question_marks(text, len)) {
			r->kind = CB_HELP;
			return SMS_OK;
		}
		return gr_fail(r, SMS_EMPTY, NULL);
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
		return gr_fail(r, SMS_UNKNOWN_CODE, NULL);
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
			return gr_fail(r, SMS_BAD_VALUE, "report");
		return parse_correct(&sc, i, depth);
	case CB_HELP: {
		const struct cb_word *w = gr_longest(cb, &lx, i, W_CODE, 0, &n);
		const char *suffix;
		long page;
		int toolong;

		if (w != NULL) {
			r->help = &cb->codes[cb_word_code(w)];
			i += n;
		}
		/* "HD 2", "HD HC 2": a page of the list, in ref */
		if (i < lx.ntokens && gr_read_number(lex_str(&lx, i),
		    lx.tok[i].len, &page, &suffix, &toolong) == 0 &&
		    *suffix == '\0' && page >= 1 && page <= SMS_REF_MAX)
			r->ref = page;
		return SMS_OK;
	}
	case CB_CASE:
		return parse_case(&sc, i);
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

int
sms_result_alerts(const struct codebook *cb, const struct sms_result *r)
{
	int k;

	if (r->review != SMS_REVIEW_NONE)
		return 1;
	if (r->error != SMS_OK)
		return 0;
	if (sms_is_alert(cb, &r->report))
		return 1;
	for (k = 0; k < r->nmore; k++)
		if (sms_is_alert(cb, &r->more[k]))
			return 1;
	return 0;
}
