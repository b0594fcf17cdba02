/*
 * The store's views of reporters for the digest and the welcome SMS:
 * who is silent at the edges of the window (a message or a report, a
 * normalised phone or a raw sender), which codes are most used, and the
 * welcome's codes and fitting; a move changes the reporter only.
 */
#include "testutil.h"

#include <time.h>
#include <unistd.h>

#include "store.h"
#include "welcome.h"

#define DAY	86400

struct fixture {
	char		 dir[64];
	char		 path[96];
	struct store	*s;
	struct conf	*c;
	time_t		 until, since, from;	/* the digest's windows */
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	if (temp_db_make(f->dir, sizeof(f->dir), f->path, sizeof(f->path),
	    "test_people") == -1)
		return -1;
	if ((f->s = store_open(f->path)) == NULL)
		return -1;
	f->c = default_conf();
	/* reporters are created now: the windows lie after that */
	f->until = time(NULL) + 30 * DAY;
	f->since = f->until - 14 * DAY;
	f->from = f->until - 60 * DAY;
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

static void
reporter(struct store *s, const char *phone, const char *village,
    const char *status)
{
	struct reporter r;

	memset(&r, 0, sizeof(r));
	snprintf(r.phone, sizeof(r.phone), "%s", phone);
	snprintf(r.name, sizeof(r.name), "Nguyễn Thị %s", phone + 9);
	snprintf(r.village, sizeof(r.village), "%s", village);
	snprintf(r.commune, sizeof(r.commune), "%.3s", village);
	snprintf(r.status, sizeof(r.status), "%s", status);
	snprintf(r.source, sizeof(r.source), "sms");
	assert_int_equal(store_reporter_put(s, &r, 1), 0);
}

static int64_t
message(struct store *s, const char *sender, const char *text, time_t at)
{
	static int	 n;
	char		 id[16];
	int		 added;
	struct inbox_msg m;
	char		 status[32], reply[8];
	int64_t		 report_id;

	snprintf(id, sizeof(id), "%d", ++n);
	assert_int_equal(store_inbox_add(s, "test", id, sender, "8077", text,
	    strlen(text), at, "sms", &added), 0);
	assert_int_equal(store_inbox_get(s, "test", id, &m, status,
	    sizeof(status), reply, sizeof(reply), &report_id), 1);
	return m.id;
}

/* A report of phone from a message of sender (the raw number). */
static int64_t
report_from(struct store *s, const char *sender, const char *phone,
    const char *code, const char *kind, time_t at)
{
	struct report_row	r;
	int64_t			id;

	memset(&r, 0, sizeof(r));
	r.inbox_id = message(s, sender, code, at);
	snprintf(r.phone, sizeof(r.phone), "%s", phone);
	snprintf(r.village, sizeof(r.village), "BAT01");
	snprintf(r.commune, sizeof(r.commune), "BAT");
	snprintf(r.kind, sizeof(r.kind), "%s", kind);
	snprintf(r.code, sizeof(r.code), "%s", code);
	snprintf(r.fingerprint, sizeof(r.fingerprint), "%lld",
	    (long long)r.inbox_id);
	snprintf(r.details, sizeof(r.details), "{}");
	r.received_at = at;
	assert_int_equal(store_report_add(s, &r, at, &id), 0);
	return id;
}

static int64_t
report(struct store *s, const char *phone, const char *code,
    const char *kind, time_t at)
{
	return report_from(s, phone, phone, code, kind, at);
}

struct seen {
	char	out[512];
};

static int
add_silent(const struct silent_reporter *r, void *arg)
{
	struct seen	*s = arg;
	size_t		 n = strlen(s->out);

	snprintf(s->out + n, sizeof(s->out) - n, "%s%s:%s", n ? " " : "",
	    r->r.phone + 9, r->last_seen == 0 ? "-" : "seen");
	return 0;
}

static void
silent_at_the_edges(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s;
	const char	*ph[] = { "+84912000001", "+84912000002",
			    "+84912000003", "+84912000004", "+84912000005",
			    "+84912000006", "+84912000007", "+84912000008" };
	int		 i;

	for (i = 0; i < 8; i++)
		reporter(f->s, ph[i], "BAT01", i == 5 ? "blocked" : "active");
	message(f->s, ph[0], "KO", f->since - 1);	/* just before: silent */
	message(f->s, ph[1], "KO", f->since);		/* just in: not */
	/* a report under the normalised phone, its message from a raw one */
	report_from(f->s, "0912000003", ph[2], "KO", "zero",
	    f->since + 5 * DAY);
	/* ph[3]: nothing at all */
	message(f->s, ph[4], "HD", f->from - 1);	/* before the lookback */
	/* ph[5]: blocked, not listed */
	message(f->s, ph[6], "KO", f->until);		/* after the day */
	message(f->s, ph[7], "BLL", f->until - 1);	/* rejected, but heard */
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_view_silent(f->s, f->from, f->since, f->until,
	    add_silent, &s), 0);
	/* never seen first (by creation, then village and phone), then the
	 * one last heard of just before the window */
	assert_string_equal(s.out, "004:- 005:- 007:- 001:seen");
	/* one registered after `since` is not silent yet */
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_view_silent(f->s, f->from, time(NULL) - DAY,
	    f->until, add_silent, &s), 0);
	assert_string_equal(s.out, "");
}

