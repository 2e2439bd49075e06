/* Unit tests of the reading state: round trips, the fingerprint fallback,
 * history, the import of an old state file and every kind of bad one,
 * bad databases, failing saves, and two instances at once. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "state.h"
#include "tap.h"
#include "xmalloc.h"

static char *root; /* a temporary folder for the whole run */
static int dir_serial;

/* ---- helpers ---------------------------------------------------------- */

static void
bail(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(1);
}

/* A new, not yet existing folder path under root. */
static char *
new_dir_path(void)
{
	return xasprintf("%s/d%d", root, ++dir_serial);
}

/* A new, existing, empty folder under root. */
static char *
new_dir(void)
{
	char *d = new_dir_path();

	if (mkdir(d, 0700) != 0)
		bail(d);
	return d;
}

static void
write_bytes(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || (len > 0 && write(fd, buf, len) != (ssize_t)len) || close(fd) != 0)
		bail(path);
}

/* The bytes of path (NULL when it cannot be read); *len their count. */
static char *
read_bytes(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (f == NULL)
		return NULL;
	for (;;) {
		xgrow((void **)&buf, &cap, n + 4096 + 1, 1);
		r = fread(buf + n, 1, cap - n - 1, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static char *
join(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* How many entries of dir start with prefix; the first one's full path goes
 * to *first when first is not NULL (the caller frees it). */
static int
count_prefix(const char *dir, const char *prefix, char **first)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (first != NULL)
		*first = NULL;
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		if (n++ == 0 && first != NULL)
			*first = join(dir, e->d_name);
	}
	closedir(d);
	return n;
}

static bool
exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	chmod(path, 0700);
	return remove(path);
}

static void
rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* FNV-1a, written here again so the tests check the file format on their
 * own rather than trusting the module's code. */
static uint64_t
fnv(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* A state file with the given header and body and a correct end line. */
static char *
make_file(const char *header, const char *body, size_t blen, size_t *len)
{
	size_t hl = strlen(header);
	char *buf = xmalloc(hl + blen + 32);

	memcpy(buf, header, hl);
	memcpy(buf + hl, body, blen);
	*len = hl + blen;
	*len += (size_t)sprintf(buf + *len, "end\t%016" PRIx64 "\n", fnv(buf, *len));
	return buf;
}

static struct state *
open_quiet(const char *dir)
{
	char *notice;
	struct state *st = state_open(dir, &notice);

	if (notice != NULL) {
		tap_diag("unexpected notice: %s", notice);
		free(notice);
	}
	return st;
}

/* Saves and reports the message, if any; returns save's result. */
static int
save(struct state *st)
{
	char *err;
	int r = state_save(st, &err);

	if (err != NULL) {
		tap_diag("save: %s", err);
		free(err);
	}
	return r;
}

/* Whether PRAGMA name of the database at path reads as want. */
static bool
db_pragma(const char *path, const char *name, const char *want)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	char *sql = xasprintf("PRAGMA %s", name);
	bool same = false;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			same = strcmp((const char *)sqlite3_column_text(q, 0), want) == 0;
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	free(sql);
	return same;
}

/* Runs sql on the database at path; false when it fails. */
static bool
db_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	bool r = sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;

	sqlite3_close(db);
	return r;
}

/* Removes the database and its log files from dir. */
static void
rm_db(const char *dir)
{
	static const char *const names[] = { "state.db", "state.db-wal", "state.db-shm" };

	for (size_t i = 0; i < 3; i++) {
		char *p = join(dir, names[i]);

		unlink(p);
		free(p);
	}
}

static bool
same_article(const struct state_article *a, const struct state_article *b)
{
	int i;

	if (a->read != b->read || a->position != b->position || a->mark_set != b->mark_set)
		return false;
	for (i = 0; i < STATE_MARKS; i++)
		if ((a->mark_set & ((uint64_t)1 << i)) && a->marks[i] != b->marks[i])
			return false;
	return true;
}

/* ---- tests ------------------------------------------------------------ */

static void
test_fingerprint(void)
{
	char big[STATE_HEAD_BYTES + 100];
	uint64_t a, b;

	memset(big, 'x', sizeof big);
	a = state_fingerprint(5, "hello", 5);
	ok(a != 0, "a fingerprint is not 0");
	is_int(state_fingerprint(5, "hello", 5) == a, 1, "the same bytes, the same fingerprint");
	ok(state_fingerprint(5, "hellO", 5) != a, "other bytes, another fingerprint");
	ok(state_fingerprint(6, "hello!", 5) != a, "another size, another fingerprint");
	is_int((long long)state_fingerprint(0, "", 0), 0, "an empty file has none");
	is_int((long long)state_fingerprint(10, "hello", 5), 0, "too few bytes given: none");
	a = state_fingerprint(sizeof big, big, STATE_HEAD_BYTES);
	big[STATE_HEAD_BYTES + 50] = 'y';
	b = state_fingerprint(sizeof big, big, sizeof big);
	ok(a != 0 && a == b, "bytes past STATE_HEAD_BYTES do not count");
}

static void
test_empty(void)
{
	char *dir = new_dir_path(), *notice;
	struct state *st = state_open(dir, &notice);
	struct state_article a;

	is_str(notice, NULL, "a missing folder is no notice");
	ok(!state_get(st, "/nowhere/x", 0, &a), "an unknown article has no record");
	ok(!a.read && a.position == 0 && a.mark_set == 0, "and reads as defaults");
	is_int((long long)state_count(st), 0, "no records");
	is_int((long long)state_history_count(st), 0, "no history");
	state_set_read(st, "/nowhere/x", 0, false);
	state_set_position(st, "/nowhere/x", 0, 0);
	state_clear_mark(st, "/nowhere/x", 0, 'a');
	state_clear_mark(st, "/nowhere/x", 0, 'A');
	state_set_mark(st, "/nowhere/x", 0, '{', 5);
	state_set_mark(st, "/nowhere/x", 0, '@', 5);
	state_set_mark(st, "/nowhere/x", 0, '[', 5);
	ok(!state_dirty(st) && state_count(st) == 0,
	    "setting defaults or bad letters changes nothing");
	is_int(save(st), 0, "a save with nothing to save succeeds");
	ok(!exists(dir), "and does not even create the folder");
	state_free(st);
	state_free(NULL);
	free(dir);
}

static const char *const odd_paths[] = {
	"/plain/path.txt",
	"/with\ttab/and\nnewline\r.txt",
	"/back\\slash/\\x41\\n literal",
	"/utf8/Чечня/naïve/😀.txt",
	"/invalid/\xff\xfe\xc3(/\xe2\x82.txt",
	"/controls/\x1b[31m\x7f\x01/\302\233c1",
	"/spaces at end /x ",
};
#define N_ODD (sizeof odd_paths / sizeof *odd_paths)

static void
test_round_trip(void)
{
	char *dir = new_dir_path(), *file, *notice;
	struct state *st = open_quiet(dir), *st2;
	struct state_article want[N_ODD], got;
	size_t i, bad = 0;
	struct stat sb;

	for (i = 0; i < N_ODD; i++) {
		memset(&want[i], 0, sizeof want[i]);
		want[i].read = i % 2 == 0;
		want[i].position = i == 3 ? UINT64_MAX : i * 1000 + 7;
		state_set_read(st, odd_paths[i], 0, want[i].read);
		state_set_position(st, odd_paths[i], 0, want[i].position);
		if (i != 1) {
			state_set_mark(st, odd_paths[i], 0, 'a', i);
			state_set_mark(st, odd_paths[i], 0, 'z', UINT64_MAX - i);
			want[i].mark_set = 1u | 1u << 25;
			want[i].marks[0] = i;
			want[i].marks[25] = UINT64_MAX - i;
		}
	}
	state_set_mark(st, odd_paths[0], 0, 'm', 12);
	state_clear_mark(st, odd_paths[0], 0, 'm');
	state_history_add(st, "tab\there");
	state_history_add(st, "new\nline \\x00 \xff");
	state_history_add(st, "Чечня");
	ok(state_dirty(st), "changes make the state dirty");
	is_int(save(st), 0, "save");
	ok(!state_dirty(st), "a save makes it clean");
	file = join(dir, "state.db");
	ok(stat(file, &sb) == 0 && (sb.st_mode & 0777) == 0600, "the database is mode 0600");
	ok(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700, "its folder is mode 0700");
	{
		char *wal = join(dir, "state.db-wal");

		ok(stat(wal, &sb) != 0 || (sb.st_mode & 0777) == 0600, "its log too");
		free(wal);
	}
	ok(db_pragma(file, "journal_mode", "wal"), "it is in WAL mode");
	ok(db_pragma(file, "user_version", "1"), "its user_version is the schema version, 1");
	state_free(st);

	st2 = state_open(dir, &notice);
	is_str(notice, NULL, "reopening gives no notice");
	free(notice);
	bad = 0;
	for (i = 0; i < N_ODD; i++) {
		if (!state_get(st2, odd_paths[i], 0, &got) || !same_article(&got, &want[i])) {
			tap_diag("path %zu differs", i);
			bad++;
		}
	}
	is_int((long long)bad, 0, "every odd path round-trips with its fields");
	is_int((long long)state_count(st2), (long long)N_ODD, "no record more");
	is_int((long long)state_history_count(st2), 3, "the history round-trips");
	is_str(state_history_get(st2, 0), "tab\there", "history 0");
	is_str(state_history_get(st2, 1), "new\nline \\x00 \xff", "history 1");
	is_str(state_history_get(st2, 2), "Чечня", "history 2");
	is_str(state_history_get(st2, 3), NULL, "history past the end is NULL");
	free(file);
	state_free(st2);
	free(dir);
}

