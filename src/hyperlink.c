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

uint64_t
hyperlink_hash(const void *data, size_t len, uint64_t h)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* How many of h[0..n) equal v. */
static int
count_of(const uint64_t *h, int n, uint64_t v)
{
	int c = 0;

	for (int i = 0; i < n; i++)
		c += h[i] == v;
	return c;
}

/* The old row that new row y moved from, when it is unique both in the
 * old rows and in the new ones and changed place; else -1. */
static int
moved_from(const uint64_t *old, const uint64_t *now, int n, int y)
{
	int j = -1;

	if (now[y] == old[y] || count_of(now, n, now[y]) != 1)
		return -1;
	for (int i = 0; i < n; i++)
		if (old[i] == now[y]) {
			if (j >= 0)
				return -1;
			j = i;
		}
	return j;
}

void
hyperlink_rows(const uint64_t *old, const uint64_t *now, int n, bool full, int *from)
{
	int *src, *shift;
	bool *swept;

	for (int y = 0; y < n; y++)
		from[y] = -1;
	if (full || n <= 0)
		return;
	src = xcalloc((size_t)n, sizeof *src);
	shift = xcalloc((size_t)n, sizeof *shift);
	swept = xcalloc((size_t)n, sizeof *swept);
	for (int y = 0; y < n; y++) {
		src[y] = moved_from(old, now, n, y);
		shift[y] = src[y] >= 0 ? src[y] - y : 0;
	}
	/* Runs of rows that moved by one shift; curses scrolls the region
	 * from the run's old place to its new one, and every row in that
	 * region that is not part of the run is rewritten. */
	for (int y = 0; y < n;) {
		int e = y;

		if (src[y] < 0) {
			y++;
			continue;
		}
		while (e + 1 < n && src[e + 1] >= 0 && shift[e + 1] == shift[y])
			e++;
		if (e - y + 1 >= 3) {
			int lo = y < y + shift[y] ? y : y + shift[y];
			int hi = e > e + shift[y] ? e : e + shift[y];

			for (int k = lo; k <= hi && k < n; k++)
				swept[k] = true;
			for (int k = y; k <= e; k++)
				from[k] = src[k];
		}
		y = e + 1;
	}
	for (int y = 0; y < n; y++)
		if (from[y] < 0 && !swept[y] && old[y] == now[y])
			from[y] = y;
	free(src);
	free(shift);
	free(swept);
}
