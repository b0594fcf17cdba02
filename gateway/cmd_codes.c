/*
 * `reportgw codes`: the codes of the code book, one a line, or as the
 * generated part of reportgw-codes(7): the words every slot accepts, then
 * each code with its meaning, template, words, slots, alert rule, period,
 * an example checked by the parser itself and the reply it gets, then the
 * other replies.  The page is built from it, so it cannot fall behind the
 * code book.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "cli.h"
#include "mdoc.h"
#include "reply.h"
#include "sms.h"
#include "usage.h"
#include "ussd.h"
#include "xmalloc.h"

#define CODES_USAGE	"codes [--mdoc] [CONFIG]"
#define WORDS_MAX	1024	/* bytes of a list of words */
#define EXAMPLE_REF	124	/* the number an example report gets */
#define OLD_REF		"123"	/* the number SUA and HUY examples name */

/* Examples are received on Friday 20 November 2026 at 10:00. */
static const struct local_time example_at = { 2026, 11, 20, 10, 0 };

/* What each kind of code is, for people. */
static const char *const kind_text[CB_NKINDS] = {
	"an incident: one message per event",
	"village figures for a period",
	"nothing to report for the period",
	"registers the sender's phone for a village",
	"cancels one of the sender's reports",
	"corrects one of the sender's reports",
	"help: the codes, or one code's template",
	"the village's reports of the week",
	"an officer's command on a case",
};

/* The headings the codes are listed under: incidents, figures, others. */
static const char *const group_heading[] = {
	"Incidents", "Figures", "Other codes"
};

/* Reply templates that no example above shows, and when they are sent. */
static const struct {
	enum cb_reply	 which;
	const char	*when;
	const char	*token;
} other_replies[] = {
	{ CB_R_EMPTY, "An empty message.", "" },
	{ CB_R_TOO_LONG, "A message too long to be one report.", "" },
	{ CB_R_UNKNOWN_CODE, "A first word that is no code.", "XYZ" },
	{ CB_R_SUGGEST, "A first word one slip away from codes (the same "
	  "keys of a multi-tap keypad, or a typo): the two closest, keypad "
	  "slips first.", "BK" },
	{ CB_R_MISSING_FIELD, "A slot left out.", "" },
	{ CB_R_BAD_VALUE, "A slot that does not fit (a number too large, a "
	  "word that is none of the slot's).", "" },
	{ CB_R_BAD_AGE, "An age out of the code's range: the reply says the "
	  "limit.", "" },
	{ CB_R_INCONSISTENT, "Figures that contradict each other.", "" },
	{ CB_R_DUPLICATE, "The same report from the same phone within 24 "
	  "hours (see DUPLICATES).", "" },
	{ CB_R_NOT_FOUND, "SUA or HUY of a number that is not one of the "
	  "sender's active reports.", "" },
	{ CB_R_UNKNOWN_SENDER, "A message from a phone that is not "
	  "registered (at most one a day).", "" },
	{ CB_R_REGISTER_PENDING, "A registration (DK) waiting for an "
	  "officer's approval.", "" },
	{ CB_R_REGISTER_CLOSED, "A registration when registration by SMS is "
	  "closed.", "" },
	{ CB_R_NOT_ALLOWED, "A report for another village than the "
	  "sender's, from a village reporter.", "" },
	{ CB_R_OFFICER_ALERT, "To the officers' phones: an urgent report.",
	  "" },
	{ CB_R_OFFICER_CANCEL, "To the officers' phones: an urgent report "
	  "cancelled.", "" },
	{ CB_R_REMINDER_WEEKLY, "On Monday, to the reporters of a village "
	  "that sent nothing the week before.", "" },
	{ CB_R_REMINDER_MONTHLY, "To the reporters of a village whose monthly "
	  "figures are missing.", "" },
	{ CB_R_CASE_REFUSED, "A case command (NHAN, CHUYEN, XONG, MO) from "
	  "anyone but an officer of the case's commune or of level 2.", "" },
	{ CB_R_CASE_NOT_FOUND, "A case command for a number that has no "
	  "case.", "" },
	{ CB_R_CASE_STATE, "A case command that does not fit the case's state "
	  "(XONG of a closed case).", "" },
	{ CB_R_FEEDBACK_ACK, "To the reporter, once: an officer acknowledged "
	  "the case of the report.", "" },
	{ CB_R_FEEDBACK_CLOSE, "To the reporter, once: the case was closed.",
	  "" },
	{ CB_R_ESCALATION, "To the level-2 officers: a case nobody "
	  "acknowledged within cases.ack_within.", "" },
	{ CB_R_OVERDUE, "To a case's owner and level 2, once a day: a case not "
	  "closed within cases.close_within.", "" },
	{ CB_R_OFFICER_CORRECT, "To the officers' phones: an urgent report "
	  "corrected.", "" },
	{ CB_R_VILLAGE_SUMMARY, "To a village's reporters on the 1st of the "
	  "month, with reminders.village_summary.", "" },
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The words of the word table that mean code `code` (vocab -1), value
 * `value` of vocabulary `vocab`, (code -2) a prefix, or (vocab -2) an
 * own-words phrase of code `code`, sorted, joined by ", "; `skip` left out.
 */
static void
words_of(const struct codebook *cb, int code, int vocab, int value,
    const char *skip, char *out, size_t size)
{
	const struct cb_word	*w;
	const char		**v;
	size_t			 i, n = 0, len = 0;

	v = xreallocarray(NULL, cb->wordmask + 1, sizeof(*v));
	for (i = 0; i <= cb->wordmask; i++) {
		if ((w = codebook_word_at(cb, i)) == NULL)
			continue;
		if (code == -2 ? !cb_word_prefix(w) : vocab == -2 ?
		    cb_word_phrase_code(w) != code : vocab < 0 ?
		    cb_word_code(w) != code : cb_word_value(w, vocab) != value)
			continue;
		if (skip == NULL || strcmp(cb_word_text(w), skip) != 0)
			v[n++] = cb_word_text(w);
	}
	qsort(v, n, sizeof(*v), cmp_str);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + (len < size ? len : size - 1),
		    len < size ? size - len : 1, "%s%s", i > 0 ? ", " : "",
		    v[i]);
	free(v);
}

