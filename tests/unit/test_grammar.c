/* The slot grammar with the default code book: one test per slot type. */
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

static const char *
choice(const struct sms_result *r, const char *vocab)
{
	const struct cb_code	*c = r->report.code;
	int			 k;

	for (k = 0; k < c->nchoices; k++)
		if (strcmp(C->codebook->vocabs[c->choices[k].vocab].name,
		    vocab) == 0 && r->report.choice[k] >= 0)
			return C->codebook->vocabs[c->choices[k].vocab].values[
			    r->report.choice[k]].value;
	return NULL;
}

static const char *
sex(const struct sms_result *r)
{
	return C->codebook->vocabs[CB_VOCAB_SEX].values[r->report.sex].value;
}

static void
sex_tokens(void **state)
{
	static const char *const m[] = { "BL T 9", "BL TRAI 9", "BL NAM 9",
	    "BL 9 T", "BL T9", "BL NAM9" };
	static const char *const f[] = { "BL G 9", "BL GAI 9", "BL NU 9",
	    "BL G9", "BL GAI9", "BL NU9" };
	struct sms_result r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		assert_int_equal(parse_at(C, m[i], &r), SMS_OK);
		assert_string_equal(sex(&r), "M");
		assert_int_equal(r.report.age_months, 108);
	}
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		assert_int_equal(parse_at(C, f[i], &r), SMS_OK);
		assert_string_equal(sex(&r), "F");
	}
	assert_int_equal(parse_at(C, "BL KR 9", &r), SMS_OK);
	assert_string_equal(sex(&r), "U");
}

static void
age_units(void **state)
{
	struct sms_result r;

	(void)state;
	assert_int_equal(parse_at(C, "BL G 9T", &r), SMS_OK);
	assert_int_equal(r.report.age_months, 108);
	assert_int_equal(parse_at(C, "BL G 9TUOI", &r), SMS_OK);
	assert_int_equal(r.report.age_months, 108);
	assert_int_equal(parse_at(C, "BL G 8TH", &r), SMS_OK);
	assert_int_equal(r.report.age_months, 8);
	assert_int_equal(parse_at(C, "BL G 8THANG", &r), SMS_OK);
	assert_int_equal(r.report.age_months, 8);
	assert_int_equal(parse_at(C, "BL G 8 tháng", &r), SMS_OK);
	assert_int_equal(r.report.age_months, 8);
	assert_int_equal(parse_at(C, "BL 3 G 8 tuổi", &r), SMS_OK);
	assert_int_equal(r.report.age_months, 96);
	assert_int_equal(r.report.count, 3);
	/* a lone T after a number is the sex, not a unit */
	assert_int_equal(parse_at(C, "BL 8 T", &r), SMS_OK);
	assert_string_equal(sex(&r), "M");
	assert_int_equal(r.report.age_months, 96);
	assert_int_equal(parse_at(C, "BL G 8X", &r), SMS_BAD_VALUE);
	assert_string_equal(r.field, "age");
}

static void
count_slot(void **state)
{
	struct sms_result r;

	(void)state;
	assert_int_equal(parse_at(C, "BL G 9", &r), SMS_OK);
	assert_int_equal(r.report.count, 1);
	assert_int_equal(parse_at(C, "BL 4 G 9", &r), SMS_OK);
	assert_int_equal(r.report.count, 4);
	assert_int_equal(parse_at(C, "BL 99 G 9", &r), SMS_OK);
	assert_int_equal(parse_at(C, "BL 100 G 9", &r), SMS_BAD_VALUE);
	assert_string_equal(r.field, "count");
	assert_int_equal(parse_at(C, "BL 1O G 9", &r), SMS_OK);
	assert_int_equal(r.report.count, 10);
	assert_int_equal(parse_at(C, "BL 1234567890 G 9", &r), SMS_BAD_VALUE);
}

static void
outcome_and_subtype(void **state)
{
	struct sms_result r;

	(void)state;
	assert_int_equal(parse_at(C, "DN G 9 MAT", &r), SMS_OK);
	assert_string_equal(choice(&r, "outcome"), "died");
	assert_int_equal(parse_at(C, "DN G 9 TU VONG", &r), SMS_OK);
	assert_string_equal(choice(&r, "outcome"), "died");
	assert_int_equal(parse_at(C, "DN G 9 CUU DUOC", &r), SMS_OK);
	assert_string_equal(choice(&r, "outcome"), "survived");
	assert_int_equal(parse_at(C, "DN G 9", &r), SMS_MISSING_FIELD);
	assert_string_equal(r.field, "outcome");
	assert_int_equal(parse_at(C, "TN G 9", &r), SMS_OK);
	assert_string_equal(choice(&r, "outcome"), "survived");
	assert_string_equal(choice(&r, "subtype"), "KH");
	assert_int_equal(parse_at(C, "TN G 9 DV C", &r), SMS_OK);
	assert_string_equal(choice(&r, "subtype"), "DV");
	assert_string_equal(choice(&r, "outcome"), "died");
}

