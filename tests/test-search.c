/* Unit tests of the search engine: folding, normalization, boundaries and
 * the byte ranges it reports. */
#include "config.h"

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

#define SMART SEARCH_SMART
#define IGNORE SEARCH_IGNORE
#define SENSITIVE SEARCH_SENSITIVE

static struct search_pattern *
compile(const char *pat, size_t plen, enum search_case mode, bool accents)
{
	struct search_options o = { .case_mode = mode, .ignore_accents = accents };

	return search_compile(pat, plen, &o);
}

/* The first match of pat in text[from..limit) as "start-end", or "none". */
static char *
span(const char *pat, size_t plen, enum search_case mode, bool accents, const char *text,
    size_t len, size_t from, size_t limit)
{
	struct search_pattern *p = compile(pat, plen, mode, accents);
	size_t s = 0, e = 0;
	char *r;

	if (search_find(p, text, len, from, limit, &s, &e))
		r = xasprintf("%zu-%zu", s, e);
	else
		r = xstrdup("none");
	search_free(p);
	return r;
}

static void
check_span(const char *want, const char *pat, enum search_case mode, bool accents, const char *text,
    const char *file, int line, const char *name)
{
	char *got = span(pat, strlen(pat), mode, accents, text, strlen(text), 0, strlen(text));

	tap_is_str(got, want, file, line, name);
	free(got);
}

/* First match of pat in the whole of text, compared with "start-end". */
#define first_is(want, pat, mode, accents, text, name) \
	check_span((want), (pat), (mode), (accents), (text), __FILE__, __LINE__, (name))

static size_t
count(const char *pat, enum search_case mode, bool accents, const char *text, size_t len)
{
	struct search_pattern *p = compile(pat, strlen(pat), mode, accents);
	size_t n = search_count(p, text, len);

	search_free(p);
	return n;
}

static void
test_smart_case(void)
{
	struct search_pattern *p;

	p = compile("hello", 5, SMART, false);
	ok(search_ignores_case(p), "a lowercase pattern ignores case");
	search_free(p);
	p = compile("Hello", 5, SMART, false);
	ok(!search_ignores_case(p), "a pattern with a capital is case-sensitive");
	search_free(p);
	p = compile("Hello", 5, IGNORE, false);
	ok(search_ignores_case(p), "SEARCH_IGNORE ignores case even with a capital");
	search_free(p);
	p = compile("hello", 5, SENSITIVE, false);
	ok(!search_ignores_case(p), "SEARCH_SENSITIVE keeps case even when lowercase");
	search_free(p);
	p = compile("stra\xC3\x9F"
		    "e",
	    7, SMART, false);
	ok(search_ignores_case(p), "\"straße\" has no capital: smart case ignores case");
	search_free(p);
	p = compile("\xD0\xA7"
		    "ечня",
	    10, SMART, false);
	ok(!search_ignores_case(p), "a Cyrillic capital makes smart case sensitive");
	search_free(p);

	first_is("0-5", "hello", SMART, false, "HELLO there", "smart: hello finds HELLO");
	first_is(
	    "15-20", "Hello", SMART, false, "say hello, say Hello", "smart: Hello skips hello");
	first_is("none", "Hello", SMART, false, "hello HELLO",
	    "smart: Hello finds neither hello nor HELLO");
	first_is("0-5", "Hello", IGNORE, false, "hello", "ignore: Hello finds hello");
	first_is("none", "hello", SENSITIVE, false, "HELLO Hello", "sensitive: hello misses HELLO");
	first_is("6-11", "hello", SENSITIVE, false, "HELLO hello", "sensitive: hello finds hello");
}

