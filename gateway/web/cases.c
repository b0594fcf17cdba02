/*
 * /cases: the open cases the user may see (?all=1: also those closed,
 * opened in the last 90 days); /cases/REF: one case, its report's text
 * and its timeline, with the forms of the actions its state allows.
 * POST /cases/REF applies one through cases_apply() (gateway/cases.c),
 * as an officer's SMS command would: the same state machine, the same
 * feedback SMS to the reporter, channel "web", and the audit row, in one
 * transaction.  A case of a commune the user does not cover is 403.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "codebook.h"
#include "conf.h"
#include "form.h"
#include "html.h"
#include "httpd.h"
#include "httpd_int.h"
#include "store.h"
#include "web.h"
#include "web_int.h"

#define LIST_DAYS	90	/* ?all=1 shows cases opened since then */
#define LIST_MAX	500	/* rows of one list */
#define NOTE_MAX	500	/* bytes of a note typed on the web */

static const char *const action_labels[] = {
	"web_action_ack", "web_action_refer", "web_action_close",
	"web_action_reopen"
};

struct list {
	struct web_req	*rq;
	int		 n;
};

static int
list_row(const struct case_row *k, void *arg)
{
	struct list	*l = arg;
	struct web_req	*rq = l->rq;
	char		 t[32];

	if (!web_sees(rq, k->commune))
		return 0;
	if (l->n++ == LIST_MAX)
		return -1;
	web_time(k->opened_at, t);
	html_f(&rq->out, "<tr><td><a href=\"/cases/%lld\">#%lld</a></td>"
	    "<td>%s</td><td>%s %s</td><td>%s</td><td>%s</td></tr>\n",
	    (long long)k->ref, (long long)k->ref, t, k->code,
	    web_code_title(rq->conf, k->code),
	    web_village_name(rq->conf, k->village),
	    L(rq, web_state_label(k->status)));
	return 0;
}

/* The table of cases (head and rows); shared with the home page. */
static void
table_head(struct web_req *rq)
{
	html_f(&rq->out, "<div class=\"scroll\"><table><thead><tr><th>%s</th>"
	    "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
	    "<tbody>\n", L(rq, "col_ref"), L(rq, "col_time"),
	    L(rq, "col_code"), L(rq, "col_village"), L(rq, "col_status"));
}

int
web_cases_table(struct web_req *rq, int all)
{
	struct list	l = { rq, 0 };
	int		rc;

	table_head(rq);
	if (all)
		rc = store_cases_each(rq->s, rq->now - LIST_DAYS * 86400L,
		    rq->now + 1, list_row, &l);
	else
		rc = store_view_cases_open(rq->s, rq->now, list_row, &l);
	html_raw(&rq->out, "</tbody></table></div>\n");
	if (l.n == 0)
		html_f(&rq->out, "<p class=\"muted\">%s</p>", L(rq, "web_none"));
	return rc;
}

enum MHD_Result
web_cases(struct web_req *rq)
{
	const char	*all = form_get(&rq->query, "all", NULL);
	int		 a = all != NULL && strcmp(all, "1") == 0;

	web_begin(rq, L(rq, "web_cases_title"));
	html_f(&rq->out, "<p><a href=\"%s\">%s</a></p>", a ? "/cases" :
	    "/cases?all=1", L(rq, a ? "web_cases_open_only" :
	    "web_cases_all"));
	if (web_cases_table(rq, a) == -1)
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	web_end(rq);
	return web_send(rq, MHD_HTTP_OK);
}

/* ---- one case ---- */

static int
event_row(const struct case_event *e, void *arg)
{
	struct web_req	*rq = arg;
	char		 t[32];

	char		 name[STORE_CODE_MAX + 16];

	web_time(e->at, t);
	snprintf(name, sizeof(name), "web_event_%s", e->action);
	html_f(&rq->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
	    "</tr>\n", t, L(rq, name), e->actor, e->note);
	return 0;
}

