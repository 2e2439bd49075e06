/* state-records.c - the reading state's records and search history in
 * memory (see state-private.h): a cache of the database that state.c
 * keeps, indexed by path and by fingerprint.  The marks' letters
 * (state_mark_index, state_mark_letter) are here too. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "state-private.h"
#include "state.h"
#include "xmalloc.h"

uint64_t
fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Spreads a hash over the low bits used to pick a slot. */
uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/* A path's hash, eight bytes a step: paths are hashed once per record
 * loaded, and a load is of up to STATE_MAX_RECORDS of them. */
uint64_t
str_hash_n(const char *s, size_t n)
{
	uint64_t h = (uint64_t)n * 0x9e3779b97f4a7c15ULL, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, s, n);
	return mix((h ^ w) * 0xc4ceb9fe1a85ec53ULL);
}

uint64_t
str_hash(const char *s)
{
	return str_hash_n(s, strlen(s));
}

void
slot_put(uint32_t *t, size_t cap, uint64_t h, size_t i)
{
	size_t m = cap - 1, j = h & m;

	while (t[j] != 0)
		j = (j + 1) & m;
	t[j] = (uint32_t)(i + 1);
}

/* ---- history ------------------------------------------------------------ */

void
hist_clear(struct hist *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->v[i]);
	free(h->v);
	h->v = NULL;
	h->n = 0;
}

size_t
hist_find(const struct hist *h, const char *s)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->v[i], s) == 0)
			return i;
	return NONE;
}

static void
hist_remove(struct hist *h, size_t i)
{
	free(h->v[i]);
	memmove(h->v + i, h->v + i + 1, (h->n - i - 1) * sizeof *h->v);
	h->n--;
}

/* Appends s as the newest entry, dropping an equal one and the oldest
 * beyond the bound. */
void
hist_add(struct hist *h, const char *s)
{
	size_t i = hist_find(h, s);

	if (i != NONE)
		hist_remove(h, i);
	if (h->n >= STATE_HISTORY_MAX)
		hist_remove(h, 0);
	h->v = xreallocarray(h->v, h->n + 1, sizeof *h->v);
	h->v[h->n++] = xstrdup(s);
}

/* ---- records -------------------------------------------------------------- */

void
db_free(struct db *db)
{
	size_t i;

	for (i = 0; i < db->n; i++) {
		if (!db_in_arena(db, db->recs[i].path))
			free(db->recs[i].path);
		free(db->recs[i].marks);
		free(db->recs[i].title);
	}
	free(db->recs);
	free(db->by_path);
	free(db->by_fp);
	free(db->arena);
	hist_clear(&db->hist);
	memset(db, 0, sizeof *db);
}

bool
db_in_arena(const struct db *db, const char *path)
{
	uintptr_t p = (uintptr_t)path, a = (uintptr_t)db->arena;

	return db->arena != NULL && p >= a && p < a + db->arena_len;
}

void
db_rehash(struct db *db, size_t want)
{
	db_index(db, want, NULL);
}

void
db_index(struct db *db, size_t want, const uint64_t *hashes)
{
	size_t cap = 64, i, n = db->n, ahead = 16;
	uint64_t *own = NULL;
	const uint64_t *h = hashes;

	while (cap < want * 2)
		cap *= 2;
	free(db->by_path);
	free(db->by_fp);
	db->by_path = xcalloc(cap, sizeof *db->by_path);
	db->by_fp = xcalloc(cap, sizeof *db->by_fp);
	db->tcap = cap;
	db->fp_used = 0;
	/* The hashes first, then the slots, each one asked of the memory a
	 * few steps before it is written: a slot is a cache miss, and a load
	 * puts 100,000 of them in a row. */
	if (h == NULL) {
		own = xreallocarray(NULL, n + 1, sizeof *own);
		for (i = 0; i < n; i++)
			own[i] = str_hash(db->recs[i].path);
		h = own;
	}
	for (i = 0; i < n; i++) {
		if (i + ahead < n)
			__builtin_prefetch(&db->by_path[h[i + ahead] & (cap - 1)], 1);
		slot_put(db->by_path, cap, h[i], i);
		if (db->recs[i].fp != 0) {
			slot_put(db->by_fp, cap, mix(db->recs[i].fp), i);
			db->fp_used++;
		}
	}
	free(own);
}