/* ".It Tag" then text, one list item of a code's entry. */
static void
item(const char *tag, const char *text)
{
	printf(".It %s\n", tag);
	mdoc_text(stdout, text);
	putchar('\n');
}

static void
item_literal(const char *tag, const char *text)
{
	printf(".It %s\n.Ql ", tag);
	mdoc_arg(stdout, text);
	putchar('\n');
}

/* The vocabularies: every word each value accepts. */
static void
print_words(const struct codebook *cb)
{
	const struct cb_vocab	*v;
	char			 words[WORDS_MAX], line[WORDS_MAX + 128];
	int			 i, k;

	printf(".Sh WORDS\nWords skipped before a code:\n.Ql ");
	words_of(cb, -2, -1, 0, NULL, words, sizeof(words));
	mdoc_arg(stdout, words);
	printf("\n.Pp\nThe words each slot accepts, after folding: for "
	    "each value as the gateway stores it, the words that mean it and "
	    "its label in replies.\n.Bl -tag -width Ds\n");
	for (i = 0; i < cb->nvocabs; i++) {
		v = &cb->vocabs[i];
		printf(".It Cm %s\n", v->name);
		if (v->label[0] != '\0') {
			printf(".Pq ");
			mdoc_arg(stdout, v->label);
			putchar('\n');
		}
		printf(".Bl -tag -width survived -compact\n");
		for (k = 0; k < v->nvalues; k++) {
			words_of(cb, -1, i, k, NULL, words, sizeof(words));
			snprintf(line, sizeof(line), "%s%s%s%s", words,
			    v->values[k].label[0] != '\0' ? " (" : "",
			    v->values[k].label,
			    v->values[k].label[0] != '\0' ? ")" : "");
			printf(".It ");
			mdoc_arg(stdout, v->values[k].value);
			putchar('\n');
			mdoc_text(stdout, line);
			putchar('\n');
		}
		printf(".El\n");
	}
	printf(".El\n");
	for (i = 0, k = 0; i < cb->vocabs[CB_VOCAB_FLAG].nvalues; i++)
		if (cb->alert_flags & (1 << i)) {
			printf("%s", k++ == 0 ? "A report with the flag\n" :
			    "or\n");
			printf(".Cm %s\n", cb->vocabs[CB_VOCAB_FLAG].values[i].value);
		}
	if (k > 0)
		printf("always alerts the officers at once.\n");
}

