/* article.h - an article's raw bytes, and turning bytes into safe text.
 *
 * An article is the exact bytes of one file, mapped (or read) whole and never
 * changed.  Every reading position in folio is a byte offset into these raw
 * bytes, so positions survive re-wrapping, resizing and restarts.
 *
 * Files change under a reader, though.  A file read into memory keeps the
 * bytes it had; but a mapped one (over ARTICLE_READ_MAX) shows writes to the
 * file as they happen, and a truncation takes its pages away (the guard
 * below makes them read as NUL bytes rather than kill folio).  So whoever
 * holds an article for long looks at article_changed, cheaply and often,
 * and opens the file again when it says so, for every article alike: what
 * is shown is what the file holds now.
 *
 * Sanitizing turns raw bytes into display text in which no byte can act on a
 * terminal: C0 controls and DEL become the U+2400 control pictures, C1
 * controls and bidi embedding/override/isolate controls become a visible
 * "<U+XXXX>", invalid UTF-8 becomes U+FFFD (one per bad byte), other code
 * points that wcwidth() calls unprintable become U+FFFD, a combining mark
 * with nothing to combine with (at a line start, or after any of these
 * forms, which stand for a byte and are no base) gets a space before it,
 * tabs are expanded, CR LF becomes a line end and a lone CR, U+2028 and
 * U+2029 a hard break ('\n' in the output).  A BOM at offset 0 of the
 * article is dropped.
 */
