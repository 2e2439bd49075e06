#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "article.h"
#include "cfgfile.h"
#include "doc.h"
#include "docview.h"
#include "dump.h"
#include "index.h"
#include "keymap.h"
#include "library.h"
#include "listcmd.h"
#include "listfmt.h"
#include "msg.h"
#include "options.h"
#include "reader.h"
#include "search.h"
#include "sortview.h"
#include "state.h"
#include "text.h"
#include "titlecache.h"
#include "theme.h"
#include "ui.h"
#include "xmalloc.h"

enum mode { MODE_READ, MODE_LIST, MODE_DUMP, MODE_SEARCH, MODE_OUTLINE, MODE_LINKS, MODE_INFO };

enum {
	OPT_SEARCH = 256,
	OPT_COUNT,
	OPT_FILES_WITH_MATCHES,
	OPT_MAX_COUNT,
	OPT_SCRIPT,
	OPT_CHECK_CONFIG,
	OPT_DUMP_CONFIG,
	OPT_RAW,
	OPT_FORMAT,
	OPT_OUTLINE,
	OPT_LINKS,
	OPT_INFO,
	OPT_SORT,
	OPT_UNREAD,
	OPT_FILTER,
	OPT_NO_CACHE,
	OPT_REINDEX,
	OPT_NO_INDEX,
};

/* The short options; the leading ':' makes a missing argument ':'. */
static const char short_options[] = ":ldw:isEFhVc:";

static const struct option long_options[] = {
	{ "list", no_argument, NULL, 'l' },
	{ "dump", no_argument, NULL, 'd' },
	{ "info", no_argument, NULL, OPT_INFO },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "unread", no_argument, NULL, OPT_UNREAD },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "width", required_argument, NULL, 'w' },
	{ "search", required_argument, NULL, OPT_SEARCH },
	{ "filter", required_argument, NULL, OPT_FILTER },
	{ "count", no_argument, NULL, OPT_COUNT },
	{ "files-with-matches", no_argument, NULL, OPT_FILES_WITH_MATCHES },
	{ "max-count", required_argument, NULL, OPT_MAX_COUNT },
	{ "reindex", no_argument, NULL, OPT_REINDEX },
	{ "no-index", no_argument, NULL, OPT_NO_INDEX },
	{ "regex", no_argument, NULL, 'E' },
	{ "fixed-strings", no_argument, NULL, 'F' },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "outline", no_argument, NULL, OPT_OUTLINE },
	{ "links", no_argument, NULL, OPT_LINKS },
	{ "ignore-case", no_argument, NULL, 'i' },
	{ "case-sensitive", no_argument, NULL, 's' },
	{ "script", required_argument, NULL, OPT_SCRIPT },
	{ "config", required_argument, NULL, 'c' },
	{ "check-config", optional_argument, NULL, OPT_CHECK_CONFIG },
	{ "dump-config", no_argument, NULL, OPT_DUMP_CONFIG },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Says what is wrong with the option getopt_long just refused with c ('?'
 * or ':'), since its own message would quote the argument raw.  The
 * element at fault is argv[optind - 1], except for an unknown short option
 * inside a cluster ("-xl"), which only optopt names. */
static void
bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];
	bool is_long = strncmp(arg, "--", 2) == 0;
	int name_len = (int)strcspn(arg, "=");
	size_t matches = 0;

	if (c == ':' && is_long) {
		msg_warn(stderr, "option '%s' requires an argument", arg);
	} else if (c == ':') {
		msg_warn(stderr, "option requires an argument -- '%c'", optopt);
	} else if (optopt == 0) {
		for (const struct option *o = long_options; name_len > 2 && o->name != NULL; o++)
			if (strncmp(o->name, arg + 2, (size_t)name_len - 2) == 0)
				matches++;
		msg_warn(stderr,
		    matches > 1 ? "option '%.*s' is ambiguous" : "unrecognized option '%.*s'",
		    name_len, arg);
	} else if (is_long &&
	    (optopt > UCHAR_MAX || (optopt != ':' && strchr(short_options, optopt) != NULL))) {
		msg_warn(stderr, "option '%.*s' doesn't allow an argument", name_len, arg);
	} else {
		msg_warn(stderr, "invalid option -- '%c'", optopt);
	}
}

