/*
 * USSD screens: the items and title of each list, the page of a list that
 * fits a screen (with a "next" entry), the questions that take a number,
 * and the week a zero report is for, shown by its dates.  What a screen
 * shows depends only on the session, so a replay sees the same pages.
 */
#include <stdio.h>
#include <string.h>

#include "reply.h"
#include "ussd_int.h"

static const char *
value_label(const struct codebook *cb, int vocab, int value)
{
	const struct cb_value *v = &cb->vocabs[vocab].values[value];

	return v->label[0] != '\0' ? v->label : v->value;
}

/* A slot's label without its SMS hint: "ket qua (C chet/S song)". */
static void
plain_label(const char *label, char *out, size_t outsz)
{
	const char *p = strstr(label, " (");

	snprintf(out, outsz, "%.*s", p != NULL ? (int)(p - label) :
	    (int)strlen(label), label);
}

int
list_len(const struct session *s, const struct step *st)
{
	const struct codebook *cb = s->cb;

	switch (st->kind) {
	case S_MAIN:
		return s->nmain;
	case S_CODE:
		return s->nlist;
	case S_VILLAGE:
		return (int)s->rq->nvillages;
	case S_CHOICE:
		return cb->vocabs[s->code->choices[st->arg].vocab].nvalues;
	case S_SEX:
		return cb->vocabs[CB_VOCAB_SEX].nvalues + (st->arg >= 0);
	case S_FLAG:
		return 2 + (s->fold >= 0);
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
	static const enum cb_ussd main_text[] = { CB_U_REPORT, CB_U_FIGURES,
				    CB_U_ZERO, CB_U_HELP };
	int			 nsex = cb->vocabs[CB_VOCAB_SEX].nvalues;

	switch (st->kind) {
	case S_MAIN:
		text_copy(out, outsz, cb->ussd[main_text[s->main[i]]]);
		break;
	case S_CODE:
		text_copy(out, outsz, cb->codes[s->list[i]].name);
		break;
	case S_VILLAGE:
		text_copy(out, outsz, s->rq->village_labels != NULL ?
		    s->rq->village_labels[i] : s->rq->villages[i]);
		break;
	case S_CHOICE:
		text_copy(out, outsz, value_label(cb,
		    s->code->choices[st->arg].vocab, i));
		break;
	case S_SEX:
		text_copy(out, outsz, i < nsex ? value_label(cb, CB_VOCAB_SEX,
		    i) : cb->ussd[CB_U_MANY]);
		break;
	case S_FLAG:
		if (i < 2)
			text_copy(out, outsz, cb->ussd[i == 0 ? CB_U_YES :
			    CB_U_NO]);
		else
			text_copy(out, outsz, value_label(cb,
			    s->code->alert_vocab, s->code->alert_value));
		break;
	case S_CONFIRM:
		text_copy(out, outsz, cb->ussd[i == 0 ? CB_U_SEND :
		    CB_U_CANCEL]);
		break;
	default:
		out[0] = '\0';
	}
}

/* ", <village name>" for the confirm and end screens, or "". */
void
village_piece(const struct session *s, char *out, size_t outsz)
{
	const struct ussd_request	*rq = s->rq;
	const char			*name = rq->village_label;
	struct reply_var		 v[1];

	if (s->village >= 0)
		name = rq->village_labels != NULL ?
		    rq->village_labels[s->village] : rq->villages[s->village];
	if (name == NULL || name[0] == '\0') {
		out[0] = '\0';
		return;
	}
	v[0] = (struct reply_var){ "village", name };
	reply_expand(s->cb->ussd[CB_U_VILLAGE], v, 1, out, outsz);
}

static void
list_title(const struct session *s, const struct step *st, char *out,
    size_t outsz)
{
	const struct codebook	*cb = s->cb;
	const struct cb_vocab	*voc;
	char			 label[LABEL_MAX], summary[200], village[96];
	char			 period[64];
	struct reply_var	 v[2];

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
		voc = &cb->vocabs[s->code->choices[st->arg].vocab];
		if (voc->question[0] != '\0') {
			text_copy(out, outsz, voc->question);
			break;
		}
		plain_label(voc->label[0] ? voc->label : voc->name, label,
		    sizeof(label));
		v[0] = (struct reply_var){ "label", label };
		reply_expand(cb->ussd[CB_U_ASK_CHOICE], v, 1, out, outsz);
		break;
	case S_SEX:
		text_copy(out, outsz, cb->ussd[CB_U_ASK_SEX]);
		break;
	case S_FLAG:
		if (cb->vocabs[CB_VOCAB_FLAG].values[st->arg].question[0]) {
			text_copy(out, outsz, cb->vocabs[CB_VOCAB_FLAG]
			    .values[st->arg].question);
			break;
		}
		v[0] = (struct reply_var){ "label", value_label(cb,
		    CB_VOCAB_FLAG, st->arg) };
		reply_expand(cb->ussd[CB_U_ASK_FLAG], v, 1, out, outsz);
		break;
	case S_CONFIRM:
		village_piece(s, village, sizeof(village));
		v[1] = (struct reply_var){ "village", village };
		if (s->code->kind == CB_ZERO) {
			ussd_period(cb, &s->res.report.period, s->rq->at,
			    period, sizeof(period));
			v[0] = (struct reply_var){ "period", period };
			reply_expand(cb->ussd[CB_U_CONFIRM_ZERO], v, 2, out,
			    outsz);
			break;
		}
		reply_summary(cb, &s->res.report, summary, sizeof(summary));
		v[0] = (struct reply_var){ "summary", summary };
		reply_expand(cb->ussd[CB_U_CONFIRM], v, 2, out, outsz);
		break;
	default:
		out[0] = '\0';
	}
}

