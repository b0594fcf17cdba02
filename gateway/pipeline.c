/*
 * Judging messages: registry check, parse, authorisation by village,
 * registration, duplicates, cancel and correct, coverage supersession,
 * alerts, several reports in one SMS, reviews (review.h), and one reply
 * per message within the loop and cost limits.  Logs name references,
 * codes and villages, never a message's text.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cases.h"
#include "log.h"
#include "mailq.h"
#include "officers.h"
#include "pipeline.h"
#include "reply.h"
#include "reportjson.h"
#include "review.h"
#include "sms.h"
#include "timeutil.h"
#include "ussd.h"
#include "utf8.h"
#include "xmalloc.h"

#define HOUR		3600
#define DAY		86400

/* Everything one message's judgement needs. */
struct job {
	struct store		*st;
	const struct conf	*conf;
	const struct codebook	*cb;
	const struct inbox_msg	*m;
	struct pipeline_stats	*stats;
	char			 phone[PHONE_MAX];	/* "" if none */
	int			 known;
	struct reporter		 rep;
	struct sms_result	 res;
	struct local_time	 at;
	time_t			 now;
	char			*capture;	/* USSD: the reply goes here */
};

/*
 * Whether a reply may go to this sender: a real phone number, no loop
 * (the third identical message in an hour gets none), at most
 * replies_per_hour, at most unknown_per_day instructions to strangers.
 */
static int
may_reply(struct job *j, const char *purpose)
{
	const struct conf	*c = j->conf;
	time_t			 t = j->m->received_at;
	long			 n;

	if (j->phone[0] == '\0')
		return 0;
	if (store_inbox_count_identical(j->st, j->m->sender, j->m->text,
	    j->m->textlen, t - HOUR, t, c->limits.identical_per_hour + 1,
	    &n) == -1)
		return -1;
	if (n > c->limits.identical_per_hour)
		return 0;
	if (strcmp(purpose, "unknown") == 0) {
		if (store_outbox_count(j->st, j->phone, purpose, time_day_start(t),
		    t, c->limits.unknown_per_day, &n) == -1)
			return -1;
		return n < c->limits.unknown_per_day;
	}
	if (store_outbox_count(j->st, j->phone, purpose, t - HOUR, t,
	    c->limits.replies_per_hour, &n) == -1)
		return -1;
	return n < c->limits.replies_per_hour;
}

static int
queue_reply(struct job *j, const char *text, const char *purpose,
    int64_t report_id)
{
	int ok;

	if (j->capture != NULL) {	/* shown on the USSD screen */
		snprintf(j->capture, REPLY_SIZE, "%s", text);
		return 0;
	}
	if ((ok = may_reply(j, purpose)) <= 0)
		return ok;
	if (store_outbox_add(j->st, j->phone, text, purpose, j->m->id,
	    report_id, j->m->received_at, j->now) == -1)
		return -1;
	j->stats->replies++;
	return 0;
}

/*
 * The last screen of a USSD session whose report was stored (which:
 * CB_U_DONE, or CB_U_DUPLICATE with the earlier report's number): plain
 * words and the village by its name, no SMS syntax to learn.
 */
static int
ussd_done(struct job *j, enum cb_ussd which, long ref,
    const struct sms_report *rep, const struct conf_village *v,
    int64_t report_id)
{
	char			refs[24], summary[512], village[128];
	char			period[64], text[REPLY_SIZE * 2];
	struct reply_var	vars[5];

	snprintf(refs, sizeof(refs), "%ld", ref);
	reply_summary(j->cb, rep, summary, sizeof(summary));
	ussd_period(j->cb, &rep->period, &j->at, period, sizeof(period));
	vars[0] = (struct reply_var){ "village", v->name };
	reply_expand(j->cb->ussd[CB_U_VILLAGE], vars, 1, village,
	    sizeof(village));
	vars[0] = (struct reply_var){ "ref", refs };
	vars[1] = (struct reply_var){ "summary", summary };
	vars[2] = (struct reply_var){ "village", village };
	vars[3] = (struct reply_var){ "period", period };
	vars[4] = (struct reply_var){ "alert", sms_is_alert(j->cb, rep) ?
	    j->cb->replies[CB_R_ALERT] : "" };
	if (which == CB_U_DONE && rep->code->kind == CB_ZERO)
		which = CB_U_DONE_ZERO;
	reply_expand(j->cb->ussd[which], vars, 5, text, sizeof(text));
	gsm7_fit(text, sizeof(text), REPLY_MAX);
	return queue_reply(j, text, "reply", report_id);
}

