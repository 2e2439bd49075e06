/* doc.h - a document: what a reader makes of an article's bytes.
 *
 * Between an article's raw bytes and the layout stands a document: the
 * text a reader shows, with styled runs, hanging indents, a links table,
 * an outline and metadata.  Everything above it (layout, search, draw,
 * --dump, the outline and links views) works on the document and never
 * knows the format it came from.
 *
 * The shown text is the document's view, an article of its own: for plain
 * text it is the source article itself (the lazy path: nothing is read
 * ahead), for a rendered format a buffer of safe UTF-8 text ('\n' line
 * ends) that the reader wrote through a builder.  Positions in the view
 * are view offsets; what is persisted is the source offset they map to
 * (doc_source_pos), and doc_view_pos maps back, so a reading position
 * survives re-rendering and toggling to the source.
 *
 * Every string a reader gives the builder (text, link targets, titles,
 * alt text) is sanitized as article text is: nothing in a document can act
 * on a terminal.
 */
#ifndef FOLIO_DOC_H
#define FOLIO_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "roles.h"

struct article;
struct reader;

/* A role run: view bytes from start up to the next run's start are
 * painted with role (ROLE_TEXT: as plain text).  Runs are sorted by start
 * and the first starts at 0 when there are any. */
struct doc_run {
	size_t start;
	uint8_t role; /* an enum role */
};

/* A line of the view whose wrapped continuations start with lead (safe
 * text, lead_cols columns): a list item's hanging indent, a quote's bar. */
struct doc_hang {
	size_t line;      /* view offset of the line's start */
	const char *lead; /* owned by the document */
	size_t lead_len;
	int lead_cols;
};

/* A view range [view, view + len) that came from the source bytes
 * starting at src (text copied as it was, or decoded from markup there:
 * then every byte of the range maps to src). */
struct doc_span {
	size_t view, src, len;
	bool copied; /* byte i of the range came from src + i */
};

struct doc_link {
	size_t start, end; /* view range of the link's text */
	char *text;        /* safe text; owned */
	char *target;      /* safe text; owned */
};

struct doc_heading {
	int level;  /* 1 to 6 */
	size_t pos; /* view offset of the heading's line */
	char *text; /* safe text; owned */
};

struct doc_meta {
	char *title, *author, *date, *source; /* safe text or NULL; owned */
};

/* How documents are made. */
struct doc_options {
	int width;               /* columns the text will be laid out in */
	size_t max_render;       /* bigger articles are shown as plain text */
	bool raw;                /* show the source text, whatever the format */
	unsigned source_formats; /* bit i set: the documents of reader_table[i]
	                            show their source, as with raw */
	bool link_numbers;       /* follow each link's text by "[N]" */
	bool styles;             /* plain text: overstrike and SGR as styles */
	const char *format;      /* a reader's name to use, or NULL: by name and
	                        bytes */
	/* How the script modes lay it out (the pager keeps its own, which keys
	 * change). */
	struct layout_options layout;
};

struct doc {
	struct article *source; /* owned: the article's bytes */
	struct article *view;   /* what is shown: source itself, or owned */
	const struct reader *reader;
	bool rendered;        /* view is a rendering, not source */
	bool width_dependent; /* the rendering depends on the width (tables) */
	int width;            /* the width it was rendered for */
	char *notice;         /* one line to show when opened (too big to
	                         render, say), or NULL; owned */
	struct doc_run *runs;
	size_t nruns;
	struct doc_hang *hangs; /* sorted by line */
	size_t nhangs;
	size_t *pres; /* view offsets of the lines of preformatted blocks
	                 (code, tables, a manual's text), in order */
	size_t npres;
	struct doc_span *spans; /* sorted by view; tile the view */
	size_t nspans;
	struct doc_link *links; /* in view order; link k is number k + 1 */
	size_t nlinks;
	struct doc_heading *headings; /* in view order */
	size_t nheadings;
	struct doc_meta meta;
	struct doc_options opts; /* what it was made with (doc_reopen) */
	/* private: whether the plain-text outline and links were found */
	bool outlined, linked;
};

#define DOC_MAX_RENDER (32u << 20)

void doc_options_init(struct doc_options *o);

/* The document for article a (taking ownership of it): the reader chosen
 * by o->format, else by a's file name, else by sniffing its first bytes
 * (d->reader, even when the source is shown);
 * a rendered format above o->max_render, or one whose reader fails, is
 * shown as plain text with a notice.  Never fails. */
struct doc *doc_open(struct article *a, const struct doc_options *o);

/* The document of d's source made again with o (another width, the
 * source shown raw or rendered); d is freed.  Never fails. */
