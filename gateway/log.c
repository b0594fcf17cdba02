/*
 * Logging.  Foreground: "reportgw: message" on stderr.  Daemon: syslog
 * with the daemon facility.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "log.h"
#include "termsafe.h"

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

/*
 * The escapes of termsafe.h (C0, DEL, C1, invalid UTF-8), whole
 * characters only, so a cut line is still UTF-8.
 */
const char *
log_clean(const char *in, size_t len, char *out, size_t outsz)
{
	char		 esc[TS_ESCAPE_MAX];
	const char	*e, *piece;
	size_t		 i, n = 0, clen, plen;

	if (outsz == 0)
		return "";
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
