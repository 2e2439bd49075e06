#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "doc.h"
#include "msg.h"
#include "reader.h"
#include "text.h"
#include "xmalloc.h"

/* Containers deeper than this add no prefix, and roles pushed deeper
 * than ROLE_DEPTH paint nothing new: hostile nesting costs nothing. */
#define CONTAINER_DEPTH 16
#define ROLE_DEPTH 64
/* Metadata values are cut to this many bytes. */
#define META_MAX 1024
/* The bytes of a file its reader is chosen by. */
#define SNIFF_HEAD 8192

void
doc_options_init(struct doc_options *o)
{
	memset(o, 0, sizeof *o);
	o->width = 80;
	o->max_render = DOC_MAX_RENDER;
	o->styles = true;
}

struct doc *
doc_plain(struct article *a)
{
	struct doc *d = xcalloc(1, sizeof *d);

	d->source = a;
	d->view = a;
	d->reader = &reader_text;
	doc_options_init(&d->opts);
	return d;
}

void
doc_options_of(const struct doc *d, struct doc_options *o)
{
	*o = d->opts;
}

struct doc *
doc_reopen(struct doc *d, const struct doc_options *o)
{
	struct doc_options copy = *o;

	return doc_open(doc_release(d), &copy);
}

static void
free_headings(struct doc_heading *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(h[i].text);
	free(h);
}

static void
free_links(struct doc_link *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(l[i].text);
		free(l[i].target);
	}
	free(l);
}

/* Frees everything but the source article. */
static void
doc_free_parts(struct doc *d)
{
	if (d->view != d->source)
		article_free(d->view);
	free(d->notice);
	free(d->runs);
	for (size_t i = 0; i < d->nhangs; i++)
		if (i == 0 || d->hangs[i].lead != d->hangs[i - 1].lead)
			free((char *)(uintptr_t)d->hangs[i].lead);
	free(d->hangs);
	free(d->pres);
	free(d->spans);
	free_links(d->links, d->nlinks);
	free_headings(d->headings, d->nheadings);
	free(d->meta.title);
	free(d->meta.author);
	free(d->meta.date);
	free(d->meta.source);
	free(d);
}

void
doc_free(struct doc *d)
{
	if (d == NULL)
		return;
	article_free(d->source);
	doc_free_parts(d);
}

struct article *
doc_release(struct doc *d)
{
	struct article *a = d->source;

	doc_free_parts(d);
	return a;
}

/* ---- positions, roles, hangs -------------------------------------------- */

/* The last span whose view start is at or before view. */
static const struct doc_span *
span_at_view(const struct doc *d, size_t view)
{
	size_t lo = 0, hi = d->nspans;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->spans[mid].view <= view)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? &d->spans[lo - 1] : NULL;
}

size_t
doc_source_pos(const struct doc *d, size_t view)
{
	const struct doc_span *s;
	size_t pos;

	if (!d->rendered)
		return view;
	s = span_at_view(d, view);
	if (s == NULL)
		return 0;
	pos = s->src;
	if (s->copied)
		pos += view - s->view < s->len ? view - s->view : s->len;
	return pos < d->source->size ? pos : d->source->size;
}

