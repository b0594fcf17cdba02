/*
 * Validation of a parsed config against the key table (keys.c): unknown
 * keys, types, enums, ranges, required keys, a secret given twice.
 * Every problem is recorded in the error list with its line; nothing is
 * copied out here (conf.c does that once the text is known to be good).
 */
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "errs.h"
#include "keys.h"
#include "validate.h"
#include "values.h"

#define PATH_BUF	256	/* bytes of a key path */


static int
in_choices(const char *choices, const char *s)
{
	size_t	len = strlen(s);
	const char *p = choices;

	while (p != NULL && *p != '\0') {
		const char *bar = strchr(p, '|');
		size_t n = bar != NULL ? (size_t)(bar - p) : strlen(p);

		if (n == len && strncmp(p, s, n) == 0)
			return 1;
		p = bar != NULL ? bar + 1 : NULL;
	}
	return 0;
}

int
conf_valid_time(const char *s, int *h, int *m)
{
	if (strlen(s) != 5 || s[2] != ':' ||
	    strspn(s, "0123456789") != 2 || strspn(s + 3, "0123456789") != 2)
		return 0;
	*h = (s[0] - '0') * 10 + (s[1] - '0');
	*m = (s[3] - '0') * 10 + (s[4] - '0');
	return *h < 24 && *m < 60;
}

/* "MIN-MAX" from the key table. */
static int
range_of(const char *s, long long *lo, long long *hi)
{
	char *end;

	*lo = strtoll(s, &end, 10);
	if (end == s || *end != '-')
		return 0;
	s = end + 1;
	*hi = strtoll(s, &end, 10);
	return end != s && *end == '\0';
}

static void validate_group(struct conf_errs *, const config_setting_t *,
    const char *);

static const char *
type_name(enum conf_type t)
{
	switch (t) {
	case K_INT:
		return "an integer";
	case K_BOOL:
		return "true or false";
	case K_STRINGS:
		return "a list of strings [ \"a\", \"b\" ]";
	case K_GROUP:
		return "a group { ... }";
	case K_LIST:
		return "a list of groups ( { ... }, ... )";
	default:
		return "a string";
	}
}

static void
check_setting(struct conf_errs *e, const config_setting_t *s,
    const struct conf_key *k, const char *path)
{
	int		 type = config_setting_type(s), ok, i, n, h, m;
	const char	*str;
	long long	 v, lo, hi;
	char		 sub[PATH_BUF + 8];

	switch (k->type) {
	case K_STRING:
	case K_ENUM:
	case K_TIME:
	case K_SECRET:
	case K_SECRET_FILE:
		ok = type == CONFIG_TYPE_STRING;
		break;
	case K_INT:
		ok = type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64;
		break;
	case K_BOOL:
		ok = type == CONFIG_TYPE_BOOL;
		break;
	case K_STRINGS:
		ok = type == CONFIG_TYPE_ARRAY || type == CONFIG_TYPE_LIST;
		break;
	case K_GROUP:
		ok = type == CONFIG_TYPE_GROUP;
		break;
	case K_LIST:
		ok = type == CONFIG_TYPE_LIST;
		break;
	default:
		ok = 0;
	}
	if (!ok) {
		conf_err(e, s, "'%s' must be %s", path, type_name(k->type));
		return;
	}
	switch (k->type) {
	case K_ENUM:
		str = config_setting_get_string(s);
		if (!in_choices(k->choices, str)) {
			char list[256];
			size_t j;

			snprintf(list, sizeof(list), "%s", k->choices);
			for (j = 0; list[j] != '\0'; j++)
				if (list[j] == '|')
					list[j] = ',';
			conf_err(e, s, "'%s' must be one of %s, not \"%s\"",
			    path, list, str);
		}
		break;
	case K_TIME:
		if (!conf_valid_time(config_setting_get_string(s), &h, &m))
			conf_err(e, s, "'%s' must be a time HH:MM, not \"%s\"",
			    path, config_setting_get_string(s));
		break;
	case K_INT:
		v = config_setting_get_int64(s);
		if (k->choices != NULL && range_of(k->choices, &lo, &hi) &&
		    (v < lo || v > hi))
			conf_err(e, s, "'%s' must be between %lld and %lld, "
			    "not %lld", path, lo, hi, v);
		break;
	case K_STRINGS:
		n = config_setting_length(s);
		for (i = 0; i < n; i++)
			if (config_setting_type(config_setting_get_elem(s,
			    (unsigned)i)) != CONFIG_TYPE_STRING) {
				conf_err(e, s, "'%s' must hold only strings",
				    path);
				break;
			}
		break;
	case K_GROUP:
		validate_group(e, s, path);
		break;
	case K_LIST:
		snprintf(sub, sizeof(sub), "%s.[]", path);
		n = config_setting_length(s);
		for (i = 0; i < n; i++) {
			const config_setting_t *el = config_setting_get_elem(s,
			    (unsigned)i);

			if (config_setting_type(el) != CONFIG_TYPE_GROUP)
				conf_err(e, el, "each element of '%s' must be "
				    "a group { ... }", path);
			else
				validate_group(e, el, sub);
		}
		break;
	case K_SECRET:
		(void)conf_secret_inline(e, s, path);
		break;
	case K_SECRET_FILE: {
		char *secret = conf_secret_file(e, s, path);

		if (secret != NULL) {
			explicit_bzero(secret, strlen(secret));
			free(secret);
		}
		break;
	}
	default:
		break;
	}
}

/* Whether key path `k` is a direct child of group path `parent`. */
static const char *
child_name(const char *k, const char *parent)
{
	size_t plen = strlen(parent);

	if (plen == 0)
		return strchr(k, '.') == NULL ? k : NULL;
	if (strncmp(k, parent, plen) != 0 || k[plen] != '.' ||
	    strchr(k + plen + 1, '.') != NULL)
		return NULL;
	return k + plen + 1;
}

static void
validate_group(struct conf_errs *e, const config_setting_t *g,
    const char *path)
{
	const struct conf_key	*k;
	char			 p[PATH_BUF];
	int			 i, n = config_setting_length(g);

	for (i = 0; i < n; i++) {
		const config_setting_t	*s = config_setting_get_elem(g,
					    (unsigned)i);
		const char		*name = config_setting_name(s);

		snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "",
		    name != NULL ? name : "?");
		if ((k = conf_key_find(p)) == NULL) {
			/* a flood of them is reported as a count */
			if (++e->unknown <= CONF_UNKNOWN_MAX)
				conf_err(e, s, "unknown key '%s'", p);
			else if (e->unknown == CONF_UNKNOWN_MAX + 1) {
				e->more_file = conf_file_of(e, s);
				e->more_line = conf_line_of(e, s);
			}
			continue;
		}
		check_setting(e, s, k, p);
	}
	for (k = conf_keys; k->path != NULL; k++) {
		const char *name = child_name(k->path, path);
		char secret_file[PATH_BUF];

		if (name == NULL || strcmp(name, "*") == 0)
			continue;
		if (k->required && config_setting_get_member(g, name) == NULL)
			conf_err(e, g, "missing required key '%s'", k->path);
		snprintf(secret_file, sizeof(secret_file), "%s_file", name);
		if (k->type == K_SECRET &&
		    config_setting_get_member(g, name) != NULL &&
		    config_setting_get_member(g, secret_file) != NULL)
			conf_err(e, config_setting_get_member(g, name),
			    "give '%s' or '%s', not both", name, secret_file);
	}
}

void
conf_validate(struct conf_errs *e, const config_setting_t *root)
{
	validate_group(e, root, "");
}
