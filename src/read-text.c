/* read-text.c - plain text: its view is the article itself, laid out
 * lazily, so a huge file costs what is shown.  Its outline and links are
 * found by textscan.c when asked for. */
#include "config.h"

#include <stddef.h>

#include "reader.h"

static const char *const text_extensions[] = { "txt", "text", NULL };

const struct reader reader_text = {
	.name = "text",
	.extensions = text_extensions,
};
