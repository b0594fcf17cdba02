/*
 * Schedules and sends: the daily digests, alert e-mails and reminders.
 * Everything due is first recorded in the store (a mail row, a reminder
 * row with its SMS in the outbox) in one transaction, then sent from the
 * store, so a restart finds exactly what is left to do.
 */
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "digest.h"
#include "log.h"
#include "mail.h"
#include "mailer.h"
#include "period.h"
#include "reply.h"
#include "termsafe.h"
#include "timeutil.h"
#include "xmalloc.h"

#define BACKOFF_MAX	300	/* seconds */
#define MAIL_GIVE_UP	30	/* attempts before a mail is failed */

static void
day_text(long days, char out[16])
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	if (snprintf(out, 16, "%04d-%02d-%02d", y, m, d) >= 16)
		out[0] = '\0';
}

static long
day_number(const char *day)
{
	char	*end;
	long	 y = strtol(day, &end, 10), m, d;

	if (*end != '-')
		return -1;
	m = strtol(end + 1, &end, 10);
	if (*end != '-')
		return -1;
	d = strtol(end + 1, &end, 10);
	return days_from_civil((int)y, (int)m, (int)d);
}

int
mailer_init(struct store *st, time_t now)
{
	char	buf[64], hex[33];
	unsigned char rnd[16];
	int	fd, i;

	if (store_meta_get(st, "created_day", buf, sizeof(buf)) == -1)
		return -1;
	if (buf[0] == '\0') {
		digest_day_of(now, buf);
		if (store_meta_set(st, "created_day", buf) == -1)
			return -1;
	}
	if (store_meta_get(st, "instance", buf, sizeof(buf)) == -1)
		return -1;
	if (buf[0] == '\0') {
		memset(rnd, 0, sizeof(rnd));
		if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) != -1) {
			if (read(fd, rnd, sizeof(rnd)) != (ssize_t)sizeof(rnd))
				log_warnx("mailer: short read of /dev/urandom");
			close(fd);
		}
		rnd[0] ^= (unsigned char)now;
		for (i = 0; i < 16; i++)
			snprintf(hex + 2 * i, 3, "%02x", rnd[i]);
		if (store_meta_set(st, "instance", hex) == -1)
			return -1;
	}
	return 0;
}

char *
mailer_alert_id(struct store *st, const struct conf *c, const char *kind,
    long long ref)
{
	char inst[64], local[128];

	if (store_meta_get(st, "instance", inst, sizeof(inst)) == -1)
		inst[0] = '\0';
	snprintf(local, sizeof(local), "%s-%lld.%s", kind, ref, inst);
	return mail_message_id(c, local);
}

static void
digest_id(struct store *st, const struct conf *c, const char *day,
    const char *grp, char **out)
{
	char		 inst[64], local[256];
	uint32_t	 h = 2166136261u;
	const char	*p;

	for (p = grp; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	if (store_meta_get(st, "instance", inst, sizeof(inst)) == -1)
		inst[0] = '\0';
	snprintf(local, sizeof(local), "digest-%s-%08x.%s", day, h, inst);
	*out = mail_message_id(c, local);
}

/* ---- scheduling ---- */

static int
schedule_digests(struct store *st, const struct conf *c, time_t now)
{
	struct local_time	 lt;
	char			 buf[32], day[16];
	long			 today, last, first, d;
	size_t			 g;

	if (!c->smtp.configured || c->digest.ngroups == 0)
		return 0;
	time_local(now, &lt);
	today = days_from_civil(lt.year, lt.month, lt.day);
	/* yesterday's digest is due from digest.time today */
	last = lt.hour * 60 + lt.minute >= c->digest.hour * 60 +
	    c->digest.minute ? today - 1 : today - 2;
	if (store_meta_get(st, "digest_through", buf, sizeof(buf)) == -1)
		return -1;
	if (buf[0] != '\0')
		first = day_number(buf) + 1;
	else {
		/* no catch-up for days before the database existed */
		if (store_meta_get(st, "created_day", buf, sizeof(buf)) == -1)
			return -1;
		first = buf[0] != '\0' ? day_number(buf) : today;
	}
	if (first > last)
		return 0;
	if (store_begin(st) == -1)
		return -1;
	for (d = first; d <= last; d++) {
		day_text(d, day);
		for (g = 0; g < c->digest.ngroups; g++) {
			char *mid;

			digest_id(st, c, day, c->digest.groups[g].name, &mid);
			if (store_mail_ensure_digest(st, day,
			    c->digest.groups[g].name, mid, now) == -1) {
				free(mid);
				goto fail;
			}
			free(mid);
		}
	}
	day_text(last, day);
	if (store_meta_set(st, "digest_through", day) == -1)
		goto fail;
	if (store_commit(st) == -1)
		return -1;
	log_info("digest: scheduled %ld day(s) up to %s", last - first + 1,
	    day);
	return 0;
fail:
	store_rollback(st);
	return -1;
}

struct village_list {
	char	(*v)[STORE_CODE_MAX];
	size_t	 n;
};

static int
collect_village(const char *code, void *arg)
{
	struct village_list *l = arg;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	snprintf(l->v[l->n++], STORE_CODE_MAX, "%s", code);
	return 0;
}

static int
listed(const struct village_list *l, const char *code)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], code) == 0)
			return 1;
	return 0;
}

