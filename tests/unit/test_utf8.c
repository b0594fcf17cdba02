/*
 * The UTF-8 helpers: validation by RFC 3629, repair with U+FFFD, cutting
 * on a character boundary, and the JSON sanitizer that lets a decoder
 * read an answer whose one record holds bad bytes or a lone surrogate.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "utf8.h"

static void
valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("Đuối nước", strlen("Đuối nước")));
	assert_true(utf8_valid("\xf0\x9f\x98\x80", 4));		/* emoji */
	assert_false(utf8_valid("\xc0\xaf", 2));		/* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3));		/* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));	/* > 10FFFF */
	assert_false(utf8_valid("\xc3", 1));			/* cut */
	assert_false(utf8_valid("a\xff", 2));
}

static void
repair(void **state)
{
	char	*out;
	size_t	 len;

	(void)state;
	assert_int_equal(utf8_repair("BL\xff G 9", 7, &out, &len), 1);
	assert_string_equal(out, "BL\xef\xbf\xbd G 9");
	assert_int_equal(len, strlen(out));
	free(out);
	/* a character cut at the end */
	assert_int_equal(utf8_repair("chu\xe1\xbb", 5, &out, &len), 2);
	assert_string_equal(out, "chu\xef\xbf\xbd\xef\xbf\xbd");
	assert_true(utf8_valid(out, len));
	free(out);
	assert_int_equal(utf8_repair("", 0, &out, &len), 0);
	assert_string_equal(out, "");
	free(out);
}

static void
cut(void **state)
{
	const char *s = "ab\xe1\xbb\x91";	/* "abố" */

	(void)state;
	assert_int_equal(utf8_cut(s, 5, 10), 5);
	assert_int_equal(utf8_cut(s, 5, 4), 2);	/* never inside ố */
	assert_int_equal(utf8_cut(s, 5, 2), 2);
	assert_int_equal(utf8_cut("\xff\xff\xff", 3, 2), 2);
}

static void
json_sanitize(void **state)
{
	char	*out;
	size_t	 len;

	(void)state;
	out = utf8_json_sanitize("\"\\ud800x\"", 9, &len);
	assert_string_equal(out, "\"\\uFFFDx\"");
	free(out);
	/* a proper pair and other escapes stay as they are */
	out = utf8_json_sanitize("\"\\ud83d\\ude00 \\\\ud800 \\n\"", 25, &len);
	assert_string_equal(out, "\"\\ud83d\\ude00 \\\\ud800 \\n\"");
	free(out);
	/* a low half alone, and a high half at the very end */
	out = utf8_json_sanitize("\\udc00\\ud800", 12, &len);
	assert_string_equal(out, "\\uFFFD\\uFFFD");
	free(out);
	/* the common case needs no copy */
	assert_false(utf8_json_needs_sanitize("{\"t\":\"Đuối \\u0041\"}",
	    strlen("{\"t\":\"Đuối \\u0041\"}")));
	assert_true(utf8_json_needs_sanitize("\"\\uD800\"", 8));
	assert_true(utf8_json_needs_sanitize("\"\xff\"", 3));
	out = utf8_json_sanitize("\"\xff\"", 3, &len);
	assert_string_equal(out, "\"\xef\xbf\xbd\"");
	assert_int_equal(len, 5);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid),
		cmocka_unit_test(repair),
		cmocka_unit_test(cut),
		cmocka_unit_test(json_sanitize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
