/*
 * JSON forms of parse results and reports: the `reportgw parse` contract
 * (CODEBOOK.md section 8), also used by `reportgw export`.
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
 * json_dumps(), checked: NULL when memory ran out, also when jansson
 * returned a text that does not read back as the same value.
 */
char	*report_json_dump(const json_t *, size_t flags);

/* The parse result as one object, with "reply" when reply != NULL. */
json_t	*result_json(const struct codebook *, const struct sms_result *,
	    const char *reply);

#endif
