/* Unit tests of files that change under the reader: an article that can
 * no longer be opened at all. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "article.h"
#include "keymap.h"
#include "keys.h"
#include "library.h"
#include "pager.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

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

static void
write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		fatal("cannot open %s", path);
	write_fd(fd, text, strlen(text), path);
	close(fd);
}

/* Presses keys given by name, then lets the background work finish, as
 * the screen tests do. */
static unsigned
keys(struct app *app, const char *names)
{
	char *copy = xstrdup(names), *save = NULL;
	unsigned dirty = 0;

	for (char *t = strtok_r(copy, " ", &save); t != NULL; t = strtok_r(NULL, " ", &save)) {
		dirty |= app_key(app, keys_parse(t));
		while (app_busy(app))
			dirty |= app_idle(app);
	}
	free(copy);
	return dirty;
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
	keys(&app, "j j Enter");
	ok(app.current == 2 && app.focus == FOCUS_ARTICLE && app.pager.article == NULL,
	    "j j Enter: the third article cannot be opened");
	ok(app.open_error != NULL && strstr(app.open_error, "a2.txt: No such file") != NULL,
	    "its pane says why");
	ok(!app.list.read[2], "an article that was never shown is not marked read");
	keys(&app, "j k G g Space");
	ok(app.message == NULL && app.open_error != NULL &&
		strstr(app.open_error, "a2.txt: No such file") != NULL,
	    "the reason stays in the pane after more keys");
	keys(&app, "Tab k k");
	ok(app.current == 0 && app.open_error != NULL, "an article with a hostile name: also");
	for (p = app.open_error; p != NULL && *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			safe = false;
	ok(safe && strstr(app.open_error, "\xE2\x90\x9B]0;owned") != NULL,
	    "the reason is safe text: its escape shows as a picture");
	keys(&app, "j j j");
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
	test_app_vanished(dir);
	if (rmdir(dir) != 0)
		tap_diag("%s was left behind", dir);
	free(dir);
	return tap_done();
}
