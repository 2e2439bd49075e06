#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "library.h"
#include "packed.h"
#include "reader.h"
#include "msg.h"
#include "text.h"
#include "timing.h"
#include "titlecache.h"
#include "xmalloc.h"

/* How much of each file is read to find its title and tell text from binary. */
#define HEAD_BYTES ARTICLE_TITLE_HEAD
/* What a growing article is given to read before it is first shown: the
 * time, or bytes enough for a first screen (the rest comes between keys). */
#define FIRST_FEED_US 2000
#define FIRST_FEED_BYTES (128u << 10)

/* O_NONBLOCK: opening a FIFO or a terminal must never wait. */
#define FILE_FLAGS (O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
#define FOLDER_FLAGS (FILE_FLAGS | O_DIRECTORY)

/* A name read from a folder, with the type readdir gave for it. */
struct name {
	char *name;
	unsigned char type; /* DT_* */
};

/* A folder whose files are being listed, then its subfolders visited. */
struct frame {
	DIR *dir; /* kept open so subfolders are opened relative to it */
	char *path;
	char *group;
	struct name *names; /* its names, in display order */
	size_t nnames;
	size_t inext; /* the name to look at next */
	char **subs;  /* subfolder names, in display order */
	size_t nsubs, capsubs;
	size_t next;
};

/* A folder scanned or a path given, as stat saw it when it was scanned. */
struct library_watch {
	char *path; /* owned */
	bool present;
	dev_t dev;
	ino_t ino;
	struct timespec mtime;
};

struct seen {
	dev_t dev;
	ino_t ino;
	bool used;
};

/* The state of the scan of one folder given, which library_scan_more
 * goes on with a name at a time. */
struct library_walk {
	char *cfile;    /* owned: its title cache file, or NULL */
	time_t started; /* when it started, for the cache */
	struct library *lib;
	FILE *warn;
	char *head;        /* HEAD_BYTES */
	struct seen *seen; /* open addressing; cap is a power of two */
	size_t nseen;
	size_t capseen;
	struct frame *stack;
	size_t depth;
	size_t capstack;
	struct titlecache *cache;      /* owned; NULL: none to look in */
	bool caching;                  /* titles found are kept (lib->cache_dir) */
	size_t first;                  /* the scan's first entry */
	size_t read;                   /* titles read from files */
	struct titlecache_id *skipped; /* owned: binary files left out */
	size_t nskipped, capskipped;
};

/* What the titles depend on besides the files: folio's version and the
 * patterns titles skip. */
static uint64_t
cache_key(const struct library *lib)
{
	return titlecache_hash(lib->skip_hash, PACKAGE_VERSION, sizeof PACKAGE_VERSION);
}

static void walk_free(struct library_walk *s, bool complete);

struct library *
library_create(void)
{
	return xcalloc(1, sizeof(struct library));
}

void
library_free(struct library *lib)
{
	size_t i;

	if (lib == NULL)
		return;
	for (i = 0; i < lib->n; i++) {
		free(lib->entries[i].path);
		free(lib->entries[i].group);
		free(lib->entries[i].title);
		free(lib->entries[i].own_title);
		free(lib->entries[i].archive);
	}
	article_free(lib->input);
	free(lib->entries);
	for (i = 0; i < lib->nroots; i++)
		free(lib->roots[i]);
	free(lib->roots);
	for (i = 0; i < lib->ncanon; i++)
		free(lib->canon[i]);
	free(lib->canon);
	for (i = 0; i < lib->nwatch; i++)
		free(lib->watch[i].path);
	free(lib->watch);
	article_skip_free(lib->skip);
	free(lib->cache_dir);
	walk_free(lib->walk, false);
	for (i = lib->queue_next; i < lib->nqueue; i++)
		free(lib->queue[i]);
	free(lib->queue);
	free(lib);
}

void
library_cache(struct library *lib, const char *dir)
{
	free(lib->cache_dir);
	lib->cache_dir = dir != NULL ? xstrdup(dir) : NULL;
}

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Digit runs compare by value and other bytes as themselves; only when
 * all of that ties does the first difference in leading zeros decide
 * ("x1" before "x01"), so this is a total order, 0 only for equal strings. */
int
library_natural_cmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	int tie = 0;

	while (*p != '\0' && *q != '\0') {
		const unsigned char *pz, *qz;
		size_t pn = 0, qn = 0;
		int c;

		if (!is_digit(*p) || !is_digit(*q)) {
			if (*p != *q)
				return *p < *q ? -1 : 1;
			p++;
			q++;
			continue;
		}
		for (pz = p; *pz == '0'; pz++)
			;
		for (qz = q; *qz == '0'; qz++)
			;
		while (is_digit(pz[pn]))
			pn++;
		while (is_digit(qz[qn]))
			qn++;
		if (pn != qn)
			return pn < qn ? -1 : 1;
		c = memcmp(pz, qz, pn);
		if (c != 0)
			return c < 0 ? -1 : 1;
		if (tie == 0 && pz - p != qz - q)
			tie = pz - p < qz - q ? -1 : 1;
		p = pz + pn;
		q = qz + qn;
	}
	if (*p != '\0')
		return 1;
	if (*q != '\0')
		return -1;
	return tie;
}

