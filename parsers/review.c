/*
 * Review: a message that was not fully understood still reaches a person
 * when its meaning may be urgent (reportgw-codes(7), REVIEW).  In order:
 *
 * - a report of an alert-class code (alert not "never") whose age is out
 *   of range (SMS_REVIEW_AGE), or with a slot missing or unreadable
 *   (SMS_REVIEW_MISSING): "DN G 7", "XH", "TV T 7";
 * - anywhere in the message, a word that makes a code alert by its value
 *   (death words: the value an alert rule names, "chet", "tu vong")
 *   (SMS_REVIEW_DEATH);
 * - anywhere, a code, alias or phrase of an always-alert code, or a word
 *   of an always-alerting flag (SMS_REVIEW_CODE).
 *
 * Single words shorter than OWN_LETTERS_MIN count only as codes.
 */
#include "grammar_int.h"
#include "lexer.h"
#include "sms.h"

/* What the urgent words of a message are. */
struct urgent {
	int			 death;
	int			 flag;		/* an always-alerting flag */
	const struct cb_code	*death_code;	/* named by a death word */
	const struct cb_code	*code;		/* an always-alert code */
};

/* Whether w is a value that makes some code alert ("died"). */
static int
alerting_value(const struct codebook *cb, const struct cb_word *w)
{
	const struct cb_code	*c;
	int			 k;

	for (k = 0; k < cb->ncodes; k++) {
		c = &cb->codes[k];
		if (c->kind == CB_INCIDENT && c->alert == CB_ALERT_WHEN &&
		    c->alert_vocab != CB_VOCAB_FLAG &&
		    cb_word_value(w, c->alert_vocab) == c->alert_value)
			return 1;
	}
	return 0;
}

static const struct cb_code *
always_code(const struct codebook *cb, int k)
{
	if (k < 0 || cb->codes[k].kind != CB_INCIDENT ||
	    cb->codes[k].alert != CB_ALERT_ALWAYS)
		return NULL;
	return &cb->codes[k];
}

static void
hear_urgent(const struct msg *m, struct urgent *u)
{
	const struct codebook	*cb = m->cb;
	const struct lexed	*lx = m->lx;
	const struct cb_word	*w, *cw;
	const struct cb_code	*c;
	size_t			 i, n, cn;
	int			 flag;

	for (i = 0; i < lx->ntokens; i += n) {
		w = gr_longest(cb, lx, i, lx->ntokens, W_OWN, 0, &n);
		cw = gr_longest(cb, lx, i, lx->ntokens, W_CODE, 0, &cn);
		if (cw != NULL && (w == NULL || cn > n)) {
			w = cw;
			n = cn;
		}
		if (w == NULL) {
			n = 1;
			continue;
		}
		c = always_code(cb, cb_word_phrase_code(w));
		if (c == NULL)
			c = always_code(cb, cb_word_code(w));
		if (u->code == NULL)
			u->code = c;
		if (!gr_own_long_enough(lx, i, n))
			continue;
		if (alerting_value(cb, w)) {
			u->death = 1;
			if (u->death_code == NULL && cb_word_phrase_code(w) >= 0)
				u->death_code = &cb->codes[
				    cb_word_phrase_code(w)];
		}
		flag = cb_word_value(w, CB_VOCAB_FLAG);
		if (flag >= 0 && (cb->alert_flags >> flag) & 1)
			u->flag = 1;
	}
}

void
gr_review(const struct msg *m, const struct seg *failed)
{
	struct sms_result	*r = m->res;
	const struct cb_code	*c = NULL;
	struct urgent		 u = { 0, 0, NULL, NULL };

	if (failed != NULL)
		c = failed->code != NULL ? failed->code : failed->maybe;
	if (c != NULL && c->kind == CB_INCIDENT && c->alert != CB_ALERT_NEVER &&
	    (failed->age_range || failed->missing)) {
		r->review = failed->age_range ? SMS_REVIEW_AGE :
		    SMS_REVIEW_MISSING;
		r->review_code = c;
		return;
	}
	hear_urgent(m, &u);
	if (u.death)
		r->review = SMS_REVIEW_DEATH;
	else if (u.code != NULL || u.flag)
		r->review = SMS_REVIEW_CODE;
	else
		return;
	r->review_code = c != NULL ? c : u.death && u.death_code != NULL ?
	    u.death_code : u.code;
}
