/* libFuzzer target: a regular expression and a text (split at the first
 * NUL byte).  Any bytes compile, or fail with a message that names a
 * position inside the pattern; never a crash.  Matches must lie in the
 * text, start where the search may, span no line end and agree with
 * search_count; searching with limits that cut the text (as the finder
 * does) must give exactly the matches of one unlimited search, since a
 * match never runs past its line.  Then the finder, whose steps a
 * budget of one microsecond stops as often as it can, must count as many
 * matches as there are, and walk to the last one backward.  The search
 * that looks for the pattern's literals first must find exactly what
 * PCRE2 alone finds (search_plain).
 *
 * The first byte holds the options: bits 0-1 the case mode, bits 2-7 the
 * limit's step (1 to 64 bytes). */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "finder.h"
#include "search.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where a message's " at N" says the pattern is wrong: 1 to plen + 1. */
static void
check_error(const char *err, size_t plen)
{
	const char *at = err != NULL ? strrchr(err, ' ') : NULL;
	unsigned long n;

	if (err == NULL)
		return;
	if (at == NULL || at - err < 3 || strncmp(at - 3, " at", 3) != 0)
		abort();
	n = strtoul(at + 1, NULL, 10);
	if (n < 1 || n > plen + 1)
		abort();
}

/* The matches of one search, non-overlapping, with limits every k bytes
 * (k = 0: none); returns their number, checking each. */
static size_t
matches(const struct search_pattern *p, const char *t, size_t n, size_t k, size_t *sum)
{
	size_t pos = 0, lim, s, e, count = 0;

	*sum = 0;
	while (pos < n) {
		lim = k > 0 && pos + k < n ? pos + k : n;
		while (lim < n && ((unsigned char)t[lim] & 0xC0) == 0x80)
			lim++;
		while (pos < lim && search_find(p, t, n, pos, lim, &s, &e)) {
			if (s < pos || s >= lim || e <= s || e > n ||
			    memchr(t + s, '\n', e - s) != NULL)
				abort();
			count++;
			*sum += s * 31 + e;
			pos = e;
		}
		if (pos < lim)
			pos = lim;
	}
	return count;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *nul, *pat, *text;
	size_t plen, tlen, k, n, n2, sum, sum2;
	struct search_options o = { .regex = true };
	struct search_pattern *p;

	if (!ready) {
		text_init();
		ready = 1;
	}
	if (size < 1)
		return 0;
	o.case_mode = (enum search_case)(data[0] % 3);
	k = 1 + (size_t)(data[0] >> 2);
	data++;
	size--;
	pat = (const char *)data;
	nul = memchr(data, '\0', size);
	plen = nul != NULL ? (size_t)(nul - pat) : size;
	text = pat + plen + (nul != NULL);
	tlen = size - plen - (nul != NULL);

	p = search_compile(pat, plen, &o);
	/* An empty pattern is no regular expression: it finds nothing. */
	if (plen > 0 && !search_is_regex(p))
		abort();
	check_error(search_error(p), plen);
	n = matches(p, text, tlen, 0, &sum);
	if (n != search_count(p, text, tlen))
		abort();
	n2 = matches(p, text, tlen, k, &sum2);
	/* A line given up at the match limit may be given up in one slicing
	 * and not another (its search starts elsewhere): only texts where no
	 * line was must agree. */
	if (search_skipped(p) > 0) {
		search_free(p);
		return 0;
	}
	if (n2 != n || sum2 != sum)
		abort();
	search_free(p);
	p = search_compile(pat, plen, &o);
	search_plain(p);
	n2 = matches(p, text, tlen, 0, &sum2);
	if (search_skipped(p) == 0 && (n2 != n || sum2 != sum))
		abort();
	search_free(p);

	if (tlen > 0 && n > 0) {
		struct article *a = article_from_buffer("fuzz", text, tlen);
		struct finder f;
		int steps = 0;

		finder_init(&f);
		finder_start(&f, a, search_compile(pat, plen, &o), true, tlen, false);
		search_set_budget(f.pat, 1);
		while (finder_busy(&f) && steps++ < 1000000)
			finder_work(&f, 0);
		if (finder_busy(&f) || !f.have_cur || f.total != n)
			abort();
		finder_free(&f);
		article_free(a);
	}
	return 0;
}
