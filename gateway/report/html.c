/*
 * The report as HTML and as the plain text of its e-mail.  The HTML is
 * one page with inline CSS (readable on a phone): the headline, then each
 * section's table; a chart stands before the table of its figures, with
 * alt text, and draws its series with patterns and labels, never colour
 * alone.  Every text is escaped (buf_html).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "report_int.h"
#include "xmalloc.h"

static void
cell_html(struct buf *b, const struct rp_cell *c)
{
	switch (c->type) {
	case RC_EMPTY:
		buf_add(b, "<td></td>");
		break;
	case RC_TEXT:
		buf_add(b, "<td>");
		buf_html(b, c->s);
		buf_add(b, "</td>");
		break;
	case RC_INT:
		buf_printf(b, "<td class=\"n\">%ld</td>", c->n);
		break;
	case RC_PERCENT:
	case RC_DECIMAL:
		buf_printf(b, "<td class=\"n\">%.1f</td>", c->d);
		break;
	}
}

static void
chart_html(struct buf *b, const struct report *r, int index,
    enum report_charts how)
{
	struct chart	 ch;
	char		*alt, *svg;

	if (how == REPORT_CHARTS_NONE || rp_chart(r, index, &ch) == -1)
		return;
	alt = rp_chart_alt(r, index);
	buf_add(b, "<figure>");
	if (how == REPORT_CHARTS_CID) {
		buf_printf(b, "<img src=\"cid:chart%d@reportgw\" width=\"%d\" "
		    "height=\"%d\" style=\"max-width:100%%;height:auto\" alt=\"",
		    index, CHART_WIDTH, CHART_HEIGHT);
		buf_html(b, alt);
		buf_add(b, "\">");
	} else if ((svg = chart_svg(&ch)) != NULL) {
		/* the SVG names its title and description itself */
		buf_add(b, "<div role=\"img\" aria-label=\"");
		buf_html(b, alt);
		buf_add(b, "\">");
		buf_add(b, svg);
		buf_add(b, "</div>");
		free(svg);
	}
	buf_add(b, "<figcaption>");
	buf_html(b, alt);
	buf_add(b, "</figcaption></figure>\n");
	rp_chart_free(&ch);
	free(alt);
}

char *
report_html(const struct report *r, enum report_charts how)
{
	struct rp_tables	 ts;
	struct buf		 b, line;
	char			 nums[8][32];
	const char		*vars[24];
	size_t			 i, row;
	int			 k;

	rp_tables_build(r, &ts);
	rp_vars(r, nums, vars);
	buf_init(&b, REPORT_BODY_MAX);
	buf_init(&line, 64 * 1024);
	buf_template(&line, rp_label(r, "report_title"), vars, 0);
	buf_add(&b, "<!DOCTYPE html>\n<html lang=\"vi\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"><title>");
	buf_html(&b, line.p);
	buf_add(&b, "</title><style>"
	    "body{font-family:sans-serif;margin:0 auto;max-width:60em;"
	    "padding:0 .5em;color:#111}"
	    "table{border-collapse:collapse;margin:.3em 0 1.2em;"
	    "font-size:.9em}"
	    "caption{text-align:left;font-weight:bold;padding:.3em 0}"
	    "th,td{border:1px solid #999;padding:.2em .4em;text-align:left}"
	    "th{background:#eee}td.n{text-align:right}"
	    ".wrap{overflow-x:auto}figure{margin:1em 0}"
	    "figcaption{font-size:.85em;color:#333}"
	    "</style></head><body>\n<h1>");
	buf_html(&b, line.p);
	buf_add(&b, "</h1>\n<p>");
	line.len = 0;
	line.p[0] = '\0';
	buf_template(&line, rp_label(r, "report_intro"), vars, 0);
	buf_html(&b, line.p);
	buf_add(&b, "</p>\n");
	for (i = 0; i < ts.n; i++) {
		const struct rp_table *t = &ts.v[i];

		if (i == 0 || strcmp(t->sheet, ts.v[i - 1].sheet) != 0) {
			buf_add(&b, "<h2>");
			buf_html(&b, t->sheet);
			buf_add(&b, "</h2>\n");
		}
		if (t->chart > 0)
			chart_html(&b, r, t->chart, how);
		buf_add(&b, "<div class=\"wrap\"><table><caption>");
		buf_html(&b, t->title);
		buf_add(&b, "</caption>\n<thead><tr>");
		for (k = 0; k < t->ncols; k++) {
			buf_add(&b, "<th scope=\"col\">");
			buf_html(&b, t->cols[k]);
			buf_add(&b, "</th>");
		}
		buf_add(&b, "</tr></thead>\n<tbody>\n");
		for (row = 0; row < t->nrows; row++) {
			buf_add(&b, "<tr>");
			for (k = 0; k < t->ncols; k++)
				cell_html(&b, &t->cells[row *
				    (size_t)t->ncols + (size_t)k]);
			buf_add(&b, "</tr>\n");
		}
		buf_add(&b, "</tbody></table></div>\n");
	}
	buf_add(&b, "<p><small>");
	buf_html(&b, rp_label(r, "report_footer"));
	buf_add(&b, "</small></p>\n</body></html>\n");
	buf_free(&line);
	rp_tables_free(&ts);
	return buf_take(&b);
}

char *
report_subject(const struct report *r)
{
	struct buf	 b;
	char		 nums[8][32];
	const char	*vars[24];

	rp_vars(r, nums, vars);
	buf_init(&b, 4096);
	buf_template(&b, rp_label(r, "report_subject"), vars, 0);
	return buf_take(&b);
}

/* A table in the e-mail's plain text: a line per row, "column: value". */
static void
text_table(struct buf *b, const struct rp_table *t)
{
	size_t	row;
	int	k;

	buf_printf(b, "%s\n", t->title);
	for (row = 0; row < t->nrows; row++) {
		for (k = 0; k < t->ncols; k++) {
			const struct rp_cell *c = &t->cells[row *
			    (size_t)t->ncols + (size_t)k];

			buf_add(b, k > 0 ? "; " : "  ");
			buf_printf(b, "%s: ", t->cols[k]);
			if (c->type == RC_TEXT)
				buf_add(b, c->s);
			else if (c->type == RC_INT)
				buf_printf(b, "%ld", c->n);
			else if (c->type == RC_PERCENT ||
			    c->type == RC_DECIMAL)
				buf_printf(b, "%.1f", c->d);
		}
		buf_add(b, "\n");
	}
}

/* The e-mail's plain text: the headline, the summary and the cases. */
char *
report_text(const struct report *r)
{
	struct rp_tables	 ts;
	struct buf		 b;
	char			 nums[8][32];
	const char		*vars[24];
	size_t			 i;

	rp_tables_build(r, &ts);
	rp_vars(r, nums, vars);
	buf_init(&b, REPORT_BODY_MAX);
	buf_template(&b, rp_label(r, "report_title"), vars, 0);
	buf_add(&b, "\n\n");
	buf_template(&b, rp_label(r, "report_intro"), vars, 0);
	buf_add(&b, "\n\n");
	for (i = 0; i < ts.n; i++)
		if (i == 0 || strcmp(ts.v[i].sheet, rp_label(r,
		    "sheet_cases")) == 0) {
			text_table(&b, &ts.v[i]);
			buf_add(&b, "\n");
		}
	buf_printf(&b, "%s\n", rp_label(r, "report_footer"));
	rp_tables_free(&ts);
	return buf_take(&b);
}
