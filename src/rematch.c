#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "extlib.h"
#include "rematch.h"
#include "timing.h"
#include "xmalloc.h"

/* Steps PCRE2 may take from one starting point, and how deep it may
 * recurse: plenty for ordinary patterns, a few milliseconds (with JIT) for
 * a catastrophic one before its line is passed over. */
#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 100000u
/* Bytes one call of PCRE2 looks at (then up to the end of the line), so
 * that a budget is looked at often enough even where every start is slow. */
#define CHUNK (16u << 10)

struct rematch {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	size_t skipped;
	bool verify;    /* the pattern may look past a line's end (see
	                   needs_verify): a match is looked for again in its
	                   line alone */
	long budget_us; /* one find stops after this long; 0: never */
	bool stopped;   /* the last find did */
};

static char *
compile_error(int code, PCRE2_SIZE offset, const char *pat, size_t len)
{
	PCRE2_UCHAR msg[256];
	size_t chars = 0;

	if (libpcre2.pcre2_get_error_message(code, msg, sizeof msg) < 0)
		snprintf((char *)msg, sizeof msg, "error %d", code);
	if (offset > len)
		offset = len;
	/* the position in characters, as the prompt shows them */
	chars = u8_mbsnlen((const uint8_t *)pat, offset);
	return xasprintf("%s at %zu", (const char *)msg, chars + 1);
}

/* Whether pat can look past the end of the subject's line: a look-ahead
 * (atomic or not: "(?*"), a verb or an alpha assertion ("(*"), or \z and
 * \Z, which hold at the end of the subject.  One call of PCRE2 looks at
 * many lines, and a match so found must also be one in its line alone, or
 * a search cut into slices would not find what one search finds.  Read
 * loosely: a false yes only costs a second look. */
static bool
needs_verify(const char *pat, size_t len)
{
	static const char *const tokens[] = { "(?=", "(?!", "(?*", "(*", "\\z", "\\Z" };

	for (size_t t = 0; t < sizeof tokens / sizeof *tokens; t++)
		if (memmem(pat, len, tokens[t], strlen(tokens[t])) != NULL)
			return true;
	return false;
}

struct rematch *
rematch_compile(const char *pat, size_t len, bool icase, char **err)
{
	/* PCRE2 takes a pattern that starts with .* to match only at line
	 * starts, which invalid UTF-8 in a line makes untrue (the fuzzer's
	 * first find): NO_DOTSTAR_ANCHOR. */
	uint32_t flags = PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE | PCRE2_MATCH_INVALID_UTF |
	    PCRE2_NEVER_BACKSLASH_C | PCRE2_NO_DOTSTAR_ANCHOR | (icase ? PCRE2_CASELESS : 0);
	struct rematch *re;
	const char *why;
	int code;
	PCRE2_SIZE offset;

	*err = NULL;
	if (libpcre2_load(&why) != 0) {
		*err = xasprintf("regular expressions need PCRE2 (%s)", why);
		return NULL;
	}
	re = xcalloc(1, sizeof *re);
	re->code = libpcre2.pcre2_compile((PCRE2_SPTR)pat, len, flags, &code, &offset, NULL);
	if (re->code == NULL) {
		*err = compile_error(code, offset, pat, len);
		free(re);
		return NULL;
	}
	/* Without JIT (not built in, or no executable memory) the
	 * interpreter runs the same pattern, more slowly. */
	libpcre2.pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
	re->md = libpcre2.pcre2_match_data_create_from_pattern(re->code, NULL);
	re->mc = libpcre2.pcre2_match_context_create(NULL);
	if (re->md == NULL || re->mc == NULL)
		fatal("out of memory");
	re->verify = needs_verify(pat, len);
	libpcre2.pcre2_set_match_limit(re->mc, MATCH_LIMIT);
	libpcre2.pcre2_set_depth_limit(re->mc, DEPTH_LIMIT);
	return re;
}

void
rematch_free(struct rematch *re)
{
	if (re == NULL)
		return;
	libpcre2.pcre2_match_context_free(re->mc);
	libpcre2.pcre2_match_data_free(re->md);
	libpcre2.pcre2_code_free(re->code);
	free(re);
}

size_t
rematch_skipped(const struct rematch *re)
{
	return re->skipped;
}

