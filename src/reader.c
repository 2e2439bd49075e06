#include "config.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "packed.h"
#include "reader.h"

/* In the order sniffs are tried; plain text last. */
const struct reader *const reader_table[] = {
	&reader_markdown,
	&reader_html,
	&reader_terminal,
	&reader_text,
	NULL,
};

const struct reader *
reader_named(const char *name)
{
	for (size_t i = 0; reader_table[i] != NULL; i++)
		if (strcmp(reader_table[i]->name, name) == 0)
			return reader_table[i];
	return NULL;
}

unsigned
reader_index(const struct reader *r)
{
	unsigned i = 0;

	while (reader_table[i] != NULL && reader_table[i] != r)
		i++;
	return i;
}

/* The extension of path's last component, or NULL, with its length in
 * *len; under a compression suffix, the one before it ("notes.md.gz" is
 * Markdown). */
static const char *
extension(const char *path, size_t *len)
{
	const char *end = path + packed_base_len(path), *base = end, *dot = NULL;

	while (base > path && base[-1] != '/')
		base--;
	for (const char *p = base; p < end; p++)
		if (*p == '.')
			dot = p;
	if (dot == NULL || dot == base || dot + 1 == end)
		return NULL;
	*len = (size_t)(end - dot - 1);
	return dot + 1;
}

const struct reader *
reader_for(const char *path, const char *head, size_t len)
{
	size_t extlen = 0;
	const char *ext = path != NULL ? extension(path, &extlen) : NULL;

	if (ext != NULL)
		for (size_t i = 0; reader_table[i] != NULL; i++)
			for (const char *const *e = reader_table[i]->extensions;
			     e != NULL && *e != NULL; e++)
				if (strlen(*e) == extlen && strncasecmp(*e, ext, extlen) == 0)
					return reader_table[i];
	/* The terminal styles are a way of showing plain text, which
	 * doc_open chooses when they are wanted. */
	for (size_t i = 0; reader_table[i] != NULL; i++)
		if (reader_table[i] != &reader_terminal && reader_table[i]->sniff != NULL &&
		    reader_table[i]->sniff(head, len))
			return reader_table[i];
	return &reader_text;
}

const struct reader *
reader_shown(const char *path, const char *head, size_t len, bool styles)
{
	const struct reader *r = reader_for(path, head, len);

	return r == &reader_text && styles && reader_terminal.sniff(head, len) ? &reader_terminal
									       : r;
}
