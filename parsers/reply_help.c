/*
 * The help replies (HD).  Without a code: the codes a reporter sends, each
 * with its name, the most used first (codebook.help_first), page by page
 * ("HD 2" the next).  With a code whose first
 * word after it is a choice (HC <group>): that choice's values with their
 * labels, page by page ("HD HC 2").  With another code: its template.
 * A page holds as many entries as fit in one SMS with its template; the
 * help_page template ({more}) names the next page when there is one.
 */
#include <stdio.h>
#include <string.h>

#include "reply.h"

#define ENTRY_MAX	(CB_WORD_MAX + CB_LABEL_MAX + 2)
#define ENTRIES_MAX	(CB_MAX_CODES > CB_MAX_VALUES ? CB_MAX_CODES : \
			    CB_MAX_VALUES)
#define LIST_MAX	1024	/* bytes of a page's list; more never fits */
#define FIXED_MAX	6	/* variables every page of a kind shares */

/*
 * The kinds HD lists: what a reporter sends; not help itself, not the
 * registration (sent before one is a reporter), not officers' commands.
 */
static const int listed[CB_NKINDS] = {
	[CB_INCIDENT] = 1, [CB_COVERAGE] = 1, [CB_ZERO] = 1,
	[CB_CANCEL] = 1, [CB_CORRECT] = 1, [CB_STATUS] = 1,
};

struct pages {
	const char		*tmpl;		/* the page template */
	const char		*more;		/* help_page: {next} */
	const char		*listvar;	/* "codes" or "groups" */
	const char		*code;		/* "HC": "HD HC 2"; or NULL */
	char			 entry[ENTRIES_MAX][ENTRY_MAX];
	int			 n;
	struct reply_var	 fixed[FIXED_MAX];
	size_t			 nfixed;
};

/* Fills vars for the page of entries [s, e), numbered page. */
static size_t
page_vars(const struct pages *pg, int s, int e, long page, int with_more,
    char *list, char *next, char *more, struct reply_var *vars)
{
	struct reply_var	 v;
	size_t			 n = 0, len = 0, nv;
	int			 k;

	list[0] = '\0';
	for (k = s; k < e; k++) {
		len = strlen(list);
		snprintf(list + len, LIST_MAX - len, "%s%s", k > s ? ", " : "",
		    pg->entry[k]);
	}
	if (pg->code != NULL)
		snprintf(next, 48, "%s %ld", pg->code, page + 1);
	else
		snprintf(next, 48, "%ld", page + 1);
	v = (struct reply_var){ "next", next };
	more[0] = '\0';
	if (with_more)
		reply_expand(pg->more, &v, 1, more, CB_TEXT_MAX + 64);
	for (nv = 0; nv < pg->nfixed; nv++)
		vars[n++] = pg->fixed[nv];
	vars[n++] = (struct reply_var){ pg->listvar, list };
	vars[n++] = (struct reply_var){ "more", more };
	vars[n++] = v;
	return n;
}

/* Whether entries [s, e) fit one SMS; with the next page named or not. */
static int
page_fits(const struct pages *pg, int s, int e, long page, int with_more)
{
	struct reply_var	vars[FIXED_MAX + 3];
	char			list[LIST_MAX], next[48], more[CB_TEXT_MAX + 64];
	size_t			n;

	n = page_vars(pg, s, e, page, with_more, list, next, more, vars);
	return reply_measure(pg->tmpl, vars, n) <= REPLY_MAX;
}

static size_t
pages_render(const struct pages *pg, long page, char out[REPLY_SIZE])
{
	struct reply_var	vars[FIXED_MAX + 3];
	char			list[LIST_MAX], next[48], more[CB_TEXT_MAX + 64];
	int			start[ENTRIES_MAX + 1], npages = 0, s = 0, e, best;
	size_t			n;

	/* each page as full as it can be, from the first */
	while (s < pg->n && npages < ENTRIES_MAX) {
		start[npages++] = s;
		best = s + 1;		/* at least one entry, cut if need be */
		for (e = s + 1; e <= pg->n; e++) {
			if (page_fits(pg, s, e, npages, e < pg->n))
				best = e;
			else if (e == pg->n || !page_fits(pg, s, e, npages, 0))
				break;	/* longer lists fit no better */
		}
		s = best;
	}
	start[npages] = pg->n;
	if (page < 1 || page > npages)	/* past the end: from the start */
		page = 1;
	if (npages == 0)
		n = page_vars(pg, 0, 0, 1, 0, list, next, more, vars);
	else
		n = page_vars(pg, start[page - 1], start[page], page,
		    page < npages, list, next, more, vars);
	return reply_render_tmpl(pg->tmpl, vars, n, out);
}

