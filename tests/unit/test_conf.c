/*
 * Config validation from strings: every kind of error is reported as
 * file:line, all of them in one run.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include "testutil.h"

/* The smallest valid config: the built-in default (areas + code book). */
static char *
with(const char *extra)
{
	size_t	a = strlen(extra), b = strlen(conf_embedded_default);
	char	*t = malloc(a + b + 2);

	memcpy(t, extra, a);
	t[a] = '\n';
	memcpy(t + a + 1, conf_embedded_default, b + 1);
	return t;
}

/* A copy of s with the first `from` replaced by `to` (caller frees). */
static char *
replace_once(const char *s, const char *from, const char *to)
{
	const char	*p = strstr(s, from);
	size_t		 a, b = strlen(to), c;
	char		*t;

	assert_non_null(p);
	a = (size_t)(p - s);
	c = strlen(p + strlen(from));
	t = malloc(a + b + c + 1);
	memcpy(t, s, a);
	memcpy(t + a, to, b);
	memcpy(t + a + b, p + strlen(from), c + 1);
	return t;
}

/* Loads; returns the error text (caller frees) or NULL on success. */
static char *
load(const char *text)
{
	struct conf	*c = NULL;
	char		*err = NULL;

	if (conf_load_string(text, "test.conf", NULL, &c, &err) == 0) {
		conf_free(c);
		return NULL;
	}
	return err;
}

static char *
load_with(const char *extra)
{
	char *t = with(extra), *err = load(t);

	free(t);
	return err;
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static void
default_is_valid(void **state)
{
	(void)state;
	assert_null(load(conf_embedded_default));
}

static void
syntax_error_has_line(void **state)
{
	char *err = load_with("\n\ndatabase = \"x\"\ntimezone = ;\n");

	(void)state;
	assert_non_null(err);
	assert_non_null(strstr(err, "test.conf:4: syntax error"));
	free(err);
}

static void
unknown_key(void **state)
{
	char *err = load_with("databse = \"x\";");

	(void)state;
	assert_string_equal(err, "test.conf:1: unknown key 'databse'\n");
	free(err);
}

static void
wrong_type(void **state)
{
	char *err = load_with("provider = { type = \"twilio\"; url = \"u\"; "
	    "poll_interval = \"30\"; };");

	(void)state;
	assert_string_equal(err, "test.conf:1: 'provider.poll_interval' must "
	    "be an integer\n");
	free(err);
}

static void
bad_enum(void **state)
{
	char *err = load_with("registration = \"maybe\";");

	(void)state;
	assert_string_equal(err, "test.conf:1: 'registration' must be one of "
	    "open,approval,closed, not \"maybe\"\n");
	free(err);
}

static void
missing_required(void **state)
{
	char *err = load_with("provider = { url = \"http://x\"; };");

	(void)state;
	assert_string_equal(err, "test.conf:1: missing required key "
	    "'provider.type'\n");
	free(err);
	err = load("database = \"x\";");
	assert_non_null(strstr(err, "missing required key 'areas'"));
	assert_non_null(strstr(err, "missing required key 'codebook'"));
	free(err);
}

static void
every_error_in_one_run(void **state)
{
	char *err = load_with(
	    "registration = \"maybe\";\n"
	    "colour = \"blue\";\n"
	    "provider = { type = \"twilio\"; url = \"u\"; timeout = true; };\n"
	    "digest = { time = \"7am\"; };\n"
	    "limits = { replies_per_hour = 5000; };\n");

	(void)state;
	assert_int_equal(count_lines(err), 5);
	assert_non_null(strstr(err, "test.conf:1: 'registration'"));
	assert_non_null(strstr(err, "test.conf:2: unknown key 'colour'"));
	assert_non_null(strstr(err, "test.conf:3: 'provider.timeout' must "
	    "be an integer"));
	assert_non_null(strstr(err, "test.conf:4: 'digest.time' must be a "
	    "time HH:MM"));
	assert_non_null(strstr(err, "test.conf:5: 'limits.replies_per_hour' "
	    "must be between 0 and 1000, not 5000"));
	free(err);
}

static void
list_element_keys(void **state)
{
	char *err = load_with("digest = { groups = ( { name = \"x\"; "
	    "to = [ \"a@b\" ]; communes = [ \"NOPE\" ]; colour = 1; } ); };");

	(void)state;
	assert_non_null(strstr(err, "test.conf:1: unknown key "
	    "'digest.groups.[].colour'"));
	free(err);
}

static char *
tmpfile_with(const char *content, mode_t mode)
{
	char	*path = strdup("/tmp/reportgw-test-XXXXXX");
	int	 fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)),
	    (ssize_t)strlen(content));
	fchmod(fd, mode);
	close(fd);
	return path;
}

