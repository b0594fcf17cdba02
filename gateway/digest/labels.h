/*
 * The labels (labels.conf) that the e-mails cannot do without: the digest
 * (render.c, sections.c, cases.c, trend.c, words.c, csv.c) and the alert
 * and cancel e-mails (mail/mailq.c).  One list, kept beside the code that uses it; the config
 * loader (gateway/conf/conf.c) includes this header to refuse a config
 * that lacks one, so a new label used here is checked by adding one line.
 * Other labels fall back to their key's default.
 */
#ifndef REPORTGW_DIGEST_LABELS_H
#define REPORTGW_DIGEST_LABELS_H

#define EMAIL_LABELS(X)							\
	X(digest_subject) X(digest_title) X(digest_headline)		\
	X(digest_empty) X(digest_unknown_flag) X(digest_footer)		\
	X(digest_csv_note) X(more_in_csv)				\
	X(section_urgent) X(section_cases) X(section_silent)		\
	X(section_communes) X(section_latest) X(section_quality)	\
	X(section_health) X(section_corrections) X(section_people)	\
	X(completeness_line) X(commune_line) X(commune_weeks)		\
	X(chart_weeks) X(chart_weeks_total) X(chart_lines)		\
	X(chart_total) X(chart_alt_weeks)				\
	X(latest_legend) X(latest_words) X(target_min) X(target_max)	\
	X(target_met) X(target_missed)					\
	X(quality_line) X(people_line)					\
	X(csv_reports) X(csv_villages)					\
	X(col_time) X(col_commune) X(col_village) X(col_code)		\
	X(col_child) X(col_details) X(col_note) X(col_reporter)	\
	X(sex_M) X(sex_F) X(sex_U) X(years) X(months) X(children)	\
	X(last_poll) X(outbox_failed) X(outbox_unknown)			\
	X(pending_reporters) X(alert_subject) X(alert_intro)		\
	X(cancel_subject) X(cancel_intro)				\
	X(review_line) X(review_maybe) X(review_text)			\
	X(review_subject) X(review_intro) X(col_reason) X(col_text)	\
	X(text_purged) X(escalation_subject) X(escalation_intro)	\
	X(case_line) X(case_overdue) X(case_escalated) X(case_days)	\
	X(case_hours) X(case_open) X(case_acknowledged)			\
	X(case_referred) X(cases_summary) X(cases_above)

#endif