static void
test_sharp_s(void)
{
	first_is("0-7",
	    "stra\xC3\x9F"
	    "e",
	    SMART, false, "STRASSE", "straße finds STRASSE");
	first_is("0-7",
	    "stra\xC3\x9F"
	    "e",
	    SMART, false,
	    "Stra\xC3\x9F"
	    "e",
	    "straße finds Straße");
	first_is("0-7", "strasse", SMART, false,
	    "Stra\xC3\x9F"
	    "e",
	    "strasse finds Straße");
	first_is("0-8", "strasse", SMART, false,
	    "STRA\xE1\xBA\x9E"
	    "E",
	    "strasse finds STRAẞE (U+1E9E)");
	first_is("0-7", "STRASSE", IGNORE, false,
	    "stra\xC3\x9F"
	    "e",
	    "ignore: STRASSE finds straße");
	first_is("none", "STRASSE", SMART, false,
	    "stra\xC3\x9F"
	    "e",
	    "smart: STRASSE is sensitive, misses straße");
	first_is("0-2", "\xE1\xBA\x9E", IGNORE, false, "\xC3\x9F", "ignore: ẞ finds ß");
	first_is("2-4", "ss", SMART, false,
	    "Ma\xC3\x9F"
	    "e",
	    "ss covers the whole ß");
	first_is("none", "s", SMART, false, "\xC3\x9F", "s alone does not match inside ß");
	first_is("none", "se", SMART, false,
	    "Ma\xC3\x9F"
	    "e",
	    "a match cannot start inside ß");
	first_is("2-5", "sse", SMART, false,
	    "Ma\xC3\x9F"
	    "e",
	    "sse covers ß and e");
	first_is(
	    "1-3", "ss", SMART, false, "s\xC3\x9F", "ss in s+ß is the ß, not s plus half of ß");
	first_is("0-3", "sss", SMART, false, "\xC3\x9Fs", "sss spans ß and s");
	first_is("none", "ss", SENSITIVE, false, "\xC3\x9F", "sensitive: ss does not find ß");
	first_is("0-2", "\xC3\x9F", SENSITIVE, false, "\xC3\x9F", "sensitive: ß finds ß");
}

static void
test_greek_and_cyrillic(void)
{
	const char *sofos = "\xCF\x83\xCE\xBF\xCF\x86\xCE\xBF\xCF\x82";     /* σοφος */
	const char *sofos_acc = "\xCF\x83\xCE\xBF\xCF\x86\xCF\x8C\xCF\x82"; /* σοφός */
	const char *upper = "\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x9F\xCE\xA3";     /* ΣΟΦΟΣ */

	first_is("0-10", upper, IGNORE, false, sofos, "ignore: ΣΟΦΟΣ finds σοφος (final sigma)");
	first_is("0-10", sofos, SMART, false, upper, "σοφος finds ΣΟΦΟΣ");
	first_is(
	    "none", upper, IGNORE, false, sofos_acc, "ΣΟΦΟΣ misses σοφός: the tonos is an accent");
	first_is("0-10", upper, IGNORE, true, sofos_acc, "ignoring accents ΣΟΦΟΣ finds σοφός");
	first_is("none", upper, SMART, false, sofos, "smart: ΣΟΦΟΣ is sensitive");
	first_is("0-2", "\xCF\x82", SMART, false, "\xCE\xA3", "ς finds Σ");

	first_is("0-10", "чечня", SMART, false, "ЧЕЧНЯ", "чечня finds ЧЕЧНЯ");
	first_is("21-31", "чечня", SMART, false, "Республика Чечня",
	    "чечня finds Чечня with byte offsets");
	first_is("none", "Чечня", SMART, false, "ЧЕЧНЯ", "smart: Чечня misses ЧЕЧНЯ");
	first_is("0-10", "ЧЕЧНЯ", IGNORE, false, "чечня", "ignore: ЧЕЧНЯ finds чечня");
	first_is("3-13", "чечня", SMART, false, "in \xD0\xA7\xD0\x95\xD0\xA7\xD0\x9D\xD0\xAF.",
	    "чечня after ASCII");
}

/* Full folding turns İ (U+0130) into i + U+0307, so without ignoring
 * accents a dotless pattern does not find it (the dot is a mark the
 * pattern lacks), and dotless ı (U+0131) is its own letter. */
static void
test_turkish(void)
{
	const char *text = "\xC4\xB0STANBUL \xC4\xB0stanbul istanbul";

	ok(count("istanbul", SMART, false, text, strlen(text)) == 1,
	    "istanbul finds only the plain istanbul, not İSTANBUL/İstanbul");
	ok(count("istanbul", SMART, true, text, strlen(text)) == 3,
	    "ignoring accents, istanbul finds all three");
	first_is(
	    "10-19", "\xC4\xB0stanbul", SMART, false, text, "İstanbul (sensitive) finds itself");
	first_is("0-9", "\xC4\xB0stanbul", IGNORE, false, text, "ignore: İstanbul finds İSTANBUL");
	first_is("0-10", "\xC4\xB0stanbul", IGNORE, false, "i\xCC\x87stanbul",
	    "ignore: İstanbul finds i + U+0307 + stanbul");
	first_is("none", "i", IGNORE, false, "\xC4\xB0",
	    "i alone does not match İ (it would end before the dot)");
	first_is("none", "\xC4\xB1", IGNORE, false, "I", "dotless ı does not find I");
	first_is("0-1", "I", IGNORE, false, "i", "I finds i (no Turkish tailoring)");
}

