#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "theme.h"

static struct role_style styles[ROLE_COUNT] = { ROLES(ROLE_DEFAULT_STYLE) };

static unsigned long attrs[ROLE_COUNT];

/* The curses attribute of each RA_* bit. */
static const unsigned long curses_attrs[RAB_COUNT] = {
	[RAB_BOLD] = A_BOLD,
	[RAB_UNDERLINE] = A_UNDERLINE,
	[RAB_REVERSE] = A_REVERSE,
	[RAB_DIM] = A_DIM,
#ifdef A_ITALIC
	[RAB_ITALIC] = A_ITALIC,
#endif
	[RAB_BLINK] = A_BLINK,
};

static unsigned long
to_curses(unsigned bits)
{
	unsigned long a = A_NORMAL;

	for (int b = 0; b < RAB_COUNT; b++)
		if (bits & (1u << b))
			a |= curses_attrs[b];
	return a;
}

void
theme_set_styles(const struct role_style *s)
{
	memcpy(styles, s, sizeof styles);
}

void
theme_init(bool use_color)
{
	const char *nc = getenv("NO_COLOR");
	bool color = use_color && has_colors() && (nc == NULL || *nc == '\0');

	if (color && start_color() == OK) {
		bool dflt = use_default_colors() == OK;

		for (int r = 0; r < ROLE_COUNT; r++) {
			short fg = styles[r].fg, bg = styles[r].bg;

			if (fg == RC_DEFAULT && bg == RC_DEFAULT) {
				attrs[r] = to_curses(styles[r].attrs);
				continue;
			}
			if (!dflt) {
				fg = fg < 0 ? COLOR_WHITE : fg;
				bg = bg < 0 ? COLOR_BLACK : bg;
			}
			if (fg < COLORS && bg < COLORS && r + 1 < COLOR_PAIRS &&
			    init_pair((short)(r + 1), fg, bg) == OK)
				attrs[r] = to_curses(styles[r].attrs) | COLOR_PAIR(r + 1);
			else
				attrs[r] = to_curses(styles[r].mono);
		}
		return;
	}
	for (int r = 0; r < ROLE_COUNT; r++)
		attrs[r] = to_curses(styles[r].mono);
}

unsigned long
theme_attr(enum role r)
{
	return r < ROLE_COUNT ? attrs[r] : A_NORMAL;
}
