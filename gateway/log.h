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

/* Copies untrusted bytes into out, escaping control bytes, capped. */
const char *log_clean(const char *in, size_t len, char *out, size_t outsz);

#endif