/* The slots of a code, in the order of its template. */
static void
print_slots(const struct codebook *cb, const struct cb_code *c)
{
	const struct cb_number	*n;
	const struct cb_choice	*ch;
	const struct cb_vocab	*v;
	char			 text[WORDS_MAX];
	size_t			 len = 0;
	int			 i;

#define ADD(...) do { \
	len += (size_t)snprintf(text + (len < sizeof(text) ? len : \
	    sizeof(text) - 1), len < sizeof(text) ? sizeof(text) - len : 1, \
	    __VA_ARGS__); } while (0)
	text[0] = '\0';
	for (i = 0; i < c->nchoices; i++) {
		ch = &c->choices[i];
		if (!ch->positional)
			continue;
		v = &cb->vocabs[ch->vocab];
		ADD("%s%s (%s, right after the code)", len > 0 ? "; " : "",
		    v->label[0] != '\0' ? v->label : v->name, v->name);
	}
	if (c->has_sex)
		ADD("%s%s (sex)", len > 0 ? "; " : "",
		    codebook_label(cb, "sex"));
	for (i = 0; i < c->nnumbers; i++) {
		n = &c->numbers[i];
		ADD("%s%s", len > 0 ? "; " : "", codebook_label(cb, n->name));
		if (n->role == CB_ROLE_COUNT)
			ADD(" (number of children, %ld-%ld, default %ld)",
			    n->min, n->max, n->def);
		else if (n->role == CB_ROLE_AGE && (n->max + 1) % 12 == 0)
			ADD(" (age in years, or months with a unit word; "
			    "under %ld years)", (n->max + 1) / 12);
		else if (n->role == CB_ROLE_AGE)
			ADD(" (age in years, or months with a unit word; "
			    "at most %ld months)", n->max);
		else
			ADD(" (%s, %ld-%ld%s)", n->name, n->min, n->max,
			    n->optional ? ", optional" : "");
	}
	for (i = 0; i < c->nchoices; i++) {
		ch = &c->choices[i];
		if (ch->positional)
			continue;
		v = &cb->vocabs[ch->vocab];
		ADD("%s%s (%s", len > 0 ? "; " : "",
		    v->label[0] != '\0' ? v->label : v->name, v->name);
		if (ch->required)
			ADD(", required");
		else if (ch->def >= 0)
			ADD(", default %s", v->values[ch->def].value);
		ADD(")");
	}
	for (i = 0; i < c->nrules; i++)
		ADD("%s%s at most %s", i == 0 ? ".  Checked: " : ", ",
		    codebook_label(cb, c->numbers[c->rules[i].lhs].name),
		    codebook_label(cb, c->numbers[c->rules[i].rhs].name));
	if (c->kind == CB_INCIDENT)
		ADD("%sflags (optional, see flag under WORDS)",
		    len > 0 ? "; " : "");
#undef ADD
	if (len == 0)
		return;
	item("Slots:", text);
}

/* The age under which a report is odd (stored, the reporter asked). */
static void
print_plausible(const struct cb_code *c)
{
	char text[160];

	if (c->plausible_min_age <= 0)
		return;
	if (c->plausible_min_age % 12 == 0)
		snprintf(text, sizeof(text), "a child under %d years is "
		    "implausible: the report is stored, and the reporter asked "
		    "to check the age.", c->plausible_min_age / 12);
	else
		snprintf(text, sizeof(text), "a child under %d months is "
		    "implausible: the report is stored, and the reporter asked "
		    "to check the age.", c->plausible_min_age);
	item("Plausible:", text);
}

