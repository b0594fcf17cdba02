/*
 * Cases: the state machine (one transition table), its effects (owner,
 * times, timeline, the reporter's feedback), the pipeline's hooks and the
 * officers' SMS commands.  See cases.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "log.h"
#include "officers.h"

const char *const case_state_names[CASE_NSTATES] = {
	"open", "acknowledged", "referred", "closed"
};

const char *const case_action_names[CASE_NACTIONS] = {
	"ack", "refer", "close", "reopen", "cancel"
};

_Static_assert((int)CASE_ACK == (int)CB_CASE_ACK &&
    (int)CASE_REFER == (int)CB_CASE_REFER &&
    (int)CASE_CLOSE == (int)CB_CASE_CLOSE &&
    (int)CASE_REOPEN == (int)CB_CASE_REOPEN,
    "the officers' actions follow enum cb_case_action");

#define NO	(-1)

/* transitions[state][action]: the next state, or NO. */
static const signed char transitions[CASE_NSTATES][CASE_NACTIONS] = {
	/*		    ack			refer		close
			    reopen		cancel */
	[CASE_OPEN] =	  { CASE_ACKNOWLEDGED,	CASE_REFERRED,	CASE_CLOSED,
			    NO,			CASE_CLOSED },
	[CASE_ACKNOWLEDGED] = { NO,		CASE_REFERRED,	CASE_CLOSED,
			    NO,			CASE_CLOSED },
	[CASE_REFERRED] = { NO,			CASE_REFERRED,	CASE_CLOSED,
			    NO,			CASE_CLOSED },
	[CASE_CLOSED] =	  { NO,			NO,		NO,
			    CASE_ACKNOWLEDGED,	NO },
};

int
case_state_of(const char *s)
{
	int i;

	for (i = 0; i < CASE_NSTATES; i++)
		if (strcmp(case_state_names[i], s) == 0)
			return i;
	return -1;
}

int
case_next(int state, enum case_action a)
{
	if (state < 0 || state >= CASE_NSTATES || (int)a < 0 ||
	    a >= CASE_NACTIONS)
		return -1;
	return transitions[state][a];
}

/* The value (or, with label, the label) of a "target" vocabulary index. */
static const char *
target_word(const struct codebook *cb, int target, int label)
{
	int v = codebook_vocab(cb, CB_VOCAB_TARGET_NAME);

	if (v < 0 || target < 0 || target >= cb->vocabs[v].nvalues)
		return "";
	return label ? cb->vocabs[v].values[target].label :
	    cb->vocabs[v].values[target].value;
}

int
cases_event(struct store *st, const struct case_row *c,
    const struct case_actor *who, const char *action, const char *note,
    time_t now)
{
	struct case_event e;

	memset(&e, 0, sizeof(e));
	e.case_id = c->id;
	e.at = now;
	snprintf(e.actor, sizeof(e.actor), "%s", who->name);
	snprintf(e.channel, sizeof(e.channel), "%s", who->channel);
	snprintf(e.action, sizeof(e.action), "%s", action);
	snprintf(e.note, sizeof(e.note), "%s", note != NULL ? note : "");
	return store_case_event_add(st, &e);
}

/* The reporter's SMS: the case was taken, or is done.  No details. */
static int
feedback(struct store *st, const struct conf *conf, const struct case_row *c,
    enum cb_reply which, int64_t inbox_id, time_t now)
{
	char			ref[24], text[REPLY_SIZE];
	struct reply_var	v = { "ref", ref };

	snprintf(ref, sizeof(ref), "%lld", (long long)c->report_id);
	reply_format(conf->codebook, which, &v, 1, text);
	return store_outbox_add(st, c->phone, text, "feedback", inbox_id,
	    c->report_id, now, now);
}

