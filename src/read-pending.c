/* read-pending.c - the rows and scanners whose files are still to come.
 * Each definition here is removed when the file that really defines it
 * (read-md.c, read-html.c, read-term.c, textscan.c) lands; until then the
 * formats show as plain text and plain text has no outline or links. */
#include "config.h"

#include <stdlib.h>

#include "doc.h"
#include "reader.h"

static bool
sniff_nothing(const char *head, size_t len)
{
	(void)head;
	(void)len;
	return false;
}

const struct reader reader_markdown = { .name = "markdown", .sniff = sniff_nothing };
const struct reader reader_html = { .name = "html", .sniff = sniff_nothing };
const struct reader reader_terminal = { .name = "terminal", .sniff = sniff_nothing };

bool
text_find_url(const char *s, size_t len, size_t from, size_t *start, size_t *end)
{
	(void)s;
	(void)len;
	(void)from;
	(void)start;
	(void)end;
	return false;
}

void
text_outline(const char *data, size_t len, struct doc_heading **out, size_t *n)
{
	(void)data;
	(void)len;
	*out = NULL;
	*n = 0;
}

void
text_links(const char *data, size_t len, struct doc_link **out, size_t *n)
{
	(void)data;
	(void)len;
	*out = NULL;
	*n = 0;
}
