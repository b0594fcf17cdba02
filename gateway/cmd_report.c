/*
 * `reportgw report`: the periodic report of a week, month, quarter or
 * year, for the whole area or a commune, as HTML, XLSX, CSV, DHIS2
 * dataValueSets JSON or ADX XML; and `reportgw push dhis2`, which sends
 * a period's figures to the DHIS2 instance of the config.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "dhis2.h"
#include "report.h"
#include "store.h"
#include "xmalloc.h"

/* The formats, one line each: name, and whether it is text. */
#define REPORT_FORMATS(X)						\
	X(html) X(xlsx) X(csv) X(dhis2) X(adx)

enum fmt {
#define FMT_ENUM(name)	FMT_##name,
	REPORT_FORMATS(FMT_ENUM)
#undef FMT_ENUM
	FMT_COUNT
};

static const char *const fmt_names[] = {
#define FMT_NAME(name)	#name,
	REPORT_FORMATS(FMT_NAME)
#undef FMT_NAME
};

static int
fmt_of(const char *s)
{
	int i;

	for (i = 0; i < FMT_COUNT; i++)
		if (strcmp(fmt_names[i], s) == 0)
			return i;
	return -1;
}

/* Writes text to path (or stdout when NULL), all of it or an error. */
static int
write_out(const char *path, const char *data, size_t len)
{
	FILE	*f = path != NULL ? fopen(path, "w") : stdout;
	int	 rc = 0;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	if (fwrite(data, 1, len, f) != len)
		rc = -1;
	if (path != NULL ? fclose(f) == EOF : fflush(f) == EOF)
		rc = -1;
	if (rc == -1)
		fprintf(stderr, "reportgw: cannot write %s\n", path != NULL ?
		    path : "the output");
	return rc;
}

/* An XLSX on stdout: written to a private file first, then copied. */
static int
xlsx_out(const struct report *r, const char *path)
{
	char	 tmp[] = "/tmp/reportgw-report.XXXXXX", err[512];
	char	*data = NULL, buf[65536];
	size_t	 len = 0, n;
	FILE	*f;
	int	 fd, rc;

	if (path != NULL) {
		if (report_xlsx(r, path, err, sizeof(err)) == -1) {
			fprintf(stderr, "reportgw: %s\n", err);
			return -1;
		}
		return 0;
	}
	if ((fd = mkstemp(tmp)) == -1) {
		perror(tmp);
		return -1;
	}
	close(fd);
	if (report_xlsx(r, tmp, err, sizeof(err)) == -1 ||
	    (f = fopen(tmp, "rb")) == NULL) {
		fprintf(stderr, "reportgw: %s\n", err);
		unlink(tmp);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		data = xreallocarray(data, len + n, 1);
		memcpy(data + len, buf, n);
		len += n;
	}
	fclose(f);
	unlink(tmp);
	rc = write_out(NULL, data != NULL ? data : "", len);
	free(data);
	return rc;
}

