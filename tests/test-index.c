/* Unit tests of the index's folding (index.h): whenever the literal
 * matcher finds a pattern in a text, under any of its case and accent
 * options, the folded pattern is a substring of the folded text, so that
 * every trigram of it is in the index.  Texts and patterns are drawn from
 * pieces that folding and normalisation treat specially (accents composed
 * and decomposed, ß and ẞ, Turkish i, final sigma, iota subscript, the
 * Kelvin and Ångström signs, ligatures, marks, CJK, emoji, soft hyphens,
 * invalid bytes), each pattern a slice of its text with pieces swapped
 * for equivalent ones. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "search.h"
#include "tap.h"
#include "xmalloc.h"

/* Pieces in classes of equivalents (under some options). */
static const char *const classes[][6] = {
	{ "e\xcc\x81", "\xc3\xa9", "\xc3\x89", "E\xcc\x81", "e", NULL },
	{ "\xc3\x9f", "ss", "SS", "\xe1\xba\x9e", "s\xc5\xbf", NULL },
	{ "i", "I", "\xc4\xb0", "\xc4\xb1", "i\xcc\x87", NULL },
	{ "\xcf\x83", "\xcf\x82", "\xce\xa3", NULL },
	{ "\xe1\xbe\xb3", "\xce\xb1\xcd\x85", "\xce\xb1\xce\xb9", "\xce\x91\xce\x99", "\xce\xb1",
	    NULL },
	{ "k", "K", "\xe2\x84\xaa", NULL },
	{ "\xc3\xa5", "\xc3\x85", "\xe2\x84\xab", "a\xcc\x8a", "a", NULL },
	{ "\xef\xac\x83", "ffi", "FFI", NULL },
	{ "\xd1\x87", "\xd0\xa7", NULL },
	{ "\xd0\xb9", "\xd0\xb8\xcc\x86", "\xd0\x99", NULL },
	{ "\xe4\xb8\xad", NULL },
	{ "\xe6\x96\x87", NULL },
	{ "\xf0\x9f\x98\x80", NULL },
	{ "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", "\xf0\x9f\x91\x8d", NULL },
	{ "\xcc\x81", "\xcc\xa3", "", NULL },
	{ "o\xcc\xa3\xcc\x81", "o\xcc\x81\xcc\xa3", "\xe1\xbb\x8d\xcc\x81", "\xe1\xbb\x9b", NULL },
	{ "\xc7\xb0", "j\xcc\x8c", "J\xcc\x8c", NULL },
	{ " ", NULL },
	{ "\n", NULL },
	{ "\xc2\xad", NULL },
	{ "x", "X", NULL },
	{ "\xff", "\xef\xbf\xbd", "\xed\xa0\x80", NULL },
	{ "t", "T", NULL },
	{ "\xc3\xb1", "n\xcc\x83", "N\xcc\x83", NULL },
};
#define NCLASSES (sizeof classes / sizeof classes[0])

static unsigned long rng = 12345;

static unsigned
rnd(unsigned n)
{
	rng = rng * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)(rng >> 33) % n;
}

static size_t
class_size(size_t c)
{
	size_t n = 0;

	while (n < 6 && classes[c][n] != NULL)
		n++;
	return n;
}

struct buf {
	char *s;
	size_t n, cap;
};

static void
put(struct buf *b, const char *s)
{
	size_t k = strlen(s);

	if (b->n + k + 1 > b->cap)
		xgrow((void **)&b->s, &b->cap, b->n + k + 1, 1);
	memcpy(b->s + b->n, s, k + 1);
	b->n += k;
}

/* Whether the folded pattern is in the folded text, for each way of
 * matching; counts the cases where the matcher found it. */
static bool
agrees(struct index *ix, const char *text, size_t tlen, const char *pat, size_t plen, size_t *found)
{
	static const struct search_options ways[] = {
		{ .case_mode = SEARCH_IGNORE },
		{ .case_mode = SEARCH_SENSITIVE },
		{ .case_mode = SEARCH_IGNORE, .ignore_accents = true },
		{ .case_mode = SEARCH_SENSITIVE, .ignore_accents = true },
	};
	size_t ft, fp, s, e;
	char *t = index_fold(ix, text, tlen, &ft), *p = index_fold(ix, pat, plen, &fp);
	bool good = true;

	for (size_t w = 0; w < sizeof ways / sizeof ways[0]; w++) {
		struct search_pattern *sp = search_compile(pat, plen, &ways[w]);

		if (search_find(sp, text, tlen, 0, tlen, &s, &e)) {
			(*found)++;
			if (fp > 0 && memmem(t, ft, p, fp) == NULL) {
				good = false;
				tap_diag("way %zu: pattern [%.*s] in text [%.*s]: folded [%s] not "
					 "in [%s]",
				    w, (int)plen, pat, (int)tlen, text, p, t);
			}
		}
		search_free(sp);
	}
	free(t);
	free(p);
	return good;
}

static void
property(void)
{
	struct index *ix = index_folder();
	size_t found = 0, bad = 0;

	for (int round = 0; round < 6000; round++) {
		size_t picks[24], n = 4 + rnd(20), from, to;
		struct buf text = { 0 }, pat = { 0 };

		for (size_t i = 0; i < n; i++) {
			picks[i] = rnd(NCLASSES);
			put(&text, classes[picks[i]][rnd((unsigned)class_size(picks[i]))]);
		}
		from = rnd((unsigned)n);
		to = from + 1 + rnd((unsigned)(n - from));
		for (size_t i = from; i < to; i++)
			put(&pat, classes[picks[i]][rnd((unsigned)class_size(picks[i]))]);
		if (pat.n > 0 && !agrees(ix, text.s, text.n, pat.s, pat.n, &found))
			bad++;
		free(text.s);
		free(pat.s);
	}
	is_int((long long)bad, 0, "folded pattern always in the folded text it matches");
	ok(found > 5000, "the matcher found %zu of the patterns", found);
	index_free(ix);
}

static void
examples(void)
{
	struct index *ix = index_folder();
	size_t n;
	char *f;

	f = index_fold(ix,
	    "STRASSE Stra\xc3\x9f"
	    "e",
	    15, &n);
	is_str(f, "strasse strasse", "ß folds to ss, capitals to small");
	free(f);
	f = index_fold(ix, "Caf\xc3\xa9 cafe\xcc\x81", 12, &n);
	is_str(f, "cafe cafe", "accents go, composed or not");
	free(f);
	f = index_fold(ix, "\xd0\xa7\xd0\x95\xd0\xa7\xd0\x9d\xd0\xaf", 10, &n);
	is_str(f, "\xd1\x87\xd0\xb5\xd1\x87\xd0\xbd\xd1\x8f", "Cyrillic capitals fold");
	free(f);
	f = index_fold(ix, "a\0b", 3, &n);
	is_int((long long)n, 2, "NUL is dropped");
	free(f);
	index_free(ix);
}

int
main(void)
{
	examples();
	property();
	return tap_done();
}
