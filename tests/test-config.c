#include "config.h"

#include <errno.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "action.h"
#include "app.h"
#include "cfgfile.h"
#include "help.h"
#include "keymap.h"
#include "keys.h"
#include "options.h"
#include "search.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

/* Loads text over o; returns the number of problems, their messages in
 * *msgs (to be freed). */
static int
load_into(struct options *o, const char *text, char **msgs)
{
	size_t len = 0;
	FILE *f = open_memstream(msgs, &len);
	int n;

	if (f == NULL)
		abort();
	n = cfgfile_load_text(o, text, strlen(text), "t.conf", f);
	fclose(f);
	return n;
}

/* Loads text over the defaults and checks that it fails with exactly want
 * (one message per line, without the final newline). */
static void
bad(const char *text, const char *want, const char *name)
{
	struct options o, before;
	char *msgs;
	size_t wl = strlen(want);

	options_init(&o);
	options_init(&before);
	load_into(&o, text, &msgs);
	if (wl > 0 && msgs[0] != '\0' && msgs[strlen(msgs) - 1] == '\n')
		msgs[strlen(msgs) - 1] = '\0';
	is_str(msgs, want, name);
	ok(options_equal(&o, &before), "%s: leaves the options alone", name);
	free(msgs);
	options_free(&o);
	options_free(&before);
}

/* Loads text over the defaults, expecting no problem. */
static void
good(struct options *o, const char *text, const char *name)
{
	char *msgs;

	options_init(o);
	is_int(load_into(o, text, &msgs), 0, name);
	if (msgs[0] != '\0')
		tap_diag("%s", msgs);
	free(msgs);
}

static char *
dump_text(const struct options *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		abort();
	options_dump(o, f);
	fclose(f);
	return buf;
}

static void
test_table(void)
{
	bool unique = true, ranges = true, docs = true, contiguous = true, found = true;

	for (size_t i = 0; i < option_count; i++) {
		const struct option_def *d = &option_table[i];
		const char *dot = strchr(d->path, '.');

		for (size_t j = i + 1; j < option_count; j++)
			unique = unique && strcmp(d->path, option_table[j].path) != 0;
		if (d->type == OPTION_INT &&
		    (d->def < d->min || d->def > d->max || d->min > d->max))
			ranges = false;
		if (d->type == OPTION_CHOICE) {
			size_t n = 0;

			while (d->choices[n] != NULL)
				n++;
			ranges = ranges && d->def >= 0 && (size_t)d->def < n;
		}
		docs = docs && d->doc != NULL && d->doc[0] != '\0';
		found = found && options_find(d->path) == d;
		/* A group, once left, never comes back: --dump-config needs it. */
		if (dot != NULL && i > 0) {
			size_t g = (size_t)(dot - d->path);

			for (size_t j = 0; j + 1 < i; j++)
				if (strncmp(option_table[j].path, d->path, g + 1) == 0 &&
				    strncmp(option_table[j + 1].path, d->path, g + 1) != 0)
					contiguous = false;
		}
	}
	ok(unique, "every setting path is unique");
	ok(ranges, "every default is within its range or choices");
	ok(docs, "every setting has a line of help");
	ok(found, "options_find finds every setting");
	ok(contiguous, "the settings of a group are next to each other");
	ok(options_find("layout") == NULL && options_find("layout.nope") == NULL,
	    "options_find finds nothing else");
	ok(options_find("colors.current_match") != NULL && options_find("colors.text") != NULL,
	    "every colour role is a setting (from the ROLES table)");
}

