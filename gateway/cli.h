/*
 * Shared pieces of the command-line front end: exit codes, what every
 * subcommand does first (cli.c: options, config, database), and the
 * subcommand entry points.  The command table in main.c is the only list
 * of commands: adding one is its cmd_*.c file, its entry point here and
 * its line in that table.
 */
#ifndef REPORTGW_CLI_H
#define REPORTGW_CLI_H

#include <time.h>

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
/* The usage line of a command, from the command table. */
const char	*cli_command_usage(const char *name);

/* One option of a command, besides -f FILE and -h (--help). */
struct cli_opt {
	const char	*name;	/* --name, or NULL for the letter -ch */
	int		 ch;
	const char	**arg;	/* takes an argument, stored here; or NULL */
	int		*set;	/* set to ch when given, or NULL */
};

/* What a command takes. */
struct cli_cmd {
	const char		*name;	/* its usage is the command table's */
	const struct cli_opt	*opts;	/* ends with ch 0; or NULL */
	int			 stop;	/* options end at the first operand */
	int			 nmin;	/* operands */
	int			 nmax;	/* -1: any number */
};

/*
 * Parses a command's options and operands (exits EXIT_USAGE with its
 * usage when they are wrong, or on -h), then loads the config named by
 * -f (cli_load_conf).  *argc and *argv are left on the operands.
 */
struct conf	*cli_start(const struct cli_cmd *, int *argc, char ***argv);
/* Prints the command's usage line and exits EXIT_USAGE. */
void		 cli_cmd_usage(const struct cli_cmd *) __attribute__((noreturn));
struct store;
/* Opens the config's database, logging to stderr; exits EXIT_RUNTIME with
 * a message when it cannot. */
struct store	*cli_open_store(const struct conf *);

int	cmd_parse(int, char **);
int	cmd_check(int, char **);
int	cmd_keys(int, char **);
int	cmd_codes(int, char **);
int	cmd_passwd(int, char **);
int	cmd_run(int, char **);
int	cmd_status(int, char **);
int	cmd_export(int, char **);
int	cmd_reporters(int, char **);
int	cmd_digest(int, char **);
int	cmd_ussd(int, char **);
int	cmd_backup(int, char **);
int	cmd_purge(int, char **);
int	cmd_card(int, char **);
int	cmd_report(int, char **);
int	cmd_push(int, char **);
int	cmd_case(int, char **);

/* cmd_case.c: `export --what cases`, cases opened in [from, until), one
 * JSON object a line or CSV. */
int	cases_export(struct store *, time_t from, time_t until, int csv);

#endif
