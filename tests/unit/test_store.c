/*
 * The store's windowed checks (identical texts, replies, duplicate
 * reports, the village's week) through the time-bucketed indexes of
 * schema 4: windows across a bucket boundary, the count cap, and a window
 * longer than its bucket.
 */
#include "testutil.h"

#include <unistd.h>

#include "store.h"

#define DAY	86400
#define WEEK	604800
/* 2026-11-29 00:00:00 UTC: a day boundary */
#define MIDNIGHT	((time_t)1796169600)

struct fixture {
	char		 dir[64];
	char		 path[96];
	struct store	*s;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	if (temp_db_make(f->dir, sizeof(f->dir), f->path, sizeof(f->path),
	    "test_store") == -1)
		return -1;
	if ((f->s = store_open(f->path)) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->s);
	temp_db_remove(f->dir, f->path);
	free(f);
	return 0;
}

static void
inbox(struct store *s, const char *id, const char *sender, const char *text,
    time_t at)
{
	int added;

	assert_int_equal(store_inbox_add(s, "test", id, sender, "8077", text,
	    strlen(text), at, "sms", &added), 0);
	assert_int_equal(added, 1);
}

static long
identical(struct store *s, const char *sender, const char *text,
    time_t since, time_t until, long cap)
{
	long n = -1;

	assert_int_equal(store_inbox_count_identical(s, sender, text,
	    strlen(text), since, until, cap, &n), 0);
	return n;
}

static void
identical_texts_across_midnight(void **state)
{
	struct fixture	*f = *state;
	const char	*a = "+84912000101", *b = "+84912000102";

	inbox(f->s, "1", a, "KO", MIDNIGHT - 2 * 3600);	/* out of the hour */
	inbox(f->s, "2", a, "KO", MIDNIGHT - 10);	/* the day before */
	inbox(f->s, "3", a, "KO", MIDNIGHT + 10);	/* the day after */
	inbox(f->s, "4", a, "BL G 9", MIDNIGHT);	/* another text */
	inbox(f->s, "5", b, "KO", MIDNIGHT);		/* another sender */
	assert_int_equal(identical(f->s, a, "KO", MIDNIGHT + 10 - 3600,
	    MIDNIGHT + 10, 100), 2);
	assert_int_equal(identical(f->s, a, "KO", MIDNIGHT - 3 * 3600,
	    MIDNIGHT + 10, 100), 3);
	assert_int_equal(identical(f->s, b, "KO", MIDNIGHT - 3600, MIDNIGHT,
	    100), 1);
	/* the count stops at the cap */
	assert_int_equal(identical(f->s, a, "KO", MIDNIGHT - 3 * 3600,
	    MIDNIGHT + 10, 2), 2);
	assert_int_equal(identical(f->s, a, "KO", MIDNIGHT - 3 * 3600,
	    MIDNIGHT + 10, 0), 0);
}

static void
window_longer_than_a_day_is_cut(void **state)
{
	struct fixture *f = *state;

	inbox(f->s, "1", "+84912000101", "KO", MIDNIGHT - 2 * DAY);
	inbox(f->s, "2", "+84912000101", "KO", MIDNIGHT - 3600);
	/* asked for three days, answered for the last one (and logged) */
	assert_int_equal(identical(f->s, "+84912000101", "KO",
	    MIDNIGHT - 3 * DAY, MIDNIGHT, 100), 1);
}

static void
replies_across_midnight(void **state)
{
	struct fixture	*f = *state;
	long		 n = -1;
	const char	*to = "+84912000101";

	assert_int_equal(store_outbox_add(f->s, to, "a", "reply", 0, 0,
	    MIDNIGHT - 30, MIDNIGHT), 0);
	assert_int_equal(store_outbox_add(f->s, to, "b", "reply", 0, 0,
	    MIDNIGHT + 30, MIDNIGHT), 0);
	assert_int_equal(store_outbox_add(f->s, to, "c", "unknown", 0, 0,
	    MIDNIGHT + 40, MIDNIGHT), 0);
	assert_int_equal(store_outbox_add(f->s, to, "d", "reply", 0, 0,
	    MIDNIGHT - DAY - 30, MIDNIGHT), 0);
	assert_int_equal(store_outbox_count(f->s, to, "reply",
	    MIDNIGHT + 30 - 3600, MIDNIGHT + 30, 10, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_outbox_count(f->s, to, "reply",
	    MIDNIGHT + 30 - DAY, MIDNIGHT + 30, 10, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_outbox_count(f->s, to, "reply",
	    MIDNIGHT + 30 - 3600, MIDNIGHT + 30, 1, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_outbox_count(f->s, to, "unknown",
	    MIDNIGHT - 3600, MIDNIGHT + 3600, 10, &n), 0);
	assert_int_equal(n, 1);
}

static void
report(struct store *s, int64_t inbox_id, const char *kind,
    const char *fingerprint, time_t at)
{
	struct report_row	r;
	int64_t			id;

	memset(&r, 0, sizeof(r));
	r.inbox_id = inbox_id;
	snprintf(r.phone, sizeof(r.phone), "+84912000101");
	snprintf(r.village, sizeof(r.village), "BAT01");
	snprintf(r.commune, sizeof(r.commune), "BAT");
	snprintf(r.kind, sizeof(r.kind), "%s", kind);
	snprintf(r.code, sizeof(r.code), "BL");
	snprintf(r.fingerprint, sizeof(r.fingerprint), "%s", fingerprint);
	snprintf(r.details, sizeof(r.details), "{}");
	r.received_at = at;
	assert_int_equal(store_report_add(s, &r, at, &id), 0);
}

static void
duplicate_report_across_midnight(void **state)
{
	struct fixture	*f = *state;
	int64_t		 dup = 0;

	report(f->s, 1, "incident", "BL|F|108", MIDNIGHT - 600);
	assert_int_equal(store_report_find_duplicate(f->s, "+84912000101",
	    "BL|F|108", MIDNIGHT + 600 - DAY, MIDNIGHT + 600, &dup), 1);
	assert_int_equal(dup, 1);
	assert_int_equal(store_report_find_duplicate(f->s, "+84912000101",
	    "BL|M|108", MIDNIGHT + 600 - DAY, MIDNIGHT + 600, &dup), 0);
	/* a day later it is a new report */
	assert_int_equal(store_report_find_duplicate(f->s, "+84912000101",
	    "BL|F|108", MIDNIGHT - 599, MIDNIGHT - 599 + DAY, &dup), 0);
}

static void
village_week_across_the_bucket(void **state)
{
	struct fixture	*f = *state;
	time_t		 edge = (MIDNIGHT / WEEK + 1) * WEEK;	/* a bucket edge */
	long		 inc = -1, cov = -1, zero = -1;

	report(f->s, 1, "incident", "a", edge - 3 * DAY);
	report(f->s, 2, "incident", "b", edge + 600);
	report(f->s, 3, "zero", "c", edge + 700);
	report(f->s, 4, "incident", "d", edge - 9 * DAY);	/* too old */
	assert_int_equal(store_village_week(f->s, "BAT01", edge - 4 * DAY,
	    edge + DAY, &inc, &cov, &zero), 0);
	assert_int_equal(inc, 2);
	assert_int_equal(cov, 0);
	assert_int_equal(zero, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(identical_texts_across_midnight,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(window_longer_than_a_day_is_cut,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(replies_across_midnight, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    duplicate_report_across_midnight, setup, teardown),
		cmocka_unit_test_setup_teardown(village_week_across_the_bucket,
		    setup, teardown),
	};

	store_library_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