static void
flags_in_order(void **state)
{
	struct sms_result r;

	(void)state;
	assert_int_equal(parse_at(C, "BL G 9 MOI CA N", &r), SMS_OK);
	assert_int_equal(r.report.flags, 1 | 2 | 8);
	assert_int_equal(parse_at(C, "BL G 9 CONG AN", &r), SMS_OK);
	assert_int_equal(r.report.flags, 2);
}

static void
coverage_slots(void **state)
{
	struct sms_result r;

	(void)state;
	assert_int_equal(parse_at(C, "SDD 60 8 14 2", &r), SMS_OK);
	assert_int_equal(r.kind, CB_COVERAGE);
	assert_int_equal(r.report.values[0], 60);
	assert_int_equal(r.report.values[3], 2);
	assert_int_equal(parse_at(C, "SDD 60 8 14", &r), SMS_MISSING_FIELD);
	assert_string_equal(r.field, "wasted");
	assert_int_equal(parse_at(C, "SDD 60 61 14 2", &r), SMS_INCONSISTENT);
	assert_string_equal(r.field, "underweight");
	/* T5 is a month in a code with no sex slot */
	assert_int_equal(parse_at(C, "MN 42 40 T5", &r), SMS_OK);
	assert_int_equal(r.report.period.num, 5);
	assert_int_equal(r.report.period.year, 2026);
}

static void
notes_keep_the_original(void **state)
{
	struct sms_result r;

	(void)state;
	assert_int_equal(parse_at(C, "BL G 9 bố đánh", &r), SMS_OK);
	assert_string_equal(r.report.note, "bố đánh");
	assert_int_equal(parse_at(C, "DK BAD02 Katơr  Thị Xuân ", &r),
	    SMS_OK);
	assert_string_equal(r.name, "Katơr  Thị Xuân");
}

static void
note_is_capped(void **state)
{
	struct sms_result	r;
	char			text[1200];
	size_t			n, chars = 0;

	(void)state;
	memcpy(text, "BL G 9 ", 7);
	for (n = 7; n + 3 < sizeof(text); n += 3)
		memcpy(text + n, "ắ ", 3);	/* 2-byte char + space */
	text[n] = '\0';
	assert_int_equal(parse_at(C, text, &r), SMS_OK);
	for (n = 0; r.report.note[n] != '\0'; n++)
		chars += ((unsigned char)r.report.note[n] & 0xC0) != 0x80;
	assert_int_equal(chars, SMS_NOTE_CHARS);
}

static void
alerts(void **state)
{
	struct sms_result r;

	(void)state;
	parse_at(C, "BL G 9", &r);
	assert_false(sms_is_alert(C->codebook, &r.report));
	parse_at(C, "BL G 9 N", &r);
	assert_true(sms_is_alert(C->codebook, &r.report));
	parse_at(C, "XH G 9", &r);
	assert_true(sms_is_alert(C->codebook, &r.report));
	parse_at(C, "DN G 9 S", &r);
	assert_false(sms_is_alert(C->codebook, &r.report));
	parse_at(C, "DN G 9 C", &r);
	assert_true(sms_is_alert(C->codebook, &r.report));
	parse_at(C, "LD G 9 N", &r);	/* serious always alerts */
	assert_true(sms_is_alert(C->codebook, &r.report));
	parse_at(C, "LD G 9", &r);
	assert_false(sms_is_alert(C->codebook, &r.report));
	parse_at(C, "MN 40 30", &r);
	assert_false(sms_is_alert(C->codebook, &r.report));
}

static void
correct_nests(void **state)
{
	struct sms_result r;

	(void)state;
	assert_int_equal(parse_at(C, "SUA 5 DN G 7 C", &r), SMS_OK);
	assert_int_equal(r.kind, CB_CORRECT);
	assert_int_equal(r.ref, 5);
	assert_string_equal(r.report.code->code, "DN");
	assert_string_equal(choice(&r, "outcome"), "died");
	assert_int_equal(parse_at(C, "SUA 5 BLL G 9", &r), SMS_UNKNOWN_CODE);
	assert_non_null(r.suggest);
	assert_string_equal(r.suggest->code, "BL");
}

