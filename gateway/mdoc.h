/*
 * Writing mdoc(7) text from data: the generated parts of reportgw.conf(5)
 * (`reportgw keys --mdoc`) and reportgw-codes(7) (`reportgw codes --mdoc`).
 */
#ifndef REPORTGW_MDOC_H
#define REPORTGW_MDOC_H

#include <stdio.h>

/*
 * Writes s as text: a leading dot or quote escaped, backslashes doubled,
 * other characters than ASCII as \[uXXXX].
 */
void	mdoc_text(FILE *, const char *s);

/*
 * Writes s as the arguments of a macro line: the same, and quotes as
 * \(dq, and a word of punctuation alone ("(", ";") or one that could be a
 * macro name ("So", "Em": Vietnamese words) kept as text.
 */
void	mdoc_arg(FILE *, const char *s);

#endif