size_t
db_find(const struct db *db, const char *path)
{
	size_t m, j;
	uint32_t s;

	if (db->tcap == 0)
		return NONE;
	m = db->tcap - 1;
	for (j = str_hash(path) & m; (s = db->by_path[j]) != 0; j = (j + 1) & m)
		if (strcmp(db->recs[s - 1].path, path) == 0)
			return s - 1;
	return NONE;
}

/* Adds a default record for path (which it takes over); returns its index. */
size_t
db_add(struct db *db, char *path, uint64_t fp)
{
	struct rec *r;

	if ((db->n + 1) * 2 > db->tcap || (db->fp_used + 1) * 2 > db->tcap)
		db_rehash(db, (db->n + 1) * 2);
	xgrow((void **)&db->recs, &db->cap, db->n + 1, sizeof *db->recs);
	r = &db->recs[db->n];
	memset(r, 0, sizeof *r);
	r->path = path;
	r->fp = fp;
	slot_put(db->by_path, db->tcap, str_hash(path), db->n);
	if (fp != 0) {
		slot_put(db->by_fp, db->tcap, mix(fp), db->n);
		db->fp_used++;
	}
	return db->n++;
}

/* Adds a default record for path (which it takes over) without indexing
 * it: a load into an empty cache indexes them all at once after. */
size_t
db_append(struct db *db, char *path, uint64_t fp)
{
	struct rec *r;

	xgrow((void **)&db->recs, &db->cap, db->n + 1, sizeof *db->recs);
	r = &db->recs[db->n];
	memset(r, 0, sizeof *r);
	r->path = path;
	r->fp = fp;
	return db->n++;
}

/* Changes record i's fingerprint; the stale slot stays and is skipped. */
void
db_set_fp(struct db *db, size_t i, uint64_t fp)
{
	if (fp == 0 || db->recs[i].fp == fp)
		return;
	db->recs[i].fp = fp;
	if ((db->fp_used + 1) * 2 > db->tcap)
		db_rehash(db, db->n * 2);
	else {
		slot_put(db->by_fp, db->tcap, mix(fp), i);
		db->fp_used++;
	}
}

static bool
path_gone(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

/* The newest record with fingerprint fp whose path no longer exists. */
size_t
db_find_moved(const struct db *db, uint64_t fp)
{
	size_t m, j, best = NONE;
	uint32_t s;
	const struct rec *r;

	if (fp == 0 || db->tcap == 0)
		return NONE;
	m = db->tcap - 1;
	for (j = mix(fp) & m; (s = db->by_fp[j]) != 0; j = (j + 1) & m) {
		r = &db->recs[s - 1];
		if (r->fp != fp || s - 1 == best ||
		    (best != NONE && r->time <= db->recs[best].time))
			continue;
		if (path_gone(r->path))
			best = s - 1;
	}
	return best;
}

int
state_mark_index(int letter)
{
	if (letter >= 'a' && letter <= 'z')
		return letter - 'a';
	if (letter >= 'A' && letter <= 'Z')
		return FIRST_GLOBAL + letter - 'A';
	return -1;
}

int
state_mark_letter(int i)
{
	return i < FIRST_GLOBAL ? 'a' + i : 'A' + i - FIRST_GLOBAL;
}

/* The record holding global mark k, or NONE. */
size_t
db_global_holder(const struct db *db, int k)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		if (db->recs[i].mark_set & BIT(k))
			return i;
	return NONE;
}

/* Clears global mark k in every record but keep, which has just set it.
 * Only keep's change needs saving: a merge applying it clears the mark
 * in the other records on disk the same way. */
void
db_global_only(struct db *db, int k, size_t keep)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		if (i != keep)
			db->recs[i].mark_set &= ~BIT(k);
}

void
rec_set_mark(struct rec *r, int i, uint64_t pos)
{
	if (r->marks == NULL)
		r->marks = xcalloc(STATE_MARKS, sizeof *r->marks);
	r->marks[i] = pos;
	r->mark_set |= BIT(i);
}
