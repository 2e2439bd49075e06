#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>

#include "rematch.h"
#include "search.h"
#include "text.h"
#include "xmalloc.h"

/*
 * Every code point of the text stands for a short sequence of "units": its
 * canonical decomposition, after full case folding when case is ignored,
 * without its combining marks when accents are ignored.  The pattern is
 * turned into units the same way, and a match is a run of whole text
 * characters whose units, with each run of combining marks put in
 * canonical order, are the pattern's.
 *
 * libunistring computes the units of a code point once; they are kept in a
 * table of 256-entry pages filled on first use.  Each entry is one 32-bit
 * word: the unit itself when there is exactly one (plain ASCII letters map
 * to themselves or their lowercase), otherwise flags and, for several
 * units, their length and place in a pool.
 *
 * The scan skips ASCII eight bytes at a time looking for the bytes that
 * fold to the pattern's first unit, and passes over non-ASCII characters
 * by a bit mask, per lead byte, of those whose units begin with it (so
 * KELVIN SIGN, LONG S, ligatures, ß and the like are never missed).  Each
 * candidate is then compared in full; a pattern like "aaab" over a long
 * run of "a" therefore costs its length per character.
 *
 * Runs of more than RUN_MAX marks are put in canonical order in pieces,
 * and a pattern that begins with a mark matches where the text's marks
 * begin at a character; both only matter for text no one writes.
 *
 * The tables, the skip masks and a scratch buffer belong to the compiled
 * pattern and are filled while it searches, so a compiled pattern must not
 * be used by two threads at once.
 */

#define PAGE_SHIFT 8
#define PAGE_SIZE (1u << PAGE_SHIFT)
#define NPAGES (0x110000u >> PAGE_SHIFT)

#define E_MULTI 0x80000000u    /* several units, in the pool */
#define E_EMPTY 0x40000000u    /* no unit: a dropped mark */
#define E_LEADMARK 0x20000000u /* the first unit has a combining class */
#define E_TAILMARK 0x10000000u /* the last unit has a combining class */
#define E_LEN_SHIFT 23
#define E_LEN_MAX 0x1Fu
#define E_OFF_MAX 0x7FFFFFu
#define E_CP_MASK 0x1FFFFFu

#define NO_UNIT 0xFFFFFFFFu

/* Marks gathered after a character to be put in canonical order; longer
 * runs (which Unicode's stream-safe format forbids) are ordered in parts. */
#define RUN_MAX 32

/* What the scan does at a byte >= 0x80. */
enum {
	LEAD_UNKNOWN, /* not looked at yet */
	LEAD_NO,      /* no character starting with it can begin a match */
	LEAD_YES,     /* decode and look */
	LEAD_MASK,    /* a bit mask over the next bytes says */
};

struct page {
	uint32_t e[PAGE_SIZE];
};

struct units {
	uint32_t *v;
	size_t n;
	size_t cap;
};

/* The entries of every code point under one pair of options, filled a
 * page at a time as characters are met.  A table depends on nothing but
 * its options, so the patterns compiled with the same ones share it: it
 * is made on first use and kept for the life of the process (a page costs
 * hundreds of normalisations and foldings, and the title rules alone
 * compile a dozen patterns). */
struct fold_table {
	bool icase;
	bool noaccents;
	struct units pool;
	struct page *pages[NPAGES];
};

struct search_state {
	struct fold_table *ft; /* shared: see fold_table */
	struct units scratch;
	uint8_t lead[256];
	uint64_t mask2[32];     /* LEAD_MASK of C0..DF: by second byte */
	uint64_t mask3[16][64]; /* LEAD_MASK of E0..EF: by second, third */
};

/* The table of the options icase and noaccents. */
static struct fold_table *
fold_table(bool icase, bool noaccents)
{
	static struct fold_table *tables[2][2];
	struct fold_table **t = &tables[icase][noaccents];

	if (*t == NULL) {
		*t = xcalloc(1, sizeof **t);
		(*t)->icase = icase;
		(*t)->noaccents = noaccents;
	}
	return *t;
}

