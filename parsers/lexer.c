/*
 * Tokenizer.  One pass over the input: each code point is folded (ASCII
 * directly, the rest through fold_char) and each folded byte either extends
 * the current token or ends it.
 */
#include <string.h>
#include <unistr.h>

#include "fold.h"
#include "lexer.h"

const char lex_memo_none[1] = "";

static int
is_tokchar(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int
sep_class(char c)
{
	if (c == '\n' || c == ';')
		return LEX_SEP_HARD;
	if (c == ',' || c == '.')
		return LEX_SEP_SOFT;
	return LEX_SEP_NONE;
}

int
lex_text(const char *in, size_t len, struct lexed *lx)
{
	const uint8_t	*s = (const uint8_t *)in;
	size_t		 i = 0;
	int		 open = 0, sep = LEX_SEP_NONE;
	struct lex_token *t = NULL;

	lx->ntokens = 0;
	lx->buflen = 0;
	if (len > LEX_INPUT_MAX)
		return -1;
	while (i < len) {
		char	 buf[FOLD_CHAR_MAX];
		size_t	 k, j, start = i;
		ucs4_t	 uc;

		if (s[i] < 0x80) {
			buf[0] = (char)s[i];
			k = 1;
			i++;
		} else {
			int step = u8_mbtouc(&uc, s + i, len - i);

			i += (size_t)(step > 0 ? step : 1);
			k = fold_char(uc, buf);
		}
		for (j = 0; j < k; j++) {
			char c = buf[j];

			if (c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			if (!is_tokchar(c)) {
				if (open) {
					lx->buf[lx->buflen++] = '\0';
					open = 0;
				}
				if (sep_class(c) > sep)
					sep = sep_class(c);
				continue;
			}
			/* 4 folded bytes per input byte plus NULs always fit */
			if (lx->buflen + 2 >= LEX_TEXT_MAX)
				return 0;
			if (!open) {
				if (lx->ntokens == LEX_TOKENS_MAX)
					return 0;
				lx->memo[lx->ntokens] = NULL;
				lx->memo_phrase[lx->ntokens][0] = NULL;
				t = &lx->tok[lx->ntokens++];
				t->off = (uint16_t)lx->buflen;
				t->len = 0;
				t->src_start = (uint16_t)start;
				t->sep = (uint8_t)sep;
				sep = LEX_SEP_NONE;
				open = 1;
			}
			lx->buf[lx->buflen++] = c;
			t->len++;
			t->src_end = (uint16_t)i;
		}
	}
	if (open)
		lx->buf[lx->buflen++] = '\0';
	return 0;
}

int
lex_split(struct lexed *lx, size_t i, size_t at)
{
	struct lex_token	*t = &lx->tok[i];
	size_t			 rest, k;

	if (i >= lx->ntokens || at == 0 || at >= t->len ||
	    lx->ntokens == LEX_TOKENS_MAX)
		return -1;
	rest = t->len - at;
	if (lx->buflen + rest + 1 > LEX_TEXT_MAX)
		return -1;
	memmove(&lx->tok[i + 2], &lx->tok[i + 1],
	    (lx->ntokens - i - 1) * sizeof(*t));
	memmove(&lx->memo[i + 2], &lx->memo[i + 1],
	    (lx->ntokens - i - 1) * sizeof(lx->memo[0]));
	memmove(&lx->memo_phrase[i + 2], &lx->memo_phrase[i + 1],
	    (lx->ntokens - i - 1) * sizeof(lx->memo_phrase[0]));
	lx->memo[i] = lx->memo[i + 1] = NULL;
	/* the phrases that held token i are gone */
	for (k = i > 2 ? i - 2 : 0; k <= i + 1; k++)
		lx->memo_phrase[k][0] = NULL;
	lx->ntokens++;
	lx->tok[i + 1] = *t;
	lx->tok[i + 1].off = (uint16_t)lx->buflen;
	lx->tok[i + 1].len = (uint16_t)rest;
	lx->tok[i + 1].sep = LEX_SEP_NONE;
	memcpy(lx->buf + lx->buflen, lx->buf + t->off + at, rest + 1);
	lx->buflen += rest + 1;
	lx->buf[t->off + at] = '\0';
	/* an ASCII token maps byte for byte onto the original */
	if ((size_t)(t->src_end - t->src_start) == t->len) {
		t->src_end = (uint16_t)(t->src_start + at);
		lx->tok[i + 1].src_start = t->src_end;
	}
	t->len = (uint16_t)at;
	return 0;
}
