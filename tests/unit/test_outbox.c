/*
 * The outbox's order and claims (schema 6): a purpose's priority from the
 * one table, urgent rows before older routine ones, due time and id
 * within a priority, the priority ceiling, groups of rows for one
 * request, and the crash recovery of several rows in flight at once.
 */
#include "testutil.h"

#include <limits.h>
#include <unistd.h>

#include "store.h"

#define T0	((time_t)1796169600)

struct fixture {
	char		 dir[64];
	char		 path[96];
	struct store	*s;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	if (temp_db_make(f->dir, sizeof(f->dir), f->path, sizeof(f->path),
	    "test_outbox") == -1)
		return -1;
	if ((f->s = store_open(f->path)) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->s);
	temp_db_remove(f->dir, f->path);
	free(f);
	return 0;
}

static void
add(struct store *s, const char *to, const char *text, const char *purpose,
    time_t at)
{
	assert_int_equal(store_outbox_add(s, to, text, purpose, 0, 0, at, at),
	    0);
}

/* Claims one row of priority at most maxprio; its text, or "" if none. */
static const char *
claim1(struct store *s, time_t now, int maxprio, struct outbox_msg *m)
{
	size_t n = 9;

	assert_int_equal(store_outbox_claim(s, now, maxprio, 1, 1, NULL, NULL,
	    m, &n), 0);
	if (n == 0)
		return "";
	assert_int_equal(n, 1);
	return m->text;
}

static void
purposes_have_one_priority_each(void **state)
{
	static const char *const urgent[] = { "alert", "review",
	    "escalation", "overdue", "officer_correct", "case", NULL };
	static const char *const routine[] = { "reply", "unknown",
	    "reminder", "feedback", "welcome", "village_summary", NULL };
	const char	*p, *q;
	size_t		 i, j;
	int		 prio, prio2;

	(void)state;
	for (i = 0; urgent[i] != NULL; i++)
		assert_int_equal(store_outbox_priority(urgent[i]),
		    OUTBOX_URGENT);
	for (i = 0; routine[i] != NULL; i++)
		assert_int_equal(store_outbox_priority(routine[i]),
		    OUTBOX_ROUTINE);
	assert_int_equal(store_outbox_priority("no such purpose"),
	    OUTBOX_ROUTINE);
	/* the table lists each purpose once, every one of the above */
	for (i = 0; (p = store_outbox_purpose(i, &prio)) != NULL; i++) {
		assert_int_equal(store_outbox_priority(p), prio);
		for (j = i + 1; (q = store_outbox_purpose(j, &prio2)) != NULL;
		    j++)
			assert_string_not_equal(p, q);
	}
	assert_int_equal(i, 12);
}

static void
urgent_leaves_before_older_routine(void **state)
{
	struct fixture		*f = *state;
	struct outbox_msg	 m;

	add(f->s, "+84912000101", "r1", "reply", T0);
	add(f->s, "+84912000102", "r2", "reminder", T0 + 1);
	add(f->s, "+84905000111", "a1", "alert", T0 + 2);
	add(f->s, "+84912000103", "r3", "reply", T0 + 3);
	add(f->s, "+84905000111", "a2", "review", T0 + 4);
	assert_string_equal(claim1(f->s, T0 + 10, INT_MAX, &m), "a1");
	assert_int_equal(m.priority, OUTBOX_URGENT);
	assert_string_equal(m.purpose, "alert");
	assert_int_equal(m.attempts, 1);
	assert_string_equal(claim1(f->s, T0 + 10, INT_MAX, &m), "a2");
	assert_string_equal(claim1(f->s, T0 + 10, INT_MAX, &m), "r1");
	assert_int_equal(m.priority, OUTBOX_ROUTINE);
	assert_string_equal(claim1(f->s, T0 + 10, INT_MAX, &m), "r2");
	assert_string_equal(claim1(f->s, T0 + 10, INT_MAX, &m), "r3");
	assert_string_equal(claim1(f->s, T0 + 10, INT_MAX, &m), "");
}

static void
ceiling_and_due_time(void **state)
{
	struct fixture		*f = *state;
	struct outbox_msg	 m;
	long			 secs;

	add(f->s, "+84912000101", "r1", "reply", T0);
	add(f->s, "+84905000111", "a1", "alert", T0);
	add(f->s, "+84905000111", "a2", "alert", T0 + 1);
	/* the urgent pass takes the alerts only */
	assert_string_equal(claim1(f->s, T0, OUTBOX_URGENT, &m), "a1");
	/* a retry due later waits, and a younger alert goes first */
	assert_int_equal(store_outbox_retry(f->s, m.id, "HTTP 500", T0 + 60),
	    0);
	assert_string_equal(claim1(f->s, T0 + 5, OUTBOX_URGENT, &m), "a2");
	assert_int_equal(store_outbox_sent(f->s, m.id, "x", T0 + 5), 0);
	assert_string_equal(claim1(f->s, T0 + 5, OUTBOX_URGENT, &m), "");
	/* routine is due now; the retried alert in 55 s */
	assert_int_equal(store_outbox_next_due(f->s, T0 + 5, &secs), 0);
	assert_int_equal(secs, 0);
	assert_string_equal(claim1(f->s, T0 + 5, INT_MAX, &m), "r1");
	assert_int_equal(store_outbox_next_due(f->s, T0 + 5, &secs), 0);
	assert_int_equal(secs, 55);
	assert_string_equal(claim1(f->s, T0 + 60, INT_MAX, &m), "a1");
	assert_int_equal(m.attempts, 2);
}

