/*
 * Queued e-mail: alert, cancel and review e-mails of reports, and the
 * daily digests the schedule queued, sent one at a time from the store
 * with a back-off on temporary failures (see mailq.h).
 */
#include <fcntl.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "digest.h"
#include "log.h"
#include "mail.h"
#include "mailq.h"
#include "report_mail.h"
#include "officers.h"
#include "termsafe.h"
#include "timeutil.h"
#include "xmalloc.h"

#define BACKOFF_MAX	300	/* seconds */
#define MAIL_GIVE_UP	30	/* attempts before a mail is failed */

int
mailq_init(struct store *st, time_t now)
{
	char	buf[64], hex[33];
	unsigned char rnd[16];
	int	fd, i;

	if (store_meta_get(st, "instance", buf, sizeof(buf)) == -1)
		return -1;
	if (buf[0] == '\0') {
		memset(rnd, 0, sizeof(rnd));
		if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) != -1) {
			if (read(fd, rnd, sizeof(rnd)) != (ssize_t)sizeof(rnd))
				log_warnx("mail: short read of /dev/urandom");
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
mailq_alert_id(struct store *st, const struct conf *c, const char *kind,
    long long ref)
{
	char inst[64], local[128];

	if (store_meta_get(st, "instance", inst, sizeof(inst)) == -1)
		inst[0] = '\0';
	snprintf(local, sizeof(local), "%s-%lld.%s", kind, ref, inst);
	return mail_message_id(c, local);
}

char *
mailq_digest_id(struct store *st, const struct conf *c, const char *day,
    const char *grp)
{
	char		 inst[64], local[256];
	uint32_t	 h = 2166136261u;
	const char	*p;

	for (p = grp; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	if (store_meta_get(st, "instance", inst, sizeof(inst)) == -1)
		inst[0] = '\0';
	snprintf(local, sizeof(local), "digest-%s-%08x.%s", day, h, inst);
	return mail_message_id(c, local);
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
mailq_send_digest(struct store *st, const struct conf *c,
    const struct conf_digest_group *g, const char *day,
    const char *message_id, char *err, size_t errsize)
{
	struct digest		*d;
	struct digest_image	*img;
	struct mail_part	*parts;
	struct mail_msg		 m;
	char			*subject, *text, *html, *csv, *name;
	char			*mid = NULL;
	size_t			 nimg, i;
	enum mail_status	 rc;

	if ((d = digest_build(st, c, g, day)) == NULL) {
		snprintf(err, errsize, "cannot read the database");
		return MAIL_TEMPORARY;
	}
	subject = digest_subject(d);
	text = digest_text(d);
	html = digest_html_mail(d);
	csv = digest_csv(d);
	/* the HTML's chart, an inline part its cid: names */
	img = digest_images(d, &nimg);
	parts = xcalloc(nimg + 1, sizeof(*parts));
	for (i = 0; i < nimg; i++)
		parts[i] = (struct mail_part){ "image/png", img[i].name,
		    img[i].cid, img[i].data, img[i].len };
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
	m.inline_parts = parts;
	m.ninline = nimg;
	rc = mail_send(c, &m, err, errsize);
	free(parts);
	digest_images_free(img, nimg);
	free(subject);
	free(text);
	free(html);
	free(csv);
	free(name);
	free(mid);
	digest_free(d);
	return (int)rc;
}

/* What the child and the case are, from the parsed details. */
static void
alert_body(const struct conf *c, const struct report_row *row,
    struct buf *text)
{
	struct buf	 who, what;
	json_t		*det;
	json_error_t	 e;

	buf_init(&who, 1024);
	buf_init(&what, 4096);
	digest_describe(c, row->details, &who, &what);
	buf_printf(text, "%s: %s\n", conf_label(c, "col_child"), who.p);
	if (what.len > 0)
		buf_printf(text, "%s: %s\n", conf_label(c, "col_details"),
		    what.p);
	det = json_loads(row->details, 0, &e);
	if (json_is_string(json_object_get(det, "note")))
		buf_printf(text, "%s: %s\n", conf_label(c, "col_note"),
		    json_string_value(json_object_get(det, "note")));
	json_decref(det);
	buf_free(&who);
	buf_free(&what);
}

/*
 * A review: why it may be urgent and the message itself, which only
 * this e-mail shows (the officers' SMS never carries it).  -1 when the
 * database cannot be read.
 */
static int
review_body(struct store *st, const struct conf *c,
    const struct report_row *row, struct buf *text)
{
	char		 key[64], msg[STORE_TEXT_MAX];
	const char	*why = "", *word;
	json_t		*det;
	json_error_t	 e;
	size_t		 len;
	int		 found;

	det = json_loads(row->details, 0, &e);
	if (json_is_string(json_object_get(det, "review")))
		why = json_string_value(json_object_get(det, "review"));
	/* the reason in words (labels review_code, ...), else its name */
	snprintf(key, sizeof(key), "review_%s", why);
	word = conf_label(c, key);
	buf_printf(text, "%s: %s\n", conf_label(c, "col_reason"),
	    strcmp(word, key) == 0 ? why : word);
	json_decref(det);
	if ((found = store_inbox_text(st, row->inbox_id, msg, sizeof(msg),
	    &len)) == -1)
		return -1;
	/*
	 * bytes after a NUL would be lost to the escaping: shown as \x00;
	 * each line of the message indented, so that none can pass for a
	 * line of ours ("Nguoi bao: ...")
	 */
	buf_printf(text, "%s: ", conf_label(c, "col_text"));
	if (found) {
		size_t i;

		for (i = 0; i < len; i++) {
			if (msg[i] == '\0')
				buf_add(text, "\\x00");
			else if (msg[i] == '\n')
				buf_add(text, "\n    ");
			else if (msg[i] != '\r')
				buf_printf(text, "%c", msg[i]);
		}
	} else
		buf_add(text, conf_label(c, "text_purged"));
	buf_add(text, "\n");
	return 0;
}

/* The labels of each kind of report e-mail. */
static const struct {
	const char		*kind, *subject, *intro;
	enum officers_reach	 reach;
} alert_kinds[] = {
	{ "alert", "alert_subject", "alert_intro", REACH_ALERT },
	{ "cancel", "cancel_subject", "cancel_intro", REACH_ALERT },
	{ "escalation", "escalation_subject", "escalation_intro",
	  REACH_ABOVE },
	{ "review", "review_subject", "review_intro", REACH_ALERT },
};

/*
 * The alert, cancel, escalation or review e-mail of a report: to the
 * officers of its commune (officers.h), or for an escalation to level 2.
 */
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
	char				 ref[24], when[32];
	const char			*vars[16];
	char				*shown;
	struct conf_strings		 to = { NULL, 0 };
	size_t				 kind;
	int				 found, rc, review;

	for (kind = 0; kind < sizeof(alert_kinds) / sizeof(alert_kinds[0]) &&
	    strcmp(alert_kinds[kind].kind, r->kind) != 0; kind++)
		;
	if (kind == sizeof(alert_kinds) / sizeof(alert_kinds[0]))
		kind = 0;	/* an alert's words for anything else */
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
	/* a commune reporter's review may have no village: "?" */
	vars[6] = "village"; vars[7] = v != NULL ? v->name :
	    row.village[0] != '\0' ? row.village : "?";
	vars[8] = "time"; vars[9] = when;
	vars[10] = NULL;
	/* a review's escalation shows what a review shows */
	review = strcmp(r->kind, "review") == 0 ||
	    strcmp(row.status, "review") == 0;
	buf_init(&subject, 1024);
	buf_init(&text, 64 * 1024);
	buf_template(&subject, conf_label(c, alert_kinds[kind].subject), vars,
	    0);
	buf_template(&text, conf_label(c, alert_kinds[kind].intro), vars, 0);
	buf_printf(&text, "\n\n%s: %s (%s)\n%s: %s\n", conf_label(c,
	    "col_village"), vars[7], row.village,
	    conf_label(c, "col_commune"), conf_commune(c, row.commune) ?
	    conf_commune(c, row.commune)->name : row.commune);
	buf_printf(&text, "%s: %s %s\n", conf_label(c, "col_code"), row.code,
	    code != NULL ? code->title : "");
	if (!review)
		alert_body(c, &row, &text);
	else if (review_body(st, c, &row, &text) == -1) {
		buf_free(&subject);
		buf_free(&text);
		snprintf(err, errsize, "cannot read the database");
		return MAIL_TEMPORARY;
	}
	buf_printf(&text, "%s: %s %s\n%s: %s\n", conf_label(c, "col_reporter"),
	    who.name, row.phone, conf_label(c, "col_time"), when);
	memset(&m, 0, sizeof(m));
	m.subject = subject.p;
	m.message_id = r->message_id;
	m.date = time(NULL);
	officers_reach(c, row.commune, alert_kinds[kind].reach, 1, &to);
	m.to = &to;
	/* the note and the reporter's name came by SMS: escaped */
	shown = termsafe(text.p, TS_KEEP_NL | TS_KEEP_TAB);
	m.text = shown;
	if (to.n == 0) {
		snprintf(err, errsize, "nobody to send it to (no officer "
		    "e-mail, no alerts.to)");
		rc = MAIL_PERMANENT;
	} else
		rc = (int)mail_send(c, &m, err, errsize);
	officers_free(&to);
	free(shown);
	buf_free(&subject);
	buf_free(&text);
	return rc;
}

void
mailq_send_due(struct store *st, const struct conf *c, time_t budget,
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
			rc = mailq_send_digest(st, c, g, r.day, r.message_id,
			    err, sizeof(err));
		} else if (REPORT_JOB(r.kind))
			rc = report_job_send(st, c, &r, err, sizeof(err));
		else
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