static void
test_canonical(void)
{
	char *dir = new_dir(), *real = join(dir, "real"), *link = join(dir, "link");
	char *file = join(real, "a.txt"), *via = join(link, "a.txt"), *rel;
	char *sdir = join(dir, "st"), cwd[4096];
	struct state *st;
	struct state_article a;

	if (mkdir(real, 0700) != 0 || symlink("real", link) != 0)
		bail(link);
	write_bytes(file, "text\n", 5);
	st = open_quiet(sdir);
	state_set_position(st, via, 0, 42);
	ok(state_get(st, file, 0, &a) && a.position == 42,
	    "a path through a symlink is the same article");
	if (getcwd(cwd, sizeof cwd) == NULL || chdir(real) != 0)
		bail("chdir");
	ok(state_get(st, "a.txt", 0, &a) && a.position == 42, "and so is a relative path");
	state_set_position(st, "gone.txt", 0, 9);
	if (chdir(cwd) != 0)
		bail("chdir");
	rel = join(real, "gone.txt");
	ok(state_get(st, rel, 0, &a) && a.position == 9,
	    "a relative path to no file is made absolute");
	is_int((long long)state_count(st), 2, "two records");
	state_free(st);
	free(rel);
	free(dir);
	free(real);
	free(link);
	free(file);
	free(via);
	free(sdir);
}

static void
test_fallback(void)
{
	char *dir = new_dir(), *d1 = join(dir, "d1"), *d2 = join(dir, "d2");
	char *d3 = join(dir, "d3"), *sdir = join(dir, "st");
	char *a1 = join(d1, "a.txt"), *a2 = join(d2, "a.txt"), *b3 = join(d3, "b.txt");
	const char *text = "Title of the article\n\nSome body text.\n";
	size_t tl = strlen(text);
	uint64_t fp = state_fingerprint(tl, text, tl);
	struct state *st;
	struct state_article a;

	if (mkdir(d1, 0700) != 0 || mkdir(d3, 0700) != 0)
		bail(d1);
	write_bytes(a1, text, tl);
	st = open_quiet(sdir);
	state_set_read(st, a1, fp, true);
	state_set_position(st, a1, fp, 21);
	state_set_mark(st, a1, fp, 'k', 30);
	state_set_mark(st, a1, fp, 'G', 31);
	is_int(save(st), 0, "save");
	state_free(st);

	/* a copy elsewhere, while the original still exists */
	write_bytes(b3, text, tl);
	st = open_quiet(sdir);
	ok(!state_get(st, b3, fp, &a), "a copy of an existing article is another article");
	state_free(st);

	if (rename(d1, d2) != 0)
		bail("rename");
	st = open_quiet(sdir);
	ok(!state_get(st, a2, 0, &a), "after a rename the path alone finds nothing");
	ok(state_get(st, a2, fp, &a) && a.read && a.position == 21 && a.marks['k' - 'a'] == 30 &&
		a.marks[state_mark_index('G')] == 31 &&
		a.mark_set == ((uint64_t)1 << ('k' - 'a') | (uint64_t)1 << state_mark_index('G')),
	    "the fingerprint finds the moved article's record");
	ok(!state_dirty(st), "finding it changes nothing");
	state_set_position(st, a2, fp, 25);
	is_int((long long)state_count(st), 2, "a change copies the record to the new path");
	is_int(save(st), 0, "save");
	state_free(st);
	st = open_quiet(sdir);
	ok(state_get(st, a2, 0, &a) && a.read && a.position == 25 && a.marks['k' - 'a'] == 30,
	    "the new path has every field, by path alone");
	{
		const char *gp;
		uint64_t gpos;
		char *canon = realpath(a2, NULL);

		ok(state_global_mark(st, 'G', &gp, &gpos) && canon != NULL &&
			strcmp(gp, canon) == 0 && gpos == 31,
		    "its global mark moved with it, held by the new path only");
		ok(state_same_article(st, a2, gp) && !state_same_article(st, a1, gp),
		    "state_same_article knows the new path, not the old one");
		free(canon);
	}
	state_free(st);
	free(dir);
	free(d1);
	free(d2);
	free(d3);
	free(sdir);
	free(a1);
	free(a2);
	free(b3);
}

static void
test_history(void)
{
	char *dir = new_dir(), pat[64], *longp;
	struct state *st = open_quiet(dir);
	int i;

	for (i = 0; i < 150; i++) {
		snprintf(pat, sizeof pat, "p%d", i);
		state_history_add(st, pat);
	}
	is_int((long long)state_history_count(st), STATE_HISTORY_MAX, "the history is bounded");
	is_str(state_history_get(st, 0), "p50", "the oldest entries went first");
	is_str(state_history_get(st, STATE_HISTORY_MAX - 1), "p149", "newest last");
	state_history_add(st, "p60");
	is_int(
	    (long long)state_history_count(st), STATE_HISTORY_MAX, "a duplicate does not grow it");
	is_str(state_history_get(st, STATE_HISTORY_MAX - 1), "p60",
	    "a duplicate moves to the newest end");
	is_str(state_history_get(st, 10), "p61", "and leaves no hole");
	state_history_add(st, "");
	longp = xmalloc(STATE_PATTERN_MAX + 2);
	memset(longp, 'q', STATE_PATTERN_MAX + 1);
	longp[STATE_PATTERN_MAX + 1] = '\0';
	state_history_add(st, longp);
	is_str(state_history_get(st, STATE_HISTORY_MAX - 1), "p60",
	    "empty and over-long patterns are ignored");
	longp[STATE_PATTERN_MAX] = '\0';
	state_history_add(st, longp);
	is_str(state_history_get(st, STATE_HISTORY_MAX - 1), longp,
	    "a pattern of exactly the limit is kept");
	is_int(save(st), 0, "save");
	state_free(st);
	st = open_quiet(dir);
	is_int((long long)state_history_count(st), STATE_HISTORY_MAX,
	    "the bounded history round-trips");
	is_str(state_history_get(st, STATE_HISTORY_MAX - 1), longp, "newest still last");
	is_str(state_history_get(st, 0), "p51", "oldest still first");
	state_free(st);
	free(longp);
	free(dir);
}

/* The old state file kept in tests/state-old, written by the folio that
 * kept its state in a text file: odd paths, marks, a title, a view and
 * history, for the import and corruption tests. */
static char *
valid_file(size_t *len)
{
	const char *top = getenv("TOP_SRCDIR");
	char *file = xasprintf("%s/tests/state-old/state", top != NULL ? top : ".");
	char *buf = read_bytes(file, len);

	if (buf == NULL)
		bail(file);
	free(file);
	return buf;
}

/* Opens a folder whose state file holds buf[0..len) (or, with len ==
 * SIZE_MAX, whatever is already there) and checks that it starts empty
 * with one notice and the file kept aside, unchanged; returns how many of
 * those checks failed (diagnosed when verbose). */
