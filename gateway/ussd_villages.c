/*
 * The village menu of a USSD session (see ussd_villages.h).
 */
#include <string.h>

#include "reply.h"
#include "ussd_villages.h"

size_t
ussd_villages(const struct conf *cf, const char *commune,
    struct ussd_villages *v)
{
	size_t i;

	v->n = 0;
	for (i = 0; i < cf->nvillages && v->n < USSD_VILLAGES_MAX; i++) {
		const struct conf_village *cv = &cf->villages[i];

		if (strcmp(cv->commune, commune) != 0)
			continue;
		v->codes[v->n] = cv->code;
		text_copy(v->names[v->n], sizeof(v->names[v->n]), cv->name);
		gsm7_fit(v->names[v->n], sizeof(v->names[v->n]), 40);
		v->labels[v->n] = v->names[v->n];
		v->n++;
	}
	return v->n;
}