int
cases_apply(struct store *st, const struct conf *conf, struct case_row *c,
    enum case_action a, int target, const char *note,
    const struct case_actor *who, int64_t inbox_id, time_t now)
{
	char	 detail[STORE_NOTE_MAX];
	int	 to = case_next(case_state_of(c->status), a);
	int	 tell_ack = 0, tell_close = 0;

	if (to < 0)
		return 0;
	if (a == CASE_REOPEN) {		/* not the case of a cancelled report */
		struct report_row	r;
		int			found = store_report_get(st,
					    c->report_id, &r);

		if (found == -1)
			return -1;
		if (found == 1 && strcmp(r.status, "cancelled") == 0)
			return 0;
	}
	if (a != CASE_CANCEL && (a == CASE_ACK || c->owner[0] == '\0')) {
		snprintf(c->owner, sizeof(c->owner), "%s", who->name);
		snprintf(c->owner_phone, sizeof(c->owner_phone), "%s",
		    who->phone);
	}
	switch (a) {
	case CASE_ACK:
	case CASE_REFER:
		if (c->acknowledged_at == 0)
			c->acknowledged_at = now;
		if (a == CASE_REFER) {
			snprintf(c->referred_to, sizeof(c->referred_to), "%s",
			    target_word(conf->codebook, target, 0));
			c->referred_at = now;
		}
		tell_ack = !c->fed_ack;
		break;
	case CASE_CLOSE:
	case CASE_CANCEL:
		c->closed_at = now;
		tell_close = a == CASE_CLOSE && !c->fed_close;
		break;
	case CASE_REOPEN:
		c->closed_at = 0;
		c->reopened_at = now;
		c->reminded_at = 0;
		break;
	case CASE_NACTIONS:
		return 0;
	}
	snprintf(c->status, sizeof(c->status), "%s", case_state_names[to]);
	c->fed_ack |= tell_ack;
	c->fed_close |= tell_close;
	if (a == CASE_REFER)
		snprintf(detail, sizeof(detail), "%s%s%s", c->referred_to,
		    note != NULL && *note ? ": " : "", note != NULL ? note : "");
	else
		snprintf(detail, sizeof(detail), "%s", note != NULL ? note : "");
	if (store_case_update(st, c, now) == -1 ||
	    cases_event(st, c, who, case_action_names[a], detail, now) == -1)
		return -1;
	if (tell_ack && feedback(st, conf, c, CB_R_FEEDBACK_ACK, inbox_id,
	    now) == -1)
		return -1;
	if (tell_close && feedback(st, conf, c, CB_R_FEEDBACK_CLOSE, inbox_id,
	    now) == -1)
		return -1;
	log_info("case #%lld: %s by %s (%s), now %s", (long long)c->ref,
	    case_action_names[a], who->phone[0] ? who->phone : who->name,
	    who->channel, c->status);
	return 1;
}

/* ---- the pipeline's hooks ---- */

int
cases_open(struct store *st, const struct conf *conf,
    const struct inbox_msg *m, int64_t id, const struct report_row *row,
    time_t now)
{
	struct case_row		c;
	struct case_actor	who = { row->phone, "", m->channel };

	if (!conf->cases.enabled)
		return 0;
	memset(&c, 0, sizeof(c));
	c.ref = id;
	c.report_id = id;
	snprintf(c.code, sizeof(c.code), "%s", row->code);
	snprintf(c.village, sizeof(c.village), "%s", row->village);
	snprintf(c.commune, sizeof(c.commune), "%s", row->commune);
	snprintf(c.phone, sizeof(c.phone), "%s", row->phone);
	snprintf(c.status, sizeof(c.status), "%s",
	    case_state_names[CASE_OPEN]);
	c.level = 1;
	c.opened_at = now;
	if (store_case_add(st, &c, now) == -1)
		return -1;
	if (c.id == 0)		/* opened already */
		return 0;
	return cases_event(st, &c, &who, "open",
	    strcmp(row->status, "review") == 0 ? "review" : "alert", now);
}