static void
test_normalization(void)
{
	const char *nfc = "caf\xC3\xA9";
	const char *nfd = "cafe\xCC\x81";

	first_is("0-6", nfc, SMART, false, nfd, "composed café finds decomposed café");
	first_is("0-5", nfd, SMART, false, nfc, "decomposed café finds composed café");
	first_is("0-6", nfc, SENSITIVE, false, nfd, "sensitive: composed finds decomposed");
	first_is("0-6", "CAF\xC3\x89", IGNORE, false, nfd, "ignore: CAFÉ finds decomposed café");
	first_is("none", "cafe", SMART, false, nfc, "cafe does not find composed café");
	first_is("none", "cafe", SMART, false, nfd, "cafe does not find decomposed café");
	first_is("0-4", "cafe", SMART, false, "cafes", "cafe finds cafes (letters may follow)");
	first_is("0-5", "cafe", SMART, true, nfc, "ignoring accents cafe finds composed café");
	first_is("0-6", "cafe", SMART, true, nfd,
	    "ignoring accents cafe finds decomposed café, mark included");
	first_is("0-4", nfc, SMART, true, "cafe", "ignoring accents café finds cafe");
	first_is("none", "e", SMART, false, "e\xCC\x81", "e does not end before a combining acute");
	first_is("1-3", "\xCC\x81", SMART, false, "e\xCC\x81", "a lone mark finds the mark");
	first_is("1-5", "\xCC\x80\xCC\xB8", SMART, false, "x\xCC\x80\xCC\xB8",
	    "a pattern of two marks in reverse canonical order finds them");
	first_is("1-5", "\xCC\xB8\xCC\x80", SMART, false, "x\xCC\x80\xCC\xB8",
	    "and in canonical order too");

	first_is("0-5", "q\xCC\x87\xCC\xA3", SMART, false, "q\xCC\xA3\xCC\x87",
	    "q+dot above+dot below equals q+dot below+dot above");
	first_is("0-5", "q\xCC\xA3\xCC\x87", SMART, false, "q\xCC\x87\xCC\xA3",
	    "and the other way round");
	first_is("0-5", "\xE1\xBB\x87", SMART, false, "e\xCC\x82\xCC\xA3",
	    "ệ (U+1EC7) finds e + circumflex + dot below");
	first_is("0-4", "e\xCC\x82\xCC\xA3", SMART, false, "\xC3\xAA\xCC\xA3",
	    "e + circumflex + dot below finds ê + dot below");
	first_is("0-3", "\xC3\xAA\xCC\xA3", SMART, false, "\xE1\xBB\x87", "ê + dot below finds ệ");
	first_is("none", "\xC3\xAA", SMART, false, "\xE1\xBB\x87", "ê does not find ệ");
	first_is("0-3", "\xC3\xAA", SMART, true, "\xE1\xBB\x87", "ignoring accents ê finds ệ");

	first_is("0-9", "\xED\x95\x9C", SMART, false, "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB",
	    "composed Hangul 한 finds its jamo");
	first_is("0-3", "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", SMART, false, "\xED\x95\x9C",
	    "jamo find composed 한");
	first_is(
	    "0-3", "K", SENSITIVE, false, "\xE2\x84\xAA", "K finds KELVIN SIGN (canonically K)");
	first_is("0-3", "\xC3\x85", SENSITIVE, false, "\xE2\x84\xAB", "Å finds ANGSTROM SIGN");
	first_is("0-2", ";", SENSITIVE, false, "\xCD\xBE", "; finds GREEK QUESTION MARK");
	first_is("none", "=", SENSITIVE, false, "\xE2\x89\xA0", "= does not find ≠ (= + U+0338)");
	first_is("0-3", "=\xCC\xB8", SENSITIVE, false, "\xE2\x89\xA0", "= + U+0338 finds ≠");
	/* The last pattern unit meets a character of two units: the compare
	 * must stop at the pattern's end (16 units fill its first buffer). */
	first_is("none", "abcdefghijklmnoe", SENSITIVE, false, "abcdefghijklmno\xC3\xA9",
	    "a pattern ending in e meets é at its last unit: no match, no overrun");
	first_is("0-17", "abcdefghijklmnoe", SENSITIVE, true, "abcdefghijklmno\xC3\xA9",
	    "and ignoring accents it matches");
}