static int
check_rejected(const char *dir, const char *buf, size_t len, bool verbose, const char *name)
{
	char *file = join(dir, "state"), *notice, *bad, *kept;
	struct state *st;
	size_t klen;
	int fails = 0;

	if (len != SIZE_MAX)
		write_bytes(file, buf, len);
	st = state_open(dir, &notice);
	if (notice == NULL) {
		fails++;
		if (verbose)
			tap_diag("%s: no notice", name);
	} else if (verbose)
		tap_diag("%s: %s", name, notice);
	if (state_count(st) != 0 || state_history_count(st) != 0) {
		fails++;
		if (verbose)
			tap_diag("%s: not empty", name);
	}
	if (exists(file)) {
		fails++;
		if (verbose)
			tap_diag("%s: the file is still in place", name);
	}
	if (count_prefix(dir, "state.bad-", &bad) != 1) {
		fails++;
		if (verbose)
			tap_diag("%s: not exactly one file kept aside", name);
	} else if (len != SIZE_MAX) {
		kept = read_bytes(bad, &klen);
		if (kept == NULL || klen != len || memcmp(kept, buf, len) != 0) {
			fails++;
			if (verbose)
				tap_diag("%s: the file kept aside differs", name);
		}
		free(kept);
	}
	if (bad != NULL && notice != NULL && strstr(notice, bad) == NULL) {
		fails++;
		if (verbose)
			tap_diag("%s: the notice does not name the kept file", name);
	}
	free(bad);
	free(notice);
	state_free(st);
	free(file);
	rm_db(dir);
	return fails;
}

static void
rejected(const char *buf, size_t len, const char *name)
{
	char *dir = new_dir();

	is_int(check_rejected(dir, buf, len, true, name), 0, name);
	free(dir);
}

/* A valid file with body (made of lines) and a correct end line, which the
 * loader must still refuse. */
static void
rejected_body(const char *body, const char *name)
{
	size_t len;
	char *buf = make_file("folio-state 1\n", body, strlen(body), &len);

	rejected(buf, len, name);
	free(buf);
}

static void
test_corrupt(void)
{
	char *good, *buf, *dir, *file, *why;
	size_t len, i, fails, n;
	struct state *st;
	unsigned char bin[600];
	FILE *f;
	char *big;
	size_t blen;

	good = valid_file(&len);
	st = state_from_buffer(good, len, &why);
	ok(st != NULL && state_count(st) == 5 && state_history_count(st) == 3,
	    "the reference file is valid");
	state_free(st);

	rejected("", 0, "an empty file");
	rejected("hello, world\nthis is not it\n", 28, "a text file");
	for (i = 0; i < sizeof bin; i++)
		bin[i] = (unsigned char)(i * 7 + 3);
	rejected((const char *)bin, sizeof bin, "binary bytes");
	buf = make_file("folio-state 2\n", "", 0, &n);
	rejected(buf, n, "a newer version");
	free(buf);
	buf = make_file("folio-state 0\n", "", 0, &n);
	rejected(buf, n, "an older version");
	free(buf);
	buf = make_file("folio-state 99999999999999999999999\n", "", 0, &n);
	rejected(buf, n, "an overflowing version");
	free(buf);
	rejected("folio-state 1\n", 14, "the version line alone");

	buf = xmalloc(len);
	memcpy(buf, good, len);
	buf[len / 2] ^= 0x20;
	rejected(buf, len, "one flipped bit");
	memcpy(buf, good, len);
	buf[len - 3] = buf[len - 3] == '0' ? '1' : '0';
	rejected(buf, len, "a wrong checksum");
	free(buf);
	buf = xmalloc(len + 10);
	memcpy(buf, good, len);
	memcpy(buf + len, "a\tjunk\n", 7);
	rejected(buf, len + 7, "data after the end line");
	memcpy(buf, good, len);
	memcpy(buf + len, good, 10);
	rejected(buf, len + 10, "a second header after the end line");
	free(buf);
	buf = xmalloc(len);
	memcpy(buf, good, len);
	memset(buf + 20, 0, 10);
	rejected(buf, len, "NUL bytes inside");
	free(buf);

	/* defects that a correct checksum does not excuse */
	rejected_body("x\tsomething\n", "an unknown kind of line");
	rejected_body("\n", "an empty line");
	rejected_body("a\t/p\t0000000000000000\t0\t0\t0\n", "a record with too few fields");
	rejected_body(
	    "a\t/p\t0000000000000000\t0\t0\t0\t-\textra\n", "a record with too many fields");
	rejected_body("a\trelative\t0000000000000000\t0\t0\t0\t-\n", "a relative path");
	rejected_body("a\t\t0000000000000000\t0\t0\t0\t-\n", "an empty path");
	rejected_body("a\t/p\\x00q\t0000000000000000\t0\t0\t0\t-\n", "an escaped NUL");
	rejected_body("a\t/p\\q\t0000000000000000\t0\t0\t0\t-\n", "an unknown escape");
	rejected_body("a\t/p\\x4\t0000000000000000\t0\t0\t0\t-\n", "a short \\x escape");
	rejected_body("a\t/p\\\t0000000000000000\t0\t0\t0\t-\n", "a final backslash");
	rejected_body("a\t/p\x1bq\t0000000000000000\t0\t0\t0\t-\n", "a raw control byte");
	rejected_body("a\t/p\t000000000000000\t0\t0\t0\t-\n", "a short fingerprint");
	rejected_body("a\t/p\t000000000000000g\t0\t0\t0\t-\n", "a bad fingerprint");
	rejected_body("a\t/p\t0000000000000000\t-1\t0\t0\t-\n", "a negative time");
	rejected_body("a\t/p\t0000000000000000\t9223372036854775808\t0\t0\t-\n",
	    "a time past 64 bits signed");
	rejected_body("a\t/p\t0000000000000000\t0\t2\t0\t-\n", "a read flag of 2");
	rejected_body("a\t/p\t0000000000000000\t0\t01\t0\t-\n", "a read flag of 01");
	rejected_body(
	    "a\t/p\t0000000000000000\t0\t0\t18446744073709551616\t-\n", "a position past 64 bits");
	rejected_body("a\t/p\t0000000000000000\t0\t0\t\t-\n", "an empty position");
	rejected_body("a\t/p\t0000000000000000\t0\t0\t+5\t-\n", "a signed position");
	rejected_body("a\t/p\t0000000000000000\t0\t0\t0\t\n", "empty marks");
	rejected_body("a\t/p\t0000000000000000\t0\t0\t0\t1=1\n", "a digit for a mark");
	rejected_body(
	    "a\t/p\t0000000000000000\t0\t0\t0\tA=1,z=2\n", "a global mark before a local one");
	rejected_body("a\t/p\t0000000000000000\t0\t0\t0\tA=1\n"
		      "a\t/q\t0000000000000000\t0\t0\t0\tz=1,A=2\n",
	    "one global mark in two records");
	rejected_body("a\t/p\t0000000000000000\t0\t0\t0\tb=1,a=2\n", "marks out of order");
	rejected_body("a\t/p\t0000000000000000\t0\t0\t0\ta=1,a=2\n", "a repeated mark");
	rejected_body("a\t/p\t0000000000000000\t0\t0\t0\ta=1,\n", "a trailing comma");
	rejected_body("a\t/p\t0000000000000000\t0\t0\t0\ta=\n", "a mark with no value");
	rejected_body("a\t/p\t0000000000000000\t0\t0\t0\t-\n"
		      "a\t/p\t0000000000000000\t0\t1\t0\t-\n",
	    "a duplicate path");
	rejected_body("h\t\n", "an empty search pattern");
	rejected_body("h\tx\nh\tx\n", "a duplicate search pattern");
	rejected_body("h\tx\\y\n", "a bad escape in a search pattern");

	/* a line over the limit (in a search pattern, so only its length is wrong) */
	blen = STATE_MAX_LINE + 10;
	big = xmalloc(blen + 1);
	memcpy(big, "h\t", 2);
	memset(big + 2, 'w', blen - 3);
	big[blen - 1] = '\n';
	buf = make_file("folio-state 1\n", big, blen, &n);
	rejected(buf, n, "an over-long line");
	free(buf);
	free(big);

	/* a pattern over STATE_PATTERN_MAX, and too many patterns */
	blen = STATE_PATTERN_MAX + 4;
	big = xmalloc(blen);
	memcpy(big, "h\t", 2);
	memset(big + 2, 'w', blen - 3);
	big[blen - 1] = '\n';
	buf = make_file("folio-state 1\n", big, blen, &n);
	rejected(buf, n, "an over-long search pattern");
	free(buf);
	free(big);
	big = NULL;
	blen = 0;
	for (i = 0; i <= STATE_HISTORY_MAX; i++) {
		char line[32];
		int l = snprintf(line, sizeof line, "h\tp%zu\n", i);

		big = xreallocarray(big, blen + (size_t)l + 1, 1);
		memcpy(big + blen, line, (size_t)l);
		blen += (size_t)l;
	}
	buf = make_file("folio-state 1\n", big, blen, &n);
	rejected(buf, n, "too many search patterns");
	free(buf);
	free(big);

	/* too many records (each one fine) */
	{
		size_t cap = (size_t)(STATE_MAX_RECORDS + 1) * 48;

		big = xmalloc(cap);
		blen = 0;
		for (i = 0; i <= STATE_MAX_RECORDS; i++)
			blen += (size_t)sprintf(
			    big + blen, "a\t/r/%zu\t0000000000000000\t0\t0\t%zu\t-\n", i, i);
		buf = make_file("folio-state 1\n", big, blen, &n);
		st = state_from_buffer(buf, n - 0, &why);
		ok(st == NULL && why != NULL && strstr(why, "too many records") != NULL,
		    "too many records are refused");
		if (why != NULL)
			tap_diag("%s", why);
		free(why);
		state_free(st);
		rejected(buf, n, "too many records");
		free(buf);
		/* one record fewer is fine */
		blen = (size_t)(strrchr(big, 'a') - big);
		buf = make_file("folio-state 1\n", big, blen, &n);
		st = state_from_buffer(buf, n, &why);
		ok(st != NULL && state_count(st) == STATE_MAX_RECORDS,
		    "exactly STATE_MAX_RECORDS records load");
		free(why);
		state_free(st);
		free(buf);
		free(big);
	}

	/* a huge file, sparse so that it costs nothing */
	dir = new_dir();
	file = join(dir, "state");
	f = fopen(file, "w");
	if (f == NULL || ftruncate(fileno(f), (off_t)STATE_MAX_FILE + 1) != 0)
		bail(file);
	fclose(f);
	is_int(check_rejected(dir, NULL, SIZE_MAX, true, "a file over 64 MiB"), 0,
	    "a file over 64 MiB");
	free(file);
	free(dir);

	/* things that are not regular files; none may block */
	dir = new_dir();
	file = join(dir, "state");
	if (mkfifo(file, 0600) != 0)
		bail(file);
	is_int(check_rejected(dir, NULL, SIZE_MAX, true, "a FIFO"), 0, "a FIFO");
	free(file);
	free(dir);
	dir = new_dir();
	file = join(dir, "state");
	if (mkdir(file, 0700) != 0)
		bail(file);
	is_int(check_rejected(dir, NULL, SIZE_MAX, true, "a folder"), 0, "a folder");
	free(file);
	free(dir);

	/* truncated at every byte */
	dir = new_dir();
	fails = 0;
	for (i = 0; i < len; i++) {
		char *bad;

		/* the parser sees each; a few go all the way through an open
		 * (each makes a database, which costs a sync) */
		st = state_from_buffer(good, i, &why);
		free(why);
		if (st != NULL) {
			fails++;
			tap_diag("truncated to %zu bytes: parsed", i);
		}
		state_free(st);
		if (i % 97 == 0 && check_rejected(dir, good, i, false, "truncated") != 0) {
			if (fails++ == 0)
				check_rejected(dir, good, i, true, "truncated");
			tap_diag("truncated to %zu bytes: not rejected", i);
		}
		while (count_prefix(dir, "state.bad-", &bad) > 0) {
			unlink(bad);
			free(bad);
		}
		free(bad);
	}
	is_int((long long)fails, 0, "every truncation of a valid file is rejected");
	tap_diag("(%zu truncations tried)", len);

	/* a second bad file the same second gets its own name */
	file = join(dir, "state");
	write_bytes(file, "junk", 4);
	state_free(state_open(dir, &why));
	free(why);
	rm_db(dir);
	write_bytes(file, "junk2", 5);
	state_free(state_open(dir, &why));
	free(why);
	is_int(count_prefix(dir, "state.bad-", NULL), 2, "two bad files are both kept aside");
	free(file);
	free(dir);

	/* a bad file can be replaced by a good save */
	dir = new_dir();
	file = join(dir, "state");
	write_bytes(file, "garbage", 7);
	free(file);
	st = state_open(dir, &why);
	free(why);
	state_set_read(st, "/x", 0, true);
	is_int(save(st), 0, "after a bad file, a save succeeds");
	state_free(st);
	st = open_quiet(dir);
	ok(state_count(st) == 1, "and the next open loads it");
	state_free(st);
	free(dir);
	free(good);
}