int
cases_report_cancelled(struct store *st, const struct conf *conf,
    const struct inbox_msg *m, int64_t id, time_t now)
{
	struct case_row		c;
	struct case_actor	who = { m->sender, "", m->channel };
	int			found = store_case_of_report(st, id, &c);

	if (found <= 0)
		return found;
	return cases_apply(st, conf, &c, CASE_CANCEL, -1, NULL, &who, m->id,
	    now) == -1 ? -1 : 0;
}

int
cases_report_corrected(struct store *st, const struct conf *conf,
    const struct inbox_msg *m, int64_t old_id, int64_t new_id,
    const struct report_row *row, const struct sms_report *rep, int told,
    time_t now)
{
	struct case_row		 c;
	struct case_actor	 who = { m->sender, "", m->channel };
	struct conf_strings	 to = { NULL, 0 };
	struct reply_var	 v[4];
	char			 refs[24], news[24], summary[512];
	char			 text[REPLY_SIZE], note[64];
	size_t			 k;
	int			 found = store_case_of_report(st, old_id, &c);
	int			 rc = 0;

	if (found <= 0)
		return found;
	c.report_id = new_id;
	snprintf(c.code, sizeof(c.code), "%s", row->code);
	snprintf(c.village, sizeof(c.village), "%s", row->village);
	snprintf(c.commune, sizeof(c.commune), "%s", row->commune);
	snprintf(note, sizeof(note), "#%lld -> #%lld", (long long)old_id,
	    (long long)new_id);
	if (store_case_update(st, &c, now) == -1 ||
	    cases_event(st, &c, &who, "correct", note, now) == -1)
		return -1;
	snprintf(refs, sizeof(refs), "%lld", (long long)old_id);
	snprintf(news, sizeof(news), "%lld", (long long)new_id);
	reply_summary(conf->codebook, rep, summary, sizeof(summary));
	v[0] = (struct reply_var){ "ref", refs };
	v[1] = (struct reply_var){ "new_ref", news };
	v[2] = (struct reply_var){ "summary", summary };
	v[3] = (struct reply_var){ "village_code", row->village };
	reply_format(conf->codebook, CB_R_OFFICER_CORRECT, v, 4, text);
	if (!told)
		officers_reach(conf, c.commune, REACH_ALERT, 0, &to);
	officers_add(&to, c.owner_phone);
	if (c.level >= 2)
		officers_reach(conf, c.commune, REACH_ABOVE, 0, &to);
	for (k = 0; k < to.n && rc == 0; k++)
		rc = store_outbox_add(st, to.v[k], text, "officer_correct",
		    m->id, new_id, m->received_at, now);
	officers_free(&to);
	/*
	 * no longer urgent: nothing left to follow up; urgent again (a
	 * second correction): the closed case opens again, never a second
	 */
	if (rc == 0 && cases_apply(st, conf, &c, row->alert ? CASE_REOPEN :
	    CASE_CANCEL, -1, note, &who, m->id, now) == -1)
		rc = -1;
	return rc == -1 ? -1 : 1;
}

/* ---- officers' SMS commands ---- */

/* The word for an action in an SMS: the name of its code. */
static const char *
action_word(const struct codebook *cb, enum case_action a)
{
	int k;

	for (k = 0; k < cb->ncodes; k++)
		if (cb->codes[k].kind == CB_CASE &&
		    (int)cb->codes[k].case_action == (int)a)
			return cb->codes[k].name;
	return case_action_names[a];
}

/* The word for a state in an SMS: the code book's label "state_NAME". */
static const char *
state_word(const struct codebook *cb, const char *state)
{
	char		 name[STORE_CODE_MAX + 8];
	const char	*l;

	snprintf(name, sizeof(name), "state_%s", state);
	l = codebook_label(cb, name);
	return l == name ? state : l;
}