static void
print_alert(const struct codebook *cb, const struct cb_code *c)
{
	const struct cb_vocab *v;

	if (c->kind != CB_INCIDENT)
		return;
	if (c->alert == CB_ALERT_ALWAYS)
		item("Alert:", "always: the officers are alerted at once.");
	else if (c->alert == CB_ALERT_NEVER && cb->alert_flags == 0)
		item("Alert:", "never.");
	else if (c->alert == CB_ALERT_NEVER)
		item("Alert:", "only with an alerting flag (see WORDS).");
	else {
		char text[CB_LABEL_MAX * 2 + 64];

		v = &cb->vocabs[c->alert_vocab];
		snprintf(text, sizeof(text), "when its %s is %s (%s).",
		    v->name, v->values[c->alert_value].value,
		    v->values[c->alert_value].label);
		item("Alert:", text);
	}
}

static void
print_period(const struct codebook *cb, const struct cb_code *c)
{
	static const char *const unit[] = { "", "week", "month", "quarter" };
	char	text[WORDS_MAX + 256], words[WORDS_MAX];
	int	v = codebook_value(cb, CB_VOCAB_PERIOD_UNIT, unit[c->period]);

	if (c->period == CB_PERIOD_NONE)
		return;
	words[0] = '\0';
	if (v >= 0)
		words_of(cb, -1, CB_VOCAB_PERIOD_UNIT, v, NULL, words,
		    sizeof(words));
	if (c->grace_hours == 0)
		snprintf(text, sizeof(text), "the current %s", unit[c->period]);
	else if (c->grace_hours % 24 == 0)
		snprintf(text, sizeof(text), "the current %s; sent in the "
		    "first %d days of a %s, the %s before", unit[c->period],
		    c->grace_hours / 24, unit[c->period], unit[c->period]);
	else
		snprintf(text, sizeof(text), "the current %s; sent in the "
		    "first %d hours of a %s, the %s before", unit[c->period],
		    c->grace_hours, unit[c->period], unit[c->period]);
	if (words[0] != '\0') {
		size_t n = strlen(text);

		snprintf(text + n, sizeof(text) - n, "; another one named "
		    "with %s and its number", words);
	}
	item("Period:", text);
}

/* Context of the example replies: a sender of the first village. */
static void
example_ctx(const struct conf *c, struct reply_ctx *ctx, struct period *wk)
{
	*wk = period_of(CB_PERIOD_WEEK, &example_at);
	ctx->ref = EXAMPLE_REF;
	ctx->village = c->nvillages > 0 ? c->villages[0].code : NULL;
	ctx->week[0] = 2;
	ctx->week[1] = 1;
	ctx->week[2] = 0;
	ctx->week_period = wk;
}

/* The first incident code, for examples that need one. */
static const char *
example_incident(const struct conf *c)
{
	int k;

	for (k = 0; k < c->codebook->ncodes; k++)
		if (c->codebook->codes[k].kind == CB_INCIDENT)
			return c->codebook->codes[k].code;
	return "";
}

/*
 * The example of code c, parsed and answered.  Returns -1 (with a message)
 * when the example is not a valid message of that code.
 */
static int
print_example(const struct conf *conf, const struct cb_code *c,
    const struct code_usage *u)
{
	struct sms_result	r;
	struct reply_ctx	ctx;
	struct period		wk;
	char			reply[REPLY_SIZE];

	example_ctx(conf, &ctx, &wk);
	sms_parse(conf->codebook, u->example, strlen(u->example), &example_at,
	    &r);
	reply_render_at(conf->codebook, &r, &ctx, &example_at, NULL, reply);
	/* an officer's command: its confirmation, on a case of the first
	 * incident code in the example village */
	if (r.error == SMS_OK && r.kind == CB_CASE)
		cases_confirmation(conf->codebook, &r, example_incident(conf),
		    ctx.village != NULL ? ctx.village : "", reply);
	if (r.error != SMS_OK || r.kind != c->kind) {
		fprintf(stderr, "reportgw: codes: the example of %s (\"%s\") "
		    "is not a valid %s message: %s\n", c->code, u->example,
		    c->code, reply);
		return -1;
	}
	item_literal("Example:", u->example);
	if (u->gloss[0] != '\0') {
		printf(".Pq ");
		mdoc_arg(stdout, u->gloss);
		putchar('\n');
	}
	item_literal("Reply:", reply);
	return 0;
}

