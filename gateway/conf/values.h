/*
 * Checks of values beyond their type (gateway/conf/values.c).  Internal to
 * config/.
 */
#ifndef REPORTGW_VALUES_H
#define REPORTGW_VALUES_H

#include <libconfig.h>

struct conf_errs;

/*
 * The secret in the file a *_file setting names (relative to the file
 * holding the setting): a regular file, not readable by group or others,
 * one line of printable text.  Allocated, or NULL with the problem
 * recorded.  `key` is the setting's path, for messages.
 */
char	*conf_secret_file(struct conf_errs *, const config_setting_t *,
	    const char *key);
/* An inline secret: its file is private, its value one printable line. */
int	 conf_secret_inline(struct conf_errs *, const config_setting_t *,
	    const char *key);
/* http.listen, smtp.url and smtp.tls, e-mail addresses. */
void	 conf_check_values(struct conf_errs *, const config_t *);

#endif
