/*
 * Builds a struct codebook from the "codebook" group of the config.  The
 * key table has checked the types already; this checks meaning: known
 * vocabularies and values, slot specs, rules, clashing words, lengths.
 * Every problem is reported with its line, then loading fails once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "errs.h"

#define DEFAULT_RANGE_MAX	99999L	/* coverage figures */

/* Copies src into dst or reports that it is too long. */
static int
copy(struct conf_errs *e, const config_setting_t *at, char *dst,
    size_t size, const char *src, const char *what)
{
	size_t len = strlen(src);

	if (len >= size) {
		conf_err(e, at, "%s \"%.40s...\" is longer than %zu bytes",
		    what, src, size - 1);
		return -1;
	}
	memcpy(dst, src, len + 1);
	return 0;
}

static const char *
member_str(const config_setting_t *g, const char *name, const char *def)
{
	const char *s;

	if (config_setting_lookup_string(g, name, &s) == CONFIG_TRUE)
		return s;
	return def;
}

static const config_setting_t *
at_or(const config_setting_t *g, const char *name)
{
	const config_setting_t *s = config_setting_get_member(g, name);

	return s != NULL ? s : g;
}

static void
load_vocab(const config_setting_t *vs, struct codebook *cb,
    struct conf_errs *e)
{
	const char		*name = member_str(vs, "name", "");
	const config_setting_t	*values = config_setting_get_member(vs, "values");
	struct cb_vocab		*voc;
	const char		*err, *def;
	int			 v, i, n;

	if ((v = codebook_vocab(cb, name)) >= 0 && v >= CB_NBUILTIN_VOCABS) {
		conf_err(e, vs, "vocabulary '%s' is defined twice", name);
		return;
	}
	if (v >= 0 && cb->vocabs[v].nvalues > 0) {
		conf_err(e, vs, "vocabulary '%s' is defined twice", name);
		return;
	}
	if (v < 0) {
		if (cb->nvocabs == CB_MAX_VOCABS) {
			conf_err(e, vs, "more than %d vocabularies",
			    CB_MAX_VOCABS);
			return;
		}
		v = cb->nvocabs++;
		if (copy(e, vs, cb->vocabs[v].name, CB_WORD_MAX, name,
		    "vocabulary name") == -1)
			return;
	}
	voc = &cb->vocabs[v];
	copy(e, vs, voc->label, CB_LABEL_MAX, member_str(vs, "label", ""),
	    "label");
	copy(e, at_or(vs, "question"), voc->question, CB_LABEL_MAX,
	    member_str(vs, "question", ""), "question");
	def = member_str(vs, "words_default", NULL);
	n = values != NULL ? config_setting_length(values) : 0;
	if (n == 0)
		conf_err(e, vs, "vocabulary '%s' has no values", name);
	for (i = 0; i < n; i++) {
		const config_setting_t	*val = config_setting_get_elem(values,
					    (unsigned)i);
		const config_setting_t	*words;
		const char		*value = member_str(val, "value", "");
		int			 w, nw;

		if (voc->nvalues == CB_MAX_VALUES ||
		    (v == CB_VOCAB_FLAG && voc->nvalues == 32)) {
			conf_err(e, val, "too many values in '%s'", name);
			return;
		}
		if (codebook_value(cb, v, value) >= 0) {
			conf_err(e, val, "value '%s' appears twice in '%s'",
			    value, name);
			continue;
		}
		if (copy(e, val, voc->values[voc->nvalues].value, CB_WORD_MAX,
		    value, "value") == -1 ||
		    copy(e, val, voc->values[voc->nvalues].label,
		    CB_LABEL_MAX, member_str(val, "label", ""), "label") == -1 ||
		    copy(e, at_or(val, "question"),
		    voc->values[voc->nvalues].question, CB_LABEL_MAX,
		    member_str(val, "question", ""), "question") == -1)
			continue;
		if (v != CB_VOCAB_FLAG && member_str(val, "question", NULL) !=
		    NULL)
			conf_err(e, at_or(val, "question"), "only flags have a "
			    "question (value '%s' of '%s')", value, name);
		voc->nvalues++;
		words = config_setting_get_member(val, "words");
		nw = words != NULL ? config_setting_length(words) : 0;
		for (w = 0; w < nw; w++) {
			const char *word = config_setting_get_string_elem(words,
			    (unsigned)w);

			if (word != NULL && codebook_add_vocab_word(cb, v,
			    voc->nvalues - 1, word, &err) == -1)
				conf_err(e, words, "word \"%s\" in '%s': %s",
				    word, name, err);
		}
	}
	if (def != NULL && (voc->words_default = codebook_value(cb, v,
	    def)) < 0)
		conf_err(e, at_or(vs, "words_default"), "words_default '%s' is "
		    "not a value of '%s'", def, name);
}

