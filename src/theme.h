/* theme.h - colour roles and the curses attributes that draw them.
 *
 * Roles are declared once; theme_init picks attributes for what the
 * terminal can do: colours that read on dark and light backgrounds, an
 * 8-colour set, or attributes only (monochrome, or NO_COLOR set).
 */
#ifndef FOLIO_THEME_H
#define FOLIO_THEME_H

#include <stdbool.h>

#define ROLES(X)                          \
	X(TEXT, "text")                   \
	X(TITLE, "title")                 \
	X(SELECTED, "selected")           \
	X(SELECTED_DIM, "selected_dim")   \
	X(UNREAD, "unread")               \
	X(GROUP, "group")                 \
	X(SEPARATOR, "separator")         \
	X(STATUS, "status")               \
	X(MESSAGE, "message")             \
	X(ERROR, "error")                 \
	X(MATCH, "match")                 \
	X(CURRENT_MATCH, "current_match")

enum role {
#define ROLE_ENUM(id, name) ROLE_##id,
	ROLES(ROLE_ENUM)
#undef ROLE_ENUM
	ROLE_COUNT
};

/* Sets the attributes up; call after the screen is initialised.  Colour is
 * used only when use_color is true, the terminal has colours and NO_COLOR
 * is unset or empty. */
void theme_init(bool use_color);
/* The attributes (A_* | COLOR_PAIR) of a role. */
unsigned long theme_attr(enum role r);

#endif
