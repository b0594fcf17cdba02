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

int
http_request(struct http_client *h, const char *method, const char *url,
    const char *const *headers, const char *userpwd, const char *body,
    size_t bodylen, struct http_response *resp)
{
	struct curl_slist	*list = NULL;
	struct sink		 k;
	char			 errbuf[CURL_ERROR_SIZE] = "";
	CURL			*c = h->curl;
	CURLcode		 rc;
	size_t			 i;

	memset(resp, 0, sizeof(*resp));
	resp->retry_after = -1;
	memset(&k, 0, sizeof(k));
	k.resp = resp;
	curl_easy_reset(c);
	for (i = 0; headers != NULL && headers[i] != NULL; i++)
		list = curl_slist_append(list, headers[i]);
	list = curl_slist_append(list, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "reportgw/1");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)HTTP_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, h->timeout);
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
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &k);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &k);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (userpwd != NULL) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERPWD, userpwd);
	}
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)bodylen);
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	rc = curl_easy_perform(c);
	curl_slist_free_all(list);
	/* never keep the credentials in the handle between requests */
	curl_easy_setopt(c, CURLOPT_USERPWD, NULL);
	if (rc != CURLE_OK) {
		snprintf(resp->error, sizeof(resp->error), "%s",
		    k.too_big ? "response larger than the cap" :
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

void
http_response_free(struct http_response *r)
{
	free(r->body);
	r->body = NULL;
	r->len = 0;
}

char *
http_escape(const char *s)
{
	char	*e = curl_easy_escape(NULL, s, 0), *out;

	if (e == NULL)
		return xstrdup("");
	out = xstrdup(e);
	curl_free(e);
	return out;
}
