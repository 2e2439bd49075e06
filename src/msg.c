#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "msg.h"
#include "xmalloc.h"

static void put(FILE *f, const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Writes prefix and the formatted message, made safe, as one line. */
static void
put(FILE *f, const char *prefix, const char *fmt, va_list ap)
{
	char *raw = xvasprintf(fmt, ap);
	char *safe = article_safe_line(raw, strlen(raw));

	fputs(prefix, f);
	fputs(safe, f);
	fputc('\n', f);
	free(safe);
	free(raw);
}

void
msg_vline(FILE *f, const char *fmt, va_list ap)
{
	put(f, "", fmt, ap);
}

void
msg_line(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put(f, "", fmt, ap);
	va_end(ap);
}

void
msg_warn(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put(f, "folio: ", fmt, ap);
	va_end(ap);
}
