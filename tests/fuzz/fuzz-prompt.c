/* libFuzzer target: the prompt's line editing.  The bytes give a search
 * history, then a sequence of edits - typing a character, Backspace, C-w,
 * C-u, Up, Down - applied to one prompt, which must keep its contract
 * after each one: the text is NUL-terminated at len inside its buffer and
 * holds no other NUL; typing appends exactly the character; Backspace
 * takes off one whole grapheme cluster (the text stays UTF-8 when it
 * was), or one byte that is no UTF-8; C-w the last word and the blanks
 * after it; C-u everything; and Up and Down walk the history, newest
 * last, bringing back the line being typed at the newest end.  (Editing
 * is at the end of the line, so the end is the only cursor there is.)
 *
 * Input: a byte N, then N % 8 history entries, each a length byte L and
 * L % 32 bytes (any bytes: a history comes from a state file on disk, so
 * it need not be UTF-8; a NUL ends an entry early); then one edit a byte
 * E: by E % 8, typing one of a list of characters (the next byte picks
 * it) or any code point (E / 8 and the next two bytes), Backspace, C-w,
 * C-u, Up, Down; at most EDITS_MAX of them. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unistr.h>

#include "prompt.h"
#include "text.h"
#include "xmalloc.h"

#define ENTRIES_MAX 8
#define ENTRY_LEN_MAX 32
/* Edits of one input: Backspace looks at the whole line, so a longer
 * sequence only costs time (a typed line is short). */
#define EDITS_MAX 2048

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Characters that make grapheme clusters interesting, picked by a byte. */
static const uint32_t picks[] = {
	'a',
	' ',
	'Z',
	0xE9,
	0x301,
	0x308,
	0x200D,
	0xFE0F,
	0x1F600,
	0x1F1E6,
	0x1F1EB,
	0x1100,
	0x1161,
	0x11A8,
	0xAC00,
	0x4E2D,
	0x3000,
	0x200B,
	0x0E33,
	0x094D,
	0xFFFD,
	0x10FFFD,
};

/* What the prompt must hold, worked out from the contract alone. */
struct model {
	char *text; /* owned */
	size_t len;
	long hist;   /* entry shown, -1 for the line being typed */
	char *draft; /* owned: the line being typed while an entry shows */
};

static void
set(struct model *m, const char *s, size_t n)
{
	free(m->text);
	m->text = xmalloc(n + 1);
	memcpy(m->text, s, n);
	m->text[n] = '\0';
	m->len = n;
}

/* The prompt is well formed and holds what the model says. */
static void
check(const struct prompt *p, const struct model *m)
{
	if (p->text == NULL || p->len >= p->cap || p->text[p->len] != '\0' ||
	    strlen(p->text) != p->len)
		abort();
	if (p->len != m->len || memcmp(p->text, m->text, m->len) != 0 || p->hist != m->hist)
		abort();
}

/* Whether cp is a character the reader lets the user type. */
static bool
typable(uint32_t cp)
{
	return cp >= 0x20 && cp < 0x110000 && !(cp >= 0xD800 && cp <= 0xDFFF) &&
	    text_cp_width(cp) >= 0;
}

/* Backspace in the model: the last grapheme cluster of valid UTF-8, or
 * the last byte when it is no part of a character. */
