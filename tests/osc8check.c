#include "config.h"

/* osc8check - reads a terminal's raw output and checks its hyperlinks.
 *
 * Every OSC 8 must be ESC ] 8 ; PARAMS ; URI ST (ST is ESC \), with PARAMS
 * empty or id=ID and ID and URI printable ASCII; a link is opened with a
 * URI (and an id, or none) and closed (empty params and URI) before the
 * next opens; one id always names one URI; between an opening and its closing there is
 * no byte below 0x20 but those of CSI SGR sequences (ESC [ digits ; m), the
 * cursor moves of the terminal (ESC [ digits ; H), the character set
 * choices that come with attributes (ESC ( B, SI, SO), never another OSC;
 * the output ends outside any link.  Prints "links OPENED", one line per id
 * "id ID COUNT URI" (how many times it was opened; ID "-" for the links
 * opened without an id, counted by URI), and "error: ..." for
 * each fault; exits 1 on a fault. */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct idrec {
	char *id, *uri;
	int count;
};

static struct idrec ids[4096];
static int nids;
static int errors;

static void
fault(long at, const char *what)
{
	if (errors++ < 20)
		printf("error: byte %ld: %s\n", at, what);
}

static bool
printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7E)
			return false;
	return true;
}

static void
note_id(long at, const char *id, size_t idn, const char *uri, size_t urin)
{
	for (int i = 0; i < nids; i++)
		if (strlen(ids[i].id) == idn && memcmp(ids[i].id, id, idn) == 0) {
			if (strlen(ids[i].uri) != urin || memcmp(ids[i].uri, uri, urin) != 0)
				fault(at, "one id, two URIs");
			ids[i].count++;
			return;
		}
	if (nids == (int)(sizeof ids / sizeof ids[0]))
		return;
	ids[nids].id = strndup(id, idn);
	ids[nids].uri = strndup(uri, urin);
	ids[nids++].count = 1;
}

/* A link opened without an id: counted by its URI, listed as id "-". */
static struct idrec anon[4096];
static int nanon;

static void
note_anon(const char *uri, size_t urin)
{
	for (int i = 0; i < nanon; i++)
		if (strlen(anon[i].uri) == urin && memcmp(anon[i].uri, uri, urin) == 0) {
			anon[i].count++;
			return;
		}
	if (nanon == (int)(sizeof anon / sizeof anon[0]))
		return;
	anon[nanon].id = NULL;
	anon[nanon].uri = strndup(uri, urin);
	anon[nanon++].count = 1;
}

int
main(int argc, char **argv)
{
	FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
	char *buf = NULL;
	size_t len = 0, cap = 0, k;
	bool in = false;
	int opened = 0;

	if (f == NULL) {
		perror(argv[1]);
		return 2;
	}
	for (;;) {
		if (len + 65536 > cap) {
			cap = 2 * cap + 65536;
			buf = realloc(buf, cap);
			if (buf == NULL)
				return 2;
		}
		k = fread(buf + len, 1, cap - len, f);
		if (k == 0)
			break;
		len += k;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == 0x1B && i + 1 < len && buf[i + 1] == ']') {
			size_t j = i + 2, st;
			const char *p, *semi2;

			while (
			    j + 1 < len && !(buf[j] == 0x1B && buf[j + 1] == '\\') && buf[j] != 7)
				j++;
			if (j + 1 >= len || buf[j] == 7) {
				fault((long)i, "OSC not ended by ST");
				continue;
			}
			st = j;
			p = buf + i + 2;
			if (st - (i + 2) < 3 || p[0] != '8' || p[1] != ';') {
				fault((long)i, "OSC other than 8");
				i = st + 1;
				continue;
			}
			semi2 = memchr(p + 2, ';', (size_t)(buf + st - (p + 2)));
			if (semi2 == NULL) {
				fault((long)i, "OSC 8 without its second ';'");
				i = st + 1;
				continue;
			}
			{
				const char *params = p + 2, *uri = semi2 + 1;
				size_t pn = (size_t)(semi2 - params), un = (size_t)(buf + st - uri);

				if (pn == 0 && un == 0) {
					if (!in)
						fault((long)i, "link closed that was not open");
					in = false;
				} else {
					if (in)
						fault((long)i, "link opened inside a link");
					if (pn > 0 &&
					    (pn < 4 || memcmp(params, "id=", 3) != 0 ||
						!printable(params + 3, pn - 3)))
						fault((long)i,
						    "params are neither empty nor id=ID, ID "
						    "printable");
					if (un == 0 || !printable(uri, un))
						fault((long)i, "URI empty or not printable ASCII");
					if (pn == 0)
						note_anon(uri, un);
					else
						note_id((long)i, params + 3, pn - 3, uri, un);
					in = true;
					opened++;
				}
			}
			i = st + 1;
			continue;
		}
		if (in && c == 0x1B) {
			size_t j = i + 1;

			if (j < len && buf[j] == '[') {
				j++;
				while (
				    j < len && ((buf[j] >= '0' && buf[j] <= '9') || buf[j] == ';'))
					j++;
				if (j < len && (buf[j] == 'm' || buf[j] == 'H')) {
					i = j;
					continue;
				}
			}
			if (j < len && buf[j] == '(' && j + 1 < len && buf[j + 1] == 'B') {
				i = j + 1;
				continue;
			}
			fault((long)i, "an escape other than SGR inside a link");
			continue;
		}
		/* SI and SO pick the character set: terminfo's sgr and sgr0 of
		 * screen and tmux end with SI. */
		if (in && (c < 0x20 || c == 0x7F) && c != 0x0E && c != 0x0F)
			fault((long)i, "a control byte inside a link");
	}
	if (in)
		fault((long)len, "the output ends inside a link");
	printf("links %d\n", opened);
	for (int i = 0; i < nids; i++)
		printf("id %s %d %s\n", ids[i].id, ids[i].count, ids[i].uri);
	for (int i = 0; i < nanon; i++)
		printf("id - %d %s\n", anon[i].count, anon[i].uri);
	return errors > 0;
}
