/* searchview.c - the searches: of the article shown (/ ? n N, walking on
 * through a narrowed list), of the whole collection (/ in the list), and
 * the prompt they and the other questions (set-title, commands, saves,
 * the filter) are typed in.  The handlers have the shape of app.c's,
 * which lists them in its tables; the ui runs the slices of work they
 * start (searchview_run_finder, searchview_run_scan) between keys. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "docview.h"
#include "filterview.h"
#include "keymap.h"
#include "library.h"
#include "listcmd.h"
#include "outcmd.h"
#include "savecmd.h"
#include "searchcmd.h"
#include "searchview.h"
#include "startview.h"
#include "state.h"
#include "text.h"
#include "timing.h"
#include "xmalloc.h"

/* How often the narrowing list is redrawn while a collection search runs. */
#define REFILTER_US 50000L

typedef unsigned (*handler_fn)(struct app *app, long count);

static struct search_pattern *
compile(const struct app *app, const char *text)
{
	return search_compile(text, strlen(text), &app->opt.search);
}

/* Acts on what a finder slice reported. */
static unsigned finder_events(struct app *app, unsigned ev);

unsigned
searchview_run_finder(struct app *app, long budget)
{
	if (!finder_busy(&app->finder))
		return 0;
	/* The count is of the lines shown: the filter of now. */
	finder_set_filter(&app->finder, app->pager.filter);
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
	finder_set_filter(&app->finder, app->pager.filter);
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
		dirty = app_open_entry(app, c);
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

	if ((ev & FINDER_FOUND) && filterview_skip_hidden(app))
		return DIRTY_STATUS;
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
	return DIRTY_LIST | DIRTY_STATUS | app_list_moved(app, true);
}

unsigned
searchview_run_scan(struct app *app, long budget)
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
	/* A search of the collection sees all of it. */
	unsigned dirty = app->focus == FOCUS_LIST ? startview_finish(app) : 0;

	app->prompting = (app->focus == FOCUS_LIST) ? PROMPT_LIST : PROMPT_ARTICLE;
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
	return dirty | DIRTY_STATUS | DIRTY_LIST;
}

unsigned
searchview_forward(struct app *app, long count)
{
	return open_prompt(app, false);
}

unsigned
searchview_backward(struct app *app, long count)
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

unsigned
searchview_next(struct app *app, long count)
{
	return search_again(app, false);
}

unsigned
searchview_prev(struct app *app, long count)
{
	return search_again(app, true);
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
	[PROMPT_FILTER] = { .accept = filterview_accept, .cancel = filterview_cancel },
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
			scan_work(&app->scan, app->lib, APP_IDLE_BUDGET_US);
		app->filtered = true;
		app->last_backward = false;
		dirty |= refilter(app);
		e = listview_selected_entry(&app->list);
		if (e < 0 || app->scan.listed[e] == 0) {
			if (!scan_busy(&app->scan) && app->scan.matched == 0)
				searchcmd_not_found(app, app->scan.pat);
			return dirty;
		}
		dirty |= app_show_entry(app, e) | app_set_focus(app, FOCUS_ARTICLE);
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
unsigned
searchview_prompt_key(struct app *app, int key)
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