/* Writes one "folio: PATH: [skipped: ]REASON" line, or nothing without a
 * stream. */
static void
complain(FILE *warn, const char *path, bool skipped, const char *reason)
{
	/* File names are as untrusted as file contents: msg makes it safe. */
	if (warn != NULL)
		msg_warn(warn, "%s: %s%s", path, skipped ? "skipped: " : "", reason);
}

/* Joins with one slash, so that a root typed as "dir/" stays as typed and
 * an empty group gives the bare name. */
static char *
join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	size_t slash = dl > 0 && dir[dl - 1] != '/';
	char *p = xmalloc(dl + slash + nl + 1);

	memcpy(p, dir, dl);
	if (slash)
		p[dl] = '/';
	memcpy(p + dl + slash, name, nl + 1);
	return p;
}

/* Reads up to want bytes from the start of a file with read() alone, as
 * the file may be on a filesystem where mapping or stdio misbehave.
 * Returns the byte count, or -1 with errno set. */
static ssize_t
read_head(int fd, char *buf, size_t want)
{
	size_t n = 0;
	ssize_t r;

	while (n < want) {
		r = read(fd, buf + n, want - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	return (ssize_t)n;
}

/* The type of a file, named for a warning. */
static const char *
kind_of(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "FIFO";
	if (S_ISSOCK(mode))
		return "socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "device";
	return "not a regular file or folder";
}

/* The title of the file at path from its first bytes head[0..n): the one
 * its format's metadata gives, else its headline line. */
static char *
entry_title(const struct library *lib, const char *head, size_t n, const char *path)
{
	const struct reader *r = reader_for(path, head, n);
	char *meta = r->title != NULL ? r->title(head, n) : NULL;

	if (meta != NULL && meta[strspn(meta, " \t\r\n")] != '\0') {
		/* Made safe, trimmed and folded as a headline line is. */
		char *t = article_title_of(meta, strlen(meta), path, NULL);

		free(meta);
		return t;
	}
	free(meta);
	return article_title_of(head, n, path, lib->skip);
}

/* Opens name (relative to dfd) and checks the opened file itself, since
 * what was stat'ed may have been replaced since; both scans and explicit
 * paths come through here.  On success the entry is appended and takes
 * path; otherwise returns why the file is not listed (a static string). */
static struct entry *
new_entry(
    struct library *lib, char *path, const char *group, const char *head, size_t n, unsigned flags)
{
	struct entry *e;

	xgrow((void **)&lib->entries, &lib->cap, lib->n + 1, sizeof *lib->entries);
	e = &lib->entries[lib->n++];
	memset(e, 0, sizeof *e);
	e->path = path;
	e->group = xstrdup(group);
	e->title = entry_title(lib, head, n, path);
	e->flags = flags | (n == 0 ? ENTRY_EMPTY : 0u);
	e->member = -1;
	return e;
}

/* Reads up to want decoded bytes of the compressed file open as fd (taken
 * over).  Returns the count, or -1 when nothing could be decoded. */
static ssize_t
read_packed_head(int fd, char *buf, size_t want)
{
	char *err = NULL;
	struct packed *p = packed_open(fd, -1, &err);
	size_t n = 0;
	ssize_t r = 0;

	free(err);
	if (p == NULL)
		return -1;
	while (n < want && (r = packed_read(p, buf + n, want - n)) > 0)
		n += (size_t)r;
	packed_close(p);
	return r < 0 && n == 0 ? -1 : (ssize_t)n;
}

/* What listing an archive's members needs to know. */
struct unpacking {
	struct library *lib;
	FILE *warn;
	const char *archive; /* its path */
	char *group;         /* the folder its members go under */
	bool explicit_;
	long skipped;
};

static void
add_member(void *ctx, const struct packed_member *m)
{
	struct unpacking *u = ctx;
	char *clean = packed_clean_name(m->name), *path, *group;
	const char *slash;
	struct entry *e;

	if (clean == NULL)
		return;
	path = join(u->archive, clean);
	if (memchr(m->head, '\0', m->head_len) != NULL) {
		complain(u->warn, path, true, "binary file");
		free(path);
		free(clean);
		return;
	}
	slash = strrchr(clean, '/');
	if (slash != NULL) {
		char *dir = xstrndup(clean, (size_t)(slash - clean));

		group = join(u->group, dir);
		free(dir);
	} else {
		group = xstrdup(u->group);
	}
	e = new_entry(u->lib, path, group, m->head, m->head_len, 0);
	free(group);
	e->archive = xstrdup(u->archive);
	e->member = m->ordinal;
	e->size = m->size >= 0 ? m->size : 0;
	e->mtime = m->mtime;
	free(clean);
}

/* Lists the members of the archive open as fd (taken over) under path,
 * which is freed here; returns NULL, or why nothing could be listed. */
static const char *
add_archive(struct library *lib, int fd, char *path, const char *group, FILE *warn)
{
	const char *base = strrchr(path, '/');
	struct unpacking u = { .lib = lib, .warn = warn, .archive = path };
	char *err = NULL;
	long n;

	u.group = join(group, base != NULL ? base + 1 : path);
	n = packed_list(fd, HEAD_BYTES, add_member, &u, &err);
	if (err != NULL)
		complain(warn, path, false, err);
	free(err);
	free(u.group);
	if (n < 0)
		return "not a readable archive";
	free(path);
	return NULL;
}

/* Lists the file name (relative to dfd) under path, reading its first
 * bytes; *seen (when not NULL) gets what fstat said of it, st_ino 0 when
 * it was not opened. */
static const char *
add_file(struct library *lib, char *head, int dfd, const char *name, int oflags, char *path,
    const char *group, unsigned flags, FILE *warn, struct stat *seen)
{
	struct entry *e;
	struct stat st;
	enum packed_kind kind;
	const char *why;
	size_t want;
	ssize_t n;
	int fd, err;

	if (seen != NULL)
		seen->st_ino = 0;
	fd = openat(dfd, name, FILE_FLAGS | oflags);
	if (fd < 0)
		return strerror(errno);
	if (fstat(fd, &st) < 0) {
		err = errno;
		close(fd);
		return strerror(err);
	}
	if (seen != NULL)
		*seen = st;
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		if (flags & ENTRY_EXPLICIT)
			return "not a regular file or folder";
		return kind_of(st.st_mode);
	}
	kind = packed_kind(path);
	if (kind != PACKED_NONE && (why = packed_unavailable()) != NULL) {
		close(fd);
		return why;
	}
	if (kind == PACKED_ARCHIVE)
		return add_archive(lib, fd, path, group, warn);
	/* The size saves a read() that would only see the end of a small
	 * file; a size of 0 may be a lie (as in /proc), so then it is tried. */
	want = HEAD_BYTES;
	if (kind == PACKED_NONE && st.st_size > 0 && st.st_size < HEAD_BYTES)
		want = (size_t)st.st_size;
	if (kind == PACKED_COMPRESSED) {
		n = read_packed_head(fd, head, want);
		/* Named on the command line, it shows, and says what is wrong. */
		if (n < 0 && !(flags & ENTRY_EXPLICIT))
			return "damaged compressed data";
		if (n < 0)
			n = 0;
	} else {
		n = read_head(fd, head, want);
		err = errno;
		close(fd);
		if (n < 0)
			return strerror(err);
	}
	if (!(flags & ENTRY_EXPLICIT) && memchr(head, '\0', (size_t)n) != NULL)
		return "binary file";
	e = new_entry(lib, path, group, head, (size_t)n, flags);
	e->size = st.st_size;
	e->mtime = st.st_mtime;
	if (kind == PACKED_NONE && !(flags & ENTRY_EXPLICIT)) {
		e->dev = st.st_dev;
		e->ino = st.st_ino;
		e->mtime_ns = st.st_mtim.tv_nsec;
	}
	return NULL;
}

void
library_skip(struct library *lib, const char *pattern)
{
	if (lib->skip == NULL)
		lib->skip = article_skip_create();
	article_skip_add(lib->skip, pattern);
	lib->skip_hash = titlecache_hash(lib->skip_hash, pattern, strlen(pattern) + 1);
}

void
library_retitle(struct library *lib, size_t e, const char *data, size_t size)
{
	struct entry *en = &lib->entries[e];
	struct stat st;

	free(en->title);
	en->title = entry_title(lib, data, size < HEAD_BYTES ? size : HEAD_BYTES, en->path);
	en->size = (off_t)size;
	if (stat(en->path, &st) == 0)
		en->mtime = st.st_mtime;
	en->flags = (en->flags & ~(unsigned)ENTRY_EMPTY) | (size == 0 ? ENTRY_EMPTY : 0u);
}

/* Mixes the two numbers so that neighbouring inodes spread over the table. */
static size_t
seen_hash(dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)dev * 0x9E3779B97F4A7C15u ^ (uint64_t)ino;

	h ^= h >> 31;
	h *= 0xBF58476D1CE4E5B9u;
	h ^= h >> 29;
	return (size_t)h;
}

