#include "config.h"

#include <unictype.h>

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "info.h"
#include "listfmt.h"
#include "reader.h"
#include "text.h"
#include "xmalloc.h"

/* Bytes of an article counted per window. */
#define CHUNK (1u << 20)

enum { OUTSIDE, IN_WORD, AFTER_CONNECTOR };

enum cls { C_OTHER, C_WORD, C_MARK, C_CONNECTOR, C_IDEOGRAPH };

static bool
is_kana(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
	    (cp >= 0xFF66 && cp <= 0xFF9F);
}

/* The class of a code point; ASCII is decided without a table look-up. */
static enum cls
classify(uint32_t cp)
{
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9'))
			return C_WORD;
		return cp == '\'' || cp == '-' || cp == '.' || cp == ',' ? C_CONNECTOR : C_OTHER;
	}
	if (cp == TEXT_REPLACEMENT)
		return C_OTHER;
	if (cp == 0x2019 || cp == 0x2010 || cp == 0x2011)
		return C_CONNECTOR;
	if (uc_is_property_ideographic(cp) || is_kana(cp))
		return C_IDEOGRAPH;
	if (uc_is_general_category(cp, UC_CATEGORY_L) || uc_is_general_category(cp, UC_CATEGORY_N))
		return C_WORD;
	if (uc_is_general_category(cp, UC_CATEGORY_M))
		return C_MARK;
	return C_OTHER;
}

/* Where a code point of each class leads from each state, and whether it
 * starts a word: a connector joins only when a letter or digit follows. */
static const struct {
	unsigned char next;
	bool counts;
} moves[3][5] = {
	[OUTSIDE] = {
	    [C_OTHER] = { OUTSIDE, false },
	    [C_WORD] = { IN_WORD, true },
	    [C_MARK] = { OUTSIDE, false },
	    [C_CONNECTOR] = { OUTSIDE, false },
	    [C_IDEOGRAPH] = { OUTSIDE, true },
	},
	[IN_WORD] = {
	    [C_OTHER] = { OUTSIDE, false },
	    [C_WORD] = { IN_WORD, false },
	    [C_MARK] = { IN_WORD, false },
	    [C_CONNECTOR] = { AFTER_CONNECTOR, false },
	    [C_IDEOGRAPH] = { OUTSIDE, true },
	},
	[AFTER_CONNECTOR] = {
	    [C_OTHER] = { OUTSIDE, false },
	    [C_WORD] = { IN_WORD, false },
	    [C_MARK] = { OUTSIDE, false },
	    [C_CONNECTOR] = { OUTSIDE, false },
	    [C_IDEOGRAPH] = { OUTSIDE, true },
	},
};

size_t
info_words_feed(struct info_words *w, const char *s, size_t n, size_t stop)
{
	size_t i = 0;

	while (i < stop) {
		uint32_t cp = (unsigned char)s[i];
		size_t k = 1;
		enum cls c;

		if (cp >= 0x80)
			k = text_decode(s + i, n - i, &cp);
		c = classify(cp);
		w->words += moves[w->state][c].counts;
		w->state = moves[w->state][c].next;
		i += k;
	}
	return i;
}

size_t
info_count_words(const char *s, size_t n)
{
	struct info_words w = { 0 };

	info_words_feed(&w, s, n, n);
	return w.words;
}

size_t
info_article_words(const struct article *a)
{
	struct info_words w = { 0 };
	struct article_window win = { 0 };
	size_t pos = 0;

	while (pos < a->size) {
		size_t to = a->size - pos > CHUNK ? pos + CHUNK : a->size, len;
		const char *p = article_window(a, &win, pos, to, &len);

		if (len == 0)
			break;
		pos += info_words_feed(&w, p, len, to - pos < len ? to - pos : len);
	}
	article_window_free(&win);
	return w.words;
}

unsigned
info_minutes(double words, int per_minute)
{
	double speed = per_minute > 0 ? per_minute : INFO_WORDS_PER_MINUTE;
	unsigned m;

	if (!(words > 0))
		return 0;
	m = (unsigned)(words / speed);
	return (double)m * speed < words ? m + 1 : m;
}

const char *
info_format(const char *path, const char *head, size_t len)
{
	return reader_shown(path, head, len, true)->name;
}

void
info_of_article(const struct article *a, bool have_words, struct info *out)
{
	size_t head = a->size < ARTICLE_TITLE_HEAD ? a->size : ARTICLE_TITLE_HEAD;

	out->format = info_format(a->path, a->data, head);
	out->size = a->size;
	out->mtime = a->from_file ? a->opened.mtime.tv_sec : 0;
	out->per_minute = 0;
	if (!have_words)
		out->words = info_article_words(a);
}

/* The modification time, to the minute or to the second; "" when it is
 * not known. */
static void
format_time(time_t t, bool seconds, char *buf, size_t cap)
{
	struct tm tm;
	size_t n = 0;

	if (t != 0 && localtime_r(&t, &tm) != NULL)
		n = seconds ? strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm)
			    : strftime(buf, cap, "%Y-%m-%d %H:%M", &tm);
	buf[n] = '\0';
}

char *
info_line(const char *path, const struct info *in)
{
	char size[8], date[32];
	char *safe = article_safe_line(path, strlen(path)), *line;

	listfmt_size(in->size, size);
	format_time(in->mtime, false, date, sizeof date);
	line = xasprintf("%s  %s  %zu %s  %u min  %s%s%s", in->format, size, in->words,
	    in->words == 1 ? "word" : "words", info_minutes((double)in->words, in->per_minute),
	    date, date[0] != '\0' ? "  " : "", safe);
	free(safe);
	return line;
}

void
info_print(FILE *out, const char *path, const char *title, const struct info *in)
{
	char size[8], date[32];
	char *safe = article_safe_line(path, strlen(path));

	listfmt_size(in->size, size);
	format_time(in->mtime, true, date, sizeof date);
	fprintf(out, "path: %s\ntitle: %s\nformat: %s\nsize: %s\nbytes: %llu\n", safe, title,
	    in->format, size, (unsigned long long)in->size);
	fprintf(out, "modified: %s\nwords: %zu\nminutes: %u\n", date, in->words,
	    info_minutes((double)in->words, in->per_minute));
	free(safe);
}

struct counted {
	bool known;
	uint64_t size;
	time_t mtime;
	size_t words;
};

struct info_cache {
	struct counted *v; /* owned, n */
	size_t n;
};

struct info_cache *
info_cache_create(size_t n)
{
	struct info_cache *c = xcalloc(1, sizeof *c);

	c->v = xcalloc(n + 1, sizeof *c->v);
	c->n = n;
	return c;
}

void
info_cache_free(struct info_cache *c)
{
	if (c == NULL)
		return;
	free(c->v);
	free(c);
}

bool
info_cache_get(const struct info_cache *c, size_t e, uint64_t size, time_t mtime, size_t *words)
{
	if (c == NULL || e >= c->n || !c->v[e].known || c->v[e].size != size ||
	    c->v[e].mtime != mtime)
		return false;
	*words = c->v[e].words;
	return true;
}

void
info_cache_put(struct info_cache *c, size_t e, uint64_t size, time_t mtime, size_t words)
{
	if (c != NULL && e < c->n)
		c->v[e] = (struct counted){ true, size, mtime, words };
}
