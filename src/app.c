#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "article.h"
#include "copycmd.h"
#include "doc.h"
#include "docview.h"
#include "readview.h"
#include "growview.h"
#include "help.h"
#include "keymap.h"
#include "keys.h"
#include "library.h"
#include "listcmd.h"
#include "outcmd.h"
#include "searchcmd.h"
#include "markview.h"
#include "rescanview.h"
#include "savecmd.h"
#include "sortview.h"
#include "state.h"
#include "text.h"
#include "timing.h"
#include "xmalloc.h"

#define COUNT_MAX 999999999L
#define WHEEL_LINES 3
/* Work done in each idle slice between keys (microseconds).  Handlers only
 * start searches; the ui runs the slices, first right after a key unless
 * more keys are already waiting, so typing ahead never waits on a search. */
#define IDLE_BUDGET_US 10000
/* Counting the lines of a huge article is worth less than a key: its
 * slices are shorter. */
#define COUNT_BUDGET_US 2000
/* How often the reading state is saved while reading (microseconds). */
#define SAVE_EVERY_US 30000000L
/* How often the narrowing list is redrawn while a collection search runs. */
#define REFILTER_US 50000L

const struct app_options app_default_options = {
	.sources_width = 32,
	.text_width = 0,
	.center = true,
	.split_min_cols = 80,
	.search_wrap = true,
	.search_incremental = true,
	.search = { .case_mode = SEARCH_SMART, .ignore_accents = false },
	.remember_position = true,
	.mark_read = MARK_READ_OPEN,
	.max_render = DOC_MAX_RENDER,
	.link_numbers = true,
	.styles = true,
	.browser = "",
	.copy_command = "",
	.copy_limit = 64u << 10,
	.rescan_interval = 5,
	.layout = { .reflow = LAYOUT_REFLOW_AUTO, .chop = false, .hang = true },
	.reading_speed = 230,
};

typedef unsigned (*handler_fn)(struct app *app, long count);

void
app_message(struct app *app, bool error, const char *fmt, ...)
{
	va_list ap;

	free(app->message);
	va_start(ap, fmt);
	app->message = xvasprintf(fmt, ap);
	va_end(ap);
	app->message_is_error = error;
}

const char *
app_current_path(const struct app *app)
{
	return app->lib->entries[app->current].path;
}

/* Puts the reading position of the shown article into the state. */
static void
keep_position(struct app *app)
{
	if (app->state != NULL && app->current >= 0 && app->pager.article != NULL &&
	    app->opt.remember_position)
		state_set_position(
		    app->state, app_current_path(app), app->fp, pager_source_pos(&app->pager));
}

void
app_set_read(struct app *app, size_t e, bool read)
{
	app->list.read[e] = read;
	app->read_known[e] = true;
	if (app->state != NULL)
		state_set_read(app->state, app->lib->entries[e].path,
		    (long)e == app->current ? app->fp : 0, read);
}

bool
app_is_read(struct app *app, size_t e)
{
	struct state_article rec;

	if (!app->read_known[e]) {
		app->read_known[e] = true;
		if (app->state != NULL && state_get(app->state, app->lib->entries[e].path, 0, &rec))
			app->list.read[e] = rec.read;
	}
	return app->list.read[e];
}

static unsigned long long
fingerprint(const struct article *a)
{
	return state_fingerprint(
	    a->size, a->data, a->size < STATE_HEAD_BYTES ? a->size : STATE_HEAD_BYTES);
}

/* Takes the shown article's record from the state: where it was left, its
 * marks, and whether it was read (found by content when it moved). */
static size_t
restore(struct app *app, const struct article *a)
{
	struct state_article rec;

	app->fp = fingerprint(a);
	if (app->state == NULL || !state_get(app->state, app_current_path(app), app->fp, &rec))
		return 0;
	app->list.read[app->current] = rec.read;
	app->read_known[app->current] = true;
	for (int i = 0; i < STATE_MARKS; i++)
		if (rec.mark_set & (UINT64_C(1) << i))
			jumps_set_mark(&app->jumps, (char)state_mark_letter(i),
			    (struct position){ app->current, rec.marks[i] });
	return app->opt.remember_position && rec.position < a->size ? rec.position : 0;
}

/* The article shown could not be opened (again), for the reason err
 * (freed here): the pane is emptied and says why until another opens. */
