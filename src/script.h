/* script.h - the key scripts that --script reads instead of the keyboard,
 * for the screen tests.
 *
 * A script is text, one instruction a line:
 *   # WORDS             a comment (only where the line starts with '#')
 *   :screen             print the screen
 *   :resize COLSxROWS   resize the screen, each 1 to SCRIPT_SIZE_MAX
 *   :idle               do what the keyboard being idle does (files
 *                       that changed reloaded, the folders' check done
 *                       as if its interval had passed)
 *   :type TEXT          type TEXT, one key per character (a byte that is
 *                       no UTF-8 types U+FFFD)
 *   NAME...             press the keys of these names (keys.h),
 *                       separated by blanks
 * A NUL byte ends its line.  Any other line starting with ':', and an
 * unknown key name, is an error that ends the script.
 *
 * The reader is plain C: the ui does what each step says.
 */
#ifndef FOLIO_SCRIPT_H
#define FOLIO_SCRIPT_H

#include <stdbool.h>
#include <stdio.h>

#define SCRIPT_SIZE_MAX 1000

enum script_step {
	SCRIPT_KEY,    /* press key */
	SCRIPT_SCREEN, /* print the screen */
	SCRIPT_RESIZE, /* resize the screen to cols x rows */
	SCRIPT_END,    /* the script is over */
	SCRIPT_ERROR,  /* error is what is wrong; the script is over */
	SCRIPT_IDLE,   /* a tick with no key */
};

struct script {
	int key;          /* of SCRIPT_KEY */
	int cols, rows;   /* of SCRIPT_RESIZE */
	char *error;      /* of SCRIPT_ERROR: owned, "PATH:LINE: what" */
	FILE *f;          /* borrowed */
	const char *path; /* borrowed, for messages */
	long lineno;
	char *line; /* owned: the line being read */
	size_t cap;
	char *next;        /* the rest of the line's key names, or NULL */
	const char *typed; /* the rest of a :type text, or NULL */
	bool over;         /* the script ended, at its end or (error set) on an error */
};

/* Starts reading the script f, named path in messages (both borrowed). */
void script_init(struct script *s, FILE *f, const char *path);
/* Frees what s holds (not f); s may then be started again. */
void script_free(struct script *s);

/* Reads the next step; once the script is over, every call returns the
 * same SCRIPT_END or SCRIPT_ERROR. */
enum script_step script_next(struct script *s);

#endif
