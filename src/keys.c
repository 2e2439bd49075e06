#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "keys.h"
#include "text.h"

struct key_name {
	const char *name;
	int key;
};

/* Named keys; the first name of a key is the one shown. */
static const struct key_name names[] = {
#define FK_NAME(id, name) { name, FK_##id },
	FK_KEYS(FK_NAME)
#undef FK_NAME
	    { "Space", ' ' },
	{ "Enter", KEY_ENTER_CODE },
	{ "Tab", '\t' },
	{ "Esc", KEY_ESC_CODE },
	{ "Return", KEY_ENTER_CODE },
	{ "Escape", KEY_ESC_CODE },
	{ "PgUp", FK_PAGE_UP },
	{ "PgDn", FK_PAGE_DOWN },
	{ "BackTab", FK_BACKTAB },
	{ "C-?", FK_BACKSPACE },
};

int
keys_parse(const char *name)
{
	size_t len = strlen(name);
	uint32_t cp;

	if (len == 0)
		return FK_NONE;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i].name) == 0)
			return names[i].key;
	/* C-a .. C-z and the other control characters C-@ .. C-_. */
	if (len == 3 && (name[0] == 'C' || name[0] == 'c') && name[1] == '-') {
		char c = name[2];

		if (c >= 'a' && c <= 'z')
			return KEY_CTRL(c);
		if (c >= '@' && c <= '_')
			return KEY_CTRL(c);
		return FK_NONE;
	}
	/* A single printable character stands for itself. */
	if (text_decode(name, len, &cp) == len && text_cp_width(cp) > 0)
		return (int)cp;
	return FK_NONE;
}

char *
keys_name(int key, char *buf)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].key == key) {
			snprintf(buf, KEY_NAME_MAX, "%s", names[i].name);
			return buf;
		}
	if (key >= 0 && key < 0x20)
		snprintf(buf, KEY_NAME_MAX, "C-%c",
		    key == 0       ? '@'
			: key < 27 ? key + 'a' - 1
				   : key + '@');
	else if (key >= 0x20 && key < 0x110000 && key != 0x7F &&
	    !(key >= 0xD800 && key <= 0xDFFF)) {
		size_t n = text_encode((uint32_t)key, buf);

		buf[n] = '\0';
	} else
		snprintf(buf, KEY_NAME_MAX, "<%d>", key);
	return buf;
}
