/*
 * The message: what its first code says it is (a report, a registration,
 * a cancellation, a correction, help, a case command), and for reports,
 * the parts that each hold one (reportgw-codes(7), MESSAGES and SEVERAL
 * REPORTS).  A part is read by report.c (codes) or words.c (own words);
 * a message not understood but urgent goes to review (review.c).
 */
#include <string.h>

#include "grammar_int.h"
#include "lexer.h"
#include "sms.h"

#define CUTS_MAX	32	/* places a message may be cut into parts */

const char *const sms_error_names[SMS_NERRORS] = {
	"ok", "empty", "too_long", "unknown_code", "missing_field",
	"bad_value", "inconsistent"
};

const char *const sms_review_names[SMS_NREVIEWS] = {
	"none", "code", "death", "missing", "age"
};

static enum sms_error
fail(struct sms_result *r, enum sms_error e, const char *field)
{
	r->error = e;
	r->field = field;
	return e;
}

/* A reference number ("123", "#124") at token i. */
static enum sms_error
parse_ref(const struct msg *m, size_t i)
{
	const struct lexed	*lx = m->lx;
	const char		*suffix;
	long			 v;
	int			 toolong;

	if (i >= lx->ntokens)
		return fail(m->res, SMS_MISSING_FIELD, "ref");
	if (gr_read_number(lex_str(lx, i), lx->tok[i].len, &v, &suffix,
	    &toolong) == -1 || *suffix != '\0' || v < 1 || v > SMS_REF_MAX)
		return fail(m->res, SMS_BAD_VALUE, "ref");
	m->res->ref = v;
	return SMS_OK;
}

static enum sms_error	parse_text(const struct codebook *, const char *,
			    size_t, const struct local_time *,
			    struct sms_result *, int);

static enum sms_error
parse_correct(const struct msg *m, size_t i, int depth)
{
	struct sms_result	 inner;
	struct sms_result	*r = m->res;
	size_t			 start;
	enum sms_error		 e;

	if ((e = parse_ref(m, i)) != SMS_OK)
		return e;
	if (++i >= m->lx->ntokens)
		return fail(r, SMS_MISSING_FIELD, "report");
	start = m->lx->tok[i].src_start;
	e = parse_text(m->cb, m->text + start, m->textlen - start, m->at,
	    &inner, depth + 1);
	if (e != SMS_OK) {
		r->error = e;
		r->field = inner.field;
		r->suggest = inner.suggest;
		memcpy(r->token, inner.token, sizeof(inner.token));
		return e;
	}
	/* one report only: the one that replaces the old one */
	if ((inner.kind != CB_INCIDENT && inner.kind != CB_COVERAGE) ||
	    inner.nmore > 0)
		return fail(r, SMS_BAD_VALUE, "report");
	r->report = inner.report;
	return SMS_OK;
}

/*
 * An officer's case command: CODE <ref> [target] [note].  A referral
 * reads its target from the "target" vocabulary; the rest is the note.
 */
static enum sms_error
parse_case(const struct msg *m, const struct cb_code *c, size_t i)
{
	const struct cb_word	*w;
	struct sms_result	*r = m->res;
	enum sms_error		 e;
	size_t			 n;
	int			 v;

	if ((e = parse_ref(m, i)) != SMS_OK)
		return e;
	i++;
	if (c->case_action == CB_CASE_REFER) {
		v = codebook_vocab(m->cb, CB_VOCAB_TARGET_NAME);
		if (i >= m->lx->ntokens)
			return fail(r, SMS_MISSING_FIELD,
			    CB_VOCAB_TARGET_NAME);
		if (v < 0 || (w = gr_longest(m->cb, m->lx, i, m->lx->ntokens,
		    W_VALUE, v, &n)) == NULL)
			return fail(r, SMS_BAD_VALUE, CB_VOCAB_TARGET_NAME);
		r->target = cb_word_value(w, v);
		i += n;
	}
	gr_copy_original(m->lx, m->text, NULL, i, m->lx->ntokens, r->note,
	    sizeof(r->note), SMS_NOTE_CHARS);
	return SMS_OK;
}

