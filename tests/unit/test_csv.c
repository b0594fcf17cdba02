/* The CSV cell writer (csv.c) and the visible escapes (termsafe.c). */
#include "testutil.h"

#include "buf.h"
#include "csv.h"
#include "log.h"
#include "termsafe.h"

/* One cell as written. */
static void
cell_is(const char *in, const char *want)
{
	struct buf b;

	buf_init(&b, 4096);
	csv_cell(&b, in);
	assert_string_equal(b.p, want);
	buf_free(&b);
}

static void
escaped_is(const char *in, int flags, const char *want)
{
	char *t = termsafe(in, flags);

	assert_string_equal(t, want);
	free(t);
}

static void
csv_formula_triggers(void **state)
{
	(void)state;
	cell_is("=1+1", "\"'=1+1\"");
	cell_is("+SUM(1,2)", "\"'+SUM(1,2)\"");
	cell_is("-2+3", "\"'-2+3\"");
	cell_is("@SUM(1)", "\"'@SUM(1)\"");
	cell_is("\t=1", "\"'\t=1\"");
	cell_is("  =1", "\"'  =1\"");
	/* the full-width equals sign */
	cell_is("\xef\xbc\x9d" "1+1", "\"'\xef\xbc\x9d" "1+1\"");
	cell_is("=HYPERLINK(\"http://x/\",\"y\")",
	    "\"'=HYPERLINK(\"\"http://x/\"\",\"\"y\"\")\"");
	cell_is("=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\"");
	/* a CR is shown as \x0d, which no spreadsheet evaluates */
	cell_is("\r=1", "\"\\x0d=1\"");
	/* not at the start: nothing to do */
	cell_is("a=1", "\"a=1\"");
	cell_is("BL G 9 - ok", "\"BL G 9 - ok\"");
}

static void
csv_numbers_stay_text(void **state)
{
	(void)state;
	cell_is("+84905000111", "\"'+84905000111\"");
	cell_is("0905000111", "\"'0905000111\"");
	cell_is("84905000111", "\"84905000111\"");	/* 11 digits: exact */
	cell_is("849050001112", "\"'849050001112\"");
	cell_is("0", "\"0\"");
	cell_is("42", "\"42\"");
	cell_is("108", "\"108\"");
	cell_is("2026-11-27T08:00:00+07:00", "\"2026-11-27T08:00:00+07:00\"");
	assert_int_equal(csv_needs_prefix("05"), 1);
	assert_int_equal(csv_needs_prefix("5"), 0);
	assert_int_equal(csv_needs_prefix(""), 0);
	assert_int_equal(csv_needs_prefix(NULL), 0);
}

static void
csv_quoting(void **state)
{
	(void)state;
	cell_is(NULL, "\"\"");
	cell_is("", "\"\"");
	cell_is("plain", "\"plain\"");
	cell_is("a,b", "\"a,b\"");
	cell_is("say \"hi\"", "\"say \"\"hi\"\"\"");
	cell_is("\"", "\"\"\"\"");
	cell_is("two\nlines", "\"two\nlines\"");
	cell_is("Đuối nước", "\"Đuối nước\"");
}

static void
csv_controls_visible(void **state)
{
	(void)state;
	cell_is("\x1b[2Jclear", "\"\\x1b[2Jclear\"");
	cell_is("\x1b]0;t\x07", "\"\\x1b]0;t\\x07\"");
	cell_is("\xc2\x9b" "31m", "\"\\u009b31m\"");
	cell_is("a\xff" "b", "\"a\\xffb\"");
	/* escaped first, judged after: ESC then = is not a formula */
	cell_is("\x1b=1", "\"\\x1b=1\"");
}

static void
termsafe_forms(void **state)
{
	(void)state;
	escaped_is("ok Đ ư", 0, "ok Đ ư");
	escaped_is("a\nb\tc", 0, "a\\x0ab\\x09c");
	escaped_is("a\nb\tc", TS_KEEP_NL | TS_KEEP_TAB, "a\nb\tc");
	escaped_is("\x7f", 0, "\\x7f");
	escaped_is("\xc2\x80\xc2\x9f\xc2\xa0", 0, "\\u0080\\u009f\xc2\xa0");
	/* invalid: a lone continuation, a cut sequence, an overlong form,
	 * a surrogate, past U+10FFFF */
	escaped_is("\x80", 0, "\\x80");
	escaped_is("a\xc3", 0, "a\\xc3");
	escaped_is("\xc0\xaf", 0, "\\xc0\\xaf");
	escaped_is("\xed\xa0\x80", 0, "\\xed\\xa0\\x80");
	escaped_is("\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80");
	escaped_is("\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80");
	/* for jansson: only what JSON cannot hold */
	escaped_is("\x1b\xc2\x9b\xff", TS_UTF8_ONLY, "\x1b\xc2\x9b\\xff");
	escaped_is(NULL, 0, "");
	assert_int_equal(termsafe_clean("Đuối\n", TS_KEEP_NL), 1);
	assert_int_equal(termsafe_clean("\x1b", 0), 0);
	assert_int_equal(termsafe_clean("\xc2\x9b", 0), 0);
	assert_int_equal(termsafe_clean("\xff", TS_UTF8_ONLY), 0);
	assert_int_equal(termsafe_clean("\x1b", TS_UTF8_ONLY), 1);
}

static void
termsafe_json_c1(void **state)
{
	char *t;

	(void)state;
	t = termsafe_json("{\"a\":\"x\xc2\x9by\x7f\xc2\xa0\"}");
	assert_string_equal(t, "{\"a\":\"x\\u009By\\u007F\xc2\xa0\"}");
	free(t);
	t = termsafe_json("");
	assert_string_equal(t, "");
	free(t);
}

static void
log_clean_escapes(void **state)
{
	char		 out[64];
	const char	*in = "err \x1b]0;t\x07 \xc2\x9b \xff ok";

	(void)state;
	assert_string_equal(log_clean(in, strlen(in), out, sizeof(out)),
	    "err \\x1b]0;t\\x07 \\u009b \\xff ok");
	/* cut on whole characters: still UTF-8, then "..." */
	assert_string_equal(log_clean("\xc4\x90\xc4\x90\xc4\x90", 6, out,
	    8), "\xc4\x90...");
	assert_string_equal(log_clean("\x1b\x1b", 2, out, 8), "...");
	assert_string_equal(log_clean("abc", 3, out, 0), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_formula_triggers),
		cmocka_unit_test(csv_numbers_stay_text),
		cmocka_unit_test(csv_quoting),
		cmocka_unit_test(csv_controls_visible),
		cmocka_unit_test(termsafe_forms),
		cmocka_unit_test(termsafe_json_c1),
		cmocka_unit_test(log_clean_escapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
