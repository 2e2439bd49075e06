/* read-html.c - HTML pages, parsed by libxml2 and shown in reader mode.
 *
 * A page goes through four steps:
 *
 *  1. Its bytes are made UTF-8.  The charset is the one a <meta charset>
 *     or <meta http-equiv="Content-Type"> of the first 8 KB names, or a
 *     UTF-16 byte order mark; libxml2's converters turn it into UTF-8,
 *     invalid bytes becoming U+FFFD.  A page in UTF-8 (or naming no
 *     charset) is parsed in place when it is valid UTF-8; otherwise its
 *     bad bytes are replaced by U+FFFD first, so that libxml2 never
 *     switches to Latin-1 halfway through it.  A map of checkpoints leads
 *     from the converted bytes back to the source bytes.
 *  2. libxml2's HTML parser builds the tree (recovering from any error,
 *     no network, no external entity, nothing printed).  A wrapper of its
 *     SAX callbacks records, for each element and text node, where in the
 *     input the event before it ended: a position at or just before the
 *     node's markup, never decreasing in document order.  Blank text is
 *     kept (no HTML_PARSE_NOBLANKS): libxml2's guess at which blanks are
 *     ignorable can drop the space between two inline elements, and the
 *     builder folds whitespace anyway.
 *  3. Reader mode: scripts, styles, forms, navigation, asides, footers and
 *     whatever a class or id calls comments, sidebar, share, menu, ad,
 *     promo, cookie or subscribe are dropped; the main content is the
 *     <article> with the most text, else <main> (or role="main"), else
 *     the element whose paragraphs score best (text length and commas,
 *     less the share of link text, given to the paragraph's parent in
 *     full and to its further ancestors in part), with the siblings that
 *     score nearly as well; else the body.
 *  4. The content is written through the document builder, one table row
 *     per element name.
 *
 * Every walk over the tree is iterative (parent and sibling pointers), and
 * libxml2 stops nesting at 256 levels, so a hostile depth costs nothing.
 */
#include "config.h"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/encoding.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article.h"
#include "doc.h"
#include "extlib.h"
#include "reader.h"
#include "text.h"
#include "xmalloc.h"

/* ---- bytes to UTF-8 ------------------------------------------------------ */

/* Converted byte dec came from source byte src (and the bytes after it,
 * up to the next checkpoint, from the bytes after src). */
struct mark {
	size_t dec, src;
};

/* What libxml2 parses: the source itself, or a UTF-8 copy of it. */
struct input {
	const char *data;
	size_t len;
	char *owned; /* the converted copy, or NULL */
	struct mark *marks;
	size_t nmarks, cap;
	size_t src_len; /* the source's length */
};

static void
add_mark(struct input *in, size_t dec, size_t src)
{
	xgrow((void **)&in->marks, &in->cap, in->nmarks + 1, sizeof *in->marks);
	in->marks[in->nmarks].dec = dec;
	in->marks[in->nmarks].src = src;
	in->nmarks++;
}

/* The source offset of input offset dec. */
static size_t
input_src(const struct input *in, size_t dec)
{
	size_t lo = 0, hi = in->nmarks, s;

	if (in->nmarks == 0)
		return dec < in->src_len ? dec : in->src_len;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (in->marks[mid].dec <= dec)
			lo = mid;
		else
			hi = mid;
	}
	if (in->marks[lo].dec > dec)
		return 0;
	s = in->marks[lo].src + (dec - in->marks[lo].dec);
	if (lo + 1 < in->nmarks && s > in->marks[lo + 1].src)
		s = in->marks[lo + 1].src;
	return s < in->src_len ? s : in->src_len;
}

static void
input_free(struct input *in)
{
	free(in->owned);
	free(in->marks);
}

struct outbuf {
	char *p;
	size_t len, cap;
};

static void
out_add(struct outbuf *o, const void *s, size_t n)
{
	xgrow((void **)&o->p, &o->cap, o->len + n + 1, 1);
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static const char replacement[] = "\xEF\xBF\xBD";

/* The first invalid UTF-8 sequence of s[0..n), or n. */
static size_t
first_bad_utf8(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = text_decode(s + i, n - i, &cp);
		if (cp == TEXT_REPLACEMENT && k == 1)
			return i;
		i += k;
	}
	return n;
}

/* UTF-8 with each invalid byte replaced by U+FFFD, from offset bad on. */
static void
repair_utf8(struct input *in, const char *s, size_t n, size_t bad)
{
	struct outbuf o = { 0 };

	out_add(&o, s, bad);
	add_mark(in, 0, 0);
	for (size_t i = bad; i < n;) {
		size_t good = first_bad_utf8(s + i, n - i);

		out_add(&o, s + i, good);
		i += good;
		if (i >= n)
			break;
		add_mark(in, o.len, i);
		out_add(&o, replacement, 3);
		i++;
		add_mark(in, o.len, i);
	}
	in->owned = o.p;
	in->data = o.p ? o.p : "";
	in->len = o.len;
}

/* s[0..n) converted from charset h to UTF-8 in pieces of a few hundred
 * bytes, with a checkpoint at each; bytes h cannot convert become U+FFFD. */
#define CONVERT_STEP 256
static void
convert(struct input *in, xmlCharEncodingHandler *h, const char *s, size_t n, size_t skip)
{
	xmlBufferPtr from = libxml2.xmlBufferCreate(), to = libxml2.xmlBufferCreate();
	size_t fed = skip;

	while (fed < n || libxml2.xmlBufferLength(from) > 0) {
		size_t step = n - fed < CONVERT_STEP ? n - fed : CONVERT_STEP;
		bool last;

		libxml2.xmlBufferAdd(from, (const xmlChar *)s + fed, (int)step);
		fed += step;
		last = fed >= n;
		while (libxml2.xmlBufferLength(from) > 0) {
			int before = libxml2.xmlBufferLength(from);

			add_mark(in, (size_t)libxml2.xmlBufferLength(to), fed - (size_t)before);
			libxml2.xmlCharEncInFunc(h, to, from);
			if (libxml2.xmlBufferLength(from) < before)
				continue;
			if (!last && before < 8)
				break; /* a sequence cut at the end of the piece */
			libxml2.xmlBufferAdd(to, (const xmlChar *)replacement, 3);
			libxml2.xmlBufferShrink(from, 1);
		}
	}
	in->len = (size_t)libxml2.xmlBufferLength(to);
	in->owned = xmalloc(in->len + 1);
	memcpy(in->owned, libxml2.xmlBufferContent(to), in->len);
	in->owned[in->len] = '\0';
	in->data = in->owned;
	libxml2.xmlBufferFree(from);
	libxml2.xmlBufferFree(to);
}

/* Charset labels that name another charset, as browsers read them:
 * pages that say Latin-1 or ASCII are written in windows-1252, and a
 * page whose bytes could be read to find "utf-16" in them is not. */
