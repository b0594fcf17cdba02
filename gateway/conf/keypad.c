/*
 * Keypad safety of the code book.  On a multi-tap keypad (2 ABC, 3 DEF,
 * 4 GHI, 5 JKL, 6 MNO, 7 PQRS, 8 TUV, 9 WXYZ) one slip, a key pressed once
 * too often or too few times, turns a letter into another on the same key.
 * When two codes or aliases are one such slip apart, the slip stores a
 * report as the other code without anyone noticing; when either code
 * alerts, that is an urgent case stored without alert, or a false alarm.
 * Such pairs are refused unless codebook.accepted_slips lists them.  Only
 * codes and aliases are compared: a message starts with one of them, and
 * the suggestions (parsers/suggest.c) catch a slip into nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "errs.h"
#include "fold.h"
#include "sms.h"
#include "xmalloc.h"

#define SLIP_WORD_MAX	(CB_WORD_MAX * CB_PHRASE_MAX)

/* A code or alias as typed in one word ("BAO LUC" is "BAOLUC"). */
struct slip_word {
	char			 text[SLIP_WORD_MAX];
	const struct cb_code	*code;
	const config_setting_t	*at;	/* where the config names it */
};

/* Folds and squeezes word into out; 0, or -1 when it is too long. */
static int
squeezed(const char *word, char out[SLIP_WORD_MAX])
{
	char	folded[SLIP_WORD_MAX];
	size_t	i, n = 0;

	if (fold_phrase(word, folded, sizeof(folded)) == (size_t)-1)
		return -1;
	for (i = 0; folded[i] != '\0'; i++)
		if (folded[i] != ' ')
			out[n++] = folded[i];
	out[n] = '\0';
	return n > 0 ? 0 : -1;
}

static int
alerts(const struct cb_code *c)
{
	return c->kind == CB_INCIDENT && c->alert != CB_ALERT_NEVER;
}

/* Adds the word that setting `at` holds, when it names a loaded code. */
static void
add_word(const struct codebook *cb, const config_setting_t *at,
    struct slip_word *w, size_t *n)
{
	const char		*s = config_setting_get_string(at);
	const struct cb_code	*c;

	/* codes switched off, or refused already, are not in the table */
	if (s == NULL || (c = codebook_find(cb, s)) == NULL)
		return;
	if (squeezed(s, w[*n].text) == -1)
		return;
	w[*n].code = c;
	w[*n].at = at;
	(*n)++;
}

/* The words of every code, and how many. */
static struct slip_word *
collect(const config_setting_t *codes, const struct codebook *cb,
    size_t *np)
{
	struct slip_word	*w;
	size_t			 n = 0, max = 0;
	int			 i, k, nc = config_setting_length(codes);

	for (i = 0; i < nc; i++) {
		const config_setting_t *cs = config_setting_get_elem(codes,
		    (unsigned)i);
		const config_setting_t *al = config_setting_get_member(cs,
		    "aliases");

		max += 1 + (al != NULL ? (size_t)config_setting_length(al) : 0);
	}
	w = xreallocarray(NULL, max + 1, sizeof(*w));
	for (i = 0; i < nc; i++) {
		const config_setting_t *cs = config_setting_get_elem(codes,
		    (unsigned)i);
		const config_setting_t *c = config_setting_get_member(cs,
		    "code");
		const config_setting_t *al = config_setting_get_member(cs,
		    "aliases");
		int na = al != NULL ? config_setting_length(al) : 0;

		if (c != NULL)
			add_word(cb, c, w, &n);
		for (k = 0; k < na; k++)
			add_word(cb, config_setting_get_elem(al, (unsigned)k),
			    w, &n);
	}
	*np = n;
	return w;
}

static const struct slip_word *
word_named(const struct slip_word *w, size_t n, const char *text)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(w[i].text, text) == 0)
			return &w[i];
	return NULL;
}

/*
 * Reads the accepted pairs ("A B") into acc[2 * k], acc[2 * k + 1];
 * returns how many.  Malformed entries are errors.
 */