static void
test_defaults(void)
{
	struct options o;
	struct app_options ao;

	options_init(&o);
	options_app(&o, &ao);
	is_int(ao.sources_width, app_default_options.sources_width,
	    "default sources_width is the app's");
	is_int(ao.text_width, app_default_options.text_width, "default text_width is the app's");
	is_int(ao.center, app_default_options.center, "default center is the app's");
	is_int(ao.split_min_cols, app_default_options.split_min_cols,
	    "default split_min_cols is the app's");
	is_int(ao.search_wrap, app_default_options.search_wrap, "default search wrap is the app's");
	is_int(ao.search_incremental, app_default_options.search_incremental,
	    "default incremental search is the app's");
	is_int(ao.search.case_mode, app_default_options.search.case_mode,
	    "default case mode is the app's");
	is_int(ao.search.ignore_accents, app_default_options.search.ignore_accents,
	    "default accent handling is the app's");
	is_int(o.layout.sources_width, 32, "sources_width defaults to 32");
	ok(o.mouse && o.state.remember_position && o.state.mark_read == MARK_READ_OPEN,
	    "mouse, remember_position and mark_read default to true, true, open");
	ok(!o.search.accent_insensitive && o.search.smart_case,
	    "accents count, smart case by default");
	is_int((long long)o.paths.n, 0, "no paths by default");
	ok(o.colors[ROLE_SELECTED].fg == RC_WHITE && o.colors[ROLE_SELECTED].bg == RC_BLUE &&
		o.colors[ROLE_SELECTED].attrs == RA_BOLD &&
		o.colors[ROLE_SELECTED].mono == RA_REVERSE,
	    "selected defaults to bold white on blue, reverse without colours");
	ok(o.colors[ROLE_TEXT].fg == RC_DEFAULT && o.colors[ROLE_TEXT].attrs == 0,
	    "text defaults to the terminal's colours");
	is_int(keymap_lookup(o.keymap, CTX_LIST, keys_parse("j")), ACT_LINE_DOWN,
	    "the default keymap is in place");
	options_free(&o);
	options_free(&o);
	ok(o.keymap == NULL, "options_free twice is harmless");
}

