/*
 * `reportgw case`: the cases from the command line (list, show, and the
 * officers' actions ack, refer, close, reopen, on the same state machine
 * as their SMS commands), and `reportgw export --what cases`.  They may
 * run while the daemon runs: each action is one transaction, and the
 * reporter's feedback SMS it queues goes out with the daemon's outbox.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cases.h"
#include "cli.h"
#include "csv.h"
#include "fold.h"
#include "phone.h"
#include "store.h"
#include "reportjson.h"
#include "termsafe.h"
#include "timeutil.h"
#include "utf8.h"
#include "xmalloc.h"

#define CSV_ROW_MAX	(1024 * 1024)	/* bytes of one exported row */
#define EVENTS_MAX	(256 * 1024)	/* bytes of one case's events cell */

static const char *
iso(time_t t, char out[32])
{
	if (t == 0)
		return NULL;
	time_format_iso(t, out);
	return out;
}

/* Stored text for a terminal: escaped. */
static void
put_safe(const char *fmt, const char *s)
{
	char *t = termsafe(s, 0);

	printf(fmt, t);
	free(t);
}

/* ---- list and show ---- */

static int
print_case(const struct case_row *c, void *arg)
{
	char	opened[32];
	long	age = (long)(*(time_t *)arg - c->opened_at);

	printf("#%-8lld %-12s L%d %s %4ld%c %-5s %-7s ", (long long)c->ref,
	    c->status, c->level, iso(c->opened_at, opened),
	    age >= 86400 ? age / 86400 : age / 3600, age >= 86400 ? 'd' : 'h',
	    c->code, c->village);
	put_safe("%s\n", c->owner[0] != '\0' ? c->owner : "-");
	return 0;
}

static int
print_event(const struct case_event *e, void *arg)
{
	char at[32];

	(void)arg;
	printf("  %s  %-8s %-7s ", iso(e->at, at), e->action, e->channel);
	put_safe("%s", e->actor);
	if (e->note[0] != '\0')
		put_safe(": %s", e->note);
	printf("\n");
	return 0;
}

static void
show(struct store *s, const struct case_row *c)
{
	char		 t[32];
	const char	*times[] = { "opened", "acknowledged", "referred",
			    "closed", "reopened", "escalated", "reminded" };
	time_t		 at[] = { c->opened_at, c->acknowledged_at,
			    c->referred_at, c->closed_at, c->reopened_at,
			    c->escalated_at, c->reminded_at };
	size_t		 i;

	printf("case #%lld (report #%lld): %s %s, commune %s\n",
	    (long long)c->ref, (long long)c->report_id, c->code, c->village,
	    c->commune);
	printf("status:   %s, level %d\n", c->status, c->level);
	put_safe("owner:    %s\n", c->owner[0] != '\0' ? c->owner : "-");
	if (c->referred_to[0] != '\0')
		printf("referred: %s\n", c->referred_to);
	printf("reporter: %s\n", c->phone);
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++)
		if (at[i] != 0)
			printf("%-9s %s\n", times[i], iso(at[i], t));
	printf("timeline:\n");
	store_case_events(s, c->id, print_event, NULL);
}

/* ---- actions ---- */

/* The "target" value a referral names: its value or one of its words. */
static int
target_of(const struct codebook *cb, const char *word)
{
	const struct cb_word	*w;
	char			 folded[CB_WORD_MAX * CB_PHRASE_MAX];
	size_t			 n;
	int			 v = codebook_vocab(cb, CB_VOCAB_TARGET_NAME), k;

	if (v < 0)
		return -1;
	for (k = 0; k < cb->vocabs[v].nvalues; k++)
		if (strcmp(cb->vocabs[v].values[k].value, word) == 0)
			return k;
	n = fold_phrase(word, folded, sizeof(folded));
	if (n == (size_t)-1 || (w = codebook_lookup(cb, folded, n)) == NULL)
		return -1;
	return cb_word_value(w, v);
}

/* Who acts: an officer named by phone or name, else the name given. */
static void
actor_of(const struct conf *c, const char *by, char *name, size_t size,
    char phone[PHONE_MAX])
{
	const struct conf_officer	*o = NULL;
	size_t				 i;

	phone[0] = '\0';
	if (phone_normalize(by, c->country_code, phone) == 0)
		o = conf_officer(c, phone);
	for (i = 0; o == NULL && i < c->nofficers; i++)
		if (strcmp(c->officers[i].name, by) == 0)
			o = &c->officers[i];
	if (o != NULL) {
		snprintf(name, size, "%s (%s)", o->name, o->phone);
		snprintf(phone, PHONE_MAX, "%s", o->phone);
	} else {
		snprintf(name, size, "%s", by);
		phone[0] = '\0';
	}
}

