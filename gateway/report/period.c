/*
 * The periods of a report: ISO weeks, months, quarters and years, as
 * civil days (days since 1970-01-01); the local midnights are the
 * caller's (timeutil.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "period.h"

static int
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
report_period_parse(const char *s, struct report_period *p)
{
	size_t	n = strlen(s);
	int	y;

	if (n < 4 || !digits(s, 4))
		return -1;
	y = (int)strtol(s, NULL, 10);
	if (y < 1970 || y > 9999)
		return -1;
	p->year = y;
	p->num = 1;
	if (n == 4) {
		p->unit = REPORT_YEAR;
		return 0;
	}
	if (n == 7 && s[4] == '-' && digits(s + 5, 2)) {
		p->unit = REPORT_MONTH;
		p->num = (int)strtol(s + 5, NULL, 10);
		return p->num >= 1 && p->num <= 12 ? 0 : -1;
	}
	if (n == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' &&
	    s[6] <= '4') {
		p->unit = REPORT_QUARTER;
		p->num = s[6] - '0';
		return 0;
	}
	if (n == 8 && s[4] == '-' && s[5] == 'W' && digits(s + 6, 2)) {
		p->unit = REPORT_WEEK;
		p->num = (int)strtol(s + 6, NULL, 10);
		return p->num >= 1 && p->num <= iso_weeks_in_year(y) ? 0 : -1;
	}
	return -1;
}

void
report_period_format(const struct report_period *p, char *out)
{
	switch (p->unit) {
	case REPORT_WEEK:
		snprintf(out, 16, "%04d-W%02d", p->year, p->num);
		break;
	case REPORT_MONTH:
		snprintf(out, 16, "%04d-%02d", p->year, p->num);
		break;
	case REPORT_QUARTER:
		snprintf(out, 16, "%04d-Q%d", p->year, p->num);
		break;
	case REPORT_YEAR:
		snprintf(out, 16, "%04d", p->year);
		break;
	}
}

long
report_period_first(const struct report_period *p)
{
	struct period w;

	switch (p->unit) {
	case REPORT_WEEK:
		w.unit = CB_PERIOD_WEEK;
		w.year = p->year;
		w.num = p->num;
		return period_start(&w);
	case REPORT_MONTH:
		return days_from_civil(p->year, p->num, 1);
	case REPORT_QUARTER:
		return days_from_civil(p->year, 3 * p->num - 2, 1);
	case REPORT_YEAR:
		break;
	}
	return days_from_civil(p->year, 1, 1);
}

long
report_period_end(const struct report_period *p)
{
	switch (p->unit) {
	case REPORT_WEEK:
		return report_period_first(p) + 7;
	case REPORT_MONTH:
		return p->num == 12 ? days_from_civil(p->year + 1, 1, 1) :
		    days_from_civil(p->year, p->num + 1, 1);
	case REPORT_QUARTER:
		return p->num == 4 ? days_from_civil(p->year + 1, 1, 1) :
		    days_from_civil(p->year, 3 * p->num + 1, 1);
	case REPORT_YEAR:
		break;
	}
	return days_from_civil(p->year + 1, 1, 1);
}

struct report_period
report_period_of(enum report_unit u, long day)
{
	struct report_period	p;
	int			y, m, d;

	civil_from_days(day, &y, &m, &d);
	p.unit = u;
	p.year = y;
	switch (u) {
	case REPORT_WEEK:
		iso_week(day, &p.year, &p.num);
		break;
	case REPORT_MONTH:
		p.num = m;
		break;
	case REPORT_QUARTER:
		p.num = (m - 1) / 3 + 1;
		break;
	case REPORT_YEAR:
		p.num = 1;
		break;
	}
	return p;
}

struct report_period
report_period_prev(struct report_period p)
{
	return report_period_of(p.unit, report_period_first(&p) - 1);
}
