/* Unit tests of the reading state: round trips, the fingerprint fallback,
 * history, every kind of bad state file, failing saves and merges. */
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
	char *dir = new_dir(), *file, *buf, *notice;
	struct state *st = open_quiet(dir), *st2;
	struct state_article want[N_ODD], got;
	size_t i, len, slen, bad = 0;
	char *ser;
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
	file = join(dir, "state");
	ok(stat(file, &sb) == 0 && (sb.st_mode & 0777) == 0600, "the file is mode 0600");
	buf = read_bytes(file, &len);
	for (i = 0; buf != NULL && i < len; i++)
		if (((unsigned char)buf[i] < 0x20 && buf[i] != '\n' && buf[i] != '\t') ||
		    buf[i] == 0x7f)
			bad++;
	ok(buf != NULL && bad == 0, "the file holds no control byte but field and line ends");
	ok(buf != NULL && strncmp(buf, "folio-state 1\n", 14) == 0,
	    "it starts with the version line");
	ok(buf != NULL && memmem(buf, len, "\xff", 1) == NULL &&
		memmem(buf, len, "\xc2\x9b", 2) == NULL,
	    "invalid UTF-8 and C1 controls are escaped");
	ok(buf != NULL && memmem(buf, len, "Чечня", strlen("Чечня")) != NULL,
	    "valid UTF-8 is kept as it is");
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
	ser = state_serialize(st2, &slen);
	ok(buf != NULL && slen == len && memcmp(ser, buf, len) == 0,
	    "serializing what was loaded gives the same bytes");
	free(ser);
	free(buf);
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

