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
	render("BH G", 0, NULL, out);
	assert_string_equal(out, "Thieu tuoi. Mau: BH <T/G> <tuoi>. "
	    "Vd: BH T 12");
	/* a code that may alert goes to review, and still says what is
	 * missing */
	render("BL G", 0, NULL, out);
	assert_string_equal(out, "Da nhan #0. Can bo xa se goi lai cho ban. "
	    "Thieu tuoi. Mau: BL <T/G> <tuoi>. Vd: BL G 9 (1 tre gai 9 tuoi)");
	render("BLL G 9", 0, NULL, out);
	assert_non_null(strstr(out, "Co phai BL?"));
}

/* Renders text received at local time `at`, as the gateway does. */
static void
render_at(const char *text, struct local_time at, char *out)
{
	struct sms_result	r;
	struct reply_ctx	ctx = { 5, "BAT03", { -1, -1, -1 }, NULL };

	sms_parse(C->codebook, text, strlen(text), &at, &r);
	reply_render_at(C->codebook, &r, &ctx, &at, NULL, out);
}

/* Weeks by their days and relative to the message, never ISO numbers. */
static void
weeks_people_read(void **state)
{
	char		out[REPLY_SIZE], text[64];
	struct period	p = { CB_PERIOD_WEEK, 2026, 48 };

	(void)state;
	/* Monday morning: the week just ended (grace_hours = 12) */
	render_at("KO", lt(2026, 11, 30, 9, 0), out);
	assert_string_equal(out, "Da nhan #5: khong co su viec tuan truoc "
	    "(23-29/11), thon BAT03. Cam on!");
	render_at("KO", lt(2026, 11, 30, 13, 0), out);
	assert_string_equal(out, "Da nhan #5: khong co su viec tuan nay, "
	    "thon BAT03. Cam on!");
	/* an older week named in the message: its days */
	render_at("KO W46", lt(2026, 11, 28, 9, 0), out);
	assert_non_null(strstr(out, "khong co su viec tuan 9-15/11,"));
	assert_null(strstr(out, "46"));
	/* across months, across years, without a reference time */
	reply_period(C->codebook, &p, text, sizeof(text));
	assert_string_equal(text, "tuan 23-29/11/2026");
	p.num = 49;
	reply_period_at(C->codebook, &p, &(struct local_time){ 2026, 12, 2,
	    8, 0 }, text, sizeof(text));
	assert_string_equal(text, "tuan nay");
	reply_period_at(C->codebook, &p, &(struct local_time){ 2027, 1, 20,
	    8, 0 }, text, sizeof(text));
	assert_string_equal(text, "tuan 30/11-6/12/2026");
	p = (struct period){ CB_PERIOD_WEEK, 2026, 53 };
	reply_period_at(C->codebook, &p, &(struct local_time){ 2027, 1, 5,
	    8, 0 }, text, sizeof(text));
	assert_string_equal(text, "tuan truoc (28/12-3/1)");
	/* months and quarters are unchanged */
	p = (struct period){ CB_PERIOD_MONTH, 2026, 11 };
	reply_period_at(C->codebook, &p, &(struct local_time){ 2026, 12, 2,
	    8, 0 }, text, sizeof(text));
	assert_string_equal(text, "thang 11/2026");
}

/*
 * HD: every code a reporter sends, with its name, the most used first;
 * each page one SMS naming the next; past the end, the first page.
 */
static void
help_pages(void **state)
{
	const struct codebook	*cb = C->codebook;
	char			 out[REPLY_SIZE], first[REPLY_SIZE], text[32];
	char			 all[2048] = "", entry[128];
	int			 page, k, seen;

	(void)state;
	render("HD", 0, NULL, first);
	assert_true(strncmp(first, "KO khong co su viec, BL bao luc, XH xam "
	    "hai tinh duc, DN duoi nuoc", 58) == 0);
	assert_non_null(strstr(first, ". Xem tiep: HD 2"));
	render("huong dan", 0, NULL, out);
	assert_string_equal(out, first);
	for (page = 1; page < 20; page++) {
		snprintf(text, sizeof(text), "HD %d", page);
		render(text, 0, NULL, out);
		assert_true(gsm7_valid(out, REPLY_MAX));
		strncat(all, out, sizeof(all) - strlen(all) - 1);
		strncat(all, " ", sizeof(all) - strlen(all) - 1);
		snprintf(text, sizeof(text), "HD %d", page + 1);
		if (strstr(out, text) == NULL)
			break;
	}
	assert_int_equal(page, 4);
	for (k = 0; k < cb->ncodes; k++) {
		const struct cb_code *c = &cb->codes[k];

		snprintf(entry, sizeof(entry), "%s %s", c->code, c->name);
		seen = strstr(all, entry) != NULL;
		/* what reporters send, once; not DK, HD or officers' codes */
		assert_int_equal(seen, c->kind != CB_REGISTER &&
		    c->kind != CB_HELP && c->kind != CB_CASE);
		if (seen)
			assert_null(strstr(strstr(all, entry) + 1, entry));
	}
	render("HD 99", 0, NULL, out);
	assert_string_equal(out, first);
	render("HD 1", 0, NULL, out);
	assert_string_equal(out, first);
	/* a code: its template, as before */
	render("HD BL", 0, NULL, out);
	assert_string_equal(out, "BL bao luc. Mau: BL <T/G> <tuoi>. Vd: BL G "
	    "9 (1 tre gai 9 tuoi)");
}