/* Mutates a valid old file at random many times, half of the time with
 * the checksum made right again so that the line parser sees the damage:
 * loading must never crash. */
static void
test_mutations(void)
{
	size_t len, n, i, j, body, accepted = 0;
	char *good = valid_file(&len), *buf, *why;
	struct state *st;
	struct state_article x;
	unsigned seed = 12345;

	body = len - 21; /* the end line is "end\t" and 16 hex digits */
	buf = xmalloc(len + 64);
	for (i = 0; i < 20000; i++) {
		memcpy(buf, good, body);
		n = body;
		for (j = 0; j < 1 + (size_t)rand_r(&seed) % 4; j++) {
			size_t at = (size_t)rand_r(&seed) % n;

			switch (rand_r(&seed) % 3) {
			case 0: buf[at] = (char)rand_r(&seed); break;
			case 1:
				memmove(buf + at, buf + at + 1, n - at - 1);
				n--;
				break;
			default:
				if (n < body + 40) {
					memmove(buf + at + 1, buf + at, n - at);
					buf[at] = (char)rand_r(&seed);
					n++;
				}
			}
		}
		if (i % 2 == 0) {
			memcpy(buf + n, good + body, 21);
			n += 21;
		} else
			n += (size_t)sprintf(buf + n, "end\t%016" PRIx64 "\n", fnv(buf, n));
		st = state_from_buffer(buf, n, &why);
		free(why);
		if (st == NULL)
			continue;
		accepted++;
		for (size_t k = 0; k < state_count(st); k++)
			state_get(st, "/old/articles/one.txt", 0, &x);
		state_free(st);
	}
	ok(1, "20000 random mutations of a file load or fail without harm");
	ok(accepted > 100, "some mutations load (%zu), so the parser was reached", accepted);
	free(buf);
	free(good);
}

static void
test_unwritable(void)
{
	char *dir = new_dir(), *blocker = join(dir, "file"), *sdir, *notice, *err;
	struct state *st;
	struct state_article a;
	int r;

	/* a state folder under a regular file can never be created */
	write_bytes(blocker, "x", 1);
	sdir = join(blocker, "folio");
	st = state_open(sdir, &notice);
	ok(notice != NULL && strstr(notice, "Not a directory") != NULL,
	    "a folder that cannot exist gives a notice at open");
	if (notice != NULL)
		tap_diag("%s", notice);
	free(notice);
	state_set_position(st, "/a", 0, 10);
	state_history_add(st, "pat");
	r = state_save(st, &err);
	ok(r == -1 && err == NULL, "the save fails, quietly as the notice at open warned already");
	free(err);
	r = state_save(st, &err);
	ok(r == -1 && err == NULL, "and so does the next one");
	free(err);
	ok(state_dirty(st) && state_get(st, "/a", 0, &a) && a.position == 10 &&
		state_history_count(st) == 1,
	    "the state in memory is intact");
	/* the obstacle goes away: the next save succeeds */
	unlink(blocker);
	if (mkdir(blocker, 0700) != 0)
		bail(blocker);
	is_int(save(st), 0, "a later save succeeds");
	state_free(st);
	st = open_quiet(sdir);
	ok(state_get(st, "/a", 0, &a) && a.position == 10, "with everything in it");
	state_free(st);
	free(sdir);

	/* a read-only folder: root ignores the mode bits */
	if (geteuid() == 0) {
		ok(1, "a read-only folder # SKIP running as root");
	} else {
		char *file, *before, *after;
		size_t bl, al;

		sdir = new_dir();
		st = open_quiet(sdir);
		state_set_read(st, "/b", 0, true);
		save(st);
		state_free(st);
		file = join(sdir, "state.db");
		before = read_bytes(file, &bl);
		chmod(sdir, 0500);
		st = state_open(sdir, &notice);
		ok(notice != NULL, "a read-only folder gives a notice at open");
		ok(state_get(st, "/b", 0, &a) && a.read, "and what the database holds is read");
		free(notice);
		state_set_read(st, "/c", 0, true);
		ok(state_save(st, &err) == -1 && err == NULL,
		    "saving in a read-only folder fails, quietly as the notice said so");
		free(err);
		after = read_bytes(file, &al);
		ok(before != NULL && after != NULL && bl == al && memcmp(before, after, bl) == 0,
		    "and leaves the file as it was");
		chmod(sdir, 0700);
		state_free(st);
		free(before);
		free(after);
		free(file);
		free(sdir);
	}
	free(blocker);
	free(dir);
}

