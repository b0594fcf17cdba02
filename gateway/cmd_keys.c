/*
 * `reportgw keys`: the configuration key table, as text or as the key list
 * of reportgw.conf(5), each key with an example from the sample config.
 */
#include <libconfig.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "keys.h"
#include "mdoc.h"
#include "xmalloc.h"

static const char *
type_text(enum conf_type t)
{
	static const char *const names[] = { "string", "integer", "boolean",
	    "enum", "time", "strings", "group", "list", "secret",
	    "secret file" };

	return names[t];
}

/*
 * The setting at a key path ("areas.[].villages.[].code") in a loaded
 * config: "[]" and "*" stand for any element, and the first one that has
 * the rest of the path is taken.
 */
static config_setting_t *
example_at(config_setting_t *s, const char *path)
{
	config_setting_t	*e;
	const char		*dot = strchr(path, '.');
	char			 name[64];
	size_t			 len = dot != NULL ? (size_t)(dot - path) :
				    strlen(path);
	int			 i;

	if (s == NULL || len == 0 || len >= sizeof(name))
		return NULL;
	memcpy(name, path, len);
	name[len] = '\0';
	if (strcmp(name, "[]") != 0 && strcmp(name, "*") != 0) {
		e = config_setting_get_member(s, name);
		return dot == NULL || e == NULL ? e : example_at(e, dot + 1);
	}
	for (i = 0; (e = config_setting_get_elem(s, (unsigned)i)) != NULL; i++) {
		config_setting_t *found = dot == NULL ? e :
		    example_at(e, dot + 1);

		if (found != NULL)
			return found;
	}
	return NULL;
}

/*
 * The helpers below write as snprintf does: at most size bytes with the
 * NUL, and return the length the whole text needs, so a caller sees when
 * it did not fit.
 */

/* v as a libconfig string literal. */
static size_t
example_quote(const char *v, char *buf, size_t size)
{
	size_t n = 0;

#define EX_CHAR(c) do { if (n + 1 < size) buf[n] = (c); n++; } while (0)
	EX_CHAR('"');
	for (; *v != '\0'; v++) {
		if (*v == '"' || *v == '\\')
			EX_CHAR('\\');
		EX_CHAR(*v);
	}
	EX_CHAR('"');
#undef EX_CHAR
	if (size > 0)
		buf[n < size ? n : size - 1] = '\0';
	return n;
}

/* A scalar setting as libconfig text into buf, its length in *len; 0
 * when it is not a scalar. */
static int
example_scalar(const config_setting_t *s, char *buf, size_t size,
    size_t *len)
{
	int n;

	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
		n = snprintf(buf, size, "%d", config_setting_get_int(s));
		break;
	case CONFIG_TYPE_INT64:
		n = snprintf(buf, size, "%lld", config_setting_get_int64(s));
		break;
	case CONFIG_TYPE_FLOAT:
		n = snprintf(buf, size, "%g", config_setting_get_float(s));
		break;
	case CONFIG_TYPE_BOOL:
		n = snprintf(buf, size, "%s", config_setting_get_bool(s) ?
		    "true" : "false");
		break;
	case CONFIG_TYPE_STRING:
		*len = example_quote(config_setting_get_string(s), buf, size);
		return 1;
	default:
		return 0;
	}
	*len = n < 0 ? size : (size_t)n;
	return 1;
}

/*
 * A setting as short libconfig text: scalars as they are; groups, lists
 * and arrays with their first members or elements (two at the top, one
 * below it, "..." for the rest), nested at most two deep.
 */
static size_t
example_value(const config_setting_t *s, int depth, char *out, size_t size)
{
	const config_setting_t	*e;
	const char		*open, *close, *sep;
	size_t			 n = 0;
	int			 i, count, shown = depth == 0 ? 2 : 1;

	if (example_scalar(s, out, size, &n))
		return n;
#define EX_PUT(...) (n += (size_t)snprintf(out + (n < size ? n : 0), \
	    n < size ? size - n : 0, __VA_ARGS__))
	if (config_setting_is_group(s)) {
		open = "{ ", close = " }", sep = " ";
	} else if (config_setting_is_array(s)) {
		open = "[ ", close = " ]", sep = ", ";
	} else {
		open = "( ", close = " )", sep = ", ";
	}
	count = config_setting_length(s);
	EX_PUT("%s", open);
	if (depth >= 2 && count > 0)
		shown = 0;
	for (i = 0; i < count && i < shown; i++) {
		e = config_setting_get_elem(s, (unsigned)i);
		if (i > 0)
			EX_PUT("%s", sep);
		if (config_setting_is_group(s))
			EX_PUT("%s = ", config_setting_name(e));
		n += example_value(e, depth + 1, out + (n < size ? n : 0),
		    n < size ? size - n : 0);
		if (config_setting_is_group(s))
			EX_PUT(";");
	}
	if (count > shown)
		EX_PUT("%s...", shown > 0 ? sep : "");
	EX_PUT("%s", close);
