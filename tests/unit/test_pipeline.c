/*
 * The pipeline's paths for several reports in one SMS and for reviews,
 * through pipeline_run() on a real store.  The parse results are made
 * here (the test links with --wrap=sms_parse): "MULTI:a|b" is the real
 * parses of a and b as one result, "REVIEW:<reason>:<code>:<village>:
 * <text>" the real parse of a text the parser could not complete, marked
 * for review (the code and village it names may be empty).
 * So these paths are tested whatever the grammar reads today; the
 * grammar's own results are tested by test_grammar and the corpus.
 */
#include "testutil.h"

#include <sqlite3.h>
#include <unistd.h>

#include "pipeline.h"
#include "store.h"

/* 2026-11-28 09:00 in Vietnam (UTC+7) */
#define T0	((time_t)1795831200)
#define REPORTER	"+84912000101"	/* village BAT01 */
#define OTHER		"+84912000302"	/* village BAD02 */
#define COMMUNE		"+84905000222"	/* commune BAD, no village */

enum sms_error	__real_sms_parse(const struct codebook *, const char *,
		    size_t, const struct local_time *, struct sms_result *);
enum sms_error	__wrap_sms_parse(const struct codebook *, const char *,
		    size_t, const struct local_time *, struct sms_result *);

enum sms_error
__wrap_sms_parse(const struct codebook *cb, const char *text, size_t len,
    const struct local_time *at, struct sms_result *out)
{
	char			 buf[512], *part, *next, *p;
	struct sms_result	*one;
	int			 k;

	if (len >= sizeof(buf))
		return __real_sms_parse(cb, text, len, at, out);
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (strncmp(buf, "MULTI:", 6) == 0) {
		one = malloc(sizeof(*one));
		assert_non_null(one);
		part = buf + 6;
		next = strchr(part, '|');
		*next++ = '\0';
		assert_int_equal(__real_sms_parse(cb, part, strlen(part), at,
		    out), SMS_OK);
		for (part = next; part != NULL; part = next) {
			if ((next = strchr(part, '|')) != NULL)
				*next++ = '\0';
			assert_int_equal(__real_sms_parse(cb, part,
			    strlen(part), at, one), SMS_OK);
			out->more[out->nmore++] = one->report;
		}
		free(one);
		return out->error;
	}
	if (strncmp(buf, "REVIEW:", 7) == 0) {
		enum sms_review		 why = SMS_REVIEW_NONE;
		const struct cb_word	*w;
		char			*code, *village;

		p = strchr(buf + 7, ':');
		*p++ = '\0';
		for (k = 1; k < SMS_NREVIEWS; k++)
			if (strcmp(buf + 7, sms_review_names[k]) == 0)
				why = (enum sms_review)k;
		assert_int_not_equal(why, SMS_REVIEW_NONE);
		code = p;
		p = strchr(p, ':');
		*p++ = '\0';
		village = p;
		p = strchr(p, ':');
		*p++ = '\0';
		/* what the parser gives: an error, and why it is urgent */
		assert_int_not_equal(__real_sms_parse(cb, p, strlen(p), at, out),
		    SMS_OK);
		out->review = why;
		out->review_code = *code ? codebook_find(cb, code) : NULL;
		if (*village) {
			w = codebook_lookup(cb, village, strlen(village));
			assert_non_null(w);
			out->report.village = cb_word_village(w);
		}
		return out->error;
	}
	return __real_sms_parse(cb, text, len, at, out);
}

static struct conf *C;

struct fixture {
	char			 dir[64];
	char			 path[96];
	struct store		*s;
	sqlite3			*db;	/* a second connection, to look */
	struct pipeline_stats	 stats;
	int			 seq;
};

