/* Civil dates, ISO weeks, months, quarters, grace and "last year". */
#include "testutil.h"

static char *
fmt(struct period p)
{
	static char buf[PERIOD_TEXT_MAX];

	period_format(&p, buf);
	return buf;
}

static void
civil_roundtrip(void **state)
{
	long	d;
	int	y, m, day;

	(void)state;
	assert_int_equal(days_from_civil(1970, 1, 1), 0);
	assert_int_equal(days_from_civil(2000, 3, 1), 11017);
	for (d = -800000; d < 800000; d += 997) {
		civil_from_days(d, &y, &m, &day);
		assert_int_equal(days_from_civil(y, m, day), d);
	}
	assert_int_equal(iso_weekday(days_from_civil(2026, 11, 30)), 1);
	assert_int_equal(iso_weekday(days_from_civil(2026, 11, 29)), 7);
}

static void
iso_weeks(void **state)
{
	int y, w;

	(void)state;
	iso_week(days_from_civil(2026, 11, 28), &y, &w);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 48);
	iso_week(days_from_civil(2027, 1, 3), &y, &w);	/* Sunday */
	assert_int_equal(y, 2026);
	assert_int_equal(w, 53);
	iso_week(days_from_civil(2024, 12, 30), &y, &w);	/* Monday */
	assert_int_equal(y, 2025);
	assert_int_equal(w, 1);
	assert_int_equal(iso_weeks_in_year(2026), 53);
	assert_int_equal(iso_weeks_in_year(2025), 52);
	assert_int_equal(iso_weeks_in_year(2020), 53);
}

static void
period_boundaries(void **state)
{
	struct local_time t;

	(void)state;
	t = lt(2026, 12, 31, 23, 59);
	assert_string_equal(fmt(period_of(CB_PERIOD_MONTH, &t)), "2026-12");
	assert_string_equal(fmt(period_of(CB_PERIOD_QUARTER, &t)), "2026-Q4");
	assert_string_equal(fmt(period_of(CB_PERIOD_WEEK, &t)), "2026-W53");
	t = lt(2027, 1, 1, 0, 0);
	assert_string_equal(fmt(period_of(CB_PERIOD_WEEK, &t)), "2026-W53");
	t = lt(2026, 4, 1, 0, 0);
	assert_string_equal(fmt(period_of(CB_PERIOD_QUARTER, &t)), "2026-Q2");
}

static void
previous_periods(void **state)
{
	struct period p = { CB_PERIOD_WEEK, 2027, 1 };

	(void)state;
	assert_string_equal(fmt(period_prev(p)), "2026-W53");
	p = (struct period){ CB_PERIOD_MONTH, 2026, 1 };
	assert_string_equal(fmt(period_prev(p)), "2025-12");
	p = (struct period){ CB_PERIOD_QUARTER, 2026, 1 };
	assert_string_equal(fmt(period_prev(p)), "2025-Q4");
}

static void
grace(void **state)
{
	struct local_time t;

	(void)state;
	t = lt(2026, 12, 10, 23, 59);
	assert_string_equal(fmt(period_default(CB_PERIOD_MONTH, 240, &t)),
	    "2026-11");
	t = lt(2026, 12, 11, 0, 0);
	assert_string_equal(fmt(period_default(CB_PERIOD_MONTH, 240, &t)),
	    "2026-12");
	t = lt(2026, 11, 30, 11, 59);	/* Monday morning */
	assert_string_equal(fmt(period_default(CB_PERIOD_WEEK, 12, &t)),
	    "2026-W48");
	t = lt(2026, 11, 30, 12, 0);
	assert_string_equal(fmt(period_default(CB_PERIOD_WEEK, 12, &t)),
	    "2026-W49");
	t = lt(2026, 1, 3, 12, 0);
	assert_string_equal(fmt(period_default(CB_PERIOD_QUARTER, 240, &t)),
	    "2025-Q4");
	t = lt(2026, 11, 28, 9, 0);
	assert_string_equal(fmt(period_default(CB_PERIOD_MONTH, 0, &t)),
	    "2026-11");
}

static void
later_means_last_year(void **state)
{
	struct local_time t = lt(2026, 11, 28, 9, 0);

	(void)state;
	assert_string_equal(fmt(period_complete(CB_PERIOD_MONTH, 12, &t)),
	    "2025-12");
	assert_string_equal(fmt(period_complete(CB_PERIOD_MONTH, 11, &t)),
	    "2026-11");
	assert_string_equal(fmt(period_complete(CB_PERIOD_WEEK, 49, &t)),
	    "2025-W49");
	assert_string_equal(fmt(period_complete(CB_PERIOD_WEEK, 48, &t)),
	    "2026-W48");
	assert_string_equal(fmt(period_complete(CB_PERIOD_QUARTER, 4, &t)),
	    "2026-Q4");
	t = lt(2026, 9, 30, 23, 59);
	assert_string_equal(fmt(period_complete(CB_PERIOD_QUARTER, 4, &t)),
	    "2025-Q4");
}

static void
validity_and_parse(void **state)
{
	struct period p = { CB_PERIOD_WEEK, 2025, 53 };

	(void)state;
	assert_false(period_valid(&p));
	p.year = 2026;
	assert_true(period_valid(&p));
	assert_int_equal(period_parse("2026-W48", &p), 0);
	assert_int_equal(p.unit, CB_PERIOD_WEEK);
	assert_int_equal(p.num, 48);
	assert_int_equal(period_parse("2026-Q4", &p), 0);
	assert_int_equal(period_parse("2026-11", &p), 0);
	assert_int_equal(p.unit, CB_PERIOD_MONTH);
	assert_int_equal(period_parse("2026-13", &p), -1);
	assert_int_equal(period_parse("2025-W53", &p), -1);
	assert_int_equal(period_parse("26-11", &p), -1);
	assert_int_equal(period_start(&(struct period){ CB_PERIOD_WEEK, 2026,
	    1 }), days_from_civil(2025, 12, 29));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(civil_roundtrip),
		cmocka_unit_test(iso_weeks),
		cmocka_unit_test(period_boundaries),
		cmocka_unit_test(previous_periods),
		cmocka_unit_test(grace),
		cmocka_unit_test(later_means_last_year),
		cmocka_unit_test(validity_and_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
