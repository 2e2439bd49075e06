/* state-private.h - what the files of the reading state share, and only
 * they: state.c (the SQLite store and the public API of state.h),
 * state-records.c (the records and history held in memory, and their
 * hash indexes) and state-import.c (the old text file's parser, kept to
 * import that file once).  No other module includes this header; they
 * use state.h.
 */
#ifndef FOLIO_STATE_PRIVATE_H
#define FOLIO_STATE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NONE SIZE_MAX /* no record, no entry */
#define BIT(k) (UINT64_C(1) << (k))
#define FIRST_GLOBAL 26 /* marks[] index of 'A' */
#define FNV_INIT 0xcbf29ce484222325ULL

/* The fields of a record changed since the last save. */
enum { DIRTY_READ = 1 << 0, DIRTY_POS = 1 << 1, DIRTY_TITLE = 1 << 2 };

/* One article's record (or a collection's settings: see is_view). */
struct rec {
	char *path;  /* owned (but see arena); canonical, absolute */
	uint64_t fp; /* fingerprint, 0 none */
	int64_t time;
	uint64_t pos;
	uint64_t *marks; /* owned; NULL or STATE_MARKS entries */
	uint64_t mark_set;
	uint64_t mark_dirty; /* marks changed since the last save */
	char *title;         /* owned; the reader's own title, NULL none */
	unsigned dirty;      /* DIRTY_*: fields changed since the last save */
	bool read;
	bool queued; /* in st->queue */
};

/* Search patterns, oldest first, no duplicates. */
struct hist {
	char **v; /* owned, as are the strings */
	size_t n;
};

/* The records and history in memory: a cache of the database. */
struct db {
	struct rec *recs;
	size_t n, cap;
	uint32_t *by_path; /* open addressing over tcap slots: index + 1 */
	uint32_t *by_fp;   /* the same by fingerprint; may hold stale slots */
	size_t tcap, fp_used;
	struct hist hist;
	char *arena; /* owned; NULL, or the paths of a load, one block:
	                recs[i].path may point into it */
	size_t arena_len;
};

/* ---- hashing (state-records.c) ------------------------------------------ */

/* FNV-1a of data[0..len) continuing from h (FNV_INIT to start). */
uint64_t fnv1a(uint64_t h, const void *data, size_t len);
/* Spreads a hash over the low bits used to pick a slot. */
uint64_t mix(uint64_t h);
/* A path's hash for the indexes; str_hash_n of the n bytes at s is the
 * same as str_hash of them as a string. */
uint64_t str_hash(const char *s);
uint64_t str_hash_n(const char *s, size_t n);
/* Puts index i (stored as i + 1) in the first free slot from h of the
 * open-addressing table t of cap slots (a power of two, never full). */
void slot_put(uint32_t *t, size_t cap, uint64_t h, size_t i);

/* ---- history (state-records.c) ------------------------------------------ */

/* Empties h, freeing its strings. */
void hist_clear(struct hist *h);
/* The index of the entry equal to s, or NONE. */
size_t hist_find(const struct hist *h, const char *s);
/* Appends a copy of s as the newest entry, dropping an equal one and the
 * oldest beyond STATE_HISTORY_MAX. */
void hist_add(struct hist *h, const char *s);

/* ---- records (state-records.c) ------------------------------------------ */

/* Frees everything db owns and leaves it empty. */
void db_free(struct db *db);
/* Rebuilds both indexes with room for want records; db_index does it
 * with the records' path hashes given (hashes[i] = str_hash of record
 * i's path), or computes them when hashes is NULL. */
void db_rehash(struct db *db, size_t want);
void db_index(struct db *db, size_t want, const uint64_t *hashes);
/* Whether path lies in db's arena, and so is not freed on its own. */
bool db_in_arena(const struct db *db, const char *path);
/* The index of the record of canonical path, or NONE. */
size_t db_find(const struct db *db, const char *path);
/* Adds a default record for path (which it takes over, as it was
 * allocated); returns its index.  db_append does the same without
 * indexing it: the caller calls db_rehash after a run of them. */
size_t db_add(struct db *db, char *path, uint64_t fp);
size_t db_append(struct db *db, char *path, uint64_t fp);
/* Changes record i's fingerprint (fp 0 changes nothing). */
void db_set_fp(struct db *db, size_t i, uint64_t fp);
/* The newest record with fingerprint fp whose path no longer exists, or
 * NONE. */
size_t db_find_moved(const struct db *db, uint64_t fp);
/* The record holding global mark k, or NONE. */
size_t db_global_holder(const struct db *db, int k);
/* Clears global mark k in every record but keep. */
void db_global_only(struct db *db, int k, size_t keep);
/* Sets mark i of r at pos, making room for the marks when needed. */
void rec_set_mark(struct rec *r, int i, uint64_t pos);

/* ---- the old text file (state-import.c) --------------------------------- */

enum read_result { RD_OK, RD_MISSING, RD_BAD, RD_ERROR };

/* Reads the old state file at path whole, never blocking: RD_OK with
 * *buf (NUL-terminated, the caller frees it) and *len; RD_MISSING when
 * there is none; RD_BAD (not a regular file, too large) or RD_ERROR with
 * *why (the caller frees it). */
enum read_result import_read(const char *path, char **buf, size_t *len, char **why);
/* Parses a whole state file into *out (empty before); false with *why
 * (the caller frees it) when anything about it is wrong, *out untouched. */
bool import_parse(struct db *out, const char *buf, size_t len, char **why);

#endif
