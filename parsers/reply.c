/*
 * Reply rendering: templates from the code book, variables filled from
 * the parse result, then folded to plain GSM-7 and fitted into one SMS.
 */
#include <stdio.h>
#include <string.h>

#include "fold.h"
#include "reply.h"

#define WORK_MAX	1024	/* bytes of a reply before it is fitted */
#define VARS_MAX	24

/* Appends s to out (of size outsz, holding *n bytes); truncates. */
static void
append(char *out, size_t outsz, size_t *n, const char *s)
{
	size_t len = strlen(s);

	if (*n + 1 >= outsz)
		return;
	if (len > outsz - 1 - *n)
		len = outsz - 1 - *n;
	memcpy(out + *n, s, len);
	*n += len;
	out[*n] = '\0';
}

void
reply_expand(const char *tmpl, const struct reply_var *vars, size_t nvars,
    char *out, size_t outsz)
{
	size_t	n = 0, k;

	out[0] = '\0';
	while (*tmpl != '\0' && n + 1 < outsz) {
		const char *end;

		if (*tmpl == '{' && (end = strchr(tmpl, '}')) != NULL) {
			size_t len = (size_t)(end - tmpl - 1);

			for (k = 0; k < nvars; k++)
				if (strlen(vars[k].name) == len &&
				    strncmp(vars[k].name, tmpl + 1, len) == 0) {
					if (vars[k].value != NULL)
						append(out, outsz, &n,
						    vars[k].value);
					break;
				}
			tmpl = end + 1;
			continue;
		}
		out[n++] = *tmpl++;
		out[n] = '\0';
	}
}

static int
gsm7_char(unsigned char c)
{
	/* printable ASCII minus the escape-table and non-GSM characters */
	return (c >= 0x20 && c < 0x7F && strchr("[]{}~^|\\`", c) == NULL) ||
	    c == '\n';
}

size_t
gsm7_fit(char *s, size_t size, size_t max)
{
	char		tmp[WORK_MAX];
	size_t		len = 0, i, n = 0;
	const char	*p = s, *nl;

	/* fold line by line: line breaks are GSM-7 and USSD menus need them */
	for (;;) {
		nl = strchr(p, '\n');
		if (len + 2 >= sizeof(tmp))
			break;
		if (p != s)
			tmp[len++] = '\n';
		len += fold_ascii(p, nl != NULL ? (size_t)(nl - p) : strlen(p),
		    tmp + len, sizeof(tmp) - len, '?');
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	for (i = 0; i < len && n + 1 < size; i++) {
		char c = tmp[i];

		switch (c) {
		case '[': case '{':
			c = '(';
			break;
		case ']': case '}':
			c = ')';
			break;
		case '|': case '\\':
			c = '/';
			break;
		case '~':
			c = '-';
			break;
		case '`':
			c = '\'';
			break;
		default:
			if (!gsm7_char((unsigned char)c))
				c = ' ';
		}
		if (c == ' ' && (n == 0 || s[n - 1] == ' ' || s[n - 1] == '\n'))
			continue;	/* no leading or doubled spaces */
		if (c == '\n')		/* no space at a line's end */
			while (n > 0 && s[n - 1] == ' ')
				n--;
		s[n++] = c;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n > max) {
		size_t cut = max - 3;

		while (cut > max / 2 && s[cut] != ' ')
			cut--;
		if (s[cut] != ' ')
			cut = max - 3;
		while (cut > 0 && s[cut - 1] == ' ')
			cut--;
		memcpy(s + cut, "...", 3);
		n = cut + 3;
	}
	s[n] = '\0';
	return n;
}

size_t
text_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (size == 0)
		return 0;
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}

int
gsm7_valid(const char *s, size_t max)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		if (!gsm7_char((unsigned char)s[n]))
			return 0;
	return n <= max;
}

size_t
reply_render_tmpl(const char *tmpl, const struct reply_var *vars,
    size_t nvars, char out[REPLY_SIZE])
{
	char	work[WORK_MAX];
	size_t	n;

	reply_expand(tmpl, vars, nvars, work, sizeof(work));
	n = gsm7_fit(work, sizeof(work), REPLY_MAX);
	memcpy(out, work, n + 1);
	return n;
}

