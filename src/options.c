#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "hyperlink.h"
#include "keymap.h"
#include "keys.h"
#include "listfmt.h"
#include "listsort.h"
#include "options.h"
#include "reader.h"
#include "search.h"
#include "text.h"
#include "xmalloc.h"

const char *const options_role_names[ROLE_COUNT + 1] = {
#define ROLE_NAME(id, name, fg, bg, attrs, mono, doc) [ROLE_##id] = name,
	ROLES(ROLE_NAME)
#undef ROLE_NAME
	    NULL
};

const char *const options_color_names[RC_NAMED_COUNT + 1] = {
#define COLOR_NAME(id, name) [RC_##id] = name,
	ROLE_COLORS(COLOR_NAME)
#undef COLOR_NAME
	    NULL
};

const char *const options_attr_names[RAB_COUNT + 1] = {
#define ATTR_NAME(id, name) [RAB_##id] = name,
	ROLE_ATTRS(ATTR_NAME)
#undef ATTR_NAME
	    NULL
};

const char *const options_mark_read_names[MARK_READ_COUNT + 1] = {
#define MARK_READ_NAME(id, name, doc) [MARK_READ_##id] = name,
	MARK_READ_MODES(MARK_READ_NAME)
#undef MARK_READ_NAME
	    NULL
};

const char *const options_hyperlink_names[HYPERLINKS_COUNT + 1] = {
#define HYPERLINK_NAME(id, name, doc) [HYPERLINKS_##id] = name,
	HYPERLINK_MODES(HYPERLINK_NAME)
#undef HYPERLINK_NAME
	    NULL
};
/* Indexed by enum layout_reflow. */
const char *const options_reflow_names[] = { "off", "auto", "on", NULL };

static const struct role_style default_styles[ROLE_COUNT] = { ROLES(ROLE_DEFAULT_STYLE) };

/* Web-page clutter that comes before the headline of a saved article. */
static const char *const default_title_skip[] = { "sign up", "sign-up", "signing up", "subscribe",
	"newsletter", "cookie", "privacy policy", "accept all", "skip to content", "log in",
	"sign in", "advertisement", "share this", NULL };

static const char *const no_strings[] = { NULL };

#define OFF(member) offsetof(struct options, member)

