#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "library.h"
#include "tap.h"
#include "text.h"
#include "titlecache.h"
#include "xmalloc.h"

static char *root; /* the test's folder */

static char *
at(const char *name)
{
	return xasprintf("%s/%s", root, name);
}

/* Writes text to root/name, modified an hour ago plus sec seconds (so
 * the cache keeps it: library_cache leaves out files just modified). */
static void
put(const char *name, const char *text, long sec)
{
	char *p = at(name);
	FILE *f = fopen(p, "w");
	struct timespec ts[2];

	if (f == NULL) {
		printf("Bail out! %s: %s\n", p, strerror(errno));
		exit(1);
	}
	fputs(text, f);
	fclose(f);
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= 3600 - sec;
	ts[1] = ts[0];
	utimensat(AT_FDCWD, p, ts, 0);
	free(p);
}

/* Keeps the modification time of name while its bytes change. */
static void
put_same_time(const char *name, const char *text)
{
	char *p = at(name);
	struct stat st;
	struct timespec ts[2];
	FILE *f;

	stat(p, &st);
	f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
	ts[0] = st.st_mtim;
	ts[1] = st.st_mtim;
	utimensat(AT_FDCWD, p, ts, 0);
	free(p);
}

/* What one scan of root/c gave. */
struct run {
	size_t n, hits, reads;
	char *titles; /* "name=title;" for each entry */
	char *warn;
};

static struct run
scan(const char *cache, const char *skip)
{
	struct library *lib = library_create();
	struct run r = { 0 };
	char *dir = at("c"), *t = xstrdup("");
	size_t len = 0;
	FILE *w = open_memstream(&r.warn, &len);

	if (skip != NULL)
		library_skip(lib, skip);
	library_cache(lib, cache);
	library_add(lib, dir, w);
	fclose(w);
	for (size_t i = 0; i < lib->n; i++) {
		const char *base = strrchr(lib->entries[i].path, '/') + 1;
		char *u = xasprintf("%s%s=%s;", t, base, lib->entries[i].title);

		free(t);
		t = u;
	}
	r.titles = t;
	r.n = lib->n;
	r.hits = lib->cache_hits;
	r.reads = lib->cache_reads;
	library_free(lib);
	free(dir);
	return r;
}

static void
run_free(struct run *r)
{
	free(r->titles);
	free(r->warn);
}

/* The one cache file of root/c in cache. */
static char *
cache_file(const char *cache)
{
	char *dir = at("c"), *canon = realpath(dir, NULL);
	char *f = titlecache_file(cache, canon);

	free(dir);
	free(canon);
	return f;
}

static void
get_items(void *ctx, size_t i, struct titlecache_item *it)
{
	const struct titlecache_item *items = ctx;

	*it = items[i];
}

/* The module alone: what is written is found, and nothing else. */
static void
test_module(void)
{
	struct titlecache_item items[3] = {
		{ .id = { 1, 10, 5, 100, 7, 11 }, .title = "one", .len = 3, .flags = 0 },
		{ .id = { 1, 11, 0, 100, 8, 12 }, .title = "two!", .len = 4, .flags = 1 },
		{ .id = { 2, 10, 9, 101, 9, 13 }, .title = "three 3 three", .len = 13 },
	};
	struct titlecache_item it;
	struct titlecache_id id;
	struct titlecache *tc;
	char *file = at("module/titles"), *err = NULL, *notice = NULL;

	is_int(titlecache_write(file, 42, 3, get_items, items, &err), 0, "a cache is written");
	ok(err == NULL, "no error");
	ok(titlecache_open(file, 43, &notice) == NULL && notice == NULL,
	    "a cache of another key is silently ignored");
	tc = titlecache_open(file, 42, &notice);
	ok(tc != NULL && notice == NULL, "and read back under its key");
	is_int((long long)titlecache_count(tc), 3, "with its three records");
	/* Out of order, so that the table is used, not the cursor. */
	for (int i = 2; i >= 0; i--) {
		ok(titlecache_find(tc, &items[i].id, &it), "record %d found", i);
		is_mem(it.title, it.len, items[i].title, items[i].len, "its title");
		is_int(it.flags, items[i].flags, "its flags");
	}
	id = items[0].id;
	id.nsec++;
	ok(!titlecache_find(tc, &id, &it), "another nanosecond is another file");
	id = items[0].id;
	id.size++;
	ok(!titlecache_find(tc, &id, &it), "another size is another file");
	id = items[0].id;
	id.name++;
	ok(!titlecache_find(tc, &id, &it), "another name is another file");
	id = items[0].id;
	id.ino = 99;
	ok(!titlecache_find(tc, &id, &it), "an unknown inode is not found");
	titlecache_close(tc);
	titlecache_close(NULL);
	is_int(titlecache_write(file, 42, 0, get_items, items, &err), 0, "an empty cache");
	tc = titlecache_open(file, 42, &notice);
	ok(tc != NULL && !titlecache_find(tc, &items[0].id, &it), "finds nothing");
	titlecache_close(tc);
	free(file);
}