size_t
doc_view_pos(const struct doc *d, size_t src)
{
	size_t lo = 0, hi = d->nspans;
	const struct doc_span *s;

	if (!d->rendered)
		return src < d->view->size ? src : d->view->size;
	/* Sources grow along the view (readers write in source order), so
	 * the last span starting at or before src holds it. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->spans[mid].src <= src)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	s = &d->spans[lo - 1];
	if (s->copied && src - s->src < s->len)
		return s->view + (src - s->src);
	if (src == s->src)
		return s->view;
	return lo < d->nspans ? d->spans[lo].view : d->view->size;
}

enum role
doc_role_at(const struct doc *d, size_t pos, size_t *run_end)
{
	size_t lo = 0, hi = d->nruns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->runs[mid].start <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (run_end != NULL)
		*run_end = lo < d->nruns ? d->runs[lo].start : d->view->size;
	return lo > 0 ? (enum role)d->runs[lo - 1].role : ROLE_TEXT;
}

bool
doc_line_pre(const struct doc *d, size_t line_start)
{
	size_t lo = 0, hi = d->npres;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->pres[mid] < line_start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->npres && d->pres[lo] == line_start;
}

const struct doc_hang *
doc_hang_at(const struct doc *d, size_t line_start)
{
	size_t lo = 0, hi = d->nhangs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->hangs[mid].line < line_start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->nhangs && d->hangs[lo].line == line_start ? &d->hangs[lo] : NULL;
}

const struct doc_heading *
doc_outline(struct doc *d, size_t *n)
{
	if (!d->rendered && !d->outlined) {
		text_outline(d->view->data, d->view->size, &d->headings, &d->nheadings);
		d->outlined = true;
	}
	*n = d->nheadings;
	return d->headings;
}

const struct doc_link *
doc_links(struct doc *d, size_t *n)
{
	if (!d->rendered && !d->linked) {
		text_links(d->view->data, d->view->size, &d->links, &d->nlinks);
		d->linked = true;
	}
	*n = d->nlinks;
	return d->links;
}

const char *
doc_title(const struct doc *d)
{
	return d->meta.title;
}

/* ---- choosing a reader ---------------------------------------------------- */

static struct doc *doc_make(struct article *a, const struct doc_options *o);

struct doc *
doc_open(struct article *a, const struct doc_options *o)
{
	struct doc *d = doc_make(a, o);

	d->opts = *o;
	d->width = o->width;
	return d;
}

static struct doc *
doc_make(struct article *a, const struct doc_options *o)
{
	const struct reader *r = NULL;
	size_t head = a->size < SNIFF_HEAD ? a->size : SNIFF_HEAD;
	struct doc_builder *b;
	struct doc *d;
	const char *why;

	if (o->format != NULL)
		r = reader_named(o->format);
	if (r == NULL)
		r = reader_shown(a->path, a->data, head, o->styles);
	if (r->render == NULL || o->raw || (o->source_formats & (1u << reader_index(r)))) {
		d = doc_plain(a);
		d->reader = r;
		return d;
	}
	/* Until a growing article is whole it is shown as it comes, as plain
	 * text; the reader renders it once it is complete. */
	if (!a->complete)
		return doc_plain(a);
	if (a->size > o->max_render) {
		d = doc_plain(a);
		d->notice =
		    xasprintf("%.1f MiB is over the render limit (%.1f MiB): shown as plain "
			      "text",
			(double)a->size / (1 << 20), (double)o->max_render / (1 << 20));
		return d;
	}
	if (r->load != NULL && r->load(&why) != 0) {
		d = doc_plain(a);
		d->notice =
		    xasprintf("%s cannot be rendered (%s): shown as plain text", r->name, why);
		return d;
	}
	b = docb_create(a, o);
	if (!r->render(a, b)) {
		docb_finish(b, NULL);
		d = doc_plain(a);
		d->notice = xasprintf("not readable as %s: shown as plain text", r->name);
		return d;
	}
	d = docb_finish(b, a);
	d->reader = r;
	return d;
}

/* ---- the builder ---------------------------------------------------------- */

struct container {
	char *first, *rest; /* safe text; owned */
	enum role marker;
	bool used; /* its first line is written */
};

struct doc_builder {
	const struct article *src;
	struct doc_options o;
	struct doc *d; /* what is being built (source and view set at the end) */
	char *text;
	size_t len, cap;
	size_t runs_cap, hangs_cap, pres_cap, spans_cap, links_cap, heads_cap;

	struct container stack[CONTAINER_DEPTH];
	int depth;  /* may exceed CONTAINER_DEPTH */
	char *lead; /* the rests of the stack, for hangs; shared by the
	               hangs that use it and owned by the document once used */
	int lead_cols;
	bool lead_used;

	uint8_t roles[ROLE_DEPTH];
	int nroles, role_overflow;

	enum doc_block kind;
	int level;
	bool in_block;
	bool need_blank; /* a blank line goes before the next line */
	bool wrote_line; /* any line has been written */
	bool line_open;  /* the current line has its prefixes */
	bool space;      /* flowing: whitespace to write before the next text */
	bool block_text; /* the block has text */
	size_t line_start;
	size_t head_start; /* heading: view offset of its text */
	struct sanstate san;
	struct sanbuf sb;
	size_t last_src;

	int link_depth;
	size_t link_start;
	char *link_target;
	bool width_dep;
};

struct doc_builder *
docb_create(const struct article *src, const struct doc_options *o)
{
	struct doc_builder *b = xcalloc(1, sizeof *b);

	b->src = src;
	b->o = *o;
	b->d = xcalloc(1, sizeof *b->d);
	b->d->rendered = true;
	b->d->width = o->width;
	return b;
}

int
docb_columns(const struct doc_builder *b)
{
	int cols = b->o.width;

	for (int i = 0; i < b->depth && i < CONTAINER_DEPTH; i++)
		cols -= text_width(b->stack[i].rest, strlen(b->stack[i].rest));
	return cols > 1 ? cols : 1;
}

bool
docb_link_numbers(const struct doc_builder *b)
{
	return b->o.link_numbers;
}

void
docb_depends_on_width(struct doc_builder *b)
{
	b->width_dep = true;
}

static enum role
current_role(const struct doc_builder *b)
{
	if (b->nroles > 0)
		return (enum role)b->roles[b->nroles - 1];
	if (b->in_block && b->kind == DOC_HEADING)
		return (enum role)(ROLE_HEADING1 + b->level - 1);
	return ROLE_TEXT;
}

static void
add_run(struct doc_builder *b, size_t start, enum role r)
{
	struct doc *d = b->d;

	if (d->nruns > 0 && d->runs[d->nruns - 1].role == r)
		return;
	if (d->nruns > 0 && d->runs[d->nruns - 1].start == start) {
		d->nruns--;
		if (d->nruns > 0 && d->runs[d->nruns - 1].role == r)
			return;
	}
	if (d->nruns == 0 && start > 0) {
		if (r == ROLE_TEXT)
			return;
		xgrow((void **)&d->runs, &b->runs_cap, 1, sizeof *d->runs);
		d->runs[d->nruns++] = (struct doc_run){ 0, ROLE_TEXT };
	}
	xgrow((void **)&d->runs, &b->runs_cap, d->nruns + 1, sizeof *d->runs);
	d->runs[d->nruns++] = (struct doc_run){ start, (uint8_t)r };
}

/* Records that view bytes [view, view + n) came from src (byte for byte
 * when copied). */
static void
add_span(struct doc_builder *b, size_t view, size_t n, size_t src, bool copied)
{
	struct doc *d = b->d;
	struct doc_span *last = d->nspans > 0 ? &d->spans[d->nspans - 1] : NULL;

	if (n == 0)
		return;
	if (last != NULL && last->view + last->len == view &&
	    ((copied && last->copied && last->src + last->len == src) ||
		(!copied && !last->copied && last->src == src))) {
		last->len += n;
		return;
	}
	xgrow((void **)&d->spans, &b->spans_cap, d->nspans + 1, sizeof *d->spans);
	d->spans[d->nspans++] = (struct doc_span){ view, src, n, copied };
}

/* Appends safe bytes s[0..n) in role r, from src (all of them). */
static void
put(struct doc_builder *b, const char *s, size_t n, enum role r)
{
	if (n == 0)
		return;
	add_run(b, b->len, r);
	add_span(b, b->len, n, b->last_src, false);
	xgrow((void **)&b->text, &b->cap, b->len + n + 1, 1);
	memcpy(b->text + b->len, s, n);
	b->len += n;
}

/* A new lead for the current stack, built when a hang next needs it. */
static void
stack_changed(struct doc_builder *b)
{
	if (!b->lead_used)
		free(b->lead);
	b->lead = NULL;
	b->lead_used = false;
}

static void
add_hang(struct doc_builder *b)
{
	struct doc *d = b->d;
	size_t n = 0;

	if (b->depth == 0)
		return;
	if (b->lead == NULL) {
		for (int i = 0; i < b->depth && i < CONTAINER_DEPTH; i++)
			n += strlen(b->stack[i].rest);
		b->lead = xmalloc(n + 1);
		n = 0;
		for (int i = 0; i < b->depth && i < CONTAINER_DEPTH; i++) {
			size_t k = strlen(b->stack[i].rest);

			memcpy(b->lead + n, b->stack[i].rest, k);
			n += k;
		}
		b->lead[n] = '\0';
		b->lead_cols = text_width(b->lead, n);
	}
	if (b->lead_cols == 0)
		return;
	xgrow((void **)&d->hangs, &b->hangs_cap, d->nhangs + 1, sizeof *d->hangs);
	d->hangs[d->nhangs++] =
	    (struct doc_hang){ b->line_start, b->lead, strlen(b->lead), b->lead_cols };
	b->lead_used = true;
}

static void
end_line(struct doc_builder *b)
{
	if (!b->line_open)
		return;
	put(b, "\n", 1, ROLE_TEXT);
	b->line_open = false;
	b->space = false;
}

/* Writes the prefixes of the stack: rests, and the first of containers
 * whose first line this is (unless blank, which writes rests only, right
 * trimmed, and uses no first). */
static void
write_prefixes(struct doc_builder *b, bool blank)
{
	size_t at = b->len;

	for (int i = 0; i < b->depth && i < CONTAINER_DEPTH; i++) {
		struct container *c = &b->stack[i];

		if (blank && !c->used)
			break;
		if (!blank && !c->used) {
			put(b, c->first, strlen(c->first), c->marker);
			c->used = true;
		} else {
			put(b, c->rest, strlen(c->rest), c->marker);
		}
	}
	if (blank)
		while (b->len > at && b->text[b->len - 1] == ' ')
			b->len--;
}

static void
start_line(struct doc_builder *b)
{
	if (b->line_open)
		return;
	if (b->need_blank && b->wrote_line) {
		write_prefixes(b, true);
		put(b, "\n", 1, ROLE_TEXT);
	}
	b->need_blank = false;
	b->line_start = b->len;
	if (b->in_block && b->kind == DOC_PRE) {
		xgrow((void **)&b->d->pres, &b->pres_cap, b->d->npres + 1, sizeof *b->d->pres);
		b->d->pres[b->d->npres++] = b->line_start;
	}
	add_hang(b);
	write_prefixes(b, false);
	b->line_open = true;
	b->wrote_line = true;
	b->space = false;
	b->san = (struct sanstate){ 0, false };
}

static void
end_block(struct doc_builder *b)
{
	if (!b->in_block)
		return;
	if (b->kind == DOC_HEADING && b->block_text) {
		struct doc *d = b->d;
		size_t s = b->head_start, e = b->len;

		while (e > s && (b->text[e - 1] == '\n' || b->text[e - 1] == ' '))
			e--;
		xgrow((void **)&d->headings, &b->heads_cap, d->nheadings + 1, sizeof *d->headings);
		d->headings[d->nheadings++] =
		    (struct doc_heading){ b->level, b->line_start, xstrndup(b->text + s, e - s) };
	}
	end_line(b);
	b->in_block = false;
}

void
docb_block(struct doc_builder *b, enum doc_block kind, int level, bool tight)
{
	end_block(b);
	if (!tight)
		b->need_blank = true;
	b->kind = kind;
	b->level = level < 1 ? 1 : level > 6 ? 6 : level;
	b->in_block = true;
	b->block_text = false;
	if (kind == DOC_RULE) {
		int cols = docb_columns(b);

		start_line(b);
		for (int i = 0; i < cols; i++)
			put(b, "\xE2\x94\x80", 3, ROLE_RULE);
		end_line(b);
		b->width_dep = true;
	}
}

void
docb_open(struct doc_builder *b, const char *first, const char *rest, enum role marker_role)
{
	end_line(b);
	if (b->depth < CONTAINER_DEPTH) {
		struct container *c = &b->stack[b->depth];

		c->first = article_safe_line(first, strlen(first));
		c->rest = article_safe_line(rest, strlen(rest));
		c->marker = marker_role;
		c->used = false;
	}
	b->depth++;
	stack_changed(b);
}

void
docb_close(struct doc_builder *b)
{
	if (b->depth == 0)
		return;
	end_block(b);
	b->depth--;
	if (b->depth < CONTAINER_DEPTH) {
		free(b->stack[b->depth].first);
		free(b->stack[b->depth].rest);
	}
	stack_changed(b);
}

void
docb_push(struct doc_builder *b, enum role r)
{
	if (b->nroles < ROLE_DEPTH)
		b->roles[b->nroles++] = (uint8_t)r;
	else
		b->role_overflow++;
}

void
docb_pop(struct doc_builder *b)
{
	if (b->role_overflow > 0)
		b->role_overflow--;
	else if (b->nroles > 0)
		b->nroles--;
}

/* Appends raw bytes s[0..n) (no line end in them) sanitized, from src. */
static void
put_raw(struct doc_builder *b, const char *s, size_t n, size_t src, bool copied)
{
	enum role r = current_role(b);
	size_t i = 0;

	if (n == 0)
		return;
	if (!b->block_text && b->kind == DOC_HEADING)
		b->head_start = b->len;
	b->block_text = true;
	article_sanitize_from(s, n, false, &b->san, &b->sb);
	/* A trailing line end is dropped by the sanitizer, and a hard break
	 * (lone CR, U+2028) comes out as '\n': both are a space here. */
	add_run(b, b->len, r);
	xgrow((void **)&b->text, &b->cap, b->len + b->sb.len + 2, 1);
	while (i < b->sb.len) {
		size_t j = i + 1;
		size_t from = copied ? src + b->sb.map[i] : src;

		bool same;

		while (j < b->sb.len && b->sb.map[j] == b->sb.map[i])
			j++;
		/* Bytes that are the source's own (most text) map byte for
		 * byte; a picture or a replacement maps whole to its byte. */
		same = copied && b->sb.map[j] - b->sb.map[i] == j - i &&
		    memcmp(s + b->sb.map[i], b->sb.text + i, j - i) == 0;
		memcpy(b->text + b->len, b->sb.text + i, j - i);
		if (b->sb.text[i] == '\n')
			b->text[b->len] = ' ';
		add_span(b, b->len, j - i, from, same);
		b->len += j - i;
		i = j;
	}
	b->last_src = src + (copied ? n : 0);
}

static bool
is_fold_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Flowing text: whitespace runs fold to one space. */
static void
text_flowing(struct doc_builder *b, const char *s, size_t len, size_t src, bool copied)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i;

		if (is_fold_space(s[i])) {
			while (i < len && is_fold_space(s[i]))
				i++;
			if (b->line_open)
				b->space = true;
			continue;
		}
		while (j < len && !is_fold_space(s[j]))
			j++;
		start_line(b);
		if (b->space && b->len > b->line_start && b->text[b->len - 1] != ' ') {
			b->last_src = copied ? src + i - 1 : src;
			put(b, " ", 1, current_role(b));
		}
		b->space = false;
		put_raw(b, s + i, j - i, copied ? src + i : src, copied);
		i = j;
	}
}

