/*
 * JSON forms of parse results and reports: the `reportgw parse` contract
 * (reportgw-codes(7)), also used by `reportgw export`.
 */
#ifndef REPORTGW_REPORTJSON_H
#define REPORTGW_REPORTJSON_H

#include <jansson.h>

#include "codebook.h"
#include "sms.h"

/*
 * The fields of a report (kind, code, count, sex, ..., values, period,
 * village, note) added to obj.  An empty "flags" array is written only
 * when empty_flags is set.
 */
int	 report_json_fields(const struct codebook *, const struct sms_report *,
	    int empty_flags, json_t *obj);

/*
 * Writes o as JSON text into out (size bytes, NUL-terminated); -1 when it
 * does not fit or memory ran out.  Safe against out-of-memory half way,
 * unlike json_dumps() in jansson 2.14.
 */
int	 report_json_dumpb(const json_t *, size_t flags, char *out,
	    size_t size);

/* The parse result as one object, with "reply" when reply != NULL. */
json_t	*result_json(const struct codebook *, const struct sms_result *,
	    const char *reply);

/*
 * A JSON string of stored text: jansson takes only valid UTF-8, so the
 * bytes of invalid UTF-8 are written as visible \xNN escapes instead of
 * the value being left out.  NULL only when memory ran out.
 */
json_t	*json_string_safe(const char *);

#endif