/* Queues one reminder SMS to each active reporter of a village. */
static int
remind(struct store *st, const struct conf *c, const char *kind,
    const char *period, const char *village, const char *text, time_t now)
{
	struct village_list	 phones = { NULL, 0 };
	size_t			 i;
	int			 first, rc = 0;

	if (store_reminder_once(st, kind, period, village, now, &first) == -1)
		return -1;
	if (!first)
		return 0;
	if (store_view_village_reporters(st, village, collect_village,
	    &phones) == -1)
		return -1;
	for (i = 0; i < phones.n && rc == 0; i++)
		rc = store_outbox_add(st, phones.v[i], text, "reminder", 0, 0,
		    now, now);
	free(phones.v);
	(void)c;
	return rc;
}

static int
schedule_weekly(struct store *st, const struct conf *c, time_t now)
{
	struct local_time	 lt;
	struct period		 week, prev;
	struct village_list	 done = { NULL, 0 };
	char			 key[16], had[32];
	char			 shown[48], text[REPLY_SIZE];
	long			 today, moment_day, start;
	size_t			 i;
	int			 n = 0;

	if (!c->reminders.weekly)
		return 0;
	time_local(now, &lt);
	today = days_from_civil(lt.year, lt.month, lt.day);
	week = period_of(CB_PERIOD_WEEK, &lt);
	moment_day = period_start(&week) + c->reminders.weekly_day - 1;
	if (today < moment_day || (today == moment_day && lt.hour * 60 +
	    lt.minute < c->reminders.weekly_hour * 60 +
	    c->reminders.weekly_minute))
		return 0;
	prev = period_prev(week);
	period_format(&prev, key);
	if (store_meta_get(st, "weekly_reminder", had, sizeof(had)) == -1)
		return -1;
	if (strcmp(had, key) == 0)
		return 0;
	start = period_start(&prev);
	if (store_meta_get(st, "created_day", had, sizeof(had)) == -1)
		return -1;
	if (store_begin(st) == -1)
		return -1;
	/* a week that ended before the database existed is not judged */
	if (had[0] == '\0' || day_number(had) <= start + 6) {
		if (store_view_villages_reported(st, time_days_start(start),
		    time_days_start(start + 7), key, collect_village,
		    &done) == -1)
			goto fail;
		reply_period(c->codebook, &prev, shown, sizeof(shown));
		for (i = 0; i < c->nvillages; i++) {
			struct reply_var v[2] = {
				{ "village_code", c->villages[i].code },
				{ "period", shown } };

			if (listed(&done, c->villages[i].code))
				continue;
			reply_format(c->codebook, CB_R_REMINDER_WEEKLY, v, 2,
			    text);
			if (remind(st, c, "weekly", key, c->villages[i].code,
			    text, now) == -1)
				goto fail;
			n++;
		}
	}
	if (store_meta_set(st, "weekly_reminder", key) == -1)
		goto fail;
	free(done.v);
	if (store_commit(st) == -1)
		return -1;
	if (n > 0)
		log_info("reminders: %d silent villages reminded for %s", n,
		    key);
	return 0;
fail:
	free(done.v);
	store_rollback(st);
	return -1;
}