/* Records a folder by identity, which is what a symlink loop and its
 * target share; returns false when it was recorded before.  A hash set
 * keeps this linear in the number of folders. */
static bool
seen_add(struct library_walk *s, dev_t dev, ino_t ino)
{
	struct seen *old = s->seen;
	size_t oldcap = s->capseen, i, j, mask;

	if (2 * (s->nseen + 1) > s->capseen) {
		s->capseen = oldcap == 0 ? 64 : 2 * oldcap;
		s->seen = xcalloc(s->capseen, sizeof *s->seen);
		mask = s->capseen - 1;
		for (i = 0; i < oldcap; i++) {
			if (!old[i].used)
				continue;
			for (j = seen_hash(old[i].dev, old[i].ino) & mask; s->seen[j].used;
			     j = (j + 1) & mask)
				;
			s->seen[j] = old[i];
		}
		free(old);
	}
	mask = s->capseen - 1;
	for (i = seen_hash(dev, ino) & mask; s->seen[i].used; i = (i + 1) & mask) {
		if (s->seen[i].dev == dev && s->seen[i].ino == ino)
			return false;
	}
	s->seen[i] = (struct seen){ .dev = dev, .ino = ino, .used = true };
	s->nseen++;
	return true;
}

/* Why a name just read from a folder cannot be stat'ed: ENOENT alone would
 * be baffling for a dangling symlink, so that case is named. */
