/*
 * Parse throughput: the realistic corpus cycled through sms_parse on one
 * thread.  Prints "parse_msgs_per_s: N" (and the same with the reply
 * rendered, which the daemon also does for every message) for the coded
 * corpus, then "parse_ownwords_msgs_per_s: N" for the own-words corpus
 * given after -w (messages read from words, several reports, reviews),
 * so the cost of own words shows next to the coded figure.
 *
 * usage: bench_parse FILE.tsv... [-w OWNWORDS.tsv...]
 *        (the text is the first JSON column)
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "reply.h"
#include "sms.h"

#define MSGS_MAX	4096
#define ROUNDS_MIN_S	1.0	/* seconds each measurement runs at least */

struct corpus {
	char	*msgs[MSGS_MAX];
	size_t	 lens[MSGS_MAX];
	size_t	 n;
};

static struct corpus	coded, own;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
load(struct corpus *cp, const char *path)
{
	FILE	*f = fopen(path, "r");
	char	 line[8192];

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f) != NULL && cp->n < MSGS_MAX) {
		char		*tab = strchr(line, '\t');
		json_t		*j;
		json_error_t	 e;

		if (line[0] == '#' || tab == NULL)
			continue;
		*tab = '\0';
		if ((j = json_loads(line, JSON_DECODE_ANY, &e)) == NULL ||
		    !json_is_string(j))
			continue;
		cp->lens[cp->n] = json_string_length(j);
		if ((cp->msgs[cp->n] = malloc(cp->lens[cp->n] + 1)) == NULL)
			abort();
		memcpy(cp->msgs[cp->n], json_string_value(j),
		    cp->lens[cp->n] + 1);
		cp->n++;
		json_decref(j);
	}
	fclose(f);
}

static double
run(const struct conf *c, const struct corpus *cp, int with_reply)
{
	struct local_time	at = { 2026, 11, 28, 9, 0 };
	struct reply_ctx	ctx = { 1234, "BAT01", { -1, -1, -1 }, NULL };
	struct sms_result	r;
	char			reply[REPLY_SIZE];
	double			t0 = now(), t;
	unsigned long		n = 0, ok = 0;
	size_t			i;

	do {
		for (i = 0; i < cp->n; i++) {
			ok += sms_parse(c->codebook, cp->msgs[i], cp->lens[i],
			    &at, &r) == SMS_OK;
			if (with_reply)
				reply_render(c->codebook, &r, &ctx, reply);
		}
		n += cp->n;
		t = now() - t0;
	} while (t < ROUNDS_MIN_S);
	if (ok == 0)
		abort();	/* keeps the work from being optimised away */
	return (double)n / t;
}

static void
drop(struct corpus *cp)
{
	size_t i;

	for (i = 0; i < cp->n; i++)
		free(cp->msgs[i]);
	cp->n = 0;
}

int
main(int argc, char **argv)
{
	struct corpus	*into = &coded;
	struct conf	*c;
	char		*err;
	int		 i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-w") == 0)
			into = &own;
		else
			load(into, argv[i]);
	}
	if (coded.n == 0 || conf_load_string(conf_embedded_default, "default",
	    NULL, &c, &err) == -1) {
		fprintf(stderr, "bench_parse: nothing to parse\n");
		return 1;
	}
	run(c, &coded, 0);	/* warm up */
	printf("parse_msgs_per_s: %.0f\n", run(c, &coded, 0));
	printf("parse_reply_msgs_per_s: %.0f\n", run(c, &coded, 1));
	printf("parse_corpus_messages: %zu\n", coded.n);
	if (own.n > 0) {
		printf("parse_ownwords_msgs_per_s: %.0f\n", run(c, &own, 0));
		printf("parse_ownwords_reply_msgs_per_s: %.0f\n",
		    run(c, &own, 1));
		printf("parse_ownwords_messages: %zu\n", own.n);
	}
	conf_free(c);
	drop(&coded);
	drop(&own);
	return 0;
}
