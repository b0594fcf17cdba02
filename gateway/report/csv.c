/*
 * The report as CSV: UTF-8 with a BOM, each section a title line, its
 * header and its rows, then an empty line.  Text goes through the one
 * CSV cell writer (csv.h: quoted, never a formula); numbers are bare.
 */
#include "csv.h"
#include "report_int.h"

static void
cell(struct buf *b, const struct rp_cell *c)
{
	switch (c->type) {
	case RC_EMPTY:
		csv_cell(b, NULL);
		break;
	case RC_TEXT:
		csv_cell(b, c->s);
		break;
	case RC_INT:
		csv_number(b, c->n);
		break;
	case RC_PERCENT:
	case RC_DECIMAL:
		csv_decimal(b, c->d);
		break;
	}
}

char *
report_csv(const struct report *r)
{
	struct rp_tables	ts;
	struct buf		b;
	size_t			i, row;
	int			k;

	rp_tables_build(r, &ts);
	buf_init(&b, REPORT_BODY_MAX);
	buf_add(&b, "\xef\xbb\xbf");	/* BOM: spreadsheets read UTF-8 */
	for (i = 0; i < ts.n; i++) {
		const struct rp_table *t = &ts.v[i];

		csv_cell(&b, t->title);
		buf_add(&b, "\r\n");
		for (k = 0; k < t->ncols; k++) {
			if (k > 0)
				buf_add(&b, ",");
			csv_cell(&b, t->cols[k]);
		}
		buf_add(&b, "\r\n");
		for (row = 0; row < t->nrows; row++) {
			for (k = 0; k < t->ncols; k++) {
				if (k > 0)
					buf_add(&b, ",");
				cell(&b, &t->cells[row * (size_t)t->ncols +
				    (size_t)k]);
			}
			buf_add(&b, "\r\n");
		}
		buf_add(&b, "\r\n");
	}
	rp_tables_free(&ts);
	return buf_take(&b);
}