static const struct {
	const char *label, *charset;
} charset_aliases[] = {
	{ "iso-8859-1", "windows-1252" },
	{ "iso8859-1", "windows-1252" },
	{ "latin1", "windows-1252" },
	{ "l1", "windows-1252" },
	{ "us-ascii", "windows-1252" },
	{ "ascii", "windows-1252" },
	{ "utf-16", "utf-8" },
	{ "utf-16le", "utf-8" },
	{ "utf-16be", "utf-8" },
	{ "utf8", "utf-8" },
};

static const char *
charset_alias(const char *label)
{
	for (size_t i = 0; i < sizeof charset_aliases / sizeof charset_aliases[0]; i++)
		if (strcasecmp(label, charset_aliases[i].label) == 0)
			return charset_aliases[i].charset;
	return label;
}

static void silence(void);
static bool alnum(char c);
static const xmlChar *attr(const xmlNode *n, const char *name);
static bool named(const xmlNode *n, const char *name);
static xmlNode *next_node(xmlNode *n, const xmlNode *top, bool descend);

/* The charset named by "...; charset=NAME" in content, copied into out. */
static bool
content_charset(const char *content, char *out, size_t cap)
{
	const char *p = content;
	size_t n = 0;

	while ((p = strchr(p, '=')) != NULL) {
		const char *k = p;

		while (k > content && k[-1] == ' ')
			k--;
		if (k - content >= 7 && strncasecmp(k - 7, "charset", 7) == 0)
			break;
		p++;
	}
	if (p == NULL)
		return false;
	p++;
	while (*p == ' ' || *p == '"' || *p == '\'')
		p++;
	while (n + 1 < cap && p[n] && (alnum(p[n]) || strchr("-_.:", p[n]) != NULL))
		n++;
	memcpy(out, p, n);
	out[n] = '\0';
	return n > 0;
}

/* The charset the first bytes of a page declare in a <meta>, into out. */
static bool
declared_charset(const char *s, size_t n, char *out, size_t cap)
{
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
	size_t head = n < ARTICLE_TITLE_HEAD ? n : ARTICLE_TITLE_HEAD;
	htmlDocPtr doc;
	bool found = false;

	if (head == 0)
		return false;
	doc = libxml2.htmlReadMemory(s, (int)head, NULL, "UTF-8", opts);
	if (doc == NULL)
		return false;
	for (xmlNode *m = libxml2.xmlDocGetRootElement(doc); m && !found;
	     m = next_node(m, NULL, true)) {
		const xmlChar *v;

		if (!named(m, "meta"))
			continue;
		if ((v = attr(m, "charset")) != NULL && *v) {
			snprintf(out, cap, "%s", (const char *)v);
			found = true;
		} else if ((v = attr(m, "http-equiv")) != NULL &&
		    strcasecmp((const char *)v, "content-type") == 0 &&
		    (v = attr(m, "content")) != NULL) {
			found = content_charset((const char *)v, out, cap);
		}
	}
	libxml2.xmlFreeDoc(doc);
	return found;
}

/* Makes s[0..n) UTF-8 for the parser: in place when it already is. */
static void
input_prepare(struct input *in, const char *s, size_t n)
{
	char label[64] = "utf-8";
	const char *charset;
	xmlCharEncodingHandler *h = NULL;
	size_t skip = 0, bad;

	memset(in, 0, sizeof *in);
	in->data = s;
	in->len = n;
	in->src_len = n;
	silence();
	if (n >= 2 && (unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) {
		snprintf(label, sizeof label, "UTF-16LE");
		skip = 2;
	} else if (n >= 2 && (unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF) {
		snprintf(label, sizeof label, "UTF-16BE");
		skip = 2;
	} else if (!(n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)) {
		declared_charset(s, n, label, sizeof label);
	}
	charset = skip ? label : charset_alias(label);
	if (strcasecmp(charset, "utf-8") != 0)
		h = libxml2.xmlFindCharEncodingHandler(charset);
	if (h != NULL) {
		convert(in, h, s, n, skip);
		libxml2.xmlCharEncCloseFunc(h);
		return;
	}
	bad = first_bad_utf8(s, n);
	if (bad < n)
		repair_utf8(in, s, n, bad);
}

/* ---- parsing, with source positions -------------------------------------- */

/* What folio knows of a node beyond libxml2's tree; a node's _private is
 * its index in the table plus one. */
struct info {
	xmlNode *node;
	size_t pos;         /* input offset where the event before it ended */
	size_t text, links; /* bytes of visible text, and of link text */
	size_t commas;
	double score;
	bool seen;      /* reached by the reader-mode walk (not dropped) */
	bool dropped;   /* clutter */
	bool has_block; /* has a block-level child */
	bool candidate; /* holds scored paragraphs */
};

/* What folio makes of an element name, found once per name and kept in
 * a small hash table (names are short; a page with more distinct names
 * than the table holds has the rest looked up each time). */
struct tag;
struct kind {
	const xmlChar *name;
	const struct tag *tag; /* how it is shown, or NULL: inline, no style */
	bool block;            /* starts a block */
	bool dropped;          /* never shown */
	bool kept;             /* never dropped for its class or id */
	bool scored;           /* a paragraph the content is scored by */
};

#define KINDS 256
#define KIND_PROBES 8

struct page {
	struct input in;
	struct kind kinds[KINDS];
	struct kind scratch; /* a name the cache has no room for */
	htmlDocPtr doc;
	struct info *infos;
	size_t ninfos, cap;
	size_t last; /* input offset where the last event ended */
	startElementSAXFunc start;
	endElementSAXFunc end;
	charactersSAXFunc characters;
};

static struct info *
info_of(const struct page *pg, const xmlNode *n)
{
	uintptr_t k = n ? (uintptr_t)n->_private : 0;

	return k > 0 && k <= pg->ninfos ? &pg->infos[k - 1] : NULL;
}

/* Gives n (just made by the parser) a table entry at the last position. */
static void
note(struct page *pg, xmlNode *n)
{
	if (n == NULL || n->_private != NULL)
		return;
	xgrow((void **)&pg->infos, &pg->cap, pg->ninfos + 1, sizeof *pg->infos);
	memset(&pg->infos[pg->ninfos], 0, sizeof pg->infos[0]);
	pg->infos[pg->ninfos].node = n;
	pg->infos[pg->ninfos].pos = pg->last;
	pg->ninfos++;
	n->_private = (void *)(uintptr_t)pg->ninfos;
}

/* Moves the last position to where the parser stands, past the '>' (or
 * "/>") of a start tag, which it tells of before reading. */
static void
advance(struct page *pg, htmlParserCtxtPtr ctxt, bool start_tag)
{
	long at = libxml2.xmlByteConsumed(ctxt);
	const xmlChar *cur = ctxt->input ? ctxt->input->cur : NULL;
	size_t gt = 0;

	if (at < 0)
		return;
	if (start_tag && cur && cur < ctxt->input->end)
		gt = cur[0] == '>'                                                 ? 1
		    : cur[0] == '/' && cur + 1 < ctxt->input->end && cur[1] == '>' ? 2
										   : 0;
	if ((size_t)at + gt > pg->last)
		pg->last = (size_t)at + gt;
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	htmlParserCtxtPtr ctxt = ctx;
	struct page *pg = ctxt->_private;
	xmlNode *parent = ctxt->node;

	pg->start(ctx, name, atts);
	if (ctxt->node != NULL && ctxt->node != parent)
		note(pg, ctxt->node);
	else if (parent != NULL && parent->last != NULL)
		note(pg, parent->last); /* made but not entered: too deep */
	advance(pg, ctxt, true);
}

static void
on_end(void *ctx, const xmlChar *name)
{
	htmlParserCtxtPtr ctxt = ctx;
	struct page *pg = ctxt->_private;

	pg->end(ctx, name);
	advance(pg, ctxt, false);
}

static void
on_characters(void *ctx, const xmlChar *s, int len)
{
	htmlParserCtxtPtr ctxt = ctx;
	struct page *pg = ctxt->_private;

	pg->characters(ctx, s, len);
	if (ctxt->node != NULL && ctxt->node->last != NULL &&
	    ctxt->node->last->type == XML_TEXT_NODE)
		note(pg, ctxt->node->last);
	advance(pg, ctxt, false);
}

static void
on_comment(void *ctx, const xmlChar *s)
{
	advance(((htmlParserCtxtPtr)ctx)->_private, ctx, false);
}

static void
ignore_message(void *ctx, const char *msg, ...)
{
}

static void
ignore_error(void *ctx, xmlErrorPtr e)
{
}

/* libxml2 reports some errors (of its converters, say) through handlers
 * of the whole process rather than of a parse: they are silenced once. */
static void
silence(void)
{
	libxml2.xmlInitParser();
	libxml2.xmlSetGenericErrorFunc(NULL, ignore_message);
	libxml2.xmlSetStructuredErrorFunc(NULL, ignore_error);
}

#define PARSE_OPTIONS \
	(HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
	    HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC)

/* Parses s[0..n) into pg; false when libxml2 makes no document of it. */
static bool
page_load(struct page *pg, const char *s, size_t n)
{
	htmlParserCtxtPtr ctxt;

	memset(pg, 0, sizeof *pg);
	input_prepare(&pg->in, s, n);
	if (pg->in.len == 0 || pg->in.len > INT_MAX)
		return false;
	ctxt = libxml2.htmlCreateMemoryParserCtxt(pg->in.data, (int)pg->in.len);
	if (ctxt == NULL)
		return false;
	libxml2.htmlCtxtUseOptions(ctxt, PARSE_OPTIONS);
	/* the input is UTF-8 now: without this libxml2 would guess Latin-1 */
	libxml2.xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
	ctxt->_private = pg;
	ctxt->sax->error = ignore_message;
	ctxt->sax->warning = ignore_message;
	ctxt->sax->serror = ignore_error;
	ctxt->sax->initialized = XML_SAX2_MAGIC; /* so that serror is used */
	pg->start = ctxt->sax->startElement;
	pg->end = ctxt->sax->endElement;
	pg->characters = ctxt->sax->characters;
	ctxt->sax->startElement = on_start;
	ctxt->sax->endElement = on_end;
	ctxt->sax->characters = on_characters;
	ctxt->sax->comment = on_comment;
	ctxt->sax->externalSubset = NULL;
	ctxt->sax->internalSubset = NULL;
	ctxt->sax->entityDecl = NULL;
	libxml2.htmlParseDocument(ctxt);
	pg->doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	libxml2.htmlFreeParserCtxt(ctxt);
	return pg->doc != NULL && libxml2.xmlDocGetRootElement(pg->doc) != NULL;
}

static void
page_free(struct page *pg)
{
	if (pg->doc)
		libxml2.xmlFreeDoc(pg->doc);
	free(pg->infos);
	input_free(&pg->in);
}

/* ---- the tree -------------------------------------------------------------- */

static bool
named(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->name &&
	    strcmp((const char *)n->name, name) == 0;
}

static const xmlChar *
attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->name && strcasecmp((const char *)a->name, name) == 0)
			return a->children && a->children->content ? a->children->content
								   : (const xmlChar *)"";
	return NULL;
}