static void
test_good(void)
{
	struct options o, d;
	struct app_options ao;
	char *msgs;

	good(&o, "", "an empty file is fine");
	options_init(&d);
	ok(options_equal(&o, &d), "an empty file gives the defaults");
	options_free(&o);

	good(&o,
	    "# a comment with 4294967297 in it\n"
	    "// another, 99999999999999999999\n"
	    "/* and 0x100000000\n   over lines */\n"
	    "paths = [ \"~/news 2024\", \"x0x5\" ];\n"
	    "layout = { sources_width = 40; text_width = 0x48; center = false;\n"
	    "  split_min_cols = 100L; };\n"
	    "search = { smart_case = false; wrap = false; incremental = false;\n"
	    "  accent_insensitive = true; };\n"
	    "mouse = false;\n"
	    "state : { remember_position = false; mark_read = \"end\"; };\n"
	    "colors = {\n"
	    "  title = { fg = \"red\"; bg = 236; attrs = [ \"bold\", \"underline\" ]; };\n"
	    "  status = { fg = \"default\"; attrs = \"reverse, italic\"; mono = \"normal\"; };\n"
	    "  match = { bg = 0; };\n"
	    "};\n"
	    "keys = (\n"
	    "  { context = \"article\"; key = \"x\"; action = \"half-page-down\"; },\n"
	    "  { key = \"q\"; action = \"none\"; },\n"
	    "  { context = \"list\"; key = \"PgDn\"; action = \"quit\"; },\n"
	    "  { context = \"prompt\"; key = \"C-j\"; action = \"accept\"; }\n"
	    ");\n",
	    "a file setting everything loads");
	is_int((long long)o.paths.n, 2, "two paths");
	is_str(o.paths.n == 2 ? o.paths.v[0] : "", "~/news 2024", "paths keep their digits");
	is_str(o.paths.n == 2 ? o.paths.v[1] : "", "x0x5", "and their letters");
	is_int(o.layout.sources_width, 40, "sources_width");
	is_int(o.layout.text_width, 72, "text_width as hex");
	is_int(o.layout.split_min_cols, 100, "split_min_cols as a 64-bit literal");
	ok(!o.layout.center, "center");
	ok(!o.search.smart_case && !o.search.wrap && !o.search.incremental &&
		o.search.accent_insensitive,
	    "the search group");
	ok(!o.mouse, "mouse");
	ok(!o.state.remember_position && o.state.mark_read == MARK_READ_END, "the state group");
	ok(o.colors[ROLE_TITLE].fg == RC_RED && o.colors[ROLE_TITLE].bg == 236 &&
		o.colors[ROLE_TITLE].attrs == (RA_BOLD | RA_UNDERLINE),
	    "title: red on 236, bold and underlined (attrs as a list)");
	ok(o.colors[ROLE_TITLE].mono == RA_BOLD, "a colour group keeps what it does not set");
	ok(o.colors[ROLE_STATUS].fg == RC_DEFAULT &&
		o.colors[ROLE_STATUS].attrs == (RA_REVERSE | RA_ITALIC) &&
		o.colors[ROLE_STATUS].mono == 0,
	    "status: attrs as a comma string, mono normal");
	ok(o.colors[ROLE_MATCH].bg == 0 && o.colors[ROLE_MATCH].fg == RC_BLACK,
	    "colour 0 is black");
	is_int(
	    keymap_lookup(o.keymap, CTX_ARTICLE, 'x'), ACT_HALF_DOWN, "x is bound in the article");
	is_int(keymap_lookup(o.keymap, CTX_LIST, 'x'), ACT_OPEN_LINK,
	    "in the list, its global default");
	is_int(keymap_lookup(o.keymap, CTX_GLOBAL, 'q'), ACT_NONE, "action none unbinds q");
	is_int(
	    keymap_lookup(o.keymap, CTX_LIST, 'q'), ACT_NONE, "everywhere it fell back to global");
	is_int(
	    keymap_lookup(o.keymap, CTX_LIST, FK_PAGE_DOWN), ACT_QUIT, "a key alias (PgDn) binds");
	is_int(keymap_lookup(o.keymap, CTX_ARTICLE, FK_PAGE_DOWN), ACT_PAGE_DOWN,
	    "the article keeps PageDown");
	is_int(keymap_lookup(o.keymap, CTX_PROMPT, KEY_CTRL('j')), ACT_ACCEPT, "a prompt binding");
	options_app(&o, &ao);
	ok(ao.sources_width == 40 && ao.text_width == 72 && !ao.center && ao.split_min_cols == 100,
	    "options_app passes the layout");
	ok(!ao.search_wrap && !ao.search_incremental && ao.search.case_mode == SEARCH_SENSITIVE &&
		ao.search.ignore_accents,
	    "options_app passes the search settings");

	/* A second load goes on from the first. */
	is_int(load_into(&o, "layout = { text_width = 60; };\n", &msgs), 0, "a second load");
	free(msgs);
	ok(o.layout.text_width == 60 && o.layout.sources_width == 40, "keeps what it does not set");
	options_free(&o);
	options_free(&d);

	good(&o, "\xEF\xBB\xBFmouse = false;\n", "a byte order mark is skipped");
	ok(!o.mouse, "and the setting after it read");
	options_free(&o);
	good(&o, "layout = { sources_width = 10; text_width = 1000; split_min_cols = 0; };\n",
	    "the ends of the ranges are fine");
	ok(o.layout.sources_width == 10 && o.layout.text_width == 1000 &&
		o.layout.split_min_cols == 0,
	    "and are read");
	options_free(&o);
	good(&o, "layout = { sources_width = 200; };\n", "the top of a range is fine");
	options_free(&o);
	good(&o, "keys = [ ];\npaths = ( );\n", "empty lists are fine");
	options_free(&o);
}

