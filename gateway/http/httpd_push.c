/*
 * The push receivers of the HTTP server: Kannel's sms-service get-url
 * (GET /kannel) and the generic webhook (POST /sms, JSON or form), with
 * the field checks they share with /ussd.  A message is committed before
 * the 200; ids are kept whole up to PUSH_ID_MAX bytes and longer ones are
 * refused, never cut.
 */
#include <jansson.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "form.h"
#include "httpd.h"
#include "httpd_int.h"
#include "pipeline.h"
#include "provider.h"
#include "reply.h"
#include "store.h"
#include "xmalloc.h"

#define FUTURE_SLACK	86400	/* a push time further ahead is not trusted */

/*
 * A clean field of at most max bytes ("" when absent and not required);
 * NULL when it is not, with the reason in why[WHY_MAX].
 */
const char *
httpd_field(const struct form *f, const char *name, int required, size_t max,
    char *why)
{
	size_t		 len;
	const char	*v = form_get(f, name, &len);

	if (v == NULL) {
		if (required)
			snprintf(why, WHY_MAX, "missing field %s", name);
		return required ? NULL : "";
	}
	if (len > max) {
		snprintf(why, WHY_MAX, "field %s longer than %zu bytes", name,
		    max);
		return NULL;
	}
	if (strlen(v) != len || !form_clean(v, len, 0)) {
		snprintf(why, WHY_MAX, "control bytes in field %s", name);
		return NULL;
	}
	return v;
}

/*
 * The same for a JSON object's field at path (a string, or an integer
 * written in decimal) copied into out[size]: 0, or -1 with why set.
 */
static int
json_field(json_t *root, const char *path, int required, char *out,
    size_t size, char *why)
{
	json_t		*v = prov_json_at(root, path);
	const char	*t;
	size_t		 len;

	out[0] = '\0';
	if (v == NULL || (!required && json_is_null(v))) {
		if (required)
			snprintf(why, WHY_MAX, "missing field %s", path);
		return required ? -1 : 0;
	}
	if (json_is_integer(v)) {
		snprintf(out, size, "%lld", (long long)json_integer_value(v));
		return 0;
	}
	if (!json_is_string(v)) {
		snprintf(why, WHY_MAX, "field %s is not a string", path);
		return -1;
	}
	t = json_string_value(v);
	len = json_string_length(v);
	if (len >= size) {
		snprintf(why, WHY_MAX, "field %s longer than %zu bytes", path,
		    size - 1);
		return -1;
	}
	if (strlen(t) != len || !form_clean(t, len, 0)) {
		snprintf(why, WHY_MAX, "control bytes in field %s", path);
		return -1;
	}
	memcpy(out, t, len + 1);
	return 0;
}

/* Stores one pushed message; answers 200 only once it is committed. */
static enum MHD_Result
push(struct httpd *h, struct MHD_Connection *c, const char *provider,
    const char *id, const char *from, const char *text, size_t len,
    time_t at, int json)
{
	struct pipeline_stats	stats;
	struct store		*s = httpd_store(h);
	char			reply[REPLY_SIZE];
	time_t			now = time(NULL);
	int			rc;

	if (*id == '\0' || *from == '\0')
		return httpd_answer(c, MHD_HTTP_BAD_REQUEST, TEXT,
		    "empty id or sender\n");
	if (!form_clean(text, len, 1))
		return httpd_answer(c, MHD_HTTP_BAD_REQUEST, TEXT,
		    "control bytes in the text\n");
	if (at <= 0 || at > now + FUTURE_SLACK)
		at = now;
	if (len > STORE_TEXT_MAX - 1)
		len = STORE_TEXT_MAX - 1;
	/* senders are kept as sent; the pipeline normalises them */
	memset(&stats, 0, sizeof(stats));
	rc = s == NULL ? -1 : pipeline_submit(s, h->conf, "sms", provider, id,
	    from, text, len, at, reply, &stats);
	if (rc == -1)
		return httpd_answer(c, MHD_HTTP_SERVICE_UNAVAILABLE, TEXT,
		    "not stored; try again\n");
	if (rc == 1)
		httpd_wake(h);
	if (json)
		return httpd_answer(c, MHD_HTTP_OK, JSON, "{\"status\":\"%s\"}\n",
		    rc == 1 ? "stored" : "duplicate");
	/* Kannel: an empty body sends no SMS back through smsbox */
	return httpd_answer(c, MHD_HTTP_OK, TEXT, "%s", "");
}