static void
nul_bytes_are_separators(void **state)
{
	struct sms_result	r;
	struct local_time	at = lt(2026, 11, 28, 9, 0);

	(void)state;
	assert_int_equal(sms_parse(C->codebook, "BL\0G\0009", 6, &at, &r),
	    SMS_OK);
	assert_int_equal(r.report.age_months, 108);
}

static void
own_words(void **state)
{
	struct sms_result r;

	(void)state;
	assert_int_equal(parse_at(C, "Chau be 7 tuoi bi duoi nuoc da chet",
	    &r), SMS_OK);
	assert_string_equal(r.report.code->code, "DN");
	assert_int_equal(r.report.words, 1);
	assert_string_equal(sex(&r), "U");	/* the words say none */
	assert_int_equal(r.report.age_months, 84);
	assert_string_equal(choice(&r, "outcome"), "died");
	assert_string_equal(r.report.note,
	    "Chau be 7 tuoi bi duoi nuoc da chet");
	assert_true(sms_result_alerts(C->codebook, &r));
	/* a sex word next to a child word */
	assert_int_equal(parse_at(C, "Bé trai 3 tháng tuổi tử vong", &r),
	    SMS_OK);
	assert_string_equal(r.report.code->code, "TV");
	assert_string_equal(sex(&r), "M");
	assert_int_equal(r.report.age_months, 3);
	/* a coded message is not from words */
	assert_int_equal(parse_at(C, "BL G 9", &r), SMS_OK);
	assert_int_equal(r.report.words, 0);
}

static void
phrase_words_are_not_read_again(void **state)
{
	struct sms_result r;

	(void)state;
	/* "xam hai": "hai" is not the number 2 */
	assert_int_equal(parse_at(C, "chau gai 9 tuoi bi xam hai", &r),
	    SMS_OK);
	assert_string_equal(r.report.code->code, "XH");
	assert_int_equal(r.report.count, 1);
	assert_int_equal(r.report.age_months, 108);
	/* "o song" (at the river) is not "song" (survived) */
	assert_int_equal(parse_at(C, "chau 8 tuoi duoi nuoc o song", &r),
	    SMS_MISSING_FIELD);
	assert_string_equal(r.field, "outcome");
}

static void
ages_and_counts_in_words(void **state)
{
	static const struct {
		const char	*text;
		int		 months, count;
	} cases[] = {
		{ "chau 12 tuoi bi danh", 144, 1 },
		{ "chau 12t bi danh", 144, 1 },
		{ "chau 18 thang bi danh", 18, 1 },
		{ "chau 3 thang tuoi bi danh", 3, 1 },
		{ "be so sinh bi bo roi", 0, 1 },
		{ "be 1 tuoi ruoi bi bo roi", 18, 1 },
		{ "chau muoi lam tuoi bi danh", 180, 1 },
		{ "chau bay tuoi bi danh", 84, 1 },
		{ "2 tre 9 tuoi bi danh", 108, 2 },
		{ "hai chau 9 tuoi bi danh", 108, 2 },
		/* a number is an age only next to an age word */
		{ "chau 9 tuoi bi danh o nha so 12", 108, 1 },
	};
	struct sms_result	r;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse_at(C, cases[i].text, &r), SMS_OK);
		assert_int_equal(r.report.age_months, cases[i].months);
		assert_int_equal(r.report.count, cases[i].count);
	}
	/* a bare number is no age */
	assert_int_equal(parse_at(C, "chau bi danh 9", &r), SMS_MISSING_FIELD);
	assert_string_equal(r.field, "age");
	/* "nam": five before an age unit, a boy elsewhere */
	assert_int_equal(parse_at(C, "chau nam tuoi bi danh", &r), SMS_OK);
	assert_int_equal(r.report.age_months, 60);
	assert_string_equal(sex(&r), "U");
	assert_int_equal(parse_at(C, "chau nam 6 tuoi bi danh", &r), SMS_OK);
	assert_string_equal(sex(&r), "M");
	assert_int_equal(r.report.age_months, 72);
}

