/*
 * `reportgw digest`: renders the digest of any past day, to check it
 * (--dry-run prints the text version; --html FILE writes the HTML page,
 * its chart inline; --csv FILE the attachment with the full lists) or to
 * mail it now (--send), e.g. to re-send one that went astray.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "digest.h"
#include "mail.h"
#include "mailq.h"
#include "store.h"
#include "xmalloc.h"

int
cmd_digest(int argc, char **argv)
{
	const char	*date = NULL, *group = NULL, *html = NULL;
	const char	*csv = NULL;
	int		 mode = 0;
	const struct cli_opt opts[] = {
		{ "date", 'D', &date, NULL },
		{ "group", 'g', &group, NULL },
		{ "dry-run", 'n', NULL, &mode },
		{ "send", 's', NULL, &mode },
		{ "html", 'H', &html, &mode },
		{ "csv", 'C', &csv, &mode },
		{ NULL, 0, NULL, NULL }
	};
	const struct cli_cmd cmd = { "digest", opts, 0, 0, 0 };
	char		 day[16] = "", err[512];
	struct conf	*c;
	struct store	*st;
	int		 rc = EXIT_OK, done = 0;
	size_t		 g;

	c = cli_start(&cmd, &argc, &argv);
	if (mode == 0) {
		conf_free(c);
		cli_cmd_usage(&cmd);
	}
	if (date != NULL)
		snprintf(day, sizeof(day), "%s", date);
	if (day[0] == '\0')
		digest_day_of(time(NULL) - 86400, day);
	if (digest_day_start(day) == -1) {
		fprintf(stderr, "reportgw: --date: not a day: %s\n", day);
		conf_free(c);
		return EXIT_USAGE;
	}
	if (c->digest.ngroups == 0) {
		fprintf(stderr, "reportgw: no digest.groups in %s\n", c->path);
		conf_free(c);
		return EXIT_USAGE;
	}
	st = cli_open_store(c);
	for (g = 0; g < c->digest.ngroups && rc == EXIT_OK; g++) {
		const struct conf_digest_group *dg = &c->digest.groups[g];
		struct digest *d;
		char *s, *t;
		FILE *f;

		if (group != NULL && strcmp(group, dg->name) != 0)
			continue;
		done++;
		if (mode == 's') {
			if (mailq_send_digest(st, c, dg, day, NULL, err,
			    sizeof(err)) != MAIL_OK) {
				fprintf(stderr, "reportgw: digest %s for %s: "
				    "%s\n", day, dg->name, err);
				rc = EXIT_RUNTIME;
			} else
				printf("digest %s for %s sent to %zu "
				    "recipients\n", day, dg->name, dg->to.n);
			continue;
		}
		if ((d = digest_build(st, c, dg, day)) == NULL) {
			rc = EXIT_RUNTIME;
			break;
		}
		if (mode == 'n') {
			s = digest_subject(d);
			t = digest_text(d);
			printf("Subject: %s\n\n%s\n", s, t);
			free(s);
			free(t);
		} else {
			const char *path = mode == 'C' ? csv : html;

			s = mode == 'C' ? digest_csv(d) : digest_html(d);
			if ((f = fopen(path, "w")) == NULL ||
			    fputs(s, f) == EOF || fclose(f) == EOF) {
				perror(path);
				rc = EXIT_RUNTIME;
			} else
				printf("%s: digest %s for %s\n", path, day,
				    dg->name);
			free(s);
			group = dg->name;	/* one file: the first group */
		}
		digest_free(d);
	}
	if (done == 0) {
		fprintf(stderr, "reportgw: no digest group \"%s\"\n", group);
		rc = EXIT_USAGE;
	}
	store_close(st);
	conf_free(c);
	return rc;
}
