/*
 * One drawing code for every chart, with cairo: the same draw() paints a
 * PNG (image surface) and an SVG (SVG surface).  Text uses DejaVu Sans,
 * which has the Vietnamese letters.
 */
#include <cairo.h>
#include <cairo-svg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart.h"
#include "xmalloc.h"

#define FONT		"DejaVu Sans"
#define MARGIN_L	56
#define MARGIN_L_NARROW	34	/* under 600 px: a phone's chart */
#define MARGIN_R	16
#define MARGIN_T	40
#define LEGEND_ROW	18

/* Okabe-Ito: told apart by most colour-blind readers too */
static const double palette[][3] = {
	{ 0.00, 0.45, 0.70 }, { 0.90, 0.62, 0.00 }, { 0.00, 0.62, 0.45 },
	{ 0.80, 0.47, 0.65 }, { 0.34, 0.71, 0.91 }, { 0.84, 0.37, 0.00 },
	{ 0.94, 0.89, 0.26 }, { 0.40, 0.40, 0.40 }
};
#define NCOLOURS	(sizeof(palette) / sizeof(palette[0]))
#define NPATTERNS	6

static void
colour(cairo_t *cr, int i)
{
	const double *c = palette[(size_t)i % NCOLOURS];

	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

/*
 * Fills the rectangle with series i's colour and its hatching (so that
 * colour is never the only sign), drawn as lines and dots rather than a
 * pattern: the charts go out as SVG too, where an image pattern is a
 * data: URL the console's CSP refuses, and cairo 1.16's SVG backend
 * leaks each recording-surface pattern it is given (472 bytes a use,
 * measured with LSan), which a daemon drawing the console's charts for
 * years cannot afford.  Leaves the rectangle as the current path.
 */
static void
fill_hatched(cairo_t *cr, int i, double x, double y, double w, double h)
{
	double	 a, b;

	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	colour(cr, i);
	cairo_fill_preserve(cr);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 1.2);
	switch (i % NPATTERNS) {	/* with the colour: unique to 24 */
	case 0:		/* plain: the first series */
		break;
	case 1:		/* rising diagonals */
		for (a = -h; a < w; a += 8) {
			cairo_move_to(cr, x + a, y + h);
			cairo_line_to(cr, x + a + h, y);
		}
		break;
	case 2:		/* falling diagonals */
		for (a = -h; a < w; a += 8) {
			cairo_move_to(cr, x + a, y);
			cairo_line_to(cr, x + a + h, y + h);
		}
		break;
	case 3:		/* horizontal lines */
		for (b = 4; b < h; b += 8) {
			cairo_move_to(cr, x, y + b);
			cairo_line_to(cr, x + w, y + b);
		}
		break;
	case 4:		/* dots */
		for (b = 4; b < h; b += 8)
			for (a = 4; a < w; a += 8) {
				cairo_new_sub_path(cr);
				cairo_arc(cr, x + a, y + b, 1.5, 0, 2 * M_PI);
			}
		cairo_fill(cr);
		break;
	default:	/* a grid */
		for (a = 4; a < w; a += 8) {
			cairo_move_to(cr, x + a, y);
			cairo_line_to(cr, x + a, y + h);
		}
		for (b = 4; b < h; b += 8) {
			cairo_move_to(cr, x, y + b);
			cairo_line_to(cr, x + w, y + b);
		}
		break;
	}
	cairo_stroke(cr);
	cairo_restore(cr);
	cairo_rectangle(cr, x, y, w, h);
}

/* A marker of its own shape for series i, at x, y. */
static void
marker(cairo_t *cr, int i, double x, double y)
{
	double r = 4.5;

	cairo_new_path(cr);	/* no line from where the last text ended */
	switch (i % 4) {
	case 0:
		cairo_arc(cr, x, y, r, 0, 2 * M_PI);
		break;
	case 1:
		cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
		break;
	case 2:
		cairo_move_to(cr, x, y - r - 1);
		cairo_line_to(cr, x + r + 1, y + r);
		cairo_line_to(cr, x - r - 1, y + r);
		cairo_close_path(cr);
		break;
	default:
		cairo_move_to(cr, x, y - r - 1);
		cairo_line_to(cr, x + r + 1, y);
		cairo_line_to(cr, x, y + r + 1);
		cairo_line_to(cr, x - r - 1, y);
		cairo_close_path(cr);
		break;
	}
	colour(cr, i);
	cairo_fill_preserve(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 1);
	cairo_stroke(cr);
}

