/*
 * Logging in the OpenBSD style: to stderr in the foreground, to syslog
 * (and so the journal) as a daemon.  log_warn() appends strerror(errno).
 * errno is preserved.  Untrusted text (SMS, provider bodies) must go
 * through log_clean() first: it escapes control bytes and caps the length.
 */
#ifndef REPORTGW_LOG_H
#define REPORTGW_LOG_H

#include <stddef.h>

#define LOG_CLEAN_MAX	120	/* bytes of untrusted text in one log line */

void	log_init(int foreground, int debug);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/*
 * Rate-limited warnings for what strangers can trigger at will (malformed
 * HTTP requests): at most LOG_LIMIT_BURST lines per cause a minute, then
 * one "N more like this in the last minute" line once the minute is over
 * (written by the next limited call, or by log_limited_flush()).  cause is
 * compared as a string; past LOG_LIMIT_CAUSES distinct causes the rest
 * share one slot.  Thread-safe.
 */
#define LOG_LIMIT_BURST		5
#define LOG_LIMIT_WINDOW	60	/* seconds */
#define LOG_LIMIT_CAUSES	32
void	log_warnx_limited(const char *cause, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	log_limited_flush(int all);	/* all: even windows not over */

/* Copies untrusted bytes into out, escaping control bytes, capped. */
const char *log_clean(const char *in, size_t len, char *out, size_t outsz);

#endif
