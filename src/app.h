/* app.h - the reader's whole state and the handlers that change it.
 *
 * The ui feeds keys, resizes and mouse events in; each call returns the
 * DIRTY_* bits saying what must be redrawn and the REQ_* bits asking the
 * ui for something only it can do (quit, suspend, repaint from scratch).
 * Nothing here draws or includes curses; the draw module reads the state.
 */
#ifndef FOLIO_APP_H
#define FOLIO_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "finder.h"
#include "jumps.h"
#include "listview.h"
#include "menuview.h"
#include "outside.h"
#include "pager.h"
#include "prompt.h"
#include "save.h"
#include "scan.h"
#include "search.h"

struct library;
struct keymap;
struct state;

/* Work done in each idle slice between keys (microseconds).  Handlers only
 * start searches; the ui runs the slices, first right after a key unless
 * more keys are already waiting, so typing ahead never waits on a search. */
#define APP_IDLE_BUDGET_US 10000

/* When an article counts as read (state.mark_read). */
#define MARK_READ_MODES(X) \
	X(OPEN, "open", "as soon as it is opened") \
	X(END, "end", "when it has been scrolled to its end") \
	X(NEVER, "never", "only when marked by hand")

enum mark_read {
#define MARK_READ_ENUM(id, name, doc) MARK_READ_##id,
	MARK_READ_MODES(MARK_READ_ENUM)
#undef MARK_READ_ENUM
	    MARK_READ_COUNT
};

enum {
	DIRTY_LIST = 1 << 0,
	DIRTY_ARTICLE = 1 << 1,
	DIRTY_STATUS = 1 << 2,
	DIRTY_ALL = 1 << 3, /* the pane geometry changed */
	REQ_QUIT = 1 << 8,
	REQ_SUSPEND = 1 << 9,
	REQ_REDRAW = 1 << 10,  /* repaint the terminal from scratch */
	REQ_OUTSIDE = 1 << 11, /* run app->job (outcmd.h), then outcmd_done */
};

enum focus { FOCUS_LIST, FOCUS_ARTICLE };

/* Where everything goes on a screen of a given size. */
struct panes {
	int rows, cols;     /* the terminal */
	bool too_small;     /* only a notice fits */
	bool list, article; /* which panes show */
	int list_x, list_w;
	int sep_x;          /* column of the separator, -1 when none */
	int art_x, art_w;   /* the article pane */
	int text_x, text_w; /* the text inside it (margins, reading width) */
	int body_rows;      /* rows of the panes */
	int status_y, prompt_y;
};

struct app_options {
	int sources_width;            /* columns of the source list */
	int text_width;               /* maximum reading width, 0: the whole pane */
	bool center;                  /* centre the text when it is narrower */
	int split_min_cols;           /* below this, one pane at a time */
	bool search_wrap;             /* n/N wrap around the article */
	bool search_incremental;      /* search as the pattern is typed */
	struct search_options search; /* case mode, accents */
	bool remember_position;       /* reopen articles where they were left */
	enum mark_read mark_read;     /* when an article counts as read */
	size_t max_render;            /* bytes; bigger documents show as text */
	bool link_numbers;            /* "[N]" after links */
	bool styles;                  /* overstrike and SGR as styles */
	unsigned source_formats;      /* doc_options.source_formats */
	const char *browser;          /* borrowed: the browser setting, "" none */
	const char *copy_command;     /* borrowed: copies through it, "" OSC 52 */
	size_t copy_limit;            /* bytes an OSC 52 copy holds at most */
	int rescan_interval;          /* seconds between the idle checks of the
	                                 folders (rescanview.h), 0: none */
	struct layout_options layout; /* reflow, chop, hang */
	int reading_speed;            /* words a minute, for the time left */
};

/* A key waiting for the one after it: the letter of m or ' (markview.h);
 * after y, what to copy, and after y' the mark's letter (copycmd.h); the
 * answer to "overwrite it? (y/n)" (savecmd.h). */
enum pending {
	PENDING_NONE,
	PENDING_MARK_SET,
	PENDING_MARK_JUMP,
	PENDING_COPY,
	PENDING_COPY_MARK,
	PENDING_SAVE_CONFIRM,
};
/* What the prompt is for: a search of the article or of the collection,
 * an entry's own title (listcmd.h), a command line (outcmd.h), the
 * name of a file to save (savecmd.h), or a filter (filterview.h). */
enum prompting {
	PROMPT_NONE,
	PROMPT_ARTICLE,
	PROMPT_LIST,
	PROMPT_TITLE,
	PROMPT_COMMAND,
	PROMPT_SAVE,
	PROMPT_FILTER,
};

