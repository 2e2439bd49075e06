#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "action.h"
#include "article.h"
#include "cfgfile.h"
#include "keymap.h"
#include "keys.h"
#include "msg.h"
#include "options.h"
#include "xmalloc.h"

/* A number literal too big for 64 bits, which libconfig clamps. */
struct big_literal {
	unsigned line;
	char *name; /* the setting name written before it */
	char *text; /* as written */
};

/* Where a list or array opens, with the line of each of its elements:
 * libconfig dates a scalar element by the token after it, which may be on
 * a later line. */
struct list_lines {
	unsigned line; /* of the setting name before it */
	char *name;
	unsigned *lines;
	size_t n, cap;
};

/* A key bound by this file, to catch the same key bound twice. */
struct seen_key {
	enum context ctx;
	int key;
	unsigned line;
};

/* How much outside text a message quotes: a value, or a line with a
 * syntax error, of up to QUOTE_MAX characters whole; a longer value, its
 * first QUOTE_MAX characters; a longer line, QUOTE_BEFORE characters
 * before the point libconfig stopped at and QUOTE_AFTER from it.  An
 * ellipsis stands for the rest. */
#define QUOTE_MAX 60
#define QUOTE_BEFORE 36
#define QUOTE_AFTER 24

struct loader {
	const char *file; /* as given: msg makes messages safe */
	FILE *err;
	int errors;
	struct options *o;
	struct big_literal *big;
	size_t nbig, capbig;
	struct seen_key *seen;
	size_t nseen, capseen;
	struct list_lines *lists;
	size_t nlists, caplists;
	size_t *added; /* offsets in the prepared text of the L's prepare added */
	size_t nadded, capadded;
	size_t bom;             /* bytes of byte order mark prepare skipped */
	unsigned end_line;      /* the line of the end of the file */
	unsigned unclosed_line; /* of the innermost bracket left open, or 0 */
	char unclosed;          /* that bracket */
};

static const char *const type_names[] = {
	[CONFIG_TYPE_NONE] = "nothing",
	[CONFIG_TYPE_GROUP] = "a group",
	[CONFIG_TYPE_INT] = "an integer",
	[CONFIG_TYPE_INT64] = "an integer",
	[CONFIG_TYPE_FLOAT] = "a float",
	[CONFIG_TYPE_STRING] = "a string",
	[CONFIG_TYPE_BOOL] = "a boolean",
	[CONFIG_TYPE_ARRAY] = "an array",
	[CONFIG_TYPE_LIST] = "a list",
};

static const char *
type_name(const config_setting_t *s)
{
	int t = config_setting_type(s);

	return t >= 0 && (size_t)t < sizeof type_names / sizeof type_names[0] ? type_names[t]
									      : "something else";
}

static void report(struct loader *ld, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prints "FILE:LINE: message" and counts it; past CFGFILE_MAX_MESSAGES it
 * only counts, and cfgfile_load_text says how many more there were. */
static void
report(struct loader *ld, unsigned line, const char *fmt, ...)
{
	va_list ap;
	char *text;

	if (ld->errors++ >= CFGFILE_MAX_MESSAGES)
		return;
	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	msg_line(ld->err, "%s:%u: %s", ld->file, line, text);
	free(text);
}

static bool
continuation(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* The offset of the character after the one at i in s[0..n): a byte and
 * at most three continuation bytes, so bad UTF-8 cannot stretch it. */
static size_t
char_next(const char *s, size_t n, size_t i)
{
	size_t k = 0;

	for (i++; i < n && k < 3 && continuation(s[i]); k++)
		i++;
	return i;
}

/* The offset of the character before offset i > 0 of s. */
static size_t
char_prev(const char *s, size_t i)
{
	size_t k = 0;

	for (i--; i > 0 && k < 3 && continuation(s[i]); k++)
		i--;
	return i;
}

/* Safe text of s[0..n) from before characters before offset at to after
 * characters from it, an ellipsis standing for what is left out on either
 * side.  The caller frees the result. */
static char *
quote(const char *s, size_t n, size_t at, size_t before, size_t after)
{
	size_t from, to;
	char *safe, *q;

	for (size_t k = 0; at > 0 && at < n && k < 3 && continuation(s[at]); k++)
		at--;
	from = to = at;
	for (size_t k = 0; k < before && from > 0; k++)
		from = char_prev(s, from);
	for (size_t k = 0; k < after && to < n; k++)
		to = char_next(s, n, to);
	safe = article_safe_line(s + from, to - from);
	q = xasprintf("%s%s%s", from > 0 ? "\xE2\x80\xA6" : "", safe, to < n ? "\xE2\x80\xA6" : "");
	free(safe);
	return q;
}

/* A value (a string, a name, a number as written) as a message quotes it. */
static char *
quote_value(const char *s)
{
	return quote(s, strlen(s), 0, 0, QUOTE_MAX);
}

static unsigned
line_of(const config_setting_t *s)
{
	return config_setting_source_line(s);
}

/* The line of element i of list setting l, as written. */
static unsigned
element_line(const struct loader *ld, const config_setting_t *l, unsigned i)
{
	const char *name = config_setting_name(l);

	for (size_t k = 0; name != NULL && k < ld->nlists; k++)
		if (ld->lists[k].line == line_of(l) && strcmp(ld->lists[k].name, name) == 0 &&
		    i < ld->lists[k].n)
			return ld->lists[k].lines[i];
	return line_of(config_setting_get_elem(l, i));
}

/* ---- suggestions ------------------------------------------------------- */

/* The optimal string alignment distance: edits, counting a swap of two
 * neighbours as one.  Beyond limit, any number above limit is returned. */
static size_t
distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b), w = lb + 1, d;
	size_t *m;

	/* It is at least the difference of the lengths. */
	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	m = xcalloc((la + 1) * w, sizeof *m);

	for (size_t i = 0; i <= la; i++)
		m[i * w] = i;
	for (size_t j = 0; j <= lb; j++)
		m[j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = m[(i - 1) * w + j - 1] + cost;

			if (m[(i - 1) * w + j] + 1 < best)
				best = m[(i - 1) * w + j] + 1;
			if (m[i * w + j - 1] + 1 < best)
				best = m[i * w + j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    m[(i - 2) * w + j - 2] + 1 < best)
				best = m[(i - 2) * w + j - 2] + 1;
			m[i * w + j] = best;
		}
	d = m[la * w + lb];
	free(m);
	return d;
}

