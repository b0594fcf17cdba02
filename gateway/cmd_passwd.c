/*
 * reportgw passwd: reads a password from standard input (one line; a
 * terminal does not echo it) and prints its argon2id hash for a user's
 * password_hash in the web group (reportgw.conf(5)).  Needs no config.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "web.h"

#define PASSWORD_MIN	10	/* characters of a staff password, at least */

int
cmd_passwd(int argc, char **argv)
{
	struct termios	 t, quiet;
	char		 pw[WEB_PASSWORD_MAX + 2], hash[crypto_pwhash_STRBYTES];
	size_t		 n;
	int		 tty = isatty(STDIN_FILENO), ok;

	(void)argv;
	if (argc > 1)
		cli_usage(cli_command_usage("passwd"));
	if (sodium_init() == -1) {
		fprintf(stderr, "reportgw: libsodium cannot start\n");
		return EXIT_RUNTIME;
	}
	if (tty) {
		fprintf(stderr, "password: ");
		tcgetattr(STDIN_FILENO, &t);
		quiet = t;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	ok = fgets(pw, sizeof(pw), stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
		fprintf(stderr, "\n");
	}
	n = ok ? strlen(pw) : 0;
	if (ok && n > 0 && pw[n - 1] != '\n' && !feof(stdin)) {
		sodium_memzero(pw, sizeof(pw));
		fprintf(stderr, "reportgw: a password has at most %d bytes\n",
		    WEB_PASSWORD_MAX);
		return EXIT_USAGE;
	}
	if (n > 0 && pw[n - 1] == '\n')
		pw[--n] = '\0';
	if (n > 0 && pw[n - 1] == '\r')
		pw[--n] = '\0';
	if (n < PASSWORD_MIN) {
		sodium_memzero(pw, sizeof(pw));
		fprintf(stderr, "reportgw: a password has at least %d "
		    "characters\n", PASSWORD_MIN);
		return EXIT_USAGE;
	}
	ok = crypto_pwhash_str(hash, pw, n, WEB_PWHASH_OPS,
	    WEB_PWHASH_MEM) == 0;
	sodium_memzero(pw, sizeof(pw));
	if (!ok) {
		fprintf(stderr, "reportgw: out of memory for the hash\n");
		return EXIT_RUNTIME;
	}
	printf("%s\n", hash);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_RUNTIME;
}
