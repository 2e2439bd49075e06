/* roles.h - colour roles, colour names and attributes, without curses.
 *
 * Each role is declared once with its configuration name, its built-in
 * style and one line saying what it paints; the enum, the configuration
 * (colors.NAME), --dump-config, the man page and the theme all come from
 * this list.  A style is plain data so the model can read, check and print
 * it; only theme.c turns it into curses attributes.
 */
#ifndef FOLIO_ROLES_H
#define FOLIO_ROLES_H

#include <stdbool.h>

/* The eight colours with names; any other colour is a number up to 255. */
#define ROLE_COLORS(X) \
	X(BLACK, "black") \
	X(RED, "red") \
	X(GREEN, "green") \
	X(YELLOW, "yellow") \
	X(BLUE, "blue") \
	X(MAGENTA, "magenta") \
	X(CYAN, "cyan") \
	X(WHITE, "white")

enum role_color {
	RC_DEFAULT = -1, /* the terminal's own foreground or background */
#define ROLE_COLOR_ENUM(id, name) RC_##id,
	ROLE_COLORS(ROLE_COLOR_ENUM)
#undef ROLE_COLOR_ENUM
	    RC_NAMED_COUNT,
	RC_MAX = 255
};

/* Attributes, each one bit of a style's attrs (RA_BOLD, ...). */
#define ROLE_ATTRS(X) \
	X(BOLD, "bold") \
	X(UNDERLINE, "underline") \
	X(REVERSE, "reverse") \
	X(DIM, "dim") \
	X(ITALIC, "italic") \
	X(BLINK, "blink")

enum role_attr_bit {
#define ROLE_ATTR_BIT(id, name) RAB_##id,
	ROLE_ATTRS(ROLE_ATTR_BIT)
#undef ROLE_ATTR_BIT
	    RAB_COUNT
};

enum {
#define ROLE_ATTR_FLAG(id, name) RA_##id = 1u << RAB_##id,
	ROLE_ATTRS(ROLE_ATTR_FLAG)
#undef ROLE_ATTR_FLAG
	    RA_NORMAL = 0,
	RA_ALL = (1u << RAB_COUNT) - 1
};

/* X(id, name, fg, bg, attrs, mono, doc): the built-in style uses fg on bg
 * with attrs where the terminal has colours, and mono alone where it has
 * none (or NO_COLOR is set).  Foregrounds on the default background where
 * possible, so the theme reads on dark and light terminals alike. */
#define ROLES(X) \
	X(TEXT, "text", RC_DEFAULT, RC_DEFAULT, RA_NORMAL, RA_NORMAL, \
	    "article text and list rows") \
	X(TITLE, "title", RC_DEFAULT, RC_DEFAULT, RA_BOLD, RA_BOLD, \
	    "the title line of an article") \
	X(SELECTED, "selected", RC_WHITE, RC_BLUE, RA_BOLD, RA_REVERSE, \
	    "the selected row of the focused source list") \
	X(SELECTED_DIM, "selected_dim", RC_DEFAULT, RC_DEFAULT, RA_REVERSE, RA_UNDERLINE, \
	    "the selected row when the list is not focused") \
	X(UNREAD, "unread", RC_DEFAULT, RC_DEFAULT, RA_BOLD, RA_BOLD, \
	    "articles not read yet in the source list") \
	X(GROUP, "group", RC_CYAN, RC_DEFAULT, RA_BOLD, RA_BOLD, \
	    "folder headings in the source list") \
	X(SEPARATOR, "separator", RC_DEFAULT, RC_DEFAULT, RA_NORMAL, RA_NORMAL, \
	    "the line between the panes") \
	X(STATUS, "status", RC_DEFAULT, RC_DEFAULT, RA_REVERSE, RA_REVERSE, "the status line") \
	X(MESSAGE, "message", RC_DEFAULT, RC_DEFAULT, RA_NORMAL, RA_NORMAL, \
	    "notices on the prompt line") \
	X(ERROR, "error", RC_RED, RC_DEFAULT, RA_BOLD, RA_BOLD, \
	    "error notices on the prompt line") \
	X(MATCH, "match", RC_BLACK, RC_YELLOW, RA_NORMAL, RA_UNDERLINE, "search matches") \
	X(CURRENT_MATCH, "current_match", RC_BLACK, RC_GREEN, RA_BOLD, RA_REVERSE, \
	    "the search match the cursor is on")

enum role {
#define ROLE_ENUM(id, name, fg, bg, attrs, mono, doc) ROLE_##id,
	ROLES(ROLE_ENUM)
#undef ROLE_ENUM
	    ROLE_COUNT
};

/* How one role is drawn. */
struct role_style {
	short fg, bg;   /* RC_DEFAULT (-1) or a colour 0 to 255 */
	unsigned attrs; /* RA_* bits, with colours */
	unsigned mono;  /* RA_* bits, without colours */
};

/* The built-in style of every role, as ROLES says. */
#define ROLE_DEFAULT_STYLE(id, name, f, b, a, m, doc) \
	[ROLE_##id] = { .fg = (f), .bg = (b), .attrs = (a), .mono = (m) },

#endif
