#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>
#include <unigbrk.h>
#include <wchar.h>

#include "text.h"
#include "xmalloc.h"

bool
text_init(void)
{
	const char *cs;
	bool utf8;

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	utf8 = cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
	if (!utf8 && setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "en_US.UTF-8");
	return utf8;
}

size_t
text_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		*cp = TEXT_REPLACEMENT;
		return 1;
	}
	if (n < len)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = TEXT_REPLACEMENT;
	return 1;
}

size_t
text_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int
text_cp_width(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	if (cp < 0xA0)
		return -1;
	return wcwidth((wchar_t)cp);
}

int
text_width(const char *s, size_t n)
{
	size_t i = 0;
	int cols = 0;

	while (i < n) {
		uint32_t cp;
		int w;

		if ((unsigned char)s[i] < 0x80) {
			cols += s[i] >= 0x20 && s[i] < 0x7F;
			i++;
			continue;
		}
		i += text_decode(s + i, n - i, &cp);
		w = text_cp_width(cp);
		if (w > 0)
			cols += w;
	}
	return cols;
}

size_t
text_fit(const char *s, size_t n, int cols, int *used)
{
	char small[256], *gb = n <= sizeof small ? small : xmalloc(n);
	size_t i = 0;
	int w = 0;

	/* The breaks of the whole text: stepping two characters at a time
	 * (u8_grapheme_next) cannot pair regional indicators. */
	u8_grapheme_breaks((const uint8_t *)s, n, gb);
	while (i < n) {
		size_t j = i + 1;
		int cw;

		while (j < n && !gb[j])
			j++;
		cw = text_width(s + i, j - i);
		if (w + cw > cols)
			break;
		w += cw;
		i = j;
	}
	if (gb != small)
		free(gb);
	if (used != NULL)
		*used = w;
	return i;
}

bool
text_is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

int
text_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