static void
backspace(struct model *m)
{
	const uint8_t *s = (const uint8_t *)m->text;
	size_t i = 0, last = 0, valid = 0, n, cut;
	uint32_t cp;
	bool bad_last = false;
	char *breaks;

	/* valid: where the UTF-8 after the last byte that is none starts */

	while (i < m->len) {
		n = text_decode(m->text + i, m->len - i, &cp);
		bad_last = n == 1 && cp == TEXT_REPLACEMENT;
		if (bad_last)
			valid = i + 1;
		last = i;
		i += n;
	}
	if (bad_last) {
		m->len = last;
		m->text[m->len] = '\0';
		return;
	}
	breaks = xmalloc(m->len - valid);
	u8_grapheme_breaks(s + valid, m->len - valid, breaks);
	cut = m->len - valid - 1;
	while (cut > 0 && !breaks[cut])
		cut--;
	free(breaks);
	m->len = valid + cut;
	m->text[m->len] = '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	char *entries[ENTRIES_MAX];
	size_t nentries, i = 0;
	struct prompt p;
	struct model m = { NULL, 0, -1, NULL };
	bool valid;

	if (!ready) {
		text_init();
		ready = true;
	}
	if (size == 0)
		return 0;
	nentries = data[i++] % ENTRIES_MAX;
	for (size_t k = 0; k < nentries; k++) {
		size_t len = i < size ? data[i++] % ENTRY_LEN_MAX : 0;

		if (len > size - i)
			len = size - i;
		entries[k] = xmalloc(len + 1);
		memcpy(entries[k], data + i, len);
		entries[k][len] = '\0';
		i += len;
	}

	prompt_init(&p);
	set(&m, "", 0);
	check(&p, &m);
	for (int edits = 0; i < size && edits < EDITS_MAX; edits++) {
		uint8_t op = data[i++];
		uint32_t cp;
		bool r;

		switch (op % 8) {
		case 0:
		case 1:
			/* a character from the list, or any code point */
			if (op % 8 == 0) {
				cp = i < size ? picks[data[i++] % (sizeof picks / sizeof picks[0])]
					      : 'x';
			} else {
				cp = (uint32_t)(op >> 3) << 16;
				cp |= i < size ? (uint32_t)data[i++] << 8 : 0;
				cp |= i < size ? data[i++] : 0;
				cp %= 0x110000;
			}
			if (!typable(cp))
				break;
			{
				char enc[4];
				size_t n = text_encode(cp, enc);
				char *t = xmalloc(m.len + n + 1);

				memcpy(t, m.text, m.len);
				memcpy(t + m.len, enc, n);
				t[m.len + n] = '\0';
				free(m.text);
				m.text = t;
				m.len += n;
			}
			prompt_insert(&p, cp);
			break;
		case 2:
		case 3:
			valid = u8_check((const uint8_t *)m.text, m.len) == NULL;
			r = prompt_backspace(&p);
			if (r != (m.len > 0))
				abort();
			if (r)
				backspace(&m);
			if (valid && u8_check((const uint8_t *)p.text, p.len) != NULL)
				abort();
			break;
		case 4:
			r = prompt_delete_word(&p);
			if (r != (m.len > 0))
				abort();
			while (m.len > 0 && m.text[m.len - 1] == ' ')
				m.len--;
			while (m.len > 0 && m.text[m.len - 1] != ' ')
				m.len--;
			m.text[m.len] = '\0';
			break;
		case 5:
			prompt_set(&p, "");
			set(&m, "", 0);
			break;
		default: {
			/* Up (older) or Down (newer) */
			int dir = op % 8 == 6 ? -1 : 1;
			long next;

			if (m.hist < 0)
				next = dir < 0 && nentries > 0 ? (long)nentries - 1 : -2;
			else if (dir < 0)
				next = m.hist > 0 ? m.hist - 1 : -2;
			else
				next = m.hist + 1 < (long)nentries ? m.hist + 1 : -1;
			r = prompt_history(&p, (const char *const *)entries, nentries, dir);
			if (r != (next != -2))
				abort();
			if (!r)
				break;
			if (m.hist < 0) {
				free(m.draft);
				m.draft = xstrdup(m.text);
			}
			m.hist = next;
			if (next >= 0)
				set(&m, entries[next], strlen(entries[next]));
			else
				set(&m, m.draft, strlen(m.draft));
			break;
		}
		}
		check(&p, &m);
	}
	prompt_free(&p);
	free(m.text);
	free(m.draft);
	for (size_t k = 0; k < nentries; k++)
		free(entries[k]);
	return 0;
}
