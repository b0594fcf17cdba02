/*
 * Who hears of a report and who may act on its case, from the officers of
 * the config (reportgw.conf(5) "officers"): level 1 covers its communes,
 * level 2 is above them.  A config without officers, or a commune no
 * officer covers, falls back to alerts.sms and alerts.to.  Pure: config
 * lookups only.
 */
#ifndef REPORTGW_OFFICERS_H
#define REPORTGW_OFFICERS_H

#include "conf.h"

enum officers_reach {
	REACH_ALERT,	/* level 1 of the commune, else alerts.*, else level 2 */
	REACH_ABOVE	/* level 2 covering the commune, else alerts.* */
};

/*
 * Adds to out (allocated copies, each once) the phones, or with email the
 * e-mail addresses, of who `reach` names for a report of commune.  Free
 * with officers_free().
 */
void	officers_reach(const struct conf *, const char *commune,
	    enum officers_reach reach, int email, struct conf_strings *out);
/* Adds s to the list unless it is there already (or empty). */
void	officers_add(struct conf_strings *, const char *s);
void	officers_free(struct conf_strings *);

/* Whether the officer may act on a case of commune: its own communes,
 * or any at level 2. */
int	officers_may_act(const struct conf_officer *, const char *commune);

#endif
