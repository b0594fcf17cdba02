/*
 * Keypad safety of the default code book, exhaustively: every pair of codes
 * and aliases, and every one-key slip (same key of a multi-tap keypad,
 * another letter) of every code and alias of an incident code.  No slip of
 * an alert-class code is stored as another code, and every slip of an
 * incident code that is no word of the code book gets a suggestion naming
 * the code meant.  The keypad here is written out again on purpose, as an
 * oracle independent of parsers/suggest.c.
 */
#include "testutil.h"

#include "reply.h"

#define WORD_MAX	(CB_WORD_MAX * CB_PHRASE_MAX)
#define WORDS_MAX	1024

static const char *const keys[] = {
	"ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"
};

static struct conf *C;

struct word {
	char			 text[WORD_MAX];	/* spaces squeezed out */
	const struct cb_code	*code;
};

static struct word	W[WORDS_MAX];
static size_t		NW;

static int
setup(void **state)
{
	const struct codebook	*cb;
	size_t			 i, k, n;

	(void)state;
	C = default_conf();
	cb = C->codebook;
	for (i = 0; i <= cb->wordmask; i++) {
		const struct cb_word	*w = codebook_word_at(cb, i);
		const char		*t;

		if (w == NULL || cb_word_code(w) < 0)
			continue;
		if (NW == WORDS_MAX)
			fail_msg("more than %d code words", WORDS_MAX);
		for (t = cb_word_text(w), n = 0; *t != '\0'; t++)
			if (*t != ' ')
				W[NW].text[n++] = *t;
		W[NW].text[n] = '\0';
		W[NW].code = &cb->codes[cb_word_code(w)];
		/* "BAO LUC" and "BAOLUC" are one word typed */
		for (k = 0; k < NW; k++)
			if (strcmp(W[k].text, W[NW].text) == 0)
				break;
		if (k == NW)
			NW++;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	conf_free(C);
	return 0;
}

static int
alerts(const struct cb_code *c)
{
	return c->kind == CB_INCIDENT && c->alert != CB_ALERT_NEVER;
}

/* The keys holding letter l, or NULL. */
static const char *
key_of(char l)
{
	size_t k;

	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (strchr(keys[k], l) != NULL)
			return keys[k];
	return NULL;
}

static const struct word *
word_named(const char *text)
{
	size_t i;

	for (i = 0; i < NW; i++)
		if (strcmp(W[i].text, text) == 0)
			return &W[i];
	return NULL;
}

/* One slip apart by the oracle's keypad. */
static int
one_slip(const char *a, const char *b)
{
	size_t	i, diff = 0;

	if (strlen(a) != strlen(b))
		return 0;
	for (i = 0; a[i] != '\0'; i++) {
		if (a[i] == b[i])
			continue;
		if (key_of(a[i]) == NULL || key_of(a[i]) != key_of(b[i]))
			return 0;
		diff++;
	}
	return diff == 1;
}

/* No pair of codes or aliases one slip apart where either alerts. */
static void
no_alerting_pair(void **state)
{
	size_t i, j, pairs = 0;

	(void)state;
	assert_true(NW > 60);
	for (i = 0; i < NW; i++)
		for (j = i + 1; j < NW; j++) {
			if (W[i].code == W[j].code ||
			    !one_slip(W[i].text, W[j].text))
				continue;
			/* the engine agrees with the oracle */
			assert_int_equal(sms_keypad_slips(W[i].text,
			    W[j].text), 1);
			pairs++;
			if (alerts(W[i].code) || alerts(W[j].code))
				fail_msg("%s (%s) and %s (%s) are one slip apart",
				    W[i].text, W[i].code->code, W[j].text,
				    W[j].code->code);
		}
	/* MN and MO (neither alerts) are the only pair left */
	assert_int_equal(pairs, 1);
}

/*
 * Every slip of every code and alias of an incident code: never another
 * code when one of the two alerts, and otherwise a suggestion naming the
 * code meant, by sms_suggestions and in the reply to a whole message.
 */
static void
every_slip_of_an_incident(void **state)
{
	const struct codebook	*cb = C->codebook;
	struct sms_result	 r;
	struct reply_ctx	 ctx = { 1, NULL, { -1, -1, -1 }, NULL };
	char			 slip[WORD_MAX], msg[WORD_MAX + 8];
	char			 reply[REPLY_SIZE];
	size_t			 i, p, slips = 0, canonical = 0;
	const char		*k, *l;

	(void)state;
	for (i = 0; i < NW; i++) {
		const struct cb_code *meant = W[i].code;

		if (meant->kind != CB_INCIDENT)
			continue;
		for (p = 0; W[i].text[p] != '\0'; p++) {
			if ((k = key_of(W[i].text[p])) == NULL)
				continue;
			for (l = k; *l != '\0'; l++) {
				const struct cb_code	*s[SMS_SUGGEST_MAX];
				const struct word	*other;
				int			 n, found = 0, j;

				if (*l == W[i].text[p])
					continue;
				memcpy(slip, W[i].text, sizeof(slip));
				slip[p] = *l;
				slips++;
				canonical += strcmp(W[i].text,
				    meant->code) == 0;
				if ((other = word_named(slip)) != NULL) {
					/* stored as another code: never
					 * when either alerts */
					assert_false(other->code != meant &&
					    (alerts(other->code) ||
					    alerts(meant)));
					continue;
				}
				n = sms_suggestions(cb, slip, s);
				for (j = 0; j < n; j++)
					found |= s[j] == meant;
				if (!found)
					fail_msg("%s for %s: no suggestion of %s",
					    slip, W[i].text, meant->code);
				/* the whole message: no report, a reply
				 * that names the code meant */
				snprintf(msg, sizeof(msg), "%s G 9", slip);
				parse_at(C, msg, &r);
				assert_int_not_equal(r.error, SMS_OK);
				reply_render(cb, &r, &ctx, reply);
				if (strstr(reply, meant->code) == NULL)
					fail_msg("\"%s\" answered \"%s\"", msg,
					    reply);
				assert_true(gsm7_valid(reply, REPLY_MAX));
			}
		}
	}
	/* the 17 incident codes alone have 72 slips (71 before XG and MC
	 * became LK and MCO), their aliases the rest */
	assert_int_equal(canonical, 72);
	print_message("%zu slips of incident codes and aliases (%zu code "
	    "words in all)\n", slips, NW);
	assert_true(slips > 300);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_alerting_pair),
		cmocka_unit_test(every_slip_of_an_incident),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