struct search_pattern {
	bool icase;
	bool never;
	uint32_t *units;
	size_t n;
	uint32_t first;
	bool mark_first;
	uint64_t trig1;
	uint64_t trig2;
	uint32_t ascii[128];
	bool ascii_only; /* only the bytes of trig1/trig2 start a match */
	bool pair;       /* and one of next1/next2 follows them */
	unsigned char start1, start2, next1, next2;
	struct search_state *st;
	struct rematch *re; /* a regular expression: the rest is unused */
	char *error;        /* why the regular expression is not valid */
};

static void
units_push(struct units *u, uint32_t v)
{
	if (u->n == u->cap)
		xgrow((void **)&u->v, &u->cap, u->n + 1, sizeof *u->v);
	u->v[u->n++] = v;
}

static bool
is_mark(uint32_t u)
{
	return uc_combining_class(u) != UC_CCC_NR || uc_is_general_category(u, UC_CATEGORY_Mn);
}

/* Asks libunistring once per code point for its units, so the search loop
 * only reads tables; decomposing before folding makes this the canonical
 * caseless form NFD(fold(NFD(c))). */
static uint32_t
compute_entry(struct search_state *st, uint32_t cp)
{
	uint32_t buf1[8], buf2[8], *x, *y, e;
	size_t n1 = 8, n2, i, base = st->ft->pool.n, n;

	x = u32_normalize(UNINORM_NFD, &cp, 1, buf1, &n1);
	if (x == NULL)
		fatal("cannot decompose U+%04X", (unsigned)cp);
	y = x;
	n2 = n1;
	if (st->ft->icase) {
		n2 = 8;
		y = u32_casefold(x, n1, NULL, UNINORM_NFD, buf2, &n2);
		if (y == NULL)
			fatal("cannot fold U+%04X", (unsigned)cp);
	}
	for (i = 0; i < n2; i++) {
		if (!st->ft->noaccents || !is_mark(y[i]))
			units_push(&st->ft->pool, y[i]);
	}
	if (y != x && y != buf2)
		free(y);
	if (x != buf1)
		free(x);

	n = st->ft->pool.n - base;
	if (n == 0)
		return E_EMPTY;
	e = 0;
	if (uc_combining_class(st->ft->pool.v[base]) != UC_CCC_NR)
		e |= E_LEADMARK;
	if (uc_combining_class(st->ft->pool.v[st->ft->pool.n - 1]) != UC_CCC_NR)
		e |= E_TAILMARK;
	if (n == 1) {
		st->ft->pool.n = base;
		return e | st->ft->pool.v[base];
	}
	if (n > E_LEN_MAX || base > E_OFF_MAX)
		fatal("U+%04X expands too far", (unsigned)cp);
	return e | E_MULTI | (uint32_t)n << E_LEN_SHIFT | (uint32_t)base;
}

/* Gives in *e the entry of cp when two table lookups know it: cp has no
 * canonical decomposition (so NFD leaves it), is no mark, and folding (when
 * case is ignored) leaves it as it is, which is what Changes_When_Casefolded
 * says of a character NFD leaves; or it is an ASCII capital, folded to its
 * small letter.  Most code points are one or the other, and compute_entry
 * costs thousands of instructions. */
static bool
quick_entry(const struct fold_table *ft, uint32_t cp, uint32_t *e)
{
	ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];

	*e = cp;
	if (cp < 0x80) {
		if (ft->icase && cp >= 'A' && cp <= 'Z')
			*e = cp + ('a' - 'A');
		return true;
	}
	return uc_canonical_decomposition(cp, d) < 0 && !is_mark(cp) &&
	    (!ft->icase || !uc_is_property_changes_when_casefolded(cp));
}