static void
usage(FILE *f)
{
	fputs("Usage: folio [OPTION]... [PATH]...\n"
	      "Read a collection of articles in the terminal.\n"
	      "\n"
	      "PATH is an article file or a folder of them (scanned recursively).\n"
	      "With no PATH, folio opens the paths of the configuration, else\n"
	      "./articles when it exists, else the sample collection installed with it.\n"
	      "\n"
	      "  -l, --list             print \"path<TAB>title\" for each article\n"
	      "      --sort=KEY         order the list (and --list) within each folder by\n"
	      "                         name, title, date, size or unread (first)\n"
	      "      --unread           list (and --list) only the unread articles\n"
	      "  -d, --dump             print each article as the reader lays it out\n"
	      "      --info             print each article's path, title, format, size,\n"
	      "                         date, words and reading time, as key: value lines\n"
	      "  -w, --width=N          width for --dump (default: the terminal's, or 80)\n"
	      "      --search=PATTERN   print \"path:line:text\" for each matching line;\n"
	      "                         exit 0 if something matched, 1 if not, 2 on error\n"
	      "      --count            with --search, print \"path:N\" matches per article\n"
	      "      --files-with-matches  with --search, print the path of each article\n"
	      "                         that matches\n"
	      "      --max-count=N      with --search, stop after N matching lines of\n"
	      "                         each article\n"
	      "      --filter=PATTERN   print (as --dump does) only the lines of each article\n"
	      "                         that match, a document's matching paragraphs and\n"
	      "                         list items; exit 0 if something matched, 1 if not\n"
	      "      --no-index         with --search, read every article, not using\n"
	      "                         the search index\n"
	      "      --reindex          make the search index again from every article\n"
	      "                         (then search, with --search)\n"
	      "  -E, --regex            the search pattern is a regular expression (PCRE2)\n"
	      "  -F, --fixed-strings    the search pattern is literal text (the default,\n"
	      "                         unless the search.regex setting says otherwise)\n"
	      "      --outline          print \"path<TAB>level<TAB>line<TAB>heading\" for\n"
	      "                         each heading of each article\n"
	      "      --links            print \"path<TAB>N<TAB>target<TAB>text\" for each link\n"
	      "      --raw              show documents' source text, not their rendering\n"
	      "      --format=NAME      read every article as NAME (text, markdown, html,\n"
	      "                         terminal) whatever its name and bytes\n"
	      "  -i, --ignore-case      search ignoring case\n"
	      "  -s, --case-sensitive   search respecting case\n"
	      "                         (default: smart case, ignoring case unless the\n"
	      "                         pattern has an uppercase letter)\n"
	      "      --script=FILE      read keys from FILE instead of the keyboard and\n"
	      "                         print the screen where it says :screen (tests)\n"
	      "  -c, --config=FILE      read the configuration from FILE instead of\n"
	      "                         $XDG_CONFIG_HOME/folio/folio.conf\n"
	      "      --check-config[=FILE]  check the configuration (FILE, or the one\n"
	      "                         folio would read) and exit: 0 when it is good,\n"
	      "                         2 after printing every problem\n"
	      "      --dump-config      print the configuration in effect and exit\n"
	      "      --no-cache         read every title from its file, and keep none in\n"
	      "                         $XDG_CACHE_HOME/folio\n"
	      "  -h, --help             show this help and exit\n"
	      "  -V, --version          show the version and exit\n",
	    f);
}

/* Parses a count of 0 or more into *n; returns -1 when s is not one. */
static int
parse_count(const char *s, size_t *n)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != '\0' || errno != 0 || v > SIZE_MAX)
		return -1;
	*n = (size_t)v;
	return 0;
}