static void
test_folding_specials(void)
{
	first_is(
	    "0-5", "file", SMART, false, "\xEF\xAC\x81le", "file finds ﬁle (ligature folds to fi)");
	first_is("none", "f", SMART, false, "\xEF\xAC\x81", "f alone does not match inside ﬁ");
	first_is("none", "fi", SENSITIVE, false, "\xEF\xAC\x81", "sensitive: fi does not find ﬁ");
	first_is("0-3", "k", SMART, false, "\xE2\x84\xAA", "k finds KELVIN SIGN");
	first_is("0-2", "s", SMART, false, "\xC5\xBF", "s finds LONG S");
	first_is("3-6", "k", SMART, false, "\xE2\x80\x9C\xE2\x84\xAA\xE2\x80\x9D",
	    "k finds KELVIN SIGN between curly quotes");
	first_is("0-5", "\xE1\xBE\x82", SMART, false, "\xE1\xBC\x82\xCE\xB9",
	    "ᾂ finds ἂι (fold to four units)");
}

static void
test_boundaries(void)
{
	const char *text = "h\xC3\xA9llo w\xC3\xB6rld world";
	const char *a4 = "aaaa";
	size_t s, e;
	struct search_pattern *p;
	char *got;

	first_is("14-19", "world", SMART, false, text, "world skips wörld, exact byte offsets");
	first_is("7-13", "world", SMART, true, text, "ignoring accents world finds wörld");

	ok(count("aaa", SMART, false, a4, 4) == 1, "aaa in aaaa: one non-overlapping match");
	ok(count("aa", SMART, false, "aaaaa", 5) == 2, "aa in aaaaa: two");
	got = span("aaa", 3, SMART, false, a4, 4, 1, 4);
	is_str(got, "1-4", "aaa from 1 finds 1-4");
	free(got);
	got = span("aaa", 3, SMART, false, a4, 4, 2, 4);
	is_str(got, "none", "aaa from 2 finds nothing");
	free(got);

	got = span("abc", 3, SMART, false, "xx abc abc", 10, 0, 4);
	is_str(got, "3-6", "a match starting before limit may end after it");
	free(got);
	got = span("abc", 3, SMART, false, "xx abc abc", 10, 0, 3);
	is_str(got, "none", "a match starting at limit is not found");
	free(got);
	got = span("abc", 3, SMART, false, "xx abc abc", 10, 4, 10);
	is_str(got, "7-10", "from skips earlier matches");
	free(got);
	got = span("abc", 3, SMART, false, "xx abc abc", 10, 5, 5);
	is_str(got, "none", "from == limit finds nothing");
	free(got);
	got = span("abc", 3, SMART, false, "xx abc abc", 10, 0, 99);
	is_str(got, "3-6", "a limit past the end is the end");
	free(got);
	got = span("abc", 3, SMART, false, "xx abc", 5, 0, 5);
	is_str(got, "none", "len cuts the text: no match past it");
	free(got);

	p = compile("", 0, SMART, false);
	ok(search_is_empty(p), "an empty pattern is empty");
	ok(!search_find(p, "abc", 3, 0, 3, &s, &e), "an empty pattern finds nothing");
	ok(search_count(p, "abc", 3) == 0, "an empty pattern counts nothing");
	search_free(p);
	p = compile("\xCC\x81\xCC\xA3", 4, SMART, true);
	ok(search_is_empty(p), "only marks, ignoring accents, is empty");
	ok(!search_find(p, "e\xCC\x81\xCC\xA3", 5, 0, 5, &s, &e), "and finds nothing");
	search_free(p);
	p = compile("a", 1, SMART, false);
	ok(!search_is_empty(p), "a one-letter pattern is not empty");
	search_free(p);
	search_free(NULL);
	ok(1, "search_free(NULL) is fine");

	first_is("none", "foo bar", SMART, false, "foo\nbar", "no match across a newline");
	first_is("none", "o\nb", SMART, false, "foo\nbar",
	    "a pattern holding a newline matches nothing");
	first_is("4-7", "bar", SMART, false, "foo\nbar", "a match right after a newline");
	first_is("0-3", "foo", SMART, false, "foo\nbar", "a match right before a newline");
	first_is("0-3", "foo", SMART, false, "foo", "a match at the very end");
}

