/*
 * The text libconfig parses (gateway/conf/source.c): the config file with every
 * @include expanded by us, read from regular files of bounded size, and a
 * map from its lines back to the file and line each came from.  libconfig
 * never opens a file itself, so what it parses is what we checked.
 * Internal to config/.
 */
#ifndef REPORTGW_SOURCE_H
#define REPORTGW_SOURCE_H

#include <sys/types.h>

#include <stddef.h>

#define CONF_FILE_MAX		(1024 * 1024)	/* bytes of one file */
#define CONF_TOTAL_MAX		(4 * 1024 * 1024) /* with every include */
#define CONF_GROUP_MAX		500	/* settings in one group */
#define CONF_NEST_MAX		32	/* groups and lists in one another */
#define CONF_INCLUDE_DEPTH	10	/* @include within @include */

struct conf_errs;

struct conf_file {
	char	*path;		/* as messages name it */
	int	 real;		/* read from disk (not text from memory) */
	mode_t	 mode;		/* its permission bits, when real */
};

struct conf_seg {
	int	 flat;		/* first line of the run in the text */
	size_t	 file;		/* index into files */
	int	 line;		/* its line in that file */
};

struct conf_src {
	char			*text;	/* NUL-terminated, no NUL inside */
	size_t			 len, cap;
	int			 lines;	/* newlines in text so far */
	const char		*dir;	/* where relative @includes resolve */
	struct conf_file	*files;
	size_t			 nfiles;
	struct conf_seg		*segs;
	size_t			 nsegs;
	/* the scanner's state, carried from a file into its includes */
	int			 state;
	int			 nest;
	int			 count[CONF_NEST_MAX + 1];
	int			 failed;	/* stop: too big or too deep */
};

/*
 * Builds the text from a file, or from text in memory standing for a file
 * called `name`; relative @include paths resolve against dir (NULL: as
 * written).  Returns 0, or -1 with the problems recorded in e.
 */
int	conf_src_file(struct conf_src *, const char *path, const char *dir,
	    struct conf_errs *);
int	conf_src_string(struct conf_src *, const char *text, const char *name,
	    const char *dir, struct conf_errs *);
void	conf_src_free(struct conf_src *);

/* The file and its line that line `flat` of the text came from. */
const struct conf_file *conf_src_where(const struct conf_src *, int flat,
	    int *line);

/*
 * Reads a whole regular file of at most max bytes into a new buffer (NUL
 * added).  Never blocks on a FIFO or device.  Returns 0, or -1 with *why
 * set to a static text (errno's, "not a regular file", "too large").
 */
int	conf_read_file(const char *path, size_t max, char **buf, size_t *len,
	    mode_t *mode, const char **why);

#endif
