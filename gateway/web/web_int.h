/*
 * What the files of the web console share (gateway/web/): the request,
 * the page shell, the answers.  One file per page family: login.c,
 * home.c, cases.c, messages.c, reporters.c, reports.c, trends.c; web.c
 * routes and keeps the sessions.
 */
#ifndef REPORTGW_WEB_INT_H
#define REPORTGW_WEB_INT_H

#include <stdint.h>
#include <time.h>

#include <microhttpd.h>

#include "conf.h"
#include "form.h"
#include "html.h"
#include "store.h"

#define WEB_ADDR_MAX	64	/* bytes of a numeric address */
#define SESSION_COOKIE	"rgw_session"
#define LOGIN_COOKIE	"rgw_login"

struct web_req {
	struct httpd			*h;
	struct MHD_Connection		*c;
	const struct conf		*conf;
	struct store			*s;
	const char			*url;
	int				 post;
	time_t				 now;
	char				 addr[WEB_ADDR_MAX];
	struct form			 query;
	struct form			 body;
	/* once logged in: */
	const struct conf_web_user	*user;
	char				 sid[STORE_TOKEN_MAX];	/* hash */
	struct web_session		 session;
	/* the answer */
	struct html			 out;
	char				*cookie[2];	/* Set-Cookie values */
};

/* The label name (labels.conf). */
#define L(rq, name)	conf_label((rq)->conf, (name))

/* ---- web.c ---- */
/* The page's head and navigation (title: a label's text), and its end. */
void		 web_begin(struct web_req *, const char *title);
void		 web_end(struct web_req *);
/* Sends out as the page with that status (security headers, no-store). */
enum MHD_Result	 web_send(struct web_req *, unsigned int status);
/* A page holding one message (a label's name), with that status. */
enum MHD_Result	 web_message(struct web_req *, unsigned int status,
		    const char *label);
/* A download (name: its file name, ASCII): data is handed over. */
enum MHD_Result	 web_send_file(struct web_req *, const char *type,
		    const char *name, char *data, size_t len);
/* 303 See Other to a local path. */
enum MHD_Result	 web_redirect(struct web_req *, const char *path);
/* The hidden csrf field of the session's forms. */
void		 web_csrf_field(struct web_req *);
/* Records a staff action, in its own transaction. */
int		 web_audit(struct web_req *, const char *action,
		    const char *object, const char *detail);
/* A Set-Cookie for the answer (at most two). */
void		 web_cookie(struct web_req *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* 64 hex characters of fresh randomness, and the hash of a token. */
void		 web_token(char out[STORE_TOKEN_MAX]);
void		 web_token_hash(const char *token, char out[STORE_TOKEN_MAX]);
/* Whether the user may see (or act on) this commune. */
int		 web_sees(const struct web_req *, const char *commune);
/* The state's label name (web_state_open, ...). */
const char	*web_state_label(const char *status);
/* "2026-11-28 09:00" local. */
void		 web_time(time_t, char out[32]);
/* The user's scope for the store's web views; *json is the array it
 * points to (free it). */
void		 web_scope(const struct web_req *, struct web_scope *,
		    char **json);
/* A code's title, a village's or commune's name (else the code). */
const char	*web_code_title(const struct conf *, const char *code);
const char	*web_village_name(const struct conf *, const char *code);
const char	*web_commune_name(const struct conf *, const char *code);
/* The page's cursor (?at=TIME&id=ID, from the last row of the page
 * before); the first page when absent.  0, or -1 when malformed. */
int		 web_cursor(const struct web_req *, time_t *at, int64_t *id);
/* "YYYY-MM-DD" as the start of that local day: 0, or -1. */
int		 web_day(const char *, time_t *);

/* ---- login.c ---- */
enum MHD_Result	 web_login(struct web_req *);
enum MHD_Result	 web_logout(struct web_req *);

/* ---- home.c ---- */
enum MHD_Result	 web_home(struct web_req *);

/* ---- cases.c ---- */
enum MHD_Result	 web_cases(struct web_req *);
/* The table of the open cases (all: and closed, of the last 90 days)
 * the user sees. */
int		 web_cases_table(struct web_req *, int all);
enum MHD_Result	 web_case(struct web_req *, const char *ref);

/* ---- svg.c ---- */
/* A chart's SVG fit for a page: presentation attributes for style
 * attributes (the CSP ignores those), ids prefixed.  Allocated; NULL. */
char		*web_svg_inline(const char *svg, const char *prefix);

/* ---- messages.c, reporters.c, reports.c, trends.c ---- */
enum MHD_Result	 web_messages(struct web_req *);
enum MHD_Result	 web_reporters(struct web_req *);
enum MHD_Result	 web_reports(struct web_req *);
enum MHD_Result	 web_trends(struct web_req *);

#endif
