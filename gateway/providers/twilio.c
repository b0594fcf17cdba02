/*
 * Twilio: the message list, newest first and paged.  Listing does not
 * consume anything, and the list filter has day granularity, so the cursor
 * is a day: each cycle lists everything sent on or after it, pages through
 * to the end (the page being read is kept in the cursor, so a restart goes
 * on from there), and the store drops what it has seen by sid.  After a
 * complete listing the day moves to yesterday (UTC), never backwards.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "provider.h"
#include "period.h"
#include "xmalloc.h"

/* RFC 2822 as Twilio writes it: "Fri, 24 May 2019 17:44:49 +0000". */
static int
parse_rfc2822(const char *s, time_t *out)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char		 mon[4];
	const char	*p;
	char		*end;
	long		 d, y, hh, mm, ss, off;
	int		 m;

	if ((p = strchr(s, ',')) != NULL)
		s = p + 1;
	d = strtol(s, &end, 10);
	if (end == s || *end != ' ' || strlen(end) < 5)
		return -1;
	memcpy(mon, end + 1, 3);
	mon[3] = '\0';
	if ((p = strstr(months, mon)) == NULL || (p - months) % 3 != 0)
		return -1;
	m = (int)((p - months) / 3) + 1;
	s = end + 4;
	y = strtol(s, &end, 10);
	if (end == s || *end != ' ')
		return -1;
	s = end + 1;
	hh = strtol(s, &end, 10);
	if (*end != ':')
		return -1;
	mm = strtol(end + 1, &end, 10);
	if (*end != ':')
		return -1;
	ss = strtol(end + 1, &end, 10);
	off = *end == ' ' ? strtol(end + 1, NULL, 10) : 0;
	if (d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60 || y < 1970)
		return -1;
	*out = (time_t)days_from_civil((int)y, m, (int)d) * 86400 +
	    hh * 3600 + mm * 60 + ss - (off / 100 * 3600 + off % 100 * 60);
	return 0;
}

static char *
userpwd(const struct provider *p)
{
	return xasprintf("%s:%s", p->conf->username ? p->conf->username : "",
	    p->conf->api_key ? p->conf->api_key : "");
}