/* "10y", "6m": an age in months, or -1. */
static int
age_spec(const char *s)
{
	char	*end;
	long	 n = strtol(s, &end, 10);

	if (end == s || n < 0 || n > 215 || end[1] != '\0')
		return -1;
	if (*end == 'y')
		return n * 12 > 215 ? -1 : (int)n * 12;
	return *end == 'm' ? (int)n : -1;
}

/* Own-words phrases: incident codes only, recognised anywhere. */
static void
load_phrases(const config_setting_t *cs, struct codebook *cb,
    struct cb_code *c, struct conf_errs *e)
{
	const config_setting_t	*list = config_setting_get_member(cs, "phrases");
	const char		*s, *err;
	int			 i, n = list != NULL ? config_setting_length(list) : 0;

	if (n > 0 && c->kind != CB_INCIDENT) {
		conf_err(e, list, "only incident codes have phrases");
		return;
	}
	for (i = 0; i < n; i++) {
		s = config_setting_get_string_elem(list, (unsigned)i);
		if (s != NULL && codebook_add_phrase(cb, c->index, s,
		    &err) == -1)
			conf_err(e, list, "phrase \"%s\" of %s: %s", s, c->code,
			    err);
	}
}

/* "name", "name?", "name:MIN-MAX" */
static int
parse_number_spec(const char *spec, struct cb_number *n, int max_age)
{
	const char	*colon = strchr(spec, ':');
	size_t		 len = colon != NULL ? (size_t)(colon - spec) :
			    strlen(spec);
	char		*end;

	memset(n, 0, sizeof(*n));
	if (len > 0 && spec[len - 1] == '?') {
		n->optional = 1;
		len--;
	}
	if (len == 0 || len >= CB_WORD_MAX)
		return -1;
	memcpy(n->name, spec, len);
	n->name[len] = '\0';
	if (strspn(n->name, "abcdefghijklmnopqrstuvwxyz0123456789_") != len)
		return -1;
	if (strcmp(n->name, "count") == 0) {
		n->role = CB_ROLE_COUNT;
		n->min = 1;
		n->max = 99;
		n->def = 1;
	} else if (strcmp(n->name, "age") == 0) {
		n->role = CB_ROLE_AGE;
		n->min = 0;
		n->max = max_age;
	} else {
		n->role = CB_ROLE_PLAIN;
		n->min = 0;
		n->max = DEFAULT_RANGE_MAX;
	}
	if (colon != NULL) {
		n->min = strtol(colon + 1, &end, 10);
		if (end == colon + 1 || *end != '-')
			return -1;
		n->max = strtol(end + 1, &end, 10);
		if (*end != '\0' || n->min > n->max || n->min < 0)
			return -1;
		if (n->role == CB_ROLE_AGE) {	/* given in years */
			n->min *= 12;
			n->max = n->max * 12 + 11;
		}
	}
	return 0;
}

static int
number_index(const struct cb_code *c, const char *name, size_t len)
{
	int k;

	for (k = 0; k < c->nnumbers; k++)
		if (strlen(c->numbers[k].name) == len &&
		    strncmp(c->numbers[k].name, name, len) == 0)
			return k;
	return -1;
}

/* "a <= b" */
static int
parse_rule(const struct cb_code *c, const char *s, struct cb_rule *r)
{
	const char	*op = strstr(s, "<=");
	const char	*a = s, *b;
	size_t		 alen, blen;

	if (op == NULL)
		return -1;
	while (*a == ' ')
		a++;
	alen = (size_t)(op - a);
	while (alen > 0 && a[alen - 1] == ' ')
		alen--;
	for (b = op + 2; *b == ' '; b++)
		;
	blen = strlen(b);
	while (blen > 0 && b[blen - 1] == ' ')
		blen--;
	r->lhs = number_index(c, a, alen);
	r->rhs = number_index(c, b, blen);
	return r->lhs < 0 || r->rhs < 0 ? -1 : 0;
}

static enum cb_kind
kind_of(const char *s)
{
	int k;

	for (k = 0; k < CB_NKINDS; k++)
		if (strcmp(cb_kind_names[k], s) == 0)
			return (enum cb_kind)k;
	return CB_INCIDENT;	/* the key table allows only the names */
}