static void
secret_file_readable_by_others(void **state)
{
	char	*key = tmpfile_with("k3y\n", 0644), *cfg, *err;
	char	 line[512];

	(void)state;
	snprintf(line, sizeof(line), "provider = { type = \"africastalking\"; "
	    "url = \"u\"; api_key_file = \"%s\"; };", key);
	err = load_with(line);
	assert_non_null(err);
	assert_non_null(strstr(err, "is readable by group or others "
	    "(mode 0644)"));
	free(err);
	chmod(key, 0600);
	assert_null(err = load_with(line));
	/* the secret is read, without its newline */
	cfg = with(line);
	{
		struct conf *c;

		assert_int_equal(conf_load_string(cfg, "t", NULL, &c, &err), 0);
		assert_string_equal(c->provider.api_key, "k3y");
		conf_free(c);
	}
	free(cfg);
	unlink(key);
	free(key);
}

static void
inline_secret_in_readable_file(void **state)
{
	char		*text = with("smtp = { url = \"smtp://x\"; from = \"a@b\"; "
			    "password = \"hunter2\"; };");
	char		*path = tmpfile_with(text, 0644), *err;
	struct conf	*c;

	(void)state;
	assert_int_equal(conf_load_file(path, &c, &err), -1);
	assert_non_null(strstr(err, ":1: 'smtp.password' is a secret, but"));
	assert_null(strstr(err, "hunter2"));	/* never echo a secret */
	free(err);
	chmod(path, 0600);
	assert_int_equal(conf_load_file(path, &c, &err), 0);
	assert_string_equal(c->smtp.password, "hunter2");
	conf_free(c);
	unlink(path);
	free(path);
	free(text);
}

static void
secret_given_twice(void **state)
{
	char *err = load_with("http = { token = \"a\"; token_file = \"/x\"; };");

	(void)state;
	assert_non_null(strstr(err, "give 'token' or 'token_file', not both"));
	free(err);
}

/* Loads the default with text inserted right after `anchor`. */
static char *
insert_after(const char *anchor, const char *text)
{
	const char	*p = strstr(conf_embedded_default, anchor);
	size_t		 n, a = strlen(text);
	char		*t, *err;

	assert_non_null(p);
	n = (size_t)(p - conf_embedded_default) + strlen(anchor);
	t = malloc(strlen(conf_embedded_default) + a + 1);
	memcpy(t, conf_embedded_default, n);
	memcpy(t + n, text, a);
	memcpy(t + n + a, p + strlen(anchor), strlen(p + strlen(anchor)) + 1);
	err = load(t);
	free(t);
	return err;
}

static void
semantic_errors(void **state)
{
	char *err;

	(void)state;
	err = insert_after("reporters = (", "{ phone = \"12\"; name = \"x\"; "
	    "village = \"BAT01\"; }, { phone = \"0912000999\"; name = \"y\"; "
	    "village = \"ZZZ01\"; },");
	assert_non_null(strstr(err, "reporter phone \"12\" is not a phone"));
	assert_non_null(strstr(err, "unknown village \"ZZZ01\""));
	free(err);
	err = load_with("timezone = \"Mars/Olympus\";");
	assert_string_equal(err, "test.conf:1: unknown time zone "
	    "\"Mars/Olympus\" (want e.g. \"Asia/Ho_Chi_Minh\")\n");
	free(err);
}