static int
group_setup(void **state)
{
	static const char extra[] =
	    "smtp = { url = \"smtp://127.0.0.1:2525\"; from = \"r@example.org\";"
	    " tls = \"off\"; };\n"
	    "alerts = { to = [ \"officers@example.org\" ];"
	    " sms = [ \"0905000111\", \"0905000112\" ]; };\n";
	size_t	 a = strlen(extra), b = strlen(conf_embedded_default);
	char	*t = malloc(a + b + 1), *err = NULL;

	(void)state;
	assert_non_null(t);
	memcpy(t, extra, a);
	memcpy(t + a, conf_embedded_default, b + 1);
	if (conf_load_string(t, "test.conf", NULL, &C, &err) == -1)
		fail_msg("config: %s", err);
	free(t);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	conf_free(C);
	return 0;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	if (temp_db_make(f->dir, sizeof(f->dir), f->path, sizeof(f->path),
	    "test_pipeline") == -1)
		return -1;
	if ((f->s = store_open(f->path)) == NULL ||
	    pipeline_sync_reporters(f->s, C) == -1 ||
	    sqlite3_open_v2(f->path, &f->db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	sqlite3_close(f->db);
	store_close(f->s);
	temp_db_remove(f->dir, f->path);
	free(f);
	return 0;
}

/* The first column of the first row as text ("" when none). */
static const char *
q(struct fixture *f, const char *sql)
{
	static char	 out[2048];
	sqlite3_stmt	*st;

	out[0] = '\0';
	if (sqlite3_prepare_v2(f->db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(f->db));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, sizeof(out), "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static long
qn(struct fixture *f, const char *sql)
{
	return strtol(q(f, sql), NULL, 10);
}

/* Stores a message at T0 + secs and judges it; returns its inbox id. */
static long
message(struct fixture *f, const char *sender, const char *text, long secs)
{
	char	id[32], sql[128];
	int	added;

	snprintf(id, sizeof(id), "m%d", ++f->seq);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_inbox_add(f->s, "test", id, sender, "8077",
	    text, strlen(text), T0 + secs, "sms", &added), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(pipeline_run(f->s, C, &f->stats), 1);
	snprintf(sql, sizeof(sql), "SELECT id FROM inbox WHERE provider_id ="
	    " '%s'", id);
	return qn(f, sql);
}

/* The text of the only reply to msg (to its sender). */
static const char *
reply_to(struct fixture *f, long msg)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM outbox WHERE"
	    " inbox_id = %ld AND purpose = 'reply'", msg);
	assert_int_equal(qn(f, sql), 1);
	snprintf(sql, sizeof(sql), "SELECT text FROM outbox WHERE"
	    " inbox_id = %ld AND purpose = 'reply'", msg);
	return q(f, sql);
}

static void
multi_stores_each_with_its_ref(void **state)
{
	struct fixture	*f = *state;
	long		 m, bl, dn;
	char		 sql[256], want[96];
	const char	*r;

	m = message(f, REPORTER, "MULTI:BL G 9|DN T 7 C", 0);
	assert_int_equal(qn(f, "SELECT count(*) FROM reports"), 2);
	bl = qn(f, "SELECT id FROM reports WHERE code = 'BL'");
	dn = qn(f, "SELECT id FROM reports WHERE code = 'DN'");
	assert_true(bl > 0 && dn > bl);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM reports WHERE"
	    " inbox_id = %ld AND status = 'active' AND village = 'BAT01'", m);
	assert_int_equal(qn(f, sql), 2);
	/* one reply, naming both numbers, one SMS */
	r = reply_to(f, m);
	snprintf(want, sizeof(want), "#%ld BL, #%ld DN", bl, dn);
	assert_non_null(strstr(r, want));
	assert_non_null(strstr(r, "2 bao cao"));
	assert_true(gsm7_valid(r, REPLY_MAX));
	/* one of them is urgent: the reply says whom to call */
	assert_non_null(strstr(r, C->codebook->replies[CB_R_ALERT] + 1));
	/* the message: processed, pointing at its first report */
	snprintf(sql, sizeof(sql), "SELECT status || ' ' || report_id FROM"
	    " inbox WHERE id = %ld", m);
	snprintf(want, sizeof(want), "processed %ld", bl);
	assert_string_equal(q(f, sql), want);
	/*
	 * DN died alerts, BL does not: an SMS to the one level-1 officer of
	 * BAT (config/bacai.conf, not alerts.sms), one e-mail
	 */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM outbox WHERE"
	    " purpose = 'alert' AND report_id = %ld AND recipient ="
	    " '+84905000111'", dn);
	assert_int_equal(qn(f, sql), 1);
	assert_int_equal(qn(f, "SELECT count(*) FROM outbox WHERE"
	    " purpose = 'alert'"), 1);
	snprintf(sql, sizeof(sql), "SELECT kind FROM mail WHERE"
	    " report_id = %ld", dn);
	assert_string_equal(q(f, sql), "alert");
	assert_int_equal(f->stats.reports, 2);
	assert_int_equal(f->stats.alerts, 1);
	assert_int_equal(f->stats.replies, 1);
}

