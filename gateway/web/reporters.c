/*
 * /reporters: the reporters of the user's communes (?status= one status,
 * ?page= N), each with its messages of the last ACTIVITY_DAYS days, how
 * many were not understood, and its latest.  Officers and viewers read;
 * an admin approves, blocks, unblocks and moves (POST /reporters with
 * phone, action, where and csrf) through reporter_apply(), the rules and
 * the welcome SMS of `reportgw reporters`, with the audit row in the same
 * transaction.  A reporter listed in the config file is not moved here
 * (the file is the place), as with the command.  A reporter (or a move
 * target) outside the admin's communes is 403; an unplaced reporter
 * belongs to no commune, and only admins see it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "form.h"
#include "html.h"
#include "httpd.h"
#include "httpd_int.h"
#include "phone.h"
#include "reporter_act.h"
#include "store.h"
#include "web.h"
#include "web_int.h"

#define PAGE		100	/* reporters a page */
#define PAGES_MAX	1000
#define ACTIVITY_DAYS	30

/* The statuses a reporter has, as listed and filtered. */
static const char *const statuses[] = {
	"pending", "active", "blocked", "removed", NULL
};

/* The verbs the web offers (remove stays with the command). */
static const enum reporter_verb offered[] = {
	RV_APPROVE, RV_BLOCK, RV_UNBLOCK, RV_MOVE
};
#define NOFFERED	(sizeof(offered) / sizeof(offered[0]))

struct page {
	struct web_req	*rq;
	int		 n;
	int		 admin;		/* may act */
};

/* The label of a status (web_rep_STATUS), or of an unknown one. */
static const char *
status_label(const char *status)
{
	static const char *const labels[] = {
		"web_rep_pending", "web_rep_active", "web_rep_blocked",
		"web_rep_removed"
	};
	int i;

	for (i = 0; statuses[i] != NULL; i++)
		if (strcmp(statuses[i], status) == 0)
			return labels[i];
	return "web_rep_removed";
}

/* Whether the user may see (admins: act on) a reporter of that commune. */
static int
sees(const struct web_req *rq, const char *commune)
{
	return commune[0] == '\0' ? rq->user->role == WEB_ADMIN :
	    web_sees(rq, commune);
}

static void
verb_form(struct web_req *rq, const struct reporter *r, enum reporter_verb v)
{
	char label[48];

	snprintf(label, sizeof(label), "web_rep_%s", reporter_verb_names[v]);
	html_raw(&rq->out, "<form class=\"inline\" method=\"post\" "
	    "action=\"/reporters\">");
	web_csrf_field(rq);
	html_f(&rq->out, "<input type=\"hidden\" name=\"phone\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"action\" value=\"%s\">", r->phone,
	    reporter_verb_names[v]);
	if (v == RV_MOVE)
		html_f(&rq->out, "<label>%s <input type=\"text\" name=\"where\" "
		    "list=\"places\" maxlength=\"%d\" required></label>",
		    L(rq, "web_rep_move_to"), STORE_CODE_MAX - 1);
	html_f(&rq->out, "<button type=\"submit\" name=\"do\" value=\"%s\">%s"
	    "</button></form> ", reporter_verb_names[v], L(rq, label));
}

static int
row(const struct web_reporter *w, void *arg)
{
	struct page		*pg = arg;
	struct web_req		*rq = pg->rq;
	const struct reporter	*r = &w->r;
	int			 listed = reporter_in_config(rq->conf,
				    r->phone) != NULL;
	char			 t[32] = "", days[16], n1[24], n2[24];
	const char		*vars[9];
	size_t			 i;

	if (pg->n++ == PAGE)
		return -1;
	html_f(&rq->out, "<article><p><strong>%s</strong> · ", r->name);
	html_raw(&rq->out, "<a href=\"tel:");
	html_url(&rq->out, r->phone);
	html_f(&rq->out, "\">%s</a></p><p>", r->phone);
	if (r->village[0] != '\0')
		html_f(&rq->out, "%s (%s)", web_village_name(rq->conf,
		    r->village), r->village);
	else if (r->commune[0] != '\0')
		html_f(&rq->out, "%s %s", L(rq, "col_commune"),
		    web_commune_name(rq->conf, r->commune));
	else
		html_f(&rq->out, "<span class=\"muted\">%s</span>",
		    L(rq, "web_msg_no_commune"));
	html_f(&rq->out, " · <strong>%s</strong>",
	    L(rq, status_label(r->status)));
	if (listed)
		html_f(&rq->out, " · <span class=\"muted\">%s</span>",
		    L(rq, "web_rep_in_config"));
	html_raw(&rq->out, "</p><p class=\"muted\">");
	snprintf(days, sizeof(days), "%d", ACTIVITY_DAYS);
	snprintf(n1, sizeof(n1), "%ld", w->messages);
	snprintf(n2, sizeof(n2), "%ld", w->rejected);
	if (w->last_at > 0)
		web_time(w->last_at, t);
	vars[0] = "days";
	vars[1] = days;
	vars[2] = "messages";
	vars[3] = n1;
	vars[4] = "rejected";
	vars[5] = n2;
	vars[6] = "last";
	vars[7] = t;
	vars[8] = NULL;
	html_template(&rq->out, L(rq, w->last_at > 0 ? "web_rep_activity" :
	    "web_rep_silent"), vars);
	html_raw(&rq->out, "</p>");
	if (pg->admin && sees(rq, r->commune)) {
		html_raw(&rq->out, "<div>");
		for (i = 0; i < NOFFERED; i++)
			if (reporter_verb_allowed(offered[i], r->status,
			    listed))
				verb_form(rq, r, offered[i]);
		html_raw(&rq->out, "</div>");
	}
	html_raw(&rq->out, "</article>\n");
	return 0;
}

