/*
 * `reportgw run`: the daemon.  One thread runs a loop: poll the provider
 * and store each batch with its cursor in one transaction, judge the new
 * messages, send due replies, then sleep in poll(2) until the next thing
 * is due.  Signal handlers only set flags.  Temporary trouble backs off
 * from 1 s, doubling to 5 minutes, so a dead provider costs no CPU.
 */
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "fault.h"
#include "httpd.h"
#include "log.h"
#include "mailq.h"
#include "pipeline.h"
#include "provider.h"
#include "schedule.h"
#include "sendq.h"
#include "spool.h"
#include "store.h"
#include "timeutil.h"
#include "xmalloc.h"

#ifdef FAULT_INJECT
#define BACKOFF_MIN	0	/* the fault build retries at once */
#else
#define BACKOFF_MIN	1	/* seconds */
#endif
#define BACKOFF_MAX	300	/* seconds */
#define SEND_SLICE	5	/* seconds of sending before polling again */
#define POLL_BATCHES_MAX 1000	/* batches in one poll cycle */
#define SCHEDULE_EVERY	60	/* seconds: the clock is looked at this often */
#define MAIL_SLICE	30	/* seconds of mail before polling again */

static volatile sig_atomic_t	quit;
static volatile sig_atomic_t	reload;

struct daemon {
	char			*conf_path;	/* owned: conf is replaced */
	struct conf		*conf;
	struct store		*store;
	struct provider		*provider;
	struct sendq		*sendq;		/* the outbox's sender */
	struct httpd		*httpd;
	int			 wake[2];	/* the HTTP threads poke [1] */
	int			 polls;		/* the provider is polled */
	int			 lockfd;
	int			 until_idle;
	time_t			 next_poll;
	time_t			 next_send;
	int			 poll_backoff;
	int			 mail_backoff;
	time_t			 next_mail;
	enum prov_status	 last_status;	/* to log changes once */
	struct spool		*spool;		/* destructive providers' answers */
	struct pipeline_stats	 stats;
	long			 polled;	/* new messages stored */
	long			 cycles;	/* poll cycles that ended well */
};

static void	send_due(struct daemon *, int maxprio);

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		reload = 1;
	else
		quit = 1;
}

static int
next_backoff(int *b)
{
	int cur = *b < BACKOFF_MIN ? BACKOFF_MIN : *b;

	*b = cur * 2 > BACKOFF_MAX ? BACKOFF_MAX : cur * 2;
	return cur;
}

static void
meta_time(struct store *s, const char *key, time_t t)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)t);
	store_meta_set(s, key, buf);
}

/*
 * Stores a fetched batch and its cursor in one transaction: the messages
 * for judging, the records that are not messages as rejected rows.
 */
static int
store_batch(struct daemon *d, const struct prov_batch *b, long *added)
{
	const char	*name = d->provider->ops->name;
	size_t		 i;
	long		 rejected = 0;
	int		 was_added;

	*added = 0;
	if (store_begin(d->store) == -1)
		return -1;
	for (i = 0; i < b->n; i++) {
		const struct prov_msg *m = &b->v[i];

		if (m->reject != NULL) {
			if (store_inbox_reject(d->store, name, m->id, m->from,
			    m->raw, strlen(m->raw), m->at ? m->at : time(NULL),
			    m->reject, &was_added) == -1)
				goto fail;
			rejected += was_added;
		} else if (store_inbox_add(d->store, name, m->id, m->from,
		    m->to, m->text, m->textlen, m->at, "sms", &was_added) == -1)
			goto fail;
		*added += was_added;
	}
	if (store_cursor_set(d->store, name, b->cursor) == -1)
		goto fail;
	meta_time(d->store, "last_poll_ok", time(NULL));
	if (store_commit(d->store) == -1)
		return -1;
	if (rejected > 0)
		log_warnx("poll: %ld records of the "
		    "provider's answer are not messages; kept as rejected "
		    "(reportgw export --what messages)", rejected);
	return 0;
fail:
	store_rollback(d->store);
	return -1;
}

