/*
 * Shared pieces of the command-line front end: exit codes, config loading
 * for subcommands, and the subcommand entry points.
 */
#ifndef REPORTGW_CLI_H
#define REPORTGW_CLI_H

#include "conf.h"

#define EXIT_OK		0
#define EXIT_RUNTIME	1	/* a runtime failure */
#define EXIT_USAGE	2	/* a usage or configuration error */

/* The name of the built-in sample config in messages (struct conf path). */
#define CLI_BUILTIN	"(built-in sample)"

/*
 * Loads the config named by path, or when path is NULL the default file
 * (CONF_DEFAULT_PATH, or $REPORTGW_CONF), or the built-in sample when that
 * does not exist; says on stderr which one.  Prints every problem and
 * exits EXIT_USAGE on failure.  Sets the process time zone from the config.
 */
struct conf	*cli_load_conf(const char *path);
/* Whether c is the built-in sample (which `run` refuses without --demo). */
int		 cli_conf_builtin(const struct conf *c);

/* Prints "reportgw: usage: ..." and exits EXIT_USAGE. */
void		 cli_usage(const char *) __attribute__((noreturn));

int	cmd_parse(int, char **);
int	cmd_check(int, char **);
int	cmd_keys(int, char **);
int	cmd_codes(int, char **);
int	cmd_run(int, char **);
int	cmd_status(int, char **);
int	cmd_export(int, char **);
int	cmd_reporters(int, char **);
int	cmd_digest(int, char **);
int	cmd_ussd(int, char **);
int	cmd_backup(int, char **);
int	cmd_purge(int, char **);

#endif