#undef EX_PUT
	return n;
}

/* Examples for the keys the sample config leaves out. */
static const struct {
	const char	*path, *example;
} key_examples[] = {
	{ "user", "user = \"reportgw\";" },
	{ "provider.api_key", "api_key = \"atsk_0123456789abcdef\";" },
	{ "provider.generic", "generic = { list_url = "
	  "\"https://gw.example.org/api/inbox\"; cursor_param = \"since\"; "
	  "... };" },
	{ "provider.generic.list_url",
	  "list_url = \"https://gw.example.org/api/inbox\";" },
	{ "provider.generic.cursor_param", "cursor_param = \"since\";" },
	{ "provider.generic.cursor_field", "cursor_field = \"received\";" },
	{ "provider.generic.send_url",
	  "send_url = \"https://gw.example.org/api/send\";" },
	{ "reminders.monthly_codes", "monthly_codes = [ \"MN\", \"KS\" ];" },
	{ "codebook.accepted_slips", "accepted_slips = [ \"MN MO\" ];" },
	{ "http.token", "token = \"Zk3q9Lx2Vb7Rt5Wm\";" },
	{ "http.webhook", "webhook = { id = \"messageId\"; from = "
	  "\"msisdn\"; ... };" },
	{ "web", "web = { users = ( { name = \"lan\"; ... } ); };" },
	{ "web.users", "users = ( { name = \"lan\"; password_hash = "
	  "\"$argon2id$v=19$m=65536,t=2,p=1$...\"; role = \"officer\"; "
	  "communes = [ \"BAT\" ]; } );" },
	{ "web.users.[].name", "name = \"lan\";" },
	{ "web.users.[].password_hash", "password_hash = "
	  "\"$argon2id$v=19$m=65536,t=2,p=1$...\";" },
	{ "web.users.[].role", "role = \"officer\";" },
	{ "web.users.[].communes", "communes = [ \"BAT\", \"BAI\" ];" },
	{ "web.tls_cert_file",
	  "tls_cert_file = \"/etc/reportgw/web.crt\";" },
	{ "web.tls_key_file", "tls_key_file = \"/etc/reportgw/web.key\";" },
	{ "web.trusted_proxies", "trusted_proxies = [ \"127.0.0.1\" ];" },
	{ "smtp.username", "username = \"reportgw@bacai.example.org\";" },
	{ "smtp.password", "password = \"correct-horse-battery\";" },
	{ "smtp.password_file",
	  "password_file = \"/etc/reportgw/smtp.password\";" },
	{ "smtp.ca_file", "ca_file = \"/etc/ssl/certs/ca-certificates.crt\";" },
	{ "card", "card = { number = \"0905000100\"; };" },
	{ "card.number", "number = \"0905000100\";" },
	{ "dhis2", "dhis2 = { url = \"https://dhis2.example.org\"; "
	  "token_file = \"dhis2.token\"; ... };" },
	{ "dhis2.url", "url = \"https://dhis2.example.org\";" },
	{ "dhis2.token", "token = \"d2pat_0123456789abcdef\";" },
	{ "dhis2.token_file", "token_file = \"/etc/reportgw/dhis2.token\";" },
	{ "dhis2.data_set", "data_set = \"BVTE_MONTHLY\";" },
	{ "dhis2.org_units", "org_units = { BAT = \"VN_KH_BAT\"; ... };" },
	{ "dhis2.data_elements", "data_elements = { BL = \"BVTE_BL\"; "
	  "MN_attending = \"BVTE_MN_ATT\"; ... };" },
	{ "dhis2.category_option_combos", "category_option_combos = { "
	  "F_0_4 = \"F_0_4\"; M_15_17 = \"M_15_17\"; default = "
	  "\"default\"; ... };" },
	{ "dhis2.org_units.*", "BAT = \"VN_KH_BAT\";" },
	{ "dhis2.data_elements.*", "MN_attending = \"BVTE_MN_ATT\";" },
	{ "dhis2.category_option_combos.*", "F_5_9 = \"F_5_9\";" },
	{ "dhis2.push", "push = { monthly = true; day = 5; };" },
	{ "reports.to", "to = [ \"huyen@bacai.example.org\" ];" },
};

/*
 * The key's example line: from the sample config, else from the table
 * above, else its default.
 */
