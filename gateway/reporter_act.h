/*
 * What an operator does to one reporter: approve (with the welcome SMS),
 * block, unblock, remove and move.  One table of the rules, used by
 * `reportgw reporters` (cmd_reporters.c) and the web console's
 * /reporters (gateway/web/reporters.c), so both refuse and do the same.
 *
 * Crash safety: reporter_apply() changes rows inside the caller's
 * transaction (the approval and its welcome SMS, and the web's audit
 * row, are stored together or not at all) and never commits.
 */
#ifndef REPORTGW_REPORTER_ACT_H
#define REPORTGW_REPORTER_ACT_H

#include <time.h>

#include "conf.h"
#include "reply.h"
#include "store.h"

enum reporter_verb {
	RV_APPROVE,
	RV_BLOCK,
	RV_UNBLOCK,
	RV_REMOVE,
	RV_MOVE,
	RV_NVERBS
};

/* "approve", "block", ... in enum order. */
extern const char *const reporter_verb_names[];

enum reporter_outcome {
	RO_DONE,	/* changed (approve: the welcome SMS queued) */
	RO_ALREADY,	/* the reporter is so already: nothing done */
	RO_CONFIG,	/* remove, move: listed in the config file */
	RO_STATE,	/* its status is not one the verb applies to */
	RO_NO_SUCH,	/* no such reporter */
	RO_PLACE,	/* move: no such village or commune */
	RO_ERROR	/* database error: roll back */
};

struct reporter_change {
	struct reporter			 before, after;
	const struct conf_reporter	*config;	/* when listed */
	char				 welcome[REPLY_SIZE];	/* or "" */
};

/* The verb of that name: 0, or -1. */
int	reporter_verb(const char *name, enum reporter_verb *);
/* The statuses it applies to, as " active pending ". */
const char *reporter_verb_from(enum reporter_verb);
/* Whether the verb may be asked for a reporter of that status, listed
 * in the config or not. */
int	reporter_verb_allowed(enum reporter_verb, const char *status,
	    int in_config);
/* The config's entry of that phone, or NULL. */
const struct conf_reporter *reporter_in_config(const struct conf *,
	    const char *phone);
/*
 * Applies verb to phone (where: the village or commune code of a move,
 * else NULL) inside the caller's transaction; ch gets the reporter before
 * and after.
 */
enum reporter_outcome reporter_apply(struct store *, const struct conf *,
	    enum reporter_verb, const char *phone, const char *where,
	    time_t now, struct reporter_change *ch);

#endif
