/*
 * The USSD menu engine: menus made from the code book, pages that fit,
 * every code reachable, refusals that keep the question, and a finished
 * session written as an SMS the grammar accepts.
 */
#include <strings.h>

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
	    "2. Gui so lieu\n3. Khong co su viec\n4. Huong dan");
}

/* The code whose name is on a list line "N. Name", or -1. */
static int
code_named(const char *line)
{
	int i;

	for (i = 0; i < C->codebook->ncodes; i++)
		if (strcasecmp(C->codebook->codes[i].name, line) == 0)
			return i;
	return -1;
}

/*
 * Walks the incident pages with "Tiep": every code is listed once, by its
 * name, in the code book's menu order (ranked codes first).
 */
static void
incident_list_in_menu_order(void **state)
{
	const struct codebook	*cb = C->codebook;
	struct ussd_answer	 a;
	char			 text[256] = "1", *p;
	int			 order[CB_MAX_CODES], n, seen = 0, pages = 0;

	(void)state;
	n = codebook_menu(cb, CB_INCIDENT, order);
	assert_true(n > 9);
	/* the ranked codes come first, by rank */
	assert_int_equal(cb->codes[order[0]].menu, 1);
	assert_int_equal(cb->codes[order[1]].menu, 2);
	assert_int_equal(cb->codes[order[n - 1]].menu, 0);
	for (;;) {
		int next = 0;

		answer(text, NULL, 0, &a);
		pages++;
		for (p = a.screen; (p = strchr(p, '\n')) != NULL; p++) {
			char	line[96], *end;
			long	k = strtol(p + 1, &end, 10);

			if (end == p + 1 || strncmp(end, ". ", 2) != 0)
				continue;
			snprintf(line, sizeof(line), "%.*s",
			    (int)strcspn(end + 2, "\n"), end + 2);
			if (strcmp(line, cb->ussd[CB_U_NEXT]) == 0) {
				next = (int)k;
				continue;
			}
			assert_true(seen < n);
			assert_int_equal(code_named(line), order[seen]);
			seen++;
		}
		if (next == 0)
			break;
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    "*%d", next);
	}
	assert_int_equal(seen, n);
	assert_int_equal(pages, 2);
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
	assert_non_null(strstr(a.screen, "Can nhap mot so.\nTuoi cua tre"));
	answer("1*1*2*40", NULL, 0, &a);
	assert_non_null(strstr(a.screen, "Phai tu 0 den 17."));
	answer("1*1*2*0*30", NULL, 0, &a);
	assert_non_null(strstr(a.screen, "Phai tu 0 den 23.\nTre may thang"));
	answer("1*1*4*1", NULL, 0, &a);	/* "more children": two or more */
	assert_non_null(strstr(a.screen, "Phai tu 2 den 99.\nBao nhieu tre"));
	answer("2*1*100*150", NULL, 0, &a);
	assert_non_null(strstr(a.screen, "khong the lon hon"));
	assert_non_null(strstr(a.screen, "(100)"));
}

/* Submits text and checks the SMS it stands for parses as the same. */
static void
submits(const char *text, const char *sms)
{
	struct ussd_answer	a;
	struct sms_result	r;

	answer(text, NULL, 0, &a);
	assert_int_equal(a.action, USSD_SUBMIT);
	assert_string_equal(a.sms, sms);
	assert_int_equal(sms_parse(C->codebook, a.sms, strlen(a.sms), &AT,
	    &r), SMS_OK);
}

static void
finished_session_is_an_sms_the_grammar_takes(void **state)
{
	struct ussd_answer a;

	(void)state;
	/* violence: the flag that decides the alert, in plain words */
	answer("1*2*2*9", NULL, 0, &a);
	assert_string_equal(a.screen, "Tre bi thuong nang, phai di vien?\n"
	    "1. Co\n2. Khong");
	answer("1*2*2*9*1", NULL, 0, &a);
	assert_int_equal(a.action, USSD_CONTINUE);
	assert_non_null(strstr(a.screen, "BL bao luc, 1 tre gai 9 tuoi, nang"));
	submits("1*2*2*9*1*1", "BL G 9 N");
	submits("1*2*2*9*2*1", "BL G 9");
	/* under two years: months */
	answer("1*5*2*0", NULL, 0, &a);
	assert_string_equal(a.screen, "Tre may thang tuoi? (0-23)");
	submits("1*5*2*0*8*1", "TV G 8TH");
	/* more than one child: how many, then their sex */
	answer("1*2*4", NULL, 0, &a);
	assert_string_equal(a.screen, "Bao nhieu tre?");
	answer("1*2*4*3", NULL, 0, &a);
	assert_null(strstr(a.screen, "Nhieu tre"));
	submits("1*2*4*3*1*13*2*1", "BL T 3 13");
	/* drowning: a death alerts already, so no flag is asked */
	answer("1*1*2*7*1", NULL, 0, &a);
	assert_non_null(strstr(a.screen, "Gui bao cao?"));
	submits("1*1*2*7*1*1", "DN G 7 C");
	submits("1*1*2*7*2*1*1", "DN G 7 S N");
	/* an accident: the optional outcome is an answer of the flag screen */
	answer("1*4*1*4*1", NULL, 0, &a);
	assert_string_equal(a.screen, "Tre bi thuong nang, phai di vien?\n"
	    "1. Co\n2. Khong\n3. Tu vong");
	submits("1*4*1*4*1*3*1", "TN T 4 C GT");
	submits("1*4*1*4*1*2*1", "TN T 4 GT");
	/* cancelled at the confirm screen: nothing to store */
	answer("1*2*2*9*1*2", NULL, 0, &a);
	assert_int_equal(a.action, USSD_END);
	assert_string_equal(a.sms, "");
}

