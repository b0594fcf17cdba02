/*
 * The CSV of `reportgw export` (export_csv.c): a header first, even
 * without rows, then one line per stored row (store_export's callback).
 */
#ifndef REPORTGW_EXPORT_CSV_H
#define REPORTGW_EXPORT_CSV_H

#include <stdio.h>

#include "conf.h"

struct export_csv;

/* what: as store_export; vi: Vietnamese column titles. */
struct export_csv *export_csv_new(const struct conf *, const char *what,
		    int vi);
void		 export_csv_free(struct export_csv *);
/* values NULL: the header (with the BOM).  0, or -1 on a write error. */
int		 export_csv_row(struct export_csv *, const char *const *names,
		    const char *const *values, int n, FILE *);

#endif
