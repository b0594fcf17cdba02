/*
 * Suggestions for unknown codes: a typo one edit away (Damerau-Levenshtein
 * distance 1), or the same keys pressed on a multi-tap keypad (ABC=2,
 * DEF=3, ... WXYZ=9), which is how "AL" is typed when "BL" was meant.
 * A suggestion is only made when exactly one code qualifies.
 */
#include <string.h>

#include "sms.h"

#define DIST_CAP	3
#define WORD_CMP_MAX	(CB_WORD_MAX * CB_PHRASE_MAX)

int
sms_distance(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b), i, j;
	int	d[WORD_CMP_MAX + 1][WORD_CMP_MAX + 1];

	if (la > WORD_CMP_MAX || lb > WORD_CMP_MAX)
		return DIST_CAP;
	if ((la > lb ? la - lb : lb - la) >= DIST_CAP)
		return DIST_CAP;
	for (i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb] < DIST_CAP ? d[la][lb] : DIST_CAP;
}

static char
keypad(char c)
{
	static const char keys[] = "22233344455566677778889999";

	if (c >= 'A' && c <= 'Z')
		return keys[c - 'A'];
	return c;
}

static int
same_keys(const char *a, const char *b)
{
	size_t i;

	if (strlen(a) != strlen(b) || strcmp(a, b) == 0)
		return 0;
	for (i = 0; a[i] != '\0'; i++)
		if (keypad(a[i]) != keypad(b[i]))
			return 0;
	return 1;
}

/* The word with its spaces removed ("BAO LUC" is typed "BAOLUC"). */
static void
squeeze(const char *in, char *out, size_t outsz)
{
	size_t n = 0;

	for (; *in != '\0' && n + 1 < outsz; in++)
		if (*in != ' ')
			out[n++] = *in;
	out[n] = '\0';
}

const struct cb_code *
sms_suggest(const struct codebook *cb, const char *word)
{
	const struct cb_code	*found = NULL;
	size_t			 i;

	for (i = 0; i < codebook_ncode_words(cb); i++) {
		const struct cb_word	*w = codebook_code_word(cb, i);
		char			 cand[WORD_CMP_MAX + 1];
		int			 code;

		if (w == NULL || (code = cb_word_code(w)) < 0)
			continue;
		squeeze(cb_word_text(w), cand, sizeof(cand));
		if (strcmp(cand, word) == 0)
			continue;
		if (sms_distance(cand, word) != 1 && !same_keys(cand, word))
			continue;
		if (found != NULL && found != &cb->codes[code])
			return NULL;	/* two codes qualify: no guess */
		found = &cb->codes[code];
	}
	return found;
}
