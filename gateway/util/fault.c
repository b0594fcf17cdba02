/*
 * The fault injector's counters (see fault.h).  Thread-safe: the HTTP
 * threads allocate and step too.
 */
#ifdef FAULT_INJECT
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"

static const char *const names[FAULT_NKINDS] = { "malloc", "step",
    "perform" };
static long	counts[FAULT_NKINDS];
static long	target = -1;
static int	target_kind = -1;
static int	armed;
static __thread int paused;

void
fault_pause(int on)
{
	paused = on;
}

void
fault_arm(void)
{
	const char	*spec = getenv("REPORTGW_FAULT");
	int		 k;

	for (k = 0; spec != NULL && k < FAULT_NKINDS; k++) {
		size_t n = strlen(names[k]);

		if (strncmp(spec, names[k], n) == 0 && spec[n] == ':') {
			target_kind = k;
			target = strtol(spec + n + 1, NULL, 10);
		}
	}
	__atomic_store_n(&armed, 1, __ATOMIC_SEQ_CST);
}

int
fault_hit(enum fault_kind k)
{
	long n;

	if (!__atomic_load_n(&armed, __ATOMIC_SEQ_CST) || paused)
		return 0;
	n = __atomic_add_fetch(&counts[k], 1, __ATOMIC_SEQ_CST);
	return (int)k == target_kind && n == target;
}

void
fault_report(void)
{
	const char	*path = getenv("REPORTGW_FAULT_COUNTS");
	FILE		*f;
	int		 k;

	if (path == NULL || (f = fopen(path, "w")) == NULL)
		return;
	for (k = 0; k < FAULT_NKINDS; k++)
		fprintf(f, "%s %ld\n", names[k], counts[k]);
	fclose(f);
}
#else
/* ISO C wants something in a translation unit */
typedef int fault_unused;
#endif
