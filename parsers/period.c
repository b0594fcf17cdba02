/*
 * Civil-date arithmetic (the days-from-civil algorithm, valid for the
 * proleptic Gregorian calendar) and reporting periods built on it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "period.h"

long
days_from_civil(int y, int m, int d)
{
	long	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
civil_from_days(long z, int *year, int *month, int *day)
{
	long	era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(y + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

int
iso_weekday(long days)
{
	/* 1970-01-01 was a Thursday (4) */
	long wd = (days + 3) % 7;

	if (wd < 0)
		wd += 7;
	return (int)wd + 1;
}

void
iso_week(long days, int *year, int *week)
{
	long	thursday = days - iso_weekday(days) + 4;
	int	y, m, d;

	civil_from_days(thursday, &y, &m, &d);
	*year = y;
	*week = (int)((thursday - days_from_civil(y, 1, 1)) / 7) + 1;
}

int
iso_weeks_in_year(int year)
{
	int y, w;

	iso_week(days_from_civil(year, 12, 28), &y, &w);
	return w;
}

long
period_start(const struct period *p)
{
	long jan4;

	switch (p->unit) {
	case CB_PERIOD_WEEK:
		jan4 = days_from_civil(p->year, 1, 4);
		return jan4 - (iso_weekday(jan4) - 1) + 7L * (p->num - 1);
	case CB_PERIOD_MONTH:
		return days_from_civil(p->year, p->num, 1);
	case CB_PERIOD_QUARTER:
		return days_from_civil(p->year, 3 * (p->num - 1) + 1, 1);
	case CB_PERIOD_NONE:
		break;
	}
	return 0;
}

struct period
period_of(enum cb_period unit, const struct local_time *t)
{
	struct period p = { unit, t->year, 0 };

	switch (unit) {
	case CB_PERIOD_WEEK:
		iso_week(days_from_civil(t->year, t->month, t->day),
		    &p.year, &p.num);
		break;
	case CB_PERIOD_MONTH:
		p.num = t->month;
		break;
	case CB_PERIOD_QUARTER:
		p.num = (t->month - 1) / 3 + 1;
		break;
	case CB_PERIOD_NONE:
		break;
	}
	return p;
}

struct period
period_prev(struct period p)
{
	int units = p.unit == CB_PERIOD_WEEK ? iso_weeks_in_year(p.year - 1) :
	    p.unit == CB_PERIOD_MONTH ? 12 : 4;

	if (p.unit == CB_PERIOD_NONE)
		return p;
	if (--p.num == 0) {
		p.year--;
		p.num = units;
	}
	return p;
}

/* Minutes since the epoch of a local time. */
static long
minutes(const struct local_time *t)
{
	return days_from_civil(t->year, t->month, t->day) * 1440L +
	    t->hour * 60L + t->minute;
}

struct period
period_default(enum cb_period unit, int grace_hours,
    const struct local_time *at)
{
	struct period	p = period_of(unit, at);
	long		elapsed = minutes(at) - period_start(&p) * 1440L;

	if (elapsed < grace_hours * 60L)
		p = period_prev(p);
	return p;
}

struct period
period_complete(enum cb_period unit, int num, const struct local_time *at)
{
	struct period	p = period_of(unit, at);

	p.num = num;
	if (period_start(&p) * 1440L > minutes(at))
		p.year--;
	return p;
}

int
period_valid(const struct period *p)
{
	if (p->year < 1900 || p->year > 9999 || p->num < 1)
		return 0;
	switch (p->unit) {
	case CB_PERIOD_WEEK:
		return p->num <= iso_weeks_in_year(p->year);
	case CB_PERIOD_MONTH:
		return p->num <= 12;
	case CB_PERIOD_QUARTER:
		return p->num <= 4;
	case CB_PERIOD_NONE:
		break;
	}
	return 0;
}

void
period_format(const struct period *p, char out[PERIOD_TEXT_MAX])
{
	switch (p->unit) {
	case CB_PERIOD_WEEK:
		snprintf(out, PERIOD_TEXT_MAX, "%04d-W%02d", p->year, p->num);
		break;
	case CB_PERIOD_MONTH:
		snprintf(out, PERIOD_TEXT_MAX, "%04d-%02d", p->year, p->num);
		break;
	case CB_PERIOD_QUARTER:
		snprintf(out, PERIOD_TEXT_MAX, "%04d-Q%d", p->year, p->num);
		break;
	case CB_PERIOD_NONE:
		out[0] = '\0';
		break;
	}
}

static int
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
period_parse(const char *s, struct period *p)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		;
	if (i < 7 || digits(s, 4, &p->year) == -1 || s[4] != '-')
		return -1;
	if (s[5] == 'W' && i == 8) {
		p->unit = CB_PERIOD_WEEK;
		if (digits(s + 6, 2, &p->num) == -1)
			return -1;
	} else if (s[5] == 'Q' && i == 7) {
		p->unit = CB_PERIOD_QUARTER;
		if (digits(s + 6, 1, &p->num) == -1)
			return -1;
	} else if (i == 7) {
		p->unit = CB_PERIOD_MONTH;
		if (digits(s + 5, 2, &p->num) == -1)
			return -1;
	} else
		return -1;
	return period_valid(p) ? 0 : -1;
}
