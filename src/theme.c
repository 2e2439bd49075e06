#include "config.h"

#include <curses.h>
#include <stdlib.h>

#include "theme.h"

struct style {
	short fg, bg;         /* -1: the terminal's default */
	unsigned long attr;   /* with colours */
	unsigned long mono;   /* without */
};

/* Foregrounds only on the default background where possible, so the theme
 * reads on dark and light terminals alike. */
static const struct style styles[ROLE_COUNT] = {
	[ROLE_TEXT] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_TITLE] = { -1, -1, A_BOLD, A_BOLD },
	[ROLE_SELECTED] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[ROLE_SELECTED_DIM] = { -1, -1, A_REVERSE, A_UNDERLINE },
	[ROLE_UNREAD] = { -1, -1, A_BOLD, A_BOLD },
	[ROLE_GROUP] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[ROLE_SEPARATOR] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_STATUS] = { -1, -1, A_REVERSE, A_REVERSE },
	[ROLE_MESSAGE] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[ROLE_MATCH] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_UNDERLINE },
	[ROLE_CURRENT_MATCH] = { COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE },
};

static unsigned long attrs[ROLE_COUNT];

void
theme_init(bool use_color)
{
	const char *nc = getenv("NO_COLOR");
	bool color = use_color && has_colors() && (nc == NULL || *nc == '\0');

	if (color && start_color() == OK) {
		bool dflt = use_default_colors() == OK;

		for (int r = 0; r < ROLE_COUNT; r++) {
			short fg = styles[r].fg, bg = styles[r].bg;

			if (fg == -1 && bg == -1) {
				attrs[r] = styles[r].attr;
				continue;
			}
			if (!dflt) {
				fg = fg < 0 ? COLOR_WHITE : fg;
				bg = bg < 0 ? COLOR_BLACK : bg;
			}
			if (r + 1 < COLOR_PAIRS && init_pair((short)(r + 1), fg, bg) == OK)
				attrs[r] = styles[r].attr | COLOR_PAIR(r + 1);
			else
				attrs[r] = styles[r].mono;
		}
		return;
	}
	for (int r = 0; r < ROLE_COUNT; r++)
		attrs[r] = styles[r].mono;
}

unsigned long
theme_attr(enum role r)
{
	return r < ROLE_COUNT ? attrs[r] : A_NORMAL;
}
