/*
 * The disaggregations of the periodic reports, listed once: the age bands
 * of incidents (years, inclusive) and the sexes.  The report counts by
 * them, the renderers title them, DHIS2 names its category option combos
 * after them ("F_0_4", "M_15_17", "U_unknown"), and the config loader
 * (gateway/conf/report_conf.c) checks the combo names against them.
 */
#ifndef REPORTGW_REPORT_BANDS_H
#define REPORTGW_REPORT_BANDS_H

/* X(name, first year, last year) */
#define REPORT_AGE_BANDS(X)						\
	X(0_4, 0, 4) X(5_9, 5, 9) X(10_14, 10, 14) X(15_17, 15, 17)

/* X(code as stored, label name in labels.conf) */
#define REPORT_SEXES(X)							\
	X(F, sex_F) X(M, sex_M) X(U, sex_U)

/* The band of a child whose age was not given. */
#define REPORT_AGE_UNKNOWN	"unknown"

#endif
