/*
 * Cases: the transition table state by state, the effects of each step
 * (owner, times, timeline, the reporter's feedback once), escalation and
 * overdue reminders exactly once for their time, who hears of a commune's
 * alert, and the officers list's checks in the config.
 */
#include "testutil.h"

#include <unistd.h>

#include "cases.h"
#include "officers.h"
#include "store.h"

#define T0	((time_t)1795831200)	/* 2026-11-28 09:00 +07 */
#define HOUR	3600
#define DAY	86400

struct fixture {
	char		 dir[64];
	char		 path[96];
	struct store	*s;
	struct conf	*c;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	if (temp_db_make(f->dir, sizeof(f->dir), f->path, sizeof(f->path),
	    "test_cases") == -1)
		return -1;
	if ((f->s = store_open(f->path)) == NULL)
		return -1;
	f->c = default_conf();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->s);
	conf_free(f->c);
	temp_db_remove(f->dir, f->path);
	free(f);
	return 0;
}

/* The table as the issue states it, one line per allowed step. */
static void
transition_table(void **state)
{
	static const struct {
		enum case_state		from;
		enum case_action	a;
		int			to;
	} allowed[] = {
		{ CASE_OPEN, CASE_ACK, CASE_ACKNOWLEDGED },
		{ CASE_OPEN, CASE_REFER, CASE_REFERRED },
		{ CASE_OPEN, CASE_CLOSE, CASE_CLOSED },
		{ CASE_OPEN, CASE_CANCEL, CASE_CLOSED },
		{ CASE_ACKNOWLEDGED, CASE_REFER, CASE_REFERRED },
		{ CASE_ACKNOWLEDGED, CASE_CLOSE, CASE_CLOSED },
		{ CASE_ACKNOWLEDGED, CASE_CANCEL, CASE_CLOSED },
		{ CASE_REFERRED, CASE_REFER, CASE_REFERRED },
		{ CASE_REFERRED, CASE_CLOSE, CASE_CLOSED },
		{ CASE_REFERRED, CASE_CANCEL, CASE_CLOSED },
		{ CASE_CLOSED, CASE_REOPEN, CASE_ACKNOWLEDGED },
	};
	int	s, a, want;
	size_t	k;

	(void)state;
	for (s = 0; s < CASE_NSTATES; s++)
		for (a = 0; a < CASE_NACTIONS; a++) {
			want = -1;
			for (k = 0; k < sizeof(allowed) / sizeof(allowed[0]);
			    k++)
				if ((int)allowed[k].from == s &&
				    (int)allowed[k].a == a)
					want = allowed[k].to;
			if (case_next(s, (enum case_action)a) != want)
				fail_msg("%s + %s: %d, want %d",
				    case_state_names[s], case_action_names[a],
				    case_next(s, (enum case_action)a), want);
		}
	assert_int_equal(case_next(-1, CASE_ACK), -1);
	assert_int_equal(case_state_of("referred"), CASE_REFERRED);
	assert_int_equal(case_state_of("bogus"), -1);
}

static struct inbox_msg
msg(int64_t id, const char *sender, time_t at)
{
	struct inbox_msg m;

	memset(&m, 0, sizeof(m));
	m.id = id;
	snprintf(m.sender, sizeof(m.sender), "%s", sender);
	snprintf(m.channel, sizeof(m.channel), "sms");
	m.received_at = at;
	return m;
}

/* Opens the case of an alert report #id in village/commune at t. */
static void
open_case(struct fixture *f, int64_t id, const char *village,
    const char *commune, time_t t)
{
	struct report_row	r;
	struct inbox_msg	m = msg(id, "+84912000101", t);

	memset(&r, 0, sizeof(r));
	snprintf(r.phone, sizeof(r.phone), "+84912000101");
	snprintf(r.village, sizeof(r.village), "%s", village);
	snprintf(r.commune, sizeof(r.commune), "%s", commune);
	snprintf(r.code, sizeof(r.code), "XH");
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(cases_open(f->s, f->c, &m, id, &r, t), 0);
	/* a second open of the same report changes nothing */
	assert_int_equal(cases_open(f->s, f->c, &m, id, &r, t), 0);
	assert_int_equal(store_commit(f->s), 0);
}

static int
count_event(const struct case_event *e, void *arg)
{
	(void)e;
	(*(int *)arg)++;
	return 0;
}

static int
events(struct fixture *f, int64_t case_id)
{
	int n = 0;

	assert_int_equal(store_case_events(f->s, case_id, count_event, &n), 0);
	return n;
}

static long
sms_to(struct fixture *f, const char *to, const char *purpose, time_t t)
{
	long n;

	assert_int_equal(store_outbox_count(f->s, to, purpose, t - DAY + 1, t,
	    100, &n), 0);
	return n;
}