static const char *
stat_failure(int dfd, const char *name, int err)
{
	struct stat st;

	if (err == ENOENT && fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		return "dangling symbolic link";
	return strerror(err);
}

static int
cmp_names(const void *a, const void *b)
{
	return library_natural_cmp(((const struct name *)a)->name, ((const struct name *)b)->name);
}

/* Reads the visible names of a folder; a read error keeps what was read,
 * with a warning, rather than losing the whole folder. */
static struct name *
read_names(struct library_walk *s, DIR *dir, const char *path, size_t *count)
{
	struct name *names = NULL;
	struct dirent *de;
	size_t n = 0, cap = 0;

	for (;;) {
		errno = 0;
		de = readdir(dir);
		if (de == NULL) {
			if (errno != 0)
				complain(s->warn, path, false, strerror(errno));
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		xgrow((void **)&names, &cap, n + 1, sizeof *names);
		names[n].name = xstrdup(de->d_name);
		names[n].type = de->d_type;
		n++;
	}
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	*count = n;
	return names;
}

/* Remembers path as st (NULL: missing) shows it, for library_stale. */
static void
watch_add(struct library *lib, const char *path, const struct stat *st)
{
	struct library_watch *w;

	xgrow((void **)&lib->watch, &lib->capwatch, lib->nwatch + 1, sizeof *lib->watch);
	w = &lib->watch[lib->nwatch++];
	memset(w, 0, sizeof *w);
	w->path = xstrdup(path);
	w->present = st != NULL;
	if (st != NULL) {
		w->dev = st->st_dev;
		w->ino = st->st_ino;
		w->mtime = st->st_mtim;
	}
}

/* Why a file is left out that the cache remembers as left out. */
#define CACHED_BINARY (1u << 8)

/* The identity the title cache knows the file st named name by. */
static void
cache_id(struct titlecache_id *id, const struct stat *st, const char *name)
{
	*id = (struct titlecache_id){
		.dev = (uint64_t)st->st_dev,
		.ino = (uint64_t)st->st_ino,
		.size = (uint64_t)st->st_size,
		.sec = (int64_t)st->st_mtim.tv_sec,
		.nsec = (uint32_t)st->st_mtim.tv_nsec,
		.name = (uint32_t)titlecache_hash(0, name, strlen(name)),
	};
}

/* A title from the cache, which is a file anyone may have written: made
 * safe again, as any text from outside, unless it is printable ASCII
 * alone, which the sanitizer keeps as it is (half the cost of a start
 * from the cache, else). */
static char *
cached_title(const char *t, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)t[i] < 0x20 || (unsigned char)t[i] > 0x7e)
			return article_safe_line(t, len);
	return xstrndup(t, len);
}

/* Lists the file name of the folder dfd from the title cache, without
 * opening it, when the cache holds it as stat sees it now (followed: st
 * is what a stat following links saw, NULL to look without following).
 * Returns whether it did; *why is set when the cache says to skip it. */
static bool
add_cached(struct library_walk *s, int dfd, const char *name, const struct stat *followed,
    char *path, const char *group, const char **why)
{
	struct titlecache_item it;
	struct titlecache_id id;
	struct stat st;
	struct entry *e;

	if (s->cache == NULL || packed_kind(path) != PACKED_NONE)
		return false;
	if (followed != NULL)
		st = *followed;
	else if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return false;
	if (!S_ISREG(st.st_mode))
		return false;
	cache_id(&id, &st, name);
	if (!titlecache_find(s->cache, &id, &it))
		return false;
	s->lib->cache_hits++;
	if (it.flags & CACHED_BINARY) {
		xgrow((void **)&s->skipped, &s->capskipped, s->nskipped + 1, sizeof *s->skipped);
		s->skipped[s->nskipped++] = id;
		*why = "binary file";
		return true;
	}
	xgrow((void **)&s->lib->entries, &s->lib->cap, s->lib->n + 1, sizeof *s->lib->entries);
	e = &s->lib->entries[s->lib->n++];
	memset(e, 0, sizeof *e);
	e->path = path;
	e->group = xstrdup(group);
	e->title = cached_title(it.title, it.len);
	e->flags = it.flags & ENTRY_EMPTY;
	e->member = -1;
	e->size = st.st_size;
	e->mtime = st.st_mtime;
	e->dev = st.st_dev;
	e->ino = st.st_ino;
	e->mtime_ns = st.st_mtim.tv_nsec;
	return true;
}

/* Lists one file of a folder scan: from the cache when it holds it, else
 * by reading its first bytes.  Takes path on success. */
static const char *
add_one(struct library_walk *s, int dfd, const char *name, int oflags, const struct stat *followed,
    char *path, const char *group)
{
	const char *why = NULL;
	struct stat st;

	if (add_cached(s, dfd, name, followed, path, group, &why))
		return why;
	why = add_file(s->lib, s->head, dfd, name, oflags, path, group, 0, s->warn, &st);
	if (!s->caching)
		return why;
	s->read++;
	s->lib->cache_reads++;
	/* A binary file is remembered too, so that it is not read again. */
	if (why != NULL && strcmp(why, "binary file") == 0 && st.st_ino != 0) {
		xgrow((void **)&s->skipped, &s->capskipped, s->nskipped + 1, sizeof *s->skipped);
		cache_id(&s->skipped[s->nskipped++], &st, name);
	}
	return why;
}