static void
test_bad(void)
{
	bad("layout = { sources_width = 4294967328; };\n",
	    "t.conf:1: layout.sources_width: 4294967328 is out of range (10 to 200)",
	    "a literal libconfig would wrap to 32 is out of range");
	bad("layout = { text_width = 2147483648; };\n",
	    "t.conf:1: layout.text_width: 2147483648 is out of range (0 to 1000)",
	    "2^31 is not read as negative");
	bad("layout = { text_width = -2147483649; };\n",
	    "t.conf:1: layout.text_width: -2147483649 is out of range (0 to 1000)", "below -2^31");
	bad("layout = { text_width = 4294967297L; };\n",
	    "t.conf:1: layout.text_width: 4294967297 is out of range (0 to 1000)",
	    "a 64-bit literal");
	bad("layout = { text_width = 0xFFFFFFFF; };\n",
	    "t.conf:1: layout.text_width: 4294967295 is out of range (0 to 1000)",
	    "a 32-bit hex literal is not -1");
	bad("layout = { text_width = 0xFFFFFFFFFFFFFFFFFF; };\n",
	    "t.conf:1: layout.text_width: 0xFFFFFFFFFFFFFFFFFF is out of range (0 to 1000)",
	    "a hex literal beyond 64 bits");
	bad("layout = { text_width = -99999999999999999999L; };\n",
	    "t.conf:1: layout.text_width: -99999999999999999999 is out of range (0 to 1000)",
	    "a negative literal beyond 64 bits");
	bad("layout = { text_width = 1e2; };\n",
	    "t.conf:1: layout.text_width: expected an integer, found a float",
	    "an exponent makes a float");
	bad("layout = { text_width = .5; };\n",
	    "t.conf:1: layout.text_width: expected an integer, found a float",
	    "a leading dot makes a float");
	bad("f1 = 5;\n", "t.conf:1: f1: unknown setting", "a name with digits stays a name");
	bad("layout = { sources_width = 5; text_width = 2000; };\n",
	    "t.conf:1: layout.sources_width: 5 is out of range (10 to 200)\n"
	    "t.conf:1: layout.text_width: 2000 is out of range (0 to 1000)",
	    "two problems on one line are both reported");
	bad("a = { w = 4294967297; };\nlayout = {\n  text_width =\n    5000; };\n",
	    "t.conf:1: a: unknown setting\n"
	    "t.conf:3: layout.text_width: 5000 is out of range (0 to 1000)",
	    "a value on the line after its name");
	bad("mouse = \"no\";\n", "t.conf:1: mouse: expected true or false, found a string",
	    "a string for a boolean");
	bad("keys = ( { key = \"j\"; action = \"quit\"; }, { key = \"J\"; action = \"quit\"; },\n"
	    "  { key = \"j\"; action = \"top\"; } );\n",
	    "t.conf:2: keys[2]: j is bound twice in the global context (first on line 1)",
	    "j and J are different keys, j twice is not");
	bad("keys = ( { context = \"list\"; key = \"x\"; action = \"open\"; },\n"
	    "  { context = \"article\"; key = \"x\"; action = \"open\"; },\n"
	    "  { context = \"list\"; key = \"Space\"; action = \"open\"; },\n"
	    "  { context = \"list\"; key = \" \"; action = \"quit\"; } );\n",
	    "t.conf:4: keys[3]: Space is bound twice in the list context (first on line 3)",
	    "the same key in two contexts is fine, twice in one is not");
	bad("paths = [ \"a\",\n  \"b\",\n  \"\" ];\n", "t.conf:3: paths[2]: empty path",
	    "the line of a list element is its own");
	bad("colors = { text = { attrs = (\n \"bold\",\n \"blod\" ); }; };\n",
	    "t.conf:3: colors.text.attrs[1]: unknown attribute 'blod'; did you mean bold?",
	    "the line of an attribute in a list");
	bad("layout = {\n  center = true;\n", "t.conf:1: this '{' is never closed",
	    "an unclosed group");
	bad("keys = (\n  { key = \"x\"; action = \"quit\"; }\n",
	    "t.conf:1: this '(' is never closed", "an unclosed list");
	bad("mouse = true; /* unclosed\n", "t.conf:1: unterminated comment", "an unclosed comment");
	bad("mouse = true;\nmouse = false;\n", "t.conf:2: duplicate setting name: 'mouse = false;'",
	    "a setting twice");
	bad("mouse =", "t.conf:1: syntax error: 'mouse ='", "a file ending in the middle");
	bad("keys = ( { key = \"\\x1b[2J\"; action = \"quit\"; } );\n",
	    "t.conf:1: keys[0].key: unknown key name '\xe2\x90\x9b[2J'",
	    "an escape in a value is shown, not sent");
	bad("\xff\xfe = 1;\n", "t.conf:1: syntax error: '\xef\xbf\xbd\xef\xbf\xbd = 1;'",
	    "invalid UTF-8 in a quoted line is replaced");
	bad("keys = ( { key = \"x\"; action = \"quit\"; context = \"list\"; extra = 1; } );\n",
	    "t.conf:1: keys[0].extra: unknown setting (a binding has context, key and action)",
	    "an unknown field of a binding");
	bad("mouse = true;\nlayout.center = false;\n",
	    "t.conf:2: syntax error: 'layout.center = false;'", "dotted names are not libconfig");
}