/* A full disk, imitated with a file size limit (EFBIG instead of ENOSPC). */
static void
test_disk_full(void)
{
	char *dir = new_dir(), *err, *err2;
	struct state *st = open_quiet(dir), *other;
	struct state_article a;
	struct rlimit old, lim;
	char path[64];
	int i, r, r2;

	state_set_read(st, "/first", 0, true);
	save(st);
	for (i = 0; i < 50; i++) {
		snprintf(path, sizeof path, "/more/%d", i);
		state_set_position(st, path, 0, (uint64_t)i + 1);
	}
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = 100;
	if (setrlimit(RLIMIT_FSIZE, &lim) != 0)
		bail("setrlimit");
	/* nothing may be printed while the limit holds: stdout is a file too */
	r = state_save(st, &err);
	r2 = state_save(st, &err2);
	setrlimit(RLIMIT_FSIZE, &old);
	ok(r == -1 && err != NULL, "a full disk fails the save with a message");
	if (err != NULL)
		tap_diag("%s", err);
	free(err);
	ok(r2 == -1 && err2 == NULL, "the same failure again is not repeated");
	free(err2);
	other = open_quiet(dir);
	ok(state_count(other) == 1 && !state_get(other, "/more/49", 0, &a),
	    "the database holds what it held");
	state_free(other);
	ok(state_dirty(st) && state_get(st, "/more/49", 0, &a) && a.position == 50,
	    "the state in memory is intact");
	is_int(save(st), 0, "with room again, the save succeeds");
	state_set_read(st, "/after", 0, true);
	lim.rlim_cur = 100;
	setrlimit(RLIMIT_FSIZE, &lim);
	r = state_save(st, &err);
	setrlimit(RLIMIT_FSIZE, &old);
	ok(r == -1 && err != NULL, "after a success, a new failure is told again");
	free(err);
	is_int(save(st), 0, "save");
	state_free(st);
	st = open_quiet(dir);
	ok(state_count(st) == 52 && state_get(st, "/more/49", 0, &a) && a.position == 50,
	    "and holds everything");
	state_free(st);
	free(dir);
}

static void
test_global_marks(void)
{
	char *dir = new_dir();
	struct state *a, *b;
	struct state_article x;
	const char *path;
	uint64_t pos;

	a = open_quiet(dir);
	ok(!state_global_mark(a, 'A', &path, &pos), "no global mark at first");
	state_set_mark(a, "/one", 0, 'A', 10);
	state_set_mark(a, "/one", 0, 'a', 11);
	ok(state_global_mark(a, 'A', &path, &pos) && strcmp(path, "/one") == 0 && pos == 10,
	    "a global mark is found with its article");
	ok(!state_global_mark(a, 'a', &path, &pos) && !state_global_mark(a, 'B', &path, &pos),
	    "a local mark and an unset letter are no global mark");
	state_set_mark(a, "/two", 0, 'A', 20);
	ok(state_global_mark(a, 'A', &path, &pos) && strcmp(path, "/two") == 0 && pos == 20,
	    "setting it in another article moves it");
	ok(state_get(a, "/one", 0, &x) && x.mark_set == (uint64_t)1 << state_mark_index('a') &&
		x.marks[0] == 11,
	    "and clears it in the first, whose local mark stays");
	ok(state_mark_index('a') == 0 && state_mark_index('z') == 25 &&
		state_mark_index('A') == 26 && state_mark_index('Z') == 51 &&
		state_mark_index('{') == -1 && state_mark_letter(51) == 'Z' &&
		state_mark_letter(26) == 'A' && state_mark_letter(0) == 'a',
	    "mark letters and indexes agree");
	save(a);
	state_free(a);

	a = open_quiet(dir);
	ok(state_global_mark(a, 'A', &path, &pos) && strcmp(path, "/two") == 0 && pos == 20,
	    "the global mark is saved and loaded");

	/* two instances set one letter in different articles: the last save
	 * wins, and the file holds it once */
	b = open_quiet(dir);
	state_set_mark(a, "/three", 0, 'A', 30);
	state_set_mark(b, "/four", 0, 'A', 40);
	state_set_mark(b, "/four", 0, 'Z', 41);
	is_int(save(a), 0, "instance A saves its mark A");
	is_int(save(b), 0, "instance B saves its mark A");
	state_free(a);
	state_free(b);
	a = open_quiet(dir);
	ok(state_global_mark(a, 'A', &path, &pos) && strcmp(path, "/four") == 0 && pos == 40,
	    "the last save's mark A wins");
	ok(state_get(a, "/three", 0, &x) && x.mark_set == 0 && state_get(a, "/two", 0, &x) &&
		x.mark_set == 0,
	    "and no other record holds it");
	ok(state_global_mark(a, 'Z', &path, &pos) && pos == 41, "mark Z came along");
	state_clear_mark(a, "/four", 0, 'Z');
	save(a);
	state_free(a);
	a = open_quiet(dir);
	ok(!state_global_mark(a, 'Z', &path, &pos), "a cleared global mark stays cleared");
	state_free(a);
	free(dir);
}

static void
test_merge(void)
{
	char *dir = new_dir();
	struct state *a, *b, *c;
	struct state_article x;

	a = open_quiet(dir);
	state_set_position(a, "/shared", 0, 100);
	state_set_mark(a, "/shared", 0, 'b', 8);
	save(a);
	state_free(a);

	a = open_quiet(dir);
	b = open_quiet(dir);
	state_set_read(a, "/only-a", 0, true);
	state_set_position(a, "/shared", 0, 200);
	state_history_add(a, "alpha");
	state_history_add(a, "common");
	state_set_position(b, "/only-b", 0, 7);
	state_set_mark(b, "/shared", 0, 'q', 55);
	state_clear_mark(b, "/shared", 0, 'b');
	state_set_read(b, "/shared", 0, true);
	state_history_add(b, "common");
	state_history_add(b, "beta");
	is_int(save(a), 0, "instance A saves");
	is_int(save(b), 0, "instance B saves");
	ok(state_get(b, "/only-a", 0, &x) && x.read, "after its save, B sees A's changes");
	c = open_quiet(dir);
	ok(state_get(c, "/only-a", 0, &x) && x.read, "A's new article is kept");
	ok(state_get(c, "/only-b", 0, &x) && x.position == 7, "B's new article is kept");
	ok(state_get(c, "/shared", 0, &x) && x.position == 200,
	    "A's position of the shared article is kept");
	ok(x.read && x.mark_set == 1u << ('q' - 'a') && x.marks['q' - 'a'] == 55,
	    "B's read flag and marks of it are kept, its cleared mark cleared");
	ok(state_history_count(c) == 3 && strcmp(state_history_get(c, 0), "alpha") == 0 &&
		strcmp(state_history_get(c, 1), "common") == 0 &&
		strcmp(state_history_get(c, 2), "beta") == 0,
	    "both histories are merged, newest last");
	state_free(c);

	/* fields B did not touch are not written back from its stale copy */
	state_set_position(a, "/shared", 0, 300);
	save(a);
	state_set_read(b, "/shared", 0, false);
	save(b);
	c = open_quiet(dir);
	ok(state_get(c, "/shared", 0, &x) && x.position == 300 && !x.read,
	    "a stale unchanged field does not overwrite a newer one");
	state_free(c);

	/* the same field: the last save wins */
	state_set_position(a, "/shared", 0, 1);
	state_set_position(b, "/shared", 0, 2);
	save(b);
	save(a);
	c = open_quiet(dir);
	ok(state_get(c, "/shared", 0, &x) && x.position == 1,
	    "for one field changed by both, the last save wins");
	state_free(c);

	/* an instance that saw no file at all does not wipe the others */
	state_free(a);
	state_free(b);
	{
		char *dir2 = new_dir();

		a = open_quiet(dir2);
		b = open_quiet(dir2);
		state_set_read(a, "/1", 0, true);
		state_set_read(b, "/2", 0, true);
		save(a);
		save(b);
		c = open_quiet(dir2);
		ok(state_count(c) == 2, "two instances starting from nothing keep both");
		state_free(a);
		state_free(b);
		state_free(c);
		free(dir2);
	}
	free(dir);
}

