#include "config.h"

#include <string.h>

#include "action.h"

static const struct {
	const char *name;
	const char *help;
} actions[ACT_COUNT] = {
#define ACTION_ROW(id, n, h) [ACT_##id] = { .name = n, .help = h },
	ACTIONS(ACTION_ROW)
#undef ACTION_ROW
};

static const char *const contexts[CTX_COUNT] = {
#define CONTEXT_ROW(id, n) [CTX_##id] = n,
	CONTEXTS(CONTEXT_ROW)
#undef CONTEXT_ROW
};

/* The keys of less, vi, mutt and tig, as far as they agree. */
const struct binding default_bindings[] = {
	{ CTX_GLOBAL, "q", ACT_QUIT },
	{ CTX_GLOBAL, "Q", ACT_QUIT },
	{ CTX_GLOBAL, "C-c", ACT_QUIT },
	{ CTX_GLOBAL, "h", ACT_HELP },
	{ CTX_GLOBAL, "F1", ACT_HELP },
	{ CTX_GLOBAL, "C-l", ACT_REDRAW },
	{ CTX_GLOBAL, "C-z", ACT_SUSPEND },
	{ CTX_GLOBAL, "Tab", ACT_FOCUS_NEXT },
	{ CTX_GLOBAL, "S-Tab", ACT_FOCUS_PREV },
	{ CTX_GLOBAL, "z", ACT_ZOOM },
	{ CTX_GLOBAL, ">", ACT_SPLIT_WIDER },
	{ CTX_GLOBAL, "<", ACT_SPLIT_NARROWER },
	{ CTX_GLOBAL, "]", ACT_NEXT_ARTICLE },
	{ CTX_GLOBAL, "[", ACT_PREV_ARTICLE },
	{ CTX_GLOBAL, "j", ACT_LINE_DOWN },
	{ CTX_GLOBAL, "Down", ACT_LINE_DOWN },
	{ CTX_GLOBAL, "C-n", ACT_LINE_DOWN },
	{ CTX_GLOBAL, "C-e", ACT_LINE_DOWN },
	{ CTX_GLOBAL, "k", ACT_LINE_UP },
	{ CTX_GLOBAL, "Up", ACT_LINE_UP },
	{ CTX_GLOBAL, "C-p", ACT_LINE_UP },
	{ CTX_GLOBAL, "C-y", ACT_LINE_UP },
	{ CTX_GLOBAL, "Space", ACT_PAGE_DOWN },
	{ CTX_GLOBAL, "f", ACT_PAGE_DOWN },
	{ CTX_GLOBAL, "C-f", ACT_PAGE_DOWN },
	{ CTX_GLOBAL, "PageDown", ACT_PAGE_DOWN },
	{ CTX_GLOBAL, "b", ACT_PAGE_UP },
	{ CTX_GLOBAL, "C-b", ACT_PAGE_UP },
	{ CTX_GLOBAL, "PageUp", ACT_PAGE_UP },
	{ CTX_GLOBAL, "d", ACT_HALF_DOWN },
	{ CTX_GLOBAL, "C-d", ACT_HALF_DOWN },
	{ CTX_GLOBAL, "u", ACT_HALF_UP },
	{ CTX_GLOBAL, "C-u", ACT_HALF_UP },
	{ CTX_GLOBAL, "g", ACT_TOP },
	{ CTX_GLOBAL, "Home", ACT_TOP },
	{ CTX_GLOBAL, "G", ACT_BOTTOM },
	{ CTX_GLOBAL, "End", ACT_BOTTOM },
	{ CTX_GLOBAL, "%", ACT_PERCENT },
	{ CTX_GLOBAL, "/", ACT_SEARCH_FORWARD },
	{ CTX_GLOBAL, "?", ACT_SEARCH_BACKWARD },
	{ CTX_GLOBAL, "n", ACT_SEARCH_NEXT },
	{ CTX_GLOBAL, "N", ACT_SEARCH_PREV },
	{ CTX_GLOBAL, "&", ACT_FILTER },
	{ CTX_GLOBAL, "m", ACT_MARK_SET },
	{ CTX_GLOBAL, "'", ACT_MARK_JUMP },
	{ CTX_GLOBAL, "`", ACT_MARK_JUMP },
	{ CTX_GLOBAL, "H", ACT_JUMP_BACK },
	{ CTX_GLOBAL, "C-o", ACT_JUMP_BACK },
	{ CTX_GLOBAL, "L", ACT_JUMP_FORWARD },
	{ CTX_GLOBAL, "}", ACT_PARA_NEXT },
	{ CTX_GLOBAL, "{", ACT_PARA_PREV },
	{ CTX_GLOBAL, ")", ACT_NEXT_HEADING },
	{ CTX_GLOBAL, "(", ACT_PREV_HEADING },
	{ CTX_GLOBAL, "O", ACT_OUTLINE },
	{ CTX_GLOBAL, "#", ACT_LINKS },
	{ CTX_GLOBAL, "V", ACT_TOGGLE_SOURCE },
	{ CTX_GLOBAL, "w", ACT_TOGGLE_WRAP },
	{ CTX_GLOBAL, ".", ACT_SCROLL_RIGHT },
	{ CTX_GLOBAL, ",", ACT_SCROLL_LEFT },
	{ CTX_GLOBAL, "J", ACT_NEXT_UNREAD },
	{ CTX_GLOBAL, "K", ACT_PREV_UNREAD },
	{ CTX_GLOBAL, "R", ACT_TOGGLE_READ },
	{ CTX_GLOBAL, "A", ACT_MARK_ALL_READ },
	{ CTX_GLOBAL, "U", ACT_UNDO },
	{ CTX_GLOBAL, "=", ACT_INFO },
	{ CTX_GLOBAL, "T", ACT_SET_TITLE },
	{ CTX_GLOBAL, "S", ACT_SORT },
	{ CTX_GLOBAL, "a", ACT_HIDE_READ },
	{ CTX_GLOBAL, "x", ACT_OPEN_LINK },
	{ CTX_GLOBAL, "y", ACT_COPY },
	{ CTX_GLOBAL, "Y", ACT_COPY_PATH },
	{ CTX_GLOBAL, "|", ACT_PIPE },
	{ CTX_GLOBAL, "s", ACT_SAVE },
	{ CTX_GLOBAL, "!", ACT_SHELL },
	{ CTX_GLOBAL, "v", ACT_EDIT },
	{ CTX_GLOBAL, "F", ACT_FOLLOW },
	{ CTX_GLOBAL, "r", ACT_RESCAN },
	{ CTX_PROMPT, "Enter", ACT_ACCEPT },
	{ CTX_PROMPT, "Esc", ACT_CANCEL },
	{ CTX_PROMPT, "C-g", ACT_CANCEL },
	{ CTX_PROMPT, "C-c", ACT_CANCEL },
	{ CTX_PROMPT, "Backspace", ACT_BACKSPACE },
	{ CTX_PROMPT, "C-h", ACT_BACKSPACE },
	{ CTX_PROMPT, "C-w", ACT_DELETE_WORD },
	{ CTX_PROMPT, "C-u", ACT_CLEAR },
	{ CTX_PROMPT, "Up", ACT_HISTORY_PREV },
	{ CTX_PROMPT, "C-p", ACT_HISTORY_PREV },
	{ CTX_PROMPT, "Down", ACT_HISTORY_NEXT },
	{ CTX_PROMPT, "C-n", ACT_HISTORY_NEXT },
	{ CTX_PROMPT, "C-r", ACT_TOGGLE_REGEX },
	{ CTX_PROMPT, "C-t", ACT_SAVE_FORMAT },
	{ CTX_COPY, "y", ACT_COPY_PARAGRAPH },
	{ CTX_COPY, "'", ACT_COPY_RANGE },
	{ CTX_COPY, "`", ACT_COPY_RANGE },
	{ CTX_COPY, "l", ACT_COPY_LINK },
	{ CTX_COPY, "f", ACT_COPY_PATH },
	{ CTX_LIST, "Enter", ACT_OPEN },
	{ CTX_LIST, "o", ACT_OPEN },
	{ CTX_LIST, "Right", ACT_FOCUS_ARTICLE },
	{ CTX_LIST, "l", ACT_FOCUS_ARTICLE },
	{ CTX_LIST, "-", ACT_TOGGLE_GROUP },
	{ CTX_ARTICLE, "Enter", ACT_LINE_DOWN },
	{ CTX_ARTICLE, "Left", ACT_FOCUS_LIST },
	{ CTX_ARTICLE, "Backspace", ACT_FOCUS_LIST },
	{ CTX_ARTICLE, "Esc", ACT_FOCUS_LIST },
};
const size_t default_bindings_count = sizeof default_bindings / sizeof default_bindings[0];

const char *
action_name(enum action a)
{
	return a < ACT_COUNT ? actions[a].name : "none";
}

const char *
action_help(enum action a)
{
	return a < ACT_COUNT ? actions[a].help : "";
}

int
action_lookup(const char *name)
{
	for (int a = 0; a < ACT_COUNT; a++)
		if (strcmp(actions[a].name, name) == 0)
			return a;
	return -1;
}

const char *
context_name(enum context c)
{
	return c < CTX_COUNT ? contexts[c] : "global";
}

int
context_lookup(const char *name)
{
	for (int c = 0; c < CTX_COUNT; c++)
		if (strcmp(contexts[c], name) == 0)
			return c;
	return -1;
}
