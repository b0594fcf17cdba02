/*
 * JSON rendering of parse results.  Keys appear only where they apply, in
 * the order of the contract table.
 */
#include <stdlib.h>
#include <string.h>


#include "period.h"
#include "reportjson.h"
#include "termsafe.h"

static void report_fields(const struct codebook *, const struct sms_report *,
    int, json_t *, int *);

/* Each setter notes a failure (out of memory) in *bad. */
static void
set_new(json_t *o, const char *key, json_t *v, int *bad)
{
	if (v == NULL || json_object_set_new(o, key, v) == -1)
		*bad = 1;
}

static void
set_str(json_t *o, const char *key, const char *value, int *bad)
{
	set_new(o, key, json_string(value), bad);
}

static void
set_int(json_t *o, const char *key, long value, int *bad)
{
	set_new(o, key, json_integer(value), bad);
}

int
report_json_fields(const struct codebook *cb, const struct sms_report *rep,
    int empty_flags, json_t *o)
{
	int bad = o == NULL;

	report_fields(cb, rep, empty_flags, o, &bad);
	return bad ? -1 : 0;
}

static void
report_fields(const struct codebook *cb, const struct sms_report *rep,
    int empty_flags, json_t *o, int *bad)
{
	const struct cb_code	*c = rep->code;
	json_t			*flags, *values;
	char			 period[PERIOD_TEXT_MAX];
	int			 k;

	if (c == NULL || o == NULL)
		return;
	set_str(o, "kind", cb_kind_names[c->kind], bad);
	if (c->kind == CB_INCIDENT || c->kind == CB_COVERAGE)
		set_str(o, "code", c->code, bad);
	if (c->kind == CB_INCIDENT) {
		set_int(o, "count", rep->count, bad);
		if (rep->sex >= 0)
			set_str(o, "sex",
			    cb->vocabs[CB_VOCAB_SEX].values[rep->sex].value, bad);
		set_int(o, "age_months", rep->age_months, bad);
		for (k = 0; k < c->nchoices; k++)
			if (rep->choice[k] >= 0)
				set_str(o, cb->vocabs[c->choices[k].vocab].name,
				    cb->vocabs[c->choices[k].vocab].values[
				    rep->choice[k]].value, bad);
		for (k = 0; k < c->nnumbers; k++)
			if (c->numbers[k].role == CB_ROLE_PLAIN)
				set_int(o, c->numbers[k].name, rep->values[k], bad);
		if ((flags = json_array()) == NULL) {
			*bad = 1;
			return;
		}
		for (k = 0; k < cb->vocabs[CB_VOCAB_FLAG].nvalues; k++)
			if ((rep->flags & (1u << k)) &&
			    json_array_append_new(flags, json_string(
			    cb->vocabs[CB_VOCAB_FLAG].values[k].value)) == -1)
				*bad = 1;
		if (json_array_size(flags) > 0 || empty_flags)
			set_new(o, "flags", flags, bad);
		else
			json_decref(flags);
	}
	if (c->kind == CB_COVERAGE) {
		if ((values = json_object()) == NULL) {
			*bad = 1;
			return;
		}
		for (k = 0; k < c->nnumbers; k++)
			set_int(values, c->numbers[k].name, rep->values[k], bad);
		set_new(o, "values", values, bad);
	}
	if (rep->period.unit != CB_PERIOD_NONE) {
		period_format(&rep->period, period);
		set_str(o, "period", period, bad);
	}
	if (rep->village >= 0)
		set_str(o, "village", cb->villages[rep->village], bad);
	if (rep->note[0] != '\0')
		set_str(o, "note", rep->note, bad);
	if (rep->words)
		set_new(o, "words", json_true(), bad);
	if (rep->implausible)
		set_new(o, "implausible", json_true(), bad);
}

/* "reports": every report of a message of several. */
static void
reports_json(const struct codebook *cb, const struct sms_result *r,
    json_t *o, int *bad)
{
	json_t	*list = json_array(), *one;
	int	 k;

	if (list == NULL) {
		*bad = 1;
		return;
	}
	for (k = 0; k <= r->nmore; k++) {
		one = json_object();
		if (report_json_fields(cb, k == 0 ? &r->report :
		    &r->more[k - 1], 1, one) == -1 ||
		    json_array_append_new(list, one) == -1)
			*bad = 1;
	}
	set_new(o, "reports", list, bad);
}

