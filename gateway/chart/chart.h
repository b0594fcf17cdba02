/*
 * Charts, drawn once with cairo (chart.c) onto a PNG surface (for
 * e-mail, sent as inline cid: parts) or an SVG surface (for pages and
 * the web console).  A chart is data: bars (one group per x, a bar per
 * series) or lines (a point per x per series), with an optional target
 * line.  Colour is never the only signal: every series also has its own
 * pattern (bars) or marker (lines), a legend names each one with that
 * swatch, and values are written on the bars and points.  The text
 * equivalent (a table, alt text) is the caller's.
 */
#ifndef REPORTGW_CHART_H
#define REPORTGW_CHART_H

#include <stddef.h>

#define CHART_WIDTH	720
#define CHART_HEIGHT	360
#define CHART_SERIES_MAX 24
#define CHART_X_MAX	64

enum chart_kind {
	CHART_BARS,
	CHART_LINES
};

struct chart_series {
	char	*label;
	double	 v[CHART_X_MAX];	/* < 0: no value */
};

struct chart {
	enum chart_kind		 kind;
	char			*title;
	char			*x[CHART_X_MAX];	/* labels under the axis */
	int			 nx;
	struct chart_series	 s[CHART_SERIES_MAX];
	int			 ns;
	int			 percent;	/* values are percentages */
	double			 target;	/* < 0: no target line */
	char			*target_label;
	/* the size in CSS pixels (0: CHART_WIDTH, CHART_HEIGHT), the PNG's
	 * pixels per CSS pixel (0: 1; 2 is sharp on a phone), and whether
	 * the points keep their values off (many lines: the caller's text
	 * equivalent gives them) */
	int			 width, height, scale;
	int			 no_values;
};

/* The PNG bytes (allocated; *len set), or NULL. */
unsigned char	*chart_png(const struct chart *, size_t *len);
/* The SVG document (allocated text), or NULL. */
char		*chart_svg(const struct chart *);
/* Frees the strings of a chart filled by a caller with xstrdup. */
void		 chart_clear(struct chart *);

#endif