/* Everything a dump must carry through a round trip. */
static const char *const custom =
    "paths = [ \"~/a \\\"quoted\\\" \\\\ path\", \"caf\xc3\xa9\", \"ctl\\x01\\x7f\", "
    "\"bad\\xff\\xfe utf8\", \"bidi\xe2\x80\xaeoverride\", \"c1\xc2\x85\" ];\n"
    "layout = { sources_width = 17; text_width = 999; center = false; split_min_cols = 1; };\n"
    "search = { smart_case = false; accent_insensitive = true; };\n"
    "mouse = false;\n"
    "state = { mark_read = \"never\"; remember_position = false; };\n"
    "colors = { text = { fg = 123; bg = \"white\"; attrs = \"bold, dim, blink\"; mono = [ "
    "\"italic\" ]; };\n"
    "  error = { fg = 255; bg = 8; attrs = \"normal\"; }; };\n"
    "keys = (\n"
    "  { key = \"\\\"\"; action = \"quit\"; },\n"
    "  { key = \"\\\\\"; action = \"help\"; },\n"
    "  { context = \"list\"; key = \"\xe4\xb8\xad\"; action = \"open\"; },\n"
    "  { context = \"article\"; key = \"j\"; action = \"none\"; },\n"
    "  { context = \"prompt\"; key = \"F12\"; action = \"cancel\"; },\n"
    "  { context = \"global\"; key = \"C-@\"; action = \"zoom\"; },\n"
    "  { key = \"q\"; action = \"none\"; }\n"
    ");\n";

static void
test_round_trip(void)
{
	struct options o, back, defaults;
	char *d1, *d2, *msgs;

	good(&o, custom, "a configuration with awkward values loads");
	d1 = dump_text(&o);
	options_init(&back);
	is_int(load_into(&back, d1, &msgs), 0, "its dump loads");
	if (msgs[0] != '\0')
		tap_diag("%s", msgs);
	free(msgs);
	ok(options_equal(&o, &back), "loading the dump gives the same configuration");
	d2 = dump_text(&back);
	is_str(d2, d1, "dumping it again gives the same text");
	is_str(back.paths.n == 6 ? back.paths.v[0] : "", "~/a \"quoted\" \\ path",
	    "quotes and backslashes survive");
	is_str(
	    back.paths.n == 6 ? back.paths.v[3] : "", "bad\xff\xfe utf8", "invalid UTF-8 survives");
	ok(strstr(d1, "\"ctl\\x01\\x7F\"") != NULL &&
		strstr(d1, "bidi\\xE2\\x80\\xAEoverride") != NULL &&
		strstr(d1, "c1\\xC2\\x85") != NULL && strstr(d1, "caf\xc3\xa9") != NULL,
	    "controls, C1, bidi controls are escaped in the dump; text is not");
	ok(strstr(d1, "\x1b") == NULL && strchr(d1, '\x01') == NULL, "no control byte in the dump");
	ok(strstr(d1,
	       "text = { fg = 123; bg = \"white\"; attrs = \"bold, dim, blink\"; mono = "
	       "\"italic\"; };") != NULL,
	    "a colour group is dumped whole");
	ok(strstr(d1, "{ context = \"article\"; key = \"j\"; action = \"none\"; }") != NULL,
	    "an unbinding is dumped");
	ok(strstr(d1, "{ context = \"list\"; key = \"\xe4\xb8\xad\"; action = \"open\"; }") != NULL,
	    "a character key is dumped as itself");
	free(d2);
	options_free(&back);

	/* The dump of the defaults loads back to the defaults. */
	options_init(&defaults);
	free(d1);
	d1 = dump_text(&defaults);
	options_init(&back);
	is_int(load_into(&back, d1, &msgs), 0, "the dump of the defaults loads");
	free(msgs);
	ok(options_equal(&defaults, &back), "and gives the defaults");
	ok(!options_equal(&defaults, &o), "options_equal tells different configurations apart");
	options_free(&back);

	/* options_copy is deep. */
	options_copy(&back, &o);
	ok(options_equal(&back, &o), "a copy is equal");
	keymap_bind(back.keymap, CTX_LIST, '~', ACT_QUIT);
	strlist_add(&back.paths, "more");
	ok(!options_equal(&back, &o) && keymap_lookup(o.keymap, CTX_LIST, '~') == ACT_NONE &&
		o.paths.n == 6,
	    "and independent");
	options_free(&back);
	options_free(&defaults);
	options_free(&o);
	free(d1);
}