static enum sms_error
parse_register(const struct msg *m, size_t i)
{
	const struct lexed	*lx = m->lx;
	const struct cb_word	*w;
	struct sms_result	*r = m->res;

	if (i >= lx->ntokens)
		return fail(r, SMS_MISSING_FIELD, "village");
	w = codebook_lookup(m->cb, lex_str(lx, i), lx->tok[i].len);
	if (w == NULL || cb_word_village(w) < 0)
		return fail(r, SMS_BAD_VALUE, "village");
	r->report.village = cb_word_village(w);
	if (++i >= lx->ntokens)
		return fail(r, SMS_MISSING_FIELD, "name");
	gr_copy_original(lx, m->text, NULL, i, lx->ntokens, r->name,
	    sizeof(r->name), SMS_NAME_CHARS);
	return SMS_OK;
}

static int
report_kind(enum cb_kind k)
{
	return k == CB_INCIDENT || k == CB_COVERAGE || k == CB_ZERO;
}

/*
 * Whether another report may start at token i, after a comma or full
 * stop: a phrase, an incident code, a coverage code by its short form (its
 * aliases are everyday words: "tre em"), or a child word (a new sentence
 * about a child; a part that names no code joins its neighbour anyway).
 */
static int
starts_report(const struct codebook *cb, const struct lexed *lx, size_t i)
{
	const struct cb_word	*w;
	const struct cb_code	*c;
	size_t			 n;

	if (gr_longest(cb, lx, i, lx->ntokens, W_PHRASE, 0, &n) != NULL)
		return 1;
	if ((w = gr_longest(cb, lx, i, lx->ntokens, W_OWN, 0, &n)) != NULL &&
	    gr_child_word(cb, w))
		return 1;
	if ((w = gr_longest(cb, lx, i, lx->ntokens, W_CODE, 0, &n)) == NULL)
		return 0;
	c = &cb->codes[cb_word_code(w)];
	return c->kind == CB_INCIDENT || (c->kind == CB_COVERAGE &&
	    strcmp(cb_word_text(w), c->code) == 0);
}

static struct sms_report *
report_at(struct sms_result *r, int k)
{
	return k == 0 ? &r->report : &r->more[k - 1];
}

/* Whether tokens [from, to) hold no number in digits. */
static int
no_figures(const struct lexed *lx, size_t from, size_t to)
{
	size_t i, k;

	for (i = from; i < to; i++)
		for (k = 0; k < lx->tok[i].len; k++)
			if (lex_str(lx, i)[k] >= '0' && lex_str(lx, i)[k] <= '9')
				return 0;
	return 1;
}

/*
 * The reports of a message.  A line break or ";" may end one, and a comma
 * or full stop followed by a code or phrase.  A part that names no code
 * belongs to the report before it (its note or slots: "BL\nG\n9"), or to
 * the one after it when none came before; so does a part that only names
 * the code of the report before it again, without figures, one whose
 * code words are values of that report's slots ("..., da chet": the
 * outcome), and a later "nothing to report" ("khong ..." is everyday
 * words); a first one is dropped when reports follow it.  Fills
 * segs[] and returns how many (SMS_MAX_REPORTS + 1: too many).
 */
static int
read_parts(const struct msg *m, struct seg *segs)
{
	const struct lexed	*lx = m->lx;
	struct sms_report	 scratch;
	struct seg		 s, *prev;
	size_t			 cut[CUTS_MAX], ncut = 0, n0 = lx->ntokens, i;
	size_t			 pending = (size_t)-1, shift, k;
	int			 n = 0;

	cut[ncut++] = 0;
	for (i = 1; i < lx->ntokens && ncut < CUTS_MAX; i++)
		if (lx->tok[i].sep == LEX_SEP_HARD ||
		    (lx->tok[i].sep == LEX_SEP_SOFT &&
		    starts_report(m->cb, lx, i)))
			cut[ncut++] = i;
	for (k = 0; k < ncut; k++) {
		shift = lx->ntokens - n0;	/* tokens split so far */
		s.from = pending != (size_t)-1 ? pending : cut[k] + shift;
		s.to = (k + 1 < ncut ? cut[k + 1] : n0) + shift;
		gr_read_report(m, &s, n < SMS_MAX_REPORTS ? report_at(m->res,
		    n) : &scratch);
		prev = n > 0 ? &segs[n - 1] : NULL;
		if (s.maybe != NULL && !(prev != NULL && (s.maybe->kind ==
		    CB_ZERO || (s.maybe == prev->maybe &&
		    no_figures(lx, s.from, s.to)) || (prev->maybe != NULL &&
		    gr_only_values_of(m, &s, prev->maybe))))) {
			if (n == SMS_MAX_REPORTS)
				return SMS_MAX_REPORTS + 1;
			segs[n++] = s;
			pending = (size_t)-1;
		} else if (prev == NULL) {
			pending = s.from;
			segs[0] = s;	/* the whole message, when the last */
		} else {
			prev->to = s.to;
			gr_read_report(m, prev, report_at(m->res, n - 1));
		}
	}
	return n > 0 ? n : 1;
}

