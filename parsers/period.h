/*
 * Reporting periods (ISO weeks, months, quarters) and the civil-date
 * arithmetic behind them.  Times are local wall-clock times in the
 * configured zone; the caller converts.  Pure.
 */
#ifndef REPORTGW_PERIOD_H
#define REPORTGW_PERIOD_H

#include "codebook.h"

#define PERIOD_TEXT_MAX	16	/* "2026-W48" */

/* A local wall-clock time, as the caller computed it in the zone. */
struct local_time {
	int	year, month, day;	/* month 1-12, day 1-31 */
	int	hour, minute;
};

struct period {
	enum cb_period	unit;
	int		year;		/* ISO week-numbering year for weeks */
	int		num;		/* week 1-53, month 1-12, quarter 1-4 */
};

/* Days since 1970-01-01 of a proleptic Gregorian date. */
long	days_from_civil(int year, int month, int day);
/* The inverse. */
void	civil_from_days(long days, int *year, int *month, int *day);
/* ISO weekday, Monday 1 .. Sunday 7. */
int	iso_weekday(long days);
/* The ISO week of a date. */
void	iso_week(long days, int *year, int *week);
/* Number of ISO weeks (52 or 53) in an ISO year. */
int	iso_weeks_in_year(int year);

/* The first day (days since epoch) of a period. */
long	period_start(const struct period *);
/* The period that contains the time. */
struct period period_of(enum cb_period, const struct local_time *);
/* The period before. */
struct period period_prev(struct period);
/*
 * The default period of a report received at `at`: the current one, or the
 * previous one within grace_hours of the current one's start.
 */
struct period period_default(enum cb_period, int grace_hours,
	    const struct local_time *at);
/*
 * Completes a period given without a year: this year's, or last year's
 * when this year's would start after `at`.
 */
struct period period_complete(enum cb_period, int num,
	    const struct local_time *at);
/* Whether num is a valid number for the unit in that year. */
int	period_valid(const struct period *);
/* "2026-11", "2026-Q4", "2026-W48"; "" for CB_PERIOD_NONE. */
void	period_format(const struct period *, char out[PERIOD_TEXT_MAX]);
/* Parses period_format's output.  Returns 0, or -1. */
int	period_parse(const char *, struct period *);

#endif
