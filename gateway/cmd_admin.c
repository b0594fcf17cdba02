/*
 * Operator commands on the database: `reportgw status`, `reportgw export`,
 * `reportgw backup` and `reportgw purge` (`reportgw reporters` is
 * cmd_reporters.c).  They may run while the daemon runs: SQLite's
 * locking and the busy timeout keep them apart.
 */
#include <sys/stat.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "csv.h"
#include "export_csv.h"
#include "log.h"
#include "store.h"
#include "reportjson.h"
#include "termsafe.h"
#include "timeutil.h"


static const char *
when(time_t t, char buf[64])
{
	char	iso[32];
	long	ago = (long)(time(NULL) - t);

	if (t == 0)
		return "never";
	time_format_iso(t, iso);
	if (ago < 0)
		snprintf(buf, 64, "%s", iso);
	else if (ago < 120)
		snprintf(buf, 64, "%s (%ld s ago)", iso, ago);
	else if (ago < 7200)
		snprintf(buf, 64, "%s (%ld min ago)", iso, ago / 60);
	else
		snprintf(buf, 64, "%s (%ld h ago)", iso, ago / 3600);
	return buf;
}

/* A label and stored text (a provider's error body, say), escaped. */
static void
print_safe(const char *label, const char *text)
{
	char *t = termsafe(text, 0);

	printf("%s%s\n", label, t);
	free(t);
}

int
cmd_status(int argc, char **argv)
{
	static const struct cli_cmd cmd = { "status", NULL, 0, 0, -1 };
	struct conf		*c;
	struct store		*s;
	struct store_counts	 k;
	char			 a[64], b[64];

	c = cli_start(&cmd, &argc, &argv);
	s = cli_open_store(c);
	if (store_counts(s, time_day_start(time(NULL)), &k) == -1) {
		store_close(s);
		conf_free(c);
		return EXIT_RUNTIME;
	}
	printf("database:            %s\n", c->database);
	printf("provider:            %s\n", c->provider.configured ?
	    c->provider.type : "(none)");
	printf("last successful poll: %s\n", when(k.last_poll_ok, a));
	printf("last poll attempt:   %s\n", when(k.last_poll_try, b));
	if (k.last_poll_error[0] != '\0' && k.last_poll_try > k.last_poll_ok)
		print_safe("last poll error:     ", k.last_poll_error);
	printf("inbox:    %ld waiting, %ld processed, %ld rejected, "
	    "%ld unauthorised, %ld duplicate\n", k.inbox[0], k.inbox[1],
	    k.inbox[2], k.inbox[3], k.inbox[4]);
	printf("outbox:   %ld pending, %ld sending, %ld sent, %ld failed, "
	    "%ld unknown\n", k.outbox[0], k.outbox[1], k.outbox[2],
	    k.outbox[3], k.outbox[4]);
	printf("e-mail:   %ld pending, %ld sending, %ld sent, %ld failed, "
	    "%ld unknown\n", k.mail[0], k.mail[1], k.mail[2], k.mail[3],
	    k.mail[4]);
	if (k.mail_error[0] != '\0')
		print_safe("last failed e-mail: ", k.mail_error);
	printf("today:    %ld reports, %ld alerts, %ld reviews\n",
	    k.reports_today, k.alerts_today, k.reviews_today);
	printf("reviews:  %ld in all (unclear and maybe urgent: an officer "
	    "calls back)\n", k.reviews_open);
	printf("reporters: %ld active, %ld waiting for approval\n",
	    k.reporters_active, k.reporters_pending);
	store_close(s);
	conf_free(c);
	return EXIT_OK;
}

/* ---- export ---- */

struct export {
	struct export_csv	*csv;	/* NULL: JSON lines */
	const char		*what;
};

