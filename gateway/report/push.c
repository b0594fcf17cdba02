/*
 * The push to DHIS2 (dhis2.h): one POST of a period's figures, tried
 * again on no answer and on 5xx, and the import summary read back.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "dhis2.h"
#include "http_client.h"
#include "log.h"
#include "termsafe.h"
#include "xmalloc.h"

static long
count_of(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);

	return json_is_integer(v) ? (long)json_integer_value(v) : 0;
}

/* A server's text, made safe for a terminal, a log and an e-mail. */
static void
add_safe(struct buf *b, const char *s)
{
	char *t = termsafe(s != NULL ? s : "", 0);

	buf_add(b, t);
	free(t);
}

int
dhis2_read_summary(const char *body, struct dhis2_result *res)
{
	json_error_t	 e;
	json_t		*o, *sum, *count, *conflicts, *c;
	struct buf	 b;
	const char	*status;
	size_t		 i;

	if ((o = json_loads(body, 0, &e)) == NULL || !json_is_object(o)) {
		json_decref(o);
		return -1;
	}
	/* 2.38+: a web message with the summary in "response" */
	sum = json_object_get(o, "response");
	if (!json_is_object(sum))
		sum = o;
	count = json_object_get(sum, "importCount");
	if (!json_is_object(count)) {
		json_decref(o);
		return -1;
	}
	res->imported = count_of(count, "imported");
	res->updated = count_of(count, "updated");
	res->ignored = count_of(count, "ignored");
	res->deleted = count_of(count, "deleted");
	conflicts = json_object_get(sum, "conflicts");
	buf_init(&b, 256 * 1024);
	res->nconflicts = 0;
	json_array_foreach(conflicts, i, c) {
		res->nconflicts++;
		if (i >= DHIS2_CONFLICTS_MAX)
			continue;
		add_safe(&b, json_string_value(json_object_get(c, "object")));
		buf_add(&b, ": ");
		add_safe(&b, json_string_value(json_object_get(c, "value")));
		buf_add(&b, "\n");
	}
	if (res->nconflicts > DHIS2_CONFLICTS_MAX)
		buf_printf(&b, "... and %ld more\n", res->nconflicts -
		    DHIS2_CONFLICTS_MAX);
	free(res->conflicts);
	res->conflicts = b.len > 0 ? buf_take(&b) : NULL;
	if (res->conflicts == NULL)
		buf_free(&b);
	status = json_string_value(json_object_get(sum, "status"));
	if (status != NULL && strcmp(status, "ERROR") == 0 &&
	    res->nconflicts == 0) {
		const char *d = json_string_value(json_object_get(sum,
		    "description"));

		buf_init(&b, 1024);
		add_safe(&b, d != NULL ? d : "status ERROR");
		snprintf(res->error, sizeof(res->error), "DHIS2 says: %s",
		    b.p);
		buf_free(&b);
		res->status = DHIS2_REFUSED;
	}
	json_decref(o);
	return 0;
}

static char *
push_url(const struct conf *c, int dry_run)
{
	const char *url = c->dhis2.url;
	size_t n = strlen(url);

	while (n > 0 && url[n - 1] == '/')
		n--;
	return xasprintf("%.*s/api/dataValueSets?importStrategy="
	    "CREATE_AND_UPDATE%s%s", (int)n, url, c->dhis2.id_code ?
	    "&idScheme=CODE&dataElementIdScheme=CODE&orgUnitIdScheme=CODE" :
	    "", dry_run ? "&dryRun=true" : "");
}

/* One answer judged: 1 done (res set), 0 try again. */
static int
judge(const struct http_response *resp, struct dhis2_result *res)
{
	struct buf b;

	res->http_status = resp->status;
	if (resp->status == 0) {
		snprintf(res->error, sizeof(res->error), "no answer: %s",
		    resp->error);
		res->status = DHIS2_TEMPORARY;
		return 0;
	}
	if (resp->status >= 500) {
		snprintf(res->error, sizeof(res->error), "HTTP %ld",
		    resp->status);
		res->status = DHIS2_TEMPORARY;
		return 0;
	}
	res->status = DHIS2_OK;
	if (dhis2_read_summary(resp->body != NULL ? resp->body : "",
	    res) == -1) {
		buf_init(&b, 512);
		add_safe(&b, resp->body != NULL ? resp->body : "");
		if (resp->status >= 200 && resp->status < 300)
			snprintf(res->error, sizeof(res->error), "HTTP %ld "
			    "without an import summary: %.200s",
			    resp->status, b.p);
		else
			snprintf(res->error, sizeof(res->error), "HTTP %ld: "
			    "%.300s", resp->status, b.p);
		buf_free(&b);
		res->status = DHIS2_REFUSED;
		return 1;
	}
	if (res->nconflicts > 0 || resp->status == 409) {
		snprintf(res->error, sizeof(res->error), "HTTP %ld: %ld "
		    "conflict(s)", resp->status, res->nconflicts);
		res->status = DHIS2_REFUSED;
	} else if (resp->status < 200 || resp->status >= 300) {
		snprintf(res->error, sizeof(res->error), "HTTP %ld",
		    resp->status);
		res->status = DHIS2_REFUSED;
	}
	return 1;
}