static enum cb_period
period_of_name(const char *s)
{
	if (strcmp(s, "week") == 0)
		return CB_PERIOD_WEEK;
	if (strcmp(s, "month") == 0)
		return CB_PERIOD_MONTH;
	if (strcmp(s, "quarter") == 0)
		return CB_PERIOD_QUARTER;
	return CB_PERIOD_NONE;
}

static void
load_choices(const config_setting_t *cs, struct codebook *cb,
    struct cb_code *c, struct conf_errs *e)
{
	const config_setting_t	*list = config_setting_get_member(cs, "choices");
	int			 i, n = list != NULL ? config_setting_length(list) : 0;

	for (i = 0; i < n; i++) {
		const config_setting_t	*ch = config_setting_get_elem(list,
					    (unsigned)i);
		const char		*vname = member_str(ch, "vocab", "");
		const char		*def = member_str(ch, "default", NULL);
		struct cb_choice	*slot;
		int			 v, req = 0;

		if (c->nchoices == CB_MAX_CHOICES) {
			conf_err(e, ch, "more than %d choices", CB_MAX_CHOICES);
			return;
		}
		v = codebook_vocab(cb, vname);
		if (v < CB_NBUILTIN_VOCABS) {
			conf_err(e, at_or(ch, "vocab"), v < 0 ?
			    "unknown vocabulary '%s'" :
			    "vocabulary '%s' cannot be a choice", vname);
			continue;
		}
		slot = &c->choices[c->nchoices++];
		slot->vocab = v;
		config_setting_lookup_bool(ch, "required", &req);
		slot->required = req;
		slot->positional = strcmp(member_str(ch, "position", "any"),
		    "first") == 0;
		slot->def = -1;
		if (def != NULL && (slot->def = codebook_value(cb, v, def)) < 0)
			conf_err(e, at_or(ch, "default"),
			    "'%s' is not a value of '%s'", def, vname);
		if (def != NULL && req)
			conf_err(e, ch, "a required choice has no default");
	}
}

static void
load_alert(const config_setting_t *cs, const struct codebook *cb,
    struct cb_code *c, struct conf_errs *e)
{
	const char	*a = member_str(cs, "alert", "never");
	int		 k, v;

	c->alert_vocab = c->alert_value = -1;
	if (strcmp(a, "never") == 0) {
		c->alert = CB_ALERT_NEVER;
		return;
	}
	if (strcmp(a, "always") == 0) {
		c->alert = CB_ALERT_ALWAYS;
		return;
	}
	c->alert = CB_ALERT_WHEN;
	if ((v = codebook_value(cb, CB_VOCAB_FLAG, a)) >= 0) {
		c->alert_vocab = CB_VOCAB_FLAG;
		c->alert_value = v;
		return;
	}
	for (k = 0; k < c->nchoices; k++)
		if ((v = codebook_value(cb, c->choices[k].vocab, a)) >= 0) {
			c->alert_vocab = c->choices[k].vocab;
			c->alert_value = v;
			return;
		}
	conf_err(e, at_or(cs, "alert"), "alert \"%s\" is not always, never, "
	    "a flag or a value of one of the code's choices", a);
}

/* A case code's action; a referral needs the "target" vocabulary. */
static void
load_case_action(const config_setting_t *cs, const struct codebook *cb,
    struct cb_code *c, struct conf_errs *e)
{
	const char	*a = member_str(cs, "action", NULL);
	int		 k;

	if (c->kind != CB_CASE) {
		if (a != NULL)
			conf_err(e, at_or(cs, "action"), "only a code of kind "
			    "'case' has an action");
		return;
	}
	if (a == NULL) {
		conf_err(e, cs, "a code of kind 'case' needs an action");
		return;
	}
	for (k = 0; k < CB_NCASE_ACTIONS; k++)
		if (strcmp(cb_case_action_names[k], a) == 0)
			c->case_action = (enum cb_case_action)k;
	if (c->case_action == CB_CASE_REFER &&
	    codebook_vocab(cb, CB_VOCAB_TARGET_NAME) == -1)
		conf_err(e, at_or(cs, "action"), "a referral code needs the "
		    "vocabulary '%s'", CB_VOCAB_TARGET_NAME);
}

static void
load_code(const config_setting_t *cs, struct codebook *cb,
    struct conf_errs *e)
{
	static const char *const incident_numbers[] = { "count?", "age" };
	const config_setting_t	*list;
	struct cb_code		*c;
	const char		*err, *s;
	int			 i, n, enabled = 1, max_age = 215, grace;

