/*
 * A small HTML writer that escapes by default: every string handed to it
 * is text (& < > " ' escaped, bytes that are not UTF-8 shown as U+FFFD,
 * control characters dropped) unless it goes through html_raw, which only
 * literal markup of the code itself may use.  Pure: no globals.
 */
#ifndef REPORTGW_HTML_H
#define REPORTGW_HTML_H

#include <stddef.h>

#include "buf.h"

#define HTML_MAX	(8u << 20)	/* bytes of one page */

struct html {
	struct buf	b;
};

void	html_init(struct html *);
void	html_free(struct html *);
/* Literal markup of the code (never data). */
void	html_raw(struct html *, const char *markup);
/* Text: escaped; len bytes, which may hold NULs and any byte. */
void	html_textn(struct html *, const char *s, size_t len);
void	html_text(struct html *, const char *s);
/*
 * Markup fmt with its arguments: %s arguments are text (escaped), the
 * numbers (%d %ld %lld %u %lu %zu, with flags and widths) are printed.
 * Any other conversion aborts: it is a bug in the caller.
 */
void	html_f(struct html *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* A query value or path part, percent-encoded (then escaped). */
void	html_url(struct html *, const char *s);
/*
 * A template ({name} placeholders from the NULL-terminated name/value
 * pairs), expanded and then escaped as a whole: templates come from
 * labels.conf and are text too.
 */
void	html_template(struct html *, const char *tmpl,
	    const char *const *vars);
/* Hands the page over (free it); *len its bytes. */
char	*html_take(struct html *, size_t *len);

#endif