/* Preformatted text: lines as they are. */
static void
text_pre(struct doc_builder *b, const char *s, size_t len, size_t src, bool copied)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i;

		while (j < len && s[j] != '\n' &&
		    !(s[j] == '\r' && (j + 1 == len || s[j + 1] == '\n')))
			j++;
		start_line(b);
		put_raw(b, s + i, j - i, copied ? src + i : src, copied);
		if (j < len) {
			b->last_src = copied ? src + j : src;
			end_line(b);
			j += s[j] == '\r' ? 2 : 1;
			if (j > len)
				j = len;
		}
		i = j;
	}
}

void
docb_text(struct doc_builder *b, const char *s, size_t len, size_t src, bool copied)
{
	if (!b->in_block)
		docb_block(b, DOC_PARA, 1, false);
	if (b->kind == DOC_RULE)
		return;
	if (b->kind == DOC_PRE)
		text_pre(b, s, len, src, copied);
	else
		text_flowing(b, s, len, src, copied);
}

void
docb_newline(struct doc_builder *b, size_t src)
{
	if (!b->in_block)
		return;
	b->last_src = src;
	if (b->line_open) {
		end_line(b);
	} else if (b->block_text) {
		start_line(b);
		end_line(b);
	}
}

void
docb_link_begin(struct doc_builder *b, const char *target, size_t len)
{
	if (b->link_depth++ > 0)
		return;
	if (!b->in_block)
		docb_block(b, DOC_PARA, 1, false);
	if (b->space && b->line_open) {
		put(b, " ", 1, current_role(b));
		b->space = false;
	}
	/* The link starts after the blank line and prefixes its line needs. */
	start_line(b);
	free(b->link_target);
	b->link_target = article_safe_line(target, len);
	b->link_start = b->len;
	docb_push(b, ROLE_LINK);
}

