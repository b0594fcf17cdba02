/*
 * The configuration: one libconfig file (with @include), validated against
 * one table of keys (gateway/conf/keys.c) and copied into a struct conf that owns
 * every string.  Loading runs before logging, so errors come back as text:
 * every problem found, one per line, as "file:line: message".
 */
#ifndef REPORTGW_CONF_H
#define REPORTGW_CONF_H

#include <stddef.h>

#include "codebook.h"

#define CONF_DEFAULT_PATH	"/etc/reportgw/reportgw.conf"
#define CONF_SECRET_MAX		4096	/* bytes of a secret file */

enum conf_registration {
	REG_OPEN,
	REG_APPROVAL,
	REG_CLOSED
};

enum conf_tls {
	TLS_REQUIRED,
	TLS_TRY,
	TLS_OFF
};

struct conf_strings {
	char	**v;
	size_t	  n;
};

struct conf_village {
	char	*code;
	char	*name;
	char	*commune;	/* code of its commune */
	char	*group;		/* optional grouping, or NULL */
	int	 line;
};

struct conf_commune {
	char	*code;
	char	*name;
	char	*group;
	int	 line;
};

struct conf_reporter {
	char	*phone;		/* E.164 */
	char	*name;
	char	*village;	/* village code, or NULL for commune scope */
	char	*commune;	/* commune code */
	char	*file;		/* the file that lists it (an include) */
	int	 line;
};

/* Who follows up cases: level 1 covers its communes, level 2 is above. */
struct conf_officer {
	char			*phone;		/* E.164 */
	char			*name;
	char			*email;		/* or NULL */
	int			 level;		/* 1 or 2 */
	struct conf_strings	 communes;	/* codes, or "*" */
	int			 line;
};

/* A staff account of the web console (web.users). */
enum conf_web_role {
	WEB_ADMIN,		/* everything, and manages reporters */
	WEB_OFFICER,		/* acts on its communes' cases */
	WEB_VIEWER		/* reads its communes */
};

struct conf_web_user {
	char			*name;
	char			*password_hash;	/* argon2id, crypto_pwhash_str */
	enum conf_web_role	 role;
	struct conf_strings	 communes;	/* codes, or "*" */
	int			 line;
};

/* The staff web console (gateway/web/), on the http server. */
struct conf_web {
	int			 configured;
	struct conf_web_user	*users;
	size_t			 nusers;
	int			 session_idle;	/* seconds */
	int			 session_max;	/* seconds */
	int			 login_failures;	/* before the lockout */
	int			 lockout;	/* seconds */
	char			*tls_cert;	/* PEM text of tls_cert_file, */
	char			*tls_key;	/* tls_key_file, or NULL */
	struct conf_strings	 trusted_proxies;	/* addresses */
	int			 secure_cookie;	/* Secure: TLS here or at a proxy */
};

struct conf_digest_group {
	char			*name;
	struct conf_strings	 communes;	/* codes, or "*" */
	struct conf_strings	 to;
};

/* Field paths of the generic JSON provider driver. */
struct conf_generic {
	char	*list_url;
	char	*messages;	/* JSON path of the array */
	char	*id, *from, *to, *text, *time;
	char	*time_format;	/* iso8601 | epoch | epoch_ms */
	char	*cursor_param;
	char	*cursor_field;
	char	*order;		/* asc | desc */
	char	*auth;		/* header | basic | none */
	char	*auth_header;
	char	*send_url;
	char	*send_body;	/* JSON template with {to} {text} {id} */
	int	 send_ok_status;
};

/* A group of name = "value" settings, in file order. */
struct conf_map {
	struct conf_strings	keys;
	struct conf_strings	values;
};

/* DHIS2 (gateway/report/dhis2.c): where and how the figures go. */
struct conf_dhis2 {
	int			 configured;
	char			*url;		/* the instance's base URL */
	char			*token;		/* personal access token */
	char			*data_set;
	int			 id_code;	/* id_scheme "code" (else uid) */
	int			 timeout;
	struct conf_map		 org_units;	/* commune/village -> id */
	struct conf_map		 data_elements;	/* BL, MN_attending -> id */
	struct conf_map		 combos;	/* F_0_4, default -> id */
	int			 push_monthly;
	int			 push_day, push_hour, push_minute;
};

/* Periodic reports by e-mail (gateway/schedule_reports.c). */
struct conf_reports {
	int			 monthly, quarterly, yearly;
	int			 day, hour, minute;
	int			 groups;	/* one per digest group too */
	struct conf_strings	 to;		/* the whole area */
};

