/*
 * A growing text buffer with a cap set where it is created (curl's dynbuf
 * idea): mail bodies and rendered digests.  Past the cap, appends are
 * dropped and the buffer remembers it was truncated.
 */
#ifndef REPORTGW_BUF_H
#define REPORTGW_BUF_H

#include <stddef.h>

struct buf {
	char	*p;		/* NUL-terminated, owned */
	size_t	 len;
	size_t	 cap;
	size_t	 max;		/* bytes at most */
	int	 truncated;
};

void	buf_init(struct buf *, size_t max);
void	buf_free(struct buf *);
void	buf_add(struct buf *, const char *);
void	buf_addn(struct buf *, const char *, size_t);
void	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Appends text with & < > " ' escaped for HTML. */
void	buf_html(struct buf *, const char *);
/* Hands the text over to the caller (free it) and empties the buffer. */
char	*buf_take(struct buf *);

/*
 * Expands {name} placeholders of tmpl from the NULL-terminated name/value
 * pairs into the buffer; html: escape the values (not the template).
 */
void	buf_template(struct buf *, const char *tmpl, const char *const *vars,
	    int html);

#endif
