/*
 * The parts of a code's usage text in the code book, "TEMPLATE. Vd:
 * EXAMPLE (GLOSS)": the manual page (cmd_codes.c) and the printed card
 * (cmd_card.c) show a code's example, checked by the parser.
 */
#ifndef REPORTGW_USAGE_H
#define REPORTGW_USAGE_H

#include "codebook.h"

struct code_usage {
	char	tmpl[CB_TEXT_MAX];
	char	example[CB_TEXT_MAX];	/* an SMS, e.g. "BL G 9" */
	char	gloss[CB_TEXT_MAX];	/* what it says, or "" */
};

/* Splits c's usage; without "Vd:", the template is its own example. */
void	code_usage(const struct cb_code *c, struct code_usage *u);

#endif
