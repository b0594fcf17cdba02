/*
 * The only list of provider drivers.  Adding one is its file in
 * gateway/providers/, which defines
 *	const struct provider_ops prov_NAME = { .name = "NAME", ... };
 * and its line here.  provider.c builds the driver table from this list,
 * and the configuration key table (gateway/conf/keys.c) builds the values
 * provider.type allows from it: a header of names, so the config library
 * knows the types without linking to the drivers.
 */
#ifndef REPORTGW_DRIVERS_H
#define REPORTGW_DRIVERS_H

#define PROVIDER_DRIVERS(X) \
	X(africastalking) \
	X(twilio) \
	X(infobip) \
	X(generic) \
	X(kannel)

/* "africastalking|twilio|...": a K_ENUM's choices (skips the first '|') */
#define PROVIDER_DRIVER_CHOICE(name)	"|" #name
#define PROVIDER_DRIVER_CHOICES \
	(("" PROVIDER_DRIVERS(PROVIDER_DRIVER_CHOICE)) + 1)

#endif