/* One call: 1 with the match in *s, *e, 0 for none, -1 over a limit. */
static int
match(struct rematch *re, const char *text, size_t len, size_t from, size_t *s, size_t *e)
{
	int r = libpcre2.pcre2_match(
	    re->code, (PCRE2_SPTR)text, len, from, PCRE2_NOTEMPTY, re->md, re->mc);
	PCRE2_SIZE *ov;

	if (r == PCRE2_ERROR_NOMATCH)
		return 0;
	if (r < 0 && r != PCRE2_ERROR_PARTIAL)
		return r == PCRE2_ERROR_MATCHLIMIT || r == PCRE2_ERROR_DEPTHLIMIT ||
			r == PCRE2_ERROR_JIT_STACKLIMIT || r == PCRE2_ERROR_HEAPLIMIT
		    ? -1
		    : 0;
	ov = libpcre2.pcre2_get_ovector_pointer(re->md);
	if (ov[0] > ov[1] || ov[1] > len)
		return 0; /* \K in a lookahead can report a start after the end */
	*s = ov[0];
	*e = ov[1];
	return 1;
}

static size_t
line_end(const char *text, size_t len, size_t at)
{
	const char *nl = at < len ? memchr(text + at, '\n', len - at) : NULL;

	return nl != NULL ? (size_t)(nl - text) : len;
}

void
rematch_set_budget(struct rematch *re, long us)
{
	re->budget_us = us;
}

bool
rematch_stopped(const struct rematch *re)
{
	return re->stopped;
}

bool
rematch_find(struct rematch *re, const char *text, size_t len, size_t from, size_t limit,
    size_t *start, size_t *end)
{
	long deadline = re->budget_us > 0 ? timing_now_us() + re->budget_us : 0;
	bool first = true;
	size_t s, e, le;
	int r;

	re->stopped = false;
	if (limit > len)
		limit = len;
	while (from < limit) {
		/* A match starts in [from, stop) or after it on stop's line,
		 * and never runs past the end of that line. */
		size_t stop = limit - from > CHUNK ? from + CHUNK : limit;
		/* A pattern that may look past its line is matched a line at a
		 * time: a look-ahead that fails on the next line must not hide
		 * a match its line alone holds. */
		size_t cap = line_end(text, len, re->verify ? from : stop - 1);

		if (!first && deadline != 0 && timing_now_us() >= deadline) {
			re->stopped = true;
			*start = *end = from;
			return false;
		}
		first = false;
		r = match(re, text, cap, from, &s, &e);
		if (r > 0 && memchr(text + s, '\n', e - s) == NULL &&
		    (!re->verify || line_end(text, len, s) == cap)) {
			if (s >= limit)
				return false;
			*start = s;
			*end = e;
			return true;
		}
		if (r == 0) {
			from = cap + 1;
			continue;
		}
		/* A match across lines (or one that looked past its line),
		 * or a limit reached: look again in the one line where it
		 * started (or where the search is). */
		if (r < 0)
			s = from;
		if (s >= limit)
			return false;
		le = line_end(text, len, s);
		r = match(re, text, le, s, start, end);
		if (r > 0 && *start < limit)
			return true;
		if (r < 0)
			re->skipped++;
		from = le + 1;
	}
	return false;
}

bool
rematch_has_upper(const char *pat, size_t len)
{
	size_t i = 0;

	while (i < len) {
		ucs4_t u;
		int n = u8_mbtouc(&u, (const uint8_t *)pat + i, len - i);

		if (n <= 0)
			n = 1;
		if (u == '\\' && i + 1 < len) {
			char c = pat[i + 1];

			i += 2;
			/* \p{Lu}, \P{Greek}, \x{41}, \N{U+41}, \o{101}, \g{name}, \k{name} */
			if (i < len && pat[i] == '{' && strchr("pPxNogk", c) != NULL) {
				const char *close = memchr(pat + i, '}', len - i);

				i = close != NULL ? (size_t)(close - pat) + 1 : len;
			} else if ((c == 'p' || c == 'P') && i < len) {
				i++; /* \pL */
			}
			continue;
		}
		if (uc_is_upper(u))
			return true;
		i += (size_t)n;
	}
	return false;
}
