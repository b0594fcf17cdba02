/*
 * The cases of a periodic report, per commune of the area and in all: the
 * cases opened in the period, how many of them were acknowledged and
 * closed by its end and the median time it took, and the cases still open
 * at its end (or now, for the period under way) and how many of those
 * were overdue (open cases.close_within or longer since opened or
 * reopened, as the digest counts them).  As of the period's end, so a
 * report built again later says the same.  A case whose report was
 * cancelled (HUY) is a false alarm: it counts nowhere, as cancelled
 * reports count nowhere in the report.  Two bounded queries: the cases
 * opened in the period (the cases_opened index) and those open at its
 * end (cases_open, cases_closed), and one report read per case.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_int.h"
#include "xmalloc.h"

/* Seconds, for medians: one list per commune and the area's. */
struct spans {
	double	*v;
	size_t	 n;
};

struct case_scan {
	struct report	*r;
	time_t		 at;		/* the end: the period's, or now */
	struct spans	*ack, *close;	/* [commune], then the area's */
	int		 failed;
};

static void
span_add(struct spans *s, double v)
{
	s->v = xreallocarray(s->v, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = v;
}

static int
dbl_cmp(const void *a, const void *b)
{
	const double *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

/* The median of the spans in units of `unit` seconds, or -1 for none. */
static double
median(struct spans *s, double unit)
{
	if (s->n == 0)
		return -1;
	qsort(s->v, s->n, sizeof(*s->v), dbl_cmp);
	return (s->n % 2 ? s->v[s->n / 2] : (s->v[s->n / 2 - 1] +
	    s->v[s->n / 2]) / 2) / unit;
}

/* The commune index of a case in the area, or -1 (not in the area, or a
 * false alarm); failed set on a database error. */
static int
commune_of(struct case_scan *sc, const struct case_row *c)
{
	const struct conf_commune	*cm = conf_commune(sc->r->conf,
					    c->commune);
	struct report_row		 row;
	int				 i, found;

	if (cm == NULL)
		return -1;
	i = (int)(cm - sc->r->conf->communes);
	if (!sc->r->communes[i].in_area)
		return -1;
	if ((found = store_report_get(sc->r->store, c->report_id, &row)) ==
	    -1) {
		sc->failed = 1;
		return -1;
	}
	return found && strcmp(row.status, "cancelled") == 0 ? -1 : i;
}

static int
opened(const struct case_row *c, void *arg)
{
	struct case_scan	*sc = arg;
	struct report		*r = sc->r;
	struct rp_cases		*k[2];
	int			 i, j, n = r->conf->ncommunes;

	if ((i = commune_of(sc, c)) < 0)
		return sc->failed ? -1 : 0;
	k[0] = &r->communes[i].cases;
	k[1] = &r->area.cases;
	for (j = 0; j < 2; j++) {
		k[j]->opened++;
		if (c->acknowledged_at != 0 && c->acknowledged_at < sc->at) {
			k[j]->acked++;
			span_add(&sc->ack[j ? n : i], difftime(
			    c->acknowledged_at, c->opened_at));
		}
		if (c->closed_at != 0 && c->closed_at < sc->at) {
			k[j]->closed++;
			span_add(&sc->close[j ? n : i], difftime(c->closed_at,
			    c->opened_at));
		}
	}
	return 0;
}

static int
still_open(const struct case_row *c, void *arg)
{
	struct case_scan	*sc = arg;
	struct report		*r = sc->r;
	time_t			 due = c->reopened_at != 0 &&
				    c->reopened_at < sc->at ? c->reopened_at :
				    c->opened_at;
	int			 i, late;

	if ((i = commune_of(sc, c)) < 0)
		return sc->failed ? -1 : 0;
	late = sc->at - due >= r->conf->cases.close_within;
	r->communes[i].cases.open_end++;
	r->communes[i].cases.overdue += late;
	r->area.cases.open_end++;
	r->area.cases.overdue += late;
	return 0;
}

int
rp_collect_cases(struct report *r)
{
	struct case_scan	 sc;
	size_t			 i, n = r->conf->ncommunes + 1;
	time_t			 now = time(NULL);
	int			 rc = 0;

	memset(&sc, 0, sizeof(sc));
	sc.r = r;
	sc.at = r->until < now ? r->until : now;
	sc.ack = xcalloc(n, sizeof(*sc.ack));
	sc.close = xcalloc(n, sizeof(*sc.close));
	if (store_cases_each(r->store, r->from, r->until, opened, &sc) == -1 ||
	    sc.failed ||
	    store_view_cases_open(r->store, sc.at, still_open, &sc) == -1 ||
	    sc.failed)
		rc = -1;
	for (i = 0; i < n; i++) {
		struct rp_cases *k = i + 1 < n ? &r->communes[i].cases :
		    &r->area.cases;

		k->ack_hours = median(&sc.ack[i], 3600.0);
		k->close_days = median(&sc.close[i], 86400.0);
		free(sc.ack[i].v);
		free(sc.close[i].v);
	}
	free(sc.ack);
	free(sc.close);
	return rc;
}