void
docb_link_end(struct doc_builder *b)
{
	struct doc *d = b->d;
	struct doc_link *l;
	size_t s, e;

	if (b->link_depth == 0 || --b->link_depth > 0)
		return;
	docb_pop(b);
	s = b->link_start;
	e = b->len;
	xgrow((void **)&d->links, &b->links_cap, d->nlinks + 1, sizeof *d->links);
	l = &d->links[d->nlinks++];
	l->start = s;
	l->end = e;
	l->target = b->link_target;
	b->link_target = NULL;
	{
		char *t = xstrndup(b->text + s, e - s);

		for (char *p = t; *p != '\0'; p++)
			if (*p == '\n')
				*p = ' ';
		l->text = t[0] != '\0' ? t : (free(t), xstrdup(l->target));
	}
	if (b->o.link_numbers) {
		char num[32];
		int n = snprintf(num, sizeof num, "[%zu]", d->nlinks);

		if (!b->line_open)
			start_line(b);
		put(b, num, (size_t)n, ROLE_LINK_NUMBER);
	}
}

void
docb_meta(struct doc_builder *b, const char *field, const char *value, size_t len)
{
	static const char *const names[] = { "title", "author", "date", "source" };
	char **slots[] = { &b->d->meta.title, &b->d->meta.author, &b->d->meta.date,
		&b->d->meta.source };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *v, *o, *p;

		if (strcmp(field, names[i]) != 0 || *slots[i] != NULL)
			continue;
		v = article_safe_line(value, len < META_MAX ? len : META_MAX);
		/* Trimmed, runs of blanks (and hard breaks) folded to one. */
		for (o = p = v; *p != '\0'; p++) {
			bool space = *p == ' ', blank = space || strncmp(p, "\xE2\x90\x8A", 3) == 0;

			if (blank) {
				/* o may be p itself: what p holds is known first. */
				if (!space)
					p += 2;
				if (o > v && o[-1] != ' ')
					*o++ = ' ';
				continue;
			}
			*o++ = *p;
		}
		while (o > v && o[-1] == ' ')
			o--;
		*o = '\0';
		if (v[0] != '\0')
			*slots[i] = v;
		else
			free(v);
	}
}

struct doc *
docb_finish(struct doc_builder *b, struct article *src)
{
	struct doc *d = b->d;

	end_block(b);
	while (b->depth > 0)
		docb_close(b);
	stack_changed(b);
	free(b->link_target);
	sanbuf_free(&b->sb);
	if (src == NULL) {
		free(b->text);
		b->d->view = b->d->source = NULL;
		doc_free_parts(d);
		free(b);
		return NULL;
	}
	d->source = src;
	d->view = article_from_buffer(src->path, b->text != NULL ? b->text : "", b->len);
	/* Titles are styled by their reader, not found again in the view. */
	d->view->title_start = d->view->title_end = 0;
	d->width_dependent = b->width_dep;
	free(b->text);
	free(b);
	return d;
}
