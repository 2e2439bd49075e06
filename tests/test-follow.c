/* Unit tests of following an article's end (F) and of rescanning the
 * collection (r, and the idle check): files grown, truncated, added,
 * changed and removed under the reader, who keeps the selection, the
 * reading position, the read flags, own titles and marks. */
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
#include "growview.h"
#include "keymap.h"
#include "library.h"
#include "listview.h"
#include "pager.h"
#include "rescanview.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

/* Bytes of each numbered line: "%09zu\n", so line k starts at (k-1)*10. */
#define LINE 10

static char *
temp_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/folio-follow-XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");

	if (mkdtemp(dir) == NULL)
		fatal("cannot make a folder under %s", tmp != NULL && *tmp ? tmp : "/tmp");
	return dir;
}

static void
write_bytes(const char *path, const char *buf, size_t len, int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);

	if (fd < 0)
		fatal("cannot open %s", path);
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n <= 0)
			fatal("cannot write %s", path);
		buf += n;
		len -= (size_t)n;
	}
	close(fd);
}

/* Appends (or with O_TRUNC writes) numbered lines from..to-1 to path. */
static void
write_lines(const char *path, size_t from, size_t to, int flags)
{
	char *buf = xmalloc((to - from) * LINE + 1);

	for (size_t i = from; i < to; i++)
		snprintf(buf + (i - from) * LINE, LINE + 1, "%09zu\n", i + 1);
	write_bytes(path, buf, (to - from) * LINE, flags);
	free(buf);
}

static void
write_text(const char *path, const char *text)
{
	write_bytes(path, text, strlen(text), O_TRUNC);
}

static bool
message_has(const struct app *app, const char *s)
{
	return app->message != NULL && strstr(app->message, s) != NULL;
}

static bool
status_has(const struct app *app, const char *s)
{
	char *st = growview_status(app);
	bool has = strstr(st, s) != NULL;

	free(st);
	return has;
}

/* The path of the entry shown, "" when none. */
static const char *
shown(const struct app *app)
{
	return app->current >= 0 ? app->lib->entries[app->current].path : "";
}

/* The path of the entry selected, "" when a header or nothing is. */
static const char *
selected(const struct app *app)
{
	long e = listview_selected_entry(&app->list);

	return e >= 0 ? app->lib->entries[e].path : "";
}

static long
entry_of(const struct app *app, const char *path)
{
	for (size_t e = 0; e < app->lib->n; e++)
		if (strcmp(app->lib->entries[e].path, path) == 0)
			return (long)e;
	return -1;
}

/* A whole sweep of library_stale. */
static bool
stale(const struct library *lib, long except)
{
	size_t next = 0;

	return library_stale(lib, except, &next, 0);
}

/* A sweep cut in slices of one file finds a change in the last file, and
 * only on the slice that looks at it. */
static void
test_sweep(const char *dir)
{
	char *top = xasprintf("%s/sweep", dir), *p[4];
	struct library *lib = library_create();
	size_t next = 0, slices = 0;
	bool found = false;

	mkdir(top, 0755);
	for (int i = 0; i < 4; i++) {
		p[i] = xasprintf("%s/%d.txt", top, i);
		write_text(p[i], "Text\n");
	}
	library_add(lib, top, NULL);
	ok(!library_stale(lib, -1, &next, 1) && next == 1,
	    "a slice of one file goes on at the next");
	ok(!library_stale(lib, -1, &next, 2) && next == 3, "a slice of two, two further");
	ok(!library_stale(lib, -1, &next, 2) && next == 0, "and the last one ends the sweep");
	write_text(p[3], "Text, longer\n");
	do {
		found = library_stale(lib, -1, &next, 1);
		slices++;
	} while (!found && next != 0);
	ok(found && slices == 4 && next == 0,
	    "the change in the last file is found by the last slice");
	ok(!stale(lib, 3) && stale(lib, -1), "an entry excepted is not looked at");
	library_free(lib);
	for (int i = 0; i < 4; i++) {
		unlink(p[i]);
		free(p[i]);
	}
	rmdir(top);
	free(top);
}