/* Every default binding is in --dump-config and in the help screen. */
static void
test_bindings_shown(void)
{
	struct options o;
	char *dump, *help;
	size_t missing_dump = 0, missing_help = 0;

	options_init(&o);
	dump = dump_text(&o);
	help = help_text(o.keymap);
	for (size_t i = 0; i < default_bindings_count; i++) {
		const struct binding *b = &default_bindings[i];
		char name[KEY_NAME_MAX], *line, *want;
		bool shown = false;

		keys_name(keys_parse(b->key), name);
		line = xasprintf("{ context = \"%s\"; key = \"%s%s\"; action = \"%s\"; }",
		    context_name(b->context),
		    strchr("\"\\", name[0]) != NULL && name[1] == '\0' ? "\\" : "", name,
		    action_name(b->action));
		if (strstr(dump, line) == NULL) {
			tap_diag("not in --dump-config: %s", line);
			missing_dump++;
		}
		free(line);
		want = b->context == CTX_GLOBAL
		    ? xasprintf("%s", name)
		    : xasprintf("%s (%s)", name, context_name(b->context));
		/* An entry is the line ending in "[action]", and the line before it
		 * when the keys were too wide to share it; the keys come first. */
		{
			char *tag = xasprintf(" [%s]\n", action_name(b->action));
			const char *at = strstr(help, tag), *start;

			if (at != NULL) {
				start = at;
				while (start > help && start[-1] != '\n')
					start--;
				if (*start == ' ' && start > help) {
					start--;
					while (start > help && start[-1] != '\n')
						start--;
				}
				for (const char *k = strstr(start, want); k != NULL && k < at;
				     k = strstr(k + 1, want))
					if ((k == start || k[-1] == ' ') &&
					    (k[strlen(want)] == ' ' || k[strlen(want)] == '\n'))
						shown = true;
			}
			free(tag);
		}
		if (!shown) {
			tap_diag("not in the help: %s for %s", want, action_name(b->action));
			missing_help++;
		}
		free(want);
	}
	is_int((long long)missing_dump, 0, "every default binding is in --dump-config");
	is_int((long long)missing_help, 0, "every default binding is in the help screen");
	free(dump);
	free(help);
	options_free(&o);
}

/* config/folio.conf is the complete default configuration. */
static void
test_default_file(void)
{
	const char *top = getenv("TOP_SRCDIR");
	char *path = xasprintf("%s/config/folio.conf", top != NULL ? top : ".");
	struct options o, d;
	config_t cfg;
	FILE *f;
	char *text = NULL;
	size_t cap = 0, missing = 0, uncommented = 0, unbound = 0;
	int errors;

	options_init(&o);
	options_init(&d);
	errors = cfgfile_load(&o, path, false, NULL, stderr);
	is_int(errors, 0, "config/folio.conf loads");
	ok(options_equal(&o, &d), "config/folio.conf says exactly the defaults");

	config_init(&cfg);
	if (config_read_file(&cfg, path) != CONFIG_TRUE) {
		ok(0, "libconfig reads config/folio.conf");
		config_destroy(&cfg);
		options_free(&o);
		options_free(&d);
		free(path);
		return;
	}
	for (size_t i = 0; i < option_count; i++)
		if (config_lookup(&cfg, option_table[i].path) == NULL) {
			tap_diag("config/folio.conf lacks %s", option_table[i].path);
			missing++;
		}
	is_int((long long)missing, 0, "every setting of the table is in config/folio.conf");

	/* Every default binding is written out, not only implied. */
	for (size_t i = 0; i < default_bindings_count; i++) {
		const struct binding *b = &default_bindings[i];
		config_setting_t *keys = config_lookup(&cfg, "keys");
		bool found = false;

		for (int k = 0; keys != NULL && k < config_setting_length(keys) && !found; k++) {
			config_setting_t *e = config_setting_get_elem(keys, (unsigned)k);
			const char *c = "global", *key = "", *act = "";

			config_setting_lookup_string(e, "context", &c);
			config_setting_lookup_string(e, "key", &key);
			config_setting_lookup_string(e, "action", &act);
			found = context_lookup(c) == (int)b->context &&
			    keys_parse(key) == keys_parse(b->key) &&
			    action_lookup(act) == (int)b->action;
		}
		if (!found) {
			tap_diag("config/folio.conf lacks the default binding %s %s %s; add it to "
				 "its keys",
			    context_name(b->context), b->key, action_name(b->action));
			unbound++;
		}
	}
	is_int((long long)unbound, 0, "every default binding is in config/folio.conf");
	config_destroy(&cfg);

	/* Every plain setting has a comment right above it that gives its
	 * default. */
	if ((f = fopen(path, "r")) != NULL) {
		char *comment = xstrdup("");
		ssize_t n;

		while ((n = getline(&text, &cap, f)) > 0) {
			char *p = text + strspn(text, " \t");

			if (*p == '#') {
				char *c = xasprintf("%s%s", comment, p);

				free(comment);
				comment = c;
				continue;
			}
			for (size_t i = 0; i < option_count; i++) {
				const struct option_def *od = &option_table[i];
				const char *leaf =
				    strrchr(od->path, '.') ? strrchr(od->path, '.') + 1 : od->path;
				size_t ll = strlen(leaf);

				if (od->type == OPTION_STYLE || strncmp(p, leaf, ll) != 0 ||
				    strncmp(p + ll, " = ", 3) != 0)
					continue;
				if (strstr(comment, "Default") == NULL &&
				    strstr(comment, "default") == NULL) {
					tap_diag("config/folio.conf: %s has no comment giving its "
						 "default",
					    od->path);
					uncommented++;
				}
			}
			free(comment);
			comment = xstrdup("");
		}
		free(comment);
		fclose(f);
	}
	is_int((long long)uncommented, 0, "every setting in config/folio.conf says its default");
	free(text);
	options_free(&o);
	options_free(&d);
	free(path);
}

