/* cfgfile.h - reading the configuration file (libconfig syntax).
 *
 * Everything the file holds is checked against option_table (options.h):
 * its type, its range or choices, and its name, an unknown one with the
 * nearest valid name suggested.  Key bindings are checked against the
 * action, context and key-name tables and applied to the options' keymap.
 * Every problem is reported as "FILE:LINE: setting.path: what is wrong",
 * quoting at most a few dozen characters of the file (an ellipsis stands
 * for the rest), and as safe text (msg.h).
 */
#ifndef FOLIO_CFGFILE_H
#define FOLIO_CFGFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct options;

/* The biggest configuration file read, in bytes. */
#define CFGFILE_MAX_SIZE (1024 * 1024)

/* The most problems reported one by one; after them one line says how
 * many more there were: "FILE: ... and N more errors". */
#define CFGFILE_MAX_MESSAGES 20

/* Where the configuration is looked for when none is named:
 * $XDG_CONFIG_HOME/folio/folio.conf, or ~/.config/folio/folio.conf when
 * XDG_CONFIG_HOME is unset, empty or not absolute.  NULL when HOME is
 * needed and unset.  The caller frees the result. */
char *cfgfile_default_path(void);

/* Loads the file at path over o, which holds the defaults (options_init) or
 * an earlier load.  Prints the problems on err (see CFGFILE_MAX_MESSAGES)
 * and returns how many there were; o changes only when there were none.
 * When the file does not exist and missing_ok is true, that is no
 * problem: o is left alone and *found (when found is not NULL) is set to
 * false. */
int cfgfile_load(struct options *o, const char *path, bool missing_ok, bool *found, FILE *err);

/* Like cfgfile_load for text[0..len), called name in messages. */
int cfgfile_load_text(struct options *o, const char *text, size_t len, const char *name, FILE *err);

#endif