/* A valid file with odd paths, marks and history, for the corruption tests. */
static char *
valid_file(size_t *len)
{
	char *dir = new_dir(), *file, *buf;
	struct state *st = open_quiet(dir);

	state_set_read(st, odd_paths[1], 0, true);
	state_set_position(st, odd_paths[4], 0, 1234);
	state_set_mark(st, odd_paths[4], 0, 'c', 99);
	state_history_add(st, "chechnya");
	state_history_add(st, "a\tb");
	if (save(st) != 0)
		bail("save");
	state_free(st);
	file = join(dir, "state");
	buf = read_bytes(file, len);
	if (buf == NULL)
		bail(file);
	free(file);
	rm_rf(dir);
	free(dir);
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
	ok(st != NULL && state_count(st) == 2 && state_history_count(st) == 2,
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

		if (check_rejected(dir, good, i, false, "truncated") != 0) {
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

/* Mutates a valid file at random many times, half of the time with the
 * checksum made right again so that the line parser sees the damage:
 * loading must never crash, and whatever loads must serialize back to
 * bytes that load the same. */
static void
test_mutations(void)
{
	size_t len, n, i, j, body, slen, slen2, accepted = 0, unstable = 0;
	char *good = valid_file(&len), *buf, *why, *s1, *s2;
	struct state *st, *st2;
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
		s1 = state_serialize(st, &slen);
		st2 = state_from_buffer(s1, slen, &why);
		free(why);
		s2 = st2 != NULL ? state_serialize(st2, &slen2) : NULL;
		if (s2 == NULL || slen != slen2 || memcmp(s1, s2, slen) != 0)
			unstable++;
		free(s1);
		free(s2);
		state_free(st);
		state_free(st2);
	}
	ok(1, "20000 random mutations of a file load or fail without harm");
	is_int((long long)unstable, 0, "what loads serializes back stably");
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
		file = join(sdir, "state");
		before = read_bytes(file, &bl);
		chmod(sdir, 0500);
		st = state_open(sdir, &notice);
		ok(notice != NULL, "a read-only folder gives a notice at open");
		free(notice);
		state_set_read(st, "/c", 0, true);
		ok(state_save(st, &err) == -1 && err != NULL, "saving in a read-only folder fails");
		free(err);
		after = read_bytes(file, &al);
		ok(before != NULL && after != NULL && bl == al && memcmp(before, after, bl) == 0,
		    "and leaves the file as it was");
		chmod(sdir, 0700);
		is_int(save(st), 0, "once writable, the save succeeds");
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
	char *dir = new_dir(), *file = join(dir, "state"), *before, *after, *err, *err2;
	struct state *st = open_quiet(dir);
	struct state_article a;
	struct rlimit old, lim;
	size_t bl, al;
	char path[64];
	int i, r, r2;

	state_set_read(st, "/first", 0, true);
	save(st);
	before = read_bytes(file, &bl);
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
	ok(r == -1 && err != NULL && strstr(err, "too large") != NULL,
	    "a full disk fails the save with a message");
	if (err != NULL)
		tap_diag("%s", err);
	free(err);
	ok(r2 == -1 && err2 == NULL, "the same failure again is not repeated");
	free(err2);
	is_int(count_prefix(dir, "state.tmp.", NULL), 0, "no temporary file is left");
	after = read_bytes(file, &al);
	ok(before != NULL && after != NULL && bl == al && memcmp(before, after, bl) == 0,
	    "the file on disk is the old one");
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
	free(before);
	free(after);
	free(file);
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

/* The file turns bad under a running instance: the save keeps it aside and
 * writes everything the instance knows. */
static void
test_bad_at_save(void)
{
	char *dir = new_dir(), *file = join(dir, "state"), *err;
	struct state *st = open_quiet(dir);
	struct state_article x;
	int r;

	state_set_read(st, "/old", 0, true);
	save(st);
	write_bytes(file, "garbage", 7);
	state_set_read(st, "/new", 0, true);
	r = state_save(st, &err);
	ok(r == 0 && err != NULL && strstr(err, "state.bad-") != NULL,
	    "saving over a bad file succeeds with a notice");
	if (err != NULL)
		tap_diag("%s", err);
	free(err);
	is_int(count_prefix(dir, "state.bad-", NULL), 1, "the bad file is kept aside");
	state_free(st);
	st = open_quiet(dir);
	ok(state_get(st, "/old", 0, &x) && x.read && state_get(st, "/new", 0, &x) && x.read,
	    "the saved file has the old and the new records");
	state_free(st);
	free(file);
	free(dir);
}

/* A bad file that cannot be moved aside at open (another folio holds the
 * lock) is never overwritten; a later save moves it aside. */
static void
test_bad_locked(void)
{
	char *dir = new_dir(), *lock = join(dir, "state.lock"), *file = join(dir, "state");
	char *notice, *err, *kept, *buf;
	struct state *st;
	size_t len;
	int fd, r;

	write_bytes(file, "garbage", 7);
	fd = open(lock, O_RDWR | O_CREAT, 0600);
	if (fd < 0 || flock(fd, LOCK_EX) != 0)
		bail(lock);
	st = state_open(dir, &notice);
	ok(notice != NULL && strstr(notice, "could not be moved aside") != NULL,
	    "a bad file that cannot be moved aside gives a notice");
	if (notice != NULL)
		tap_diag("%s", notice);
	free(notice);
	ok(state_count(st) == 0, "and an empty state");
	state_set_read(st, "/x", 0, true);
	state_set_lock_timeout(st, 50);
	r = state_save(st, &err);
	ok(r == -1 && err == NULL, "a save while the lock is held fails quietly");
	free(err);
	buf = read_bytes(file, &len);
	ok(buf != NULL && len == 7 && memcmp(buf, "garbage", 7) == 0,
	    "the bad file is still in place, untouched");
	free(buf);
	close(fd);
	r = state_save(st, &err);
	ok(r == 0 && err != NULL && strstr(err, "moved to") != NULL,
	    "once the lock is free, the save moves it aside, with a notice");
	free(err);
	count_prefix(dir, "state.bad-", &kept);
	buf = kept != NULL ? read_bytes(kept, &len) : NULL;
	ok(buf != NULL && len == 7 && memcmp(buf, "garbage", 7) == 0, "where it is kept whole");
	free(buf);
	free(kept);
	state_free(st);
	st = open_quiet(dir);
	ok(state_count(st) == 1, "and the new state is saved");
	state_free(st);
	free(lock);
	free(file);
	free(dir);
}

static void
test_lock(void)
{
	char *dir = new_dir(), *lock = join(dir, "state.lock"), *err, *file;
	struct state *st = open_quiet(dir);
	struct timespec t0, t1;
	double secs;
	int fd, r;

	fd = open(lock, O_RDWR | O_CREAT, 0600);
	if (fd < 0 || flock(fd, LOCK_EX) != 0)
		bail(lock);
	state_set_read(st, "/x", 0, true);
	state_set_lock_timeout(st, 150);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = state_save(st, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ok(r == -1 && err != NULL && strstr(err, "another folio") != NULL,
	    "a lock held elsewhere fails the save");
	if (err != NULL)
		tap_diag("%s", err);
	free(err);
	ok(secs >= 0.14 && secs < 1.0, "after the timeout, not forever (%.3f s)", secs);
	file = join(dir, "state");
	ok(!exists(file), "nothing was written");
	free(file);
	close(fd);
	is_int(save(st), 0, "once the lock is free, the save succeeds");
	state_free(st);
	free(lock);
	free(dir);
}

static void
test_stale_tmp(void)
{
	char *dir = new_dir(), *dead, *own, *live, *old, *junk;
	struct state *st = open_quiet(dir);
	struct timespec times[2];
	pid_t child;

	child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	dead = xasprintf("%s/state.tmp.%ld", dir, (long)child);
	own = xasprintf("%s/state.tmp.%ld", dir, (long)getpid());
	live = xasprintf("%s/state.tmp.%ld", dir, (long)getppid());
	old = xasprintf("%s/state.tmp.%ld", dir, 1L);
	junk = xasprintf("%s/state.tmp.junk", dir);
	write_bytes(dead, "x", 1);
	write_bytes(own, "x", 1);
	write_bytes(live, "x", 1);
	write_bytes(old, "x", 1);
	write_bytes(junk, "x", 1);
	clock_gettime(CLOCK_REALTIME, &times[0]);
	times[0].tv_sec -= 3600;
	times[1] = times[0];
	utimensat(AT_FDCWD, old, times, 0);
	state_set_read(st, "/x", 0, true);
	is_int(save(st), 0, "save");
	ok(!exists(dead), "a dead process's temporary file is removed");
	ok(!exists(own), "our own old temporary file is removed");
	ok(!exists(old), "an hour-old one of a live process is removed");
	ok(exists(live), "a fresh one of a live process is kept");
	ok(exists(junk), "a fresh one with no process id is kept");
	state_free(st);
	free(dead);
	free(own);
	free(live);
	free(old);
	free(junk);
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
	size_t i;

	for (i = 0; i < STATE_MAX_RECORDS + 5; i++) {
		snprintf(path, sizeof path, "/many/%zu", i);
		state_set_position(st, path, 0, i + 1);
	}
	is_int(save(st), 0, "save over STATE_MAX_RECORDS records");
	is_int((long long)state_count(st), STATE_MAX_RECORDS, "it keeps the maximum");
	state_free(st);
	st = open_quiet(dir);
	is_int((long long)state_count(st), STATE_MAX_RECORDS, "and so does the file");
	ok(state_get(st, "/many/0", 0, &x) && x.position == 1, "records load");
	state_free(st);
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
	buf = state_serialize(a, &len);
	ok(memchr(buf, 0x1b, len) == NULL && memchr(buf, 0x07, len) == NULL &&
		strstr(buf, "\xE2\x80\xAE") != NULL,
	    "the file holds no control byte (the bidi override is text that loads back)");
	free(buf);

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
	test_bad_at_save();
	test_lock();
	test_bad_locked();
	test_stale_tmp();
	test_default_dir();
	test_prune();
	test_titles();
	rm_rf(root);
	free(root);
	return tap_done();
}
