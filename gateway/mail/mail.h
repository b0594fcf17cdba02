/*
 * Sending e-mail over SMTP with libcurl: smtp:// with STARTTLS (required,
 * try or off) or smtps://, AUTH from the config's 0600 password file,
 * several recipients (a refused one does not stop the others), timeouts.
 * The message is built with libcurl's MIME API: multipart/mixed holding
 * multipart/alternative (text/plain + text/html, or + multipart/related
 * of the HTML and its inline images) and a CSV and other attachments.
 * Header values are cleaned of control characters, and the subject is
 * RFC 2047-encoded, so nothing from an SMS can inject a header.
 */
#ifndef REPORTGW_MAIL_H
#define REPORTGW_MAIL_H

#include <stddef.h>
#include <time.h>

#include "conf.h"

enum mail_status {
	MAIL_OK,
	MAIL_TEMPORARY,		/* try again later */
	MAIL_PERMANENT		/* the server refused it for good */
};

/* A binary part: an inline image of the HTML, or an attachment. */
struct mail_part {
	const char		*type;		/* "image/png" */
	const char		*name;		/* file name */
	const char		*cid;		/* inline: "chart1@reportgw" */
	const unsigned char	*data;
	size_t			 len;
};

struct mail_msg {
	const char		*subject;	/* UTF-8 */
	const char		*message_id;	/* "<...@...>" */
	time_t			 date;
	const struct conf_strings *to;
	const char		*text;		/* UTF-8 */
	const char		*html;		/* or NULL */
	const char		*csv;		/* or NULL */
	const char		*csv_name;
	/* the HTML's images (multipart/related, cid: links), and files */
	const struct mail_part	*inline_parts;
	size_t			 ninline;
	const struct mail_part	*attachments;
	size_t			 nattachments;
};

/* Sends; err gets a one-line reason on failure. */
enum mail_status mail_send(const struct conf *, const struct mail_msg *,
		    char *err, size_t errsize);

/* An RFC 2047 encoded-word sequence for a header (allocated). */
char	*mail_encode_header(const char *utf8);

/* A Message-ID for a local part, with the sender's domain (allocated). */
char	*mail_message_id(const struct conf *, const char *local);

#endif