struct app {
	struct library *lib;   /* borrowed */
	struct keymap *keymap; /* borrowed */
	struct app_options opt;
	struct listview list;
	struct pager pager;
	long current; /* entry shown in the pager, -1 none */
	enum focus focus;
	bool zoom; /* list hidden */
	bool help; /* the help screen is up */
	struct pager help_pager;
	struct menuview menu; /* the outline or links menu, when open */
	long count;           /* count prefix being typed, -1 none */
	char *message;        /* one-line notice, owned, NULL none */
	bool message_is_error;
	char *open_error; /* owned: why the article shown (current) could not
	                     be opened, safe text (article_safe_line) that
	                     the article pane shows until another article
	                     opens; NULL when it opened */
	struct panes panes;
	enum pending pending; /* a key waiting for the one after it */
	long pending_count;   /* the count typed before it, -1 none */
	enum prompting prompting;
	bool prompt_backward;
	struct prompt prompt;
	size_t origin;        /* pager top when the prompt opened */
	long origin_entry;    /* list selection when the prompt opened */
	long title_entry;     /* PROMPT_TITLE: the entry being titled */
	bool not_found;       /* the pattern being typed matches nothing */
	struct finder finder; /* the search in the shown article */
	char *last_pattern;   /* owned; the last accepted search */
	bool last_backward;
	struct scan scan;   /* the search of the whole collection */
	bool filtered;      /* the list shows only articles that match */
	bool scan_pending;  /* the scan found articles not shown yet */
	long scan_shown_us; /* when the list last showed the scan */
	char **history;     /* owned: search patterns, oldest first */
	size_t nhistory, caphistory;
	struct jumps jumps;     /* the jump history and the marks */
	struct state *state;    /* borrowed; NULL: nothing is remembered */
	unsigned long long fp;  /* fingerprint of the shown article */
	bool *read_known;       /* owned: list.read[e] came from the state */
	bool *undo_read;        /* owned: read flags before "mark all read" */
	long last_save_us;      /* when the state was last saved */
	bool save_warned;       /* a failed save was reported already */
	struct outside_job job; /* what the ui runs on REQ_OUTSIDE */
	bool command_pipes;     /* PROMPT_COMMAND: | (else !) */
	struct save_ask save;   /* PROMPT_SAVE and its overwrite question */
	bool feed_wait;         /* G waits for a growing article's end */
	bool follow;            /* F: the pane sticks to the article's end */
	size_t follow_size;     /* the size followed so far */
	long rescan_us;         /* when the folders were last looked at */
	size_t rescan_next;     /* the file the check goes on at, 0: none */
	bool filter_wait;       /* G waits for the filter's scan to end */
	bool filter_skipping;   /* n skips matches the filter hides, */
	size_t filter_skip_at;  /* from the first of them */
};

extern const struct app_options app_default_options;

/* Sets the app up over lib: the first article shown, the focus on the list;
 * with exactly one article named on the command line, that article focused
 * with the list hidden, like a pager.  st (borrowed, may be NULL) is the
 * reading state: read flags, positions, marks and the search history come
 * from it and go back to it. */
void app_init(struct app *app, struct library *lib, struct keymap *km,
    const struct app_options *opt, struct state *st);
void app_free(struct app *app);

/* Lays the panes out for a rows x cols terminal. */
unsigned app_resize(struct app *app, int rows, int cols);
/* Handles one key (see keys.h). */
unsigned app_key(struct app *app, int key);
/* Does a slice of background work (a search being counted, the collection
 * being scanned, then the lines of a huge article being counted), a few
 * milliseconds at most. */
unsigned app_idle(struct app *app);
/* Looks at the file of the article shown, and reopens it when it changed
 * on disk (see article_changed: written, truncated, grown, or replaced by
 * a rename; a mapped article must be, since its bytes may be gone): the
 * reading position is kept, clamped to the new size; the layout and the
 * line count start again; the search in the article is forgotten (n
 * starts it again over the new bytes); the title is read again; the
 * notice "The article changed on disk; reloaded" shows until the next
 * key.  A file deleted while shown stays shown as it was read.  When the
 * reopening fails, the pane says why (open_error).  app_key and
 * app_mouse do this first; the ui calls it between keys, so a change shows
 * within a tick.  Cheap: a stat or two.  Returns the DIRTY_* bits. */
unsigned app_watch(struct app *app);
/* Opens the shown article's file again (see app_watch), keeping the
 * reading position; growview_reloaded says what happened. */
unsigned app_reload(struct app *app);
/* Whether there is background work left; whether some of it is a search,
 * which a key waits a first slice of before the screen is drawn. */
bool app_busy(const struct app *app);
bool app_searching(const struct app *app);

/* Whether entry e has been read (looked up in the state on first use). */
bool app_is_read(struct app *app, size_t e);
/* Marks entry e read or unread, in the list and in the state. */
void app_set_read(struct app *app, size_t e, bool read);

/* Puts the reading position into the state and saves it when force is
 * true or the last save is older than a while; a failure is shown once as
 * a message.  Returns the DIRTY_* bits of that message. */
unsigned app_save(struct app *app, bool force);

/* Adds a pattern to the search history (bounded, duplicates moved last). */
void app_history_add(struct app *app, const char *pattern);

/* Handles a click (button 1) or wheel (4 up, 5 down) at row y, column x. */
unsigned app_mouse(struct app *app, int y, int x, int button);

/* Remembers where the reader is before a jump, for '' and jump-back. */
void app_record_jump(struct app *app);

/* Where the reader is: the article shown and the source offset at the
 * top of the pane; the path of the article shown (app->current >= 0). */
struct position app_here(const struct app *app);
const char *app_current_path(const struct app *app);

/* Shows entry e in the article pane (a no-op when it is already there,
 * or when e is -1). */
unsigned app_show_entry(struct app *app, long e);

/* Shows entry e, selected in the list, and marks it read when the article
 * pane has the focus (mark_read = open). */
unsigned app_open_entry(struct app *app, long e);
/* Moves the focus to the list or the article pane. */
unsigned app_set_focus(struct app *app, enum focus f);
/* After a move of the list's selection (moved: whether it moved): shows
 * the entry it lands on. */
unsigned app_list_moved(struct app *app, bool moved);

/* Goes to a position, in another article if need be. */
unsigned app_go_to(struct app *app, struct position p);

/* The pattern being typed changed: searches again from where the search
 * started (the collection, when the prompt is the list's). */
unsigned app_prompt_changed(struct app *app);

/* Sets the notice shown on the prompt line. */
void app_message(struct app *app, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