static void
multi_duplicates_and_supersession(void **state)
{
	struct fixture	*f = *state;
	long		 m, bl, xh, mn;
	char		 sql[256], want[96];

	m = message(f, REPORTER, "MULTI:BL G 9|MN 42 40", 0);
	assert_null(strstr(reply_to(f, m), C->codebook->replies[CB_R_ALERT] +
	    1));
	bl = qn(f, "SELECT id FROM reports WHERE code = 'BL'");
	mn = qn(f, "SELECT id FROM reports WHERE code = 'MN'");
	/* the BL again (a duplicate, listed with its number), a new XH and
	 * new MN figures for the same month, which replace the old */
	m = message(f, REPORTER, "MULTI:BL G 9|XH G 13 CA|MN 44 40", 600);
	xh = qn(f, "SELECT id FROM reports WHERE code = 'XH'");
	assert_int_equal(qn(f, "SELECT count(*) FROM reports WHERE"
	    " code = 'BL'"), 1);
	snprintf(want, sizeof(want), "#%ld BL, #%ld XH, #%ld MN", bl, xh,
	    xh + 1);
	assert_non_null(strstr(reply_to(f, m), want));
	assert_non_null(strstr(reply_to(f, m), "3 bao cao"));
	snprintf(sql, sizeof(sql), "SELECT status || ' ' || superseded_by"
	    " FROM reports WHERE id = %ld", mn);
	snprintf(want, sizeof(want), "superseded %ld", xh + 1);
	assert_string_equal(q(f, sql), want);
	snprintf(sql, sizeof(sql), "SELECT status FROM inbox WHERE id = %ld",
	    m);
	assert_string_equal(q(f, sql), "processed");
	/* all of them again: the message is a duplicate, nothing stored */
	m = message(f, REPORTER, "MULTI:BL G 9|XH G 13 CA", 1200);
	assert_int_equal(qn(f, "SELECT count(*) FROM reports"), 4);
	snprintf(sql, sizeof(sql), "SELECT status || ' ' || report_id FROM"
	    " inbox WHERE id = %ld", m);
	snprintf(want, sizeof(want), "duplicate %ld", bl);
	assert_string_equal(q(f, sql), want);
	assert_non_null(strstr(reply_to(f, m), "da nhan"));
	/* XH alerted once, at its first report */
	assert_int_equal(qn(f, "SELECT count(DISTINCT report_id) FROM outbox"
	    " WHERE purpose = 'alert'"), 1);
}

static void
multi_refused_whole_for_a_village(void **state)
{
	struct fixture	*f = *state;
	long		 m;
	char		 sql[128];

	/* a village reporter naming another village in the second report */
	m = message(f, REPORTER, "MULTI:DN T 7 C|BL G 9 BAD02", 0);
	assert_int_equal(qn(f, "SELECT count(*) FROM reports"), 0);
	snprintf(sql, sizeof(sql), "SELECT status || ':' || error FROM inbox"
	    " WHERE id = %ld", m);
	assert_string_equal(q(f, sql), "rejected:village not allowed");
	assert_string_equal(reply_to(f, m),
	    C->codebook->replies[CB_R_NOT_ALLOWED]);
	assert_int_equal(qn(f, "SELECT count(*) FROM outbox"), 1);
	assert_int_equal(qn(f, "SELECT count(*) FROM mail"), 0);
}