static void
test_invalid_utf8(void)
{
	first_is("1-4",
	    "b\xFF"
	    "c",
	    SMART, false,
	    "ab\xFE"
	    "cd",
	    "an invalid byte in both matches any other invalid byte");
	first_is("1-4", "\xFF", SMART, false, "x\xEF\xBF\xBDy",
	    "an invalid byte in the pattern finds U+FFFD");
	first_is("1-2", "\xEF\xBF\xBD", SMART, false, "x\xFEy",
	    "U+FFFD in the pattern finds an invalid byte");
	first_is("2-3", "\xFF", SMART, false, "\xC3\xA9\x80",
	    "a stray continuation byte is U+FFFD, é is not");
	ok(count("\xFF", SMART, false, "\xE2\x82x\xC0\xAF", 5) == 4,
	    "truncated and overlong sequences count one U+FFFD per byte");
	first_is(
	    "0-2", "\xFF\xFF", SMART, false, "\xE2\x82x", "two U+FFFD from a truncated sequence");
	first_is("1-4", "abc", SMART, false,
	    "\xC3"
	    "abc",
	    "a lead byte without its tail does not hide what follows");
	first_is("2-3", "k", SMART, false, "\xE2\x84K",
	    "a truncated KELVIN SIGN does not hide the K after it");
	first_is("1-3", "\xD1\x87", SMART, false, "\xD1\xD1\x87",
	    "a lone lead byte does not hide the ч after it");
	first_is("3-5", "\xD1\x87", SMART, false, "\xE0\x80\x80\xD1\x87",
	    "an overlong sequence is skipped, not what follows");
	first_is("2-5", "abc", SMART, false,
	    "\xE2\x80"
	    "abc",
	    "nor does a truncated 3-byte sequence");
	first_is("3-8", "\xC3\xA9t\xC3\xA9", SMART, false,
	    "\xC3"
	    "a\xC3"
	    "\xC3\xA9t\xC3\xA9",
	    "a non-ASCII pattern after broken sequences");
	first_is("none", "a\xFF", SMART, false, "a\xCC\x81", "a + invalid does not find a + acute");
}

static void
test_scripts(void)
{
	first_is("6-12", "\xE6\x9D\xB1\xE4\xBA\xAC", SMART, false,
	    "\xE6\x88\x91\xE5\x9C\xA8\xE6\x9D\xB1\xE4\xBA\xAC\xE5\xB7\xA5\xE4\xBD\x9C",
	    "東京 in 我在東京工作");
	first_is("3-7", "\xF0\x9F\x98\x80", SMART, false, "hi \xF0\x9F\x98\x80!", "an emoji");
	first_is(
	    "none", "\xF0\x9F\x98\x80", SMART, false, "hi \xF0\x9F\x98\x81!", "a different emoji");
	first_is("2-5", "\xE2\x9D\xA4", SMART, false, "I \xE2\x9D\xA4\xEF\xB8\x8F you",
	    "a heart finds a heart + VS16 (the selector has class 0) and stops before it");
	first_is("2-8", "\xE2\x9D\xA4", SMART, true, "I \xE2\x9D\xA4\xEF\xB8\x8F you",
	    "ignoring accents the selector (Mn) is dropped and covered");
	first_is("4-8", "\xF0\x90\x90\xA8", SMART, false, "abc \xF0\x90\x90\x80",
	    "Deseret small letter finds the capital (4-byte case folding)");
}

static void
test_long_runs(void)
{
	size_t n = 1 + 100 * 2, i;
	char *zalgo = xmalloc(n + 1);

	zalgo[0] = 'a';
	for (i = 0; i < 100; i++)
		memcpy(zalgo + 1 + 2 * i, i % 2 ? "\xCC\x81" : "\xCC\xA3", 2);
	zalgo[n] = '\0';
	first_is("none", "a", SMART, false, zalgo, "a does not find a + 100 marks");
	first_is("0-201", "a", SMART, true, zalgo, "ignoring accents it covers all the marks");
	first_is("0-201", zalgo, SMART, false, zalgo, "a + 100 marks finds itself");
	is_int(count("\xCC\x81", SMART, false, zalgo, n), 1,
	    "a lone acute in the run matches only the last mark (the others end before a mark)");
	free(zalgo);
}

/* Builds about size bytes of mixed text (curly quotes, accents, Cyrillic)
 * that never holds the word "needle" in any case or form; each chunk has
 * one STRASSE, k/K/KELVIN SIGN and three words starting with "need". */
static char *
filler(size_t size, size_t *len, size_t *chunks)
{
	static const char chunk[] =
	    "\xE2\x80\x9CThe staff\xE2\x80\x9D said caf\xC3\xA9 owners in "
	    "\xD0\x93\xD1\x80\xD0\xBE\xD0\xB7\xD0\xBD\xD1\x8B\xD0\xB9 need a kind needl "
	    "and NEEDY nee\xCC\x81"
	    "dle STRASSE \xE2\x80\x94 KELVIN \xE2\x84\xAA.\n";
	size_t cl = sizeof chunk - 1, n = 0;
	char *buf = xmalloc(size + 64);

	*chunks = 0;
	while (n + cl <= size) {
		memcpy(buf + n, chunk, cl);
		n += cl;
		(*chunks)++;
	}
	*len = n;
	return buf;
}