static void
text_at(cairo_t *cr, const char *s, double x, double y, double size,
    int align)	/* -1 left, 0 centre, 1 right */
{
	cairo_text_extents_t e;

	cairo_set_font_size(cr, size);
	cairo_text_extents(cr, s, &e);
	cairo_move_to(cr, x - (align == 0 ? e.x_advance / 2 : align > 0 ?
	    e.x_advance : 0), y);
	cairo_show_text(cr, s);
}

/* A round upper bound for the axis: 1, 2 or 5 times a power of ten. */
static double
axis_max(const struct chart *c)
{
	double	m = c->target > 0 ? c->target : 0, step;
	int	i, k;

	for (i = 0; i < c->ns; i++)
		for (k = 0; k < c->nx; k++)
			if (c->s[i].v[k] > m)
				m = c->s[i].v[k];
	if (c->percent && m <= 100)
		return 100;
	if (m < 5)
		return 5;
	step = pow(10, floor(log10(m)));
	if (m <= 2 * step)
		return 2 * step;
	if (m <= 5 * step)
		return 5 * step;
	return 10 * step;
}

static void
number(char *out, size_t size, double v, int percent)
{
	if (percent)
		snprintf(out, size, "%.0f%%", v);
	else
		snprintf(out, size, "%.0f", v);
}

static int
width_of(const struct chart *c)
{
	return c->width > 0 ? c->width : CHART_WIDTH;
}

static int
height_of(const struct chart *c)
{
	return c->height > 0 ? c->height : CHART_HEIGHT;
}

static int
scale_of(const struct chart *c)
{
	return c->scale > 0 && c->scale <= 4 ? c->scale : 1;
}

static void
draw(cairo_t *cr, const struct chart *c)
{
	double	 w = width_of(c), h = height_of(c), top = MARGIN_T, left =
		    w < 600 ? MARGIN_L_NARROW : MARGIN_L, right = w - MARGIN_R,
		    bottom, ymax, slot, x, y;
	int	 rows, per_row, i, k, t, every;
	char	 num[32];

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_source_rgb(cr, 0, 0, 0);
	text_at(cr, c->title != NULL ? c->title : "", left, 22, 14, -1);
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_NORMAL);
	/* the legend, under the axis: a swatch and a name per series */
	per_row = w < 600 ? 2 : 4;
	rows = (c->ns + (c->target >= 0) + per_row - 1) / per_row;
	bottom = h - 28 - rows * LEGEND_ROW;
	for (i = 0; i < c->ns + (c->target >= 0); i++) {
		double lx = left + (i % per_row) * (right - left) / per_row;
		double ly = bottom + 30 + (i / per_row) * LEGEND_ROW;

		if (i == c->ns) {
			double dash[] = { 6, 4 };

			cairo_set_source_rgb(cr, 0.75, 0, 0);
			cairo_set_line_width(cr, 2);
			cairo_set_dash(cr, dash, 2, 0);
			cairo_move_to(cr, lx, ly - 4);
			cairo_line_to(cr, lx + 16, ly - 4);
			cairo_stroke(cr);
			cairo_set_dash(cr, NULL, 0, 0);
			cairo_set_source_rgb(cr, 0, 0, 0);
			text_at(cr, c->target_label ? c->target_label : "",
			    lx + 22, ly, 11, -1);
			continue;
		}
		if (c->kind == CHART_BARS) {
			fill_hatched(cr, i, lx, ly - 10, 16, 12);
			cairo_set_source_rgb(cr, 0, 0, 0);
			cairo_set_line_width(cr, 1);
			cairo_stroke(cr);
		} else
			marker(cr, i, lx + 8, ly - 4);
		cairo_set_source_rgb(cr, 0, 0, 0);
		text_at(cr, c->s[i].label ? c->s[i].label : "", lx + 22, ly,
		    11, -1);
	}
	/* the axes and the grid */
	ymax = axis_max(c);
	cairo_set_line_width(cr, 1);
	for (t = 0; t <= 5; t++) {
		y = bottom - (bottom - top) * t / 5;
		cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
		cairo_move_to(cr, left, y);
		cairo_line_to(cr, right, y);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		number(num, sizeof(num), ymax * t / 5, c->percent);
		text_at(cr, num, left - 6, y + 4, 10, 1);
	}
	cairo_move_to(cr, left, top);
	cairo_line_to(cr, left, bottom);
	cairo_line_to(cr, right, bottom);
	cairo_stroke(cr);
	slot = c->nx > 0 ? (right - left) / c->nx : right - left;
	/* a label under every slot wide enough, else every other one, the
	 * last always */
	every = slot < 30 ? 2 : 1;
	for (k = 0; k < c->nx; k++)
		if ((c->nx - 1 - k) % every == 0)
			text_at(cr, c->x[k] ? c->x[k] : "", left + slot *
			    (k + 0.5), bottom + 14, c->nx > 8 ? 9 : 10, 0);
	if (c->kind == CHART_BARS) {
		double bw = c->ns > 0 ? slot * 0.8 / c->ns : slot;

		for (k = 0; k < c->nx; k++)
			for (i = 0; i < c->ns; i++) {
				double v = c->s[i].v[k], bh;

				if (v <= 0)
					continue;
				bh = (bottom - top) * v / ymax;
				x = left + slot * k + slot * 0.1 + bw * i;
				fill_hatched(cr, i, x, bottom - bh, bw, bh);
				cairo_set_source_rgb(cr, 0, 0, 0);
				cairo_stroke(cr);
				if (bw >= 12) {
					number(num, sizeof(num), v, 0);
					text_at(cr, num, x + bw / 2,
					    bottom - bh - 3, 9, 0);
				}
			}
	} else {
		for (i = 0; i < c->ns; i++) {
			int started = 0;

			colour(cr, i);
			cairo_set_line_width(cr, 2);
			for (k = 0; k < c->nx; k++) {
				if (c->s[i].v[k] < 0) {
					started = 0;
					continue;
				}
				x = left + slot * (k + 0.5);
				y = bottom - (bottom - top) * c->s[i].v[k] /
				    ymax;
				if (started)
					cairo_line_to(cr, x, y);
				else
					cairo_move_to(cr, x, y);
				started = 1;
			}
			cairo_stroke(cr);
			for (k = 0; k < c->nx; k++) {
				if (c->s[i].v[k] < 0)
					continue;
				x = left + slot * (k + 0.5);
				y = bottom - (bottom - top) * c->s[i].v[k] /
				    ymax;
				marker(cr, i, x, y);
				if (c->no_values)
					continue;
				cairo_set_source_rgb(cr, 0, 0, 0);
				number(num, sizeof(num), c->s[i].v[k],
				    c->percent);
				text_at(cr, num, x, y - 8, 9, 0);
			}
		}
	}
	if (c->target >= 0) {
		double dash[] = { 6, 4 };

		y = bottom - (bottom - top) * c->target / ymax;
		cairo_set_source_rgb(cr, 0.75, 0, 0);
		cairo_set_line_width(cr, 2);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_move_to(cr, left, y);
		cairo_line_to(cr, right, y);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		text_at(cr, c->target_label ? c->target_label : "", right - 4,
		    y - 5, 10, 1);
	}
}

