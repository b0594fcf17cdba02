/*
 * Collected configuration errors, "file:line: message", one per line.
 * Internal to config/.
 */
#ifndef REPORTGW_ERRS_H
#define REPORTGW_ERRS_H

#include <libconfig.h>
#include <stddef.h>

struct conf_src;

#define CONF_UNKNOWN_MAX	20	/* unknown keys reported one by one */

struct conf_errs {
	char			*buf;
	size_t			 len;
	int			 count;
	const char		*name;	/* the top file */
	const struct conf_src	*src;	/* lines to files, once parsed */
	int			 unknown;	/* unknown keys seen */
	const char		*more_file;	/* where the first unreported */
	int			 more_line;	/* unknown key stands */
};

/* Records a problem at a setting (NULL: the file itself). */
void	conf_err(struct conf_errs *, const config_setting_t *,
	    const char *, ...) __attribute__((format(printf, 3, 4)));
/* The file and line a setting comes from. */
const char *conf_file_of(struct conf_errs *, const config_setting_t *);
int	conf_line_of(struct conf_errs *, const config_setting_t *);
/* Records a problem with a whole file ("file: message"). */
void	conf_err_file(struct conf_errs *, const char *file,
	    const char *, ...) __attribute__((format(printf, 3, 4)));
/* Records a problem at an explicit file and line. */
void	conf_err_at(struct conf_errs *, const char *file, int line,
	    const char *, ...) __attribute__((format(printf, 4, 5)));

struct conf;
/* Records the warnings about c (relative database, demo values) in w. */
void	conf_warn(struct conf_errs *w, const config_t *, const struct conf *c);

/* officers.c: the officers list and the cases group, their freeing and
 * their warnings (no level 2, a commune without level 1). */
void	conf_load_officers(struct conf_errs *, const config_t *, struct conf *);
void	conf_free_officers(struct conf *);
void	conf_warn_officers(struct conf_errs *w, const config_t *,
	    const struct conf *c);

/* web.c: the web group (the console's users and sessions). */
void	conf_load_web(struct conf_errs *, const config_t *, struct conf *);
void	conf_free_web(struct conf *);

struct codebook;
/* Builds the code book from the "codebook" group.  Errors go to errs. */
void	codebook_from_config(const config_setting_t *, struct codebook *,
	    struct conf_errs *);
/*
 * Refuses codes and aliases one keypad slip apart when either code alerts,
 * unless codebook.accepted_slips lists the pair (gateway/conf/keypad.c).
 */
void	codebook_check_keypad(const config_setting_t *,
	    const struct codebook *, struct conf_errs *);

#endif
