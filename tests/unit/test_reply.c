/* Reply rendering: one GSM-7 SMS of at most 160 characters, always. */
#include "testutil.h"

#include "reply.h"

static struct conf *C;

static int
setup(void **state)
{
	(void)state;
	C = default_conf();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	conf_free(C);
	return 0;
}

static void
render(const char *text, long ref, const char *village, char *out)
{
	struct sms_result	r;
	struct reply_ctx	ctx = { ref, village, { -1, -1, -1 }, NULL };

	parse_at(C, text, &r);
	reply_render(C->codebook, &r, &ctx, out);
}

static void
accepted_names_ref_and_village(void **state)
{
	char out[REPLY_SIZE];

	(void)state;
	render("BL 1 G 9", 123, "BAT03", out);
	assert_string_equal(out, "Da nhan #123: BL bao luc, 1 tre gai 9 tuoi, "
	    "thon BAT03. Sai: SUA 123 <tin dung>. Huy: HUY 123");
	render("XH G 13", 7, NULL, out);
	assert_non_null(strstr(out, "Khan cap goi 111 hoac 113."));
}

static void
errors_teach_the_form(void **state)
{
	char out[REPLY_SIZE];

	(void)state;
	render("BL G", 0, NULL, out);
	assert_string_equal(out, "Thieu tuoi. Mau: BL <T/G> <tuoi>. "
	    "Vd: BL G 9 (1 tre gai 9 tuoi)");
	render("BLL G 9", 0, NULL, out);
	assert_non_null(strstr(out, "Co phai BL?"));
}

static void
never_over_160(void **state)
{
	static const char *const msgs[] = {
		"XH G 13 N CA YT MOI BAT03 ghi chu rat dai",
		"SDD 60 8 14 2", "HD", "HD TN", "BOI 120 35 20",
		"DK BAD01 Nguyễn Thị Hoa Hoa Hoa Hoa Hoa Hoa Hoa Hoa Hoa Hoa "
		"Hoa Hoa Hoa Hoa Hoa Hoa Hoa Hoa Hoa Hoa Hoa Hoa",
	};
	char	out[REPLY_SIZE];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		render(msgs[i], 999999999, "BAT03", out);
		assert_true(gsm7_valid(out, REPLY_MAX));
	}
}

static void
fit_folds_and_cuts(void **state)
{
	char buf[400];

	(void)state;
	snprintf(buf, sizeof(buf), "Đã nhận [x] {y} ~ | \\ ^ `z` €");
	gsm7_fit(buf, sizeof(buf), REPLY_MAX);
	assert_string_equal(buf, "Da nhan (x) (y) - / / 'z' ?");
	memset(buf, 0, sizeof(buf));
	for (size_t i = 0; i < 300; i++)
		buf[i] = i % 10 == 9 ? ' ' : 'a';
	assert_int_equal(gsm7_fit(buf, sizeof(buf), REPLY_MAX) <= REPLY_MAX,
	    1);
	assert_int_equal(strlen(buf), 152);	/* cut at a space, then ... */
	assert_string_equal(buf + strlen(buf) - 3, "...");
	assert_true(gsm7_valid(buf, REPLY_MAX));
	/* control bytes become spaces; a line break is GSM-7 and stays
	 * (USSD menus are lines), without spaces around it */
	snprintf(buf, sizeof(buf), "a\tb\r\nc\x01");
	gsm7_fit(buf, sizeof(buf), REPLY_MAX);
	assert_string_equal(buf, "a b\nc");
	snprintf(buf, sizeof(buf), "M\xe1\xbb\x99t\n\n  Hai ");
	gsm7_fit(buf, sizeof(buf), REPLY_MAX);
	assert_string_equal(buf, "Mot\n\nHai");
}

static void
operator_template_cannot_overflow(void **state)
{
	char		 out[REPLY_SIZE];
	struct reply_var v = { "summary", "x" };

	(void)state;
	memset(C->codebook->replies[CB_R_EMPTY], 'W', CB_TEXT_MAX - 1);
	C->codebook->replies[CB_R_EMPTY][CB_TEXT_MAX - 1] = '\0';
	assert_int_equal(reply_format(C->codebook, CB_R_EMPTY, &v, 1, out),
	    REPLY_MAX);
	assert_true(gsm7_valid(out, REPLY_MAX));
}

static void
unknown_placeholders_vanish(void **state)
{
	char		 out[REPLY_SIZE];
	struct reply_var v = { "ref", "12" };

	(void)state;
	snprintf(C->codebook->replies[CB_R_CANCELLED], CB_TEXT_MAX,
	    "#{ref} {nope} ok {");
	reply_format(C->codebook, CB_R_CANCELLED, &v, 1, out);
	assert_string_equal(out, "#12 ok (");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepted_names_ref_and_village),
		cmocka_unit_test(errors_teach_the_form),
		cmocka_unit_test(never_over_160),
		cmocka_unit_test(fit_folds_and_cuts),
		cmocka_unit_test(operator_template_cannot_overflow),
		cmocka_unit_test(unknown_placeholders_vanish),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