#ifndef FOLIO_ARTICLE_H
#define FOLIO_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* What stat says of a file: enough to tell that it changed. */
struct article_stamp {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

struct article {
	char *path;       /* owned; as given */
	const char *data; /* raw bytes, size bytes; not NUL-terminated */
	size_t size;
	size_t title_start; /* raw range of the title line (article_find_title) */
	size_t title_end;   /* excluding its line end; both 0 when none or
	                       not looked for */
	int mapped;         /* private: how data is held */
	int fd;             /* private: open while mapped, for article_window */
	/* private, for article_changed: the file opened (fstat), and what its
	 * path named just before (stat); each is only compared with itself */
	bool from_file;
	struct article_stamp opened, named;
	char *watched; /* private, owned: the file named stands for when it
	                  is not path (article_watch); NULL when it is */
	/* A growing article (article-feed.c) has its bytes come in between
	 * keys: data stays where it is and size only grows, until complete. */
	bool complete;             /* every byte is in (always, but while growing) */
	const char *notice;        /* safe text, owned: why it ended early (damaged,
	                         cut at the limit); NULL when it did not */
	struct article_feed *feed; /* private: where the bytes come from */
	int refs;                  /* private: owners beyond the first */
};

/* Files up to this size are read into memory; bigger ones are mapped. */
#define ARTICLE_READ_MAX (1u << 20)

/* Opens the file at path and maps it.  Returns NULL and sets *err (a
 * message the caller frees) when it is not a regular readable file.  Never
 * blocks on FIFOs or devices. */
struct article *article_open(const char *path, char **err);

/* An article over a copy of buf[0..len), named name (for tests, fuzzers). */
struct article *article_from_buffer(const char *name, const char *buf, size_t len);

/* Frees a, or drops one owner when article_ref gave it more. */
void article_free(struct article *a);

/* Gives a one more owner, each of whom calls article_free; returns a. */
struct article *article_ref(struct article *a);

/* ---- growing articles (article-feed.c) ----
 *
 * A growing article is one whose bytes are still arriving: standard input,
 * or what a decoder makes of a compressed file or an archive member.  Its
 * data pointer never moves (the room for up to max bytes is reserved up
 * front and only used as it fills), so the layout, search and pager can
 * hold it while it grows; what they learn of bytes before the old size
 * stays true.  Whoever shows one calls article_feed between keys and, when
 * it says the article grew, lays out again what depends on the end. */

/* The most bytes a growing article takes by default (a decompression bomb
 * stops there, with a notice). */
#define ARTICLE_FEED_MAX ((size_t)1 << 30)

struct packed;

/* An article named name growing from fd (a pipe, a file; taken over and
 * closed when done), up to max bytes (0: ARTICLE_FEED_MAX).  Nothing is
 * read yet. */
struct article *article_from_fd(const char *name, int fd, size_t max);

/* The same, from a decoder (taken over). */
struct article *article_from_packed(const char *name, struct packed *p, size_t max);

/* Reads more, for about budget_us microseconds, without waiting for input
 * that is not there yet (budget_us < 0: waits until complete).  Returns
 * whether a changed: it grew, or became complete. */
bool article_feed(struct article *a, long budget_us);
/* The same, stopping too once a holds at least bytes. */
bool article_feed_upto(struct article *a, size_t bytes, long budget_us);

/* Reads, waiting for input as long as it takes, until a holds at least
 * size bytes or is complete.  Returns whether a changed. */
bool article_feed_until(struct article *a, size_t size);

/* Whether article_feed would get bytes (or the end) without waiting: a
 * decoder always can; a pipe when it has data.  False when complete. */
bool article_feed_ready(const struct article *a);

/* Private to article.c and article-feed.c: frees the feed. */
void article_feed_close(struct article *a);

/* Installs a SIGBUS handler so that a mapped file truncated under us reads
 * as NUL bytes instead of killing folio.  Returns whether a fault was
 * absorbed since the last call (the caller then warns the user). */
void article_guard_init(void);
bool article_guard_tripped(void);

/* Whether article_open(a->path) would now give other bytes than a holds:
 * the file a maps changed size or modification time (written, truncated,
 * grown: its bytes in a may be gone or changing, so a must be reopened and
 * its bytes no longer trusted), or a->path names a file of another
 * identity, size or modification time (replaced by a rename, rewritten).
 * False while the file is as it was; false too when the path no longer
 * exists but a's bytes are intact (a file deleted while shown stays shown:
 * there is nothing newer to show), and for an article from a buffer.
 * Costs one or two stat calls and reads none of the article. */
bool article_changed(const struct article *a);

/* For an article whose bytes are its own (read into memory or decoded,
 * not mapped from its file): takes the file as it is now, so that
 * article_changed is false until it changes again, and returns true.
 * False for any other article, left as it was. */
bool article_rewatch(struct article *a);

struct stat;

/* Has article_changed watch the file at file, whose fstat is st, for a
 * (an article decoded from that file, or from a member of it): a rewrite,
 * a truncation or another file renamed over it makes a changed. */
void article_watch(struct article *a, const char *file, const struct stat *st);

/* A window of an article's bytes for bulk scans (search, counting): for a
 * mapped article they are read with pread into buf, which is several times
 * cheaper than faulting the pages of the mapping in and keeps the reader's
 * memory small; for one held in memory the window is the data itself. */
struct article_window {
	char *buf; /* owned */
	size_t cap;
};

/* Bytes of a from offset from to at least to (clipped to the article) and
 * up to ARTICLE_WINDOW_TAIL more, so a match that starts before to can end
 * after it.  Returns a pointer to the byte at from, with the number of
 * bytes available there in *len; valid until the next call on w.  Bytes a
 * truncated file no longer has read as NUL. */
#define ARTICLE_WINDOW_TAIL (64u << 10)
const char *article_window(
    const struct article *a, struct article_window *w, size_t from, size_t to, size_t *len);
void article_window_free(struct article_window *w);

/* Lets go of the pages of a mapped article that lie wholly inside [from,
 * to): they leave the process (the page cache keeps them) and are read
 * again from the file when next touched.  A long scan calls it behind
 * itself, so that a search to the end of a huge file does not keep the
 * file's pages resident.  Does nothing for other articles. */
void article_let_go(const struct article *a, size_t from, size_t to);

/* Sanitized text with, for each output byte, the raw offset (relative to
 * the start of the sanitized input) of the source byte that produced it. */
struct sanbuf {
	char *text;    /* len bytes, NUL-terminated, owned */
	uint32_t *map; /* len + 1 entries; map[len] is the input length */
	size_t len;
	size_t cap;
};

/* Sanitizes raw[0..len) into out (previous contents are discarded; the
 * buffers are reused).  at_bof says raw starts the article (a BOM there is
 * dropped).  A trailing "\n" or "\r\n" is dropped; a '\n' anywhere else
 * stays as a hard break.  Tabs expand to the next multiple of 8 columns,
 * counted from the start of raw or the last hard break. */
void article_sanitize(const char *raw, size_t len, bool at_bof, struct sanbuf *out);
void sanbuf_free(struct sanbuf *b);

/* Where sanitizing stands inside a line: the column modulo the tab stop
 * and whether a combining mark has a base to attach to.  Sanitizing a long
 * line in consecutive pieces, each from the state the one before left,
 * gives the same text as sanitizing it in one go (pieces are cut at code
 * point starts, and only the last may end with the line end). */
struct sanstate {
	int col;
	bool have_base;
};

/* article_sanitize starting from *st (NULL: the start of a line) and
 * leaving in *st the state at the end of raw. */
void article_sanitize_from(
    const char *raw, size_t len, bool at_bof, struct sanstate *st, struct sanbuf *out);

/* Safe text for one line of output (file and folder names, search hits):
 * raw[0..len) sanitized with hard breaks shown as U+240A.  The caller
 * frees the result. */
char *article_safe_line(const char *raw, size_t len);

/* How far into a file a title is looked for: the library reads this much
 * of each file, and an article looks for its title line in as much, so the
 * listed title and the line styled as the title are the same line.  At
 * most ARTICLE_TITLE_LINES non-blank lines are looked at. */
#define ARTICLE_TITLE_HEAD 8192u
#define ARTICLE_TITLE_LINES 40u

/* Boilerplate patterns: a line that holds one of them ("sign up", "cookie")
 * is never taken for a title.  A pattern matches case-insensitively (full
 * Unicode case folding, as a search that ignores case) where a word starts:
 * "cookie" finds "Cookies" but "sign in" does not find "design in".  Empty
 * patterns are ignored.  Owned by whoever creates it; NULL stands for no
 * patterns. */
struct article_skip;

struct article_skip *article_skip_create(void);
/* Adds a copy of pattern (any bytes, NUL-terminated). */
void article_skip_add(struct article_skip *s, const char *pattern);
void article_skip_free(struct article_skip *s);

/* Finds the raw range of the title line of data[0..len) (the first
 * ARTICLE_TITLE_HEAD bytes are looked at): the first non-blank line that
 * looks like a headline, among the first ARTICLE_TITLE_LINES non-blank
 * ones.  A line does not when it
 *  - has no letter or digit outside <...> tags (markup such as "<div>" or
 *    "---", rules and box-drawing art, emoji rows),
 *  - is an editor modeline: "-*- ... -*-", or "vim:", "vi:" or "ex:" at
 *    its start or after a blank followed by "set " or a setting with "=",
 *  - is only Markdown images and links ("[![ci](u)](v) ![x](y)"),
 *  - holds a pattern of skip (may be NULL),
 *  - is a manual page's header ("LS(1)  User Commands  LS(1)": the same
 *    NAME(SECTION) first and last, two blanks or more after the first) as
 *    the first line, or the "NAME" line
 *    after it (overstruck or not), so that a page is titled by its
 *    "ls - list directory contents".
 * A leading run of '#' with a blank after it (a Markdown heading) is not
 * part of the headline, but is of the range.  When no line qualifies, the
 * range is that of the first non-blank line; both 0 when there is none.
 * The range excludes the line end (and a CR before it). */
void article_title_range(
    const char *data, size_t len, const struct article_skip *skip, size_t *start, size_t *end);

/* The article's title as safe text: the headline of the title line (see
 * article_title_range), trimmed, whitespace runs folded to one space, at
 * most about 400 bytes (cut at a character boundary).  When there is no
 * such line, the file name.  The caller frees the result.  Works on any
 * prefix of a file, so the library can pass only the first few kilobytes. */
char *article_title_of(
    const char *data, size_t len, const char *path, const struct article_skip *skip);

/* Sets a's title range (title_start, title_end) to its title line found
 * with skip.  article_open leaves the range empty, since most articles
 * opened (a collection search opens every one) never show it; whoever
 * shows one calls this, with its library's patterns so the line marked is
 * the listed title.  article_from_buffer finds it with no patterns. */
void article_find_title(struct article *a, const struct article_skip *skip);

#endif