json_t *
result_json(const struct codebook *cb, const struct sms_result *r,
    const char *reply)
{
	json_t	*o = json_object(), *inner;
	int	 bad = 0;	/* for the CLI: what could be made is shown */

	if (r->error != SMS_OK) {
		set_new(o, "ok", json_false(), &bad);
		set_str(o, "error", sms_error_names[r->error], &bad);
		if (r->field != NULL)
			set_str(o, "field", r->field, &bad);
		if (r->suggest != NULL)
			set_str(o, "suggest", r->suggest->code, &bad);
		if (r->review != SMS_REVIEW_NONE) {
			set_new(o, "review", json_true(), &bad);
			set_str(o, "review_reason",
			    sms_review_names[r->review], &bad);
			if (r->review_code != NULL)
				set_str(o, "review_code", r->review_code->code,
				    &bad);
		}
		goto done;
	}
	set_new(o, "ok", json_true(), &bad);
	if (r->nmore > 0) {
		set_str(o, "kind", "multi", &bad);
		reports_json(cb, r, o, &bad);
		goto done;
	}
	switch (r->kind) {
	case CB_INCIDENT:
	case CB_COVERAGE:
	case CB_ZERO:
		report_json_fields(cb, &r->report, 1, o);
		break;
	case CB_REGISTER:
		set_str(o, "kind", "register", &bad);
		set_str(o, "village", cb->villages[r->report.village], &bad);
		set_str(o, "name", r->name, &bad);
		break;
	case CB_CANCEL:
		set_str(o, "kind", "cancel", &bad);
		set_int(o, "ref", r->ref, &bad);
		break;
	case CB_CORRECT:
		set_str(o, "kind", "correct", &bad);
		set_int(o, "ref", r->ref, &bad);
		inner = json_object();
		set_new(inner, "ok", json_true(), &bad);
		/* the nested report names flags only when there are some */
		report_json_fields(cb, &r->report, 0, inner);
		set_new(o, "report", inner, &bad);
		break;
	case CB_CASE: {
		int tv = codebook_vocab(cb, CB_VOCAB_TARGET_NAME);

		set_str(o, "kind", "case", &bad);
		set_str(o, "action", cb_case_action_names[r->code->case_action],
		    &bad);
		set_int(o, "ref", r->ref, &bad);
		if (r->target >= 0 && tv >= 0)
			set_str(o, "target",
			    cb->vocabs[tv].values[r->target].value, &bad);
		if (r->note[0] != '\0')
			set_str(o, "note", r->note, &bad);
		break;
	}
	case CB_HELP:
		set_str(o, "kind", "help", &bad);
		if (r->help != NULL)
			set_str(o, "code", r->help->code, &bad);
		if (r->ref > 0)		/* "HD 2": the page asked for */
			set_int(o, "page", r->ref, &bad);
		break;
	case CB_STATUS:
	default:
		set_str(o, "kind", cb_kind_names[r->kind], &bad);
		break;
	}
done:
	set_new(o, "alert", json_boolean(sms_result_alerts(cb, r)), &bad);
	if (reply != NULL)
		set_str(o, "reply", reply, &bad);
	return o;
}

int
report_json_dumpb(const json_t *o, size_t flags, char *out, size_t size)
{
	size_t n;

	/*
	 * Into our own buffer: jansson 2.14's json_dumps() can return a broken
	 * text when an allocation fails half way (it ignores the result of
	 * writing an object key), but writing into a buffer never allocates
	 * (except the key array of JSON_SORT_KEYS, which it checks).
	 */
	if (o == NULL || size == 0 || (n = json_dumpb(o, out, size - 1,
	    flags)) == 0 || n > size - 1)
		return -1;
	out[n] = '\0';
	return 0;
}

json_t *
json_string_safe(const char *v)
{
	json_t	*j;
	char	*t;

	if ((j = json_string(v)) != NULL)
		return j;
	t = termsafe(v, TS_UTF8_ONLY);
	j = json_string(t);
	free(t);
	return j;
}
