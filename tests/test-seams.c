/* Property tests of the layout's seams: a line longer than several
 * segments, in many scripts, is laid out exactly as the same line with no
 * seam at all, at every width; and the wrapping properties hold on it (no
 * line wider than the width, no soft break inside a grapheme cluster that
 * fits, no break inside a word that fits in space-separated text, no
 * continuation line starting with a space, nothing lost or invented). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "layout.h"
#include "layoutcheck.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

/* A small deterministic generator, so that a failure repeats. */
static unsigned long rng_state;

static unsigned
rng(unsigned n)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((rng_state >> 33) % n);
}

/* One script: the atoms its text is made of, drawn at random, and whether
 * it is words separated by single spaces (for the word property). */
struct script {
	const char *name;
	const char *const *atoms;
	bool words;
};

static const char *const latin[] = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "lorem",
	"ipsum", "a", "to", "reading", NULL };
static const char *const cyrillic[] = { "\xd1\x81\xd0\xbb\xd0\xbe\xd0\xb2\xd0\xbe",
	"\xd0\xa7\xd0\xb5\xd1\x87\xd0\xbd\xd1\x8f", "\xd0\xb8",
	"\xd0\xb3\xd0\xb0\xd0\xb7\xd0\xb5\xd1\x82\xd0\xb0", NULL };
static const char *const greek[] = { "\xce\xba\xcf\x8c\xcf\x83\xce\xbc\xce\xbf\xcf\x82",
	"\xce\xbb\xcf\x8c\xce\xb3\xce\xbf\xcf\x82", "\xce\xba\xce\xb1\xce\xb9", NULL };
static const char *const arabic[] = { "\xd8\xa7\xd9\x84\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85",
	"\xd8\xb9\xd9\x84\xd9\x8a\xd9\x83\xd9\x85",
	"\xd9\x85\xd9\x8e\xd8\xb1\xd9\x92\xd8\xad\xd9\x8e\xd8\xa8\xd9\x8b\xd8\xa7", NULL };
static const char *const hebrew[] = { "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
	"\xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d",
	"\xd7\x91\xd6\xbc\xd6\xb0\xd7\xa8\xd6\xb5\xd7\x90\xd7\xa9\xd7\x81\xd6\xb4\xd7\x99\xd7\xaa",
	NULL };
static const char *const hindi[] = { "\xe0\xa4\x95\xe0\xa5\x80",
	"\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80",
	"\xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7\xe0\xa4\xbf",
	"\xe0\xa4\xad\xe0\xa4\xbe\xe0\xa4\xb7\xe0\xa4\xbe", NULL };
static const char *const georgian[] = {
	"\xe1\x83\xa5\xe1\x83\x90\xe1\x83\xa0\xe1\x83\x97\xe1\x83\xa3\xe1\x83\x9a\xe1\x83\x98",
	"\xe1\x83\x94\xe1\x83\x9c\xe1\x83\x90", NULL
};
static const char *const tamil[] = { "\xe0\xae\xa4\xe0\xae\xae\xe0\xae\xbf\xe0\xae\xb4\xe0\xaf\x8d",
	"\xe0\xae\xae\xe0\xaf\x8a\xe0\xae\xb4\xe0\xae\xbf", NULL };
/* Scripts without spaces, or atoms that are not words. */
static const char *const flags[] = { "\xf0\x9f\x87\xba\xf0\x9f\x87\xbe",
	"\xf0\x9f\x87\xaf\xf0\x9f\x87\xb5", "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7", NULL };
static const char *const lone_ri[] = { "\xf0\x9f\x87\xba", "\xf0\x9f\x87\xbe", "x", NULL };
static const char *const zwj[] = { "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb",
	"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7",
	"\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", "\xe2\x9d\xa4\xef\xb8\x8f", " ", NULL };
static const char *const cjk[] = { "\xe8\xbd\xa6", "\xe8\x87\xa3", "\xe3\x80\x82",
	"\xe4\xb8\xad\xe6\x96\x87", "\xef\xbc\x88", "\xef\xbc\x89", "\xe3\x81\x8b", "A", NULL };
static const char *const thai[] = {
	"\xe0\xb8\xaa\xe0\xb8\xa7\xe0\xb8\xb1\xe0\xb8\xaa\xe0\xb8\x94\xe0\xb8\xb5",
	"\xe0\xb8\x84\xe0\xb8\xa3\xe0\xb8\xb1\xe0\xb8\x9a", " ", NULL
};
static const char *const marks[] = { "\t\xcc\x81", "\x1b\xcc\x88", "\xc2\x85\xcc\x88", "e\xcc\x81",
	"\xe2\x80\xae", "\t", "ab", " ", "\xcc\x81\xcc\x82", "\xff", "\r", "\xe2\x80\xa8", NULL };
static const char *const punct[] = { "(a)", "well-known", "12.5%", "$3", "\xe2\x80\x94", " ",
	"\"q\"", "x", "--", "!", "\xc2\xa0", NULL };
static const char *const longword[] = { "x", "y", "\xd1\x8f", NULL };