/* How many edits still look like a typo of a word this long. */
static size_t
tolerance(size_t len)
{
	if (len <= 3)
		return 1;
	return len / 3 > 2 ? len / 3 : 2;
}

static const char *
leaf_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot != NULL ? dot + 1 : path;
}

/* A candidate for a misspelt setting path; the best is kept in *best. */
static void
consider_path(const char *path, const char *cand, size_t *best_d, const char **best)
{
	const char *leaf = leaf_of(path), *cleaf = leaf_of(cand);
	size_t limit = tolerance(strlen(leaf));
	size_t d = distance(path, cand, limit);
	size_t dl = distance(leaf, cleaf, limit);

	/* The right name in the wrong group costs one edit. */
	if (leaf - path != cleaf - cand || strncmp(path, cand, (size_t)(leaf - path)) != 0)
		dl++;
	if (dl < d)
		d = dl;
	if (d <= limit && d < *best_d) {
		*best_d = d;
		*best = cand;
	}
}

/* The valid setting path nearest to path, or NULL; the result lives in
 * *buf (freed by the caller) or in the option table. */
static const char *
suggest_setting(const char *path, char **buf)
{
	static const char *const style_fields[] = { "fg", "bg", "attrs", "mono" };
	size_t best_d = SIZE_MAX;
	const char *best = NULL;
	char *owned = NULL;

	*buf = NULL;
	for (size_t i = 0; i < option_count; i++) {
		const char *p = option_table[i].path, *dot = strchr(p, '.');

		consider_path(path, p, &best_d, &best);
		if (dot != NULL) {
			char *group = xstrndup(p, (size_t)(dot - p));
			const char *before = best;

			consider_path(path, group, &best_d, &best);
			if (best != before) {
				free(owned);
				owned = group;
				best = owned;
			} else
				free(group);
		}
		if (option_table[i].type != OPTION_STYLE)
			continue;
		for (size_t f = 0; f < sizeof style_fields / sizeof style_fields[0]; f++) {
			char *full = xasprintf("%s.%s", p, style_fields[f]);
			const char *before = best;

			consider_path(path, full, &best_d, &best);
			if (best != before) {
				free(owned);
				owned = full;
				best = owned;
			} else
				free(full);
		}
	}
	*buf = owned;
	return best;
}