static void
death_and_other_codes(void **state)
{
	struct sms_result r;

	(void)state;
	/* a child's death under 5 with no other incident */
	assert_int_equal(parse_at(C, "be gai 2 tuoi chet", &r), SMS_OK);
	assert_string_equal(r.report.code->code, "TV");
	/* with a drowning, the death is its outcome */
	assert_int_equal(parse_at(C, "be gai 2 tuoi duoi nuoc chet", &r),
	    SMS_OK);
	assert_string_equal(r.report.code->code, "DN");
	assert_string_equal(choice(&r, "outcome"), "died");
	/* the more urgent of two codes wins */
	assert_int_equal(parse_at(C, "chau 3 tuoi bi danh chet", &r), SMS_OK);
	assert_string_equal(r.report.code->code, "TV");
	/* two codes as urgent: not understood */
	assert_int_equal(parse_at(C, "chau 12 tuoi bo hoc di lam thue", &r),
	    SMS_BAD_VALUE);
	assert_string_equal(r.field, "code");
}

static void
tre_em_is_figures_only_before_figures(void **state)
{
	struct sms_result r;

	(void)state;
	assert_int_equal(parse_at(C, "Tre em 410 150 30", &r), SMS_OK);
	assert_int_equal(r.kind, CB_COVERAGE);
	assert_string_equal(r.report.code->code, "TE");
	assert_int_equal(parse_at(C, "Tre em 9 tuoi bi bo danh", &r), SMS_OK);
	assert_string_equal(r.report.code->code, "BL");
	assert_int_equal(r.report.age_months, 108);
}

static void
glued_and_reordered(void **state)
{
	struct sms_result r;

	(void)state;
	assert_int_equal(parse_at(C, "BLG9", &r), SMS_OK);
	assert_string_equal(r.report.code->code, "BL");
	assert_string_equal(sex(&r), "F");
	assert_int_equal(r.report.age_months, 108);
	assert_int_equal(parse_at(C, "DN G7C", &r), SMS_OK);
	assert_string_equal(choice(&r, "outcome"), "died");
	assert_int_equal(r.report.age_months, 84);
	assert_int_equal(parse_at(C, "G 9 BL", &r), SMS_OK);
	assert_string_equal(r.report.code->code, "BL");
	assert_int_equal(r.report.age_months, 108);
	assert_int_equal(parse_at(C, "G 9 BL nha o suoi", &r), SMS_OK);
	assert_string_equal(r.report.note, "nha o suoi");
	/* the slots before the code must make the report complete */
	assert_int_equal(parse_at(C, "5 BL G 9", &r), SMS_UNKNOWN_CODE);
	/* no guess from one letter too many */
	assert_int_equal(parse_at(C, "BLL G 9", &r), SMS_UNKNOWN_CODE);
	assert_string_equal(r.suggest->code, "BL");
}

static void
numbers_in_the_note(void **state)
{
	struct sms_result r;

	(void)state;
	assert_int_equal(parse_at(C, "BL G 9 nha so 12", &r), SMS_OK);
	assert_int_equal(r.report.age_months, 108);
	assert_int_equal(r.report.count, 1);
	assert_string_equal(r.report.note, "nha so 12");
	assert_int_equal(parse_at(C, "DN T 7 C luc 5 gio chieu", &r), SMS_OK);
	assert_int_equal(r.report.count, 1);
	assert_int_equal(r.report.age_months, 84);
	assert_string_equal(r.report.note, "luc 5 gio chieu");
	/* before the report is complete the reading goes on */
	assert_int_equal(parse_at(C, "BL hom qua G 9", &r), SMS_OK);
	assert_int_equal(r.report.age_months, 108);
	/* but with its numbers all there, numbers are the note's */
	assert_int_equal(parse_at(C, "DN T 7 luc 5 gio C", &r), SMS_OK);
	assert_int_equal(r.report.count, 1);
	assert_int_equal(r.report.age_months, 84);
	assert_string_equal(choice(&r, "outcome"), "died");
}

