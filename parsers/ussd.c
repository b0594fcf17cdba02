/*
 * USSD sessions, replayed from the inputs.  A session is a plan of steps
 * made from the chosen code: village (commune reporters), a positional
 * choice, sex, age, count and the other numbers, the other choices, a
 * flag, then a confirm screen.  Each input either answers the current
 * step or is refused with a reason shown above the same question, so the
 * same inputs always lead to the same screen.  The finished report is
 * written as the SMS a reporter would send, checked with the SMS grammar
 * and handed back: one definition of the language serves both channels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"
#include "sms.h"
#include "ussd.h"

#define ERR_RESERVE	52	/* characters kept free for a refusal */
#define LABEL_MAX	(CB_WORD_MAX + CB_LABEL_MAX + 8)
#define PLAN_MAX	(4 + CB_MAX_CHOICES + CB_MAX_NUMBERS * 2 + 4)

enum step_kind {
	S_MAIN,
	S_CODE,		/* list of codes of one kind */
	S_VILLAGE,
	S_CHOICE,	/* arg: index in code->choices */
	S_SEX,
	S_AGE,		/* arg: number slot; years, 0 asks months */
	S_MONTHS,	/* arg: number slot */
	S_NUMBER,	/* arg: number slot */
	S_FLAG,
	S_CONFIRM
};

struct step {
	enum step_kind	kind;
	int		arg;
};

/* Main menu entries. */
enum main_item { M_REPORT, M_FIGURES, M_ZERO, M_HELP };

struct session {
	const struct ussd_request *rq;
	const struct codebook	*cb;
	struct step		 plan[PLAN_MAX];
	int			 nplan, cur;
	int			 page;		/* first item of the list page */
	enum cb_kind		 list_kind;	/* S_CODE: which codes */
	int			 main[4];	/* main menu: enum main_item */
	int			 nmain;
	const struct cb_code	*code;
	int			 village;	/* index in rq->villages or -1 */
	int			 sex;
	int			 choice[CB_MAX_CHOICES];
	int			 flag;		/* flag value or -1 */
	long			 num[CB_MAX_NUMBERS];
	int			 have[CB_MAX_NUMBERS];
	int			 months[CB_MAX_NUMBERS]; /* age given in months */
	char			 err[LABEL_MAX * 3];	/* refusal shown next */
	struct sms_result	 res;		/* the report, at confirm */
};

static int
count_kind(const struct codebook *cb, enum cb_kind kind)
{
	int i, n = 0;

	for (i = 0; i < cb->ncodes; i++)
		n += cb->codes[i].kind == kind;
	return n;
}

static const struct cb_code *
nth_code(const struct codebook *cb, enum cb_kind kind, int k)
{
	int i;

	for (i = 0; i < cb->ncodes; i++)
		if (cb->codes[i].kind == kind && k-- == 0)
			return &cb->codes[i];
	return NULL;
}

/* A slot's label without its SMS hint: "ket qua (C chet/S song)" -> "ket qua". */
static void
plain_label(const char *label, char *out, size_t outsz)
{
	const char *p = strstr(label, " (");

	snprintf(out, outsz, "%.*s", p != NULL ? (int)(p - label) :
	    (int)strlen(label), label);
}

/* ---- lists ---- */

static int
list_len(const struct session *s, const struct step *st)
{
	switch (st->kind) {
	case S_MAIN:
		return s->nmain;
	case S_CODE:
		return count_kind(s->cb, s->list_kind);
	case S_VILLAGE:
		return (int)s->rq->nvillages;
	case S_CHOICE:
		return s->cb->vocabs[s->code->choices[st->arg].vocab].nvalues;
	case S_SEX:
		return s->cb->vocabs[CB_VOCAB_SEX].nvalues;
	case S_FLAG:
		return 1 + s->cb->vocabs[CB_VOCAB_FLAG].nvalues;
	case S_CONFIRM:
		return 2;
	default:
		return 0;
	}
}

