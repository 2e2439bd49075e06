#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "library.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

/* Captured warnings: a stream the library writes to and the text it wrote. */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static void
capture_start(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	if (c->f == NULL) {
		printf("Bail out! open_memstream: %s\n", strerror(errno));
		exit(1);
	}
}

/* Closes the stream and returns what was written; the caller frees it. */
static char *
capture_end(struct capture *c)
{
	fclose(c->f);
	return c->buf;
}

/* The template with every '@' replaced by root, for expected paths. */
static char *
subst(const char *tmpl, const char *root)
{
	size_t rl = strlen(root), n = 0, cap = 0;
	char *out = NULL;

	for (; *tmpl != '\0'; tmpl++) {
		xgrow((void **)&out, &cap, n + rl + 2, 1);
		if (*tmpl == '@') {
			memcpy(out + n, root, rl);
			n += rl;
		} else
			out[n++] = *tmpl;
	}
	xgrow((void **)&out, &cap, n + 1, 1);
	out[n] = '\0';
	return out;
}

/* One line per entry, "path [group] flags" with root shown as '@', so a
 * whole listing is checked in order by one comparison. */
static char *
listing(const struct library *lib, const char *root)
{
	struct capture c;
	size_t rl = strlen(root), i;

	capture_start(&c);
	for (i = 0; i < lib->n; i++) {
		const struct entry *e = &lib->entries[i];

		if (strncmp(e->path, root, rl) == 0)
			fprintf(c.f, "@%s", e->path + rl);
		else
			fputs(e->path, c.f);
		fprintf(c.f, " [%s]%s%s\n", e->group, (e->flags & ENTRY_EMPTY) ? " empty" : "",
		    (e->flags & ENTRY_EXPLICIT) ? " explicit" : "");
	}
	return capture_end(&c);
}

static void
write_file(const char *root, const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", root, name);
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	free(path);
}

static void
write_text(const char *root, const char *name, const char *text)
{
	write_file(root, name, text, strlen(text));
}

static void
make_dir(const char *root, const char *name)
{
	char *path = xasprintf("%s/%s", root, name);

	if (mkdir(path, 0755) < 0) {
		printf("Bail out! mkdir %s: %s\n", path, strerror(errno));
		exit(1);
	}
	free(path);
}

static void
make_link(const char *root, const char *name, const char *target)
{
	char *path = xasprintf("%s/%s", root, name);

	if (symlink(target, path) < 0) {
		printf("Bail out! symlink %s: %s\n", path, strerror(errno));
		exit(1);
	}
	free(path);
}

static void
make_fifo(const char *root, const char *name)
{
	char *path = xasprintf("%s/%s", root, name);

	if (mkfifo(path, 0644) < 0) {
		printf("Bail out! mkfifo %s: %s\n", path, strerror(errno));
		exit(1);
	}
	free(path);
}

/* Binds a socket by a relative name from inside its folder, since
 * sun_path is too short for some temporary folders. */
static void
make_socket(const char *root, const char *name)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", name);
	if (here < 0 || s < 0 || chdir(root) < 0 ||
	    bind(s, (struct sockaddr *)&sa, sizeof sa) < 0 || fchdir(here) < 0) {
		printf("Bail out! socket %s/%s: %s\n", root, name, strerror(errno));
		exit(1);
	}
	close(s);
	close(here);
}

static void
test_natural(void)
{
	static const char *sorted[] = { "", "0", "00", "a", "a-1", "a1", "a01", "a001", "a1a",
		"a1b", "a2", "a9z", "a10", "a10b", "a99999999999999999999",
		"a123456789012345678901234567890", "b", "file 2", "file10", "x1", "x01", "x1y",
		"x01z", "z", "\xc3\xa9" };
	size_t n = sizeof sorted / sizeof *sorted, i, j, k;
	int anti = 1, zero = 1, order = 1, trans = 1;

	ok(library_natural_cmp("a2", "a10") < 0, "a2 before a10");
	ok(library_natural_cmp("a10", "a2") > 0, "a10 after a2");
	ok(library_natural_cmp("x1", "x01") < 0, "x1 before x01");
	ok(library_natural_cmp("x01", "x1") > 0, "x01 after x1");
	ok(library_natural_cmp("x01z", "x1y") > 0, "leading zeros only break ties");
	is_int(library_natural_cmp("a10b", "a10b"), 0, "equal strings compare equal");
	ok(library_natural_cmp("", "a") < 0, "empty string first");
	ok(library_natural_cmp("z", "\xc3\xa9") < 0, "bytes compare unsigned");
	ok(library_natural_cmp("a99999999999999999999", "a123456789012345678901234567890") < 0,
	    "digit runs longer than any integer");
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			int c = library_natural_cmp(sorted[i], sorted[j]);
			int d = library_natural_cmp(sorted[j], sorted[i]);

			if ((c > 0) - (c < 0) != -((d > 0) - (d < 0)))
				anti = 0;
			if ((c == 0) != (i == j))
				zero = 0;
			if ((c < 0) != (i < j)) {
				order = 0;
				tap_diag("\"%s\" vs \"%s\": %d", sorted[i], sorted[j], c);
			}
			for (k = 0; k < n; k++) {
				if (c < 0 && library_natural_cmp(sorted[j], sorted[k]) < 0 &&
				    library_natural_cmp(sorted[i], sorted[k]) >= 0)
					trans = 0;
			}
		}
	}
	ok(anti, "natural order is antisymmetric");
	ok(zero, "natural order is 0 only for equal strings");
	ok(trans, "natural order is transitive");
	ok(order, "natural order sorts the sample as expected");
}