/* Parses a positive column count; returns -1 when s is not one. */
static int
parse_width(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > 100000)
		return -1;
	return (int)v;
}

static int
terminal_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* The path opened when none are given and the configuration names none:
 * ./articles, else the installed sample collection. */
static const char *
default_path(void)
{
	struct stat st;

	if (stat("articles", &st) == 0 && S_ISDIR(st.st_mode))
		return "articles";
	return PKGDATADIR "/articles";
}

/* The entries scanned before the first screen at the terminal: more
 * than a screen's rows, so that the first keys find them. */
#define FIRST_ENTRIES 256

/* Adds path to lib, only starting a folder's scan when progressive. */
static int
add_path(struct library *lib, const char *path, bool progressive)
{
	return progressive ? library_add_start(lib, path, stderr) : library_add(lib, path, stderr);
}

/* Adds a path of the configuration, a leading ~/ standing for $HOME. */
static int
add_config_path(struct library *lib, const char *path, bool progressive)
{
	const char *home = getenv("HOME");
	char *full;
	int r;

	if (path[0] != '~' || (path[1] != '/' && path[1] != '\0') || home == NULL || *home == '\0')
		return add_path(lib, path, progressive);
	full = xasprintf("%s%s", home, path + 1);
	r = add_path(lib, full, progressive);
	free(full);
	return r;
}

/* Loads the configuration: the file named (a missing one is an error), else
 * the default file if there is one.  Prints what is wrong and returns 2, or
 * returns 0.  *used is the file read (NULL: none), to be freed. */
static int
load_config(struct options *opts, const char *named, char **used)
{
	char *path;
	bool found = false;

	*used = NULL;
	if (named != NULL) {
		if (cfgfile_load(opts, named, false, NULL, stderr) != 0)
			return 2;
		*used = xstrdup(named);
		return 0;
	}
	if ((path = cfgfile_default_path()) == NULL)
		return 0;
	if (cfgfile_load(opts, path, true, &found, stderr) != 0) {
		free(path);
		return 2;
	}
	if (found)
		*used = path;
	else
		free(path);
	return 0;
}

/* --check-config: the configuration loaded without problems. */
static void
report_config_ok(const char *used)
{
	char *path;

	if (used != NULL) {
		msg_line(stdout, "%s: OK", used);
	} else {
		path = cfgfile_default_path();
		msg_line(stdout, "%s: not found; the built-in defaults are in effect",
		    path != NULL ? path : "(HOME unset)");
		free(path);
	}
}

/* The list row format of the configuration, which the loader checked. */
static struct listfmt *
row_format(const struct options *opts)
{
	char *why = NULL;
	struct listfmt *f = listfmt_parse(opts->list_format, opts->date_format, &why);

	free(why);
	return f != NULL ? f : listfmt_parse(LISTFMT_DEFAULT, opts->date_format, &why);
}

/* The own titles kept in the reading state, for the modes that print
 * titles; the state is only read, never saved. */
static void
load_titles(struct library *lib)
{
	char *notice = NULL;
	struct state *st = state_open(NULL, &notice);

	if (notice != NULL)
		msg_warn(stderr, "%s", notice);
	free(notice);
	listcmd_load_titles(lib, st);
	state_free(st);
}

/* Whether standard input brings an article: a pipe, a socket or a file
 * redirected in (not a terminal, nor /dev/null). */
static bool
stdin_is_data(void)
{
	struct stat st;

	return fstat(STDIN_FILENO, &st) == 0 &&
	    (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || S_ISREG(st.st_mode));
}

/* How the list is ordered and narrowed on the command line: sort -1
 * when --sort was not given. */
struct list_args {
	int sort;
	bool unread;
};

/* The list's first order: --sort, else the collection's own, else the
 * setting's. */
static enum list_sort
first_sort(const struct library *lib, struct state *st, const struct list_args *la,
    const struct options *opts)
{
	if (la->sort >= 0)
		return (enum list_sort)la->sort;
	return sortview_saved(lib, st, (enum list_sort)opts->list_sort);
}