static uint32_t
entry_of(struct search_state *st, uint32_t cp)
{
	uint32_t e;

	if (cp >= 0xD800 && cp <= 0xDFFF)
		return TEXT_REPLACEMENT;
	if (quick_entry(st->ft, cp, &e))
		return e;
	return compute_entry(st, cp);
}

size_t
search_fold_mismatches(bool icase, bool noaccents, uint32_t from, uint32_t to)
{
	struct search_state st = { .ft = fold_table(icase, noaccents) };
	size_t bad = 0;
	uint32_t e;

	for (uint32_t cp = from; cp < to && cp < 0x110000; cp++) {
		size_t base = st.ft->pool.n;

		if ((cp >= 0xD800 && cp <= 0xDFFF) || !quick_entry(st.ft, cp, &e))
			continue;
		if (compute_entry(&st, cp) != e)
			bad++;
		st.ft->pool.n = base;
	}
	return bad;
}

/* Fills a whole page at once, because neighbouring code points come
 * together in real text. */
static struct page *
fill_page(struct search_state *st, uint32_t pageno)
{
	struct page *pg = xmalloc(sizeof *pg);
	uint32_t j;

	for (j = 0; j < PAGE_SIZE; j++)
		pg->e[j] = entry_of(st, pageno << PAGE_SHIFT | j);
	st->ft->pages[pageno] = pg;
	return pg;
}

/* The entry of cp, filling its page on first use. */
static inline uint32_t
lookup(struct search_state *st, uint32_t cp)
{
	struct page *pg = st->ft->pages[cp >> PAGE_SHIFT];

	if (pg == NULL)
		pg = fill_page(st, cp >> PAGE_SHIFT);
	return pg->e[cp & (PAGE_SIZE - 1)];
}

static inline uint32_t
first_unit(const struct search_state *st, uint32_t e)
{
	if (e & E_EMPTY)
		return NO_UNIT;
	if (e & E_MULTI)
		return st->ft->pool.v[e & E_OFF_MAX];
	return e & E_CP_MASK;
}

static void
push_entry(struct search_state *st, uint32_t e, struct units *out)
{
	size_t i, n;

	if (e & E_EMPTY)
		return;
	if (!(e & E_MULTI)) {
		units_push(out, e & E_CP_MASK);
		return;
	}
	n = (e >> E_LEN_SHIFT) & E_LEN_MAX;
	for (i = 0; i < n; i++)
		units_push(out, st->ft->pool.v[(e & E_OFF_MAX) + i]);
}

/* Puts each run of combining marks in canonical order (a stable sort by
 * class, as NFD does), so marks typed in any order compare equal. */
static void
sort_marks(uint32_t *v, size_t n)
{
	size_t i, j;
	uint32_t u;
	int c;

	for (i = 1; i < n; i++) {
		u = v[i];
		c = uc_combining_class(u);
		if (c == UC_CCC_NR)
			continue;
		for (j = i; j > 0; j--) {
			int pc = uc_combining_class(v[j - 1]);

			if (pc == UC_CCC_NR || pc <= c)
				break;
			v[j] = v[j - 1];
		}
		v[j] = u;
	}
}

/* Appends the units of the character at s[i], and when they end in a mark
 * those of the marks that follow, in canonical order: marks may sit in
 * several characters in any order, and must compare as NFD would put them.
 * Returns the bytes consumed, or 0 as soon as there are more than max
 * units, which spares sorting a long run the pattern cannot cover. */
static size_t
gather(struct search_state *st, const char *s, size_t len, size_t i, struct units *out, size_t max)
{
	size_t start = i, base = out->n, n, marks = 0;
	uint32_t cp, e;

	i += text_decode(s + i, len - i, &cp);
	e = lookup(st, cp);
	push_entry(st, e, out);
	if (out->n - base > max)
		return 0;
	if (!(e & E_TAILMARK))
		return i - start;
	while (i < len && marks < RUN_MAX) {
		n = text_decode(s + i, len - i, &cp);
		e = lookup(st, cp);
		if (!(e & E_LEADMARK))
			break;
		push_entry(st, e, out);
		if (out->n - base > max)
			return 0;
		i += n;
		marks++;
	}
	sort_marks(out->v + base, out->n - base);
	return i - start;
}