static int
act(const struct conf *c, struct store *s, enum case_action a, long long ref,
    int target, const char *by, const char *note)
{
	struct case_row		 k;
	struct case_actor	 who;
	char			 name[STORE_NAME_MAX], phone[PHONE_MAX];
	int			 found, done;

	actor_of(c, by, name, sizeof(name), phone);
	who = (struct case_actor){ name, phone, "cli" };
	if (store_begin(s) == -1)
		return EXIT_RUNTIME;
	found = store_case_get(s, ref, &k);
	if (found != 1) {
		store_rollback(s);
		if (found == 0)
			fprintf(stderr, "reportgw: no case #%lld\n", ref);
		return found == 0 ? EXIT_USAGE : EXIT_RUNTIME;
	}
	done = cases_apply(s, c, &k, a, target, note, &who, 0, time(NULL));
	if (done != 1 || store_commit(s) == -1) {
		store_rollback(s);
		if (done == 0)
			fprintf(stderr, "reportgw: case #%lld is %s: it cannot "
			    "take %s\n", ref, k.status, case_action_names[a]);
		return done == 0 ? EXIT_USAGE : EXIT_RUNTIME;
	}
	printf("case #%lld: %s\n", ref, k.status);
	return EXIT_OK;
}

static const struct {
	const char		*name;
	enum case_action	 action;
	int			 operands;	/* besides the verb */
} verbs[] = {
	{ "ack", CASE_ACK, 1 },
	{ "refer", CASE_REFER, 2 },
	{ "close", CASE_CLOSE, 1 },
	{ "reopen", CASE_REOPEN, 1 },
};

static long long
parse_ref(const char *s)
{
	char		*end;
	long long	 v = strtoll(s, &end, 10);

	if (*s == '#')
		v = strtoll(s + 1, &end, 10);
	return *end == '\0' && v > 0 ? v : -1;
}

int
cmd_case(int argc, char **argv)
{
	const char	*by = NULL, *note = NULL;
	int		 all = 0;
	const struct cli_opt opts[] = {
		{ "by", 'b', &by, NULL },
		{ "note", 'n', &note, NULL },
		{ "all", 'a', NULL, &all },
		{ NULL, 0, NULL, NULL }
	};
	const struct cli_cmd cmd = { "case", opts, 0, 1, 3 };
	struct conf	*c;
	struct store	*s = NULL;
	struct case_row	 k;
	time_t		 now = time(NULL);
	long long	 ref = -1;
	size_t		 i;
	int		 rc = EXIT_OK, found, target = -1;

	c = cli_start(&cmd, &argc, &argv);
	if (argc >= 2 && (ref = parse_ref(argv[1])) == -1) {
		fprintf(stderr, "reportgw: \"%s\" is not a case number\n",
		    argv[1]);
		conf_free(c);
		return EXIT_USAGE;
	}
	if (note != NULL && (strlen(note) >= STORE_NOTE_MAX ||
	    !utf8_valid(note, strlen(note)))) {
		fprintf(stderr, "reportgw: --note must be UTF-8 text of at most "
		    "%d bytes\n", STORE_NOTE_MAX - 1);
		conf_free(c);
		return EXIT_USAGE;
	}
	if (by == NULL && (by = getenv("SUDO_USER")) == NULL &&
	    (by = getenv("USER")) == NULL)
		by = "cli";
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(argv[0], verbs[i].name) == 0)
			break;
	if (strcmp(argv[0], "list") == 0 && argc == 1) {
		s = cli_open_store(c);
		rc = (all ? store_cases_each(s, 0, (time_t)1 << 40, print_case,
		    &now) : store_view_cases_open(s, now + 1, print_case,
		    &now)) == -1 ? EXIT_RUNTIME : EXIT_OK;
	} else if (strcmp(argv[0], "show") == 0 && argc == 2) {
		s = cli_open_store(c);
		found = store_case_get(s, ref, &k);
		if (found == 1)
			show(s, &k);
		else if (found == 0)
			fprintf(stderr, "reportgw: no case #%lld\n", ref);
		rc = found == 1 ? EXIT_OK : found == 0 ? EXIT_USAGE :
		    EXIT_RUNTIME;
	} else if (i < sizeof(verbs) / sizeof(verbs[0]) &&
	    argc == verbs[i].operands + 1) {
		if (verbs[i].action == CASE_REFER &&
		    (target = target_of(c->codebook, argv[2])) < 0) {
			fprintf(stderr, "reportgw: unknown referral target "
			    "\"%s\"\n", argv[2]);
			conf_free(c);
			return EXIT_USAGE;
		}
		s = cli_open_store(c);
		rc = act(c, s, verbs[i].action, ref, target, by, note);
	} else {
		conf_free(c);
		cli_cmd_usage(&cmd);
	}
	if (s != NULL)
		store_close(s);
	conf_free(c);
	return rc;
}

/* ---- export ---- */

static json_t *
time_json(time_t t)
{
	char buf[32];

	return t != 0 ? json_string(iso(t, buf)) : json_null();
}

