/*
 * USSD sessions, replayed from the inputs.  A session is a plan of steps
 * made from the chosen code: village (commune reporters), a positional
 * choice, sex (with "more than one child" among its entries), age (in
 * months only under two years), the other numbers and choices, the flags
 * that decide an alert as yes/no questions, then a confirm screen.  Each
 * input either answers the current step or is refused with a reason shown
 * above the same question, so the same inputs always lead to the same
 * screen.  The finished report is written as the SMS a reporter would
 * send, checked with the SMS grammar and handed back: one definition of
 * the language serves both channels.  The screens are in ussd_screen.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"
#include "ussd_int.h"

#define MONTHS_MAX	23	/* months are asked under two years */

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

void
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
		*max = n->max < MONTHS_MAX ? n->max : MONTHS_MAX;
		break;
	case S_COUNT:			/* "more than one child" */
		*min = n->min > 2 ? n->min : 2;
		*max = n->max;
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

/* Inserts a step right after the current one. */
static void
plan_next(struct session *s, enum step_kind kind, int arg)
{
	if (s->nplan == PLAN_MAX)
		return;
	memmove(&s->plan[s->cur + 2], &s->plan[s->cur + 1],
	    (size_t)(s->nplan - s->cur - 1) * sizeof(s->plan[0]));
	s->plan[s->cur + 1] = (struct step){ kind, arg };
	s->nplan++;
}

/*
 * The flags asked as yes/no questions: those that make a report alert
 * (alert_flags, and the code's own alert flag), for the codes whose alert
 * depends on what the report says.  A code that always alerts needs none;
 * one that never does is not urgent (an SMS may still add the flag).
 */
static unsigned
asked_flags(const struct codebook *cb, const struct cb_code *c)
{
	unsigned bits = (unsigned)cb->alert_flags;

	if (c->kind != CB_INCIDENT || c->alert != CB_ALERT_WHEN)
		return 0;
	if (c->alert_vocab == CB_VOCAB_FLAG)
		bits |= 1u << c->alert_value;
	return bits;
}

/*
 * A choice the flag screens offer as one more answer instead of asking it
 * on a screen of its own: an optional two-valued choice whose other value
 * is the default and whose alert value makes the report alert ("tai nan":
 * badly hurt? yes / no / died).  -1 if the code has none.
 */
static int
folded_choice(const struct codebook *cb, const struct cb_code *c)
{
	int k;

	if (asked_flags(cb, c) == 0 || c->alert_vocab == CB_VOCAB_FLAG)
		return -1;
	for (k = 0; k < c->nchoices; k++) {
		const struct cb_choice *ch = &c->choices[k];

		if (ch->vocab == c->alert_vocab && !ch->required &&
		    !ch->positional && ch->def >= 0 &&
		    ch->def != c->alert_value &&
		    cb->vocabs[ch->vocab].nvalues == 2)
			return k;
	}
	return -1;
}

/* The optional count slot that "more than one child" asks, or -1. */
static int
many_slot(const struct cb_code *c)
{
	int i;

	if (!c->has_sex)
		return -1;
	for (i = 0; i < c->nnumbers; i++)
		if (c->numbers[i].role == CB_ROLE_COUNT &&
		    c->numbers[i].optional)
			return i;
	return -1;
}

/* The steps a code needs, after its list. */
static void
plan_code(struct session *s)
{
	const struct cb_code	*c = s->code;
	unsigned		 flags = asked_flags(s->cb, c);
	int			 i, many = many_slot(c);

	s->nplan = 0;
	s->cur = 0;
	s->page = 0;
	s->fold = folded_choice(s->cb, c);
	if (s->rq->nvillages > 0)
		plan_add(s, S_VILLAGE, 0);
	if (c->kind == CB_ZERO) {
		plan_add(s, S_CONFIRM, 0);
		return;
	}
	for (i = 0; i < c->nchoices; i++)
		if (c->choices[i].positional)
			plan_add(s, S_CHOICE, i);
	if (c->has_sex)
		plan_add(s, S_SEX, many);
	for (i = 0; i < c->nnumbers; i++)	/* age first, as people say it */
		if (c->numbers[i].role == CB_ROLE_AGE)
			plan_add(s, c->numbers[i].max >= 12 ? S_AGE : S_MONTHS,
			    i);
	for (i = 0; i < c->nnumbers; i++)
		if (c->numbers[i].role != CB_ROLE_AGE && i != many)
			plan_add(s, S_NUMBER, i);
	for (i = 0; i < c->nchoices; i++)
		if (!c->choices[i].positional && i != s->fold)
			plan_add(s, S_CHOICE, i);
	for (i = 0; i < s->cb->vocabs[CB_VOCAB_FLAG].nvalues && i < 32; i++)
		if (flags & (1u << i))
			plan_add(s, S_FLAG, i);
	plan_add(s, S_CONFIRM, 0);
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
			sms_add(out, &n, codebook_value_word(cb,
			    c->choices[i].vocab, s->choice[i]));
	if (c->has_sex && s->sex >= 0)
		sms_add(out, &n, codebook_value_word(cb, CB_VOCAB_SEX,
		    s->sex));
	for (i = 0; i < c->nnumbers; i++) {
		if (!s->have[i])
			continue;
		if (s->months[i]) {
			const char *unit = codebook_value_word(cb,
			    CB_VOCAB_AGE_UNIT, codebook_value(cb,
			    CB_VOCAB_AGE_UNIT, "months"));

			snprintf(num, sizeof(num), "%ld%s", s->num[i],
			    unit != NULL ? unit : "TH");
		} else
			snprintf(num, sizeof(num), "%ld", s->num[i]);
		sms_add(out, &n, num);
	}
	for (i = 0; i < c->nchoices; i++)
		if (!c->choices[i].positional && s->choice[i] >= 0)
			sms_add(out, &n, codebook_value_word(cb,
			    c->choices[i].vocab, s->choice[i]));
	for (i = 0; i < cb->vocabs[CB_VOCAB_FLAG].nvalues && i < 32; i++)
		if (s->flags & (1u << i))
			sms_add(out, &n, codebook_value_word(cb,
			    CB_VOCAB_FLAG, i));
	if (s->village >= 0)
		sms_add(out, &n, s->rq->villages[s->village]);
}