static void
codebook_errors(void **state)
{
	const char	*base = conf_embedded_default;
	char		*t, *err;
	const char	*p;
	size_t		 n;

	(void)state;
	/* rename the vocabulary "outcome" used by DN: unknown vocabulary */
	p = strstr(base, "{ name = \"outcome\"");
	assert_non_null(p);
	n = (size_t)(p - base);
	t = strdup(base);
	memcpy(t + n, "{ name = \"outcomx\"", 18);
	err = load(t);
	assert_non_null(strstr(err, "unknown vocabulary 'outcome'"));
	free(err);
	free(t);
	/* an alias naming two codes */
	p = strstr(base, "aliases = [ \"BAOLUC\"");
	n = (size_t)(p - base) + strlen("aliases = [ \"");
	t = strdup(base);
	memcpy(t + n, "XAMHAI", 6);
	err = load(t);
	assert_non_null(strstr(err, "alias \"XAMHAI\" of XH: already names "
	    "another code"));
	free(err);
	free(t);
	/* own words: a phrase naming two codes, a bad plausible age */
	t = replace_once(base, "phrases = [ \"bạo lực\"",
	    "phrases = [ \"xam hai\"");
	err = load(t);
	assert_non_null(strstr(err, "already names another code"));
	free(err);
	free(t);
	t = replace_once(base, "plausible_min_age = \"10y\"",
	    "plausible_min_age = \"10x\"");
	err = load(t);
	assert_non_null(strstr(err, "plausible_min_age \"10x\": want"));
	free(err);
	free(t);
	t = replace_once(base, "words_default = \"U\"",
	    "words_default = \"Z\"");
	err = load(t);
	assert_non_null(strstr(err, "words_default 'Z' is not a value of "
	    "'sex'"));
	free(err);
	free(t);
	t = replace_once(base, "usage = \"MN <tre 5 tuoi>",
	    "phrases = [ \"mam non\" ]; usage = \"MN <tre 5 tuoi>");
	err = load(t);
	assert_non_null(strstr(err, "only incident codes have phrases"));
	free(err);
	free(t);
}

/* The monthly reminder asks for the code book's remind = true codes. */
static void
reminder_codes_from_codebook(void **state)
{
	struct conf	*c = default_conf();
	const char	*p;
	char		*t, *err;
	size_t		 n;

	(void)state;
	assert_int_equal(c->reminders.monthly_codes.n, 4);
	assert_string_equal(c->reminders.monthly_codes.v[0], "MN");
	assert_string_equal(c->reminders.monthly_codes.v[1], "NTR");
	assert_string_equal(c->reminders.monthly_codes.v[2], "TC");
	assert_string_equal(c->reminders.monthly_codes.v[3], "KS");
	conf_free(c);
	/* remind on an incident code is an error */
	p = strstr(conf_embedded_default, "{ code = \"BL\";");
	assert_non_null(p);
	n = (size_t)(p - conf_embedded_default) + strlen("{ ");
	t = malloc(strlen(conf_embedded_default) + 16);
	memcpy(t, conf_embedded_default, n);
	memcpy(t + n, "remind = true; ", 15);
	memcpy(t + n + 15, conf_embedded_default + n,
	    strlen(conf_embedded_default + n) + 1);
	err = load(t);
	assert_non_null(err);
	assert_non_null(strstr(err, "code BL: remind is for coverage codes"));
	free(err);
	free(t);
}

/* Writes text to dir/name with mode; fails the test when it cannot. */
static void
put(const char *dir, const char *name, const char *text, mode_t mode)
{
	char	path[512];
	size_t	len = strlen(text);
	int	fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)) == -1 ||
	    write(fd, text, len) != (ssize_t)len)
		fail_msg("cannot write %s", path);
	close(fd);
}

/* Copies config/name of the source tree into dir. */
static void
copy_sample(const char *dir, const char *name)
{
	char	path[512], *text;
	FILE	*f;
	long	 n = 0;

	snprintf(path, sizeof(path), "%s/config/%s", SRCDIR, name);
	if ((f = fopen(path, "r")) == NULL || fseek(f, 0, SEEK_END) == -1 ||
	    (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) == -1)
		fail_msg("cannot read %s", path);
	text = calloc(1, (size_t)n + 1);
	if (text == NULL || fread(text, 1, (size_t)n, f) != (size_t)n)
		fail_msg("cannot read %s", path);
	fclose(f);
	put(dir, name, text, 0644);
	free(text);
}