static void
list_item(const struct session *s, const struct step *st, int i, char *out,
    size_t outsz)
{
	const struct codebook	*cb = s->cb;
	const struct cb_code	*c;
	static const enum cb_ussd main_text[] = { CB_U_REPORT, CB_U_FIGURES,
				    CB_U_ZERO, CB_U_HELP };

	switch (st->kind) {
	case S_MAIN:
		text_copy(out, outsz, cb->ussd[main_text[s->main[i]]]);
		break;
	case S_CODE:
		c = nth_code(cb, s->list_kind, i);
		snprintf(out, outsz, "%s %s", c->code, c->name);
		break;
	case S_VILLAGE:
		text_copy(out, outsz, s->rq->village_labels != NULL ?
		    s->rq->village_labels[i] : s->rq->villages[i]);
		break;
	case S_CHOICE:
		text_copy(out, outsz, cb->vocabs[s->code->choices[st->arg]
		    .vocab].values[i].label);
		break;
	case S_SEX:
		text_copy(out, outsz, cb->vocabs[CB_VOCAB_SEX].values[i]
		    .label);
		break;
	case S_FLAG:
		text_copy(out, outsz, i == 0 ? cb->ussd[CB_U_NO_FLAG] :
		    cb->vocabs[CB_VOCAB_FLAG].values[i - 1].label);
		break;
	case S_CONFIRM:
		text_copy(out, outsz, cb->ussd[i == 0 ? CB_U_SEND :
		    CB_U_CANCEL]);
		break;
	default:
		out[0] = '\0';
	}
}

static void
list_title(const struct session *s, const struct step *st, char *out,
    size_t outsz)
{
	const struct codebook	*cb = s->cb;
	char			 label[LABEL_MAX], summary[200];
	struct reply_var	 v[1];

	switch (st->kind) {
	case S_MAIN:
		text_copy(out, outsz, cb->ussd[CB_U_MAIN]);
		break;
	case S_CODE:
		text_copy(out, outsz, cb->ussd[s->list_kind == CB_INCIDENT ?
		    CB_U_ASK_INCIDENT : CB_U_ASK_COVERAGE]);
		break;
	case S_VILLAGE:
		text_copy(out, outsz, cb->ussd[CB_U_ASK_VILLAGE]);
		break;
	case S_CHOICE:
		plain_label(cb->vocabs[s->code->choices[st->arg].vocab].label[0] ?
		    cb->vocabs[s->code->choices[st->arg].vocab].label :
		    cb->vocabs[s->code->choices[st->arg].vocab].name, label,
		    sizeof(label));
		v[0] = (struct reply_var){ "label", label };
		reply_expand(cb->ussd[CB_U_ASK_CHOICE], v, 1, out, outsz);
		break;
	case S_SEX:
		text_copy(out, outsz, cb->ussd[CB_U_ASK_SEX]);
		break;
	case S_FLAG:
		text_copy(out, outsz, cb->ussd[CB_U_ASK_FLAG]);
		break;
	case S_CONFIRM:
		reply_summary(cb, &s->res.report, summary, sizeof(summary));
		v[0] = (struct reply_var){ "summary", summary };
		reply_expand(cb->ussd[CB_U_CONFIRM], v, 1, out, outsz);
		break;
	default:
		out[0] = '\0';
	}
}

/* Appends "\n" and line to a screen of *n bytes if it fits in budget. */
static int
add_line(char *out, size_t *n, size_t budget, const char *line)
{
	size_t len = strlen(line) + (*n > 0);

	if (*n + len > budget)
		return 0;
	if (*n > 0)
		out[(*n)++] = '\n';
	memcpy(out + *n, line, strlen(line) + 1);
	*n += strlen(line);
	return 1;
}

/*
 * Lays out the list page that starts at item `start`: the title, items
 * numbered from 1, and a "next" entry when items are left.  Returns the
 * number of items shown; *more tells whether a next entry was added.
 * Depends only on the list and start, so replays see the same pages.
 */
