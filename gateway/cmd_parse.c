/*
 * `reportgw parse`, `reportgw check` and `reportgw ussd`: the code book and
 * the configuration, without a database or a network.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "reply.h"
#include "reportjson.h"
#include "sms.h"
#include "timeutil.h"
#include "ussd.h"
#include "ussd_villages.h"
#include "xmalloc.h"

int
cmd_parse(int argc, char **argv)
{
	const char		*at_text = NULL;
	const struct cli_opt	 opts[] = {
		{ "at", 'a', &at_text, NULL },
		{ NULL, 0, NULL, NULL }
	};
	const struct cli_cmd	 cmd = { "parse", opts, 1, 1, -1 };
	struct conf		*c;
	struct sms_result	 r;
	struct local_time	 lt;
	struct reply_ctx	 ctx = { 0, NULL, { -1, -1, -1 }, NULL };
	char			 reply[REPLY_SIZE], *text, *out;
	size_t			 len = 0, k;
	time_t			 at;
	json_t			*j;
	int			 i;

	c = cli_start(&cmd, &argc, &argv);
	if (at_text == NULL)
		at = time(NULL);
	else if (time_parse_iso(at_text, &at) == -1) {
		fprintf(stderr, "reportgw: --at: not an ISO 8601 time: %s\n",
		    at_text);
		conf_free(c);
		return EXIT_USAGE;
	}
	time_local(at, &lt);
	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	text = xmalloc(len + 1);
	for (i = 0, k = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (i > 0)
			text[k++] = ' ';
		memcpy(text + k, argv[i], n);
		k += n;
	}
	text[k] = '\0';
	sms_parse(c->codebook, text, k, &lt, &r);
	if (r.error == SMS_OK && r.nmore > 0) {
		long refs[SMS_MAX_REPORTS];

		for (i = 0; i < SMS_MAX_REPORTS; i++)
			refs[i] = ctx.ref + i;	/* placeholders: 0, 1, ... */
		reply_multi(c->codebook, &r, refs, reply);
	} else
		reply_render(c->codebook, &r, &ctx, reply);
	j = result_json(c->codebook, &r, reply);
	out = json_dumps(j, JSON_COMPACT);
	puts(out);
	free(out);
	json_decref(j);
	free(text);
	conf_free(c);
	return EXIT_OK;
}

int
cmd_check(int argc, char **argv)
{
	static const struct cli_cmd cmd = { "check", NULL, 0, 0, -1 };
	struct conf	*c;

	c = cli_start(&cmd, &argc, &argv);
	if (c->warnings != NULL)
		fputs(c->warnings, stderr);
	printf("%s: ok: %zu communes, %zu villages, %zu reporters, %d codes\n",
	    c->path, c->ncommunes, c->nvillages, c->nreporters,
	    c->codebook->ncodes);
	conf_free(c);
	return EXIT_OK;
}

/*
 * `reportgw ussd`: the screen a USSD session shows after the inputs in
 * TEXT (joined by '*', as the gateway sends them), without a database.
 * A finished report prints as "SMS <text>": what the daemon would store.
 */
int
cmd_ussd(int argc, char **argv)
{
	const char		*at_text = NULL, *commune = NULL;
	const struct cli_opt	 opts[] = {
		{ "at", 'a', &at_text, NULL },
		{ "commune", 'c', &commune, NULL },
		{ NULL, 0, NULL, NULL }
	};
	const struct cli_cmd	 cmd = { "ussd", opts, 0, 0, 1 };
	struct ussd_villages	 v;
	struct ussd_request	 rq;
	struct ussd_answer	 a;
	struct local_time	 lt;
	struct conf		*c;
	time_t			 at = time(NULL);

	c = cli_start(&cmd, &argc, &argv);
	if (at_text != NULL && time_parse_iso(at_text, &at) == -1) {
		fprintf(stderr, "reportgw: --at: not an ISO 8601 time: %s\n",
		    at_text);
		conf_free(c);
		return EXIT_USAGE;
	}
	time_local(at, &lt);
	memset(&rq, 0, sizeof(rq));
	v.n = 0;
	if (commune != NULL && ussd_villages(c, commune, &v) == 0) {
		fprintf(stderr, "reportgw: --commune: no villages in %s\n",
		    commune);
		conf_free(c);
		return EXIT_USAGE;
	}
	rq.cb = c->codebook;
	rq.text = argc > 0 ? argv[0] : "";
	rq.len = strlen(rq.text);
	rq.villages = v.codes;
	rq.village_labels = v.labels;
	rq.nvillages = v.n;
	rq.at = &lt;
	ussd_answer(&rq, &a);
	if (a.action == USSD_SUBMIT)
		printf("SMS %s\n", a.sms);
	else
		printf("%s %s\n", a.action == USSD_CONTINUE ? "CON" : "END",
		    a.screen);
	conf_free(c);
	return EXIT_OK;
}