size_t
reply_measure(const char *tmpl, const struct reply_var *vars, size_t nvars)
{
	char work[WORK_MAX];

	reply_expand(tmpl, vars, nvars, work, sizeof(work));
	return gsm7_fit(work, sizeof(work), sizeof(work) - 1);
}

static size_t
render(const char *tmpl, const struct reply_var *vars, size_t nvars,
    char out[REPLY_SIZE])
{
	return reply_render_tmpl(tmpl, vars, nvars, out);
}

size_t
reply_format(const struct codebook *cb, enum cb_reply which,
    const struct reply_var *vars, size_t nvars, char out[REPLY_SIZE])
{
	return render(cb->replies[which], vars, nvars, out);
}

static int
same_period(const struct period *a, const struct period *b)
{
	return a->unit == b->unit && a->year == b->year && a->num == b->num;
}

/* "23-29/11", "30/11-6/12", with "/2026" when at is NULL or another year. */
static void
week_days(const struct period *p, const struct local_time *at, char *out,
    size_t outsz)
{
	long	start = period_start(p);
	int	y1, m1, d1, y2, m2, d2;
	size_t	n;

	civil_from_days(start, &y1, &m1, &d1);
	civil_from_days(start + 6, &y2, &m2, &d2);
	if (m1 == m2)
		snprintf(out, outsz, "%d-%d/%d", d1, d2, m2);
	else
		snprintf(out, outsz, "%d/%d-%d/%d", d1, m1, d2, m2);
	n = strlen(out);
	if (at == NULL || at->year != y2)
		snprintf(out + n, outsz - n, "/%d", y2);
}

void
reply_period_at(const struct codebook *cb, const struct period *p,
    const struct local_time *at, char *out, size_t outsz)
{
	static const char *const unit[] = { "", "week", "month", "quarter" };
	const struct cb_vocab	*pv = &cb->vocabs[CB_VOCAB_PERIOD_UNIT];
	const char		*label = unit[p->unit];
	int			 v;

	if (p->unit == CB_PERIOD_NONE) {
		out[0] = '\0';
		return;
	}
	if (p->unit == CB_PERIOD_WEEK) {
		char			 days[48];
		struct reply_var	 var = { "days", days };
		enum cb_reply		 which = CB_R_WEEK;

		week_days(p, at, days, sizeof(days));
		if (at != NULL) {
			struct period cur = period_of(CB_PERIOD_WEEK, at);
			struct period prev = period_prev(cur);

			if (same_period(p, &cur))
				which = CB_R_THIS_WEEK;
			else if (same_period(p, &prev))
				which = CB_R_LAST_WEEK;
		}
		reply_expand(cb->replies[which], &var, 1, out, outsz);
		return;
	}
	if ((v = codebook_value(cb, CB_VOCAB_PERIOD_UNIT, unit[p->unit])) >= 0
	    && pv->values[v].label[0] != '\0')
		label = pv->values[v].label;
	snprintf(out, outsz, "%s %d/%d", label, p->num, p->year);
}

void
reply_period(const struct codebook *cb, const struct period *p, char *out,
    size_t outsz)
{
	reply_period_at(cb, p, NULL, out, outsz);
}

static const char *
value_label(const struct codebook *cb, int vocab, int value)
{
	const struct cb_value *v = &cb->vocabs[vocab].values[value];

	return v->label[0] != '\0' ? v->label : v->value;
}