static void
test_files(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/folio-config.XXXXXX", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	char *file, *fifo, *big, *msgs = NULL;
	struct options o, d;
	bool found = true;
	size_t len = 0;
	FILE *f, *err;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp: %s", strerror(errno));
		free(dir);
		return;
	}
	file = xasprintf("%s/nothing.conf", dir);
	options_init(&o);
	options_init(&d);
	is_int(cfgfile_load(&o, file, true, &found, stderr), 0, "a missing default file is fine");
	ok(!found && options_equal(&o, &d), "and changes nothing");

	err = open_memstream(&msgs, &len);
	is_int(cfgfile_load(&o, file, false, NULL, err), 1, "a missing named file is a problem");
	fclose(err);
	ok(strstr(msgs, "folio: ") == msgs &&
		strstr(msgs, "nothing.conf: No such file or directory\n") != NULL,
	    "which says so");
	free(msgs);

	err = open_memstream(&msgs, &len);
	is_int(cfgfile_load(&o, dir, false, NULL, err), 1, "a folder is a problem");
	fclose(err);
	ok(strstr(msgs, ": Is a directory\n") != NULL, "which says so");
	free(msgs);

	fifo = xasprintf("%s/fifo", dir);
	if (mkfifo(fifo, 0600) == 0) {
		err = open_memstream(&msgs, &len);
		is_int(cfgfile_load(&o, fifo, false, NULL, err), 1,
		    "a FIFO is refused without blocking");
		fclose(err);
		ok(strstr(msgs, ": not a regular file\n") != NULL, "as not a regular file");
		free(msgs);
		unlink(fifo);
	} else {
		ok(1, "# SKIP mkfifo: %s", strerror(errno));
		ok(1, "# SKIP mkfifo");
	}

	big = xasprintf("%s/big.conf", dir);
	if ((f = fopen(big, "w")) != NULL) {
		for (int i = 0; i < CFGFILE_MAX_SIZE / 16 + 1; i++)
			fputs("# padding......\n", f);
		fclose(f);
	}
	err = open_memstream(&msgs, &len);
	is_int(cfgfile_load(&o, big, false, NULL, err), 1, "a huge file is refused");
	fclose(err);
	ok(strstr(msgs, "too big for a configuration file") != NULL, "as too big");
	free(msgs);
	unlink(big);

	if ((f = fopen(file, "w")) != NULL) {
		fputs("layout = {\n\tsources_width = 300;\n};\n", f);
		fclose(f);
	}
	err = open_memstream(&msgs, &len);
	is_int(cfgfile_load(&o, file, false, &found, err), 1, "a bad file");
	fclose(err);
	{
		char *want = xasprintf(
		    "%s:2: layout.sources_width: 300 is out of range (10 to 200)\n", file);

		is_str(msgs, want, "is reported as FILE:LINE: setting: problem");
		free(want);
	}
	ok(found, "found is true for a file that exists");
	free(msgs);
	unlink(file);
	rmdir(dir);
	ok(options_equal(&o, &d), "none of it changed the options");
	options_free(&o);
	options_free(&d);
	free(file);
	free(fifo);
	free(big);
	free(dir);
}