static int
apply(struct fixture *f, int64_t ref, enum case_action a, time_t t,
    struct case_row *c)
{
	struct case_actor	who = { "Lê Thị Thu Hà (+84905000111)",
				    "+84905000111", "cli" };
	int			rc;

	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_case_get(f->s, ref, c), 1);
	rc = cases_apply(f->s, f->c, c, a, a == CASE_REFER ? 0 : -1, "ghi chu",
	    &who, 0, t);
	assert_int_equal(store_commit(f->s), 0);
	return rc;
}

static void
steps_and_feedback(void **state)
{
	struct fixture	*f = *state;
	struct case_row	 c;

	open_case(f, 7, "BAT01", "BAT", T0);
	assert_int_equal(store_case_get(f->s, 7, &c), 1);
	assert_string_equal(c.status, "open");
	assert_int_equal(c.level, 1);
	assert_int_equal(events(f, c.id), 1);

	assert_int_equal(apply(f, 7, CASE_ACK, T0 + 60, &c), 1);
	assert_string_equal(c.status, "acknowledged");
	assert_string_equal(c.owner_phone, "+84905000111");
	assert_int_equal(c.acknowledged_at, T0 + 60);
	assert_int_equal(sms_to(f, "+84912000101", "feedback", T0 + 60), 1);
	/* a second NHAN does not fit, and writes nothing */
	assert_int_equal(apply(f, 7, CASE_ACK, T0 + 120, &c), 0);
	assert_int_equal(store_case_get(f->s, 7, &c), 1);
	assert_int_equal(c.acknowledged_at, T0 + 60);
	assert_int_equal(events(f, c.id), 2);

	assert_int_equal(apply(f, 7, CASE_REFER, T0 + 180, &c), 1);
	assert_string_equal(c.status, "referred");
	assert_string_equal(c.referred_to, "police");
	/* referring an acknowledged case tells the reporter nothing more */
	assert_int_equal(sms_to(f, "+84912000101", "feedback", T0 + 180), 1);

	assert_int_equal(apply(f, 7, CASE_CLOSE, T0 + 240, &c), 1);
	assert_string_equal(c.status, "closed");
	assert_int_equal(c.closed_at, T0 + 240);
	assert_int_equal(sms_to(f, "+84912000101", "feedback", T0 + 240), 2);
	assert_int_equal(apply(f, 7, CASE_CLOSE, T0 + 241, &c), 0);

	assert_int_equal(apply(f, 7, CASE_REOPEN, T0 + 300, &c), 1);
	assert_string_equal(c.status, "acknowledged");
	assert_int_equal(c.closed_at, 0);
	assert_int_equal(c.reopened_at, T0 + 300);
	/* closed again: the reporter was told once already */
	assert_int_equal(apply(f, 7, CASE_CLOSE, T0 + 360, &c), 1);
	assert_int_equal(sms_to(f, "+84912000101", "feedback", T0 + 360), 2);
	assert_int_equal(events(f, c.id), 6);
}

static void
cancel_and_correct(void **state)
{
	struct fixture		*f = *state;
	struct case_row		 c;
	struct report_row	 r;
	struct sms_result	 res;
	struct inbox_msg	 m = msg(20, "+84912000101", T0 + 60);

	open_case(f, 8, "BAT01", "BAT", T0);
	/* SUA: the case follows #9, in another commune's village */
	memset(&r, 0, sizeof(r));
	snprintf(r.phone, sizeof(r.phone), "+84912000101");
	snprintf(r.village, sizeof(r.village), "BAD02");
	snprintf(r.commune, sizeof(r.commune), "BAD");
	snprintf(r.code, sizeof(r.code), "BR");
	r.alert = 1;
	assert_int_equal(parse_at(f->c, "BR G 3 BAD02", &res), SMS_OK);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(cases_report_corrected(f->s, f->c, &m, 8, 9, &r,
	    &res.report, 0, T0 + 60), 1);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_case_get(f->s, 8, &c), 1);
	assert_int_equal(c.report_id, 9);
	assert_string_equal(c.commune, "BAD");
	/* found by either number */
	assert_int_equal(store_case_get(f->s, 9, &c), 1);
	assert_int_equal(c.ref, 8);
	/* the new commune's officers hear of it */
	assert_int_equal(sms_to(f, "+84905000333", "officer_correct",
	    T0 + 60), 1);
	/* HUY of #9 closes it, without feedback */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(cases_report_cancelled(f->s, f->c, &m, 9, T0 + 120),
	    0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_case_get(f->s, 8, &c), 1);
	assert_string_equal(c.status, "closed");
	assert_int_equal(sms_to(f, "+84912000101", "feedback", T0 + 120), 0);
	/*
	 * corrected into an alert again: the one case opens again (no
	 * second case); corrected into a report that does not alert: closed
	 */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(cases_report_corrected(f->s, f->c, &m, 9, 10, &r,
	    &res.report, 1, T0 + 180), 1);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_case_get(f->s, 10, &c), 1);
	assert_int_equal(c.ref, 8);
	assert_string_not_equal(c.status, "closed");
	r.alert = 0;
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(cases_report_corrected(f->s, f->c, &m, 10, 11, &r,
	    &res.report, 0, T0 + 240), 1);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_case_get(f->s, 11, &c), 1);
	assert_int_equal(c.ref, 8);
	assert_string_equal(c.status, "closed");
	/* a report without a case: 0 */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(cases_report_corrected(f->s, f->c, &m, 77, 78, &r,
	    &res.report, 0, T0 + 300), 0);
	assert_int_equal(store_commit(f->s), 0);
}