static void
utc_day(time_t t, char out[16])
{
	int y, m, d;

	civil_from_days((long)(t / 86400), &y, &m, &d);
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

/* The day of a cursor "DAY" or "DAY\tNEXT-PAGE" (yesterday when empty). */
static void
cursor_day(const char *cursor, time_t now, char day[16])
{
	const char *tab = strchr(cursor, '\t');

	if (*cursor == '\0')
		utc_day(now - 86400, day);
	else
		snprintf(day, 16, "%.*s", tab != NULL ?
		    (int)(tab - cursor) : (int)strlen(cursor), cursor);
}

static int
tw_request(struct provider *p, const char *cursor, struct prov_request *rq)
{
	const char	*tab = strchr(cursor, '\t');
	char		 day[16], *to, *path;

	cursor_day(cursor, p->now ? p->now : time(NULL), day);
	if (tab != NULL)		/* going on with a listing */
		rq->url = prov_url(p->conf->url, tab + 1);
	else {
		to = http_escape(p->conf->sender ? p->conf->sender : "");
		path = xasprintf("/2010-04-01/Accounts/%s/Messages.json?"
		    "To=%s&DateSent%%3E=%s&PageSize=%d",
		    p->conf->username ? p->conf->username : "", to, day,
		    p->conf->batch);
		rq->url = prov_url(p->conf->url, path);
		free(path);
		free(to);
	}
	rq->hdr[0] = "Accept: application/json";
	rq->hdr[1] = NULL;
	rq->userpwd = userpwd(p);
	rq->what = "list";
	return 0;
}

static void
tw_decode(const struct conf_provider *conf, const char *cursor, time_t now,
    json_t *root, struct prov_batch *b, struct prov_result *r)
{
	const char	*tab = strchr(cursor, '\t');
	char		 day[16];
	json_t		*msgs, *next;
	size_t		 i;

	(void)conf;
	cursor_day(cursor, now, day);
	msgs = json_object_get(root, "messages");
	next = json_object_get(root, "next_page_uri");
	if (!json_is_array(msgs) || (next != NULL && !json_is_null(next) &&
	    !json_is_string(next))) {
		prov_fail(r, PROV_TEMPORARY, "list: not a message list");
		return;
	}
	for (i = 0; i < json_array_size(msgs); i++) {
		json_t		*m = json_array_get(msgs, i);
		const char	*dir, *date;
		time_t		 at;

		/* the list holds our own replies too: only inbound ones are
		 * messages to us (a record without a direction is refused) */
		dir = json_string_value(json_object_get(m, "direction"));
		if (dir != NULL && strcmp(dir, "inbound") != 0)
			continue;
		if (dir == NULL) {
			prov_batch_reject(b, m, json_string_value(
			    json_object_get(m, "sid")), "no direction");
			continue;
		}
		date = json_string_value(json_object_get(m, "date_sent"));
		if (date == NULL || parse_rfc2822(date, &at) == -1)
			at = now;
		prov_batch_record(b, m, json_object_get(m, "sid"),
		    json_object_get(m, "from"), json_object_get(m, "to"),
		    json_object_get(m, "body"), at);
	}
	/* a next page equal to this one would page forever: the end */
	if (json_is_string(next) && json_string_length(next) > 0 &&
	    json_string_length(next) + 20 < sizeof(b->cursor) &&
	    strlen(json_string_value(next)) == json_string_length(next) &&
	    (tab == NULL || strcmp(tab + 1, json_string_value(next)) != 0)) {
		snprintf(b->cursor, sizeof(b->cursor), "%s\t%s", day,
		    json_string_value(next));
		b->more = 1;
	} else {
		char yesterday[16];

		utc_day(now - 86400, yesterday);
		snprintf(b->cursor, sizeof(b->cursor), "%s",
		    strcmp(yesterday, day) > 0 ? yesterday : day);
		b->more = 0;
	}
	r->status = PROV_OK;
}

static int
tw_send_build(const struct provider *p, const struct prov_out *msgs,
    size_t n, struct prov_request *rq, struct prov_result *r)
{
	char *path, *t, *m, *f;

	(void)n;
	(void)r;
	rq->hdr[0] = "Accept: application/json";
	rq->hdr[1] = NULL;
	t = http_escape(msgs[0].to);
	m = http_escape(msgs[0].text);
	f = http_escape(p->conf->sender ? p->conf->sender : "");
	rq->body = xasprintf("To=%s&From=%s&Body=%s", t, f, m);
	rq->bodylen = strlen(rq->body);
	free(t);
	free(m);
	free(f);
	path = xasprintf("/2010-04-01/Accounts/%s/Messages.json",
	    p->conf->username ? p->conf->username : "");
	rq->url = prov_url(p->conf->url, path);
	rq->userpwd = userpwd(p);
	free(path);
	return 0;
}

static void
tw_send_decode(const struct conf_provider *conf, const struct prov_out *msgs,
    size_t n, const struct http_response *h, int ok, struct prov_result *res)
{
	const char	*sid = NULL, *status = NULL;
	json_t		*root;

	(void)conf;
	(void)msgs;
	(void)n;
	if (!prov_classify_all(h, ok, res, 1, "send"))
		return;
	root = prov_json_decode(h->body, h->len, 0);
	if (json_unpack(root, "{s:s, s?s}", "sid", &sid, "status",
	    &status) == -1)
		prov_fail(res, PROV_TEMPORARY, "send: unexpected answer");
	else if (status != NULL && strcmp(status, "failed") == 0)
		prov_fail(res, PROV_PERMANENT, "send: status failed");
	else
		snprintf(res->msg_id, sizeof(res->msg_id), "%s", sid);
	json_decref(root);
}

const struct provider_ops prov_twilio = {
	.name = "twilio",
	.destructive = 0,
	.request = tw_request,
	.decode = tw_decode,
	.send_build = tw_send_build,
	.send_decode = tw_send_decode,
};
