#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>

#include "prompt.h"
#include "text.h"
#include "xmalloc.h"

void
prompt_init(struct prompt *p)
{
	memset(p, 0, sizeof *p);
	p->hist = -1;
	prompt_set(p, "");
}

void
prompt_free(struct prompt *p)
{
	free(p->text);
	free(p->draft);
	memset(p, 0, sizeof *p);
}

void
prompt_set(struct prompt *p, const char *text)
{
	size_t n = strlen(text);

	xgrow((void **)&p->text, &p->cap, n + 1, 1);
	memcpy(p->text, text, n + 1);
	p->len = n;
}

void
prompt_insert(struct prompt *p, unsigned cp)
{
	char enc[4];
	size_t n = text_encode(cp, enc);

	xgrow((void **)&p->text, &p->cap, p->len + n + 1, 1);
	memcpy(p->text + p->len, enc, n);
	p->len += n;
	p->text[p->len] = '\0';
}

/* Where the UTF-8 at the end of the text starts: after its last byte that
 * is no UTF-8 (a history entry from a damaged state file can hold some). */
static size_t
valid_tail(const struct prompt *p)
{
	size_t i = 0, start = 0, n;
	uint32_t cp;

	while (i < p->len) {
		n = text_decode(p->text + i, p->len - i, &cp);
		if (n == 1 && cp == TEXT_REPLACEMENT)
			start = i + 1;
		i += n;
	}
	return start;
}

bool
prompt_backspace(struct prompt *p)
{
	size_t start, n, cut;
	char *breaks;

	if (p->len == 0)
		return false;
	/* A byte that is no UTF-8 goes alone, as it shows as one U+FFFD.
	 * The clusters are those of u8_grapheme_breaks over the UTF-8 after
	 * the last such byte: u8_grapheme_prev looks at two characters at a
	 * time, so it splits flags and emoji joined by ZWJ, and in
	 * libunistring 1.0 it crashes on a last character that is
	 * ill-formed. */
	start = valid_tail(p);
	if (start == p->len) {
		p->len--;
	} else {
		n = p->len - start;
		breaks = xmalloc(n);
		u8_grapheme_breaks((const uint8_t *)p->text + start, n, breaks);
		for (cut = n - 1; cut > 0 && !breaks[cut]; cut--)
			;
		free(breaks);
		p->len = start + cut;
	}
	p->text[p->len] = '\0';
	return true;
}

bool
prompt_delete_word(struct prompt *p)
{
	size_t n = p->len;

	if (n == 0)
		return false;
	while (n > 0 && p->text[n - 1] == ' ')
		n--;
	while (n > 0 && p->text[n - 1] != ' ')
		n--;
	p->len = n;
	p->text[n] = '\0';
	return true;
}

bool
prompt_history(struct prompt *p, const char *const *entries, size_t count, int dir)
{
	long next;

	if (count == 0 || (dir < 0 && p->hist == 0))
		return false;
	if (p->hist < 0)
		next = dir < 0 ? (long)count - 1 : -1;
	else
		next = p->hist + dir;
	if (next >= (long)count)
		next = -1;
	if (next < -1 || (next == -1 && p->hist < 0))
		return false;
	if (p->hist < 0) {
		free(p->draft);
		p->draft = xstrdup(p->text);
	}
	p->hist = next;
	prompt_set(p, next >= 0 ? entries[next] : (p->draft != NULL ? p->draft : ""));
	return true;
}
