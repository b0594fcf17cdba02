/*
 * The words of a digest, shared by its renderings: names of codes,
 * villages and communes, a child and the details of a report in labels,
 * the headline's figures and the subject.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "digest_int.h"

const char *
dg_label(const struct digest *d, const char *name)
{
	return conf_label(d->conf, name);
}

/* The words of a digest need only the config: a shell for the helpers. */
static const struct digest *
conf_only(const struct conf *c, struct digest *shell)
{
	memset(shell, 0, sizeof(*shell));
	shell->conf = c;
	return shell;
}

/* ---- words ---- */

static const struct cb_code *
code_of(const struct digest *d, const char *code)
{
	return codebook_find(d->conf->codebook, code);
}

const char *
dg_title(const struct digest *d, const char *code)
{
	const struct cb_code *c = code_of(d, code);

	return c != NULL ? c->title : code;
}

const char *
dg_village_name(const struct digest *d, const char *code)
{
	const struct conf_village *v = conf_village(d->conf, code);

	return v != NULL ? v->name : code;
}

const char *
dg_commune_name(const struct digest *d, const char *code)
{
	const struct conf_commune *c = conf_commune(d->conf, code);

	return c != NULL ? c->name : code;
}

void
dg_hhmm(time_t t, char out[8])
{
	struct tm tm;

	localtime_r(&t, &tm);
	snprintf(out, 8, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

static void
display_day(const char *day, char out[16])
{
	snprintf(out, 16, "%.2s/%.2s/%.4s", day + 8, day + 5, day);
}

/* A label for a vocabulary value: labels.conf ("outcome_died"), else the
 * code book's. */
static const char *
value_word(const struct digest *d, const char *vocab, const char *value,
    char *buf, size_t size)
{
	const struct codebook	*cb = d->conf->codebook;
	const char		*l;
	int			 v, k;

	snprintf(buf, size, "%s_%s", vocab, value);
	if ((l = conf_label(d->conf, buf)) != buf)
		return l;
	if ((v = codebook_vocab(cb, vocab)) >= 0 &&
	    (k = codebook_value(cb, v, value)) >= 0 &&
	    cb->vocabs[v].values[k].label[0] != '\0')
		return cb->vocabs[v].values[k].label;
	return value;
}

/* "1 trẻ gái 13 tuổi" */
void
dg_child(const struct digest *d, json_t *det, struct buf *b)
{
	const char	*sex = json_string_value(json_object_get(det, "sex"));
	long		 age = (long)json_integer_value(json_object_get(det,
			    "age_months"));
	long		 count = (long)json_integer_value(json_object_get(det,
			    "count"));
	char		 key[16];

	snprintf(key, sizeof(key), "sex_%s", sex != NULL ? sex : "U");
	if (age % 12 != 0 && age < 60)
		buf_printf(b, "%ld %s %s %ld %s", count, dg_label(d, "children"),
		    dg_label(d, key), age, dg_label(d, "months"));
	else
		buf_printf(b, "%ld %s %s %ld %s", count, dg_label(d, "children"),
		    dg_label(d, key), age / 12, dg_label(d, "years"));
}

/* Outcome, subtype, group, other numbers and flags, comma-separated. */
void
dg_details(const struct digest *d, json_t *det, struct buf *b)
{
	static const char *const skip[] = { "kind", "code", "count", "sex",
	    "age_months", "flags", "note", "values", "period", NULL };
	const char	*k;
	json_t		*v, *f;
	char		 tmp[96];
	size_t		 i, n = 0;

	json_object_foreach(det, k, v) {
		for (i = 0; skip[i] != NULL && strcmp(skip[i], k) != 0; i++)
			;
		if (skip[i] != NULL)
			continue;
		if (n++ > 0)
			buf_add(b, ", ");
		if (json_is_string(v))
			buf_add(b, value_word(d, k, json_string_value(v), tmp,
			    sizeof(tmp)));
		else
			buf_printf(b, "%s %lld", codebook_label(
			    d->conf->codebook, k),
			    (long long)json_integer_value(v));
	}
	json_array_foreach(json_object_get(det, "flags"), i, f) {
		if (n++ > 0)
			buf_add(b, ", ");
		buf_add(b, value_word(d, "flag", json_string_value(f), tmp,
		    sizeof(tmp)));
	}
}

void
digest_describe(const struct conf *c, const char *details_json,
    struct buf *who, struct buf *what)
{
	struct digest	 shell;
	json_error_t	 e;
	json_t		*det = json_loads(details_json, 0, &e);

	if (det == NULL)
		return;
	dg_child(conf_only(c, &shell), det, who);
	dg_details(&shell, det, what);
	json_decref(det);
}

/* "trẻ 5t 42, đi học 40" */
void
dg_figures(const struct digest *d, json_t *det, struct buf *b)
{
	const char	*k;
	json_t		*v;
	size_t		 n = 0;

	json_object_foreach(json_object_get(det, "values"), k, v) {
		if (n++ > 0)
			buf_add(b, ", ");
		buf_printf(b, "%s %lld", codebook_label(d->conf->codebook, k),
		    (long long)json_integer_value(v));
	}
}

int
dg_percent(long num, long den)
{
	if (den <= 0)
		return 0;
	return (int)((num * 100 + den / 2) / den);
}

/* ---- which reports count ---- */

static int
active(const struct report_row *r)
{
	return strcmp(r->status, "active") == 0;
}

/* Cancelled and superseded reports are only in the corrections section. */
int
dg_is_incident(const struct report_row *r)
{
	return active(r) && strcmp(r->kind, "incident") == 0;
}

int
dg_is_alert(const struct report_row *r)
{
	return dg_is_incident(r) && r->alert;
}

/* Not understood but maybe urgent: whatever its kind, it heads the urgent
 * section and is in no count of reports. */
int
dg_is_review(const struct report_row *r)
{
	return strcmp(r->status, "review") == 0;
}

int
dg_is_implausible(const struct report_row *r)
{
	return active(r) && r->implausible;
}

void
dg_count(const struct digest *d, struct dg_counts *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < d->reports.n; i++) {
		const struct report_row *r = &d->reports.v[i].r;

		c->incidents += dg_is_incident(r);
		c->urgent += dg_is_alert(r);
		c->review += dg_is_review(r);
		if (!active(r))
			continue;
		if (strcmp(r->kind, "coverage") == 0)
			c->coverage++;
		else if (strcmp(r->kind, "zero") == 0)
			c->zero++;
	}
	for (i = 0; i < d->conf->nvillages; i++)
		if (dg_in_group(d->group, d->conf->villages[i].commune)) {
			c->total_villages++;
			c->silent += !d->reported[i];
		}
}

/* The variables of the subject and headline templates. */
void
dg_head_vars(const struct digest *d, const struct dg_counts *c,
    char nums[DG_HEAD_NUMS][24], char *date, const char **vars)
{
	static const char *const names[DG_HEAD_NUMS] = { "incidents",
	    "urgent", "review", "coverage", "zero", "silent", "rejected" };
	const long	 v[DG_HEAD_NUMS] = { c->incidents, c->urgent,
			    c->review, c->coverage, c->zero, c->silent,
			    d->rejected };
	size_t		 i;

	display_day(d->day, date);
	vars[0] = "area"; vars[1] = d->group->name;
	vars[2] = "date"; vars[3] = date;
	for (i = 0; i < DG_HEAD_NUMS; i++) {
		snprintf(nums[i], 24, "%ld", v[i]);
		vars[4 + 2 * i] = names[i];
		vars[5 + 2 * i] = nums[i];
	}
	vars[4 + 2 * DG_HEAD_NUMS] = NULL;
}

char *
digest_subject(const struct digest *d)
{
	struct dg_counts	 c;
	struct buf		 b;
	char			 nums[DG_HEAD_NUMS][24], date[16];
	const char		*vars[DG_HEAD_VARS];

	dg_count(d, &c);
	dg_head_vars(d, &c, nums, date, vars);
	buf_init(&b, 1024);
	buf_template(&b, dg_label(d, "digest_subject"), vars, 0);
	return buf_take(&b);
}

void
dg_template(const struct digest *d, struct buf *b, const char *label,
    const char *const *vars)
{
	buf_template(b, dg_label(d, label), vars, 0);
}
