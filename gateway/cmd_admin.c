/*
 * Operator commands on the database: `reportgw status`, `reportgw export`
 * and `reportgw reporters`.  They may run while the daemon runs: SQLite's
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
#include "log.h"
#include "phone.h"
#include "store.h"
#include "termsafe.h"
#include "timeutil.h"
#include "xmalloc.h"

#define CSV_LINE_MAX	4096	/* bytes of one CSV line */
#define CSV_FIELDS_MAX	8
#define CSV_CELL_MAX	(64 * 1024)	/* bytes of one exported cell */
#define CSV_ROW_MAX	(1024 * 1024)	/* bytes of one exported row */

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
	printf("today:    %ld reports, %ld alerts\n", k.reports_today,
	    k.alerts_today);
	printf("reporters: %ld active, %ld waiting for approval\n",
	    k.reporters_active, k.reporters_pending);
	store_close(s);
	conf_free(c);
	return EXIT_OK;
}

/* ---- export ---- */

struct export {
	int	 csv;
	int	 header_done;
	const char *what;
};

/* The report columns of the CSV export, details flattened. */
static const char *const report_cols[] = { "ref", "received_at", "phone",
    "village", "commune", "status", "kind", "code", "count", "sex",
    "age_months", "outcome", "subtype", "group", "parents", "flags",
    "period", "values", "note", "alert", NULL };

/*
 * A JSON string of stored text: jansson takes only valid UTF-8, so the
 * bytes of invalid UTF-8 are written as visible \xNN escapes instead of
 * the value being left out.
 */
static json_t *
json_string_safe(const char *v)
{
	json_t	*j;
	char	*t;

	if ((j = json_string(v)) != NULL)
		return j;
	t = termsafe(v, TS_UTF8_ONLY);
	j = json_string(t);
	free(t);
	return j;
}

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
		    strcmp(names[i], "sent_at") == 0) {
			char iso[32];

			time_format_iso((time_t)strtoll(values[i], NULL, 10),
			    iso);
			json_object_set_new(o, names[i], json_string(iso));
		} else if (strcmp(names[i], "ref") == 0 ||
		    strcmp(names[i], "attempts") == 0 ||
		    strcmp(names[i], "id") == 0)
			json_object_set_new(o, names[i],
			    json_integer(strtoll(values[i], NULL, 10)));
		else if (strcmp(names[i], "alert") == 0)
			json_object_set_new(o, names[i],
			    json_boolean(strcmp(values[i], "0") != 0));
		else
			json_object_set_new(o, names[i],
			    json_string_safe(values[i]));
	}
	(void)what;
	return o;
}

/* One value of a row as a CSV cell: lists joined by ';', k=v pairs. */
static void
csv_value(struct buf *b, json_t *v)
{
	char		 num[64];
	const char	*k;
	json_t		*x;
	size_t		 i;
	struct buf	 cell;

	if (json_is_string(v))
		csv_cell(b, json_string_value(v));
	else if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld",
		    (long long)json_integer_value(v));
		csv_cell(b, num);
	} else if (json_is_boolean(v))
		csv_cell(b, json_is_true(v) ? "1" : "0");
	else if (json_is_array(v) || json_is_object(v)) {
		buf_init(&cell, CSV_CELL_MAX);
		if (json_is_array(v))
			json_array_foreach(v, i, x)
				buf_printf(&cell, "%s%s", i ? ";" : "",
				    json_string_value(x) ?
				    json_string_value(x) : "");
		else
			json_object_foreach(v, k, x)
				buf_printf(&cell, "%s%s=%lld",
				    cell.len ? ";" : "", k,
				    (long long)json_integer_value(x));
		csv_cell(b, cell.p);
		buf_free(&cell);
	} else
		csv_cell(b, NULL);
}

/* The header and one row of CSV, every cell through csv_cell(). */
static void
csv_row(struct export *x, json_t *o, const char *const *cols, int n)
{
	struct buf	b;
	int		i;

	buf_init(&b, CSV_ROW_MAX);
	if (!x->header_done++) {
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_add(&b, ",");
			csv_cell(&b, cols[i]);
		}
		buf_add(&b, "\n");
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_add(&b, ",");
		csv_value(&b, json_object_get(o, cols[i]));
	}
	buf_add(&b, "\n");
	fputs(b.p, stdout);
	buf_free(&b);
}

