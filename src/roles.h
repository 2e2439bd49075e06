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
	    "the search match the cursor is on") \
	X(HEADING1, "heading1", RC_DEFAULT, RC_DEFAULT, RA_BOLD | RA_UNDERLINE, \
	    RA_BOLD | RA_UNDERLINE, "top-level headings of a document") \
	X(HEADING2, "heading2", RC_DEFAULT, RC_DEFAULT, RA_BOLD, RA_BOLD, "second-level headings") \
	X(HEADING3, "heading3", RC_CYAN, RC_DEFAULT, RA_BOLD, RA_BOLD, "third-level headings") \
	X(HEADING4, "heading4", RC_CYAN, RC_DEFAULT, RA_NORMAL, RA_UNDERLINE, \
	    "fourth-level headings") \
	X(HEADING5, "heading5", RC_CYAN, RC_DEFAULT, RA_NORMAL, RA_UNDERLINE, \
	    "fifth-level headings") \
	X(HEADING6, "heading6", RC_CYAN, RC_DEFAULT, RA_DIM, RA_UNDERLINE, "sixth-level headings") \
	X(EMPHASIS, "emphasis", RC_DEFAULT, RC_DEFAULT, RA_ITALIC, RA_UNDERLINE, \
	    "emphasised text") \
	X(STRONG, "strong", RC_DEFAULT, RC_DEFAULT, RA_BOLD, RA_BOLD, \
	    "strong text, and bold overstrike") \
	X(UNDERLINE, "underline", RC_DEFAULT, RC_DEFAULT, RA_UNDERLINE, RA_UNDERLINE, \
	    "underlined text (underscore overstrike, SGR 4)") \
	X(STRIKE, "strike", RC_DEFAULT, RC_DEFAULT, RA_DIM, RA_DIM, "struck-through text") \
	X(CODE, "code", RC_GREEN, RC_DEFAULT, RA_NORMAL, RA_NORMAL, "code, inline and in blocks") \
	X(LINK, "link", RC_BLUE, RC_DEFAULT, RA_UNDERLINE, RA_UNDERLINE, "links and URLs") \
	X(LINK_NUMBER, "link_number", RC_BLUE, RC_DEFAULT, RA_DIM, RA_NORMAL, \
	    "the [N] after a link") \
	X(QUOTE, "quote", RC_DEFAULT, RC_DEFAULT, RA_DIM, RA_NORMAL, "the bar of block quotes") \
	X(MARKER, "marker", RC_YELLOW, RC_DEFAULT, RA_BOLD, RA_BOLD, "list bullets and numbers") \
	X(RULE, "rule", RC_DEFAULT, RC_DEFAULT, RA_DIM, RA_NORMAL, "horizontal rules") \
	X(IMAGE, "image", RC_MAGENTA, RC_DEFAULT, RA_NORMAL, RA_DIM, "[image: ...] placeholders") \
	X(ANSI_BLACK, "ansi_black", RC_BLACK, RC_DEFAULT, RA_NORMAL, RA_NORMAL, \
	    "text a terminal program coloured black (SGR 30)") \
	X(ANSI_RED, "ansi_red", RC_RED, RC_DEFAULT, RA_NORMAL, RA_BOLD, "SGR red (31)") \
	X(ANSI_GREEN, "ansi_green", RC_GREEN, RC_DEFAULT, RA_NORMAL, RA_BOLD, "SGR green (32)") \
	X(ANSI_YELLOW, "ansi_yellow", RC_YELLOW, RC_DEFAULT, RA_NORMAL, RA_BOLD, \
	    "SGR yellow (33)") \
	X(ANSI_BLUE, "ansi_blue", RC_BLUE, RC_DEFAULT, RA_NORMAL, RA_BOLD, "SGR blue (34)") \
	X(ANSI_MAGENTA, "ansi_magenta", RC_MAGENTA, RC_DEFAULT, RA_NORMAL, RA_BOLD, \
	    "SGR magenta (35)") \
	X(ANSI_CYAN, "ansi_cyan", RC_CYAN, RC_DEFAULT, RA_NORMAL, RA_BOLD, "SGR cyan (36)") \
	X(ANSI_WHITE, "ansi_white", RC_WHITE, RC_DEFAULT, RA_NORMAL, RA_NORMAL, "SGR white (37)")

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
