/*
 * Reply rendering: templates from the code book, variables filled from
 * the parse result, then folded to plain GSM-7 and fitted into one SMS.
 */
#include <stdio.h>
#include <string.h>

#include "fold.h"
#include "reply.h"

#define WORK_MAX	1024	/* bytes of a reply before it is fitted */
#define VARS_MAX	20

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

static size_t
render(const char *tmpl, const struct reply_var *vars, size_t nvars,
    char out[REPLY_SIZE])
{
	char	work[WORK_MAX];
	size_t	n;

	reply_expand(tmpl, vars, nvars, work, sizeof(work));
	n = gsm7_fit(work, sizeof(work), REPLY_MAX);
	memcpy(out, work, n + 1);
	return n;
}

size_t
reply_format(const struct codebook *cb, enum cb_reply which,
    const struct reply_var *vars, size_t nvars, char out[REPLY_SIZE])
{
	return render(cb->replies[which], vars, nvars, out);
}

void
reply_period(const struct codebook *cb, const struct period *p, char *out,
    size_t outsz)
{
	static const char *const unit[] = { "", "week", "month", "quarter" };
	const struct cb_vocab	*pv = &cb->vocabs[CB_VOCAB_PERIOD_UNIT];
	const char		*label = unit[p->unit];
	int			 v;

	if (p->unit == CB_PERIOD_NONE) {
		out[0] = '\0';
		return;
	}
	if ((v = codebook_value(cb, CB_VOCAB_PERIOD_UNIT, unit[p->unit])) >= 0
	    && pv->values[v].label[0] != '\0')
		label = pv->values[v].label;
	snprintf(out, outsz, "%s %d/%d", label, p->num, p->year);
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

/* "BL XH BR ..." for the help reply. */
static void
code_list(const struct codebook *cb, enum cb_kind kind, char *out,
    size_t outsz)
{
	size_t	n = 0;
	int	k;

	out[0] = '\0';
	for (k = 0; k < cb->ncodes; k++)
		if (cb->codes[k].kind == kind) {
			if (n > 0)
				append(out, outsz, &n, " ");
			append(out, outsz, &n, cb->codes[k].code);
		}
}

size_t
reply_render(const struct codebook *cb, const struct sms_result *r,
    const struct reply_ctx *ctx, char out[REPLY_SIZE])
{
	char			 ref[24], summary[512], village[96];
	char			 period[48], incidents[256], coverage[256];
	char			 week[3][24], new_ref[24];
	const char		*vcode = ctx->village, *usage = "";
	const struct cb_code	*uc = r->code;
	struct reply_var	 vars[VARS_MAX];
	enum cb_reply		 which;
	size_t			 nv = 0;

	snprintf(ref, sizeof(ref), "%ld", r->kind == CB_CANCEL ||
	    r->kind == CB_CORRECT ? r->ref : ctx->ref);
	summary[0] = village[0] = period[0] = '\0';
	if (r->error == SMS_OK)
		reply_summary(cb, &r->report, summary, sizeof(summary));
	if (r->report.village >= 0)
		vcode = cb->villages[r->report.village];
	if (vcode != NULL && *vcode != '\0') {
		struct reply_var v = { "village", vcode };

		reply_expand(cb->replies[CB_R_VILLAGE], &v, 1, village,
		    sizeof(village));
	}
	reply_period(cb, r->kind == CB_STATUS && ctx->week_period != NULL ?
	    ctx->week_period : &r->report.period, period, sizeof(period));
	for (nv = 0; nv < 3; nv++) {
		if (ctx->week[nv] < 0)
			snprintf(week[nv], sizeof(week[nv]), "?");
		else
			snprintf(week[nv], sizeof(week[nv]), "%ld",
			    ctx->week[nv]);
	}
	nv = 0;
	code_list(cb, CB_INCIDENT, incidents, sizeof(incidents));
	code_list(cb, CB_COVERAGE, coverage, sizeof(coverage));
	if (r->error == SMS_UNKNOWN_CODE)
		uc = r->suggest;
	if (r->kind == CB_HELP && r->help != NULL)
		uc = r->help;
	if (uc != NULL)
		usage = uc->usage;

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
	vars[nv++] = (struct reply_var){ "suggest", r->suggest != NULL ?
	    r->suggest->code : "" };
	vars[nv++] = (struct reply_var){ "incident_codes", incidents };
	vars[nv++] = (struct reply_var){ "coverage_codes", coverage };
	snprintf(new_ref, sizeof(new_ref), "%ld", ctx->ref);
	vars[nv++] = (struct reply_var){ "new_ref", new_ref };
	vars[nv++] = (struct reply_var){ "incidents", week[0] };
	vars[nv++] = (struct reply_var){ "coverage", week[1] };
	vars[nv++] = (struct reply_var){ "zero", week[2] };

	switch (r->error) {
	case SMS_OK:
		break;
	case SMS_EMPTY:
		return render(cb->replies[CB_R_EMPTY], vars, nv, out);
	case SMS_TOO_LONG:
		return render(cb->replies[CB_R_TOO_LONG], vars, nv, out);
	case SMS_UNKNOWN_CODE:
		return render(cb->replies[r->suggest != NULL ? CB_R_SUGGEST :
		    CB_R_UNKNOWN_CODE], vars, nv, out);
	case SMS_MISSING_FIELD:
		return render(cb->replies[CB_R_MISSING_FIELD], vars, nv, out);
	case SMS_BAD_VALUE:
		return render(cb->replies[CB_R_BAD_VALUE], vars, nv, out);
	case SMS_INCONSISTENT:
	case SMS_NERRORS:
		return render(cb->replies[CB_R_INCONSISTENT], vars, nv, out);
	}
	switch (r->kind) {
	case CB_INCIDENT:
		which = CB_R_ACCEPTED;
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
	case CB_HELP:
		which = r->help != NULL ? CB_R_HELP_CODE : CB_R_HELP;
		break;
	case CB_CASE:		/* the pipeline answers officers itself */
		which = CB_R_CASE_REFUSED;
		break;
	case CB_STATUS:
	default:
		which = CB_R_STATUS;
		break;
	}
	return render(cb->replies[which], vars, nv, out);
}

size_t
reply_multi(const struct codebook *cb, const struct sms_result *r,
    const long *refs, char out[REPLY_SIZE])
{
	char			 count[16], list[SMS_MAX_REPORTS * 48], one[48];
	struct reply_var	 vars[2];
	size_t			 n = 0;
	int			 k;

	list[0] = '\0';
	for (k = 0; k <= r->nmore && k < SMS_MAX_REPORTS; k++) {
		const struct sms_report *rep = k == 0 ? &r->report :
		    &r->more[k - 1];

		snprintf(one, sizeof(one), "%s#%ld %s", k > 0 ? ", " : "",
		    refs[k], rep->code != NULL ? rep->code->code : "");
		append(list, sizeof(list), &n, one);
	}
	snprintf(count, sizeof(count), "%d", r->nmore + 1);
	vars[0] = (struct reply_var){ "count", count };
	vars[1] = (struct reply_var){ "refs", list };
	return render(cb->replies[CB_R_MULTI], vars, 2, out);
}