static void
zero_report_names_the_week(void **state)
{
	static const char *const v[] = { "BAT01", "BAT02", "BAT03" };
	static const char *const names[] = { "Thon 1", "Thon 2", "Thon 3" };
	struct ussd_request	rq;
	struct ussd_answer	a;
	struct local_time	monday = { 2026, 11, 30, 9, 0 };
	struct local_time	sunday = { 2026, 12, 6, 20, 0 };

	(void)state;
	answer("3", NULL, 0, &a);
	assert_int_equal(a.action, USSD_CONTINUE);
	assert_string_equal(a.screen, "Bao khong co su viec tuan nay "
	    "(23-29/11)?\n1. Gui\n2. Huy");
	submits("3*1", "KO");
	answer("3*2", NULL, 0, &a);
	assert_int_equal(a.action, USSD_END);
	/* Monday morning: the week just ended, as the SMS grammar reads KO */
	memset(&rq, 0, sizeof(rq));
	rq.cb = C->codebook;
	rq.text = "3";
	rq.len = 1;
	rq.at = &monday;
	ussd_answer(&rq, &a);
	assert_string_equal(a.screen, "Bao khong co su viec tuan truoc "
	    "(23-29/11)?\n1. Gui\n2. Huy");
	rq.at = &sunday;		/* a week across two months */
	rq.villages = v;
	rq.village_labels = names;
	rq.nvillages = 3;
	rq.text = "3*2";
	rq.len = 3;
	ussd_answer(&rq, &a);
	assert_string_equal(a.screen, "Bao khong co su viec tuan nay "
	    "(30/11-6/12), Thon 2?\n1. Gui\n2. Huy");
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
	assert_non_null(strstr(a.screen, ", BAT02?"));
	answer("3*2*1", v, 3, &a);
	assert_int_equal(a.action, USSD_SUBMIT);
	assert_string_equal(a.sms, "KO BAT02");
	answer("1*2*3*2*9*2", v, 3, &a);
	assert_non_null(strstr(a.screen, "9 tuoi, BAT03\n1. Gui"));
	answer("1*2*3*2*9*2*1", v, 3, &a);
	assert_string_equal(a.sms, "BL G 9 BAT03");
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


/* ---- key entries per incident code ---- */

#define WALK_OPTS	24

struct walk_opt {
	int	num;
	char	label[96];
};

/* The numbered lines of a screen. */
static int
screen_options(const char *screen, struct walk_opt *o, int max)
{
	const char	*p = screen;
	int		 n = 0;

	while (p != NULL && *p != '\0' && n < max) {
		const char	*nl = strchr(p, '\n');
		size_t		 len = nl != NULL ? (size_t)(nl - p) :
				    strlen(p);
		char		*end;
		long		 k = strtol(p, &end, 10);

		if (end != p && *p >= '0' && *p <= '9' && (size_t)(end - p) <
		    len && strncmp(end, ". ", 2) == 0) {
			o[n].num = (int)k;
			snprintf(o[n].label, sizeof(o[n].label), "%.*s",
			    (int)(len - (size_t)(end + 2 - p)), end + 2);
			n++;
		}
		p = nl != NULL ? nl + 1 : NULL;
	}
	return n;
}

static int
first_line_is(const char *screen, const char *text)
{
	size_t n = strcspn(text, "\n");

	/* the screen may carry a refusal line above the question */
	return strncmp(screen, text, n) == 0 || (strchr(screen, '\n') !=
	    NULL && strncmp(strchr(screen, '\n') + 1, text, n) == 0);
}

static void
push_input(char *text, size_t size, const char *in)
{
	size_t n = strlen(text);

	snprintf(text + n, size - n, "%s%s", n > 0 ? "*" : "", in);
}

/* An option the walk never takes: it only leads to more entries. */
static int
detour(const struct codebook *cb, const char *label)
{
	return strcasecmp(label, cb->ussd[CB_U_NEXT]) == 0 ||
	    strcasecmp(label, cb->ussd[CB_U_CANCEL]) == 0 ||
	    strcasecmp(label, cb->ussd[CB_U_MANY]) == 0;
}

/*
 * Walks every way to finish a report from text (list screens: every
 * option on the page shown; the age: 9 years, or the highest the code
 * takes; other numbers: 1, or the lowest they take), and records the
 * fewest and most key entries to the end.  Returns the sessions seen.
 */
static int
walk_all(const char *text, int *min, int *max, int depth)
{
	const struct codebook	*cb = C->codebook;
	struct ussd_answer	 a;
	struct walk_opt		 o[WALK_OPTS];
	char			 next[512];
	int			 n, i, seen = 0, k = 0;

	assert_true(depth < 24);
	answer(text, NULL, 0, &a);
	if (a.action == USSD_SUBMIT) {
		for (i = 0, n = 1; text[i] != '\0'; i++)
			n += text[i] == '*';
		if (n < *min)
			*min = n;
		if (n > *max)
			*max = n;
		return 1;
	}
	assert_int_equal(a.action, USSD_CONTINUE);
	n = screen_options(a.screen, o, WALK_OPTS);
	if (n == 0) {			/* a number */
		int age = first_line_is(a.screen, cb->ussd[CB_U_ASK_AGE]);
		long lo = 1, hi = 9;
		const char *r = strstr(a.screen, "Phai tu ");

		if (r != NULL) {	/* refused: the range it takes */
			char *end;

			lo = strtol(r + strlen("Phai tu "), &end, 10);
			if (strncmp(end, " den ", 5) == 0)
				hi = strtol(end + 5, NULL, 10);
		}
		snprintf(next, sizeof(next), "%s", text);
		if (r != NULL)		/* replace the refused entry */
			*strrchr(next, '*') = '\0';
		snprintf(next + strlen(next), sizeof(next) - strlen(next),
		    "*%ld", age ? hi : lo);
		return walk_all(next, min, max, depth + 1);
	}
	for (i = 0; i < n; i++) {
		if (detour(cb, o[i].label))
			continue;
		snprintf(next, sizeof(next), "%s", text);
		snprintf(next + strlen(next), sizeof(next) - strlen(next),
		    "*%d", o[i].num);
		seen += walk_all(next, min, max, depth + 1);
		k++;
	}
	assert_true(k > 0);
	return seen;
}

/* The input that picks `code` from the incident list, paging as needed. */
static int
pick_code(const struct cb_code *c, char *text, size_t size)
{
	struct ussd_answer	a;
	struct walk_opt		o[WALK_OPTS];
	char			full[CB_WORD_MAX + CB_LABEL_MAX + 2];
	int			n, i, page;

	snprintf(full, sizeof(full), "%s %s", c->code, c->name);
	snprintf(text, size, "%d", 1);	/* the main menu's first item */
	answer("", NULL, 0, &a);
	n = screen_options(a.screen, o, WALK_OPTS);
	for (i = 0; i < n; i++)
		if (strcmp(o[i].label, C->codebook->ussd[CB_U_REPORT]) == 0)
			snprintf(text, size, "%d", o[i].num);
	for (page = 0; page < 8; page++) {
		int next = 0;

		answer(text, NULL, 0, &a);
		n = screen_options(a.screen, o, WALK_OPTS);
		for (i = 0; i < n; i++) {
			char num[8];

			snprintf(num, sizeof(num), "%d", o[i].num);
			if (strcasecmp(o[i].label, full) == 0 ||
			    strcasecmp(o[i].label, c->name) == 0) {
				push_input(text, size, num);
				return 1;
			}
			if (strcmp(o[i].label,
			    C->codebook->ussd[CB_U_NEXT]) == 0)
				next = o[i].num;
		}
		if (next == 0)
			return 0;
		snprintf(text + strlen(text), size - strlen(text), "*%d", next);
	}
	return 0;
}

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * Every incident code of the code book, reported through the menus:
 * at most 7 key entries from the first screen to the end whatever is
 * answered on the way, and at most 6 for the median code.
 */
static void
entries_per_incident_code(void **state)
{
	const struct codebook	*cb = C->codebook;
	int			 most[CB_MAX_CODES], n = 0, k, worst = 0;
	char			 text[512];

	(void)state;
	printf("# code  fewest  most  (key entries, first screen to end)\n");
	for (k = 0; k < cb->ncodes; k++) {
		int lo = 99, hi = 0;

		if (cb->codes[k].kind != CB_INCIDENT)
			continue;
		assert_true(pick_code(&cb->codes[k], text, sizeof(text)));
		assert_true(walk_all(text, &lo, &hi, 0) > 0);
		printf("# %-5s %6d %5d\n", cb->codes[k].code, lo, hi);
		most[n++] = hi;
		if (hi > worst)
			worst = hi;
	}
	qsort(most, (size_t)n, sizeof(most[0]), cmp_int);
	printf("# %d incident codes: median %d, worst %d\n", n, most[n / 2],
	    worst);
	assert_true(n > 0);
	assert_true(worst <= 7);
	assert_true(most[n / 2] <= 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(main_menu_from_the_code_book),
		cmocka_unit_test(incident_list_in_menu_order),
		cmocka_unit_test(refusals_keep_the_question),
		cmocka_unit_test(finished_session_is_an_sms_the_grammar_takes),
		cmocka_unit_test(zero_report_names_the_week),
		cmocka_unit_test(commune_reporter_names_the_village),
		cmocka_unit_test(hostile_inputs),
		cmocka_unit_test(entries_per_incident_code),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