static void
several_reports(void **state)
{
	struct sms_result	r;
	char			text[64];

	(void)state;
	assert_int_equal(parse_at(C, "DN T 7 C; BL G 5", &r), SMS_OK);
	assert_int_equal(r.nmore, 1);
	assert_string_equal(r.report.code->code, "DN");
	assert_string_equal(r.more[0].code->code, "BL");
	assert_int_equal(r.more[0].age_months, 60);
	assert_true(sms_result_alerts(C->codebook, &r));
	/* a part that names no code belongs to the report before it */
	assert_int_equal(parse_at(C, "BL\nG\n9", &r), SMS_OK);
	assert_int_equal(r.nmore, 0);
	assert_int_equal(r.report.age_months, 108);
	/* a comma only ends a report before a code, a phrase or a child */
	assert_int_equal(parse_at(C, "XH G 13, DN T 5 C", &r), SMS_OK);
	assert_int_equal(r.nmore, 1);
	assert_int_equal(parse_at(C, "BL G 9, nha o thon 3", &r), SMS_OK);
	assert_int_equal(r.nmore, 0);
	assert_string_equal(r.report.note, "nha o thon 3");
	/* "da chet" after a drowning is its outcome, not a report */
	assert_int_equal(parse_at(C, "Be trai 5 tuoi, chau bi duoi nuoc, "
	    "da chet", &r), SMS_OK);
	assert_int_equal(r.nmore, 0);
	assert_string_equal(choice(&r, "outcome"), "died");
	/* all four, not five */
	snprintf(text, sizeof(text), "BL G 9; BL G 8; BL G 7; BL G 6");
	assert_int_equal(parse_at(C, text, &r), SMS_OK);
	assert_int_equal(r.nmore, SMS_MAX_REPORTS - 1);
	assert_int_equal(r.more[2].age_months, 72);
	assert_int_equal(parse_at(C, "BL G 9; BL G 8; BL G 7; BL G 6; BL G 5",
	    &r), SMS_TOO_LONG);
	/* a report not understood fails the message */
	assert_int_equal(parse_at(C, "DN T 7 C; BL G", &r), SMS_MISSING_FIELD);
	assert_string_equal(r.field, "age");
	assert_string_equal(r.code->code, "BL");
	/* "nothing to report" then a report: the report */
	assert_int_equal(parse_at(C, "KO\nBL G 9", &r), SMS_OK);
	assert_int_equal(r.nmore, 0);
	assert_int_equal(r.kind, CB_INCIDENT);
	assert_int_equal(parse_at(C, "BL G 9\nkhong biet ten", &r), SMS_OK);
	assert_int_equal(r.nmore, 0);
	assert_string_equal(r.report.note, "khong biet ten");
	/* a correction replaces one report */
	assert_int_equal(parse_at(C, "SUA 12 BL G 9; DN T 7 C", &r),
	    SMS_BAD_VALUE);
	assert_string_equal(r.field, "report");
}

static void
review(void **state)
{
	static const struct {
		const char		*text;
		enum sms_review		 why;
		const char		*code;
	} cases[] = {
		{ "DN G 7", SMS_REVIEW_MISSING, "DN" },
		{ "XH", SMS_REVIEW_MISSING, "XH" },
		{ "chau gai bi xam hai", SMS_REVIEW_MISSING, "XH" },
		{ "DN G 7 C S", SMS_REVIEW_MISSING, "DN" },
		{ "TV T 7", SMS_REVIEW_AGE, "TV" },
		{ "chau 7 tuoi chet", SMS_REVIEW_AGE, "TV" },
		{ "chau 6 tuoi mat roi", SMS_REVIEW_DEATH, NULL },
		{ "ABC XH", SMS_REVIEW_CODE, "XH" },
		{ "hom nay co tre bi cap cuu", SMS_REVIEW_CODE, NULL },
		{ "hom nay troi mua", SMS_REVIEW_NONE, NULL },
		{ "BL 100 G 9", SMS_REVIEW_NONE, NULL },
		{ "LD G", SMS_REVIEW_NONE, NULL },	/* never alerts */
		{ "MN 40 42", SMS_REVIEW_NONE, NULL },
	};
	struct sms_result	r;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_not_equal(parse_at(C, cases[i].text, &r), SMS_OK);
		assert_int_equal(r.review, cases[i].why);
		if (cases[i].code == NULL)
			assert_null(r.review_code);
		else
			assert_string_equal(r.review_code->code,
			    cases[i].code);
		assert_int_equal(sms_result_alerts(C->codebook, &r),
		    cases[i].why != SMS_REVIEW_NONE);
	}
	assert_string_equal(sms_review_names[SMS_REVIEW_DEATH], "death");
}