static json_t *
row_json(const char *what, const char *const *names,
    const char *const *values, int n)
{
	json_t		*o = json_object(), *details;
	json_error_t	 e;
	const char	*k;
	json_t		*v;
	int		 i;

	for (i = 0; i < n; i++) {
		if (values[i] == NULL)
			continue;
		if (strcmp(names[i], "details") == 0) {
			details = json_loads(values[i], 0, &e);
			json_object_foreach(details, k, v)
				json_object_set(o, k, v);
			/* not JSON: not left out, shown as text */
			if (details == NULL)
				json_object_set_new(o, names[i],
				    json_string_safe(values[i]));
			json_decref(details);
		} else if (strcmp(names[i], "received_at") == 0 ||
		    strcmp(names[i], "sent_at") == 0 ||
		    strcmp(names[i], "at") == 0) {
			char iso[32];

			time_format_iso((time_t)strtoll(values[i], NULL, 10),
			    iso);
			json_object_set_new(o, names[i], json_string(iso));
		} else if (strcmp(names[i], "ref") == 0 ||
		    strcmp(names[i], "attempts") == 0 ||
		    strcmp(names[i], "id") == 0)
			json_object_set_new(o, names[i],
			    json_integer(strtoll(values[i], NULL, 10)));
		else if (strcmp(names[i], "alert") == 0 ||
		    strcmp(names[i], "implausible") == 0)
			json_object_set_new(o, names[i],
			    json_boolean(strcmp(values[i], "0") != 0));
		else
			json_object_set_new(o, names[i],
			    json_string_safe(values[i]));
	}
	(void)what;
	return o;
}

static int
export_row(const char *const *names, const char *const *values, int n,
    void *arg)
{
	struct export	*x = arg;
	json_t		*o;
	char		*s, *t;

	if (x->csv != NULL)
		return export_csv_row(x->csv, names, values, n, stdout);
	if (values == NULL)
		return 0;	/* JSON lines have no header */
	o = row_json(x->what, names, values, n);
	{
		/* jansson escapes C0; DEL and C1 are escaped here */
		s = json_dumps(o, JSON_COMPACT);
		t = termsafe_json(s);
		puts(t);
		free(t);
		free(s);
	}
	json_decref(o);
	return ferror(stdout) ? -1 : 0;
}

/* "YYYY-MM-DD" as the start of that local day. */
static int
parse_day(const char *s, time_t *out)
{
	char buf[32];

	if (strlen(s) != 10)
		return -1;
	snprintf(buf, sizeof(buf), "%sT00:00:00", s);
	return time_parse_iso(buf, out);
}

int
cmd_export(int argc, char **argv)
{
	const char	*from = NULL, *to = NULL, *fmt = "json";
	const char	*lang = "en";
	struct export	 x = { NULL, "reports" };
	const struct cli_opt opts[] = {
		{ "from", 'F', &from, NULL },
		{ "to", 'T', &to, NULL },
		{ "what", 'w', &x.what, NULL },
		{ "format", 'o', &fmt, NULL },
		{ "lang", 'l', &lang, NULL },
		{ NULL, 0, NULL, NULL }
	};
	const struct cli_cmd cmd = { "export", opts, 0, 0, -1 };
	struct conf	*c;
	struct store	*s;
	time_t		 t0 = 0, t1 = (time_t)1 << 40;
	int		 rc;

	c = cli_start(&cmd, &argc, &argv);
	if ((strcmp(x.what, "reports") != 0 && strcmp(x.what, "messages") !=
	    0 && strcmp(x.what, "outbox") != 0 && strcmp(x.what, "cases") !=
	    0 && strcmp(x.what, "audit") != 0) || (strcmp(fmt, "json") != 0 &&
	    strcmp(fmt, "csv") != 0) || (strcmp(lang, "en") != 0 &&
	    strcmp(lang, "vi") != 0)) {
		conf_free(c);
		cli_cmd_usage(&cmd);
	}
	if (strcmp(fmt, "csv") == 0)
		x.csv = export_csv_new(c, x.what, strcmp(lang, "vi") == 0);
	if ((from != NULL && parse_day(from, &t0) == -1) ||
	    (to != NULL && parse_day(to, &t1) == -1)) {
		fprintf(stderr, "reportgw: dates are YYYY-MM-DD\n");
		conf_free(c);
		return EXIT_USAGE;
	}
	if (to != NULL)
		t1 += 86400;	/* --to is inclusive */
	s = cli_open_store(c);
	if (strcmp(x.what, "cases") == 0)	/* by opening time */
		rc = cases_export(s, t0, t1, x.csv != NULL);
	else
		rc = store_export(s, x.what, t0, t1, export_row, &x);
	export_csv_free(x.csv);
	store_close(s);
	conf_free(c);
	return rc == 0 ? EXIT_OK : EXIT_RUNTIME;
}

