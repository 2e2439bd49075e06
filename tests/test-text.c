/* Unit tests of the UTF-8 and width helpers. */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "text.h"

static void
test_decode(void)
{
	static const struct {
		const char *in;
		size_t len;
		uint32_t cp;
		size_t used;
	} cases[] = {
		{ "A", 1, 'A', 1 },
		{ "\xC3\xA9", 2, 0xE9, 2 },
		{ "\xE2\x82\xAC", 3, 0x20AC, 3 },
		{ "\xF0\x9F\x98\x80", 4, 0x1F600, 4 },
		{ "\xC0\xAF", 2, TEXT_REPLACEMENT, 1 },         /* overlong */
		{ "\xE0\x80\xAF", 3, TEXT_REPLACEMENT, 1 },     /* overlong */
		{ "\xED\xA0\x80", 3, TEXT_REPLACEMENT, 1 },     /* surrogate */
		{ "\xF4\x90\x80\x80", 4, TEXT_REPLACEMENT, 1 }, /* > U+10FFFF */
		{ "\xE2\x82", 2, TEXT_REPLACEMENT, 1 },         /* truncated */
		{ "\x80", 1, TEXT_REPLACEMENT, 1 },             /* continuation */
		{ "\xFF", 1, TEXT_REPLACEMENT, 1 },
		{ "\xF0\x9F\x98", 3, TEXT_REPLACEMENT, 1 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t cp = 0;
		size_t used = text_decode(cases[i].in, cases[i].len, &cp);

		ok(cp == cases[i].cp && used == cases[i].used,
		    "decode case %zu gives U+%04X in %zu bytes (got U+%04X in %zu)", i,
		    (unsigned)cases[i].cp, cases[i].used, (unsigned)cp, used);
	}
}

static void
test_encode_roundtrip(void)
{
	static const uint32_t cps[] = { 0x41, 0x7FF, 0x800, 0xFFFD, 0x10000, 0x10FFFF };
	int good = 1;

	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char buf[4];
		uint32_t back;
		size_t n = text_encode(cps[i], buf);

		if (text_decode(buf, n, &back) != n || back != cps[i])
			good = 0;
	}
	ok(good, "encode then decode gives back every code point");
}

static void
test_width(void)
{
	is_int(text_width("abc", 3), 3, "ASCII is one column each");
	is_int(text_width("\xE4\xB8\xAD\xE6\x96\x87", 6), 4, "CJK is two columns each");
	is_int(text_width("e\xCC\x81", 3), 1, "a combining mark takes no column");
	is_int(text_cp_width(0x1B), -1, "ESC is not printable");
	is_int(text_cp_width(0x9B), -1, "C1 CSI is not printable");
	is_int(text_cp_width(0x1F600), 2, "emoji is two columns");
	ok(text_is_bidi_control(0x202E) && text_is_bidi_control(0x2067) &&
		!text_is_bidi_control(0x200F),
	    "bidi overrides and isolates are controls, marks are not");
}

static void
test_fit(void)
{
	int used = -1;
	const char *s = "ab\xE4\xB8\xAD"
			"cd";
	size_t n = text_fit(s, strlen(s), 3, &used);

	ok(n == 2 && used == 2, "a wide character that would straddle is left out");
	n = text_fit("e\xCC\x81x", 4, 1, &used);
	ok(n == 3 && used == 1, "a cluster with its mark is kept whole");
	n = text_fit("abc", 3, 10, &used);
	ok(n == 3 && used == 3, "short text fits whole");
	/* Five flags in 5 columns: two whole ones, never half of one. */
	n = text_fit("\xf0\x9f\x87\xba\xf0\x9f\x87\xbe\xf0\x9f\x87\xba\xf0\x9f\x87\xbe"
		     "\xf0\x9f\x87\xba\xf0\x9f\x87\xbe\xf0\x9f\x87\xba\xf0\x9f\x87\xbe"
		     "\xf0\x9f\x87\xba\xf0\x9f\x87\xbe",
	    40, 5, &used);
	ok(n == 16 && used == 4, "text_fit keeps regional indicators in pairs");
	n = text_fit("x\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", 12, 2, &used);
	ok(n == 1 && used == 1, "text_fit never cuts a ZWJ sequence");
}

int
main(void)
{
	text_init();
	test_decode();
	test_encode_roundtrip();
	test_width();
	test_fit();
	return tap_done();
}
