/* libFuzzer target: any bytes as a key script (--script).  Reading never
 * crashes and always ends, at the end or on an error; every key is a key
 * (a code point or a named key) and a named one's name reads back as it;
 * a resize is to a size in range; an error names the script and a line
 * that exists; and once over, the script stays over. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "script.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether key is one that a script may press. */
static bool
is_key(int key)
{
	return (key >= 0 && key < 0x110000) || (key > FK_BEFORE_FIRST && key < FK_AFTER_LAST);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char path[] = "fuzz.keys";
	static bool ready;
	struct script s;
	enum script_step step;
	char name[KEY_NAME_MAX];
	size_t lines = 0, steps = 0;
	FILE *f;

	if (!ready) {
		text_init();
		ready = true;
	}
	if (size == 0)
		return 0;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	f = fmemopen((void *)(uintptr_t)data, size, "r");
	if (f == NULL)
		abort();
	script_init(&s, f, path);
	while ((step = script_next(&s)) != SCRIPT_END && step != SCRIPT_ERROR) {
		/* every step uses up at least one byte */
		if (++steps > size)
			abort();
		if (step == SCRIPT_KEY) {
			if (!is_key(s.key))
				abort();
			/* a named key; a typed character may have no name */
			if ((s.key < 0x20 || s.key >= FK_SPECIAL ||
				text_cp_width((uint32_t)s.key) > 0) &&
			    keys_parse(keys_name(s.key, name)) != s.key)
				abort();
		} else if (step == SCRIPT_RESIZE) {
			if (s.cols < 1 || s.cols > SCRIPT_SIZE_MAX || s.rows < 1 ||
			    s.rows > SCRIPT_SIZE_MAX)
				abort();
		} else if (step != SCRIPT_SCREEN && step != SCRIPT_IDLE) {
			abort();
		}
	}
	if (step == SCRIPT_ERROR) {
		if (s.error == NULL || strncmp(s.error, path, strlen(path)) != 0 || s.lineno < 1 ||
		    (size_t)s.lineno > lines + 1)
			abort();
	} else if (s.error != NULL) {
		abort();
	}
	if (script_next(&s) != step)
		abort();
	script_free(&s);
	fclose(f);
	return 0;
}
