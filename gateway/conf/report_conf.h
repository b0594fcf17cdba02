/*
 * Loading of the `reports` and `dhis2` groups (report_conf.c).  Internal
 * to config/.
 */
#ifndef REPORTGW_REPORT_CONF_H
#define REPORTGW_REPORT_CONF_H

#include <libconfig.h>

struct conf;
struct conf_errs;

/* Fills c->reports and c->dhis2 (needs the areas and the code book). */
void	conf_load_reports(struct conf_errs *, const config_t *,
	    struct conf *);
void	conf_free_reports(struct conf *);

#endif