/* The name in names (NULL-terminated) nearest to word, or NULL. */
static const char *
suggest_word(const char *word, const char *const *names)
{
	size_t best_d = SIZE_MAX;
	const char *best = NULL;

	for (size_t i = 0; names[i] != NULL; i++) {
		size_t d = distance(word, names[i], tolerance(strlen(word)));

		if (d <= tolerance(strlen(word)) && d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best;
}

/* Reports a value that names nothing: with the nearest name when there is
 * one, else with the list of names when list is true.  extra follows the
 * list ("or a number 0 to 255"). */
static void
bad_name(struct loader *ld, unsigned line, const char *path, const char *what, const char *value,
    const char *const *names, bool list, const char *extra)
{
	char *safe = quote_value(value);
	const char *near = suggest_word(value, names);
	char *choices = NULL;
	size_t len = 0;
	FILE *f;

	if (near != NULL) {
		report(ld, line, "%s: unknown %s '%s'; did you mean %s?", path, what, safe, near);
		free(safe);
		return;
	}
	if (!list) {
		report(ld, line, "%s: unknown %s '%s'", path, what, safe);
		free(safe);
		return;
	}
	if ((f = open_memstream(&choices, &len)) == NULL)
		fatal("out of memory");
	for (size_t i = 0; names[i] != NULL; i++)
		fprintf(f, "%s%s", i > 0 ? ", " : "", names[i]);
	if (extra != NULL)
		fprintf(f, ", %s", extra);
	if (fclose(f) != 0)
		fatal("out of memory");
	report(ld, line, "%s: unknown %s '%s' (one of: %s)", path, what, safe, choices);
	free(choices);
	free(safe);
}

static void
unknown_setting(struct loader *ld, const config_setting_t *s, const char *path)
{
	char *buf, *safe = quote_value(path);
	const char *near = suggest_setting(path, &buf);

	if (near != NULL)
		report(ld, line_of(s), "%s: unknown setting; did you mean %s?", safe, near);
	else
		report(ld, line_of(s), "%s: unknown setting", safe);
	free(buf);
	free(safe);
}

static void
wrong_type_at(struct loader *ld, unsigned line, const config_setting_t *s, const char *path,
    const char *expected)
{
	report(ld, line, "%s: expected %s, found %s", path, expected, type_name(s));
}

static void
wrong_type(struct loader *ld, const config_setting_t *s, const char *path, const char *expected)
{
	wrong_type_at(ld, line_of(s), s, path, expected);
}

/* ---- integers ----------------------------------------------------------- */

static bool
is_integer(const config_setting_t *s)
{
	return config_setting_type(s) == CONFIG_TYPE_INT ||
	    config_setting_type(s) == CONFIG_TYPE_INT64;
}

/* Checks an integer setting against [min, max]; true when it is within. */
static bool
check_range(struct loader *ld, const config_setting_t *s, const char *path, long long min,
    long long max, long long *value)
{
	const char *name = config_setting_name(s);
	long long v = config_setting_get_int64(s);

	for (size_t i = 0; name != NULL && i < ld->nbig; i++)
		if (ld->big[i].line == line_of(s) && strcmp(ld->big[i].name, name) == 0) {
			char *text = quote_value(ld->big[i].text);

			report(ld, line_of(s), "%s: %s is out of range (%lld to %lld)", path, text,
			    min, max);
			free(text);
			return false;
		}
	if (v < min || v > max) {
		report(
		    ld, line_of(s), "%s: %lld is out of range (%lld to %lld)", path, v, min, max);
		return false;
	}
	*value = v;
	return true;
}

/* ---- one loader per type of setting ------------------------------------ */

static void
load_bool(struct loader *ld, const struct option_def *d, const config_setting_t *s)
{
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		wrong_type(ld, s, d->path, "true or false");
		return;
	}
	*(bool *)((char *)ld->o + d->offset) = config_setting_get_bool(s) != 0;
}

static void
load_int(struct loader *ld, const struct option_def *d, const config_setting_t *s)
{
	long long v;

	if (!is_integer(s)) {
		wrong_type(ld, s, d->path, "an integer");
		return;
	}
	if (check_range(ld, s, d->path, d->min, d->max, &v))
		*(int *)((char *)ld->o + d->offset) = (int)v;
}

static void
load_choice(struct loader *ld, const struct option_def *d, const config_setting_t *s)
{
	const char *v;

	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		wrong_type(ld, s, d->path, "a string");
		return;
	}
	v = config_setting_get_string(s);
	for (int c = 0; d->choices[c] != NULL; c++)
		if (strcmp(d->choices[c], v) == 0) {
			*(int *)((char *)ld->o + d->offset) = c;
			return;
		}
	bad_name(ld, line_of(s), d->path, "value", v, d->choices, true, NULL);
}

static bool
is_sequence(const config_setting_t *s)
{
	return config_setting_type(s) == CONFIG_TYPE_ARRAY ||
	    config_setting_type(s) == CONFIG_TYPE_LIST;
}

static void
load_paths(struct loader *ld, const struct option_def *d, const config_setting_t *s)
{
	struct strlist *l = (struct strlist *)((char *)ld->o + d->offset);
	struct strlist fresh = { 0 };
	int errors = ld->errors;

	if (!is_sequence(s)) {
		wrong_type(ld, s, d->path, "a list of strings");
		return;
	}
	for (int i = 0; i < config_setting_length(s); i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		char *path = xasprintf("%s[%d]", d->path, i);

		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			wrong_type_at(ld, element_line(ld, s, (unsigned)i), e, path, "a string");
		else if (*config_setting_get_string(e) == '\0')
			report(ld, element_line(ld, s, (unsigned)i), "%s: empty %s", path,
			    d->type == OPTION_PATHS ? "path" : "string");
		else
			strlist_add(&fresh, config_setting_get_string(e));
		free(path);
	}
	if (ld->errors != errors) {
		strlist_free(&fresh);
		return;
	}
	strlist_free(l);
	*l = fresh;
}

/* A string; one its check refuses is reported on its own line, without
 * counting as an error, and leaves the setting as it was (the default, or
 * what an earlier file set), so a bad format never keeps folio from
 * starting. */
static void
load_string(struct loader *ld, const struct option_def *d, const config_setting_t *s)
{
	char **v = (char **)((char *)ld->o + d->offset);
	const char *text;
	char *why = NULL;

	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		wrong_type(ld, s, d->path, "a string");
		return;
	}
	text = config_setting_get_string(s);
	if (d->check != NULL && !d->check(text, &why)) {
		msg_line(ld->err, "%s:%u: %s: %s; the default is used", ld->file, line_of(s),
		    d->path, why);
		free(why);
		return;
	}
	free(*v);
	*v = xstrdup(text);
}

/* The canonical names of the named keys, for suggestions. */
static char **
key_names(void)
{
	static const int plain[] = { ' ', KEY_ENTER_CODE, '\t', KEY_ESC_CODE };
	size_t n = (size_t)(FK_AFTER_LAST - FK_BEFORE_FIRST - 1) + 4, k = 0;
	char **names = xcalloc(n + 1, sizeof *names);
	char buf[KEY_NAME_MAX];

	for (int key = FK_BEFORE_FIRST + 1; key < FK_AFTER_LAST; key++)
		names[k++] = xstrdup(keys_name(key, buf));
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		names[k++] = xstrdup(keys_name(plain[i], buf));
	return names;
}

static void
free_names(char **names)
{
	for (size_t i = 0; names[i] != NULL; i++)
		free(names[i]);
	free(names);
}

static const char *const binding_fields[] = { "context", "key", "action", NULL };

/* The string field name of binding b, or NULL (reported when not a
 * string). */