/* The node after n in document order, inside top (NULL: the whole tree),
 * going into n's children when descend. */
static xmlNode *
next_node(xmlNode *n, const xmlNode *top, bool descend)
{
	if (descend && n->children)
		return n->children;
	while (n && n != top && n->next == NULL)
		n = n->parent;
	return n == NULL || n == top ? NULL : n->next;
}

/* Walks the tree under top: enter says whether to go into a node, and
 * leave is called for every node entered, after its children. */
typedef bool (*enter_fn)(void *ctx, xmlNode *n);
typedef void (*leave_fn)(void *ctx, xmlNode *n);

static void
walk(xmlNode *top, enter_fn enter, leave_fn leave, void *ctx)
{
	xmlNode *n = top;

	for (;;) {
		bool in = enter(ctx, n);

		if (in && n->children) {
			n = n->children;
			continue;
		}
		if (in)
			leave(ctx, n);
		while (n != top && n->next == NULL) {
			n = n->parent;
			leave(ctx, n);
		}
		if (n == top)
			return;
		n = n->next;
	}
}

/* s with its whitespace runs folded to one space and trimmed (malloc'd),
 * or NULL when nothing is left. */
static char *
fold(const xmlChar *s)
{
	size_t n = 0, cap = s ? strlen((const char *)s) + 1 : 1;
	char *out = xmalloc(cap);
	bool space = false;

	for (; s && *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f') {
			space = n > 0;
			continue;
		}
		if (space)
			out[n++] = ' ';
		space = false;
		out[n++] = (char)*s;
	}
	out[n] = '\0';
	if (n == 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* The text content of n in a buffer (the caller frees it), or NULL. */
static xmlBufferPtr
content_of(const xmlNode *n)
{
	xmlBufferPtr buf = libxml2.xmlBufferCreate();

	if (buf != NULL && libxml2.xmlNodeBufGetContent(buf, n) != 0) {
		libxml2.xmlBufferFree(buf);
		return NULL;
	}
	return buf;
}

/* The folded text content of n, or NULL. */
static char *
text_of(const xmlNode *n)
{
	xmlBufferPtr c = content_of(n);
	char *s = c ? fold(libxml2.xmlBufferContent(c)) : NULL;

	if (c)
		libxml2.xmlBufferFree(c);
	return s;
}

/* ---- metadata and the title -------------------------------------------------- */

struct meta {
	char *og_title, *title, *h1, *author, *date, *time, *og_url, *canonical;
};

static void
keep(char **slot, const xmlChar *value)
{
	if (*slot == NULL)
		*slot = fold(value);
}

/* The meta element m, as the field it fills. */
static void
meta_element(struct meta *mt, const xmlNode *m)
{
	static const struct {
		const char *attr, *value;
		size_t field;
	} fields[] = {
		{ "property", "og:title", offsetof(struct meta, og_title) },
		{ "name", "og:title", offsetof(struct meta, og_title) },
		{ "name", "author", offsetof(struct meta, author) },
		{ "property", "article:published_time", offsetof(struct meta, date) },
		{ "name", "article:published_time", offsetof(struct meta, date) },
		{ "property", "og:url", offsetof(struct meta, og_url) },
	};
	const xmlChar *content = attr(m, "content");

	if (content == NULL)
		return;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const xmlChar *v = attr(m, fields[i].attr);

		if (v && strcasecmp((const char *)v, fields[i].value) == 0)
			keep((char **)((char *)mt + fields[i].field), content);
	}
}

