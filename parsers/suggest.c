/*
 * Suggestions for unknown codes.  A code qualifies when the unknown word is
 * one of its words (code or alias, spaces squeezed out) with a slip on a
 * multi-tap keypad (ABC=2, DEF=3, ... WXYZ=9: the same keys, another
 * letter), or one edit away (Damerau-Levenshtein distance 1).  Keypad slips
 * rank first, since a feature phone makes them most, then a letter more or
 * less at the end (a renamed code typed the old way), then other edits;
 * ties in code book order.  The best SMS_SUGGEST_MAX codes are offered.
 */
#include <string.h>

#include "sms.h"

#define DIST_CAP	3
#define WORD_CMP_MAX	(CB_WORD_MAX * CB_PHRASE_MAX)

/* How close a candidate is; lower is better. */
enum closeness {
	CLOSE_SLIP,		/* one keypad slip */
	CLOSE_KEYS,		/* the same keys, several slips */
	CLOSE_END,		/* a letter more or less at the end */
	CLOSE_EDIT,		/* another edit */
	CLOSE_NONE
};

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

/* The key of a letter on a multi-tap keypad; anything else is itself. */
static char
keypad(char c)
{
	static const char keys[] = "22233344455566677778889999";

	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c >= 'A' && c <= 'Z')
		return keys[c - 'A'];
	return c;
}

int
sms_keypad_slips(const char *a, const char *b)
{
	size_t	i;
	int	n = 0;

	if (strlen(a) != strlen(b))
		return -1;
	for (i = 0; a[i] != '\0'; i++) {
		if (keypad(a[i]) != keypad(b[i]))
			return -1;
		n += a[i] != b[i];
	}
	return n;
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

static enum closeness
closeness(const char *cand, const char *word)
{
	size_t	lc = strlen(cand), lw = strlen(word);
	int	slips = sms_keypad_slips(cand, word);

	if (slips == 1)
		return CLOSE_SLIP;
	if (slips > 1)
		return CLOSE_KEYS;
	/* one edit from a one-letter word is any short word */
	if (lc < 2 || lw < 2 || sms_distance(cand, word) != 1)
		return CLOSE_NONE;
	/* "MC" for "MCO": an old code, or a letter lost at the end */
	if (strncmp(cand, word, lc < lw ? lc : lw) == 0)
		return CLOSE_END;
	return CLOSE_EDIT;
}

int
sms_suggestions(const struct codebook *cb, const char *word,
    const struct cb_code *out[SMS_SUGGEST_MAX])
{
	enum closeness	best[CB_MAX_CODES];
	size_t		i;
	int		k, n = 0, c;

	for (k = 0; k < CB_MAX_CODES; k++)
		best[k] = CLOSE_NONE;
	for (i = 0; i < codebook_ncode_words(cb); i++) {
		const struct cb_word	*w = codebook_code_word(cb, i);
		char			 cand[WORD_CMP_MAX + 1];
		enum closeness		 how;

		if (w == NULL || (c = cb_word_code(w)) < 0 ||
		    c >= CB_MAX_CODES)
			continue;
		squeeze(cb_word_text(w), cand, sizeof(cand));
		if (strcmp(cand, word) == 0)
			continue;
		if ((how = closeness(cand, word)) < best[c])
			best[c] = how;
	}
	/* the closest first, then code book order */
	for (k = CLOSE_SLIP; k < CLOSE_NONE && n < SMS_SUGGEST_MAX; k++)
		for (c = 0; c < cb->ncodes && n < SMS_SUGGEST_MAX; c++)
			if (best[c] == (enum closeness)k)
				out[n++] = &cb->codes[c];
	return n;
}

const struct cb_code *
sms_suggest(const struct codebook *cb, const char *word)
{
	const struct cb_code *s[SMS_SUGGEST_MAX];

	return sms_suggestions(cb, word, s) > 0 ? s[0] : NULL;
}