static int
print_code(const struct conf *conf, const struct cb_code *c)
{
	struct code_usage	u;
	char		words[WORDS_MAX];

	code_usage(c, &u);
	printf(".It Cm %s\n", c->code);
	printf(".Dq ");
	mdoc_arg(stdout, c->title[0] != '\0' ? c->title : c->name);
	printf(" ,\n");
	mdoc_text(stdout, c->name);
	printf(":\n");
	mdoc_text(stdout, kind_text[c->kind]);
	printf(".\n.Bl -tag -width Template: -compact\n");
	item_literal("Template:", u.tmpl);
	words_of(conf->codebook, c->index, -1, 0, c->code, words,
	    sizeof(words));
	if (words[0] != '\0')
		item("Aliases:", words);
	words_of(conf->codebook, c->index, -2, 0, NULL, words, sizeof(words));
	if (words[0] != '\0')
		item("Phrases:", words);
	print_slots(conf->codebook, c);
	print_plausible(c);
	print_alert(conf->codebook, c);
	print_period(conf->codebook, c);
	if (print_example(conf, c, &u) == -1)
		return -1;
	printf(".El\n");
	return 0;
}

/* One example reply: when it is sent, and the text. */
static void
reply_item(const char *when, const char *reply)
{
	printf(".It ");
	mdoc_arg(stdout, when);
	printf("\n.Ql ");
	mdoc_arg(stdout, reply);
	putchar('\n');
}

/* A word one keypad slip from code c that is no code: "BK" for "BL". */
static void
slip_of(const struct codebook *cb, const struct cb_code *c, char *out,
    size_t size)
{
	size_t	i, n = text_copy(out, size, c->code);
	char	l;

	for (i = n; i-- > 0; )
		for (l = 'A'; l <= 'Z'; l++) {
			char keep = out[i];

			out[i] = l;
			if (sms_keypad_slips(out, c->code) == 1 &&
			    codebook_find(cb, out) == NULL)
				return;
			out[i] = keep;
		}
}

/* The message `text` as the gateway reads and answers it. */
static void
parsed_item(const struct conf *conf, const char *when, const char *text,
    int words, int implausible)
{
	struct sms_result	r;
	struct reply_ctx	ctx;
	struct period		wk;
	char			reply[REPLY_SIZE], tag[CB_TEXT_MAX + 64];

	example_ctx(conf, &ctx, &wk);
	sms_parse(conf->codebook, text, strlen(text), &example_at, &r);
	r.report.words = words;
	r.report.implausible = implausible;
	reply_render_at(conf->codebook, &r, &ctx, &example_at, NULL, reply);
	snprintf(tag, sizeof(tag), "%s (%s)", when, text);
	reply_item(tag, reply);
}

/*
 * The replies of the help code, of several reports in one message, and of
 * reports read from words, kept for review or with an unlikely age.
 */
