#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>

#include "article.h"
#include "snippet.h"
#include "text.h"
#include "xmalloc.h"

/* A growing string. */
struct str {
	char *p;
	size_t len, cap;
};

static void
add(struct str *b, const char *s, size_t n)
{
	xgrow((void **)&b->p, &b->cap, b->len + n + 1, 1);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Appends raw[0..n) made safe, each run of blanks (spaces, tabs) one
 * space; *blank says the text so far ends in one. */
static void
add_safe(struct str *b, const char *raw, size_t n, bool *blank)
{
	char *safe = article_safe_line(raw, n), *w;

	xgrow((void **)&b->p, &b->cap, b->len + strlen(safe) + 1, 1);
	w = b->p + b->len;
	for (const char *p = safe; *p != '\0'; p++) {
		bool sp = *p == ' ' || *p == '\t';

		if (sp && *blank)
			continue;
		*w++ = sp ? ' ' : *p;
		*blank = sp;
	}
	b->len = (size_t)(w - b->p);
	*w = '\0';
	free(safe);
}

/* The grapheme cluster boundaries of s[0..n): b[i] is set when one is
 * before s[i].  The caller frees it. */
static char *
breaks(const char *s, size_t n)
{
	char *b = xmalloc(n + 1);

	u8_grapheme_breaks((const uint8_t *)s, n, b);
	return b;
}

/* The offset of the first grapheme boundary after the start of s[0..n)
 * (n when there is none): a cut start may have left half a cluster. */
static size_t
first_cluster_end(const char *s, size_t n)
{
	char *b = breaks(s, n);
	size_t i = 1;

	while (i < n && !b[i])
		i++;
	free(b);
	return n == 0 ? 0 : i;
}

struct snippet *
snippet_make(const char *buf, size_t len, size_t ms, size_t me)
{
	struct snippet *s = xcalloc(1, sizeof *s);
	struct str b = { 0 };
	size_t ls = ms, le = me, k;
	bool blank = true, cut_left, cut_right;

	if (me > len)
		me = len;
	if (ms > me)
		ms = me;
	if (me - ms > SNIPPET_MATCH)
		me = ms + SNIPPET_MATCH;
	le = me;
	while (ls > 0 && ms - ls < SNIPPET_CONTEXT && buf[ls - 1] != '\n')
		ls--;
	while (le < len && le - me < SNIPPET_CONTEXT && buf[le] != '\n')
		le++;
	cut_left = ls > 0 && buf[ls - 1] != '\n';
	cut_right = le < len && buf[le] != '\n';
	add(&b, "", 0);
	add_safe(&b, buf + ls, ms - ls, &blank);
	if (cut_left && b.len > 0) {
		/* The cut may have left the end of a cluster: drop it. */
		k = first_cluster_end(b.p, b.len);
		memmove(b.p, b.p + k, b.len - k + 1);
		b.len -= k;
	}
	s->mstart = b.len;
	add_safe(&b, buf + ms, me - ms, &blank);
	s->mend = b.len;
	add_safe(&b, buf + me, le - me, &blank);
	if (cut_right && b.len > s->mend) {
		size_t last = s->mend;
		char *gb = breaks(b.p, b.len);

		/* Keep whole clusters only: up to the last boundary. */
		for (size_t i = s->mend; i < b.len; i++)
			if (gb[i])
				last = i;
		free(gb);
		b.len = last;
		b.p[b.len] = '\0';
	}
	while (b.len > s->mend && b.p[b.len - 1] == ' ')
		b.p[--b.len] = '\0';
	s->text = b.p;
	return s;
}

void
snippet_free(struct snippet *s)
{
	if (s == NULL)
		return;
	free(s->text);
	free(s);
}

void
snippet_fit(
    const struct snippet *s, int cols, size_t *from, size_t *to, bool *cut_left, bool *cut_right)
{
	size_t n = strlen(s->text), f = 0, fit;
	int lead, w;
	char *gb;

	*from = *to = 0;
	*cut_left = *cut_right = false;
	if (cols < 1 || n == 0)
		return;
	if (text_width(s->text, n) > cols &&
	    text_width(s->text, s->mstart) > (lead = cols / 3 > 1 ? cols / 3 : 1) - 1) {
		/* Start at the first boundary from which the match starts within
		 * the lead, or the rest fits whole, an ellipsis first. */
		gb = breaks(s->text, n);
		for (f = 1; f < s->mstart; f++)
			if (gb[f] &&
			    (text_width(s->text + f, s->mstart - f) <= lead - 1 ||
				text_width(s->text + f, n - f) <= cols - 1))
				break;
		free(gb);
		*cut_left = true;
		cols--;
	}
	fit = text_fit(s->text + f, n - f, cols, &w);
	if (f + fit < n && cols > 1) {
		*cut_right = true;
		fit = text_fit(s->text + f, n - f, cols - 1, &w);
	}
	*from = f;
	*to = f + fit;
}
