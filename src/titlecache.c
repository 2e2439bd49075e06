#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "titlecache.h"
#include "xdg.h"
#include "xmalloc.h"

/* "FOLIOTC" and a byte that tells a cache of another byte order or word
 * size, whose numbers would read as garbage. */
#define MAGIC "FOLIOTC\x01"
#define FORMAT 1u

struct header {
	char magic[8];
	uint32_t format;
	uint32_t record_size;
	uint64_t key;
	uint64_t n;        /* records */
	uint64_t nslots;   /* a power of two, at least 2n */
	uint64_t strbytes; /* a multiple of 8 */
	uint64_t checksum; /* of everything after the header */
};

struct record {
	uint64_t dev, ino, size;
	int64_t sec;
	uint32_t nsec;
	uint32_t name;
	uint32_t flags;
	uint32_t len;
	uint64_t off; /* into the titles */
};

struct titlecache {
	void *map;
	size_t mapped;
	const struct record *recs;
	const uint32_t *slots; /* record index + 1, 0 for an empty slot */
	const char *strings;
	uint64_t n, nslots, strbytes;
	uint64_t next; /* the record after the last one found */
};

uint64_t
titlecache_hash(uint64_t h, const void *p, size_t len)
{
	const unsigned char *s = p;

	h ^= 0xcbf29ce484222325u;
	for (size_t i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3u;
	}
	return h;
}

/* Folds n 8-byte words into h: a multiply and a rotation each, so a
 * whole cache of a million titles checks in a few tens of milliseconds. */
static uint64_t
sum_words(uint64_t h, const void *p, size_t bytes)
{
	const unsigned char *s = p;
	uint64_t w;

	for (size_t i = 0; i + 8 <= bytes; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15u;
		h = (h << 29) | (h >> 35);
	}
	return h;
}

static uint64_t
slot_of(uint64_t dev, uint64_t ino, uint32_t name)
{
	uint64_t h = dev * 0x9E3779B97F4A7C15u ^ ino ^ (uint64_t)name << 32;

	h ^= h >> 31;
	h *= 0xBF58476D1CE4E5B9u;
	h ^= h >> 29;
	return h;
}

char *
titlecache_dir(void)
{
	return xdg_folder("XDG_CACHE_HOME", ".cache");
}

char *
titlecache_file(const char *dir, const char *canon)
{
	return xasprintf(
	    "%s/titles-%016llx", dir, (unsigned long long)titlecache_hash(0, canon, strlen(canon)));
}

/* Whether the counts of h describe exactly size bytes, without overflow. */
static bool
sizes_agree(const struct header *h, size_t size)
{
	uint64_t max = (uint64_t)size;

	if (h->n > max / sizeof(struct record) || h->nslots > max / 4 || h->strbytes > max)
		return false;
	if (h->nslots < 2 * h->n || h->nslots == 0 || (h->nslots & (h->nslots - 1)) != 0 ||
	    h->n >= UINT32_MAX || h->strbytes % 8 != 0)
		return false;
	return sizeof *h + h->n * sizeof(struct record) + h->nslots * 4 + h->strbytes == max;
}

struct titlecache *
titlecache_open(const char *file, uint64_t key, char **notice)
{
	struct titlecache *tc;
	struct header h;
	struct stat st;
	const char *why = NULL;
	void *map;
	int fd;

	*notice = NULL;
	fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			*notice = xasprintf(
			    "%s: %s; titles are read from the files", file, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		*notice = xasprintf("%s: not a regular file; titles are read from the files", file);
		return NULL;
	}
	if ((uint64_t)st.st_size < sizeof h) {
		close(fd);
		*notice = xasprintf("%s: truncated; titles are read from the files", file);
		return NULL;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		*notice =
		    xasprintf("%s: %s; titles are read from the files", file, strerror(errno));
		return NULL;
	}
	memcpy(&h, map, sizeof h);
	if (memcmp(h.magic, MAGIC, 8) != 0 || h.format != FORMAT ||
	    h.record_size != sizeof(struct record))
		why = "not a title cache of this folio";
	else if (h.key != key)
		why = ""; /* made with other settings or another version: silently stale */
	else if (!sizes_agree(&h, (size_t)st.st_size))
		why = "truncated or damaged";
	else if (sum_words(key, (const char *)map + sizeof h, (size_t)st.st_size - sizeof h) !=
	    h.checksum)
		why = "damaged (bad checksum)";
	if (why != NULL) {
		munmap(map, (size_t)st.st_size);
		if (why[0] != '\0')
			*notice = xasprintf("%s: %s; titles are read from the files", file, why);
		return NULL;
	}
	tc = xcalloc(1, sizeof *tc);
	tc->map = map;
	tc->mapped = (size_t)st.st_size;
	tc->n = h.n;
	tc->nslots = h.nslots;
	tc->strbytes = h.strbytes;
	tc->recs = (const struct record *)((const char *)map + sizeof h);
	tc->slots = (const uint32_t *)(tc->recs + h.n);
	tc->strings = (const char *)(tc->slots + h.nslots);
	return tc;
}

void
titlecache_close(struct titlecache *tc)
{
	if (tc == NULL)
		return;
	munmap(tc->map, tc->mapped);
	free(tc);
}

size_t
titlecache_count(const struct titlecache *tc)
{
	return tc != NULL ? (size_t)tc->n : 0;
}

static bool
same_file(const struct record *r, const struct titlecache_id *id)
{
	return r->dev == id->dev && r->ino == id->ino && r->name == id->name;
}

