/*
 * /messages: the texts staff call back about, newest first, a page at a
 * time (?at=&id= from the last one shown): messages not understood
 * (rejected), messages from numbers that are not active reporters
 * (unauthorised; a blocked number's are left out) and reports to review,
 * each with its sender (phone as a tel: link, reporter's name, village).
 * A message belongs to its reporter's commune (a review: its report's);
 * an unknown sender's has none, and only admins see those.  The texts
 * come from anyone: everything is escaped.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "html.h"
#include "store.h"
#include "web.h"
#include "web_int.h"

#define PAGE	50	/* messages a page */

struct page {
	struct web_req	*rq;
	int		 n;
	time_t		 last_at;
	int64_t		 last_id;
};

/* What kind of message it is, as a label's name. */
static const char *
kind_label(const struct web_message *m)
{
	if (strcmp(m->status, "review") == 0)
		return "web_msg_review";
	if (strcmp(m->status, "rejected") == 0)
		return "web_msg_rejected";
	if (strcmp(m->error, "pending approval") == 0)
		return "web_msg_pending";
	return "web_msg_unauthorised";
}

/* A number one can dial: '+' and digits only. */
static int
dialable(const char *s)
{
	size_t n = strlen(s);

	return n >= 3 && n < 20 && strspn(s + (*s == '+'), "0123456789") ==
	    n - (*s == '+');
}

/* Why a report is to review (its details' "review": review_* labels). */
static void
review_reason(struct web_req *rq, const char *details)
{
	json_error_t	 e;
	json_t		*o = json_loads(details, 0, &e);
	const char	*why = json_string_value(json_object_get(o, "review"));
	char		 name[64];

	if (why != NULL && strlen(why) < 32 && strspn(why,
	    "abcdefghijklmnopqrstuvwxyz_") == strlen(why)) {
		snprintf(name, sizeof(name), "review_%s", why);
		if (conf_label(rq->conf, name) != name)
			html_f(&rq->out, " – %s", L(rq, name));
	}
	json_decref(o);
}

static int
message(const struct web_message *m, void *arg)
{
	struct page	*pg = arg;
	struct web_req	*rq = pg->rq;
	char		 t[32];

	if (pg->n++ == PAGE)
		return -1;	/* the first of the next page: there is one */
	pg->last_at = m->received_at;
	pg->last_id = m->id;
	web_time(m->received_at, t);
	html_f(&rq->out, "<article><p><strong>%s</strong> · %s", t,
	    L(rq, kind_label(m)));
	if (m->report_id > 0) {
		html_f(&rq->out, " #%lld", (long long)m->report_id);
		review_reason(rq, m->details);
	}
	html_raw(&rq->out, "</p><p>");
	if (dialable(m->sender)) {
		html_raw(&rq->out, "<a href=\"tel:");
		html_url(&rq->out, m->sender);
		html_f(&rq->out, "\">%s</a>", m->sender);
	} else
		html_text(&rq->out, m->sender);
	if (m->name[0] != '\0')
		html_f(&rq->out, " · %s", m->name);
	if (m->village[0] != '\0')
		html_f(&rq->out, " · %s (%s)", web_village_name(rq->conf,
		    m->village), m->village);
	else if (m->commune[0] != '\0')
		html_f(&rq->out, " · %s %s", L(rq, "col_commune"),
		    web_commune_name(rq->conf, m->commune));
	else
		html_f(&rq->out, " · <span class=\"muted\">%s</span>",
		    L(rq, "web_msg_no_commune"));
	html_raw(&rq->out, "</p>");
	if (m->text != NULL) {
		html_raw(&rq->out, "<div class=\"text\">");
		html_textn(&rq->out, m->text, m->textlen);
		html_raw(&rq->out, "</div>");
	} else
		html_f(&rq->out, "<p class=\"muted\">%s</p>",
		    L(rq, "text_purged"));
	html_raw(&rq->out, "</article>\n");
	return 0;
}

enum MHD_Result
web_messages(struct web_req *rq)
{
	struct web_scope	 sc;
	struct page		 pg;
	char			*json;
	time_t			 at;
	int64_t			 id;
	int			 rc;

	if (web_cursor(rq, &at, &id) == -1)
		return web_message(rq, MHD_HTTP_BAD_REQUEST, "web_not_found");
	memset(&pg, 0, sizeof(pg));
	pg.rq = rq;
	web_begin(rq, L(rq, "web_messages_title"));
	html_f(&rq->out, "<p class=\"muted\">%s</p>",
	    L(rq, "web_messages_intro"));
	if (rq->user->role != WEB_ADMIN)
		html_f(&rq->out, "<p class=\"muted\">%s</p>",
		    L(rq, "web_messages_unknown_admins"));
	web_scope(rq, &sc, &json);
	rc = store_web_messages(rq->s, &sc, at, id, PAGE + 1, message, &pg);
	free(json);
	if (rc == -1)
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	if (pg.n == 0)
		html_f(&rq->out, "<p class=\"muted\">%s</p>", L(rq, "web_none"));
	if (pg.n > PAGE)
		html_f(&rq->out, "<p><a rel=\"next\" href=\"/messages?at=%lld&amp;"
		    "id=%lld\">%s</a></p>", (long long)pg.last_at,
		    (long long)pg.last_id, L(rq, "web_more"));
	web_end(rq);
	return web_send(rq, MHD_HTTP_OK);
}