/* Stores one kept answer again (spool_replay's callback). */
static int
replay_one(const char *body, size_t len, void *arg)
{
	struct daemon		*d = arg;
	struct prov_batch	 b;
	struct prov_result	 r;
	char			 cursor[PROV_CURSOR_MAX];
	long			 added;

	memset(&b, 0, sizeof(b));
	memset(&r, 0, sizeof(r));
	if (store_cursor_get(d->store, d->provider->ops->name, cursor,
	    sizeof(cursor)) == -1)
		return -1;
	provider_decode(d->provider->ops, d->provider->conf, cursor,
	    time(NULL), body, len, &b, &r);
	if (r.status != PROV_OK)
		return -2;
	if (store_batch(d, &b, &added) == -1) {
		prov_batch_free(&b);
		return -1;
	}
	d->polled += added;
	prov_batch_free(&b);
	return 0;
}

static void
poll_trouble(struct daemon *d, const struct prov_result *r)
{
	char	clean[300];
	int	delay;

	if (r->status == PROV_RATE_LIMITED && r->retry_after > 0)
		delay = (int)(r->retry_after > BACKOFF_MAX ? BACKOFF_MAX :
		    r->retry_after);
	else
		delay = next_backoff(&d->poll_backoff);
	if (r->status != d->last_status || delay >= BACKOFF_MAX)
		log_warnx("poll: %s; next try in %d s", log_clean(r->detail,
		    strlen(r->detail), clean, sizeof(clean)), delay);
	d->last_status = r->status;
	d->next_poll = time(NULL) + delay;
	store_meta_set(d->store, "last_poll_error", r->detail);
}

static int
judge_all(struct daemon *d)
{
	int n;

	while ((n = pipeline_run(d->store, d->conf, &d->stats)) > 0)
		;
	return n;
}

/*
 * One poll cycle: fetch and store batches until the provider has no more,
 * judging each batch as it lands.
 */
static void
poll_cycle(struct daemon *d)
{
	struct prov_batch	 b;
	struct prov_result	 r;
	struct timespec		 t0, t1, u0, u1;
	double			 urgent = 0;	/* seconds sending alerts */
	char			 cursor[PROV_CURSOR_MAX];
	long			 added, before = d->polled;
	int			 i, n;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	meta_time(d->store, "last_poll_try", time(NULL));
	/* answers kept on disk by a run that did not store them */
	if (d->spool != NULL) {
		if ((n = spool_replay(d->spool, replay_one, d)) == -1) {
			d->next_poll = time(NULL) +
			    next_backoff(&d->poll_backoff);
			return;
		}
		if (n > 0) {
			log_info("poll: stored %d answers kept on disk", n);
			judge_all(d);
		}
	}
	for (i = 0; i < POLL_BATCHES_MAX && !quit; i++) {
		memset(&b, 0, sizeof(b));
		if (store_cursor_get(d->store, d->provider->ops->name, cursor,
		    sizeof(cursor)) == -1)
			break;
		provider_poll(d->provider, cursor, &b, &r,
		    d->spool != NULL ? spool_keep : NULL, d->spool);
		if (r.status != PROV_OK) {
			poll_trouble(d, &r);
			judge_all(d);
			return;
		}
		if (r.detail[0] != '\0')
			log_warnx("poll: %s", r.detail);
		if (store_batch(d, &b, &added) == -1) {
			/* a destructive provider's answer stays on disk and
			 * is stored at the next cycle */
			log_warnx("poll: could not store %zu messages; the "
			    "cursor stays", b.n);
			prov_batch_free(&b);
			d->next_poll = time(NULL) +
			    next_backoff(&d->poll_backoff);
			return;
		}
		if (d->spool != NULL)
			spool_done(d->spool);
		d->polled += added;
		if (added > 0)
			log_debug("poll: %ld new messages", added);
		prov_batch_free(&b);
		if (judge_all(d) == -1) {
			d->next_poll = time(NULL) +
			    next_backoff(&d->poll_backoff);
			return;
		}
		/* an alert in this batch leaves now, not after the backlog */
		if (!quit && time(NULL) >= d->next_send) {
			clock_gettime(CLOCK_MONOTONIC, &u0);
			send_due(d, OUTBOX_URGENT);
			clock_gettime(CLOCK_MONOTONIC, &u1);
			urgent += (double)(u1.tv_sec - u0.tv_sec) +
			    (double)(u1.tv_nsec - u0.tv_nsec) / 1e9;
		}
		if (!b.more)
			break;
	}
	if (d->polled > before) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		log_info("poll: %ld new messages stored and judged in %.3f s "
		    "(and %.3f s sending urgent SMS between batches)",
		    d->polled - before, (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9 - urgent, urgent);
	}
	if (d->last_status != PROV_OK)
		log_info("poll: provider answers again");
	d->last_status = PROV_OK;
	d->poll_backoff = 0;
	d->cycles++;
	d->next_poll = time(NULL) + d->conf->provider.poll_interval;
}

