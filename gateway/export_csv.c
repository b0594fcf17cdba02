/*
 * `reportgw export --format csv`: a file a spreadsheet opens as it is.
 * UTF-8 with a BOM, a header even when no row follows, every cell through
 * the one CSV cell writer (csv.h).  Reports are flattened for people:
 * each figure, choice and flag its own column, the village, commune and
 * reporter by name, sex and age as words ("gái", "9 tuổi"), times as
 * local "YYYY-MM-DD HH:MM".  --lang vi titles the columns in Vietnamese
 * (labels.conf, export_* labels); the default titles are the field names.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "csv.h"
#include "export_csv.h"
#include "timeutil.h"
#include "xmalloc.h"

#define ROW_MAX		(1024 * 1024)	/* bytes of one CSV row */
#define COLS_MAX	256

/* What a report column shows. */
enum col_kind {
	C_FIELD,	/* a stored column, by name */
	C_INT_FIELD,	/* a stored integer column */
	C_TIME,		/* a stored time, as local text */
	C_VILLAGE_NAME,
	C_COMMUNE_NAME,
	C_TITLE,	/* the code's title */
	C_SEX,
	C_AGE,		/* "9 tuổi", "7 tháng" */
	C_AGE_YEARS,	/* a number */
	C_NUMBER,	/* details: a plain number slot */
	C_CHOICE,	/* details: a vocabulary value, as its label */
	C_FLAG,		/* details: one flag, yes or empty */
	C_FIGURE,	/* details.values: one coverage figure */
	C_NOTE,
	C_ALERT,
	C_IMPLAUSIBLE,
	C_REVIEW
};

struct col {
	enum col_kind	 kind;
	char		*name;		/* the field name (English title) */
	char		*title;		/* the Vietnamese title */
	const char	*key;		/* stored column, slot, vocab, flag */
	const char	*code;		/* C_FIGURE: its code */
};

struct export_csv {
	const struct conf	*conf;
	int			 vi;
	int			 reports;	/* flattened report columns */
	struct col		 cols[COLS_MAX];
	int			 ncols;
};

/* A label of labels.conf, or fallback when the config has none. */
static const char *
label_or(const struct conf *c, const char *name, const char *fallback)
{
	const char *v = conf_label(c, name);

	return v != name ? v : fallback;
}

static void
add_col(struct export_csv *x, enum col_kind kind, const char *name,
    const char *title, const char *key, const char *code)
{
	struct col *c;

	if (x->ncols == COLS_MAX)
		return;
	c = &x->cols[x->ncols++];
	c->kind = kind;
	c->name = xstrdup(name);
	c->title = xstrdup(title != NULL ? title : name);
	c->key = key;
	c->code = code;
}

/* A stored column, titled by its export_NAME label in Vietnamese. */
static void
field(struct export_csv *x, enum col_kind kind, const char *name)
{
	char label[64];

	snprintf(label, sizeof(label), "export_%s", name);
	add_col(x, kind, name, label_or(x->conf, label, name), name, NULL);
}

static int
listed(const struct export_csv *x, enum col_kind kind, const char *key)
{
	int i;

	for (i = 0; i < x->ncols; i++)
		if (x->cols[i].kind == kind && strcmp(x->cols[i].key, key) == 0)
			return 1;
	return 0;
}

