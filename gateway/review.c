/*
 * Reviews: the row and the texts of a message kept for an officer to call
 * back (see review.h).
 */
#include <stdio.h>
#include <string.h>

#include "review.h"

/*
 * The village of a review: a village reporter's own; for a commune
 * reporter the village named in the text when it is of the commune, else
 * none ("").  Never refused: an officer reads every review.
 */
static const char *
review_village(const struct conf *c, const struct sms_result *res,
    const struct reporter *who)
{
	const struct conf_village	*v;
	const char			*named;

	if (who->village[0] != '\0')
		return who->village;
	if (res->report.village < 0 ||
	    (size_t)res->report.village >= c->codebook->nvillages)
		return "";
	named = c->codebook->villages[res->report.village];
	v = conf_village(c, named);
	return v != NULL && strcmp(v->commune, who->commune) == 0 ? named : "";
}

const char *
review_reason(const struct sms_result *res)
{
	return res->review > SMS_REVIEW_NONE && res->review < SMS_NREVIEWS ?
	    sms_review_names[res->review] : sms_review_names[SMS_REVIEW_CODE];
}

void
review_row(const struct conf *c, const struct sms_result *res,
    const struct reporter *who, const char *phone, int64_t inbox_id,
    time_t received_at, struct report_row *row)
{
	const struct cb_code	*code = res->review_code;

	memset(row, 0, sizeof(*row));
	row->inbox_id = inbox_id;
	snprintf(row->phone, sizeof(row->phone), "%s", phone);
	snprintf(row->village, sizeof(row->village), "%s",
	    review_village(c, res, who));
	snprintf(row->commune, sizeof(row->commune), "%s", who->commune);
	snprintf(row->kind, sizeof(row->kind), "%s", code != NULL ?
	    cb_kind_names[code->kind] : cb_kind_names[CB_INCIDENT]);
	snprintf(row->code, sizeof(row->code), "%s", code != NULL ?
	    code->code : "?");
	/* the reason is a name from a fixed table: nothing to escape */
	snprintf(row->details, sizeof(row->details), "{\"review\":\"%s\"}",
	    review_reason(res));
	snprintf(row->status, sizeof(row->status), "review");
	snprintf(row->fingerprint, sizeof(row->fingerprint), "review:%lld",
	    (long long)inbox_id);
	row->alert = 1;
	row->received_at = received_at;
}

/* "thon X" wants a village; a commune reporter's review has its commune. */
static const char *
where(const struct report_row *row)
{
	return row->village[0] != '\0' ? row->village : row->commune;
}

void
review_officer_sms(const struct codebook *cb, const struct sms_result *res,
    const struct report_row *row, char out[REPLY_SIZE])
{
	char			 ref[24];
	struct reply_var	 vars[5];

	snprintf(ref, sizeof(ref), "%lld", (long long)row->id);
	vars[0] = (struct reply_var){ "ref", ref };
	vars[1] = (struct reply_var){ "phone", row->phone };
	vars[2] = (struct reply_var){ "village_code", where(row) };
	vars[3] = (struct reply_var){ "code", row->code };
	vars[4] = (struct reply_var){ "reason", review_reason(res) };
	reply_format(cb, CB_R_OFFICER_REVIEW, vars, 5, out);
}
