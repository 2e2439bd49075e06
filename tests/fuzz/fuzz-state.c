/* libFuzzer target: any bytes as a state file must load or be refused
 * cleanly, and what loads must serialize, reload and serialize again to the
 * same bytes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *why = NULL, *once, *twice;
	size_t n1, n2;
	struct state *st = state_from_buffer((const char *)data, size, &why), *again;

	if (st == NULL) {
		if (why == NULL)
			abort();
		free(why);
		return 0;
	}
	once = state_serialize(st, &n1);
	again = state_from_buffer(once, n1, &why);
	if (again == NULL)
		abort();
	twice = state_serialize(again, &n2);
	if (n1 != n2 || memcmp(once, twice, n1) != 0)
		abort();
	free(once);
	free(twice);
	state_free(st);
	state_free(again);
	return 0;
}