static void
review_reaches_officers_without_text(void **state)
{
	struct fixture	*f = *state;
	long		 m, ref;
	char		 sql[256], want[64];
	const char	*r;

	m = message(f, OTHER, "REVIEW:missing:DN::DN G 7 chau Hoa", 0);
	assert_int_equal(qn(f, "SELECT count(*) FROM reports"), 1);
	ref = qn(f, "SELECT id FROM reports");
	assert_string_equal(q(f, "SELECT status || '|' || code || '|' || kind"
	    " || '|' || village || '|' || alert || '|' || details"
	    " FROM reports"),
	    "review|DN|incident|BAD02|1|{\"review\":\"missing\"}");
	/* processed, with what the parser missed for the export */
	snprintf(sql, sizeof(sql), "SELECT status || '|' || report_id || '|'"
	    " || error FROM inbox WHERE id = %ld", m);
	snprintf(want, sizeof(want), "processed|%ld|review: ", ref);
	assert_int_equal(strncmp(q(f, sql), want, strlen(want)), 0);
	assert_non_null(strstr(q(f, sql), ":outcome"));
	/* an SMS to BAD's officer, purpose review, without the text */
	assert_int_equal(qn(f, "SELECT count(*) FROM outbox WHERE"
	    " purpose = 'review' AND recipient = '+84905000333'"), 1);
	r = q(f, "SELECT text FROM outbox WHERE purpose = 'review'");
	snprintf(want, sizeof(want), "#%ld", ref);
	assert_non_null(strstr(r, want));
	assert_non_null(strstr(r, OTHER));
	assert_non_null(strstr(r, "BAD02"));
	assert_null(strstr(r, "Hoa"));
	assert_null(strstr(r, "G 7"));
	assert_true(gsm7_valid(r, REPLY_MAX));
	/* the e-mail (kind review) is rendered from the store when sent */
	snprintf(sql, sizeof(sql), "SELECT kind FROM mail WHERE"
	    " report_id = %ld", ref);
	assert_string_equal(q(f, sql), "review");
	/* the sender: an officer will call, and the code's template */
	r = reply_to(f, m);
	assert_non_null(strstr(r, want));
	assert_non_null(strstr(r, "goi lai"));
	assert_non_null(strstr(r, "DN <T/G>"));
	assert_int_equal(f->stats.reviews, 1);
	assert_int_equal(f->stats.reports, 0);
	assert_int_equal(f->stats.rejected, 0);
}

static void
review_without_a_code(void **state)
{
	struct fixture	*f = *state;
	long		 m;

	/* a commune reporter naming a village of the commune */
	m = message(f, COMMUNE, "REVIEW:death::BAD03:chau be BAD03 bi chet roi",
	    0);
	/* no code to show the template of: the reply shows how to ask */
	assert_non_null(strstr(reply_to(f, m), "goi lai"));
	assert_non_null(strstr(reply_to(f, m), "Mau: HD"));
	assert_string_equal(q(f, "SELECT status || '|' || code || '|' || kind"
	    " || '|' || village || '|' || commune || '|' || details"
	    " FROM reports"),
	    "review|?|incident|BAD03|BAD|{\"review\":\"death\"}");
	/* not named: the commune's, and the officers' SMS says the commune */
	message(f, COMMUNE, "REVIEW:death:::chau be bi chet roi", 60);
	assert_string_equal(q(f, "SELECT village || '|' || commune FROM"
	    " reports ORDER BY id DESC"), "|BAD");
	assert_non_null(strstr(q(f, "SELECT text FROM outbox WHERE"
	    " purpose = 'review' ORDER BY id DESC"), "BAD"));
	/* never a duplicate of each other: both reach an officer */
	assert_int_equal(qn(f, "SELECT count(*) FROM reports WHERE"
	    " status = 'review'"), 2);
	assert_int_equal(qn(f, "SELECT count(*) FROM mail WHERE"
	    " kind = 'review'"), 2);
}

static void
review_from_a_stranger_is_unauthorised(void **state)
{
	struct fixture *f = *state;

	message(f, "+84988000001", "REVIEW:missing:DN::DN G 7", 0);
	assert_int_equal(qn(f, "SELECT count(*) FROM reports"), 0);
	assert_string_equal(q(f, "SELECT status FROM inbox"), "unauthorised");
	assert_int_equal(qn(f, "SELECT count(*) FROM outbox WHERE"
	    " purpose IN ('review', 'alert')"), 0);
}

