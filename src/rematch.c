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
/* Alternatives of a pattern whose literals the prefilter looks for at
 * most, and the shortest literal worth it. */
#define MAX_LITS 8
#define MIN_LIT 2

/* A string every match of one alternative of the pattern holds: its
 * bytes (ASCII letters in lowercase when fold, which matches either
 * case). */
struct relit {
	char *s;
	size_t n;
	bool fold;
	size_t rare;
	/* Two of its bytes (the rarest, and the next rarest elsewhere in
	 * it), looked for together 16 places at a time: at rare, the byte
	 * or'ed with or1 is b1; at rare2, with or2, b2 (or 0x20 folds a
	 * letter's case). */
	size_t rare2;
	unsigned char b1, or1, b2, or2;
	size_t back; /* with re->prefix: the characters a match has before it */
};

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
	/* Every match holds one of these (extract_literals), so only the
	 * lines that hold one are given to PCRE2; none: every line is. */
	struct relit lits[MAX_LITS];
	size_t nlits;
	/* Every match starts a fixed number of characters (back) before
	 * one of them: the pattern anchored is tried there, nowhere else. */
	bool prefix;
	pcre2_code *anchored;
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

/* How common byte c is in text, roughly (larger: more common; English
 * letters by their frequency): a literal is looked for by its rarest
 * byte, so that memchr stops as seldom as it can. */
static int
byte_rank(unsigned char c, bool fold)
{
	static const char letters[] = "etaoinshrdlcumwfgypbvkjxqz";
	const char *at;

	if (c >= 'A' && c <= 'Z') {
		if (!fold)
			return 20 - (int)(strchr(letters, c + ('a' - 'A')) - letters) / 2;
		c = (unsigned char)(c + ('a' - 'A'));
	}
	if (c >= 'a' && c <= 'z') {
		at = strchr(letters, c);
		/* folded, a letter is two bytes to look for */
		return 60 - (int)(at - letters) + (fold ? 10 : 0);
	}
	if (c == ' ')
		return 100;
	if (c == ',' || c == '.' || c == '\'' || c == '-')
		return 30;
	if (c >= 0x80)
		return 40;
	return 15;
}

/* Keeps lit[0..n) as a literal of re. */
static void
add_literal(struct rematch *re, const char *lit, size_t n, bool fold, size_t back)
{
	struct relit *l = &re->lits[re->nlits++];
	int best = 1000;

	l->back = back;
	l->s = xmalloc(n);
	memcpy(l->s, lit, n);
	l->n = n;
	l->fold = fold;
	for (size_t k = 0; k < n; k++) {
		int r = byte_rank((unsigned char)lit[k], fold);

		if (r < best) {
			best = r;
			l->rare = k;
		}
	}
	best = 1000;
	l->rare2 = l->rare == 0 ? 1 : 0;
	for (size_t k = 0; k < n; k++) {
		int r = byte_rank((unsigned char)lit[k], fold);

		if (k != l->rare && r < best) {
			best = r;
			l->rare2 = k;
		}
	}
	l->b1 = (unsigned char)lit[l->rare];
	l->b2 = (unsigned char)lit[l->rare2];
	l->or1 = fold && l->b1 >= 'a' && l->b1 <= 'z' ? 0x20 : 0;
	l->or2 = fold && l->b2 >= 'a' && l->b2 <= 'z' ? 0x20 : 0;
}

/* Whether the run a (na bytes) makes a better literal than b: its rarest
 * byte is rarer, or as rare and it is longer. */
static bool
better_run(const char *a, size_t na, const char *b, size_t nb, bool fold)
{
	int ra = 1000, rb = 1000;

	if (na < MIN_LIT)
		return false;
	if (nb < MIN_LIT)
		return true;
	for (size_t k = 0; k < na; k++)
		if (byte_rank((unsigned char)a[k], fold) < ra)
			ra = byte_rank((unsigned char)a[k], fold);
	for (size_t k = 0; k < nb; k++)
		if (byte_rank((unsigned char)b[k], fold) < rb)
			rb = byte_rank((unsigned char)b[k], fold);
	return ra < rb || (ra == rb && na > nb);
}

/* The end of the character class that starts at pat[i] ('['), or 0 when
 * it does not end. */
