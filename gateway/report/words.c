/*
 * The words of a report: labels from labels.conf (report_labels.h), the
 * names of sexes and age bands (bands.h), areas and periods.
 */
#include <stdio.h>
#include <string.h>

#include "report_int.h"

const char *
rp_label(const struct report *r, const char *name)
{
	return conf_label(r->conf, name);
}

const char *
rp_sex_code(int sex)
{
	static const char *const codes[] = {
#define SEX_CODE(code, label)	#code,
		REPORT_SEXES(SEX_CODE)
#undef SEX_CODE
	};

	return sex >= 0 && sex < RP_NSEX ? codes[sex] : "U";
}

const char *
rp_sex_label(const struct report *r, int sex)
{
	static const char *const labels[] = {
#define SEX_LABEL(code, label)	#label,
		REPORT_SEXES(SEX_LABEL)
#undef SEX_LABEL
	};

	return rp_label(r, labels[sex >= 0 && sex < RP_NSEX ? sex :
	    RP_NSEX - 1]);
}

const char *
rp_band_name(int band)
{
	static const char *const names[] = {
#define BAND_NAME(name, lo, hi)	#name,
		REPORT_AGE_BANDS(BAND_NAME)
#undef BAND_NAME
		REPORT_AGE_UNKNOWN
	};

	return band >= 0 && band < RP_NBANDS ? names[band] :
	    REPORT_AGE_UNKNOWN;
}

const char *
rp_band_label(const struct report *r, int band)
{
	char name[48];

	snprintf(name, sizeof(name), "rcol_age_%s", rp_band_name(band));
	return rp_label(r, name);
}

const char *
rp_area_name(const struct report *r)
{
	size_t i;

	for (i = 0; i < r->group->communes.n; i++)
		if (strcmp(r->group->communes.v[i], "*") == 0)
			return r->group->name[0] != '\0' ? r->group->name :
			    rp_label(r, "report_area_all");
	return r->group->name;
}

const char *
rp_period_kind(const struct report *r)
{
	static const char *const kinds[] = { "report_period_week",
	    "report_period_month", "report_period_quarter",
	    "report_period_year" };

	return rp_label(r, kinds[r->period.unit]);
}

void
rp_day_text(long day, char out[16])
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(out, 16, "%02d/%02d/%04d", d % 100, m % 100, y % 10000);
}

double
rp_pct(long num, long den)
{
	return den > 0 ? 100.0 * (double)num / (double)den : -1;
}

double
rp_ratio(const struct report *r, const struct rp_figure *f)
{
	const struct cb_code *c = &r->conf->codebook->codes[f->code];

	if (c->ratio_num < 0 || c->ratio_den < 0)
		return -1;
	return rp_pct(f->values[c->ratio_num], f->values[c->ratio_den]);
}

void
rp_vars(const struct report *r, char nums[8][32], const char **vars)
{
	long	possible = (long)r->area.villages * r->nweeks;
	double	pct = rp_pct(r->area.weeks_done, possible);
	int	k = 0;

	rp_day_text(report_period_first(&r->period), nums[0]);
	rp_day_text(report_period_end(&r->period) - 1, nums[1]);
	snprintf(nums[2], 32, "%ld", r->area.reports);
	snprintf(nums[3], 32, "%ld", r->area.children);
	snprintf(nums[4], 32, "%ld", r->area.alerts);
	snprintf(nums[5], 32, "%.1f", pct < 0 ? 0.0 : pct);
	vars[k++] = "area"; vars[k++] = rp_area_name(r);
	vars[k++] = "period"; vars[k++] = r->ptext;
	vars[k++] = "period_kind"; vars[k++] = rp_period_kind(r);
	vars[k++] = "from"; vars[k++] = nums[0];
	vars[k++] = "to"; vars[k++] = nums[1];
	vars[k++] = "reports"; vars[k++] = nums[2];
	vars[k++] = "children"; vars[k++] = nums[3];
	vars[k++] = "alerts"; vars[k++] = nums[4];
	vars[k++] = "completeness"; vars[k++] = nums[5];
	vars[k] = NULL;
}
