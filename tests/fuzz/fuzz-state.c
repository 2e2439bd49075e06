/* libFuzzer target: any bytes as an old state file (the text file older
 * folios kept, which is imported once) must load or be refused cleanly,
 * and what loads must answer reads of each of its records.
 *
 * Each input is tried twice.  First as it is, so that the header, the end
 * line and its checksum are fuzzed too.  Then sealed: given the header
 * "folio-state 1" when it does not start with "folio-state ", its own end
 * line (a last line starting "end\t") cut off, and a correct end line
 * added, so that mutated records reach the record parser instead of
 * nearly all failing the checksum.  A sealed file is never refused for
 * its end line or checksum. */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"
#include "xmalloc.h"

#define HEADER "folio-state "
#define HEADER_LINE "folio-state 1\n"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The state file's checksum: 64-bit FNV-1a of everything before the end
 * line, written as 16 hex digits. */
static uint64_t
checksum(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Loads buf[0..len); what loads must answer reads.  Returns whether it
 * loaded, with the reason it did not in *why (to free). */
static bool
check(const char *buf, size_t len, char **why)
{
	struct state *st = state_from_buffer(buf, len, why);
	struct state_article a;
	const char *path;
	uint64_t pos;

	if (st == NULL) {
		if (*why == NULL)
			abort();
		return false;
	}
	for (int k = 'A'; k <= 'Z'; k++)
		if (state_global_mark(st, k, &path, &pos))
			state_get(st, path, 0, &a);
	for (size_t i = 0; i < state_history_count(st); i++)
		if (state_history_get(st, i) == NULL || state_history_get(st, i)[0] == '\0')
			abort();
	state_free(st);
	return true;
}

/* buf[0..len) sealed as the comment at the top says; the caller frees it. */
static char *
seal(const char *buf, size_t len, size_t *out)
{
	bool header = len >= strlen(HEADER) && memcmp(buf, HEADER, strlen(HEADER)) == 0;
	size_t body = len, start, n = 0;
	char *s = xmalloc(strlen(HEADER_LINE) + len + 1 + 21 + 1);

	/* cut the last line when it is an end line (with or without '\n') */
	start = body > 0 && buf[body - 1] == '\n' ? body - 1 : body;
	while (start > 0 && buf[start - 1] != '\n')
		start--;
	if (body - start >= 4 && memcmp(buf + start, "end\t", 4) == 0)
		body = start;

	if (!header) {
		memcpy(s, HEADER_LINE, strlen(HEADER_LINE));
		n = strlen(HEADER_LINE);
	}
	memcpy(s + n, buf, body);
	n += body;
	if (n > 0 && s[n - 1] != '\n')
		s[n++] = '\n';
	n += (size_t)snprintf(s + n, 22, "end\t%016" PRIx64 "\n", checksum(s, n));
	*out = n;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *why = NULL, *sealed;
	size_t n;

	if (!check((const char *)data, size, &why))
		free(why);
	why = NULL;

	sealed = seal((const char *)data, size, &n);
	if (!check(sealed, n, &why)) {
		if (strstr(why, "checksum") != NULL || strstr(why, "end line") != NULL)
			abort();
		free(why);
	}
	free(sealed);
	return 0;
}
