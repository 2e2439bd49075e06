/* titlecache.h - the titles of a scanned folder, kept between runs.
 *
 * A second start on the same folder should read no article at all: for
 * each file the scan met, the cache keeps its title and what the list
 * needs (its flags), keyed by the file's identity as stat sees it
 * (device, inode, size, modification time to the nanosecond) and by a
 * hash of its name (a rename may change the reader its extension picks).
 * One file per scanned folder, in titlecache_dir(): a header (magic,
 * format version, the caller's key, the counts, a checksum of the rest),
 * the fixed-size records, an open-addressing table of the records by
 * identity, and the titles.  It is mapped, checked once whole, and then
 * looked up without a copy; it is written whole to a temporary file that
 * is renamed over it, so a reader never sees half a cache.
 *
 * The key is the caller's hash of whatever else the titles depend on
 * (folio's version, the title_skip patterns): a cache made under another
 * key is ignored.  A missing cache is silently empty; a corrupt,
 * truncated or garbage one is ignored with one notice; a cache that
 * cannot be written (read-only folder, full disk) is left as it was.
 * Nothing read from a cache is trusted: the titles pass the sanitizer
 * again when taken (titlecache_find's caller does it: library.c).
 */
#ifndef FOLIO_TITLECACHE_H
#define FOLIO_TITLECACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct titlecache;

/* What identifies a file's contents without reading them. */
struct titlecache_id {
	uint64_t dev;
	uint64_t ino;
	uint64_t size;
	int64_t sec; /* modification time */
	uint32_t nsec;
	uint32_t name; /* titlecache_hash of its base name */
};

/* What the cache keeps of one file. */
struct titlecache_item {
	struct titlecache_id id;
	const char *title; /* borrowed; len bytes, not NUL-terminated */
	size_t len;
	unsigned flags; /* the caller's (ENTRY_EMPTY) */
};

/* A 64-bit hash of len bytes, seeded with h (0 to start). */
uint64_t titlecache_hash(uint64_t h, const void *p, size_t len);

/* $XDG_CACHE_HOME/folio (an absolute one only), else ~/.cache/folio;
 * NULL when there is no home.  The caller frees it. */
char *titlecache_dir(void);

/* The cache file in dir of the folder whose canonical path is canon.
 * The caller frees it. */
char *titlecache_file(const char *dir, const char *canon);

/* Maps file and checks it whole.  Returns NULL when it is missing, made
 * under another key, or unusable; in the last case *notice (the caller
 * frees it) says why, once.  The cache is closed with titlecache_close. */
struct titlecache *titlecache_open(const char *file, uint64_t key, char **notice);
void titlecache_close(struct titlecache *tc);

/* The number of records of tc (0 for NULL). */
size_t titlecache_count(const struct titlecache *tc);

/* Looks id up in tc (NULL: none): true with *it filled (its title
 * borrowed from the mapping, valid until titlecache_close) when a record
 * has the same identity, size, time and name.  Looking up files in the
 * order they were written costs no hashing. */
bool titlecache_find(
    struct titlecache *tc, const struct titlecache_id *id, struct titlecache_item *it);

/* Yields item i of the n to write (its title borrowed until the next call). */
typedef void titlecache_get_fn(void *ctx, size_t i, struct titlecache_item *it);

/* Writes n items (from get) to file under key: to a temporary file in
 * its folder (made, mode 0700, when missing), then renamed over it;
 * get is called twice for each item, and must give the same both times.
 * Returns 0,
 * or -1 with *err (the caller frees it) and nothing changed. */
int titlecache_write(
    const char *file, uint64_t key, size_t n, titlecache_get_fn *get, void *ctx, char **err);

#endif