	config_setting_lookup_bool(cs, "enabled", &enabled);
	if (!enabled)
		return;
	if (cb->ncodes == CB_MAX_CODES) {
		conf_err(e, cs, "more than %d codes", CB_MAX_CODES);
		return;
	}
	c = &cb->codes[cb->ncodes];
	memset(c, 0, sizeof(*c));
	c->index = cb->ncodes;
	if (copy(e, cs, c->code, CB_WORD_MAX, member_str(cs, "code", ""),
	    "code") == -1 ||
	    copy(e, cs, c->name, CB_LABEL_MAX, member_str(cs, "name", ""),
	    "name") == -1 ||
	    copy(e, at_or(cs, "usage"), c->usage, CB_TEXT_MAX,
	    member_str(cs, "usage", ""), "usage") == -1)
		return;
	c->kind = kind_of(member_str(cs, "kind", "incident"));
	c->has_sex = c->kind == CB_INCIDENT;
	load_case_action(cs, cb, c, e);
	config_setting_lookup_int(cs, "max_age_months", &max_age);

	list = config_setting_get_member(cs, "numbers");
	if (list != NULL && c->kind != CB_INCIDENT && c->kind != CB_COVERAGE)
		conf_err(e, list, "only incident and coverage codes have "
		    "numbers");
	n = list != NULL ? config_setting_length(list) :
	    c->kind == CB_INCIDENT ? 2 : 0;
	if (n > CB_MAX_NUMBERS) {
		conf_err(e, list, "more than %d numbers", CB_MAX_NUMBERS);
		n = CB_MAX_NUMBERS;
	}
	for (i = 0; i < n; i++) {
		s = list != NULL ? config_setting_get_string_elem(list,
		    (unsigned)i) : incident_numbers[i];
		if (s == NULL || parse_number_spec(s, &c->numbers[i],
		    max_age) == -1) {
			conf_err(e, list, "bad number slot \"%s\" (want name, "
			    "name? or name:MIN-MAX)", s != NULL ? s : "");
			return;
		}
		if (number_index(c, c->numbers[i].name,
		    strlen(c->numbers[i].name)) != -1)
			conf_err(e, list, "number slot '%s' appears twice",
			    c->numbers[i].name);
		c->nnumbers = i + 1;
	}
	if (c->kind == CB_INCIDENT) {
		for (i = 0, n = 0; i < c->nnumbers; i++)
			n += c->numbers[i].role == CB_ROLE_AGE;
		if (n != 1)
			conf_err(e, at_or(cs, "numbers"),
			    "an incident code needs exactly one \"age\" slot");
	}
	load_choices(cs, cb, c, e);
	load_alert(cs, cb, c, e);

	list = config_setting_get_member(cs, "rules");
	n = list != NULL ? config_setting_length(list) : 0;
	for (i = 0; i < n; i++) {
		s = config_setting_get_string_elem(list, (unsigned)i);
		if (c->nrules == CB_MAX_RULES) {
			conf_err(e, list, "more than %d rules", CB_MAX_RULES);
			break;
		}
		if (s == NULL || parse_rule(c, s, &c->rules[c->nrules]) == -1)
			conf_err(e, list, "bad rule \"%s\" (want \"a <= b\" "
			    "with a and b among the code's numbers)",
			    s != NULL ? s : "");
		else
			c->nrules++;
	}

	copy(e, at_or(cs, "title"), c->title, CB_TEXT_MAX,
	    member_str(cs, "title", c->name), "title");
	c->ratio_num = c->ratio_den = -1;
	c->target = 100;
	config_setting_lookup_int(cs, "target", &c->target);
	config_setting_lookup_bool(cs, "lower_is_better", &c->lower_better);
	config_setting_lookup_bool(cs, "remind", &c->remind);
	config_setting_lookup_int(cs, "menu", &c->menu);
	if (c->remind && c->kind != CB_COVERAGE)
		conf_err(e, cs, "code %s: remind is for coverage codes",
		    c->code);
	if ((s = member_str(cs, "ratio", NULL)) != NULL) {
		struct cb_rule r;
		char rule[CB_TEXT_MAX + 1];

		/* "a / b" parsed as the rule "a <= b" would be */
		snprintf(rule, CB_TEXT_MAX, "%s", s);
		if (strchr(rule, '/') != NULL) {
			char *slash = strchr(rule, '/');

			memmove(slash + 1, slash, strlen(slash) + 1);
			slash[0] = '<';
			slash[1] = '=';
		}
		if (c->kind != CB_COVERAGE || parse_rule(c, rule, &r) == -1)
			conf_err(e, at_or(cs, "ratio"), "bad ratio \"%s\" (want "
			    "\"a / b\" with a and b among a coverage code's "
			    "numbers)", s);
		else {
			c->ratio_num = r.lhs;
			c->ratio_den = r.rhs;
		}
	}
	c->period = period_of_name(member_str(cs, "period", "none"));
	if (c->kind == CB_COVERAGE && c->period == CB_PERIOD_NONE)
		conf_err(e, cs, "a coverage code needs a period");
	if (c->kind == CB_ZERO && c->period == CB_PERIOD_NONE)
		c->period = CB_PERIOD_WEEK;
	grace = c->period == CB_PERIOD_WEEK ? 0 : cb->grace_days * 24;
	config_setting_lookup_int(cs, "grace_hours", &grace);
	c->grace_hours = grace;

