/*
 * The web console's views (store/webviews.c) and its SVG rewrite
 * (web/svg.c): every statement a page runs reads reports and inbox
 * through an index (EXPLAIN QUERY PLAN of each, caught as it runs), the
 * filters and scopes keep what they should, and a chart's style
 * attributes become presentation attributes with its ids prefixed.
 */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "store_int.h"
#include "web_int.h"

#define SQL_MAX	64

static char	*seen[SQL_MAX];
static int	 nseen;

static int
trace(unsigned type, void *arg, void *p, void *x)
{
	const char *sql = sqlite3_sql(p);

	(void)type;
	(void)arg;
	(void)x;
	if (sql != NULL && nseen < SQL_MAX && strncmp(sql, "SELECT", 6) == 0)
		seen[nseen++] = strdup(sql);
	return 0;
}

/* No statement seen scans reports or inbox without an index. */
static void
plans_use_indexes(sqlite3 *db)
{
	sqlite3_stmt	*q;
	char		*x;
	int		 i;

	assert_true(nseen > 0);
	for (i = 0; i < nseen; i++) {
		if (asprintf(&x, "EXPLAIN QUERY PLAN %s", seen[i]) == -1)
			fail();
		assert_int_equal(sqlite3_prepare_v2(db, x, -1, &q, NULL),
		    SQLITE_OK);
		while (sqlite3_step(q) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(q, 3);

			if ((strncmp(d, "SCAN r", 6) == 0 &&
			    strncmp(d, "SCAN rp", 7) != 0) ||
			    strncmp(d, "SCAN i", 6) == 0 ||
			    strstr(d, "SCAN reports") != NULL ||
			    strstr(d, "SCAN inbox") != NULL)
				fail_msg("a scan: %s\nin: %s", d, seen[i]);
		}
		sqlite3_finalize(q);
		free(x);
		free(seen[i]);
	}
	nseen = 0;
}

struct counts {
	int	n;
	int	last_week;
};

static int
count_report(const struct report_view *v, void *arg)
{
	(void)v;
	((struct counts *)arg)->n++;
	return 0;
}

static int
count_message(const struct web_message *m, void *arg)
{
	(void)m;
	((struct counts *)arg)->n++;
	return 0;
}

static int
count_reporter(const struct web_reporter *r, void *arg)
{
	(void)r;
	((struct counts *)arg)->n++;
	return 0;
}

static int
count_week(int w, const char *code, const char *commune, long n, void *arg)
{
	(void)code;
	(void)commune;
	((struct counts *)arg)->n += (int)n;
	((struct counts *)arg)->last_week = w;
	return 0;
}

static int
count_csv(const char *const *names, const char *const *values, int n,
    void *arg)
{
	(void)names;
	(void)n;
	if (values != NULL)
		((struct counts *)arg)->n++;
	return 0;
}