/* The items a folder scan writes to its cache. */
struct keep {
	const struct library *lib;
	const struct library_walk *s;
	size_t *entries; /* indexes of the entries kept */
	size_t nentries;
};

static void
keep_get(void *ctx, size_t i, struct titlecache_item *it)
{
	const struct keep *k = ctx;

	if (i >= k->nentries) {
		*it = (struct titlecache_item){
			.id = k->s->skipped[i - k->nentries], .title = "", .flags = CACHED_BINARY
		};
		return;
	}
	const struct entry *e = &k->lib->entries[k->entries[i]];
	const char *base = strrchr(e->path, '/');
	struct stat st = { .st_dev = e->dev, .st_ino = e->ino, .st_size = e->size };

	st.st_mtim.tv_sec = e->mtime;
	st.st_mtim.tv_nsec = e->mtime_ns;
	cache_id(&it->id, &st, base != NULL ? base + 1 : e->path);
	it->title = e->title;
	it->len = strlen(e->title);
	it->flags = e->flags & ENTRY_EMPTY;
}

/* Writes the cache of the scan s of root again when it changed: titles
 * read, or fewer found than it held (files gone).  Files modified in the
 * last two seconds are left out (library_cache says why). */
static void
cache_save(struct library_walk *s, const char *file, time_t started)
{
	struct keep k = { .lib = s->lib, .s = s };
	size_t nskip = 0;
	char *err = NULL;

	if (s->read == 0 && s->lib->n - s->first + s->nskipped == titlecache_count(s->cache))
		return;
	k.entries = xcalloc(s->lib->n - s->first + 1, sizeof *k.entries);
	for (size_t i = s->first; i < s->lib->n; i++) {
		const struct entry *e = &s->lib->entries[i];

		if (e->ino != 0 && e->archive == NULL && e->mtime < started - 2)
			k.entries[k.nentries++] = i;
	}
	/* The skipped ones that are too new go: the array is the scan's own. */
	for (size_t i = 0; i < s->nskipped; i++)
		if (s->skipped[i].sec < (int64_t)started - 2)
			s->skipped[nskip++] = s->skipped[i];
	s->nskipped = nskip;
	titlecache_write(file, cache_key(s->lib), k.nentries + nskip, keep_get, &k, &err);
	free(err);
	free(k.entries);
}

/* Reads the names of the folder open as fd and pushes it, so that its
 * files are listed next, in natural order, then its subfolders visited.
 * Always takes fd; takes path and group only on success.  Returns NULL,
 * or why the folder itself cannot be scanned. */
static const char *
enter(struct library_walk *s, int fd, char *path, char *group)
{
	struct stat st;
	struct name *names;
	struct frame *f;
	size_t n;
	DIR *dir;
	int err;

	if (fstat(fd, &st) < 0) {
		err = errno;
		close(fd);
		return strerror(err);
	}
	if (!S_ISDIR(st.st_mode)) {
		close(fd);
		return "not a folder";
	}
	if (!seen_add(s, st.st_dev, st.st_ino)) {
		close(fd);
		return "folder already visited";
	}
	watch_add(s->lib, path, &st);
	dir = fdopendir(fd);
	if (dir == NULL) {
		err = errno;
		close(fd);
		return strerror(err);
	}
	names = read_names(s, dir, path, &n);
	xgrow((void **)&s->stack, &s->capstack, s->depth + 1, sizeof *s->stack);
	f = &s->stack[s->depth++];
	*f =
	    (struct frame){ .dir = dir, .path = path, .group = group, .names = names, .nnames = n };
	return NULL;
}

/* Lists one name of the folder f: a file is added (or skipped with a
 * warning), a subfolder kept for later; readdir's type saves a stat per
 * file except for symlinks and filesystems that do not fill it. */
static void
list_name(struct library_walk *s, struct frame *f, struct name *nm)
{
	char *name = nm->name, *fpath;
	unsigned char type = nm->type;
	const char *why = NULL;
	int oflags = O_NOFOLLOW, dfd = dirfd(f->dir);
	struct stat st;

	nm->name = NULL;
	if (type == DT_LNK || type == DT_UNKNOWN) {
		oflags = 0;
		if (fstatat(dfd, name, &st, 0) < 0)
			why = stat_failure(dfd, name, errno);
		else if (S_ISREG(st.st_mode))
			type = DT_REG;
		else if (S_ISDIR(st.st_mode))
			type = DT_DIR;
		else
			why = kind_of(st.st_mode);
	} else if (type != DT_REG && type != DT_DIR)
		why = kind_of(DTTOIF(type));
	if (why == NULL && type == DT_DIR) {
		xgrow((void **)&f->subs, &f->capsubs, f->nsubs + 1, sizeof *f->subs);
		f->subs[f->nsubs++] = name;
		return;
	}
	fpath = join(f->path, name);
	if (why == NULL)
		why = add_one(s, dfd, name, oflags, oflags == 0 ? &st : NULL, fpath, f->group);
	if (why != NULL) {
		complain(s->warn, fpath, true, why);
		free(fpath);
	}
	free(name);
}