static void
meta_collect(struct meta *mt, xmlNode *root)
{
	for (xmlNode *n = root; n; n = next_node(n, NULL, true)) {
		const xmlChar *v;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (named(n, "meta"))
			meta_element(mt, n);
		else if (named(n, "title") && mt->title == NULL)
			mt->title = text_of(n);
		else if (named(n, "h1") && mt->h1 == NULL)
			mt->h1 = text_of(n);
		else if (named(n, "time") && (v = attr(n, "datetime")) != NULL)
			keep(&mt->time, v);
		else if (named(n, "link") && (v = attr(n, "rel")) != NULL &&
		    strcasecmp((const char *)v, "canonical") == 0 && (v = attr(n, "href")) != NULL)
			keep(&mt->canonical, v);
	}
}

static void
meta_free(struct meta *mt)
{
	free(mt->og_title);
	free(mt->title);
	free(mt->h1);
	free(mt->author);
	free(mt->date);
	free(mt->time);
	free(mt->og_url);
	free(mt->canonical);
}

static size_t
count_words(const char *s, size_t n)
{
	size_t words = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
			words++;
	return words;
}

/* A <title> without its site name: the part before the last " | ",
 * " - ", " – ", " — " or " · " when that part still has three words or
 * more (so "Why the sky is blue | Example News" loses its suffix, while
 * "Tom - Jerry" or "Blog - Home" are kept whole). */
static void
cut_site_suffix(char *t)
{
	static const char *const seps[] = { " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
		" \xC2\xB7 " };
	char *cut = NULL;

	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
		for (char *p = strstr(t, seps[i]); p; p = strstr(p + 1, seps[i]))
			if (p > cut)
				cut = p;
	if (cut && count_words(t, (size_t)(cut - t)) >= 3)
		*cut = '\0';
}

/* The page's title: og:title, else <title> less its site name, else the
 * first <h1>; malloc'd, or NULL. */
static char *
meta_title(const struct meta *mt)
{
	char *t;

	if (mt->og_title)
		return xstrdup(mt->og_title);
	if (mt->title) {
		t = xstrdup(mt->title);
		cut_site_suffix(t);
		return t;
	}
	return mt->h1 ? xstrdup(mt->h1) : NULL;
}

static void
meta_give(struct doc_builder *b, const struct meta *mt)
{
	static const struct {
		const char *field;
		size_t first, second;
	} pairs[] = {
		{ "author", offsetof(struct meta, author), offsetof(struct meta, author) },
		{ "date", offsetof(struct meta, date), offsetof(struct meta, time) },
		{ "source", offsetof(struct meta, og_url), offsetof(struct meta, canonical) },
	};
	char *t = meta_title(mt);

	if (t)
		docb_meta(b, "title", t, strlen(t));
	free(t);
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		const char *v = *(char *const *)((const char *)mt + pairs[i].first);

		if (v == NULL)
			v = *(char *const *)((const char *)mt + pairs[i].second);
		if (v)
			docb_meta(b, pairs[i].field, v, strlen(v));
	}
}

/* ---- reader mode: what is clutter, what is the content ----------------------- */

/* Elements never shown. */
static const char *const dropped_tags[] = { "script", "style", "noscript", "template", "svg",
	"iframe", "form", "nav", "header", "footer", "aside", "head", "title", "meta", "link",
	"base", "button", "input", "select", "textarea", "object", "embed", "canvas", "audio",
	"video", "dialog", "menu", NULL };

/* Words of a class or id that mark clutter: a word of the attribute (split
 * at anything but letters and digits) equal to one, or starting with one
 * marked as a prefix. */
static const struct {
	const char *word;
	bool prefix;
} clutter_words[] = {
	{ "comment", true },
	{ "disqus", true },
	{ "sidebar", true },
	{ "share", true },
	{ "sharing", true },
	{ "social", true },
	{ "footer", true },
	{ "nav", false },
	{ "navbar", true },
	{ "navigation", true },
	{ "menu", true },
	{ "ad", false },
	{ "ads", false },
	{ "advert", true },
	{ "promo", true },
	{ "cookie", true },
	{ "consent", true },
	{ "gdpr", false },
	{ "subscribe", true },
	{ "newsletter", true },
	{ "related", true },
	{ "recommended", true },
	{ "banner", true },
	{ "popup", true },
	{ "modal", true },
	{ "breadcrumb", true },
	{ "sponsor", true },
	{ "widget", true },
};

/* Words that say an element holds the content (a higher score). */
static const char *const content_words[] = { "article", "body", "content", "entry", "main", "post",
	"story", "text", NULL };

/* Roles that mark an element as clutter. */
static const char *const clutter_roles[] = { "navigation", "complementary", "banner", "contentinfo",
	"search", "menu", "menubar", "dialog", "alert", NULL };

static bool
in_list(const char *const *list, const char *s, size_t n)
{
	for (; *list; list++)
		if (strlen(*list) == n && strncasecmp(*list, s, n) == 0)
			return true;
	return false;
}

static bool
clutter_word(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof clutter_words / sizeof clutter_words[0]; i++) {
		size_t k = strlen(clutter_words[i].word);

		if ((n == k || (clutter_words[i].prefix && n > k)) &&
		    strncasecmp(w, clutter_words[i].word, k) == 0)
			return true;
	}
	return false;
}

static bool
alnum(char c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
}

/* Whether a word of the attribute is in words (is_clutter: clutter). */
static bool
attr_has_word(const xmlChar *v, bool is_clutter)
{
	const char *s = (const char *)v;

	while (s && *s) {
		size_t n = 0;

		while (*s && !alnum(*s))
			s++;
		while (alnum(s[n]))
			n++;
		if (n > 0 && (is_clutter ? clutter_word(s, n) : in_list(content_words, s, n)))
			return true;
		s += n;
	}
	return false;
}

static bool
is_tag(const xmlNode *n, const char *const *list)
{
	if (n->type != XML_ELEMENT_NODE || n->name == NULL)
		return false;
	for (; *list; list++)
		if (strcmp(*list, (const char *)n->name) == 0)
			return true;
	return false;
}

static const char *const never_dropped[] = { "html", "body", "article", "main", NULL };
static const char *const block_tags[] = { "address", "article", "aside", "blockquote", "details",
	"dd", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
	"h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
	"table", "ul", NULL };

/* Elements whose text the content is scored by. */
static const char *const scored_tags[] = { "p", "pre", "td", "section", "blockquote", NULL };
static const struct tag *tag_of(const xmlNode *n);

static void
classify(struct kind *k, const xmlNode *n)
{
	k->name = n->name;
	k->tag = tag_of(n);
	k->block = is_tag(n, block_tags);
	k->dropped = is_tag(n, dropped_tags);
	k->kept = is_tag(n, never_dropped);
	k->scored = is_tag(n, scored_tags);
}