static void
test_big(void)
{
	static const char tail[] = " the NeEdLe \xD0\xA7\xD0\x95\xD0\xA7\xD0\x9D\xD0\xAF end";
	size_t len, chunks, s = 0, e = 0, n, pos, lim, slices, seen;
	char *buf = filler(5 * 1024 * 1024, &len, &chunks);
	struct search_pattern *p;

	memcpy(buf + len, tail, sizeof tail - 1);
	n = len + sizeof tail - 1;

	p = compile("needle", 6, SMART, false);
	ok(search_find(p, buf, n, 0, n, &s, &e) && s == len + 5 && e == len + 11,
	    "needle is found at the end of 5 MB (%zu-%zu, want %zu)", s, e, len + 5);
	ok(!search_find(p, buf, len, 0, len, &s, &e), "and nowhere before");
	search_free(p);

	p = compile("\xD1\x87\xD0\xB5\xD1\x87\xD0\xBD\xD1\x8F", 10, SMART, false);
	ok(search_find(p, buf, n, 0, n, &s, &e) && s == len + 12 && e == len + 22,
	    "чечня is found at the end of 5 MB (%zu-%zu)", s, e);
	search_free(p);

	p = compile("strasse", 7, SMART, false);
	n = search_count(p, buf, len);
	ok(n == chunks && n > 40000, "search_count finds every STRASSE (%zu of %zu)", n, chunks);
	slices = 0;
	seen = 0;
	for (pos = 0; pos < len;) {
		lim = pos + 4093 < len ? pos + 4093 : len;
		while (lim < len && ((unsigned char)buf[lim] & 0xC0) == 0x80)
			lim++;
		while (search_find(p, buf, len, pos, lim, &s, &e)) {
			seen++;
			pos = e;
		}
		if (pos < lim)
			pos = lim;
		slices++;
	}
	ok(seen == n && slices > 1000, "searching in slices finds the same %zu matches", seen);
	search_free(p);

	is_int(count("k", SMART, false, buf, len), 3 * chunks,
	    "k finds k, K and KELVIN SIGN in every chunk");
	is_int(count("K", SMART, false, buf, len), 2 * chunks,
	    "K (sensitive) finds K and KELVIN SIGN (canonically K)");
	is_int(count("need", SMART, false, buf, len), 3 * chunks,
	    "need: need, needl, NEEDY, not nee+acute");
	free(buf);
}

static void
test_many_matches(void)
{
	size_t reps = 100000, i, len = 3 * reps;
	char *buf = xmalloc(len + 1);

	for (i = 0; i < reps; i++)
		memcpy(buf + 3 * i, i % 2 ? "ab " : "AB ", 3);
	buf[len] = '\0';
	ok(count("ab", SMART, false, buf, len) == reps, "ab: 100000 matches");
	ok(count("AB", SMART, false, buf, len) == reps / 2, "AB (sensitive): 50000");
	ok(count("b a", SMART, false, buf, len) == reps - 1, "b a across the spaces: 99999");
	ok(count("aba", SMART, false, buf, len) == 0, "aba: none");
	free(buf);
}

static bool
is_mark(uint32_t u)
{
	return uc_combining_class(u) != UC_CCC_NR || uc_is_general_category(u, UC_CATEGORY_Mn);
}

/* search.c scans only ASCII bytes for patterns whose first unit is ASCII
 * and whose second is no mark, except for the first units listed there.
 * That list must hold every non-ASCII character whose units start with an
 * ASCII one followed by no mark: check it against all of Unicode. */
static void
test_ascii_starters(void)
{
	static const uint32_t known[] = { 0xDF, 0x17F, 0x37E, 0x1E9A, 0x1E9E, 0x1FEF, 0x212A,
		0xFB00, 0xFB01, 0xFB02, 0xFB03, 0xFB04, 0xFB05, 0xFB06 };
	const char *icase_firsts = "safk;`", *kept_firsts = "K;`";
	int bad = 0;

	for (uint32_t c = 0x80; c < 0x110000; c++) {
		uint32_t b1[32], b2[32], b3[32], *x, *y, *z;
		size_t n1 = 32, n2 = 32, n3 = 32;
		bool listed = false;

		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		x = u32_normalize(UNINORM_NFD, &c, 1, b1, &n1);
		if (x == NULL || x[0] >= 0x80 || (n1 > 1 && is_mark(x[1])))
			goto folded;
		/* Case kept: the decomposition itself. */
		if (strchr(kept_firsts, (int)x[0]) == NULL) {
			tap_diag("U+%04X decomposes to '%c' without a mark after it", (unsigned)c,
			    (char)x[0]);
			bad++;
		}
	folded:
		if (x == NULL)
			continue;
		y = u32_casefold(x, n1, NULL, NULL, b2, &n2);
		z = y != NULL ? u32_normalize(UNINORM_NFD, y, n2, b3, &n3) : NULL;
		if (z == NULL || z[0] >= 0x80 || (n3 > 1 && is_mark(z[1])))
			continue;
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
			listed |= known[i] == c;
		if (!listed || strchr(icase_firsts, (int)z[0]) == NULL) {
			tap_diag("U+%04X folds to '%c' without a mark after it", (unsigned)c,
			    (char)z[0]);
			bad++;
		}
	}
	ok(bad == 0, "the characters that turn into ASCII are the ones search.c lists");
}