/* The main hostile tree: every kind of thing a scan must list or skip. */
static void
build_tree(const char *root)
{
	write_text(root, "a10.txt", "Article ten\n\nbody\n");
	write_text(root, "a2.txt", "Article two\n");
	write_text(root, "a1.txt", "\n  Article   one  \n\nbody\n");
	write_text(root, "x1.txt", "x1\n");
	write_text(root, "x01.txt", "x01\n");
	write_text(root, ".hidden.txt", "hidden\n");
	make_dir(root, ".git");
	write_text(root, ".git/config", "[core]\n");
	write_file(root, "bin.dat", "abc\0def\n", 8);
	write_text(root, "empty.txt", "");
	make_fifo(root, "fifo");
	make_socket(root, "sock");
	make_link(root, "zero", "/dev/zero");
	make_link(root, "dangling", "nowhere");
	make_link(root, "self", "self");
	make_dir(root, "b");
	write_text(root, "b/x.txt", "X\n");
	make_dir(root, "b/c");
	write_text(root, "b/c/y.txt", "Y\n");
	make_link(root, "b/loop", "..");
	make_dir(root, "b2");
	write_text(root, "b2/z.txt", "Z\n");
	make_link(root, "link-to-b", "b");
}

static const char tree_listing[] = "@/a1.txt []\n"
				   "@/a2.txt []\n"
				   "@/a10.txt []\n"
				   "@/empty.txt [] empty\n"
				   "@/x1.txt []\n"
				   "@/x01.txt []\n"
				   "@/b/x.txt [b]\n"
				   "@/b/c/y.txt [b/c]\n"
				   "@/b2/z.txt [b2]\n";

static const char tree_warnings[] = "folio: @/bin.dat: skipped: binary file\n"
				    "folio: @/dangling: skipped: dangling symbolic link\n"
				    "folio: @/fifo: skipped: FIFO\n"
				    "folio: @/self: skipped: Too many levels of symbolic links\n"
				    "folio: @/sock: skipped: socket\n"
				    "folio: @/zero: skipped: device\n"
				    "folio: @/b/loop: skipped: folder already visited\n"
				    "folio: @/link-to-b: skipped: folder already visited\n";

static void
test_scan(const char *root)
{
	struct library *lib = library_create();
	struct capture c;
	char *got, *want;
	size_t i;

	build_tree(root);
	capture_start(&c);
	is_int(library_add(lib, root, c.f), 0, "scan of a hostile folder succeeds");
	got = capture_end(&c);
	want = subst(tree_warnings, root);
	is_str(got, want, "one warning per skipped item, in order");
	free(got);
	free(want);
	got = listing(lib, root);
	is_str(got, tree_listing, "natural order, files before subfolders, groups");
	free(got);
	if (lib->n == 9) {
		is_str(lib->entries[0].title, "Article one", "title from the first non-blank line");
		is_str(lib->entries[2].title, "Article ten", "title of a10.txt");
		is_int(lib->entries[2].size, 18, "size recorded");
		ok(lib->entries[2].mtime > 0, "mtime recorded");
		is_int(lib->entries[3].size, 0, "empty file has size 0");
		ok(lib->entries[3].title != NULL && lib->entries[3].title[0] != '\0',
		    "empty file still has a title");
	} else {
		for (i = 0; i < 6; i++)
			ok(0, "entries missing");
	}
	library_free(lib);

	lib = library_create();
	is_int(library_add(lib, root, NULL), 0, "scan without a warning stream");
	is_int(lib->n, 9, "same entries without a warning stream");
	library_free(lib);
}

static void
test_trailing_slash(const char *root)
{
	struct library *lib = library_create();
	char *dir = xasprintf("%s/b2/", root);
	char *got;

	is_int(library_add(lib, dir, NULL), 0, "scan of \"dir/\"");
	got = listing(lib, root);
	is_str(got, "@/b2/z.txt []\n", "no doubled slash, group relative to the root");
	free(got);
	free(dir);
	library_free(lib);
}

