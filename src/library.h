/* library.h - the collection: which articles there are, and their titles.
 *
 * Paths are scanned once, up front (or a step at a time between keys:
 * library_add_start): a file is always listed when it is a
 * regular file (whatever its bytes: it is made visible when shown); a folder
 * is scanned recursively in natural order ("2" before "10"), hidden names
 * skipped, each folder visited once even through symlink loops.  In a folder
 * scan, whatever is not a regular, readable text file (FIFOs, sockets,
 * devices, dangling links, symlink loops, unreadable or binary files) is
 * skipped with one warning line; nothing ever blocks or hangs.  Empty files
 * are listed, with the ENTRY_EMPTY flag.  Titles are read from the first
 * few kilobytes of each file during the scan.  Bodies are not read here:
 * library_open() reads one on demand.
 *
 * A compressed file (packed.h) is listed as what it holds: its title and
 * the text-or-binary test come from its first decoded bytes.  An archive,
 * given or met in a folder, is listed as a folder of its regular-file
 * members, each named "ARCHIVE/MEMBER" (the member's name cleaned of
 * leading slashes, "." and ".."), titled from its first bytes.  The path
 * "-" is standard input: one growing article that the library keeps.
 */
#ifndef FOLIO_LIBRARY_H
#define FOLIO_LIBRARY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

struct article_skip;
struct library_walk;
struct library_watch;

enum {
	ENTRY_EMPTY = 1 << 0,    /* the file has no bytes */
	ENTRY_EXPLICIT = 1 << 1, /* named on the command line, not found in a scan */
	ENTRY_STDIN = 1 << 2,    /* standard input ("-") */
};

struct entry {
	char *path;      /* owned; as opened (the root as given, joined with "/") */
	char *group;     /* owned; folder relative to the scanned root, "" at its top */
	char *title;     /* owned; sanitized, never NULL (see article_title_of) */
	char *own_title; /* owned; the reader's own title for it (set-title),
	                    sanitized; NULL when none */
	off_t size;
	time_t mtime;
	unsigned flags; /* ENTRY_* */
	char *archive;  /* owned; the archive file holding it, NULL for a file */
	long member;    /* its ordinal in archive (packed_open), or -1 */
	dev_t dev;      /* the file's identity, for the title cache; ino 0 when */
	ino_t ino;      /*   it is not kept there (archive members, compressed */
	long mtime_ns;  /*   files, standard input, a file named alone) */
};

struct library {
	struct entry *entries; /* owned; n entries in display order */
	size_t n;
	size_t cap;
	struct article_skip *skip; /* owned; boilerplate titles skip, NULL: none */
	size_t input_max;          /* the most bytes of standard input or of a
	                              decoded file (0: ARTICLE_FEED_MAX) */
	struct article *input;     /* owned; standard input, once "-" is added */
	bool input_wait;           /* titling standard input waits for its first
	                              bytes (or its end), as scripts need; else
	                              what has arrived titles it */
	char **roots;              /* owned: every path given to library_add, in
	                              order, for library_rescan */
	size_t nroots, caproots;
	char **canon; /* owned: the canonical paths added, which
	                              name the collection */
	size_t ncanon;
	struct library_watch *watch; /* owned: what library_stale stats */
	size_t nwatch, capwatch;
	char *cache_dir;           /* owned; where folder scans keep their titles
	                       (titlecache.h), NULL: nowhere (library_cache) */
	uint64_t skip_hash;        /* of the patterns given to library_skip */
	size_t cache_hits;         /* titles taken from the cache, and read from */
	size_t cache_reads;        /*   files, by the folder scans so far */
	struct library_walk *walk; /* owned: the folder scan going on, NULL none */
	char **queue;              /* owned: paths given while it goes on, their turn to come */
	size_t nqueue, capqueue, queue_next;
};

struct library *library_create(void);
void library_free(struct library *lib);

/* Adds path (a file or a folder) to the library.  Warnings about skipped
 * files go to warn as "folio: PATH: reason" lines (warn may be NULL to
 * stay silent).  Returns 0, or -1 after one such line when path itself
 * cannot be used (missing, not a file or folder, unreadable). */
int library_add(struct library *lib, const char *path, FILE *warn);

/* The same, a step at a time, so that a list can show before a collection
 * of 100,000 files is scanned: a file is listed at once, a folder only
 * opened, its files then listed (in the same order) by library_scan_more;
 * a path given while a scan goes on waits for its turn (only whether it
 * exists is looked at now).  Returns 0, or -1 after a warning line when
 * path cannot be used.  Entries are only ever appended while a scan goes
 * on, so the indexes known stay good. */
