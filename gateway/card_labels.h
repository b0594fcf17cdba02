/*
 * The labels (labels.conf) the printed card (cmd_card.c) cannot do
 * without.  One list, kept beside the code that uses it: `reportgw card`
 * refuses a config that lacks one and `reportgw check` warns about it
 * (gateway/conf/warn.c), so a new label used there is checked by adding
 * one line.  The card also reads the e-mail words (sex_F, years, ...),
 * checked with the e-mail labels, and, when the config has them, a
 * heading per vocabulary (vocab_sex, vocab_outcome, ...) and a label per
 * vocabulary value (outcome_died, ...); without those it falls back to
 * the code book's words.
 */
#ifndef REPORTGW_CARD_LABELS_H
#define REPORTGW_CARD_LABELS_H

#define CARD_LABELS(X)							\
	X(card_title) X(card_commune) X(card_sms) X(card_ussd)		\
	X(card_emergency) X(card_how) X(card_codes) X(card_example)	\
	X(card_words) X(card_age) X(card_other) X(card_ref)		\
	X(card_more) X(card_figures) X(card_villages)

#endif