static void
test_follow_file(const char *dir)
{
	char *path = xasprintf("%s/log.txt", dir);
	struct library *lib = library_create();
	struct keymap *km = keymap_create();
	struct app app;

	write_lines(path, 0, 100, O_TRUNC);
	library_add(lib, path, NULL);
	app_init(&app, lib, km, NULL, NULL);
	app_resize(&app, 24, 80);
	ok(!status_has(&app, "following"), "the status says nothing of following at first");
	fixture_keys(&app, "F");
	ok(app.follow, "F follows");
	is_int((long long)pager_bottom(&app.pager), 100 * LINE, "and shows the end");
	ok(status_has(&app, "following (a key stops)"), "the status says it follows");

	write_lines(path, 100, 150, O_APPEND);
	ok(app_watch(&app) & DIRTY_ARTICLE, "lines appended are seen");
	is_int((long long)pager_bottom(&app.pager), 150 * LINE, "the new end shows");
	ok(app.message == NULL, "quietly: no notice while following");
	ok(app.follow, "still following");
	is_int(app_watch(&app), 0, "nothing more when nothing changed");

	write_lines(path, 0, 30, O_TRUNC);
	ok(app_watch(&app) & DIRTY_ARTICLE, "a truncation is seen");
	is_int((long long)app.pager.article->size, 30 * LINE, "the article is read again");
	is_int((long long)pager_bottom(&app.pager), 30 * LINE, "its new end shows");
	ok(message_has(&app, "shrank on disk"), "and it says the file shrank");
	ok(app.follow, "still following");

	write_text(path, "");
	app_watch(&app);
	is_int((long long)app.pager.article->size, 0, "emptied, it shows empty");
	write_lines(path, 0, 40, O_APPEND);
	app_watch(&app);
	is_int((long long)pager_bottom(&app.pager), 40 * LINE, "and grows again at its end");

	ok(app.follow, "still following");
	app_mouse(&app, 2, 40, 4);
	ok(!app.follow, "the mouse wheel stops following too");
	ok(message_has(&app, "Stopped following"), "and says so");
	is_int(
	    (long long)pager_bottom(&app.pager), 40 * LINE, "the wheel itself is taken for that");
	fixture_keys(&app, "F");
	ok(app.follow, "F follows again");

	fixture_keys(&app, "k");
	ok(!app.follow, "a key stops following");
	ok(message_has(&app, "Stopped following"), "and says so");
	is_int((long long)pager_bottom(&app.pager), 40 * LINE, "the key itself is taken for that");
	fixture_keys(&app, "g");
	write_lines(path, 40, 60, O_APPEND);
	app_watch(&app);
	is_int((long long)app.pager.top, 0, "not following, the position stays");
	ok(message_has(&app, "changed on disk; reloaded"), "and the change is said");

	/* Not a file for a moment (as an archive is while written again):
	 * the bytes read stay shown, and the file is read once it is back. */
	unlink(path);
	ok(mkfifo(path, 0600) == 0, "the file is made a FIFO");
	{
		ok(app_watch(&app) & DIRTY_STATUS, "a file that cannot be read again is said");
		ok(message_has(&app, "not a regular file"), "with why");
		is_int(app.pager.article != NULL ? (long long)app.pager.article->size : -1,
		    60 * LINE, "its bytes read before stay shown");
		is_int(app_watch(&app), 0, "and it is not tried again until it changes");
		unlink(path);
		write_lines(path, 0, 70, O_TRUNC);
		app_watch(&app);
		is_int(app.pager.article != NULL ? (long long)app.pager.article->size : -1,
		    70 * LINE, "once a file again, it is read");
	}

	app_free(&app);
	keymap_free(km);
	library_free(lib);
	unlink(path);
	free(path);
}

static void
test_follow_nothing(void)
{
	struct library *lib = library_create();
	struct keymap *km = keymap_create();
	struct app app;

	app_init(&app, lib, km, NULL, NULL);
	app_resize(&app, 24, 80);
	fixture_keys(&app, "F");
	ok(!app.follow && message_has(&app, "No article to follow"),
	    "F with nothing shown says so");
	fixture_keys(&app, "r");
	ok(message_has(&app, "Rescanned: 0 articles"), "r on an empty collection");
	app_free(&app);
	keymap_free(km);
	library_free(lib);
}

