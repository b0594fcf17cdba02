/*
 * The table of configuration keys (gateway/conf/keys.c).
 */
#ifndef REPORTGW_KEYS_H
#define REPORTGW_KEYS_H

enum conf_type {
	K_STRING,
	K_INT,		/* range in `choices` as "MIN-MAX" */
	K_BOOL,
	K_ENUM,		/* a string, one of `choices` ("a|b|c") */
	K_TIME,		/* a string "HH:MM" */
	K_STRINGS,	/* an array or list of strings */
	K_GROUP,
	K_LIST,		/* a list of groups; elements are "path.[]" */
	K_SECRET,	/* a string allowed only in a 0600 file */
	K_SECRET_FILE	/* a path to a 0600 file holding a secret */
};

struct conf_key {
	const char	*path;
	enum conf_type	 type;
	int		 required;	/* within its (present) group */
	const char	*def;		/* default, as text */
	const char	*choices;	/* K_ENUM values, K_INT range */
	const char	*doc;
};

/* Terminated by an entry with a NULL path. */
extern const struct conf_key conf_keys[];

/* The entry for a path ("areas.[].code"), or NULL. */
const struct conf_key *conf_key_find(const char *path);

#endif
