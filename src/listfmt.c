#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "article.h"
#include "library.h"
#include "listfmt.h"
#include "text.h"
#include "xmalloc.h"

/* The longest date shown: a longer strftime result shows as nothing. */
#define DATE_MAX 4096

/* One piece of a format: literal text (conv 0) or a conversion. */
struct item {
	char conv;  /* 't', 'f', 'p', 'd', 's', 'u', or 0 for text */
	bool left;  /* '-': aligned left */
	int width;  /* columns, 0: as long as the field is */
	char *text; /* owned: of literal text, made safe */
};

struct listfmt {
	struct item *items; /* owned */
	size_t n, cap;
	char *date_format; /* owned */
};

typedef char *(*field_fn)(const struct listfmt *f, const struct entry *e, bool unread);

static char *
field_title(const struct listfmt *f, const struct entry *e, bool unread)
{
	return xstrdup(library_title(e));
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

static char *
field_file(const struct listfmt *f, const struct entry *e, bool unread)
{
	const char *name = base_name(e->path);

	return article_safe_line(name, strlen(name));
}

static char *
field_path(const struct listfmt *f, const struct entry *e, bool unread)
{
	char *rel = e->group[0] != '\0' ? xasprintf("%s/%s", e->group, base_name(e->path))
					: xstrdup(base_name(e->path));
	char *safe = article_safe_line(rel, strlen(rel));

	free(rel);
	return safe;
}

/* strftime of the modification time; a result longer than DATE_MAX (or a
 * format that yields nothing) shows as nothing. */
static char *
field_date(const struct listfmt *f, const struct entry *e, bool unread)
{
	struct tm tm;
	char *buf = NULL, *safe;
	size_t n = 0;

	if (localtime_r(&e->mtime, &tm) == NULL || f->date_format[0] == '\0')
		return xstrdup("");
	for (size_t cap = 64; cap <= DATE_MAX && n == 0; cap *= 4) {
		buf = xreallocarray(buf, cap, 1);
		/* The format is the user's date_format: any text is a valid
		 * strftime format, and the result is made safe below. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		n = strftime(buf, cap, f->date_format, &tm);
#pragma GCC diagnostic pop
	}
	safe = article_safe_line(buf, n);
	free(buf);
	return safe;
}

static char *
field_size(const struct listfmt *f, const struct entry *e, bool unread)
{
	char out[8];

	listfmt_size(e->size > 0 ? (uint64_t)e->size : 0, out);
	return xstrdup(out);
}

static char *
field_unread(const struct listfmt *f, const struct entry *e, bool unread)
{
	return xstrdup(unread ? LISTFMT_UNREAD : " ");
}

static const field_fn fields[128] = {
	['t'] = field_title,
	['f'] = field_file,
	['p'] = field_path,
	['d'] = field_date,
	['s'] = field_size,
	['u'] = field_unread,
};

void
listfmt_size(uint64_t size, char out[8])
{
	static const char units[] = "KMGTPE";
	uint64_t div = 1024;

	if (size < 1024) {
		snprintf(out, 8, "%uB", (unsigned)size);
		return;
	}
	/* Integers only: the tenths are rounded up exactly, and 1024^6 still
	 * leaves room in 64 bits for the remainder times ten. */
	for (size_t u = 0; u < sizeof units - 1; u++, div *= 1024) {
		uint64_t q = size / div, r = size % div;
		uint64_t tenths = q * 10 + (r * 10 + div - 1) / div, whole = q + (r > 0);

		if (tenths < 100) {
			snprintf(out, 8, "%u.%u%c", (unsigned)(tenths / 10),
			    (unsigned)(tenths % 10), units[u]);
			return;
		}
		if (whole < 1024 || units[u + 1] == '\0') {
			snprintf(out, 8, "%u%c", (unsigned)(whole > 9999 ? 9999 : whole), units[u]);
			return;
		}
	}
}

void
listfmt_free(struct listfmt *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->n; i++)
		free(f->items[i].text);
	free(f->items);
	free(f->date_format);
	free(f);
}

static void
add_item(struct listfmt *f, struct item it)
{
	xgrow((void **)&f->items, &f->cap, f->n + 1, sizeof *f->items);
	f->items[f->n++] = it;
}

/* Adds raw[0..len) as literal text. */
static void
add_text(struct listfmt *f, const char *raw, size_t len)
{
	if (len > 0)
		add_item(f, (struct item){ .text = article_safe_line(raw, len) });
}

/* What is wrong with the conversion at s (just after its '%'): the
 * character there, made safe, quoted in the message. */
static char *
bad_conversion(const char *s)
{
	uint32_t cp;
	size_t n = *s != '\0' ? text_decode(s, strlen(s), &cp) : 0;
	char *safe, *why;

	if (n == 0)
		return xstrdup("a lone % at the end (%% shows a percent sign)");
	safe = article_safe_line(s, n);
	why = xasprintf("unknown conversion %%%s (known: %%t %%f %%p %%d %%s %%u %%%%)", safe);
	free(safe);
	return why;
}

/* Parses the conversion after the '%' at *s into it; advances *s past it.
 * Returns NULL, or what is wrong. */
static char *
parse_conversion(const char **s, struct item *it)
{
	const char *p = *s;
	long width = 0;

	*it = (struct item){ 0 };
	if (*p == '%') {
		*s = p + 1;
		it->text = xstrdup("%");
		return NULL;
	}
	if (*p == '-') {
		it->left = true;
		p++;
	}
	while (*p >= '0' && *p <= '9') {
		width = width * 10 + (*p++ - '0');
		if (width > LISTFMT_WIDTH_MAX)
			return xasprintf("a width over %d columns", LISTFMT_WIDTH_MAX);
	}
	if (*p == '\0')
		return bad_conversion(p);
	if ((it->left || p != *s) && width == 0)
		return xstrdup("a width of 0 columns");
	if ((unsigned char)*p >= 128 || fields[(unsigned char)*p] == NULL)
		return bad_conversion(p);
	it->conv = *p;
	it->width = (int)width;
	*s = p + 1;
	return NULL;
}

struct listfmt *
listfmt_parse(const char *spec, const char *date_format, char **why)
{
	struct listfmt *f = xcalloc(1, sizeof *f);
	const char *p = spec;

	*why = NULL;
	f->date_format = xstrdup(date_format != NULL ? date_format : LISTFMT_DATE_DEFAULT);
	while (*p != '\0') {
		const char *pct = strchr(p, '%');
		struct item it;

		if (pct == NULL) {
			add_text(f, p, strlen(p));
			break;
		}
		add_text(f, p, (size_t)(pct - p));
		p = pct + 1;
		if ((*why = parse_conversion(&p, &it)) != NULL) {
			listfmt_free(f);
			return NULL;
		}
		add_item(f, it);
	}
	return f;
}

bool
listfmt_check(const char *spec, char **why)
{
	struct listfmt *f = listfmt_parse(spec, NULL, why);

	listfmt_free(f);
	return f != NULL;
}

/* Appends value to row, padded or cut to the item's width. */
static void
append_field(char **row, size_t *len, size_t *cap, const struct item *it, const char *value)
{
	size_t n = strlen(value), fit = n;
	int used = text_width(value, n), pad = 0;

	if (it->width > 0) {
		if (used > it->width)
			fit = text_fit(value, n, it->width, &used);
		pad = it->width - used;
	}
	xgrow((void **)row, cap, *len + fit + (size_t)pad + 1, 1);
	if (!it->left) {
		memset(*row + *len, ' ', (size_t)pad);
		*len += (size_t)pad;
	}
	memcpy(*row + *len, value, fit);
	*len += fit;
	if (it->left) {
		memset(*row + *len, ' ', (size_t)pad);
		*len += (size_t)pad;
	}
	(*row)[*len] = '\0';
}

char *
listfmt_row(const struct listfmt *f, const struct entry *e, bool unread)
{
	char *row, *value;
	size_t len = 0, cap = 1;

	if (f == NULL)
		return xstrdup(library_title(e));
	row = xstrdup("");
	for (size_t i = 0; i < f->n; i++) {
		const struct item *it = &f->items[i];

		value = it->conv != 0 ? fields[(unsigned char)it->conv](f, e, unread) : NULL;
		append_field(&row, &len, &cap, it, value != NULL ? value : it->text);
		free(value);
	}
	return row;
}