const struct option_def option_table[] = {
	{ .path = "paths",
	    .type = OPTION_PATHS,
	    .offset = OFF(paths),
	    .doc = "article files and folders opened when none are given on the "
		   "command line (~/ is the home folder)" },
	{ .path = "title_skip",
	    .type = OPTION_STRINGS,
	    .offset = OFF(title_skip),
	    .strings = default_title_skip,
	    .doc = "a line holding one of these where a word starts, in any case, is "
		   "not taken for an article's title" },

	{ .path = "list_format",
	    .type = OPTION_STRING,
	    .offset = OFF(list_format),
	    .str = LISTFMT_DEFAULT,
	    .check = listfmt_check,
	    .doc = "what a row of the source list shows: %t the title, %f the file "
		   "name, %p its path below the folder opened, %d its modification "
		   "date (see date_format), %s its size (512B, 3.4K, 12M), %u N when "
		   "unread, %% a percent sign; a width pads or cuts to that many "
		   "columns, aligned right (%6s) or left (%-20t); a bad format is "
		   "reported and the default used" },
	{ .path = "date_format",
	    .type = OPTION_STRING,
	    .offset = OFF(date_format),
	    .str = LISTFMT_DATE_DEFAULT,
	    .doc = "how %d of list_format shows a date, as strftime(3) does" },
	{ .path = "list_sort",
	    .type = OPTION_CHOICE,
	    .offset = OFF(list_sort),
	    .def = LIST_SORT_NAME,
	    .choices = listsort_names,
	    .doc = "the order of the source list, within each folder: name (natural "
		   "order of the file names), title, date (newest first), size "
		   "(largest first) or unread (unread first); the order chosen "
		   "with the sort key is kept per collection and wins" },
	{ .path = "list_hide_read",
	    .type = OPTION_BOOL,
	    .offset = OFF(list_hide_read),
	    .def = false,
	    .doc = "start with the read articles hidden from the source list" },

	{ .path = "layout.sources_width",
	    .type = OPTION_INT,
	    .offset = OFF(layout.sources_width),
	    .def = 32,
	    .min = 10,
	    .max = 200,
	    .doc = "columns of the source list" },
	{ .path = "layout.text_width",
	    .type = OPTION_INT,
	    .offset = OFF(layout.text_width),
	    .def = 0,
	    .min = 0,
	    .max = 1000,
	    .doc = "maximum reading width in columns; 0: the whole pane" },
	{ .path = "layout.center",
	    .type = OPTION_BOOL,
	    .offset = OFF(layout.center),
	    .def = true,
	    .doc = "centre the text in the pane when text_width makes it narrower" },
	{ .path = "layout.split_min_cols",
	    .type = OPTION_INT,
	    .offset = OFF(layout.split_min_cols),
	    .def = 80,
	    .min = 0,
	    .max = 1000,
	    .doc = "terminals narrower than this show one pane at a time" },
	{ .path = "layout.reflow",
	    .type = OPTION_CHOICE,
	    .offset = OFF(layout.reflow),
	    .def = LAYOUT_REFLOW_AUTO,
	    .choices = options_reflow_names,
	    .doc = "join the lines of plain-text prose hard-wrapped at a fixed width "
		   "(mail, READMEs, RFCs) into paragraphs: auto when the pane is "
		   "narrower than that width, on at any width, off never; indented "
		   "blocks, lists, code, tables and art stay as they are" },
	{ .path = "layout.chop",
	    .type = OPTION_BOOL,
	    .offset = OFF(layout.chop),
	    .def = false,
	    .doc = "show the lines of plain text that are not joined (tables, art, "
		   "code) one row each, cut at the pane's edge and scrolled "
		   "sideways, instead of wrapped; the wrap toggle key switches it" },
	{ .path = "layout.hang",
	    .type = OPTION_BOOL,
	    .offset = OFF(layout.hang),
	    .def = true,
	    .doc = "the wrapped rows of an indented plain-text line or list item "
		   "start under its text, not under its bullet" },
	{ .path = "layout.reading_speed",
	    .type = OPTION_INT,
	    .offset = OFF(layout.reading_speed),
	    .def = 230,
	    .min = 10,
	    .max = 10000,
	    .doc = "words a minute you read: the status shows the minutes left in "
		   "the article at this speed" },

	{ .path = "search.smart_case",
	    .type = OPTION_BOOL,
	    .offset = OFF(search.smart_case),
	    .def = true,
	    .doc = "ignore case unless the pattern has an uppercase letter; "
		   "false: case always matters" },
	{ .path = "search.wrap",
	    .type = OPTION_BOOL,
	    .offset = OFF(search.wrap),
	    .def = true,
	    .doc = "a search that reaches the end of the article goes on from the start" },
	{ .path = "search.incremental",
	    .type = OPTION_BOOL,
	    .offset = OFF(search.incremental),
	    .def = true,
	    .doc = "search as the pattern is typed" },
	{ .path = "search.accent_insensitive",
	    .type = OPTION_BOOL,
	    .offset = OFF(search.accent_insensitive),
	    .def = false,
	    .doc = "ignore accents, so that cafe finds café" },
	{ .path = "search.regex",
	    .type = OPTION_BOOL,
	    .offset = OFF(search.regex),
	    .def = false,
	    .doc = "search for regular expressions (PCRE2) rather than literal text; "
		   "C-r in the prompt switches" },

	{ .path = "mouse",
	    .type = OPTION_BOOL,
	    .offset = OFF(mouse),
	    .def = true,
	    .doc = "use the mouse: the wheel scrolls, a click selects or focuses" },
	{ .path = "rescan_interval",
	    .type = OPTION_INT,
	    .offset = OFF(rescan_interval),
	    .def = 5,
	    .min = 0,
	    .max = 86400,
	    .doc = "seconds between the idle checks of the folders for changes, 0: never" },
	{ .path = "hyperlinks",
	    .type = OPTION_CHOICE,
	    .offset = OFF(hyperlinks),
	    .def = HYPERLINKS_AUTO,
	    .choices = options_hyperlink_names,
	    .doc = "links in the article as terminal hyperlinks (OSC 8) that the "
		   "terminal opens: auto (when the terminal is known to have them), "
		   "on or off" },

	{ .path = "documents.show_source",
	    .type = OPTION_STRINGS,
	    .offset = OFF(documents.show_source),
	    .strings = no_strings,
	    .doc = "formats (markdown, html, terminal) shown as their source text "
		   "when opened; the toggle key shows them rendered" },
	{ .path = "documents.max_render",
	    .type = OPTION_INT,
	    .offset = OFF(documents.max_render),
	    .def = 32,
	    .min = 0,
	    .max = 4096,
	    .doc = "documents bigger than this many MiB are shown as plain text" },
	{ .path = "documents.input_max",
	    .type = OPTION_INT,
	    .offset = OFF(documents.input_max),
	    .def = 1024,
	    .min = 1,
	    .max = 65536,
	    .doc = "at most this many MiB are read of standard input, or decoded "
		   "of a compressed file or an archive member (a decompression bomb "
		   "stops there, with a notice)" },
	{ .path = "documents.link_numbers",
	    .type = OPTION_BOOL,
	    .offset = OFF(documents.link_numbers),
	    .def = true,
	    .doc = "follow each link of a document by its number, [N]" },
	{ .path = "documents.styles",
	    .type = OPTION_BOOL,
	    .offset = OFF(documents.styles),
	    .def = true,
	    .doc = "show backspace overstrike and SGR colour sequences in plain text "
		   "as styles; false: as the control pictures they are" },

	{ .path = "outside.browser",
	    .type = OPTION_STRING,
	    .offset = OFF(outside.browser),
	    .str = "",
	    .doc = "the command that opens a link, the URL its last argument (words "
		   "split at blanks, no shell); empty: $BROWSER, else xdg-open when "
		   "there is a display, else the link is copied instead" },
	{ .path = "outside.copy_command",
	    .type = OPTION_STRING,
	    .offset = OFF(outside.copy_command),
	    .str = "",
	    .doc = "a command that takes a copy on its standard input (wl-copy, "
		   "xclip -selection clipboard); empty: the terminal's clipboard "
		   "through OSC 52, which works over SSH and in tmux (set-clipboard on)" },
	{ .path = "outside.copy_limit",
	    .type = OPTION_INT,
	    .offset = OFF(outside.copy_limit),
	    .def = 64,
	    .min = 1,
	    .max = 65536,
	    .doc = "KiB an OSC 52 copy holds at most; a longer text is cut, and "
		   "the message says so" },

	{ .path = "state.remember_position",
	    .type = OPTION_BOOL,
	    .offset = OFF(state.remember_position),
	    .def = true,
	    .doc = "reopen each article where it was left" },
	{ .path = "state.mark_read",
	    .type = OPTION_CHOICE,
	    .offset = OFF(state.mark_read),
	    .def = MARK_READ_OPEN,
	    .choices = options_mark_read_names,
	    .doc = "when an article counts as read: when opened, when scrolled to "
		   "its end, or never (only by hand)" },

#define ROLE_ROW(id, name, fg, bg, attrs, mono, d) \
	{ .path = "colors." name, \
		.type = OPTION_STYLE, \
		.offset = OFF(colors[ROLE_##id]), \
		.role = ROLE_##id, \
		.doc = d },
	ROLES(ROLE_ROW)
#undef ROLE_ROW

	    { .path = "keys",
		.type = OPTION_KEYS,
		.offset = OFF(keymap),
		.doc = "key bindings on top of the built-in ones: context (global, "
		       "list, article or prompt; default global), key, action; "
		       "action \"none\" unbinds the key" },
};
const size_t option_count = sizeof option_table / sizeof option_table[0];

const struct option_def *
options_find(const char *path)
{
	for (size_t i = 0; i < option_count; i++)
		if (strcmp(option_table[i].path, path) == 0)
			return &option_table[i];
	return NULL;
}

int
options_color_lookup(const char *name)
{
	if (strcmp(name, "default") == 0)
		return RC_DEFAULT;
	for (int c = 0; c < RC_NAMED_COUNT; c++)
		if (strcmp(options_color_names[c], name) == 0)
			return c;
	return -2;
}

int
options_attr_lookup(const char *name)
{
	if (strcmp(name, "normal") == 0)
		return 0;
	for (int a = 0; a < RAB_COUNT; a++)
		if (strcmp(options_attr_names[a], name) == 0)
			return 1 << a;
	return -1;
}

void
options_app(const struct options *o, struct app_options *out)
{
	*out = app_default_options;
	out->sources_width = o->layout.sources_width;
	out->text_width = o->layout.text_width;
	out->center = o->layout.center;
	out->split_min_cols = o->layout.split_min_cols;
	out->layout.reflow = (enum layout_reflow)o->layout.reflow;
	out->layout.chop = o->layout.chop;
	out->layout.hang = o->layout.hang;
	out->reading_speed = o->layout.reading_speed;
	out->search_wrap = o->search.wrap;
	out->search_incremental = o->search.incremental;
	out->search.case_mode = o->search.smart_case ? SEARCH_SMART : SEARCH_SENSITIVE;
	out->search.ignore_accents = o->search.accent_insensitive;
	out->search.regex = o->search.regex;
	out->remember_position = o->state.remember_position;
	out->max_render = (size_t)o->documents.max_render << 20;
	out->link_numbers = o->documents.link_numbers;
	out->styles = o->documents.styles;
	out->browser = o->outside.browser;
	out->copy_command = o->outside.copy_command;
	out->copy_limit = (size_t)o->outside.copy_limit << 10;
	out->source_formats = 0;
	for (size_t i = 0; i < o->documents.show_source.n; i++) {
		const struct reader *r = reader_named(o->documents.show_source.v[i]);

		if (r != NULL)
			out->source_formats |= 1u << reader_index(r);
	}
	out->mark_read = (enum mark_read)o->state.mark_read;
	out->rescan_interval = o->rescan_interval;
}

void
strlist_add(struct strlist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrdup(s);
}

void
strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ---- bindings as a flat list, to compare and copy keymaps --------------- */

struct bound_key {
	enum context ctx;
	int key;
	enum action action;
};

struct bound_list {
	struct bound_key *v;
	size_t n, cap;
};

static void
collect_binding(enum context ctx, int key, enum action action, void *arg)
{
	struct bound_list *l = arg;

	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = (struct bound_key){ ctx, key, action };
}

static struct bound_list
bindings_of(const struct keymap *km)
{
	struct bound_list l = { 0 };

	if (km != NULL)
		keymap_each(km, collect_binding, &l);
	return l;
}

/* ---- one row of operations per type of setting ------------------------- */

struct type_ops {
	void (*init)(const struct option_def *d, void *v);
	void (*release)(void *v);
	void (*copy)(void *dst, const void *src);
	bool (*equal)(const void *a, const void *b);
	void (*dump)(const struct option_def *d, const void *v, FILE *f);
};

static void
bool_init(const struct option_def *d, void *v)
{
	*(bool *)v = d->def != 0;
}

static void
bool_copy(void *dst, const void *src)
{
	*(bool *)dst = *(const bool *)src;
}

static bool
bool_equal(const void *a, const void *b)
{
	return *(const bool *)a == *(const bool *)b;
}

static void
bool_dump(const struct option_def *d, const void *v, FILE *f)
{
	fputs(*(const bool *)v ? "true" : "false", f);
}

static void
int_init(const struct option_def *d, void *v)
{
	*(int *)v = (int)d->def;
}

static void
int_copy(void *dst, const void *src)
{
	*(int *)dst = *(const int *)src;
}

static bool
int_equal(const void *a, const void *b)
{
	return *(const int *)a == *(const int *)b;
}

static void
int_dump(const struct option_def *d, const void *v, FILE *f)
{
	fprintf(f, "%d", *(const int *)v);
}

static void write_string(FILE *f, const char *s);

static void
choice_dump(const struct option_def *d, const void *v, FILE *f)
{
	write_string(f, d->choices[*(const int *)v]);
}

static void
paths_init(const struct option_def *d, void *v)
{
	*(struct strlist *)v = (struct strlist){ 0 };
}

static void
strings_init(const struct option_def *d, void *v)
{
	struct strlist *l = v;

	*l = (struct strlist){ 0 };
	for (size_t i = 0; d->strings[i] != NULL; i++)
		strlist_add(l, d->strings[i]);
}

static void
paths_release(void *v)
{
	strlist_free(v);
}

static void
paths_copy(void *dst, const void *src)
{
	const struct strlist *s = src;
	struct strlist *l = dst;

	*l = (struct strlist){ 0 };
	for (size_t i = 0; i < s->n; i++)
		strlist_add(l, s->v[i]);
}

static bool
paths_equal(const void *a, const void *b)
{
	const struct strlist *x = a, *y = b;

	if (x->n != y->n)
		return false;
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->v[i], y->v[i]) != 0)
			return false;
	return true;
}