/* Renders the reply to the parse result with these extras and queues it. */
static int
reply_result(struct job *j, long ref, const char *village, int64_t report_id)
{
	struct reply_ctx	ctx = { ref, village, { -1, -1, -1 }, NULL };
	char			text[REPLY_SIZE];

	reply_render_at(j->cb, &j->res, &ctx, &j->at, NULL, text);
	return queue_reply(j, text, "reply", report_id);
}

static int
reply_template(struct job *j, enum cb_reply which, const char *purpose,
    const struct reply_var *vars, size_t nvars, int64_t report_id)
{
	char text[REPLY_SIZE];

	reply_format(j->cb, which, vars, nvars, text);
	return queue_reply(j, text, purpose, report_id);
}

static int
finish(struct job *j, const char *status, const char *error,
    int64_t report_id)
{
	if (strcmp(status, "rejected") == 0)
		j->stats->rejected++;
	else if (strcmp(status, "unauthorised") == 0)
		j->stats->unauthorised++;
	else if (strcmp(status, "duplicate") == 0)
		j->stats->duplicates++;
	return store_inbox_finish(j->st, j->m->id, status, error, report_id);
}

/* A rejected message: the reply teaches the right form. */
static int
reject(struct job *j, const char *error)
{
	char why[64];

	if (error == NULL) {
		snprintf(why, sizeof(why), "%s%s%s",
		    sms_error_names[j->res.error], j->res.field ? ":" : "",
		    j->res.field ? j->res.field : "");
		error = why;
	}
	if (reply_result(j, 0, NULL, 0) == -1)
		return -1;
	return finish(j, "rejected", error, 0);
}

/* Messages from numbers that are not active reporters. */
static int
unauthorised(struct job *j)
{
	struct reply_var v[2] = { { "village_code", j->rep.village },
	    { "name", j->rep.name } };

	if (j->known && strcmp(j->rep.status, "blocked") == 0)
		return finish(j, "unauthorised", "blocked", 0);
	if (j->known && strcmp(j->rep.status, "pending") == 0) {
		if (reply_template(j, CB_R_REGISTER_PENDING, "unknown", v, 2,
		    0) == -1)
			return -1;
		return finish(j, "unauthorised", "pending approval", 0);
	}
	if (reply_template(j, CB_R_UNKNOWN_SENDER, "unknown", NULL, 0, 0) == -1)
		return -1;
	return finish(j, "unauthorised", j->phone[0] ? "unknown sender" :
	    "not a phone number", 0);
}

static int
do_register(struct job *j)
{
	const char		*vcode = j->cb->villages[j->res.report.village];
	const struct conf_village *v = conf_village(j->conf, vcode);
	struct reporter		 r;
	struct reply_var	 vars[2] = { { "village_code", vcode },
				    { "name", j->res.name } };
	enum cb_reply		 which;

	if (j->phone[0] == '\0')
		return finish(j, "unauthorised", "not a phone number", 0);
	if (j->known && strcmp(j->rep.status, "blocked") == 0)
		return finish(j, "unauthorised", "blocked", 0);
	if (j->known && strcmp(j->rep.status, "active") == 0 &&
	    j->conf->registration != REG_OPEN) {
		vars[0].value = j->rep.village[0] ? j->rep.village :
		    j->rep.commune;
		vars[1].value = j->rep.name;
		if (reply_template(j, CB_R_REGISTERED, "reply", vars, 2,
		    0) == -1)
			return -1;
		return finish(j, "processed", "already registered", 0);
	}
	if (j->conf->registration == REG_CLOSED) {
		if (reply_template(j, CB_R_REGISTER_CLOSED, "unknown", NULL, 0,
		    0) == -1)
			return -1;
		return finish(j, "unauthorised", "registration closed", 0);
	}
	memset(&r, 0, sizeof(r));
	snprintf(r.phone, sizeof(r.phone), "%s", j->phone);
	snprintf(r.name, sizeof(r.name), "%s", j->res.name);
	snprintf(r.village, sizeof(r.village), "%s", vcode);
	snprintf(r.commune, sizeof(r.commune), "%s", v != NULL ? v->commune :
	    "");
	snprintf(r.status, sizeof(r.status), "%s",
	    j->conf->registration == REG_OPEN ? "active" : "pending");
	snprintf(r.source, sizeof(r.source), "sms");
	if (store_reporter_put(j->st, &r, 1) == -1)
		return -1;
	which = j->conf->registration == REG_OPEN ? CB_R_REGISTERED :
	    CB_R_REGISTER_PENDING;
	if (reply_template(j, which, j->conf->registration == REG_OPEN ?
	    "reply" : "unknown", vars, 2, 0) == -1)
		return -1;
	log_info("registration %s for %s (%s)", r.status, r.village,
	    r.phone);
	return finish(j, "processed", NULL, 0);
}