/* The report columns, from the code book: every slot of every code. */
static void
report_cols(struct export_csv *x)
{
	const struct codebook	*cb = x->conf->codebook;
	char			 name[2 * CB_WORD_MAX + 2];
	char			 title[2 * CB_LABEL_MAX + 8], label[96];
	int			 k, i, v;

	field(x, C_INT_FIELD, "ref");
	field(x, C_TIME, "received_at");
	field(x, C_FIELD, "phone");
	field(x, C_FIELD, "reporter");
	field(x, C_FIELD, "commune");
	field(x, C_COMMUNE_NAME, "commune_name");
	field(x, C_FIELD, "village");
	field(x, C_VILLAGE_NAME, "village_name");
	field(x, C_FIELD, "status");
	field(x, C_FIELD, "kind");
	field(x, C_FIELD, "code");
	field(x, C_TITLE, "title");
	field(x, C_FIELD, "period");
	field(x, C_NUMBER, "count");
	field(x, C_SEX, "sex");
	field(x, C_AGE, "age");
	field(x, C_AGE_YEARS, "age_years");
	for (k = 0; k < cb->ncodes; k++) {
		const struct cb_code *c = &cb->codes[k];

		if (c->kind != CB_INCIDENT)
			continue;
		for (i = 0; i < c->nnumbers; i++)
			if (c->numbers[i].role == CB_ROLE_PLAIN &&
			    !listed(x, C_NUMBER, c->numbers[i].name)) {
				snprintf(label, sizeof(label), "export_%s",
				    c->numbers[i].name);
				add_col(x, C_NUMBER, c->numbers[i].name,
				    label_or(x->conf, label, codebook_label(cb,
				    c->numbers[i].name)), c->numbers[i].name,
				    NULL);
			}
		for (i = 0; i < c->nchoices; i++) {
			const struct cb_vocab *vo =
			    &cb->vocabs[c->choices[i].vocab];

			snprintf(label, sizeof(label), "export_%s", vo->name);
			if (!listed(x, C_CHOICE, vo->name))
				add_col(x, C_CHOICE, vo->name, label_or(x->conf,
				    label, vo->label[0] ? vo->label : vo->name),
				    vo->name, NULL);
		}
	}
	for (v = 0; v < cb->vocabs[CB_VOCAB_FLAG].nvalues; v++) {
		const struct cb_value *f = &cb->vocabs[CB_VOCAB_FLAG].values[v];

		snprintf(name, sizeof(name), "flag_%s", f->value);
		snprintf(label, sizeof(label), "flag_%s", f->value);
		add_col(x, C_FLAG, name, label_or(x->conf, label, f->label),
		    f->value, NULL);
	}
	for (k = 0; k < cb->ncodes; k++) {
		const struct cb_code *c = &cb->codes[k];

		if (c->kind != CB_COVERAGE)
			continue;
		for (i = 0; i < c->nnumbers; i++) {
			snprintf(name, sizeof(name), "%s_%s", c->code,
			    c->numbers[i].name);
			snprintf(title, sizeof(title), "%s: %s", c->code,
			    codebook_label(cb, c->numbers[i].name));
			add_col(x, C_FIGURE, name, title, c->numbers[i].name,
			    c->code);
		}
	}
	field(x, C_NOTE, "note");
	field(x, C_ALERT, "alert");
	field(x, C_IMPLAUSIBLE, "implausible");
	field(x, C_REVIEW, "review");
}

struct export_csv *
export_csv_new(const struct conf *c, const char *what, int vi)
{
	struct export_csv *x = xcalloc(1, sizeof(*x));

	x->conf = c;
	x->vi = vi;
	x->reports = strcmp(what, "reports") == 0;
	if (x->reports)
		report_cols(x);
	return x;
}

void
export_csv_free(struct export_csv *x)
{
	int i;

	if (x == NULL)
		return;
	for (i = 0; i < x->ncols; i++) {
		free(x->cols[i].name);
		free(x->cols[i].title);
	}
	free(x);
}

static const char *
value_of(const char *const *names, const char *const *values, int n,
    const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return values[i];
	return NULL;
}

/* "2026-11-28 09:00", local. */
static void
local_time(const char *stored, char out[32])
{
	struct local_time	lt;
	time_t			t;

	if (stored == NULL) {
		out[0] = '\0';
		return;
	}
	t = (time_t)strtoll(stored, NULL, 10);
	time_local(t, &lt);
	snprintf(out, 32, "%04d-%02d-%02d %02d:%02d", lt.year % 10000,
	    lt.month % 100, lt.day % 100, lt.hour % 100, lt.minute % 100);
}

/* A vocabulary value as people read it: labels.conf, then the code
 * book's label, then the value. */
static const char *
choice_label(const struct export_csv *x, const char *vocab, const char *v)
{
	const struct codebook	*cb = x->conf->codebook;
	char			 key[96];
	int			 vi, k;

	snprintf(key, sizeof(key), "%s_%s", vocab, v);
	if (label_or(x->conf, key, NULL) != NULL)
		return label_or(x->conf, key, NULL);
	if ((vi = codebook_vocab(cb, vocab)) >= 0 &&
	    (k = codebook_value(cb, vi, v)) >= 0 &&
	    cb->vocabs[vi].values[k].label[0] != '\0')
		return cb->vocabs[vi].values[k].label;
	return v;
}

