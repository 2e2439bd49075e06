#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "dump.h"
#include "info.h"
#include "layout.h"
#include "library.h"
#include "msg.h"
#include "search.h"
#include "xmalloc.h"

/* Writes raw bytes as safe text on one output line. */
static void
put_safe(FILE *out, const char *s, size_t n)
{
	char *safe = article_safe_line(s, n);

	fputs(safe, out);
	free(safe);
}

int
dump_list(struct library *lib, FILE *out)
{
	for (size_t i = 0; i < lib->n; i++) {
		const struct entry *e = &lib->entries[i];

		put_safe(out, e->path, strlen(e->path));
		putc('\t', out);
		fputs(library_title(e), out);
		putc('\n', out);
	}
	return 0;
}

void
dump_article(const struct article *a, int width, FILE *out)
{
	struct layout *l = layout_create(a, width);
	struct dline cur, next;

	layout_line_at(l, 0, &cur);
	for (;;) {
		fwrite(cur.text, 1, cur.len, out);
		putc('\n', out);
		if (!layout_next(l, &cur, &next))
			break;
		cur = next;
	}
	layout_free(l);
}

/* Opens entry i, or says why not on err and records the error. */
static struct article *
open_entry(const struct library *lib, size_t i, FILE *err, int *status)
{
	char *msg = NULL;
	struct article *a = article_open(lib->entries[i].path, &msg);

	if (a == NULL) {
		msg_warn(err, "%s", msg);
		free(msg);
		*status = 2;
	} else {
		article_find_title(a, lib->skip);
	}
	return a;
}

int
dump_articles(struct library *lib, int width, FILE *out, FILE *err)
{
	int status = 0;

	for (size_t i = 0; i < lib->n; i++) {
		struct article *a = open_entry(lib, i, err, &status);

		if (a == NULL)
			continue;
		if (i > 0)
			putc('\n', out);
		dump_article(a, width, out);
		article_free(a);
	}
	return status;
}

int
dump_info(struct library *lib, FILE *out, FILE *err)
{
	int status = 0;

	for (size_t i = 0; i < lib->n; i++) {
		struct article *a = open_entry(lib, i, err, &status);
		struct info in;

		if (a == NULL)
			continue;
		if (i > 0)
			putc('\n', out);
		info_of_article(a, false, &in);
		info_print(out, lib->entries[i].path, library_title(&lib->entries[i]), &in);
		article_free(a);
	}
	return status;
}

/* Prints every source line of a that holds a match; returns the number of
 * lines printed. */
static size_t
search_lines(const struct article *a, const struct search_pattern *pat, FILE *out)
{
	const char *d = a->data;
	size_t pos = 0, line = 1, counted = 0, hits = 0, ms, me;

	while (pos < a->size && search_find(pat, d, a->size, pos, a->size, &ms, &me)) {
		const char *p = memrchr(d, '\n', ms);
		size_t ls = p != NULL ? (size_t)(p - d) + 1 : 0;
		const char *q = memchr(d + ms, '\n', a->size - ms);
		size_t le = q != NULL ? (size_t)(q - d) : a->size;

		/* Count the newlines between the last counted point and ls. */
		for (const char *c = d + counted; c < d + ls;) {
			const char *nl = memchr(c, '\n', (size_t)(d + ls - c));

			if (nl == NULL)
				break;
			line++;
			c = nl + 1;
		}
		counted = ls;
		put_safe(out, a->path, strlen(a->path));
		fprintf(out, ":%zu:", line);
		put_safe(out, d + ls, le > ls && d[le - 1] == '\r' ? le - ls - 1 : le - ls);
		putc('\n', out);
		hits++;
		pos = le;
	}
	return hits;
}

int
dump_search(struct library *lib, const struct search_pattern *pat, int count, FILE *out, FILE *err)
{
	size_t total = 0;
	int status = 0;

	for (size_t i = 0; i < lib->n; i++) {
		struct article *a = open_entry(lib, i, err, &status);

		if (a == NULL)
			continue;
		if (count) {
			size_t n = search_count(pat, a->data, a->size);

			if (n > 0) {
				put_safe(out, a->path, strlen(a->path));
				fprintf(out, ":%zu\n", n);
			}
			total += n;
		} else {
			total += search_lines(a, pat, out);
		}
		article_free(a);
	}
	if (status != 0)
		return status;
	return total > 0 ? 0 : 1;
}
