/*
 * JSON rendering of parse results.  Keys appear only where they apply, in
 * the order of the contract table.
 */
#include <string.h>

#include "period.h"
#include "reportjson.h"

static void
set_str(json_t *o, const char *key, const char *value)
{
	json_object_set_new(o, key, json_string(value));
}

static void
set_int(json_t *o, const char *key, long value)
{
	json_object_set_new(o, key, json_integer(value));
}

void
report_json_fields(const struct codebook *cb, const struct sms_report *rep,
    int empty_flags, json_t *o)
{
	const struct cb_code	*c = rep->code;
	json_t			*flags, *values;
	char			 period[PERIOD_TEXT_MAX];
	int			 k;

	if (c == NULL)
		return;
	set_str(o, "kind", cb_kind_names[c->kind]);
	if (c->kind == CB_INCIDENT || c->kind == CB_COVERAGE)
		set_str(o, "code", c->code);
	if (c->kind == CB_INCIDENT) {
		set_int(o, "count", rep->count);
		if (rep->sex >= 0)
			set_str(o, "sex",
			    cb->vocabs[CB_VOCAB_SEX].values[rep->sex].value);
		set_int(o, "age_months", rep->age_months);
		for (k = 0; k < c->nchoices; k++)
			if (rep->choice[k] >= 0)
				set_str(o, cb->vocabs[c->choices[k].vocab].name,
				    cb->vocabs[c->choices[k].vocab].values[
				    rep->choice[k]].value);
		for (k = 0; k < c->nnumbers; k++)
			if (c->numbers[k].role == CB_ROLE_PLAIN)
				set_int(o, c->numbers[k].name, rep->values[k]);
		flags = json_array();
		for (k = 0; k < cb->vocabs[CB_VOCAB_FLAG].nvalues; k++)
			if (rep->flags & (1u << k))
				json_array_append_new(flags, json_string(
				    cb->vocabs[CB_VOCAB_FLAG].values[k].value));
		if (json_array_size(flags) > 0 || empty_flags)
			json_object_set_new(o, "flags", flags);
		else
			json_decref(flags);
	}
	if (c->kind == CB_COVERAGE) {
		values = json_object();
		for (k = 0; k < c->nnumbers; k++)
			set_int(values, c->numbers[k].name, rep->values[k]);
		json_object_set_new(o, "values", values);
	}
	if (rep->period.unit != CB_PERIOD_NONE) {
		period_format(&rep->period, period);
		set_str(o, "period", period);
	}
	if (rep->village >= 0)
		set_str(o, "village", cb->villages[rep->village]);
	if (rep->note[0] != '\0')
		set_str(o, "note", rep->note);
}

json_t *
result_json(const struct codebook *cb, const struct sms_result *r,
    const char *reply)
{
	json_t *o = json_object(), *inner;

	if (r->error != SMS_OK) {
		json_object_set_new(o, "ok", json_false());
		set_str(o, "error", sms_error_names[r->error]);
		if (r->field != NULL)
			set_str(o, "field", r->field);
		if (r->suggest != NULL)
			set_str(o, "suggest", r->suggest->code);
		goto done;
	}
	json_object_set_new(o, "ok", json_true());
	switch (r->kind) {
	case CB_INCIDENT:
	case CB_COVERAGE:
	case CB_ZERO:
		report_json_fields(cb, &r->report, 1, o);
		break;
	case CB_REGISTER:
		set_str(o, "kind", "register");
		set_str(o, "village", cb->villages[r->report.village]);
		set_str(o, "name", r->name);
		break;
	case CB_CANCEL:
		set_str(o, "kind", "cancel");
		set_int(o, "ref", r->ref);
		break;
	case CB_CORRECT:
		set_str(o, "kind", "correct");
		set_int(o, "ref", r->ref);
		inner = json_object();
		json_object_set_new(inner, "ok", json_true());
		/* the nested report names flags only when there are some */
		report_json_fields(cb, &r->report, 0, inner);
		json_object_set_new(o, "report", inner);
		break;
	case CB_HELP:
		set_str(o, "kind", "help");
		if (r->help != NULL)
			set_str(o, "code", r->help->code);
		break;
	case CB_STATUS:
	default:
		set_str(o, "kind", cb_kind_names[r->kind]);
		break;
	}
done:
	if (reply != NULL)
		set_str(o, "reply", reply);
	return o;
}
