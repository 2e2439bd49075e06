/* help.h - the help screen's text, generated from the action table.
 *
 * One entry per action: the keys that do it (with the context when a key
 * works in one pane only), what it does, and its name for the keys setting
 * of the configuration.
 */
#ifndef FOLIO_HELP_H
#define FOLIO_HELP_H

struct keymap;

/* The help text for km; the caller frees it. */
char *help_text(const struct keymap *km);

#endif