bool
titlecache_find(struct titlecache *tc, const struct titlecache_id *id, struct titlecache_item *it)
{
	const struct record *r = NULL;
	uint64_t mask, i, probes;

	if (tc == NULL || tc->n == 0)
		return false;
	if (tc->next < tc->n && same_file(&tc->recs[tc->next], id)) {
		r = &tc->recs[tc->next];
	} else {
		mask = tc->nslots - 1;
		for (i = slot_of(id->dev, id->ino, id->name) & mask, probes = 0;
		     probes < tc->nslots && tc->slots[i] != 0; i = (i + 1) & mask, probes++) {
			uint32_t k = tc->slots[i] - 1;

			/* A slot that names no record is garbage: not found. */
			if (k >= tc->n)
				return false;
			if (same_file(&tc->recs[k], id)) {
				r = &tc->recs[k];
				break;
			}
		}
	}
	if (r == NULL)
		return false;
	tc->next = (uint64_t)(r - tc->recs) + 1;
	if (r->size != id->size || r->sec != id->sec || r->nsec != id->nsec)
		return false;
	if (r->off > tc->strbytes || r->len > tc->strbytes - r->off)
		return false;
	it->id = *id;
	it->title = tc->strings + r->off;
	it->len = r->len;
	it->flags = r->flags;
	return true;
}

/* A temporary file beside path, open for writing; NULL with errno set. */
static FILE *
temp_beside(const char *path, char **tmp)
{
	int fd;
	FILE *f;

	*tmp = xasprintf("%s.XXXXXX", path);
	fd = mkstemp(*tmp);
	if (fd < 0) {
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	f = fdopen(fd, "wb");
	if (f == NULL) {
		int e = errno;

		close(fd);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		errno = e;
	}
	return f;
}

/* Makes the folder of file (and its parents), mode 0700. */
static void
make_folder(const char *file)
{
	char *p = xstrdup(file), *slash = strrchr(p, '/');

	if (slash != NULL && slash != p) {
		*slash = '\0';
		for (char *s = p + 1; *s != '\0'; s++) {
			if (*s != '/')
				continue;
			*s = '\0';
			mkdir(p, 0700);
			*s = '/';
		}
		mkdir(p, 0700);
	}
	free(p);
}

int
titlecache_write(
    const char *file, uint64_t key, size_t n, titlecache_get_fn *get, void *ctx, char **err)
{
	struct header h = { .format = FORMAT, .record_size = sizeof(struct record), .key = key };
	struct titlecache_item it;
	struct record r;
	uint32_t *slots;
	uint64_t nslots = 2, mask, sum = key, off = 0;
	char *tmp;
	FILE *f;
	int e;

	*err = NULL;
	while (nslots < 2 * (uint64_t)n)
		nslots *= 2;
	if (n >= UINT32_MAX) {
		*err = xasprintf("%s: too many titles to keep", file);
		return -1;
	}
	make_folder(file);
	f = temp_beside(file, &tmp);
	if (f == NULL) {
		*err = xasprintf("%s: %s", file, strerror(errno));
		return -1;
	}
	memcpy(h.magic, MAGIC, 8);
	slots = xcalloc(nslots, sizeof *slots);
	mask = nslots - 1;
	fwrite(&h, sizeof h, 1, f);
	/* The records; a second one of the same identity (hard links of the
	 * same name) is never found, and is as true as the first. */
	for (size_t i = 0; i < n; i++) {
		uint64_t s;

		get(ctx, i, &it);
		for (s = slot_of(it.id.dev, it.id.ino, it.id.name) & mask; slots[s] != 0;
		     s = (s + 1) & mask)
			;
		memset(&r, 0, sizeof r);
		r.dev = it.id.dev;
		r.ino = it.id.ino;
		r.size = it.id.size;
		r.sec = it.id.sec;
		r.nsec = it.id.nsec;
		r.name = it.id.name;
		r.flags = it.flags;
		r.len = it.len > UINT32_MAX ? UINT32_MAX : (uint32_t)it.len;
		r.off = off;
		off += (r.len + 7u) & ~(uint64_t)7;
		slots[s] = (uint32_t)(i + 1);
		sum = sum_words(sum, &r, sizeof r);
		fwrite(&r, sizeof r, 1, f);
	}
	h.n = n;
	h.nslots = nslots;
	h.strbytes = off;
	sum = sum_words(sum, slots, nslots * sizeof *slots);
	fwrite(slots, sizeof *slots, nslots, f);
	free(slots);
	for (size_t i = 0; i < n; i++) {
		char tail[8] = { 0 };
		size_t len, whole, rest;

		get(ctx, i, &it);
		len = it.len > UINT32_MAX ? UINT32_MAX : it.len;
		whole = len & ~(size_t)7;
		rest = len - whole;
		sum = sum_words(sum, it.title, whole);
		fwrite(it.title, 1, whole, f);
		if (rest > 0) {
			memcpy(tail, it.title + whole, rest);
			sum = sum_words(sum, tail, 8);
			fwrite(tail, 1, 8, f);
		}
	}
	h.checksum = sum;
	if (fseek(f, 0, SEEK_SET) == 0)
		fwrite(&h, sizeof h, 1, f);
	if (fflush(f) != 0 || ferror(f) != 0) {
		e = errno;
		fclose(f);
		unlink(tmp);
		*err = xasprintf("%s: %s", file, strerror(e));
		free(tmp);
		return -1;
	}
	if (fclose(f) != 0 || rename(tmp, file) != 0) {
		e = errno;
		unlink(tmp);
		*err = xasprintf("%s: %s", file, strerror(e));
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}
