#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "article.h"
#include "copycmd.h"
#include "doc.h"
#include "keymap.h"
#include "library.h"
#include "outcmd.h"
#include "outside.h"
#include "pager.h"
#include "passage.h"
#include "prompt.h"
#include "state.h"
#include "xmalloc.h"

static char *
memdup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* The link an action is about: number count (1-based) when there is a
 * count, else the first one whose text shows on screen; NULL with a
 * message when there is none. */
static const struct doc_link *
pick_link(struct app *app, long count)
{
	const struct doc_link *links;
	size_t n = 0, top, bottom;

	if (app->pager.doc == NULL || (links = doc_links(app->pager.doc, &n)) == NULL || n == 0) {
		app_message(app, true, "The article has no links");
		return NULL;
	}
	if (count > 0) {
		if ((size_t)count > n) {
			app_message(app, true, "No link %ld: the article has %zu", count, n);
			return NULL;
		}
		return &links[count - 1];
	}
	top = app->pager.top;
	bottom = pager_bottom(&app->pager);
	for (size_t i = 0; i < n; i++)
		if (links[i].end > top && links[i].start < bottom)
			return &links[i];
	app_message(app, true, "No link on screen (a count picks link N)");
	return NULL;
}

/* Puts text (len bytes, taken over) on the clipboard: the copy_command
 * on its stdin, else an OSC 52 sequence for the terminal.  what names the
 * text in the message. */
static unsigned
copy_take(struct app *app, char *text, size_t len, const char *what)
{
	struct outside_job *j = &app->job;
	bool cut = false;

	outside_job_clear(j);
	if (app->opt.copy_command != NULL && *app->opt.copy_command != '\0') {
		j->argv = outside_argv(app->opt.copy_command, NULL);
		if (j->argv != NULL) {
			j->input = text;
			j->ninput = len;
			j->what = xstrdup(j->argv[0]);
			j->done = xasprintf("Copied %s with %s", what, j->argv[0]);
			return REQ_OUTSIDE | DIRTY_STATUS;
		}
	}
	j->tty_bytes = outside_osc52(text, len, app->opt.copy_limit, &cut, &j->ntty);
	free(text);
	if (cut)
		j->done = xasprintf("Copied %s, cut to %zu of its %zu bytes (copy_limit)", what,
		    app->opt.copy_limit, len);
	else
		j->done = xasprintf("Copied %s to the terminal's clipboard", what);
	return REQ_OUTSIDE | DIRTY_STATUS;
}

static unsigned
copy(struct app *app, const char *text, size_t len, const char *what)
{
	return copy_take(app, memdup(text, len), len, what);
}

unsigned
outcmd_copy_text(struct app *app, char *text, size_t len, const char *what)
{
	return copy_take(app, text, len, what);
}

/* Opens url with the browser, or copies it when there is none. */
static unsigned
open_url(struct app *app, const char *url)
{
	const char *browser = outside_browser(app->opt.browser);
	struct outside_job *j = &app->job;
	char **argv;

	if (browser == NULL) {
		unsigned dirty = copy(app, url, strlen(url), "the link");

		free(j->done);
		j->done = xstrdup("No browser and no display: the link was copied instead");
		return dirty;
	}
	argv = outside_argv(browser, url);
	if (argv == NULL || !outside_runnable(argv[0])) {
		app_message(
		    app, true, "Cannot run the browser '%s'", argv != NULL ? argv[0] : browser);
		outside_argv_free(argv);
		return DIRTY_STATUS;
	}
	outside_job_clear(j);
	j->argv = argv;
	j->detach = true;
	j->what = xstrdup(argv[0]);
	j->done = xasprintf("Opened with %s", argv[0]);
	return REQ_OUTSIDE | DIRTY_STATUS;
}

unsigned
outcmd_open_link(struct app *app, long count)
{
	const struct doc_link *l = pick_link(app, count);

	return l != NULL ? open_url(app, l->target) : DIRTY_STATUS;
}

unsigned
outcmd_open_link_at(struct app *app, size_t dest)
{
	const struct doc_link *links;
	size_t n = 0;

	if (app->pager.doc != NULL && (links = doc_links(app->pager.doc, &n)) != NULL)
		for (size_t i = 0; i < n; i++)
			if (links[i].start == dest)
				return open_url(app, links[i].target);
	return outcmd_open_link(app, -1);
}

unsigned
outcmd_copy_link(struct app *app, long count)
{
	const struct doc_link *l = pick_link(app, count);

	return l != NULL ? copy(app, l->target, strlen(l->target), "the link") : DIRTY_STATUS;
}

unsigned
outcmd_copy_path(struct app *app, long count)
{
	long e = app->focus == FOCUS_LIST ? listview_selected_entry(&app->list) : app->current;
	const char *path;

	if (e < 0) {
		app_message(app, true, "No article selected");
		return DIRTY_STATUS;
	}
	path = app->lib->entries[e].path;
	return copy(app, path, strlen(path), "the path");
}

