/*
 * A chart's SVG (chart_svg, cairo's SVG surface) made fit to stand inline
 * in a page of the console (web_int.h):
 *
 *  - the page's Content-Security-Policy (default-src 'self', no
 *    'unsafe-inline') makes the browser ignore style attributes, so each
 *    style="fill:...;stroke:..." becomes the same presentation attributes
 *    (fill="..." stroke="..."), which the policy does not touch; a
 *    property that is not a known presentation attribute is dropped;
 *  - cairo names its glyphs, clips and patterns glyph0-1, clip1, ... in
 *    every drawing, and a page holds several: each id, and each reference
 *    to one (href="#x", url(#x)), gets the chart's prefix.
 *
 * The SVG is the code's own drawing (text is drawn as glyph outlines, no
 * data reaches it as markup), so this is a rewrite, not a sanitizer.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "web_int.h"

#define SVG_MAX	(4u << 20)	/* bytes of one rewritten chart */

static const char *const presentation[] = {
	"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width",
	"stroke-opacity", "stroke-linecap", "stroke-linejoin",
	"stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
	"opacity", "clip-rule", "color", NULL
};

static int
known(const char *p, size_t n)
{
	int i;

	for (i = 0; presentation[i] != NULL; i++)
		if (strlen(presentation[i]) == n &&
		    strncmp(presentation[i], p, n) == 0)
			return 1;
	return 0;
}

/* Copies n bytes of a value, the url(#x) in it prefixed. */
static void
value(struct buf *b, const char *v, size_t n, const char *prefix)
{
	const char *end = v + n, *u;

	while (v < end) {
		u = v;
		while (u + 5 <= end && strncmp(u, "url(#", 5) != 0)
			u++;
		if (u + 5 > end) {
			buf_addn(b, v, (size_t)(end - v));
			return;
		}
		buf_addn(b, v, (size_t)(u - v) + 5);
		buf_add(b, prefix);
		buf_add(b, "-");
		v = u + 5;
	}
}

/* style="a:b;c:d" (from just after the quote): the attributes. */
static const char *
style(struct buf *b, const char *p, const char *prefix)
{
	const char *end = strchr(p, '"'), *decl, *colon, *semi;

	if (end == NULL)
		return p + strlen(p);
	for (decl = p; decl < end; decl = semi + 1) {
		semi = memchr(decl, ';', (size_t)(end - decl));
		if (semi == NULL)
			semi = end;
		colon = memchr(decl, ':', (size_t)(semi - decl));
		if (colon == NULL || !known(decl, (size_t)(colon - decl)) ||
		    memchr(colon, '<', (size_t)(semi - colon)) != NULL)
			continue;
		buf_add(b, " ");
		buf_addn(b, decl, (size_t)(colon - decl));
		buf_add(b, "=\"");
		value(b, colon + 1, (size_t)(semi - colon - 1), prefix);
		buf_add(b, "\"");
		if (semi == end)
			break;
	}
	return end + 1;
}

char *
web_svg_inline(const char *svg, const char *prefix)
{
	struct buf	 b;
	const char	*p = svg, *run = svg;

	buf_init(&b, SVG_MAX);
	while (*p != '\0') {
		if (strncmp(p, " style=\"", 8) == 0) {
			buf_addn(&b, run, (size_t)(p - run));
			p = run = style(&b, p + 8, prefix);
		} else if (strncmp(p, " id=\"", 5) == 0 ||
		    strncmp(p, "href=\"#", 7) == 0 ||
		    strncmp(p, "url(#", 5) == 0) {
			size_t n = p[1] == 'i' ? 5 : p[0] == 'h' ? 7 : 5;

			buf_addn(&b, run, (size_t)(p - run) + n);
			buf_add(&b, prefix);
			buf_add(&b, "-");
			p = run = p + n;
		} else
			p++;
	}
	buf_add(&b, run);
	if (b.truncated) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}
