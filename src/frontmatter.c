#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "extlib.h"
#include "frontmatter.h"
#include "text.h"
#include "xmalloc.h"

static const char *const field_names[FRONT_NFIELDS] = {
	[FRONT_TITLE] = "title",
	[FRONT_AUTHOR] = "author",
	[FRONT_DATE] = "date",
};

/* The fences of each syntax: the opening line, and the lines that close. */
enum syntax { SYN_YAML, SYN_TOML };

struct fence {
	const char *open;
	const char *close[2];
};

static const struct fence fences[] = {
	[SYN_YAML] = { "---", { "---", "..." } },
	[SYN_TOML] = { "+++", { "+++", "+++" } },
};

const char *
front_field_name(enum front_field f)
{
	return field_names[f];
}

static int
field_of(const char *s, size_t n)
{
	for (int f = 0; f < FRONT_NFIELDS; f++)
		if (strlen(field_names[f]) == n && memcmp(field_names[f], s, n) == 0)
			return f;
	return -1;
}

/* Stores s[0..n) as field f unless it already has a value, cut to
 * FRONT_VALUE_MAX bytes without splitting a character. */
static void
set_value(struct front_matter *fm, int f, const char *s, size_t n)
{
	if (f < 0 || fm->value[f] || n == 0)
		return;
	if (n > FRONT_VALUE_MAX) {
		n = FRONT_VALUE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	fm->value[f] = xstrndup(s, n);
	fm->len[f] = n;
}

/* Whether line s[0..n) (without its line end) is tag, trailing blanks
 * allowed. */
static bool
line_is(const char *s, size_t n, const char *tag)
{
	size_t t = strlen(tag);

	if (n < t || memcmp(s, tag, t) != 0)
		return false;
	for (size_t i = t; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* The end of the line starting at s (its '\n' or len), and in *next the
 * start of the line after it. */
static size_t
line_end(const char *data, size_t len, size_t s, size_t *next)
{
	const char *nl = memchr(data + s, '\n', len - s);
	size_t e = nl ? (size_t)(nl - data) : len;

	*next = nl ? e + 1 : len;
	return e;
}

/* Finds the block of syntax syn at the start of data: its content in
 * [*start, *end) and the body's offset in *body.  False when the file does
 * not open with the fence or the block is never closed. */
static bool
find_block(const char *data, size_t len, enum syntax syn, size_t *start, size_t *end, size_t *body)
{
	const struct fence *fe = &fences[syn];
	size_t at = 0, next;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		at = 3;
	size_t e = line_end(data, len, at, &next);
	if (e == len || !line_is(data + at, e - at, fe->open))
		return false;
	*start = next;
	for (at = next; at < len; at = next) {
		e = line_end(data, len, at, &next);
		for (size_t c = 0; c < 2; c++) {
			if (line_is(data + at, e - at, fe->close[c])) {
				*end = at;
				*body = next;
				return true;
			}
		}
	}
	return false;
}

/* ---- YAML ---------------------------------------------------------------- */

/* Metadata lies at depth 1 or 2; a walk stops deeper than this. */
#define YAML_DEPTH_MAX 32

/* Where a walk over the events stands: depth 1 is inside the top mapping,
 * where keys and values alternate. */
struct walk {
	int depth;
	bool root_seen, is_mapping;
	bool want_key; /* at depth 1: the next node is a key */
	bool node_key; /* the depth-1 node now open was a key */
	int field;     /* the field the last key named, or -1 */
	int seq_field; /* the field whose sequence is open at depth 2, or -1 */
};

static void
walk_scalar(struct walk *w, struct front_matter *fm, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;

	if (w->depth == 1) {
		if (w->want_key)
			w->field = field_of(s, n);
		else
			set_value(fm, w->field, s, n);
		w->want_key = !w->want_key;
	} else if (w->depth == 2 && w->seq_field >= 0) {
		set_value(fm, w->seq_field, s, n);
		w->seq_field = -1;
	}
}

static void
walk_start(struct walk *w, bool sequence)
{
	if (w->depth == 1) {
		w->node_key = w->want_key;
		w->seq_field =
		    (!w->want_key && sequence && w->field == FRONT_AUTHOR) ? w->field : -1;
	}
	w->depth++;
}

static void
walk_end(struct walk *w)
{
	w->depth--;
	if (w->depth == 1) {
		w->want_key = !w->node_key;
		w->field = -1;
		w->seq_field = -1;
	}
}

/* Handlers of the events that matter, each false when the walk is over. */
static bool
on_start(struct walk *w, struct front_matter *fm, const yaml_event_t *ev)
{
	bool sequence = ev->type == YAML_SEQUENCE_START_EVENT;

	(void)fm;
	if (w->depth == 0) {
		w->root_seen = true;
		w->is_mapping = !sequence;
		if (sequence)
			return false;
	}
	walk_start(w, sequence);
	return w->depth <= YAML_DEPTH_MAX;
}

static bool
on_end(struct walk *w, struct front_matter *fm, const yaml_event_t *ev)
{
	(void)fm;
	(void)ev;
	walk_end(w);
	return w->depth > 0;
}

static bool
on_scalar(struct walk *w, struct front_matter *fm, const yaml_event_t *ev)
{
	if (w->depth == 0) {
		w->root_seen = true;
		return false;
	}
	walk_scalar(w, fm, ev);
	return true;
}

/* An alias stands for nothing here: never expanded, its value ignored. */
static bool
on_alias(struct walk *w, struct front_matter *fm, const yaml_event_t *ev)
{
	(void)fm;
	(void)ev;
	if (w->depth == 0) {
		w->root_seen = true;
		return false;
	}
	if (w->depth == 1) {
		w->field = -1;
		w->want_key = !w->want_key;
	}
	return true;
}

static bool
on_done(struct walk *w, struct front_matter *fm, const yaml_event_t *ev)
{
	(void)w;
	(void)fm;
	(void)ev;
	return false;
}

static bool (*const on_event[])(struct walk *, struct front_matter *, const yaml_event_t *) = {
	[YAML_MAPPING_START_EVENT] = on_start,
	[YAML_SEQUENCE_START_EVENT] = on_start,
	[YAML_MAPPING_END_EVENT] = on_end,
	[YAML_SEQUENCE_END_EVENT] = on_end,
	[YAML_SCALAR_EVENT] = on_scalar,
	[YAML_ALIAS_EVENT] = on_alias,
	[YAML_DOCUMENT_END_EVENT] = on_done,
	[YAML_STREAM_END_EVENT] = on_done,
};

/* Feeds one event to the walk; false when the walk is over. */
static bool
walk_event(struct walk *w, struct front_matter *fm, const yaml_event_t *ev)
{
	size_t t = (size_t)ev->type;

	if (t >= sizeof on_event / sizeof on_event[0] || !on_event[t])
		return true;
	return on_event[t](w, fm, ev);
}

/* Reads the YAML in s[0..n): whether it is a mapping (or empty). */
static bool
read_yaml(const char *s, size_t n, struct front_matter *fm)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct walk w = { .want_key = true, .field = -1, .seq_field = -1 };
	bool more = true;

	if (libyaml_load(NULL) != 0 || !libyaml.yaml_parser_initialize(&p))
		return false;
	libyaml.yaml_parser_set_input_string(&p, (const unsigned char *)s, n);
	while (more && libyaml.yaml_parser_parse(&p, &ev)) {
		more = walk_event(&w, fm, &ev);
		libyaml.yaml_event_delete(&ev);
	}
	libyaml.yaml_parser_delete(&p);
	return !w.root_seen || w.is_mapping;
}

/* ---- TOML ---------------------------------------------------------------- */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool
is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '-';
}

/* The code point of the k hex digits at s, or -1. */
static long
hex_escape(const char *s, size_t k)
{
	long v = 0;

	for (size_t i = 0; i < k; i++) {
		int h = text_hex_digit(s[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return -1;
	return v;
}

/* One escape of a basic string at s[i..e) (s[i] is the char after the
 * backslash) appended to out; the bytes it took, or 0 when it is bad. */
static size_t
toml_escape(const char *s, size_t i, size_t e, char *out, size_t *o)
{
	static const char simple[][2] = { { 'b', '\b' }, { 't', '\t' }, { 'n', '\n' },
		{ 'f', '\f' }, { 'r', '\r' }, { '"', '"' }, { '\\', '\\' } };

	for (size_t k = 0; k < sizeof simple / sizeof simple[0]; k++) {
		if (s[i] == simple[k][0]) {
			out[(*o)++] = simple[k][1];
			return 1;
		}
	}
	size_t digits = s[i] == 'u' ? 4 : s[i] == 'U' ? 8 : 0;
	if (digits == 0 || e - i - 1 < digits)
		return 0;
	long cp = hex_escape(s + i + 1, digits);
	if (cp < 0)
		return 0;
	*o += text_encode((uint32_t)cp, out + *o);
	return 1 + digits;
}

/* The string at s[i..e) (s[i] is its quote) decoded into a malloc'd
 * buffer (length in *n), with *after the offset past its closing quote;
 * NULL when it is not a well-formed one-line string. */
static char *
toml_string(const char *s, size_t i, size_t e, size_t *n, size_t *after)
{
	char q = s[i];
	char *out = xmalloc(e - i + 1);
	size_t o = 0;

	for (i++; i < e && s[i] != q; i++) {
		if (q == '"' && s[i] == '\\') {
			size_t k = i + 1 < e ? toml_escape(s, i + 1, e, out, &o) : 0;
			if (k == 0)
				break;
			i += k;
		} else {
			out[o++] = s[i];
		}
	}
	if (i >= e || s[i] != q) {
		free(out);
		return NULL;
	}
	out[o] = '\0';
	*n = o;
	*after = i + 1;
	return out;
}

/* Whether only blanks and a comment follow s[i..e). */
static bool
rest_is_empty(const char *s, size_t i, size_t e)
{
	while (i < e && is_blank(s[i]))
		i++;
	return i == e || s[i] == '#';
}

/* The value of field f at s[i..e): a string, the first string of an array,
 * or (for the date only) a bare value up to a comment. */
static void
toml_value(struct front_matter *fm, int f, const char *s, size_t i, size_t e)
{
	size_t n, after;
	char *v;

	if (s[i] == '[') {
		for (i++; i < e && is_blank(s[i]); i++)
			;
		if (i == e || (s[i] != '"' && s[i] != '\''))
			return;
		v = toml_string(s, i, e, &n, &after);
	} else if (s[i] == '"' || s[i] == '\'') {
		v = toml_string(s, i, e, &n, &after);
		if (v && !rest_is_empty(s, after, e)) {
			free(v);
			v = NULL;
		}
	} else if (f == FRONT_DATE) {
		size_t j = i;
		while (j < e && s[j] != '#')
			j++;
		while (j > i && is_blank(s[j - 1]))
			j--;
		set_value(fm, f, s + i, j - i);
		return;
	} else {
		return;
	}
	if (v)
		set_value(fm, f, v, n);
	free(v);
}

/* One line s[i..e) of TOML; false at a table header, where the top-level
 * keys end. */
static bool
toml_line(struct front_matter *fm, const char *s, size_t i, size_t e)
{
	while (i < e && is_blank(s[i]))
		i++;
	if (i == e || s[i] == '#')
		return true;
	if (s[i] == '[')
		return false;
	size_t k = i;
	while (i < e && is_key_char(s[i]))
		i++;
	int f = field_of(s + k, i - k);
	while (i < e && is_blank(s[i]))
		i++;
	if (f < 0 || i == e || s[i] != '=')
		return true;
	for (i++; i < e && is_blank(s[i]); i++)
		;
	if (i < e)
		toml_value(fm, f, s, i, e);
	return true;
}

static void
read_toml(const char *s, size_t n, struct front_matter *fm)
{
	size_t next;

	for (size_t at = 0; at < n; at = next) {
		size_t e = line_end(s, n, at, &next);
		if (!toml_line(fm, s, at, e))
			break;
	}
}

/* ---- both ---------------------------------------------------------------- */

bool
front_matter_read(const char *data, size_t len, struct front_matter *fm)
{
	size_t start, end, body;

	memset(fm, 0, sizeof *fm);
	if (find_block(data, len, SYN_YAML, &start, &end, &body)) {
		if (!read_yaml(data + start, end - start, fm)) {
			front_matter_free(fm);
			return false;
		}
	} else if (find_block(data, len, SYN_TOML, &start, &end, &body)) {
		read_toml(data + start, end - start, fm);
	} else {
		return false;
	}
	fm->body = body;
	return true;
}

void
front_matter_free(struct front_matter *fm)
{
	for (int f = 0; f < FRONT_NFIELDS; f++) {
		free(fm->value[f]);
		fm->value[f] = NULL;
		fm->len[f] = 0;
	}
	fm->body = 0;
}

char *
front_matter_title(const char *head, size_t len)
{
	struct front_matter fm;
	char *t = NULL;

	if (front_matter_read(head, len, &fm)) {
		t = fm.value[FRONT_TITLE];
		fm.value[FRONT_TITLE] = NULL;
	}
	front_matter_free(&fm);
	return t;
}