/* The kind of element n (NULL for other nodes). */
static const struct kind *
kind_of(struct page *pg, const xmlNode *n)
{
	uint32_t h;

	if (n == NULL || n->type != XML_ELEMENT_NODE || n->name == NULL)
		return NULL;
	h = 2166136261u;
	for (const xmlChar *c = n->name; *c; c++)
		h = (h ^ *c) * 16777619u;
	for (size_t i = 0; i < KIND_PROBES; i++) {
		struct kind *k = &pg->kinds[(h + i) % KINDS];

		if (k->name && strcmp((const char *)k->name, (const char *)n->name) == 0)
			return k;
		if (k->name == NULL) {
			classify(k, n);
			return k;
		}
	}
	classify(&pg->scratch, n);
	return &pg->scratch;
}

/* Whether element n is clutter; headers stay inside an article or main. */
static bool
is_clutter(struct page *pg, const xmlNode *n, int in_content)
{
	const struct kind *k = kind_of(pg, n);
	const xmlChar *v;

	if (k->kept)
		return false;
	if (named(n, "header") && in_content > 0)
		return false;
	if (k->dropped)
		return true;
	if (attr(n, "hidden") != NULL)
		return true;
	if ((v = attr(n, "aria-hidden")) != NULL && strcasecmp((const char *)v, "true") == 0)
		return true;
	if ((v = attr(n, "role")) != NULL &&
	    in_list(clutter_roles, (const char *)v, strlen((const char *)v)))
		return true;
	return attr_has_word(attr(n, "class"), true) || attr_has_word(attr(n, "id"), true);
}

static bool
is_main(const xmlNode *n)
{
	const xmlChar *role = attr(n, "role");

	return named(n, "main") || (role && strcasecmp((const char *)role, "main") == 0);
}

/* The first reader-mode walk: marks clutter, counts text, finds the
 * articles and the main element. */
struct measure {
	struct page *pg;
	int in_content; /* article or main elements around the node */
	xmlNode *article, *main;
};

static bool
measure_enter(void *ctx, xmlNode *n)
{
	struct measure *m = ctx;
	struct info *me = info_of(m->pg, n), *up = info_of(m->pg, n->parent);

	if (n->type == XML_TEXT_NODE) {
		for (const xmlChar *s = n->content; up && s && *s; s++) {
			up->text += *s > ' ';
			up->commas += *s == ',';
		}
		return false;
	}
	if (n->type != XML_ELEMENT_NODE || me == NULL)
		return false;
	if (is_clutter(m->pg, n, m->in_content)) {
		me->dropped = true;
		return false;
	}
	me->seen = true;
	if (named(n, "article") || is_main(n))
		m->in_content++;
	return true;
}

static void
measure_leave(void *ctx, xmlNode *n)
{
	struct measure *m = ctx;
	struct info *me = info_of(m->pg, n), *up = info_of(m->pg, n->parent);

	if (named(n, "a"))
		me->links = me->text;
	if (named(n, "article") || is_main(n))
		m->in_content--;
	if (named(n, "article") &&
	    (m->article == NULL || info_of(m->pg, m->article)->text < me->text))
		m->article = n;
	if (is_main(n) && m->main == NULL)
		m->main = n;
	if (up == NULL)
		return;
	up->text += me->text;
	up->links += me->links;
	up->commas += me->commas;
	if (kind_of(m->pg, n)->block)
		up->has_block = true;
}

/* The score an element starts with as a candidate: its kind and the
 * words of its class and id. */
static double
base_score(const xmlNode *n)
{
	static const struct {
		const char *tag;
		double score;
	} kinds[] = {
		{ "div", 5 },
		{ "article", 5 },
		{ "section", 3 },
		{ "pre", 3 },
		{ "td", 3 },
		{ "blockquote", 3 },
		{ "ol", -3 },
		{ "ul", -3 },
		{ "dl", -3 },
		{ "li", -3 },
		{ "th", -5 },
	};
	double s = 0;

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (named(n, kinds[i].tag))
			s = kinds[i].score;
	if (attr_has_word(attr(n, "class"), false) || attr_has_word(attr(n, "id"), false))
		s += 25;
	return s;
}

#define MIN_PARAGRAPH 25
#define ANCESTORS 5

/* Gives each paragraph's score to its ancestors. */
static void
score_paragraphs(struct page *pg)
{
	for (size_t i = 0; i < pg->ninfos; i++) {
		struct info *p = &pg->infos[i];
		xmlNode *up = p->node->parent;
		double s;

		if (!p->seen || p->text < MIN_PARAGRAPH)
			continue;
		if (p->node->type != XML_ELEMENT_NODE)
			continue;
		if (!kind_of(pg, p->node)->scored && !(named(p->node, "div") && !p->has_block))
			continue;
		s = 1 + (double)p->commas + (p->text / 100 < 3 ? (double)(p->text / 100) : 3);
		for (int level = 1; up && level <= ANCESTORS; level++, up = up->parent) {
			struct info *a = info_of(pg, up);

			if (a == NULL || !a->seen)
				break;
			if (!a->candidate)
				a->score = base_score(up);
			a->candidate = true;
			a->score += level == 1 ? s : level == 2 ? s / 2 : s / (level * 3);
		}
	}
}

static double
final_score(const struct info *c)
{
	double density = c->text ? (double)c->links / (double)c->text : 0;

	return c->score * (1 - density);
}

static xmlNode *
best_candidate(struct page *pg)
{
	struct info *best = NULL;

	score_paragraphs(pg);
	for (size_t i = 0; i < pg->ninfos; i++) {
		struct info *c = &pg->infos[i];

		if (c->candidate && (best == NULL || final_score(c) > final_score(best)))
			best = c;
	}
	return best && final_score(best) > 0 ? best->node : NULL;
}

static xmlNode *
body_of(xmlNode *root)
{
	for (xmlNode *n = root ? root->children : NULL; n; n = n->next)
		if (named(n, "body"))
			return n;
	return root;
}

/* ---- rendering ---------------------------------------------------------------- */

struct list {
	bool ordered;
	long next;
	int width; /* of the widest number */
	size_t items;
};

struct render {
	struct doc_builder *b;
	struct page *pg;
	size_t last;         /* source offset of the text before */
	bool inblock;        /* a block is open for text */
	enum doc_block kind; /* the block text opens */
	int level;
	bool tight;
	const xmlChar *link; /* the target of the <a> the text is in */
	bool linking;        /* a link is open in the builder */
	struct list *lists;
	size_t nlists, cap;
};

/* The source offset of n, never before the text before it. */
static size_t
pos_of(struct render *r, const xmlNode *n)
{
	const struct info *i = info_of(r->pg, n);
	size_t src = i ? input_src(&r->pg->in, i->pos) : r->last;

	if (src > r->last)
		r->last = src;
	return r->last;
}

/* Ends the open block: the next text starts a paragraph. */
static void
boundary(struct render *r)
{
	if (r->linking)
		docb_link_end(r->b);
	r->linking = false;
	r->inblock = false;
	r->kind = DOC_PARA;
	r->level = 0;
}