/* HD HC: the 14 groups of the Law on Children, art. 10, with meanings. */
static void
help_groups(void **state)
{
	const struct cb_vocab	*g;
	char			 out[REPLY_SIZE], all[2048] = "", text[32];
	char			 entry[128];
	int			 page, k, v;

	(void)state;
	v = codebook_vocab(C->codebook, "group");
	assert_true(v >= 0);
	g = &C->codebook->vocabs[v];
	assert_int_equal(g->nvalues, 14);
	render("HD HC", 0, NULL, out);
	assert_true(strncmp(out, "HC nhom hoan canh: A mo coi ca cha me, B bi "
	    "bo roi,", 50) == 0);
	for (page = 1; page < 10; page++) {
		snprintf(text, sizeof(text), "HD HC %d", page);
		render(text, 0, NULL, out);
		assert_true(gsm7_valid(out, REPLY_MAX));
		strncat(all, out, sizeof(all) - strlen(all) - 1);
		snprintf(text, sizeof(text), "HD HC %d", page + 1);
		if (strstr(out, text) == NULL)
			break;
	}
	assert_true(page >= 2);
	for (k = 0; k < g->nvalues; k++) {
		snprintf(entry, sizeof(entry), " %s %s", g->values[k].value,
		    g->values[k].label);
		assert_non_null(strstr(all, entry));
		/* a meaning, not "nhom A" */
		assert_null(strstr(g->values[k].label, "nhom"));
	}
	render("HD HOANCANH", 0, NULL, out);
	assert_true(strncmp(out, "HC nhom hoan canh: A", 20) == 0);
}

/* An age out of range says the limit, in years or months. */
static void
age_limits(void **state)
{
	char out[REPLY_SIZE];

	(void)state;
	render("BH G 19", 0, NULL, out);
	assert_string_equal(out, "Sai tuoi: duoi 18 tuoi. Mau: BH <T/G> "
	    "<tuoi>. Vd: BH T 12");
	/* codes that may alert go to review, which says the limit too */
	render("BL G 19", 0, NULL, out);
	assert_non_null(strstr(out, "goi lai cho ban. Sai tuoi: duoi 18 "
	    "tuoi. Mau: BL"));
	render("TV G 6", 0, NULL, out);
	assert_non_null(strstr(out, "Sai tuoi: duoi 5 tuoi. Mau: TV"));
	render("TV G 70TH", 0, NULL, out);
	assert_non_null(strstr(out, "Sai tuoi: duoi 5 tuoi."));
	/* another slot keeps the plain reply */
	render("MCO G 9 3", 0, NULL, out);
	assert_true(strncmp(out, "Sai cha me mat. Mau: MCO", 24) == 0);
}

/* Two codes offered when two qualify, keypad slips first. */
static void
two_suggestions(void **state)
{
	char out[REPLY_SIZE];

	(void)state;
	render("MC G 9 2", 0, NULL, out);	/* the old code of MCO */
	assert_true(strncmp(out, "Khong hieu ma MC. Co phai MB hoac MCO? "
	    "Mau: MB", 46) == 0);
	render("XG T 14", 0, NULL, out);	/* a slip of XH, once a code */
	assert_true(strncmp(out, "Khong hieu ma XG. Co phai XH hoac", 33) ==
	    0);
	render("BLL G 9", 0, NULL, out);
	assert_non_null(strstr(out, "Co phai BL? Mau: BL"));
}

