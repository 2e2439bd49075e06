#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hyperlink.h"
#include "tap.h"

static const char *const *fake_env;

static const char *
fake_getenv(const char *name)
{
	for (size_t i = 0; fake_env[i] != NULL; i += 2)
		if (strcmp(fake_env[i], name) == 0)
			return fake_env[i + 1];
	return NULL;
}

/* Rows in the hyperlink_moves tests: words of ROW_W letters, one a row;
 * '.' is a blank cell. */
#define ROW_W 4
static const char *cost_old, *cost_now;

static int
cell_cost(void *ctx, int o, int y)
{
	int n = 0;

	(void)ctx;
	for (int x = 0; x < ROW_W; x++)
		n += (o < 0 ? '.' : cost_old[o * (ROW_W + 1) + x]) != cost_now[y * (ROW_W + 1) + x];
	return n;
}

static unsigned long
row_hash(const char *row)
{
	unsigned long h = 0;

	for (int x = 0; x < ROW_W; x++)
		h = hyperlink_row_hash(h, (unsigned char)row[x]);
	return h;
}

/* Checks hyperlink_moves on rows old and now, against the map want
 * ("1 2 -1 ..."). */
static void
moves_ok(const char *old, const char *now, bool can_scroll, const char *want, const char *what)
{
	int n = (int)(strlen(old) + 1) / (ROW_W + 1), map[32] = { 0 };
	unsigned long oh[32] = { 0 }, nh[32] = { 0 };
	char got[256] = "";

	cost_old = old;
	cost_now = now;
	for (int y = 0; y < n; y++) {
		oh[y] = row_hash(old + y * (ROW_W + 1));
		nh[y] = row_hash(now + y * (ROW_W + 1));
	}
	hyperlink_moves(n, oh, nh, cell_cost, NULL, can_scroll, map);
	for (int y = 0; y < n; y++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%d", y ? " " : "", map[y]);
	is_str(got, want, what);
}

static bool
enabled(enum hyperlink_mode m, const char *term, const char *const *env)
{
	fake_env = env;
	return hyperlink_enabled(m, term, fake_getenv);
}

int
main(void)
{
	static const char *const none[] = { NULL };
	static const char *const wez[] = { "TERM_PROGRAM", "WezTerm", NULL };
	static const char *const tmux33[] = { "TERM_PROGRAM", "tmux", "TERM_PROGRAM_VERSION",
		"3.3a", "TMUX", "/tmp/s,1,0", NULL };
	static const char *const tmux34[] = { "TERM_PROGRAM", "tmux", "TERM_PROGRAM_VERSION", "3.4",
		"TMUX", "/tmp/s,1,0", NULL };
	static const char *const vte[] = { "VTE_VERSION", "7200", NULL };
	static const char *const oldvte[] = { "VTE_VERSION", "4800", NULL };
	char *u, id[16];

	ok(!enabled(HYPERLINKS_AUTO, "xterm-256color", none), "auto: plain xterm is off");
	ok(enabled(HYPERLINKS_AUTO, "xterm-256color", wez), "auto: WezTerm is on");
	ok(!enabled(HYPERLINKS_AUTO, "tmux-256color", tmux33), "auto: tmux 3.3 is off");
	ok(enabled(HYPERLINKS_AUTO, "tmux-256color", tmux34), "auto: tmux 3.4 is on");
	ok(enabled(HYPERLINKS_AUTO, "xterm-256color", vte), "auto: VTE 7200 is on");
	ok(!enabled(HYPERLINKS_AUTO, "xterm-256color", oldvte), "auto: VTE 4800 is off");
	ok(enabled(HYPERLINKS_AUTO, "xterm-kitty", none), "auto: TERM xterm-kitty is on");
	ok(!enabled(HYPERLINKS_AUTO, "screen-256color", none), "auto: GNU screen is off");
	ok(enabled(HYPERLINKS_ON, "xterm", none), "on is on");
	ok(!enabled(HYPERLINKS_ON, "dumb", none), "on: dumb is off");
	ok(!enabled(HYPERLINKS_OFF, "xterm-kitty", wez), "off is off");

	{
		static const char t[] = "http://a/\x1b]8;;\x07 b\xc3\xa9";

		u = hyperlink_url(t, sizeof t - 1);
	}
	is_str(u, "http://a/%1B]8;;%07%20b%C3%A9", "controls, space and UTF-8 are percent-encoded");
	free(u);
	u = hyperlink_url("www.example.com", 15);
	is_str(u, "http://www.example.com", "www. gets http://");
	free(u);
	ok(hyperlink_url("", 0) == NULL, "an empty target is no link");
	{
		char *big = malloc(HYPERLINK_URL_MAX);

		memset(big, 0x01, HYPERLINK_URL_MAX);
		ok(hyperlink_url(big, HYPERLINK_URL_MAX) == NULL,
		    "a target too long once encoded is no link");
		free(big);
	}
	hyperlink_id(0, id);
	is_str(id, "f0", "id of 0");
	hyperlink_id(36 * 36 + 1, id);
	is_str(id, "f101", "id in base 36");

	moves_ok("abcd efgh ijkl mnop qrst uvwx", "abcd efgh ijkl mnop qrst uvwx", true,
	    "0 1 2 3 4 5", "unchanged rows stay");
	moves_ok("abcd efgh ijkl mnop qrst uvwx", "efgh ijkl mnop qrst uvwx yzab", true,
	    "1 2 3 4 5 -1", "a scroll up by one moves the rows, one comes in blank");
	moves_ok("efgh ijkl mnop qrst uvwx yzab", "abcd efgh ijkl mnop qrst uvwx", true,
	    "-1 0 1 2 3 4", "a scroll down by one");
	moves_ok("aaaa .... bbbb cccc .... dddd eeee .... ffff",
	    ".... bbbb cccc .... dddd eeee .... ffff gggg", true, "1 2 3 4 5 6 7 8 -1",
	    "rows alike (blank ones) move with the unique rows around them");
	moves_ok("abcd efgh ijkl mnop qrst st01", "efgh ijkl mnop qrst uvwx st02", true,
	    "1 2 3 4 -1 5", "the scroll stops above a status row that changed in place");
	moves_ok("abcd efgh ijkl mnop qrst uvwx", "ijkl mnop ijkQ mnoQ qrsQ uvwQ", true,
	    "0 1 2 3 4 5", "a run of two moved rows is not scrolled");
	moves_ok("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj",
	    "hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq", true, "0 1 2 3 4 5 6 7 8 9",
	    "rows moved further than the run is long are not scrolled");
	moves_ok("abcd efgh ijkl mnop qrst uvwx", "abcd efgh ijXl mnop qrst uvwx", true,
	    "0 1 2 3 4 5", "an edited row stays in place");
	moves_ok("abcd efgh ijkl mnop qrst uvwx", "efgh ijkl mnop qrst uvwx yzab", false,
	    "0 1 2 3 4 5", "a terminal that cannot scroll keeps every row");
	moves_ok("aaaa bbbb cccc dddd eeee ffff gggg hhhh",
	    "aaaa bbbb dddd eeee ffff gggg hhhh ....", true, "0 1 3 4 5 6 7 -1",
	    "a row deleted in the middle: the rows below move up");
	return tap_done();
}
