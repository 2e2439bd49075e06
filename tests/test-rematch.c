/* Unit tests of regular expressions in the search engine (rematch.h,
 * search.h with regex set): smart case, Unicode classes, anchors per
 * line, invalid UTF-8, bad patterns and where they are wrong, the match
 * limits and the time budget. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "finder.h"
#include "rematch.h"
#include "search.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

static struct search_pattern *
compile(const char *pat, enum search_case mode)
{
	struct search_options o = { .case_mode = mode, .regex = true };

	return search_compile(pat, strlen(pat), &o);
}

/* Every match of pat in text as "s-e s-e ...", or "none". */
static char *
spans(const char *pat, enum search_case mode, const char *text, size_t len)
{
	struct search_pattern *p = compile(pat, mode);
	char *r = xstrdup("");
	size_t pos = 0, s, e;

	while (search_find(p, text, len, pos, len, &s, &e)) {
		char *t = xasprintf("%s%s%zu-%zu", r, *r ? " " : "", s, e);

		free(r);
		r = t;
		pos = e;
	}
	search_free(p);
	if (*r == '\0') {
		free(r);
		r = xstrdup("none");
	}
	return r;
}

static bool
has_upper(const char *pat)
{
	return rematch_has_upper(pat, strlen(pat));
}

#define SPANS(pat, mode, text, want, name) \
	do { \
		char *got_ = spans(pat, mode, text, strlen(text)); \
		is_str(got_, want, name); \
		free(got_); \
	} while (0)

static void
test_smart_case(void)
{
	SPANS("urgen.y", SEARCH_SMART, "URGENCY urgency", "0-7 8-15",
	    "smart case: a lowercase regex ignores case");
	SPANS("Urgen.y", SEARCH_SMART, "URGENCY Urgency", "8-15",
	    "smart case: an uppercase letter makes case matter");
	SPANS("\\Surgent", SEARCH_SMART, "xURGENT", "0-7",
	    "smart case: the S of \\S is no uppercase letter");
	SPANS("\\p{Lu}x", SEARCH_SMART, "Ax ax AX", "0-2 6-8",
	    "smart case: \\p{Lu} is no uppercase letter (x ignores case; \\p{Lu} is a property)");
	SPANS("a", SEARCH_SENSITIVE, "aA", "0-1", "case-sensitive mode respects case");
	SPANS(
	    "A", SEARCH_IGNORE, "aA", "0-1 1-2", "ignore-case mode ignores it even with capitals");
	SPANS("чечня", SEARCH_SMART, "ЧЕЧНЯ", "0-10", "Cyrillic folds case");
	SPANS("σ", SEARCH_SMART, "Σς", "0-2 2-4", "sigma finds capital and final sigma");
	SPANS("strasse", SEARCH_SMART, "straße", "none",
	    "PCRE2 folds one character to one: strasse does not find straße");
	ok(!has_upper("\\W\\D\\x{41}\\p{Greek}\\N{U+41}"), "rematch_has_upper passes over escapes");
	ok(has_upper("\\wЖ"), "rematch_has_upper sees a Cyrillic capital");
}

static void
test_unicode(void)
{
	SPANS("\\p{Cyrillic}+", SEARCH_SMART, "Chechnya Чечня 车臣", "9-19",
	    "\\p{Cyrillic} finds the Cyrillic word only");
	SPANS("\\p{Han}+", SEARCH_SMART, "Chechnya 车臣", "9-15", "\\p{Han}");
	SPANS("\\w+", SEARCH_SMART, "é-ж", "0-2 3-5", "\\w knows every script (UCP)");
	SPANS("\\bcafé\\b", SEARCH_SMART, "xcafé café", "7-12", "\\b around a non-ASCII letter");
	SPANS("caf.", SEARCH_SMART, "caf\xc3\xa9", "0-5", ". is a whole character");
	SPANS("café", SEARCH_SMART, "cafe\xcc\x81", "none",
	    "the text is not normalised: a decomposed é is not a composed one");
}