static int
list_page(const struct session *s, const struct step *st, int start,
    char *out, size_t outsz, int *more)
{
	size_t	budget = USSD_BODY_MAX - ERR_RESERVE, n = 0;
	int	total = list_len(s, st), shown = 0, i;
	char	title[USSD_BODY_MAX + 1], item[LABEL_MAX];
	char	line[LABEL_MAX + 16], next[CB_TEXT_MAX + 16];

	if (budget >= outsz)
		budget = outsz - 1;
	out[0] = '\0';
	list_title(s, st, title, sizeof(title));
	gsm7_fit(title, sizeof(title), budget - 24);
	add_line(out, &n, budget, title);
	for (i = start; i < total; i++) {
		list_item(s, st, i, item, sizeof(item));
		snprintf(line, sizeof(line), "%d. %s", shown + 1, item);
		gsm7_fit(line, sizeof(line), LABEL_MAX);
		snprintf(next, sizeof(next), "%d. %s", shown + 2,
		    s->cb->ussd[CB_U_NEXT]);
		gsm7_fit(next, sizeof(next), LABEL_MAX);
		/* the last item needs no room for "next" */
		if (n + 1 + strlen(line) + (i + 1 < total ? 1 + strlen(next) :
		    0) > budget && shown > 0)
			break;
		add_line(out, &n, budget, line);
		shown++;
	}
	*more = start + shown < total;
	if (*more) {
		snprintf(next, sizeof(next), "%d. %s", shown + 1,
		    s->cb->ussd[CB_U_NEXT]);
		gsm7_fit(next, sizeof(next), LABEL_MAX);
		add_line(out, &n, budget, next);
	}
	return shown;
}

/* ---- numbers ---- */

/* Parses a whole input as a number of at most 6 digits; -1 if not. */
static long
input_number(const char *in, size_t len)
{
	long	v = 0;
	size_t	i;

	if (len == 0 || len > 6)
		return -1;
	for (i = 0; i < len; i++) {
		if (in[i] < '0' || in[i] > '9')
			return -1;
		v = v * 10 + (in[i] - '0');
	}
	return v;
}

/* Parses a whole input as a list choice (1-99); -1 if not. */
static int
input_choice(const char *in, size_t len)
{
	long v = len <= 2 ? input_number(in, len) : -1;

	return v >= 1 ? (int)v : -1;
}

static void
refuse(struct session *s, enum cb_ussd why, const struct reply_var *v,
    size_t nv)
{
	reply_expand(s->cb->ussd[why], v, nv, s->err, sizeof(s->err));
}

static void
refuse_range(struct session *s, long min, long max)
{
	char			lo[24], hi[24];
	struct reply_var	v[2] = { { "min", lo }, { "max", hi } };

	snprintf(lo, sizeof(lo), "%ld", min);
	snprintf(hi, sizeof(hi), "%ld", max);
	refuse(s, CB_U_RANGE, v, 2);
}

/* The range a number step accepts. */
static void
number_range(const struct session *s, const struct step *st, long *min,
    long *max)
{
	const struct cb_number *n = &s->code->numbers[st->arg];

	switch (st->kind) {
	case S_AGE:			/* years; 0 means "ask months" */
		*min = n->min / 12;
		*max = n->max / 12;
		break;
	case S_MONTHS:
		*min = n->min;
		*max = n->max < 11 ? n->max : 11;
		break;
	default:
		*min = n->min;
		*max = n->max;
	}
}

/* Checks the code's rules once both sides are known; 0 if one fails. */
static int
rules_hold(struct session *s, int slot)
{
	const struct cb_code	*c = s->code;
	char			 field[LABEL_MAX], other[LABEL_MAX], max[24];
	struct reply_var	 v[3] = { { "field", field }, { "other", other },
				    { "max", max } };
	int			 r;

	for (r = 0; r < c->nrules; r++) {
		int lhs = c->rules[r].lhs, rhs = c->rules[r].rhs;

		if ((lhs != slot && rhs != slot) || !s->have[lhs] ||
		    !s->have[rhs] || s->num[lhs] <= s->num[rhs])
			continue;
		text_copy(field, sizeof(field), codebook_label(s->cb,
		    c->numbers[lhs].name));
		text_copy(other, sizeof(other), codebook_label(s->cb,
		    c->numbers[rhs].name));
		snprintf(max, sizeof(max), "%ld", s->num[rhs]);
		refuse(s, CB_U_INCONSISTENT, v, 3);
		return 0;
	}
	return 1;
}

/* ---- the plan ---- */

static void
plan_add(struct session *s, enum step_kind kind, int arg)
{
	if (s->nplan < PLAN_MAX)
		s->plan[s->nplan++] = (struct step){ kind, arg };
}

