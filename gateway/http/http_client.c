/*
 * libcurl wrapper.  Verbose output is never enabled: it would log API keys
 * and message text.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fault.h"
#include "http_client.h"
#include "xmalloc.h"

#ifdef FAULT_INJECT
/* the fault build fails the Nth transfer as a dead network would */
#define curl_easy_perform(c)	(fault_hit(FAULT_PERFORM) ? \
	    CURLE_COULDNT_CONNECT : curl_easy_perform(c))
#endif

struct http_client {
	CURL	*curl;
	long	 timeout;
};

struct sink {
	struct http_response	*resp;
	size_t			 cap;
	int			 too_big;
};

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct sink	*k = arg;
	size_t		 len = size * n;

	if (k->resp->len + len > HTTP_BODY_MAX) {
		k->too_big = 1;
		return 0;	/* aborts the transfer */
	}
	if (k->resp->len + len + 1 > k->cap) {
		while (k->resp->len + len + 1 > k->cap)
			k->cap = k->cap ? k->cap * 2 : 4096;
		k->resp->body = xreallocarray(k->resp->body, k->cap, 1);
	}
	memcpy(k->resp->body + k->resp->len, data, len);
	k->resp->len += len;
	k->resp->body[k->resp->len] = '\0';
	return len;
}

static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct sink	*k = arg;
	size_t		 len = size * n;
	char		 line[128], *end;
	long		 v;

	if (len >= sizeof(line) || len < 12 ||
	    strncasecmp(data, "Retry-After:", 12) != 0)
		return len;
	memcpy(line, data + 12, len - 12);
	line[len - 12] = '\0';
	v = strtol(line, &end, 10);
	if (end != line && v >= 0 && v < 86400)
		k->resp->retry_after = v;
	return len;
}

struct http_client *
http_client_new(long timeout)
{
	struct http_client *h = xcalloc(1, sizeof(*h));

	if ((h->curl = curl_easy_init()) == NULL) {
		free(h);
		return NULL;
	}
	h->timeout = timeout;
	return h;
}

void
http_client_free(struct http_client *h)
{
	if (h == NULL)
		return;
	curl_easy_cleanup(h->curl);
	free(h);
}

/*
 * Sets a handle up for one request, collecting into k; *list gets the
 * header list to free after the transfer.  The body is copied.
 */
static void
setup(CURL *c, long timeout, const char *method, const char *url,
    const char *const *headers, const char *userpwd, const char *body,
    size_t bodylen, struct sink *k, char *errbuf, struct curl_slist **list)
{
	size_t i;

	*list = NULL;
	curl_easy_reset(c);
	for (i = 0; headers != NULL && headers[i] != NULL; i++)
		*list = curl_slist_append(*list, headers[i]);
	*list = curl_slist_append(*list, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, *list);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "reportgw/1");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)HTTP_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, (long)HTTP_LOW_SPEED);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)HTTP_LOW_SPEED_TIME);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, k);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, k);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (userpwd != NULL) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERPWD, userpwd);
	}
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)bodylen);
		curl_easy_setopt(c, CURLOPT_COPYPOSTFIELDS, body);
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
}

/* Fills resp once a transfer has ended with rc; 0, or -1 without one. */
static int
finish(CURL *c, CURLcode rc, struct sink *k, const char *errbuf,
    struct curl_slist *list, struct http_response *resp)
{
	curl_slist_free_all(list);
	/* never keep the credentials in the handle between requests */
	curl_easy_setopt(c, CURLOPT_USERPWD, NULL);
	if (rc != CURLE_OK) {
		snprintf(resp->error, sizeof(resp->error), "%s",
		    k->too_big ? "response larger than the cap" :
		    errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc));
		free(resp->body);
		resp->body = NULL;
		resp->len = 0;
		resp->status = 0;
		return -1;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
	if (resp->body == NULL)
		resp->body = xstrdup("");
	return 0;
}

static void
response_init(struct http_response *resp, struct sink *k)
{
	memset(resp, 0, sizeof(*resp));
	resp->retry_after = -1;
	memset(k, 0, sizeof(*k));
	k->resp = resp;
}

int
http_request(struct http_client *h, const char *method, const char *url,
    const char *const *headers, const char *userpwd, const char *body,
    size_t bodylen, struct http_response *resp)
{
	struct curl_slist	*list;
	struct sink		 k;
	char			 errbuf[CURL_ERROR_SIZE] = "";

	response_init(resp, &k);
	setup(h->curl, h->timeout, method, url, headers, userpwd, body,
	    bodylen, &k, errbuf, &list);
	return finish(h->curl, curl_easy_perform(h->curl), &k, errbuf, list,
	    resp);
}

/* ---- several requests at once ---- */

enum slot_state { SLOT_FREE, SLOT_RUNNING, SLOT_DONE };

struct http_slot {
	CURL			*curl;	/* kept: its connection stays open */
	struct curl_slist	*list;
	struct sink		 k;
	struct http_response	 resp;
	char			 errbuf[CURL_ERROR_SIZE];
	void			*tag;
	enum slot_state		 state;
	int			 ok;
};

struct http_multi {
	CURLM		*m;
	long		 timeout;
	size_t		 n;
	struct http_slot *slot;
};

struct http_multi *
http_multi_new(long timeout, size_t max)
{
	struct http_multi *hm;

	if (max == 0)
		return NULL;
	hm = xcalloc(1, sizeof(*hm));
	if ((hm->m = curl_multi_init()) == NULL) {
		free(hm);
		return NULL;
	}
	hm->timeout = timeout;
	hm->n = max;
	hm->slot = xcalloc(max, sizeof(*hm->slot));
	curl_multi_setopt(hm->m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)max);
	curl_multi_setopt(hm->m, CURLMOPT_MAXCONNECTS, (long)max);
	return hm;
}