static void
test_lines(void)
{
	const char *t = "one two\ntwo one\n\ntwo";

	SPANS("^two", SEARCH_SMART, t, "8-11 17-20", "^ is the start of each line");
	SPANS("two$", SEARCH_SMART, t, "4-7 17-20", "$ is the end of each line");
	SPANS("^$", SEARCH_SMART, t, "none", "an empty match is none");
	SPANS("x*", SEARCH_SMART, "abc", "none", "x* alone finds nothing");
	SPANS("one\\stwo", SEARCH_SMART, "one\ntwo one two", "8-15",
	    "a match never spans a line: \\s does not take the newline");
	SPANS("e[^x]+t", SEARCH_SMART, "one\ntwo", "none", "[^x] does not cross a line either");
	SPANS("o.*o", SEARCH_SMART, "foo\nboo", "1-3 5-7", "greedy .* stays in its line");
	SPANS("(?<=a)b", SEARCH_SMART, "ab b", "1-2", "look-behind sees the text before from");
}

static void
test_invalid_utf8(void)
{
	const char t[] = "ab\xff\xfe"
			 "cd\n\xc3(ok\n\xe2\x82 ok";
	char *got = spans("ok", SEARCH_SMART, t, sizeof t - 1);

	is_str(got, "9-11 15-17", "invalid UTF-8 matches nothing but the search goes on past it");
	free(got);
	got = spans("b.c", SEARCH_SMART, t, sizeof t - 1);
	is_str(got, "none", ". does not match an invalid byte");
	free(got);
	got = spans(".*", SEARCH_SMART,
	    "ab\xff\xa0"
	    "cd\xa0"
	    "ef",
	    9);
	is_str(got, "0-2 4-6 7-9",
	    ".* goes on after invalid bytes in its line (no dot-star anchoring)");
	free(got);
	got = spans("\\w+", SEARCH_SMART, t, sizeof t - 1);
	is_str(got, "0-2 4-6 9-11 15-17", "\\w runs stop at invalid bytes");
	free(got);
}