/* Case-sensitive patterns that only one byte can start are scanned with
 * memchr; the characters that decompose to that byte must still be right. */
static void
test_byte_scan(void)
{
	first_is("4-6", "ZQ", SEARCH_SENSITIVE, false, "abc ZQ", "a plain match is found");
	first_is("none", "ZQ", SEARCH_SENSITIVE, false, "\xE1\xBA\x90Q",
	    "Z with a circumflex does not start ZQ");
	first_is("0-4", "Kx", SEARCH_SENSITIVE, false, "\xE2\x84\xAAx",
	    "KELVIN SIGN is canonically K: it starts Kx");
	first_is("0-4", "\xC3\xA9x", SEARCH_SENSITIVE, false, "e\xCC\x81x",
	    "a decomposed accent still matches a composed pattern");
	first_is("none", "ex", SEARCH_SENSITIVE, false, "e\xCC\x81x",
	    "e then x does not match e, acute, x");
	first_is("2-4", "Ab", SEARCH_SENSITIVE, false,
	    "ab"
	    "Ab",
	    "case is kept");
	first_is("8-13", "chech", SEARCH_IGNORE, false, "\xE2\x80\x9Cx\xE2\x80\x9D CHECH",
	    "ignoring case, both cases start a match past curly quotes");
	first_is("0-4", "fix", SEARCH_IGNORE, false, "\xEF\xAC\x81x",
	    "the fi ligature still starts fix when case is ignored");
	first_is("0-3", "ssa", SEARCH_IGNORE, false,
	    "\xC3\x9F"
	    "a",
	    "so does sharp s for ss");
}

/* Patterns alive together, with different options, each keep their own
 * folding though the fold tables are shared by options: the text is met
 * first by one pattern, then by the others. */
static void
test_shared_tables(void)
{
	const char *text = "Ein Gr\u00fc\u00dfe, GR\u00dcSSE und Gru\u0308sse";
	struct search_pattern *exact =
	    compile("Gr\u00fc\u00dfe", strlen("Gr\u00fc\u00dfe"), SENSITIVE, false);
	struct search_pattern *icase = compile("gr\u00fcsse", strlen("gr\u00fcsse"), IGNORE, false);
	struct search_pattern *bare = compile("grusse", 6, IGNORE, true);
	struct search_pattern *again =
	    compile("GR\u00dcSSE", strlen("GR\u00dcSSE"), SENSITIVE, false);
	size_t len = strlen(text), s = 0, e = 0, n;

	ok(search_find(exact, text, len, 0, len, &s, &e) && s == 4, "exact: found at 4");
	n = 0;
	for (size_t from = 0; search_find(icase, text, len, from, len, &s, &e); from = e)
		n++;
	ok(n == 3, "ignoring case, all three spellings match (%zu)", n);
	n = 0;
	for (size_t from = 0; search_find(bare, text, len, from, len, &s, &e); from = e)
		n++;
	ok(n == 3, "ignoring accents too, all three match (%zu)", n);
	ok(search_find(again, text, len, 0, len, &s, &e) && s == strlen("Ein Gr\u00fc\u00dfe, "),
	    "a second exact pattern sees only its spelling");
	search_free(icase);
	ok(search_find(exact, text, len, 5, len, &s, &e) == false,
	    "a pattern freed leaves the others as they were");
	ok(search_find(bare, text, len, 0, len, &s, &e) && s == 4, "and the accent-blind one too");
	search_free(exact);
	search_free(bare);
	search_free(again);
}

/* The tables' quick path (no decomposition, no mark, no change when
 * folded) agrees with a full decomposition and folding for every code
 * point of the BMP under each pair of options, and of the SMP (historic
 * scripts, symbols, emoji) ignoring case. */
