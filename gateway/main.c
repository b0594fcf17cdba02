/*
 * reportgw: the SMS/USSD child-protection reporting gateway.  This file
 * dispatches the subcommands; each lives in its own cmd_*.c file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "store.h"
#include "timeutil.h"
#include "xmalloc.h"

#ifndef REPORTGW_VERSION
#define REPORTGW_VERSION "0.0"
#endif

struct command {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*usage;
	const char	*help;
};

static const struct command commands[] = {
	{ "parse", cmd_parse, "parse [-f FILE] [--at TIME] [--] TEXT...",
	  "parse one message with the code book and print it as JSON" },
	{ "ussd", cmd_ussd, "ussd [-f FILE] [--at TIME] [--commune CODE] "
	  "[TEXT]", "show the USSD screen after the inputs in TEXT "
	  "(\"1*2*9\"), without storing anything" },
	{ "check", cmd_check, "check [-f FILE]",
	  "validate the configuration, exit 0 when it is good" },
	{ "run", cmd_run, "run [-f FILE] [-d] [--until-idle] [--demo]",
	  "the daemon (-d: foreground, log to stderr; --demo: allow the "
	  "built-in sample)" },
	{ "status", cmd_status, "status [-f FILE]",
	  "last poll, queue sizes, today's counts" },
	{ "export", cmd_export, "export [-f FILE] [--from YYYY-MM-DD] "
	  "[--to YYYY-MM-DD] [--what reports|messages|outbox|cases|audit] "
	  "[--format json|csv] [--lang en|vi]",
	  "export stored data, one JSON object a line or CSV (UTF-8 with a "
	  "BOM, for spreadsheets; --lang vi: Vietnamese column titles)" },
	{ "case", cmd_case, "case [-f FILE] list [--all] | show REF | "
	  "ack REF | refer REF TARGET | close REF | reopen REF "
	  "[--by NAME] [--note TEXT]",
	  "list the open cases, show one's timeline, or act on it as an "
	  "officer would by SMS" },
	{ "reporters", cmd_reporters, "reporters [-f FILE] list | import "
	  "FILE.csv | approve PHONE | block PHONE | unblock PHONE | "
	  "remove PHONE | move PHONE VILLAGE", "manage reporters (approve "
	  "sends the welcome SMS)" },
	{ "digest", cmd_digest, "digest [-f FILE] [--date YYYY-MM-DD] "
	  "[--group NAME] (--dry-run | --send | --html FILE | --csv FILE)",
	  "render the digest of a past day, or mail it now" },
	{ "report", cmd_report, "report [-f FILE] --period 2026-11|2026-Q4|"
	  "2026|2026-W48 [--commune CODE] --format html|xlsx|csv|dhis2|adx "
	  "[-o OUT]", "the periodic report of a week, month, quarter or year "
	  "(incidents, cases, coverage, completeness, reporters, charts), or its "
	  "figures for DHIS2" },
	{ "push", cmd_push, "push [-f FILE] dhis2 --period PERIOD "
	  "[--format dhis2|adx] [--dry-run]", "send a period's figures to "
	  "the DHIS2 instance of the config and print its import summary" },
	{ "backup", cmd_backup, "backup [-f FILE] DEST",
	  "copy the database while the daemon runs (SQLite backup API)" },
	{ "purge", cmd_purge, "purge [-f FILE] --raw-older-than DAYS",
	  "delete raw message texts older than DAYS; reports are kept" },
	{ "passwd", cmd_passwd, "passwd < PASSWORD",
	  "read a web console password from standard input and print its "
	  "argon2id hash, for web.users' password_hash" },
	{ "keys", cmd_keys, "keys [--mdoc [SAMPLE-CONFIG]]",
	  "list every configuration key with its type and default" },
	{ "card", cmd_card, "card [-f FILE] [--commune CODE] --html FILE",
	  "write the printed card of the reporting language: two A6 pages "
	  "of HTML to print" },
	{ "codes", cmd_codes, "codes [--mdoc] [CONFIG]",
	  "list the codes of the code book (default: the built-in one), or "
	  "write the code list of reportgw-codes(7)" },
	{ NULL, NULL, NULL, NULL }
};

static void
help(FILE *f)
{
	const struct command *c;

	fprintf(f, "usage: reportgw COMMAND [OPTIONS]\n\n"
	    "SMS/USSD reporting gateway for child protection.\n\n"
	    "Commands:\n");
	for (c = commands; c->name != NULL; c++)
		fprintf(f, "  %s\n      %s\n", c->usage, c->help);
	fprintf(f, "\nOptions for every command:\n"
	    "  -f FILE   configuration file (default %s, or $REPORTGW_CONF;\n"
	    "            without either, the built-in Bac Ai sample, which\n"
	    "            run refuses without --demo)\n"
	    "  -h        help for the command\n\n"
	    "Exit status: 0 success, 1 runtime failure, 2 usage or "
	    "configuration error.\nSee reportgw(8), reportgw.conf(5) and "
	    "reportgw-codes(7).\n",
	    CONF_DEFAULT_PATH);
}

const char *
cli_command_usage(const char *name)
{
	const struct command *c;

	for (c = commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c->usage;
	return name;
}

void
cli_usage(const char *usage)
{
	fprintf(stderr, "usage: reportgw %s\n", usage);
	exit(EXIT_USAGE);
}

struct conf *
cli_load_conf(const char *path)
{
	struct conf	*c;
	char		*err;
	int		 rc;

	if (path == NULL)
		path = getenv("REPORTGW_CONF");
	if (path == NULL && access(CONF_DEFAULT_PATH, F_OK) == 0)
		path = CONF_DEFAULT_PATH;
	/* say which file, so nobody runs on a config they did not mean */
	if (path != NULL) {
		fprintf(stderr, "reportgw: config %s\n", path);
		rc = conf_load_file(path, &c, &err);
	} else {
		fprintf(stderr, "reportgw: config %s: no -f, no $REPORTGW_CONF "
		    "and no %s\n", CLI_BUILTIN, CONF_DEFAULT_PATH);
		rc = conf_load_string(conf_embedded_default, CLI_BUILTIN,
		    NULL, &c, &err);
	}
	if (rc == -1) {
		fputs(err, stderr);
		free(err);
		exit(EXIT_USAGE);
	}
	if (time_set_zone(c->timezone) == -1) {
		fprintf(stderr, "reportgw: cannot set time zone %s\n",
		    c->timezone);
		exit(EXIT_USAGE);
	}
	return c;
}

int
cli_conf_builtin(const struct conf *c)
{
	return strcmp(c->path, CLI_BUILTIN) == 0;
}

int
main(int argc, char **argv)
{
	const struct command *c;

	store_library_init();
	if (argc < 2) {
		help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		help(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
#ifdef FAULT_INJECT
		printf("reportgw %s (fault injection build)\n",
		    REPORTGW_VERSION);
#else
		printf("reportgw %s\n", REPORTGW_VERSION);
#endif
		return EXIT_OK;
	}
	for (c = commands; c->name != NULL; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->fn(argc - 1, argv + 1);
	fprintf(stderr, "reportgw: unknown command \"%s\"\n", argv[1]);
	help(stderr);
	return EXIT_USAGE;
}