/* The parse result's newer fields: words, plausibility, review, several. */
static void
result_fields(void **state)
{
	struct sms_result	r, dn;
	struct reply_ctx	ctx = { 12, "BAT03", { -1, -1, -1 }, NULL };
	const struct cb_code	*xh = codebook_find(C->codebook, "XH");
	const long		refs[2] = { 12, 13 };
	const long		big[SMS_MAX_REPORTS] = { 999999996, 999999997,
				    999999998, 999999999 };
	const struct sms_report	*reps[SMS_MAX_REPORTS];
	char			out[REPLY_SIZE], tmpl[CB_TEXT_MAX];

	(void)state;
	parse_at(C, "BL G 9", &r);
	r.report.words = 1;
	reply_render(C->codebook, &r, &ctx, out);
	assert_string_equal(out, "Da nhan #12: BL bao luc, 1 tre gai 9 tuoi "
	    "(hieu tu chu), thon BAT03. Sai: SUA 12 <tin dung>. Huy: HUY 12");
	/* a template without {words} gets it at its end */
	memcpy(tmpl, C->codebook->replies[CB_R_ACCEPTED], sizeof(tmpl));
	snprintf(C->codebook->replies[CB_R_ACCEPTED], CB_TEXT_MAX,
	    "OK #{ref}.");
	reply_render(C->codebook, &r, &ctx, out);
	assert_string_equal(out, "OK #12. (hieu tu chu)");
	memcpy(C->codebook->replies[CB_R_ACCEPTED], tmpl, sizeof(tmpl));
	r.report.words = 0;
	r.report.implausible = 1;
	reply_render(C->codebook, &r, &ctx, out);
	assert_string_equal(out, "Da nhan #12: BL bao luc, 1 tre gai 9 tuoi. "
	    "Xin kiem tra lai tuoi. Neu sai: SUA 12 <tin dung>");

	/* review: the template of the code it may be, or HD's */
	parse_at(C, "XH G", &r);
	assert_int_equal(r.error, SMS_MISSING_FIELD);
	r.review = SMS_REVIEW_MISSING;
	r.review_code = xh;
	reply_render(C->codebook, &r, &ctx, out);
	assert_string_equal(out, "Da nhan #12. Can bo xa se goi lai cho ban. "
	    "Thieu tuoi. Mau: XH <T/G> <tuoi>. Vd: XH G 13 CA (gai 13 tuoi, "
	    "da bao cong an)");
	r.review_code = NULL;
	reply_render(C->codebook, &r, &ctx, out);
	assert_string_equal(out, "Da nhan #12. Can bo xa se goi lai cho ban. "
	    "HD huong dan. Mau: HD (ma). Vd: HD BL");

	/* several reports: each number and code, the alert when one alerts */
	parse_at(C, "BL G 9", &r);
	parse_at(C, "DN T 7 C", &dn);
	r.more[0] = dn.report;
	r.nmore = 1;
	reply_render_at(C->codebook, &r, &ctx, NULL, refs, out);
	assert_string_equal(out, "Da nhan 2 bao cao: #12 BL, #13 DN, thon "
	    "BAT03. Khan cap goi 111 hoac 113. Sai: SUA <so> <tin dung>");
	/* without the numbers, the first report's reply */
	reply_render(C->codebook, &r, &ctx, out);
	assert_true(strncmp(out, "Da nhan #12: BL bao luc", 23) == 0);
	/* four with the longest numbers still fit */
	reps[0] = reps[1] = reps[2] = reps[3] = &dn.report;
	assert_true(reply_multi(C->codebook, reps, big, SMS_MAX_REPORTS,
	    "BAT03", out) <= REPLY_MAX);
	assert_non_null(strstr(out, "#999999999 DN"));
	assert_true(gsm7_valid(out, REPLY_MAX));
}

static void
never_over_160(void **state)
{
	static const char *const msgs[] = {
		"XH G 13 N CA YT MOI BAT03 ghi chu rat dai",
		"SDD 60 8 14 2", "HD", "HD TN", "BOI 120 35 20",
		"HD 2", "HD 3", "HD 4", "HD HC", "HD HC 2", "HD HC 3",
		"BL G 30", "TV T 9", "XG G 9", "TTR", "KO",
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
		cmocka_unit_test(weeks_people_read),
		cmocka_unit_test(help_pages),
		cmocka_unit_test(help_groups),
		cmocka_unit_test(age_limits),
		cmocka_unit_test(two_suggestions),
		cmocka_unit_test(result_fields),
		cmocka_unit_test(never_over_160),
		cmocka_unit_test(fit_folds_and_cuts),
		cmocka_unit_test(operator_template_cannot_overflow),
		cmocka_unit_test(unknown_placeholders_vanish),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