static void
include_resolves_next_to_the_file(void **state)
{
	static const char *const files[] = { "reportgw.conf", "bacai.conf",
	    "labels.conf", "codebook.conf", "provider.key", "http.token",
	    "smtp.password" };
	struct conf	*c;
	char		*err, dir[] = "/tmp/test_conf.XXXXXX", path[512];
	size_t		 i;

	(void)state;
	/*
	 * The sample config includes bacai.conf and codebook.conf and names
	 * secret files next to itself, which an operator makes.
	 */
	if (mkdtemp(dir) == NULL)
		fail();
	for (i = 0; i < 4; i++)
		copy_sample(dir, files[i]);
	snprintf(path, sizeof(path), "%s/reportgw.conf", dir);
	if (chdir("/") == -1)
		fail();
	if (conf_load_file(path, &c, &err) == 0)
		fail_msg("the sample loads without its secret files");
	assert_non_null(strstr(err, "provider.key"));
	free(err);
	put(dir, "provider.key", "atsk_0123456789abcdef\n", 0600);
	put(dir, "http.token", "Zk3q9Lx2Vb7Rt5Wm\n", 0600);
	put(dir, "smtp.password", "correct-horse-battery\n", 0600);
	if (conf_load_file(path, &c, &err) == -1)
		fail_msg("%s", err);
	assert_int_equal(c->nvillages, 22);
	/* and it is fit for production: an absolute database, no demo */
	assert_string_equal(c->database, "/var/lib/reportgw/reportgw.db");
	if (c->warnings != NULL)
		fail_msg("%s", c->warnings);
	conf_free(c);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* A demo value in a config is a warning, with its file and line. */
static void
demo_values_warn(void **state)
{
	struct conf	*c;
	char		*err, *t;

	(void)state;
	t = with("database = \"var/r.db\";\n"
	    "provider = { type = \"africastalking\"; "
	    "url = \"http://127.0.0.1:8901/version1\"; };\n"
	    "smtp = { url = \"smtp://127.0.0.1:8925\"; from = \"a@b.org\"; "
	    "tls = \"off\"; };");
	if (conf_load_string(t, "test.conf", NULL, &c, &err) == -1)
		fail_msg("%s", err);
	assert_non_null(c->warnings);
	assert_non_null(strstr(c->warnings, "test.conf:1: warning: database"));
	assert_non_null(strstr(c->warnings, "test.conf:2: warning: provider.url"));
	assert_non_null(strstr(c->warnings, "test.conf:3: warning: smtp.url"));
	assert_int_equal(count_lines(c->warnings), 3);
	conf_free(c);
	free(t);
	/* Kannel on loopback is a real set-up, not the demo */
	t = with("provider = { type = \"kannel\"; "
	    "url = \"http://127.0.0.1:13013\"; };");
	if (conf_load_string(t, "test.conf", NULL, &c, &err) == -1)
		fail_msg("%s", err);
	assert_null(c->warnings);
	conf_free(c);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_is_valid),
		cmocka_unit_test(syntax_error_has_line),
		cmocka_unit_test(unknown_key),
		cmocka_unit_test(wrong_type),
		cmocka_unit_test(bad_enum),
		cmocka_unit_test(missing_required),
		cmocka_unit_test(every_error_in_one_run),
		cmocka_unit_test(list_element_keys),
		cmocka_unit_test(secret_file_readable_by_others),
		cmocka_unit_test(inline_secret_in_readable_file),
		cmocka_unit_test(secret_given_twice),
		cmocka_unit_test(semantic_errors),
		cmocka_unit_test(codebook_errors),
		cmocka_unit_test(reminder_codes_from_codebook),
		cmocka_unit_test(include_resolves_next_to_the_file),
		cmocka_unit_test(demo_values_warn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