static void
key_example(const struct conf_key *k, config_t *sample, char *out,
    size_t size)
{
	config_setting_t	*s;
	const char		*name = strrchr(k->path, '.');
	size_t			 i;

	name = name != NULL ? name + 1 : k->path;
	out[0] = '\0';
	if (sample != NULL &&
	    (s = example_at(config_root_setting(sample), k->path)) != NULL) {
		size_t n = (size_t)snprintf(out, size, "%s = ",
		    config_setting_name(s) != NULL ? config_setting_name(s) :
		    name);

		if (n < size)
			n += example_value(s, 0, out + n, size - n);
		if (n + 1 < size) {
			out[n] = ';';
			out[n + 1] = '\0';
			return;
		}
		out[0] = '\0';		/* too long to show */
	}
	for (i = 0; i < sizeof(key_examples) / sizeof(key_examples[0]); i++)
		if (strcmp(key_examples[i].path, k->path) == 0) {
			snprintf(out, size, "%s", key_examples[i].example);
			return;
		}
	if (k->def == NULL || strcmp(name, "*") == 0)
		return;
	if (k->type == K_INT || k->type == K_BOOL)
		snprintf(out, size, "%s = %s;", name, k->def);
	else {
		char v[256];

		if (example_quote(k->def, v, sizeof(v)) < sizeof(v))
			snprintf(out, size, "%s = %s;", name, v);
	}
}

static int
keys_mdoc(const char *sample_path)
{
	const struct conf_key	*k;
	config_t		 sample;
	char			 ex[320], *dir;
	size_t			 i;

	for (i = 0; i < sizeof(key_examples) / sizeof(key_examples[0]); i++)
		if (conf_key_find(key_examples[i].path) == NULL) {
			fprintf(stderr, "reportgw: example for %s, which is not "
			    "a key\n", key_examples[i].path);
			return EXIT_FAILURE;
		}
	if (sample_path != NULL) {
		config_init(&sample);
		dir = xstrdup(sample_path);
		config_set_include_dir(&sample, dirname(dir));
		if (config_read_file(&sample, sample_path) != CONFIG_TRUE &&
		    config_error_type(&sample) == CONFIG_ERR_FILE_IO) {
			fprintf(stderr, "reportgw: %s: cannot read it\n",
			    sample_path);
			config_destroy(&sample);
			free(dir);
			return EXIT_FAILURE;
		} else if (config_error_type(&sample) != CONFIG_ERR_NONE) {
			fprintf(stderr, "reportgw: %s:%d: %s\n",
			    config_error_file(&sample) != NULL ?
			    config_error_file(&sample) : sample_path,
			    config_error_line(&sample),
			    config_error_text(&sample));
			config_destroy(&sample);
			free(dir);
			return EXIT_FAILURE;
		}
		free(dir);
	}
	for (k = conf_keys; k->path != NULL; k++) {
		printf(".It Cm %s Pq %s%s\n", k->path, type_text(k->type),
		    k->required ? ", required" : "");
		mdoc_text(stdout, k->doc);
		printf(".\n");
		if (k->choices != NULL && k->type == K_ENUM) {
			printf("One of: ");
			mdoc_text(stdout, k->choices);
			printf(".\n");
		}
		if (k->def != NULL) {
			printf("Default: ");
			mdoc_text(stdout, k->def);
			printf(".\n");
		}
		key_example(k, sample_path != NULL ? &sample : NULL, ex,
		    sizeof(ex));
		if (ex[0] != '\0') {
			printf("Example:\n.Ql ");
			mdoc_arg(stdout, ex);
			printf("\n");
		} else if (sample_path != NULL) {
			/* the page promises an example for every key */
			fprintf(stderr, "reportgw: no example for %s: add one "
			    "to the sample config or to key_examples\n",
			    k->path);
			config_destroy(&sample);
			return EXIT_FAILURE;
		}
	}
	if (sample_path != NULL)
		config_destroy(&sample);
	return EXIT_OK;
}

int
cmd_keys(int argc, char **argv)
{
	const struct conf_key *k;

	if (argc == 2 && strcmp(argv[1], "--mdoc") == 0)
		return keys_mdoc(NULL);
	if (argc == 3 && strcmp(argv[1], "--mdoc") == 0)
		return keys_mdoc(argv[2]);
	if (argc > 1)
		cli_usage("keys [--mdoc [SAMPLE-CONFIG]]");
	for (k = conf_keys; k->path != NULL; k++)
		printf("%-44s %-11s %-8s %s%s%s\n", k->path, type_text(k->type),
		    k->required ? "required" : "", k->doc,
		    k->def != NULL ? "; default: " : "",
		    k->def != NULL ? k->def : "");
	return EXIT_OK;
}