static void
answer(const struct conf *conf, struct case_answer *a, enum cb_reply which,
    const struct reply_var *v, size_t nv, const char *status,
    const char *error)
{
	reply_format(conf->codebook, which, v, nv, a->text);
	a->status = status;
	a->error = error;
}

int
cases_sms(struct store *st, const struct conf *conf,
    const struct inbox_msg *m, const char *phone,
    const struct sms_result *res, time_t now, struct case_answer *a)
{
	const struct conf_officer	*o = conf_officer(conf, phone);
	const struct codebook		*cb = conf->codebook;
	struct case_row			 c;
	struct case_actor		 who;
	struct reply_var		 v[6];
	struct reporter			 rep;
	enum case_action		 act;
	char				 refs[24], name[STORE_NAME_MAX];
	int				 found, done;

	memset(a, 0, sizeof(*a));
	a->purpose = "case";
	snprintf(refs, sizeof(refs), "%ld", res->ref);
	v[0] = (struct reply_var){ "ref", refs };
	if (o == NULL) {
		/* a reporter is answered as one; a stranger as strangers */
		found = phone[0] != '\0' ? store_reporter_get(st, phone, &rep) :
		    0;
		if (found == -1)
			return -1;
		found = found && strcmp(rep.status, "active") == 0;
		a->purpose = found ? "reply" : "unknown";
		answer(conf, a, CB_R_CASE_REFUSED, v, 1, found ? "rejected" :
		    "unauthorised", "not an officer");
		return 0;
	}
	found = conf->cases.enabled ? store_case_get(st, res->ref, &c) : 0;
	if (found == -1)
		return -1;
	if (!found) {
		answer(conf, a, CB_R_CASE_NOT_FOUND, v, 1, "rejected",
		    "case not_found");
		return 0;
	}
	a->report_id = c.report_id;
	if (!officers_may_act(o, c.commune)) {
		answer(conf, a, CB_R_CASE_REFUSED, v, 1, "rejected",
		    "case of another commune");
		return 0;
	}
	act = (enum case_action)res->code->case_action;
	snprintf(name, sizeof(name), "%s (%s)", o->name, o->phone);
	who = (struct case_actor){ name, o->phone, m->channel };
	done = cases_apply(st, conf, &c, act, res->target, res->note, &who,
	    m->id, now);
	if (done == -1)
		return -1;
	v[1] = (struct reply_var){ "code", c.code };
	v[2] = (struct reply_var){ "village_code", c.village };
	v[3] = (struct reply_var){ "target", target_word(cb, res->target, 1) };
	v[4] = (struct reply_var){ "status", state_word(cb, c.status) };
	v[5] = (struct reply_var){ "action", action_word(cb, act) };
	if (!done) {
		answer(conf, a, CB_R_CASE_STATE, v, 6, "rejected",
		    "case state");
		return 0;
	}
	cases_confirmation(cb, res, c.code, c.village, a->text);
	a->status = "processed";
	return 0;
}

void
cases_confirmation(const struct codebook *cb, const struct sms_result *res,
    const char *code, const char *village, char out[REPLY_SIZE])
{
	static const enum cb_reply which[CB_NCASE_ACTIONS] = {
		[CB_CASE_ACK] = CB_R_CASE_ACK,
		[CB_CASE_REFER] = CB_R_CASE_REFER,
		[CB_CASE_CLOSE] = CB_R_CASE_CLOSE,
		[CB_CASE_REOPEN] = CB_R_CASE_REOPEN,
	};
	struct reply_var	v[4];
	char			refs[24];

	snprintf(refs, sizeof(refs), "%ld", res->ref);
	v[0] = (struct reply_var){ "ref", refs };
	v[1] = (struct reply_var){ "code", code };
	v[2] = (struct reply_var){ "village_code", village };
	v[3] = (struct reply_var){ "target", target_word(cb, res->target, 1) };
	reply_format(cb, which[res->code->case_action], v, 4, out);
}
