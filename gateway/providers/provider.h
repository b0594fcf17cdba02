/*
 * Provider drivers: each turns one SMS provider's API into
 *   poll(cursor) -> messages + next cursor + whether more wait, and
 *   send(messages (to, text, idempotency key)) -> for each: ok |
 *   temporary | permanent | auth | rate-limited.
 * A poll is two steps: the driver's request() says what to GET, and its
 * decode() turns the answer into records.  A send is two steps too:
 * send_build() writes the request and send_decode() reads its answer, so
 * the caller drives the HTTP itself and keeps several requests in flight
 * (gateway/sendq.c); a driver whose API takes several messages in one
 * request (send_max) is handed as many, each answered by its own result.  decode() is pure (the fuzzers
 * feed it whole answers) and works record by record: a record that is
 * not what the provider documents (no sender, a NUL in the text, an id
 * longer than PROV_ID_MAX, ...) is kept as a rejected record with its
 * reason and its raw JSON, and its neighbours are stored as usual, so one
 * bad record never blocks or loses the batch.  Only an answer that is not
 * JSON at all, or not an inbox, is a temporary error.
 *
 * Crash safety: the answer of a destructive provider (one that hands a
 * message out once) is handed to the caller's keep() before it is
 * decoded; the daemon writes it to disk with fsync there and replays it
 * at the next start, so a crash between the provider's answer and the
 * commit loses nothing.
 *
 * Push: a driver whose provider calls us (Kannel's get-url, a webhook)
 * names the route the HTTP server answers for it, and its push() turns
 * the request, read whole by the server, into one message or a refusal.
 * push() is pure like decode(); the server stores the message and
 * answers 2xx only once it is committed.
 *
 * One file per driver in gateway/providers/; adding one is that file and
 * its line in PROVIDER_DRIVERS (drivers.h).
 */
#ifndef REPORTGW_PROVIDER_H
#define REPORTGW_PROVIDER_H

#include <stddef.h>
#include <time.h>

#include "conf.h"
#include "drivers.h"
#include "form.h"
#include "http_client.h"

#define PROV_CURSOR_MAX	1024	/* bytes of a cursor */
#define PROV_TEXT_MAX	1600	/* longer texts are cut (10 SMS) */
#define PROV_ID_MAX	255	/* bytes of a provider's message id */
#define PROV_ADDR_MAX	63	/* bytes of a sender or recipient */
#define PROV_WHY_MAX	160	/* bytes of a refused push's reason */

enum prov_status {
	PROV_OK,
	PROV_TEMPORARY,		/* try again after a back-off */
	PROV_PERMANENT,		/* this request will never work */
	PROV_AUTH,		/* credentials refused */
	PROV_RATE_LIMITED	/* slow down; retry_after may say how much */
};

