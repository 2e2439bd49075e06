/* options.h - every setting of folio, declared once.
 *
 * option_table lists each setting with its path in the configuration file
 * ("layout.sources_width"), its type, where it lives in struct options, its
 * default, its range or choices and one line of help.  The defaults
 * (options_init), the loader's checks and unknown-name detection (cfgfile.c),
 * --dump-config (options_dump) and the comparison of two configurations all
 * walk this one table; a test checks config/folio.conf against it.
 */
#ifndef FOLIO_OPTIONS_H
#define FOLIO_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app.h"
#include "roles.h"

struct keymap;

/* A list of strings; v and every v[i] are owned. */
struct strlist {
	char **v;
	size_t n;
};

struct options {
	struct strlist paths;      /* opened when no PATH is given, as written */
	struct strlist title_skip; /* boilerplate lines a title is not taken from */
	char *list_format;         /* owned: a list row (listfmt.h) */
	char *date_format;         /* owned: strftime format of %d */
	int list_sort;             /* an enum list_sort: the list's first order */
	bool list_hide_read;       /* the list starts with read articles hidden */
	struct {
		int sources_width;  /* columns of the source list */
		int text_width;     /* maximum reading width, 0: the whole pane */
		bool center;        /* centre the text when it is narrower */
		int split_min_cols; /* below this, one pane at a time */
		int reflow;         /* an enum layout_reflow */
		bool chop;          /* preformatted lines chopped, not wrapped */
		bool hang;          /* wrapped plain-text lines hang under their text */
		int reading_speed;  /* words a minute */
	} layout;
	struct {
		bool smart_case;         /* ignore case unless the pattern has capitals */
		bool wrap;               /* searches wrap around the article's ends */
		bool incremental;        /* search as the pattern is typed */
		bool accent_insensitive; /* "cafe" finds "café" */
		bool regex;              /* patterns are regular expressions */
	} search;
	bool mouse;
	int rescan_interval; /* seconds between idle checks of the folders */
	int hyperlinks;      /* an enum hyperlink_mode */
	struct {
		struct strlist show_source; /* formats shown as their source */
		int max_render;             /* MiB; bigger files show as text */
		int input_max;              /* MiB read of a stream or decoded */
		bool link_numbers;          /* "[N]" after each link */
		bool styles;                /* overstrike and SGR as styles */
	} documents;
	struct {
		char *browser;      /* owned: opens links; "" $BROWSER, xdg-open */
		char *copy_command; /* owned: copies on its stdin; "" OSC 52 */
		int copy_limit;     /* KiB an OSC 52 copy holds at most */
	} outside;
	struct {
		bool remember_position;
		int mark_read; /* an enum mark_read */
	} state;
	struct role_style colors[ROLE_COUNT];
	struct keymap *keymap; /* owned: the defaults and the configured keys */
};

enum option_type {
	OPTION_BOOL,    /* bool */
	OPTION_INT,     /* int within [min, max] */
	OPTION_CHOICE,  /* int: an index into choices */
	OPTION_PATHS,   /* struct strlist, empty by default */
	OPTION_STRINGS, /* struct strlist, strings by default */
	OPTION_STRING,  /* char *, owned: str by default */
	OPTION_KEYS,    /* struct keymap *: a list of bindings */
	OPTION_STYLE,   /* struct role_style of role: a group of fg, bg, attrs, mono */
};

struct option_def {
	const char *path; /* "group.name" or "name" */
	enum option_type type;
	size_t offset;              /* of the value in struct options */
	long long def;              /* default of BOOL, INT and CHOICE */
	long long min, max;         /* range of INT */
	const char *const *choices; /* CHOICE: names, NULL-terminated */
	const char *const *strings; /* STRINGS: the default, NULL-terminated */
	const char *str;            /* STRING: the default */
	/* STRING: whether value is good; when not, *why (the caller frees it)
	 * says what is wrong.  NULL: any string is. */
	bool (*check)(const char *value, char **why);
	int role;        /* STYLE: an enum role */
	const char *doc; /* one line of help */
};

/* The table, in the order --dump-config prints it; the settings of a group
 * are next to each other. */
extern const struct option_def option_table[];
extern const size_t option_count;

/* The setting at path, or NULL. */
const struct option_def *options_find(const char *path);

/* Names for the values of settings, indexed by value; each list has a NULL
 * after its last name. */
extern const char *const options_role_names[ROLE_COUNT + 1];
extern const char *const options_color_names[RC_NAMED_COUNT + 1];
extern const char *const options_attr_names[RAB_COUNT + 1];
extern const char *const options_mark_read_names[MARK_READ_COUNT + 1];
extern const char *const options_hyperlink_names[];
extern const char *const options_reflow_names[];

/* The colour named name ("red", "default"), or -2. */
int options_color_lookup(const char *name);
/* The RA_* bit of an attribute name, 0 for "normal", or -1. */
int options_attr_lookup(const char *name);

/* Fills o with the built-in defaults (a new keymap holding the default
 * bindings).  Release with options_free. */
void options_init(struct options *o);
/* Frees what o owns and zeroes it; o may be zeroed already. */
void options_free(struct options *o);
/* Makes dst (uninitialised) a deep copy of src. */
void options_copy(struct options *dst, const struct options *src);
/* True when a and b are the same configuration: every setting equal, and
 * the same bindings in the same order. */
bool options_equal(const struct options *a, const struct options *b);

/* Prints o to f in libconfig syntax, one comment of help per setting, every
 * key binding included; loading the output gives o back.  Strings are
 * escaped so that nothing printed acts on a terminal. */
void options_dump(const struct options *o, FILE *f);

/* The reader's options as o sets them (layout and search). */
void options_app(const struct options *o, struct app_options *out);

/* Appends a copy of s to l. */
void strlist_add(struct strlist *l, const char *s);
void strlist_free(struct strlist *l);

#endif
