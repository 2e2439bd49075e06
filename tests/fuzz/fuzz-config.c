/* libFuzzer target: any bytes as a configuration file.  Loading never
 * crashes; a file that loads dumps to text that loads back, without a
 * problem, to the same configuration (the --dump-config round trip). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cfgfile.h"
#include "options.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* libconfig 1.5 leaks the text of a string token that a syntax error
 * follows (its parser has no destructor for it); that leak is not ours. */
const char *
__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	struct options o, back;
	char *dump = NULL;
	size_t len = 0;
	FILE *f;

	if (sink == NULL) {
		text_init();
		if ((sink = fopen("/dev/null", "w")) == NULL)
			abort();
	}
	options_init(&o);
	if (cfgfile_load_text(&o, (const char *)data, size, "fuzz.conf", sink) == 0) {
		if ((f = open_memstream(&dump, &len)) == NULL)
			abort();
		options_dump(&o, f);
		fclose(f);
		options_init(&back);
		if (cfgfile_load_text(&back, dump, len, "dump.conf", stderr) != 0 ||
		    !options_equal(&o, &back))
			abort();
		options_free(&back);
		free(dump);
	}
	options_free(&o);
	return 0;
}