static void
test_default_dir(void)
{
	char *xdg = join(root, "xdg"), *home = join(root, "home"), *want, *notice;
	struct state *st;
	struct stat sb;

	setenv("XDG_STATE_HOME", xdg, 1);
	st = state_open(NULL, &notice);
	want = join(xdg, "folio");
	is_str(state_dir(st), want, "$XDG_STATE_HOME/folio");
	free(notice);
	state_set_read(st, "/x", 0, true);
	is_int(save(st), 0, "the first save creates it");
	ok(stat(want, &sb) == 0 && S_ISDIR(sb.st_mode) && (sb.st_mode & 0777) == 0700,
	    "with mode 0700");
	state_free(st);
	free(want);

	setenv("XDG_STATE_HOME", "relative/path", 1);
	setenv("HOME", home, 1);
	st = state_open(NULL, &notice);
	want = join(home, ".local/state/folio");
	is_str(state_dir(st), want, "a relative $XDG_STATE_HOME is ignored for ~/.local/state");
	free(notice);
	state_free(st);
	free(want);
	unsetenv("XDG_STATE_HOME");
	st = state_open(NULL, &notice);
	want = join(home, ".local/state/folio");
	is_str(state_dir(st), want, "no $XDG_STATE_HOME: ~/.local/state/folio");
	free(notice);
	state_free(st);
	free(want);
	free(xdg);
	free(home);
}

static void
test_prune(void)
{
	char *dir = new_dir();
	struct state *st = open_quiet(dir);
	struct state_article x;
	char path[64];
	size_t i, n;

	for (i = 0; i < STATE_MAX_RECORDS + 5; i++) {
		snprintf(path, sizeof path, "/many/%zu", i);
		state_set_position(st, path, 0, i + 1);
	}
	is_int(save(st), 0, "save over STATE_MAX_RECORDS records");
	n = state_count(st);
	ok(n <= STATE_MAX_RECORDS && n >= STATE_MAX_RECORDS - STATE_MAX_RECORDS / 64,
	    "it keeps at most the maximum, down to 1/64 below it (%zu)", n);
	snprintf(path, sizeof path, "/many/%d", STATE_MAX_RECORDS + 4);
	ok(state_get(st, path, 0, &x) && x.position == STATE_MAX_RECORDS + 5,
	    "the newest record is kept");
	state_free(st);
	st = open_quiet(dir);
	is_int((long long)state_count(st), (long long)n, "and so does the database");
	ok(state_get(st, path, 0, &x) && x.position == STATE_MAX_RECORDS + 5, "records load");
	/* the oldest change goes first */
	state_set_position(st, "/many/0", 0, 77);
	state_free(st);
	free(dir);
	dir = new_dir();
	st = open_quiet(dir);
	for (i = 0; i < STATE_MAX_RECORDS; i++) {
		snprintf(path, sizeof path, "/old/%zu", i);
		state_set_position(st, path, 0, i + 1);
	}
	save(st);
	{
		char *db = join(dir, "state.db");

		if (!db_exec(db, "UPDATE articles SET time = time - 1000"))
			bail("update");
		free(db);
	}
	state_free(st);
	st = open_quiet(dir);
	state_set_read(st, "/fresh", 0, true);
	is_int(save(st), 0, "one record more than the maximum saves");
	ok(state_get(st, "/fresh", 0, &x) && x.read && state_count(st) < STATE_MAX_RECORDS,
	    "the new record is kept and older ones went");
	state_free(st);
	free(dir);
}

/* A load takes every row a record may have, as they were saved, and
 * passes over the others (a relative or overlong path, an empty title)
 * without letting them hide later changes of another folio. */
static void
test_load(void)
{
	char *dir = new_dir(), *db = join(dir, "state.db");
	struct state *st = open_quiet(dir), *other;
	struct state_article x;

	state_set_position(st, "/load/a", 0, 5);
	state_set_title(st, "/load/a", 0, "Own");
	state_set_mark(st, "/load/b", 0, 'q', 9);
	state_set_read(st, "/load/c", 0, true);
	is_int(save(st), 0, "records to load are saved");
	state_free(st);
	if (!db_exec(db,
		"INSERT INTO articles(path, read, pos, time, title, seq) VALUES"
		" ('relative/path', 1, 1, 1, NULL, 50),"
		" ('/' || replace(hex(zeroblob(2500)), '00', 'xx'), 1, 1, 1, NULL, 51),"
		" ('/load/neg', 1, 3, -5, '', 1)"))
		bail("insert");
	st = open_quiet(dir);
	state_set_refresh_interval(st, 0);
	is_int((long long)state_count(st), 4, "a load keeps the rows a record may have");
	ok(state_get(st, "/load/a", 0, &x) && x.position == 5 && x.title != NULL &&
		strcmp(x.title, "Own") == 0 && !x.read,
	    "a position and an own title load");
	ok(state_get(st, "/load/b", 0, &x) &&
		(x.mark_set & (UINT64_C(1) << state_mark_index('q'))) &&
		x.marks[state_mark_index('q')] == 9,
	    "a mark loads");
	ok(state_get(st, "/load/neg", 0, &x) && x.read && x.position == 3 && x.time == 0 &&
		x.title == NULL,
	    "a time before the epoch loads as 0, an empty title as none");
	ok(state_get(st, "/load/c", 0, &x) && x.read, "a read flag loads");
	other = open_quiet(dir);
	state_set_position(other, "/load/a", 0, 6);
	is_int(save(other), 0, "another folio saves a change");
	ok(state_get(st, "/load/a", 0, &x) && x.position == 6,
	    "and it is seen, whatever change numbers the passed-over rows hold");
	state_free(other);
	state_free(st);
	free(db);
	free(dir);
}

/* Own titles: kept by path, escaped in the file so any bytes survive, a
 * field of their own when saves merge, copied when an article moves, and
 * refused when a file holds them damaged or hostile. */
