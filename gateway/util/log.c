/*
 * Logging.  Foreground: "reportgw: message" on stderr.  Daemon: syslog
 * with the daemon facility.  Warnings strangers can cause at will go
 * through a per-cause rate limit.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"
#include "termsafe.h"

#define CAUSE_MAX	80	/* bytes of a cause kept (and compared) */

/* One cause of rate-limited warnings and its current minute. */
struct limited {
	char		 cause[CAUSE_MAX];
	time_t		 start;		/* monotonic; 0: no window open */
	unsigned long	 lines;		/* written in this window */
	unsigned long	 dropped;	/* not written in this window */
};

static pthread_mutex_t	limited_mu = PTHREAD_MUTEX_INITIALIZER;
static struct limited	limited[LOG_LIMIT_CAUSES];
static int		nlimited;

static int	log_foreground = 1;
static int	log_debugging;

void
log_init(int foreground, int debug)
{
	log_foreground = foreground;
	log_debugging = debug;
	if (!foreground)
		openlog("reportgw", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static void
vlog(int pri, const char *fmt, va_list ap, int with_errno)
{
	char	msg[2048];
	int	saved = errno;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (with_errno) {
		size_t n = strlen(msg);

		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(saved));
	}
	if (log_foreground) {
		fprintf(stderr, "reportgw: %s\n", msg);
		fflush(stderr);
	} else
		syslog(pri, "%s", msg);
	errno = saved;
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, 1);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, 0);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap, 0);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_debugging)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap, 0);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, 1);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, 0);
	va_end(ap);
	exit(1);
}

static time_t
mono_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return time(NULL);
	return ts.tv_sec + 1;	/* never 0, which means "no window" */
}

static void
log_summary(const struct limited *l)
{
	char	label[CAUSE_MAX * 4 + 8];

	log_clean(l->cause, strlen(l->cause), label, sizeof(label));
	log_warnx("%lu more like this in the last minute: %s", l->dropped,
	    label);
}

/* Closes the windows that are over; limited_mu held. */
static void
flush_locked(time_t now)
{
	int i;

	for (i = 0; i < nlimited; i++) {
		struct limited *l = &limited[i];

		if (l->start == 0 || now - l->start < LOG_LIMIT_WINDOW)
			continue;
		if (l->dropped > 0)
			log_summary(l);
		l->start = 0;
		l->lines = l->dropped = 0;
	}
}

void
log_limited_flush(int all)
{
	pthread_mutex_lock(&limited_mu);
	flush_locked(all ? mono_now() + LOG_LIMIT_WINDOW : mono_now());
	pthread_mutex_unlock(&limited_mu);
}

void
log_warnx_limited(const char *cause, const char *fmt, ...)
{
	struct limited	*l = NULL;
	time_t		 now = mono_now();
	va_list		 ap;
	int		 i, emit;

	pthread_mutex_lock(&limited_mu);
	flush_locked(now);
	for (i = 0; i < nlimited && l == NULL; i++)
		if (strncmp(limited[i].cause, cause, CAUSE_MAX - 1) == 0)
			l = &limited[i];
	if (l == NULL && nlimited < LOG_LIMIT_CAUSES) {
		l = &limited[nlimited++];
		/* the last slot is shared by every further cause */
		snprintf(l->cause, sizeof(l->cause), "%s",
		    nlimited < LOG_LIMIT_CAUSES ? cause : "other causes");
	} else if (l == NULL)
		l = &limited[LOG_LIMIT_CAUSES - 1];
	if (l->start == 0)
		l->start = now;
	if ((emit = l->lines < LOG_LIMIT_BURST))
		l->lines++;
	else
		l->dropped++;
	if (emit) {
		va_start(ap, fmt);
		vlog(LOG_WARNING, fmt, ap, 0);
		va_end(ap);
	}
	pthread_mutex_unlock(&limited_mu);
}

/*
 * The escapes of termsafe.h (C0, DEL, C1, invalid UTF-8), whole
 * characters only, so a cut line is still UTF-8.  Trailing CR and LF are
 * dropped (libmicrohttpd ends its messages with one), so a line never
 * ends in a visible "\x0a".
 */
const char *
log_clean(const char *in, size_t len, char *out, size_t outsz)
{
	char		 esc[TS_ESCAPE_MAX];
	const char	*e, *piece;
	size_t		 i, n = 0, clen, plen;

	if (outsz == 0)
		return "";
	while (len > 0 && (in[len - 1] == '\n' || in[len - 1] == '\r'))
		len--;
	for (i = 0; i < len && i < LOG_CLEAN_MAX; i += clen) {
		e = termsafe_next(in + i, len - i, 0, esc, &clen);
		piece = e != NULL ? e : in + i;
		plen = e != NULL ? strlen(e) : clen;
		if (n + plen + 4 >= outsz)	/* room for "..." and the NUL */
			break;
		memcpy(out + n, piece, plen);
		n += plen;
	}
	if (i < len && n + 4 <= outsz) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}