static int
add_code(const char *code, long n, void *arg)
{
	struct seen	*s = arg;
	size_t		 len = strlen(s->out);

	snprintf(s->out + len, sizeof(s->out) - len, "%s%s=%ld",
	    len ? " " : "", code, n);
	return 0;
}

static void
top_codes_and_welcome(void **state)
{
	struct fixture	*f = *state;
	struct reporter	 r;
	struct seen	 s;
	char		 text[REPLY_SIZE];
	time_t		 now = f->until;
	int		 i;

	reporter(f->s, "+84912000001", "BAT02", "pending");
	assert_int_equal(store_reporter_get(f->s, "+84912000001", &r), 1);
	/* an empty store: the code book's first incident codes */
	assert_int_equal(welcome_text(f->s, f->c, &r, now, text), 0);
	assert_non_null(strstr(text, "Ma hay dung: BL bao luc, XH xam hai "
	    "tinh duc, BR bo roi."));
	for (i = 0; i < 3; i++)
		report(f->s, "+84912000002", "KO", "zero", now - DAY - i);
	for (i = 0; i < 2; i++)
		report(f->s, "+84912000002", "TN", "incident", now - DAY - i);
	for (i = 0; i < 4; i++)		/* cancelled: not counted */
		assert_int_equal(store_report_set_status(f->s,
		    report(f->s, "+84912000002", "DN", "incident", now - DAY),
		    "cancelled", 0, now), 0);
	for (i = 0; i < 5; i++)		/* coverage: not a welcome code */
		report(f->s, "+84912000002", "MN", "coverage", now - DAY - i);
	for (i = 0; i < 6; i++)		/* older than 90 days */
		report(f->s, "+84912000002", "XH", "incident",
		    now - 91 * DAY - i);
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_view_top_codes(f->s, now - 90 * DAY, now + 1,
	    add_code, &s), 0);
	assert_string_equal(s.out, "MN=5 KO=3 TN=2");
	assert_int_equal(welcome_text(f->s, f->c, &r, now, text), 0);
	assert_string_equal(text, "Chao Nguyen Thi 001! So nay da duoc duyet "
	    "cho thon BAT02. Ma hay dung: KO khong co su viec, TN tai nan "
	    "thuong tich, BL bao luc. Gui HD de xem them.");
	/* no room for the names: the codes alone, the end kept */
	snprintf(r.name, sizeof(r.name), "Nguyễn Thị Hoàng Phương Thảo Minh "
	    "Châu Bảo Ngọc Kim Liên Thu");
	assert_int_equal(welcome_text(f->s, f->c, &r, now, text), 0);
	assert_non_null(strstr(text, "Ma hay dung: KO, TN, BL. Gui HD de xem "
	    "them."));
	assert_true(strlen(text) <= REPLY_MAX);
}

static void
move_changes_the_reporter_only(void **state)
{
	struct fixture	*f = *state;
	struct reporter	 r;
	struct report_row row;
	int64_t		 id;

	reporter(f->s, "+84912000001", "BAT02", "active");
	id = report(f->s, "+84912000001", "KO", "zero", f->since);
	assert_int_equal(store_reporter_move(f->s, "+84912000001", "BAI03",
	    "BAI"), 1);
	assert_int_equal(store_reporter_get(f->s, "+84912000001", &r), 1);
	assert_string_equal(r.village, "BAI03");
	assert_string_equal(r.commune, "BAI");
	assert_string_equal(r.status, "active");
	assert_int_equal(store_report_get(f->s, id, &row), 1);
	assert_string_equal(row.village, "BAT01");
	assert_int_equal(store_reporter_move(f->s, "+84999999999", "BAI03",
	    "BAI"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(silent_at_the_edges, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(top_codes_and_welcome, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(move_changes_the_reporter_only,
		    setup, teardown),
	};

	store_library_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
