/* frontmatter.h - the metadata block at the top of a Markdown file.
 *
 * A file may start with YAML between a line "---" and a line "---" or
 * "...", or with TOML between two lines "+++".  Its title, author and date
 * are the document's metadata; the rest of the file is the body.  YAML is
 * read with libyaml (only the scalar values of the top mapping: aliases
 * are ignored, so no expansion can blow up); TOML by a small strict reader
 * of top-level `key = value` lines (basic and literal strings, the first
 * string of an array, and for the date a bare value).  A block that is not
 * closed, or YAML whose top node is not a mapping, is no front matter: the
 * file is then all body.  Nothing is read past the length given.
 */
#ifndef FOLIO_FRONTMATTER_H
#define FOLIO_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

/* Values longer than this are cut (at a character boundary). */
#define FRONT_VALUE_MAX 1024u

enum front_field { FRONT_TITLE, FRONT_AUTHOR, FRONT_DATE, FRONT_NFIELDS };

struct front_matter {
	size_t body; /* offset of the first byte after the block; 0 when none */
	/* raw bytes (not sanitized), NUL-terminated, owned; NULL when absent */
	char *value[FRONT_NFIELDS];
	size_t len[FRONT_NFIELDS];
};

/* The name of a field as metadata knows it: "title", "author", "date". */
const char *front_field_name(enum front_field f);

/* Reads the front matter of data[0..len) into *fm (which it initializes).
 * Returns whether there is one; when not, fm->body is 0 and every value
 * NULL.  A block may hold none of the three fields. */
bool front_matter_read(const char *data, size_t len, struct front_matter *fm);

/* Frees the values; fm may then be read again. */
void front_matter_free(struct front_matter *fm);

/* The title of the front matter of head[0..len), malloc'd, or NULL. */
char *front_matter_title(const char *head, size_t len);

#endif
