/* prompt.h - the one-line editor of the prompt (search patterns).
 *
 * The text is UTF-8 typed by the user; editing works at the end of the
 * line, as in less.  Up and Down walk a history the caller provides,
 * whose entries may hold bytes that are no UTF-8 (it is read from disk):
 * each such byte is one character.
 */
#ifndef FOLIO_PROMPT_H
#define FOLIO_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

struct prompt {
	char *text; /* owned, NUL-terminated */
	size_t len, cap;
	long hist;   /* history entry shown, -1: the line being typed */
	char *draft; /* owned: the line being typed while history shows */
};

void prompt_init(struct prompt *p);
void prompt_free(struct prompt *p);
void prompt_set(struct prompt *p, const char *text);
/* Appends the character cp (a code point of width >= 0). */
void prompt_insert(struct prompt *p, unsigned cp);
/* Deletes the last grapheme cluster; false when the line was empty. */
bool prompt_backspace(struct prompt *p);
/* Deletes the last word and the blanks after it. */
bool prompt_delete_word(struct prompt *p);
/* Shows history entry (count entries, newest last) older (dir -1) or newer
 * (dir 1) than the one shown; false when there is none. */
bool prompt_history(struct prompt *p, const char *const *entries, size_t count, int dir);

#endif