struct prov_msg {
	char	*id;
	char	*from;		/* "" when a rejected record has none */
	char	*to;
	char	*text;		/* NULL for a rejected record */
	size_t	 textlen;
	time_t	 at;
	char	*reject;	/* why the record is refused, or NULL */
	char	*raw;		/* a rejected record's JSON, as received */
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
struct json_t;

/* What a poll GETs or a send POSTs: built by the driver, freed with
 * prov_request_free. */
struct prov_request {
	const char	*method;	/* "GET" (the default) or "POST" */
	char		*url;
	const char	*hdr[6];	/* NULL-terminated */
	char		 hbuf[4200];	/* room for one header with a key */
	char		*userpwd;	/* Basic auth, or NULL */
	char		*body;		/* NULL for none */
	size_t		 bodylen;
	const char	*what;		/* for messages: "fetch", "list" */
};

/* One message of a send. */
struct prov_out {
	const char	*to;
	const char	*text;
	const char	*key;	/* unique per message: the provider's
				 * message id or idempotency key, if it has
				 * one */
};

/* A request pushed to the HTTP server, read whole. */
struct prov_push_req {
	const struct form *query;	/* the decoded query string */
	const char	*body;		/* the raw body (NUL-terminated) */
	size_t		 bodylen;
	size_t		 field_max;	/* bytes of one decoded form field */
};

/* What a driver makes of a pushed request: a message, or a refusal. */
struct prov_push {
	unsigned int	 refuse;	/* 0, or the HTTP status (400) */
	char		 why[PROV_WHY_MAX];	/* the refusal's reason */
	char		 id[PROV_ID_MAX + 1];	/* kept whole, never cut */
	char		 from[PROV_ADDR_MAX + 1];
	char		*text;		/* UTF-8, allocated */
	size_t		 textlen;
	time_t		 at;		/* 0: now */
};

struct provider_ops {
	const char	*name;
	int		 destructive;	/* messages are handed out once */
	/*
	 * Fills the inbox request for cursor; returns 0, or -1 when this
	 * configuration polls nothing (push only).  NULL: push-only driver.
	 */
	int		(*request)(struct provider *, const char *cursor,
			    struct prov_request *);
	/*
	 * Turns a decoded answer into records and the next cursor (b->cursor
	 * starts as the old one).  Pure: no I/O, no clock but now.
	 */
	void		(*decode)(const struct conf_provider *,
			    const char *cursor, time_t now, struct json_t *root,
			    struct prov_batch *, struct prov_result *);
	/*
	 * Sends: send_build() writes the request carrying msgs[0..n), or
	 * returns -1 with the reason in *r when this configuration cannot
	 * send (every message then fails alike; with *r left alone, out of
	 * memory, they are tried again).  send_decode() turns the
	 * answer (transfer_ok 0: none came, h->error says why) into one
	 * result per message, res[i] for msgs[i], each set to PROV_OK with
	 * retry_after -1 and no detail before the call.  Pure: no I/O, no
	 * clock.  n is at most send_max (0: one); a request never holds a
	 * recipient twice, and with send_same_text all its messages have
	 * the same text (one text to several recipients).
	 */
	int		(*send_build)(const struct provider *,
			    const struct prov_out *msgs, size_t n,
			    struct prov_request *, struct prov_result *r);
	void		(*send_decode)(const struct conf_provider *,
			    const struct prov_out *msgs, size_t n,
			    const struct http_response *h, int transfer_ok,
			    struct prov_result *res);
	size_t		 send_max;
	int		 send_same_text;
	/*
	 * Push: the HTTP route ("/kannel") and method the server answers
	 * for this driver, the provider name its messages are stored under,
	 * and whether the answer is JSON ({"status":"stored"}) rather than
	 * an empty body.  push() fills a message or a refusal (with
	 * prov_push_refuse).  Pure.  NULL push_path: no push.
	 */
	const char	*push_path;
	const char	*push_method;
	const char	*push_source;
	int		 push_json;
	void		(*push)(const struct conf *,
			    const struct prov_push_req *, struct prov_push *);
};

struct provider {
	const struct provider_ops	*ops;
	const struct conf_provider	*conf;
	struct http_client		*http;
	time_t				 now;	/* for tests; 0: time() */
};

/* The driver of that type, or NULL.  PROVIDER_DRIVERS (drivers.h) is the
 * only list of provider types. */
const struct provider_ops *provider_find(const char *type);
/* The n-th driver's name (for key docs and checks), NULL past the end. */
const char	*provider_type_name(size_t n);
/* The driver that answers pushes on that route, or NULL. */
const struct provider_ops *provider_push_route(const char *path);
/* A driver for the config's provider.type, or NULL (error logged). */
struct provider	*provider_new(const struct conf_provider *);
void		 provider_free(struct provider *);
/* 1 when this configuration fetches messages (not push only). */
int		 provider_polls(const struct provider *);

/*
 * Fetches and decodes one batch.  For a destructive driver, keep (when
 * not NULL) gets the raw answer before it is decoded and must make it
 * durable; when it fails, nothing is decoded and the poll is a temporary
 * error (the answer is then lost only if keep could not write it, which
 * it logs).
 */
void	provider_poll(struct provider *, const char *cursor,
	    struct prov_batch *, struct prov_result *,
	    int (*keep)(const char *body, size_t len, void *), void *keep_arg);
/*
 * Decodes a raw inbox answer as the driver does after a fetch: the
 * fuzzers' entry, and the replay of kept answers.
 */
void	provider_decode(const struct provider_ops *,
	    const struct conf_provider *, const char *cursor, time_t now,
	    const char *body, size_t len, struct prov_batch *,
	    struct prov_result *);
/* Messages one request of this driver may carry (at least 1). */
size_t	provider_send_max(const struct provider *);
/*
 * The request of a send of msgs[0..n) (n at most provider_send_max(),
 * see provider_ops); -1 with *r set when none can be made.  Free it
 * with prov_request_free.
 */
int	provider_send_build(const struct provider *, const struct prov_out *,
	    size_t n, struct prov_request *, struct prov_result *r);
/* One result per message from the answer to that request. */
void	provider_send_decode(const struct provider *, const struct prov_out *,
	    size_t n, const struct http_response *, int transfer_ok,
	    struct prov_result *res);
/* Frees what a request holds and wipes its header buffer (a key). */
void	prov_request_free(struct prov_request *);
/*
 * Decodes a pushed request with the driver's push(), then checks what
 * every pushed message must be: a non-empty id and sender, a text
 * without control bytes; a time in the future is not trusted (0: now).
 * Free with prov_push_free.
 */
void	provider_push(const struct provider_ops *, const struct conf *,
	    const struct prov_push_req *, struct prov_push *);
void	prov_push_free(struct prov_push *);
/* Refuses a pushed request with an HTTP status and a one-line reason. */
void	prov_push_refuse(struct prov_push *, unsigned int status,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/*
 * A clean form field of at most max bytes ("" when absent and not
 * required); NULL when it is not, and the push refused with the reason.
 */
const char *prov_push_field(struct prov_push *, const struct form *,
	    const char *name, int required, size_t max);

void	prov_batch_free(struct prov_batch *);
/* Adds a message (copies everything; text cut at PROV_TEXT_MAX on a
 * character boundary, and made valid UTF-8). */
void	prov_batch_add(struct prov_batch *, const char *id, const char *from,
	    const char *to, const char *text, size_t textlen, time_t at);
/*
 * Adds one record of an answer after checking it: id (a string, or an
 * integer up to 2^53), from (a non-empty string of at most PROV_ADDR_MAX
 * bytes), to (optional) and text (a string without NUL).  A record that
 * fails is added as rejected, with the reason and its raw JSON; its id is
 * the provider's when usable, else "bad:" and a hash of the record.
 * Returns 0 when added as a message, -1 when added as rejected.
 */
int	prov_batch_record(struct prov_batch *, struct json_t *record,
	    struct json_t *id, struct json_t *from, struct json_t *to,
	    struct json_t *text, time_t at);
/* Adds a record as rejected (id may be NULL). */
void	prov_batch_reject(struct prov_batch *, struct json_t *record,
	    const char *id, const char *reason);

/* ---- helpers shared by the drivers ---- */

/* Sorts an HTTP outcome into a result; returns 1 when it was a 2xx. */
int	prov_classify(const struct http_response *, int request_ok,
	    struct prov_result *, const char *what);
/* The same for the n results of a send: all alike unless it was a 2xx. */
int	prov_classify_all(const struct http_response *, int request_ok,
	    struct prov_result *res, size_t n, const char *what);
/* Copies r into res[0..n). */
void	prov_results_set(struct prov_result *res, size_t n,
	    const struct prov_result *r);
/* The index of the message whose recipient is number ('+' or not), or -1. */
long	prov_out_find_to(const struct prov_out *, size_t n,
	    const char *number);
/* Sets a result. */
void	prov_fail(struct prov_result *, enum prov_status, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Decodes a JSON text (NULL when it is not JSON). */
struct json_t *prov_json_decode(const char *buf, size_t len, size_t flags);
/* The value at a dotted path ("data.items"; "" is the root), or NULL. */
struct json_t *prov_json_at(struct json_t *root, const char *path);
/* A scalar as text: strings as they are, integers (and integral reals up
 * to 2^53) in decimal; -1 if not, or if it does not fit in size. */
int	prov_json_text(struct json_t *, char *out, size_t size);
/* A time given as iso8601 | epoch | epoch_ms text; -1 when it is not. */
time_t	prov_time_text(const char *format, const char *text);
/* The same from a JSON value; fallback when it is not one. */
time_t	prov_json_time(const char *format, struct json_t *, time_t fallback);
/* Joins base and path without doubling the slash. */
char	*prov_url(const char *base, const char *path);

/* The drivers, one for each line of PROVIDER_DRIVERS (drivers.h). */
#define PROVIDER_DRIVER_DECL(name, url) \
	extern const struct provider_ops prov_##name;
PROVIDER_DRIVERS(PROVIDER_DRIVER_DECL)

#endif