/*
 * The village a report is for: named in the text, or the reporter's.
 * Village reporters report for their own village only; commune reporters
 * for any village of their commune, and must name it.  Returns the village
 * or NULL after replying and finishing the message.
 */
static const struct conf_village *
report_village(struct job *j, const struct sms_report *rep, int *done)
{
	const struct conf_village	*v;
	const char			*code;

	*done = 0;
	code = rep->village >= 0 ? j->cb->villages[rep->village] :
	    j->rep.village[0] != '\0' ? j->rep.village : NULL;
	if (code == NULL) {		/* a commune reporter named none */
		j->res.error = SMS_MISSING_FIELD;
		j->res.field = "village";
		*done = reject(j, NULL) == -1 ? -1 : 1;
		return NULL;
	}
	v = conf_village(j->conf, code);
	if (v == NULL || (j->rep.village[0] != '\0' &&
	    strcmp(j->rep.village, code) != 0) ||
	    strcmp(v->commune, j->rep.commune) != 0) {
		if (reply_template(j, CB_R_NOT_ALLOWED, "reply", NULL, 0,
		    0) == -1) {
			*done = -1;
			return NULL;
		}
		*done = finish(j, "rejected", "village not allowed", 0) == -1 ?
		    -1 : 1;
		return NULL;
	}
	return v;
}

/*
 * Canonical text of what a report says, for duplicate detection.  -1 when
 * memory ran out (the JSON would be incomplete).
 */
static int
fingerprint(const struct codebook *cb, const struct sms_report *rep,
    const char *village, char *out, size_t size)
{
	json_t	*o = json_object();
	int	 rc;

	if (report_json_fields(cb, rep, 1, o) == -1 ||
	    json_object_set_new(o, "v", json_string(village)) == -1) {
		json_decref(o);
		return -1;
	}
	json_object_del(o, "note");
	json_object_del(o, "village");
	if (json_is_array(json_object_get(o, "flags"))) {
		/* MOI ("new") never makes two reports differ */
		json_t	*flags = json_object_get(o, "flags");
		size_t	 k;

		for (k = 0; k < json_array_size(flags); k++)
			if (strcmp(json_string_value(json_array_get(flags, k)),
			    "new") == 0)
				json_array_remove(flags, k--);
	}
	rc = report_json_dumpb(o, JSON_COMPACT | JSON_SORT_KEYS, out, size);
	if (rc == -1) {
		/*
		 * too long for the column (a code book with many slots): its
		 * 64-bit FNV-1a hash stands for it, so the message is judged
		 * instead of waiting for ever.  NULL: memory ran out.
		 */
		char		*t = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		uint64_t	 h = 0xcbf29ce484222325ULL;
		const char	*c;

		if (t != NULL) {
			for (c = t; *c != '\0'; c++)
				h = (h ^ (unsigned char)*c) * 0x100000001b3ULL;
			snprintf(out, size, "h:%016llx", (unsigned long long)h);
			free(t);
			rc = 0;
		}
	}
	json_decref(o);
	return rc;
}

static int
has_new_flag(const struct codebook *cb, const struct sms_report *rep)
{
	int v = codebook_value(cb, CB_VOCAB_FLAG, "new");

	return v >= 0 && (rep->flags & (1u << v));
}

