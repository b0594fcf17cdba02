/*
 * Checks a parsed config against the key table (gateway/conf/validate.c).
 * Internal to gateway/conf/.
 */
#ifndef REPORTGW_VALIDATE_H
#define REPORTGW_VALIDATE_H

#include <libconfig.h>

struct conf_errs;

/* Records every setting below root that the key table does not allow. */
void	conf_validate(struct conf_errs *, const config_setting_t *root);
/* "HH:MM" into *h and *m; 1 when it is a time of day. */
int	conf_valid_time(const char *, int *h, int *m);

#endif