/* The places a move may name: the villages and communes the admin sees. */
static void
places(struct web_req *rq)
{
	const struct conf	*cf = rq->conf;
	size_t			 i;

	html_raw(&rq->out, "<datalist id=\"places\">");
	for (i = 0; i < cf->ncommunes; i++)
		if (web_sees(rq, cf->communes[i].code))
			html_f(&rq->out, "<option value=\"%s\">%s</option>",
			    cf->communes[i].code, cf->communes[i].name);
	for (i = 0; i < cf->nvillages; i++)
		if (web_sees(rq, cf->villages[i].commune))
			html_f(&rq->out, "<option value=\"%s\">%s</option>",
			    cf->villages[i].code, cf->villages[i].name);
	html_raw(&rq->out, "</datalist>");
}

static enum MHD_Result
list(struct web_req *rq, const char *msg, const char *const *vars,
    const char *welcome, unsigned int status)
{
	struct web_scope	 sc;
	struct page		 pg;
	const char		*st = form_get(&rq->query, "status", NULL);
	const char		*ps = form_get(&rq->query, "page", NULL);
	char			*json, *end, days[16];
	const char		*iv[3];
	long			 page = 0;
	int			 i, rc;

	for (i = 0; st != NULL && statuses[i] != NULL; i++)
		if (strcmp(st, statuses[i]) == 0)
			break;
	if (st != NULL && statuses[i] == NULL)
		return web_message(rq, MHD_HTTP_BAD_REQUEST, "web_not_found");
	if (ps != NULL && ((page = strtol(ps, &end, 10)) < 0 || *end != '\0' ||
	    *ps == '\0' || page > PAGES_MAX))
		return web_message(rq, MHD_HTTP_BAD_REQUEST, "web_not_found");
	memset(&pg, 0, sizeof(pg));
	pg.rq = rq;
	pg.admin = rq->user->role == WEB_ADMIN;
	web_begin(rq, L(rq, "web_reporters_title"));
	if (msg != NULL) {
		html_raw(&rq->out, "<p class=\"msg\" role=\"status\">");
		html_template(&rq->out, L(rq, msg), vars);
		if (welcome != NULL && welcome[0] != '\0') {
			html_f(&rq->out, "<br>%s ", L(rq, "web_rep_welcome"));
			html_text(&rq->out, welcome);
		}
		html_raw(&rq->out, "</p>");
	}
	snprintf(days, sizeof(days), "%d", ACTIVITY_DAYS);
	iv[0] = "days";
	iv[1] = days;
	iv[2] = NULL;
	html_raw(&rq->out, "<p class=\"muted\">");
	html_template(&rq->out, L(rq, pg.admin ? "web_reporters_admin" :
	    "web_reporters_intro"), iv);
	html_f(&rq->out, "</p><p><a href=\"/reporters\">%s</a>",
	    L(rq, "web_rep_all"));
	for (i = 0; statuses[i] != NULL; i++)
		html_f(&rq->out, " · <a href=\"/reporters?status=%s\">%s</a>",
		    statuses[i], L(rq, status_label(statuses[i])));
	html_raw(&rq->out, "</p>");
	if (pg.admin)
		places(rq);
	web_scope(rq, &sc, &json);
	rc = store_web_reporters(rq->s, &sc, st, rq->now - ACTIVITY_DAYS *
	    86400L, (int)page * PAGE, PAGE + 1, row, &pg);
	free(json);
	if (rc == -1)
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	if (pg.n == 0)
		html_f(&rq->out, "<p class=\"muted\">%s</p>", L(rq, "web_none"));
	if (pg.n > PAGE && page < PAGES_MAX) {
		html_f(&rq->out, "<p><a rel=\"next\" href=\"/reporters?page=%ld",
		    page + 1);
		if (st != NULL)
			html_f(&rq->out, "&amp;status=%s", st);
		html_f(&rq->out, "\">%s</a></p>", L(rq, "web_more"));
	}
	web_end(rq);
	return web_send(rq, status);
}