/* Drops the folder on top of the stack. */
static void
leave(struct library_walk *s)
{
	struct frame *f = &s->stack[--s->depth];

	closedir(f->dir);
	for (size_t i = f->inext; i < f->nnames; i++)
		free(f->names[i].name);
	free(f->names);
	for (size_t i = f->next; i < f->nsubs; i++)
		free(f->subs[i]);
	free(f->subs);
	free(f->path);
	free(f->group);
}

/* One step of a walk: a name listed, a subfolder entered or a folder
 * left.  The tree is visited depth first with an explicit stack, so depth
 * costs heap rather than C stack, each subfolder opened relative to its
 * parent so that paths longer than PATH_MAX still work. */
static void
walk_step(struct library_walk *s)
{
	struct frame *f = &s->stack[s->depth - 1];
	const char *why;
	char *path, *group, *name;
	int fd;

	if (f->inext < f->nnames) {
		list_name(s, f, &f->names[f->inext++]);
		return;
	}
	if (f->next == f->nsubs) {
		leave(s);
		return;
	}
	name = f->subs[f->next++];
	path = join(f->path, name);
	group = join(f->group, name);
	fd = openat(dirfd(f->dir), name, FOLDER_FLAGS);
	/* enter may move the stack: f is not used after it. */
	why = fd < 0 ? strerror(errno) : enter(s, fd, path, group);
	if (why != NULL) {
		complain(s->warn, path, true, why);
		free(path);
		free(group);
	}
	free(name);
}

/* Ends a walk: its cache written when it is complete, everything freed. */
static void
walk_free(struct library_walk *s, bool complete)
{
	if (s == NULL)
		return;
	while (s->depth > 0)
		leave(s);
	if (complete && s->caching)
		cache_save(s, s->cfile, s->started);
	titlecache_close(s->cache);
	free(s->cfile);
	free(s->skipped);
	free(s->stack);
	free(s->seen);
	free(s->head);
	free(s);
}

/* Starts the scan of the folder root, its first names read; returns -1
 * after a warning when root cannot be scanned. */
static int
scan_root(struct library *lib, const char *root, FILE *warn)
{
	struct library_walk *s;
	const char *why;
	char *path, *group, *canon;
	int fd;

	fd = open(root, FOLDER_FLAGS);
	if (fd < 0) {
		complain(warn, root, false, strerror(errno));
		return -1;
	}
	s = xcalloc(1, sizeof *s);
	s->lib = lib;
	s->warn = warn;
	s->started = time(NULL);
	s->head = xmalloc(HEAD_BYTES);
	s->first = lib->n;
	if (lib->cache_dir != NULL && (canon = realpath(root, NULL)) != NULL) {
		char *notice = NULL;

		s->cfile = titlecache_file(lib->cache_dir, canon);
		free(canon);
		s->cache = titlecache_open(s->cfile, cache_key(lib), &notice);
		s->caching = true;
		if (notice != NULL && warn != NULL)
			msg_warn(warn, "%s", notice);
		free(notice);
	}
	path = xstrdup(root);
	group = xstrdup("");
	why = enter(s, fd, path, group);
	if (why != NULL) {
		complain(warn, root, false, why);
		free(path);
		free(group);
		walk_free(s, false);
		return -1;
	}
	lib->walk = s;
	return 0;
}

static void input_entry(struct library *lib);

/* Lists standard input, once: what has arrived so far titles it (with
 * input_wait, its first HEAD_BYTES). */
static int
add_input(struct library *lib, FILE *warn)
{
	int fd;

	if (lib->input != NULL)
		return 0;
	if (isatty(STDIN_FILENO)) {
		complain(warn, "-", false, "standard input is a terminal");
		return -1;
	}
	fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);
	if (fd < 0) {
		complain(warn, "-", false, strerror(errno));
		return -1;
	}
	lib->input = article_from_fd("-", fd, lib->input_max);
	if (lib->input_wait)
		article_feed_until(lib->input, HEAD_BYTES);
	else
		article_feed(lib->input, 0);
	input_entry(lib);
	return 0;
}

/* Lists standard input, whose article lib holds, as it stands now. */
static void
input_entry(struct library *lib)
{
	struct entry *e = new_entry(lib, xstrdup("-"), "", lib->input->data,
	    lib->input->size < HEAD_BYTES ? lib->input->size : HEAD_BYTES,
	    ENTRY_EXPLICIT | ENTRY_STDIN);
	e->size = (off_t)lib->input->size;
	if (!lib->input->complete)
		e->flags &= ~(unsigned)ENTRY_EMPTY;
}

