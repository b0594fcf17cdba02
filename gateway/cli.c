/*
 * What every subcommand does before its own work: parse its options
 * (-f FILE and -h are everyone's), load the configuration, and, for the
 * commands that read or write data, open the database.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "store.h"

#define CLI_OPTS_MAX	16

struct conf *
cli_start(const struct cli_cmd *cmd, int *argcp, char ***argvp)
{
	struct option		 lo[CLI_OPTS_MAX + 2];
	char			 so[3 * CLI_OPTS_MAX + 8];
	const struct cli_opt	*o;
	const char		*file = NULL;
	size_t			 nl = 0, ns = 0;
	int			 ch, argc = *argcp, n;
	char			**argv = *argvp;

	if (cmd->stop)
		so[ns++] = '+';
	memcpy(so + ns, "f:h", 3);
	ns += 3;
	for (o = cmd->opts; o != NULL && o->ch != 0; o++) {
		if (nl == CLI_OPTS_MAX)
			abort();	/* a programming error: raise the cap */
		if (o->name != NULL) {
			lo[nl].name = o->name;
			lo[nl].has_arg = o->arg != NULL ? required_argument :
			    no_argument;
			lo[nl].flag = NULL;
			lo[nl++].val = o->ch;
		} else {
			so[ns++] = (char)o->ch;
			if (o->arg != NULL)
				so[ns++] = ':';
		}
	}
	so[ns] = '\0';
	lo[nl].name = "help";
	lo[nl].has_arg = no_argument;
	lo[nl].flag = NULL;
	lo[nl++].val = 'h';
	memset(&lo[nl], 0, sizeof(lo[nl]));

	while ((ch = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		if (ch == 'f') {
			file = optarg;
			continue;
		}
		for (o = cmd->opts; o != NULL && o->ch != 0; o++)
			if (o->ch == ch)
				break;
		if (ch == 'h' || o == NULL || o->ch == 0)
			cli_cmd_usage(cmd);
		if (o->arg != NULL)
			*o->arg = optarg;
		if (o->set != NULL)
			*o->set = ch;
	}
	n = argc - optind;
	if (n < cmd->nmin || (cmd->nmax >= 0 && n > cmd->nmax))
		cli_cmd_usage(cmd);
	*argcp = n;
	*argvp = argv + optind;
	return cli_load_conf(file);
}

void
cli_cmd_usage(const struct cli_cmd *cmd)
{
	cli_usage(cli_command_usage(cmd->name));
}

struct store *
cli_open_store(const struct conf *c)
{
	struct store *s;

	log_init(1, 0);
	if ((s = store_open(c->database)) == NULL) {
		fprintf(stderr, "reportgw: cannot open the database %s\n",
		    c->database);
		exit(EXIT_RUNTIME);
	}
	return s;
}