static void
check_explicit_fails(
    struct library *lib, const char *root, const char *name, const char *tmpl, const char *what)
{
	char *path = xasprintf("%s/%s", root, name);
	char *want = subst(tmpl, root);
	struct capture c;
	char *got;
	size_t before = lib->n;

	capture_start(&c);
	is_int(library_add(lib, path, c.f), -1, what);
	got = capture_end(&c);
	is_str(got, want, "  ... with one line saying why");
	is_int(lib->n, before, "  ... and nothing listed");
	free(got);
	free(want);
	free(path);
}

static void
test_explicit(const char *root)
{
	struct library *lib = library_create();
	struct capture c;
	char *path, *got, *want;

	capture_start(&c);
	path = xasprintf("%s/bin.dat", root);
	is_int(library_add(lib, path, c.f), 0, "explicit binary file accepted");
	free(path);
	path = xasprintf("%s/empty.txt", root);
	is_int(library_add(lib, path, c.f), 0, "explicit empty file accepted");
	free(path);
	path = xasprintf("%s/.hidden.txt", root);
	is_int(library_add(lib, path, c.f), 0, "explicit hidden file accepted");
	free(path);
	path = xasprintf("%s/b/loop/a2.txt", root);
	is_int(library_add(lib, path, c.f), 0, "explicit file through a symlink accepted");
	free(path);
	got = capture_end(&c);
	is_str(got, "", "no warnings for usable explicit files");
	free(got);
	got = listing(lib, root);
	is_str(got,
	    "@/bin.dat [] explicit\n"
	    "@/empty.txt [] empty explicit\n"
	    "@/.hidden.txt [] explicit\n"
	    "@/b/loop/a2.txt [] explicit\n",
	    "explicit files listed as named, in the order added");
	free(got);
	if (lib->n == 4) {
		ok(lib->entries[0].title != NULL, "a binary file gets a title");
		is_str(lib->entries[3].title, "Article two", "explicit title");
	} else {
		ok(0, "entries missing");
		ok(0, "entries missing");
	}

	check_explicit_fails(lib, root, "fifo", "folio: @/fifo: not a regular file or folder\n",
	    "explicit FIFO refused");
	check_explicit_fails(lib, root, "zero", "folio: @/zero: not a regular file or folder\n",
	    "explicit link to /dev/zero refused");
	check_explicit_fails(lib, root, "sock", "folio: @/sock: not a regular file or folder\n",
	    "explicit socket refused");
	check_explicit_fails(lib, root, "missing", "folio: @/missing: No such file or directory\n",
	    "missing path refused");
	check_explicit_fails(lib, root, "dangling",
	    "folio: @/dangling: No such file or directory\n", "explicit dangling link refused");
	check_explicit_fails(lib, root, "self",
	    "folio: @/self: Too many levels of symbolic links\n", "explicit symlink loop refused");

	is_int(library_add(lib, "/nonexistent-folio-test/x", NULL), -1,
	    "missing path refused without a warning stream");
	library_free(lib);

	lib = library_create();
	write_text(root, "esc.txt", "Title \033]0;pwned\007 here\n\nbody\n");
	path = xasprintf("%s/esc.txt", root);
	is_int(library_add(lib, path, NULL), 0, "file with escapes in its title");
	ok(lib->n == 1 && strchr(lib->entries[0].title, '\033') == NULL &&
		strchr(lib->entries[0].title, '\007') == NULL,
	    "  ... title has no raw controls");
	ok(lib->n == 1 && strstr(lib->entries[0].title, "Title") != NULL &&
		strstr(lib->entries[0].title, "here") != NULL,
	    "  ... title keeps its text");
	free(path);
	library_free(lib);

	lib = library_create();
	make_dir(root, "e");
	make_fifo(root, "e/f\033]0;x\007\xc2\x9b\xff");
	path = xasprintf("%s/e", root);
	capture_start(&c);
	is_int(library_add(lib, path, c.f), 0, "scan of a folder with a hostile name");
	got = capture_end(&c);
	want = subst(
	    "folio: @/e/f\xe2\x90\x9b]0;x\xe2\x90\x87<U+009B>\xef\xbf\xbd: skipped: FIFO\n", root);
	is_str(got, want, "  ... warning shows control bytes visibly");
	free(got);
	free(want);
	free(path);
	library_free(lib);
}