int
cmd_report(int argc, char **argv)
{
	const char	*period = NULL, *commune = NULL, *fmt = NULL;
	const char	*out = NULL;
	const struct cli_opt opts[] = {
		{ "period", 'P', &period, NULL },
		{ "commune", 'c', &commune, NULL },
		{ "format", 'F', &fmt, NULL },
		{ NULL, 'o', &out, NULL },
		{ NULL, 0, NULL, NULL }
	};
	const struct cli_cmd cmd = { "report", opts, 0, 0, 0 };
	struct conf_digest_group g;
	struct report_period p;
	struct report	*r;
	struct conf	*c;
	struct store	*st;
	char		*text = NULL, *skipped = NULL;
	static char	 star[] = "*", whole[] = "";
	char		*all[] = { star }, *one[1];
	int		 f, rc = EXIT_OK;

	c = cli_start(&cmd, &argc, &argv);
	if (period == NULL || fmt == NULL || (f = fmt_of(fmt)) == -1) {
		conf_free(c);
		cli_cmd_usage(&cmd);
	}
	if (report_period_parse(period, &p) == -1) {
		fprintf(stderr, "reportgw: --period: want 2026-W48, 2026-11, "
		    "2026-Q4 or 2026, not %s\n", period);
		conf_free(c);
		return EXIT_USAGE;
	}
	memset(&g, 0, sizeof(g));
	if (commune != NULL) {
		const struct conf_commune *cc = conf_commune(c, commune);

		if (cc == NULL) {
			fprintf(stderr, "reportgw: --commune: no commune %s "
			    "in %s\n", commune, c->path);
			conf_free(c);
			return EXIT_USAGE;
		}
		one[0] = cc->code;
		g.name = cc->name;
		g.communes.v = one;
	} else {
		g.name = whole;
		g.communes.v = all;
	}
	g.communes.n = 1;
	if ((f == FMT_dhis2 || f == FMT_adx) && !c->dhis2.configured) {
		fprintf(stderr, "reportgw: no dhis2 group in %s\n", c->path);
		conf_free(c);
		return EXIT_USAGE;
	}
	st = cli_open_store(c);
	if ((r = report_build(st, c, &g, &p)) == NULL) {
		store_close(st);
		conf_free(c);
		return EXIT_RUNTIME;
	}
	switch (f) {
	case FMT_html:
		text = report_html(r, REPORT_CHARTS_SVG);
		break;
	case FMT_csv:
		text = report_csv(r);
		break;
	case FMT_dhis2:
		text = report_dhis2_json(r, &skipped);
		break;
	case FMT_adx:
		text = report_adx(r, time(NULL), &skipped);
		break;
	case FMT_xlsx:
		rc = xlsx_out(r, out) == 0 ? EXIT_OK : EXIT_RUNTIME;
		break;
	}
	if (text != NULL && write_out(out, text, strlen(text)) == -1)
		rc = EXIT_RUNTIME;
	if (skipped != NULL && skipped[0] != '\0')
		fprintf(stderr, "%s", skipped);
	free(skipped);
	free(text);
	report_free(r);
	store_close(st);
	conf_free(c);
	return rc;
}

int
cmd_push(int argc, char **argv)
{
	const char	*period = NULL, *fmt = "dhis2";
	int		 dry = 0;
	const struct cli_opt opts[] = {
		{ "period", 'P', &period, NULL },
		{ "format", 'F', &fmt, NULL },
		{ "dry-run", 'n', NULL, &dry },
		{ NULL, 0, NULL, NULL }
	};
	const struct cli_cmd cmd = { "push", opts, 0, 1, 1 };
	struct report_period p;
	struct dhis2_result res;
	struct conf	*c;
	struct store	*st;
	int		 rc;

	c = cli_start(&cmd, &argc, &argv);
	if (strcmp(argv[0], "dhis2") != 0 || period == NULL ||
	    (strcmp(fmt, "dhis2") != 0 && strcmp(fmt, "adx") != 0)) {
		conf_free(c);
		cli_cmd_usage(&cmd);
	}
	if (report_period_parse(period, &p) == -1) {
		fprintf(stderr, "reportgw: --period: want 2026-W48, 2026-11, "
		    "2026-Q4 or 2026, not %s\n", period);
		conf_free(c);
		return EXIT_USAGE;
	}
	if (!c->dhis2.configured) {
		fprintf(stderr, "reportgw: no dhis2 group in %s\n", c->path);
		conf_free(c);
		return EXIT_USAGE;
	}
	st = cli_open_store(c);
	rc = dhis2_push(st, c, &p, strcmp(fmt, "adx") == 0, dry, &res);
	dhis2_result_print(&res, stdout);
	dhis2_result_free(&res);
	store_close(st);
	conf_free(c);
	return rc == DHIS2_OK ? EXIT_OK : EXIT_RUNTIME;
}
