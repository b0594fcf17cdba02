/*
 * The one CSV cell writer: every CSV the gateway writes (`reportgw export
 * --format csv`, the digest's attachment) goes through it, because the
 * cells hold text from anyone who can send an SMS.
 *
 * Every cell is quoted, with embedded quotes doubled (RFC 4180).  A cell
 * a spreadsheet would read as a formula, one starting (after any spaces)
 * with = + - @ a tab or a carriage return, or their full-width forms, gets
 * a leading apostrophe inside the quotes (OWASP, CSV injection): it is
 * then text.  The same prefix keeps as text what a spreadsheet would turn
 * into a number and damage: phone numbers (+84905000111 already starts
 * with +), digit strings with a leading zero (0905000111), and digit
 * strings of 12 digits or more (shown as 8.49E+10, exact to 15 digits).
 * Spreadsheets show the apostrophe when they open a CSV file; a program
 * reading the file sees it too, and strips one leading ' to get the value.
 *
 * Control characters and invalid UTF-8 are written as visible escapes
 * (termsafe.h); a newline and a tab inside a cell are kept.
 */
#ifndef REPORTGW_CSV_H
#define REPORTGW_CSV_H

struct buf;

/* longer digit strings are kept as text */
#define CSV_DIGITS_MAX	11

/* Appends one cell (NULL: an empty one), without a separator. */
void	csv_cell(struct buf *, const char *);
/*
 * A number the gateway computed (a count, a percentage), bare: a
 * spreadsheet reads it as a number, and no text can be in it.
 */
void	csv_number(struct buf *, long long);
void	csv_decimal(struct buf *, double);	/* one decimal, '.' */
/* 1 when the cell gets the apostrophe prefix. */
int	csv_needs_prefix(const char *);

#endif