static void
escalation_once(void **state)
{
	struct fixture	*f = *state;
	struct case_row	 c;
	time_t		 due = T0 + f->c->cases.ack_within;

	open_case(f, 11, "MSO02", "MSO", T0);
	assert_int_equal(cases_due(f->s, f->c, due - 1), 0);
	assert_int_equal(store_case_get(f->s, 11, &c), 1);
	assert_int_equal(c.escalated_at, 0);
	assert_int_equal(cases_due(f->s, f->c, due), 0);
	assert_int_equal(store_case_get(f->s, 11, &c), 1);
	assert_int_equal(c.escalated_at, due);
	assert_int_equal(c.level, 2);
	assert_int_equal(sms_to(f, "+84905000999", "escalation", due), 1);
	/* again, and much later: never twice */
	assert_int_equal(cases_due(f->s, f->c, due + 60), 0);
	assert_int_equal(cases_due(f->s, f->c, due + 3 * DAY), 0);
	assert_int_equal(sms_to(f, "+84905000999", "escalation", due + 60),
	    1);
	assert_int_equal(sms_to(f, "+84905000999", "escalation",
	    due + 3 * DAY), 0);
	/* a case acknowledged in time is never escalated */
	open_case(f, 12, "MSO02", "MSO", T0);
	assert_int_equal(apply(f, 12, CASE_ACK, T0 + 60, &c), 1);
	assert_int_equal(cases_due(f->s, f->c, due + 4 * DAY), 0);
	assert_int_equal(store_case_get(f->s, 12, &c), 1);
	assert_int_equal(c.escalated_at, 0);
}

static void
overdue_daily(void **state)
{
	struct fixture	*f = *state;
	struct case_row	 c;
	time_t		 due = T0 + f->c->cases.close_within;

	open_case(f, 13, "BAI01", "BAI", T0);
	assert_int_equal(apply(f, 13, CASE_ACK, T0 + 60, &c), 1);
	assert_int_equal(cases_due(f->s, f->c, due - 1), 0);
	assert_int_equal(sms_to(f, "+84905000111", "overdue", due - 1), 0);
	assert_int_equal(cases_due(f->s, f->c, due), 0);
	assert_int_equal(sms_to(f, "+84905000111", "overdue", due), 1);
	assert_int_equal(sms_to(f, "+84905000999", "overdue", due), 1);
	assert_int_equal(cases_due(f->s, f->c, due + 12 * HOUR), 0);
	assert_int_equal(sms_to(f, "+84905000111", "overdue", due + 12 * HOUR),
	    1);
	assert_int_equal(cases_due(f->s, f->c, due + DAY), 0);
	assert_int_equal(sms_to(f, "+84905000111", "overdue", due + DAY), 1);
	assert_int_equal(store_case_get(f->s, 13, &c), 1);
	assert_int_equal(c.reminded_at, due + DAY);
	/* closed: no more */
	assert_int_equal(apply(f, 13, CASE_CLOSE, due + DAY + 60, &c), 1);
	assert_int_equal(cases_due(f->s, f->c, due + 3 * DAY), 0);
	assert_int_equal(sms_to(f, "+84905000111", "overdue", due + 3 * DAY),
	    0);
}

/* The embedded default with its officers block replaced by text. */
static char *
with_officers(const char *officers)
{
	const char	*d = conf_embedded_default;
	const char	*a = strstr(d, "\nofficers = (");
	const char	*b = a != NULL ? strstr(a, "\n);") : NULL;
	size_t		 n;
	char		*t;

	assert_non_null(b);
	n = (size_t)(a - d) + strlen(officers) + strlen(b + 3) + 2;
	t = malloc(n);
	snprintf(t, n, "%.*s\n%s%s", (int)(a - d), d, officers, b + 3);
	return t;
}

static char *
load_officers(const char *officers, struct conf **out)
{
	char	*text = with_officers(officers), *err = NULL;

	*out = NULL;
	if (conf_load_string(text, "test.conf", NULL, out, &err) == -1)
		*out = NULL;
	free(text);
	return err;
}