static void
paths_dump(const struct option_def *d, const void *v, FILE *f)
{
	const struct strlist *l = v;

	fputc('[', f);
	for (size_t i = 0; i < l->n; i++) {
		fputs(i > 0 ? ", " : " ", f);
		write_string(f, l->v[i]);
	}
	fputs(" ]", f);
}

static void
string_init(const struct option_def *d, void *v)
{
	*(char **)v = xstrdup(d->str);
}

static void
string_release(void *v)
{
	free(*(char **)v);
	*(char **)v = NULL;
}

static void
string_copy(void *dst, const void *src)
{
	*(char **)dst = xstrdup(*(char *const *)src);
}

static bool
string_equal(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b) == 0;
}

static void
string_dump(const struct option_def *d, const void *v, FILE *f)
{
	write_string(f, *(char *const *)v);
}

static void
keys_init(const struct option_def *d, void *v)
{
	*(struct keymap **)v = keymap_create();
}

static void
keys_release(void *v)
{
	keymap_free(*(struct keymap **)v);
	*(struct keymap **)v = NULL;
}

/* The copy starts from the defaults and binds every key of src in order;
 * src started from the defaults too, so the order comes out the same. */
static void
keys_copy(void *dst, const void *src)
{
	struct keymap *km = keymap_create();
	struct bound_list l = bindings_of(*(struct keymap *const *)src);

	for (size_t i = 0; i < l.n; i++)
		keymap_bind(km, l.v[i].ctx, l.v[i].key, l.v[i].action);
	free(l.v);
	*(struct keymap **)dst = km;
}