static size_t
skip_class(const char *pat, size_t len, size_t i)
{
	size_t j = i + 1;

	if (j < len && pat[j] == '^')
		j++;
	if (j < len && pat[j] == ']')
		j++;
	while (j < len) {
		if (pat[j] == '\\') {
			j += 2;
		} else if (pat[j] == '[' && j + 1 < len && strchr(":.=", pat[j + 1]) != NULL) {
			const char *close =
			    j + 2 < len ? memchr(pat + j + 2, ']', len - j - 2) : NULL;

			if (close == NULL)
				return 0;
			j = (size_t)(close - pat) + 1;
		} else if (pat[j] == ']') {
			return j + 1;
		} else {
			j++;
		}
	}
	return 0;
}

/* Whether the group opening at pat[i] ('(') is one the extraction knows:
 * plain, non-capturing, atomic, a look-around or named.  Option settings
 * ("(?i)" changes the branches after it too), comments, verbs,
 * conditions, recursion and branch resets are not. */
static bool
known_group(const char *pat, size_t len, size_t i)
{
	const char *g = pat + i + 1;
	size_t rest = len - i - 1;

	if (rest == 0 || (*g != '?' && *g != '*'))
		return true;
	if (*g == '*' || rest < 2)
		return false;
	if (strchr(":=!>", g[1]) != NULL)
		return true;
	if (rest >= 3 && g[1] == '<' &&
	    (g[2] == '=' || g[2] == '!' || g[2] == '_' || (g[2] >= 'A' && g[2] <= 'Z') ||
		(g[2] >= 'a' && g[2] <= 'z')))
		return true;
	return rest >= 3 && g[1] == 'P' && g[2] == '<';
}

/* The runs of plain characters of the alternative being read: the
 * current one, and the best so far.  A run at a fixed place (only
 * characters and assertions before it: a match starts so many characters
 * before it) is taken over any other. */
struct runs {
	char *cur, *best;
	size_t ncur, nbest;
	size_t tok;       /* bytes of cur's last character */
	bool fixed;       /* the alternative so far is characters and assertions */
	size_t chars;     /* and so many characters */
	bool cur_fixed;   /* cur is at a fixed place, */
	size_t cur_back;  /* so many characters in */
	bool best_fixed;  /* and so is best, */
	size_t best_back; /* so many characters in */
	bool fold;
};

/* Ends the current run, keeping it if it is the best. */
static void
end_run(struct runs *r)
{
	bool take = r->ncur >= MIN_LIT &&
	    ((r->cur_fixed && !r->best_fixed) ||
		(r->cur_fixed == r->best_fixed &&
		    better_run(r->cur, r->ncur, r->best, r->nbest, r->fold)));

	if (take) {
		memcpy(r->best, r->cur, r->ncur);
		r->nbest = r->ncur;
		r->best_fixed = r->cur_fixed;
		r->best_back = r->cur_back;
	}
	r->ncur = r->tok = 0;
}

/* Appends the n bytes of one character of the pattern to the run. */
static void
take_char(struct runs *r, const unsigned char *p, size_t n)
{
	if (r->ncur == 0) {
		r->cur_fixed = r->fixed;
		r->cur_back = r->chars;
	}
	for (size_t k = 0; k < n; k++)
		r->cur[r->ncur++] =
		    (char)(r->fold && p[k] >= 'A' && p[k] <= 'Z' ? p[k] + ('a' - 'A') : p[k]);
	r->tok = n;
	r->chars++;
}

/* Ends the run at a token that is one character of any kind. */
static void
one_char(struct runs *r)
{
	end_run(r);
	r->chars++;
}

/* Ends the run at a token of no fixed length. */
static void
break_run(struct runs *r)
{
	end_run(r);
	r->fixed = false;
}

/* Finds, for each alternative at the top of pat, a string that every
 * match of it holds: the best run of plain characters outside groups and
 * classes, none of them optional.  Ignoring case, only ASCII letters
 * whose caseless set in PCRE2 is their two cases are kept (not k, s,
 * which KELVIN SIGN and LONG S match too; tests/test-rematch.c checks
 * this against every code point).  Keeps none where a construct could
 * make such a string wrong or where an alternative has none: the whole
 * pattern is then given every line.  Sets re->prefix when every
 * alternative starts with its string. */