static void
test_bad_patterns(void)
{
	struct {
		const char *pat, *err;
	} cases[] = {
		{ "urgen(cy", "missing closing parenthesis at 9" },
		{ "a)", "unmatched closing parenthesis at 2" },
		{ "[abc", "missing terminating ] for character class at 5" },
		{ "*a", "quantifier does not follow a repeatable item at 1" },
		{ "чечня(", "missing closing parenthesis at 7" },
		{ "\\p{Nonsense}", "unknown property after \\P or \\p at 13" },
		{ "a\\", "\\ at end of pattern at 3" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct search_pattern *p = compile(cases[i].pat, SEARCH_SMART);
		size_t s, e;

		ok(search_is_regex(p), "'%s' is a regex", cases[i].pat);
		is_str(
		    search_error(p), cases[i].err, "the error says what and where (in characters)");
		ok(!search_find(p, "urgency [abc a) a", 17, 0, 17, &s, &e),
		    "a bad pattern matches nothing");
		is_int((long long)search_count(p, "aaa", 3), 0, "and counts nothing");
		search_free(p);
	}
	{
		struct search_pattern *p = compile("ok(", SEARCH_SMART);
		struct search_pattern *q = compile("ok", SEARCH_SMART);
		struct search_options lit = { .case_mode = SEARCH_SMART };
		struct search_pattern *l = search_compile("ok(", 3, &lit);

		ok(search_error(q) == NULL, "a valid pattern has no error");
		ok(search_error(l) == NULL && !search_is_regex(l), "a literal ( is no error");
		is_int((long long)search_count(l, "ok( ok(", 7), 2, "literal mode finds ( as text");
		search_free(p);
		search_free(q);
		search_free(l);
	}
}

/* A long line of a's with a b at the end: (a|aa)+$ tries every way to
 * split the a's before it fails, far past any limit. */
static char *
catastrophic_text(size_t lines, size_t *len)
{
	size_t per = 40, n = lines * (per + 2) + 8;
	char *t = xmalloc(n), *p = t;

	for (size_t i = 0; i < lines; i++) {
		memset(p, 'a', per);
		p += per;
		*p++ = i == lines / 2 ? 'a' : 'b';
		*p++ = '\n';
	}
	memcpy(p, "aaaa END", 8);
	p += 8;
	*len = (size_t)(p - t);
	return t;
}

static void
test_limits(void)
{
	size_t len, s, e;
	char *t = catastrophic_text(8, &len);
	struct search_pattern *p = compile("(a|aa)+$", SEARCH_SMART);
	struct search_pattern *q = compile("^(a+)+$", SEARCH_SMART);

	/* Only the line of a's alone (the middle one) matches; the others
	 * are given up at the limit and counted. */
	ok(search_find(p, t, len, 0, len, &s, &e), "a catastrophic pattern still finds a match");
	is_int((long long)s, 4 * 42, "at the line of a's only");
	is_int((long long)e, 4 * 42 + 41, "to its end");
	ok(search_skipped(p) >= 4, "the lines before it were passed over at the limit (%zu)",
	    search_skipped(p));
	ok(search_find(q, t, len, 0, len, &s, &e) && s == 4 * 42, "^(a+)+$ too");
	ok(search_find(p, t, len, 5 * 42, len, &s, &e) == false || s >= 5 * 42,
	    "the search goes on after the passed-over lines");
	search_free(p);
	search_free(q);
	free(t);

	/* With a budget a find stops at a line start and says where to go
	 * on; going on from there finds what an unbudgeted find finds. */
	t = catastrophic_text(400, &len);
	p = compile("(a|aa)+$|END", SEARCH_SMART);
	search_set_budget(p, 1);
	{
		size_t pos = 0, stops = 0;
		bool found = false, at_lines = true;

		while (pos < len && !(found = search_find(p, t, len, pos, len, &s, &e))) {
			if (!search_stopped(p) || s <= pos)
				break;
			at_lines &= t[s - 1] == '\n';
			stops++;
			pos = s;
		}
		ok(stops > 0, "a find over many slow lines stops on its budget (%zu times)", stops);
		ok(at_lines, "each time at the start of a line, past where it began");
		ok(found && s == 200 * 42, "going on from each stop finds the match");
	}
	search_set_budget(p, 0);
	ok(search_find(p, t, len, 0, len, &s, &e) && s == 200 * 42,
	    "without a budget the same find goes to the match");
	ok(!search_stopped(p), "and did not stop");
	search_free(p);
	free(t);
}

/* The finder runs a slow pattern in steps of bounded time, forward,
 * backward and counting, and still finds what there is. */
static void
test_finder_steps(void)
{
	size_t len;
	char *t = catastrophic_text(300, &len);
	struct article *a = article_from_buffer("slow", t, len);
	struct finder f;
	size_t steps = 0;
	unsigned ev = 0;

	finder_init(&f);
	finder_start(&f, a, compile("(a|aa)+$|END", SEARCH_SMART), true, len, false);
	while (f.finding && steps < 100000) {
		ev |= finder_work(&f, 0);
		steps++;
	}
	ok(steps > 1, "a backward find of a slow pattern takes several steps (%zu)", steps);
	ok((ev & FINDER_FOUND) && f.cur_start == len - 3, "and finds the last match, END");
	finder_step(&f, true, 0);
	for (steps = 0; f.finding && steps < 100000; steps++)
		finder_work(&f, 0);
	ok(f.have_cur && f.cur_start == 150 * 42 + 40,
	    "the one before it: the last start in the line of a's only");
	for (steps = 0; f.counting && steps < 100000; steps++)
		finder_work(&f, 0);
	is_int((long long)f.total, 2, "counting in steps finds both");
	finder_free(&f);
	article_free(a);
	free(t);
}

/* The finder's slices do not hide what a pattern looks back at: with a
 * slice of 3 bytes, a look-behind, ^ and \A see the bytes before the
 * slice, as one search of the whole text does. */
static void
test_finder_lookback(void)
{
	static const char t[] = "xab ab\nab yab";
	static const struct {
		const char *pat;
		size_t n;
	} want[] = { { "(?<=a)b", 4 }, { "^a", 1 }, { "\\Ax", 1 }, { "(?<=y)ab|^ab", 2 } };
	struct article *a = article_from_buffer("t", t, sizeof t - 1);

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct finder f;
		struct search_pattern *p = compile(want[i].pat, SEARCH_SMART);
		size_t whole = search_count(p, t, sizeof t - 1);

		finder_init(&f);
		f.slice = 3;
		finder_start(&f, a, compile(want[i].pat, SEARCH_SMART), false, 0, false);
		for (int k = 0; finder_busy(&f) && k < 1000; k++)
			finder_work(&f, 0);
		ok(finder_counted(&f) && f.total == want[i].n && whole == want[i].n,
		    "%s: %zu matches counted in slices of 3, %zu in one search", want[i].pat,
		    f.total, whole);
		finder_free(&f);
		search_free(p);
	}
	article_free(a);
}

/* All matches of p in text[0..len), searched with limits every k bytes
 * (0: none), as "s-e ..." (the caller frees). */