static int
schedule_monthly(struct store *st, const struct conf *c, time_t now)
{
	struct local_time	 lt;
	struct period		 month, prev;
	struct village_list	*have;
	char			 key[16], had[32], shown[48];
	char			 text[REPLY_SIZE];
	size_t			 i, k, ncodes = c->reminders.monthly_codes.n;
	int			 n = 0;

	if (!c->reminders.monthly || ncodes == 0)
		return 0;
	time_local(now, &lt);
	if (lt.day < c->reminders.monthly_day || (lt.day ==
	    c->reminders.monthly_day && lt.hour * 60 + lt.minute <
	    c->reminders.monthly_hour * 60 + c->reminders.monthly_minute))
		return 0;
	month = period_of(CB_PERIOD_MONTH, &lt);
	prev = period_prev(month);
	period_format(&prev, key);
	if (store_meta_get(st, "monthly_reminder", had, sizeof(had)) == -1)
		return -1;
	if (strcmp(had, key) == 0)
		return 0;
	if (store_meta_get(st, "created_day", had, sizeof(had)) == -1)
		return -1;
	have = xcalloc(ncodes, sizeof(*have));
	if (store_begin(st) == -1) {
		free(have);
		return -1;
	}
	if (had[0] == '\0' || day_number(had) < period_start(&month)) {
		for (k = 0; k < ncodes; k++) {
			if (store_view_coverage_villages(st,
			    c->reminders.monthly_codes.v[k], key,
			    collect_village, &have[k]) == -1)
				goto fail;
		}
		reply_period(c->codebook, &prev, shown, sizeof(shown));
		for (i = 0; i < c->nvillages; i++) {
			struct buf		 missing;
			struct reply_var	 v[3];

			buf_init(&missing, 256);
			for (k = 0; k < ncodes; k++)
				if (!listed(&have[k], c->villages[i].code))
					buf_printf(&missing, "%s%s",
					    missing.len ? " " : "",
					    c->reminders.monthly_codes.v[k]);
			if (missing.len > 0) {
				v[0] = (struct reply_var){ "village_code",
				    c->villages[i].code };
				v[1] = (struct reply_var){ "codes", missing.p };
				v[2] = (struct reply_var){ "period", shown };
				reply_format(c->codebook, CB_R_REMINDER_MONTHLY,
				    v, 3, text);
				if (remind(st, c, "monthly", key,
				    c->villages[i].code, text, now) == -1) {
					buf_free(&missing);
					goto fail;
				}
				n++;
			}
			buf_free(&missing);
		}
	}
	if (store_meta_set(st, "monthly_reminder", key) == -1)
		goto fail;
	for (k = 0; k < ncodes; k++)
		free(have[k].v);
	free(have);
	if (store_commit(st) == -1)
		return -1;
	if (n > 0)
		log_info("reminders: %d villages reminded of %s figures", n,
		    key);
	return 0;
fail:
	for (k = 0; k < ncodes; k++)
		free(have[k].v);
	free(have);
	store_rollback(st);
	return -1;
}

int
mailer_schedule(struct store *st, const struct conf *c, time_t now)
{
	int rc = 0;

	rc |= schedule_digests(st, c, now);
	rc |= schedule_weekly(st, c, now);
	rc |= schedule_monthly(st, c, now);
	return rc ? -1 : 0;
}

/* ---- rendering and sending ---- */

static const struct conf_digest_group *
group_named(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->digest.ngroups; i++)
		if (strcmp(c->digest.groups[i].name, name) == 0)
			return &c->digest.groups[i];
	return NULL;
}

int
mailer_send_digest(struct store *st, const struct conf *c,
    const struct conf_digest_group *g, const char *day,
    const char *message_id, char *err, size_t errsize)
{
	struct digest	*d;
	struct mail_msg	 m;
	char		*subject, *text, *html, *csv, *name, *mid = NULL;
	enum mail_status rc;

	if ((d = digest_build(st, c, g, day)) == NULL) {
		snprintf(err, errsize, "cannot read the database");
		return MAIL_TEMPORARY;
	}
	subject = digest_subject(d);
	text = digest_text(d);
	html = digest_html(d);
	csv = digest_csv(d);
	name = xasprintf("reportgw-%s.csv", day);
	if (message_id == NULL) {
		char local[64];

		snprintf(local, sizeof(local), "digest-%s-%lld", day,
		    (long long)time(NULL));
		message_id = mid = mail_message_id(c, local);
	}
	memset(&m, 0, sizeof(m));
	m.subject = subject;
	m.message_id = message_id;
	m.date = time(NULL);
	m.to = &g->to;
	m.text = text;
	m.html = html;
	m.csv = csv;
	m.csv_name = name;
	rc = mail_send(c, &m, err, errsize);
	free(subject);
	free(text);
	free(html);
	free(csv);
	free(name);
	free(mid);
	digest_free(d);
	return (int)rc;
}