/* Compares the pattern with the text from the character at i on, and on
 * success stores where the match ends: after the last character it uses
 * and any dropped marks that follow, never before a mark it leaves out. */
static bool
match_at(const struct search_pattern *p, const char *text, size_t len, size_t i, size_t *endp)
{
	const unsigned char *s = (const unsigned char *)text;
	struct search_state *st = p->st;
	const uint32_t *pat = p->units;
	size_t m = p->n, k = 0, n, l;
	uint32_t cp, e;

	while (k < m) {
		if (i >= len)
			return false;
		if (s[i] < 0x80) {
			if (p->ascii[s[i]] != pat[k])
				return false;
			i++;
			k++;
			continue;
		}
		n = text_decode(text + i, len - i, &cp);
		e = lookup(st, cp);
		if (e & (E_LEADMARK | E_TAILMARK)) {
			st->scratch.n = 0;
			n = gather(st, text, len, i, &st->scratch, m - k);
			l = st->scratch.n;
			if (n == 0 || memcmp(st->scratch.v, pat + k, l * sizeof *pat) != 0)
				return false;
			k += l;
		} else if (e & E_MULTI) {
			l = (e >> E_LEN_SHIFT) & E_LEN_MAX;
			if (l > m - k ||
			    memcmp(st->ft->pool.v + (e & E_OFF_MAX), pat + k, l * sizeof *pat) != 0)
				return false;
			k += l;
		} else if (!(e & E_EMPTY)) {
			if (e != pat[k])
				return false;
			k++;
		}
		i += n;
	}
	while (i < len && s[i] >= 0x80) {
		n = text_decode(text + i, len - i, &cp);
		e = lookup(st, cp);
		if (e & E_LEADMARK)
			return false;
		if (!(e & E_EMPTY))
			break;
		i += n;
	}
	*endp = i;
	return true;
}

/* Whether a text character (its entry e) can begin a match.  When the
 * pattern begins with a mark, any character beginning with a mark can,
 * because canonical ordering may bring the pattern's first mark forward. */
static inline bool
can_start(const struct search_pattern *p, uint32_t e)
{
	return first_unit(p->st, e) == p->first || (p->mark_first && (e & E_LEADMARK));
}

/* Decides once per lead byte which characters it starts can begin a
 * match, as bit masks over the following bytes, so the scan passes over
 * the others without decoding them. */
