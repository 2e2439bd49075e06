/* keys.h - key codes and the one table of key names.
 *
 * A key is an int: a character key is its Unicode code point ('j', 'G',
 * 0x4E2D); a control key is its control code (C-d is 4, Tab 9, Enter 13,
 * Esc 27); other keys are FK_* values above every code point.  The names
 * ("C-d", "PageDown", "Space", "S-Tab", or a character itself) are the ones
 * the configuration, the help screen and the test scripts use.
 */
#ifndef FOLIO_KEYS_H
#define FOLIO_KEYS_H

#include <stddef.h>

#define FK_NONE (-1)
#define FK_SPECIAL 0x200000

#define FK_KEYS(X) \
	X(UP, "Up") \
	X(DOWN, "Down") \
	X(LEFT, "Left") \
	X(RIGHT, "Right") \
	X(PAGE_UP, "PageUp") \
	X(PAGE_DOWN, "PageDown") \
	X(HOME, "Home") \
	X(END, "End") \
	X(INSERT, "Insert") \
	X(DELETE, "Delete") \
	X(BACKSPACE, "Backspace") \
	X(BACKTAB, "S-Tab") \
	X(F1, "F1") \
	X(F2, "F2") \
	X(F3, "F3") \
	X(F4, "F4") \
	X(F5, "F5") \
	X(F6, "F6") \
	X(F7, "F7") \
	X(F8, "F8") \
	X(F9, "F9") \
	X(F10, "F10") \
	X(F11, "F11") \
	X(F12, "F12") \
	X(RESIZE, "Resize") \
	X(MOUSE, "Mouse")

enum {
	FK_BEFORE_FIRST = FK_SPECIAL - 1,
#define FK_ENUM(id, name) FK_##id,
	FK_KEYS(FK_ENUM)
#undef FK_ENUM
	    FK_AFTER_LAST
};

#define KEY_CTRL(c) ((c)&0x1F)
#define KEY_ENTER_CODE 13
#define KEY_ESC_CODE 27
#define KEY_NAME_MAX 16

/* The key named name, or FK_NONE when the name means no key. */
int keys_parse(const char *name);

/* Writes the name of key into buf (at least KEY_NAME_MAX bytes) and
 * returns buf; the name parses back to the same key. */
char *keys_name(int key, char *buf);

#endif