void
http_multi_free(struct http_multi *hm)
{
	size_t i;

	if (hm == NULL)
		return;
	for (i = 0; i < hm->n; i++) {
		struct http_slot *sl = &hm->slot[i];

		if (sl->state == SLOT_RUNNING) {
			curl_multi_remove_handle(hm->m, sl->curl);
			curl_slist_free_all(sl->list);
		}
		if (sl->state != SLOT_FREE)
			http_response_free(&sl->resp);
		if (sl->curl != NULL)
			curl_easy_cleanup(sl->curl);
	}
	curl_multi_cleanup(hm->m);
	free(hm->slot);
	free(hm);
}

size_t
http_multi_busy(const struct http_multi *hm)
{
	size_t i, n = 0;

	for (i = 0; i < hm->n; i++)
		n += hm->slot[i].state != SLOT_FREE;
	return n;
}

/* Ends a slot's transfer with rc. */
static void
slot_done(struct http_slot *sl, CURLcode rc)
{
	sl->ok = finish(sl->curl, rc, &sl->k, sl->errbuf, sl->list,
	    &sl->resp) == 0;
	sl->list = NULL;
	sl->state = SLOT_DONE;
}

int
http_multi_start(struct http_multi *hm, const char *method, const char *url,
    const char *const *headers, const char *userpwd, const char *body,
    size_t bodylen, void *tag)
{
	struct http_slot	*sl = NULL;
	size_t			 i;

	for (i = 0; i < hm->n && sl == NULL; i++)
		if (hm->slot[i].state == SLOT_FREE)
			sl = &hm->slot[i];
	if (sl == NULL)
		return -1;
	if (sl->curl == NULL && (sl->curl = curl_easy_init()) == NULL)
		return -1;
	response_init(&sl->resp, &sl->k);
	sl->errbuf[0] = '\0';
	sl->tag = tag;
	setup(sl->curl, hm->timeout, method, url, headers, userpwd, body,
	    bodylen, &sl->k, sl->errbuf, &sl->list);
	curl_easy_setopt(sl->curl, CURLOPT_PRIVATE, sl);
	sl->state = SLOT_RUNNING;
	/* the fault build fails the Nth transfer as a dead network would */
	if (fault_hit(FAULT_PERFORM)) {
		slot_done(sl, CURLE_COULDNT_CONNECT);
		return 0;
	}
	if (curl_multi_add_handle(hm->m, sl->curl) != CURLM_OK) {
		curl_slist_free_all(sl->list);
		sl->list = NULL;
		curl_easy_setopt(sl->curl, CURLOPT_USERPWD, NULL);
		sl->state = SLOT_FREE;
		return -1;
	}
	return 0;
}

/* Moves the transfers libcurl has finished to SLOT_DONE; how many. */
static int
collect(struct http_multi *hm)
{
	struct http_slot	*sl;
	CURLMsg			*msg;
	int			 left, n = 0;

	while ((msg = curl_multi_info_read(hm->m, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		sl = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &sl);
		if (sl == NULL)
			continue;
		curl_multi_remove_handle(hm->m, sl->curl);
		slot_done(sl, msg->data.result);
		n++;
	}
	return n;
}

int
http_multi_wait(struct http_multi *hm, int fd, int ms, int *fd_ready)
{
	struct curl_waitfd	 w;
	size_t			 i;
	int			 running, done = 0;

	*fd_ready = 0;
	for (i = 0; i < hm->n; i++)
		done += hm->slot[i].state == SLOT_DONE;
	if (curl_multi_perform(hm->m, &running) != CURLM_OK)
		return -1;
	done += collect(hm);
	if (done > 0 || ms <= 0)
		return 0;
	memset(&w, 0, sizeof(w));
	w.fd = fd;
	w.events = CURL_WAIT_POLLIN;
	/* with nothing running this is a plain wait for fd or the time */
	if (curl_multi_poll(hm->m, fd >= 0 ? &w : NULL, fd >= 0, ms, NULL) !=
	    CURLM_OK)
		return -1;
	*fd_ready = fd >= 0 && (w.revents & CURL_WAIT_POLLIN) != 0;
	if (running > 0) {
		if (curl_multi_perform(hm->m, &running) != CURLM_OK)
			return -1;
		collect(hm);
	}
	return 0;
}

int
http_multi_next(struct http_multi *hm, void **tag, struct http_response *resp,
    int *ok)
{
	size_t i;

	for (i = 0; i < hm->n; i++) {
		struct http_slot *sl = &hm->slot[i];

		if (sl->state != SLOT_DONE)
			continue;
		*tag = sl->tag;
		*resp = sl->resp;
		memset(&sl->resp, 0, sizeof(sl->resp));
		*ok = sl->ok;
		sl->state = SLOT_FREE;
		return 1;
	}
	return 0;
}

void
http_response_free(struct http_response *r)
{
	free(r->body);
	r->body = NULL;
	r->len = 0;
}

/* As curl_easy_escape(), but out of memory ends the process (xmalloc)
 * instead of giving an empty string that would be sent as it is. */
char *
http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t		 n = strlen(s);
	char		*out = xreallocarray(NULL, n + 1, 3), *p = out;
	unsigned char	 c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			*p++ = (char)c;
		else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return out;
}