/* The steps a code needs, after its list. */
static void
plan_code(struct session *s)
{
	const struct cb_code	*c = s->code;
	int			 i;

	s->nplan = 0;
	s->cur = 0;
	s->page = 0;
	if (s->rq->nvillages > 0)
		plan_add(s, S_VILLAGE, 0);
	if (c->kind == CB_ZERO)
		return;
	for (i = 0; i < c->nchoices; i++)
		if (c->choices[i].positional)
			plan_add(s, S_CHOICE, i);
	if (c->has_sex)
		plan_add(s, S_SEX, 0);
	for (i = 0; i < c->nnumbers; i++)	/* age first, as people say it */
		if (c->numbers[i].role == CB_ROLE_AGE)
			plan_add(s, S_AGE, i);
	for (i = 0; i < c->nnumbers; i++)
		if (c->numbers[i].role != CB_ROLE_AGE)
			plan_add(s, S_NUMBER, i);
	for (i = 0; i < c->nchoices; i++)
		if (!c->choices[i].positional)
			plan_add(s, S_CHOICE, i);
	if (c->kind == CB_INCIDENT && s->cb->vocabs[CB_VOCAB_FLAG].nvalues > 0)
		plan_add(s, S_FLAG, 0);
	plan_add(s, S_CONFIRM, 0);
}

/* The shortest one-word spelling of a vocabulary value. */
static const char *
value_word(const struct codebook *cb, int vocab, int value)
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

static void
sms_add(char *out, size_t *n, const char *word)
{
	int k;

	if (word == NULL)
		return;
	k = snprintf(out + *n, USSD_SMS_MAX - *n, "%s%s", *n > 0 ? " " : "",
	    word);
	if (k > 0 && (size_t)k < USSD_SMS_MAX - *n)
		*n += (size_t)k;
}

/* Writes the session's report as the SMS a reporter would send. */
static void
write_sms(const struct session *s, char *out)
{
	const struct cb_code	*c = s->code;
	const struct codebook	*cb = s->cb;
	char			 num[32];
	size_t			 n = 0;
	int			 i;

	out[0] = '\0';
	sms_add(out, &n, c->code);
	for (i = 0; i < c->nchoices; i++)
		if (c->choices[i].positional)
			sms_add(out, &n, value_word(cb, c->choices[i].vocab,
			    s->choice[i]));
	if (c->has_sex && s->sex >= 0)
		sms_add(out, &n, value_word(cb, CB_VOCAB_SEX, s->sex));
	for (i = 0; i < c->nnumbers; i++) {
		if (!s->have[i])
			continue;
		if (s->months[i]) {
			const char *unit = value_word(cb, CB_VOCAB_AGE_UNIT,
			    codebook_value(cb, CB_VOCAB_AGE_UNIT, "months"));

			snprintf(num, sizeof(num), "%ld%s", s->num[i],
			    unit != NULL ? unit : "TH");
		} else
			snprintf(num, sizeof(num), "%ld", s->num[i]);
		sms_add(out, &n, num);
	}
	for (i = 0; i < c->nchoices; i++)
		if (!c->choices[i].positional && s->choice[i] >= 0)
			sms_add(out, &n, value_word(cb, c->choices[i].vocab,
			    s->choice[i]));
	if (s->flag >= 0)
		sms_add(out, &n, value_word(cb, CB_VOCAB_FLAG, s->flag));
	if (s->village >= 0)
		sms_add(out, &n, s->rq->villages[s->village]);
}

/* ---- applying one input ---- */

enum outcome { O_STAY, O_NEXT, O_END, O_SUBMIT };

static enum outcome enter_confirm(struct session *, struct ussd_answer *);

static enum outcome
pick_main(struct session *s, int item, struct ussd_answer *a)
{
	struct sms_result	r;
	struct reply_ctx	ctx = { 0, NULL, { -1, -1, -1 }, NULL };
	char			text[REPLY_SIZE];

	switch (s->main[item]) {
	case M_REPORT:
	case M_FIGURES:
		s->list_kind = s->main[item] == M_REPORT ? CB_INCIDENT :
		    CB_COVERAGE;
		s->plan[0] = (struct step){ S_CODE, 0 };
		s->nplan = 1;
		s->cur = 0;
		s->page = 0;
		return O_STAY;		/* a new list: shown from its start */
	case M_ZERO:
		s->code = nth_code(s->cb, CB_ZERO, 0);
		plan_code(s);
		return s->nplan == 0 ? O_SUBMIT : O_STAY;
	default:
		memset(&r, 0, sizeof(r));
		r.error = SMS_OK;
		r.kind = CB_HELP;
		reply_render(s->cb, &r, &ctx, text);
		text_copy(a->screen, sizeof(a->screen), text);
		return O_END;
	}
}