static bool
keys_equal(const void *a, const void *b)
{
	struct bound_list x = bindings_of(*(struct keymap *const *)a);
	struct bound_list y = bindings_of(*(struct keymap *const *)b);
	bool same = x.n == y.n;

	for (size_t i = 0; same && i < x.n; i++)
		same = x.v[i].ctx == y.v[i].ctx && x.v[i].key == y.v[i].key &&
		    x.v[i].action == y.v[i].action;
	free(x.v);
	free(y.v);
	return same;
}

struct dump_keys {
	FILE *f;
	size_t n;
};

static void
dump_binding(enum context ctx, int key, enum action action, void *arg)
{
	struct dump_keys *dk = arg;
	char name[KEY_NAME_MAX];

	/* libconfig does not allow a comma after the last element. */
	fputs(dk->n++ > 0 ? ",\n\t{ context = " : "\t{ context = ", dk->f);
	write_string(dk->f, context_name(ctx));
	fputs("; key = ", dk->f);
	write_string(dk->f, keys_name(key, name));
	fputs("; action = ", dk->f);
	write_string(dk->f, action_name(action));
	fputs("; }", dk->f);
}

static void
keys_dump(const struct option_def *d, const void *v, FILE *f)
{
	struct dump_keys dk = { f, 0 };

	fputs("(\n", f);
	keymap_each(*(struct keymap *const *)v, dump_binding, &dk);
	fputs(dk.n > 0 ? "\n)" : ")", f);
}