static void
open_block(struct render *r)
{
	if (!r->inblock) {
		docb_block(r->b, r->kind, r->level, r->tight);
		r->inblock = true;
		r->tight = false;
	}
	if (r->link && !r->linking) {
		docb_link_begin(r->b, (const char *)r->link, strlen((const char *)r->link));
		r->linking = true;
	}
}

static bool
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f')
			return false;
	return true;
}

/* Text of a node at src: copied when the source holds exactly these bytes
 * there (parsed in place, no entity). */
static void
emit(struct render *r, const char *s, size_t n, size_t src)
{
	const struct input *in = &r->pg->in;
	bool copied = in->owned == NULL && src <= in->len && n <= in->len - src &&
	    memcmp(in->data + src, s, n) == 0;

	docb_text(r->b, s, n, src, copied);
	if (copied)
		r->last = src + n; /* what follows comes after these bytes */
}

static void
render_text(struct render *r, xmlNode *n)
{
	const char *s = (const char *)n->content;
	size_t len = s ? strlen(s) : 0;

	if (len == 0 || (!r->inblock && blank(s, len)))
		return;
	open_block(r);
	emit(r, s, len, pos_of(r, n));
}

struct tag;
typedef bool (*tag_enter)(struct render *r, xmlNode *n, const struct tag *t);
typedef void (*tag_leave)(struct render *r, xmlNode *n, const struct tag *t);

/* What an element does: enter returns whether its children are shown. */
struct tag {
	const char *name;
	tag_enter enter;
	tag_leave leave;
	enum role role; /* of inline elements */
	int level;      /* of headings */
};

static bool
block_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	boundary(r);
	return true;
}

static void
block_leave(struct render *r, xmlNode *n, const struct tag *t)
{
	boundary(r);
}

static bool
heading_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	boundary(r);
	r->kind = DOC_HEADING;
	r->level = t->level;
	return true;
}

static bool
role_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	docb_push(r->b, t->role);
	return true;
}

static void
role_leave(struct render *r, xmlNode *n, const struct tag *t)
{
	docb_pop(r->b);
}

/* A block of its own in a role: a term, a caption. */
static bool
styled_block_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	boundary(r);
	docb_push(r->b, t->role);
	return true;
}

static void
styled_block_leave(struct render *r, xmlNode *n, const struct tag *t)
{
	boundary(r);
	docb_pop(r->b);
}

static bool
link_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	const xmlChar *href = attr(n, "href");

	if (href && *href && strncasecmp((const char *)href, "javascript:", 11) != 0) {
		if (r->linking)
			docb_link_end(r->b);
		r->linking = false;
		r->link = href;
	}
	return true;
}

static void
link_leave(struct render *r, xmlNode *n, const struct tag *t)
{
	if (r->link != attr(n, "href"))
		return;
	if (r->linking)
		docb_link_end(r->b);
	r->linking = false;
	r->link = NULL;
}

/* A line break; in a heading, whose outline entry is one line, a space. */
static bool
br_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	if (r->inblock && r->kind == DOC_HEADING)
		docb_text(r->b, " ", 1, pos_of(r, n), false);
	else if (r->inblock)
		docb_newline(r->b, pos_of(r, n));
	return false;
}

static bool
hr_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	boundary(r);
	pos_of(r, n);
	docb_block(r->b, DOC_RULE, 0, false);
	r->tight = false;
	return false;
}

static bool
img_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	const xmlChar *alt = attr(n, "alt");
	char *text;

	if (alt == NULL || blank((const char *)alt, strlen((const char *)alt)))
		alt = attr(n, "title");
	if (alt == NULL || blank((const char *)alt, strlen((const char *)alt)))
		return false;
	text = xasprintf("[image: %s]", (const char *)alt);
	open_block(r);
	docb_push(r->b, ROLE_IMAGE);
	docb_text(r->b, text, strlen(text), pos_of(r, n), false);
	docb_pop(r->b);
	free(text);
	return false;
}

/* Preformatted text, verbatim, less the line end after <pre> and the
 * blank lines before </pre>. */
static bool
pre_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	xmlBufferPtr c = content_of(n);
	const char *s = c ? (const char *)libxml2.xmlBufferContent(c) : "";
	size_t len = strlen(s);

	if (len > 0 && s[0] == '\n')
		s++, len--;
	else if (len > 1 && s[0] == '\r' && s[1] == '\n')
		s += 2, len -= 2;
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == ' '))
		len--;
	boundary(r);
	if (len > 0) {
		docb_block(r->b, DOC_PRE, 0, r->tight);
		r->tight = false;
		docb_push(r->b, ROLE_CODE);
		docb_text(r->b, s, len, pos_of(r, n), false);
		docb_pop(r->b);
	}
	if (c)
		libxml2.xmlBufferFree(c);
	return false;
}

static struct list *
top_list(struct render *r)
{
	return r->nlists ? &r->lists[r->nlists - 1] : NULL;
}

static int
digits(long v)
{
	int d = v < 0 ? 2 : 1;

	for (v = v < 0 ? -v : v; v >= 10; v /= 10)
		d++;
	return d;
}

static bool
list_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	struct list *l;
	const xmlChar *start = attr(n, "start");
	long first = 1, items = 0;

	boundary(r);
	if (start) {
		first = strtol((const char *)start, NULL, 10);
		if (first < -1000000000L || first > 1000000000L)
			first = 1;
	}
	for (xmlNode *c = n->children; c; c = c->next)
		items += named(c, "li");
	xgrow((void **)&r->lists, &r->cap, r->nlists + 1, sizeof *r->lists);
	l = &r->lists[r->nlists++];
	l->ordered = named(n, "ol");
	l->next = first;
	l->items = 0;
	l->width =
	    digits(first) > digits(first + items - 1) ? digits(first) : digits(first + items - 1);
	return true;
}

static void
list_leave(struct render *r, xmlNode *n, const struct tag *t)
{
	boundary(r);
	r->nlists--;
}

/* A list item: a container with a bullet or a right-aligned number; the
 * items of a list are tight, and so is a list nested in an item. */
static bool
item_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	struct list *l = top_list(r);
	char first[32], rest[32];
	int cols;

	boundary(r);
	if (l && l->ordered) {
		cols = snprintf(first, sizeof first, "%*ld. ", l->width, l->next++);
		memset(rest, ' ', (size_t)cols);
		rest[cols] = '\0';
		docb_open(r->b, first, rest, ROLE_MARKER);
	} else {
		docb_open(r->b, "\xE2\x80\xA2 ", "  ", ROLE_MARKER);
	}
	r->tight = l ? l->items > 0 || r->nlists > 1 : false;
	if (l)
		l->items++;
	return true;
}

static void
container_leave(struct render *r, xmlNode *n, const struct tag *t)
{
	boundary(r);
	docb_close(r->b);
}

static bool
quote_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	boundary(r);
	docb_open(r->b, "\xE2\x94\x82 ", "\xE2\x94\x82 ", ROLE_QUOTE);
	return true;
}