static size_t
accepted(const config_setting_t *list, const struct slip_word *w, size_t n,
    char (*acc)[SLIP_WORD_MAX], struct conf_errs *e)
{
	size_t	na = 0;
	int	i, len = list != NULL ? config_setting_length(list) : 0;

	for (i = 0; i < len; i++) {
		const config_setting_t	*el = config_setting_get_elem(list,
					    (unsigned)i);
		const char		*s = config_setting_get_string(el);
		char			 a[SLIP_WORD_MAX], b[SLIP_WORD_MAX];
		const char		*sp;
		size_t			 alen;

		if (s == NULL)
			continue;
		sp = strchr(s, ' ');
		alen = sp != NULL ? (size_t)(sp - s) : 0;
		if (sp == NULL || alen == 0 || alen >= sizeof(a) ||
		    strchr(sp + 1, ' ') != NULL) {
			conf_err(e, el, "accepted slip \"%s\" must be two codes "
			    "or aliases with one space between them", s);
			continue;
		}
		memcpy(a, s, alen);
		a[alen] = '\0';
		if (squeezed(a, a) == -1 || squeezed(sp + 1, b) == -1 ||
		    word_named(w, n, a) == NULL || word_named(w, n, b) == NULL) {
			conf_err(e, el, "accepted slip \"%s\": %s is not a code "
			    "or alias (write an alias of several words "
			    "without its spaces)", s, word_named(w, n, a) ==
			    NULL ? "the first" : "the second");
			continue;
		}
		if (sms_keypad_slips(a, b) != 1) {
			conf_err(e, el, "accepted slip \"%s\": the two are not "
			    "one keypad slip apart", s);
			continue;
		}
		memcpy(acc[2 * na], a, sizeof(a));
		memcpy(acc[2 * na + 1], b, sizeof(b));
		na++;
	}
	return na;
}

static int
is_accepted(char (*acc)[SLIP_WORD_MAX], size_t na, const char *a,
    const char *b)
{
	size_t k;

	for (k = 0; k < na; k++)
		if ((strcmp(acc[2 * k], a) == 0 &&
		    strcmp(acc[2 * k + 1], b) == 0) ||
		    (strcmp(acc[2 * k], b) == 0 &&
		    strcmp(acc[2 * k + 1], a) == 0))
			return 1;
	return 0;
}

/* The letter at which a and b (one slip apart) differ. */
static size_t
slip_at(const char *a, const char *b)
{
	size_t i;

	for (i = 0; a[i] == b[i]; i++)
		;
	return i;
}

void
codebook_check_keypad(const config_setting_t *g, const struct codebook *cb,
    struct conf_errs *e)
{
	const config_setting_t	*codes = config_setting_get_member(g, "codes");
	const config_setting_t	*list = config_setting_get_member(g,
				    "accepted_slips");
	struct slip_word	*w;
	char			(*acc)[SLIP_WORD_MAX];
	size_t			 n, na, i, j;

	if (codes == NULL)
		return;
	w = collect(codes, cb, &n);
	acc = xreallocarray(NULL, 2 * (list != NULL ?
	    (size_t)config_setting_length(list) : 0) + 1, sizeof(*acc));
	na = accepted(list, w, n, acc, e);
	for (j = 0; j < n; j++)
		for (i = 0; i < j; i++) {
			const struct slip_word *a = &w[i], *b = &w[j];
			size_t at;

			if (a->code == b->code ||
			    (!alerts(a->code) && !alerts(b->code)) ||
			    sms_keypad_slips(a->text, b->text) != 1 ||
			    is_accepted(acc, na, a->text, b->text))
				continue;
			at = slip_at(a->text, b->text);
			conf_err(e, b->at, "%s (%s) and %s (%s) are one keypad "
			    "slip apart (%c and %c share a key) and %s alerts: "
			    "a slip would store one as the other unnoticed; "
			    "rename one, or accept the pair in "
			    "codebook.accepted_slips as \"%s %s\"",
			    b->text, b->code->code, a->text, a->code->code,
			    b->text[at], a->text[at], alerts(b->code) ?
			    b->code->code : a->code->code, a->text, b->text);
		}
	free(acc);
	free(w);
}