static unsigned
open_failed(struct app *app, char *err)
{
	pager_clear(&app->pager);
	/* No bytes, no fingerprint: nothing read or set here is filed under
	 * the content of the article shown before. */
	app->fp = 0;
	free(app->open_error);
	app->open_error = article_safe_line(err, strlen(err));
	app_message(app, true, "%s", app->open_error);
	free(err);
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

/* Shows entry e in the article pane, opening its file again even when it
 * is the one shown. */
static unsigned
open_article(struct app *app, long e)
{
	struct article *a;
	struct doc *d;
	struct doc_options o;
	char *err = NULL;
	size_t pos;

	keep_position(app);
	/* Lowercase marks belong to their article; with a state they are read
	 * again from it when the article is shown. */
	if (app->state != NULL)
		jumps_forget_local(&app->jumps);
	app->current = e;
	menuview_close(&app->menu);
	/* The search stays, but its state belonged to the other article. */
	finder_clear(&app->finder);
	a = library_open(app->lib, (size_t)e, true, &err);
	if (a == NULL)
		return open_failed(app, err);
	article_find_title(a, app->lib->skip);
	free(app->open_error);
	app->open_error = NULL;
	pos = restore(app, a);
	app_doc_options(app, &o);
	d = doc_open(a, &o);
	pager_open_doc(&app->pager, d, 0);
	pager_goto_source(&app->pager, pos);
	if (d->notice != NULL)
		app_message(app, false, "%s", d->notice);
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

unsigned
app_show_entry(struct app *app, long e)
{
	if (e < 0 || (size_t)e >= app->lib->n || e == app->current)
		return 0;
	return open_article(app, e);
}

unsigned
app_reload(struct app *app)
{
	struct article *a;
	struct doc_options o;
	char *err = NULL;
	size_t src = pager_source_pos(&app->pager);

	/* The search's positions and article belonged to the old bytes. */
	finder_clear(&app->finder);
	menuview_close(&app->menu);
	a = library_open(app->lib, (size_t)app->current, true, &err);
	if (a == NULL)
		return open_failed(app, err) | DIRTY_LIST;
	/* A decoded file is decoded again as far as the reader was. */
	while (a->size <= src && article_feed_ready(a) && article_feed(a, 20000))
		;
	article_find_title(a, app->lib->skip);
	/* Shown as it was: rendered or raw. */
	doc_options_of(app->pager.doc, &o);
	o.width = app->pager.text_cols;
	pager_reload_doc(&app->pager, doc_open(a, &o));
	app->fp = fingerprint(a);
	if (app->origin > app->pager.article->size)
		app->origin = app->pager.article->size;
	library_retitle(app->lib, (size_t)app->current, a->data, a->size);
	growview_reloaded(app);
	return DIRTY_ARTICLE | DIRTY_STATUS | DIRTY_LIST;
}

unsigned
app_watch(struct app *app)
{
	/* A fault means some article's pages went away, most likely the shown
	 * one's; its stat tells (a scan reads other articles). */
	bool faulted = article_guard_tripped();

	if (app->current >= 0 && app->pager.doc != NULL && article_changed(app->pager.doc->source))
		return app_reload(app);
	if (!faulted)
		return 0;
	app_message(app, true, "An article changed on disk while it was read");
	return DIRTY_STATUS;
}

/* Marks the shown article read once the reader has opened it, when that is
 * what the configuration asks for. */
static unsigned
note_opened(struct app *app)
{
	if (app->current < 0 || app->pager.article == NULL ||
	    app->opt.mark_read != MARK_READ_OPEN || app_is_read(app, (size_t)app->current))
		return 0;
	app_set_read(app, (size_t)app->current, true);
	return DIRTY_LIST;
}

/* Marks the shown article read once its end has been on the screen, when
 * that is what the configuration asks for. */
static unsigned
note_end(struct app *app)
{
	if (app->current < 0 || app->opt.mark_read != MARK_READ_END || app->pager.article == NULL ||
	    app_is_read(app, (size_t)app->current) ||
	    pager_bottom(&app->pager) < app->pager.article->size)
		return 0;
	app_set_read(app, (size_t)app->current, true);
	return DIRTY_LIST;
}

/* Selects entry e in the list and shows it, read if the article pane has
 * the focus. */
static unsigned
open_entry(struct app *app, long e)
{
	unsigned dirty;

	listview_select_entry(&app->list, (size_t)e);
	dirty = app_show_entry(app, e) | DIRTY_LIST | DIRTY_STATUS;
	if (app->focus == FOCUS_ARTICLE)
		dirty |= note_opened(app);
	return dirty;
}

static unsigned
relayout(struct app *app)
{
	return app_resize(app, app->panes.rows, app->panes.cols);
}

static unsigned
set_focus(struct app *app, enum focus f)
{
	unsigned dirty = DIRTY_LIST | DIRTY_ARTICLE | DIRTY_STATUS;

	if (f == FOCUS_LIST && app->zoom)
		app->zoom = false;
	app->focus = f;
	if (f == FOCUS_ARTICLE)
		dirty |= note_opened(app);
	return dirty | relayout(app);
}

/* Moves the list selection and shows what it lands on. */
static unsigned
list_moved(struct app *app, bool moved)
{
	if (!moved)
		return 0;
	return DIRTY_LIST | DIRTY_STATUS | app_show_entry(app, listview_selected_entry(&app->list));
}

static unsigned
pager_moved(bool moved)
{
	return moved ? DIRTY_ARTICLE | DIRTY_STATUS : 0;
}

static bool
in_list(const struct app *app)
{
	return app->focus == FOCUS_LIST;
}

static unsigned
scroll(struct app *app, long n)
{
	if (app->help)
		return pager_scroll(&app->help_pager, n) ? DIRTY_ALL : 0;
	if (in_list(app))
		return list_moved(app, listview_move(&app->list, n));
	return pager_moved(pager_scroll(&app->pager, n));
}

static long
page(const struct app *app)
{
	return app->panes.body_rows > 1 ? app->panes.body_rows : 1;
}

static unsigned
h_none(struct app *app, long count)
{
	return 0;
}

static unsigned
h_quit(struct app *app, long count)
{
	return REQ_QUIT;
}

static unsigned
h_redraw(struct app *app, long count)
{
	return REQ_REDRAW | DIRTY_ALL;
}

static unsigned
h_suspend(struct app *app, long count)
{
	return REQ_SUSPEND | DIRTY_ALL;
}

static unsigned
h_help(struct app *app, long count)
{
	char *text = help_text(app->keymap);
	struct article *a = article_from_buffer("help", text, strlen(text));

	free(text);
	app->help = true;
	pager_init(&app->help_pager);
	pager_resize(&app->help_pager, app->panes.body_rows, app->panes.cols);
	pager_open(&app->help_pager, a, 0);
	return DIRTY_ALL;
}

static unsigned
h_line_down(struct app *app, long count)
{
	return scroll(app, count > 0 ? count : 1);
}

static unsigned
h_line_up(struct app *app, long count)
{
	return scroll(app, -(count > 0 ? count : 1));
}

static unsigned
h_page_down(struct app *app, long count)
{
	return scroll(app, count > 0 ? count : page(app));
}

static unsigned
h_page_up(struct app *app, long count)
{
	return scroll(app, -(count > 0 ? count : page(app)));
}

static unsigned
h_half_down(struct app *app, long count)
{
	return scroll(app, count > 0 ? count : (page(app) + 1) / 2);
}

static unsigned
h_half_up(struct app *app, long count)
{
	return scroll(app, -(count > 0 ? count : (page(app) + 1) / 2));
}

static unsigned
h_top(struct app *app, long count)
{
	if (app->help)
		return pager_goto(&app->help_pager, 0) ? DIRTY_ALL : 0;
	if (!in_list(app))
		app_record_jump(app);
	if (in_list(app))
		return list_moved(
		    app, listview_select_row(&app->list, count > 0 ? (size_t)count - 1 : 0));
	if (count > 0)
		return pager_moved(pager_goto_line(&app->pager, count));
	return pager_moved(pager_goto(&app->pager, 0));
}

static unsigned
h_bottom(struct app *app, long count)
{
	if (app->help)
		return pager_goto_end(&app->help_pager) ? DIRTY_ALL : 0;
	if (!in_list(app))
		app_record_jump(app);
	if (in_list(app))
		return list_moved(app,
		    listview_select_row(&app->list, count > 0 ? (size_t)count - 1 : (size_t)-1));
	if (count > 0)
		return pager_moved(pager_goto_line(&app->pager, count));
	return growview_end(app);
}

static unsigned
h_percent(struct app *app, long count)
{
	long pct = count > 0 ? count : 0;

	if (!in_list(app))
		app_record_jump(app);
	if (in_list(app)) {
		size_t n = app->list.nrows;

		return list_moved(app,
		    listview_select_row(&app->list,
			n == 0
			    ? 0
			    : (size_t)((double)(n - 1) * (double)(pct > 100 ? 100 : pct) / 100.0)));
	}
	return pager_moved(pager_goto_percent(&app->pager, pct));
}

static unsigned
h_toggle_group(struct app *app, long count)
{
	return listview_toggle_group(&app->list) ? DIRTY_LIST | DIRTY_STATUS : 0;
}

static unsigned
h_open(struct app *app, long count)
{
	long e = listview_selected_entry(&app->list);

	if (e < 0)
		return h_toggle_group(app, count);
	/* Enter on an article that could not be opened tries again. */
	if (e == app->current && app->open_error != NULL)
		return open_article(app, e) | set_focus(app, FOCUS_ARTICLE);
	return app_show_entry(app, e) | set_focus(app, FOCUS_ARTICLE);
}

static unsigned
h_focus_next(struct app *app, long count)
{
	return set_focus(app, app->focus == FOCUS_LIST ? FOCUS_ARTICLE : FOCUS_LIST);
}

static unsigned
h_focus_list(struct app *app, long count)
{
	return set_focus(app, FOCUS_LIST);
}

static unsigned
h_focus_article(struct app *app, long count)
{
	return set_focus(app, FOCUS_ARTICLE);
}

/* Opens the article n entries after (before, n < 0) the current one. */
static unsigned
step_article(struct app *app, long n)
{
	long e = app->current >= 0 ? app->current : 0;
	long target = app->lib->n > 0 ? (long)listview_step(&app->list, (size_t)e, n, false) : 0;

	if (target == app->current) {
		app_message(app, false, n > 0 ? "Last article" : "First article");
		return DIRTY_STATUS;
	}
	app_record_jump(app);
	return open_entry(app, target);
}

static unsigned
h_next_article(struct app *app, long count)
{
	return step_article(app, count > 0 ? count : 1);
}

static unsigned
h_prev_article(struct app *app, long count)
{
	return step_article(app, -(count > 0 ? count : 1));
}

static unsigned
h_zoom(struct app *app, long count)
{
	app->zoom = !app->zoom;
	if (app->zoom)
		app->focus = FOCUS_ARTICLE;
	return DIRTY_ALL | relayout(app);
}

static unsigned
resize_split(struct app *app, int delta)
{
	int w = app->opt.sources_width + delta;

	/* The same limits app_resize keeps to. */
	if (w < 8 || w > app->panes.cols / 2)
		return 0;
	app->opt.sources_width = w;
	return DIRTY_ALL | relayout(app);
}

static unsigned
h_split_wider(struct app *app, long count)
{
	return resize_split(app, (int)(count > 0 && count < 1000 ? count : 4));
}

static unsigned
h_split_narrower(struct app *app, long count)
{
	return resize_split(app, -(int)(count > 0 && count < 1000 ? count : 4));
}

static struct search_pattern *
compile(const struct app *app, const char *text)
{
	return search_compile(text, strlen(text), &app->opt.search);
}

struct position
app_here(const struct app *app)
{
	return (struct position){ app->current, pager_source_pos(&app->pager) };
}

void
app_record_jump(struct app *app)
{
	if (app->current >= 0)
		jumps_record(&app->jumps, app_here(app));
}

unsigned
app_go_to(struct app *app, struct position p)
{
	unsigned dirty = 0;

	if (p.entry != app->current)
		dirty |= open_entry(app, p.entry);
	pager_goto_source(&app->pager, p.pos);
	return dirty | DIRTY_ARTICLE | DIRTY_STATUS;
}

/* Acts on what a finder slice reported. */
static unsigned finder_events(struct app *app, unsigned ev);

static unsigned
run_finder(struct app *app, long budget)
{
	if (!finder_busy(&app->finder))
		return 0;
	return finder_events(app, finder_work(&app->finder, budget));
}

/* Starts a search of the shown article for text from pos. */
static unsigned
start_search(struct app *app, const char *text, bool backward, size_t pos)
{
	if (app->pager.article == NULL)
		return 0;
	finder_start(&app->finder, app->pager.article, compile(app, text), backward, pos,
	    app->opt.search_wrap && !app->filtered);
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

/* Opens the next (or previous) article of the filtered list and its first
 * (or last) match: n and N walk on through the collection. */
static unsigned
cross_article(struct app *app, bool backward)
{
	const size_t *hits = app->scan.hits;
	long n = (long)app->lib->n, e = app->current, c,
	     r = (long)listview_rank(&app->list, (size_t)e);
	unsigned dirty;

	if (hits == NULL || app->last_pattern == NULL || e < 0)
		return 0;
	for (long i = 1; i <= n; i++) {
		if (hits[c = (long)app->list.order[((r + (backward ? -i : i)) % n + n) % n]] == 0)
			continue;
		if (backward ? (long)listview_rank(&app->list, (size_t)c) > r
			     : (long)listview_rank(&app->list, (size_t)c) < r)
			app_message(app, false, "Search wrapped around the collection");
		dirty = open_entry(app, c);
		return dirty |
		    start_search(
			app, app->last_pattern, backward, backward ? app->pager.article->size : 0);
	}
	return 0;
}

static unsigned
finder_events(struct app *app, unsigned ev)
{
	unsigned dirty = 0;

	if (ev & FINDER_FOUND) {
		app->not_found = false;
		pager_reveal(&app->pager, app->finder.cur_start);
		dirty |= DIRTY_ARTICLE | DIRTY_STATUS;
	}
	if ((ev & FINDER_WRAPPED) && app->prompting == PROMPT_NONE) {
		app_message(app, false,
		    app->finder.backward ? "Search wrapped to the end"
					 : "Search wrapped to the start");
		dirty |= DIRTY_STATUS;
	}
	if (ev & FINDER_NOT_FOUND) {
		if (app->prompting == PROMPT_ARTICLE) {
			app->not_found = true;
			pager_goto(&app->pager, app->origin);
		} else {
			searchcmd_not_found(app, app->finder.pat);
		}
		dirty |= DIRTY_ARTICLE | DIRTY_STATUS;
	}
	if (ev & FINDER_AT_END) {
		if (app->filtered && app->prompting == PROMPT_NONE)
			dirty |= cross_article(app, app->finder.backward);
		else {
			app_message(app, false, "No more matches");
			if (app->prompting == PROMPT_ARTICLE && !app->finder.have_cur) {
				app->not_found = true;
				pager_goto(&app->pager, app->origin);
			}
		}
		dirty |= DIRTY_STATUS | DIRTY_ARTICLE;
	}
	if (ev & FINDER_COUNTED)
		dirty |= DIRTY_STATUS;
	return dirty;
}

/* The list shows the articles the scan has found so far. */
static unsigned
refilter(struct app *app)
{
	listview_set_hits(&app->list, app->scan.listed, app->scan.in_title, app->scan.snippets);
	return DIRTY_LIST | DIRTY_STATUS | list_moved(app, true);
}

static unsigned
run_scan(struct app *app, long budget)
{
	long now;

	if (!scan_busy(&app->scan))
		return 0;
	app->scan_pending |= scan_work(&app->scan, app->lib, budget);
	now = timing_now_us();
	/* The list is rebuilt and redrawn a few times a second while results
	 * come in, not after every slice, and once more at the end. */
	if (!scan_busy(&app->scan) ||
	    (app->scan_pending && now - app->scan_shown_us >= REFILTER_US)) {
		app->scan_pending = false;
		app->scan_shown_us = now;
		return refilter(app);
	}
	return DIRTY_STATUS;
}

unsigned
app_idle(struct app *app)
{
	struct pager *pg = &app->pager;
	size_t was = pg->nindexed, k = pg->top / PAGER_INDEX_STEP;

	if (growview_busy(app) && (app->feed_wait || !app_searching(app)))
		return growview_idle(app, app->feed_wait ? IDLE_BUDGET_US : COUNT_BUDGET_US);
	if (finder_busy(&app->finder))
		return run_finder(app, IDLE_BUDGET_US);
	if (scan_busy(&app->scan))
		return run_scan(app, IDLE_BUDGET_US);
	/* The status gains the top's line number when the count passes it,
	 * and the total when the count ends. */
	if (pager_counting(pg))
		return pager_count_lines(pg, COUNT_BUDGET_US) || (k >= was && k < pg->nindexed)
		    ? DIRTY_STATUS
		    : 0;
	/* A long line at the top is laid out on towards its end, which
	 * changes nothing on the screen but makes a jump into it free. */
	if (pager_warming(pg))
		pager_warm(pg, COUNT_BUDGET_US);
	return 0;
}

bool
app_searching(const struct app *app)
{
	return finder_busy(&app->finder) || scan_busy(&app->scan);
}

bool
app_busy(const struct app *app)
{
	return app_searching(app) || pager_counting(&app->pager) || pager_warming(&app->pager) ||
	    growview_busy(app);
}

void
app_history_add(struct app *app, const char *pattern)
{
	if (*pattern == '\0')
		return;
	for (size_t i = 0; i < app->nhistory; i++)
		if (strcmp(app->history[i], pattern) == 0) {
			free(app->history[i]);
			memmove(app->history + i, app->history + i + 1,
			    (app->nhistory - i - 1) * sizeof *app->history);
			app->nhistory--;
			break;
		}
	if (app->nhistory == STATE_HISTORY_MAX) {
		free(app->history[0]);
		memmove(app->history, app->history + 1, (app->nhistory - 1) * sizeof *app->history);
		app->nhistory--;
	}
	xgrow((void **)&app->history, &app->caphistory, app->nhistory + 1, sizeof *app->history);
	app->history[app->nhistory++] = xstrdup(pattern);
	if (app->state != NULL)
		state_history_add(app->state, pattern);
}

static unsigned
open_prompt(struct app *app, bool backward)
{
	app->prompting = in_list(app) ? PROMPT_LIST : PROMPT_ARTICLE;
	app->prompt_backward = backward && app->prompting == PROMPT_ARTICLE;
	prompt_free(&app->prompt);
	prompt_init(&app->prompt);
	app->origin = app->pager.top;
	app->origin_entry = listview_selected_entry(&app->list);
	app->not_found = false;
	if (app->prompting == PROMPT_LIST) {
		scan_clear(&app->scan);
		app->filtered = false;
		listview_set_filter(&app->list, NULL);
	}
	return DIRTY_STATUS | DIRTY_LIST;
}

static unsigned
h_search_forward(struct app *app, long count)
{
	return open_prompt(app, false);
}

static unsigned
h_search_backward(struct app *app, long count)
{
	return open_prompt(app, true);
}

/* n and N: the next match in the direction of the last search (N: the
 * other one), starting the search again if the article changed. */
static unsigned
search_again(struct app *app, bool reverse)
{
	bool backward = app->last_backward != reverse;

	if (app->last_pattern == NULL) {
		app_message(app, true, "No previous search");
		return DIRTY_STATUS;
	}
	if (app->pager.article == NULL)
		return 0;
	app_record_jump(app);
	if (app->finder.pat == NULL || app->finder.a != app->pager.article)
		return start_search(app, app->last_pattern, backward,
		    backward ? pager_bottom(&app->pager) : app->pager.top);
	finder_step(&app->finder, backward, app->pager.top);
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

static unsigned
h_search_next(struct app *app, long count)
{
	return search_again(app, false);
}

static unsigned
h_search_prev(struct app *app, long count)
{
	return search_again(app, true);
}

static unsigned
h_para_next(struct app *app, long count)
{
	bool moved = false;

	for (long i = 0; i < (count > 0 ? count : 1); i++)
		moved |= pager_paragraph(&app->pager, 1);
	return pager_moved(moved);
}

static unsigned
h_para_prev(struct app *app, long count)
{
	bool moved = false;

	for (long i = 0; i < (count > 0 ? count : 1); i++)
		moved |= pager_paragraph(&app->pager, -1);
	return pager_moved(moved);
}

/* Opens the next (previous) unread article, in list order. */
static unsigned
step_unread(struct app *app, int dir)
{
	size_t e = app->current >= 0 ? (size_t)app->current : 0, next;

	while (app->lib->n > 0 && (next = listview_step(&app->list, e, dir, false)) != e)
		if (!app_is_read(app, e = next)) {
			app_record_jump(app);
			return app_go_to(app, (struct position){ (long)e, 0 });
		}
	app_message(app, false, dir > 0 ? "No unread article below" : "No unread article above");
	return DIRTY_STATUS;
}

static unsigned
h_next_unread(struct app *app, long count)
{
	return step_unread(app, 1);
}

static unsigned
h_prev_unread(struct app *app, long count)
{
	return step_unread(app, -1);
}

unsigned
app_save(struct app *app, bool force)
{
	long now = timing_now_us();
	char *err = NULL;

	if (app->state == NULL)
		return 0;
	keep_position(app);
	if (!force && now - app->last_save_us < SAVE_EVERY_US)
		return 0;
	app->last_save_us = now;
	if (!state_dirty(app->state))
		return 0;
	if (state_save(app->state, &err) == 0 && err == NULL) {
		app->save_warned = false;
		return 0;
	}
	if (err == NULL || app->save_warned) {
		free(err);
		return 0;
	}
	app->save_warned = true;
	app_message(app, true, "%s", err);
	free(err);
	return DIRTY_STATUS;
}

/* Starts counting text's matches in every article, as each is shown. */
static void
start_scan(struct app *app, const char *text)
{
	struct doc_options o;

	app_doc_options(app, &o);
	scan_start_indexed(&app->scan, app->lib, text, &app->opt.search, compile(app, text), &o);
}

/* The prompts that are no search: what Enter and Esc do in them. */
static const struct {
	unsigned (*accept)(struct app *app);
	unsigned (*cancel)(struct app *app);
} asks[] = {
	[PROMPT_TITLE] = { .accept = listcmd_title_accept },
	[PROMPT_COMMAND] = { .accept = outcmd_prompt_accept },
	[PROMPT_SAVE] = { .accept = savecmd_accept, .cancel = savecmd_cancel },
};

/* The pattern being typed changed: search again from where it started. */
unsigned
app_prompt_changed(struct app *app)
{
	const char *text = app->prompt.text;

	if (asks[app->prompting].accept != NULL)
		return DIRTY_STATUS;
	if (app->prompting == PROMPT_LIST) {
		if (*text == '\0') {
			scan_clear(&app->scan);
			listview_set_filter(&app->list, NULL);
			return DIRTY_LIST | DIRTY_STATUS;
		}
		start_scan(app, text);
		return refilter(app);
	}
	if (!app->opt.search_incremental)
		return DIRTY_STATUS;
	app->not_found = false;
	if (*text == '\0') {
		finder_clear(&app->finder);
		pager_goto(&app->pager, app->origin);
		return DIRTY_ARTICLE | DIRTY_STATUS;
	}
	pager_goto(&app->pager, app->origin);
	return start_search(app, text, app->prompt_backward,
	    app->prompt_backward ? pager_bottom(&app->pager) : app->origin);
}

static unsigned
p_accept(struct app *app, long count)
{
	enum prompting kind = app->prompting;
	char *text = xstrdup(app->prompt.text);
	unsigned dirty = DIRTY_STATUS | DIRTY_LIST;

	bool repeat = *text == '\0';

	app->prompting = PROMPT_NONE;
	if (asks[kind].accept != NULL) {
		free(text);
		return asks[kind].accept(app);
	}
	if (repeat) {
		if (app->last_pattern == NULL) {
			free(text);
			app_message(app, true, "No previous search");
			return dirty;
		}
		free(text);
		text = xstrdup(app->last_pattern);
	}
	app_history_add(app, text);
	free(app->last_pattern);
	app->last_pattern = text;
	if (kind == PROMPT_LIST) {
		long e;

		if (app->scan.pat == NULL || strcmp(app->prompt.text, text) != 0)
			start_scan(app, text);
		/* Enter opens the first hit: scan until there is one. */
		while (scan_busy(&app->scan) && app->scan.matched == 0)
			scan_work(&app->scan, app->lib, IDLE_BUDGET_US);
		app->filtered = true;
		app->last_backward = false;
		dirty |= refilter(app);
		e = listview_selected_entry(&app->list);
		if (e < 0 || app->scan.listed[e] == 0) {
			if (!scan_busy(&app->scan) && app->scan.matched == 0)
				searchcmd_not_found(app, app->scan.pat);
			return dirty;
		}
		dirty |= app_show_entry(app, e) | set_focus(app, FOCUS_ARTICLE);
		return dirty | start_search(app, text, false, 0);
	}
	app->last_backward = app->prompt_backward;
	if (repeat || !app->opt.search_incremental || app->finder.pat == NULL || app->not_found)
		dirty |= start_search(app, text, app->last_backward,
		    app->last_backward ? pager_bottom(&app->pager) : app->origin);
	if (app->finder.have_cur || finder_busy(&app->finder))
		jumps_record(&app->jumps, (struct position){ app->current, app->origin });
	return dirty | DIRTY_ARTICLE;
}

static unsigned
p_cancel(struct app *app, long count)
{
	enum prompting kind = app->prompting;

	app->prompting = PROMPT_NONE;
	app->not_found = false;
	if (asks[kind].accept != NULL)
		return asks[kind].cancel != NULL ? asks[kind].cancel(app) : DIRTY_STATUS;
	if (kind == PROMPT_LIST) {
		scan_clear(&app->scan);
		app->filtered = false;
		listview_set_filter(&app->list, NULL);
		if (app->origin_entry < 0)
			return DIRTY_LIST | DIRTY_STATUS;
		listview_select_entry(&app->list, (size_t)app->origin_entry);
		return DIRTY_LIST | DIRTY_STATUS | app_show_entry(app, app->origin_entry);
	}
	finder_clear(&app->finder);
	pager_goto(&app->pager, app->origin);
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

static unsigned
p_backspace(struct app *app, long count)
{
	if (!prompt_backspace(&app->prompt))
		return p_cancel(app, count);
	return app_prompt_changed(app);
}

static unsigned
p_delete_word(struct app *app, long count)
{
	return prompt_delete_word(&app->prompt) ? app_prompt_changed(app) : 0;
}

static unsigned
p_clear(struct app *app, long count)
{
	prompt_set(&app->prompt, "");
	return app_prompt_changed(app);
}

static unsigned
p_history(struct app *app, int dir)
{
	if (!prompt_history(&app->prompt, (const char *const *)app->history, app->nhistory, dir))
		return 0;
	return app_prompt_changed(app);
}

static unsigned
p_history_prev(struct app *app, long count)
{
	return p_history(app, -1);
}

static unsigned
p_history_next(struct app *app, long count)
{
	return p_history(app, 1);
}

static const handler_fn prompt_handlers[ACT_COUNT] = {
	[ACT_ACCEPT] = p_accept,
	[ACT_CANCEL] = p_cancel,
	[ACT_BACKSPACE] = p_backspace,
	[ACT_DELETE_WORD] = p_delete_word,
	[ACT_CLEAR] = p_clear,
	[ACT_HISTORY_PREV] = p_history_prev,
	[ACT_HISTORY_NEXT] = p_history_next,
	[ACT_SAVE_FORMAT] = savecmd_format,
	[ACT_TOGGLE_REGEX] = searchcmd_toggle_regex,
};

/* A key while the prompt is open: an editing action, or a character. */
static unsigned
prompt_key(struct app *app, int key)
{
	enum action a = keymap_lookup(app->keymap, CTX_PROMPT, key);

	if (prompt_handlers[a] != NULL)
		return prompt_handlers[a](app, -1) | DIRTY_STATUS;
	if (key < 0x20 || key >= 0x110000 || (key >= 0xD800 && key <= 0xDFFF) ||
	    text_cp_width((uint32_t)key) < 0)
		return 0;
	prompt_insert(&app->prompt, (unsigned)key);
	return app_prompt_changed(app) | DIRTY_STATUS;
}

static const handler_fn handlers[ACT_COUNT] = {
	[ACT_NONE] = h_none,
	[ACT_QUIT] = h_quit,
	[ACT_HELP] = h_help,
	[ACT_REDRAW] = h_redraw,
	[ACT_SUSPEND] = h_suspend,
	[ACT_LINE_DOWN] = h_line_down,
	[ACT_LINE_UP] = h_line_up,
	[ACT_PAGE_DOWN] = h_page_down,
	[ACT_PAGE_UP] = h_page_up,
	[ACT_HALF_DOWN] = h_half_down,
	[ACT_HALF_UP] = h_half_up,
	[ACT_TOP] = h_top,
	[ACT_BOTTOM] = h_bottom,
	[ACT_PERCENT] = h_percent,
	[ACT_OPEN] = h_open,
	[ACT_FOCUS_NEXT] = h_focus_next,
	[ACT_FOCUS_PREV] = h_focus_next,
	[ACT_FOCUS_LIST] = h_focus_list,
	[ACT_FOCUS_ARTICLE] = h_focus_article,
	[ACT_NEXT_ARTICLE] = h_next_article,
	[ACT_PREV_ARTICLE] = h_prev_article,
	[ACT_TOGGLE_GROUP] = h_toggle_group,
	[ACT_ZOOM] = h_zoom,
	[ACT_SPLIT_WIDER] = h_split_wider,
	[ACT_SPLIT_NARROWER] = h_split_narrower,
	[ACT_SEARCH_FORWARD] = h_search_forward,
	[ACT_SEARCH_BACKWARD] = h_search_backward,
	[ACT_SEARCH_NEXT] = h_search_next,
	[ACT_SEARCH_PREV] = h_search_prev,
	[ACT_NEXT_HEADING] = docview_next_heading,
	[ACT_PREV_HEADING] = docview_prev_heading,
	[ACT_OUTLINE] = docview_outline,
	[ACT_LINKS] = docview_links,
	[ACT_TOGGLE_SOURCE] = docview_toggle_source,
	[ACT_TOGGLE_WRAP] = readview_toggle_wrap,
	[ACT_SCROLL_RIGHT] = readview_scroll_right,
	[ACT_SCROLL_LEFT] = readview_scroll_left,
	[ACT_MARK_SET] = markview_set,
	[ACT_MARK_JUMP] = markview_jump,
	[ACT_JUMP_BACK] = markview_back,
	[ACT_JUMP_FORWARD] = markview_forward,
	[ACT_PARA_NEXT] = h_para_next,
	[ACT_PARA_PREV] = h_para_prev,
	[ACT_NEXT_UNREAD] = h_next_unread,
	[ACT_PREV_UNREAD] = h_prev_unread,
	[ACT_TOGGLE_READ] = listcmd_toggle_read,
	[ACT_MARK_ALL_READ] = listcmd_mark_all_read,
	[ACT_UNDO] = listcmd_undo,
	[ACT_INFO] = listcmd_info,
	[ACT_SET_TITLE] = listcmd_set_title,
	[ACT_SORT] = sortview_cycle,
	[ACT_HIDE_READ] = sortview_hide_read,
	[ACT_OPEN_LINK] = outcmd_open_link,
	[ACT_COPY] = copycmd_prefix,
	[ACT_COPY_PARAGRAPH] = copycmd_paragraph,
	[ACT_COPY_RANGE] = copycmd_range,
	[ACT_COPY_LINK] = outcmd_copy_link,
	[ACT_COPY_PATH] = outcmd_copy_path,
	[ACT_PIPE] = outcmd_pipe,
	[ACT_SAVE] = savecmd_save,
	[ACT_SHELL] = outcmd_shell,
	[ACT_EDIT] = outcmd_edit,
	[ACT_FOLLOW] = growview_follow,
	[ACT_RESCAN] = rescanview_rescan,
	/* Prompt actions do nothing outside the prompt. */
	[ACT_ACCEPT] = h_none,
	[ACT_CANCEL] = h_none,
	[ACT_BACKSPACE] = h_none,
	[ACT_DELETE_WORD] = h_none,
	[ACT_CLEAR] = h_none,
	[ACT_HISTORY_PREV] = h_none,
	[ACT_HISTORY_NEXT] = h_none,
	[ACT_SAVE_FORMAT] = h_none,
};

/* Who takes the key after one that waits for it. */
static unsigned (*const pending_keys[])(struct app *app, int key) = {
	[PENDING_MARK_SET] = markview_key,
	[PENDING_MARK_JUMP] = markview_key,
	[PENDING_COPY] = copycmd_key,
	[PENDING_COPY_MARK] = copycmd_key,
	[PENDING_SAVE_CONFIRM] = savecmd_key,
};

void
app_init(struct app *app, struct library *lib, struct keymap *km, const struct app_options *opt,
    struct state *st)
{
	memset(app, 0, sizeof *app);
	app->state = st;
	app->last_save_us = timing_now_us();
	app->lib = lib;
	app->keymap = km;
	app->opt = opt != NULL ? *opt : app_default_options;
	app->current = -1;
	app->count = -1;
	app->focus = FOCUS_LIST;
	listview_init(&app->list, lib);
	app->read_known = xcalloc(lib->n + 1, sizeof *app->read_known);
	for (size_t i = 0; st != NULL && i < state_history_count(st); i++) {
		xgrow((void **)&app->history, &app->caphistory, app->nhistory + 1,
		    sizeof *app->history);
		app->history[app->nhistory++] = xstrdup(state_history_get(st, i));
	}
	pager_init(&app->pager);
	app->pager.lopts = app->opt.layout;
	pager_init(&app->help_pager);
	prompt_init(&app->prompt);
	finder_init(&app->finder);
	scan_init(&app->scan);
	app->origin_entry = -1;
	app->panes.rows = 24;
	app->panes.cols = 80;
	if (lib->n == 1 && (lib->entries[0].flags & ENTRY_EXPLICIT)) {
		app->zoom = true;
		app->focus = FOCUS_ARTICLE;
	}
	app_show_entry(app,
	    listview_selected_entry(&app->list) >= 0 ? listview_selected_entry(&app->list) : 0);
	if (app->focus == FOCUS_ARTICLE)
		note_opened(app);
}

void
app_free(struct app *app)
{
	listview_free(&app->list);
	pager_clear(&app->pager);
	pager_clear(&app->help_pager);
	menuview_close(&app->menu);
	prompt_free(&app->prompt);
	outside_job_clear(&app->job);
	save_ask_clear(&app->save);
	finder_free(&app->finder);
	scan_free(&app->scan);
	for (size_t i = 0; i < app->nhistory; i++)
		free(app->history[i]);
	free(app->history);
	jumps_free(&app->jumps);
	free(app->read_known);
	free(app->undo_read);
	free(app->last_pattern);
	free(app->message);
	free(app->open_error);
	memset(app, 0, sizeof *app);
}

unsigned
app_resize(struct app *app, int rows, int cols)
{
	struct panes *p = &app->panes;
	bool narrow;
	int avail;

	memset(p, 0, sizeof *p);
	p->rows = rows;
	p->cols = cols;
	p->sep_x = -1;
	p->too_small = rows < 3 || cols < 8;
	p->body_rows = rows > 2 ? rows - 2 : 1;
	p->status_y = rows - 2;
	p->prompt_y = rows - 1;
	narrow = cols < app->opt.split_min_cols;
	p->list = !app->zoom && (!narrow || app->focus == FOCUS_LIST);
	p->article = !p->list || !narrow;
	if (p->list && p->article) {
		p->list_w = app->opt.sources_width;
		if (p->list_w > cols / 2)
			p->list_w = cols / 2;
		if (p->list_w < 8)
			p->list_w = 8;
		p->sep_x = p->list_w;
		p->art_x = p->list_w + 1;
		p->art_w = cols - p->art_x;
	} else if (p->list) {
		p->list_w = cols;
	} else {
		p->art_w = cols;
	}
	/* One column of margin beside the separator; the reading width, if
	 * any, centred in what is left. */
	p->text_x = p->art_x + (p->sep_x >= 0 ? 1 : 0);
	/* With the article hidden (narrow list), lay it out for the whole
	 * width it gets when shown, so positions and percentages stay true. */
	avail = p->article ? p->art_w - (p->sep_x >= 0 ? 1 : 0) : cols;
	if (avail < 1)
		avail = 1;
	p->text_w =
	    app->opt.text_width > 0 && app->opt.text_width < avail ? app->opt.text_width : avail;
	if (app->opt.center)
		p->text_x += (avail - p->text_w) / 2;
	listview_set_height(&app->list, p->body_rows);
	pager_resize(&app->pager, p->body_rows, p->text_w);
	if (app->help)
		pager_resize(&app->help_pager, p->body_rows, cols);
	menuview_set_height(&app->menu, p->body_rows - 1);
	return DIRTY_ALL;
}

/* Actions that move through the help screen; any other key closes it. */
static const bool help_moves[ACT_COUNT] = {
	[ACT_LINE_DOWN] = true,
	[ACT_LINE_UP] = true,
	[ACT_PAGE_DOWN] = true,
	[ACT_PAGE_UP] = true,
	[ACT_HALF_DOWN] = true,
	[ACT_HALF_UP] = true,
	[ACT_TOP] = true,
	[ACT_BOTTOM] = true,
};

static unsigned
help_key(struct app *app, int key)
{
	enum action a = keymap_lookup(app->keymap, CTX_ARTICLE, key);

	if (help_moves[a])
		return handlers[a](app, -1);
	app->help = false;
	pager_clear(&app->help_pager);
	return DIRTY_ALL;
}

unsigned
app_key(struct app *app, int key)
{
	enum context ctx = in_list(app) ? CTX_LIST : CTX_ARTICLE;
	unsigned dirty = 0;
	enum action a;
	long count;

	if (growview_waiting(app))
		return growview_stop(app);
	if (app->message != NULL) {
		free(app->message);
		app->message = NULL;
		dirty |= DIRTY_STATUS;
	}
	/* The key acts on what the file holds now. */
	dirty |= app_watch(app);
	if (app->help)
		return dirty | help_key(app, key);
	if (app->menu.open)
		return dirty | docview_menu_key(app, key);
	if (app->prompting != PROMPT_NONE)
		return dirty | prompt_key(app, key);
	if (app->pending != PENDING_NONE)
		return dirty | pending_keys[app->pending](app, key);
	a = keymap_lookup(app->keymap, ctx, key);
	if (key >= '0' && key <= '9' && a == ACT_NONE) {
		long c = app->count > 0 ? app->count : 0;

		app->count = c > COUNT_MAX / 10 ? COUNT_MAX : c * 10 + (key - '0');
		return dirty | DIRTY_STATUS;
	}
	count = app->count;
	app->count = -1;
	if (count >= 0)
		dirty |= DIRTY_STATUS;
	if (key == KEY_ESC_CODE && count >= 0 && a == ACT_NONE)
		return dirty;
	dirty |= handlers[a](app, count);
	return dirty | note_end(app);
}

static unsigned
mouse(struct app *app, int y, int x, int button)
{
	const struct panes *p = &app->panes;
	bool on_list = p->list && x >= p->list_x && x < p->list_x + p->list_w;
	bool on_article = p->article && x >= p->art_x && x < p->art_x + p->art_w;
	unsigned dirty = 0;

	if (y < 0 || y >= p->body_rows || app->help)
		return 0;
	if (button == 4 || button == 5) {
		long n = button == 4 ? -WHEEL_LINES : WHEEL_LINES;

		if (on_list)
			return list_moved(app, listview_move(&app->list, n));
		if (on_article)
			return pager_moved(pager_scroll(&app->pager, n));
		return 0;
	}
	if (button != 1)
		return 0;
	if (on_list) {
		size_t r = app->list.top + (size_t)y;

		if (r < app->list.nrows) {
			dirty |= list_moved(app, listview_select_row(&app->list, r));
			if (app->list.rows[r].kind == ROW_GROUP)
				dirty |= h_toggle_group(app, -1);
		}
		if (app->focus != FOCUS_LIST)
			dirty |= set_focus(app, FOCUS_LIST);
		return dirty;
	}
	if (on_article && app->focus != FOCUS_ARTICLE)
		return set_focus(app, FOCUS_ARTICLE);
	return 0;
}

unsigned
app_mouse(struct app *app, int y, int x, int button)
{
	/* The click acts on what the file holds now. */
	unsigned dirty = app_watch(app);

	return dirty | mouse(app, y, x, button);
}
