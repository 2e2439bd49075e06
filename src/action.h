/* action.h - everything a key can do, declared once.
 *
 * ACTIONS lists each action with its configuration name and one line of
 * help; the enum, the name lookup and the help screen come from it, and
 * tests/manpage.sh fails when the man page's key list does not match it.
 * default_bindings says which keys do what in which context before the
 * configuration changes anything.
 */
#ifndef FOLIO_ACTION_H
#define FOLIO_ACTION_H

#include <stddef.h>

#define ACTIONS(X) \
	X(NONE, "none", "do nothing (binding a key to it unbinds the key)") \
	X(QUIT, "quit", "quit folio") \
	X(HELP, "help", "show this help; any key closes it") \
	X(REDRAW, "redraw", "redraw the whole screen") \
	X(SUSPEND, "suspend", "suspend folio (the shell's fg resumes it)") \
	X(LINE_DOWN, "line-down", "down one line (list: the next article)") \
	X(LINE_UP, "line-up", "up one line (list: the previous article)") \
	X(PAGE_DOWN, "page-down", "down one page") \
	X(PAGE_UP, "page-up", "up one page") \
	X(HALF_DOWN, "half-page-down", "down half a page") \
	X(HALF_UP, "half-page-up", "up half a page") \
	X(TOP, "top", "to the first line, or to line N with a count") \
	X(BOTTOM, "bottom", "to the last line, or to line N with a count") \
	X(PERCENT, "percent", "to N percent of the article (a count, e.g. 50%)") \
	X(OPEN, "open", "open the selected article and focus it (folder: fold)") \
	X(FOCUS_NEXT, "focus-next", "move the focus to the next pane") \
	X(FOCUS_PREV, "focus-prev", "move the focus to the previous pane") \
	X(FOCUS_LIST, "focus-list", "move the focus to the source list") \
	X(FOCUS_ARTICLE, "focus-article", "move the focus to the article") \
	X(NEXT_ARTICLE, "next-article", "open the next article") \
	X(PREV_ARTICLE, "prev-article", "open the previous article") \
	X(TOGGLE_GROUP, "toggle-group", "fold or unfold the folder of the selection") \
	X(ZOOM, "zoom", "hide or show the source list") \
	X(SPLIT_WIDER, "split-wider", "make the source list wider") \
	X(SPLIT_NARROWER, "split-narrower", "make the source list narrower") \
	X(SEARCH_FORWARD, "search", "search forward as you type (list: every article)") \
	X(SEARCH_BACKWARD, "search-backward", "search backward as you type") \
	X(SEARCH_NEXT, "search-next", "the next match (then the next matching article)") \
	X(SEARCH_PREV, "search-prev", "the previous match") \
	X(FILTER, "filter", "show only the lines (paragraphs) that match; empty: all again") \
	X(MARK_SET, "set-mark", "set a mark: m then a letter (A-Z: across articles)") \
	X(MARK_JUMP, "jump-to-mark", "go to a mark: ' then a letter; '' jumps back") \
	X(JUMP_BACK, "jump-back", "back through the jump history") \
	X(JUMP_FORWARD, "jump-forward", "forward through the jump history") \
	X(PARA_NEXT, "next-paragraph", "to the next paragraph") \
	X(PARA_PREV, "prev-paragraph", "to the previous paragraph") \
	X(NEXT_HEADING, "next-heading", "to the next heading of the article") \
	X(PREV_HEADING, "prev-heading", "to the previous heading") \
	X(OUTLINE, "outline", "list the article's headings; Enter goes to one") \
	X(LINKS, "links", "list the article's links by number; Enter goes to one") \
	X(TOGGLE_SOURCE, "toggle-source", "show a document's source text, or its rendering") \
	X(TOGGLE_WRAP, "toggle-wrap", \
	    "chop the lines of plain text that are not prose, or wrap them") \
	X(SCROLL_RIGHT, "scroll-right", "scroll chopped lines right half a pane, or N columns") \
	X(SCROLL_LEFT, "scroll-left", "scroll chopped lines left half a pane, or N columns") \
	X(NEXT_UNREAD, "next-unread", "open the next unread article") \
	X(PREV_UNREAD, "prev-unread", "open the previous unread article") \
	X(TOGGLE_READ, "toggle-read", "mark the article read or unread") \
	X(MARK_ALL_READ, "mark-all-read", "mark every article read (undo undoes it)") \
	X(UNDO, "undo", "undo the last mark-all-read") \
	X(INFO, "info", "show the article's path, format, size, date, words and reading time") \
	X(SET_TITLE, "set-title", "give the article a title of your own (empty: its own again)") \
	X(SORT, "sort", "sort the list by name, title, date, size or unread first, in turn") \
	X(HIDE_READ, "hide-read", "hide the read articles of the list, or show them again") \
	X(OPEN_LINK, "open-link", \
	    "open link N (a count), else the first on screen, in the browser") \
	X(COPY, "copy", "copy to the clipboard: then a key of the copy context (yy, y'a, yl, yf)") \
	X(COPY_PARAGRAPH, "copy-paragraph", \
	    "copy the paragraph of the match on screen, else at the top; N: N of them") \
	X(COPY_RANGE, "copy-range", "copy from a mark to here: then its letter (whole lines)") \
	X(COPY_LINK, "copy-link", "copy link N, else the first on screen, to the clipboard") \
	X(COPY_PATH, "copy-path", "copy the article's path to the clipboard") \
	X(PIPE, "pipe", "pipe the article ('a cmd: from mark a to here) to a command (/bin/sh)") \
	X(SAVE, "save", "save a copy of the article: its rendered text or its source bytes") \
	X(SHELL, "shell", "run a command you type (through /bin/sh)") \
	X(EDIT, "edit", "edit the article in $VISUAL or $EDITOR at the line on screen") \
	X(FOLLOW, "follow", "follow the article's end as it grows, like less +F; a key stops") \
	X(RESCAN, "rescan", "rescan the folders and reload the article") \
	X(ACCEPT, "accept", "prompt: accept; an empty line repeats the last search") \
	X(CANCEL, "cancel", "prompt: cancel, back to where the search started") \
	X(BACKSPACE, "backspace", "prompt: delete the last character") \
	X(DELETE_WORD, "delete-word", "prompt: delete the last word") \
	X(CLEAR, "clear", "prompt: delete the whole line") \
	X(HISTORY_PREV, "history-prev", "prompt: the previous pattern in the history") \
	X(HISTORY_NEXT, "history-next", "prompt: the next pattern in the history") \
	X(TOGGLE_REGEX, "toggle-regex", \
	    "prompt: search for a regular expression, or for literal text again") \
	X(SAVE_FORMAT, "save-format", "prompt of save: the rendered text or the source bytes")

enum action {
#define ACTION_ENUM(id, name, help) ACT_##id,
	ACTIONS(ACTION_ENUM)
#undef ACTION_ENUM
	    ACT_COUNT
};

/* Where a key is pressed.  A key not bound in the focused pane's context
 * is looked up in CTX_GLOBAL; not so in the prompt, nor in the copy
 * context (the key after the copy action, y). */
#define CONTEXTS(X) \
	X(GLOBAL, "global") \
	X(LIST, "list") \
	X(ARTICLE, "article") \
	X(PROMPT, "prompt") \
	X(COPY, "copy")

enum context {
#define CONTEXT_ENUM(id, name) CTX_##id,
	CONTEXTS(CONTEXT_ENUM)
#undef CONTEXT_ENUM
	    CTX_COUNT
};

struct binding {
	enum context context;
	const char *key; /* a key name, see keys.h */
	enum action action;
};

extern const struct binding default_bindings[];
extern const size_t default_bindings_count;

/* The configuration name and help line of an action. */
const char *action_name(enum action a);
const char *action_help(enum action a);
/* The action named name, or -1. */
int action_lookup(const char *name);

const char *context_name(enum context c);
/* The context named name, or -1. */
int context_lookup(const char *name);

#endif