	if (codebook_add_code_word(cb, c->index, c->code, &err) == -1)
		conf_err(e, at_or(cs, "code"), "code \"%s\": %s", c->code,
		    err);
	list = config_setting_get_member(cs, "aliases");
	n = list != NULL ? config_setting_length(list) : 0;
	for (i = 0; i < n; i++) {
		s = config_setting_get_string_elem(list, (unsigned)i);
		if (s != NULL && codebook_add_code_word(cb, c->index, s,
		    &err) == -1)
			conf_err(e, list, "alias \"%s\" of %s: %s", s, c->code,
			    err);
	}
	load_phrases(cs, cb, c, e);
	if ((s = member_str(cs, "plausible_min_age", NULL)) != NULL) {
		if (c->kind != CB_INCIDENT || (c->plausible_min_age =
		    age_spec(s)) < 0)
			conf_err(e, at_or(cs, "plausible_min_age"),
			    "plausible_min_age \"%s\": want an incident code's "
			    "age as years (\"10y\") or months (\"6m\"), under "
			    "18 years", s);
	}
	cb->ncodes++;
}

static void
load_replies(const config_setting_t *rs, struct codebook *cb,
    struct conf_errs *e)
{
	int	 i, k, n = config_setting_length(rs), seen[CB_NREPLIES] = { 0 };

	for (i = 0; i < n; i++) {
		const config_setting_t	*r = config_setting_get_elem(rs,
					    (unsigned)i);
		const char		*name = config_setting_name(r);

		for (k = 0; k < CB_NREPLIES; k++)
			if (strcmp(cb_reply_names[k], name) == 0)
				break;
		if (k == CB_NREPLIES) {
			conf_err(e, r, "unknown reply template '%s'", name);
			continue;
		}
		seen[k] = 1;
		copy(e, r, cb->replies[k], CB_TEXT_MAX,
		    config_setting_get_string(r), "template");
	}
	for (k = 0; k < CB_NREPLIES; k++)
		if (!seen[k])
			conf_err(e, rs, "missing required key "
			    "'codebook.replies.%s'", cb_reply_names[k]);
}

/* USSD texts: optional, each overrides a built-in default. */
static void
load_ussd(const config_setting_t *us, struct codebook *cb,
    struct conf_errs *e)
{
	int	 i, k, n = config_setting_length(us);

	for (i = 0; i < n; i++) {
		const config_setting_t	*r = config_setting_get_elem(us,
					    (unsigned)i);
		const char		*name = config_setting_name(r);

		for (k = 0; k < CB_NUSSD; k++)
			if (strcmp(cb_ussd_names[k], name) == 0)
				break;
		if (k == CB_NUSSD) {
			conf_err(e, r, "unknown USSD text '%s'", name);
			continue;
		}
		copy(e, r, cb->ussd[k], CB_TEXT_MAX,
		    config_setting_get_string(r), "USSD text");
	}
}

static void
load_strings_as(const config_setting_t *list, struct codebook *cb,
    int prefixes, struct conf_errs *e)
{
	int		 i, n = list != NULL ? config_setting_length(list) : 0, v;
	const char	*s, *err;

	for (i = 0; i < n; i++) {
		if ((s = config_setting_get_string_elem(list,
		    (unsigned)i)) == NULL)
			continue;
		if (prefixes) {
			if (codebook_add_prefix(cb, s, &err) == -1)
				conf_err(e, list, "prefix \"%s\": %s", s, err);
		} else if ((v = codebook_value(cb, CB_VOCAB_FLAG, s)) < 0)
			conf_err(e, list, "'%s' is not a flag", s);
		else
			cb->alert_flags |= 1 << v;
	}
}