static int
export_row(const char *const *names, const char *const *values, int n,
    void *arg)
{
	struct export	*x = arg;
	json_t		*o = row_json(x->what, names, values, n);
	char		*s, *t;
	int		 ncols;

	if (!x->csv) {
		/* jansson escapes C0; DEL and C1 are escaped here */
		s = json_dumps(o, JSON_COMPACT);
		t = termsafe_json(s);
		puts(t);
		free(t);
		free(s);
	} else if (strcmp(x->what, "reports") == 0) {
		for (ncols = 0; report_cols[ncols] != NULL; ncols++)
			;
		csv_row(x, o, report_cols, ncols);
	} else
		csv_row(x, o, names, n);
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
	struct export	 x = { 0, 0, "reports" };
	const struct cli_opt opts[] = {
		{ "from", 'F', &from, NULL },
		{ "to", 'T', &to, NULL },
		{ "what", 'w', &x.what, NULL },
		{ "format", 'o', &fmt, NULL },
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
	    0) || (strcmp(fmt, "json") != 0 &&
	    strcmp(fmt, "csv") != 0)) {
		conf_free(c);
		cli_cmd_usage(&cmd);
	}
	x.csv = strcmp(fmt, "csv") == 0;
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
		rc = cases_export(s, t0, t1, x.csv);
	else
		rc = store_export(s, x.what, t0, t1, export_row, &x);
	store_close(s);
	conf_free(c);
	return rc == 0 ? EXIT_OK : EXIT_RUNTIME;
}

/* ---- reporters ---- */

static void
print_reporter(const struct reporter *r, void *arg)
{
	const char	*f[6] = { r->phone, r->village[0] ? r->village : "-",
			    r->commune, r->status, r->source, r->name };
	char		*t[6];
	int		 i;

	(void)arg;
	/* names come from SMS registrations too: escaped */
	for (i = 0; i < 6; i++)
		t[i] = termsafe(f[i], 0);
	printf("%-14s %-8s %-6s %-8s %-7s %s\n", t[0], t[1], t[2], t[3], t[4],
	    t[5]);
	for (i = 0; i < 6; i++)
		free(t[i]);
}

/*
 * Splits one CSV line (RFC 4180 quoting, no embedded newlines) in place.
 * Returns the number of fields, or -1 on a quoting error.
 */
static int
csv_split(char *line, char **f, int max)
{
	int	 n = 0;
	char	*p = line, *w;

	for (;;) {
		if (n == max)
			return -1;
		f[n++] = w = p;
		if (*p == '"') {
			for (p++;; p++) {
				if (*p == '\0')
					return -1;
				if (*p == '"' && p[1] == '"')
					*w++ = *p++;
				else if (*p == '"') {
					p++;
					break;
				} else
					*w++ = *p;
			}
			if (*p != ',' && *p != '\0')
				return -1;
		} else
			while (*p != ',' && *p != '\0')
				*w++ = *p++;
		if (*p == '\0') {
			*w = '\0';
			return n;
		}
		*w = '\0';
		p++;
	}
}

/* A bad row of an import, its cell escaped: the file may come from anyone. */
static void
print_bad(const char *path, int lineno, const char *fmt, const char *cell)
{
	char *t = termsafe(cell, 0);

	fprintf(stderr, "%s:%d: ", path, lineno);
	fprintf(stderr, fmt, t);
	fputc('\n', stderr);
	free(t);
}

