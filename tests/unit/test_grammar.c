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
added_code_needs_no_c(void **state)
{
	static const char code[] = "\n{ code = \"NV\"; kind = \"incident\"; "
	    "name = \"nghien\"; aliases = [ \"NGHIEN\" ]; alert = \"always\"; "
	    "usage = \"NV <T/G> <tuoi>\"; },";
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
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
