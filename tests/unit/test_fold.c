/* Unicode folding and the tokenizer. */
#include "testutil.h"

#include "fold.h"
#include "lexer.h"

static void
fold_vietnamese(void **state)
{
	char out[64];

	(void)state;
	fold_ascii("Đuối nước tuổi", strlen("Đuối nước tuổi"), out,
	    sizeof(out), '?');
	assert_string_equal(out, "Duoi nuoc tuoi");
	fold_ascii("ư ơ ă â ê ô đ Ư Ơ", strlen("ư ơ ă â ê ô đ Ư Ơ"), out,
	    sizeof(out), '?');
	assert_string_equal(out, "u o a a e o d U O");
}

static void
fold_fullwidth_and_spaces(void **state)
{
	char out[64];
	const char *in = "\xef\xbc\xa2\xef\xbc\xac\xc2\xa0\xe2\x80\x83x";

	(void)state;
	/* full-width B L, NBSP, EM SPACE */
	fold_ascii(in, strlen(in), out, sizeof(out), '?');
	assert_string_equal(out, "BL  x");
}

static void
fold_zero_width_removed(void **state)
{
	char out[64];
	const char *in = "B\xe2\x80\x8bL\xef\xbb\xbf\xc2\xad" "9";

	(void)state;
	fold_ascii(in, strlen(in), out, sizeof(out), '?');
	assert_string_equal(out, "BL9");
}

static void
fold_decomposed_input(void **state)
{
	char out[64];
	const char *in = "tu\xcc\x89o\xcc\x82\xcc\x81i";	/* NFD tuổi */

	(void)state;
	fold_ascii(in, strlen(in), out, sizeof(out), '?');
	assert_string_equal(out, "tuoi");
}

static void
fold_unknown_and_invalid(void **state)
{
	char out[64];
	const char *in = "a\xe6\xbc\xa2" "b\xff" "c";

	(void)state;
	fold_ascii(in, strlen(in), out, sizeof(out), '?');
	assert_string_equal(out, "a?b?c");
	fold_ascii(in, strlen(in), out, sizeof(out), 0);
	assert_string_equal(out, "abc");
}

static void
fold_output_capped(void **state)
{
	char out[4];

	(void)state;
	assert_int_equal(fold_ascii("abcdef", 6, out, sizeof(out), '?'), 3);
	assert_string_equal(out, "abc");
}

static void
phrase_folding(void **state)
{
	char out[32];

	(void)state;
	assert_int_equal(fold_phrase("  bạo..lực ", out, sizeof(out)), 7);
	assert_string_equal(out, "BAO LUC");
	assert_int_equal(fold_phrase("abcdef", out, 4), (size_t)-1);
}

static void
invalid_bytes_separate_tokens(void **state)
{
	struct lexed	*lx = malloc(sizeof(*lx));
	const char	*in = "BL\xffG\xc3" "9";

	(void)state;
	lex_text(in, strlen(in), lx);
	assert_int_equal(lx->ntokens, 3);
	assert_string_equal(lex_str(lx, 1), "G");
	free(lx);
}

static void
tokens_and_spans(void **state)
{
	struct lexed	*lx = malloc(sizeof(*lx));
	const char	*in = "bl.g9, Bé";

	(void)state;
	assert_int_equal(lex_text(in, strlen(in), lx), 0);
	assert_int_equal(lx->ntokens, 3);
	assert_string_equal(lex_str(lx, 0), "BL");
	assert_string_equal(lex_str(lx, 1), "G9");
	assert_string_equal(lex_str(lx, 2), "BE");
	assert_int_equal(lx->tok[2].src_start, 7);
	assert_int_equal(lx->tok[2].src_end, 10);	/* "Bé" is 3 bytes */
	free(lx);
}

static void
separators(void **state)
{
	struct lexed	*lx = malloc(sizeof(*lx));
	const char	*in = "a,b.c;d:e#f*g+h-i_j=k/l\\m(n)o'p\"q\nr";

	(void)state;
	lex_text(in, strlen(in), lx);
	assert_int_equal(lx->ntokens, 18);
	free(lx);
}

static void
too_long_rejected(void **state)
{
	struct lexed	*lx = malloc(sizeof(*lx));
	char		*in = malloc(LEX_INPUT_MAX + 1);

	(void)state;
	memset(in, 'A', LEX_INPUT_MAX + 1);
	assert_int_equal(lex_text(in, LEX_INPUT_MAX, lx), 0);
	assert_int_equal(lex_text(in, LEX_INPUT_MAX + 1, lx), -1);
	free(in);
	free(lx);
}

static void
many_tokens_fit(void **state)
{
	struct lexed	*lx = malloc(sizeof(*lx));
	char		 in[LEX_INPUT_MAX];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(in); i++)
		in[i] = i % 2 ? ' ' : 'A';
	lex_text(in, sizeof(in), lx);
	assert_int_equal(lx->ntokens, LEX_TOKENS_MAX);
	free(lx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_vietnamese),
		cmocka_unit_test(fold_fullwidth_and_spaces),
		cmocka_unit_test(fold_zero_width_removed),
		cmocka_unit_test(fold_decomposed_input),
		cmocka_unit_test(fold_unknown_and_invalid),
		cmocka_unit_test(fold_output_capped),
		cmocka_unit_test(phrase_folding),
		cmocka_unit_test(invalid_bytes_separate_tokens),
		cmocka_unit_test(tokens_and_spans),
		cmocka_unit_test(separators),
		cmocka_unit_test(too_long_rejected),
		cmocka_unit_test(many_tokens_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