/* Incident, coverage and zero reports: one or several. */
static enum sms_error
parse_reports(const struct msg *m)
{
	struct sms_result	*r = m->res;
	struct seg		 segs[SMS_MAX_REPORTS];
	const struct cb_code	*c;
	int			 n, k;
	size_t			 len;

	if ((n = read_parts(m, segs)) > SMS_MAX_REPORTS) {
		gr_review(m, NULL);
		return fail(r, SMS_TOO_LONG, NULL);
	}
	for (k = 0; k < n; k++)
		if (segs[k].error != SMS_OK)
			break;
	if (k == n && n > 1 && segs[0].code->kind == CB_ZERO) {
		/* "KO" then a report: the report says there is something */
		for (k = 1; k < n; k++) {
			segs[k - 1] = segs[k];
			*report_at(r, k - 1) = *report_at(r, k);
		}
		k = --n;
	}
	if (k == n) {
		r->code = segs[0].code;
		r->kind = r->code->kind;
		r->nmore = n - 1;
		return SMS_OK;
	}
	if (k > 0)		/* the report that failed comes first */
		r->report = *report_at(r, k);
	c = segs[k].code != NULL ? segs[k].code : segs[k].maybe;
	if (c != NULL) {
		r->code = c;
		r->kind = c->kind;
	} else if (segs[k].error == SMS_UNKNOWN_CODE) {
		/* the first word is no code */
		len = m->lx->tok[segs[k].from].len;
		if (len >= sizeof(r->token))
			len = sizeof(r->token) - 1;
		memcpy(r->token, lex_str(m->lx, segs[k].from), len);
		r->token[len] = '\0';
		r->suggest = sms_suggest(m->cb, r->token);
	}
	fail(r, segs[k].error, segs[k].field);
	gr_review(m, &segs[k]);
	return r->error;
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
	struct lexed		 lx;
	struct msg		 m;
	const struct cb_code	*c;
	const struct cb_word	*w;
	size_t			 i = 0, n;
	enum named		 how;

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
	m.cb = cb;
	m.lx = &lx;
	m.text = text;
	m.textlen = len;
	m.at = at;
	m.res = r;
	n = lx.ntokens;
	c = gr_find_code(cb, &lx, &i, &n, &how);
	if (c == NULL || report_kind(c->kind))
		return parse_reports(&m);
	r->code = c;
	r->kind = c->kind;
	switch (c->kind) {
	case CB_REGISTER:
		parse_register(&m, i);
		break;
	case CB_CANCEL:
		parse_ref(&m, i);
		break;
	case CB_CORRECT:
		if (depth > 0)		/* "SUA 1 SUA 2 ..." */
			fail(r, SMS_BAD_VALUE, "report");
		else
			parse_correct(&m, i, depth);
		break;
	case CB_HELP: {
		const char	*suffix;
		long		 page;
		int		 toolong;

		w = gr_longest(cb, &lx, i, lx.ntokens, W_CODE, 0, &n);
		if (w != NULL) {
			r->help = &cb->codes[cb_word_code(w)];
			i += n;
		}
		/* "HD 2", "HD HC 2": a page of the list, in ref */
		if (i < lx.ntokens && gr_read_number(lex_str(&lx, i),
		    lx.tok[i].len, &page, &suffix, &toolong) == 0 &&
		    *suffix == '\0' && page >= 1 && page <= SMS_REF_MAX)
			r->ref = page;
		break;
	}
	case CB_CASE:
		parse_case(&m, c, i);
		break;
	default:
		break;
	}
	if (r->error != SMS_OK)
		gr_review(&m, NULL);
	return r->error;
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
