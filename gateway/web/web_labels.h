/*
 * The labels (labels.conf) of the staff web console (gateway/web/).  One
 * list, kept beside the code that uses it; the config loader (gateway/
 * conf/conf.c) refuses a config that lacks one, as with EMAIL_LABELS.
 */
#ifndef REPORTGW_WEB_LABELS_H
#define REPORTGW_WEB_LABELS_H

#define WEB_LABELS(X)							\
	X(web_title) X(web_login_title) X(web_user) X(web_password)	\
	X(web_login_button) X(web_login_failed) X(web_login_locked)	\
	X(web_logout) X(web_signed_in_as) X(web_nav_home)		\
	X(web_nav_cases) X(web_forbidden) X(web_not_found)		\
	X(web_csrf) X(web_error) X(web_too_large) X(web_role_admin)	\
	X(web_role_officer) X(web_role_viewer) X(web_home_urgent)	\
	X(web_home_cases) X(web_home_silent) X(web_home_grid)		\
	X(web_none) X(web_cases_title) X(web_cases_all)			\
	X(web_cases_open_only) X(web_case_title) X(web_case_timeline)	\
	X(web_case_reporter) X(web_case_owner) X(web_case_level)	\
	X(web_case_report) X(web_case_text) X(web_action_ack)		\
	X(web_action_refer) X(web_action_close) X(web_action_reopen)	\
	X(web_action_note) X(web_action_target) X(web_action_done)	\
	X(web_action_refused) X(web_state_open)				\
	X(web_state_acknowledged) X(web_state_referred)			\
	X(web_state_closed) X(web_col_action) X(web_col_actor)		\
	X(web_more) X(web_reported) X(web_silent_line)			\
	X(web_event_open) X(web_event_ack) X(web_event_refer)		\
	X(web_event_close) X(web_event_reopen) X(web_event_cancel)	\
	X(web_event_correct) X(web_event_escalate) X(web_event_overdue)	\
	X(web_nav_messages) X(web_messages_title) X(web_messages_intro)	\
	X(web_messages_unknown_admins) X(web_msg_rejected)		\
	X(web_msg_unauthorised) X(web_msg_pending) X(web_msg_review)	\
	X(web_msg_no_commune) X(web_nav_reporters) X(web_reporters_title)	\
	X(web_reporters_intro) X(web_reporters_admin) X(web_rep_all)	\
	X(web_rep_pending) X(web_rep_active) X(web_rep_blocked)		\
	X(web_rep_removed) X(web_rep_in_config) X(web_rep_activity)	\
	X(web_rep_silent) X(web_rep_approve) X(web_rep_block)		\
	X(web_rep_unblock) X(web_rep_move) X(web_rep_move_to)		\
	X(web_rep_done) X(web_rep_moved) X(web_rep_already)		\
	X(web_rep_config) X(web_rep_refused) X(web_rep_welcome)		\
	X(web_nav_reports) X(web_reports_title) X(web_reports_from)	\
	X(web_reports_to) X(web_reports_any) X(web_reports_filter)	\
	X(web_reports_csv) X(web_reports_range) X(web_reports_too_many)	\
	X(web_report_active) X(web_report_review)			\
	X(web_report_cancelled) X(web_report_superseded)		\
	X(web_nav_trends) X(web_trends_title) X(web_trends_year)	\
	X(web_trends_quarter) X(web_trends_codes) X(web_trends_communes)	\
	X(web_trends_alt_codes) X(web_trends_alt_communes)		\
	X(web_trends_other)

#endif
