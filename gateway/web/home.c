/*
 * / : what a commune or district officer looks at first, for the communes
 * the user covers: today's urgent reports, the open cases, and this
 * week's completeness as one row per commune with its villages, those
 * silent (no report, no KO yet) listed apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "conf.h"
#include "html.h"
#include "period.h"
#include "store.h"
#include "timeutil.h"
#include "web.h"
#include "web_int.h"

struct home {
	struct web_req	*rq;
	char		*reported;	/* one flag per conf village */
	int		 n;
};

static int
urgent_row(const struct report_view *v, void *arg)
{
	struct home	*hm = arg;
	struct web_req	*rq = hm->rq;
	const struct cb_code *k;
	const struct conf_village *vl;
	char		 t[32];

	if (!v->r.alert || !web_sees(rq, v->r.commune) ||
	    (strcmp(v->r.status, "active") != 0 &&
	    strcmp(v->r.status, "review") != 0))
		return 0;
	hm->n++;
	k = codebook_find(rq->conf->codebook, v->r.code);
	vl = conf_village(rq->conf, v->r.village);
	web_time(v->r.received_at, t);
	html_f(&rq->out, "<tr><td><a href=\"/cases/%lld\">#%lld</a></td>"
	    "<td>%s</td><td class=\"urgent\">%s %s</td><td>%s</td></tr>\n",
	    (long long)v->r.id, (long long)v->r.id, t + 11, v->r.code,
	    k != NULL ? k->title : "", vl != NULL ? vl->name : v->r.village);
	return 0;
}

static int
reported(const char *village, void *arg)
{
	struct home	*hm = arg;
	const struct conf *cf = hm->rq->conf;
	size_t		 i;

	for (i = 0; i < cf->nvillages; i++)
		if (strcmp(cf->villages[i].code, village) == 0)
			hm->reported[i] = 1;
	return 0;
}

static void
grid(struct web_req *rq, struct home *hm, const char *week)
{
	const struct conf	*cf = rq->conf;
	const char		*vars[3] = { "week", week, NULL };
	size_t			 c, v;
	int			 silent = 0;

	html_raw(&rq->out, "<h2>");
	html_template(&rq->out, L(rq, "web_home_grid"), vars);
	html_f(&rq->out, "</h2><div class=\"scroll\"><table><thead><tr>"
	    "<th>%s</th><th>%s</th></tr></thead><tbody>\n",
	    L(rq, "col_commune"), L(rq, "col_village"));
	for (c = 0; c < cf->ncommunes; c++) {
		int done = 0, all = 0;

		if (!web_sees(rq, cf->communes[c].code))
			continue;
		for (v = 0; v < cf->nvillages; v++)
			if (strcmp(cf->villages[v].commune,
			    cf->communes[c].code) == 0) {
				all++;
				done += hm->reported[v];
			}
		html_f(&rq->out, "<tr><td>%s<br><span class=\"muted\">%d/%d"
		    "</span></td><td>", cf->communes[c].name, done, all);
		for (v = 0; v < cf->nvillages; v++)
			if (strcmp(cf->villages[v].commune,
			    cf->communes[c].code) == 0)
				html_f(&rq->out, "<span class=\"%s\" title=\"%s"
				    "\">%s %s</span> ", hm->reported[v] ? "ok" :
				    "no", cf->villages[v].name,
				    hm->reported[v] ? "\xe2\x9c\x93" : "\xe2\x9c\x97",
				    cf->villages[v].code);
		html_raw(&rq->out, "</td></tr>\n");
	}
	html_f(&rq->out, "</tbody></table></div><h2>%s</h2><ul class=\"list\">",
	    L(rq, "web_home_silent"));
	for (v = 0; v < cf->nvillages; v++) {
		const struct conf_commune *cm;
		const char *sv[7];

		if (hm->reported[v] || !web_sees(rq, cf->villages[v].commune))
			continue;
		cm = conf_commune(cf, cf->villages[v].commune);
		sv[0] = "village";
		sv[1] = cf->villages[v].name;
		sv[2] = "village_code";
		sv[3] = cf->villages[v].code;
		sv[4] = "commune";
		sv[5] = cm != NULL ? cm->name : cf->villages[v].commune;
		sv[6] = NULL;
		html_raw(&rq->out, "<li>");
		html_template(&rq->out, L(rq, "web_silent_line"), sv);
		html_raw(&rq->out, "</li>");
		silent++;
	}
	html_raw(&rq->out, "</ul>");
	if (silent == 0)
		html_f(&rq->out, "<p class=\"muted\">%s</p>", L(rq, "web_none"));
}

enum MHD_Result
web_home(struct web_req *rq)
{
	struct home		 hm;
	struct local_time	 lt;
	struct period		 wk;
	char			 wperiod[PERIOD_TEXT_MAX];
	time_t			 today = time_day_start(rq->now);

	memset(&hm, 0, sizeof(hm));
	hm.rq = rq;
	hm.reported = calloc(rq->conf->nvillages + 1, 1);
	if (hm.reported == NULL)
		return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "web_error");
	time_local(rq->now, &lt);
	wk = period_of(CB_PERIOD_WEEK, &lt);
	period_format(&wk, wperiod);
	web_begin(rq, L(rq, "web_nav_home"));
	html_f(&rq->out, "<h2>%s</h2><div class=\"scroll\"><table><tbody>\n",
	    L(rq, "web_home_urgent"));
	if (store_view_reports(rq->s, today, rq->now + 1, urgent_row,
	    &hm) == -1)
		goto fail;
	html_raw(&rq->out, "</tbody></table></div>");
	if (hm.n == 0)
		html_f(&rq->out, "<p class=\"muted\">%s</p>", L(rq, "web_none"));
	html_f(&rq->out, "<h2>%s</h2>", L(rq, "web_home_cases"));
	if (web_cases_table(rq, 0) == -1)
		goto fail;
	if (store_view_villages_reported(rq->s, time_days_start(
	    period_start(&wk)), rq->now + 1, wperiod, reported, &hm) == -1)
		goto fail;
	grid(rq, &hm, wperiod);
	web_end(rq);
	free(hm.reported);
	return web_send(rq, MHD_HTTP_OK);
fail:
	free(hm.reported);
	return web_message(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "web_error");
}