static char *
all_spans(const struct search_pattern *p, const char *t, size_t n, size_t k)
{
	char *r = xstrdup("");
	size_t pos = 0, lim, s, e;

	while (pos < n) {
		lim = k > 0 && pos + k < n ? pos + k : n;
		while (lim < n && ((unsigned char)t[lim] & 0xC0) == 0x80)
			lim++;
		while (pos < lim && search_find(p, t, n, pos, lim, &s, &e)) {
			char *x = xasprintf("%s %zu-%zu", r, s, e);

			free(r);
			r = x;
			pos = e;
		}
		if (pos < lim)
			pos = lim;
	}
	return r;
}

/* Whether the search of pat with its literals finds in text what PCRE2
 * alone finds, whole and in slices of a few sizes. */
static bool
agrees(const char *pat, enum search_case mode, const char *t, size_t n)
{
	struct search_pattern *fast = compile(pat, mode), *plain = compile(pat, mode);
	static const size_t cuts[] = { 0, 1, 3, 7, 64 };
	bool same = true;

	search_plain(plain);
	for (size_t c = 0; c < sizeof cuts / sizeof *cuts && same; c++) {
		char *a = all_spans(fast, t, n, cuts[c]), *b = all_spans(plain, t, n, cuts[c]);

		if (strcmp(a, b) != 0) {
			tap_diag(
			    "/%s/ slices of %zu: with literals%s, without%s", pat, cuts[c], a, b);
			same = false;
		}
		free(a);
		free(b);
	}
	search_free(fast);
	search_free(plain);
	return same;
}

/* Which literals a pattern's search looks for first: "2 anchored",
 * "1 lines", or "none". */
static const char *
literal_kind(const char *pat, enum search_case mode)
{
	static char buf[32];
	struct search_pattern *p = compile(pat, mode);
	bool anchored;
	size_t n = search_literals(p, &anchored);

	if (n == 0)
		snprintf(buf, sizeof buf, "none");
	else
		snprintf(buf, sizeof buf, "%zu %s", n, anchored ? "anchored" : "lines");
	search_free(p);
	return buf;
}

/* The literals each alternative must hold, and where a match starts by
 * them; what the reading of a pattern gives up on. */
static void
test_literals_found(void)
{
	is_str(literal_kind("chechn[a-z]+|kreml[a-z]n", SEARCH_SMART), "2 anchored",
	    "literals: each alternative's, k (KELVIN SIGN) one character before reml");
	is_str(literal_kind("the [a-z]+ of", SEARCH_SMART), "1 anchored", "literals: a prefix");
	is_str(literal_kind("[a-z]+ing", SEARCH_SMART), "1 lines",
	    "literals: after a repeat, only lines are known");
	is_str(literal_kind("\\bmoscow\\b", SEARCH_SMART), "1 anchored",
	    "literals: \\b takes no character");
	is_str(literal_kind("ab?c", SEARCH_SMART), "none",
	    "literals: an optional character leaves runs too short");
	is_str(literal_kind("abc|d", SEARCH_SMART), "none",
	    "literals: one alternative without any: none");
	is_str(literal_kind("a(?i)bc|def", SEARCH_SENSITIVE), "none",
	    "literals: an option setting (it reaches the next alternative) stops the reading");
	is_str(literal_kind("(?:x|y)zzz", SEARCH_SMART), "1 lines",
	    "literals: a group's alternatives are not the pattern's");
	is_str(literal_kind("\\Qa|b\\E", SEARCH_SMART), "none", "literals: \\Q stops the reading");
	is_str(literal_kind("ab\\Kcd", SEARCH_SMART), "none", "literals: \\K stops the reading");
	is_str(literal_kind("[|]abc|xyz", SEARCH_SMART), "2 anchored",
	    "literals: a | in a class is no alternative");
	is_str(literal_kind("strasse", SEARCH_SMART), "1 anchored",
	    "literals: ignoring case, s is one character of any kind (LONG S), tra one in");
	is_str(literal_kind("Straße", SEARCH_SENSITIVE), "1 anchored",
	    "literals: case kept, any character is");
}

/* PCRE2's caseless sets, which the literals rely on: every ASCII letter
 * but k and s matches only its two cases, over all of Unicode. */