static void
test_unreadable(const char *root)
{
	struct library *lib;
	struct capture c;
	char *dir, *got, *want;
	int i;

	if (geteuid() == 0) {
		for (i = 0; i < 9; i++)
			ok(1, "# SKIP permissions are not enforced for root");
		return;
	}
	make_dir(root, "u");
	write_text(root, "u/ok.txt", "fine\n");
	write_text(root, "u/secret.txt", "secret\n");
	make_dir(root, "u/locked");
	write_text(root, "u/locked/inner.txt", "inner\n");
	dir = xasprintf("%s/u/secret.txt", root);
	chmod(dir, 0);
	free(dir);
	dir = xasprintf("%s/u/locked", root);
	chmod(dir, 0);
	free(dir);

	lib = library_create();
	dir = xasprintf("%s/u", root);
	capture_start(&c);
	is_int(library_add(lib, dir, c.f), 0, "scan with unreadable items succeeds");
	got = capture_end(&c);
	want = subst("folio: @/u/secret.txt: skipped: Permission denied\n"
		     "folio: @/u/locked: skipped: Permission denied\n",
	    root);
	is_str(got, want, "  ... unreadable file and folder skipped with a warning");
	free(got);
	free(want);
	got = listing(lib, root);
	is_str(got, "@/u/ok.txt []\n", "  ... the readable file listed");
	free(got);
	free(dir);
	library_free(lib);

	lib = library_create();
	check_explicit_fails(lib, root, "u/secret.txt",
	    "folio: @/u/secret.txt: Permission denied\n", "explicit unreadable file refused");
	check_explicit_fails(lib, root, "u/locked", "folio: @/u/locked: Permission denied\n",
	    "explicit unreadable folder refused");
	library_free(lib);

	dir = xasprintf("%s/u/locked", root);
	chmod(dir, 0755);
	free(dir);
}

/* A tree deeper than PATH_MAX, made with *at() calls since no single path
 * to its bottom can be opened. */
static void
test_long_path(const char *root)
{
	struct library *lib = library_create();
	char *name = xmalloc(201);
	int fd, next, i, levels = PATH_MAX / 200 + 2;
	size_t glen;
	char *dir;

	memset(name, 'd', 200);
	name[200] = '\0';
	make_dir(root, "deep");
	dir = xasprintf("%s/deep", root);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (i = 0; fd >= 0 && i < levels; i++) {
		next = -1;
		if (mkdirat(fd, name, 0755) == 0)
			next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		close(fd);
		fd = next;
	}
	if (fd >= 0) {
		next = openat(fd, "bottom.txt", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (next >= 0) {
			if (write(next, "Bottom\n", 7) != 7)
				fd = -1;
			close(next);
		}
		close(fd);
	}
	if (fd < 0) {
		printf("Bail out! cannot build a deep tree\n");
		exit(1);
	}
	is_int(library_add(lib, dir, NULL), 0, "scan of a tree deeper than PATH_MAX");
	is_int(lib->n, 1, "  ... lists the file at the bottom");
	glen = (size_t)levels * 201 - 1;
	if (lib->n == 1) {
		ok(strlen(lib->entries[0].path) > PATH_MAX, "  ... with its whole path");
		is_int(strlen(lib->entries[0].group), glen, "  ... and its whole group");
		is_str(lib->entries[0].title, "Bottom", "  ... and its title");
	} else {
		for (i = 0; i < 3; i++)
			ok(0, "entry missing");
	}
	free(name);
	free(dir);
	library_free(lib);
}

static void
test_many(const char *root)
{
	struct library *lib = library_create();
	char *dir = xasprintf("%s/many", root), *name;
	int i, sorted = 1;

	make_dir(root, "many");
	for (i = 0; i < 300; i++) {
		name = xasprintf("many/n%d.txt", (i * 7919) % 300);
		write_file(root, name, "n\n", 2);
		free(name);
	}
	make_dir(root, "empty-folder");
	is_int(library_add(lib, dir, NULL), 0, "scan of 300 files");
	is_int(lib->n, 300, "  ... all listed");
	for (i = 0; i < 300 && (size_t)i < lib->n; i++) {
		name = xasprintf("%s/n%d.txt", dir, i);
		if (strcmp(lib->entries[i].path, name) != 0)
			sorted = 0;
		free(name);
	}
	ok(sorted, "  ... in numeric order");
	free(dir);
	dir = xasprintf("%s/empty-folder", root);
	is_int(library_add(lib, dir, NULL), 0, "scan of an empty folder");
	is_int(lib->n, 300, "  ... adds nothing");
	free(dir);
	library_free(lib);
	library_free(NULL);
	ok(1, "library_free(NULL)");
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	char *root, *cmd;

	text_init();
	/* A scan that blocks on the FIFO must fail the test, not hang it. */
	alarm(60);
	root = xasprintf("%s/folio-library.XXXXXX", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(root) == NULL) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_natural();
	test_scan(root);
	test_trailing_slash(root);
	test_explicit(root);
	test_unreadable(root);
	test_long_path(root);
	test_many(root);
	cmd = xasprintf("rm -rf -- '%s'", root);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", root);
	free(cmd);
	free(root);
	return tap_done();
}
