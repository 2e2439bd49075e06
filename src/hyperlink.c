#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hyperlink.h"
#include "xmalloc.h"

static bool
starts(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool
set(const char *(*getenv_fn)(const char *), const char *name)
{
	const char *v = getenv_fn(name);

	return v != NULL && *v != '\0';
}

/* Whether version string v ("3.3a", "3.4", "next-3.5") is at least
 * major.minor. */
static bool
version_at_least(const char *v, long major, long minor)
{
	char *end;
	long a, b = 0;

	while (v != NULL && *v != '\0' && (*v < '0' || *v > '9'))
		v++;
	if (v == NULL || *v == '\0')
		return false;
	a = strtol(v, &end, 10);
	if (*end == '.')
		b = strtol(end + 1, NULL, 10);
	return a > major || (a == major && b >= minor);
}

bool
hyperlink_enabled(
    enum hyperlink_mode mode, const char *term, const char *(*getenv_fn)(const char *name))
{
	static const char *const programs[] = { "iTerm.app", "WezTerm", "vscode", "ghostty",
		"Hyper", "rio" };
	static const char *const windows[] = { "KITTY_WINDOW_ID", "WEZTERM_PANE",
		"ALACRITTY_WINDOW_ID", "WT_SESSION" };
	static const char *const terms[] = { "xterm-kitty", "foot", "alacritty", "wezterm",
		"xterm-ghostty", "contour", "mintty" };
	const char *prog, *vte;

	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0)
		return false;
	if (mode != HYPERLINKS_AUTO)
		return mode == HYPERLINKS_ON;
	prog = getenv_fn("TERM_PROGRAM");
	if (prog != NULL && strcmp(prog, "tmux") == 0)
		return version_at_least(getenv_fn("TERM_PROGRAM_VERSION"), 3, 4);
	if (set(getenv_fn, "TMUX"))
		return false;
	if (starts(term, "screen"))
		return false;
	for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++)
		if (prog != NULL && strcmp(prog, programs[i]) == 0)
			return true;
	vte = getenv_fn("VTE_VERSION");
	if (vte != NULL && atol(vte) >= 5000)
		return true;
	for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++)
		if (set(getenv_fn, windows[i]))
			return true;
	for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++)
		if (starts(term, terms[i]))
			return true;
	return false;
}

char *
hyperlink_url(const char *target, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out;
	size_t o = 0;

	if (len == 0)
		return NULL;
	out = xmalloc(HYPERLINK_URL_MAX + 1);
	if (len >= 4 && strncmp(target, "www.", 4) == 0) {
		memcpy(out, "http://", 7);
		o = 7;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)target[i];

		if (c >= 0x21 && c <= 0x7E) {
			if (o + 1 > HYPERLINK_URL_MAX)
				goto too_long;
			out[o++] = (char)c;
		} else {
			if (o + 3 > HYPERLINK_URL_MAX)
				goto too_long;
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return out;
too_long:
	free(out);
	return NULL;
}

void
hyperlink_id(unsigned long n, char buf[16])
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	char tmp[16];
	size_t k = 0, o = 0;

	do {
		tmp[k++] = digits[n % 36];
		n /= 36;
	} while (n > 0 && k < 13);
	buf[o++] = 'f';
	while (k > 0)
		buf[o++] = tmp[--k];
	buf[o] = '\0';
}

unsigned long
hyperlink_row_hash(unsigned long h, unsigned long c)
{
	return h + (h << 5) + c;
}

/* The working state of hyperlink_moves: the rows' hashes, the cost
 * callback, and for each new row the old row it is paired with. */
struct moves {
	int n;
	const unsigned long *old, *now;
	int (*cost)(void *ctx, int old, int now);
	void *ctx;
	int *pair; /* pair[new row]: old row, or -1 */
};

/* Whether pairing new row to with old row from is worth its cost, the way
 * curses weighs it: what rows to and from cost to update as they are
 * paired now, against what they would cost once to took old row from
 * (blank: to would show a blank row before its update). */
static bool
worth_pairing(const struct moves *m, int from, int to, bool blank)
{
	int had = m->pair[from] >= 0 ? m->pair[from] : from;
	int before, after;

	if (from == to)
		return false;
	before = m->cost(m->ctx, blank ? -1 : to, to) + m->cost(m->ctx, had, from);
	after = m->cost(m->ctx, had == from ? -1 : had, from) + m->cost(m->ctx, from, to);
	return before >= after;
}

/* Whether new row y may be paired with old row y + shift. */
static bool
joins(const struct moves *m, int y, int shift, bool blank)
{
	return m->now[y] == m->old[y + shift] || worth_pairing(m, y + shift, y, blank);
}