int library_add_start(struct library *lib, const char *path, FILE *warn);

/* Whether library_add_start left work for library_scan_more. */
bool library_scanning(const struct library *lib);

/* Goes on with the scans for about budget_us microseconds (0: to the
 * end), warnings to warn (NULL: silent); returns whether entries were
 * added.  A folder scan complete writes its title cache. */
bool library_scan_more(struct library *lib, long budget_us, FILE *warn);

/* Makes the folder scans from now on keep the titles they find in dir
 * (titlecache.h; NULL: none), one cache file per folder given to
 * library_add, keyed on folio's version and the library_skip patterns:
 * a scan takes the title of each file whose identity (device, inode,
 * size, modification time, name) the cache holds without opening it, and
 * reads the others; it then writes the cache again when anything was
 * read or went, dropping the files gone.  A file modified less than
 * two seconds before the scan is not kept, since a change within the
 * same clock tick would keep its time.  A damaged cache is ignored with
 * one warning line; one that cannot be written is left as it was. */
void library_cache(struct library *lib, const char *dir);

/* Opens entry e's article: a file with article_open, a compressed file or
 * an archive member through its decoder, standard input as the one
 * article kept for it (each caller owns a reference).  When growing, a
 * decoded or standard-input article may come back incomplete (the caller
 * feeds it between keys: article_feed); otherwise it is read to its end
 * first.  Returns NULL with *err (the caller frees it) on failure. */
struct article *library_open(const struct library *lib, size_t e, bool growing, char **err);

/* Adds pattern to the boilerplate that titles found from now on skip (see
 * article_title_range); whoever opens an article of lib gives lib->skip
 * to article_find_title, so that its title line is the listed one. */
void library_skip(struct library *lib, const char *pattern);

/* Takes entry e's title, size, modification time and ENTRY_EMPTY flag
 * again, from data[0..size), the bytes its file holds now: for an article
 * that changed on disk while shown. */
void library_retitle(struct library *lib, size_t e, const char *data, size_t size);

/* The title an entry shows: its own title when the reader gave it one,
 * else the one found in its file.  Safe text, owned by the entry. */
const char *library_title(const struct entry *e);

/* The longest own title kept, in bytes (longer ones are cut at a
 * character boundary). */
#define LIBRARY_TITLE_MAX 400

/* Gives entry e the own title raw (any bytes, NUL-terminated), made safe:
 * sanitized as one line, blanks trimmed and runs of them folded to one
 * space, cut to LIBRARY_TITLE_MAX bytes.  NULL, or a title that is blank
 * once made safe, removes it.  Returns the title kept (owned by the entry)
 * or NULL. */
const char *library_set_own_title(struct library *lib, size_t e, const char *raw);

/* Whether the collection on disk may differ from the entries: a folder
 * scanned (or a path given) appeared, went, or changed its modification
 * time (a file added, removed or renamed in it), or an entry's file
 * changed its size or modification time, or went.  One stat per folder
 * and per file, nothing read; entry except (-1: none; the one shown,
 * which its reader watches), archive members, compressed files (whose
 * listed size is what they hold) and standard input are not looked at
 * one by one (their folder is).  A sweep can be cut in slices, since a
 * stat costs microseconds and a collection may hold 10,000 files: with
 * *next 0 it starts, the folders first; it looks at no more than max
 * files (0: all) from entry *next on and leaves in *next where to go on,
 * 0 once every file was looked at.  Returns true as soon as a change is seen. */
bool library_stale(const struct library *lib, long except, size_t *next, size_t max);

/* Marks an entry index that library_rescan found no more. */
#define LIBRARY_GONE ((size_t)-1)

/* Scans every path given to library_add again, in the same order and
 * silently (what is skipped was warned about at the start), and replaces
 * the entries with what is there now: new files listed, removed ones
 * gone, titles, sizes and dates read again.  Own titles go with their
 * path; standard input keeps its one article.  Returns, for each of the
 * *old_n entries before, its index now or LIBRARY_GONE (the caller frees
 * it). */
size_t *library_rescan(struct library *lib, size_t *old_n);

/* What names the collection (the reading state keeps its list order
 * under it): the canonical paths added, each followed by a '/', joined
 * by newlines; so it ends in '/', which no article's path does.  NULL
 * when no path could be made canonical (standard input alone).  The
 * caller frees it. */
char *library_collection_key(const struct library *lib);

/* Natural comparison of two names: runs of digits compare by value. */
int library_natural_cmp(const char *a, const char *b);

#endif