/* --filter: the lines of each article that pattern matches, as --dump
 * lays them out; a pattern that is no regular expression is an error. */
static int
filter_articles(struct library *lib, const struct doc_options *o, const char *pattern,
    const struct search_options *so)
{
	struct search_pattern *p = search_compile(pattern, strlen(pattern), so);
	int status;

	if (search_error(p) != NULL) {
		msg_warn(stderr, "regex: %s", search_error(p));
		status = 2;
	} else {
		status = dump_filtered(lib, o, p, stdout, stderr);
	}
	search_free(p);
	return status;
}

/* --list: the articles in the list's order, the unread ones alone with
 * --unread; the state is only read, never saved. */
static int
list_articles(struct library *lib, const struct list_args *la, const struct options *opts)
{
	char *notice = NULL;
	struct state *st = state_open(NULL, &notice);
	size_t *order = xcalloc(lib->n + 1, sizeof *order), n;
	int status;

	if (notice != NULL)
		msg_warn(stderr, "%s", notice);
	free(notice);
	listcmd_load_titles(lib, st);
	n = sortview_list(lib, st, first_sort(lib, st, la, opts), la->unread, order);
	status = dump_list(lib, order, n, stdout);
	free(order);
	state_free(st);
	return status;
}

static int
read_interactively(struct library *lib, bool utf8, const char *script, const struct options *opts,
    const struct app_options *ao, const struct list_args *la)
{
	struct ui_options uo = { .utf8 = utf8,
		.mouse = opts->mouse,
		.script = script,
		.hyperlinks = (enum hyperlink_mode)opts->hyperlinks };
	struct app app;
	char *notice = NULL;
	struct state *st = state_open(NULL, &notice);
	int status;

	theme_set_styles(opts->colors);
	/* Another order than the scan's, or the read ones hidden: the first
	 * rows are only known once every title is. */
	if (first_sort(lib, st, la, opts) != LIST_SORT_NAME || la->unread || opts->list_hide_read)
		while (library_scanning(lib))
			library_scan_more(lib, 0, stderr);
	listcmd_load_titles(lib, st);
	app_init(&app, lib, opts->keymap, ao, st);
	listview_set_format(&app.list, row_format(opts));
	sortview_init(&app, first_sort(lib, st, la, opts), la->unread || opts->list_hide_read);
	if (notice != NULL)
		app_message(&app, true, "%s", notice);
	free(notice);
	status = ui_run(&app, &uo);
	/* The terminal is restored by now: a failed save can be said plainly. */
	free(app.message);
	app.message = NULL;
	app.save_warned = false;
	if (app_save(&app, true) != 0 && app.message != NULL)
		msg_warn(stderr, "%s", app.message);
	app_free(&app);
	state_free(st);
	return status;
}

/* Flushes stdout; returns 2 (after saying so) when writing failed. */
static int
flush_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msg_warn(stderr, "write error: %s", strerror(errno));
		return 2;
	}
	return 0;
}

/* --reindex alone: makes the search index of the collection again. */
static int
build_index(
    struct library *lib, const struct app_options *ao, int width, bool raw, const char *format)
{
	struct doc_options o;
	struct index *ix;

	app_options_doc(ao, width > 0 ? width : 80, &o);
	o.raw = raw;
	o.format = format;
	if ((ix = index_open(lib, &o, true, true, stderr)) == NULL)
		return 2;
	index_build(ix, lib, stderr);
	index_free(ix);
	return 0;
}