static const char *
binding_string(struct loader *ld, const config_setting_t *b, const char *path, const char *name)
{
	config_setting_t *f = config_setting_get_member(b, name);
	char *fpath;

	if (f == NULL)
		return NULL;
	if (config_setting_type(f) == CONFIG_TYPE_STRING)
		return config_setting_get_string(f);
	fpath = xasprintf("%s.%s", path, name);
	wrong_type(ld, f, fpath, "a string");
	free(fpath);
	return NULL;
}

/* Checks one { context, key, action } group and binds it. */
static void
load_binding(struct loader *ld, const config_setting_t *b, const char *path)
{
	const char *cname, *kname, *aname;
	int errors = ld->errors, ctx = CTX_GLOBAL, key = FK_NONE, action = ACT_NONE;

	for (int i = 0; i < config_setting_length(b); i++) {
		const config_setting_t *f = config_setting_get_elem(b, (unsigned)i);
		const char *name = config_setting_name(f);
		bool known = false;

		for (size_t k = 0; binding_fields[k] != NULL; k++)
			known = known || strcmp(name, binding_fields[k]) == 0;
		if (!known) {
			const char *near = suggest_word(name, binding_fields);
			char *safe = quote_value(name);

			if (near != NULL)
				report(ld, line_of(f),
				    "%s.%s: unknown setting; did you mean %s.%s?", path, safe, path,
				    near);
			else
				report(ld, line_of(f),
				    "%s.%s: unknown setting (a binding has "
				    "context, key and action)",
				    path, safe);
			free(safe);
		}
	}
	cname = binding_string(ld, b, path, "context");
	kname = binding_string(ld, b, path, "key");
	aname = binding_string(ld, b, path, "action");
	if (config_setting_get_member(b, "key") == NULL)
		report(ld, line_of(b), "%s: missing key", path);
	if (config_setting_get_member(b, "action") == NULL)
		report(ld, line_of(b), "%s: missing action", path);
	if (cname != NULL && (ctx = context_lookup(cname)) < 0) {
		static const char *const contexts[] = {
#define CONTEXT_NAME(id, name) name,
			CONTEXTS(CONTEXT_NAME)
#undef CONTEXT_NAME
			    NULL
		};
		char *fpath = xasprintf("%s.context", path);

		bad_name(ld, line_of(config_setting_get_member(b, "context")), fpath, "context",
		    cname, contexts, true, NULL);
		free(fpath);
	}
	if (kname != NULL && (key = keys_parse(kname)) == FK_NONE) {
		char **names = key_names();
		char *fpath = xasprintf("%s.key", path);

		bad_name(ld, line_of(config_setting_get_member(b, "key")), fpath, "key name", kname,
		    (const char *const *)names, false, NULL);
		free(fpath);
		free_names(names);
	}
	if (aname != NULL && (action = action_lookup(aname)) < 0) {
		const char *names[ACT_COUNT + 1];
		char *fpath = xasprintf("%s.action", path);

		for (int a = 0; a < ACT_COUNT; a++)
			names[a] = action_name((enum action)a);
		names[ACT_COUNT] = NULL;
		bad_name(ld, line_of(config_setting_get_member(b, "action")), fpath, "action",
		    aname, names, false, NULL);
		free(fpath);
	}
	if (ld->errors != errors)
		return;
	for (size_t i = 0; i < ld->nseen; i++)
		if (ld->seen[i].ctx == (enum context)ctx && ld->seen[i].key == key) {
			char name[KEY_NAME_MAX];

			report(ld, line_of(b),
			    "%s: %s is bound twice in the %s context "
			    "(first on line %u)",
			    path, keys_name(key, name), context_name((enum context)ctx),
			    ld->seen[i].line);
			return;
		}
	xgrow((void **)&ld->seen, &ld->capseen, ld->nseen + 1, sizeof *ld->seen);
	ld->seen[ld->nseen++] = (struct seen_key){ (enum context)ctx, key, line_of(b) };
	keymap_bind(ld->o->keymap, (enum context)ctx, key, (enum action)action);
}

static void
load_keys(struct loader *ld, const struct option_def *d, const config_setting_t *s)
{
	if (config_setting_type(s) != CONFIG_TYPE_LIST &&
	    !(config_setting_type(s) == CONFIG_TYPE_ARRAY && config_setting_length(s) == 0)) {
		wrong_type(ld, s, d->path, "a list of groups");
		return;
	}
	for (int i = 0; i < config_setting_length(s); i++) {
		const config_setting_t *b = config_setting_get_elem(s, (unsigned)i);
		char *path = xasprintf("%s[%d]", d->path, i);

		if (config_setting_type(b) != CONFIG_TYPE_GROUP)
			wrong_type_at(ld, element_line(ld, s, (unsigned)i), b, path, "a group");
		else
			load_binding(ld, b, path);
		free(path);
	}
}

static void
load_color(struct loader *ld, const config_setting_t *s, const char *path, short *out)
{
	long long v;

	if (is_integer(s)) {
		if (check_range(ld, s, path, 0, RC_MAX, &v))
			*out = (short)v;
	} else if (config_setting_type(s) == CONFIG_TYPE_STRING) {
		const char *name = config_setting_get_string(s);
		int c = options_color_lookup(name);
		static const char *const names[] = {
#define COLOR_NAME(id, name) name,
			ROLE_COLORS(COLOR_NAME)
#undef COLOR_NAME
			    "default",
			NULL
		};

		if (c == -2)
			bad_name(ld, line_of(s), path, "colour", name, names, true,
			    "or a number 0 to 255");
		else
			*out = (short)c;
	} else
		wrong_type(ld, s, path, "a colour name or a number 0 to 255");
}

