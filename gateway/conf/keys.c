/*
 * Every configuration key, in one table: its path ("[]" stands for any
 * element of a list), type, default, and whether it must be present in its
 * group.  The loader rejects keys that are not here; `reportgw keys` prints
 * this table, and the reportgw.conf(5) page documents it.
 */
#include <stddef.h>
#include <string.h>

#include "drivers.h"
#include "keys.h"

#define REQ	1
#define OPT	0

const struct conf_key conf_keys[] = {
	{ "database", K_STRING, OPT, "/var/lib/reportgw/reportgw.db", NULL,
	  "SQLite database file (created 0600)" },
	{ "user", K_STRING, OPT, NULL, NULL,
	  "started as root (not by systemd), the daemon drops to this user "
	  "once its files and port are open" },
	{ "timezone", K_STRING, OPT, "Asia/Ho_Chi_Minh", NULL,
	  "zone for periods, the digest and reminders" },
	{ "country_code", K_STRING, OPT, "84", NULL,
	  "country calling code for national phone numbers" },
	{ "registration", K_ENUM, OPT, "approval", "open|approval|closed",
	  "what a DK registration by SMS does" },

	{ "provider", K_GROUP, OPT, NULL, NULL, "the SMS provider" },
	{ "provider.type", K_ENUM, REQ, NULL,
	  PROVIDER_DRIVER_CHOICES, "driver" },
	{ "provider.url", K_STRING, OPT, NULL, NULL, "API base URL" },
	{ "provider.username", K_STRING, OPT, NULL, NULL,
	  "AT username, Twilio account SID, Kannel sendsms user" },
	{ "provider.api_key", K_SECRET, OPT, NULL, NULL,
	  "API key or token (only in a 0600 config file)" },
	{ "provider.api_key_file", K_SECRET_FILE, OPT, NULL, NULL,
	  "file holding the API key (0600)" },
	{ "provider.sender", K_STRING, OPT, NULL, NULL,
	  "our number or sender id for replies" },
	{ "provider.poll_interval", K_INT, OPT, "30", "1-3600",
	  "seconds between polls" },
	{ "provider.timeout", K_INT, OPT, "30", "1-600",
	  "seconds a provider request may take" },
	{ "provider.batch", K_INT, OPT, "100", "1-1000",
	  "messages asked for per request" },
	{ "provider.max_in_flight", K_INT, OPT, "4", "1-32",
	  "send requests open at once (each row is claimed before its "
	  "request goes, so a crash sends at most the rows then in flight "
	  "once more)" },
	{ "provider.max_per_second", K_INT, OPT, "0", "0-1000",
	  "SMS sent per second at most, over any second (0: no limit)" },
	{ "provider.generic", K_GROUP, OPT, NULL, NULL,
	  "field paths of the generic JSON driver" },
	{ "provider.generic.list_url", K_STRING, OPT, NULL, NULL,
	  "URL that lists received messages (none: push-only, messages "
	  "come to POST /sms)" },
	{ "provider.generic.messages", K_STRING, OPT, "messages", NULL,
	  "JSON path of the message array (dots between names)" },
	{ "provider.generic.id", K_STRING, OPT, "id", NULL, "message id field" },
	{ "provider.generic.from", K_STRING, OPT, "from", NULL, "sender field" },
	{ "provider.generic.to", K_STRING, OPT, "to", NULL, "recipient field" },
	{ "provider.generic.text", K_STRING, OPT, "text", NULL, "text field" },
	{ "provider.generic.time", K_STRING, OPT, "time", NULL, "time field" },
	{ "provider.generic.time_format", K_ENUM, OPT, "iso8601",
	  "iso8601|epoch|epoch_ms", "format of the time field" },
	{ "provider.generic.cursor_param", K_STRING, OPT, NULL, NULL,
	  "query parameter carrying the cursor" },
	{ "provider.generic.cursor_field", K_STRING, OPT, NULL, NULL,
	  "field whose last value is the next cursor (default: id)" },
	{ "provider.generic.order", K_ENUM, OPT, "asc", "asc|desc",
	  "order of the listed messages" },
	{ "provider.generic.auth", K_ENUM, OPT, "header", "header|basic|none",
	  "how the API key is sent" },
	{ "provider.generic.auth_header", K_STRING, OPT, "Authorization", NULL,
	  "header name for auth = header" },
	{ "provider.generic.send_url", K_STRING, OPT, NULL, NULL,
	  "URL to POST replies to" },
	{ "provider.generic.send_body", K_STRING, OPT,
	  "{\"to\":\"{to}\",\"text\":\"{text}\",\"id\":\"{id}\"}", NULL,
	  "JSON body template for replies" },
	{ "provider.generic.send_ok_status", K_INT, OPT, "200", "200-299",
	  "HTTP status of an accepted reply (any 2xx is accepted)" },

	{ "http", K_GROUP, OPT, NULL, NULL,
	  "embedded HTTP server: POST /ussd, GET /kannel, POST /sms, "
	  "GET /healthz (without this group no server runs)" },
	{ "http.listen", K_STRING, OPT, "127.0.0.1:8080", NULL,
	  "address:port (IPv4, or [IPv6]:port)" },
	{ "http.token", K_SECRET, OPT, NULL, NULL,
	  "secret every caller passes as ?token= (except /healthz); at least 16 characters" },
	{ "http.token_file", K_SECRET_FILE, OPT, NULL, NULL,
	  "file holding the URL token (0600)" },
	{ "http.threads", K_INT, OPT, "4", "1-64",
	  "request threads (each has its own database connection)" },
	{ "http.max_connections", K_INT, OPT, "256", "4-10000",
	  "connections open at once, shared by the threads; more are refused" },
	{ "http.per_ip_limit", K_INT, OPT, "16", "1-10000",
	  "connections open at once from one address (at most half of "
	  "max_connections); more are refused" },
	{ "http.timeout", K_INT, OPT, "10", "1-300",
	  "seconds a client may idle in one request" },
	{ "http.webhook", K_GROUP, OPT, NULL, NULL,
	  "field names of POST /sms (JSON or form body)" },
	{ "http.webhook.id", K_STRING, OPT, "id", NULL,
	  "field with the message's unique id (duplicates are dropped)" },
	{ "http.webhook.from", K_STRING, OPT, "from", NULL, "sender field" },
	{ "http.webhook.to", K_STRING, OPT, "to", NULL, "recipient field" },
	{ "http.webhook.text", K_STRING, OPT, "text", NULL, "text field" },
	{ "http.webhook.time", K_STRING, OPT, "time", NULL,
	  "receive-time field (absent: the time it arrived)" },
	{ "http.webhook.time_format", K_ENUM, OPT, "iso8601",
	  "iso8601|epoch|epoch_ms", "format of the time field" },

	{ "smtp", K_GROUP, OPT, NULL, NULL, "mail server for digests, alerts" },
	{ "smtp.url", K_STRING, REQ, NULL, NULL,
	  "smtp://host:587 (STARTTLS) or smtps://host:465" },
	{ "smtp.from", K_STRING, REQ, NULL, NULL, "sender address" },
	{ "smtp.username", K_STRING, OPT, NULL, NULL, "AUTH user" },
	{ "smtp.password", K_SECRET, OPT, NULL, NULL,
	  "AUTH password (only in a 0600 config file)" },
	{ "smtp.password_file", K_SECRET_FILE, OPT, NULL, NULL,
	  "file holding the AUTH password (0600)" },
	{ "smtp.tls", K_ENUM, OPT, "required", "required|try|off",
	  "STARTTLS policy (off only for a server on loopback)" },
	{ "smtp.timeout", K_INT, OPT, "60", "1-600", "seconds per mail" },
	{ "smtp.ca_file", K_STRING, OPT, NULL, NULL,
	  "CA bundle for the server's certificate (default: the system's)" },

	{ "labels", K_GROUP, REQ, NULL, NULL,
	  "texts of e-mails (digest, alerts), with diacritics" },
	{ "labels.*", K_STRING, OPT, NULL, NULL, "a label" },
	{ "reminders", K_GROUP, OPT, NULL, NULL, "reminder SMS to villages" },
	{ "reminders.weekly", K_BOOL, OPT, "true", NULL,
	  "remind silent villages each week" },
	{ "reminders.weekly_day", K_INT, OPT, "1", "1-7",
	  "ISO weekday of the weekly reminder (1 = Monday)" },
	{ "reminders.weekly_time", K_TIME, OPT, "08:00", NULL,
	  "local time of the weekly reminder" },
	{ "reminders.monthly", K_BOOL, OPT, "true", NULL,
	  "remind villages of missing monthly figures" },
	{ "reminders.monthly_day", K_INT, OPT, "3", "1-28",
	  "day of the month of the monthly reminder" },
	{ "reminders.monthly_time", K_TIME, OPT, "08:00", NULL,
	  "local time of the monthly reminder" },
	{ "reminders.monthly_codes", K_STRINGS, OPT, NULL, NULL,
	  "coverage codes expected every month (default: the codes with "
	  "remind = true in the code book)" },
	{ "digest", K_GROUP, OPT, NULL, NULL, "daily digest e-mail" },
	{ "digest.time", K_TIME, OPT, "07:00", NULL, "local send time" },
	{ "digest.groups", K_LIST, OPT, NULL, NULL, "recipient groups" },
	{ "digest.groups.[].name", K_STRING, REQ, NULL, NULL, "area name" },
	{ "digest.groups.[].communes", K_STRINGS, OPT, "*", NULL,
	  "commune codes, or \"*\" for all" },
	{ "digest.groups.[].to", K_STRINGS, REQ, NULL, NULL, "addresses" },

	{ "alerts", K_GROUP, OPT, NULL, NULL, "immediate alerts" },
	{ "alerts.to", K_STRINGS, OPT, NULL, NULL, "e-mail addresses" },
	{ "alerts.sms", K_STRINGS, OPT, NULL, NULL, "officer phones" },

	{ "limits", K_GROUP, OPT, NULL, NULL, "loop and cost protection" },
	{ "limits.replies_per_hour", K_INT, OPT, "10", "0-1000",
	  "replies per number per hour" },
	{ "limits.identical_per_hour", K_INT, OPT, "2", "1-100",
	  "identical messages per hour that still get a reply" },
	{ "limits.unknown_per_day", K_INT, OPT, "1", "0-100",
	  "instruction replies per unknown number per day" },

	{ "areas", K_LIST, REQ, NULL, NULL, "communes and their villages" },
	{ "areas.[].code", K_STRING, REQ, NULL, NULL, "commune code" },
	{ "areas.[].name", K_STRING, REQ, NULL, NULL, "commune name" },
	{ "areas.[].group", K_STRING, OPT, NULL, NULL,
	  "optional grouping, e.g. a former district" },
	{ "areas.[].villages", K_LIST, REQ, NULL, NULL, "villages" },
	{ "areas.[].villages.[].code", K_STRING, REQ, NULL, NULL,
	  "village code (letters and digits)" },
	{ "areas.[].villages.[].name", K_STRING, REQ, NULL, NULL,
	  "village name" },

	{ "reporters", K_LIST, OPT, NULL, NULL, "registered reporters" },
	{ "reporters.[].phone", K_STRING, REQ, NULL, NULL, "phone number" },
	{ "reporters.[].name", K_STRING, REQ, NULL, NULL, "name" },
	{ "reporters.[].village", K_STRING, OPT, NULL, NULL, "village code" },
	{ "reporters.[].commune", K_STRING, OPT, NULL, NULL,
	  "commune code (commune-level reporter)" },

	{ "codebook", K_GROUP, REQ, NULL, NULL, "the reporting language" },
	{ "codebook.version", K_INT, OPT, "1", "1-1", "schema version" },
	{ "codebook.grace_days", K_INT, OPT, "10", "0-31",
	  "days into a month or quarter still for the previous one" },
	{ "codebook.prefixes", K_STRINGS, OPT, NULL, NULL,
	  "words skipped before a code" },
	{ "codebook.alert_flags", K_STRINGS, OPT, NULL, NULL,
	  "flags that always alert" },
	{ "codebook.vocabularies", K_LIST, REQ, NULL, NULL, "vocabularies" },
	{ "codebook.vocabularies.[].name", K_STRING, REQ, NULL, NULL, "name" },
	{ "codebook.vocabularies.[].label", K_STRING, OPT, NULL, NULL,
	  "name for people" },
	{ "codebook.vocabularies.[].values", K_LIST, REQ, NULL, NULL,
	  "values" },
	{ "codebook.vocabularies.[].values.[].value", K_STRING, REQ, NULL,
	  NULL, "canonical value" },
	{ "codebook.vocabularies.[].values.[].label", K_STRING, OPT, NULL,
	  NULL, "label in replies" },
	{ "codebook.vocabularies.[].values.[].words", K_STRINGS, REQ, NULL,
	  NULL, "words meaning the value" },
	{ "codebook.codes", K_LIST, REQ, NULL, NULL, "codes" },
	{ "codebook.codes.[].code", K_STRING, REQ, NULL, NULL,
	  "canonical code" },
	{ "codebook.codes.[].kind", K_ENUM, REQ, NULL,
	  "incident|coverage|zero|register|cancel|correct|help|status",
	  "what the code does" },
	{ "codebook.codes.[].name", K_STRING, REQ, NULL, NULL,
	  "name in replies" },
	{ "codebook.codes.[].aliases", K_STRINGS, OPT, NULL, NULL,
	  "other words for the code" },
	{ "codebook.codes.[].numbers", K_STRINGS, OPT, NULL, NULL,
	  "numeric slots: name, name?, name:MIN-MAX" },
	{ "codebook.codes.[].choices", K_LIST, OPT, NULL, NULL,
	  "vocabulary slots" },
	{ "codebook.codes.[].choices.[].vocab", K_STRING, REQ, NULL, NULL,
	  "vocabulary name" },
	{ "codebook.codes.[].choices.[].required", K_BOOL, OPT, "false", NULL,
	  "must be given" },
	{ "codebook.codes.[].choices.[].default", K_STRING, OPT, NULL, NULL,
	  "value when not given" },
	{ "codebook.codes.[].choices.[].position", K_ENUM, OPT, "any",
	  "any|first", "where the word may stand" },
	{ "codebook.codes.[].rules", K_STRINGS, OPT, NULL, NULL,
	  "consistency rules \"a <= b\"" },
	{ "codebook.codes.[].period", K_ENUM, OPT, "none",
	  "none|week|month|quarter", "reporting period" },
	{ "codebook.codes.[].grace_hours", K_INT, OPT, NULL, "0-2000",
	  "hours into a period still for the previous one" },
	{ "codebook.codes.[].max_age_months", K_INT, OPT, "215", "0-215",
	  "oldest age accepted" },
	{ "codebook.codes.[].alert", K_STRING, OPT, "never", NULL,
	  "always, never, or a flag or choice value" },
	{ "codebook.codes.[].usage", K_STRING, REQ, NULL, NULL,
	  "template and example for replies" },
	{ "codebook.codes.[].enabled", K_BOOL, OPT, "true", NULL,
	  "false to switch a code off" },
	{ "codebook.codes.[].title", K_STRING, OPT, NULL, NULL,
	  "name in e-mail, with diacritics (default: name)" },
	{ "codebook.codes.[].ratio", K_STRING, OPT, NULL, NULL,
	  "coverage: \"a / b\", the figure the digest compares" },
	{ "codebook.codes.[].target", K_INT, OPT, "100", "0-100",
	  "coverage: target percent for the ratio" },
	{ "codebook.codes.[].lower_is_better", K_BOOL, OPT, "false", NULL,
	  "coverage: the ratio should stay under the target" },
	{ "codebook.codes.[].remind", K_BOOL, OPT, "false", NULL,
	  "coverage: the monthly reminder asks for it (unless "
	  "reminders.monthly_codes lists the codes)" },
	{ "codebook.labels", K_GROUP, OPT, NULL, NULL,
	  "field name -> label in replies" },
	{ "codebook.labels.*", K_STRING, OPT, NULL, NULL, "a label" },
	{ "codebook.ussd", K_GROUP, OPT, NULL, NULL,
	  "USSD menu texts (GSM characters; names in codebook.conf)" },
	{ "codebook.ussd.*", K_STRING, OPT, NULL, NULL,
	  "a USSD text overriding the built-in one" },
	{ "codebook.replies", K_GROUP, REQ, NULL, NULL, "reply templates" },
	{ "codebook.replies.*", K_STRING, OPT, NULL, NULL,
	  "a reply template (names in codebook.conf)" },
	{ NULL, 0, 0, NULL, NULL, NULL }
};

const struct conf_key *
conf_key_find(const char *path)
{
	const struct conf_key *k;

	for (k = conf_keys; k->path != NULL; k++) {
		const char *p = k->path, *s = path;

		/* a trailing ".*" matches any one name in that group */
		while (*p != '\0' && *p == *s) {
			p++;
			s++;
		}
		if (*p == '\0' && *s == '\0')
			return k;
		if (p[0] == '*' && p[1] == '\0' && *s != '\0' &&
		    strchr(s, '.') == NULL)
			return k;
	}
	return NULL;
}