static void
resolve_lead(const struct search_pattern *p, unsigned char b)
{
	struct search_state *st = p->st;
	uint32_t lo, hi, cp;
	uint64_t *mask, any = 0;

	if (b < 0xE0) {
		lo = (uint32_t)(b & 0x1F) << 6;
		hi = lo + 0x3F;
		mask = &st->mask2[b & 0x1F];
	} else {
		lo = (uint32_t)(b & 0x0F) << 12;
		hi = lo + 0xFFF;
		mask = st->mask3[b & 0x0F];
	}
	for (cp = lo; cp <= hi; cp++) {
		if ((cp >= 0x800 || b < 0xE0) && (cp < 0xD800 || cp > 0xDFFF) &&
		    can_start(p, lookup(st, cp))) {
			mask[(cp - lo) >> 6] |= 1ull << (cp & 0x3F);
			any = 1;
		}
	}
	st->lead[b] = any ? LEAD_MASK : LEAD_NO;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static inline bool
is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Finds the next character that may start a match: eight bytes at a time
 * over ASCII that cannot, then a byte or a character at a time, because
 * that is where almost all the time goes.  Characters whose lead byte has
 * a mask are skipped whole, bytes and all: their continuation bytes cannot
 * start a match either (the pattern does not begin with U+FFFD, or there
 * would be no masks). */
static size_t
next_trigger(
    const struct search_pattern *p, const unsigned char *s, size_t i, size_t limit, size_t len)
{
	const struct search_state *st = p->st;
	uint64_t w, x1, x2;
	size_t stop;
	unsigned char b;

	for (;;) {
		while (i < limit && limit - i >= 8) {
			memcpy(&w, s + i, 8);
			x1 = w ^ p->trig1;
			x2 = w ^ p->trig2;
			if ((((x1 - ONES) & ~x1) | ((x2 - ONES) & ~x2) | w) & HIGHS)
				break;
			i += 8;
		}
		stop = i + 16;
		while (i < limit && i < stop) {
			b = s[i];
			if (b < 0x80) {
				if (p->ascii[b] == p->first)
					return i;
				i++;
				continue;
			}
			switch (st->lead[b]) {
			case LEAD_NO: i++; continue;
			case LEAD_MASK:
				if (b < 0xE0 && len - i >= 2 && is_cont(s[i + 1])) {
					if (st->mask2[b & 0x1F] >> (s[i + 1] & 0x3F) & 1)
						return i;
					i += 2;
				} else if (b >= 0xE0 && len - i >= 3 && is_cont(s[i + 1]) &&
				    is_cont(s[i + 2])) {
					if (st->mask3[b & 0x0F][s[i + 1] & 0x3F] >>
						(s[i + 2] & 0x3F) &
					    1)
						return i;
					i += 3;
				} else
					i++;
				continue;
			default: return i;
			}
		}
		if (i >= limit)
			return limit;
	}
}

/* Smart case looks for a letter that lowercasing changes, so that
 * "straße", whose ß is already lowercase, still ignores case. */
static bool
has_upper(const char *pat, size_t len)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		i += text_decode(pat + i, len - i, &cp);
		if (uc_tolower(cp) != cp)
			return true;
	}
	return false;
}

/* Sets up the skip: which ASCII bytes and which lead bytes can start a
 * match.  Invalid bytes compare as U+FFFD, so a pattern starting with it
 * must look at every non-ASCII byte. */
/* The next byte at or after i that is one of the pattern's two ASCII
 * trigger bytes (or limit): memchr for one, eight bytes at a time for two,
 * passing over every other byte, non-ASCII ones included. */
static size_t
next_ascii(const struct search_pattern *p, const unsigned char *s, size_t i, size_t limit)
{
	uint64_t w, x1, x2;

	if (p->trig1 == p->trig2) {
		const unsigned char *q = memchr(s + i, (int)(p->trig1 & 0xFF), limit - i);

		return q != NULL ? (size_t)(q - s) : limit;
	}
	while (limit - i >= 8) {
		memcpy(&w, s + i, 8);
		x1 = w ^ p->trig1;
		x2 = w ^ p->trig2;
		if ((((x1 - ONES) & ~x1) | ((x2 - ONES) & ~x2)) & HIGHS)
			break;
		i += 8;
	}
	for (; i < limit; i++)
		if (s[i] == (p->trig1 & 0xFF) || s[i] == (p->trig2 & 0xFF))
			return i;
	return limit;
}

typedef unsigned char bytes16 __attribute__((vector_size(16)));

/* The next place at or after i, before limit, where one of the pattern's
 * two first bytes is followed by one of its two second ones (or limit):
 * 16 places at a time (a vector every target has), the last ones, whose
 * second byte may be the text's end, one at a time. */
static size_t
next_pair(
    const struct search_pattern *p, const unsigned char *s, size_t i, size_t limit, size_t len)
{
	const bytes16 zero = { 0 }, a1 = zero + p->start1, a2 = zero + p->start2;
	const bytes16 c1 = zero + p->next1, c2 = zero + p->next2;

	for (; i < limit && len - i >= 17; i += 16) {
		bytes16 x, y, hit;
		uint64_t w[2];
		unsigned char m[16];

		memcpy(&x, s + i, 16);
		memcpy(&y, s + i + 1, 16);
		hit = (bytes16)(((x == a1) | (x == a2)) & ((y == c1) | (y == c2)));
		memcpy(w, &hit, 16);
		if ((w[0] | w[1]) == 0)
			continue;
		memcpy(m, &hit, 16);
		for (size_t j = 0; j < 16; j++)
			if (m[j] != 0)
				return i + j < limit ? i + j : limit;
	}
	for (; i < limit && i + 1 < len; i++)
		if ((s[i] == p->start1 || s[i] == p->start2) &&
		    (s[i + 1] == p->next1 || s[i + 1] == p->next2))
			return i;
	return limit;
}