static enum MHD_Result
forbidden(struct web_req *rq, const char *why)
{
	web_audit(rq, "forbidden", rq->url, why);
	return web_message(rq, MHD_HTTP_FORBIDDEN, "web_forbidden");
}

/* POST /reporters: one verb on one reporter, in one transaction. */
static enum MHD_Result
act(struct web_req *rq)
{
	struct reporter_change	 ch;
	struct reporter		 r;
	enum reporter_verb	 v;
	enum reporter_outcome	 o;
	const char		*ph, *what, *where, *vars[9], *msg;
	char			 why[WHY_MAX], phone[PHONE_MAX], action[48];
	char			 place[STORE_NAME_MAX + 40], fileline[300];
	int			 found;
	size_t			 i;

	if (rq->user->role != WEB_ADMIN)
		return forbidden(rq, conf_web_role_names[rq->user->role]);
	ph = form_field(&rq->body, "phone", 1, 32, why, sizeof(why));
	what = form_field(&rq->body, "action", 1, 16, why, sizeof(why));
	where = form_field(&rq->body, "where", 0, STORE_CODE_MAX - 1, why,
	    sizeof(why));
	for (i = 0; what != NULL && i < NOFFERED; i++)
		if (strcmp(what, reporter_verb_names[offered[i]]) == 0)
			break;
	if (ph == NULL || what == NULL || where == NULL || i == NOFFERED ||
	    phone_normalize(ph, rq->conf->country_code, phone) == -1)
		return web_message(rq, MHD_HTTP_BAD_REQUEST, "web_not_found");
	v = offered[i];
	if ((found = store_reporter_get(rq->s, phone, &r)) == -1)
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	if (found == 0)
		return web_message(rq, MHD_HTTP_NOT_FOUND, "web_not_found");
	if (!sees(rq, r.commune))
		return forbidden(rq, r.commune);
	if (v == RV_MOVE) {
		const struct conf_village *vl = conf_village(rq->conf, where);
		const struct conf_commune *cm = conf_commune(rq->conf, where);

		if (vl == NULL && cm == NULL)
			return web_message(rq, MHD_HTTP_BAD_REQUEST,
			    "web_not_found");
		if (!web_sees(rq, vl != NULL ? vl->commune : cm->code))
			return forbidden(rq, where);
	}
	snprintf(action, sizeof(action), "reporter_%s", reporter_verb_names[v]);
	if (store_begin(rq->s) == -1)
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	o = reporter_apply(rq->s, rq->conf, v, phone, v == RV_MOVE ? where :
	    NULL, rq->now, &ch);
	if (o == RO_ERROR || o == RO_NO_SUCH || o == RO_PLACE ||
	    store_web_audit(rq->s, rq->now, rq->user->name, rq->addr,
	    o == RO_DONE ? action : "refused", phone, o == RO_DONE ?
	    (v == RV_MOVE ? where : NULL) : action) == -1 ||
	    store_commit(rq->s) == -1) {
		store_rollback(rq->s);
		return web_message(rq, o == RO_NO_SUCH || o == RO_PLACE ?
		    MHD_HTTP_NOT_FOUND : MHD_HTTP_SERVICE_UNAVAILABLE,
		    o == RO_NO_SUCH || o == RO_PLACE ? "web_not_found" :
		    "web_error");
	}
	if (ch.welcome[0] != '\0')
		httpd_wake(rq->h);	/* the welcome SMS waits in the outbox */
	if (ch.after.village[0] != '\0')
		snprintf(place, sizeof(place), "%s (%s)", web_village_name(
		    rq->conf, ch.after.village), ch.after.village);
	else
		snprintf(place, sizeof(place), "%s %s", L(rq, "col_commune"),
		    web_commune_name(rq->conf, ch.after.commune));
	fileline[0] = '\0';
	if (ch.config != NULL)
		snprintf(fileline, sizeof(fileline), "%s:%d", ch.config->file,
		    ch.config->line);
	vars[0] = "name";
	vars[1] = ch.before.name;
	vars[2] = "phone";
	vars[3] = phone;
	vars[4] = "status";
	vars[5] = L(rq, status_label(o == RO_DONE ? ch.after.status :
	    ch.before.status));
	vars[6] = o == RO_CONFIG ? "file" : "place";
	vars[7] = o == RO_CONFIG ? fileline : place;
	vars[8] = NULL;
	msg = o == RO_DONE ? (v == RV_MOVE ? "web_rep_moved" :
	    "web_rep_done") : o == RO_ALREADY ? "web_rep_already" :
	    o == RO_CONFIG ? "web_rep_config" : "web_rep_refused";
	return list(rq, msg, vars, ch.welcome, o == RO_DONE ||
	    o == RO_ALREADY ? MHD_HTTP_OK : MHD_HTTP_CONFLICT);
}

enum MHD_Result
web_reporters(struct web_req *rq)
{
	if (rq->post)
		return act(rq);
	return list(rq, NULL, NULL, NULL, MHD_HTTP_OK);
}