static void
action_forms(struct web_req *rq, const struct case_row *k)
{
	const struct codebook	*cb = rq->conf->codebook;
	int			 st = case_state_of(k->status), v, i;
	enum case_action	 a;

	if (rq->user->role == WEB_VIEWER)
		return;
	for (a = CASE_ACK; a <= CASE_REOPEN; a++) {
		if (case_next(st, a) < 0)
			continue;
		html_f(&rq->out, "<form method=\"post\" action=\"/cases/%lld\">",
		    (long long)k->ref);
		web_csrf_field(rq);
		html_f(&rq->out, "<input type=\"hidden\" name=\"action\" "
		    "value=\"%s\">", case_action_names[a]);
		if (a == CASE_REFER &&
		    (v = codebook_vocab(cb, CB_VOCAB_TARGET_NAME)) >= 0) {
			html_f(&rq->out, "<label for=\"target-%d\">%s</label>"
			    "<select id=\"target-%d\" name=\"target\">", (int)a,
			    L(rq, "web_action_target"), (int)a);
			for (i = 0; i < cb->vocabs[v].nvalues; i++) {
				char name[64];

				snprintf(name, sizeof(name), "target_%s",
				    cb->vocabs[v].values[i].value);
				html_f(&rq->out, "<option value=\"%s\">%s"
				    "</option>", cb->vocabs[v].values[i].value,
				    L(rq, name));
			}
			html_raw(&rq->out, "</select>");
		}
		html_f(&rq->out, "<label for=\"note-%d\">%s</label>"
		    "<input type=\"text\" id=\"note-%d\" name=\"note\" "
		    "maxlength=\"%d\"><button type=\"submit\" name=\"do\" "
		    "value=\"%s\">%s</button></form>\n", (int)a,
		    L(rq, "web_action_note"), (int)a, NOTE_MAX,
		    case_action_names[a], L(rq, action_labels[a]));
	}
}

static enum MHD_Result
show(struct web_req *rq, struct case_row *k, const char *msg,
    const char *const *vars, unsigned int status)
{
	struct report_row	 r;
	struct reporter		 p;
	char			 ref[24], t[32], *text;
	const char		*tv[7];
	size_t			 len = 0;

	snprintf(ref, sizeof(ref), "%lld", (long long)k->ref);
	tv[0] = "ref";
	tv[1] = ref;
	tv[2] = "code";
	tv[3] = k->code;
	tv[4] = "title";
	tv[5] = web_code_title(rq->conf, k->code);
	tv[6] = NULL;
	{
		struct html title;
		size_t n;
		char *s;

		html_init(&title);
		buf_template(&title.b, L(rq, "web_case_title"), tv, 0);
		s = html_take(&title, &n);
		web_begin(rq, s);
		free(s);
	}
	if (msg != NULL) {
		html_raw(&rq->out, "<p class=\"msg\" role=\"status\">");
		html_template(&rq->out, L(rq, msg), vars);
		html_raw(&rq->out, "</p>");
	}
	web_time(k->opened_at, t);
	html_f(&rq->out, "<table><tbody>"
	    "<tr><th>%s</th><td>%s</td></tr>"
	    "<tr><th>%s</th><td>%s (%s)</td></tr>"
	    "<tr><th>%s</th><td>%s</td></tr>"
	    "<tr><th>%s</th><td>%d</td></tr>"
	    "<tr><th>%s</th><td>%s</td></tr>",
	    L(rq, "col_time"), t,
	    L(rq, "col_village"), web_village_name(rq->conf, k->village),
	    k->village,
	    L(rq, "col_status"), L(rq, web_state_label(k->status)),
	    L(rq, "web_case_level"), k->level,
	    L(rq, "web_case_owner"), k->owner);
	if (store_reporter_get(rq->s, k->phone, &p) == 1)
		html_f(&rq->out, "<tr><th>%s</th><td>%s %s</td></tr>",
		    L(rq, "web_case_reporter"), p.name, k->phone);
	else
		html_f(&rq->out, "<tr><th>%s</th><td>%s</td></tr>",
		    L(rq, "web_case_reporter"), k->phone);
	html_raw(&rq->out, "</tbody></table>");
	if (store_report_get(rq->s, k->report_id, &r) == 1) {
		text = malloc(STORE_TEXT_MAX);
		if (text != NULL && store_inbox_text(rq->s, r.inbox_id, text,
		    STORE_TEXT_MAX, &len) == 1) {
			html_f(&rq->out, "<h2>%s</h2><div class=\"text\">",
			    L(rq, "web_case_text"));
			html_textn(&rq->out, text, len);
			html_raw(&rq->out, "</div>");
		}
		free(text);
	}
	action_forms(rq, k);
	html_f(&rq->out, "<h2>%s</h2><div class=\"scroll\"><table><thead><tr>"
	    "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
	    "</thead><tbody>\n", L(rq, "web_case_timeline"),
	    L(rq, "col_time"), L(rq, "web_col_action"), L(rq, "web_col_actor"),
	    L(rq, "web_action_note"));
	if (store_case_events(rq->s, k->id, event_row, rq) == -1)
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	html_raw(&rq->out, "</tbody></table></div>");
	web_end(rq);
	return web_send(rq, status);
}