static void
incident_summary(const struct codebook *cb, const struct sms_report *rep,
    char *out, size_t outsz)
{
	const struct cb_code	*c = rep->code;
	char			 count[16], age[32], details[256];
	size_t			 n = 0;
	int			 k, months, unit;
	struct reply_var	 vars[6];

	snprintf(count, sizeof(count), "%d", rep->count);
	months = rep->age_months % 12 != 0;
	unit = codebook_value(cb, CB_VOCAB_AGE_UNIT, months ? "months" :
	    "years");
	snprintf(age, sizeof(age), "%d %s", months ? rep->age_months :
	    rep->age_months / 12, unit >= 0 ?
	    value_label(cb, CB_VOCAB_AGE_UNIT, unit) : months ? "th" : "t");
	details[0] = '\0';
	for (k = 0; k < c->nchoices; k++)
		if (rep->choice[k] >= 0) {
			append(details, sizeof(details), &n, ", ");
			append(details, sizeof(details), &n, value_label(cb,
			    c->choices[k].vocab, rep->choice[k]));
		}
	for (k = 0; k < c->nnumbers; k++)
		if (c->numbers[k].role == CB_ROLE_PLAIN) {
			char num[64];

			snprintf(num, sizeof(num), ", %s %ld",
			    codebook_label(cb, c->numbers[k].name),
			    rep->values[k]);
			append(details, sizeof(details), &n, num);
		}
	for (k = 0; k < cb->vocabs[CB_VOCAB_FLAG].nvalues; k++)
		if (rep->flags & (1u << k)) {
			append(details, sizeof(details), &n, ", ");
			append(details, sizeof(details), &n,
			    value_label(cb, CB_VOCAB_FLAG, k));
		}
	vars[0] = (struct reply_var){ "code", c->code };
	vars[1] = (struct reply_var){ "name", c->name };
	vars[2] = (struct reply_var){ "count", count };
	vars[3] = (struct reply_var){ "sex", rep->sex >= 0 ?
	    value_label(cb, CB_VOCAB_SEX, rep->sex) : "" };
	vars[4] = (struct reply_var){ "age", age };
	vars[5] = (struct reply_var){ "details", details };
	reply_expand(cb->replies[CB_R_INCIDENT_SUMMARY], vars, 6, out, outsz);
}

static void
coverage_summary(const struct codebook *cb, const struct sms_report *rep,
    char *out, size_t outsz)
{
	const struct cb_code	*c = rep->code;
	char			 values[256], period[48];
	size_t			 n = 0;
	int			 k;
	struct reply_var	 vars[4];

	values[0] = '\0';
	for (k = 0; k < c->nnumbers; k++) {
		char one[96];

		snprintf(one, sizeof(one), "%s%s %ld", k > 0 ? ", " : "",
		    codebook_label(cb, c->numbers[k].name), rep->values[k]);
		append(values, sizeof(values), &n, one);
	}
	reply_period(cb, &rep->period, period, sizeof(period));
	vars[0] = (struct reply_var){ "code", c->code };
	vars[1] = (struct reply_var){ "name", c->name };
	vars[2] = (struct reply_var){ "values", values };
	vars[3] = (struct reply_var){ "period", period };
	reply_expand(cb->replies[CB_R_COVERAGE_SUMMARY], vars, 4, out, outsz);
}

void
reply_summary(const struct codebook *cb, const struct sms_report *rep,
    char *out, size_t outsz)
{
	if (rep->code == NULL) {
		out[0] = '\0';
		return;
	}
	switch (rep->code->kind) {
	case CB_INCIDENT:
		incident_summary(cb, rep, out, outsz);
		break;
	case CB_COVERAGE:
		coverage_summary(cb, rep, out, outsz);
		break;
	default:
		snprintf(out, outsz, "%s %s", rep->code->code, rep->code->name);
		break;
	}
}


void
reply_suggestions(const struct codebook *cb, const char *word, char *out,
    size_t outsz)
{
	const struct cb_code	*s[SMS_SUGGEST_MAX];
	struct reply_var	 vars[2];
	int			 n = sms_suggestions(cb, word, s);

	out[0] = '\0';
	if (n == 1)
		text_copy(out, outsz, s[0]->code);
	else if (n > 1) {
		vars[0] = (struct reply_var){ "a", s[0]->code };
		vars[1] = (struct reply_var){ "b", s[1]->code };
		reply_expand(cb->replies[CB_R_OR], vars, 2, out, outsz);
	}
}