/* Fills a report row from a parsed report; -1 when memory ran out. */
static int
report_row(struct job *j, const struct sms_report *rep,
    const struct conf_village *v, struct report_row *row)
{
	json_t	*o = json_object();
	int	 rc;

	memset(row, 0, sizeof(*row));
	row->inbox_id = j->m->id;
	snprintf(row->phone, sizeof(row->phone), "%s", j->phone);
	snprintf(row->village, sizeof(row->village), "%s", v->code);
	snprintf(row->commune, sizeof(row->commune), "%s", v->commune);
	snprintf(row->kind, sizeof(row->kind), "%s",
	    cb_kind_names[rep->code->kind]);
	snprintf(row->code, sizeof(row->code), "%s", rep->code->code);
	if (rep->period.unit != CB_PERIOD_NONE)
		period_format(&rep->period, row->period);
	if (report_json_fields(j->cb, rep, 1, o) == -1) {
		json_decref(o);
		return -1;
	}
	json_object_del(o, "village");
	rc = report_json_dumpb(o, JSON_COMPACT, row->details,
	    sizeof(row->details));
	json_decref(o);
	if (rc == -1)
		return -1;
	row->alert = sms_is_alert(j->cb, rep);
	row->implausible = rep->implausible;
	row->received_at = j->m->received_at;
	return fingerprint(j->cb, rep, v->code, row->fingerprint,
	    sizeof(row->fingerprint));
}

/*
 * Tells the officers about report ref: text by SMS to the level-1
 * officers of the commune (officers.h; else alerts.sms), with purpose
 * "alert" or "review", which the outbox sends first, and an e-mail of
 * that kind ("alert", "cancel", "review"), rendered from the store and
 * sent within a poll cycle by mailq.c.
 */
static int
tell_officers(struct job *j, const char *commune, const char *text,
    const char *purpose, const char *mailkind, int64_t ref)
{
	struct conf_strings	 to = { NULL, 0 };
	char			*mid;
	size_t			 k;
	int			 rc = 0;

	officers_reach(j->conf, commune, REACH_ALERT, 0, &to);
	for (k = 0; k < to.n && rc == 0; k++)
		rc = store_outbox_add(j->st, to.v[k], text, purpose, j->m->id,
		    ref, j->m->received_at, j->now);
	officers_free(&to);
	if (rc == -1)
		return -1;
	if (!j->conf->smtp.configured)
		return 0;
	officers_reach(j->conf, commune, REACH_ALERT, 1, &to);
	k = to.n;
	officers_free(&to);
	if (k == 0)
		return 0;
	mid = mailq_alert_id(j->st, j->conf, mailkind, (long long)ref);
	rc = store_mail_add_alert(j->st, mailkind, ref, mid, j->now);
	free(mid);
	return rc;
}

/* SMS and e-mail to the officers about an alert report or its cancel. */
static int
alert_officers(struct job *j, enum cb_reply which, int64_t ref,
    const struct sms_report *rep, const char *village)
{
	const struct conf_village *v = conf_village(j->conf, village);
	const char		*commune = v != NULL ? v->commune : "";
	char			 refs[24], summary[512], text[REPLY_SIZE];
	struct reply_var	 vars[5];

	snprintf(refs, sizeof(refs), "%lld", (long long)ref);
	reply_summary(j->cb, rep, summary, sizeof(summary));
	vars[0] = (struct reply_var){ "ref", refs };
	vars[1] = (struct reply_var){ "summary", summary };
	vars[2] = (struct reply_var){ "village_code", village };
	vars[3] = (struct reply_var){ "phone", j->phone };
	vars[4] = (struct reply_var){ "code", rep->code->code };
	reply_format(j->cb, which, vars, 5, text);
	return tell_officers(j, commune, text, "alert",
	    which == CB_R_OFFICER_CANCEL ? "cancel" : "alert", ref);
}

/*
 * Keeps one report of village v: a duplicate of the sender's active
 * report of the last day is not stored again (unless it corrects `old`
 * or carries MOI); otherwise it is stored, supersedes earlier figures of
 * its village and period and `old`, and alerts the officers when it is
 * urgent and `old` was not (a review never told them what it was).  *id
 * gets the new report, or the one it duplicates.  1 stored, 0 duplicate,
 * -1 error.
 */