static void
reach_and_fallback(void **state)
{
	struct conf_strings	 to = { NULL, 0 };
	struct conf		*c;
	char			*err;

	(void)state;
	err = load_officers("alerts = { to = [ \"x@example.org\" ]; "
	    "sms = [ \"0905000777\" ]; };\nofficers = (\n"
	    "{ phone = \"0905000111\"; name = \"A\"; level = 1; "
	    "communes = [ \"BAT\" ]; },\n"
	    "{ phone = \"0905000999\"; name = \"B\"; level = 2; "
	    "email = \"b@example.org\"; communes = [ \"*\" ]; });", &c);
	if (err != NULL)
		fail_msg("%s", err);
	officers_reach(c, "BAT", REACH_ALERT, 0, &to);
	assert_int_equal(to.n, 1);
	assert_string_equal(to.v[0], "+84905000111");
	officers_free(&to);
	/* no e-mail among the level 1: alerts.to */
	officers_reach(c, "BAT", REACH_ALERT, 1, &to);
	assert_int_equal(to.n, 1);
	assert_string_equal(to.v[0], "x@example.org");
	officers_free(&to);
	/* a commune without level 1: alerts.sms */
	officers_reach(c, "MSO", REACH_ALERT, 0, &to);
	assert_int_equal(to.n, 1);
	assert_string_equal(to.v[0], "+84905000777");
	officers_free(&to);
	officers_reach(c, "MSO", REACH_ABOVE, 1, &to);
	assert_int_equal(to.n, 1);
	assert_string_equal(to.v[0], "b@example.org");
	officers_free(&to);
	/* who may act */
	assert_true(officers_may_act(conf_officer(c, "+84905000111"), "BAT"));
	assert_false(officers_may_act(conf_officer(c, "+84905000111"), "BAI"));
	assert_true(officers_may_act(conf_officer(c, "+84905000999"), "BAI"));
	assert_null(conf_officer(c, "+84912000101"));
	assert_non_null(strstr(c->warnings, "no level-1 officer covers "
	    "commune MSO"));
	conf_free(c);
}

static void
officers_checked(void **state)
{
	struct conf	*c;
	char		*err;

	(void)state;
	/* the key table's checks come first, all at once */
	err = load_officers("officers = (\n"
	    "{ phone = \"0905000111\"; name = \"B\"; level = 3; "
	    "communes = [ \"XXX\" ]; },\n"
	    "{ phone = \"0905000111\"; name = \"C\"; communes = [ ]; },\n"
	    "{ phone = \"0905000222\"; communes = [ \"BAT\" ]; });", &c);
	assert_null(c);
	assert_non_null(err);
	assert_non_null(strstr(err, "'officers.[].level' must be between 1 "
	    "and 2"));
	assert_non_null(strstr(err, "missing required key "
	    "'officers.[].name'"));
	free(err);
	/* then the values, all at once */
	err = load_officers("officers = (\n"
	    "{ phone = \"12\"; name = \"A\"; communes = [ \"BAT\" ]; },\n"
	    "{ phone = \"0905000111\"; name = \"B\"; communes = [ \"XXX\" ]; },"
	    "\n{ phone = \"0905000111\"; name = \"C\"; communes = [ ]; });",
	    &c);
	assert_null(c);
	assert_non_null(strstr(err, "officer phone \"12\" is not a phone"));
	assert_non_null(strstr(err, "unknown commune \"XXX\""));
	assert_non_null(strstr(err, "is listed twice"));
	assert_non_null(strstr(err, "communes lists none"));
	free(err);
	err = load_officers("officers = ( { phone = \"0905000111\"; "
	    "name = \"B\"; email = \"c d@x\"; communes = [ \"*\" ]; } );", &c);
	assert_null(c);
	assert_non_null(strstr(err, "'officers.[].email' must be one plain"));
	free(err);
	/* only level 1: a warning, not an error */
	err = load_officers("officers = ( { phone = \"0905000111\"; "
	    "name = \"B\"; communes = [ \"*\" ]; } );\n"
	    "cases = { ack_within = 600; close_within = 86400; };", &c);
	assert_null(err);
	assert_non_null(strstr(c->warnings, "no officer has level = 2"));
	assert_int_equal(c->cases.ack_within, 600);
	assert_int_equal(c->cases.close_within, 86400);
	conf_free(c);
	err = load_officers("cases = { ack_within = 59; };", &c);
	assert_non_null(strstr(err, "'cases.ack_within' must be between 60"));
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(transition_table),
		cmocka_unit_test_setup_teardown(steps_and_feedback, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(cancel_and_correct, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(escalation_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(overdue_daily, setup,
		    teardown),
		cmocka_unit_test(reach_and_fallback),
		cmocka_unit_test(officers_checked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
