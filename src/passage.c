#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "passage.h"
#include "xmalloc.h"

/* The most bytes sanitized at once: the sanitizer's offset map costs four
 * bytes for each, so a huge passage goes through in pieces. */
#define PIECE (64u << 10)

size_t
passage_line_start(const char *text, size_t len, size_t pos)
{
	const char *nl;

	if (pos >= len)
		return len;
	nl = pos > 0 ? memrchr(text, '\n', pos) : NULL;
	return nl != NULL ? (size_t)(nl - text) + 1 : 0;
}

/* Just past the '\n' that ends the line holding pos, or len. */
static size_t
line_end(const char *text, size_t len, size_t pos)
{
	const char *nl = pos < len ? memchr(text + pos, '\n', len - pos) : NULL;

	return nl != NULL ? (size_t)(nl - text) + 1 : len;
}

/* Whether the line starting at pos is blank; *next is where the next
 * line starts. */
static bool
blank(const char *text, size_t len, size_t pos, size_t *next)
{
	size_t end = line_end(text, len, pos);

	*next = end;
	for (size_t i = pos; i < end; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n')
			return false;
	return true;
}

bool
passage_paragraphs(const char *text, size_t len, size_t pos, long n, struct passage *out)
{
	size_t start = passage_line_start(text, len, pos), end, next;

	while (start < len && blank(text, len, start, &next))
		start = next;
	if (start >= len)
		return false;
	/* Back to the first line of the paragraph. */
	while (start > 0) {
		size_t prev = passage_line_start(text, len, start - 1);

		if (blank(text, len, prev, &next))
			break;
		start = prev;
	}
	end = start;
	for (long k = 1;; k++) {
		while (end < len && !blank(text, len, end, &next))
			end = next;
		if (k >= n) {
			break;
		} else {
			size_t after = end;

			while (after < len && blank(text, len, after, &next))
				after = next;
			if (after >= len)
				break;
			end = after;
		}
	}
	out->start = start;
	out->end = end;
	return true;
}

void
passage_lines(const char *text, size_t len, size_t a, size_t b, struct passage *out)
{
	size_t lo = a < b ? a : b, hi = a < b ? b : a;

	out->start = passage_line_start(text, len, lo);
	out->end = hi < len ? line_end(text, len, hi) : len;
}

struct outbuf {
	char *s;
	size_t len, cap;
};

static void
put(struct outbuf *o, const char *s, size_t n)
{
	xgrow((void **)&o->s, &o->cap, o->len + n + 1, 1);
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

/* Where a piece of the line [p, e) ends: at most PIECE bytes on, at the
 * start of a character, and never between the CR and LF of a line end. */
static size_t
piece_end(const char *raw, size_t p, size_t e)
{
	size_t q = e - p > PIECE ? p + PIECE : e;

	if (q == e)
		return q;
	while (q > p && ((unsigned char)raw[q] & 0xc0) == 0x80)
		q--;
	if (q > p + 1 && raw[q] == '\n' && raw[q - 1] == '\r')
		q--;
	return q > p ? q : p + PIECE;
}

char *
passage_safe(const char *raw, size_t len, size_t *outlen)
{
	struct outbuf o = { 0 };
	struct sanbuf sb = { 0 };

	put(&o, "", 0);
	for (size_t s = 0; s < len;) {
		size_t e = line_end(raw, len, s);
		struct sanstate st = { 0 };

		/* Each piece from the state the one before left, the last one
		 * with the line end, which the sanitizer takes off. */
		for (size_t p = s; p < e;) {
			size_t q = piece_end(raw, p, e);

			article_sanitize_from(raw + p, q - p, p == 0, &st, &sb);
			put(&o, sb.text, sb.len);
			p = q;
		}
		if (e < len)
			put(&o, "\n", 1);
		s = e;
	}
	sanbuf_free(&sb);
	*outlen = o.len;
	return o.s;
}
