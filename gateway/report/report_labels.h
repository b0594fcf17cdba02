/*
 * The labels (labels.conf) the periodic reports cannot do without: their
 * sheets, columns, charts and e-mail (gateway/report/, gateway/chart/).
 * One list, kept beside the code that uses it; the config loader
 * (gateway/conf/conf.c) includes this header, as it does the digest's
 * EMAIL_LABELS, to refuse a config that lacks one.
 */
#ifndef REPORTGW_REPORT_LABELS_H
#define REPORTGW_REPORT_LABELS_H

#define REPORT_LABELS(X)						\
	X(report_title) X(report_subject) X(report_intro)		\
	X(report_footer) X(report_area_all) X(report_period_week)	\
	X(report_period_month) X(report_period_quarter)			\
	X(report_period_year)						\
	X(sheet_summary) X(sheet_incidents) X(sheet_coverage)		\
	X(sheet_completeness) X(sheet_reporters) X(sheet_charts)	\
	X(sheet_figures) X(sheet_weeks) X(rcol_messages)	\
	X(rcol_area) X(rcol_commune) X(rcol_village) X(rcol_code)	\
	X(rcol_title) X(rcol_sex) X(rcol_outcome) X(rcol_age_0_4)	\
	X(rcol_age_5_9) X(rcol_age_10_14) X(rcol_age_15_17)		\
	X(rcol_age_unknown) X(rcol_children) X(rcol_reports)		\
	X(rcol_alerts) X(rcol_period) X(rcol_numerator)			\
	X(rcol_denominator) X(rcol_ratio) X(rcol_target)		\
	X(rcol_met) X(rcol_villages) X(rcol_weeks) X(rcol_weeks_done)	\
	X(rcol_completeness) X(rcol_reporter) X(rcol_phone)		\
	X(rcol_last_report) X(rcol_state) X(rcol_active)		\
	X(rcol_silent) X(rcol_previous) X(rcol_change)			\
	X(rcol_week) X(rcol_month) X(rcol_figure) X(rcol_value)		\
	X(total) X(yes) X(no) X(outcome_none) X(reporter_active)	\
	X(reporter_silent) X(no_target) X(chart_incidents)		\
	X(chart_alerts) X(chart_coverage) X(chart_target)		\
	X(chart_alt_incidents) X(chart_alt_alerts)			\
	X(chart_alt_coverage) X(sheet_cases) X(rcol_cases_opened)	\
	X(rcol_cases_acked) X(rcol_ack_hours) X(rcol_cases_closed)	\
	X(rcol_close_days) X(rcol_cases_open) X(rcol_cases_overdue)

#endif