/* The codes HD lists first, the most used. */
static void
load_help_first(const config_setting_t *list, struct codebook *cb,
    struct conf_errs *e)
{
	const struct cb_code	*c;
	const char		*s;
	int			 i, k, n = list != NULL ?
				    config_setting_length(list) : 0;

	for (i = 0; i < n; i++) {
		if ((s = config_setting_get_string_elem(list,
		    (unsigned)i)) == NULL)
			continue;
		if ((c = codebook_find(cb, s)) == NULL) {
			conf_err(e, list, "help_first: \"%s\" is not a code", s);
			continue;
		}
		for (k = 0; k < cb->nhelp_first; k++)
			if (cb->help_first[k] == c->index)
				break;
		if (k < cb->nhelp_first || cb->nhelp_first == CB_MAX_CODES) {
			conf_err(e, list, "help_first: %s is listed twice",
			    c->code);
			continue;
		}
		cb->help_first[cb->nhelp_first++] = c->index;
	}
}

static void
check_builtins(const config_setting_t *g, const struct codebook *cb,
    struct conf_errs *e)
{
	static const char *const need[][4] = {
		{ "sex", NULL },
		{ "flag", NULL },
		{ "age_unit", "years", "months", NULL },
		{ "period_unit", "week", "month", "quarter" },
	};
	int v, k;

	for (v = 0; v < CB_NBUILTIN_VOCABS; v++) {
		if (cb->vocabs[v].nvalues == 0) {
			conf_err(e, g, "vocabulary '%s' is required",
			    need[v][0]);
			continue;
		}
		for (k = 1; k < 4 && need[v][k] != NULL; k++)
			if (codebook_value(cb, v, need[v][k]) < 0)
				conf_err(e, g, "vocabulary '%s' needs the "
				    "value '%s'", need[v][0], need[v][k]);
	}
}

void
codebook_from_config(const config_setting_t *g, struct codebook *cb,
    struct conf_errs *e)
{
	const config_setting_t	*list;
	const char		*err;
	int			 i, n;

	config_setting_lookup_int(g, "grace_days", &cb->grace_days);
	list = config_setting_get_member(g, "vocabularies");
	n = list != NULL ? config_setting_length(list) : 0;
	for (i = 0; i < n; i++)
		load_vocab(config_setting_get_elem(list, (unsigned)i), cb, e);
	check_builtins(at_or(g, "vocabularies"), cb, e);

	list = config_setting_get_member(g, "codes");
	n = list != NULL ? config_setting_length(list) : 0;
	for (i = 0; i < n; i++)
		load_code(config_setting_get_elem(list, (unsigned)i), cb, e);
	for (i = 0; i < CB_NKINDS; i++) {
		int k, found = 0;

		for (k = 0; k < cb->ncodes; k++)
			found |= cb->codes[k].kind == (enum cb_kind)i;
		if (!found && i != CB_INCIDENT && i != CB_COVERAGE)
			conf_err(e, at_or(g, "codes"), "no code of kind '%s'",
			    cb_kind_names[i]);
	}
	codebook_check_keypad(g, cb, e);
	load_help_first(config_setting_get_member(g, "help_first"), cb, e);
	load_strings_as(config_setting_get_member(g, "prefixes"), cb, 1, e);
	load_strings_as(config_setting_get_member(g, "alert_flags"), cb, 0, e);

	list = config_setting_get_member(g, "labels");
	n = list != NULL ? config_setting_length(list) : 0;
	for (i = 0; i < n && cb->nlabels < CB_MAX_LABELS; i++) {
		const config_setting_t	*l = config_setting_get_elem(list,
					    (unsigned)i);
		struct cb_value		*lab = &cb->labels[cb->nlabels];

		if (copy(e, l, lab->value, CB_WORD_MAX, config_setting_name(l),
		    "label name") == 0 && copy(e, l, lab->label, CB_LABEL_MAX,
		    config_setting_get_string(l), "label") == 0)
			cb->nlabels++;
	}
	if ((list = config_setting_get_member(g, "replies")) != NULL)
		load_replies(list, cb, e);
	if ((list = config_setting_get_member(g, "ussd")) != NULL)
		load_ussd(list, cb, e);
	if (codebook_finish(cb, &err) == -1)
		conf_err(e, at_or(g, "vocabularies"), "%s", err);
}