static void
style_init(const struct option_def *d, void *v)
{
	*(struct role_style *)v = default_styles[d->role];
}

static void
style_copy(void *dst, const void *src)
{
	*(struct role_style *)dst = *(const struct role_style *)src;
}

static bool
style_equal(const void *a, const void *b)
{
	const struct role_style *x = a, *y = b;

	return x->fg == y->fg && x->bg == y->bg && x->attrs == y->attrs && x->mono == y->mono;
}

static void
write_color(FILE *f, int c)
{
	if (c == RC_DEFAULT)
		write_string(f, "default");
	else if (c >= 0 && c < RC_NAMED_COUNT)
		write_string(f, options_color_names[c]);
	else
		fprintf(f, "%d", c);
}

static void
write_attrs(FILE *f, unsigned attrs)
{
	const char *sep = "";

	fputc('"', f);
	if ((attrs & RA_ALL) == 0)
		fputs("normal", f);
	for (int a = 0; a < RAB_COUNT; a++)
		if (attrs & (1u << a)) {
			fprintf(f, "%s%s", sep, options_attr_names[a]);
			sep = ", ";
		}
	fputc('"', f);
}

static void
style_dump(const struct option_def *d, const void *v, FILE *f)
{
	const struct role_style *s = v;

	fputs("{ fg = ", f);
	write_color(f, s->fg);
	fputs("; bg = ", f);
	write_color(f, s->bg);
	fputs("; attrs = ", f);
	write_attrs(f, s->attrs);
	fputs("; mono = ", f);
	write_attrs(f, s->mono);
	fputs("; }", f);
}

