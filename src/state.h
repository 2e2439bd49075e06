/* state.h - the reading state: what was read, where, the marks, and the
 * search history, kept on disk so that no crash or kill ever loses it.
 *
 * One folder (by default $XDG_STATE_HOME/folio, else ~/.local/state/folio)
 * holds these files:
 *   state            the records, replaced whole by each save (mode 0600);
 *   state.lock       an flock(2) lock taken around each save, never removed;
 *   state.tmp.PID    a save in progress; one left by a killed process is
 *                    removed by the next save;
 *   state.bad-TIME   a state file that could not be loaded, kept aside
 *                    (never deleted; TIME is local YYYYmmdd-HHMMSS).
 *
 * An article is keyed by its canonical absolute path (realpath(3) when the
 * file exists, else the path made absolute).  Its fingerprint - the size
 * and a hash of its first STATE_HEAD_BYTES bytes, which hold its title - is
 * the fallback: an article whose path is unknown gets the record of an
 * article with the same fingerprint whose path no longer exists, so that
 * renaming a folder loses nothing, while two copies of one file that both
 * exist stay apart.  The first change made to such an article copies the
 * old record to the new path (the old one stays; when there are more than
 * STATE_MAX_RECORDS records, saves keep the most recently changed).
 *
 * Saving merges: under the lock the file on disk is read again, the fields
 * this instance changed since its last save are applied to it (the read
 * flag, the position and each mark separately; history entries added here
 * move to the newest end), and the result is written to a temporary file,
 * fsynced, renamed over "state" and the folder fsynced.  So two folios on
 * one state lose neither's updates (for one field changed by both, the
 * last save wins), and a crash at any moment leaves the old or the new file
 * whole.  After a successful save the in-memory state is the merged one;
 * until then another folio's changes are not seen.
 *
 * The file is text: a first line "folio-state 1", one line per record and
 * per history entry with escaped fields (a record with an own title is
 * followed by a "t" line holding it), and a last line holding a checksum
 * of everything before it, so that truncation anywhere is detected.
 * Loading treats it as untrusted: any defect (empty, truncated, garbage,
 * binary, over STATE_MAX_FILE bytes, over-long lines, too many records,
 * another version, not a regular file) means starting empty, the file
 * renamed to state.bad-TIME, and one notice.
 *
 * A collection's own settings (the order of its list) are kept as a
 * record too, under a key that ends in '/' (library_collection_key),
 * which no article's canonical path does, the value in its "t" line.
 * So the file's format is unchanged: an older folio loads, keeps and
 * merges such a record as that of an article it never lists.
 *
 * Marks 'a'-'z' belong to their article.  Marks 'A'-'Z' are global: each
 * letter is in at most one record, so setting one in an article clears it
 * in any other (a merge does the same, the last save winning), and
 * state_global_mark finds it.
 *
 * Undo of "mark all read" is left to the caller: remember which articles
 * were unread (state_get) and set them unread again (state_set_read).
 *
 * Nothing here is thread-safe; nothing here blocks for longer than the
 * lock timeout plus the disk's own fsync time.
 */
#ifndef FOLIO_STATE_H
#define FOLIO_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STATE_VERSION 1
#define STATE_HEAD_BYTES 4096      /* bytes of an article fingerprinted */
#define STATE_MAX_FILE (64u << 20) /* a bigger state file is rejected */
#define STATE_MAX_LINE 32768       /* a longer line is rejected */
#define STATE_MAX_RECORDS 100000   /* saves keep the newest ones */
#define STATE_PATH_MAX 4096        /* longer canonical paths are not kept */
#define STATE_HISTORY_MAX 100      /* entries; the oldest go first */
#define STATE_PATTERN_MAX 1024     /* bytes; longer patterns are not kept */
#define STATE_MARKS 52             /* marks 'a'-'z', then 'A'-'Z' */
#define STATE_TITLE_MAX 1024       /* bytes; longer own titles are not kept */

struct state;

/* One article's record, as returned by copy. */
struct state_article {
	bool read;
	uint64_t position;           /* raw byte offset; 0 when none */
	uint64_t marks[STATE_MARKS]; /* marks[i]: mark state_mark_letter(i) */
	uint64_t mark_set;           /* ... when bit i is set here */
	int64_t time;                /* last change, seconds since the epoch */
	const char *title;           /* the reader's own title: raw bytes of 1
	                                to STATE_TITLE_MAX, no NUL, owned by
	                                the state and valid until its next
	                                change or save (the caller makes it
	                                safe to show); NULL when none */
};

/* Opens the state kept in dir, or with dir NULL in the default folder.
 * Never fails: a missing file is an empty state, an unusable one is moved
 * aside (see above).  Sets *notice to one line for the user (the caller
 * frees it) when the file was unusable, could not be read, or the folder
 * cannot be written (then saves will fail); else *notice is NULL.  Moving
 * a bad file aside may wait up to half a second for another folio's lock.
 * The folder is created (mode 0700) only by the first save. */
