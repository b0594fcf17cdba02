/*
 * Provider drivers: each turns one SMS provider's API into
 *   poll(cursor) -> messages + next cursor + whether more wait, and
 *   send(to, text, idempotency key) -> ok | temporary | permanent | auth |
 *   rate-limited.
 * Drivers parse untrusted JSON strictly: a body that is not what the
 * provider documents is a temporary error and nothing of it is stored.
 * One file per driver in gateway/providers/.
 */
#ifndef REPORTGW_PROVIDER_H
#define REPORTGW_PROVIDER_H

#include <stddef.h>
#include <time.h>

#include "conf.h"
#include "http_client.h"

#define PROV_CURSOR_MAX	1024	/* bytes of a cursor */
#define PROV_TEXT_MAX	1600	/* longer texts are cut (10 SMS) */

enum prov_status {
	PROV_OK,
	PROV_TEMPORARY,		/* try again after a back-off */
	PROV_PERMANENT,		/* this request will never work */
	PROV_AUTH,		/* credentials refused */
	PROV_RATE_LIMITED	/* slow down; retry_after may say how much */
};

struct prov_msg {
	char	*id;
	char	*from;
	char	*to;
	char	*text;
	size_t	 textlen;
	time_t	 at;
};

struct prov_batch {
	struct prov_msg	*v;
	size_t		 n, cap;
	char		 cursor[PROV_CURSOR_MAX];	/* after this batch */
	int		 more;		/* poll again at once */
};

struct prov_result {
	enum prov_status status;
	long		 retry_after;	/* seconds, or -1 */
	char		 detail[256];	/* for logs: never secrets or bodies */
	char		 msg_id[128];	/* provider's id of a sent message */
};

struct provider;

struct provider_ops {
	const char	*name;
	int		 destructive;	/* messages are handed out once */
	/* NULL for push-only providers (Kannel) */
	void		(*poll)(struct provider *, const char *cursor,
			    struct prov_batch *, struct prov_result *);
	void		(*send)(struct provider *, const char *to,
			    const char *text, const char *key,
			    struct prov_result *);
};

struct provider {
	const struct provider_ops	*ops;
	const struct conf_provider	*conf;
	struct http_client		*http;
	time_t				 now;	/* for tests; 0: time() */
};

/* A driver for the config's provider.type, or NULL (error logged). */
struct provider	*provider_new(const struct conf_provider *);
void		 provider_free(struct provider *);

void	provider_poll(struct provider *, const char *cursor,
	    struct prov_batch *, struct prov_result *);
void	provider_send(struct provider *, const char *to, const char *text,
	    const char *key, struct prov_result *);

void	prov_batch_free(struct prov_batch *);
/* Adds a message (copies everything; text cut at PROV_TEXT_MAX). */
void	prov_batch_add(struct prov_batch *, const char *id, const char *from,
	    const char *to, const char *text, size_t textlen, time_t at);

/* ---- helpers shared by the drivers ---- */

/* Sorts an HTTP outcome into a result; returns 1 when it was a 2xx. */
int	prov_classify(const struct http_response *, int request_ok,
	    struct prov_result *, const char *what);
/* Sets a result. */
void	prov_fail(struct prov_result *, enum prov_status, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * GETs url and decodes the JSON answer.  Returns the document (the caller
 * json_decref()s it), or NULL with r filled when no usable answer came:
 * the transfer failed, the status was not 2xx, or the body is not JSON.
 */
struct json_t;
struct json_t *prov_get_json(struct provider *, const char *url,
	    const char *const *headers, const char *userpwd,
	    struct prov_result *r, const char *what);
/* Decodes a JSON text (NULL when it is not JSON). */
struct json_t *prov_json_decode(const char *buf, size_t len, size_t flags);
/* The value at a dotted path ("data.items"; "" is the root), or NULL. */
struct json_t *prov_json_at(struct json_t *root, const char *path);
/* A scalar as text: strings as they are, integers in decimal; -1 if not. */
int	prov_json_text(struct json_t *, char *out, size_t size);
/* A time given as iso8601 | epoch | epoch_ms text; -1 when it is not. */
time_t	prov_time_text(const char *format, const char *text);
/* The same from a JSON value; the current time when it is not one. */
time_t	prov_json_time(const char *format, struct json_t *);
/* Joins base and path without doubling the slash. */
char	*prov_url(const char *base, const char *path);

extern const struct provider_ops prov_africastalking;
extern const struct provider_ops prov_twilio;
extern const struct provider_ops prov_infobip;
extern const struct provider_ops prov_generic;
extern const struct provider_ops prov_kannel;

#endif
