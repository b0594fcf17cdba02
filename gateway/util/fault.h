/*
 * Fault injection for the test build (make check builds one with
 * -DFAULT_INJECT): REPORTGW_FAULT="malloc:N", "step:N" or "perform:N"
 * fails the Nth allocation (ours, SQLite's, libcurl's, jansson's), the
 * Nth sqlite3_step() or the Nth curl_easy_perform() after the daemon's
 * start-up; REPORTGW_FAULT_COUNTS=FILE writes how many of each were made.
 * In normal builds every hook compiles to nothing.
 */
#ifndef REPORTGW_FAULT_H
#define REPORTGW_FAULT_H

enum fault_kind {
	FAULT_MALLOC,
	FAULT_STEP,
	FAULT_PERFORM,
	FAULT_NKINDS
};

#ifdef FAULT_INJECT
/* Counts one call of that kind; 1 when this call must fail. */
int	fault_hit(enum fault_kind);
/* Reads REPORTGW_FAULT and starts counting. */
void	fault_arm(void);
/* Writes the counts to $REPORTGW_FAULT_COUNTS, if set. */
void	fault_report(void);
/* While paused (per thread), calls are neither counted nor failed. */
void	fault_pause(int on);
#else
static inline int fault_hit(enum fault_kind k) { (void)k; return 0; }
static inline void fault_arm(void) { }
static inline void fault_report(void) { }
static inline void fault_pause(int on) { (void)on; }
#endif

#endif
