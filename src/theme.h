/* theme.h - the curses attributes that draw each colour role.
 *
 * The roles and their built-in styles are declared in roles.h (plain data,
 * so the configuration can read and print them); theme_init turns the
 * styles into attributes for what the terminal can do: fg on bg with attrs
 * where it has colours, the mono attributes alone where it has none or
 * NO_COLOR is set.
 */
#ifndef FOLIO_THEME_H
#define FOLIO_THEME_H

#include <stdbool.h>

#include "roles.h"

/* Replaces the styles theme_init uses (the built-in ones until then) with
 * styles[0..ROLE_COUNT), which are copied.  Call before theme_init. */
void theme_set_styles(const struct role_style *styles);

/* Sets the attributes up; call after the screen is initialised.  Colour is
 * used only when use_color is true, the terminal has colours and NO_COLOR
 * is unset or empty.  A role whose colours the terminal cannot show (a
 * colour number beyond COLORS) is drawn with its mono attributes. */
void theme_init(bool use_color);
/* The attributes (A_* | COLOR_PAIR) of a role. */
unsigned long theme_attr(enum role r);

#endif
