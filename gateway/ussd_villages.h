/*
 * The village menu of a USSD session: the villages a commune reporter
 * picks from, fitted to a GSM menu line.  Used by the HTTP server's /ussd
 * and by `reportgw ussd`, which must not depend on the server.
 */
#ifndef REPORTGW_USSD_VILLAGES_H
#define REPORTGW_USSD_VILLAGES_H

#include <stddef.h>

#include "conf.h"

#define USSD_VILLAGES_MAX	64	/* villages on a commune's USSD menu */

/* The villages a commune reporter picks from on the USSD menu: codes, and
 * names fitted to a GSM menu line (labels point into names). */
struct ussd_villages {
	const char	*codes[USSD_VILLAGES_MAX];
	const char	*labels[USSD_VILLAGES_MAX];
	char		 names[USSD_VILLAGES_MAX][48];
	size_t		 n;
};

/* Fills v with the villages of commune (the screen a phone sees, also for
 * `reportgw ussd --commune`); returns v->n. */
size_t	ussd_villages(const struct conf *, const char *commune,
	    struct ussd_villages *v);

/* The name of village `code` fitted to a GSM menu line, in out; NULL when
 * the config has no such village. */
const char *ussd_village_name(const struct conf *, const char *code,
	    char out[48]);

#endif