/* Adds the attributes named in s (comma or blank separated) to *attrs. */
static void
add_attrs(struct loader *ld, unsigned line, const char *path, const char *text, unsigned *attrs)
{
	static const char *const names[] = {
#define ATTR_NAME(id, name) name,
		ROLE_ATTRS(ATTR_NAME)
#undef ATTR_NAME
		    "normal",
		NULL
	};
	const char *p = text;

	while (*p != '\0') {
		size_t n;
		char *word;
		int bit;

		p += strspn(p, ", \t\n");
		n = strcspn(p, ", \t\n");
		if (n == 0)
			break;
		word = xstrndup(p, n);
		if ((bit = options_attr_lookup(word)) < 0)
			bad_name(ld, line, path, "attribute", word, names, true, NULL);
		else
			*attrs |= (unsigned)bit;
		free(word);
		p += n;
	}
}

static void
load_attrs(struct loader *ld, const config_setting_t *s, const char *path, unsigned *out)
{
	int errors = ld->errors;
	unsigned attrs = 0;

	if (config_setting_type(s) == CONFIG_TYPE_STRING) {
		add_attrs(ld, line_of(s), path, config_setting_get_string(s), &attrs);
	} else if (is_sequence(s)) {
		for (int i = 0; i < config_setting_length(s); i++) {
			const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
			char *epath = xasprintf("%s[%d]", path, i);
			unsigned line = element_line(ld, s, (unsigned)i);

			if (config_setting_type(e) != CONFIG_TYPE_STRING)
				wrong_type_at(ld, line, e, epath, "a string");
			else
				add_attrs(ld, line, epath, config_setting_get_string(e), &attrs);
			free(epath);
		}
	} else
		wrong_type(ld, s, path, "a string or a list of strings");
	if (ld->errors == errors)
		*out = attrs;
}

static void
load_style(struct loader *ld, const struct option_def *d, const config_setting_t *s)
{
	struct role_style *st = (struct role_style *)((char *)ld->o + d->offset);

	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		wrong_type(ld, s, d->path, "a group");
		return;
	}
	for (int i = 0; i < config_setting_length(s); i++) {
		const config_setting_t *f = config_setting_get_elem(s, (unsigned)i);
		const char *name = config_setting_name(f);
		char *path = xasprintf("%s.%s", d->path, name);

		if (strcmp(name, "fg") == 0)
			load_color(ld, f, path, &st->fg);
		else if (strcmp(name, "bg") == 0)
			load_color(ld, f, path, &st->bg);
		else if (strcmp(name, "attrs") == 0)
			load_attrs(ld, f, path, &st->attrs);
		else if (strcmp(name, "mono") == 0)
			load_attrs(ld, f, path, &st->mono);
		else
			unknown_setting(ld, f, path);
		free(path);
	}
}

static void (*const loaders[])(
    struct loader *, const struct option_def *, const config_setting_t *) = {
	[OPTION_BOOL] = load_bool,
	[OPTION_INT] = load_int,
	[OPTION_CHOICE] = load_choice,
	[OPTION_PATHS] = load_paths,
	[OPTION_STRINGS] = load_paths,
	[OPTION_STRING] = load_string,
	[OPTION_KEYS] = load_keys,
	[OPTION_STYLE] = load_style,
};

/* True when path names a group of settings ("layout"). */
static bool
is_group_path(const char *path)
{
	size_t len = strlen(path);

	for (size_t i = 0; i < option_count; i++)
		if (strncmp(option_table[i].path, path, len) == 0 &&
		    option_table[i].path[len] == '.')
			return true;
	return false;
}

static void
load_group(struct loader *ld, const config_setting_t *g, const char *prefix)
{
	for (int i = 0; i < config_setting_length(g); i++) {
		const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		char *path = prefix != NULL ? xasprintf("%s.%s", prefix, name) : xstrdup(name);
		const struct option_def *d = options_find(path);

		if (d != NULL)
			loaders[d->type](ld, d, s);
		else if (!is_group_path(path))
			unknown_setting(ld, s, path);
		else if (config_setting_type(s) != CONFIG_TYPE_GROUP)
			wrong_type(ld, s, path, "a group");
		else
			load_group(ld, s, path);
		free(path);
	}
}

/* ---- the text before libconfig sees it --------------------------------- */

struct outbuf {
	char *s;
	size_t len, cap;
};