struct article *
library_open(const struct library *lib, size_t e, bool growing, char **err)
{
	const struct entry *en = &lib->entries[e];
	const char *file = en->archive != NULL ? en->archive : en->path;
	struct article *a;
	struct packed *p;
	struct stat st;
	int fd;

	if (en->flags & ENTRY_STDIN) {
		a = article_ref(lib->input);
	} else if (en->archive != NULL || packed_kind(en->path) == PACKED_COMPRESSED) {
		fd = open(file, FILE_FLAGS);
		if (fd < 0) {
			*err = xasprintf("%s: %s", file, strerror(errno));
			return NULL;
		}
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			*err = xasprintf("%s: not a regular file", file);
			return NULL;
		}
		p = packed_open(fd, en->member, err);
		if (p == NULL) {
			char *why = *err;

			*err = xasprintf("%s: %s", en->path, why);
			free(why);
			return NULL;
		}
		a = article_from_packed(en->path, p, lib->input_max);
		article_watch(a, file, &st);
	} else {
		return article_open(en->path, err);
	}
	/* The first blocks, so that the first screen has its text. */
	if (growing)
		article_feed_upto(a, FIRST_FEED_BYTES, FIRST_FEED_US);
	else
		article_feed(a, -1);
	return a;
}

/* Remembers path as one of the collection's, canonical. */
static void
add_root(struct library *lib, const char *path)
{
	char *c = realpath(path, NULL);

	if (c == NULL)
		return;
	lib->canon = xreallocarray(lib->canon, lib->ncanon + 1, sizeof *lib->canon);
	lib->canon[lib->ncanon++] = c;
}

char *
library_collection_key(const struct library *lib)
{
	char *key = NULL, *k;

	for (size_t i = 0; i < lib->ncanon; i++) {
		k = xasprintf(
		    "%s%s%s/", key != NULL ? key : "", key != NULL ? "\n" : "", lib->canon[i]);
		free(key);
		key = k;
	}
	return key;
}