/* The sender's rule for Africa's Talking: one priority, one text, each
 * recipient once. */
static int
same_text(const struct outbox_msg *g, size_t n, const struct outbox_msg *row,
    void *arg)
{
	size_t i;

	(void)arg;
	if (row->priority != g[0].priority || strcmp(row->text, g[0].text))
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(g[i].recipient, row->recipient) == 0)
			return 0;
	return 1;
}

static void
group_for_one_request(void **state)
{
	struct fixture		*f = *state;
	struct outbox_msg	 m[4];
	size_t			 n = 0;

	add(f->s, "+84912000101", "Nhac: thon chua bao cao", "reminder", T0);
	add(f->s, "+84912000102", "Da nhan #7", "reply", T0);
	add(f->s, "+84912000102", "Nhac: thon chua bao cao", "reminder", T0);
	add(f->s, "+84912000101", "Nhac: thon chua bao cao", "reminder", T0);
	add(f->s, "+84912000103", "Nhac: thon chua bao cao", "reminder", T0);
	add(f->s, "+84912000104", "Nhac: thon chua bao cao", "reminder", T0);
	add(f->s, "+84912000105", "Nhac: thon chua bao cao", "reminder", T0);
	/* a window of 6 rows: the first, then those of its text to
	 * another number (not the reply, not 101 twice), up to 4 */
	assert_int_equal(store_outbox_claim(f->s, T0, INT_MAX, 4, 6,
	    same_text, NULL, m, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(m[0].recipient, "+84912000101");
	assert_string_equal(m[1].recipient, "+84912000102");
	assert_string_equal(m[2].recipient, "+84912000103");
	assert_string_equal(m[3].recipient, "+84912000104");
	/* the rows left over wait, in their order */
	assert_int_equal(store_outbox_claim(f->s, T0, INT_MAX, 4, 8,
	    same_text, NULL, m, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].text, "Da nhan #7");
	assert_int_equal(store_outbox_claim(f->s, T0, INT_MAX, 4, 8,
	    same_text, NULL, m, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(m[0].recipient, "+84912000101");
	assert_string_equal(m[1].recipient, "+84912000105");
	assert_int_equal(store_outbox_claim(f->s, T0, INT_MAX, 4, 8,
	    same_text, NULL, m, &n), 0);
	assert_int_equal(n, 0);
}

static void
several_in_flight_at_a_crash(void **state)
{
	struct fixture		*f = *state;
	struct outbox_msg	 m[3];
	struct store_counts	 c;
	size_t			 n;
	long			 found;
	int			 i;

	for (i = 0; i < 5; i++)
		add(f->s, "+84912000101", "r", "reply", T0 + i);
	/* three claimed (in flight), one sent, then a crash */
	for (i = 0; i < 3; i++)
		assert_string_equal(claim1(f->s, T0 + 9, INT_MAX, &m[i]), "r");
	assert_int_equal(store_outbox_sent(f->s, m[0].id, "x", T0 + 9), 0);
	assert_int_equal(store_outbox_recover(f->s, &found), 0);
	assert_int_equal(found, 2);
	/* each goes once more, marked uncertain, before the rows after */
	assert_int_equal(store_outbox_claim(f->s, T0 + 9, INT_MAX, 1, 1,
	    NULL, NULL, m, &n), 0);
	assert_int_equal(m[0].id, m[1].id);
	assert_int_equal(m[0].uncertain, 1);
	assert_int_equal(m[0].attempts, 2);
	assert_int_equal(store_outbox_sent(f->s, m[0].id, "y", T0 + 9), 0);
	assert_string_equal(claim1(f->s, T0 + 9, INT_MAX, &m[0]), "r");
	assert_int_equal(m[0].id, m[2].id);
	/* a second crash with it in flight: unknown, never sent again */
	assert_int_equal(store_outbox_recover(f->s, &found), 0);
	assert_int_equal(found, 1);
	assert_int_equal(store_counts(f->s, T0, &c), 0);
	/* pending sending sent failed unknown */
	assert_int_equal(c.outbox[0], 2);
	assert_int_equal(c.outbox[1], 0);
	assert_int_equal(c.outbox[2], 1);
	assert_int_equal(c.outbox[4], 2);
}

static void
mail_alerts_before_digests(void **state)
{
	struct fixture	*f = *state;
	struct mail_row	 m;

	assert_int_equal(store_mail_ensure_digest(f->s, "2026-11-28", "G",
	    "<d1@x>", T0), 0);
	assert_int_equal(store_mail_add_alert(f->s, "alert", 7, "<a7@x>",
	    T0 + 5), 0);
	assert_int_equal(store_mail_claim(f->s, T0 + 9, &m), 1);
	assert_string_equal(m.kind, "alert");
	assert_int_equal(store_mail_claim(f->s, T0 + 9, &m), 1);
	assert_string_equal(m.kind, "digest");
	assert_int_equal(store_mail_claim(f->s, T0 + 9, &m), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(purposes_have_one_priority_each),
		cmocka_unit_test_setup_teardown(
		    urgent_leaves_before_older_routine, setup, teardown),
		cmocka_unit_test_setup_teardown(ceiling_and_due_time, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(group_for_one_request, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(several_in_flight_at_a_crash,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(mail_alerts_before_digests,
		    setup, teardown),
	};

	store_library_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
