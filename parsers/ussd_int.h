/*
 * Inside the USSD engine: the session replayed from the inputs, shared by
 * the engine (ussd.c: the plan of steps and what an input does to it) and
 * the screens (ussd_screen.c: lists, pages, titles).  Pure, like ussd.h.
 */
#ifndef REPORTGW_USSD_INT_H
#define REPORTGW_USSD_INT_H

#include "sms.h"
#include "ussd.h"

#define LABEL_MAX	(CB_WORD_MAX + CB_LABEL_MAX + 8)
#define PLAN_MAX	(6 + CB_MAX_CHOICES + CB_MAX_NUMBERS * 2 + 32)

enum step_kind {
	S_MAIN,
	S_CODE,		/* list of codes of one kind */
	S_VILLAGE,
	S_CHOICE,	/* arg: index in code->choices */
	S_SEX,		/* arg: the count slot "more children" asks, or -1 */
	S_COUNT,	/* arg: number slot; two children or more */
	S_AGE,		/* arg: number slot; years, 0 asks months */
	S_MONTHS,	/* arg: number slot */
	S_NUMBER,	/* arg: number slot */
	S_FLAG,		/* arg: flag value, asked yes or no */
	S_CONFIRM
};

struct step {
	enum step_kind	kind;
	int		arg;
};

/* Main menu entries. */
enum main_item { M_REPORT, M_FIGURES, M_ZERO, M_HELP };

struct session {
	const struct ussd_request *rq;
	const struct codebook	*cb;
	struct step		 plan[PLAN_MAX];
	int			 nplan, cur;
	int			 page;		/* first item of the list page */
	enum cb_kind		 list_kind;	/* S_CODE: which codes */
	int			 list[CB_MAX_CODES];	/* S_CODE, menu order */
	int			 nlist;
	int			 main[4];	/* main menu: enum main_item */
	int			 nmain;
	const struct cb_code	*code;
	int			 village;	/* index in rq->villages or -1 */
	int			 sex;
	int			 choice[CB_MAX_CHOICES];
	int			 fold;		/* choice on the flag screens
						 * (folded_choice), or -1 */
	unsigned		 flags;		/* flag bits answered yes */
	long			 num[CB_MAX_NUMBERS];
	int			 have[CB_MAX_NUMBERS];
	int			 months[CB_MAX_NUMBERS]; /* age given in months */
	char			 err[LABEL_MAX * 3];	/* refusal shown next */
	struct sms_result	 res;		/* the report, at confirm */
};

/* ussd.c: the numbers a step that takes one accepts */
void	number_range(const struct session *, const struct step *, long *min,
	    long *max);

/* ussd_screen.c */
int	list_len(const struct session *, const struct step *);
int	list_page(const struct session *, const struct step *, int start,
	    char *out, size_t outsz, int *more);
void	render(struct session *, struct ussd_answer *);
void	village_piece(const struct session *, char *out, size_t outsz);

#endif