static void
report_cell(struct export_csv *x, struct buf *b, const struct col *c,
    const char *const *names, const char *const *values, int n, json_t *d)
{
	const struct conf_village	*v;
	const struct conf_commune	*cc;
	const struct cb_code		*code;
	const char			*s;
	json_t				*j;
	char				 text[64];
	size_t				 i;

	switch (c->kind) {
	case C_FIELD:
		csv_cell(b, value_of(names, values, n, c->key));
		break;
	case C_INT_FIELD:
		if ((s = value_of(names, values, n, c->key)) != NULL)
			csv_number(b, strtoll(s, NULL, 10));
		else
			csv_cell(b, NULL);
		break;
	case C_TIME:
		local_time(value_of(names, values, n, c->key), text);
		csv_cell(b, text);
		break;
	case C_VILLAGE_NAME:
		v = conf_village(x->conf, (s = value_of(names, values, n,
		    "village")) != NULL ? s : "");
		csv_cell(b, v != NULL ? v->name : NULL);
		break;
	case C_COMMUNE_NAME:
		cc = conf_commune(x->conf, (s = value_of(names, values, n,
		    "commune")) != NULL ? s : "");
		csv_cell(b, cc != NULL ? cc->name : NULL);
		break;
	case C_TITLE:
		code = codebook_find(x->conf->codebook, (s = value_of(names,
		    values, n, "code")) != NULL ? s : "");
		csv_cell(b, code != NULL ? code->title : NULL);
		break;
	case C_SEX:
		s = json_string_value(json_object_get(d, "sex"));
		if (s == NULL)
			csv_cell(b, NULL);
		else if (x->vi) {
			snprintf(text, sizeof(text), "sex_%s", s);
			csv_cell(b, label_or(x->conf, text, s));
		} else
			csv_cell(b, strcmp(s, "F") == 0 ? "female" :
			    strcmp(s, "M") == 0 ? "male" : "unknown");
		break;
	case C_AGE:
	case C_AGE_YEARS:
		j = json_object_get(d, "age_months");
		if (!json_is_integer(j)) {
			csv_cell(b, NULL);
			break;
		}
		if (c->kind == C_AGE_YEARS)
			csv_number(b, json_integer_value(j) / 12);
		else {
			long long	m = json_integer_value(j);
			int		years = m >= 12 && m % 12 == 0;
			const char	*unit = years ? "years" : "months";

			snprintf(text, sizeof(text), "%lld %s", years ? m / 12 :
			    m, x->vi ? label_or(x->conf, unit, unit) : unit);
			csv_cell(b, text);
		}
		break;
	case C_NUMBER:
		j = json_object_get(d, c->key);
		if (json_is_integer(j))
			csv_number(b, json_integer_value(j));
		else
			csv_cell(b, NULL);
		break;
	case C_CHOICE:
		s = json_string_value(json_object_get(d, c->key));
		csv_cell(b, s != NULL ? (x->vi ? choice_label(x, c->key, s) :
		    s) : NULL);
		break;
	case C_FLAG:
		s = NULL;
		json_array_foreach(json_object_get(d, "flags"), i, j)
			if (json_is_string(j) && strcmp(json_string_value(j),
			    c->key) == 0)
				s = x->vi ? label_or(x->conf, "yes", "yes") :
				    "yes";
		csv_cell(b, s);
		break;
	case C_FIGURE:
		s = value_of(names, values, n, "code");
		j = json_object_get(json_object_get(d, "values"), c->key);
		if (s != NULL && strcmp(s, c->code) == 0 &&
		    json_is_integer(j))
			csv_number(b, json_integer_value(j));
		else
			csv_cell(b, NULL);
		break;
	case C_NOTE:
		csv_cell(b, json_string_value(json_object_get(d, "note")));
		break;
	case C_ALERT:
	case C_IMPLAUSIBLE:
		s = value_of(names, values, n, c->key);
		csv_cell(b, s != NULL && strcmp(s, "0") != 0 ? (x->vi ?
		    label_or(x->conf, "yes", "yes") : "yes") : NULL);
		break;
	case C_REVIEW:		/* why it may be urgent (sms_review_names) */
		csv_cell(b, json_string_value(json_object_get(d, "review")));
		break;
	}
}

int
export_csv_row(struct export_csv *x, const char *const *names,
    const char *const *values, int n, FILE *out)
{
	struct buf	 b;
	json_error_t	 e;
	json_t		*d = NULL;
	char		 label[64], when[32];
	const char	*s;
	int		 i;

	buf_init(&b, ROW_MAX);
	if (values == NULL)
		buf_add(&b, "\xef\xbb\xbf");	/* BOM: spreadsheets read UTF-8 */
	if (x->reports && values != NULL &&
	    (s = value_of(names, values, n, "details")) != NULL)
		d = json_loads(s, 0, &e);
	for (i = 0; i < (x->reports ? x->ncols : n); i++) {
		if (i > 0)
			buf_add(&b, ",");
		if (values == NULL) {
			/* the header */
			if (x->reports)
				csv_cell(&b, x->vi ? x->cols[i].title :
				    x->cols[i].name);
			else {
				snprintf(label, sizeof(label), "export_%s",
				    names[i]);
				csv_cell(&b, x->vi ? label_or(x->conf, label,
				    names[i]) : names[i]);
			}
		} else if (x->reports)
			report_cell(x, &b, &x->cols[i], names, values, n, d);
		else if (values[i] != NULL && (strcmp(names[i],
		    "received_at") == 0 || strcmp(names[i], "sent_at") == 0)) {
			local_time(values[i], when);
			csv_cell(&b, when);
		} else
			csv_cell(&b, values[i]);
	}
	buf_add(&b, "\r\n");
	json_decref(d);
	i = fputs(b.p, out) == EOF || b.truncated ? -1 : 0;
	buf_free(&b);
	return i;
}