static int
keep_report(struct job *j, const struct sms_report *rep,
    const struct conf_village *v, const struct report_row *old, int64_t *id)
{
	struct report_row	row;
	int			found, alerted = 0, moved = 0;

	if (report_row(j, rep, v, &row) == -1) {
		log_warnx("out of memory judging message #%lld; it waits",
		    (long long)j->m->id);
		return -1;
	}
	if (old == NULL && !has_new_flag(j->cb, rep)) {
		found = store_report_find_duplicate(j->st, j->phone,
		    row.fingerprint, j->m->received_at - DAY,
		    j->m->received_at, id);
		if (found != 0)
			return found == -1 ? -1 : 0;
	}
	if (store_report_add(j->st, &row, j->now, id) == -1)
		return -1;
	if (row.period[0] != '\0' && rep->code->kind == CB_COVERAGE &&
	    store_coverage_supersede(j->st, v->code, row.code, row.period, *id,
	    j->now) == -1)
		return -1;
	if (old != NULL && store_report_set_status(j->st, old->id,
	    "superseded", *id, j->now) == -1)
		return -1;
	j->stats->reports++;
	if (row.alert && (old == NULL || !old->alert ||
	    strcmp(old->status, "review") == 0)) {
		j->stats->alerts++;
		if (alert_officers(j, CB_R_OFFICER_ALERT, *id, rep,
		    v->code) == -1)
			return -1;
		log_info("alert #%lld: %s in %s", (long long)*id, row.code,
		    v->code);
		alerted = 1;
	}
	/* the corrected report's case follows the new one (once) */
	if (old != NULL && (moved = cases_report_corrected(j->st, j->conf,
	    j->m, old->id, *id, &row, rep, alerted, j->now)) == -1)
		return -1;
	if (row.alert && !moved && cases_open(j->st, j->conf, j->m, *id, &row,
	    j->now) == -1)
		return -1;
	return 1;
}

/* Stores an incident, coverage or zero report (or a correction's). */
static int
store_report(struct job *j, const struct sms_report *rep,
    const struct report_row *old)
{
	const struct conf_village	*v;
	int64_t				 id;
	int				 done, kept;
	long				 ref;

	if ((v = report_village(j, rep, &done)) == NULL)
		return done == -1 ? -1 : 0;
	if ((kept = keep_report(j, rep, v, old, &id)) == -1)
		return -1;
	if (!kept) {
		char			refs[24];
		struct reply_var	var = { "ref", refs };

		snprintf(refs, sizeof(refs), "%lld", (long long)id);
		if (j->capture != NULL ? ussd_done(j, CB_U_DUPLICATE, (long)id,
		    rep, v, id) == -1 : reply_template(j, CB_R_DUPLICATE,
		    "reply", &var, 1, id) == -1)
			return -1;
		return finish(j, "duplicate", NULL, id);
	}
	ref = old != NULL ? (long)old->id : (long)id;
	if (old != NULL) {
		struct reply_ctx	ctx = { (long)id, v->code,
					    { -1, -1, -1 }, NULL };
		char			text[REPLY_SIZE];

		j->res.ref = ref;
		reply_render_at(j->cb, &j->res, &ctx, &j->at, NULL, text);
		if (queue_reply(j, text, "reply", id) == -1)
			return -1;
	} else if (j->capture != NULL ? ussd_done(j, CB_U_DONE, ref, rep, v,
	    id) == -1 : reply_result(j, ref, v->code, id) == -1)
		return -1;
	return finish(j, "processed", NULL, id);
}

/*
 * Several reports in one SMS (BL G 9; DN T 7 C): each is judged as a
 * single one would be (village, duplicate, supersession, alert) and
 * stored as its own report with its own number, all in the message's
 * savepoint; one reply lists the numbers (CB_R_MULTI, {count} {refs}:
 * "#12 BL, #13 DN").  The village rule is checked for all of them first:
 * one the sender may not make refuses the whole message, as it would a
 * single report, and nothing is stored.  A duplicate is listed with the
 * number it duplicates; when all are, the message is a duplicate.
 */
static int
do_multi(struct job *j)
{
	const struct sms_report		*reps[SMS_MAX_REPORTS];
	const struct conf_village	*v[SMS_MAX_REPORTS];
	long				 refs[SMS_MAX_REPORTS];
	struct reply_var		 var;
	char				 text[REPLY_SIZE], num[24];
	int64_t				 id, first = 0, dup = 0;
	int				 n = 0, k, kept, stored = 0, done;

	reps[n++] = &j->res.report;
	for (k = 0; k < j->res.nmore && n < SMS_MAX_REPORTS; k++)
		reps[n++] = &j->res.more[k];
	for (k = 0; k < n; k++)
		if ((v[k] = report_village(j, reps[k], &done)) == NULL)
			return done == -1 ? -1 : 0;
	for (k = 0; k < n; k++) {
		if ((kept = keep_report(j, reps[k], v[k], NULL, &id)) == -1)
			return -1;
		stored += kept;
		if (first == 0 && kept)
			first = id;
		if (dup == 0 && !kept)
			dup = id;
		refs[k] = (long)id;
	}
	if (stored == 0) {	/* all sent before */
		snprintf(num, sizeof(num), "%lld", (long long)dup);
		var = (struct reply_var){ "ref", num };
		if (reply_template(j, CB_R_DUPLICATE, "reply", &var, 1,
		    dup) == -1)
			return -1;
		return finish(j, "duplicate", NULL, dup);
	}
	reply_multi(j->cb, reps, refs, (size_t)n, NULL, text);
	if (queue_reply(j, text, "reply", first) == -1)
		return -1;
	return finish(j, "processed", NULL, first);
}