static void
print_more_replies(const struct conf *conf, const struct cb_code *inc)
{
	const struct codebook	*cb = conf->codebook;
	const struct cb_code	*help = NULL, *grouped = NULL, *inc2 = NULL;
	const struct sms_report	*reps[2];
	struct sms_result	 r[2];
	struct code_usage	 u[2];
	struct reply_var	 vars[2];
	char			 text[CB_TEXT_MAX], reply[REPLY_SIZE];
	const long		 refs[2] = { EXAMPLE_REF, EXAMPLE_REF + 1 };
	int			 k;

	for (k = 0; k < cb->ncodes; k++) {
		const struct cb_code *c = &cb->codes[k];

		if (c->kind == CB_HELP && help == NULL)
			help = c;
		if (c->kind == CB_INCIDENT && c != inc && inc2 == NULL)
			inc2 = c;
		if (c->nchoices > 0 && c->choices[0].positional &&
		    grouped == NULL)
			grouped = c;
	}
	if (help != NULL) {
		parsed_item(conf, "Help: the most used codes and their names "
		    "(codebook.help_first), as many as fit", help->code, 0, 0);
		snprintf(text, sizeof(text), "%s 2", help->code);
		parsed_item(conf, "Help: the next page", text, 0, 0);
	}
	if (help != NULL && grouped != NULL) {
		snprintf(text, sizeof(text), "%s %s", help->code,
		    grouped->code);
		parsed_item(conf, "Help about a code whose first slot is a "
		    "word: what each word means", text, 0, 0);
	}
	if (inc == NULL)
		return;
	code_usage(inc, &u[0]);
	parsed_item(conf, "A report read from words rather than codes",
	    u[0].example, 1, 0);
	parsed_item(conf, "A report with an age the code book finds unlikely "
	    "(stored, and the reporter asked to check)", u[0].example, 0, 1);
	vars[0] = (struct reply_var){ "ref", "124" };
	vars[1] = (struct reply_var){ "usage", inc->usage };
	reply_format(cb, CB_R_REVIEW, vars, 2, reply);
	reply_item("A message that may be urgent but is not understood: "
	    "kept for an officer to call back, with the template of the code "
	    "it may be", reply);
	if (inc2 == NULL)
		return;
	code_usage(inc2, &u[1]);
	for (k = 0; k < 2; k++) {
		sms_parse(cb, u[k].example, strlen(u[k].example), &example_at,
		    &r[k]);
		reps[k] = &r[k].report;
	}
	reply_multi(cb, reps, refs, 2, conf->nvillages > 0 ?
	    conf->villages[0].code : NULL, reply);
	reply_item("Several reports in one message", reply);
}