/* Adds path now: a file listed, a folder's scan started (lib->walk). */
static int
add_now(struct library *lib, const char *path, FILE *warn)
{
	struct stat st;
	const char *why;
	char *head, *copy;

	if (strcmp(path, "-") == 0)
		return add_input(lib, warn);
	if (stat(path, &st) < 0) {
		watch_add(lib, path, NULL);
		complain(warn, path, false, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return scan_root(lib, path, warn);
	watch_add(lib, path, &st);
	if (!S_ISREG(st.st_mode)) {
		complain(warn, path, false, "not a regular file or folder");
		return -1;
	}
	head = xmalloc(HEAD_BYTES);
	copy = xstrdup(path);
	why = add_file(lib, head, AT_FDCWD, path, 0, copy, "", ENTRY_EXPLICIT, warn, NULL);
	if (why != NULL) {
		complain(warn, path, false, why);
		free(copy);
	}
	free(head);
	return why == NULL ? 0 : -1;
}

bool
library_scanning(const struct library *lib)
{
	return lib->walk != NULL || lib->queue_next < lib->nqueue;
}

int
library_add_start(struct library *lib, const char *path, FILE *warn)
{
	struct stat st;

	xgrow((void **)&lib->roots, &lib->caproots, lib->nroots + 1, sizeof *lib->roots);
	lib->roots[lib->nroots++] = xstrdup(path);
	if (strcmp(path, "-") != 0)
		add_root(lib, path);
	if (!library_scanning(lib))
		return add_now(lib, path, warn);
	/* After a scan going on: its turn comes when that one ends, but a
	 * path that is not there says so now. */
	if (strcmp(path, "-") != 0 && stat(path, &st) < 0) {
		watch_add(lib, path, NULL);
		complain(warn, path, false, strerror(errno));
		return -1;
	}
	xgrow((void **)&lib->queue, &lib->capqueue, lib->nqueue + 1, sizeof *lib->queue);
	lib->queue[lib->nqueue++] = xstrdup(path);
	return 0;
}

bool
library_scan_more(struct library *lib, long budget_us, FILE *warn)
{
	long end = budget_us > 0 ? timing_now_us() + budget_us : 0;
	size_t was = lib->n;
	unsigned steps = 0;

	while (library_scanning(lib)) {
		if (lib->walk == NULL) {
			char *path = lib->queue[lib->queue_next++];

			add_now(lib, path, warn);
			free(path);
		} else {
			lib->walk->warn = warn;
			walk_step(lib->walk);
			if (lib->walk->depth == 0) {
				walk_free(lib->walk, true);
				lib->walk = NULL;
			}
		}
		/* The clock is read every few steps: a step costs microseconds. */
		if (end != 0 && (++steps & 7) == 0 && timing_now_us() >= end)
			break;
	}
	if (!library_scanning(lib)) {
		free(lib->queue);
		lib->queue = NULL;
		lib->nqueue = lib->capqueue = lib->queue_next = 0;
	}
	return lib->n != was;
}

int
library_add(struct library *lib, const char *path, FILE *warn)
{
	int rc = library_add_start(lib, path, warn);

	while (library_scanning(lib))
		library_scan_more(lib, 0, warn);
	return rc;
}

const char *
library_title(const struct entry *e)
{
	return e->own_title != NULL ? e->own_title : e->title;
}

/* Folds each run of blanks of safe text s into one space, in place, and
 * trims them at both ends. */
static void
fold_blanks(char *s)
{
	char *w = s;
	bool blank = true;

	for (const char *r = s; *r != '\0'; r++) {
		if (*r == ' ') {
			blank = true;
			continue;
		}
		if (blank && w != s)
			*w++ = ' ';
		blank = false;
		*w++ = *r;
	}
	*w = '\0';
}

const char *
library_set_own_title(struct library *lib, size_t e, const char *raw)
{
	struct entry *en = &lib->entries[e];
	char *safe = raw != NULL ? article_safe_line(raw, strlen(raw)) : NULL;
	size_t len;

	free(en->own_title);
	en->own_title = NULL;
	if (safe == NULL)
		return NULL;
	fold_blanks(safe);
	len = strlen(safe);
	if (len > LIBRARY_TITLE_MAX) {
		len = LIBRARY_TITLE_MAX;
		while (len > 0 && ((unsigned char)safe[len] & 0xC0) == 0x80)
			len--;
		safe[len] = '\0';
	}
	if (len == 0) {
		free(safe);
		return NULL;
	}
	en->own_title = safe;
	return safe;
}

/* Whether stat now says otherwise of what w saw. */
static bool
watch_differs(const struct library_watch *w)
{
	struct stat st;

	if (stat(w->path, &st) != 0)
		return w->present;
	return !w->present || st.st_dev != w->dev || st.st_ino != w->ino ||
	    st.st_mtim.tv_sec != w->mtime.tv_sec || st.st_mtim.tv_nsec != w->mtime.tv_nsec;
}

bool
library_stale(const struct library *lib, long except, size_t *next, size_t max)
{
	struct stat st;
	size_t e = *next, end = max == 0 || e + max >= lib->n ? lib->n : e + max;

	*next = end < lib->n ? end : 0;
	for (size_t i = 0; e == 0 && i < lib->nwatch; i++)
		if (watch_differs(&lib->watch[i])) {
			*next = 0;
			return true;
		}
	for (; e < end; e++) {
		const struct entry *en = &lib->entries[e];

		if ((long)e == except || en->archive != NULL || (en->flags & ENTRY_STDIN) ||
		    packed_kind(en->path) != PACKED_NONE)
			continue;
		if (stat(en->path, &st) != 0 || st.st_size != en->size ||
		    st.st_mtime != en->mtime) {
			*next = 0;
			return true;
		}
	}
	return false;
}

/* An entry's path and index, sorted by path for library_rescan. */
struct named {
	const char *path;
	size_t index;
};

static int
cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c != 0 ? c : (x->index > y->index) - (x->index < y->index);
}

/* The index of the first entry of by (n, sorted) with path, or
 * LIBRARY_GONE. */
static size_t
find_path(const struct named *by, size_t n, const char *path)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(by[mid].path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(by[lo].path, path) == 0 ? by[lo].index : LIBRARY_GONE;
}

size_t *
library_rescan(struct library *lib, size_t *old_n)
{
	struct library *fresh = library_create(), *gone;
	size_t *map = xcalloc(lib->n + 1, sizeof *map);
	struct named *by;

	fresh->skip = lib->skip;
	fresh->skip_hash = lib->skip_hash;
	library_cache(fresh, lib->cache_dir);
	fresh->input_max = lib->input_max;
	fresh->input = lib->input;
	for (size_t i = 0; i < lib->nroots; i++) {
		if (strcmp(lib->roots[i], "-") != 0) {
			library_add(fresh, lib->roots[i], NULL);
			continue;
		}
		xgrow((void **)&fresh->roots, &fresh->caproots, fresh->nroots + 1,
		    sizeof *fresh->roots);
		fresh->roots[fresh->nroots++] = xstrdup("-");
		if (fresh->input != NULL)
			input_entry(fresh);
	}
	by = xcalloc(fresh->n + 1, sizeof *by);
	for (size_t j = 0; j < fresh->n; j++)
		by[j] = (struct named){ fresh->entries[j].path, j };
	qsort(by, fresh->n, sizeof *by, cmp_named);
	for (size_t i = 0; i < lib->n; i++) {
		struct entry *was = &lib->entries[i];

		map[i] = find_path(by, fresh->n, was->path);
		if (map[i] != LIBRARY_GONE && was->own_title != NULL &&
		    fresh->entries[map[i]].own_title == NULL) {
			fresh->entries[map[i]].own_title = was->own_title;
			was->own_title = NULL;
		}
	}
	free(by);
	*old_n = lib->n;
	/* The old entries, roots and watches go; lib itself stays, with its
	 * patterns and its input, since the views borrow it. */
	gone = xmalloc(sizeof *gone);
	*gone = *lib;
	gone->skip = NULL;
	gone->input = NULL;
	gone->cache_dir = NULL;
	lib->walk = NULL;
	lib->queue = NULL;
	lib->nqueue = lib->capqueue = lib->queue_next = 0;
	lib->entries = fresh->entries;
	lib->n = fresh->n;
	lib->cap = fresh->cap;
	lib->roots = fresh->roots;
	lib->nroots = fresh->nroots;
	lib->caproots = fresh->caproots;
	lib->canon = fresh->canon;
	lib->ncanon = fresh->ncanon;
	lib->watch = fresh->watch;
	lib->nwatch = fresh->nwatch;
	lib->capwatch = fresh->capwatch;
	lib->cache_hits += fresh->cache_hits;
	lib->cache_reads += fresh->cache_reads;
	free(fresh->cache_dir);
	free(fresh);
	library_free(gone);
	return map;
}