/*
 * Sends due replies of priority at most maxprio (sendq.c) for a slice,
 * each claimed and recorded durably; a push (the wake pipe) ends the
 * slice early, so that its message is judged before more goes out.
 */
static void
send_due(struct daemon *d, int maxprio)
{
	sendq_run(d->sendq, d->store, maxprio, SEND_SLICE, d->wake[0], &quit,
	    &d->next_send);
}

#ifdef FAULT_INJECT
/*
 * The fault build routes the libraries' allocations through the injector
 * too: SQLite answers SQLITE_NOMEM, libcurl CURLE_OUT_OF_MEMORY, jansson
 * NULL, and the daemon must carry on.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <sqlite3.h>

static sqlite3_mem_methods sqlite_mem;

static void *
fi_sqlite_malloc(int n)
{
	return fault_hit(FAULT_MALLOC) ? NULL : sqlite_mem.xMalloc(n);
}

static void *
fi_sqlite_realloc(void *p, int n)
{
	return fault_hit(FAULT_MALLOC) ? NULL : sqlite_mem.xRealloc(p, n);
}

static void *
fi_malloc(size_t n)
{
	return fault_hit(FAULT_MALLOC) ? NULL : malloc(n);
}

static void *
fi_realloc(void *p, size_t n)
{
	return fault_hit(FAULT_MALLOC) ? NULL : realloc(p, n);
}

static void *
fi_calloc(size_t n, size_t size)
{
	return fault_hit(FAULT_MALLOC) ? NULL : calloc(n, size);
}

static char *
fi_strdup(const char *s)
{
	return fault_hit(FAULT_MALLOC) ? NULL : strdup(s);
}

static void
fault_hooks(void)
{
	sqlite3_mem_methods m;

	sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_mem);
	m = sqlite_mem;
	m.xMalloc = fi_sqlite_malloc;
	m.xRealloc = fi_sqlite_realloc;
	sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
	curl_global_init_mem(CURL_GLOBAL_ALL, fi_malloc, free, fi_realloc,
	    fi_strdup, fi_calloc);
	json_set_alloc_funcs(fi_malloc, free);
}
#else
static void fault_hooks(void) { }
#endif

static int
lock_database(const char *db)
{
	char	*path = xasprintf("%s.lock", db);
	int	 fd;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1) {
		log_warn("%s", path);
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK)
			log_warnx("another reportgw is running on %s (lock %s)",
			    db, path);
		else
			log_warn("lock %s", path);
		close(fd);
		free(path);
		return -1;
	}
	free(path);
	return fd;
}

static void
do_reload(struct daemon *d)
{
	struct conf	*c;
	struct provider	*p;
	struct sendq	*sq;
	char		*err, *line, *save = NULL;

	reload = 0;
	if (conf_load_file(d->conf_path, &c, &err) == -1) {
		for (line = strtok_r(err, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			log_warnx("reload refused: %s", line);
		free(err);
		return;
	}
	if (strcmp(c->database, d->conf->database) != 0) {
		log_warnx("reload refused: the database cannot change while "
		    "running; restart instead");
		conf_free(c);
		return;
	}
	if ((d->httpd != NULL) != (c->http.configured != 0)) {
		log_warnx("reload refused: adding or removing the http group "
		    "needs a restart");
		conf_free(c);
		return;
	}
	if (!c->provider.configured || (p = provider_new(&c->provider)) ==
	    NULL) {
		log_warnx("reload refused: no usable provider");
		conf_free(c);
		return;
	}
	if (p->ops->destructive && d->spool == NULL &&
	    (d->spool = spool_open(c->database)) == NULL) {
		log_warnx("reload refused: no spool for a destructive "
		    "provider");
		provider_free(p);
		conf_free(c);
		return;
	}
	/* the last step that may fail: it replaces the sender */
	if ((sq = sendq_new(p, d->sendq)) == NULL) {
		log_warnx("reload refused: cannot start libcurl");
		provider_free(p);
		conf_free(c);
		return;
	}
	d->sendq = sq;
	if (d->httpd != NULL)
		httpd_set_conf(d->httpd, c, provider_polls(p));
	provider_free(d->provider);
	conf_free(d->conf);
	d->conf = c;
	d->provider = p;
	d->polls = provider_polls(p);
	time_set_zone(c->timezone);
	pipeline_sync_reporters(d->store, c);
	d->next_poll = 0;
	log_info("configuration reloaded from %s", d->conf_path);
}

