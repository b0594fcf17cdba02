/*
 * `reportgw card`: the printed card of the reporting language, two A6
 * pages of HTML for a browser to print.  The front: the number to text,
 * the USSD code, the emergency numbers and the codes used most (the code
 * book's menu ranks), each with its title and its example read back in
 * words.  The back: how to write sex, age and the choices of those codes,
 * the flags, the other messages (nothing to report, correct, cancel,
 * help), the other codes by name, and with --commune the village codes.
 * Everything comes from the config: code book, labels.conf (with
 * diacritics), card.number and ussd.code; everything is HTML-escaped.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "card_labels.h"
#include "cli.h"
#include "digest.h"
#include "reportjson.h"
#include "sms.h"
#include "usage.h"
#include "xmalloc.h"

#define CARD_MAX	(256 * 1024)	/* bytes of HTML */
#define CARD_EXAMPLES	6	/* codes with an example on the front */
#define CARD_VILLAGES	16	/* village codes on the back */

/* Examples are read as on this day (they name no period). */
static const struct local_time card_at = { 2026, 11, 20, 10, 0 };

/* A6; Chromium knows no "A6" keyword, so the size follows in mm */
static const char card_css[] =
    "@page{size:A6;size:105mm 148mm;margin:5mm}\n"
    "html,body{margin:0;padding:0}\n"
    "body{font-family:\"DejaVu Sans\",\"Noto Sans\",Arial,sans-serif;"
    "font-size:8.4pt;line-height:1.25;color:#000}\n"
    ".page{box-sizing:border-box}\n"
    ".front{break-after:page;page-break-after:always}\n"
    "h1{font-size:12pt;margin:0 0 1mm}\n"
    "h2{font-size:8.6pt;margin:2mm 0 .8mm;border-bottom:.3mm solid #000}\n"
    "p{margin:.6mm 0}\n"
    ".big{font-size:15pt;font-weight:bold;letter-spacing:.3mm}\n"
    ".sos{font-weight:bold;border:.4mm solid #000;padding:.8mm 1.2mm}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "th{text-align:left;vertical-align:top;padding:.4mm 1.5mm .4mm 0;"
    "white-space:nowrap}\n"
    "td{vertical-align:top;padding:.4mm 0}\n"
    "code{font-family:\"DejaVu Sans Mono\",monospace;font-weight:bold;"
    "white-space:nowrap}\n"
    ".ex{display:block;color:#222}\n";

struct card {
	const struct conf	*c;
	const struct codebook	*cb;
	const char		*commune;	/* code, or NULL */
	struct buf		 b;
};

/* ---- text ---- */

static void
html(struct card *k, const char *s)
{
	buf_html(&k->b, s);
}

/* The first n bytes of s, escaped. */
static void
html_n(struct card *k, const char *s, size_t n)
{
	char *head = xstrndup(s, n);

	buf_html(&k->b, head);
	free(head);
}

static void
label(struct card *k, const char *name)
{
	html(k, conf_label(k->c, name));
}

/*
 * A label with one {var}: the label's text escaped, the value escaped in
 * a <b>; other placeholders are left as they are written.
 */
static void
label_with(struct card *k, const char *name, const char *var,
    const char *value)
{
	const char	*t = conf_label(k->c, name), *at;
	char		 ph[64];

	snprintf(ph, sizeof(ph), "{%s}", var);
	if ((at = strstr(t, ph)) == NULL) {
		html(k, t);
		return;
	}
	html_n(k, t, (size_t)(at - t));
	buf_add(&k->b, "<b>");
	html(k, value);
	buf_add(&k->b, "</b>");
	html(k, at + strlen(ph));
}

/* A vocabulary value as people read it: labels.conf, else the code book. */
static const char *
value_label(const struct card *k, int vocab, int value, char *key,
    size_t keysz)
{
	const struct cb_vocab	*v = &k->cb->vocabs[vocab];
	const char		*l;

	snprintf(key, keysz, "%s_%s", v->name, v->values[value].value);
	if ((l = conf_label(k->c, key)) != key)
		return l;
	return v->values[value].label[0] != '\0' ? v->values[value].label :
	    v->values[value].value;
}

/* A vocabulary's heading: labels.conf vocab_NAME, else its plain label. */
static void
vocab_heading(struct card *k, int vocab)
{
	const struct cb_vocab	*v = &k->cb->vocabs[vocab];
	const char		*l, *p;
	char			 key[CB_WORD_MAX + 8];

	snprintf(key, sizeof(key), "vocab_%s", v->name);
	if ((l = conf_label(k->c, key)) != key) {
		html(k, l);
		return;
	}
	l = v->label[0] != '\0' ? v->label : v->name;
	p = strstr(l, " (");		/* without its SMS hint */
	html_n(k, l, p != NULL ? (size_t)(p - l) : strlen(l));
}

/* ---- the front ---- */

/* What an example says, in the e-mail words: "1 trẻ gái 9 tuổi, tử vong". */
static void
example_words(struct card *k, const char *sms)
{
	struct sms_result	 r;
	struct buf		 who, what;
	json_t			*o;
	char			*det;

	if (sms_parse(k->cb, sms, strlen(sms), &card_at, &r) != SMS_OK ||
	    r.kind != CB_INCIDENT || (o = json_object()) == NULL)
		return;
	if (report_json_fields(k->cb, &r.report, 1, o) == -1 ||
	    (det = json_dumps(o, JSON_COMPACT)) == NULL) {
		json_decref(o);
		return;
	}
	json_decref(o);
	buf_init(&who, 1024);
	buf_init(&what, 1024);
	digest_describe(k->c, det, &who, &what);
	free(det);
	buf_add(&k->b, " = ");
	html(k, who.p != NULL ? who.p : "");
	if (what.len > 0) {
		buf_add(&k->b, ", ");
		html(k, what.p);
	}
	buf_free(&who);
	buf_free(&what);
}

/* The codes on the front: the ranked ones, else the first ones. */
static int
front_codes(const struct card *k, int out[CB_MAX_CODES])
{
	int n = codebook_menu(k->cb, CB_INCIDENT, out), ranked = 0;

	while (ranked < n && k->cb->codes[out[ranked]].menu > 0)
		ranked++;
	n = ranked > 0 ? ranked : n;
	return n < CARD_EXAMPLES ? n : CARD_EXAMPLES;
}

static void
front(struct card *k, const int *codes, int n)
{
	const struct conf_commune	*cm;
	struct code_usage		 u;
	int				 i;

	buf_add(&k->b, "<section class=\"page front\">\n<h1>");
	label(k, "card_title");
	buf_add(&k->b, "</h1>\n");
	if (k->commune != NULL &&
	    (cm = conf_commune(k->c, k->commune)) != NULL) {
		buf_add(&k->b, "<p>");
		label_with(k, "card_commune", "commune", cm->name);
		buf_add(&k->b, "</p>\n");
	}
	buf_add(&k->b, "<p>");
	label(k, "card_sms");
	buf_add(&k->b, "<br><span class=\"big\">");
	html(k, k->c->card_number);
	buf_add(&k->b, "</span></p>\n");
	if (k->c->ussd_code != NULL) {
		buf_add(&k->b, "<p>");
		label_with(k, "card_ussd", "code", k->c->ussd_code);
		buf_add(&k->b, "</p>\n");
	}
	buf_add(&k->b, "<p class=\"sos\">");
	label(k, "card_emergency");
	buf_add(&k->b, "</p>\n<h2>");
	label(k, "card_codes");
	buf_add(&k->b, "</h2>\n<p>");
	label(k, "card_how");
	buf_add(&k->b, "</p>\n<table>\n");
	for (i = 0; i < n; i++) {
		const struct cb_code *c = &k->cb->codes[codes[i]];

		code_usage(c, &u);
		buf_add(&k->b, "<tr><th><code>");
		html(k, c->code);
		buf_add(&k->b, "</code></th><td><b>");
		html(k, c->title);
		buf_add(&k->b, "</b><span class=\"ex\">");
		label(k, "card_example");
		buf_add(&k->b, ": <code>");
		html(k, u.example);
		buf_add(&k->b, "</code>");
		example_words(k, u.example);
		buf_add(&k->b, "</span></td></tr>\n");
	}
	buf_add(&k->b, "</table>\n</section>\n");
}

/* ---- the back ---- */

/* One row of words: "<th>heading</th><td>T = trai · G = gái ...</td>". */
static void
word_row(struct card *k, int vocab)
{
	const struct cb_vocab	*v = &k->cb->vocabs[vocab];
	char			 key[2 * CB_WORD_MAX + 2];
	int			 i, shown = 0;

	buf_add(&k->b, "<tr><th>");
	vocab_heading(k, vocab);
	buf_add(&k->b, "</th><td>");
	for (i = 0; i < v->nvalues; i++) {
		const char *w = codebook_value_word(k->cb, vocab, i);

		if (w == NULL)
			continue;
		if (shown++ > 0)
			buf_add(&k->b, " · ");
		buf_add(&k->b, "<code>");
		html(k, w);
		buf_add(&k->b, "</code> = ");
		html(k, value_label(k, vocab, i, key, sizeof(key)));
	}
	buf_add(&k->b, "</td></tr>\n");
}

/* "9 = 9 tuổi · 8TH = 8 tháng", from the code book's unit words. */
static void
age_row(struct card *k)
{
	const char *m = codebook_value_word(k->cb, CB_VOCAB_AGE_UNIT,
	    codebook_value(k->cb, CB_VOCAB_AGE_UNIT, "months"));

	buf_add(&k->b, "<tr><th>");
	label(k, "card_age");
	buf_add(&k->b, "</th><td><code>9</code> = 9 ");
	label(k, "years");
	if (m != NULL) {
		buf_add(&k->b, " · <code>8");
		html(k, m);
		buf_add(&k->b, "</code> = 8 ");
		label(k, "months");
	}
	buf_add(&k->b, "</td></tr>\n");
}

/* The vocabularies the front's codes choose from, each once. */
static void
choice_rows(struct card *k, const int *codes, int n)
{
	int seen[CB_MAX_VOCABS] = { 0 }, i, j;

	for (i = 0; i < n; i++) {
		const struct cb_code *c = &k->cb->codes[codes[i]];

		for (j = 0; j < c->nchoices; j++) {
			int v = c->choices[j].vocab;

			if (v < CB_NBUILTIN_VOCABS || seen[v])
				continue;
			seen[v] = 1;
			word_row(k, v);
		}
	}
}

/* A list "CODE title · CODE title ..." of the codes of a kind not in skip. */
static void
code_list(struct card *k, enum cb_kind kind, const int *skip, int nskip)
{
	int order[CB_MAX_CODES], n = codebook_menu(k->cb, kind, order), i, j;
	int shown = 0;

	buf_add(&k->b, "<p>");
	for (i = 0; i < n; i++) {
		for (j = 0; j < nskip && skip[j] != order[i]; j++)
			;
		if (j < nskip)
			continue;
		if (shown++ > 0)
			buf_add(&k->b, " · ");
		buf_add(&k->b, "<code>");
		html(k, k->cb->codes[order[i]].code);
		buf_add(&k->b, "</code> ");
		html(k, k->cb->codes[order[i]].title);
	}
	buf_add(&k->b, "</p>\n");
}

static void
other_messages(struct card *k)
{
	static const enum cb_kind kinds[] = { CB_ZERO, CB_CORRECT, CB_CANCEL,
				    CB_HELP };
	struct code_usage	 u;
	int			 order[CB_MAX_CODES], i, n;
	size_t			 t;

	buf_add(&k->b, "<h2>");
	label(k, "card_other");
	buf_add(&k->b, "</h2>\n<table>\n");
	for (t = 0; t < sizeof(kinds) / sizeof(kinds[0]); t++) {
		n = codebook_menu(k->cb, kinds[t], order);
		for (i = 0; i < n && i < 1; i++) {
			const struct cb_code *c = &k->cb->codes[order[i]];

			code_usage(c, &u);
			buf_add(&k->b, "<tr><th><code>");
			html(k, c->code);
			buf_add(&k->b, "</code></th><td>");
			html(k, c->title);
			buf_add(&k->b, ": <code>");
			html(k, u.example);
			buf_add(&k->b, "</code></td></tr>\n");
		}
	}
	buf_add(&k->b, "</table>\n<p>");
	label(k, "card_ref");
	buf_add(&k->b, "</p>\n");
}

static void
villages(struct card *k)
{
	size_t	i;
	int	shown = 0;

	if (k->commune == NULL)
		return;
	buf_add(&k->b, "<h2>");
	label(k, "card_villages");
	buf_add(&k->b, "</h2>\n<p>");
	for (i = 0; i < k->c->nvillages && shown < CARD_VILLAGES; i++) {
		const struct conf_village *v = &k->c->villages[i];

		if (strcmp(v->commune, k->commune) != 0)
			continue;
		if (shown++ > 0)
			buf_add(&k->b, " · ");
		buf_add(&k->b, "<code>");
		html(k, v->code);
		buf_add(&k->b, "</code> ");
		html(k, v->name);
	}
	buf_add(&k->b, "</p>\n");
}

static void
back(struct card *k, const int *codes, int n)
{
	buf_add(&k->b, "<section class=\"page back\">\n<h2>");
	label(k, "card_words");
	buf_add(&k->b, "</h2>\n<table>\n");
	word_row(k, CB_VOCAB_SEX);
	age_row(k);
	choice_rows(k, codes, n);
	word_row(k, CB_VOCAB_FLAG);
	buf_add(&k->b, "</table>\n");
	other_messages(k);
	buf_add(&k->b, "<h2>");
	label(k, "card_more");
	buf_add(&k->b, "</h2>\n");
	code_list(k, CB_INCIDENT, codes, n);
	buf_add(&k->b, "<h2>");
	label(k, "card_figures");
	buf_add(&k->b, "</h2>\n");
	code_list(k, CB_COVERAGE, NULL, 0);
	villages(k);
	buf_add(&k->b, "</section>\n");
}

/* ---- the command ---- */

/* The card's labels the config lacks, listed on stderr; 0 if none. */
static int
missing_labels(const struct conf *c)
{
#define CARD_LABEL_NAME(name)	#name,
	static const char *const need[] = { CARD_LABELS(CARD_LABEL_NAME)
				    NULL };
#undef CARD_LABEL_NAME
	int i, n = 0;

	for (i = 0; need[i] != NULL; i++)
		if (conf_label(c, need[i]) == need[i]) {
			fprintf(stderr, "reportgw: card: labels.%s is missing "
			    "(see the sample labels.conf)\n", need[i]);
			n++;
		}
	return n;
}

static char *
card_html(const struct conf *c, const char *commune)
{
	struct card	k;
	int		codes[CB_MAX_CODES], n;

	memset(&k, 0, sizeof(k));
	k.c = c;
	k.cb = c->codebook;
	k.commune = commune;
	buf_init(&k.b, CARD_MAX);
	n = front_codes(&k, codes);
	buf_add(&k.b, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>");
	label(&k, "card_title");
	buf_add(&k.b, "</title>\n<style>\n");
	buf_add(&k.b, card_css);
	buf_add(&k.b, "</style>\n</head>\n<body>\n");
	front(&k, codes, n);
	back(&k, codes, n);
	buf_add(&k.b, "</body>\n</html>\n");
	if (k.b.truncated) {
		buf_free(&k.b);
		return NULL;
	}
	return buf_take(&k.b);
}

int
cmd_card(int argc, char **argv)
{
	const char		*commune = NULL, *out = NULL;
	const struct cli_opt	 opts[] = {
		{ "commune", 'c', &commune, NULL },
		{ "html", 'H', &out, NULL },
		{ NULL, 0, NULL, NULL }
	};
	const struct cli_cmd	 cmd = { "card", opts, 0, 0, 0 };
	struct conf		*c;
	char			*s;
	FILE			*f;
	int			 rc = EXIT_OK;

	c = cli_start(&cmd, &argc, &argv);
	if (out == NULL) {
		conf_free(c);
		cli_cmd_usage(&cmd);
	}
	if (commune != NULL && conf_commune(c, commune) == NULL) {
		fprintf(stderr, "reportgw: card: no commune %s\n", commune);
		conf_free(c);
		return EXIT_USAGE;
	}
	if (c->card_number == NULL) {
		fprintf(stderr, "reportgw: card: no number to print: set "
		    "card.number (or provider.sender)\n");
		conf_free(c);
		return EXIT_USAGE;
	}
	if (missing_labels(c) > 0) {
		conf_free(c);
		return EXIT_USAGE;
	}
	if ((s = card_html(c, commune)) == NULL) {
		fprintf(stderr, "reportgw: card: longer than %d bytes\n",
		    CARD_MAX);
		conf_free(c);
		return EXIT_RUNTIME;
	}
	if ((f = fopen(out, "w")) == NULL) {
		perror(out);
		rc = EXIT_RUNTIME;
	} else if (fputs(s, f) == EOF) {
		perror(out);
		fclose(f);
		rc = EXIT_RUNTIME;
	} else if (fclose(f) == EOF) {
		perror(out);
		rc = EXIT_RUNTIME;
	} else
		printf("%s: card%s%s\n", out, commune != NULL ? " for " : "",
		    commune != NULL ? commune : "");
	free(s);
	conf_free(c);
	return rc;
}