static unsigned
ask(struct app *app, bool pipe)
{
	if (pipe && (app->current < 0 || app->pager.doc == NULL)) {
		app_message(app, true, "No article shown");
		return DIRTY_STATUS;
	}
	app->prompting = PROMPT_COMMAND;
	app->command_pipes = pipe;
	prompt_free(&app->prompt);
	prompt_init(&app->prompt);
	return DIRTY_STATUS;
}

unsigned
outcmd_pipe(struct app *app, long count)
{
	return ask(app, true);
}

unsigned
outcmd_shell(struct app *app, long count)
{
	return ask(app, false);
}

/* Whether a piped command line starts with a range: the key that copies
 * one after y (', `) and a mark letter, then a blank or nothing. */
static bool
marked_line(const struct app *app, const char *line)
{
	return (unsigned char)line[0] < 0x80 &&
	    keymap_lookup(app->keymap, CTX_COPY, (unsigned char)line[0]) == ACT_COPY_RANGE &&
	    state_mark_index((unsigned char)line[1]) >= 0 &&
	    (line[2] == '\0' || line[2] == ' ' || line[2] == '\t');
}

/* The source bytes of the lines from mark letter to the line at the top
 * (copycmd_marked), from the start of the source line where the first
 * begins to that of the line after the last; false with a message. */
static bool
marked_source(struct app *app, int letter, size_t *from, size_t *to)
{
	const struct doc *d = app->pager.doc;
	const struct article *a = d->source;
	struct passage p;

	if (!copycmd_marked(app, letter, &p))
		return false;
	*from = passage_line_start(a->data, a->size, doc_source_pos(d, p.start));
	*to = p.end >= d->view->size
	    ? a->size
	    : passage_line_start(a->data, a->size, doc_source_pos(d, p.end));
	return true;
}

unsigned
outcmd_prompt_accept(struct app *app)
{
	struct outside_job *j = &app->job;
	const char *line = app->prompt.text;
	size_t from = 0, to = 0;

	if (line[strspn(line, " \t")] == '\0')
		return DIRTY_STATUS;
	if (app->command_pipes && app->pager.doc != NULL) {
		to = app->pager.doc->source->size;
		if (marked_line(app, line)) {
			if (!marked_source(app, (unsigned char)line[1], &from, &to))
				return DIRTY_STATUS;
			line += 2;
			line += strspn(line, " \t");
			if (*line == '\0') {
				app_message(app, true, "No command to pipe the lines to");
				return DIRTY_STATUS;
			}
		}
	}
	outside_job_clear(j);
	j->argv = outside_shell_argv(line);
	j->terminal = true;
	j->wait_key = true;
	j->what = xstrdup(line);
	if (app->command_pipes && app->pager.doc != NULL) {
		const struct article *a = app->pager.doc->source;

		j->input = memdup(a->data + from, to - from);
		j->ninput = to - from;
	}
	return REQ_OUTSIDE | DIRTY_STATUS;
}

unsigned
outcmd_edit(struct app *app, long count)
{
	const char *ed = getenv("VISUAL");
	struct outside_job *j = &app->job;
	long line;
	char **argv;
	size_t n = 0;

	if (app->current < 0) {
		app_message(app, true, "No article shown");
		return DIRTY_STATUS;
	}
	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || *ed == '\0')
		ed = "vi";
	line = pager_line(&app->pager);
	argv = outside_argv(ed, NULL);
	if (argv == NULL) {
		app_message(app, true, "No editor: VISUAL and EDITOR are blank");
		return DIRTY_STATUS;
	}
	while (argv[n] != NULL)
		n++;
	argv = xreallocarray(argv, n + 3, sizeof *argv);
	argv[n++] = xasprintf("+%ld", line > 0 ? line : 1);
	argv[n++] = xstrdup(app_current_path(app));
	argv[n] = NULL;
	outside_job_clear(j);
	j->argv = argv;
	j->terminal = true;
	j->what = xstrdup(argv[0]);
	return REQ_OUTSIDE | DIRTY_STATUS;
}

unsigned
outcmd_done(struct app *app, int status, const char *err)
{
	struct outside_job *j = &app->job;

	if (status < 0)
		app_message(app, true, "%s", err != NULL ? err : "the command failed");
	else if (status == 127 && !j->detach)
		app_message(app, true, "%s: command not found", j->what);
	else if (status != 0)
		app_message(app, true, "%s: exit status %d", j->what, status);
	else if (j->done != NULL)
		app_message(app, false, "%s", j->done);
	outside_job_clear(j);
	return DIRTY_ALL | app_watch(app);
}