static bool
definition_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	boundary(r);
	docb_open(r->b, "    ", "    ", ROLE_TEXT);
	r->tight = true;
	return true;
}

static bool table_enter(struct render *r, xmlNode *n, const struct tag *t);

/* Sorted by nothing: looked up by name, first match. */
static const struct tag tags[] = {
	{ "p", block_enter, block_leave, ROLE_TEXT, 0 },
	{ "div", block_enter, block_leave, ROLE_TEXT, 0 },
	{ "section", block_enter, block_leave, ROLE_TEXT, 0 },
	{ "article", block_enter, block_leave, ROLE_TEXT, 0 },
	{ "main", block_enter, block_leave, ROLE_TEXT, 0 },
	{ "header", block_enter, block_leave, ROLE_TEXT, 0 },
	{ "address", block_enter, block_leave, ROLE_TEXT, 0 },
	{ "center", block_enter, block_leave, ROLE_TEXT, 0 },
	{ "details", block_enter, block_leave, ROLE_TEXT, 0 },
	{ "summary", block_enter, block_leave, ROLE_TEXT, 0 },
	{ "figure", block_enter, block_leave, ROLE_TEXT, 0 },
	{ "dl", block_enter, block_leave, ROLE_TEXT, 0 },
	{ "caption", block_enter, block_leave, ROLE_TEXT, 0 },
	{ "h1", heading_enter, block_leave, ROLE_TEXT, 1 },
	{ "h2", heading_enter, block_leave, ROLE_TEXT, 2 },
	{ "h3", heading_enter, block_leave, ROLE_TEXT, 3 },
	{ "h4", heading_enter, block_leave, ROLE_TEXT, 4 },
	{ "h5", heading_enter, block_leave, ROLE_TEXT, 5 },
	{ "h6", heading_enter, block_leave, ROLE_TEXT, 6 },
	{ "ul", list_enter, list_leave, ROLE_TEXT, 0 },
	{ "ol", list_enter, list_leave, ROLE_TEXT, 0 },
	{ "li", item_enter, container_leave, ROLE_TEXT, 0 },
	{ "blockquote", quote_enter, container_leave, ROLE_TEXT, 0 },
	{ "dd", definition_enter, container_leave, ROLE_TEXT, 0 },
	{ "dt", styled_block_enter, styled_block_leave, ROLE_STRONG, 0 },
	{ "figcaption", styled_block_enter, styled_block_leave, ROLE_EMPHASIS, 0 },
	{ "pre", pre_enter, NULL, ROLE_CODE, 0 },
	{ "table", table_enter, NULL, ROLE_TEXT, 0 },
	{ "hr", hr_enter, NULL, ROLE_RULE, 0 },
	{ "br", br_enter, NULL, ROLE_TEXT, 0 },
	{ "img", img_enter, NULL, ROLE_IMAGE, 0 },
	{ "a", link_enter, link_leave, ROLE_LINK, 0 },
	{ "code", role_enter, role_leave, ROLE_CODE, 0 },
	{ "kbd", role_enter, role_leave, ROLE_CODE, 0 },
	{ "samp", role_enter, role_leave, ROLE_CODE, 0 },
	{ "tt", role_enter, role_leave, ROLE_CODE, 0 },
	{ "em", role_enter, role_leave, ROLE_EMPHASIS, 0 },
	{ "i", role_enter, role_leave, ROLE_EMPHASIS, 0 },
	{ "cite", role_enter, role_leave, ROLE_EMPHASIS, 0 },
	{ "strong", role_enter, role_leave, ROLE_STRONG, 0 },
	{ "b", role_enter, role_leave, ROLE_STRONG, 0 },
	{ "s", role_enter, role_leave, ROLE_STRIKE, 0 },
	{ "del", role_enter, role_leave, ROLE_STRIKE, 0 },
	{ "strike", role_enter, role_leave, ROLE_STRIKE, 0 },
	{ "u", role_enter, role_leave, ROLE_UNDERLINE, 0 },
	{ "ins", role_enter, role_leave, ROLE_UNDERLINE, 0 },
};

static const struct tag *
tag_of(const xmlNode *n)
{
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
		if (strcmp((const char *)n->name, tags[i].name) == 0)
			return &tags[i];
	return NULL;
}

static bool
render_enter(void *ctx, xmlNode *n)
{
	struct render *r = ctx;
	const struct info *i = info_of(r->pg, n);
	const struct tag *t;

	if (n->type == XML_TEXT_NODE) {
		render_text(r, n);
		return false;
	}
	if (n->type != XML_ELEMENT_NODE || n->name == NULL || (i && i->dropped))
		return false;
	t = kind_of(r->pg, n)->tag;
	return t == NULL || t->enter(r, n, t);
}

static void
render_leave(void *ctx, xmlNode *n)
{
	struct render *r = ctx;
	const struct kind *k = kind_of(r->pg, n);
	const struct tag *t = k ? k->tag : NULL;

	if (t && t->leave)
		t->leave(r, n, t);
}

/* ---- tables --------------------------------------------------------------------- */

struct cell {
	char *text; /* safe, folded; NULL when empty */
	int cols;
	bool head;
	size_t src;
};

/* The cells of a table row after row (rows may differ in length). */
struct table {
	struct cell *cells;
	size_t ncells, cap;
	size_t *rows; /* index of each row's first cell; rows[nrows] = ncells */
	size_t nrows, rcap;
	int *widths; /* of each column */
	size_t ncols, wcap;
};

static void
table_row(struct table *tb)
{
	xgrow((void **)&tb->rows, &tb->rcap, tb->nrows + 2, sizeof *tb->rows);
	tb->rows[tb->nrows++] = tb->ncells;
	tb->rows[tb->nrows] = tb->ncells;
}

static void
table_cell(struct render *r, struct table *tb, xmlNode *k)
{
	struct cell *c;
	size_t col = tb->ncells - tb->rows[tb->nrows - 1];
	char *raw = text_of(k);

	xgrow((void **)&tb->cells, &tb->cap, tb->ncells + 1, sizeof *tb->cells);
	c = &tb->cells[tb->ncells++];
	memset(c, 0, sizeof *c);
	c->head = named(k, "th");
	c->src = pos_of(r, k);
	if (raw) {
		c->text = article_safe_line(raw, strlen(raw));
		c->cols = text_width(c->text, strlen(c->text));
	}
	free(raw);
	if (col >= tb->ncols) {
		xgrow((void **)&tb->widths, &tb->wcap, col + 1, sizeof *tb->widths);
		tb->widths[col] = 0;
		tb->ncols = col + 1;
	}
	if (c->cols > tb->widths[col])
		tb->widths[col] = c->cols;
	tb->rows[tb->nrows] = tb->ncells;
}

/* The rows of table n (its own, and those of its thead, tbody and tfoot),
 * cell by cell. */