static const struct type_ops type_ops[] = {
	[OPTION_BOOL] = { bool_init, NULL, bool_copy, bool_equal, bool_dump },
	[OPTION_INT] = { int_init, NULL, int_copy, int_equal, int_dump },
	[OPTION_CHOICE] = { int_init, NULL, int_copy, int_equal, choice_dump },
	[OPTION_PATHS] = { paths_init, paths_release, paths_copy, paths_equal, paths_dump },
	[OPTION_STRINGS] = { strings_init, paths_release, paths_copy, paths_equal, paths_dump },
	[OPTION_STRING] = { string_init, string_release, string_copy, string_equal, string_dump },
	[OPTION_KEYS] = { keys_init, keys_release, keys_copy, keys_equal, keys_dump },
	[OPTION_STYLE] = { style_init, NULL, style_copy, style_equal, style_dump },
};

static void *
field(struct options *o, const struct option_def *d)
{
	return (char *)o + d->offset;
}

static const void *
cfield(const struct options *o, const struct option_def *d)
{
	return (const char *)o + d->offset;
}

void
options_init(struct options *o)
{
	memset(o, 0, sizeof *o);
	for (size_t i = 0; i < option_count; i++)
		type_ops[option_table[i].type].init(&option_table[i], field(o, &option_table[i]));
}

void
options_free(struct options *o)
{
	if (o == NULL)
		return;
	for (size_t i = 0; i < option_count; i++)
		if (type_ops[option_table[i].type].release != NULL)
			type_ops[option_table[i].type].release(field(o, &option_table[i]));
	memset(o, 0, sizeof *o);
}

