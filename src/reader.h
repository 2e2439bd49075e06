/* reader.h - the formats folio reads, as rows of one table.
 *
 * A reader is a name, the file name extensions it claims, a sniff of the
 * first bytes for files whose name says nothing, a render function that
 * writes a document through the builder (doc.h), and a title function that
 * finds the metadata title in the first bytes of a file for the list
 * (called at scan time: it must not read past what it is given).  Adding
 * a format is adding a file with its functions and a row to the table in
 * reader.c.  Plain text has no render function: its view is the source.
 */
#ifndef FOLIO_READER_H
#define FOLIO_READER_H

#include <stdbool.h>
#include <stddef.h>

struct article;
struct doc_builder;

struct reader {
	const char *name;              /* "text", "markdown", "html", ... */
	const char *const *extensions; /* lower case, without the dot; NULL ends */
	/* Whether head[0..len) (a file's first bytes) is in this format. */
	bool (*sniff)(const char *head, size_t len);
	/* Writes a's document through b; returns false when a cannot be
	 * read in this format (it is then shown as plain text). */
	bool (*render)(const struct article *a, struct doc_builder *b);
	/* The metadata title in head[0..len), malloc'd raw bytes (the caller
	 * sanitizes), or NULL when there is none. */
	char *(*title)(const char *head, size_t len);
	/* Loads the libraries render needs (extlib.h): 0, or -1 with the
	 * reason in *why; NULL when it needs none. */
	int (*load)(const char **why);
};

/* The rows, one file each (read-*.c). */
extern const struct reader reader_text;     /* plain text: the lazy path */
extern const struct reader reader_terminal; /* overstrike and SGR styles */
extern const struct reader reader_markdown; /* md4c, libyaml */
extern const struct reader reader_html;     /* libxml2, in reader mode */

/* Plain text, without reading ahead of need (read-text.c).
 *
 * The next URL (http://, https://, ftp://, mailto:, or www.) in
 * s[from..len) of safe text: true with its range in *start, *end.
 * Trailing punctuation that closes a sentence or an unopened bracket is
 * not part of it.  The layout uses it to style URLs, and text_links to
 * number them. */
bool text_find_url(const char *s, size_t len, size_t from, size_t *start, size_t *end);

struct doc_heading;
struct doc_link;

/* The lines of raw text data[0..len) that look like headings: underlined
 * by a line of '=' (level 1) or '-' (level 2), numbered ("1." level 1,
 * "2.3" level 2, ...), a man page's section names (an upper-case line at
 * the margin), or a short line alone between blank lines.  Positions are
 * raw offsets of the heading lines; texts are safe.  *out is malloc'd. */
void text_outline(const char *data, size_t len, struct doc_heading **out, size_t *n);

/* The URLs of raw text data[0..len), in order, as links (text and target
 * the URL, range its raw range).  *out is malloc'd. */
void text_links(const char *data, size_t len, struct doc_link **out, size_t *n);

/* The reader named name, or NULL. */
const struct reader *reader_named(const char *name);

/* The reader for a file: by its name's extension, else the first whose
 * sniff accepts head[0..len), else plain text.  Never NULL.  The terminal
 * row is a way of showing plain text: doc_open chooses it, never this. */
const struct reader *reader_for(const char *path, const char *head, size_t len);

/* The reader that shows a file: reader_for's, but plain text whose first
 * bytes hold overstrike or SGR styles is the terminal's when styles is
 * set (documents.styles). */
const struct reader *reader_shown(const char *path, const char *head, size_t len, bool styles);

/* r's index in reader_table. */
unsigned reader_index(const struct reader *r);

/* Every reader, for help and the configuration; NULL ends the list. */
extern const struct reader *const reader_table[];

#endif