/*
 * A message not fully understood whose meaning may be urgent
 * (res.review): kept as a report with status 'review' (review.h).  The
 * officers get an SMS without the text (purpose "review", sent first)
 * and an e-mail with it; the sender is told an officer will call.  A SUA
 * on its number later makes it a report (do_correct).
 */
static int
do_review(struct job *j)
{
	struct report_row	row;
	char			text[REPLY_SIZE], why[64];

	review_row(j->conf, &j->res, &j->rep, j->phone, j->m->id,
	    j->m->received_at, &row);
	if (store_report_add(j->st, &row, j->now, &row.id) == -1)
		return -1;
	j->stats->reviews++;
	review_officer_sms(j->cb, &j->res, &row, text);
	if (tell_officers(j, row.commune, text, "review", "review",
	    row.id) == -1 || cases_open(j->st, j->conf, j->m, row.id, &row,
	    j->now) == -1)
		return -1;
	log_info("review #%lld: %s (%s) in %s", (long long)row.id, row.code,
	    review_reason(&j->res), row.village[0] != '\0' ?
	    row.village : row.commune);
	{
		struct reply_ctx ctx = { (long)row.id, row.village,
				    { -1, -1, -1 }, NULL };

		reply_render_at(j->cb, &j->res, &ctx, &j->at, NULL, text);
	}
	if (queue_reply(j, text, "reply", row.id) == -1)
		return -1;
	/* what the parser missed, for the export; the status is the row's */
	snprintf(why, sizeof(why), "review: %s%s%s",
	    sms_error_names[j->res.error], j->res.field ? ":" : "",
	    j->res.field ? j->res.field : "");
	return finish(j, "processed", why, row.id);
}

/*
 * The sender's own active report #ref (or one still to review, when
 * review_ok), or 0 after replying not_found.
 */
static int
own_report(struct job *j, struct report_row *old, int review_ok)
{
	char			refs[24];
	struct reply_var	var = { "ref", refs };
	int			found;

	found = store_report_get(j->st, j->res.ref, old);
	if (found == -1)
		return -1;
	if (found && strcmp(old->phone, j->phone) == 0 &&
	    (strcmp(old->status, "active") == 0 || (review_ok &&
	    strcmp(old->status, "review") == 0)))
		return 1;
	snprintf(refs, sizeof(refs), "%ld", j->res.ref);
	if (reply_template(j, CB_R_NOT_FOUND, "reply", &var, 1, 0) == -1)
		return -1;
	return finish(j, "rejected", "not_found", 0) == -1 ? -1 : 0;
}

static int
do_cancel(struct job *j)
{
	struct report_row	old;
	int			r = own_report(j, &old, 0);

	if (r <= 0)
		return r;
	if (store_report_set_status(j->st, old.id, "cancelled", 0,
	    j->now) == -1 || cases_report_cancelled(j->st, j->conf, j->m,
	    old.id, j->now) == -1)
		return -1;
	if (old.alert) {
		struct sms_report rep;

		memset(&rep, 0, sizeof(rep));
		rep.code = codebook_find(j->cb, old.code);
		if (rep.code != NULL && alert_officers(j, CB_R_OFFICER_CANCEL,
		    old.id, &rep, old.village) == -1)
			return -1;
	}
	if (reply_result(j, 0, old.village, old.id) == -1)
		return -1;
	return finish(j, "processed", NULL, old.id);
}

/*
 * SUA <ref> <message>: the new report supersedes the sender's report
 * #ref, of the same kind; or a review of theirs, which it makes a report
 * of any kind.
 */
