/*
 * The spool: raw answers of a destructive provider (one that hands each
 * message out once, such as Infobip) kept on disk until their batch is
 * committed.
 *
 * Crash-safety contract:
 *   - spool_keep() returns only after the answer is in a file of its own
 *     and that file and its folder are fsynced; before that the provider
 *     answer is only in memory, but the decoder has not seen it either;
 *   - the file is removed (spool_done) only after the batch and its
 *     cursor are committed to the store;
 *   - at every poll cycle the files left over are decoded and stored
 *     again, oldest first; the store drops what it already has by
 *     (provider, id), so a replay never doubles a message;
 *   - an answer that cannot be decoded at all is renamed *.bad and kept
 *     for the operator, so it never blocks the ones after it.
 * The folder is DATABASE.spool, mode 0700; files are 0600.
 */
#ifndef REPORTGW_SPOOL_H
#define REPORTGW_SPOOL_H

#include <stddef.h>
#include <sys/types.h>

struct spool;

/* Opens (creating) the spool beside the database; NULL on failure. */
struct spool	*spool_open(const char *database);
void		 spool_close(struct spool *);
/* Hands the folder and its files to the daemon's user. */
int		 spool_chown(struct spool *, uid_t, gid_t);
/* Writes one answer durably (the provider's keep hook); 0 or -1. */
int		 spool_keep(const char *body, size_t len, void *spool);
/* The answer written last is committed: removes its file. */
void		 spool_done(struct spool *);
/*
 * Replays the files left over, oldest first.  fn returns 0 (stored:
 * the file goes), -1 (the store failed: stop, try again later) or -2
 * (not decodable: kept as *.bad).  Returns the number of files stored,
 * or -1 when a replay failed.
 */
int		 spool_replay(struct spool *,
		    int (*fn)(const char *body, size_t len, void *), void *);

#endif
