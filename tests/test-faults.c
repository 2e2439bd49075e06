/* Unit tests of files that change under the reader: an article truncated,
 * grown, rewritten or replaced while shown (mapped or read into memory),
 * and an article that can no longer be opened at all. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "article.h"
#include "fixture.h"
#include "keymap.h"
#include "keys.h"
#include "library.h"
#include "pager.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

/* Bytes of each numbered line: "%09zu\n", so line k starts at (k-1)*10. */
#define LINE 10

static char *
temp_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/folio-faults-XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");

	if (mkdtemp(dir) == NULL)
		fatal("cannot make a folder under %s", tmp != NULL && *tmp ? tmp : "/tmp");
	return dir;
}

static void
write_fd(int fd, const char *buf, size_t len, const char *what)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n <= 0)
			fatal("cannot write %s", what);
		buf += n;
		len -= (size_t)n;
	}
}

/* Writes size bytes of numbered lines at the start of path (not truncating
 * it: a file written again in place). */
static void
write_numbered(const char *path, size_t size, int flags)
{
	char *buf = xmalloc(size + LINE);
	int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);

	for (size_t i = 0; i < size; i += LINE)
		snprintf(buf + i, LINE + 1, "%09zu\n", i / LINE + 1);
	if (fd < 0)
		fatal("cannot open %s", path);
	write_fd(fd, buf, size, path);
	close(fd);
	free(buf);
}

static void
write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		fatal("cannot open %s", path);
	write_fd(fd, text, strlen(text), path);
	close(fd);
}

/* A modification time surely other than the one a file has now, whatever
 * the file system's clock granularity. */
static void
touch_later(const char *path)
{
	struct stat st;
	struct timespec t[2];

	if (stat(path, &st) != 0)
		fatal("cannot stat %s", path);
	t[0] = st.st_atim;
	t[1] = st.st_mtim;
	t[1].tv_sec += 2;
	if (utimensat(AT_FDCWD, path, t, 0) != 0)
		fatal("cannot touch %s", path);
}

static void
cut(const char *path, size_t size)
{
	if (truncate(path, (off_t)size) != 0)
		fatal("cannot truncate %s", path);
}

/* Presses keys given by name, then lets the background work finish, as
 * the screen tests do. */
static bool
message_has(const struct app *app, const char *s)
{
	return app->message != NULL && strstr(app->message, s) != NULL;
}

/* Where N% lands in an article of numbered lines of size bytes. */
static size_t
percent_top(size_t size, int pct)
{
	size_t pos = (size_t)((double)size * (double)pct / 100.0);

	return pos / LINE * LINE;
}

static void
test_changed(const char *dir)
{
	char *small = xasprintf("%s/small.txt", dir), *big = xasprintf("%s/big.txt", dir);
	char *other = xasprintf("%s/other.txt", dir), *err = NULL;
	struct article *a, *b;

	write_text(small, "Small\n\nbody\n");
	a = article_open(small, &err);
	ok(a != NULL && a->fd < 0, "a small article is read into memory (no file kept open)");
	ok(!article_changed(a), "an article whose file is as it was has not changed");
	write_text(other, "Small\n\nbody\n");
	if (rename(other, small) != 0)
		fatal("cannot rename %s", other);
	ok(article_changed(a), "the same bytes renamed over it are another file: changed");
	article_free(a);
	a = article_open(small, &err);
	touch_later(small);
	ok(article_changed(a), "a new modification time is a change");
	article_free(a);
	a = article_open(small, &err);
	{
		int fd = open(small, O_WRONLY | O_APPEND);

		write_fd(fd, "more\n", 5, small);
		close(fd);
	}
	ok(article_changed(a), "a file grown in place has changed");
	article_free(a);
	a = article_open(small, &err);
	unlink(small);
	ok(!article_changed(a), "a deleted file has nothing newer to show: no change");
	write_text(small, "Back\n");
	ok(article_changed(a), "a file made again under the name is a change");
	article_free(a);

	write_numbered(big, 2 * ARTICLE_READ_MAX, O_TRUNC);
	a = article_open(big, &err);
	ok(a != NULL && a->fd >= 0,
	    "an article over ARTICLE_READ_MAX is mapped (its file kept open)");
	ok(!article_changed(a), "and has not changed");
	unlink(big);
	ok(!article_changed(a), "deleted, its mapping still holds every byte: no change");
	article_free(a);
	write_numbered(big, 2 * ARTICLE_READ_MAX, O_TRUNC);
	a = article_open(big, &err);
	cut(big, ARTICLE_READ_MAX);
	ok(article_changed(a), "a mapped file truncated to a smaller size has changed");
	unlink(big);
	ok(article_changed(a), "and still has once deleted: its bytes are gone all the same");
	article_free(a);
	b = article_from_buffer("buf", "text", 4);
	ok(!article_changed(b), "an article from a buffer never changes");
	article_free(b);
	unlink(other);
	unlink(small);
	free(small);
	free(big);
	free(other);
}