static int
do_correct(struct job *j)
{
	struct report_row	old;
	int			r = own_report(j, &old, 1);

	if (r <= 0)
		return r;
	if (strcmp(old.status, "review") != 0 &&
	    strcmp(old.kind, cb_kind_names[j->res.report.code->kind]) != 0) {
		j->res.error = SMS_BAD_VALUE;
		j->res.field = "report";
		return reject(j, "correction of another kind");
	}
	/* the correction keeps the village unless it names one */
	if (j->res.report.village < 0 && old.village[0] != '\0') {
		const struct cb_word *w = codebook_lookup(j->cb, old.village,
		    strlen(old.village));

		if (w != NULL)
			j->res.report.village = cb_word_village(w);
	}
	return store_report(j, &j->res.report, &old);
}

static int
do_status(struct job *j)
{
	struct local_time	 lt = j->at;
	struct period		 week = period_of(CB_PERIOD_WEEK, &lt);
	struct reply_ctx	 ctx = { 0, j->rep.village, { 0, 0, 0 },
				    &week };
	char			 text[REPLY_SIZE];
	time_t			 start = time_days_start(period_start(&week));
	if (j->rep.village[0] != '\0' && store_village_week(j->st,
	    j->rep.village, start, j->m->received_at, &ctx.week[0],
	    &ctx.week[1], &ctx.week[2]) == -1)
		return -1;
	reply_render_at(j->cb, &j->res, &ctx, &j->at, NULL, text);
	if (queue_reply(j, text, "reply", 0) == -1)
		return -1;
	return finish(j, "processed", NULL, 0);
}

/* An officer's case command (NHAN, CHUYEN, XONG, MO): cases.c decides. */
static int
do_case(struct job *j)
{
	struct case_answer a;

	if (cases_sms(j->st, j->conf, j->m, j->phone, &j->res, j->now,
	    &a) == -1)
		return -1;
	if (queue_reply(j, a.text, a.purpose, a.report_id) == -1)
		return -1;
	return finish(j, a.status, a.error, a.report_id);
}

static int
judge(struct job *j)
{
	const struct inbox_msg *m = j->m;

	if (phone_normalize(m->sender, j->conf->country_code, j->phone) == -1)
		j->phone[0] = '\0';
	j->known = j->phone[0] != '\0' ?
	    store_reporter_get(j->st, j->phone, &j->rep) : 0;
	if (j->known == -1)
		return -1;
	if (!j->known)
		memset(&j->rep, 0, sizeof(j->rep));
	time_local(m->received_at, &j->at);
	sms_parse(j->cb, m->text, m->textlen, &j->at, &j->res);

	if (j->res.error == SMS_OK && j->res.kind == CB_REGISTER)
		return do_register(j);
	/* a blocked number gets nothing, case commands included */
	if (j->known && strcmp(j->rep.status, "blocked") == 0)
		return unauthorised(j);
	/* officers need not be reporters: their commands and HD */
	if (j->res.kind == CB_CASE && j->res.error == SMS_OK)
		return do_case(j);
	if (conf_officer(j->conf, j->phone) != NULL &&
	    (!j->known || strcmp(j->rep.status, "active") != 0) &&
	    (j->res.kind == CB_CASE || (j->res.error == SMS_OK &&
	    j->res.kind == CB_HELP)))
		return j->res.error != SMS_OK ? reject(j, NULL) :
		    reply_result(j, 0, NULL, 0) == -1 ? -1 :
		    finish(j, "processed", NULL, 0);
	if (!j->known || strcmp(j->rep.status, "active") != 0)
		return unauthorised(j);
	if (j->res.review != SMS_REVIEW_NONE)
		return do_review(j);
	if (j->res.error != SMS_OK)
		return reject(j, NULL);
	switch (j->res.kind) {
	case CB_INCIDENT:
	case CB_COVERAGE:
	case CB_ZERO:
		if (j->res.nmore > 0)
			return do_multi(j);
		return store_report(j, &j->res.report, NULL);
	case CB_CANCEL:
		return do_cancel(j);
	case CB_CORRECT:
		return do_correct(j);
	case CB_STATUS:
		return do_status(j);
	case CB_HELP:
	default:
		if (reply_result(j, 0, j->rep.village, 0) == -1)
			return -1;
		return finish(j, "processed", NULL, 0);
	}
}