/* The alert or cancel e-mail of a report. */
static int
send_alert(struct store *st, const struct conf *c, const struct mail_row *r,
    char *err, size_t errsize)
{
	struct report_row		 row;
	struct reporter			 who;
	const struct conf_village	*v;
	const struct cb_code		*code;
	struct buf			 subject, text;
	struct mail_msg			 m;
	json_t				*det;
	json_error_t			 e;
	char				 ref[24], when[32];
	const char			*vars[16];
	char				*shown;
	int				 found, rc;

	found = store_report_get(st, r->report_id, &row);
	if (found != 1) {
		snprintf(err, errsize, "report #%lld is gone",
		    (long long)r->report_id);
		return found == -1 ? MAIL_TEMPORARY : MAIL_PERMANENT;
	}
	memset(&who, 0, sizeof(who));
	if (store_reporter_get(st, row.phone, &who) == -1)
		return MAIL_TEMPORARY;
	v = conf_village(c, row.village);
	code = codebook_find(c->codebook, row.code);
	snprintf(ref, sizeof(ref), "%lld", (long long)row.id);
	time_format_iso(row.received_at, when);
	vars[0] = "ref"; vars[1] = ref;
	vars[2] = "code"; vars[3] = row.code;
	vars[4] = "title"; vars[5] = code != NULL ? code->title : row.code;
	vars[6] = "village"; vars[7] = v != NULL ? v->name : row.village;
	vars[8] = "time"; vars[9] = when;
	vars[10] = NULL;
	buf_init(&subject, 1024);
	buf_init(&text, 64 * 1024);
	buf_template(&subject, conf_label(c, strcmp(r->kind, "cancel") == 0 ?
	    "cancel_subject" : "alert_subject"), vars, 0);
	buf_template(&text, conf_label(c, strcmp(r->kind, "cancel") == 0 ?
	    "cancel_intro" : "alert_intro"), vars, 0);
	buf_printf(&text, "\n\n%s: %s (%s)\n%s: %s\n", conf_label(c,
	    "col_village"), v != NULL ? v->name : row.village, row.village,
	    conf_label(c, "col_commune"), conf_commune(c, row.commune) ?
	    conf_commune(c, row.commune)->name : row.commune);
	buf_printf(&text, "%s: %s %s\n", conf_label(c, "col_code"), row.code,
	    code != NULL ? code->title : "");
	{
		struct buf who2, what;

		buf_init(&who2, 1024);
		buf_init(&what, 4096);
		digest_describe(c, row.details, &who2, &what);
		buf_printf(&text, "%s: %s\n", conf_label(c, "col_child"),
		    who2.p);
		if (what.len > 0)
			buf_printf(&text, "%s: %s\n", conf_label(c,
			    "col_details"), what.p);
		det = json_loads(row.details, 0, &e);
		if (json_is_string(json_object_get(det, "note")))
			buf_printf(&text, "%s: %s\n", conf_label(c, "col_note"),
			    json_string_value(json_object_get(det, "note")));
		json_decref(det);
		buf_free(&who2);
		buf_free(&what);
	}
	buf_printf(&text, "%s: %s %s\n%s: %s\n", conf_label(c, "col_reporter"),
	    who.name, row.phone, conf_label(c, "col_time"), when);
	memset(&m, 0, sizeof(m));
	m.subject = subject.p;
	m.message_id = r->message_id;
	m.date = time(NULL);
	m.to = &c->alerts.to;
	/* the note and the reporter's name came by SMS: escaped */
	shown = termsafe(text.p, TS_KEEP_NL | TS_KEEP_TAB);
	m.text = shown;
	rc = (int)mail_send(c, &m, err, errsize);
	free(shown);
	buf_free(&subject);
	buf_free(&text);
	return rc;
}

void
mailer_send_due(struct store *st, const struct conf *c, time_t budget,
    time_t *next_try, int *backoff)
{
	struct mail_row	 r;
	char		 err[512];
	time_t		 start = time(NULL), now;
	int		 got, rc, delay;
	const struct conf_digest_group *g;

	*next_try = 0;
	while ((now = time(NULL)) < start + budget) {
		if ((got = store_mail_claim(st, now, &r)) <= 0)
			return;
		err[0] = '\0';
		if (strcmp(r.kind, "digest") == 0) {
			g = group_named(c, r.grp);
			if (g == NULL) {
				store_mail_failed(st, r.id, "no such digest "
				    "group any more", now);
				continue;
			}
			rc = mailer_send_digest(st, c, g, r.day, r.message_id,
			    err, sizeof(err));
		} else
			rc = send_alert(st, c, &r, err, sizeof(err));
		now = time(NULL);
		if (rc == MAIL_OK) {
			store_mail_sent(st, r.id, now);
			log_info("mail: %s %s%s sent", r.kind, r.day[0] ?
			    r.day : "", r.grp);
			*backoff = 0;
			continue;
		}
		if (rc == MAIL_PERMANENT || r.attempts >= MAIL_GIVE_UP) {
			store_mail_failed(st, r.id, err, now);
			log_warnx("mail: %s %s %s failed for good: %s", r.kind,
			    r.day, r.grp, err);
			continue;
		}
		delay = *backoff < 1 ? 1 : *backoff;
		*backoff = delay * 2 > BACKOFF_MAX ? BACKOFF_MAX : delay * 2;
		store_mail_retry(st, r.id, err, now + delay);
		log_warnx("mail: %s %s %s: %s; retry in %d s", r.kind, r.day,
		    r.grp, err, delay);
		*next_try = now + delay;
		return;
	}
}
