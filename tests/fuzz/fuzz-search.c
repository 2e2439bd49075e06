/* libFuzzer target: a pattern and a text (split at the first NUL byte),
 * searched in every mode: matches must lie in the text, start at or after
 * where the search began, and agree with search_count. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *nul;
	size_t plen, tlen;
	const char *text;
	struct search_options o;

	if (!ready) {
		text_init();
		ready = 1;
	}
	if (size < 1)
		return 0;
	o.case_mode = (enum search_case)(data[0] % 3);
	o.ignore_accents = (data[0] & 4) != 0;
	data++;
	size--;
	nul = memchr(data, '\0', size);
	plen = nul != NULL ? (size_t)(nul - (const char *)data) : size;
	text = (const char *)data + plen + (nul != NULL);
	tlen = size - plen - (nul != NULL);
	{
		struct search_pattern *p = search_compile((const char *)data, plen, &o);
		size_t pos = 0, n = 0, s, e;

		while (pos < tlen && search_find(p, text, tlen, pos, tlen, &s, &e)) {
			if (s < pos || e <= s || e > tlen)
				abort();
			n++;
			pos = e;
		}
		if (n != search_count(p, text, tlen))
			abort();
		search_free(p);
	}
	return 0;
}