static void
test_titles(void)
{
	char *dir = new_dir(), *dir2, *why, *buf, *title, *body;
	struct state *a, *b;
	struct state_article x;
	static const char hostile[] = "\x1b]0;owned\x07 \xE2\x80\xAE \t\r\n\\ \xff\xc3 end";
	char longest[STATE_TITLE_MAX + 2];
	size_t len;

	a = open_quiet(dir);
	ok(!state_get(a, "/t/one", 0, &x) && x.title == NULL, "no record, no title");
	state_set_title(a, "/t/one", 0, "My title");
	state_set_title(a, "/t/two", 0, hostile);
	state_set_read(a, "/t/three", 0, true);
	ok(state_get(a, "/t/one", 0, &x) && x.title != NULL && strcmp(x.title, "My title") == 0,
	    "a title is kept at once");
	ok(state_title_count(a) == 2, "two records have a title");
	is_int(save(a), 0, "titles save");
	state_free(a);
	a = open_quiet(dir);
	ok(state_get(a, "/t/one", 0, &x) && x.title != NULL && strcmp(x.title, "My title") == 0,
	    "a title survives a restart");
	ok(state_get(a, "/t/two", 0, &x) && x.title != NULL && strcmp(x.title, hostile) == 0,
	    "controls, bidi overrides, escapes and bad UTF-8 round-trip byte for byte");
	ok(state_get(a, "/t/three", 0, &x) && x.title == NULL && x.read,
	    "a record without a title has none");

	/* An empty title removes it; the removal merges like a change. */
	b = open_quiet(dir);
	state_set_title(a, "/t/one", 0, "");
	state_set_title(b, "/t/two", 0, "B's title");
	is_int(save(a), 0, "A removes its title and saves");
	is_int(save(b), 0, "B retitles another article and saves");
	ok(state_get(b, "/t/one", 0, &x) && x.title == NULL, "B sees the removal after its save");
	ok(state_get(b, "/t/two", 0, &x) && x.title != NULL && strcmp(x.title, "B's title") == 0,
	    "and keeps its own change");
	state_free(a);
	state_free(b);

	for (size_t i = 0; i < STATE_TITLE_MAX + 1; i++)
		longest[i] = 'x';
	longest[STATE_TITLE_MAX + 1] = '\0';
	a = open_quiet(dir);
	state_set_title(a, "/t/four", 0, longest);
	ok(!state_get(a, "/t/four", 0, &x), "a title over STATE_TITLE_MAX bytes is not kept");
	longest[STATE_TITLE_MAX] = '\0';
	state_set_title(a, "/t/four", 0, longest);
	ok(state_get(a, "/t/four", 0, &x) && x.title != NULL && strlen(x.title) == STATE_TITLE_MAX,
	    "one of STATE_TITLE_MAX bytes is");
	state_free(a);
	rm_rf(dir);
	free(dir);

	/* A moved article takes its title along (found by its fingerprint). */
	dir2 = new_dir();
	title = join(dir2, "old.txt");
	write_bytes(title, "moved article", 13);
	a = open_quiet(dir2);
	state_set_title(a, title, state_fingerprint(13, "moved article", 13), "Follows me");
	save(a);
	state_free(a);
	unlink(title);
	free(title);
	title = join(dir2, "new.txt");
	write_bytes(title, "moved article", 13);
	a = open_quiet(dir2);
	ok(state_get(a, title, state_fingerprint(13, "moved article", 13), &x) && x.title != NULL &&
		strcmp(x.title, "Follows me") == 0,
	    "a renamed article keeps its title");
	state_set_read(a, title, state_fingerprint(13, "moved article", 13), true);
	save(a);
	state_free(a);
	a = open_quiet(dir2);
	ok(state_get(a, title, 0, &x) && x.title != NULL && strcmp(x.title, "Follows me") == 0,
	    "and its first change files the title under the new path");
	state_free(a);
	free(title);
	rm_rf(dir2);
	free(dir2);

	/* Damaged or hostile title lines make the file unusable, as any
	 * defect does. */
	rejected_body("t\tno record\n", "a title line first");
	rejected_body("h\tpattern\nt\tafter history\n", "a title after a history line");
	rejected_body(
	    "a\t/p\t0000000000000000\t1\t0\t0\t-\nt\tone\nt\ttwo\n", "two titles for one record");
	rejected_body("a\t/p\t0000000000000000\t1\t0\t0\t-\nt\t\n", "an empty title");
	rejected_body(
	    "a\t/p\t0000000000000000\t1\t0\t0\t-\nt\tnul \\x00 inside\n", "a NUL in a title");
	rejected_body(
	    "a\t/p\t0000000000000000\t1\t0\t0\t-\nt\tbad \\q escape\n", "a bad escape in a title");
	rejected_body("a\t/p\t0000000000000000\t1\t0\t0\t-\nt\ta\tb\n", "a raw tab in a title");
	body = xasprintf("a\t/p\t0000000000000000\t1\t0\t0\t-\nt\t%0*d\n", STATE_TITLE_MAX + 1, 0);
	rejected_body(body, "a title over STATE_TITLE_MAX bytes");
	free(body);
	body = xasprintf("a\t/p\t0000000000000000\t1\t0\t0\t-\nt\t%0*d\n", STATE_TITLE_MAX, 0);
	buf = make_file("folio-state 1\n", body, strlen(body), &len);
	a = state_from_buffer(buf, len, &why);
	ok(a != NULL && state_get(a, "/p", 0, &x) && x.title != NULL,
	    "a title of STATE_TITLE_MAX bytes loads");
	state_free(a);
	free(why);
	free(buf);
	free(body);
}

/* The old text file is imported once, nothing lost, and kept. */
static void
test_import(void)
{
	char *dir = new_dir(), *file = join(dir, "state"), *kept = join(dir, "state.imported");
	char *notice, *buf, *again;
	size_t len, alen;
	struct state *st;
	struct state_article x;
	const char *gp;
	uint64_t gpos;

	buf = valid_file(&len);
	write_bytes(file, buf, len);
	st = state_open(dir, &notice);
	ok(notice != NULL && strstr(notice, "state.imported") != NULL,
	    "importing the old file says so, naming the copy kept");
	if (notice != NULL)
		tap_diag("%s", notice);
	free(notice);
	ok(!exists(file), "the old file is no longer where an old folio reads it");
	again = read_bytes(kept, &alen);
	ok(again != NULL && alen == len && memcmp(again, buf, len) == 0,
	    "it is kept, unchanged, as state.imported");
	free(again);
	ok(state_get(st, "/old/articles/one.txt", 0, &x) && x.read && x.position == 4242 &&
		x.marks[0] == 10 && x.marks[25] == 20 && x.marks[state_mark_index('G')] == 30 &&
		x.mark_set == (1u | 1u << 25 | (uint64_t)1 << state_mark_index('G')) &&
		x.title != NULL && strcmp(x.title, "My own\ttitle \xe2\x80\x94 \\ \x1b[31m") == 0,
	    "a record with read flag, position, marks and own title is imported whole");
	ok(state_get(st, "/old/articles/tab\there.txt", 0, &x) && x.position == 7 && !x.read,
	    "an escaped path is imported");
	ok(state_get(st, "/old/articles/\xff\xfe bytes.txt", 0, &x) && x.read,
	    "a path of bytes that are no UTF-8 too");
	ok(state_get(st, "/old/articles/two.txt", 0, &x) && x.position == 1234567890123ULL,
	    "a big position too");
	ok(state_get(st, "/moved/two.txt", 0x5678, &x) && x.position == 1234567890123ULL,
	    "the fingerprint is imported: it finds the record of a moved article");
	ok(state_global_mark(st, 'Z', &gp, &gpos) && strcmp(gp, "/old/articles/two.txt") == 0 &&
		gpos == 99,
	    "a global mark is imported");
	is_str(state_view(st, "/old/articles/"), "title", "a collection's order is imported");
	ok(state_history_count(st) == 3 && strcmp(state_history_get(st, 0), "kremlin") == 0 &&
		strcmp(state_history_get(st, 1), "straße") == 0 &&
		strcmp(state_history_get(st, 2), "a\nb") == 0,
	    "the history is imported in order");
	is_int((long long)state_title_count(st), 1, "one own title");
	state_free(st);

	/* once: a new old file is not read again */
	write_bytes(file, "folio-state 1\n", 14);
	st = state_open(dir, &notice);
	is_str(notice, NULL, "the next start says nothing");
	free(notice);
	ok(state_get(st, "/old/articles/one.txt", 0, &x) && x.position == 4242,
	    "and reads the database, not the old file");
	state_free(st);
	unlink(file);

	/* a read-only folder still shows the old file's state */
	if (geteuid() != 0) {
		char *ro = new_dir(), *of = join(ro, "state");

		write_bytes(of, buf, len);
		chmod(ro, 0500);
		st = state_open(ro, &notice);
		ok(notice != NULL && state_get(st, "/old/articles/one.txt", 0, &x) &&
			x.position == 4242,
		    "in a read-only folder the old file is read, with a notice");
		free(notice);
		state_free(st);
		chmod(ro, 0700);
		free(of);
		free(ro);
	} else
		ok(1, "a read-only folder # SKIP running as root");
	free(buf);
	free(kept);
	free(file);
	free(dir);
}

/* Opens dir, whose state.db was made bad by the caller, and checks that
 * it starts empty with one notice naming the copy kept aside, that the
 * bad file is aside, and that saves work again; false on any failure. */
static bool
db_rejected(const char *dir, const char *name)
{
	char *notice, *bad = NULL, *db = join(dir, "state.db");
	struct state *st = state_open(dir, &notice), *st2;
	struct state_article x;
	bool good = true;

	if (notice == NULL || strstr(notice, "state.db.bad-") == NULL) {
		tap_diag("%s: notice %s", name, notice != NULL ? notice : "(none)");
		good = false;
	}
	if (state_count(st) != 0) {
		tap_diag("%s: not empty", name);
		good = false;
	}
	if (count_prefix(dir, "state.db.bad-", &bad) < 1) {
		tap_diag("%s: nothing kept aside", name);
		good = false;
	}
	state_set_position(st, "/after", 0, 5);
	if (save(st) != 0) {
		tap_diag("%s: cannot save after", name);
		good = false;
	}
	st2 = open_quiet(dir);
	if (!state_get(st2, "/after", 0, &x) || x.position != 5) {
		tap_diag("%s: the new database does not hold the change", name);
		good = false;
	}
	state_free(st2);
	state_free(st);
	free(notice);
	free(bad);
	free(db);
	return good;
}

/* A database made and filled, for the corruption tests; returns its path. */
static char *
filled_db(const char *dir, int n)
{
	struct state *st = open_quiet(dir);
	char path[64];

	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "/filled/%d", i);
		state_set_position(st, path, 0, (uint64_t)i + 1);
		state_set_mark(st, path, 0, 'a', (uint64_t)i);
	}
	state_history_add(st, "kremlin");
	if (save(st) != 0)
		bail("save");
	state_free(st);
	/* leave no log: the database file holds everything */
	{
		char *db = join(dir, "state.db");

		db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
		return db;
	}
}