/* The replies that the examples of the codes do not show. */
static void
print_replies(const struct conf *conf)
{
	const struct codebook	*cb = conf->codebook;
	const struct cb_code	*inc = NULL, *reg = NULL, *cov = NULL;
	const struct cb_code	*sugg[SMS_SUGGEST_MAX];
	struct sms_result	 r;
	struct reply_ctx	 ctx;
	struct period		 wk, month;
	struct local_time	 monday;
	struct code_usage	 u;
	struct reply_var	 vars[22];
	char			 reply[REPLY_SIZE], summary[512], period[48];
	char			 mperiod[48], slip[CB_WORD_MAX];
	char			 suggest[2 * CB_WORD_MAX + 32];
	char			 hours[24], days[24], newref[24];
	const char		*closing = "";
	char			 codes[256], usage[CB_TEXT_MAX];
	char			 min[32] = "", max[32] = "";
	const char		*plain = "sex";
	size_t			 i, len = 0;
	int			 k;

	for (k = 0; k < cb->ncodes; k++) {
		const struct cb_code *c = &cb->codes[k];

		if (c->kind == CB_INCIDENT && inc == NULL)
			inc = c;
		if (c->kind == CB_REGISTER && reg == NULL)
			reg = c;
		if (c->kind == CB_COVERAGE && c->nrules > 0 && cov == NULL)
			cov = c;
	}
	example_ctx(conf, &ctx, &wk);
	summary[0] = slip[0] = suggest[0] = '\0';
	memset(&r, 0, sizeof(r));
	if (inc != NULL) {
		code_usage(inc, &u);
		sms_parse(cb, u.example, strlen(u.example), &example_at, &r);
		if (r.error == SMS_OK)
			reply_summary(cb, &r.report, summary, sizeof(summary));
		slip_of(cb, inc, slip, sizeof(slip));
		reply_suggestions(cb, slip, suggest, sizeof(suggest));
		for (k = 0; k < inc->nnumbers; k++)
			if (inc->numbers[k].role != CB_ROLE_AGE)
				plain = inc->numbers[k].name;
			else {
				reply_age(cb, inc->numbers[k].min, min,
				    sizeof(min));
				reply_age(cb, inc->numbers[k].max + 1, max,
				    sizeof(max));
			}
	}
	if (reg != NULL) {
		code_usage(reg, &u);
		sms_parse(cb, u.example, strlen(u.example), &example_at, &r);
	}
	/* the weekly reminder goes on Monday for the week before */
	monday = example_at;
	civil_from_days(period_start(&wk) + 7, &monday.year, &monday.month,
	    &monday.day);
	reply_period_at(cb, &wk, &monday, period, sizeof(period));
	month = period_of(CB_PERIOD_MONTH, &example_at);
	reply_period(cb, &month, mperiod, sizeof(mperiod));
	codes[0] = '\0';
	for (i = 0; i < conf->reminders.monthly_codes.n; i++)
		len += (size_t)snprintf(codes + (len < sizeof(codes) ? len :
		    sizeof(codes) - 1), len < sizeof(codes) ?
		    sizeof(codes) - len : 1, "%s%s", i > 0 ? " " : "",
		    conf->reminders.monthly_codes.v[i]);
	text_copy(usage, sizeof(usage), inc != NULL ? inc->usage : "");
	snprintf(hours, sizeof(hours), "%d", conf->cases.ack_within / 3600);
	snprintf(days, sizeof(days), "%d", conf->cases.close_within / 86400);
	snprintf(newref, sizeof(newref), "%d", EXAMPLE_REF);
	for (k = 0; k < cb->ncodes; k++)
		if (cb->codes[k].kind == CB_CASE &&
		    cb->codes[k].case_action == CB_CASE_CLOSE)
			closing = cb->codes[k].name;

	printf(".Sh OTHER REPLIES\nThe replies the examples of the codes do "
	    "not show:\n.Bl -tag -width Ds\n");
	for (i = 0; i < sizeof(other_replies) / sizeof(other_replies[0]);
	    i++) {
		enum cb_reply	 which = other_replies[i].which;
		const char	*field = which == CB_R_INCONSISTENT &&
				    cov != NULL ?
				    cov->numbers[cov->rules[0].lhs].name :
				    which == CB_R_BAD_VALUE ? plain : "age";
		const char	*token = other_replies[i].token;

		text_copy(usage, sizeof(usage), which == CB_R_INCONSISTENT &&
		    cov != NULL ? cov->usage : inc != NULL ? inc->usage : "");
		if (which == CB_R_SUGGEST) {
			token = slip;
			if (sms_suggestions(cb, slip, sugg) > 0)
				text_copy(usage, sizeof(usage),
				    sugg[0]->usage);
		}
		vars[0] = (struct reply_var){ "ref", OLD_REF };
		vars[1] = (struct reply_var){ "token", token };
		vars[2] = (struct reply_var){ "suggest", suggest };
		vars[3] = (struct reply_var){ "usage", usage };
		vars[4] = (struct reply_var){ "field", codebook_label(cb,
		    field) };
		vars[5] = (struct reply_var){ "village_code", ctx.village !=
		    NULL ? ctx.village : "" };
		vars[6] = (struct reply_var){ "name", reg != NULL &&
		    r.kind == CB_REGISTER ? r.name : "" };
		vars[7] = (struct reply_var){ "summary", summary };
		vars[8] = (struct reply_var){ "code", inc != NULL ?
		    inc->code : "" };
		vars[9] = (struct reply_var){ "phone", conf->nreporters > 0 ?
		    conf->reporters[0].phone : "" };
		vars[10] = (struct reply_var){ "period",
		    which == CB_R_REMINDER_MONTHLY ||
		    which == CB_R_VILLAGE_SUMMARY ? mperiod : period };
		vars[11] = (struct reply_var){ "codes", codes };
		vars[12] = (struct reply_var){ "min", min };
		vars[13] = (struct reply_var){ "max", max };
		vars[14] = (struct reply_var){ "new_ref", newref };
		vars[15] = (struct reply_var){ "hours", hours };
		vars[16] = (struct reply_var){ "days", days };
		vars[17] = (struct reply_var){ "status", codebook_label(cb,
		    "state_closed") };
		vars[18] = (struct reply_var){ "action", closing };
		vars[19] = (struct reply_var){ "village", ctx.village !=
		    NULL ? ctx.village : "" };
		vars[20] = (struct reply_var){ "reports", "3" };
		vars[21] = (struct reply_var){ "zero", "4" };
		reply_format(cb, which, vars, 22, reply);
		reply_item(other_replies[i].when, reply);
	}
	print_more_replies(conf, inc);
	printf(".El\n");
}

