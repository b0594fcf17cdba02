/*
 * Collected configuration errors, "file:line: message", one per line.
 * Internal to config/.
 */
#ifndef REPORTGW_ERRS_H
#define REPORTGW_ERRS_H

#include <libconfig.h>
#include <stddef.h>

struct conf_errs {
	char		*buf;
	size_t		 len;
	int		 count;
	const char	*name;		/* file name when libconfig has none */
	char		 path[512];	/* scratch: an included file's path */
	const char	*dir;		/* where relative @includes resolve */
};

/* Records a problem at a setting (NULL: the file itself). */
void	conf_err(struct conf_errs *, const config_setting_t *,
	    const char *, ...) __attribute__((format(printf, 3, 4)));
/* Records a problem at an explicit file and line. */
void	conf_err_at(struct conf_errs *, const char *file, int line,
	    const char *, ...) __attribute__((format(printf, 4, 5)));

struct codebook;
/* Builds the code book from the "codebook" group.  Errors go to errs. */
void	codebook_from_config(const config_setting_t *, struct codebook *,
	    struct conf_errs *);

#endif