struct conf_provider {
	char			*type;
	char			*url;
	char			*username;
	char			*api_key;	/* the secret itself */
	char			*sender;
	int			 poll_interval;	/* seconds */
	int			 timeout;	/* seconds, per request */
	int			 batch;		/* messages per request */
	int			 max_in_flight;	/* send requests at once */
	int			 max_per_second; /* SMS sent; 0: no limit */
	struct conf_generic	 generic;
	int			 configured;
};

struct conf {
	char			*path;
	char			*warnings;	/* "file:line: warning: ..." */
	char			*database;
	char			*user;		/* drop to it when root, or NULL */
	char			*timezone;
	char			*country_code;	/* "84" */
	enum conf_registration	 registration;
	struct conf_provider	 provider;
	struct {
		char	*listen;
		char	*token;
		int	 threads;
		int	 max_connections;
		int	 per_ip_limit;
		int	 timeout;
		struct {
			char	*id, *from, *to, *text, *time;
			char	*time_format;
		} webhook;
		int	 configured;
	} http;
	char			*ussd_code;	/* "*384*77#", or NULL */
	char			*card_number;	/* or provider.sender, or NULL */
	struct {
		char		*url;
		char		*from;
		char		*username;
		char		*password;
		enum conf_tls	 tls;
		char		*ca_file;	/* extra CA bundle, or NULL */
		int		 timeout;
		int		 configured;
	} smtp;
	struct {
		char				*time;	/* "HH:MM" */
		int				 hour, minute;
		struct conf_digest_group	*groups;
		size_t				 ngroups;
	} digest;
	struct {
		struct conf_strings	to;
		struct conf_strings	sms;
	} alerts;
	struct {
		int	replies_per_hour;
		int	identical_per_hour;
		int	unknown_per_day;
	} limits;
	struct conf_commune	*communes;
	size_t			 ncommunes;
	struct conf_village	*villages;
	size_t			 nvillages;
	struct conf_reporter	*reporters;
	size_t			 nreporters;
	struct conf_officer	*officers;
	size_t			 nofficers;
	struct {
		int	enabled;
		int	ack_within;	/* seconds to acknowledge a case */
		int	close_within;	/* seconds to close it */
	} cases;
	struct {
		int			weekly, weekly_day, weekly_hour;
		int			weekly_minute;
		int			monthly, monthly_day, monthly_hour;
		int			monthly_minute;
		struct conf_strings	monthly_codes;
		int			village_summary;
		int			village_summary_hour;
		int			village_summary_minute;
	} reminders;
	struct conf_web		 web;
	struct conf_reports	 reports;
	struct conf_dhis2	 dhis2;
	struct conf_strings	 label_names;	/* e-mail texts */
	struct conf_strings	 label_values;
	struct codebook		*codebook;
};

/*
 * Loads and validates a config file.  On success returns 0 and sets *out
 * (free with conf_free).  On failure returns -1 and sets *errstr to an
 * allocated text with one "file:line: message" per problem (free it).
 */
int	conf_load_file(const char *path, struct conf **out, char **errstr);

/*
 * The same from text; `name` stands for the file in messages and relative
 * @include paths resolve against include_dir (may be NULL).  Secret-file
 * permission checks still apply to *_file keys.
 */
int	conf_load_string(const char *text, const char *name,
	    const char *include_dir, struct conf **out, char **errstr);

void	conf_free(struct conf *);

/* The built-in default configuration (sample config and code book). */
extern const char *const conf_embedded_default;

/* The e-mail label with that name (labels.conf), or the name itself. */
const char *conf_label(const struct conf *, const char *name);

/* The value of name in a map, or NULL. */
const char *conf_map_get(const struct conf_map *, const char *name);

/* Looks up a village or commune by code (NULL when unknown). */
const struct conf_village *conf_village(const struct conf *, const char *);
const struct conf_commune *conf_commune(const struct conf *, const char *);

/* The web user with that name, or NULL. */
const struct conf_web_user *conf_web_user(const struct conf *,
	    const char *name);
/* Whether a web user may see this commune ("*" holds all). */
int	conf_web_covers(const struct conf_web_user *, const char *commune);
extern const char *const conf_web_role_names[];	/* in enum order */

/* The officer with that phone (E.164), or NULL. */
const struct conf_officer *conf_officer(const struct conf *,
	    const char *phone);
/* Whether an officer's communes hold this commune ("*" holds all). */
int	conf_officer_covers(const struct conf_officer *, const char *commune);

#endif