static void
views(void **state)
{
	char			 dir[] = "/tmp/test_webviews.XXXXXX", path[64];
	char			 sql[512];
	struct store		*s;
	struct counts		 c;
	struct web_scope	 all = { NULL, 1 }, bat = { "[\"BAT\"]", 0 };
	struct web_report_filter f;
	time_t			 t0 = 1790000000;
	int			 i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/w.db", dir);
	assert_non_null(s = store_open(path));
	assert_int_equal(store_exec(s,
	    "INSERT INTO reporters VALUES ('+84912000101', 'A', 'BAT01', 'BAT',"
	    " 'active', 'config', 0, 0), ('+84912000201', 'B', 'BAI01', 'BAI',"
	    " 'pending', 'sms', 0, 0)"), 0);
	for (i = 0; i < 400; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO inbox (id, provider,"
		    " provider_id, sender, text, digest, received_at, stored_at,"
		    " status) VALUES (%d, 'p', '%d', '%s', 'x', 0, %lld, 0, '%s')",
		    i + 1, i + 1, i % 2 ? "+84912000201" : "+84912000101",
		    (long long)t0 + i * 3600, i % 10 == 0 ? "rejected" :
		    i % 10 == 1 ? "unauthorised" : "processed");
		assert_int_equal(store_exec(s, sql), 0);
		snprintf(sql, sizeof(sql), "INSERT INTO reports (inbox_id, phone,"
		    " village, commune, kind, code, fingerprint, details, status,"
		    " received_at, created_at, updated_at) VALUES (%d, '%s', '%s',"
		    " '%s', 'incident', '%s', 'f', '{}', '%s', %lld, 0, 0)",
		    i + 1, i % 2 ? "+84912000201" : "+84912000101",
		    i % 2 ? "BAI01" : "BAT01", i % 2 ? "BAI" : "BAT",
		    i % 3 ? "BL" : "XH", i % 10 == 2 ? "review" : "active",
		    (long long)t0 + i * 3600);
		assert_int_equal(store_exec(s, sql), 0);
	}
	assert_int_equal(store_exec(s, "ANALYZE"), 0);
	sqlite3_trace_v2(s->db, SQLITE_TRACE_STMT, trace, NULL);

	memset(&c, 0, sizeof(c));
	assert_int_equal(store_web_messages(s, &all, t0 + 400 * 3600, 1 << 30,
	    500, count_message, &c), 0);
	assert_int_equal(c.n, 40 + 40 + 40);	/* rejected, unauth., review */
	memset(&c, 0, sizeof(c));
	assert_int_equal(store_web_messages(s, &bat, t0 + 400 * 3600, 1 << 30,
	    500, count_message, &c), 0);
	assert_int_equal(c.n, 40 + 40);	/* the odd rows are BAI's */
	memset(&c, 0, sizeof(c));
	assert_int_equal(store_web_reporters(s, &bat, NULL, t0, 0, 100,
	    count_reporter, &c), 0);
	assert_int_equal(c.n, 1);

	memset(&f, 0, sizeof(f));
	f.scope = all;
	f.from = t0;
	f.until = t0 + 400 * 3600;
	memset(&c, 0, sizeof(c));
	assert_int_equal(store_web_reports(s, &f, f.until, INT64_MAX, 1000,
	    count_report, &c), 0);
	assert_int_equal(c.n, 400);
	f.scope = bat;
	f.code = "XH";
	memset(&c, 0, sizeof(c));
	assert_int_equal(store_web_reports(s, &f, f.until, INT64_MAX, 1000,
	    count_report, &c), 0);
	assert_int_equal(c.n, 67);	/* even i, i % 3 == 0 */
	f.code = NULL;
	f.village = "BAT01";
	f.status = "review";
	memset(&c, 0, sizeof(c));
	assert_int_equal(store_web_reports(s, &f, f.until, INT64_MAX, 1000,
	    count_report, &c), 0);
	assert_int_equal(c.n, 40);
	memset(&c, 0, sizeof(c));
	assert_int_equal(store_web_reports_export(s, &f, 10, count_csv, &c), 0);
	assert_int_equal(c.n, 11);	/* one more than the limit: cut */
	f.until = f.from + 70 * 86400 * 7;	/* more than a year of weeks */
	assert_int_equal(store_web_reports(s, &f, f.until, INT64_MAX, 10,
	    count_report, &c), -1);
	memset(&c, 0, sizeof(c));
	assert_int_equal(store_web_incident_weeks(s, &bat, t0, t0 + 400 * 3600,
	    count_week, &c), 0);
	assert_int_equal(c.n, 200 - 40);	/* BAT's, less the reviews */
	assert_int_equal(c.last_week, 2);
	plans_use_indexes(s->db);
	store_close(s);
	unlink(path);
	snprintf(path, sizeof(path), "%s/w.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/w.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

static void
svg_fits_the_csp(void **state)
{
	char *s;

	(void)state;
	s = web_svg_inline("<svg><symbol id=\"glyph0-1\"><path style=\""
	    "stroke:none;\" d=\"M 0 0\"/></symbol><path style=\"fill-rule:"
	    "nonzero;fill:url(#pattern0);stroke-width:1;behavior:x;\"/>"
	    "<use xlink:href=\"#glyph0-1\" x=\"1\"/><g clip-path=\"url(#clip1)\">"
	    "</g></svg>", "c2");
	assert_non_null(s);
	assert_string_equal(s, "<svg><symbol id=\"c2-glyph0-1\"><path "
	    "stroke=\"none\" d=\"M 0 0\"/></symbol><path fill-rule=\"nonzero\""
	    " fill=\"url(#c2-pattern0)\" stroke-width=\"1\"/><use xlink:href="
	    "\"#c2-glyph0-1\" x=\"1\"/><g clip-path=\"url(#c2-clip1)\"></g>"
	    "</svg>");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(views),
		cmocka_unit_test(svg_fits_the_csp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