void
reply_age(const struct codebook *cb, long months, char *out, size_t outsz)
{
	int in_years = months % 12 == 0;
	int u = codebook_value(cb, CB_VOCAB_AGE_UNIT, in_years ? "years" :
	    "months");

	snprintf(out, outsz, "%ld %s", in_years ? months / 12 : months,
	    u >= 0 ? value_label(cb, CB_VOCAB_AGE_UNIT, u) : "");
}

/* The age slot of r's code that r's error is about, or NULL. */
static const struct cb_number *
age_error(const struct sms_result *r)
{
	int k;

	if (r->error != SMS_BAD_VALUE || r->code == NULL || r->field == NULL)
		return NULL;
	for (k = 0; k < r->code->nnumbers; k++)
		if (r->code->numbers[k].role == CB_ROLE_AGE &&
		    strcmp(r->code->numbers[k].name, r->field) == 0)
			return &r->code->numbers[k];
	return NULL;
}

/* The usage a review reply shows: the code it may be, or the help code's. */
static const struct cb_code *
review_code(const struct codebook *cb, const struct sms_result *r)
{
	int k;

	if (r->review_code != NULL)
		return r->review_code;
	for (k = 0; k < cb->ncodes; k++)
		if (cb->codes[k].kind == CB_HELP)
			return &cb->codes[k];
	return NULL;
}

/* Renders tmpl, with {words} at its end when it has no place for it. */
static size_t
render_words(const struct codebook *cb, const char *tmpl, int words,
    const struct reply_var *vars, size_t nvars, char out[REPLY_SIZE])
{
	char t[CB_TEXT_MAX + sizeof("{words}")];

	if (!words || strstr(tmpl, "{words}") != NULL ||
	    cb->replies[CB_R_WORDS][0] == '\0')
		return render(tmpl, vars, nvars, out);
	snprintf(t, sizeof(t), "%s{words}", tmpl);
	return render(t, vars, nvars, out);
}

size_t
reply_multi(const struct codebook *cb, const struct sms_report *const reps[],
    const long refs[], size_t n, const char *village, char out[REPLY_SIZE])
{
	char			 list[512], count[16], one[64], vtext[96];
	struct reply_var	 vars[5];
	size_t			 k, len = 0;
	int			 alert = 0, words = 0;

	list[0] = vtext[0] = '\0';
	for (k = 0; k < n; k++) {
		snprintf(one, sizeof(one), "%s#%ld %s", k > 0 ? ", " : "",
		    refs[k], reps[k]->code != NULL ? reps[k]->code->code : "");
		append(list, sizeof(list), &len, one);
		alert |= sms_is_alert(cb, reps[k]);
		words |= reps[k]->words;
	}
	if (village != NULL && *village != '\0') {
		struct reply_var v = { "village", village };

		reply_expand(cb->replies[CB_R_VILLAGE], &v, 1, vtext,
		    sizeof(vtext));
	}
	snprintf(count, sizeof(count), "%zu", n);
	vars[0] = (struct reply_var){ "count", count };
	vars[1] = (struct reply_var){ "refs", list };
	vars[2] = (struct reply_var){ "alert", alert ?
	    cb->replies[CB_R_ALERT] : "" };
	vars[3] = (struct reply_var){ "words", words ?
	    cb->replies[CB_R_WORDS] : "" };
	vars[4] = (struct reply_var){ "village", vtext };
	return render_words(cb, cb->replies[CB_R_MULTI], words, vars, 5, out);
}

/* Several reports stored from one message. */
static size_t
render_multi(const struct codebook *cb, const struct sms_result *r,
    const long *refs, const char *vcode, char out[REPLY_SIZE])
{
	const struct sms_report	*reps[SMS_MAX_REPORTS];
	int			 k;

	reps[0] = &r->report;
	for (k = 0; k < r->nmore && k + 1 < SMS_MAX_REPORTS; k++)
		reps[k + 1] = &r->more[k];
	return reply_multi(cb, reps, refs, (size_t)k + 1, vcode, out);
}

size_t
reply_render(const struct codebook *cb, const struct sms_result *r,
    const struct reply_ctx *ctx, char out[REPLY_SIZE])
{
	return reply_render_at(cb, r, ctx, NULL, NULL, out);
}

