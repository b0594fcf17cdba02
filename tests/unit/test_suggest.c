/* Suggestions for unknown codes, and phone numbers. */
#include "testutil.h"

#include "phone.h"

static void
distance(void **state)
{
	(void)state;
	assert_int_equal(sms_distance("BL", "BL"), 0);
	assert_int_equal(sms_distance("BLL", "BL"), 1);
	assert_int_equal(sms_distance("LB", "BL"), 1);	/* transposition */
	assert_int_equal(sms_distance("XL", "BL"), 1);
	assert_int_equal(sms_distance("ABC", "ACB"), 1);
	assert_int_equal(sms_distance("HELLO", "HELP"), 2);
	assert_int_equal(sms_distance("ABCDEFG", "A"), 3);	/* capped */
}

/* A tiny code book, so the candidates are known exactly. */
static struct codebook *
small(void)
{
	struct codebook	*cb = codebook_new();
	const char	*err;

	memcpy(cb->codes[0].code, "BL", 3);
	memcpy(cb->codes[1].code, "DN", 3);
	memcpy(cb->codes[2].code, "MN", 3);
	cb->ncodes = 3;
	assert_int_equal(codebook_add_code_word(cb, 0, "BL", &err), 0);
	assert_int_equal(codebook_add_code_word(cb, 0, "BAO LUC", &err), 0);
	assert_int_equal(codebook_add_code_word(cb, 1, "DN", &err), 0);
	assert_int_equal(codebook_add_code_word(cb, 2, "MN", &err), 0);
	return cb;
}

static void
suggestions(void **state)
{
	struct codebook		*cb = small();
	const struct cb_code	*s, *two[SMS_SUGGEST_MAX];

	(void)state;
	assert_non_null(s = sms_suggest(cb, "BLL"));
	assert_string_equal(s->code, "BL");
	assert_non_null(s = sms_suggest(cb, "BAOLUX"));	/* phrase squeezed */
	assert_string_equal(s->code, "BL");
	/* "AL" is typed on the same keys as "BL" (2 5) */
	assert_non_null(s = sms_suggest(cb, "AK"));
	assert_string_equal(s->code, "BL");
	/* DM: one edit from DN, and typed on the same keys (3 6) */
	assert_non_null(s = sms_suggest(cb, "DM"));
	assert_string_equal(s->code, "DN");
	/* XN is one edit from both DN and MN: both, in code book order */
	assert_int_equal(sms_suggestions(cb, "XN", two), 2);
	assert_ptr_equal(two[0], &cb->codes[1]);
	assert_ptr_equal(two[1], &cb->codes[2]);
	/* NN: one keypad slip from MN (M and N on key 6) and one edit from
	 * DN: the slip first, though DN comes first in the code book */
	assert_int_equal(sms_suggestions(cb, "NN", two), 2);
	assert_ptr_equal(two[0], &cb->codes[2]);
	assert_ptr_equal(two[1], &cb->codes[1]);
	assert_int_equal(sms_suggestions(cb, "DM", two), 1);
	/* "BL" with a letter left out at the end is no guess for a one-letter
	 * word: one edit from it is any short word */
	assert_int_equal(sms_suggestions(cb, "B", two), 0);
	assert_null(sms_suggest(cb, "QQQQ"));
	assert_int_equal(sms_suggestions(cb, "QQQQ", two), 0);
	codebook_free(cb);
}

/* Slips are counted per letter; another key is no slip at all. */
static void
keypad_slips(void **state)
{
	(void)state;
	assert_int_equal(sms_keypad_slips("XH", "XG"), 1);	/* 4 GHI */
	assert_int_equal(sms_keypad_slips("MB", "MC"), 1);	/* 2 ABC */
	assert_int_equal(sms_keypad_slips("AK", "BL"), 2);
	assert_int_equal(sms_keypad_slips("BL", "BL"), 0);
	assert_int_equal(sms_keypad_slips("BL", "BM"), -1);	/* 5, 6 */
	assert_int_equal(sms_keypad_slips("BL", "BLL"), -1);
	assert_int_equal(sms_keypad_slips("PS", "SP"), 2);	/* 7 PQRS */
	assert_int_equal(sms_keypad_slips("W0", "Z0"), 1);	/* digits: */
	assert_int_equal(sms_keypad_slips("W0", "W1"), -1);	/* themselves */
}

static void
word_clashes(void **state)
{
	struct codebook	*cb = small();
	const char	*err = NULL;

	(void)state;
	assert_int_equal(codebook_add_code_word(cb, 1, "BAO LUC", &err), -1);
	assert_non_null(err);
	assert_int_equal(codebook_add_code_word(cb, 0, "A B C D", &err), -1);
	assert_int_equal(codebook_add_village(cb, "BAT01", &err), 0);
	assert_int_equal(codebook_add_village(cb, "bat01", &err), -1);
	codebook_free(cb);
}

static void
table_grows(void **state)
{
	struct codebook	*cb = codebook_new();
	const char	*err;
	char		 code[16];
	int		 i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		snprintf(code, sizeof(code), "V%04d", i);
		assert_int_equal(codebook_add_village(cb, code, &err), 0);
	}
	assert_int_equal(cb->nvillages, 3000);
	assert_non_null(codebook_lookup(cb, "V2999", 5));
	assert_int_equal(cb_word_village(codebook_lookup(cb, "V1234", 5)),
	    1234);
	codebook_free(cb);
}

static void
phones(void **state)
{
	char out[PHONE_MAX];

	(void)state;
	assert_int_equal(phone_normalize("0912345678", "84", out), 0);
	assert_string_equal(out, "+84912345678");
	assert_int_equal(phone_normalize("84912345678", "84", out), 0);
	assert_string_equal(out, "+84912345678");
	assert_int_equal(phone_normalize("+84 912 345 678", "84", out), 0);
	assert_string_equal(out, "+84912345678");
	assert_int_equal(phone_normalize("0084912345678", "84", out), 0);
	assert_string_equal(out, "+84912345678");
	assert_int_equal(phone_normalize("912345678", "84", out), 0);
	assert_string_equal(out, "+84912345678");
	assert_int_equal(phone_normalize("385916242493", "84", out), 0);
	assert_string_equal(out, "+385916242493");
	assert_int_equal(phone_normalize("8077", "84", out), -1);
	assert_int_equal(phone_normalize("VIETTEL", "84", out), -1);
	assert_int_equal(phone_normalize("+1234567890123456", "84", out), -1);
	assert_int_equal(phone_normalize("", "84", out), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(distance),
		cmocka_unit_test(suggestions),
		cmocka_unit_test(keypad_slips),
		cmocka_unit_test(word_clashes),
		cmocka_unit_test(table_grows),
		cmocka_unit_test(phones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
