/* state.h - the reading state: what was read, where, the marks, the own
 * titles, the search history and each collection's settings, kept on disk
 * in an SQLite database so that no crash or kill loses more than the
 * last change.
 *
 * One folder (by default $XDG_STATE_HOME/folio, else ~/.local/state/folio,
 * created mode 0700) holds these files:
 *   state.db          the database (mode 0600; its -wal and -shm files
 *                     beside it are SQLite's write-ahead log, kept between
 *                     runs so that a run's first save need not create it);
 *   state.db.bad-TIME a database that could not be used, kept aside with
 *                     its -wal and -shm (never deleted; TIME is local
 *                     YYYYmmdd-HHMMSS);
 *   state             the text file of older folios: when state.db does
 *                     not exist yet it is imported once, whole, and then
 *                     renamed to state.imported (kept, never read again);
 *                     one that cannot be parsed is kept as state.bad-TIME.
 *
 * The database: tables articles (canonical path, fingerprint, read flag,
 * position, time of the last change, own title), marks (path, letter,
 * position; a global letter 'A'-'Z' in at most one row), history (the
 * search patterns in order), views (a collection's settings) and meta;
 * PRAGMA user_version holds the schema version (SCHEMA in state.c).  It
 * runs in WAL mode with synchronous=NORMAL: a commit is durable against a
 * killed process (what the WAL holds survives it) though not against a
 * power cut, which may lose the last commits but never corrupts.
 *
 * An article is keyed by its canonical absolute path (realpath(3) when the
 * file exists, else the path made absolute).  Its fingerprint - the size
 * and a hash of its first STATE_HEAD_BYTES bytes, which hold its title - is
 * the fallback: an article whose path is unknown gets the record of an
 * article with the same fingerprint whose path no longer exists, so that
 * renaming a folder loses nothing, while two copies of one file that both
 * exist stay apart.  The first change made to such an article copies the
 * old record to the new path (the old one stays; when there are more than
 * STATE_MAX_RECORDS records, a save drops the ones changed longest ago,
 * down to 1/64 below the limit).
 *
 * The struct state holds the whole database in memory, so reads cost no
 * disk access.  A change (state_set_*, state_history_add) changes memory
 * at once and is written by the next state_save, in one transaction with
 * whatever else changed since the last one: the caller saves after each
 * change (or after a burst of them, such as marking all read).  A save
 * writes only the fields that changed (the read flag, the position, the
 * own title and each mark separately), so two folios on one folder lose
 * neither's updates (for one field changed by both, the last save wins).
 * Each folio sees the other's saved changes at its next save, and at its
 * next read (state_get, state_global_mark, a set) once the refresh
 * interval has passed since the last look (20 ms by default: a look costs
 * some microseconds and a list may read 100,000 records in a row).
 * Changes not saved yet are kept over the other's.
 *
 * state_open treats the database as untrusted: a file that is not a
 * database, is damaged or truncated, is a folder, cannot be read, or has
 * another schema is moved aside (with its -wal and -shm) as
 * state.db.bad-TIME, with one notice, and folio starts with an empty
 * state.  One made by a newer folio (a higher user_version) is left
 * alone: the state starts empty and saves fail.  In a folder that cannot
 * be written, what can be read is read and saves fail.
 *
 * Marks 'a'-'z' belong to their article.  Marks 'A'-'Z' are global: each
 * letter is in at most one record, so setting one in an article clears it
 * in any other, and state_global_mark finds it.
 *
 * Undo of "mark all read" is left to the caller: remember which articles
 * were unread (state_get) and set them unread again (state_set_read).
 *
 * Nothing here is thread-safe; nothing here blocks for longer than the
 * lock timeout (another folio's transaction) plus the disk's own time.
 */
#ifndef FOLIO_STATE_H
#define FOLIO_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STATE_VERSION 1            /* of the old text file */
#define STATE_HEAD_BYTES 4096      /* bytes of an article fingerprinted */
#define STATE_MAX_FILE (64u << 20) /* a bigger old state file is rejected */
#define STATE_MAX_LINE 32768       /* a longer line of it is rejected */
#define STATE_MAX_RECORDS 100000   /* saves keep the newest ones (see above) */
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
	                                the state and valid until the next
	                                call that reads, changes or saves it
	                                (a read may take in another folio's
	                                changes); the caller makes it safe
	                                to show; NULL when none */
};