/*
 * Started as root: hand the database files to the configured user, then
 * become that user for good (all threads: glibc changes every thread's
 * credentials).  Called once the lock, the database and the listening
 * socket are open.
 */
static int
drop_privileges(const struct conf *c, struct spool *spool)
{
	static const char *const suffix[] = { "", "-wal", "-shm", ".lock" };
	struct passwd	*pw;
	char		 path[4096];
	size_t		 i;

	if (geteuid() != 0)
		return 0;
	if (c->user == NULL) {
		log_warnx("running as root: set 'user' in %s (or run under "
		    "systemd with User=)", c->path);
		return 0;
	}
	if ((pw = getpwnam(c->user)) == NULL) {
		log_warnx("%s: no such user '%s'", c->path, c->user);
		return -1;
	}
	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", c->database, suffix[i]);
		if (chown(path, pw->pw_uid, pw->pw_gid) == -1 &&
		    errno != ENOENT) {
			log_warn("chown %s", path);
			return -1;
		}
	}
	if (spool != NULL && spool_chown(spool, pw->pw_uid, pw->pw_gid) == -1)
		return -1;
	if (initgroups(pw->pw_name, pw->pw_gid) == -1 ||
	    setgid(pw->pw_gid) == -1 || setuid(pw->pw_uid) == -1) {
		log_warn("cannot become user %s", c->user);
		return -1;
	}
	if (setuid(0) != -1) {
		log_warnx("privileges could be regained; stopping");
		return -1;
	}
	log_info("running as user %s", c->user);
	return 0;
}

static int
setup(struct daemon *d)
{
	struct sigaction	sa;
	long			inflight;

	umask(077);
	if (!d->conf->provider.configured) {
		log_warnx("%s: no provider configured", d->conf->path);
		return -1;
	}
	if ((d->lockfd = lock_database(d->conf->database)) == -1)
		return -1;
	if ((d->store = store_open(d->conf->database)) == NULL)
		return -1;
	if (pipeline_sync_reporters(d->store, d->conf) == -1)
		return -1;
	if (store_outbox_recover(d->store, &inflight) == -1)
		return -1;
	if (inflight > 0)
		log_warnx("%ld replies were in flight at the last stop; each "
		    "is sent at most once more and marked unknown", inflight);
	if (schedule_init(d->store, time(NULL)) == -1 ||
	    mailq_init(d->store, time(NULL)) == -1 ||
	    store_mail_recover(d->store, &inflight) == -1)
		return -1;
	if (inflight > 0)
		log_warnx("%ld e-mails were in flight at the last stop: "
		    "digests are marked unknown (never sent twice), alerts "
		    "go once more with the same Message-ID", inflight);
	if ((d->provider = provider_new(&d->conf->provider)) == NULL ||
	    (d->sendq = sendq_new(d->provider, NULL)) == NULL)
		return -1;
	if (d->provider->ops->destructive &&
	    (d->spool = spool_open(d->conf->database)) == NULL)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	d->last_status = PROV_OK;
	d->polls = provider_polls(d->provider);
	if (pipe2(d->wake, O_NONBLOCK | O_CLOEXEC) == -1) {
		log_warn("pipe");
		return -1;
	}
	if (d->conf->http.configured) {
		sigset_t all, old;

		/* the server's threads leave signals to this one */
		sigfillset(&all);
		pthread_sigmask(SIG_BLOCK, &all, &old);
		d->httpd = httpd_start(d->conf, d->wake[1], d->polls);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (d->httpd == NULL)
			return -1;
	}
	return drop_privileges(d->conf, d->spool);
}

/* Empties the wake pipe; returns whether anything was in it. */
static int
drain_wake(struct daemon *d)
{
	char	buf[256];
	int	any = 0;

	while (read(d->wake[0], buf, sizeof(buf)) > 0)
		any = 1;
	return any;
}

static void
teardown(struct daemon *d)
{
	httpd_stop(d->httpd);
	d->httpd = NULL;
	if (d->wake[0] >= 0) {
		close(d->wake[0]);
		close(d->wake[1]);
	}
	spool_close(d->spool);
	d->spool = NULL;
	sendq_free(d->sendq);
	d->sendq = NULL;
	provider_free(d->provider);
	store_close(d->store);
	if (d->lockfd >= 0)
		close(d->lockfd);
}

/*
 * The earlier of wake and a queue's next row, due in secs (-1: none) but
 * not before its back-off ends at not_before.
 */