/* Whether the report as answered so far alerts (then no flag is asked). */
static int
alerts_already(struct session *s)
{
	char sms[USSD_SMS_MAX];

	write_sms(s, sms);
	return sms_parse(s->cb, sms, strlen(sms), s->rq->at, &s->res) ==
	    SMS_OK && sms_is_alert(s->cb, &s->res.report);
}

/* ---- applying one input ---- */

enum outcome { O_STAY, O_NEXT, O_END, O_SUBMIT };

/* Prepares the confirm step: the report written and parsed as an SMS. */
static enum outcome
enter_confirm(struct session *s, struct ussd_answer *a)
{
	struct reply_ctx	ctx = { 0, NULL, { -1, -1, -1 }, NULL };
	char			text[REPLY_SIZE], sms[USSD_SMS_MAX];

	write_sms(s, sms);
	sms_parse(s->cb, sms, strlen(sms), s->rq->at, &s->res);
	if (s->res.error == SMS_OK)
		return O_STAY;
	/* the menus allowed what the grammar refuses: say what is wrong */
	reply_render(s->cb, &s->res, &ctx, text);
	text_copy(a->screen, sizeof(a->screen), text);
	return O_END;
}

/* Moves to the next step that needs asking. */
static enum outcome
advance(struct session *s, struct ussd_answer *a)
{
	s->cur++;
	s->page = 0;
	while (s->cur < s->nplan && s->plan[s->cur].kind == S_FLAG &&
	    alerts_already(s))
		s->cur++;
	if (s->cur < s->nplan && s->plan[s->cur].kind == S_CONFIRM)
		return enter_confirm(s, a);
	return O_STAY;
}

/* Starts the steps of the chosen code. */
static enum outcome
start_code(struct session *s, struct ussd_answer *a)
{
	plan_code(s);
	s->cur = -1;
	return advance(s, a);
}

static enum outcome
pick_main(struct session *s, int item, struct ussd_answer *a)
{
	struct sms_result	r;
	struct reply_ctx	ctx = { 0, NULL, { -1, -1, -1 }, NULL };
	char			text[REPLY_SIZE];
	int			zero[CB_MAX_CODES];

	switch (s->main[item]) {
	case M_REPORT:
	case M_FIGURES:
		s->list_kind = s->main[item] == M_REPORT ? CB_INCIDENT :
		    CB_COVERAGE;
		s->nlist = codebook_menu(s->cb, s->list_kind, s->list);
		s->plan[0] = (struct step){ S_CODE, 0 };
		s->nplan = 1;
		s->cur = 0;
		s->page = 0;
		return O_STAY;		/* a new list: shown from its start */
	case M_ZERO:
		codebook_menu(s->cb, CB_ZERO, zero);
		s->code = &s->cb->codes[zero[0]];
		return start_code(s, a);
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
		s->code = &s->cb->codes[s->list[item]];
		return start_code(s, a);
	case S_VILLAGE:
		s->village = item;
		break;
	case S_CHOICE:
		s->choice[st->arg] = item;
		break;
	case S_SEX:
		if (item < s->cb->vocabs[CB_VOCAB_SEX].nvalues) {
			s->sex = item;
			break;
		}
		/* more than one child: how many, then their sex */
		plan_next(s, S_SEX, -1);
		plan_next(s, S_COUNT, st->arg);
		break;
	case S_FLAG:
		if (item == 0)
			s->flags |= 1u << st->arg;
		else if (item == 2)
			s->choice[s->fold] = s->code->alert_value;
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
	return O_NEXT;
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
	if (st->kind == S_AGE && v == 0) {
		/* under two years: the next step asks months */
		plan_next(s, S_MONTHS, slot);
		return O_NEXT;
	}
	s->num[slot] = v;
	s->months[slot] = st->kind == S_MONTHS;
	s->have[slot] = 1;
	if (!rules_hold(s, slot)) {
		s->have[slot] = 0;
		return O_STAY;
	}
	return O_NEXT;
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
	s->fold = -1;
	for (i = 0; i < CB_MAX_CHOICES; i++)
		s->choice[i] = -1;
	/* the items, in enum order, of the kinds the code book has */
	for (i = M_REPORT; i <= M_HELP; i++) {
		static const enum cb_kind kind[] = { CB_INCIDENT,
					    CB_COVERAGE, CB_ZERO };
		int k, found = i == M_HELP;

		for (k = 0; !found && k < s->cb->ncodes; k++)
			found = s->cb->codes[k].kind == kind[i];
		if (found)
			s->main[s->nmain++] = i;
	}
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
		if (st.kind == S_COUNT || st.kind == S_AGE ||
		    st.kind == S_MONTHS || st.kind == S_NUMBER)
			o = apply_number(s, &st, p, len);
		else
			o = apply_list(s, &st, p, len, a);
		if (o == O_NEXT)
			o = advance(s, a);
		if (o == O_END || o == O_SUBMIT)
			break;
		p = star != NULL ? star + 1 : end + 1;
	}
	if (o == O_SUBMIT) {
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