static int
import(struct store *s, const struct conf *c, const char *path)
{
	FILE		*f = fopen(path, "r");
	char		 line[CSV_LINE_MAX], *fld[CSV_FIELDS_MAX];
	struct reporter	*rows = NULL;
	size_t		 nrows = 0, k;
	int		 lineno = 0, bad = 0, n;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		struct reporter			 r;
		const struct conf_village	*v;
		size_t				 len = strlen(line);

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (lineno == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0)
			memmove(line, line + 3, len - 2);
		if (line[0] == '\0' || line[0] == '#' ||
		    (lineno == 1 && strncmp(line, "phone", 5) == 0))
			continue;
		if ((n = csv_split(line, fld, CSV_FIELDS_MAX)) < 3) {
			fprintf(stderr, "%s:%d: want phone,name,village\n",
			    path, lineno);
			bad++;
			continue;
		}
		memset(&r, 0, sizeof(r));
		if (phone_normalize(fld[0], c->country_code, r.phone) == -1) {
			print_bad(path, lineno, "\"%s\" is not a phone number",
			    fld[0]);
			bad++;
			continue;
		}
		if (fld[1][0] == '\0' || strlen(fld[1]) >= sizeof(r.name)) {
			fprintf(stderr, "%s:%d: the name is empty or too long\n",
			    path, lineno);
			bad++;
			continue;
		}
		if ((v = conf_village(c, fld[2])) == NULL) {
			print_bad(path, lineno, "unknown village \"%s\"",
			    fld[2]);
			bad++;
			continue;
		}
		for (k = 0; k < nrows; k++)
			if (strcmp(rows[k].phone, r.phone) == 0)
				break;
		if (k < nrows) {
			fprintf(stderr, "%s:%d: %s appears twice\n", path,
			    lineno, r.phone);
			bad++;
			continue;
		}
		snprintf(r.name, sizeof(r.name), "%s", fld[1]);
		snprintf(r.village, sizeof(r.village), "%s", v->code);
		snprintf(r.commune, sizeof(r.commune), "%s", v->commune);
		snprintf(r.status, sizeof(r.status), "active");
		snprintf(r.source, sizeof(r.source), "import");
		rows = xreallocarray(rows, nrows + 1, sizeof(*rows));
		rows[nrows++] = r;
	}
	fclose(f);
	if (bad > 0) {
		fprintf(stderr, "reportgw: %d bad rows; nothing imported\n",
		    bad);
		free(rows);
		return -1;
	}
	if (store_begin(s) == -1)
		goto fail;
	for (k = 0; k < nrows; k++)
		if (store_reporter_put(s, &rows[k], 1) == -1) {
			store_rollback(s);
			goto fail;
		}
	if (store_commit(s) == -1)
		goto fail;
	printf("imported %zu reporters\n", nrows);
	free(rows);
	return 0;
fail:
	free(rows);
	return -1;
}

int
cmd_reporters(int argc, char **argv)
{
	static const struct cli_cmd cmd = { "reporters", NULL, 1, 1, 2 };
	struct conf	*c;
	struct store	*s;
	char		 phone[PHONE_MAX];
	int		 rc = EXIT_OK, changed;

	c = cli_start(&cmd, &argc, &argv);
	if ((strcmp(argv[0], "list") == 0) != (argc == 1)) {
		conf_free(c);
		cli_cmd_usage(&cmd);
	}
	s = cli_open_store(c);
	if (strcmp(argv[0], "list") == 0)
		rc = store_reporter_each(s, print_reporter, NULL) == 0 ?
		    EXIT_OK : EXIT_RUNTIME;
	else if (strcmp(argv[0], "import") == 0)
		rc = import(s, c, argv[1]) == 0 ? EXIT_OK : EXIT_RUNTIME;
	else if (strcmp(argv[0], "approve") == 0 ||
	    strcmp(argv[0], "block") == 0) {
		if (phone_normalize(argv[1], c->country_code, phone) == -1) {
			fprintf(stderr, "reportgw: not a phone number: %s\n",
			    argv[1]);
			rc = EXIT_USAGE;
		} else if ((changed = store_reporter_set_status(s, phone,
		    strcmp(argv[0], "approve") == 0 ? "active" :
		    "blocked")) <= 0) {
			fprintf(stderr, "reportgw: %s\n", changed == 0 ?
			    "no such reporter" : "database error");
			rc = EXIT_RUNTIME;
		} else
			printf("%s %s\n", phone, strcmp(argv[0], "approve") ==
			    0 ? "approved" : "blocked");
	} else {
		store_close(s);
		conf_free(c);
		cli_cmd_usage(&cmd);
	}
	store_close(s);
	conf_free(c);
	return rc;
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