static void
backup_progress(int done, int total, void *arg)
{
	int *last = arg, pct = total > 0 ? (int)(100L * done / total) : 100;

	/* a progress line on a terminal, every 10 % */
	if (isatty(STDERR_FILENO) && pct / 10 != *last / 10) {
		fprintf(stderr, "\rbackup: %d%% of %d pages", pct, total);
		*last = pct;
	}
}

int
cmd_backup(int argc, char **argv)
{
	static const struct cli_cmd cmd = { "backup", NULL, 0, 1, 1 };
	struct conf	*c;
	struct store	*s;
	struct stat	 sb;
	char		 err[512], check[64];
	int		 last = -1, rc;

	c = cli_start(&cmd, &argc, &argv);
	s = cli_open_store(c);
	rc = store_backup(s, argv[0], backup_progress, &last, err,
	    sizeof(err));
	if (last >= 0)
		fputc('\n', stderr);
	store_close(s);
	if (rc == -1) {
		fprintf(stderr, "reportgw: backup failed: %s\n", err);
		conf_free(c);
		return EXIT_RUNTIME;
	}
	/* check the copy as the restore would see it */
	if ((s = store_open(argv[0])) == NULL ||
	    store_integrity(s, check, sizeof(check)) == -1 ||
	    strcmp(check, "ok") != 0) {
		fprintf(stderr, "reportgw: the backup %s does not check: %s\n",
		    argv[0], s != NULL ? check : "cannot open");
		store_close(s);
		conf_free(c);
		return EXIT_RUNTIME;
	}
	store_close(s);
	if (stat(argv[0], &sb) == 0)
		printf("%s: backup of %s, %.1f MB, integrity ok\n",
		    argv[0], c->database, (double)sb.st_size / 1048576);
	conf_free(c);
	return EXIT_OK;
}

int
cmd_purge(int argc, char **argv)
{
	const char	*days_text = NULL;
	const struct cli_opt opts[] = {
		{ "raw-older-than", 'r', &days_text, NULL },
		{ NULL, 0, NULL, NULL }
	};
	const struct cli_cmd cmd = { "purge", opts, 0, 0, 0 };
	struct conf	*c;
	struct store	*s;
	char		*end;
	long		 days, purged, notes;

	c = cli_start(&cmd, &argc, &argv);
	if (days_text == NULL) {
		conf_free(c);
		cli_cmd_usage(&cmd);
	}
	days = strtol(days_text, &end, 10);
	if (*end != '\0' || days < 1 || days > 36500) {
		fprintf(stderr, "reportgw: --raw-older-than: want a number of "
		    "days from 1 to 36500, not %s\n", days_text);
		conf_free(c);
		return EXIT_USAGE;
	}
	s = cli_open_store(c);
	if (store_purge_raw(s, time(NULL) - days * 86400, &purged,
	    &notes) == -1) {
		fprintf(stderr, "reportgw: purge failed (database error, see "
		    "above); nothing half-done\n");
		store_close(s);
		conf_free(c);
		return EXIT_RUNTIME;
	}
	printf("purged the raw text of %ld messages received more than %ld "
	    "days ago, and the notes of %ld reports; what was parsed is "
	    "kept\n", purged, days, notes);
	store_close(s);
	conf_free(c);
	return EXIT_OK;
}