static time_t
earlier(time_t wake, time_t now, long secs, time_t not_before)
{
	time_t due = now + secs;

	if (secs < 0)
		return wake;
	if (due < not_before)
		due = not_before;
	return due < wake ? due : wake;
}

/* Whether nothing is left to do (for --until-idle). */
static int
idle(struct daemon *d)
{
	long secs;

	/* a poll cycle runs until the provider has no more: once one has
	 * ended well, nothing is left to fetch */
	if (d->cycles == 0 || d->last_status != PROV_OK)
		return 0;
	if (store_outbox_next_due(d->store, time(NULL), &secs) == -1 ||
	    secs >= 0)
		return 0;
	if (store_mail_next_due(d->store, time(NULL), &secs) == -1)
		return 0;
	return secs < 0;
}

int
cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "until-idle", no_argument, NULL, 'i' },
		{ "demo", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct daemon	d;
	const char	*file = NULL;
	int		 ch, foreground = 0, demo = 0, rc = EXIT_OK;

	memset(&d, 0, sizeof(d));
	d.lockfd = -1;
	d.wake[0] = d.wake[1] = -1;
	while ((ch = getopt_long(argc, argv, "f:dh", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			file = optarg;
			break;
		case 'd':
			foreground = 1;
			break;
		case 'i':
			d.until_idle = 1;
			break;
		case 'D':
			demo = 1;
			break;
		default:
			cli_usage("run [-f FILE] [-d] [--until-idle] [--demo]");
		}
	}
	fault_hooks();
	d.conf = cli_load_conf(file);
	if (cli_conf_builtin(d.conf) && !demo) {
		fprintf(stderr, "reportgw: run: refusing the built-in sample "
		    "config; give -f FILE (or --demo to try it)\n");
		conf_free(d.conf);
		return EXIT_USAGE;
	}
	d.conf_path = xstrdup(d.conf->path);
	log_init(foreground, getenv("REPORTGW_DEBUG") != NULL);
	if (setup(&d) == -1) {
		teardown(&d);
		conf_free(d.conf);
		free(d.conf_path);
		return EXIT_RUNTIME;
	}
	fault_arm();
	log_info("started: %s provider, database %s, polling every %d s",
	    d.provider->ops->name, d.conf->database,
	    d.conf->provider.poll_interval);
	while (!quit) {
		time_t	now = time(NULL), wake;
		long	secs;

		if (reload)
			do_reload(&d);
		if (d.httpd != NULL)
			httpd_heartbeat(d.httpd, now);
		if (drain_wake(&d))	/* pushed messages wait to be judged */
			judge_all(&d);
		if (d.polls && now >= d.next_poll)
			poll_cycle(&d);
		else if (!d.polls) {
			d.next_poll = now + SCHEDULE_EVERY;
			d.cycles++;	/* push only: nothing to fetch */
		}
		if (!quit && time(NULL) >= d.next_send)
			send_due(&d, INT_MAX);
		if (!quit && schedule_due(d.store, d.conf, time(NULL)) == -1)
			log_warnx("schedule: database trouble; trying again");
		if (!quit && time(NULL) >= d.next_mail)
			mailq_send_due(d.store, d.conf, MAIL_SLICE, &d.next_mail,
			    &d.mail_backoff);
		if (d.until_idle && idle(&d))
			break;
		/* sleep until the next poll or the next due reply */
		now = time(NULL);
		wake = d.next_poll;
		if (store_outbox_next_due(d.store, now, &secs) == 0)
			wake = earlier(wake, now, secs, d.next_send);
		if (store_mail_next_due(d.store, now, &secs) == 0)
			wake = earlier(wake, now, secs, d.next_mail);
		/* digests and reminders are due at clock times */
		if (wake > now + SCHEDULE_EVERY)
			wake = now + SCHEDULE_EVERY;
		if (wake > now && !quit && !reload) {
			struct pollfd pfd = { d.wake[0], POLLIN, 0 };

			poll(&pfd, 1, (int)(wake - now) * 1000);
		}
	}
	{
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		log_info("stopping: %ld new messages, %ld judged, %ld reports, "
		    "%ld reviews, %ld replies queued; peak RSS %ld KB",
		    d.polled, d.stats.processed, d.stats.reports,
		    d.stats.reviews, d.stats.replies, ru.ru_maxrss);
	}
	teardown(&d);
	conf_free(d.conf);
	free(d.conf_path);
	fault_report();
	return rc;
}
