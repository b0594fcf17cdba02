/*
 * The report as an XLSX workbook (libxlsxwriter): a sheet per section
 * with its title in row 1 and its header in row 2, frozen; numbers are
 * stored as numbers (percentages with one decimal), text as text (a
 * spreadsheet never evaluates a string cell, so no formula can come in).
 * The charts' sheet also holds the chart pictures beside their figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "chart.h"
#include "report_int.h"

#define SHEET_NAME_MAX	31	/* characters Excel allows */

/* A sheet name Excel takes: no []:*?/\, at most 31 characters. */
static void
sheet_name(const char *label, char *out, size_t size)
{
	size_t	n = 0, chars = 0;
	const unsigned char *p = (const unsigned char *)label;

	/* whole characters: 31 of at most 4 bytes fit in size (128) */
	for (; *p != '\0' && n + 1 < size; p++) {
		if ((*p & 0xC0) != 0x80 && chars++ == SHEET_NAME_MAX)
			break;
		out[n++] = strchr("[]:*?/\\", *p) != NULL ? '-' : (char)*p;
	}
	out[n] = '\0';
	if (n == 0)
		snprintf(out, size, "Sheet");
}

int
report_xlsx(const struct report *r, const char *path, char *err,
    size_t errsize)
{
	lxw_workbook		*wb;
	lxw_worksheet		*ws = NULL;
	lxw_format		*bold, *head, *pct;
	lxw_error		 rc;
	struct rp_tables	 ts;
	unsigned char		*png[CHART_SERIES_MAX];
	size_t			 npng = 0, i, row, len;
	lxw_row_t		 at = 0;
	char			 name[128];
	int			 k;

	if ((wb = workbook_new(path)) == NULL) {
		snprintf(err, errsize, "cannot create %s", path);
		return -1;
	}
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_font_size(bold, 13);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_bg_color(head, 0xEEEEEE);
	format_set_border(head, LXW_BORDER_THIN);
	pct = workbook_add_format(wb);
	format_set_num_format(pct, "0.0");
	rp_tables_build(r, &ts);
	for (i = 0; i < ts.n; i++) {
		const struct rp_table *t = &ts.v[i];

		if (i == 0 || strcmp(t->sheet, ts.v[i - 1].sheet) != 0) {
			sheet_name(t->sheet, name, sizeof(name));
			if ((ws = workbook_add_worksheet(wb, name)) == NULL)
				break;
			worksheet_set_column(ws, 0, (lxw_col_t)(t->ncols > 0 ?
			    t->ncols - 1 : 0), 16, NULL);
			/* the title and header rows stay in sight */
			worksheet_freeze_panes(ws, 2, 0);
			at = 0;
		} else
			at += 1;	/* an empty row between tables */
		worksheet_write_string(ws, at, 0, t->title, bold);
		at++;
		if (t->chart > 0) {
			struct chart c;

			if (rp_chart(r, t->chart, &c) == 0) {
				if (npng < CHART_SERIES_MAX &&
				    (png[npng] = chart_png(&c, &len)) != NULL) {
					worksheet_insert_image_buffer(ws, at,
					    (lxw_col_t)t->ncols + 1, png[npng],
					    len);
					npng++;
				}
				rp_chart_free(&c);
			}
		}
		for (k = 0; k < t->ncols; k++)
			worksheet_write_string(ws, at, (lxw_col_t)k,
			    t->cols[k], head);
		at++;
		for (row = 0; row < t->nrows; row++, at++)
			for (k = 0; k < t->ncols; k++) {
				const struct rp_cell *c = &t->cells[row *
				    (size_t)t->ncols + (size_t)k];

				if (c->type == RC_TEXT)
					worksheet_write_string(ws, at,
					    (lxw_col_t)k, c->s, NULL);
				else if (c->type == RC_INT)
					worksheet_write_number(ws, at,
					    (lxw_col_t)k, (double)c->n, NULL);
				else if (c->type == RC_PERCENT ||
				    c->type == RC_DECIMAL)
					worksheet_write_number(ws, at,
					    (lxw_col_t)k, c->d, pct);
			}
		/* the chart picture is 18 rows high: keep the next table
		 * below it */
		if (t->chart > 0 && t->nrows < 18)
			at += 18 - (lxw_row_t)t->nrows;
	}
	rp_tables_free(&ts);
	rc = workbook_close(wb);
	for (i = 0; i < npng; i++)
		free(png[i]);
	if (rc != LXW_NO_ERROR) {
		snprintf(err, errsize, "%s: %s", path, lxw_strerror(rc));
		return -1;
	}
	return 0;
}