/* A mapped article far over the size counted at open, shown and scrolled,
 * then truncated, emptied, grown, replaced and deleted under the reader. */
static void
test_app_truncated(const char *dir)
{
	const size_t size = 20u << 20, smaller = 17u << 20, grown = 3u << 20;
	char *path = xasprintf("%s/huge.txt", dir), *fresh = xasprintf("%s/fresh.txt", dir);
	struct library *lib = library_create();
	struct keymap *km = keymap_create();
	struct app app;
	unsigned dirty;
	size_t sum = 0;

	write_numbered(path, size, O_TRUNC);
	library_add(lib, path, NULL);
	app_init(&app, lib, km, NULL, NULL);
	app_resize(&app, 24, 80);
	ok(app.zoom && app.focus == FOCUS_ARTICLE && app.pager.article != NULL &&
		app.pager.article->fd >= 0,
	    "one big file shows mapped, like a pager");
	fixture_keys(&app, "1 0 %");
	is_int((long long)app.pager.top, (long long)percent_top(size, 10), "10% goes there");
	is_int(app.pager.total_lines, (long long)(size / LINE), "and its lines are counted");
	fixture_keys(&app, "9 0 %");

	/* Truncated to a smaller size, and its lost pages read (through the
	 * SIGBUS guard) before the reader looks at the file. */
	article_guard_init();
	cut(path, smaller);
	for (size_t i = smaller; i < size; i += 4096)
		sum += (unsigned char)app.pager.article->data[i];
	ok(sum == 0, "the pages a truncation took away read as NUL bytes");
	dirty = app_watch(&app);
	ok((dirty & DIRTY_ARTICLE) && app.pager.article != NULL &&
		app.pager.article->size == smaller && app.pager.article->fd >= 0,
	    "the next look reopens the article at its new size");
	ok(message_has(&app, "changed on disk; reloaded"), "and says so");
	ok(app.pager.anchor <= smaller && pager_bottom(&app.pager) == smaller,
	    "the position past the new end is clamped: the end shows");
	ok(pager_counting(&app.pager) && app.pager.total_lines == -1,
	    "the line count starts again");
	is_int(app_watch(&app), 0, "once: the absorbed fault is not reported again");
	ok(message_has(&app, "reloaded"), "the notice stays until a key");
	fixture_keys(&app, "7 0 %");
	ok(app.message == NULL, "and goes with the next key");
	is_int((long long)app.pager.top, (long long)percent_top(smaller, 70),
	    "70% goes to 70% of what the file holds now");
	fixture_keys(&app, "j");
	is_int((long long)app.pager.top, (long long)percent_top(smaller, 70) + LINE, "j moves");
	fixture_keys(&app, "3 0 %");
	is_int((long long)app.pager.top, (long long)percent_top(smaller, 30), "30% moves up");
	fixture_keys(&app, "G");
	ok(pager_bottom(&app.pager) == smaller, "G shows the new end");
	is_int(app.pager.total_lines, (long long)(smaller / LINE + 1),
	    "the lines are counted again, the cut last one too");
	is_int(pager_line(&app.pager), (long long)(smaller / LINE + 1) - 21,
	    "and the top line's number is right");
	fixture_keys(&app, "g");
	is_int((long long)app.pager.top, 0, "g goes to the start");

	/* Truncated to nothing; the first key of 70% finds it. */
	fixture_keys(&app, "4 0 %");
	cut(path, 0);
	fixture_keys(&app, "7");
	ok(app.pager.article != NULL && app.pager.article->size == 0 && app.pager.top == 0,
	    "a key after a truncation to nothing acts on the empty file");
	ok(message_has(&app, "reloaded"), "with the notice");
	ok(strcmp(lib->entries[0].title, "huge.txt") == 0,
	    "the title is read again: an empty file is called by its name");
	fixture_keys(&app, "0 % j 3 0 % G g");
	ok(app.pager.top == 0 && pager_bottom(&app.pager) == 0 && app.pager.total_lines == 1,
	    "70%% j 30%% G g work on the empty article");

	/* Written again in place, bigger: mapped again. */
	write_numbered(path, grown, 0);
	touch_later(path);
	ok((app_watch(&app) & DIRTY_ARTICLE) && app.pager.article->size == grown,
	    "a file grown in place is reopened");
	fixture_keys(&app, "7 0 %");
	is_int((long long)app.pager.top, (long long)percent_top(grown, 70), "70% of the new size");
	fixture_keys(&app, "G");
	ok(pager_bottom(&app.pager) == grown && app.pager.total_lines == (long)(grown / LINE + 1),
	    "G reaches the new end, and the lines are counted at open");

	/* Replaced by a rename with a small file, read into memory. */
	write_text(fresh, "Fresh title\n\nA new body.\n");
	if (rename(fresh, path) != 0)
		fatal("cannot rename %s", fresh);
	ok((app_watch(&app) & DIRTY_LIST) && app.pager.article->size == 25 &&
		app.pager.article->fd < 0,
	    "a file renamed over it is shown instead");
	ok(strcmp(lib->entries[0].title, "Fresh title") == 0 && app.pager.top == 0,
	    "with its title, at its end (the old position is past it)");

	/* Deleted: what was read stays shown. */
	unlink(path);
	is_int(app_watch(&app), 0, "a deleted file is not reloaded");
	ok(app.pager.article != NULL && app.pager.article->size == 25, "and stays shown");

	/* Replaced by something that cannot be opened: what was read into
	 * memory stays shown, and the message says why. */
	if (mkfifo(path, 0600) != 0)
		fatal("cannot make a FIFO %s", path);
	app_watch(&app);
	ok(app.pager.article != NULL && app.pager.article->size == 25 && app.message != NULL &&
		strstr(app.message, "huge.txt: not a regular file") != NULL,
	    "a FIFO in its place is not read: the bytes read stay shown, and it says why");
	fixture_keys(&app, "j G");
	ok(app.pager.article != NULL && app.pager.article->size == 25,
	    "and they stay shown after more keys");
	unlink(path);

	app_free(&app);
	keymap_free(km);
	library_free(lib);
	free(path);
	free(fresh);
}

