/*
 * /reports: the reports of the user's communes received between two days
 * (?from=&to=, YYYY-MM-DD, at most RANGE_DAYS; the last 30 days when
 * absent), filtered by commune, village, code and status, newest first,
 * PAGE a page (?at=&id= from the last one shown).  ?format=csv downloads
 * the same reports as `reportgw export --format csv --lang vi` writes
 * them (export_csv.c: the BOM, the Vietnamese column titles, the same
 * cells), at most CSV_MAX rows (more: the page says to narrow the filter
 * or use the command); each download goes to the audit log.
 *
 * The queries read reports_time (a village: reports_village, a week at a
 * time) and stop at the page's end: store/webviews.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "conf.h"
#include "export_csv.h"
#include "form.h"
#include "html.h"
#include "httpd.h"
#include "httpd_int.h"
#include "store.h"
#include "timeutil.h"
#include "web.h"
#include "web_int.h"

#define PAGE		50	/* reports a page */
#define RANGE_DAYS	366	/* days a filter may span */
#define DEFAULT_DAYS	30
#define CSV_MAX		50000	/* rows of one download */

static const char *const statuses[] = {
	"active", "review", "cancelled", "superseded", NULL
};
static const char *const status_labels[] = {
	"web_report_active", "web_report_review", "web_report_cancelled",
	"web_report_superseded"
};

struct query {
	struct web_report_filter f;
	char	 from[11], to[11];	/* as typed (or the defaults) */
	char	*json;
};

struct page {
	struct web_req	*rq;
	int		 n;
	time_t		 last_at;
	int64_t		 last_id;
};

static const char *
status_label(const char *status)
{
	int i;

	for (i = 0; statuses[i] != NULL; i++)
		if (strcmp(statuses[i], status) == 0)
			return status_labels[i];
	return "web_report_superseded";
}