static void
out_put(struct outbuf *b, const char *s, size_t n)
{
	xgrow((void **)&b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static size_t
digits(const char *s, size_t i, size_t n, const char *set)
{
	size_t j = i;

	while (j < n && s[j] != '\0' && strchr(set, s[j]) != NULL)
		j++;
	return j - i;
}

#define DEC "0123456789"
#define HEX "0123456789abcdefABCDEF"

/* Length of an exponent [eE][-+]?[0-9]+ at s[i], or 0. */
static size_t
exponent(const char *s, size_t i, size_t n)
{
	size_t j = i, d;

	if (j >= n || (s[j] != 'e' && s[j] != 'E'))
		return 0;
	j++;
	if (j < n && (s[j] == '-' || s[j] == '+'))
		j++;
	d = digits(s, j, n, DEC);
	return d > 0 ? j + d - i : 0;
}

/* Length of the float token of libconfig 1.5 at s[i], or 0. */
static size_t
float_len(const char *s, size_t i, size_t n)
{
	size_t j = i, a = 0, b = 0, d;

	if (j < n && (s[j] == '-' || s[j] == '+'))
		j++;
	/* [0-9]* \. [0-9]* exponent? */
	d = digits(s, j, n, DEC);
	if (j + d < n && s[j + d] == '.') {
		size_t k = j + d + 1;

		k += digits(s, k, n, DEC);
		k += exponent(s, k, n);
		a = k - i;
	}
	/* [0-9]+ (\. [0-9]*)? exponent */
	if (d > 0) {
		size_t k = j + d, e;

		if (k < n && s[k] == '.')
			k += 1 + digits(s, k + 1, n, DEC);
		if ((e = exponent(s, k, n)) > 0)
			b = k + e - i;
	}
	return a > b ? a : b;
}

/* Length of the L or LL after an integer at s[i]. */
static size_t
long_suffix(const char *s, size_t i, size_t n)
{
	if (i < n && s[i] == 'L')
		return i + 1 < n && s[i + 1] == 'L' ? 2 : 1;
	return 0;
}

/* Records an integer literal at s[0..len) when 64 bits cannot hold it. */
static void
note_literal(
    struct loader *ld, const char *s, size_t len, unsigned line, const char *name, size_t name_len)
{
	char *text = xstrndup(s, len);
	bool hex = len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	bool big;

	errno = 0;
	if (hex) {
		unsigned long long v = strtoull(text, NULL, 16);

		big = errno == ERANGE || v > (unsigned long long)INT64_MAX;
	} else {
		long long v = strtoll(text, NULL, 10);

		big = errno == ERANGE && (v == LLONG_MAX || v == LLONG_MIN);
	}
	if (!big) {
		free(text);
		return;
	}
	xgrow((void **)&ld->big, &ld->capbig, ld->nbig + 1, sizeof *ld->big);
	ld->big[ld->nbig++] = (struct big_literal){ line, xstrndup(name, name_len), text };
}

/* An open bracket while scanning: a list (an index into ld->lists, where
 * the next element still needs its line when need is true) or a group. */
struct frame {
	long list; /* -1: a group */
	bool need;
	unsigned line;
	char bracket;
};

struct scanner {
	struct loader *ld;
	struct frame *stack;
	size_t depth, cap;
	const char *name; /* the last setting name seen */
	size_t name_len;
	unsigned name_line;
};

/* Notes that a token starts at line: the first token of a list element
 * gives the element its line. */
static void
note_token(struct scanner *sc, unsigned line)
{
	struct frame *f = sc->depth > 0 ? &sc->stack[sc->depth - 1] : NULL;
	struct list_lines *l;

	if (f == NULL || f->list < 0 || !f->need)
		return;
	l = &sc->ld->lists[f->list];
	xgrow((void **)&l->lines, &l->cap, l->n + 1, sizeof *l->lines);
	l->lines[l->n++] = line;
	f->need = false;
}

static void
push_frame(struct scanner *sc, char bracket, unsigned line)
{
	bool list = bracket != '{';
	struct loader *ld = sc->ld;
	long index = -1;

	if (list) {
		xgrow((void **)&ld->lists, &ld->caplists, ld->nlists + 1, sizeof *ld->lists);
		ld->lists[ld->nlists] = (struct list_lines){ .line = sc->name_line,
			.name = xstrndup(sc->name, sc->name_len) };
		index = (long)ld->nlists++;
	}
	xgrow((void **)&sc->stack, &sc->cap, sc->depth + 1, sizeof *sc->stack);
	sc->stack[sc->depth++] = (struct frame){ index, list, line, bracket };
}

/* Length of the number token of libconfig 1.5 at s[i] (the longest of its
 * float, integer and hex rules, as its scanner matches), and in *plain
 * whether it is an integer without an L. */
static size_t
number_len(const char *s, size_t i, size_t n, size_t *int_len, bool *plain)
{
	size_t sign = s[i] == '-' || s[i] == '+';
	size_t fl = float_len(s, i, n), il = 0, suffix = 0;

	if (s[i] != '.') {
		il = sign + digits(s, i + sign, n, DEC);
		if (!sign && s[i] == '0' && i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
		    digits(s, i + 2, n, HEX) > 0)
			il = 2 + digits(s, i + 2, n, HEX);
		suffix = long_suffix(s, i + il, n);
	}
	*int_len = il;
	*plain = fl <= il + suffix && suffix == 0;
	return fl > il + suffix ? fl : il + suffix;
}

/* Copies text for libconfig with an L after every plain integer literal:
 * libconfig 1.5 silently wraps plain literals to 32 bits (4294967297 reads
 * as 1), but reads 4294967297L right, so every integer then arrives as 64
 * bits and is checked against its range.  Comments and strings are copied
 * as they are.  On the way, notes the line of every list element and every
 * literal beyond 64 bits.  Returns NULL after reporting what libconfig
 * must not see or would report at the wrong line. */
static char *
prepare(struct loader *ld, const char *s, size_t n)
{
	struct scanner sc = { .ld = ld, .name = "" };
	struct outbuf b = { 0 };
	unsigned line = 1;

	out_put(&b, "", 0);
	/* libconfig does not skip a byte order mark. */
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
		ld->bom = 3;
	}
	for (size_t i = 0; i < n;) {
		char c = s[i];
		size_t j = i + 1;
		unsigned start = line;

		if (c == '\0') {
			report(ld, line, "the file holds a NUL byte");
			goto fail;
		}
		if (c == '\n') {
			line++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			/* blank */
		} else if (c == '#' || (c == '/' && i + 1 < n && s[i + 1] == '/')) {
			while (j < n && s[j] != '\n')
				j++;
		} else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
			for (j = i + 2; j < n && !(s[j] == '*' && j + 1 < n && s[j + 1] == '/');
			     j++)
				line += s[j] == '\n';
			if (j >= n) {
				report(ld, start, "unterminated comment");
				goto fail;
			}
			j += 2;
		} else if (c == '"') {
			note_token(&sc, line);
			for (; j < n && s[j] != '"'; j++) {
				if (s[j] == '\\' && j + 1 < n)
					j++;
				line += s[j] == '\n';
			}
			if (j >= n) {
				report(ld, start, "unterminated string");
				goto fail;
			}
			j++;
		} else if (c == '@' && n - i >= 8 && strncmp(s + i, "@include", 8) == 0) {
			report(ld, line,
			    "@include is not supported; keep the whole "
			    "configuration in one file");
			goto fail;
		} else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*') {
			note_token(&sc, line);
			j += digits(s, j, n,
			    "-_*0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
			sc.name = s + i;
			sc.name_len = j - i;
			sc.name_line = line;
		} else if ((c >= '0' && c <= '9') ||
		    ((c == '-' || c == '+' || c == '.') && i + 1 < n && s[i + 1] >= '0' &&
			s[i + 1] <= '9')) {
			size_t il;
			bool plain;

			note_token(&sc, line);
			j = i + number_len(s, i, n, &il, &plain);
			if (il > 0 && j == i + il + long_suffix(s, i + il, n))
				note_literal(ld, s + i, il, line, sc.name, sc.name_len);
			if (plain) {
				out_put(&b, s + i, j - i);
				xgrow((void **)&ld->added, &ld->capadded, ld->nadded + 1,
				    sizeof *ld->added);
				ld->added[ld->nadded++] = b.len;
				out_put(&b, "L", 1);
				i = j;
				continue;
			}
		} else if (c == '(' || c == '[' || c == '{') {
			note_token(&sc, line);
			push_frame(&sc, c, line);
		} else if (c == ')' || c == ']' || c == '}') {
			if (sc.depth > 0)
				sc.depth--;
		} else if (c == ',') {
			if (sc.depth > 0 && sc.stack[sc.depth - 1].list >= 0)
				sc.stack[sc.depth - 1].need = true;
		} else {
			note_token(&sc, line);
		}
		out_put(&b, s + i, j - i);
		i = j;
	}
	ld->end_line = line;
	if (sc.depth > 0) {
		ld->unclosed_line = sc.stack[sc.depth - 1].line;
		ld->unclosed = sc.stack[sc.depth - 1].bracket;
	}
	free(sc.stack);
	return b.s;
fail:
	free(sc.stack);
	free(b.s);
	return NULL;
}