/* A menu line starts with a capital, whatever the code book says. */
static void
capital(char *s)
{
	if (s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 'a' + 'A');
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
 * numbered from 1, and a "next" entry when items are left.  The only
 * refusal a list shows above itself is "bad choice", so the page keeps
 * just that much room free.  Returns the number of items shown; *more
 * tells whether a next entry was added.  Depends only on the list and
 * start, so replays see the same pages.
 */
int
list_page(const struct session *s, const struct step *st, int start,
    char *out, size_t outsz, int *more)
{
	size_t	budget, n = 0;
	int	total = list_len(s, st), shown = 0, i;
	char	title[USSD_BODY_MAX + 1], item[LABEL_MAX];
	char	line[LABEL_MAX + 16], next[CB_TEXT_MAX + 16];
	char	refusal[CB_TEXT_MAX];

	text_copy(refusal, sizeof(refusal), s->cb->ussd[CB_U_BAD_CHOICE]);
	gsm7_fit(refusal, sizeof(refusal), USSD_BODY_MAX / 4);
	budget = USSD_BODY_MAX - strlen(refusal) - 1;
	if (budget >= outsz)
		budget = outsz - 1;
	out[0] = '\0';
	list_title(s, st, title, sizeof(title));
	capital(title);
	gsm7_fit(title, sizeof(title), budget - 24);
	add_line(out, &n, budget, title);
	for (i = start; i < total; i++) {
		list_item(s, st, i, item, sizeof(item));
		capital(item);
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

/* The question of a step that takes a number. */
static void
number_title(const struct session *s, const struct step *st, char *out,
    size_t outsz)
{
	char			lo[24], hi[24], label[LABEL_MAX];
	struct reply_var	v[3] = { { "min", lo }, { "max", hi },
				    { "label", label } };
	long			min, max;

	number_range(s, st, &min, &max);
	snprintf(lo, sizeof(lo), "%ld", min);
	snprintf(hi, sizeof(hi), "%ld", max);
	text_copy(label, sizeof(label), codebook_label(s->cb,
	    s->code->numbers[st->arg].name));
	switch (st->kind) {
	case S_AGE:
		reply_expand(s->cb->ussd[CB_U_ASK_AGE], v, 3, out, outsz);
		break;
	case S_MONTHS:
		reply_expand(s->cb->ussd[CB_U_ASK_MONTHS], v, 3, out, outsz);
		break;
	case S_COUNT:
		reply_expand(s->cb->ussd[CB_U_ASK_COUNT], v, 3, out, outsz);
		break;
	default:
		reply_expand(s->cb->ussd[s->code->numbers[st->arg].role ==
		    CB_ROLE_COUNT ? CB_U_ASK_COUNT : CB_U_ASK_NUMBER], v, 3,
		    out, outsz);
	}
}

void
render(struct session *s, struct ussd_answer *a)
{
	const struct step	*st = &s->plan[s->cur];
	char			 body[USSD_BODY_MAX + 1];
	char			 all[sizeof(s->err) + USSD_BODY_MAX + 2];
	int			 more;

	switch (st->kind) {
	case S_COUNT:
	case S_AGE:
	case S_MONTHS:
	case S_NUMBER:
		number_title(s, st, body, sizeof(body));
		break;
	default:
		list_page(s, st, s->page, body, sizeof(body), &more);
	}
	snprintf(all, sizeof(all), "%s%s%s", s->err, s->err[0] ? "\n" : "",
	    body);
	gsm7_fit(all, sizeof(all), USSD_BODY_MAX);
	text_copy(a->screen, sizeof(a->screen), all);
}

void
ussd_period(const struct codebook *cb, const struct period *p,
    const struct local_time *at, char *out, size_t outsz)
{
	struct period	now;
	char		which[CB_TEXT_MAX];
	long		first;
	int		y1, m1, d1, y2, m2, d2;

	if (p->unit != CB_PERIOD_WEEK || at == NULL) {
		reply_period(cb, p, out, outsz);
		return;
	}
	now = period_of(CB_PERIOD_WEEK, at);
	if (now.year == p->year && now.num == p->num)
		text_copy(which, sizeof(which), cb->ussd[CB_U_THIS_WEEK]);
	else if (now = period_prev(now), now.year == p->year &&
	    now.num == p->num)
		text_copy(which, sizeof(which), cb->ussd[CB_U_LAST_WEEK]);
	else
		reply_period(cb, p, which, sizeof(which));
	first = period_start(p);
	civil_from_days(first, &y1, &m1, &d1);
	civil_from_days(first + 6, &y2, &m2, &d2);
	if (m1 == m2)
		snprintf(out, outsz, "%s (%d-%d/%d)", which, d1, d2, m2);
	else
		snprintf(out, outsz, "%s (%d/%d-%d/%d)", which, d1, m1, d2,
		    m2);
}