static void
extract_literals(struct rematch *re, const char *pat, size_t len, bool icase)
{
	struct runs r = {
		.cur = xmalloc(len + 1), .best = xmalloc(len + 1), .fixed = true, .fold = icase
	};
	size_t i = 0;
	int depth = 0;
	bool ok = true;

	/* \Q..\E quotes anything, \c takes the next byte, \K moves the
	 * start of a match past its string, \G depends on where a search
	 * starts. */
	if (memmem(pat, len, "\\Q", 2) != NULL || memmem(pat, len, "\\E", 2) != NULL ||
	    memmem(pat, len, "\\c", 2) != NULL || memmem(pat, len, "\\K", 2) != NULL ||
	    memmem(pat, len, "\\G", 2) != NULL)
		ok = false;
	re->prefix = true;
	while (ok && i <= len) {
		unsigned char c = i < len ? (unsigned char)pat[i] : '|';

		if (c == '|' && depth == 0) {
			end_run(&r);
			if (r.nbest < MIN_LIT || re->nlits == MAX_LITS)
				ok = false;
			else
				add_literal(re, r.best, r.nbest, icase, r.best_back);
			re->prefix = re->prefix && r.best_fixed;
			r.nbest = r.chars = 0;
			r.best_fixed = false;
			r.fixed = true;
			i++;
		} else if (c == '\\') {
			unsigned char e = i + 1 < len ? (unsigned char)pat[i + 1] : 0;

			bool alnum = (e >= '0' && e <= '9') || (e >= 'A' && e <= 'Z') ||
			    (e >= 'a' && e <= 'z');

			if (depth == 0 && e >= 0x20 && e < 0x7F && !alnum) {
				take_char(&r, &e, 1);
			} else if (e == 'b' || e == 'B') {
				end_run(&r); /* takes nothing */
			} else if (e != 0 && strchr("dDwWsShHvVNtnrfea", e) != NULL &&
			    !(i + 2 < len && pat[i + 2] == '{')) {
				if (depth == 0)
					one_char(&r);
				else
					break_run(&r);
			} else if (e == 'p' || e == 'P') {
				/* \pL, \p{Cyrillic}: one character of a class */
				const char *close = i + 2 < len && pat[i + 2] == '{'
				    ? memchr(pat + i + 2, '}', len - i - 2)
				    : NULL;

				if (depth == 0)
					one_char(&r);
				else
					break_run(&r);
				if (close != NULL)
					i = (size_t)(close - pat) - 1;
				else if (i + 2 < len && pat[i + 2] == '{')
					ok = false;
				else
					i++;
			} else {
				/* \x41, \1, \A, \R, \X ...: what follows may be part
				 * of it, or it may take more than one character */
				break_run(&r);
				ok = depth > 0 || !alnum;
			}
			i += 2;
		} else if (c == '[') {
			if (depth == 0)
				one_char(&r);
			else
				break_run(&r);
			i = skip_class(pat, len, i);
			ok = i != 0;
		} else if (c == '(') {
			break_run(&r);
			ok = known_group(pat, len, i);
			depth++;
			i++;
		} else if (c == ')') {
			break_run(&r);
			ok = --depth >= 0;
			i++;
		} else if (c == '?' || c == '*' || c == '+' || c == '{') {
			/* The character before may be left out, or repeated:
			 * either way the run ends, without it unless it is
			 * needed. */
			if (c != '+')
				r.ncur -= r.tok;
			break_run(&r);
			i++;
			if (c == '{') {
				size_t j = i;

				while (j < len && strchr("0123456789, ", pat[j]) != NULL)
					j++;
				if (j < len && pat[j] == '}')
					i = j + 1;
			}
			if (i < len && (pat[i] == '?' || pat[i] == '+'))
				i++;
		} else if (c == '^') {
			end_run(&r); /* takes nothing */
			i++;
		} else if (depth == 0 &&
		    (c == '.' ||
			(icase && (c >= 0x80 || c == 'k' || c == 'K' || c == 's' || c == 'S')))) {
			one_char(&r);
			i++;
			while (c >= 0x80 && i < len && ((unsigned char)pat[i] & 0xC0) == 0x80)
				i++;
		} else if (c == '.' || c == '$' || c == '|' || c == '\n' || depth > 0 ||
		    (icase && (c >= 0x80 || c == 'k' || c == 'K' || c == 's' || c == 'S'))) {
			break_run(&r);
			i++;
			while (c >= 0x80 && i < len && ((unsigned char)pat[i] & 0xC0) == 0x80)
				i++;
		} else {
			/* A character as it is, a UTF-8 sequence whole (the
			 * pattern is valid UTF-8: it compiled), so that a
			 * quantifier takes all of it back. */
			size_t n = 1;

			while (
			    c >= 0xC0 && i + n < len && ((unsigned char)pat[i + n] & 0xC0) == 0x80)
				n++;
			take_char(&r, (const unsigned char *)pat + i, n);
			i += n;
		}
	}
	free(r.cur);
	free(r.best);
	if (!ok || depth != 0 || re->nlits == 0)
		rematch_drop_literals(re);
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
	extract_literals(re, pat, len, icase);
	if (re->prefix) {
		re->anchored = libpcre2.pcre2_compile(
		    (PCRE2_SPTR)pat, len, flags | PCRE2_ANCHORED, &code, &offset, NULL);
		if (re->anchored != NULL)
			libpcre2.pcre2_jit_compile(re->anchored, PCRE2_JIT_COMPLETE);
		re->prefix = re->anchored != NULL;
	}
	libpcre2.pcre2_set_match_limit(re->mc, MATCH_LIMIT);
	libpcre2.pcre2_set_depth_limit(re->mc, DEPTH_LIMIT);
	return re;
}

