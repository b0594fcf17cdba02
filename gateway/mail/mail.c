/*
 * SMTP with libcurl.  One easy handle per message: mail is rare (a
 * digest a day, alerts now and then), so nothing is kept between sends.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "fault.h"
#include "mail.h"
#include "xmalloc.h"

#ifdef FAULT_INJECT
/* the fault build fails the Nth transfer as a dead network would */
#define curl_easy_perform(c)	(fault_hit(FAULT_PERFORM) ? \
	    CURLE_COULDNT_CONNECT : curl_easy_perform(c))
#endif

#define HEADER_MAX	1024	/* bytes of one header value we build */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
base64(struct buf *b, const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		char q[4] = { b64[s[i] >> 2], b64[((s[i] & 3) << 4) |
		    (s[i + 1] >> 4)], b64[((s[i + 1] & 15) << 2) |
		    (s[i + 2] >> 6)], b64[s[i + 2] & 63] };

		buf_addn(b, q, 4);
	}
	if (n - i == 1) {
		char q[4] = { b64[s[i] >> 2], b64[(s[i] & 3) << 4], '=', '=' };

		buf_addn(b, q, 4);
	} else if (n - i == 2) {
		char q[4] = { b64[s[i] >> 2], b64[((s[i] & 3) << 4) |
		    (s[i + 1] >> 4)], b64[(s[i + 1] & 15) << 2], '=' };

		buf_addn(b, q, 4);
	}
}

/*
 * Encoded words of at most 45 bytes of UTF-8 each (60 base64 characters,
 * so each word stays under 75 characters), cut at character boundaries,
 * folded onto continuation lines.  Control characters become spaces.
 */
char *
mail_encode_header(const char *in)
{
	struct buf	 b;
	char		 clean[HEADER_MAX];
	size_t		 n = 0, i, start, len;

	for (i = 0; in[i] != '\0' && n + 1 < sizeof(clean); i++)
		clean[n++] = (unsigned char)in[i] < 0x20 || in[i] == 0x7f ?
		    ' ' : in[i];
	while (n > 0 && ((unsigned char)clean[n - 1] & 0xC0) == 0x80)
		n--;	/* never end inside a character cut by the cap */
	if (n > 0 && ((unsigned char)clean[n - 1] & 0xC0) == 0xC0)
		n--;
	clean[n] = '\0';
	buf_init(&b, 4 * HEADER_MAX);
	for (start = 0; start < n; start += len) {
		len = n - start > 45 ? 45 : n - start;
		while (len > 0 && start + len < n &&
		    ((unsigned char)clean[start + len] & 0xC0) == 0x80)
			len--;
		if (start > 0)
			buf_add(&b, "\r\n ");
		buf_add(&b, "=?UTF-8?B?");
		base64(&b, (const unsigned char *)clean + start, len);
		buf_add(&b, "?=");
	}
	return buf_take(&b);
}

char *
mail_message_id(const struct conf *c, const char *local)
{
	const char *at = c->smtp.from != NULL ? strrchr(c->smtp.from, '@') :
	    NULL;
	char domain[256];
	size_t i, n = 0;

	/* keep the domain to safe characters */
	for (i = 1; at != NULL && at[i] != '\0' && n + 1 < sizeof(domain);
	    i++)
		if ((at[i] >= 'a' && at[i] <= 'z') || (at[i] >= 'A' &&
		    at[i] <= 'Z') || (at[i] >= '0' && at[i] <= '9') ||
		    at[i] == '.' || at[i] == '-')
			domain[n++] = at[i];
	domain[n] = '\0';
	return xasprintf("<%s@%s>", local, n > 0 ? domain : "reportgw");
}

/* An address safe for a header and an SMTP command, or NULL. */
static int
address_ok(const char *a)
{
	return strpbrk(a, "\r\n<>,;\"") == NULL && strchr(a, '@') != NULL &&
	    strlen(a) < 254;
}

static void
rfc5322_date(time_t t, char out[64])
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm	tm;
	long		off;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff / 60;
	snprintf(out, 64, "%s, %d %s %d %02d:%02d:%02d %c%02ld%02ld",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    off < 0 ? '-' : '+', labs(off) / 60 % 100, labs(off) % 60);
}

