/* info.h - what is known of one article: its format, size, date, words
 * and reading time, for the info action (=) and folio --info.
 *
 * Words are counted over the raw bytes as wc -w would count them, but by
 * Unicode classes: a word is a run of letters and digits (with their
 * combining marks), which an apostrophe, a hyphen, a full stop or a comma
 * between two of them does not break ("don't", "well-known", "3.14"); a
 * CJK ideograph or kana is a word by itself, since those scripts put no
 * spaces between words.  Bytes that are no UTF-8 are no letters.  An
 * article is read through an article window (article.h), so counting a
 * 200 MB file reads it once and keeps little of it in memory.
 */
#ifndef FOLIO_INFO_H
#define FOLIO_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct article;

/* Words per minute of the reading time when none is set
 * (layout.reading_speed). */
#define INFO_WORDS_PER_MINUTE 230

/* Counting words in pieces: a piece may end anywhere, even inside a code
 * point or between a word and its apostrophe. */
struct info_words {
	size_t words;
	int state; /* private: outside a word, in one, or after its connector */
};

/* Counts the code points of s[0..n) that start before stop (stop <= n),
 * reading on past stop to finish the last one; returns the bytes used. */
size_t info_words_feed(struct info_words *w, const char *s, size_t n, size_t stop);

/* The words of s[0..n). */
size_t info_count_words(const char *s, size_t n);

/* The words of an article, read through a window. */
size_t info_article_words(const struct article *a);

/* Minutes to read words at per_minute words a minute (0 or less:
 * INFO_WORDS_PER_MINUTE), rounded up. */
unsigned info_minutes(double words, int per_minute);

/* The name of the format of the file at path whose first bytes are
 * head[0..len) (the readers' table, reader.h: reader_shown with the
 * styles on, so that a saved manual page is "terminal").  Never NULL. */
const char *info_format(const char *path, const char *head, size_t len);

struct info {
	const char *format; /* static: see info_format */
	uint64_t size;      /* bytes */
	time_t mtime;       /* 0 when not known (an article from a buffer) */
	size_t words;
	int per_minute; /* reading speed for the minutes; 0: the default */
};

/* The info of article a, its words counted unless have_words says that
 * *out already holds them. */
void info_of_article(const struct article *a, bool have_words, struct info *out);

/* The info as one line for the prompt line, the long path last: "FORMAT
 * SIZE  WORDS words  N min  DATE  PATH", the path made safe (the caller
 * frees it). */
char *info_line(const char *path, const struct info *in);

/* The info as "key: value" lines for scripts: path, title (safe text, as
 * the list shows it), format, size (short, as %s of the list), bytes,
 * modified (YYYY-mm-dd HH:MM:SS, local time), words, minutes. */
void info_print(FILE *out, const char *path, const char *title, const struct info *in);

/* Word counts per entry of a library, kept while the file stays the same
 * (its size and modification time). */
struct info_cache;

struct info_cache *info_cache_create(size_t n);
void info_cache_free(struct info_cache *c);
/* True with *words when entry e's count of a file of that size and time is
 * kept. */
bool info_cache_get(
    const struct info_cache *c, size_t e, uint64_t size, time_t mtime, size_t *words);
void info_cache_put(struct info_cache *c, size_t e, uint64_t size, time_t mtime, size_t words);

#endif