static void
table_collect(struct render *r, xmlNode *n, struct table *tb)
{
	for (xmlNode *s = n->children; s; s = s->next) {
		bool group = named(s, "thead") || named(s, "tbody") || named(s, "tfoot");

		for (xmlNode *g = group ? s->children : s; g; g = group ? g->next : NULL) {
			if (!named(g, "tr"))
				continue;
			table_row(tb);
			for (xmlNode *k = g->children; k; k = k->next)
				if (named(k, "td") || named(k, "th"))
					table_cell(r, tb, k);
		}
	}
}

/* Whether the table fits in cols columns, its cells padded to the widest
 * of each column and separated by " │ ". */
static bool
table_fits(const struct table *tb, int cols)
{
	long total = 0;

	for (size_t x = 0; x < tb->ncols; x++) {
		total += tb->widths[x] + (x ? 3 : 0);
		if (total > cols)
			return false;
	}
	return true;
}

static void
cell_text(struct render *r, const struct cell *c)
{
	if (c->text == NULL)
		return;
	if (c->head)
		docb_push(r->b, ROLE_STRONG);
	docb_text(r->b, c->text, strlen(c->text), c->src, false);
	if (c->head)
		docb_pop(r->b);
}

static void
pad(struct render *r, int n, size_t src)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		int k = n < (int)sizeof spaces - 1 ? n : (int)sizeof spaces - 1;

		docb_text(r->b, spaces, (size_t)k, src, false);
		n -= k;
	}
}

/* Each row a line; a row's trailing empty cells are left out, and its last
 * cell is not padded. */
static void
table_as_lines(struct render *r, const struct table *tb)
{
	bool first = true;

	docb_block(r->b, DOC_PRE, 0, r->tight);
	r->tight = false;
	for (size_t y = 0; y < tb->nrows; y++) {
		const struct cell *row = tb->cells + tb->rows[y];
		size_t n = tb->rows[y + 1] - tb->rows[y];

		while (n > 0 && row[n - 1].text == NULL)
			n--;
		if (n == 0)
			continue;
		if (!first)
			docb_newline(r->b, row[0].src);
		first = false;
		for (size_t x = 0; x < n; x++) {
			if (x > 0)
				docb_text(r->b, " \xE2\x94\x82 ", 5, row[x].src, false);
			cell_text(r, &row[x]);
			if (x + 1 < n)
				pad(r, tb->widths[x] - row[x].cols, row[x].src);
		}
	}
}

/* Each cell a paragraph, the cells of a row tight together. */
static void
table_as_paragraphs(struct render *r, const struct table *tb)
{
	for (size_t y = 0; y < tb->nrows; y++) {
		bool tight = false;

		for (size_t i = tb->rows[y]; i < tb->rows[y + 1]; i++) {
			if (tb->cells[i].text == NULL)
				continue;
			docb_block(r->b, DOC_PARA, 0, tight || r->tight);
			r->tight = false;
			tight = true;
			cell_text(r, &tb->cells[i]);
		}
	}
}

/* A table: its rows as lines when they fit the width, else every cell a
 * paragraph; either way the rendering depends on the width. */
static bool
table_enter(struct render *r, xmlNode *n, const struct tag *t)
{
	struct table tb = { 0 };
	bool any = false;

	boundary(r);
	pos_of(r, n);
	table_collect(r, n, &tb);
	for (size_t i = 0; i < tb.ncells && !any; i++)
		any = tb.cells[i].text != NULL;
	if (any) {
		docb_depends_on_width(r->b);
		if (table_fits(&tb, docb_columns(r->b)))
			table_as_lines(r, &tb);
		else
			table_as_paragraphs(r, &tb);
	}
	for (size_t i = 0; i < tb.ncells; i++)
		free(tb.cells[i].text);
	free(tb.cells);
	free(tb.rows);
	free(tb.widths);
	return false;
}

/* ---- the reader ------------------------------------------------------------------- */

static void
render_tree(struct render *r, xmlNode *top)
{
	walk(top, render_enter, render_leave, r);
	boundary(r);
}

/* The siblings of the best candidate that belong with it: candidates that
 * score nearly as well, and long paragraphs with few links. */
static bool
belongs_with(struct page *pg, const xmlNode *n, double best)
{
	const struct info *i = info_of(pg, n);
	double floor = best * 0.2 > 10 ? best * 0.2 : 10;

	if (i == NULL || !i->seen)
		return false;
	if (i->candidate && final_score(i) >= floor)
		return true;
	return named(n, "p") && i->text >= 80 && i->links * 4 < i->text;
}

static void
render_content(struct render *r, xmlNode *root)
{
	struct measure m = { .pg = r->pg };
	xmlNode *best;

	walk(root, measure_enter, measure_leave, &m);
	if (m.article || m.main) {
		render_tree(r, m.article ? m.article : m.main);
		return;
	}
	best = best_candidate(r->pg);
	if (best == NULL || best->parent == NULL || named(best, "body") || named(best, "html")) {
		render_tree(r, body_of(root));
		return;
	}
	for (xmlNode *s = best->parent->children; s; s = s->next)
		if (s == best || belongs_with(r->pg, s, final_score(info_of(r->pg, best))))
			render_tree(r, s);
}

static bool
html_render(const struct article *a, struct doc_builder *b)
{
	struct page pg;
	struct render r = { .b = b, .pg = &pg };
	struct meta mt = { 0 };
	xmlNode *root;

	if (!page_load(&pg, a->data, a->size)) {
		page_free(&pg);
		return false;
	}
	root = libxml2.xmlDocGetRootElement(pg.doc);
	meta_collect(&mt, root);
	meta_give(b, &mt);
	meta_free(&mt);
	render_content(&r, root);
	free(r.lists);
	page_free(&pg);
	return true;
}

static char *
html_title(const char *head, size_t len)
{
	struct page pg;
	struct meta mt = { 0 };
	char *t = NULL;

	if (libxml2_load(NULL) != 0)
		return NULL;
	if (page_load(&pg, head, len))
		meta_collect(&mt, libxml2.xmlDocGetRootElement(pg.doc));
	t = meta_title(&mt);
	meta_free(&mt);
	page_free(&pg);
	return t;
}

static bool
starts_with_tag(const char *s, size_t n, const char *tag)
{
	size_t k = strlen(tag);

	if (n < k || strncasecmp(s, tag, k) != 0)
		return false;
	return n == k || s[k] == '>' || s[k] == '/' || s[k] == ' ' || s[k] == '\t' ||
	    s[k] == '\n' || s[k] == '\r' || s[k] == '\f';
}

/* After a BOM and whitespace: a doctype for html, or an html, head, meta
 * or title tag. */
static bool
html_sniff(const char *head, size_t len)
{
	static const char *const starts[] = { "<!doctype html", "<html", "<head", "<meta",
		"<title" };
	size_t i = 0;

	if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len &&
	    (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r' ||
		head[i] == '\f'))
		i++;
	for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++)
		if (starts_with_tag(head + i, len - i, starts[k]))
			return true;
	return false;
}

static const char *const html_extensions[] = { "html", "htm", "xhtml", NULL };

const struct reader reader_html = {
	.name = "html",
	.extensions = html_extensions,
	.sniff = html_sniff,
	.render = html_render,
	.title = html_title,
	.load = libxml2_load,
};