int
pipeline_run(struct store *st, const struct conf *conf,
    struct pipeline_stats *stats)
{
	struct inbox_msg	*msgs;
	struct job		*j;
	size_t			 n, i, total;

	msgs = xcalloc(PIPELINE_CHUNK, sizeof(*msgs));
	j = xcalloc(1, sizeof(*j));
	if (store_begin(st) == -1)
		goto fail;
	/* read in small chunks (each row carries a 1.7 kB text buffer);
	 * judged rows leave 'received', so each read gets the next ones */
	for (total = 0; total < PIPELINE_BATCH; total += n) {
		if (store_inbox_pending(st, msgs, PIPELINE_CHUNK, &n) == -1)
			goto fail;
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			memset(j, 0, sizeof(*j));
			j->st = st;
			j->conf = conf;
			j->cb = conf->codebook;
			j->m = &msgs[i];
			j->stats = stats;
			j->now = time(NULL);
			if (store_savepoint(st) == -1)
				goto fail;
			if (judge(j) == -1) {
				store_rollback_savepoint(st);
				goto fail;
			}
			if (store_release(st) == -1)
				goto fail;
			stats->processed++;
		}
	}
	if (total > 0 ? store_commit(st) == -1 : (store_rollback(st), 0))
		goto fail;
	free(msgs);
	free(j);
	return (int)total;
fail:
	store_rollback(st);
	free(msgs);
	free(j);
	return -1;
}

int
pipeline_submit(struct store *st, const struct conf *conf,
    const char *channel, const char *provider, const char *id,
    const char *sender, const char *text, size_t len, time_t at,
    char reply[REPLY_SIZE], struct pipeline_stats *stats)
{
	struct inbox_msg	*m = xcalloc(1, sizeof(*m));
	struct job		*j = xcalloc(1, sizeof(*j));
	char			 status[STORE_CODE_MAX], *fixed = NULL;
	size_t			 fixedlen;
	int64_t			 report_id;
	int			 added, rc = -1;

	reply[0] = '\0';
	/* only valid UTF-8 is stored: bad bytes become U+FFFD and the
	 * message is judged as usual */
	if (!utf8_valid(text, len)) {
		utf8_repair(text, len, &fixed, &fixedlen);
		text = fixed;
		len = fixedlen;
	}
	if (store_begin(st) == -1)
		goto out;
	if (store_inbox_add(st, provider, id, sender, NULL, text, len, at,
	    channel, &added) == -1 || store_inbox_get(st, provider, id, m,
	    status, sizeof(status), reply, REPLY_SIZE, &report_id) != 1)
		goto fail;
	if (!added || strcmp(channel, "ussd") != 0) {
		rc = store_commit(st) == -1 ? -1 : added;
		goto out;
	}
	j->st = st;
	j->conf = conf;
	j->cb = conf->codebook;
	j->m = m;
	j->stats = stats;
	j->now = time(NULL);
	j->capture = reply;
	if (judge(j) == -1 || store_inbox_set_reply(st, m->id, reply) == -1)
		goto fail;
	stats->processed++;
	rc = store_commit(st) == -1 ? -1 : 1;
	goto out;
fail:
	store_rollback(st);
out:
	free(fixed);
	free(m);
	free(j);
	return rc;
}

int
pipeline_sync_reporters(struct store *st, const struct conf *c)
{
	struct reporter	r, had;
	size_t		i;
	int		found;

	if (store_begin(st) == -1)
		return -1;
	for (i = 0; i < c->nreporters; i++) {
		const struct conf_reporter *cr = &c->reporters[i];

		memset(&r, 0, sizeof(r));
		snprintf(r.phone, sizeof(r.phone), "%s", cr->phone);
		snprintf(r.name, sizeof(r.name), "%s", cr->name);
		snprintf(r.village, sizeof(r.village), "%s",
		    cr->village != NULL ? cr->village : "");
		snprintf(r.commune, sizeof(r.commune), "%s", cr->commune);
		snprintf(r.status, sizeof(r.status), "active");
		snprintf(r.source, sizeof(r.source), "config");
		/* the config makes a reporter active, unless an operator
		 * blocked the number */
		found = store_reporter_get(st, r.phone, &had);
		if (found == -1 || store_reporter_put(st, &r, !(found &&
		    strcmp(had.status, "blocked") == 0)) == -1) {
			store_rollback(st);
			return -1;
		}
	}
	return store_commit(st);
}