static const struct script scripts[] = {
	{ "Latin words", latin, true },
	{ "Cyrillic words", cyrillic, true },
	{ "Greek words", greek, true },
	{ "Arabic words", arabic, true },
	{ "Hebrew words", hebrew, true },
	{ "Hindi words", hindi, true },
	{ "Georgian words", georgian, true },
	{ "Tamil words", tamil, true },
	{ "flags", flags, false },
	{ "lone regional indicators", lone_ri, false },
	{ "ZWJ sequences", zwj, false },
	{ "CJK", cjk, false },
	{ "Thai", thai, false },
	{ "marks after tabs and controls", marks, false },
	{ "punctuation", punct, false },
	{ "one long word", longword, false },
};

/* A line of about len bytes (and a final '\n') of the script's atoms. */
static char *
gen_line(const struct script *sc, size_t len, size_t *out_len)
{
	size_t n = 0, cap = 0, natoms = 0;
	char *s = NULL;

	while (sc->atoms[natoms] != NULL)
		natoms++;
	while (n < len) {
		const char *atom = sc->atoms[rng((unsigned)natoms)];
		size_t k = strlen(atom);

		xgrow((void **)&s, &cap, n + k + 3, 1);
		memcpy(s + n, atom, k);
		n += k;
		if (sc->words)
			s[n++] = ' ';
	}
	if (sc->words)
		n--;
	s[n++] = '\n';
	*out_len = n;
	return s;
}

/* Lays out one generated line with segments of seg bytes and whole, at the
 * given widths, and reports the first difference or failed property. */
static void
check_script(const struct script *sc, size_t seg, size_t len, const int *widths, size_t nw)
{
	size_t n, where = 0;
	char *text = gen_line(sc, len, &n);
	struct article *a = article_from_buffer("gen", text, n);
	const char *fail = NULL;
	int fw = 0;

	for (size_t i = 0; i < nw && fail == NULL; i++) {
		struct layout *x = layout_create_seamed(a, widths[i], seg);
		struct layout *y = layout_create_seamed(a, widths[i], 0);

		fw = widths[i];
		fail = layoutcheck_same(x, y, n, rng_state, &where);
		if (fail == NULL)
			fail = layoutcheck_properties(x, a, widths[i], sc->words, &where);
		layout_free(x);
		layout_free(y);
	}
	ok(fail == NULL,
	    "%s, %zu bytes in segments of %zu, %zu widths: the same as with no seam%s%s", sc->name,
	    n, seg, nw, fail ? ": " : "", fail ? fail : "");
	if (fail != NULL)
		tap_diag("width %d, near byte %zu", fw, where);
	article_free(a);
	free(text);
}

static void
test_generated(void)
{
	int many[200], few[] = { 1, 2, 3, 5, 13, 40, 80, 131, 200 };
	size_t nmany = 0;

	for (int w = 1; w <= 200; w++)
		many[nmany++] = w;
	for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
		rng_state = 1 + i;
		check_script(&scripts[i], 256, 1800, many, nmany);
		check_script(&scripts[i], 700, 4000, few, sizeof few / sizeof few[0]);
	}
	/* The real segment size: several segments of a line. */
	for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i += 3) {
		int w[] = { 1, 7, 80, 200 };

		rng_state = 100 + i;
		check_script(&scripts[i], LAYOUT_SEGMENT, 4 * LAYOUT_SEGMENT, w, 4);
	}
}

/* The reproductions of lines cut at the old fixed seams: every line of the
 * default layout is the one the whole line gives. */
static void
repro(const char *label, const char *head, const char *unit, size_t times, int width)
{
	size_t hl = strlen(head), ul = strlen(unit), n = hl + ul * times + 1, where = 0;
	char *text = xmalloc(n);
	struct article *a;
	struct layout *x, *y;
	const char *fail;

	memcpy(text, head, hl);
	for (size_t i = 0; i < times; i++)
		memcpy(text + hl + i * ul, unit, ul);
	text[n - 1] = '\n';
	a = article_from_buffer("r", text, n);
	x = layout_create(a, width);
	y = layout_create_seamed(a, width, 0);
	fail = layoutcheck_same(x, y, n, rng_state, &where);
	if (fail == NULL)
		fail = layoutcheck_properties(x, a, width, false, &where);
	ok(fail == NULL, "%s at width %d%s%s", label, width, fail ? ": " : "", fail ? fail : "");
	if (fail != NULL)
		tap_diag("near byte %zu", where);
	layout_free(x);
	layout_free(y);
	article_free(a);
	free(text);
}

static void
test_reproductions(void)
{
	repro("flags after 4 bytes keep their pairs", "xxxx", "\xf0\x9f\x87\xba\xf0\x9f\x87\xbe",
	    5000, 80);
	repro("Devanagari ki is never split", "xxx", "\xe0\xa4\x95\xe0\xa5\x80", 6000, 80);
	repro("a ZWJ sequence is never split after its joiner", "xx",
	    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", 3000, 80);
	repro("Cyrillic words are never cut", "", "\xd1\x81\xd0\xbb\xd0\xbe\xd0\xb2\xd0\xbe ", 4000,
	    80);
	repro("tabs keep their column across seams", "", "ab\tcde\t\xcc\x81", 9000, 37);
}

int
main(void)
{
	text_init();
	test_reproductions();
	test_generated();
	return tap_done();
}