/* ---- loading ------------------------------------------------------------ */

/* The offset of the start of line number line of s[0..n), or n. */
static size_t
line_start(const char *s, size_t n, int line)
{
	size_t p = 0;

	for (int l = 1; l < line && p < n; l++) {
		const char *nl = memchr(s + p, '\n', n - p);

		p = nl != NULL ? (size_t)(nl - s) + 1 : n;
	}
	return p;
}

/* Whether libconfig, reading only the first k bytes of the prepared text
 * (buf holds it, with two bytes to spare), fails on line: then the token
 * it stopped at is among them.  Otherwise it reads to the end or stops at
 * the line after, where the end of the prefix is. */
static bool
fails_within(char *buf, size_t k, int line)
{
	char saved[2] = { buf[k], buf[k + 1] };
	config_t cfg;
	bool fails;

	buf[k] = '\n';
	buf[k + 1] = '\0';
	config_init(&cfg);
	fails = config_read_string(&cfg, buf) != CONFIG_TRUE && config_error_line(&cfg) == line;
	config_destroy(&cfg);
	buf[k] = saved[0];
	buf[k + 1] = saved[1];
	return fails;
}

/* Where a prefix may end without cutting a token in two: before a blank
 * or a punctuation mark (a cut name or number could make an error of its
 * own, "0x" reading as 0 and a name x). */
static bool
cut_point(char c)
{
	return strchr(" \t\r;,=:()[]{}", c) != NULL;
}

/* The offset in the prepared text p[0..n) at which libconfig stopped with
 * its error on the line that starts at ls and ends at le, found by reading
 * ever closer prefixes (libconfig gives the line only); le when it cannot
 * be told. */
static size_t
error_offset(const char *p, size_t n, size_t ls, size_t le, int line)
{
	char *buf = xmalloc(n + 2);
	size_t lo = ls, hi = le;

	memcpy(buf, p, n + 1);
	buf[n + 1] = '\0';
	if (!fails_within(buf, le, line)) {
		free(buf);
		return le;
	}
	for (;;) {
		size_t mid = lo + (hi - lo) / 2, k = mid;

		while (k < hi && !cut_point(p[k]))
			k++;
		if (k == hi)
			for (k = mid; k > lo && !cut_point(p[k]);)
				k--;
		if (k <= lo)
			break;
		if (fails_within(buf, k, line))
			hi = k;
		else
			lo = k;
	}
	free(buf);
	return hi;
}

/* The offset in the file of offset at of the prepared text. */
static size_t
source_offset(const struct loader *ld, size_t at)
{
	size_t before = 0;

	while (before < ld->nadded && ld->added[before] < at)
		before++;
	return ld->bom + at - before;
}

