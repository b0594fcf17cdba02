/*
 * CSV cells that a spreadsheet reads as text, never as a formula (see
 * csv.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "termsafe.h"

/* Full-width = + - @ (U+FF1D, U+FF0B, U+FF0D, U+FF20), in UTF-8. */
static const char *const wide_triggers[] = { "\xef\xbc\x9d", "\xef\xbc\x8b",
    "\xef\xbc\x8d", "\xef\xbc\xa0", NULL };

int
csv_needs_prefix(const char *s)
{
	const char	*p;
	size_t		 i;

	if (s == NULL || *s == '\0')
		return 0;
	/* a tab or a CR first is a trigger; spaces are skipped */
	for (p = s; *p == ' '; p++)
		;
	if (*p != '\0' && strchr("=+-@\t\r", *p) != NULL)
		return 1;
	for (i = 0; wide_triggers[i] != NULL; i++)
		if (strncmp(p, wide_triggers[i], strlen(wide_triggers[i])) == 0)
			return 1;
	/* digits a spreadsheet would turn into a number and damage */
	if (strspn(s, "0123456789") == strlen(s) &&
	    ((s[0] == '0' && s[1] != '\0') || strlen(s) > CSV_DIGITS_MAX))
		return 1;
	return 0;
}

void
csv_cell(struct buf *b, const char *s)
{
	char		*shown;
	const char	*p, *run;

	buf_add(b, "\"");
	if (s == NULL) {
		buf_add(b, "\"");
		return;
	}
	/* judged as shown: a leading CR is "\x0d" by then, a tab is kept */
	shown = termsafe(s, TS_KEEP_NL | TS_KEEP_TAB);
	if (csv_needs_prefix(shown))
		buf_add(b, "'");
	for (p = run = shown; *p != '\0'; p++)
		if (*p == '"') {
			buf_addn(b, run, (size_t)(p - run + 1));
			buf_add(b, "\"");
			run = p + 1;
		}
	buf_add(b, run);
	buf_add(b, "\"");
	free(shown);
}

void
csv_number(struct buf *b, long long n)
{
	buf_printf(b, "%lld", n);
}

void
csv_decimal(struct buf *b, double d)
{
	buf_printf(b, "%.1f", d);
}