struct state *state_open(const char *dir, char **notice);

/* Frees st without saving; st may be NULL. */
void state_free(struct state *st);

/* The folder, owned by st; NULL when no home folder could be found. */
const char *state_dir(const struct state *st);

/* The fingerprint of an article of size bytes whose first bytes are
 * head[0..len).  Returns 0 (no fingerprint: only the path will find the
 * record) when size is 0 or len < min(size, STATE_HEAD_BYTES); extra
 * bytes beyond STATE_HEAD_BYTES are ignored. */
uint64_t state_fingerprint(uint64_t size, const char *head, size_t len);

/* Copies the record of the article at path (fp: its fingerprint, or 0)
 * into *out and returns true; returns false with *out all zero when there
 * is none.  The path need not exist. */
bool state_get(struct state *st, const char *path, uint64_t fp, struct state_article *out);

/* Change one field of the article's record, creating it when needed.  A
 * value equal to the current one changes nothing.  Paths that cannot be
 * made absolute or are longer than STATE_PATH_MAX are silently not kept.
 * Letters that are no mark are ignored; setting a global mark clears it
 * in the record that held it. */
void state_set_read(struct state *st, const char *path, uint64_t fp, bool read);
void state_set_position(struct state *st, const char *path, uint64_t fp, uint64_t position);
void state_set_mark(struct state *st, const char *path, uint64_t fp, int letter, uint64_t position);
void state_clear_mark(struct state *st, const char *path, uint64_t fp, int letter);

/* Sets the article's own title (any bytes but NUL; the state keeps them
 * as they are); NULL or "" removes it; a title longer than
 * STATE_TITLE_MAX bytes is not kept.  Saves merge it as one field. */
void state_set_title(struct state *st, const char *path, uint64_t fp, const char *title);
/* Keeps value (a short word, at most STATE_TITLE_MAX bytes; NULL or ""
 * removes it) as the setting of the collection key (its path-like name,
 * ending in '/'; taken as it is, not made canonical).  Saves merge it as
 * one field.  state_view returns it (owned by st, valid until the next
 * change or save) or NULL. */
void state_set_view(struct state *st, const char *key, const char *value);
const char *state_view(const struct state *st, const char *key);

/* The number of records with an own title (collections' settings not
 * counted). */
size_t state_title_count(const struct state *st);

/* The index in marks[] of mark letter, or -1 when letter is no mark; and
 * the letter of index i (0 <= i < STATE_MARKS). */
int state_mark_index(int letter);
int state_mark_letter(int i);

/* Where global mark letter ('A'-'Z') is: the canonical path of its article
 * (owned by st, valid until the next change or save) and the offset; false
 * when it is not set.  state_same_article says whether path (as a caller
 * names it) is that canonical path. */
bool state_global_mark(const struct state *st, int letter, const char **path, uint64_t *position);
bool state_same_article(struct state *st, const char *path, const char *canon);

/* The number of article records (saves keep at most STATE_MAX_RECORDS). */
size_t state_count(const struct state *st);

/* Adds a search pattern as the newest entry; an equal older entry is
 * removed, the oldest entries beyond STATE_HISTORY_MAX are dropped.  Empty
 * patterns and ones longer than STATE_PATTERN_MAX bytes are ignored. */
void state_history_add(struct state *st, const char *pattern);
size_t state_history_count(const struct state *st);
/* Entry i, 0 the oldest; owned by st, valid until the next history_add,
 * save or free. */
const char *state_history_get(const struct state *st, size_t i);

/* Whether there are changes not yet saved. */
bool state_dirty(const struct state *st);

/* How long a save waits for another folio's lock (default 2000 ms). */
void state_set_lock_timeout(struct state *st, int ms);

/* Saves the changes (see above); does nothing and returns 0 when there are
 * none.  Returns 0 when saved; *err is then NULL, or a notice (the caller
 * frees it) when the file on disk had become unusable and was moved aside.
 * Returns -1 when it could not save (read-only or missing folder, disk
 * full, lock held too long, the file on disk unreadable): the file on disk
 * and the in-memory state are untouched, a later save may succeed, and
 * *err is the message (the caller frees it), or NULL when the user was
 * warned already - by the previous save's same failure, or by the notice
 * of state_open saying saves would fail - so that a caller showing every
 * message warns once. */
int state_save(struct state *st, char **err);

/* For tests and fuzzers: a state (with no folder: saves fail) parsed from
 * buf[0..len), or NULL with *why set (the caller frees it) when the bytes
 * are not a valid state file. */
struct state *state_from_buffer(const char *buf, size_t len, char **why);

/* The state file's bytes for st as it is in memory (the newest
 * STATE_MAX_RECORDS records); the caller frees the result. */
char *state_serialize(const struct state *st, size_t *len);

#endif