/* "BL XH BR ...": the codes of a kind, for the {incident_codes} etc. */
static void
code_list(const struct codebook *cb, enum cb_kind kind, char *out,
    size_t outsz)
{
	size_t	n = 0;
	int	k;

	out[0] = '\0';
	for (k = 0; k < cb->ncodes; k++)
		if (cb->codes[k].kind == kind) {
			snprintf(out + n, outsz - n, "%s%s", n > 0 ? " " : "",
			    cb->codes[k].code);
			n += strlen(out + n);
		}
}

static void
entry(struct pages *pg, const char *word, const char *label)
{
	snprintf(pg->entry[pg->n++], ENTRY_MAX, "%s%s%s", word,
	    label[0] != '\0' ? " " : "", label);
}

/* The first choice that must come right after the code, or NULL. */
static const struct cb_choice *
first_choice(const struct cb_code *c)
{
	int k;

	for (k = 0; k < c->nchoices; k++)
		if (c->choices[k].positional)
			return &c->choices[k];
	return NULL;
}

size_t
reply_help(const struct codebook *cb, const struct cb_code *about,
    long page, char out[REPLY_SIZE])
{
	struct pages		 pg;
	const struct cb_choice	*ch;
	char			 incidents[LIST_MAX], coverage[LIST_MAX];
	int			 k;

	memset(&pg, 0, sizeof(pg));
	pg.more = cb->replies[CB_R_HELP_PAGE];
	if (about != NULL && (ch = first_choice(about)) != NULL) {
		const struct cb_vocab *v = &cb->vocabs[ch->vocab];

		for (k = 0; k < v->nvalues && pg.n < ENTRIES_MAX; k++)
			entry(&pg, v->values[k].value, v->values[k].label);
		pg.tmpl = cb->replies[CB_R_HELP_GROUPS];
		pg.listvar = "groups";
		pg.code = about->code;
		pg.fixed[pg.nfixed++] = (struct reply_var){ "label",
		    v->label[0] != '\0' ? v->label : v->name };
	} else if (about != NULL) {
		struct reply_var vars[3] = {
			{ "code", about->code },
			{ "name", about->name },
			{ "usage", about->usage },
		};

		return reply_format(cb, CB_R_HELP_CODE, vars, 3, out);
	} else {
		int shown[CB_MAX_CODES] = { 0 };

		/* the most used first, then the others in code book order */
		for (k = 0; k < cb->nhelp_first; k++) {
			const struct cb_code *c = &cb->codes[cb->help_first[k]];

			entry(&pg, c->code, c->name);
			shown[c->index] = 1;
		}
		for (k = 0; k < cb->ncodes && pg.n < ENTRIES_MAX; k++)
			if (listed[cb->codes[k].kind] && !shown[k])
				entry(&pg, cb->codes[k].code,
				    cb->codes[k].name);
		code_list(cb, CB_INCIDENT, incidents, sizeof(incidents));
		code_list(cb, CB_COVERAGE, coverage, sizeof(coverage));
		pg.tmpl = cb->replies[CB_R_HELP];
		pg.listvar = "codes";
		pg.fixed[pg.nfixed++] = (struct reply_var){ "incident_codes",
		    incidents };
		pg.fixed[pg.nfixed++] = (struct reply_var){ "coverage_codes",
		    coverage };
	}
	if (about != NULL) {
		pg.fixed[pg.nfixed++] = (struct reply_var){ "code",
		    about->code };
		pg.fixed[pg.nfixed++] = (struct reply_var){ "name",
		    about->name };
		pg.fixed[pg.nfixed++] = (struct reply_var){ "usage",
		    about->usage };
	}
	return pages_render(&pg, page, out);
}
