/*
 * `reportgw reporters`: list, import, approve (with the welcome SMS),
 * block, unblock, remove and move.  They may run while the daemon runs:
 * each change is one transaction (BEGIN IMMEDIATE waits for the daemon's
 * batch), and what the daemon judges next sees it.
 *
 * Statuses: active, pending (registered by SMS, waiting for approve),
 * blocked (no report, no reply), removed (kept for the history of its
 * reports, the number is an unknown sender again and may register anew).
 * The rules of the actions are reporter_act.c's, shared with the web
 * console: `remove` and `move` refuse a reporter listed in the config
 * file, naming the file and line to edit instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "phone.h"
#include "reporter_act.h"
#include "store.h"
#include "termsafe.h"
#include "xmalloc.h"

#define CSV_LINE_MAX	4096	/* bytes of one CSV line */
#define CSV_FIELDS_MAX	8

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

/* Why a verb does not apply, and what would. */
static void
refuse(enum reporter_verb v, const struct reporter *r)
{
	char	 list[128], *w, *save = NULL;
	int	 n = 0;

	snprintf(list, sizeof(list), "%s", reporter_verb_from(v));
	fprintf(stderr, "reportgw: %s is %s; `reporters %s` is for a reporter "
	    "that is", r->phone, r->status, reporter_verb_names[v]);
	for (w = strtok_r(list, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save))
		fprintf(stderr, "%s %s", n++ == 0 ? "" : " or", w);
	fputc(' ', stderr);
	if (strcmp(r->status, "blocked") == 0)
		fprintf(stderr, "(unblock it first: reportgw reporters unblock "
		    "%s)", r->phone);
	else if (strcmp(r->status, "removed") == 0)
		fprintf(stderr, "(a removed number registers again by SMS, DK, "
		    "or comes back with reporters import)");
	fputc('\n', stderr);
}

static const char *const done_words[RV_NVERBS] = {
	"approved", "blocked", "unblocked", "removed", "moved"
};

/*
 * One action on one reporter, in one transaction (reporter_act.c): the
 * approval and its welcome SMS are stored together or not at all.
 */
static int
act(struct store *s, const struct conf *c, enum reporter_verb v,
    const char *phone, const char *where)
{
	struct reporter_change	 ch;
	const struct reporter	*to = &ch.after;
	char			*t;

	if (store_begin(s) == -1)
		return EXIT_RUNTIME;
	switch (reporter_apply(s, c, v, phone, where, time(NULL), &ch)) {
	case RO_DONE:
		break;
	case RO_CONFIG:
		store_rollback(s);
		fprintf(stderr, "reportgw: %s is listed in the config (%s:%d), "
		    "which makes it active in its village at every start and "
		    "reload: change it there, then reload the daemon\n",
		    phone, ch.config->file, ch.config->line);
		return EXIT_RUNTIME;
	case RO_NO_SUCH:
		store_rollback(s);
		fprintf(stderr, "reportgw: no such reporter\n");
		return EXIT_RUNTIME;
	case RO_PLACE:
		store_rollback(s);
		t = termsafe(where, 0);
		fprintf(stderr, "reportgw: no village or commune \"%s\" in the "
		    "config\n", t);
		free(t);
		return EXIT_USAGE;
	case RO_ALREADY:
		store_rollback(s);
		printf("%s is %s already; nothing done\n", phone, v != RV_MOVE ?
		    to->status : to->village[0] != '\0' ? to->village :
		    to->commune);
		return EXIT_OK;
	case RO_STATE:
		store_rollback(s);
		refuse(v, &ch.before);
		return EXIT_RUNTIME;
	case RO_ERROR:
		store_rollback(s);
		fprintf(stderr, "reportgw: database error; nothing changed\n");
		return EXIT_RUNTIME;
	}
	if (store_commit(s) == -1) {
		store_rollback(s);
		fprintf(stderr, "reportgw: database error; nothing changed\n");
		return EXIT_RUNTIME;
	}
	if (v == RV_MOVE)
		printf("%s moved to %s %s; its earlier reports stay where they "
		    "were\n", phone, to->village[0] != '\0' ? "village" :
		    "commune", to->village[0] != '\0' ? to->village :
		    to->commune);
	else
		printf("%s %s\n", phone, done_words[v]);
	if (ch.welcome[0] != '\0') {
		t = termsafe(ch.welcome, 0);
		printf("welcome SMS queued: %s\n", t);
		free(t);
	}
	return EXIT_OK;
}

int
cmd_reporters(int argc, char **argv)
{
	static const struct cli_cmd cmd = { "reporters", NULL, 1, 1, 3 };
	enum reporter_verb	 v = RV_APPROVE;
	struct conf		*c;
	struct store		*s;
	char			 phone[PHONE_MAX];
	int			 rc = EXIT_OK, want, verb;

	c = cli_start(&cmd, &argc, &argv);
	verb = reporter_verb(argv[0], &v) == 0;
	want = strcmp(argv[0], "list") == 0 ? 1 : verb && v == RV_MOVE ? 3 :
	    2;
	if (argc != want || (want == 2 && !verb &&
	    strcmp(argv[0], "import") != 0)) {
		conf_free(c);
		cli_cmd_usage(&cmd);
	}
	if (verb && phone_normalize(argv[1], c->country_code,
	    phone) == -1) {
		char *t = termsafe(argv[1], 0);

		fprintf(stderr, "reportgw: not a phone number: %s\n", t);
		free(t);
		conf_free(c);
		return EXIT_USAGE;
	}
	s = cli_open_store(c);
	if (strcmp(argv[0], "list") == 0)
		rc = store_reporter_each(s, print_reporter, NULL) == 0 ?
		    EXIT_OK : EXIT_RUNTIME;
	else if (strcmp(argv[0], "import") == 0)
		rc = import(s, c, argv[1]) == 0 ? EXIT_OK : EXIT_RUNTIME;
	else
		rc = act(s, c, v, phone, want == 3 ? argv[2] : NULL);
	store_close(s);
	conf_free(c);
	return rc;
}