static void
test_quick_entries(void)
{
	for (int i = 0; i < 4; i++) {
		bool icase = i & 1, noaccents = i & 2;
		size_t bad = search_fold_mismatches(icase, noaccents, 0, 0x10000);

		ok(bad == 0, "quick entries of the BMP agree with full folding%s%s (%zu differ)",
		    icase ? ", ignoring case" : "", noaccents ? ", ignoring accents" : "", bad);
	}
	ok(search_fold_mismatches(true, false, 0x10000, 0x20000) == 0,
	    "and of the SMP, ignoring case");
}

/* Every match of p in t[0..n) as "s-e ..." (the caller frees), found
 * with limits every k bytes (0: none). */
static char *
every_match(const struct search_pattern *p, const char *t, size_t n, size_t k)
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

/* Whether the scan that skips to the pattern's first bytes (or pairs of
 * bytes) finds in t what the scan of every character finds. */
static bool
skips_agree(const char *pat, enum search_case mode, const char *t, size_t n)
{
	struct search_pattern *fast = compile(pat, strlen(pat), mode, false);
	struct search_pattern *plain = compile(pat, strlen(pat), mode, false);
	static const size_t cuts[] = { 0, 1, 5, 33 };
	bool same = true;

	search_plain(plain);
	for (size_t c = 0; c < sizeof cuts / sizeof *cuts && same; c++) {
		char *a = every_match(fast, t, n, cuts[c]), *b = every_match(plain, t, n, cuts[c]);

		if (strcmp(a, b) != 0) {
			tap_diag("'%s' slices of %zu: skipping%s, every character%s", pat, cuts[c],
			    a, b);
			same = false;
		}
		free(a);
		free(b);
	}
	search_free(fast);
	search_free(plain);
	return same;
}

/* The pair scan (a first ASCII byte and a second) against the scan of
 * every character: at the text's end (the second byte missing), over
 * 16-byte blocks' seams, with KELVIN SIGN, LONG S, ligatures, decomposed
 * accents, invalid UTF-8, NUL bytes, CR LF, and on random texts. */
static void
test_pair_scan(void)
{
	static const char *const pats[] = { "ab", "AB", "chechnya", "Chechnya", "ce", "e\xCC\x81",
		"ki", "st", "fi", "sa", "a;", "b`", "aé", "ab\r", "b\n", "b\xC3\xA9", "xx" };
	static const char alpha[] = "abcehnistxAB \n\r;`";
	static const char *const extra[] = { "\xE2\x84\xAA", "\xC5\xBF", "\xEF\xAC\x81", "\xC3\x9F",
		"\xCC\x81", "\xC3\xA9", "\xFF", "\x80", "\0", "\r\n", "\xCD\xBE" };
	struct {
		const char *t;
		size_t n;
	} fixed[] = {
		{ "a", 1 },
		{ "ab", 2 },
		{ "xxxxxxxxxxxxxxxa", 16 },
		{ "xxxxxxxxxxxxxxxab", 17 },
		{ "xxxxxxxxxxxxxxxxab", 18 },
		{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxab", 33 },
		{ "a\xCC\x81"
		  "b ab a\0b ab\r\n",
		    16 },
		{ "CHECHNYA chechnya Chechnya\xCC\x81", 28 },
		{ "\xE2\x84\xAAi k\xEF\xAC\x81 \xC5\xBFt s\xC5\xBF", 18 },
		{ "ce\xCC\x81 c\xC3\xA9 cé", 12 },
	};
	bool all = true;
	char *t = xmalloc(4096);
	unsigned seed = 777;

	for (size_t i = 0; i < sizeof pats / sizeof *pats; i++)
		for (size_t j = 0; j < sizeof fixed / sizeof *fixed; j++)
			for (int mode = 0; mode < 3; mode++)
				all &= skips_agree(
				    pats[i], (enum search_case)mode, fixed[j].t, fixed[j].n);
	ok(all, "the pair scan agrees with the scan of every character at the seams");
	all = true;
	for (int round = 0; round < 300; round++) {
		size_t n = 0, len;

		seed = seed * 1103515245u + 12345u;
		len = 1 + (seed >> 16) % 300;
		while (n < len) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 6 == 0) {
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
			all &= skips_agree(pats[i], (enum search_case)(round % 3), t, n);
	}
	ok(all, "the pair scan agrees with the scan of every character on 300 random texts");
	free(t);
}

int
main(void)
{
	text_init();
	test_byte_scan();
	test_shared_tables();
	test_quick_entries();
	test_ascii_starters();
	test_smart_case();
	test_sharp_s();
	test_greek_and_cyrillic();
	test_turkish();
	test_normalization();
	test_folding_specials();
	test_boundaries();
	test_invalid_utf8();
	test_scripts();
	test_long_runs();
	test_big();
	test_many_matches();
	test_pair_scan();
	return tap_done();
}