/* Opens the state kept in dir, or with dir NULL in the default folder,
 * reading the database (all of it, into memory) and importing an old
 * state file (see above) when there is one; when there is neither,
 * nothing is created until the first save.  Never fails: an unusable
 * database is moved aside, and the state starts empty.  Sets *notice to
 * one line for the user (the caller frees it) when the state was
 * imported, when a file was unusable, or when saves will fail (the
 * folder cannot be written, a newer folio's database); else *notice is
 * NULL.  May wait up to the lock timeout for a folio creating the
 * database at the same moment. */
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
 * STATE_TITLE_MAX bytes is not kept.  Saves write it as one field. */
void state_set_title(struct state *st, const char *path, uint64_t fp, const char *title);
/* Keeps value (a short word, at most STATE_TITLE_MAX bytes; NULL or ""
 * removes it) as the setting of the collection key (its path-like name,
 * ending in '/'; taken as it is, not made canonical).  Saves write it as
 * one field.  state_view returns it (owned by st, valid until the next
 * read, change or save) or NULL. */
void state_set_view(struct state *st, const char *key, const char *value);
const char *state_view(const struct state *st, const char *key);

/* The number of records with an own title (collections' settings not
 * counted). */
size_t state_title_count(const struct state *st);

/* The index in marks[] of mark letter, or -1 when letter is no mark; and
 * the letter of index i (0 <= i < STATE_MARKS). */
int state_mark_index(int letter);
int state_mark_letter(int i);

/* Where global mark letter ('A'-'Z') is: the canonical path of its
 * article (owned by st, valid until the next read, change or save) and
 * the offset; false when it is not set.  state_same_article says whether path (as a caller
 * names it) is that canonical path. */
bool state_global_mark(struct state *st, int letter, const char **path, uint64_t *position);
bool state_same_article(struct state *st, const char *path, const char *canon);

/* The number of records in memory (articles and collections' settings). */
size_t state_count(const struct state *st);

/* Adds a search pattern as the newest entry; an equal older entry is
 * removed, the oldest entries beyond STATE_HISTORY_MAX are dropped.  Empty
 * patterns and ones longer than STATE_PATTERN_MAX bytes are ignored. */
void state_history_add(struct state *st, const char *pattern);
size_t state_history_count(const struct state *st);
/* Entry i, 0 the oldest; owned by st, valid until the next read, change,
 * save or free. */
const char *state_history_get(const struct state *st, size_t i);

/* Whether there are changes not yet saved. */
bool state_dirty(const struct state *st);

/* How long a save (or the open of a database being created) waits for
 * another folio's transaction (default 2000 ms; after a save that waited
 * in vain, the next ones wait 100 ms until one succeeds, since they run
 * between keys). */
void state_set_lock_timeout(struct state *st, int ms);

/* How often reads look for other folios' changes (default 20 ms; 0: at
 * every read, as tests want). */
void state_set_refresh_interval(struct state *st, int ms);

/* Writes the changes made since the last save in one transaction (see
 * above), then takes in what other folios saved; does nothing and returns
 * 0 when there are none.  Returns 0 when saved, *err NULL or a notice
 * (the caller frees it) when the first save of a state that had no
 * database found one made meanwhile unusable and moved it aside.  Returns -1
 * when it could not save (no folder, a folder that cannot be written, a
 * full disk, another folio's transaction held too long): the database is
 * untouched, the changes stay in memory and a later save may succeed, and
 * *err is the message (the caller frees it), or NULL when the user was
 * warned already - by the previous save's same failure, or by the notice
 * of state_open saying saves would fail - so that a caller showing every
 * message warns once. */
int state_save(struct state *st, char **err);

/* For tests and fuzzers: a state (with no folder: saves fail) parsed from
 * buf[0..len) as an old state file is, or NULL with *why set (the caller
 * frees it) when the bytes are not a valid one. */
struct state *state_from_buffer(const char *buf, size_t len, char **why);

#endif