static cairo_status_t
to_buf(void *arg, const unsigned char *data, unsigned int len)
{
	struct buf *b = arg;

	buf_addn(b, (const char *)data, len);
	return b->truncated ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

unsigned char *
chart_png(const struct chart *c, size_t *len)
{
	cairo_surface_t	*s;
	cairo_t		*cr;
	struct buf	 b;
	cairo_status_t	 st;

	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_of(c) *
	    scale_of(c), height_of(c) * scale_of(c));
	cr = cairo_create(s);
	cairo_scale(cr, scale_of(c), scale_of(c));
	draw(cr, c);
	cairo_destroy(cr);
	buf_init(&b, 8 * 1024 * 1024);
	st = cairo_surface_write_to_png_stream(s, to_buf, &b);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return (unsigned char *)buf_take(&b);
}

char *
chart_svg(const struct chart *c)
{
	cairo_surface_t	*s;
	cairo_t		*cr;
	struct buf	 b;
	const char	*start;
	char		*out;

	buf_init(&b, 8 * 1024 * 1024);
	s = cairo_svg_surface_create_for_stream(to_buf, &b, width_of(c),
	    height_of(c));
	cr = cairo_create(s);
	draw(cr, c);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
	if (b.truncated || b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	/* inline in a page: the <svg> element, without the XML prolog */
	start = strstr(b.p, "<svg");
	out = xstrdup(start != NULL ? start : b.p);
	buf_free(&b);
	return out;
}

void
chart_clear(struct chart *c)
{
	int i;

	free(c->title);
	free(c->target_label);
	for (i = 0; i < c->nx; i++)
		free(c->x[i]);
	for (i = 0; i < c->ns; i++)
		free(c->s[i].label);
	memset(c, 0, sizeof(*c));
}