struct doc *doc_reopen(struct doc *d, const struct doc_options *o);
/* The options d was made with. */
void doc_options_of(const struct doc *d, struct doc_options *o);

/* A plain-text document over a: the source is the view. */
struct doc *doc_plain(struct article *a);
void doc_free(struct doc *d);

/* Gives the caller the source article and frees the rest. */
struct article *doc_release(struct doc *d);

/* View offset to the source offset it came from, and back: the view
 * offset of the first view byte at or after source offset src (clamped
 * to the view).  Identities for plain text. */
size_t doc_source_pos(const struct doc *d, size_t view);
size_t doc_view_pos(const struct doc *d, size_t src);

/* The role of view byte pos (ROLE_TEXT when none), and the view offset
 * where the run holding it ends (d->view->size at the last one). */
enum role doc_role_at(const struct doc *d, size_t pos, size_t *run_end);

/* The hanging lead of the view line starting at line_start, or NULL. */
const struct doc_hang *doc_hang_at(const struct doc *d, size_t line_start);

/* Whether the view line starting at line_start is one of a preformatted
 * block's (DOC_PRE), which the layout may chop rather than wrap. */
bool doc_line_pre(const struct doc *d, size_t line_start);

/* The outline and links tables: for a rendered document what its reader
 * found; for plain text they are found on the first call (headings by
 * how lines look, URLs in the text), reading the whole article once. */
const struct doc_heading *doc_outline(struct doc *d, size_t *n);
const struct doc_link *doc_links(struct doc *d, size_t *n);

/* The title a document gives itself (metadata), or NULL. */
const char *doc_title(const struct doc *d);

/* ---- the builder readers write through ---------------------------------
 *
 * A reader emits blocks (paragraphs, headings, preformatted text, table
 * rows, rules) inside a stack of containers (list items, quotes), and the
 * inline text of each with a stack of roles.  The builder writes the line
 * prefixes of the containers, the blank line between blocks, the runs,
 * hangs, spans, links and outline.  Text is sanitized as it is added:
 * controls become pictures, invalid UTF-8 U+FFFD; whitespace runs in a
 * flowing block fold to one space (a newline too), while preformatted
 * blocks keep their spaces and line ends and expand tabs.
 */
struct doc_builder;

enum doc_block {
	DOC_PARA,    /* flowing text */
	DOC_HEADING, /* flowing text, an outline entry; level 1 to 6 */
	DOC_PRE,     /* kept verbatim: spaces, line ends */
	DOC_RULE,    /* a horizontal rule: the builder draws it */
};

struct doc_builder *docb_create(const struct article *src, const struct doc_options *o);

/* Opens a container: its first line starts with first (the marker, in
 * role marker_role), the lines after it, and the continuations of wrapped
 * lines inside it, with rest (usually spaces as wide as first). */
void docb_open(struct doc_builder *b, const char *first, const char *rest, enum role marker_role);
void docb_close(struct doc_builder *b);

/* Starts a block; tight: no blank line before it (items of a tight list,
 * rows of a table).  A block ends at the next docb_block, docb_open,
 * docb_close or docb_finish. */
void docb_block(struct doc_builder *b, enum doc_block kind, int level, bool tight);

/* Adds text s[0..len) (any bytes) to the current block, styled with the
 * role on top of the stack; it came from the source at src (copied: byte
 * for byte, else decoded from markup there). */
void docb_text(struct doc_builder *b, const char *s, size_t len, size_t src, bool copied);
/* A line break inside the current block. */
void docb_newline(struct doc_builder *b, size_t src);

void docb_push(struct doc_builder *b, enum role r);
void docb_pop(struct doc_builder *b);

/* A link around the text added between begin and end. */
void docb_link_begin(struct doc_builder *b, const char *target, size_t len);
void docb_link_end(struct doc_builder *b);

/* Metadata, first value wins: field is "title", "author", "date" or
 * "source"; value any bytes. */
void docb_meta(struct doc_builder *b, const char *field, const char *value, size_t len);

/* Columns available to a block at the current depth (width less the
 * container prefixes), for readers that lay out tables. */
int docb_columns(const struct doc_builder *b);

/* Whether each link's text is followed by "[N]" (the link_numbers
 * option), for readers that measure text to lay it out in columns. */
bool docb_link_numbers(const struct doc_builder *b);

/* Says that the rendering depends on docb_columns (a table laid out to
 * fit): the document is rendered again when the width changes. */
void docb_depends_on_width(struct doc_builder *b);

/* Ends the document and frees b: the document over src, which it owns
 * from now on (src is the article docb_create was given). */
struct doc *docb_finish(struct doc_builder *b, struct article *src);

#endif
