/* libFuzzer target: the list row format and the word count.  The bytes
 * are split at the first NUL into a list_format and, after it, bytes
 * that serve three ends: a date_format (up to the next NUL), the file
 * name and title of an entry, and raw article text whose words are
 * counted.  Checked: a format either parses or says why; a parsed one
 * renders a row that is valid UTF-8 holding no control character, no
 * C1 control and no bidi override, whatever the file names hold (a
 * title is safe text already, as the library makes it); a format of
 * fixed-width fields gives a row exactly as wide as their widths say; and
 * counting the words in two pieces cut anywhere gives the count of the
 * whole. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "info.h"
#include "library.h"
#include "listfmt.h"
#include "text.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether row is valid UTF-8 that cannot act on a terminal. */
static bool
safe(const char *row)
{
	size_t n = strlen(row);

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = text_decode(row + i, n - i, &cp);

		if (cp == TEXT_REPLACEMENT && k == 1)
			return false;
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || text_is_bidi_control(cp))
			return false;
		i += k;
	}
	return true;
}

/* A copy of s[0..n) as a C string (a NUL inside ends it). */
static char *
cstr(const uint8_t *s, size_t n)
{
	return xstrndup((const char *)s, n);
}

static void
check_row(const char *spec, const char *date, const uint8_t *rest, size_t n)
{
	char *why = NULL;
	struct listfmt *f = listfmt_parse(spec, date, &why);
	struct entry e = { 0 };
	char *row;

	if (f == NULL) {
		if (why == NULL || !safe(why))
			abort();
		free(why);
		return;
	}
	e.path = cstr(rest, n / 2);
	e.group = cstr(rest, n / 4);
	/* Titles are safe text in the library; names are raw. */
	e.title = article_safe_line((const char *)rest + n / 2, n - n / 2);
	e.size = (off_t)n * 1000003;
	e.mtime = (time_t)n * 86413;
	for (int unread = 0; unread < 2; unread++) {
		row = listfmt_row(f, &e, unread);
		if (!safe(row))
			abort();
		free(row);
	}
	free(e.path);
	free(e.group);
	free(e.title);
	listfmt_free(f);
}

/* Widths only ("%12t%-3f%7s"), as the first bytes pick them: the row is
 * exactly as wide as they add up to. */
static void
check_widths(const uint8_t *rest, size_t n)
{
	static const char convs[] = "tfpsu";
	char spec[64] = "", *why = NULL, *row;
	int total = 0, len = 0;
	struct listfmt *f;
	struct entry e = { 0 };

	for (size_t i = 0; i < 4 && i < n; i++) {
		int w = 1 + rest[i] % 40;

		len += snprintf(spec + len, sizeof spec - (size_t)len, "%%%s%d%c",
		    rest[i] & 1 ? "-" : "", w, convs[rest[i] % 5]);
		total += w;
	}
	if ((f = listfmt_parse(spec, NULL, &why)) == NULL)
		abort();
	e.path = cstr(rest, n);
	e.group = xstrdup("");
	e.title = article_safe_line((const char *)rest, n);
	row = listfmt_row(f, &e, true);
	if (text_width(row, strlen(row)) != total)
		abort();
	free(row);
	free(e.path);
	free(e.group);
	free(e.title);
	listfmt_free(f);
}

static void
check_words(const uint8_t *s, size_t n)
{
	size_t whole = info_count_words((const char *)s, n);
	size_t cut = n > 0 ? s[0] % (n + 1) : 0, used;
	struct info_words w = { 0 };

	used = info_words_feed(&w, (const char *)s, n, cut);
	if (used < cut || used > n)
		abort();
	info_words_feed(&w, (const char *)s + used, n - used, n - used);
	if (w.words != whole || whole > n)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size), *rest, *nul2;
	size_t slen = nul != NULL ? (size_t)(nul - data) : size, n;
	char *spec, *date;
	static bool ready;

	if (!ready) {
		text_init();
		setenv("TZ", "UTC", 1);
		ready = true;
	}
	spec = cstr(data, slen);
	rest = nul != NULL ? nul + 1 : data + size;
	n = (size_t)(data + size - rest);
	nul2 = memchr(rest, '\0', n);
	date = nul2 != NULL ? cstr(rest, (size_t)(nul2 - rest)) : NULL;
	check_row(spec, date, rest, n);
	check_widths(rest, n);
	check_words(rest, n);
	free(spec);
	free(date);
	return 0;
}