static void
test_rescan(const char *dir)
{
	char *top = xasprintf("%s/news", dir), *sub = xasprintf("%s/news/sub", dir);
	char *p[6];
	struct library *lib = library_create();
	struct keymap *km = keymap_create();
	struct app_options o = app_default_options;
	struct app app;
	size_t pos;

	mkdir(top, 0755);
	mkdir(sub, 0755);
	for (int i = 1; i <= 4; i++) {
		p[i] = xasprintf("%s/%d.txt", top, i);
		write_lines(p[i], 0, 200, O_TRUNC);
	}
	p[5] = xasprintf("%s/5.txt", sub);
	write_text(p[5], "Five\n");
	p[0] = xasprintf("%s/0.txt", top);
	library_add(lib, top, NULL);
	app_init(&app, lib, km, &o, NULL);
	app_resize(&app, 24, 80);
	is_int((long long)lib->n, 5, "five articles");
	ok(!stale(lib, -1), "nothing changed yet");
	is_int(rescanview_idle(&app, true), 0, "so the check does nothing");

	fixture_keys(&app, "j j Enter");
	is_str(shown(&app), p[3], "the third is shown");
	fixture_keys(&app, "5 0 j");
	pos = app.pager.top;
	ok(pos == 50 * LINE, "and read down to line 51");
	app_set_read(&app, (size_t)entry_of(&app, p[1]), true);
	library_set_own_title(lib, (size_t)entry_of(&app, p[2]), "My own");
	fixture_keys(&app, "m a");

	write_text(p[0], "Zero\n");
	ok(stale(lib, -1), "a file added is seen by the check");
	ok(rescanview_idle(&app, true) & DIRTY_LIST, "which rescans");
	is_int((long long)lib->n, 6, "six articles");
	is_str(lib->entries[0].path, p[0], "the new one first");
	ok(message_has(&app, "1 new, 0 gone"), "the notice says what changed");
	is_str(shown(&app), p[3], "the same article is shown");
	is_str(selected(&app), p[3], "and selected");
	is_int((long long)app.pager.top, (long long)pos, "at the same place");
	ok(app.list.read[entry_of(&app, p[1])] && !app.list.read[entry_of(&app, p[0])],
	    "the read flags went with their files");
	is_str(lib->entries[entry_of(&app, p[2])].own_title, "My own", "the own title too");
	ok(jumps_mark(&app.jumps, 'a', app.current) != NULL &&
		jumps_mark(&app.jumps, 'a', app.current)->at.pos == pos,
	    "and the mark");
	ok(!stale(lib, -1), "once rescanned, nothing is stale");
	is_int(rescanview_idle(&app, false), 0, "and the next check waits its interval");

	write_lines(p[3], 200, 210, O_APPEND);
	ok(stale(lib, -1) && !stale(lib, app.current),
	    "the file shown is left to its reader (app_watch)");
	app_watch(&app);
	ok(!stale(lib, -1), "which takes its new size and date into the list");
	is_int((long long)app.pager.top, (long long)pos, "and keeps the place");

	write_text(p[4], "Four, rewritten\n");
	ok(stale(lib, -1), "a file changed in place is seen");
	rescanview_idle(&app, true);
	is_str(lib->entries[entry_of(&app, p[4])].title, "Four, rewritten", "its new title shows");
	is_int((long long)app.pager.top, (long long)pos, "the reader stays where he was");

	unlink(p[3]);
	ok(stale(lib, -1), "a file removed is seen");
	rescanview_idle(&app, true);
	ok(message_has(&app, "0 new, 1 gone"), "and said");
	ok(entry_of(&app, p[3]) < 0, "it is gone from the list");
	is_str(selected(&app), p[4], "the next one is selected");
	is_str(shown(&app), p[4], "and shown");

	fixture_keys(&app, "Tab k");
	is_str(selected(&app), p[2], "selecting the one before");
	unlink(p[4]);
	unlink(p[5]);
	rmdir(sub);
	rescanview_idle(&app, true);
	is_str(selected(&app), p[2], "files removed elsewhere leave the selection alone");
	unlink(p[2]);
	rescanview_idle(&app, true);
	is_str(selected(&app), p[1], "the last one gone: the one before it is selected");

	app.opt.rescan_interval = 0;
	write_text(p[3], "Three again\n");
	is_int(rescanview_idle(&app, true), 0, "rescan_interval 0: no automatic check");
	fixture_keys(&app, "r");
	ok(message_has(&app, "Rescanned: 3 articles, 1 new, 0 gone"), "r rescans by hand");
	is_str(selected(&app), p[1], "keeping the selection");

	for (int i = 0; i <= 3; i++)
		unlink(p[i]);
	fixture_keys(&app, "r");
	is_int((long long)lib->n, 0, "every file gone: an empty list");
	ok(app.current == -1 && app.pager.article == NULL, "and nothing shown");
	fixture_keys(&app, "j k G F");
	ok(!app.follow, "keys on nothing do nothing");
	rmdir(top);
	fixture_keys(&app, "r");
	is_int((long long)lib->n, 0, "the folder gone too");
	mkdir(top, 0755);
	write_text(p[1], "Back\n");
	ok(stale(lib, -1), "the folder back is seen");
	app.opt.rescan_interval = 5;
	rescanview_idle(&app, true);
	is_int((long long)lib->n, 1, "with its file");
	is_str(shown(&app), p[1], "which shows");

	app_free(&app);
	keymap_free(km);
	library_free(lib);
	for (int i = 0; i <= 5; i++) {
		unlink(p[i]);
		free(p[i]);
	}
	rmdir(top);
	free(top);
	free(sub);
}