static int
event_json(const struct case_event *e, void *arg)
{
	json_t *o = json_object();

	json_object_set_new(o, "at", time_json(e->at));
	json_object_set_new(o, "by", json_string_safe(e->actor));
	json_object_set_new(o, "channel", json_string_safe(e->channel));
	json_object_set_new(o, "action", json_string_safe(e->action));
	json_object_set_new(o, "note", json_string_safe(e->note));
	json_array_append_new(arg, o);
	return 0;
}

/* One line of an events cell: "AT action by (channel): note". */
static int
event_line(const struct case_event *e, void *arg)
{
	struct buf	*b = arg;
	char		 at[32];

	buf_printf(b, "%s%s %s %s (%s)%s%s", b->len ? " | " : "",
	    iso(e->at, at), e->action, e->actor, e->channel,
	    e->note[0] != '\0' ? ": " : "", e->note);
	return 0;
}

struct export_cases {
	struct store	*store;
	int		 csv;
	int		 header;
};

static const char *const case_cols[] = { "ref", "report", "code", "village",
    "commune", "status", "level", "owner", "opened_at", "acknowledged_at",
    "referred_to", "closed_at", "escalated_at", "events", NULL };

static int
export_case(const struct case_row *c, void *arg)
{
	struct export_cases	*x = arg;
	json_t			*o, *events;
	char			*d, *t, ref[24], report[24], level[8];
	char			 t1[32], t2[32], t3[32], t4[32];
	struct buf		 b, ev;
	size_t			 i;

	if (x->csv) {
		const char *cells[14];

		buf_init(&b, CSV_ROW_MAX);
		buf_init(&ev, EVENTS_MAX);
		if (store_case_events(x->store, c->id, event_line, &ev) == -1) {
			buf_free(&b);
			buf_free(&ev);
			return -1;
		}
		for (i = 0; !x->header && case_cols[i] != NULL; i++) {
			buf_add(&b, i ? "," : "");
			csv_cell(&b, case_cols[i]);
		}
		if (!x->header++)
			buf_add(&b, "\n");
		snprintf(ref, sizeof(ref), "%lld", (long long)c->ref);
		snprintf(report, sizeof(report), "%lld",
		    (long long)c->report_id);
		snprintf(level, sizeof(level), "%d", c->level);
		cells[0] = ref;
		cells[1] = report;
		cells[2] = c->code;
		cells[3] = c->village;
		cells[4] = c->commune;
		cells[5] = c->status;
		cells[6] = level;
		cells[7] = c->owner;
		cells[8] = iso(c->opened_at, t1);
		cells[9] = iso(c->acknowledged_at, t2);
		cells[10] = c->referred_to;
		cells[11] = iso(c->closed_at, t3);
		cells[12] = iso(c->escalated_at, t4);
		cells[13] = ev.p;
		for (i = 0; i < 14; i++) {
			buf_add(&b, i ? "," : "");
			csv_cell(&b, cells[i]);
		}
		buf_add(&b, "\n");
		fputs(b.p, stdout);
		buf_free(&b);
		buf_free(&ev);
		return ferror(stdout) ? -1 : 0;
	}
	o = json_object();
	events = json_array();
	if (store_case_events(x->store, c->id, event_json, events) == -1) {
		json_decref(events);
		json_decref(o);
		return -1;
	}
	json_object_set_new(o, "ref", json_integer(c->ref));
	json_object_set_new(o, "report", json_integer(c->report_id));
	json_object_set_new(o, "code", json_string_safe(c->code));
	json_object_set_new(o, "village", json_string_safe(c->village));
	json_object_set_new(o, "commune", json_string_safe(c->commune));
	json_object_set_new(o, "status", json_string_safe(c->status));
	json_object_set_new(o, "level", json_integer(c->level));
	json_object_set_new(o, "owner", c->owner[0] ? json_string_safe(c->owner) :
	    json_null());
	json_object_set_new(o, "opened_at", time_json(c->opened_at));
	json_object_set_new(o, "acknowledged_at",
	    time_json(c->acknowledged_at));
	json_object_set_new(o, "referred_to", c->referred_to[0] ?
	    json_string_safe(c->referred_to) : json_null());
	json_object_set_new(o, "closed_at", time_json(c->closed_at));
	json_object_set_new(o, "escalated_at", time_json(c->escalated_at));
	json_object_set_new(o, "events", events);
	/* jansson escapes C0; DEL and C1 are escaped here */
	d = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	t = termsafe_json(d);
	puts(t);
	free(t);
	free(d);
	json_decref(o);
	return ferror(stdout) ? -1 : 0;
}

int
cases_export(struct store *s, time_t from, time_t until, int csv)
{
	struct export_cases x = { s, csv, 0 };

	return store_cases_each(s, from, until, export_case, &x);
}
