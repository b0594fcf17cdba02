/*
 * The welcome SMS of an approved reporter (welcome.h).
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "welcome.h"

#define WORK_SIZE	2048	/* bytes of an SMS before it is fitted */

struct picked {
	const struct codebook	*cb;
	const struct cb_code	*code[WELCOME_CODES];
	int			 n;
};

static int
wanted(const struct cb_code *c)
{
	return c != NULL && (c->kind == CB_INCIDENT || c->kind == CB_ZERO);
}

static void
pick(struct picked *p, const struct cb_code *c)
{
	int i;

	if (p->n == WELCOME_CODES || !wanted(c))
		return;
	for (i = 0; i < p->n; i++)
		if (p->code[i] == c)
			return;
	p->code[p->n++] = c;
}

/* A code the store counted: only what today's code book still has. */
static int
pick_counted(const char *code, long n, void *arg)
{
	struct picked *p = arg;

	(void)n;
	pick(p, codebook_find(p->cb, code));
	return p->n == WELCOME_CODES ? -1 : 0;
}

/* The template's variables. */
static void
vars(const struct reporter *r, const char *codes, struct reply_var v[3])
{
	v[0] = (struct reply_var){ "name", r->name };
	v[1] = (struct reply_var){ "village_code", r->village[0] != '\0' ?
	    r->village : r->commune };
	v[2] = (struct reply_var){ "codes", codes };
}

/* The length of the SMS with these codes once folded, before any cut. */
static size_t
length_with(const struct conf *c, const struct reporter *r,
    const char *codes)
{
	struct reply_var	v[3];
	char			work[WORK_SIZE];

	vars(r, codes, v);
	reply_expand(c->codebook->replies[CB_R_WELCOME], v, 3, work,
	    sizeof(work));
	return gsm7_fit(work, sizeof(work), sizeof(work) - 1);
}

int
welcome_text(struct store *s, const struct conf *c, const struct reporter *r,
    time_t now, char out[REPLY_SIZE])
{
	struct picked		 p;
	struct buf		 named, bare;
	struct reply_var	 v[3];
	int			 i;

	memset(&p, 0, sizeof(p));
	p.cb = c->codebook;
	if (store_view_top_codes(s, now - (time_t)WELCOME_DAYS * 86400,
	    now + 1, pick_counted, &p) == -1)
		return -1;
	for (i = 0; i < c->codebook->ncodes; i++)
		pick(&p, &c->codebook->codes[i]);
	buf_init(&named, 1024);
	buf_init(&bare, 256);
	for (i = 0; i < p.n; i++) {
		buf_printf(&named, "%s%s %s", i ? ", " : "", p.code[i]->code,
		    p.code[i]->name);
		buf_printf(&bare, "%s%s", i ? ", " : "", p.code[i]->code);
	}
	/* the names help a new reporter, but never at the cost of the end
	 * of the message: without them when they would not fit */
	vars(r, length_with(c, r, named.p) <= REPLY_MAX ? named.p : bare.p, v);
	reply_format(c->codebook, CB_R_WELCOME, v, 3, out);
	buf_free(&named);
	buf_free(&bare);
	return 0;
}

int
welcome_queue(struct store *s, const struct conf *c, const struct reporter *r,
    time_t now, char out[REPLY_SIZE])
{
	if (welcome_text(s, c, r, now, out) == -1)
		return -1;
	return store_outbox_add(s, r->phone, out, "welcome", 0, 0, now, now);
}
