/*
 * The labels (labels.conf) that the e-mails cannot do without: the digest
 * (render.c, words.c, csv.c) and the alert and cancel e-mails (mail/
 * mailq.c).  One list, kept beside the code that uses it; the config
 * loader (gateway/conf/conf.c) includes this header to refuse a config
 * that lacks one, so a new label used here is checked by adding one line.
 * Other labels fall back to their key's default.
 */
#ifndef REPORTGW_DIGEST_LABELS_H
#define REPORTGW_DIGEST_LABELS_H

#define EMAIL_LABELS(X)							\
	X(digest_subject) X(digest_title) X(digest_headline)		\
	X(digest_empty) X(digest_unknown_flag) X(digest_footer)		\
	X(section_urgent) X(section_incidents) X(section_coverage)	\
	X(section_latest) X(section_completeness) X(section_silent)	\
	X(section_corrections) X(section_quality) X(section_health)	\
	X(col_ref) X(col_time) X(col_commune) X(col_village)		\
	X(col_code) X(col_child) X(col_details) X(col_note)		\
	X(col_reporter) X(col_figures) X(col_period) X(col_target)	\
	X(col_status) X(sex_M) X(sex_F) X(sex_U) X(years) X(months)	\
	X(children) X(none) X(reported) X(status_cancelled)		\
	X(status_superseded) X(rejected_by) X(unknown_senders)		\
	X(last_poll) X(outbox_failed) X(outbox_unknown)			\
	X(pending_reporters) X(alert_subject) X(alert_intro)		\
	X(cancel_subject) X(cancel_intro)					\
	X(review_line) X(review_maybe) X(review_text)			\
	X(implausible_title) X(section_people) X(people_silent)		\
	X(people_silent_last) X(people_silent_none) X(people_more)	\
	X(people_rejected) X(people_rejected_line)				\
	X(review_subject) X(review_intro) X(col_reason) X(col_text)	\
	X(text_purged) X(escalation_subject)				\
	X(escalation_intro) X(section_cases) X(case_line) X(case_overdue)	\
	X(case_escalated) X(case_days) X(case_hours) X(case_open)		\
	X(case_acknowledged) X(case_referred)

#endif
