/*
 * The digest's attachment: one CSV row per report of the day, UTF-8 with
 * a BOM, every cell quoted and never a formula (csv.h).
 */
#include <stdio.h>

#include "csv.h"
#include "digest_int.h"
#include "timeutil.h"

/* One cell of the attachment (csv.c: quoted, never a formula). */
static void
cell_csv(struct buf *b, const char *s, int last)
{
	csv_cell(b, s);
	buf_add(b, last ? "\r\n" : ",");
}

char *
digest_csv(const struct digest *d)
{
	static const char *const cols[] = { "ref", "time", "commune",
	    "village", "code", "title", "kind", "status", "count", "sex",
	    "age_months", "outcome", "subtype", "group", "parents", "flags",
	    "period", "values", "note", "reporter", "phone", "implausible",
	    NULL };
	struct buf	b, cell;
	char		num[64], iso[32];
	size_t		i, k;

	buf_init(&b, DIGEST_BODY_MAX);
	buf_add(&b, "\xef\xbb\xbf");	/* BOM: spreadsheets read UTF-8 */
	for (k = 0; cols[k] != NULL; k++)
		cell_csv(&b, cols[k], cols[k + 1] == NULL);
	buf_init(&cell, 4096);
	for (i = 0; i < d->reports.n; i++) {
		const struct report_row	*r = &d->reports.v[i].r;
		json_t			*det = d->reports.details[i], *v;
		const char		*key;
		size_t			 j;

		snprintf(num, sizeof(num), "%lld", (long long)r->id);
		cell_csv(&b, num, 0);
		time_format_iso(r->received_at, iso);
		cell_csv(&b, iso, 0);
		cell_csv(&b, r->commune, 0);
		cell_csv(&b, r->village, 0);
		cell_csv(&b, r->code, 0);
		cell_csv(&b, dg_title(d, r->code), 0);
		cell_csv(&b, r->kind, 0);
		cell_csv(&b, r->status, 0);
		for (k = 8; k <= 14; k++) {
			v = json_object_get(det, cols[k]);
			if (json_is_integer(v)) {
				snprintf(num, sizeof(num), "%lld",
				    (long long)json_integer_value(v));
				cell_csv(&b, num, 0);
			} else
				cell_csv(&b, json_string_value(v), 0);
		}
		cell.len = 0;
		cell.p[0] = '\0';
		json_array_foreach(json_object_get(det, "flags"), j, v)
			buf_printf(&cell, "%s%s", j ? ";" : "",
			    json_string_value(v));
		cell_csv(&b, cell.p, 0);
		cell_csv(&b, r->period, 0);
		cell.len = 0;
		cell.p[0] = '\0';
		j = 0;
		json_object_foreach(json_object_get(det, "values"), key, v)
			buf_printf(&cell, "%s%s=%lld", j++ ? ";" : "", key,
			    (long long)json_integer_value(v));
		cell_csv(&b, cell.p, 0);
		cell_csv(&b, json_string_value(json_object_get(det, "note")),
		    0);
		cell_csv(&b, d->reports.v[i].reporter, 0);
		cell_csv(&b, r->phone, 0);
		cell_csv(&b, r->implausible ? "1" : "0", 1);
	}
	buf_free(&cell);
	return buf_take(&b);
}