size_t
reply_render_at(const struct codebook *cb, const struct sms_result *r,
    const struct reply_ctx *ctx, const struct local_time *at,
    const long *refs, char out[REPLY_SIZE])
{
	char			 ref[24], summary[512], village[96];
	char			 period[64], suggest[2 * CB_WORD_MAX + 32];
	char			 week[3][24], new_ref[24], min[32], max[32];
	const char		*vcode = ctx->village, *usage = "";
	const struct cb_code	*uc = r->code;
	const struct cb_number	*age = age_error(r);
	struct reply_var	 vars[VARS_MAX];
	enum cb_reply		 which;
	size_t			 nv = 0;
	int			 words = r->error == SMS_OK && r->report.words;

	if (r->error == SMS_OK && r->kind == CB_HELP)
		return reply_help(cb, r->help, r->ref, out);
	if (r->report.village >= 0)
		vcode = cb->villages[r->report.village];
	if (r->error == SMS_OK && r->nmore > 0 && refs != NULL &&
	    r->review == SMS_REVIEW_NONE)
		return render_multi(cb, r, refs, vcode, out);
	/* a review is stored as a report of its own: its number, not the
	 * one a SUA, HUY or case command named */
	snprintf(ref, sizeof(ref), "%ld", r->review == SMS_REVIEW_NONE &&
	    (r->kind == CB_CANCEL || r->kind == CB_CORRECT ||
	    r->kind == CB_CASE) ? r->ref : ctx->ref);
	summary[0] = village[0] = period[0] = suggest[0] = '\0';
	min[0] = max[0] = '\0';
	if (r->error == SMS_OK)
		reply_summary(cb, &r->report, summary, sizeof(summary));
	if (vcode != NULL && *vcode != '\0') {
		struct reply_var v = { "village", vcode };

		reply_expand(cb->replies[CB_R_VILLAGE], &v, 1, village,
		    sizeof(village));
	}
	reply_period_at(cb, r->kind == CB_STATUS && ctx->week_period != NULL ?
	    ctx->week_period : &r->report.period, at, period,
	    sizeof(period));
	for (nv = 0; nv < 3; nv++) {
		if (ctx->week[nv] < 0)
			snprintf(week[nv], sizeof(week[nv]), "?");
		else
			snprintf(week[nv], sizeof(week[nv]), "%ld",
			    ctx->week[nv]);
	}
	nv = 0;
	if (r->error == SMS_UNKNOWN_CODE && r->suggest != NULL) {
		uc = r->suggest;
		reply_suggestions(cb, r->token, suggest, sizeof(suggest));
		if (suggest[0] == '\0')
			text_copy(suggest, sizeof(suggest), uc->code);
	}
	if (uc != NULL)
		usage = uc->usage;
	if (r->review != SMS_REVIEW_NONE && review_code(cb, r) != NULL)
		usage = review_code(cb, r)->usage;
	if (age != NULL) {
		reply_age(cb, age->min, min, sizeof(min));
		reply_age(cb, age->max + 1, max, sizeof(max));
	}

	vars[nv++] = (struct reply_var){ "ref", ref };
	vars[nv++] = (struct reply_var){ "summary", summary };
	vars[nv++] = (struct reply_var){ "village", village };
	vars[nv++] = (struct reply_var){ "village_code", vcode };
	vars[nv++] = (struct reply_var){ "period", period };
	vars[nv++] = (struct reply_var){ "alert",
	    r->error == SMS_OK && sms_is_alert(cb, &r->report) ?
	    cb->replies[CB_R_ALERT] : "" };
	vars[nv++] = (struct reply_var){ "usage", usage };
	vars[nv++] = (struct reply_var){ "code", uc != NULL ? uc->code : "" };
	vars[nv++] = (struct reply_var){ "name", r->kind == CB_REGISTER ?
	    r->name : uc != NULL ? uc->name : "" };
	vars[nv++] = (struct reply_var){ "field", r->field != NULL ?
	    codebook_label(cb, r->field) : "" };
	vars[nv++] = (struct reply_var){ "token", r->token };
	vars[nv++] = (struct reply_var){ "suggest", suggest };
	snprintf(new_ref, sizeof(new_ref), "%ld", ctx->ref);
	vars[nv++] = (struct reply_var){ "new_ref", new_ref };
	vars[nv++] = (struct reply_var){ "incidents", week[0] };
	vars[nv++] = (struct reply_var){ "coverage", week[1] };
	vars[nv++] = (struct reply_var){ "zero", week[2] };
	vars[nv++] = (struct reply_var){ "words", words ?
	    cb->replies[CB_R_WORDS] : "" };
	vars[nv++] = (struct reply_var){ "min", min };
	vars[nv++] = (struct reply_var){ "max", max };

	if (r->review != SMS_REVIEW_NONE) {
		/*
		 * What was wrong, as the plain error reply says it, when the
		 * message named its code ("Thieu ket qua ... Mau: DN ..."),
		 * else the code it may be and its template: {why}
		 */
		char		why[REPLY_SIZE];
		const char	*tmpl = cb->replies[CB_R_BAD_VALUE];

		if ((r->error == SMS_MISSING_FIELD ||
		    r->error == SMS_BAD_VALUE) && r->code != NULL &&
		    r->code == r->review_code)
			tmpl = cb->replies[r->error == SMS_MISSING_FIELD ?
			    CB_R_MISSING_FIELD : age != NULL ? CB_R_BAD_AGE :
			    CB_R_BAD_VALUE];
		else {		/* "DN duoi nuoc. Mau: ..." (help_code) */
			const struct cb_code	*rc = review_code(cb, r);
			struct reply_var	 hv[3] = {
				{ "code", rc != NULL ? rc->code : "" },
				{ "name", rc != NULL ? rc->name : "" },
				{ "usage", usage } };

			reply_expand(rc != NULL ? cb->replies[CB_R_HELP_CODE] :
			    usage, hv, 3, why, sizeof(why));
			tmpl = NULL;
		}
		if (tmpl != NULL)
			reply_expand(tmpl, vars, nv, why, sizeof(why));
		vars[nv++] = (struct reply_var){ "why", why };
		return render(cb->replies[CB_R_REVIEW], vars, nv, out);
	}
	switch (r->error) {
	case SMS_OK:
		break;
	case SMS_EMPTY:
		return render(cb->replies[CB_R_EMPTY], vars, nv, out);
	case SMS_TOO_LONG:
		return render(cb->replies[CB_R_TOO_LONG], vars, nv, out);
	case SMS_UNKNOWN_CODE:
		return render(cb->replies[suggest[0] != '\0' ? CB_R_SUGGEST :
		    CB_R_UNKNOWN_CODE], vars, nv, out);
	case SMS_MISSING_FIELD:
		return render(cb->replies[CB_R_MISSING_FIELD], vars, nv, out);
	case SMS_BAD_VALUE:
		return render(cb->replies[age != NULL ? CB_R_BAD_AGE :
		    CB_R_BAD_VALUE], vars, nv, out);
	case SMS_INCONSISTENT:
	case SMS_NERRORS:
		return render(cb->replies[CB_R_INCONSISTENT], vars, nv, out);
	}
	switch (r->kind) {
	case CB_INCIDENT:
		which = r->report.implausible ? CB_R_IMPLAUSIBLE :
		    CB_R_ACCEPTED;
		break;
	case CB_COVERAGE:
		which = CB_R_COVERAGE;
		break;
	case CB_ZERO:
		which = CB_R_ZERO;
		break;
	case CB_REGISTER:
		which = CB_R_REGISTERED;
		vars[3].value = cb->villages[r->report.village];
		break;
	case CB_CANCEL:
		which = CB_R_CANCELLED;
		break;
	case CB_CORRECT:
		which = CB_R_CORRECTED;
		break;
	case CB_CASE:		/* officers are answered by gateway/cases.c;
				   without a sender, the refusal */
		which = CB_R_CASE_REFUSED;
		break;
	case CB_HELP:
	case CB_STATUS:
	default:
		which = CB_R_STATUS;
		break;
	}
	return render_words(cb, cb->replies[which], words, vars, nv, out);
}