static int
target_index(const struct conf *cf, const char *value)
{
	const struct codebook	*cb = cf->codebook;
	int			 v = codebook_vocab(cb, CB_VOCAB_TARGET_NAME), i;

	for (i = 0; v >= 0 && value != NULL && i < cb->vocabs[v].nvalues; i++)
		if (strcmp(cb->vocabs[v].values[i].value, value) == 0)
			return i;
	return -1;
}

static enum MHD_Result
act(struct web_req *rq, struct case_row *k)
{
	const char		*what, *note, *tname;
	struct case_actor	 who;
	char			 why[WHY_MAX], ref[24], actor[STORE_NAME_MAX];
	const char		*vars[5];
	int			 a, target = -1, done;

	if (rq->user->role == WEB_VIEWER) {
		web_audit(rq, "forbidden", rq->url, "viewer");
		return web_message(rq, MHD_HTTP_FORBIDDEN, "web_forbidden");
	}
	what = form_field(&rq->body, "action", 1, 16, why, sizeof(why));
	note = form_field(&rq->body, "note", 0, NOTE_MAX, why, sizeof(why));
	tname = form_field(&rq->body, "target", 0, 32, why, sizeof(why));
	for (a = CASE_ACK; what != NULL && a <= CASE_REOPEN; a++)
		if (strcmp(what, case_action_names[a]) == 0)
			break;
	if (what == NULL || note == NULL || tname == NULL || a > CASE_REOPEN ||
	    (a == CASE_REFER && (target = target_index(rq->conf, tname)) < 0))
		return web_message(rq, MHD_HTTP_BAD_REQUEST, "web_not_found");
	snprintf(actor, sizeof(actor), "%s (web)", rq->user->name);
	who = (struct case_actor){ actor, "", "web" };
	snprintf(ref, sizeof(ref), "%lld", (long long)k->ref);
	if (store_begin(rq->s) == -1)
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	/* read again inside the transaction: an SMS may have moved it */
	if (store_case_get(rq->s, k->ref, k) != 1)
		goto fail;
	done = cases_apply(rq->s, rq->conf, k, (enum case_action)a, target,
	    note, &who, 0, rq->now);
	if (done == -1 || store_web_audit(rq->s, rq->now, rq->user->name,
	    rq->addr, done == 1 ? case_action_names[a] : "refused", ref,
	    note) == -1 || store_commit(rq->s) == -1)
		goto fail;
	if (done == 1)
		httpd_wake(rq->h);	/* the feedback SMS waits in the outbox */
	vars[0] = "ref";
	vars[1] = ref;
	vars[2] = "state";
	vars[3] = L(rq, web_state_label(k->status));
	vars[4] = NULL;
	return show(rq, k, done == 1 ? "web_action_done" :
	    "web_action_refused", vars, done == 1 ? MHD_HTTP_OK :
	    MHD_HTTP_CONFLICT);
fail:
	store_rollback(rq->s);
	return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "web_error");
}

enum MHD_Result
web_case(struct web_req *rq, const char *refs)
{
	struct case_row	 k;
	char		*end;
	long long	 ref;
	int		 found;

	if (*refs < '1' || *refs > '9' || strlen(refs) > 18 ||
	    (ref = strtoll(refs, &end, 10)) <= 0 || *end != '\0')
		return web_message(rq, MHD_HTTP_NOT_FOUND, "web_not_found");
	if ((found = store_case_get(rq->s, ref, &k)) == -1)
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	if (found == 0)
		return web_message(rq, MHD_HTTP_NOT_FOUND, "web_not_found");
	if (!web_sees(rq, k.commune)) {
		web_audit(rq, "forbidden", rq->url, k.commune);
		return web_message(rq, MHD_HTTP_FORBIDDEN, "web_forbidden");
	}
	if (rq->post)
		return act(rq, &k);
	return show(rq, &k, NULL, NULL, MHD_HTTP_OK);
}