static void
correction_makes_a_review_a_report(void **state)
{
	struct fixture	*f = *state;
	long		 m, ref, now;
	char		 text[64], sql[256], want[96];

	message(f, OTHER, "REVIEW:missing:DN::DN G 7", 0);
	ref = qn(f, "SELECT id FROM reports");
	/* HUY is for reports: a review stays for the officer */
	snprintf(text, sizeof(text), "HUY %ld", ref);
	message(f, OTHER, text, 60);
	assert_string_equal(q(f, "SELECT status FROM reports"), "review");
	/* another phone cannot correct it */
	snprintf(text, sizeof(text), "SUA %ld DN G 7 C", ref);
	message(f, REPORTER, text, 90);
	assert_int_equal(qn(f, "SELECT count(*) FROM reports"), 1);
	/* the sender's SUA makes it a report, which alerts: the review
	 * never told the officers what happened */
	m = message(f, OTHER, text, 120);
	now = qn(f, "SELECT max(id) FROM reports");
	assert_true(now > ref);
	snprintf(sql, sizeof(sql), "SELECT status || ' ' || superseded_by"
	    " FROM reports WHERE id = %ld", ref);
	snprintf(want, sizeof(want), "superseded %ld", now);
	assert_string_equal(q(f, sql), want);
	snprintf(sql, sizeof(sql), "SELECT status || '|' || code || '|' ||"
	    " village || '|' || alert FROM reports WHERE id = %ld", now);
	assert_string_equal(q(f, sql), "active|DN|BAD02|1");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM outbox WHERE"
	    " purpose = 'alert' AND report_id = %ld", now);
	assert_int_equal(qn(f, sql), 1);
	snprintf(sql, sizeof(sql), "SELECT kind FROM mail WHERE"
	    " report_id = %ld", now);
	assert_string_equal(q(f, sql), "alert");
	snprintf(want, sizeof(want), "Da sua #%ld thanh #%ld", ref, now);
	assert_non_null(strstr(reply_to(f, m), want));
	/* the review is gone from `status`'s count; the report counts */
	assert_int_equal(qn(f, "SELECT count(*) FROM reports WHERE"
	    " status = 'review'"), 0);
}

static void
correction_of_a_review_to_another_kind(void **state)
{
	struct fixture	*f = *state;
	long		 ref;
	char		 text[64];

	/* unclear; it was figures after all: a SUA of another kind is fine
	 * for a review (it is not a report of any kind yet) */
	message(f, REPORTER, "REVIEW:code:::XH", 0);
	ref = qn(f, "SELECT id FROM reports");
	snprintf(text, sizeof(text), "SUA %ld MN 42 40", ref);
	message(f, REPORTER, text, 60);
	assert_string_equal(q(f, "SELECT group_concat(status || ':' || code,"
	    " ',') FROM (SELECT * FROM reports ORDER BY id)"),
	    "superseded:?,active:MN");
	/* a report of another kind still cannot be corrected into MN */
	message(f, REPORTER, "BL G 9", 120);
	ref = qn(f, "SELECT id FROM reports WHERE code = 'BL'");
	snprintf(text, sizeof(text), "SUA %ld MN 42 40", ref);
	message(f, REPORTER, text, 180);
	assert_string_equal(q(f, "SELECT status FROM reports WHERE"
	    " code = 'BL'"), "active");
}

/* Collects "status:review" of each exported report. */
static int
export_row(const char *const *names, const char *const *values, int n,
    void *arg)
{
	char		*out = arg;
	const char	*status = "", *details = "";
	int		 i;

	if (values == NULL)	/* the header call */
		return 0;
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], "status") == 0 && values[i] != NULL)
			status = values[i];
		if (strcmp(names[i], "details") == 0 && values[i] != NULL)
			details = values[i];
	}
	snprintf(out + strlen(out), 256 - strlen(out), "%s%s %s",
	    *out ? "," : "", status, details);
	return 0;
}

static void
status_counts_and_export_show_reviews(void **state)
{
	struct fixture		*f = *state;
	struct store_counts	 k;
	char			 got[256] = "";

	message(f, OTHER, "REVIEW:age:DN::DN G 70 C", 0);
	message(f, OTHER, "BL G 9", 60);
	assert_int_equal(store_counts(f->s, T0 - 3600, &k), 0);
	assert_int_equal(k.reviews_today, 1);
	assert_int_equal(k.reviews_open, 1);
	assert_int_equal(k.reports_today, 2);
	assert_int_equal(k.alerts_today, 0);
	assert_int_equal(store_export(f->s, "reports", T0 - 3600, T0 + 3600,
	    export_row, got), 0);
	assert_string_equal(got, "review {\"review\":\"age\"},active "
	    "{\"kind\":\"incident\",\"code\":\"BL\",\"count\":1,"
	    "\"sex\":\"F\",\"age_months\":108,\"flags\":[]}");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(multi_stores_each_with_its_ref,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    multi_duplicates_and_supersession, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    multi_refused_whole_for_a_village, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    review_reaches_officers_without_text, setup, teardown),
		cmocka_unit_test_setup_teardown(review_without_a_code, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    review_from_a_stranger_is_unauthorised, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    correction_makes_a_review_a_report, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    correction_of_a_review_to_another_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    status_counts_and_export_show_reviews, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
