/*
 * Time: parsing ISO 8601 and RFC 2822 stamps from providers and users, and
 * converting instants to local wall-clock time in the configured zone.
 */
#ifndef REPORTGW_TIMEUTIL_H
#define REPORTGW_TIMEUTIL_H

#include <time.h>

#include "period.h"

/* Sets the process's zone (TZ) once at start-up.  Returns 0 or -1. */
int	time_set_zone(const char *zone);

/*
 * Parses "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z", "+HH:MM", "+HHMM"
 * or nothing (then local time in the configured zone).  Returns 0, or -1
 * on anything else.
 */
int	time_parse_iso(const char *s, time_t *out);

/* Local midnight starting the civil day y-m-d in the configured zone. */
time_t	time_midnight(int y, int m, int d);
/* Local midnight starting the day that holds t. */
time_t	time_day_start(time_t t);
/* Local midnight starting a day counted from 1970-01-01 (civil days). */
time_t	time_days_start(long days);

/* Local wall-clock time of an instant in the configured zone. */
void	time_local(time_t t, struct local_time *out);

/* ISO 8601 with the zone's offset, e.g. "2026-11-28T09:00:00+07:00". */
void	time_format_iso(time_t t, char out[32]);

#endif