enum dhis2_status
dhis2_push(struct store *st, const struct conf *c,
    const struct report_period *p, int adx, int dry_run,
    struct dhis2_result *res)
{
	static char		 star[] = "*", all[] = "";
	char			*stars[] = { star };
	struct conf_digest_group g = { all, { stars, 1 }, { NULL, 0 } };
	struct http_client	*http;
	struct http_response	 resp;
	struct report		*r;
	char			*body, *url, auth[CONF_SECRET_MAX + 32];
	const char		*headers[4];
	int			 delay = 1;

	memset(res, 0, sizeof(*res));
	res->dry_run = dry_run;
	report_period_format(p, res->period);
	res->status = DHIS2_TEMPORARY;
	if ((r = report_build(st, c, &g, p)) == NULL) {
		snprintf(res->error, sizeof(res->error), "cannot read the "
		    "database");
		return res->status;
	}
	body = adx ? report_adx(r, time(NULL), &res->skipped) :
	    report_dhis2_json(r, &res->skipped);
	report_free(r);
	if (body == NULL) {
		snprintf(res->error, sizeof(res->error), "out of memory");
		return res->status;
	}
	{
		const char *q = body;

		while ((q = strstr(q, "dataElement")) != NULL) {
			res->values++;
			q++;
		}
	}
	if ((http = http_client_new(c->dhis2.timeout)) == NULL) {
		free(body);
		snprintf(res->error, sizeof(res->error), "cannot start "
		    "libcurl");
		return res->status;
	}
	url = push_url(c, dry_run);
	snprintf(auth, sizeof(auth), "Authorization: ApiToken %s",
	    c->dhis2.token != NULL ? c->dhis2.token : "");
	headers[0] = auth;
	headers[1] = adx ? "Content-Type: application/adx+xml" :
	    "Content-Type: application/json";
	headers[2] = "Accept: application/json";
	headers[3] = NULL;
	for (res->tries = 1;; res->tries++) {
		memset(&resp, 0, sizeof(resp));
		http_request(http, "POST", url, headers, NULL, body,
		    strlen(body), &resp);
		if (judge(&resp, res) || res->tries >= DHIS2_TRIES) {
			http_response_free(&resp);
			break;
		}
		http_response_free(&resp);
		log_warnx("dhis2: push of %s: %s; trying again in %d s",
		    res->period, res->error, delay);
		sleep((unsigned)delay);
		delay *= 2;
	}
	explicit_bzero(auth, sizeof(auth));
	free(url);
	free(body);
	http_client_free(http);
	return res->status;
}

void
dhis2_result_print(const struct dhis2_result *res, FILE *f)
{
	fprintf(f, "dhis2: %s%s: %ld data values sent in %d tr%s\n",
	    res->period, res->dry_run ? " (dry run)" : "", res->values,
	    res->tries, res->tries == 1 ? "y" : "ies");
	if (res->http_status != 0)
		fprintf(f, "imported %ld, updated %ld, ignored %ld, "
		    "deleted %ld, conflicts %ld\n", res->imported,
		    res->updated, res->ignored, res->deleted,
		    res->nconflicts);
	if (res->conflicts != NULL)
		fprintf(f, "conflicts:\n%s", res->conflicts);
	if (res->skipped != NULL && res->skipped[0] != '\0')
		fprintf(f, "%s", res->skipped);
	if (res->status != DHIS2_OK)
		fprintf(f, "dhis2: push failed: %s\n", res->error);
}

void
dhis2_result_free(struct dhis2_result *res)
{
	free(res->conflicts);
	free(res->skipped);
	res->conflicts = res->skipped = NULL;
}
