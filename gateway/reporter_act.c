/*
 * The rules of the reporter actions (reporter_act.h).  A reporter listed
 * in the config file is made active in its village at every start and
 * reload (pipeline_sync_reporters), unless blocked; so remove and move
 * refuse it (the file is the place to change it), while block and
 * unblock work (a block survives them).
 */
#include <stdio.h>
#include <string.h>

#include "reporter_act.h"
#include "welcome.h"

const char *const reporter_verb_names[] = {
	"approve", "block", "unblock", "remove", "move", NULL
};

static const struct {
	const char	*from;		/* the statuses it applies to */
	const char	*to;		/* the new status, or NULL */
	int		 config_ok;	/* allowed on a config reporter */
} rules[RV_NVERBS] = {
	{ " pending ", "active", 1 },
	{ " active pending removed ", "blocked", 1 },
	{ " blocked ", "active", 1 },
	{ " active pending ", "removed", 0 },
	{ " active pending blocked ", NULL, 0 },
};

int
reporter_verb(const char *name, enum reporter_verb *v)
{
	int i;

	for (i = 0; i < RV_NVERBS; i++)
		if (strcmp(reporter_verb_names[i], name) == 0) {
			*v = (enum reporter_verb)i;
			return 0;
		}
	return -1;
}

const char *
reporter_verb_from(enum reporter_verb v)
{
	return rules[v].from;
}

/* Whether status is one of the words of list (" a b "). */
static int
one_of(const char *list, const char *status)
{
	char word[STORE_CODE_MAX + 2];

	snprintf(word, sizeof(word), " %s ", status);
	return strstr(list, word) != NULL;
}

int
reporter_verb_allowed(enum reporter_verb v, const char *status,
    int in_config)
{
	return one_of(rules[v].from, status) && (rules[v].config_ok ||
	    !in_config);
}

const struct conf_reporter *
reporter_in_config(const struct conf *c, const char *phone)
{
	size_t i;

	for (i = 0; i < c->nreporters; i++)
		if (strcmp(c->reporters[i].phone, phone) == 0)
			return &c->reporters[i];
	return NULL;
}

/* The village or commune code of a move: 0, or -1 when it is neither. */
static int
destination(const struct conf *c, const char *code, struct reporter *r)
{
	const struct conf_village	*v;
	const struct conf_commune	*cm;

	if ((v = conf_village(c, code)) != NULL) {
		snprintf(r->village, sizeof(r->village), "%s", v->code);
		snprintf(r->commune, sizeof(r->commune), "%s", v->commune);
	} else if ((cm = conf_commune(c, code)) != NULL) {
		r->village[0] = '\0';	/* commune scope */
		snprintf(r->commune, sizeof(r->commune), "%s", cm->code);
	} else
		return -1;
	return 0;
}

enum reporter_outcome
reporter_apply(struct store *s, const struct conf *c, enum reporter_verb v,
    const char *phone, const char *where, time_t now,
    struct reporter_change *ch)
{
	int found;

	memset(ch, 0, sizeof(*ch));
	ch->config = reporter_in_config(c, phone);
	if (!rules[v].config_ok && ch->config != NULL)
		return RO_CONFIG;
	if ((found = store_reporter_get(s, phone, &ch->before)) != 1)
		return found == 0 ? RO_NO_SUCH : RO_ERROR;
	ch->after = ch->before;
	if (v == RV_MOVE && (where == NULL ||
	    destination(c, where, &ch->after) == -1))
		return RO_PLACE;
	if ((rules[v].to != NULL && strcmp(ch->before.status,
	    rules[v].to) == 0) || (v == RV_MOVE && strcmp(ch->before.village,
	    ch->after.village) == 0 && strcmp(ch->before.commune,
	    ch->after.commune) == 0 && one_of(rules[v].from,
	    ch->before.status)))
		return RO_ALREADY;
	if (!one_of(rules[v].from, ch->before.status))
		return RO_STATE;
	if (rules[v].to != NULL) {
		if (store_reporter_set_status(s, phone, rules[v].to) != 1)
			return RO_ERROR;
		snprintf(ch->after.status, sizeof(ch->after.status), "%s",
		    rules[v].to);
	}
	if (v == RV_MOVE && store_reporter_move(s, phone, ch->after.village,
	    ch->after.commune) != 1)
		return RO_ERROR;
	if (v == RV_APPROVE && welcome_queue(s, c, &ch->before, now,
	    ch->welcome) == -1)
		return RO_ERROR;
	return RO_DONE;
}