void
rematch_free(struct rematch *re)
{
	if (re == NULL)
		return;
	rematch_drop_literals(re);
	libpcre2.pcre2_match_context_free(re->mc);
	libpcre2.pcre2_match_data_free(re->md);
	libpcre2.pcre2_code_free(re->code);
	libpcre2.pcre2_code_free(re->anchored);
	free(re);
}

size_t
rematch_skipped(const struct rematch *re)
{
	return re->skipped;
}

/* One call: 1 with the match in *s, *e, 0 for none, -1 over a limit. */
static int
match_with(struct rematch *re, pcre2_code *code, const char *text, size_t len, size_t from,
    size_t *s, size_t *e)
{
	int r =
	    libpcre2.pcre2_match(code, (PCRE2_SPTR)text, len, from, PCRE2_NOTEMPTY, re->md, re->mc);
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

static int
match(struct rematch *re, const char *text, size_t len, size_t from, size_t *s, size_t *e)
{
	return match_with(re, re->code, text, len, from, s, e);
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

/* Whether the text at t holds the literal l. */
static bool
literal_at(const struct relit *l, const char *t)
{
	if (!l->fold)
		return memcmp(t, l->s, l->n) == 0;
	for (size_t k = 0; k < l->n; k++) {
		unsigned char c = (unsigned char)t[k];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + ('a' - 'A'));
		if (c != (unsigned char)l->s[k])
			return false;
	}
	return true;
}

typedef unsigned char bytes16 __attribute__((vector_size(16)));

/* A bit for each byte of v (0x00 or 0xFF), the first byte's lowest. */
static inline uint32_t
byte_bits(bytes16 v)
{
	uint64_t w[2];
	uint32_t bits = 0;

	memcpy(w, &v, 16);
	for (int h = 0; h < 2; h++) {
		unsigned char b[8];

		memcpy(b, &w[h], 8);
		for (int j = 0; j < 8; j++)
			bits |= (uint32_t)(b[j] & 1) << (h * 8 + j);
	}
	return bits;
}

/* The places of [p, p + 32) where the two bytes of l are, as bits. */
static inline uint32_t
pair_hits(const struct relit *l, const char *text, size_t p)
{
	const bytes16 zero = { 0 }, b1 = zero + l->b1, b2 = zero + l->b2;
	const bytes16 or1 = zero + l->or1, or2 = zero + l->or2;
	bytes16 x0, y0, x1, y1, h0, h1, any;
	uint64_t w[2];

	memcpy(&x0, text + p + l->rare, 16);
	memcpy(&y0, text + p + l->rare2, 16);
	memcpy(&x1, text + p + l->rare + 16, 16);
	memcpy(&y1, text + p + l->rare2 + 16, 16);
	h0 = (bytes16)(((x0 | or1) == b1) & ((y0 | or2) == b2));
	h1 = (bytes16)(((x1 | or1) == b1) & ((y1 | or2) == b2));
	any = h0 | h1;
	memcpy(w, &any, 16);
	if ((w[0] | w[1]) == 0)
		return 0;
	return byte_bits(h0) | byte_bits(h1) << 16;
}

/* The start of the first whole occurrence of l in text[from, to), or to:
 * 32 places at a time, those where two of its bytes are (16 bytes to a
 * vector, as every target has), each then compared whole; the last
 * block ends where the places do, over places already looked at. */
static size_t
literal_find(const struct relit *l, const char *text, size_t from, size_t to)
{
	size_t p = from, n = l->n, last;

	if (to - from < n)
		return to;
	last = to - n + 1; /* the places are [from, last) */
	if (last - from < 32) {
		for (; p < last; p++)
			if (((unsigned char)text[p + l->rare] | l->or1) == l->b1 &&
			    literal_at(l, text + p))
				return p;
		return to;
	}
	for (;;) {
		uint32_t bits = pair_hits(l, text, p);

		while (bits != 0) {
			size_t j = (size_t)__builtin_ctz(bits);

			if (literal_at(l, text + p + j))
				return p + j;
			bits &= bits - 1;
		}
		if (p + 32 >= last)
			return to;
		p = last - p >= 64 ? p + 32 : last - 32;
	}
}

/* Where the character t characters before at starts, not before from;
 * SIZE_MAX when there is no such place or the bytes there are no valid
 * characters (which no match covers). */
static size_t
chars_back(const char *text, size_t from, size_t at, size_t t)
{
	for (; t > 0; t--) {
		size_t k = 0;

		do {
			if (at <= from)
				return SIZE_MAX;
			at--;
		} while (++k < 4 && ((unsigned char)text[at] & 0xC0) == 0x80);
		if (((unsigned char)text[at] & 0xC0) == 0x80)
			return SIZE_MAX;
	}
	return at;
}

/* The first place in [from, region) where a match could start, by the
 * literals and their places (re->prefix), or SIZE_MAX. */
static size_t
next_start(const struct rematch *re, const char *text, size_t from, size_t region)
{
	size_t best = SIZE_MAX;

	for (size_t k = 0; k < re->nlits; k++) {
		const struct relit *l = &re->lits[k];
		size_t at = from, to, s;

		for (;;) {
			/* Only an occurrence whose match would start before
			 * the best one matters; a character is 4 bytes at most. */
			to = best == SIZE_MAX || region - best <= 4 * l->back + l->n
			    ? region
			    : best + 4 * l->back + l->n;
			at = literal_find(l, text, at, to);
			if (at >= to)
				break;
			s = chars_back(text, from, at, l->back);
			if (s != SIZE_MAX) {
				if (s < best)
					best = s;
				break;
			}
			at++;
		}
	}
	return best;
}

/* rematch_find for a pattern with literals: PCRE2 looks only where a
 * match can be.  With re->prefix that is the places a literal says, each
 * tried with the anchored pattern; else the lines that hold a literal,
 * each alone (as rematch_find looks again at a line where a match ran
 * past it).  Either way the matches are the same. */
static bool
find_by_literals(struct rematch *re, const char *text, size_t len, size_t from, size_t limit,
    size_t *start, size_t *end, long deadline)
{
	/* A match starting before limit ends by the end of limit's line. */
	size_t region = line_end(text, len, limit - 1), best, ls, le, to;
	const char *nl;
	bool first = true;
	int r;

	while (from < limit) {
		if (re->prefix) {
			ls = best = next_start(re, text, from, region);
		} else {
			best = region;
			for (size_t k = 0; k < re->nlits; k++) {
				size_t n = re->lits[k].n, at;

				/* Only an occurrence before the best one matters. */
				to = best < region && region - best > n ? best + n : region;
				at = literal_find(&re->lits[k], text, from, to);
				if (at < best)
					best = at;
			}
			if (best >= region)
				return false;
			nl = memrchr(text + from, '\n', best - from);
			ls = nl != NULL ? (size_t)(nl - text) + 1 : from;
		}
		if (ls >= limit)
			return false;
		if (!first && deadline != 0 && timing_now_us() >= deadline) {
			re->stopped = true;
			/* A line start, or where a match could start: a
			 * character boundary past from. */
			*start = *end = ls;
			return false;
		}
		first = false;
		le = line_end(text, len, best);
		if (re->prefix) {
			r = match_with(re, re->anchored, text, le, best, start, end);
			if (r > 0)
				return true;
			/* on past the character at best */
			for (from = best + 1;
			     from < le && ((unsigned char)text[from] & 0xC0) == 0x80;)
				from++;
			if (r < 0)
				from = le + 1;
		} else {
			r = match(re, text, le, ls, start, end);
			if (r > 0)
				return *start < limit;
			from = le + 1;
		}
		if (r < 0)
			re->skipped++;
	}
	return false;
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
	if (re->nlits > 0 && from < limit)
		return find_by_literals(re, text, len, from, limit, start, end, deadline);
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

size_t
rematch_literals(const struct rematch *re, bool *anchored)
{
	*anchored = re->prefix;
	return re->nlits;
}

void
rematch_drop_literals(struct rematch *re)
{
	for (size_t k = 0; k < re->nlits; k++)
		free(re->lits[k].s);
	re->nlits = 0;
	re->prefix = false;
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