void
options_copy(struct options *dst, const struct options *src)
{
	memset(dst, 0, sizeof *dst);
	for (size_t i = 0; i < option_count; i++)
		type_ops[option_table[i].type].copy(
		    field(dst, &option_table[i]), cfield(src, &option_table[i]));
}

bool
options_equal(const struct options *a, const struct options *b)
{
	for (size_t i = 0; i < option_count; i++)
		if (!type_ops[option_table[i].type].equal(
			cfield(a, &option_table[i]), cfield(b, &option_table[i])))
			return false;
	return true;
}

/* Writes s as a libconfig string.  Quotes, backslashes and every byte that
 * could act on a terminal (controls, C1, bidi controls, invalid UTF-8) are
 * escaped as \xNN, which libconfig reads back as the same byte. */
static void
write_string(FILE *f, const char *s)
{
	size_t len = strlen(s);

	fputc('"', f);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		bool invalid = cp == TEXT_REPLACEMENT && n == 1;

		if (cp == '"' || cp == '\\') {
			fprintf(f, "\\%c", (char)cp);
		} else if (invalid || cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ||
		    text_is_bidi_control(cp)) {
			for (size_t j = 0; j < n; j++)
				fprintf(f, "\\x%02X", (unsigned char)s[i + j]);
		} else {
			fwrite(s + i, 1, n, f);
		}
		i += n;
	}
	fputc('"', f);
}

/* Prints text as "# " comment lines of at most about 78 columns. */
static void
write_comment(FILE *f, const char *indent, const char *text)
{
	size_t width = 76 - 8 * strlen(indent);
	const char *p = text;

	while (*p != '\0') {
		size_t len = strlen(p), cut = len;

		if (len > width) {
			cut = width;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = strcspn(p, " ");
		}
		fprintf(f, "%s# %.*s\n", indent, (int)cut, p);
		p += cut;
		p += strspn(p, " ");
	}
}

/* The help comment of a setting, with its range and default. */
static void
dump_comment(const struct option_def *d, const char *indent, FILE *f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (mem == NULL)
		fatal("out of memory");
	fputs(d->doc, mem);
	if (d->type == OPTION_INT)
		fprintf(mem, " (%lld to %lld, default %lld)", d->min, d->max, d->def);
	else if (d->type == OPTION_BOOL)
		fprintf(mem, " (default %s)", d->def ? "true" : "false");
	else if (d->type == OPTION_CHOICE) {
		fputs(" (", mem);
		for (size_t c = 0; d->choices[c] != NULL; c++)
			fprintf(mem, "%s%s", c > 0 ? ", " : "", d->choices[c]);
		fprintf(mem, "; default %s)", d->choices[d->def]);
	}
	if (d->type == OPTION_STRING)
		fprintf(mem, " (default \"%s\")", d->str);
	if (fclose(mem) != 0)
		fatal("out of memory");
	write_comment(f, indent, text);
	free(text);
}

void
options_dump(const struct options *o, FILE *f)
{
	const char *group = NULL;
	size_t group_len = 0;

	fputs("# folio configuration (folio --dump-config); see folio(1).\n", f);
	for (size_t i = 0; i < option_count; i++) {
		const struct option_def *d = &option_table[i];
		const char *dot = strchr(d->path, '.');
		size_t glen = dot != NULL ? (size_t)(dot - d->path) : 0;

		if (group != NULL && (glen != group_len || strncmp(group, d->path, glen) != 0)) {
			fputs("};\n", f);
			group = NULL;
		}
		if (dot != NULL && group == NULL) {
			fprintf(f, "\n%.*s = {\n", (int)glen, d->path);
			group = d->path;
			group_len = glen;
		} else if (group == NULL)
			fputc('\n', f);
		dump_comment(d, group != NULL ? "\t" : "", f);
		fprintf(f, "%s%s = ", group != NULL ? "\t" : "", dot != NULL ? dot + 1 : d->path);
		type_ops[d->type].dump(d, cfield(o, d), f);
		fputs(";\n", f);
	}
	if (group != NULL)
		fputs("};\n", f);
}