static void
test_default_path(void)
{
	char *home = getenv("HOME") != NULL ? xstrdup(getenv("HOME")) : NULL;
	char *p;

	setenv("HOME", "/home/u", 1);
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	p = cfgfile_default_path();
	is_str(p, "/cfg/folio/folio.conf", "XDG_CONFIG_HOME first");
	free(p);
	setenv("XDG_CONFIG_HOME", "", 1);
	p = cfgfile_default_path();
	is_str(p, "/home/u/.config/folio/folio.conf", "an empty XDG_CONFIG_HOME means ~/.config");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	p = cfgfile_default_path();
	is_str(p, "/home/u/.config/folio/folio.conf", "a relative XDG_CONFIG_HOME is ignored");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	p = cfgfile_default_path();
	is_str(p, "/home/u/.config/folio/folio.conf", "an unset XDG_CONFIG_HOME means ~/.config");
	free(p);
	unsetenv("HOME");
	p = cfgfile_default_path();
	ok(p == NULL, "no HOME, no default file");
	free(p);
	if (home != NULL)
		setenv("HOME", home, 1);
	free(home);
}

/* Messages quote a bounded part of the file and stop after
 * CFGFILE_MAX_MESSAGES, while every problem is still counted. */
static void
test_bounded(void)
{
	struct options o;
	char *msgs, *text, *want;
	size_t len = 0, cap = 0, lines = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		abort();
	bad("\xEF\xBB\xBFmouse = yes;\n", "t.conf:1: syntax error: 'mouse = yes;'",
	    "a byte order mark is not quoted as part of the first line");
	/* A byte order mark and integers (which the loader gives an L each)
	 * before the error: the excerpt is still around it. */
	fputs("\xEF\xBB\xBFx = [", f);
	for (int i = 0; i < 40; i++)
		fprintf(f, "%d, ", i);
	fputs("40 ]; mouse = yes; layout = { center = false; };\n", f);
	fclose(f);
	options_init(&o);
	is_int(load_into(&o, text, &msgs), 1, "a long line with a syntax error: one problem");
	is_str(msgs,
	    "t.conf:1: syntax error: '\xE2\x80\xA6"
	    "5, 36, 37, 38, 39, 40 ]; mouse = yes; layout = { center = fa\xE2\x80\xA6'\n",
	    "the excerpt is around the error, an ellipsis on each side");
	free(msgs);
	free(text);
	options_free(&o);

	f = open_memstream(&text, &cap);
	if (f == NULL)
		abort();
	for (int i = 0; i < 100; i++)
		fprintf(f, "bogus%d = 1;\n", i);
	fclose(f);
	options_init(&o);
	is_int(load_into(&o, text, &msgs), 100, "100 unknown settings are 100 problems");
	for (const char *p = msgs; *p != '\0'; p++)
		lines += *p == '\n';
	is_int((long long)lines, CFGFILE_MAX_MESSAGES + 1, "told in 20 lines and a count");
	want = xasprintf("t.conf: ... and %d more errors\n", 100 - CFGFILE_MAX_MESSAGES);
	ok(strlen(msgs) > strlen(want) && strcmp(msgs + strlen(msgs) - strlen(want), want) == 0,
	    "the last line says how many more");
	free(want);
	free(msgs);
	free(text);
	options_free(&o);
}

int
main(void)
{
	text_init();
	test_table();
	test_defaults();
	test_good();
	test_bad();
	test_round_trip();
	test_bindings_shown();
	test_default_file();
	test_files();
	test_default_path();
	test_bounded();
	return tap_done();
}