/* Applies a list choice (item index `item`) to the current step. */
static enum outcome
pick(struct session *s, const struct step *st, int item,
    struct ussd_answer *a)
{
	switch (st->kind) {
	case S_MAIN:
		return pick_main(s, item, a);
	case S_CODE:
		s->code = nth_code(s->cb, s->list_kind, item);
		plan_code(s);
		return s->plan[0].kind == S_CONFIRM ? enter_confirm(s, a) :
		    O_STAY;
	case S_VILLAGE:
		s->village = item;
		break;
	case S_CHOICE:
		s->choice[st->arg] = item;
		break;
	case S_SEX:
		s->sex = item;
		break;
	case S_FLAG:
		s->flag = item - 1;
		break;
	case S_CONFIRM:
		if (item == 1) {
			text_copy(a->screen, sizeof(a->screen),
			    s->cb->ussd[CB_U_CANCELLED]);
			return O_END;
		}
		return O_SUBMIT;
	default:
		break;
	}
	return s->code != NULL && s->code->kind == CB_ZERO &&
	    s->cur + 1 >= s->nplan ? O_SUBMIT : O_NEXT;
}

static enum outcome
apply_list(struct session *s, const struct step *st, const char *in,
    size_t len, struct ussd_answer *a)
{
	char	page[USSD_BODY_MAX + 1];
	int	more, shown = list_page(s, st, s->page, page, sizeof(page),
		    &more), k = input_choice(in, len);

	if (k >= 1 && k <= shown)
		return pick(s, st, s->page + k - 1, a);
	if (more && k == shown + 1) {
		s->page += shown;
		return O_STAY;
	}
	refuse(s, CB_U_BAD_CHOICE, NULL, 0);
	return O_STAY;
}

static enum outcome
apply_number(struct session *s, const struct step *st, const char *in,
    size_t len)
{
	long	v = input_number(in, len), min, max;
	int	slot = st->arg;

	/* an empty answer takes an optional slot's default (1 child) */
	if (len == 0 && st->kind == S_NUMBER && s->code->numbers[slot].optional)
		v = s->code->numbers[slot].def;
	if (v < 0) {
		refuse(s, CB_U_NOT_NUMBER, NULL, 0);
		return O_STAY;
	}
	number_range(s, st, &min, &max);
	if (v < min || v > max) {
		refuse_range(s, min, max);
		return O_STAY;
	}
	switch (st->kind) {
	case S_AGE:
		if (v == 0 && s->code->numbers[slot].max > 0) {
			/* under one year: the next step asks months */
			if (s->nplan < PLAN_MAX) {
				memmove(&s->plan[s->cur + 2],
				    &s->plan[s->cur + 1], (size_t)(s->nplan -
				    s->cur - 1) * sizeof(s->plan[0]));
				s->plan[s->cur + 1] = (struct step){ S_MONTHS,
				    slot };
				s->nplan++;
			}
			return O_NEXT;
		}
		s->num[slot] = v;
		s->months[slot] = 0;
		break;
	case S_MONTHS:
		s->num[slot] = v;
		s->months[slot] = 1;
		break;
	default:
		s->num[slot] = v;
		break;
	}
	s->have[slot] = 1;
	if (!rules_hold(s, slot)) {
		s->have[slot] = 0;
		return O_STAY;
	}
	return O_NEXT;
}

/* Prepares the confirm step: the report written and parsed as an SMS. */
static enum outcome
enter_confirm(struct session *s, struct ussd_answer *a)
{
	struct reply_ctx	ctx = { 0, NULL, { -1, -1, -1 }, NULL };
	char			text[REPLY_SIZE];

	write_sms(s, a->sms);
	sms_parse(s->cb, a->sms, strlen(a->sms), s->rq->at, &s->res);
	if (s->res.error == SMS_OK)
		return O_STAY;
	/* the menus allowed what the grammar refuses: say what is wrong */
	reply_render(s->cb, &s->res, &ctx, text);
	text_copy(a->screen, sizeof(a->screen), text);
	return O_END;
}