static void
test_caseless_sets(void)
{
	size_t n = 0, cap = 0x110000 * 5;
	char *all = xmalloc(cap);
	char bad[64] = "";

	for (uint32_t cp = 1; cp < 0x110000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n += text_encode(cp, all + n);
		all[n++] = '\n';
	}
	for (char c = 'a'; c <= 'z'; c++) {
		char pat[2] = { c, 0 };
		struct search_pattern *p = compile(pat, SEARCH_IGNORE);

		search_plain(p);
		if (search_count(p, all, n) != (c == 'k' || c == 's' ? 3 : 2))
			snprintf(bad + strlen(bad), sizeof bad - strlen(bad), "%c", c);
		search_free(p);
	}
	is_str(bad, "", "caseless: only k and s match more than their two cases");
	free(all);
}

/* The search with literals agrees with PCRE2 alone on texts built to hit
 * its seams, and on random ones. */
static void
test_literals_agree(void)
{
	static const char *const pats[] = { "chechn[a-z]+|kreml[a-z]n", "reml", "k.eml", "\\bab",
		"ab\\b", "^ab", "ab$", "(?<=x)ab", "ab(?=c)", "ab(?!c)", "a.b|xy", "[^x]ab",
		"\\sab", "éab|ab", "\\wab", "abc|ab", "ab|abc", "ab+c", "x*ab", "ab.*", "..ab",
		"ab\\x00", "kk|ss", "(a)b\\1b|zz" };
	static const char alpha[] = "abchnkrmlexyzKRE \n\r\t.";
	static const char *const extra[] = { "\xE2\x84\xAA", "\xC3\xA9", "\xFF", "\xC5\xBF", "\x80",
		"\0", "\r\n" };
	struct {
		const char *t;
		size_t n;
	} fixed[] = {
		{ "ab", 2 },
		{ "xab", 3 },
		{ "abab\nab", 7 },
		{ "\xE2\x84\xAAremlin \xE2\x84\xAAREMLn", 18 },
		{ "\xFF\xFFreml\x80remlin", 14 },
		{ "ab\0ab\0\0abc", 10 },
		{ "ab\r\nab\r\n", 8 },
		{ "\xC3\xA9"
		  "ab \xA9"
		  "ab \xC3"
		  "ab",
		    12 },
		{ "chechnya chechnyan\nKREMLIN kremlon", 34 },
	};
	bool all = true;
	char *t = xmalloc(300000);
	unsigned seed = 12345;

	for (size_t i = 0; i < sizeof pats / sizeof *pats; i++)
		for (size_t j = 0; j < sizeof fixed / sizeof *fixed; j++)
			for (int mode = 0; mode < 3; mode++)
				all &=
				    agrees(pats[i], (enum search_case)mode, fixed[j].t, fixed[j].n);
	ok(all, "literals agree with PCRE2 alone on the seams' texts");

	/* A very long line, matches at its start, middle and very end. */
	memset(t, 'x', 200000);
	memcpy(t, "kremlin", 7);
	memcpy(t + 100000, "chechnya", 8);
	memcpy(t + 200000 - 8, "kremlion", 8);
	ok(agrees("chechn[a-z]+|kreml[a-z]n", SEARCH_SMART, t, 200000) &&
		agrees("[a-z]+ion", SEARCH_SMART, t, 200000),
	    "literals agree on a 200 KB line");

	all = true;
	for (int round = 0; round < 400; round++) {
		size_t n = 0, len;

		seed = seed * 1103515245u + 12345u;
		len = 20 + (seed >> 16) % 200;
		while (n < len) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 8 == 0) {
				const char *e =
				    extra[(seed >> 20) % (sizeof extra / sizeof *extra)];
				size_t el = *e != '\0' ? strlen(e) : 1;

				memcpy(t + n, e, el);
				n += el;
			} else {
				t[n++] = alpha[(seed >> 20) % (sizeof alpha - 1)];
			}
		}
		for (size_t i = 0; i < sizeof pats / sizeof *pats; i++)
			all &= agrees(pats[i], (enum search_case)(round % 3), t, n);
	}
	ok(all, "literals agree with PCRE2 alone on 400 random texts");
	free(t);
}

int
main(void)
{
	text_init();
	test_smart_case();
	test_unicode();
	test_lines();
	test_invalid_utf8();
	test_bad_patterns();
	test_limits();
	test_finder_steps();
	test_finder_lookback();
	test_literals_found();
	test_caseless_sets();
	test_literals_agree();
	return tap_done();
}