/* Folded folders stay folded, and a header selected stays selected. */
static void
test_rescan_groups(const char *dir)
{
	char *top = xasprintf("%s/groups", dir), *a = xasprintf("%s/groups/a", dir);
	char *b = xasprintf("%s/groups/b", dir), *p1 = xasprintf("%s/1.txt", a);
	char *p2 = xasprintf("%s/2.txt", b), *p3 = xasprintf("%s/3.txt", b);
	struct library *lib = library_create();
	struct keymap *km = keymap_create();
	struct app app;

	mkdir(top, 0755);
	mkdir(a, 0755);
	mkdir(b, 0755);
	write_text(p1, "One\n");
	write_text(p2, "Two\n");
	library_add(lib, top, NULL);
	app_init(&app, lib, km, NULL, NULL);
	app_resize(&app, 24, 80);
	is_int((long long)app.list.nrows, 4, "two folders of one article");
	fixture_keys(&app, "k Enter");
	ok(app.list.nrows == 3 && app.list.sel == 0, "the first folded, its header selected");
	write_text(p3, "Three\n");
	rescanview_idle(&app, true);
	is_int((long long)lib->n, 3, "a file added to the other folder");
	is_int((long long)app.list.nrows, 4, "shows there");
	ok(app.list.folded[0] && app.list.sel == 0 && app.list.rows[0].kind == ROW_GROUP,
	    "the folded folder stays folded, its header selected");
	is_str(listview_group_name(&app.list, app.list.sel), "a", "the same header");
	fixture_keys(&app, "G");
	is_str(selected(&app), p3, "the new one is last");
	unlink(p3);
	rescanview_idle(&app, true);
	is_str(selected(&app), p2, "removed, the one before it is selected");
	ok(app.list.folded[0], "the folder still folded");

	app_free(&app);
	keymap_free(km);
	library_free(lib);
	unlink(p1);
	unlink(p2);
	rmdir(a);
	rmdir(b);
	rmdir(top);
	free(top);
	free(a);
	free(b);
	free(p1);
	free(p2);
	free(p3);
}

int
main(void)
{
	char *dir;

	text_init();
	dir = temp_dir();
	test_follow_file(dir);
	test_follow_nothing();
	test_rescan(dir);
	test_rescan_groups(dir);
	test_sweep(dir);
	if (rmdir(dir) != 0)
		tap_diag("%s was left behind", dir);
	free(dir);
	return tap_done();
}
