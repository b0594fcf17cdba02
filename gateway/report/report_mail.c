/*
 * The periodic jobs of the mail queue (schedule_reports.c queues them):
 * "report", the e-mail of a period's report to a group (text, HTML with
 * its charts as inline PNG parts, the XLSX and CSV attached), and
 * "dhis2", the push of a period's figures.  They answer as the mail
 * queue wants: MAIL_OK, MAIL_TEMPORARY (try again later) or
 * MAIL_PERMANENT (failed for good, logged and counted).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dhis2.h"
#include "log.h"
#include "mail.h"
#include "report_int.h"
#include "report_mail.h"
#include "xmalloc.h"

int
report_group(const struct conf *c, const char *name,
    struct conf_digest_group *out)
{
	static char	 star[] = "*";
	static char	*stars[] = { star };
	size_t		 i;

	if (strcmp(name, REPORT_GROUP_TO) == 0) {
		out->name = (char *)"";
		out->communes.v = stars;
		out->communes.n = 1;
		out->to = c->reports.to;
		return c->reports.to.n > 0 ? 0 : -1;
	}
	for (i = 0; c->reports.groups && i < c->digest.ngroups; i++)
		if (strcmp(c->digest.groups[i].name, name) == 0) {
			*out = c->digest.groups[i];
			return 0;
		}
	return -1;
}

/* The XLSX of a report, read back from a private file. */
static unsigned char *
xlsx_bytes(const struct report *r, size_t *len, char *err, size_t errsize)
{
	char		 tmp[] = "/tmp/reportgw-xlsx.XXXXXX", buf[65536];
	unsigned char	*data = NULL;
	size_t		 n;
	FILE		*f;
	int		 fd;

	*len = 0;
	if ((fd = mkstemp(tmp)) == -1) {
		snprintf(err, errsize, "cannot make a temporary file");
		return NULL;
	}
	close(fd);
	if (report_xlsx(r, tmp, err, errsize) == -1 ||
	    (f = fopen(tmp, "rb")) == NULL) {
		unlink(tmp);
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		data = xreallocarray(data, *len + n, 1);
		memcpy(data + *len, buf, n);
		*len += n;
	}
	fclose(f);
	unlink(tmp);
	return data;
}

static int
send_report(struct store *st, const struct conf *c, const struct mail_row *row,
    char *err, size_t errsize)
{
	struct conf_digest_group g;
	struct report_period	 p;
	struct report		*r;
	struct report_image	*img;
	struct mail_part	*parts, att[2];
	struct mail_msg		 m;
	char			*subject, *text, *html, *csv, *csvname;
	char			*xlsxname;
	unsigned char		*xlsx;
	size_t			 nimg, i, xlen;
	int			 rc;

	if (report_group(c, row->grp, &g) == -1) {
		snprintf(err, errsize, "no such report group any more");
		return MAIL_PERMANENT;
	}
	if (report_period_parse(row->day, &p) == -1) {
		snprintf(err, errsize, "bad period %s", row->day);
		return MAIL_PERMANENT;
	}
	if ((r = report_build(st, c, &g, &p)) == NULL) {
		snprintf(err, errsize, "cannot read the database");
		return MAIL_TEMPORARY;
	}
	if ((xlsx = xlsx_bytes(r, &xlen, err, errsize)) == NULL) {
		report_free(r);
		return MAIL_TEMPORARY;
	}
	subject = report_subject(r);
	text = report_text(r);
	html = report_html(r, REPORT_CHARTS_CID);
	csv = report_csv(r);
	img = report_images(r, &nimg);
	parts = xcalloc(nimg + 1, sizeof(*parts));
	for (i = 0; i < nimg; i++)
		parts[i] = (struct mail_part){ "image/png", img[i].name,
		    img[i].cid, img[i].data, img[i].len };
	xlsxname = xasprintf("reportgw-%s.xlsx", row->day);
	csvname = xasprintf("reportgw-%s.csv", row->day);
	att[0] = (struct mail_part){ "application/vnd.openxmlformats-"
	    "officedocument.spreadsheetml.sheet", xlsxname, NULL, xlsx, xlen };
	memset(&m, 0, sizeof(m));
	m.subject = subject;
	m.message_id = row->message_id;
	m.date = time(NULL);
	m.to = &g.to;
	m.text = text;
	m.html = html;
	m.csv = csv;
	m.csv_name = csvname;
	m.inline_parts = parts;
	m.ninline = nimg;
	m.attachments = att;
	m.nattachments = 1;
	rc = (int)mail_send(c, &m, err, errsize);
	free(subject);
	free(text);
	free(html);
	free(csv);
	free(csvname);
	free(xlsxname);
	free(xlsx);
	free(parts);
	report_images_free(img, nimg);
	report_free(r);
	return rc;
}

static int
send_push(struct store *st, const struct conf *c, const struct mail_row *row,
    char *err, size_t errsize)
{
	struct report_period	p;
	struct dhis2_result	res;
	int			rc;

	if (!c->dhis2.configured) {
		snprintf(err, errsize, "no dhis2 group any more");
		return MAIL_PERMANENT;
	}
	if (report_period_parse(row->day, &p) == -1) {
		snprintf(err, errsize, "bad period %s", row->day);
		return MAIL_PERMANENT;
	}
	rc = dhis2_push(st, c, &p, 0, 0, &res);
	if (rc == DHIS2_OK)
		log_info("dhis2: %s pushed: %ld values, imported %ld, updated "
		    "%ld, ignored %ld", res.period, res.values, res.imported,
		    res.updated, res.ignored);
	else {
		snprintf(err, errsize, "%s", res.error);
		if (res.conflicts != NULL)
			log_warnx("dhis2: %s conflicts:\n%s", res.period,
			    res.conflicts);
	}
	dhis2_result_free(&res);
	return rc == DHIS2_OK ? MAIL_OK : rc == DHIS2_TEMPORARY ?
	    MAIL_TEMPORARY : MAIL_PERMANENT;
}

int
report_job_send(struct store *st, const struct conf *c,
    const struct mail_row *row, char *err, size_t errsize)
{
	if (strcmp(row->kind, "dhis2") == 0)
		return send_push(st, c, row, err, errsize);
	return send_report(st, c, row, err, errsize);
}
