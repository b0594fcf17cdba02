/*
 * Splitting a code's usage text (see usage.h).
 */
#include <string.h>

#include "reply.h"
#include "usage.h"

void
code_usage(const struct cb_code *c, struct code_usage *u)
{
	const char	*vd = strstr(c->usage, ". Vd: "), *ex, *paren;
	size_t		 n;

	u->gloss[0] = '\0';
	if (vd == NULL) {
		/* no example: the template, its parenthesis a gloss */
		text_copy(u->tmpl, sizeof(u->tmpl), c->usage);
		ex = c->usage;
	} else {
		n = (size_t)(vd - c->usage);
		text_copy(u->tmpl, n + 1 < sizeof(u->tmpl) ? n + 1 :
		    sizeof(u->tmpl), c->usage);
		ex = vd + strlen(". Vd: ");
	}
	paren = strstr(ex, " (");
	n = paren != NULL ? (size_t)(paren - ex) : strlen(ex);
	text_copy(u->example, n + 1 < sizeof(u->example) ? n + 1 :
	    sizeof(u->example), ex);
	if (paren != NULL) {
		text_copy(u->gloss, sizeof(u->gloss), paren + 2);
		n = strlen(u->gloss);
		if (n > 0 && u->gloss[n - 1] == ')')
			u->gloss[n - 1] = '\0';
	}
	if (vd == NULL && paren != NULL)
		text_copy(u->tmpl, sizeof(u->tmpl), u->example);
}

