/*
 * Time conversions.  The zone is set once through TZ, so localtime_r()
 * answers in the configured zone everywhere in the process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timeutil.h"

int
time_set_zone(const char *zone)
{
	if (setenv("TZ", zone, 1) == -1)
		return -1;
	tzset();
	return 0;
}

/* Reads exactly n digits. */
static int
num(const char **s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if ((*s)[i] < '0' || (*s)[i] > '9')
			return -1;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += n;
	*out = v;
	return 0;
}

int
time_parse_iso(const char *s, time_t *out)
{
	int		 y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 0;
	struct tm	 tm;
	long		 days;

	if (num(&s, 4, &y) || *s++ != '-' || num(&s, 2, &mo) ||
	    *s++ != '-' || num(&s, 2, &d) || (*s != 'T' && *s != ' '))
		return -1;
	s++;
	if (num(&s, 2, &h) || *s++ != ':' || num(&s, 2, &mi))
		return -1;
	if (*s == ':') {
		s++;
		if (num(&s, 2, &sec))
			return -1;
		if (*s == '.')
			for (s++; *s >= '0' && *s <= '9'; s++)
				;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return -1;
	if (*s == 'Z' && s[1] == '\0')
		sign = 1;
	else if ((*s == '+' || *s == '-') && s[1] != '\0') {
		sign = *s == '+' ? 1 : -1;
		s++;
		if (num(&s, 2, &oh))
			return -1;
		if (*s == ':')
			s++;
		if (*s != '\0' && num(&s, 2, &om))
			return -1;
		if (*s != '\0' || oh > 14 || om > 59)
			return -1;
	} else if (*s != '\0')
		return -1;
	if (sign == 0) {	/* local time in the configured zone */
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = sec;
		tm.tm_isdst = -1;
		*out = mktime(&tm);
		return *out == (time_t)-1 ? -1 : 0;
	}
	days = days_from_civil(y, mo, d);
	*out = (time_t)days * 86400 + h * 3600 + mi * 60 + sec -
	    sign * (oh * 3600 + om * 60);
	return 0;
}

time_t
time_midnight(int y, int m, int d)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

time_t
time_day_start(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return time_midnight(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

time_t
time_days_start(long days)
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	return time_midnight(y, m, d);
}

void
time_local(time_t t, struct local_time *out)
{
	struct tm tm;

	localtime_r(&t, &tm);
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
	out->hour = tm.tm_hour;
	out->minute = tm.tm_min;
}

void
time_format_iso(time_t t, char out[32])
{
	struct tm	tm;
	long		off;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff / 60;
	if (snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+', labs(off) / 60 % 100,
	    labs(off) % 60) >= 32)
		out[0] = '\0';
}
