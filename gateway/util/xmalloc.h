/*
 * Allocation wrappers that end the process on exhaustion: the only sane
 * reaction for a small daemon (style(9), OpenBSD's xmalloc).  Every caller
 * can then treat allocation as infallible.
 */
#ifndef REPORTGW_XMALLOC_H
#define REPORTGW_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* printf into a new string. */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