enum MHD_Result
httpd_kannel(struct httpd *h, struct MHD_Connection *c, const struct form *f)
{
	const char	*id, *from, *coding, *charset, *tm, *raw;
	char		*text, why[WHY_MAX];
	size_t		 rawlen, len;
	enum MHD_Result	 ret;

	if ((id = httpd_field(f, "id", 1, PUSH_ID_MAX, why)) == NULL ||
	    (from = httpd_field(f, "from", 1, STORE_ADDR_MAX - 1, why)) == NULL ||
	    (coding = httpd_field(f, "coding", 0, 4, why)) == NULL ||
	    (charset = httpd_field(f, "charset", 0, 32, why)) == NULL ||
	    (tm = httpd_field(f, "time", 0, 20, why)) == NULL)
		return httpd_answer(c, MHD_HTTP_BAD_REQUEST, TEXT, "%s\n", why);
	if ((raw = form_get(f, "text", &rawlen)) == NULL)
		return httpd_answer(c, MHD_HTTP_BAD_REQUEST, TEXT, "missing text\n");
	if ((text = form_text_utf8(raw, rawlen, coding, charset, &len)) == NULL)
		return httpd_answer(c, MHD_HTTP_BAD_REQUEST, TEXT,
		    "text is not valid %s\n", *charset ? charset : "UTF-16BE");
	ret = push(h, c, "kannel", id, from, text, len,
	    *tm ? prov_time_text("epoch", tm) : 0, 0);
	free(text);
	return ret;
}

enum MHD_Result
httpd_webhook(struct httpd *h, struct MHD_Connection *c, const char *body,
    size_t bodylen)
{
	const struct conf	*cf = h->conf;
	const char		*id, *from, *text, *tm;
	char			 idb[PUSH_ID_MAX + 1], fromb[STORE_ADDR_MAX];
	char			 tmb[64], *textb = NULL, why[WHY_MAX];
	struct form		 f;
	json_t			*root = NULL, *v;
	size_t			 len;
	enum MHD_Result		 ret;
	size_t			 k = 0;

	while (k < bodylen && strchr(" \t\r\n", body[k]) != NULL)
		k++;
	memset(&f, 0, sizeof(f));
	if (k < bodylen && body[k] == '{') {
		if ((root = prov_json_decode(body, bodylen,
		    JSON_REJECT_DUPLICATES)) == NULL || !json_is_object(root)) {
			json_decref(root);
			return httpd_answer(c, MHD_HTTP_BAD_REQUEST, TEXT,
			    "body is not a JSON object\n");
		}
		v = prov_json_at(root, cf->http.webhook.text);
		if (json_field(root, cf->http.webhook.id, 1, idb, sizeof(idb),
		    why) == -1 || json_field(root, cf->http.webhook.from, 1,
		    fromb, sizeof(fromb), why) == -1 || json_field(root,
		    cf->http.webhook.time, 0, tmb, sizeof(tmb), why) == -1) {
			json_decref(root);
			return httpd_answer(c, MHD_HTTP_BAD_REQUEST, TEXT, "%s\n", why);
		}
		if (!json_is_string(v)) {
			json_decref(root);
			return httpd_answer(c, MHD_HTTP_BAD_REQUEST, TEXT,
			    "need string fields %s, %s and %s\n",
			    cf->http.webhook.id, cf->http.webhook.from,
			    cf->http.webhook.text);
		}
		len = json_string_length(v);
		textb = xstrndup(json_string_value(v), len);
		json_decref(root);
		id = idb;
		from = fromb;
		text = textb;
		tm = tmb;
	} else {
		enum form_error e = form_decode(body, bodylen,
		    HTTPD_FIELD_MAX, &f);

		if (e != FORM_OK) {
			form_free(&f);
			return httpd_answer(c, MHD_HTTP_BAD_REQUEST, TEXT, "%s\n",
			    form_error_names[e]);
		}
		snprintf(why, sizeof(why), "missing field %s",
		    cf->http.webhook.text);
		if ((id = httpd_field(&f, cf->http.webhook.id, 1, PUSH_ID_MAX,
		    why)) == NULL || (from = httpd_field(&f, cf->http.webhook.from,
		    1, STORE_ADDR_MAX - 1, why)) == NULL ||
		    (tm = httpd_field(&f, cf->http.webhook.time, 0, 40, why)) ==
		    NULL || (text = form_get(&f, cf->http.webhook.text,
		    &len)) == NULL) {
			form_free(&f);
			return httpd_answer(c, MHD_HTTP_BAD_REQUEST, TEXT, "%s\n", why);
		}
	}
	ret = push(h, c, "webhook", id, from, text, len, *tm ?
	    prov_time_text(cf->http.webhook.time_format, tm) : 0, 1);
	free(textb);
	form_free(&f);
	return ret;
}