enum mail_status
mail_send(const struct conf *c, const struct mail_msg *m, char *err,
    size_t errsize)
{
	CURL			*curl;
	curl_mime		*mime = NULL, *alt;
	curl_mimepart		*part;
	struct curl_slist	*rcpt = NULL, *hdr = NULL, *inl = NULL;
	struct buf		 to, line;
	char			 date[64], errbuf[CURL_ERROR_SIZE] = "";
	char			*subject;
	long			 code = 0;
	CURLcode		 rc;
	size_t			 i;
	enum mail_status	 st;

	if (!c->smtp.configured || c->smtp.url == NULL || c->smtp.from == NULL) {
		snprintf(err, errsize, "no smtp server configured");
		return MAIL_PERMANENT;
	}
	if (!address_ok(c->smtp.from)) {
		snprintf(err, errsize, "smtp.from is not a plain address");
		return MAIL_PERMANENT;
	}
	buf_init(&to, 64 * 1024);
	buf_init(&line, 64 * 1024);
	for (i = 0; i < m->to->n; i++) {
		if (!address_ok(m->to->v[i]))
			continue;
		buf_printf(&line, "<%s>", m->to->v[i]);
		rcpt = curl_slist_append(rcpt, line.p);
		line.len = 0;
		buf_printf(&to, "%s%s", to.len ? ", " : "", m->to->v[i]);
	}
	if (rcpt == NULL) {
		snprintf(err, errsize, "no valid recipient");
		buf_free(&to);
		buf_free(&line);
		return MAIL_PERMANENT;
	}
	if ((curl = curl_easy_init()) == NULL) {
		snprintf(err, errsize, "cannot start libcurl");
		curl_slist_free_all(rcpt);
		buf_free(&to);
		buf_free(&line);
		return MAIL_TEMPORARY;
	}
	rfc5322_date(m->date, date);
	subject = mail_encode_header(m->subject);
	line.len = 0;
	buf_printf(&line, "Date: %s", date);
	hdr = curl_slist_append(hdr, line.p);
	line.len = 0;
	buf_printf(&line, "Message-ID: %s", m->message_id);
	hdr = curl_slist_append(hdr, line.p);
	line.len = 0;
	buf_printf(&line, "From: reportgw <%s>", c->smtp.from);
	hdr = curl_slist_append(hdr, line.p);
	line.len = 0;
	buf_printf(&line, "To: %s", to.p);
	hdr = curl_slist_append(hdr, line.p);
	line.len = 0;
	buf_printf(&line, "Subject: %s", subject);
	hdr = curl_slist_append(hdr, line.p);
	free(subject);

	mime = curl_mime_init(curl);
	alt = curl_mime_init(curl);
	part = curl_mime_addpart(alt);
	curl_mime_data(part, m->text, CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/plain; charset=UTF-8");
	curl_mime_encoder(part, "quoted-printable");
	if (m->html != NULL && m->ninline > 0) {
		curl_mime	*rel = curl_mime_init(curl);

		part = curl_mime_addpart(rel);
		curl_mime_data(part, m->html, CURL_ZERO_TERMINATED);
		curl_mime_type(part, "text/html; charset=UTF-8");
		curl_mime_encoder(part, "quoted-printable");
		for (i = 0; i < m->ninline; i++) {
			struct curl_slist *h = NULL;

			part = curl_mime_addpart(rel);
			curl_mime_data(part, (const char *)
			    m->inline_parts[i].data, m->inline_parts[i].len);
			curl_mime_type(part, m->inline_parts[i].type);
			curl_mime_encoder(part, "base64");
			line.len = 0;
			buf_printf(&line, "Content-ID: <%s>",
			    m->inline_parts[i].cid);
			h = curl_slist_append(h, line.p);
			line.len = 0;
			buf_printf(&line, "Content-Disposition: inline; "
			    "filename=\"%s\"", m->inline_parts[i].name);
			h = curl_slist_append(h, line.p);
			curl_mime_headers(part, h, 1);
		}
		part = curl_mime_addpart(alt);
		curl_mime_subparts(part, rel);
		curl_mime_type(part, "multipart/related; type=\"text/html\"");
	} else if (m->html != NULL) {
		part = curl_mime_addpart(alt);
		curl_mime_data(part, m->html, CURL_ZERO_TERMINATED);
		curl_mime_type(part, "text/html; charset=UTF-8");
		curl_mime_encoder(part, "quoted-printable");
	}
	part = curl_mime_addpart(mime);
	curl_mime_subparts(part, alt);
	curl_mime_type(part, "multipart/alternative");
	inl = curl_slist_append(NULL, "Content-Disposition: inline");
	curl_mime_headers(part, inl, 1);
	if (m->csv != NULL) {
		part = curl_mime_addpart(mime);
		curl_mime_data(part, m->csv, CURL_ZERO_TERMINATED);
		curl_mime_type(part, "text/csv; charset=UTF-8");
		curl_mime_filename(part, m->csv_name);
		curl_mime_encoder(part, "base64");
	}
	for (i = 0; i < m->nattachments; i++) {
		part = curl_mime_addpart(mime);
		curl_mime_data(part, (const char *)m->attachments[i].data,
		    m->attachments[i].len);
		curl_mime_type(part, m->attachments[i].type);
		curl_mime_filename(part, m->attachments[i].name);
		curl_mime_encoder(part, "base64");
	}

	curl_easy_setopt(curl, CURLOPT_URL, c->smtp.url);
	line.len = 0;
	buf_printf(&line, "<%s>", c->smtp.from);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, line.p);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	/* a refused recipient does not stop the others (the option was
	 * spelled ALLLOWFAILS before curl 8.2) */
#if LIBCURL_VERSION_NUM >= 0x080200
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT_ALLOWFAILS, 1L);
#elif LIBCURL_VERSION_NUM >= 0x074500
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1L);
#endif
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);
	curl_easy_setopt(curl, CURLOPT_USE_SSL, c->smtp.tls == TLS_REQUIRED ?
	    (long)CURLUSESSL_ALL : c->smtp.tls == TLS_TRY ?
	    (long)CURLUSESSL_TRY : (long)CURLUSESSL_NONE);
	if (c->smtp.ca_file != NULL)
		curl_easy_setopt(curl, CURLOPT_CAINFO, c->smtp.ca_file);
	if (c->smtp.username != NULL) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, c->smtp.username);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, c->smtp.password ?
		    c->smtp.password : "");
	}
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)c->smtp.timeout);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK)
		st = MAIL_OK;
	else {
		/* 5xx is final; 4xx, no answer, a timeout: try again */
		st = code >= 500 && code < 600 ? MAIL_PERMANENT :
		    MAIL_TEMPORARY;
		if (code != 0)
			snprintf(err, errsize, "%s (server: %ld)", errbuf[0] ?
			    errbuf : curl_easy_strerror(rc), code);
		else
			snprintf(err, errsize, "%s", errbuf[0] ? errbuf :
			    curl_easy_strerror(rc));
	}
	curl_easy_cleanup(curl);
	curl_mime_free(mime);
	curl_slist_free_all(rcpt);
	curl_slist_free_all(hdr);
	buf_free(&to);
	buf_free(&line);
	return st;
}
