#include "config.h"

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

	{
		uint64_t old[6] = { 1, 2, 3, 4, 5, 6 }, scrolled[6] = { 2, 3, 4, 5, 6, 9 };
		uint64_t edited[6] = { 1, 2, 7, 4, 5, 6 }, small[6] = { 2, 3, 9, 9, 9, 9 };
		int from[6];

		hyperlink_rows(old, old, 6, false, from);
		ok(from[0] == 0 && from[5] == 5, "unchanged rows stay");
		hyperlink_rows(old, old, 6, true, from);
		ok(from[0] == -1 && from[5] == -1, "a full repaint loses every row");
		hyperlink_rows(old, scrolled, 6, false, from);
		ok(from[0] == 1 && from[4] == 5 && from[5] == -1,
		    "a scroll by one keeps the moved rows");
		hyperlink_rows(old, edited, 6, false, from);
		ok(from[1] == 1 && from[2] == -1 && from[3] == 3,
		    "an edited row is lost, the others stay");
		hyperlink_rows(old, small, 6, false, from);
		ok(from[0] == -1 && from[1] == -1, "a run of two moved rows is taken as rewritten");
	}
	return tap_done();
}