/* Writes a USSD screen as a literal display. */
static void
print_screen(const char *input, const struct ussd_answer *a)
{
	const char	*s = a->screen, *nl;
	char		 line[USSD_BODY_MAX + 1];

	printf(".It ");
	mdoc_arg(stdout, input[0] != '\0' ? input : "(dial)");
	printf("\n.Bd -literal -compact\n");
	if (a->action == USSD_SUBMIT) {
		printf("(stored as the SMS) ");
		s = a->sms;
	}
	do {
		nl = strchr(s, '\n');
		text_copy(line, nl != NULL && (size_t)(nl - s) < sizeof(line) ?
		    (size_t)(nl - s) + 1 : sizeof(line), s);
		mdoc_text(stdout, line);
		putchar('\n');
		s = nl != NULL ? nl + 1 : NULL;
	} while (s != NULL);
	printf(".Ed\n");
}

/*
 * A session reporting the first incident, screen by screen, answering 1
 * to every screen (the first entry of a list, or the number 1) until the
 * report is stored.
 */
static void
print_ussd(const struct conf *conf)
{
	struct ussd_request	rq;
	struct ussd_answer	a;
	char			text[USSD_INPUTS_MAX * 2];
	size_t			len = 0;
	int			step;

	printf(".Sh USSD SCREENS\nA village reporter's session, answering "
	    "1 to every screen (the first entry, or the number 1):\n"
	    ".Bl -tag -width Ds\n");
	memset(&rq, 0, sizeof(rq));
	rq.cb = conf->codebook;
	rq.at = &example_at;
	text[0] = '\0';
	for (step = 0; step < 16; step++) {
		rq.text = text;
		rq.len = len;
		ussd_answer(&rq, &a);
		print_screen(text, &a);
		if (a.action != USSD_CONTINUE)
			break;
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s1",
		    len > 0 ? "*" : "");
	}
	printf(".El\n");
}

static int
codes_mdoc(const struct conf *conf)
{
	const struct codebook	*cb = conf->codebook;
	int			 k, i, group;

	print_words(cb);
	printf(".Sh CODES\nThe examples are read as if received on Friday "
	    "20 November 2026 at 10:00 from a reporter of village\n.Cm %s ;\n"
	    "their replies are the ones the gateway sends, the report "
	    "numbered %d.\n", conf->nvillages > 0 ? conf->villages[0].code :
	    "-", EXAMPLE_REF);
	/* incidents, figures, then every other kind under one heading */
	for (group = 0; group < 3; group++) {
		printf(".Ss %s\n.Bl -tag -width Ds\n", group_heading[group]);
		for (k = 0; k < cb->ncodes; k++) {
			i = (int)cb->codes[k].kind;
			if ((group < 2 && i != group) || (group == 2 && i < 2))
				continue;
			if (print_code(conf, &cb->codes[k]) == -1)
				return EXIT_RUNTIME;
		}
		printf(".El\n");
	}
	print_replies(conf);
	print_ussd(conf);
	return EXIT_OK;
}

int
cmd_codes(int argc, char **argv)
{
	struct conf	*c;
	char		*err;
	int		 mdoc = 0, rc = EXIT_OK, k;

	if (argc > 1 && strcmp(argv[1], "--mdoc") == 0) {
		mdoc = 1;
		argc--;
		argv++;
	}
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		cli_usage(CODES_USAGE);
	if (argc == 2)
		c = cli_load_conf(argv[1]);
	else {
		/* the code book built in (config/codebook.conf), for the page */
		fprintf(stderr, "reportgw: config %s\n", CLI_BUILTIN);
		if (conf_load_string(conf_embedded_default, CLI_BUILTIN, NULL,
		    &c, &err) == -1) {
			fputs(err, stderr);
			free(err);
			return EXIT_USAGE;
		}
	}
	if (mdoc)
		rc = codes_mdoc(c);
	else
		for (k = 0; k < c->codebook->ncodes; k++)
			printf("%s\t%s\t%s\n", c->codebook->codes[k].code,
			    cb_kind_names[c->codebook->codes[k].kind],
			    c->codebook->codes[k].name);
	conf_free(c);
	return rc;
}