static void
init_triggers(struct search_pattern *p)
{
	struct search_state *st = p->st;
	unsigned char t[2] = { 0x80, 0x80 };
	int nt = 0, b;

	for (b = 0; b < 0x80; b++) {
		if (p->ascii[b] == p->first && nt < 2)
			t[nt++] = (unsigned char)b;
	}
	if (nt == 1)
		t[1] = t[0];
	p->trig1 = ONES * t[0];
	p->trig2 = ONES * t[1];

	for (b = 0x80; b < 0x100; b++) {
		if (p->first == TEXT_REPLACEMENT || b >= 0xF0)
			st->lead[b] = LEAD_YES;
		else if (b >= 0xC2)
			st->lead[b] = LEAD_UNKNOWN;
		else
			st->lead[b] = LEAD_NO;
	}
	if (p->first != TEXT_REPLACEMENT) {
		for (b = 0xF5; b < 0x100; b++)
			st->lead[b] = LEAD_NO;
	}
}

/* A regular expression (rematch.h) in p. */
static struct search_pattern *
compile_regex(struct search_pattern *p, const char *pat, size_t len, enum search_case mode)
{
	if (mode == SEARCH_SMART)
		p->icase = !rematch_has_upper(pat, len);
	else
		p->icase = mode == SEARCH_IGNORE;
	p->n = len;
	if (len > 0)
		p->re = rematch_compile(pat, len, p->icase, &p->error);
	p->never = p->re == NULL;
	return p;
}

struct search_pattern *
search_compile(const char *pat, size_t len, const struct search_options *opts)
{
	struct search_pattern *p = xcalloc(1, sizeof *p);
	struct search_state *st;
	struct units u = { NULL, 0, 0 };
	enum search_case mode = opts != NULL ? opts->case_mode : SEARCH_SMART;
	size_t i;
	uint32_t b;

	if (opts != NULL && opts->regex)
		return compile_regex(p, pat, len, mode);
	p->st = st = xcalloc(1, sizeof *st);
	if (mode == SEARCH_SMART)
		p->icase = !has_upper(pat, len);
	else
		p->icase = mode == SEARCH_IGNORE;
	st->ft = fold_table(p->icase, opts != NULL && opts->ignore_accents);
	for (b = 0; b < 0x80; b++)
		p->ascii[b] = lookup(st, b);

	for (i = 0; i < len;)
		i += gather(st, pat, len, i, &u, SIZE_MAX);
	p->units = u.v;
	p->n = u.n;
	for (i = 0; i < p->n; i++) {
		if (p->units[i] == '\n')
			p->never = true;
	}
	p->first = p->n > 0 ? p->units[0] : NO_UNIT;
	p->mark_first = p->n > 0 && uc_combining_class(p->first) != UC_CCC_NR;
	/* When only ASCII bytes can start a match, the scan need not look at
	 * any other: accents kept, a second unit that is no mark (so no
	 * character decomposing to the first unit and marks can start a
	 * match), and a first unit that no non-ASCII character turns into by
	 * itself or followed by a non-mark.  Those few are listed here, and
	 * tests/test-search.c checks the list against all of Unicode. */
	p->ascii_only = !st->ft->noaccents && p->n >= 2 && p->first < 0x80 &&
	    !is_mark(p->units[1]) && strchr(p->icase ? "safk;`" : "K;`", (int)p->first) == NULL;
	init_triggers(p);
	/* The second unit, too, then comes from an ASCII byte, when no
	 * non-ASCII character turns into it (the same list) and no mark
	 * after it could make one of those that decompose to it and a
	 * mark take its place. */
	if (p->ascii_only && p->units[1] < 0x80 &&
	    strchr(p->icase ? "safk;`" : "K;`", (int)p->units[1]) == NULL &&
	    (p->n == 2 || !is_mark(p->units[2]))) {
		int nn = 0;

		for (b = 0; b < 0x80; b++) {
			if (p->ascii[b] != p->units[1])
				continue;
			if (nn == 0)
				p->next1 = (unsigned char)b;
			else
				p->next2 = (unsigned char)b;
			nn++;
		}
		if (nn == 1)
			p->next2 = p->next1;
		p->start1 = (unsigned char)(p->trig1 & 0xFF);
		p->start2 = (unsigned char)(p->trig2 & 0xFF);
		p->pair = nn >= 1 && nn <= 2;
	}
	return p;
}