/* A field that is absent or empty: NULL, "any". */
static const char *
opt(const struct web_req *rq, const char *name)
{
	const char *v = form_get(&rq->query, name, NULL);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

static void
day_text(time_t t, char out[11])
{
	char buf[32];

	web_time(t, buf);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

/*
 * The filter of the query string: 0, or the status of the refusal (400:
 * a value the lists do not have, 403: a commune the user does not see)
 * with the label saying why.
 */
static unsigned int
parse(struct web_req *rq, struct query *qy, const char **why)
{
	struct web_report_filter *f = &qy->f;
	const struct conf_village *v = NULL;
	const char	*from = opt(rq, "from"), *to = opt(rq, "to");
	time_t		 t0, t1;
	int		 i;

	*why = "web_not_found";
	memset(qy, 0, sizeof(*qy));
	t1 = time_day_start(rq->now);
	if (to != NULL && web_day(to, &t1) == -1)
		return MHD_HTTP_BAD_REQUEST;
	t0 = time_day_start(t1 - (DEFAULT_DAYS - 1) * 86400L + 43200);
	if (from != NULL && web_day(from, &t0) == -1)
		return MHD_HTTP_BAD_REQUEST;
	t1 = time_day_start(t1 + 86400 + 43200);	/* "to" is inclusive */
	if (t0 >= t1 || t1 - t0 > RANGE_DAYS * 86400L + 7200) {
		*why = "web_reports_range";
		return MHD_HTTP_BAD_REQUEST;
	}
	f->from = t0;
	f->until = t1;
	day_text(t0, qy->from);
	day_text(t1 - 43200, qy->to);
	f->commune = opt(rq, "commune");
	f->village = opt(rq, "village");
	f->code = opt(rq, "code");
	f->status = opt(rq, "status");
	if (f->commune != NULL && conf_commune(rq->conf, f->commune) == NULL)
		return MHD_HTTP_BAD_REQUEST;
	if (f->village != NULL && (v = conf_village(rq->conf,
	    f->village)) == NULL)
		return MHD_HTTP_BAD_REQUEST;
	if (f->code != NULL && codebook_find(rq->conf->codebook,
	    f->code) == NULL)
		return MHD_HTTP_BAD_REQUEST;
	for (i = 0; f->status != NULL && statuses[i] != NULL; i++)
		if (strcmp(statuses[i], f->status) == 0)
			break;
	if (f->status != NULL && statuses[i] == NULL)
		return MHD_HTTP_BAD_REQUEST;
	if ((f->commune != NULL && !web_sees(rq, f->commune)) ||
	    (v != NULL && !web_sees(rq, v->commune))) {
		web_audit(rq, "forbidden", rq->url, f->commune != NULL ?
		    f->commune : v->commune);
		*why = "web_forbidden";
		return MHD_HTTP_FORBIDDEN;
	}
	web_scope(rq, &f->scope, &qy->json);
	return 0;
}

/* The query string of the filter (for the next page, the CSV). */
static void
filter_query(struct web_req *rq, const struct query *qy)
{
	const char *const names[] = { "commune", "village", "code", "status" };
	const char *const values[] = { qy->f.commune, qy->f.village,
	    qy->f.code, qy->f.status };
	size_t i;

	html_f(&rq->out, "from=%s&amp;to=%s", qy->from, qy->to);
	for (i = 0; i < 4; i++)
		if (values[i] != NULL) {
			html_f(&rq->out, "&amp;%s=", names[i]);
			html_url(&rq->out, values[i]);
		}
}

static void
option(struct web_req *rq, const char *value, const char *text,
    const char *selected)
{
	html_f(&rq->out, "<option value=\"%s\"%s>%s</option>", value,
	    selected != NULL && strcmp(selected, value) == 0 ? " selected" :
	    "", text);
}

static void
filter_form(struct web_req *rq, const struct query *qy)
{
	const struct conf	*cf = rq->conf;
	const struct codebook	*cb = cf->codebook;
	char			 text[CB_TEXT_MAX + CB_WORD_MAX + 4];
	size_t			 i;
	int			 k;

	html_f(&rq->out, "<form method=\"get\" action=\"/reports\" "
	    "class=\"filter\"><div><label for=\"from\">%s</label>"
	    "<input type=\"date\" id=\"from\" name=\"from\" value=\"%s\">"
	    "</div><div><label for=\"to\">%s</label><input type=\"date\" "
	    "id=\"to\" name=\"to\" value=\"%s\"></div>",
	    L(rq, "web_reports_from"), qy->from, L(rq, "web_reports_to"),
	    qy->to);
	html_f(&rq->out, "<div><label for=\"commune\">%s</label><select "
	    "id=\"commune\" name=\"commune\"><option value=\"\">%s</option>",
	    L(rq, "col_commune"), L(rq, "web_reports_any"));
	for (i = 0; i < cf->ncommunes; i++)
		if (web_sees(rq, cf->communes[i].code))
			option(rq, cf->communes[i].code, cf->communes[i].name,
			    qy->f.commune);
	html_f(&rq->out, "</select></div><div><label for=\"village\">%s"
	    "</label><select id=\"village\" name=\"village\"><option "
	    "value=\"\">%s</option>", L(rq, "col_village"),
	    L(rq, "web_reports_any"));
	for (i = 0; i < cf->nvillages; i++)
		if (web_sees(rq, cf->villages[i].commune)) {
			snprintf(text, sizeof(text), "%s (%s)",
			    cf->villages[i].name, cf->villages[i].code);
			option(rq, cf->villages[i].code, text, qy->f.village);
		}
	html_f(&rq->out, "</select></div><div><label for=\"code\">%s</label>"
	    "<select id=\"code\" name=\"code\"><option value=\"\">%s"
	    "</option>", L(rq, "col_code"), L(rq, "web_reports_any"));
	for (k = 0; k < cb->ncodes; k++) {
		snprintf(text, sizeof(text), "%s %s", cb->codes[k].code,
		    web_code_title(cf, cb->codes[k].code));
		option(rq, cb->codes[k].code, text, qy->f.code);
	}
	html_f(&rq->out, "</select></div><div><label for=\"status\">%s"
	    "</label><select id=\"status\" name=\"status\"><option "
	    "value=\"\">%s</option>", L(rq, "col_status"),
	    L(rq, "web_reports_any"));
	for (k = 0; statuses[k] != NULL; k++)
		option(rq, statuses[k], L(rq, status_labels[k]),
		    qy->f.status);
	html_f(&rq->out, "</select></div><div><button type=\"submit\">%s"
	    "</button></div></form>", L(rq, "web_reports_filter"));
}

static int
row(const struct report_view *v, void *arg)
{
	struct page		*pg = arg;
	struct web_req		*rq = pg->rq;
	const struct report_row	*r = &v->r;
	char			 t[32];

	if (pg->n++ == PAGE)
		return -1;
	pg->last_at = r->received_at;
	pg->last_id = r->id;
	web_time(r->received_at, t);
	html_f(&rq->out, "<article><p><strong>#%lld</strong> %s · <span "
	    "class=\"%s\">%s %s</span>", (long long)r->id, t, r->alert ?
	    "urgent" : "code", r->code, web_code_title(rq->conf, r->code));
	if (r->period[0] != '\0')
		html_f(&rq->out, " · %s %s", L(rq, "col_period"), r->period);
	html_f(&rq->out, "</p><p>%s (%s) · %s", web_village_name(rq->conf,
	    r->village), r->village, L(rq, status_label(r->status)));
	if (v->reporter[0] != '\0')
		html_f(&rq->out, " · %s", v->reporter);
	html_raw(&rq->out, "</p></article>\n");
	return 0;
}

/* ---- the CSV ---- */

struct csv {
	struct export_csv	*x;
	FILE			*f;
	int			 rows;
};

static int
csv_row(const char *const *names, const char *const *values, int n,
    void *arg)
{
	struct csv *c = arg;

	if (values != NULL && c->rows++ == CSV_MAX)
		return -1;	/* one more than a download holds */
	return export_csv_row(c->x, names, values, n, c->f);
}

static enum MHD_Result
csv(struct web_req *rq, struct query *qy)
{
	struct csv	 c;
	char		*data = NULL, name[64], max[16], detail[160];
	const char	*vars[3];
	size_t		 len = 0;
	int		 rc;

	memset(&c, 0, sizeof(c));
	if ((c.f = open_memstream(&data, &len)) == NULL)
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	c.x = export_csv_new(rq->conf, "reports", 1);
	rc = store_web_reports_export(rq->s, &qy->f, CSV_MAX, csv_row, &c);
	export_csv_free(c.x);
	if (fclose(c.f) != 0)
		rc = -1;
	if (rc == -1) {
		free(data);
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	}
	if (c.rows > CSV_MAX) {
		free(data);
		snprintf(max, sizeof(max), "%d", CSV_MAX);
		vars[0] = "max";
		vars[1] = max;
		vars[2] = NULL;
		web_begin(rq, L(rq, "web_reports_title"));
		html_raw(&rq->out, "<p class=\"msg err\" role=\"alert\">");
		html_template(&rq->out, L(rq, "web_reports_too_many"), vars);
		html_raw(&rq->out, "</p>");
		web_end(rq);
		return web_send(rq, HTTP_TOO_LARGE);
	}
	snprintf(detail, sizeof(detail), "%s..%s %s %s %s %s: %d rows",
	    qy->from, qy->to, qy->f.commune != NULL ? qy->f.commune : "*",
	    qy->f.village != NULL ? qy->f.village : "*", qy->f.code != NULL ?
	    qy->f.code : "*", qy->f.status != NULL ? qy->f.status : "*",
	    c.rows);
	web_audit(rq, "export_csv", "reports", detail);
	snprintf(name, sizeof(name), "reports-%s-%s.csv", qy->from, qy->to);
	return web_send_file(rq, "text/csv; charset=utf-8", name, data, len);
}

enum MHD_Result
web_reports(struct web_req *rq)
{
	struct query	 qy;
	struct page	 pg;
	const char	*why, *fmt = form_get(&rq->query, "format", NULL);
	unsigned int	 st;
	enum MHD_Result	 ret;
	time_t		 at;
	int64_t		 id;
	int		 rc;

	if ((st = parse(rq, &qy, &why)) != 0 || web_cursor(rq, &at,
	    &id) == -1 || (fmt != NULL && strcmp(fmt, "csv") != 0)) {
		free(qy.json);
		return web_message(rq, st != 0 ? st : MHD_HTTP_BAD_REQUEST,
		    why);
	}
	if (fmt != NULL) {
		ret = csv(rq, &qy);
		free(qy.json);
		return ret;
	}
	memset(&pg, 0, sizeof(pg));
	pg.rq = rq;
	web_begin(rq, L(rq, "web_reports_title"));
	filter_form(rq, &qy);
	html_raw(&rq->out, "<p><a href=\"/reports?");
	filter_query(rq, &qy);
	html_f(&rq->out, "&amp;format=csv\" download>%s</a></p>",
	    L(rq, "web_reports_csv"));
	rc = store_web_reports(rq->s, &qy.f, at, id, PAGE + 1, row, &pg);
	if (rc == -1) {
		free(qy.json);
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	}
	if (pg.n == 0)
		html_f(&rq->out, "<p class=\"muted\">%s</p>", L(rq, "web_none"));
	if (pg.n > PAGE) {
		html_raw(&rq->out, "<p><a rel=\"next\" href=\"/reports?");
		filter_query(rq, &qy);
		html_f(&rq->out, "&amp;at=%lld&amp;id=%lld\">%s</a></p>",
		    (long long)pg.last_at, (long long)pg.last_id,
		    L(rq, "web_more"));
	}
	free(qy.json);
	web_end(rq);
	return web_send(rq, MHD_HTTP_OK);
}