/* The folder shown is deleted; the articles that can no longer be opened
 * say why in their pane until another article opens. */
static void
test_app_vanished(const char *dir)
{
	char *gone = xasprintf("%s/gone", dir), *kept = xasprintf("%s/kept", dir);
	static const char *const names[] = { "\x1b]0;owned\x07.txt", "a1.txt", "a2.txt" };
	struct library *lib = library_create();
	struct keymap *km = keymap_create();
	struct app app;
	char *p;
	bool safe = true;

	if (mkdir(gone, 0700) != 0 || mkdir(kept, 0700) != 0)
		fatal("cannot make folders in %s", dir);
	for (size_t i = 0; i < 3; i++) {
		p = xasprintf("%s/%s", gone, names[i]);
		write_text(p, "Gone title\n\nbody\n");
		free(p);
	}
	p = xasprintf("%s/k.txt", kept);
	write_text(p, "Kept title\n\nbody\n");
	free(p);
	library_add(lib, gone, NULL);
	library_add(lib, kept, NULL);
	app_init(&app, lib, km, NULL, NULL);
	app_resize(&app, 24, 80);
	ok(lib->n == 4 && app.current == 0 && app.pager.article != NULL,
	    "four articles, the first shown");
	for (size_t i = 0; i < 3; i++) {
		p = xasprintf("%s/%s", gone, names[i]);
		unlink(p);
		free(p);
	}
	rmdir(gone);
	is_int(app_watch(&app), 0, "the article shown stays when its file is deleted");
	fixture_keys(&app, "j j Enter");
	ok(app.current == 2 && app.focus == FOCUS_ARTICLE && app.pager.article == NULL,
	    "j j Enter: the third article cannot be opened");
	ok(app.open_error != NULL && strstr(app.open_error, "a2.txt: No such file") != NULL,
	    "its pane says why");
	ok(!app.list.read[2], "an article that was never shown is not marked read");
	fixture_keys(&app, "j k G g Space");
	ok(app.message == NULL && app.open_error != NULL &&
		strstr(app.open_error, "a2.txt: No such file") != NULL,
	    "the reason stays in the pane after more keys");
	fixture_keys(&app, "Tab k k");
	ok(app.current == 0 && app.open_error != NULL, "an article with a hostile name: also");
	for (p = app.open_error; p != NULL && *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			safe = false;
	ok(safe && strstr(app.open_error, "\xE2\x90\x9B]0;owned") != NULL,
	    "the reason is safe text: its escape shows as a picture");
	fixture_keys(&app, "j j j");
	ok(app.current == 3 && app.pager.article != NULL && app.open_error == NULL,
	    "another article opens: the reason goes");
	app_free(&app);
	keymap_free(km);
	library_free(lib);
	p = xasprintf("%s/k.txt", kept);
	unlink(p);
	free(p);
	rmdir(kept);
	free(gone);
	free(kept);
}

int
main(void)
{
	char *dir;

	text_init();
	dir = temp_dir();
	test_changed(dir);
	test_app_truncated(dir);
	test_app_vanished(dir);
	if (rmdir(dir) != 0)
		tap_diag("%s was left behind", dir);
	free(dir);
	return tap_done();
}