/* Extends each run of rows paired with one shift over its neighbours
 * that match under the same shift, without reaching rows another run
 * needs (curses' own growth of its hunks). */
static void
grow_runs(struct moves *m)
{
	int lo = 0, lo_ref = 0, y = 0;

	while (y < m->n && m->pair[y] < 0)
		y++;
	while (y < m->n) {
		int start = y, shift = m->pair[y] - y, end, next, hi, hi_ref;

		for (y = start + 1; y < m->n && m->pair[y] >= 0 && m->pair[y] - y == shift; y++)
			;
		end = y;
		while (y < m->n && m->pair[y] < 0)
			y++;
		next = hi = y;
		hi_ref = y >= m->n || m->pair[y] >= y ? y : m->pair[y];
		if (shift < 0)
			lo = lo_ref - shift;
		for (y = start - 1; y >= lo && joins(m, y, shift, shift < 0); y--)
			m->pair[y] = y + shift;
		if (shift > 0)
			hi = hi_ref - shift;
		for (y = end; y < hi && joins(m, y, shift, shift > 0); y++)
			m->pair[y] = y + shift;
		lo = lo_ref = y;
		if (shift > 0)
			lo_ref += shift;
		y = next;
	}
}

/* Forgets the runs too short to be worth a scroll, or moved further than
 * they are long. */
static void
drop_short_runs(struct moves *m)
{
	for (int y = 0; y < m->n;) {
		int start, shift, size, d;

		while (y < m->n && m->pair[y] < 0)
			y++;
		if (y >= m->n)
			break;
		start = y;
		shift = m->pair[y] - y;
		for (y++; y < m->n && m->pair[y] >= 0 && m->pair[y] - y == shift; y++)
			;
		size = y - start;
		d = size / 8 < 2 ? size / 8 : 2;
		if (size < 3 || size + d < abs(shift))
			for (int k = start; k < y; k++)
				m->pair[k] = -1;
	}
}

/* Scrolls rows [top, bot] of map by shift (> 0: up), as the terminal
 * does: rows scrolled in are blank (-1). */
static void
scroll_map(int *map, int shift, int top, int bot)
{
	if (shift > 0) {
		for (int y = top; y <= bot; y++)
			map[y] = y + shift <= bot ? map[y + shift] : -1;
	} else {
		for (int y = bot; y >= top; y--)
			map[y] = y + shift >= top ? map[y + shift] : -1;
	}
}

void
hyperlink_moves(int n, const unsigned long *old, const unsigned long *now,
    int (*cost)(void *ctx, int old, int now), void *ctx, bool can_scroll, int *map)
{
	struct moves m = { .n = n, .old = old, .now = now, .cost = cost, .ctx = ctx };

	for (int y = 0; y < n; y++)
		map[y] = y;
	if (!can_scroll || n <= 0)
		return;
	m.pair = xcalloc((size_t)n, sizeof *m.pair);
	/* Anchors: rows whose hash is once in the old rows and once in the
	 * new ones, at another place. */
	for (int y = 0; y < n; y++) {
		int in_old = 0, in_now = 0, at = -1;

		m.pair[y] = -1;
		for (int i = 0; i < n; i++) {
			if (old[i] == now[y]) {
				in_old++;
				at = i;
			}
			in_now += now[i] == now[y];
		}
		if (in_old == 1 && in_now == 1 && at != y)
			m.pair[y] = at;
	}
	grow_runs(&m);
	drop_short_runs(&m);
	grow_runs(&m);
	/* The scrolls: runs moving up, from the top; then runs moving down,
	 * from the bottom. */
	for (int y = 0; y < n;) {
		int start, shift;

		while (y < n && (m.pair[y] < 0 || m.pair[y] <= y))
			y++;
		if (y >= n)
			break;
		start = y;
		shift = m.pair[y] - y;
		for (y++; y < n && m.pair[y] >= 0 && m.pair[y] - y == shift; y++)
			;
		scroll_map(map, shift, start, y - 1 + shift);
	}
	for (int y = n - 1; y >= 0;) {
		int end, shift;

		while (y >= 0 && (m.pair[y] < 0 || m.pair[y] >= y))
			y--;
		if (y < 0)
			break;
		end = y;
		shift = m.pair[y] - y;
		for (y--; y >= 0 && m.pair[y] >= 0 && m.pair[y] - y == shift; y--)
			;
		scroll_map(map, shift, y + 1 + shift, end);
	}
	free(m.pair);
}
