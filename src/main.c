#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "article.h"
#include "dump.h"
#include "keymap.h"
#include "library.h"
#include "search.h"
#include "text.h"
#include "ui.h"
#include "xmalloc.h"

enum mode { MODE_READ, MODE_LIST, MODE_DUMP, MODE_SEARCH };

enum {
	OPT_SEARCH = 256,
	OPT_COUNT,
	OPT_SCRIPT,
};

static const struct option long_options[] = {
	{ "list", no_argument, NULL, 'l' },
	{ "dump", no_argument, NULL, 'd' },
	{ "width", required_argument, NULL, 'w' },
	{ "search", required_argument, NULL, OPT_SEARCH },
	{ "count", no_argument, NULL, OPT_COUNT },
	{ "ignore-case", no_argument, NULL, 'i' },
	{ "case-sensitive", no_argument, NULL, 's' },
	{ "script", required_argument, NULL, OPT_SCRIPT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void
usage(FILE *f)
{
	fputs("Usage: folio [OPTION]... [PATH]...\n"
	      "Read a collection of articles in the terminal.\n"
	      "\n"
	      "PATH is an article file or a folder of them (scanned recursively).\n"
	      "With no PATH, folio opens ./articles when it exists, else the\n"
	      "sample collection installed with it.\n"
	      "\n"
	      "  -l, --list             print \"path<TAB>title\" for each article\n"
	      "  -d, --dump             print each article as the reader lays it out\n"
	      "  -w, --width=N          width for --dump (default: the terminal's, or 80)\n"
	      "      --search=PATTERN   print \"path:line:text\" for each matching line;\n"
	      "                         exit 0 if something matched, 1 if not, 2 on error\n"
	      "      --count            with --search, print \"path:N\" matches per article\n"
	      "  -i, --ignore-case      search ignoring case\n"
	      "  -s, --case-sensitive   search respecting case\n"
	      "                         (default: smart case, ignoring case unless the\n"
	      "                         pattern has an uppercase letter)\n"
	      "      --script=FILE      read keys from FILE instead of the keyboard and\n"
	      "                         print the screen where it says :screen (tests)\n"
	      "  -h, --help             show this help and exit\n"
	      "  -V, --version          show the version and exit\n",
	    f);
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

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* The paths opened when none are given: ./articles, else the installed
 * sample collection. */
static const char *
default_path(void)
{
	struct stat st;

	if (stat("articles", &st) == 0 && S_ISDIR(st.st_mode))
		return "articles";
	return PKGDATADIR "/articles";
}

static int
read_interactively(struct library *lib, bool utf8, const char *script)
{
	struct keymap *km = keymap_create();
	struct ui_options uo = { .utf8 = utf8, .mouse = true, .script = script };
	struct app app;
	int status;

	app_init(&app, lib, km, &app_default_options);
	status = ui_run(&app, &uo);
	app_free(&app);
	keymap_free(km);
	return status;
}

int
main(int argc, char **argv)
{
	enum mode mode = MODE_READ;
	struct search_options sopts = { .case_mode = SEARCH_SMART };
	const char *pattern = NULL, *script = NULL;
	int width = 0, count = 0, c, status, failed = 0;
	bool utf8;
	struct library *lib;

	utf8 = text_init();
	article_guard_init();
	while ((c = getopt_long(argc, argv, "ldw:ishV", long_options, NULL)) != -1) {
		switch (c) {
		case 'l':
			mode = MODE_LIST;
			break;
		case 'd':
			mode = MODE_DUMP;
			break;
		case 'w':
			if ((width = parse_width(optarg)) < 0) {
				fprintf(stderr, "folio: invalid width '%s' (a number from 1 to 100000)\n", optarg);
				return 2;
			}
			break;
		case OPT_SEARCH:
			mode = MODE_SEARCH;
			pattern = optarg;
			break;
		case OPT_COUNT:
			count = 1;
			break;
		case OPT_SCRIPT:
			script = optarg;
			break;
		case 'i':
			sopts.case_mode = SEARCH_IGNORE;
			break;
		case 's':
			sopts.case_mode = SEARCH_SENSITIVE;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("folio %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}

	lib = library_create();
	if (optind == argc) {
		if (library_add(lib, default_path(), stderr) != 0)
			failed = 1;
	}
	for (int i = optind; i < argc; i++)
		if (library_add(lib, argv[i], stderr) != 0)
			failed = 1;
	if (lib->n == 0 && failed) {
		library_free(lib);
		return 2;
	}

	/* Like less, print the articles when the output is not a terminal. */
	if (mode == MODE_READ && (script != NULL || isatty(STDOUT_FILENO))) {
		status = read_interactively(lib, utf8, script);
		library_free(lib);
		return status;
	}
	if (width == 0)
		width = terminal_width();
	switch (mode) {
	case MODE_LIST:
		status = dump_list(lib, stdout);
		break;
	case MODE_SEARCH: {
		struct search_pattern *p = search_compile(pattern, strlen(pattern), &sopts);

		status = dump_search(lib, p, count, stdout, stderr);
		search_free(p);
		break;
	}
	default:
		status = dump_articles(lib, width, stdout, stderr);
		break;
	}
	library_free(lib);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "folio: write error: %s\n", strerror(errno));
		status = 2;
	}
	if (status == 0 && failed)
		status = 2;
	return status;
}