static void
render(struct session *s, struct ussd_answer *a)
{
	const struct step	*st = &s->plan[s->cur];
	char			 body[USSD_BODY_MAX + 1], title[USSD_BODY_MAX];
	char			 label[LABEL_MAX];
	char			 all[sizeof(s->err) + USSD_BODY_MAX + 2];
	struct reply_var	 v[1] = { { "label", label } };
	int			 more;

	switch (st->kind) {
	case S_AGE:
	case S_MONTHS:
	case S_NUMBER:
		if (st->kind == S_AGE)
			text_copy(title, sizeof(title),
			    s->cb->ussd[CB_U_ASK_AGE]);
		else if (st->kind == S_MONTHS)
			text_copy(title, sizeof(title),
			    s->cb->ussd[CB_U_ASK_MONTHS]);
		else if (s->code->numbers[st->arg].role == CB_ROLE_COUNT)
			text_copy(title, sizeof(title),
			    s->cb->ussd[CB_U_ASK_COUNT]);
		else {
			text_copy(label, sizeof(label), codebook_label(
			    s->cb, s->code->numbers[st->arg].name));
			reply_expand(s->cb->ussd[CB_U_ASK_NUMBER], v, 1, title,
			    sizeof(title));
		}
		text_copy(body, sizeof(body), title);
		break;
	default:
		list_page(s, st, s->page, body, sizeof(body), &more);
	}
	snprintf(all, sizeof(all), "%s%s%s", s->err, s->err[0] ? "\n" : "",
	    body);
	gsm7_fit(all, sizeof(all), USSD_BODY_MAX);
	text_copy(a->screen, sizeof(a->screen), all);
}

static void
session_init(struct session *s, const struct ussd_request *rq)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->rq = rq;
	s->cb = rq->cb;
	s->village = -1;
	s->sex = -1;
	s->flag = -1;
	for (i = 0; i < CB_MAX_CHOICES; i++)
		s->choice[i] = -1;
	if (count_kind(s->cb, CB_INCIDENT) > 0)
		s->main[s->nmain++] = M_REPORT;
	if (count_kind(s->cb, CB_COVERAGE) > 0)
		s->main[s->nmain++] = M_FIGURES;
	if (count_kind(s->cb, CB_ZERO) > 0)
		s->main[s->nmain++] = M_ZERO;
	s->main[s->nmain++] = M_HELP;
	s->plan[0] = (struct step){ S_MAIN, 0 };
	s->nplan = 1;
}

void
ussd_answer(const struct ussd_request *rq, struct ussd_answer *a)
{
	struct session	*s, sbuf;
	const char	*p = rq->text, *end = rq->text + rq->len;
	enum outcome	 o = O_STAY;

	s = &sbuf;
	session_init(s, rq);
	memset(a, 0, sizeof(*a));
	a->action = USSD_CONTINUE;
	while (rq->len > 0 && p <= end) {
		const char	*star = memchr(p, '*', (size_t)(end - p));
		size_t		 len = (size_t)((star != NULL ? star : end) - p);
		struct step	 st = s->plan[s->cur];

		if (++a->inputs > USSD_INPUTS_MAX) {
			refuse(s, CB_U_BAD_CHOICE, NULL, 0);
			text_copy(a->screen, sizeof(a->screen), s->err);
			a->action = USSD_END;
			return;
		}
		s->err[0] = '\0';
		if (st.kind == S_AGE || st.kind == S_MONTHS ||
		    st.kind == S_NUMBER)
			o = apply_number(s, &st, p, len);
		else
			o = apply_list(s, &st, p, len, a);
		if (o == O_NEXT) {
			s->cur++;
			s->page = 0;
			if (s->cur < s->nplan &&
			    s->plan[s->cur].kind == S_CONFIRM)
				o = enter_confirm(s, a);
		}
		if (o == O_END || o == O_SUBMIT)
			break;
		p = star != NULL ? star + 1 : end + 1;
	}
	if (o == O_SUBMIT) {
		if (s->code->kind == CB_ZERO)
			write_sms(s, a->sms);
		a->action = USSD_SUBMIT;
		return;
	}
	if (o == O_END) {
		a->sms[0] = '\0';
		gsm7_fit(a->screen, sizeof(a->screen), USSD_BODY_MAX);
		a->action = USSD_END;
		return;
	}
	render(s, a);
}
