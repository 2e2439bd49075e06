/* save.h - saving a copy of an article: the name a save proposes, the
 * file a typed name means, and writing a file whole or not at all.
 *
 * Plain C with no terminal: the handlers of s (savecmd.h) use it, and
 * tests/test-outside.c tests it.
 */
#ifndef FOLIO_SAVE_H
#define FOLIO_SAVE_H

#include <stdbool.h>
#include <stdio.h>

/* What a save holds while its prompt is open, and while it asks whether
 * to overwrite a file. */
struct save_ask {
	bool source; /* the source bytes, else the rendered text */
	char *label; /* owned: the prompt's lead (ASCII), NULL when closed */
	char *path;  /* owned: the file to write, while the overwrite is
	                asked; NULL else */
};

/* Frees what s holds and empties it. */
void save_ask_clear(struct save_ask *s);

/* The name a save proposes for the article at path: its base name, less
 * a compression suffix (.gz, .bz2, .xz, .zst: what is saved is what the
 * file holds), and for a rendered text with its extension made ".txt".
 * Standard input ("-") is "stdin".  The caller frees it. */
char *save_default_name(const char *path, bool rendered);

/* The file a typed name means: a leading "~/" is in $HOME; a name that
 * is a folder, or ends in '/', gets name after it, as cp does.  NULL when
 * typed holds only blanks.  The caller frees it. */
char *save_target(const char *typed, const char *name);

/* Writes the file at path whole or not at all: fill writes the content
 * to f (a temporary file in path's folder) and returns false when it
 * failed (errno set); the file is then flushed, synced and renamed over
 * path, and the folder synced.  A new file gets mode 0666 less the
 * umask; a file replaced keeps its mode.  On failure nothing at path
 * changes, no temporary file is left, and *err (the caller frees it)
 * says "Cannot save PATH: why".  A symbolic link at path is replaced by
 * the file, not followed. */
bool save_write(const char *path, bool (*fill)(FILE *f, void *arg), void *arg, char **err);

#endif