int
main(int argc, char **argv)
{
	enum mode mode = MODE_READ;
	struct app_options ao;
	const char *pattern = NULL, *script = NULL, *config = NULL, *check = NULL, *filter = NULL;
	int width = 0, c, status, failed = 0, case_flag = 0, regex_flag = 0;
	enum dump_output output = DUMP_LINES;
	size_t max_count = SIZE_MAX;
	bool utf8, check_config = false, dump_config = false, raw = false, no_cache = false;
	bool progressive, reindex = false, no_index = false;
	const char *format = NULL;
	struct doc_options dopt;
	struct library *lib;
	struct options opts;
	struct list_args la = { .sort = -1 };
	char *used;

	utf8 = text_init();
	article_guard_init();
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		switch (c) {
		case 'l': mode = MODE_LIST; break;
		case 'd': mode = MODE_DUMP; break;
		case OPT_INFO: mode = MODE_INFO; break;
		case 'w':
			if ((width = parse_width(optarg)) < 0) {
				msg_warn(stderr, "invalid width '%s' (a number from 1 to 100000)",
				    optarg);
				return 2;
			}
			break;
		case OPT_SEARCH:
			mode = MODE_SEARCH;
			pattern = optarg;
			break;
		case OPT_FILTER:
			if (mode == MODE_READ)
				mode = MODE_DUMP;
			filter = optarg;
			break;
		case OPT_COUNT: output = DUMP_COUNT; break;
		case OPT_FILES_WITH_MATCHES: output = DUMP_FILES; break;
		case OPT_MAX_COUNT:
			if (parse_count(optarg, &max_count) != 0) {
				char *safe = article_safe_line(optarg, strlen(optarg));

				msg_warn(stderr, "invalid count '%s' (a number from 0)", safe);
				free(safe);
				return 2;
			}
			break;
		case 'E':
		case 'F': regex_flag = c; break;
		case OPT_RAW: raw = true; break;
		case OPT_REINDEX: reindex = true; break;
		case OPT_NO_INDEX: no_index = true; break;
		case OPT_OUTLINE: mode = MODE_OUTLINE; break;
		case OPT_LINKS: mode = MODE_LINKS; break;
		case OPT_FORMAT:
			if (reader_named(optarg) == NULL) {
				char *safe = article_safe_line(optarg, strlen(optarg));

				msg_warn(stderr,
				    "unknown format '%s' (text, markdown, html or terminal)", safe);
				free(safe);
				return 2;
			}
			format = optarg;
			break;
		case OPT_SORT:
			if ((la.sort = listsort_lookup(optarg)) < 0) {
				char *safe = article_safe_line(optarg, strlen(optarg));

				msg_warn(stderr,
				    "unknown sort '%s' (name, title, date, size or unread)", safe);
				free(safe);
				return 2;
			}
			break;
		case OPT_UNREAD: la.unread = true; break;
		case OPT_NO_CACHE: no_cache = true; break;
		case OPT_SCRIPT: script = optarg; break;
		case 'c': config = optarg; break;
		case OPT_CHECK_CONFIG:
			check_config = true;
			check = optarg;
			break;
		case OPT_DUMP_CONFIG: dump_config = true; break;
		case 'i':
		case 's': case_flag = c; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("folio %s\n", PACKAGE_VERSION); return 0;
		default:
			bad_option(c, argv);
			usage(stderr);
			return 2;
		}
	}

	/* The configuration comes first: a bad one stops folio before it
	 * reads any article or touches the terminal. */
	if (check_config) {
		if (optind < argc && (check != NULL || optind + 1 < argc)) {
			msg_warn(stderr, "--check-config takes one FILE");
			return 2;
		}
		if (optind < argc)
			check = argv[optind++];
		if (check != NULL)
			config = check;
	}
	options_init(&opts);
	if (load_config(&opts, config, &used) != 0) {
		options_free(&opts);
		return 2;
	}
	if (check_config || dump_config) {
		if (check_config)
			report_config_ok(used);
		else
			options_dump(&opts, stdout);
		free(used);
		options_free(&opts);
		return flush_stdout();
	}
	free(used);
	options_app(&opts, &ao);
	if (case_flag != 0)
		ao.search.case_mode = case_flag == 'i' ? SEARCH_IGNORE : SEARCH_SENSITIVE;
	if (regex_flag != 0)
		ao.search.regex = regex_flag == 'E';

	lib = library_create();
	lib->input_max = (size_t)opts.documents.input_max << 20;
	/* Scripts get the same titles and formats however fast the pipe is. */
	lib->input_wait = mode != MODE_READ || script != NULL;
	for (size_t i = 0; i < opts.title_skip.n; i++)
		library_skip(lib, opts.title_skip.v[i]);
	if (!no_cache) {
		char *cache = titlecache_dir();

		library_cache(lib, cache);
		free(cache);
	}
	/* At the terminal the list shows before the scan ends (startview.h);
	 * scripts and the printing modes see the whole collection. */
	progressive = mode == MODE_READ && !reindex && script == NULL && isatty(STDOUT_FILENO);
	/* Like less, `cmd | folio` reads the pipe. */
	if (optind == argc && stdin_is_data()) {
		if (library_add(lib, "-", stderr) != 0)
			failed = 1;
	} else if (optind == argc && opts.paths.n > 0) {
		for (size_t i = 0; i < opts.paths.n; i++)
			if (add_config_path(lib, opts.paths.v[i], progressive) != 0)
				failed = 1;
	} else if (optind == argc) {
		if (add_path(lib, default_path(), progressive) != 0)
			failed = 1;
	}
	for (int i = optind; i < argc; i++)
		if (add_path(lib, argv[i], progressive) != 0)
			failed = 1;
	/* The first screen's worth, with its warnings before the screen is
	 * the terminal's; the rest comes between keys. */
	while (library_scanning(lib) && (!progressive || lib->n < FIRST_ENTRIES))
		library_scan_more(lib, progressive ? 1000 : 0, stderr);
	if (lib->n == 0 && failed) {
		library_free(lib);
		options_free(&opts);
		return 2;
	}

	if (reindex && mode == MODE_READ) {
		status = build_index(lib, &ao, width, raw, format);
		library_free(lib);
		options_free(&opts);
		return flush_stdout() != 0 || failed ? 2 : status;
	}
	/* Like less, print the articles when the output is not a terminal. */
	if (mode == MODE_READ && (script != NULL || isatty(STDOUT_FILENO))) {
		status = read_interactively(lib, utf8, script, &opts, &ao, &la);
		library_free(lib);
		options_free(&opts);
		return status;
	}
	if (width == 0)
		width = terminal_width();
	app_options_doc(&ao, width, &dopt);
	dopt.raw = raw;
	dopt.format = format;
	if (mode == MODE_INFO)
		load_titles(lib);
	switch (mode) {
	case MODE_LIST: status = list_articles(lib, &la, &opts); break;
	case MODE_INFO: status = dump_info(lib, ao.reading_speed, stdout, stderr); break;
	case MODE_SEARCH: {
		struct search_pattern *p = search_compile(pattern, strlen(pattern), &ao.search);

		/* Like grep: a pattern that is no regular expression is an
		 * error, whatever the articles hold. */
		if (search_error(p) != NULL) {
			msg_warn(stderr, "regex: %s", search_error(p));
			status = 2;
		} else {
			struct index *ix =
			    no_index ? NULL : index_open(lib, &dopt, reindex, true, stderr);

			index_query(ix, pattern, strlen(pattern), &ao.search, p, stderr);
			status = dump_search(lib, &dopt, p, output, max_count, ix, stdout, stderr);
			index_free(ix);
		}
		search_free(p);
		break;
	}
	case MODE_OUTLINE: status = dump_outline(lib, &dopt, stdout, stderr); break;
	case MODE_LINKS: status = dump_links(lib, &dopt, stdout, stderr); break;
	default:
		if (filter != NULL)
			status = filter_articles(lib, &dopt, filter, &ao.search);
		else
			status = dump_articles(lib, &dopt, stdout, stderr);
		break;
	}
	library_free(lib);
	options_free(&opts);
	/* Like grep and cat: a PATH that could not be read makes it 2, once
	 * everything else is done, whether or not anything matched. */
	if (flush_stdout() != 0 || failed)
		status = 2;
	return status;
}
