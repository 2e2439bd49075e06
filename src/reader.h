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
};

/* The reader named name, or NULL. */
const struct reader *reader_named(const char *name);

/* The reader for a file: by its name's extension, else the first whose
 * sniff accepts head[0..len), else plain text.  Never NULL. */
const struct reader *reader_for(const char *path, const char *head, size_t len);

/* Every reader, for help and the configuration; NULL ends the list. */
extern const struct reader *const reader_table[];

#endif