static void
test_db_corrupt(void)
{
	char *dir, *db, *buf;
	size_t len;
	struct stat sb;
	struct state *st;
	char *notice;

	dir = new_dir();
	db = join(dir, "state.db");
	write_bytes(db, "this is not a database, just some text\n", 39);
	ok(db_rejected(dir, "text"), "a text file as state.db is moved aside");
	{
		char *bad;

		count_prefix(dir, "state.db.bad-", &bad);
		buf = read_bytes(bad, &len);
		ok(buf != NULL && len == 39 && memcmp(buf, "this is not", 11) == 0,
		    "and kept as it was");
		free(buf);
		free(bad);
	}
	free(db);
	free(dir);

	dir = new_dir();
	db = join(dir, "state.db");
	{
		unsigned char bin[8192];

		for (size_t i = 0; i < sizeof bin; i++)
			bin[i] = (unsigned char)(i * 131 + 7);
		write_bytes(db, (const char *)bin, sizeof bin);
	}
	ok(db_rejected(dir, "garbage"), "garbage bytes are moved aside");
	free(db);
	free(dir);

	/* truncated: a real database cut short */
	dir = new_dir();
	db = filled_db(dir, 3000);
	buf = read_bytes(db, &len);
	ok(buf != NULL && len > 16384, "a filled database is made (%zu bytes)", len);
	write_bytes(db, buf, len / 3);
	ok(db_rejected(dir, "truncated"), "a database truncated to a third is moved aside");
	free(db);
	free(dir);

	/* a damaged page in the middle: SQLite's own header intact */
	dir = new_dir();
	db = filled_db(dir, 3000);
	for (size_t i = len / 2; i < len / 2 + 4096 && i < len; i++)
		buf[i] = (char)0xa5;
	write_bytes(db, buf, len);
	ok(db_rejected(dir, "damaged"), "a database with a damaged page is moved aside");
	free(buf);
	free(db);
	free(dir);

	/* the header alone */
	dir = new_dir();
	db = filled_db(dir, 10);
	buf = read_bytes(db, &len);
	write_bytes(db, buf, 100);
	ok(db_rejected(dir, "header only"), "a database cut after its header is moved aside");
	free(buf);
	free(db);
	free(dir);

	/* a folder in its place */
	dir = new_dir();
	db = join(dir, "state.db");
	if (mkdir(db, 0700) != 0)
		bail(db);
	ok(db_rejected(dir, "folder"), "a folder named state.db is moved aside");
	free(db);
	free(dir);

	/* another program's database */
	dir = new_dir();
	db = join(dir, "state.db");
	ok(db_exec(db, "CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT)"),
	    "another program's database is made");
	ok(db_rejected(dir, "another database"), "a database of someone else is moved aside");
	free(db);
	free(dir);

	/* folio's tables under a wrong schema version, and without a table */
	dir = new_dir();
	db = filled_db(dir, 5);
	db_exec(db, "PRAGMA user_version = 0");
	ok(db_rejected(dir, "version 0"), "folio's tables with user_version 0 are moved aside");
	free(db);
	free(dir);
	dir = new_dir();
	db = filled_db(dir, 5);
	db_exec(db, "DROP TABLE marks");
	ok(db_rejected(dir, "no marks"), "a database without a table is moved aside");
	free(db);
	free(dir);

	/* a newer folio's database is left alone */
	dir = new_dir();
	db = filled_db(dir, 5);
	db_exec(db, "PRAGMA user_version = 7");
	buf = read_bytes(db, &len);
	st = state_open(dir, &notice);
	ok(notice != NULL && strstr(notice, "newer") != NULL,
	    "a newer schema is refused, saying so");
	if (notice != NULL)
		tap_diag("%s", notice);
	free(notice);
	ok(state_count(st) == 0, "and not read");
	state_set_read(st, "/x", 0, true);
	ok(state_save(st, &notice) == -1, "saves fail");
	free(notice);
	state_free(st);
	{
		size_t l2;
		char *b2 = read_bytes(db, &l2);

		ok(b2 != NULL && l2 == len && memcmp(b2, buf, len) == 0 &&
			count_prefix(dir, "state.db.bad-", NULL) == 0,
		    "the file is not overwritten nor moved");
		free(b2);
	}
	free(buf);
	free(db);
	free(dir);

	/* unreadable: root reads anything */
	if (geteuid() != 0) {
		dir = new_dir();
		db = filled_db(dir, 5);
		chmod(db, 0);
		ok(db_rejected(dir, "unreadable"), "an unreadable database is moved aside");
		free(db);
		free(dir);
	} else
		ok(1, "an unreadable database # SKIP running as root");

	/* a bad log beside a good database is SQLite's to judge: the
	 * database opens with what it holds */
	dir = new_dir();
	db = filled_db(dir, 5);
	{
		char *wal = join(dir, "state.db-wal");

		write_bytes(wal, "garbage in the log", 18);
		st = open_quiet(dir);
		ok(state_count(st) == 5, "a garbage log is ignored, the database read");
		state_free(st);
		free(wal);
	}
	ok(stat(db, &sb) == 0, "the database stays");
	free(db);
	free(dir);
}

/* Two instances on one folder see each other's saved changes. */
static void
test_live(void)
{
	char *dir = new_dir();
	struct state *a = open_quiet(dir), *b = open_quiet(dir);
	struct state_article x;
	const char *gp;
	uint64_t gpos;

	state_set_refresh_interval(a, 0);
	state_set_refresh_interval(b, 0);
	state_set_position(a, "/live/one", 0, 10);
	is_int(save(a), 0, "A saves a position");
	ok(state_get(b, "/live/one", 0, &x) && x.position == 10,
	    "B, open since before, reads it at once");
	state_set_mark(b, "/live/one", 0, 'q', 3);
	state_set_mark(b, "/live/two", 0, 'K', 4);
	state_history_add(b, "from b");
	is_int(save(b), 0, "B saves marks and a search");
	ok(state_get(a, "/live/one", 0, &x) && x.mark_set == 1u << ('q' - 'a') && x.marks[16] == 3,
	    "A sees B's mark");
	ok(state_global_mark(a, 'K', &gp, &gpos) && strcmp(gp, "/live/two") == 0 && gpos == 4,
	    "and B's global mark");
	state_set_mark(a, "/live/three", 0, 'K', 5);
	is_int(save(a), 0, "A moves the global mark");
	ok(state_get(b, "/live/two", 0, &x) && x.mark_set == 0 &&
		state_global_mark(b, 'K', &gp, &gpos) && strcmp(gp, "/live/three") == 0,
	    "B sees it moved");
	ok(state_history_count(a) == 1 && strcmp(state_history_get(a, 0), "from b") == 0,
	    "A has B's search at its next save");
	state_set_position(a, "/live/one", 0, 20);
	state_set_read(b, "/live/one", 0, true);
	ok(state_get(b, "/live/one", 0, &x) && x.read && x.position == 10,
	    "a change not saved stays, A's unsaved one is not seen");
	save(a);
	ok(state_get(b, "/live/one", 0, &x) && x.read && x.position == 20,
	    "A's saved position comes in under B's unsaved read flag");
	save(b);
	ok(state_get(a, "/live/one", 0, &x) && x.read && x.position == 20, "both are kept");
	state_set_view(a, "/live/", "size");
	save(a);
	ok(state_get(b, "/live/one", 0, &x), "a read looks for changes");
	is_str(state_view(b, "/live/"), "size", "a collection's order comes across too");
	state_free(a);
	state_free(b);

	/* the lazy case: B opened before there was any database */
	free(dir);
	dir = new_dir();
	b = open_quiet(dir);
	state_set_refresh_interval(b, 0);
	a = open_quiet(dir);
	state_set_read(a, "/first", 0, true);
	save(a);
	ok(state_get(b, "/first", 0, &x) && x.read,
	    "an instance that found no database sees the one another made");
	state_free(a);
	state_free(b);
	free(dir);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	root = xasprintf("%s/folio-state.XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
	if (mkdtemp(root) == NULL)
		bail("mkdtemp");
	unsetenv("XDG_STATE_HOME");
	test_fingerprint();
	test_empty();
	test_round_trip();
	test_canonical();
	test_fallback();
	test_history();
	test_corrupt();
	test_mutations();
	test_unwritable();
	test_disk_full();
	test_merge();
	test_global_marks();
	test_import();
	test_db_corrupt();
	test_live();
	test_default_dir();
	test_prune();
	test_load();
	test_titles();
	rm_rf(root);
	free(root);
	return tap_done();
}
