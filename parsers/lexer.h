/*
 * The tokenizer: folds untrusted UTF-8 text and cuts it into tokens, the
 * maximal runs of [A-Z0-9] (reportgw-codes(7),
 * MESSAGES).  Each token remembers
 * the byte span of the original text it came from, so notes and names can
 * be kept in the reporter's own spelling.  Pure, no allocation.
 */
#ifndef REPORTGW_LEXER_H
#define REPORTGW_LEXER_H

#include <stddef.h>
#include <stdint.h>

#define LEX_INPUT_MAX	1600	/* bytes: 10 concatenated SMS */
#define LEX_TOKENS_MAX	800	/* 1600 bytes hold at most 800 tokens */
#define LEX_TEXT_MAX	(LEX_INPUT_MAX * 4)	/* folded token bytes */
#define LEX_PHRASE_MEMO	2	/* phrases of 2 and 3 words (CB_PHRASE_MAX) */

/* What stands between a token and the one before it. */
enum lex_sep {
	LEX_SEP_NONE,		/* spaces or other separators */
	LEX_SEP_SOFT,		/* a comma or a full stop */
	LEX_SEP_HARD		/* a line break or a semicolon */
};

struct lex_token {
	uint16_t	off;		/* into lexed.buf, NUL-terminated */
	uint16_t	len;
	uint16_t	src_start;	/* original bytes [src_start, src_end) */
	uint16_t	src_end;
	uint8_t		sep;		/* enum lex_sep before the token */
};

struct lexed {
	size_t			ntokens;
	struct lex_token	tok[LEX_TOKENS_MAX];
	char			buf[LEX_TEXT_MAX];
	size_t			buflen;
	/*
	 * For the grammar: what each token means, and the phrases of two and
	 * three words it starts, looked up once (NULL: not yet,
	 * lex_memo_none: nothing).  Reset on every token made or split.
	 */
	const void		*memo[LEX_TOKENS_MAX];
	const void		*memo_phrase[LEX_TOKENS_MAX][LEX_PHRASE_MEMO];
};

extern const char lex_memo_none[1];

/*
 * Tokenizes s (len bytes, at most LEX_INPUT_MAX; the caller checks).
 * Returns 0, or -1 when the input is longer than LEX_INPUT_MAX.
 */
int	lex_text(const char *s, size_t len, struct lexed *out);

/*
 * Splits token i in two after its first `at` folded bytes (0 < at < len):
 * the rest becomes token i + 1.  Returns 0, or -1 when there is no room.
 */
int	lex_split(struct lexed *, size_t i, size_t at);

/* The token's folded text. */
static inline const char *
lex_str(const struct lexed *lx, size_t i)
{
	return lx->buf + lx->tok[i].off;
}

#endif
