/*
 * The only list of provider drivers.  Adding one is its file in
 * gateway/providers/, which defines
 *	const struct provider_ops prov_NAME = { .name = "NAME", ... };
 * and its line here: X(NAME, URL), URL being 1 when the driver needs
 * provider.url.  provider.c builds the driver table from this list, and
 * the configuration library (gateway/conf) builds from it the values
 * provider.type allows and the check of provider.url: a header of names,
 * so the config library knows the types without linking to the drivers.
 */
#ifndef REPORTGW_DRIVERS_H
#define REPORTGW_DRIVERS_H

#define PROVIDER_DRIVERS(X) \
	X(africastalking, 1) \
	X(twilio, 1) \
	X(infobip, 1) \
	X(generic, 0)	/* its URLs are in provider.generic */ \
	X(kannel, 1)

/* "africastalking|twilio|...": a K_ENUM's choices (skips the first '|') */
#define PROVIDER_DRIVER_CHOICE(name, url)	"|" #name
#define PROVIDER_DRIVER_CHOICES \
	(("" PROVIDER_DRIVERS(PROVIDER_DRIVER_CHOICE)) + 1)

#endif