/* Line number line of s[0..n), trimmed, as a syntax error quotes it: the
 * whole line when short, else the part around where libconfig stopped in
 * the prepared text p[0..pn).  NULL for a blank line or none. */
static char *
error_quote(const struct loader *ld, const char *s, size_t n, const char *p, size_t pn, int line)
{
	size_t b = line_start(s, n, line), e, at, ls, chars = 0;
	const char *nl;

	/* The byte order mark prepare skipped is no part of the line. */
	if (b == 0)
		b = ld->bom;
	if (b >= n)
		return NULL;
	nl = memchr(s + b, '\n', n - b);
	e = nl != NULL ? (size_t)(nl - s) : n;
	while (b < e && (s[b] == ' ' || s[b] == '\t'))
		b++;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
		e--;
	if (b == e)
		return NULL;
	for (size_t i = b; i < e && chars <= QUOTE_MAX; i = char_next(s, e, i))
		chars++;
	if (chars <= QUOTE_MAX)
		return article_safe_line(s + b, e - b);
	ls = line_start(p, pn, line);
	nl = memchr(p + ls, '\n', pn - ls);
	at = source_offset(ld, error_offset(p, pn, ls, nl != NULL ? (size_t)(nl - p) : pn, line));
	if (at < b)
		at = b;
	if (at > e)
		at = e;
	return quote(s + b, e - b, at - b, QUOTE_BEFORE, QUOTE_AFTER);
}

int
cfgfile_load_text(struct options *o, const char *text, size_t len, const char *name, FILE *err)
{
	struct options tmp;
	struct loader ld = { .err = err };
	char *prepared;
	config_t cfg;

	ld.file = name;
	prepared = prepare(&ld, text, len);
	if (prepared != NULL) {
		config_init(&cfg);
		if (config_read_string(&cfg, prepared) == CONFIG_TRUE) {
			options_copy(&tmp, o);
			ld.o = &tmp;
			load_group(&ld, config_root_setting(&cfg), NULL);
			if (ld.errors == 0) {
				options_free(o);
				*o = tmp;
			} else
				options_free(&tmp);
		} else if (ld.unclosed_line != 0 &&
		    (unsigned)config_error_line(&cfg) == ld.end_line) {
			/* libconfig only says "syntax error" at the end of the file. */
			report(&ld, ld.unclosed_line, "this '%c' is never closed", ld.unclosed);
		} else {
			char *where = error_quote(
			    &ld, text, len, prepared, strlen(prepared), config_error_line(&cfg));

			if (where != NULL)
				report(&ld, (unsigned)config_error_line(&cfg), "%s: '%s'",
				    config_error_text(&cfg), where);
			else
				report(&ld, (unsigned)config_error_line(&cfg), "%s",
				    config_error_text(&cfg));
			free(where);
		}
		config_destroy(&cfg);
		free(prepared);
	}
	for (size_t i = 0; i < ld.nbig; i++) {
		free(ld.big[i].name);
		free(ld.big[i].text);
	}
	free(ld.big);
	for (size_t i = 0; i < ld.nlists; i++) {
		free(ld.lists[i].name);
		free(ld.lists[i].lines);
	}
	free(ld.lists);
	free(ld.seen);
	free(ld.added);
	if (ld.errors > CFGFILE_MAX_MESSAGES)
		msg_line(err, "%s: ... and %d more error%s", name, ld.errors - CFGFILE_MAX_MESSAGES,
		    ld.errors - CFGFILE_MAX_MESSAGES > 1 ? "s" : "");
	return ld.errors;
}

/* Reads a whole regular file (or a character device such as /dev/null) of
 * at most CFGFILE_MAX_SIZE bytes; returns 0, or an errno value (EFBIG when
 * too big, EINVAL when neither kind of file). */
static int
read_file(const char *path, char **text, size_t *len)
{
	struct stat st;
	size_t cap = 4096, n = 0;
	char *buf;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), e;

	if (fd < 0)
		return errno;
	if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode) ||
	    !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode))) {
		e = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		close(fd);
		return e;
	}
	buf = xmalloc(cap);
	for (;;) {
		ssize_t r;

		if (n == cap) {
			if (cap > CFGFILE_MAX_SIZE) {
				free(buf);
				close(fd);
				return EFBIG;
			}
			buf = xreallocarray(buf, cap, 2);
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			free(buf);
			close(fd);
			return e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > CFGFILE_MAX_SIZE) {
		free(buf);
		return EFBIG;
	}
	*text = buf;
	*len = n;
	return 0;
}

int
cfgfile_load(struct options *o, const char *path, bool missing_ok, bool *found, FILE *err)
{
	char *text = NULL;
	size_t len = 0;
	int e = read_file(path, &text, &len), errors;

	if (found != NULL)
		*found = e == 0;
	if (e == ENOENT && missing_ok)
		return 0;
	if (e != 0) {
		if (e == EFBIG)
			msg_warn(err, "%s: too big for a configuration file (over %d bytes)", path,
			    CFGFILE_MAX_SIZE);
		else if (e == EINVAL)
			msg_warn(err, "%s: not a regular file", path);
		else
			msg_warn(err, "%s: %s", path, strerror(e));
		return 1;
	}
	errors = cfgfile_load_text(o, text, len, path, err);
	free(text);
	return errors;
}

char *
cfgfile_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/folio/folio.conf", xdg);
	if (home == NULL || *home == '\0')
		return NULL;
	return xasprintf("%s/.config/folio/folio.conf", home);
}