static void
plausible_ages(void **state)
{
	static const struct {
		const char	*text;
		int		 implausible;
	} cases[] = {
		{ "TH G 4", 1 }, { "TH G 9", 1 }, { "TH G 10", 0 },
		{ "LD T 3", 1 }, { "LD T 5", 0 }, { "BH G 1", 1 },
		{ "BH G 11TH", 1 }, { "BH G 5", 0 }, { "BL G 1", 0 },
		{ "chau 3 tuoi nghi hoc", 1 },
	};
	struct sms_result	r;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse_at(C, cases[i].text, &r), SMS_OK);
		assert_int_equal(r.report.implausible, cases[i].implausible);
	}
	assert_int_equal(parse_at(C, "BL G 9; TH G 4", &r), SMS_OK);
	assert_int_equal(r.report.implausible, 0);
	assert_int_equal(r.more[0].implausible, 1);
}

static void
added_code_needs_no_c(void **state)
{
	static const char code[] = "\n{ code = \"NV\"; kind = \"incident\"; "
	    "name = \"nghien\"; aliases = [ \"NGHIEN\" ]; alert = \"always\"; "
	    "phrases = [ \"nghiện ma túy\", \"hut chich\" ]; "
	    "plausible_min_age = \"10y\"; usage = \"NV <T/G> <tuoi>\"; },";
	struct conf	*c;
	char		*err, *text;
	const char	*cut;
	size_t		 n;
	struct sms_result r;

	(void)state;
	/* insert a new code "NV" (ngo doc) right after "codes = (" */
	cut = strstr(conf_embedded_default, "codes = (");
	assert_non_null(cut);
	cut += strlen("codes = (");
	n = (size_t)(cut - conf_embedded_default);
	text = malloc(strlen(conf_embedded_default) + sizeof(code));
	memcpy(text, conf_embedded_default, n);
	memcpy(text + n, code, sizeof(code) - 1);
	memcpy(text + n + sizeof(code) - 1, cut, strlen(cut) + 1);
	assert_int_equal(conf_load_string(text, "extra", NULL, &c, &err), 0);
	assert_int_equal(parse_at(c, "nghien g 15", &r), SMS_OK);
	assert_string_equal(r.report.code->code, "NV");
	assert_true(sms_is_alert(c->codebook, &r.report));
	assert_int_equal(r.report.implausible, 0);
	/* its phrases anywhere, and its plausible age */
	assert_int_equal(parse_at(c, "chau trai 9 tuoi nghien ma tuy", &r),
	    SMS_OK);
	assert_string_equal(r.report.code->code, "NV");
	assert_int_equal(r.report.words, 1);
	assert_int_equal(r.report.implausible, 1);
	conf_free(c);
	free(text);
}

/* Without a words_default for sex, own words must say the sex. */
static void
words_default_from_the_code_book(void **state)
{
	const char		*cut = strstr(conf_embedded_default,
				    "words_default = \"U\";");
	struct conf		*c;
	struct sms_result	 r;
	char			*err, *text;
	size_t			 n;

	(void)state;
	assert_non_null(cut);
	n = (size_t)(cut - conf_embedded_default);
	text = strdup(conf_embedded_default);
	memmove(text + n, text + n + strlen("words_default = \"U\";"),
	    strlen(text + n) - strlen("words_default = \"U\";") + 1);
	assert_int_equal(conf_load_string(text, "nodefault", NULL, &c, &err),
	    0);
	assert_int_equal(parse_at(c, "chau 9 tuoi bi danh", &r),
	    SMS_MISSING_FIELD);
	assert_string_equal(r.field, "sex");
	assert_int_equal(parse_at(c, "chau gai 9 tuoi bi danh", &r), SMS_OK);
	conf_free(c);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sex_tokens),
		cmocka_unit_test(age_units),
		cmocka_unit_test(count_slot),
		cmocka_unit_test(outcome_and_subtype),
		cmocka_unit_test(flags_in_order),
		cmocka_unit_test(coverage_slots),
		cmocka_unit_test(notes_keep_the_original),
		cmocka_unit_test(note_is_capped),
		cmocka_unit_test(alerts),
		cmocka_unit_test(correct_nests),
		cmocka_unit_test(nul_bytes_are_separators),
		cmocka_unit_test(added_code_needs_no_c),
		cmocka_unit_test(own_words),
		cmocka_unit_test(phrase_words_are_not_read_again),
		cmocka_unit_test(ages_and_counts_in_words),
		cmocka_unit_test(death_and_other_codes),
		cmocka_unit_test(tre_em_is_figures_only_before_figures),
		cmocka_unit_test(glued_and_reordered),
		cmocka_unit_test(numbers_in_the_note),
		cmocka_unit_test(several_reports),
		cmocka_unit_test(review),
		cmocka_unit_test(plausible_ages),
		cmocka_unit_test(words_default_from_the_code_book),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