void
search_free(struct search_pattern *p)
{
	if (p == NULL)
		return;
	rematch_free(p->re);
	free(p->error);
	/* its fold table stays, for the next pattern with its options */
	if (p->st != NULL)
		free(p->st->scratch.v);
	free(p->st);
	free(p->units);
	free(p);
}

bool
search_is_empty(const struct search_pattern *p)
{
	return p->n == 0;
}

bool
search_ignores_case(const struct search_pattern *p)
{
	return p->icase;
}

bool
search_is_regex(const struct search_pattern *p)
{
	return p->re != NULL || p->error != NULL;
}

const char *
search_error(const struct search_pattern *p)
{
	return p->error;
}

void
search_set_budget(struct search_pattern *p, long us)
{
	if (p->re != NULL)
		rematch_set_budget(p->re, us);
}

bool
search_stopped(const struct search_pattern *p)
{
	return p->re != NULL && rematch_stopped(p->re);
}

size_t
search_skipped(const struct search_pattern *p)
{
	return p->re != NULL ? rematch_skipped(p->re) : 0;
}

size_t
search_literals(const struct search_pattern *p, bool *anchored)
{
	*anchored = false;
	return p->re != NULL ? rematch_literals(p->re, anchored) : 0;
}

void
search_plain(struct search_pattern *p)
{
	if (p->re != NULL)
		rematch_drop_literals(p->re);
	p->ascii_only = p->pair = false;
}

bool
search_find(const struct search_pattern *p, const char *text, size_t len, size_t from, size_t limit,
    size_t *start, size_t *end)
{
	const unsigned char *s = (const unsigned char *)text;
	struct search_state *st = p->st;
	size_t i, n;
	uint32_t cp;

	if (p->n == 0 || p->never)
		return false;
	if (p->re != NULL)
		return rematch_find(p->re, text, len, from, limit, start, end);
	if (limit > len)
		limit = len;
	for (i = from; i < limit;) {
		if (p->pair)
			i = next_pair(p, s, i, limit, len);
		else if (p->ascii_only)
			i = next_ascii(p, s, i, limit);
		else
			i = next_trigger(p, s, i, limit, len);
		if (i >= limit)
			break;
		if (s[i] < 0x80) {
			if (match_at(p, text, len, i, end)) {
				*start = i;
				return true;
			}
			i++;
			continue;
		}
		if (st->lead[s[i]] == LEAD_UNKNOWN) {
			resolve_lead(p, s[i]);
			continue;
		}
		n = text_decode(text + i, len - i, &cp);
		if (can_start(p, lookup(st, cp)) && match_at(p, text, len, i, end)) {
			*start = i;
			return true;
		}
		i += n;
	}
	return false;
}

size_t
search_count(const struct search_pattern *p, const char *text, size_t len)
{
	size_t count = 0, pos = 0, start, end;

	while (search_find(p, text, len, pos, len, &start, &end)) {
		count++;
		pos = end;
	}
	return count;
}
