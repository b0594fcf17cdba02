/*
 * The USSD menu engine: menus made from the code book, pages that fit,
 * every code reachable, refusals that keep the question, and a finished
 * session written as an SMS the grammar accepts.
 */
#include "testutil.h"

#include "reply.h"
#include "ussd.h"

static struct conf *C;
static struct local_time AT = { 2026, 11, 28, 9, 0 };

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
answer(const char *text, const char *const *villages, size_t nv,
    struct ussd_answer *a)
{
	struct ussd_request rq;

	memset(&rq, 0, sizeof(rq));
	rq.cb = C->codebook;
	rq.text = text;
	rq.len = strlen(text);
	rq.villages = villages;
	rq.nvillages = nv;
	rq.at = &AT;
	ussd_answer(&rq, a);
	assert_true(strlen(a->screen) <= USSD_BODY_MAX);
	assert_true(gsm7_valid(a->screen, USSD_BODY_MAX));
}

static void
main_menu_from_the_code_book(void **state)
{
	struct ussd_answer a;

	(void)state;
	answer("", NULL, 0, &a);
	assert_int_equal(a.action, USSD_CONTINUE);
	assert_string_equal(a.screen, "Bao cao tre em:\n1. Bao su viec\n"
	    "2. Gui so lieu\n3. Khong co su viec tuan nay\n4. Huong dan");
}

/* Walks the incident pages with "Tiep" and collects every code listed. */
static void
every_incident_code_on_some_page(void **state)
{
	struct ussd_answer	a;
	char			text[256] = "1", *p;
	int			found[CB_MAX_CODES] = { 0 }, i, pages = 0;

	(void)state;
	for (;;) {
		int next = 0;

		answer(text, NULL, 0, &a);
		pages++;
		for (p = a.screen; (p = strchr(p, '\n')) != NULL; p++) {
			char	code[16], *end;
			long	n = strtol(p + 1, &end, 10);
			size_t	k = 0;

			if (end == p + 1 || strncmp(end, ". ", 2) != 0)
				continue;
			for (end += 2; *end != '\0' && *end != ' ' &&
			    *end != '\n' && k + 1 < sizeof(code); end++)
				code[k++] = *end;
			code[k] = '\0';
			if (strcmp(code, "Tiep") == 0)
				next = (int)n;
			for (i = 0; i < C->codebook->ncodes; i++)
				if (strcmp(C->codebook->codes[i].code, code) == 0)
					found[i] = 1;
		}
		if (next == 0)
			break;
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    "*%d", next);
	}
	assert_true(pages >= 2);
	for (i = 0; i < C->codebook->ncodes; i++)
		if (C->codebook->codes[i].kind == CB_INCIDENT)
			assert_true(found[i]);
}

static void
refusals_keep_the_question(void **state)
{
	struct ussd_answer a;

	(void)state;
	answer("1*99", NULL, 0, &a);
	assert_int_equal(a.action, USSD_CONTINUE);
	assert_non_null(strstr(a.screen, "Sai lua chon.\nLoai su viec:"));
	answer("1*1*2*x", NULL, 0, &a);
	assert_non_null(strstr(a.screen, "Can nhap mot so.\nTuoi"));
	answer("1*1*2*40", NULL, 0, &a);
	assert_non_null(strstr(a.screen, "Phai tu 0 den 17."));
	answer("2*1*100*150", NULL, 0, &a);
	assert_non_null(strstr(a.screen, "khong the lon hon"));
	assert_non_null(strstr(a.screen, "(100)"));
}

static void
finished_session_is_an_sms_the_grammar_takes(void **state)
{
	struct ussd_answer	a;
	struct sms_result	r;

	(void)state;
	answer("1*1*2*9*1*2", NULL, 0, &a);
	assert_int_equal(a.action, USSD_CONTINUE);
	assert_non_null(strstr(a.screen, "BL bao luc, 1 tre gai 9 tuoi, nang"));
	answer("1*1*2*9*1*2*1", NULL, 0, &a);
	assert_int_equal(a.action, USSD_SUBMIT);
	assert_string_equal(a.sms, "BL G 1 9 N");
	assert_int_equal(sms_parse(C->codebook, a.sms, strlen(a.sms), &AT,
	    &r), SMS_OK);
	assert_int_equal(r.report.age_months, 108);
	/* under one year: months */
	answer("1*7*6*2*2*0*8*1*1*1", NULL, 0, &a);
	assert_int_equal(a.action, USSD_SUBMIT);
	assert_string_equal(a.sms, "TV G 1 8TH");
	/* cancelled at the confirm screen: nothing to store */
	answer("1*1*2*9*1*2*2", NULL, 0, &a);
	assert_int_equal(a.action, USSD_END);
}

static void
commune_reporter_names_the_village(void **state)
{
	static const char *const v[] = { "BAT01", "BAT02", "BAT03" };
	struct ussd_answer a;

	(void)state;
	answer("3", v, 3, &a);
	assert_int_equal(a.action, USSD_CONTINUE);
	assert_non_null(strstr(a.screen, "2. BAT02"));
	answer("3*2", v, 3, &a);
	assert_int_equal(a.action, USSD_SUBMIT);
	assert_string_equal(a.sms, "KO BAT02");
	answer("3", NULL, 0, &a);
	assert_int_equal(a.action, USSD_SUBMIT);
	assert_string_equal(a.sms, "KO");
}

static void
hostile_inputs(void **state)
{
	struct ussd_answer	a;
	char			big[4096];

	(void)state;
	memset(big, '*', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	answer(big, NULL, 0, &a);	/* 4,095 empty inputs */
	assert_int_equal(a.action, USSD_END);
	answer("1\0" "2", NULL, 0, &a);	/* a NUL ends the text */
	answer("\xff\xfe*1", NULL, 0, &a);
	assert_int_equal(a.action, USSD_CONTINUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(main_menu_from_the_code_book),
		cmocka_unit_test(every_incident_code_on_some_page),
		cmocka_unit_test(refusals_keep_the_question),
		cmocka_unit_test(finished_session_is_an_sms_the_grammar_takes),
		cmocka_unit_test(commune_reporter_names_the_village),
		cmocka_unit_test(hostile_inputs),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