/* Overwrites the cache file with len bytes of data, or cuts it to len
 * bytes (data NULL), or flips the byte at len (data "flip"). */
static void
spoil(const char *file, const char *data, size_t len)
{
	if (data == NULL) {
		if (truncate(file, (off_t)len) != 0)
			printf("# truncate: %s\n", strerror(errno));
	} else if (strcmp(data, "flip") == 0) {
		int fd = open(file, O_RDWR);
		unsigned char c;

		pread(fd, &c, 1, (off_t)len);
		c ^= 0x20;
		pwrite(fd, &c, 1, (off_t)len);
		close(fd);
	} else {
		FILE *f = fopen(file, "w");

		fwrite(data, 1, len, f);
		fclose(f);
	}
}

static void
test_library(void)
{
	char *cache = at("cache/folio"), *file, *p;
	struct run r;
	struct stat st;

	p = at("c");
	mkdir(p, 0755);
	free(p);
	put("c/a.txt", "Alpha\nbody\n", 0);
	put("c/b.txt", "Beta\nbody\n", 0);
	put("c/c.txt", "Gamma\nbody\n", 0);
	put("c/d.md", "# Delta\n", 0);
	put("c/e.txt", "", 0);
	p = at("c/f.bin");
	{
		/* Binary, an hour old. */
		FILE *f = fopen(p, "w");
		struct timespec ts[2];

		fwrite("bin\0ary", 1, 7, f);
		fclose(f);
		clock_gettime(CLOCK_REALTIME, &ts[0]);
		ts[0].tv_sec -= 3600;
		ts[1] = ts[0];
		utimensat(AT_FDCWD, p, ts, 0);
	}
	free(p);
	file = cache_file(cache);

	r = scan(cache, NULL);
	is_str(r.titles, "a.txt=Alpha;b.txt=Beta;c.txt=Gamma;d.md=Delta;e.txt=e.txt;",
	    "a first scan reads the titles");
	is_int((long long)r.reads, 6, "from every file");
	is_int((long long)r.hits, 0, "with no cache yet");
	ok(stat(file, &st) == 0, "and writes the cache");
	run_free(&r);

	r = scan(cache, NULL);
	is_str(r.titles, "a.txt=Alpha;b.txt=Beta;c.txt=Gamma;d.md=Delta;e.txt=e.txt;",
	    "a second scan lists the same");
	is_int((long long)r.reads, 0, "reading no file");
	is_int((long long)r.hits, 6, "every title (and the binary file) from the cache");
	ok(strstr(r.warn, "f.bin: skipped: binary file") != NULL,
	    "the binary file is still skipped with its warning");
	run_free(&r);

	/* Same identity, other bytes: the cache is believed, so nothing was
	 * read (a real file would have given "Other"). */
	put_same_time("c/a.txt", "Other\nbody\n");
	r = scan(cache, NULL);
	ok(strstr(r.titles, "a.txt=Alpha;") != NULL && r.reads == 0,
	    "a file whose size and time stay is not read again");
	run_free(&r);

	/* Same size, another time: read again. */
	put("c/a.txt", "Again\nbody\n", 5);
	r = scan(cache, NULL);
	ok(strstr(r.titles, "a.txt=Again;") != NULL, "a file modified is titled again");
	is_int((long long)r.reads, 1, "and only it is read");
	run_free(&r);
	r = scan(cache, NULL);
	ok(strstr(r.titles, "a.txt=Again;") != NULL && r.reads == 0, "and its new title was kept");
	run_free(&r);

	/* Renamed: the same inode under another name. */
	{
		char *from = at("c/b.txt"), *to = at("c/b2.md");

		rename(from, to);
		free(from);
		free(to);
	}
	r = scan(cache, NULL);
	is_str(r.titles, "a.txt=Again;b2.md=Beta;c.txt=Gamma;d.md=Delta;e.txt=e.txt;",
	    "a renamed file is listed under its new name");
	is_int((long long)r.reads, 1, "read again, since its name may change its format");
	run_free(&r);

	/* Deleted: the cache drops it at its next write. */
	p = at("c/c.txt");
	unlink(p);
	free(p);
	r = scan(cache, NULL);
	is_str(r.titles, "a.txt=Again;b2.md=Beta;d.md=Delta;e.txt=e.txt;", "a file deleted goes");
	is_int((long long)r.reads, 0, "nothing read");
	run_free(&r);
	{
		char *notice = NULL;
		struct titlecache *tc = titlecache_open(file, 0, &notice);

		/* Under key 0 it is stale: the count is read from a scan. */
		ok(tc == NULL && notice == NULL, "a cache of another key is no notice");
		free(notice);
	}
	r = scan(cache, NULL);
	is_int((long long)r.hits, 5, "the cache holds the four left and the binary file");
	run_free(&r);

	/* The title_skip patterns change the titles: all read again. */
	put("c/g.txt", "Subscribe now\nGood title\n", 0);
	r = scan(cache, NULL);
	ok(strstr(r.titles, "g.txt=Subscribe now;") != NULL, "without the pattern");
	run_free(&r);
	r = scan(cache, "subscribe");
	ok(strstr(r.titles, "g.txt=Good title;") != NULL, "a new skip pattern is applied");
	is_int((long long)r.hits, 0, "the cache made without it is not used");
	is_int((long long)r.reads, 6, "every file is read");
	ok(strstr(r.warn, "titles are read") == NULL, "silently");
	run_free(&r);
	r = scan(cache, "subscribe");
	is_int((long long)r.reads, 0, "then the cache made with it is");
	run_free(&r);

	/* Damaged caches: one notice, the files read, the cache made again. */
	{
		static const struct {
			const char *how, *data;
			size_t len;
			const char *notice;
		} spoils[] = {
			{ "truncated", NULL, 100, "truncated or damaged" },
			{ "cut short of a header", NULL, 10, "truncated" },
			{ "empty", NULL, 0, "truncated" },
			{ "a flipped byte", "flip", 200, "bad checksum" },
			{ "garbage",
			    "this is not a cache at all, only some text, long enough to be one....."
			    "..............................................................",
			    120, "not a title cache" },
		};

		for (size_t i = 0; i < sizeof spoils / sizeof *spoils; i++) {
			spoil(file, spoils[i].data, spoils[i].len);
			r = scan(cache, "subscribe");
			ok(strstr(r.titles, "g.txt=Good title;") != NULL && r.reads == 6,
			    "a cache %s: every file read", spoils[i].how);
			ok(strstr(r.warn, spoils[i].notice) != NULL &&
				strstr(r.warn, "titles are read from the files") != NULL,
			    "with one notice saying so");
			run_free(&r);
			r = scan(cache, "subscribe");
			ok(r.reads == 0 && strstr(r.warn, "titles are read") == NULL,
			    "and it is good again after");
			run_free(&r);
		}
	}

	/* A cache folder that cannot be made: the scan is as without one. */
	{
		char *blocker = at("notdir"), *bad = at("notdir/folio");

		put("notdir", "a file", 0);
		r = scan(bad, NULL);
		ok(strstr(r.titles, "a.txt=Again;") != NULL && r.reads == 6,
		    "a cache folder that cannot be made: the files are read");
		ok(strstr(r.warn, "titles are read") == NULL, "with no notice");
		run_free(&r);
		free(blocker);
		free(bad);
	}
	if (geteuid() != 0) {
		char *ro = at("ro");

		mkdir(ro, 0500);
		r = scan(ro, NULL);
		ok(r.reads == 6 && strstr(r.warn, "titles are read") == NULL,
		    "a read-only cache folder: the files are read, no notice");
		run_free(&r);
		chmod(ro, 0700);
		free(ro);
	} else {
		ok(1, "# SKIP a read-only folder is writable by root");
	}

	/* A file just modified is not kept: its next change may keep its time. */
	p = at("c/new.txt");
	{
		FILE *f = fopen(p, "w");

		fputs("Fresh\n", f);
		fclose(f);
	}
	r = scan(cache, NULL);
	run_free(&r);
	r = scan(cache, NULL);
	ok(strstr(r.titles, "new.txt=Fresh;") != NULL && r.reads == 1,
	    "a file modified just now is read again");
	run_free(&r);
	free(p);

	/* A rescan uses the cache too, and refreshes it. */
	{
		struct library *lib = library_create();
		char *dir = at("c");
		size_t old_n, *map;

		library_cache(lib, cache);
		library_add(lib, dir, NULL);
		put("c/h.txt", "Eta\n", 0);
		map = library_rescan(lib, &old_n);
		ok(lib->n == old_n + 1 && lib->cache_reads >= 1, "a rescan reads the file added");
		free(map);
		map = library_rescan(lib, &old_n);
		ok(lib->n == old_n, "and a second one finds the same");
		free(map);
		library_free(lib);
		free(dir);
	}

	/* No cache asked: nothing counted, nothing written. */
	{
		char *none = at("none");
		struct library *lib = library_create();
		char *dir = at("c");

		library_add(lib, dir, NULL);
		ok(lib->cache_hits == 0 && lib->cache_reads == 0 && stat(none, &st) != 0,
		    "without library_cache there is no cache");
		library_free(lib);
		free(dir);
		free(none);
	}
	free(file);
	free(cache);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	char *cmd;

	text_init();
	root = xasprintf("%s/folio-titlecache.XXXXXX", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(root) == NULL) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_module();
	test_library();
	cmd = xasprintf("rm -rf '%s'", root);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", root);
	free(cmd);
	free(root);
	return tap_done();
}
