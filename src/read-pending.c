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
