/* text.h - UTF-8 and display-width helpers shared by the whole model.
 *
 * Widths are those of the C library's wcwidth(), because that is what
 * ncurses uses to place characters; libunistring's uc_width differs on a
 * few code points.  text_init() must run once before any width is asked.
 */
#ifndef FOLIO_TEXT_H
#define FOLIO_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TEXT_REPLACEMENT 0xFFFDu

/* Makes wcwidth() answer for Unicode even when the user's locale is not
 * UTF-8 (LC_CTYPE falls back to C.UTF-8 for width purposes).  Returns
 * whether the user's own locale is UTF-8, which the ui needs to know. */
bool text_init(void);

/* Decodes one strictly valid UTF-8 sequence at s[0..n), n > 0.  Overlong
 * forms, surrogates, values above U+10FFFF and truncated sequences decode
 * as TEXT_REPLACEMENT and consume exactly one byte.  Returns the number of
 * bytes consumed (1 to 4). */
size_t text_decode(const char *s, size_t n, uint32_t *cp);

/* Encodes cp (a valid scalar value) into out; returns 1 to 4. */
size_t text_encode(uint32_t cp, char out[4]);

/* Columns a code point takes, as wcwidth() says: -1 when not printable. */
int text_cp_width(uint32_t cp);

/* Columns taken by sanitized UTF-8 text (no controls): the sum of the
 * widths of its code points, non-printable ones counting 0. */
int text_width(const char *s, size_t n);

/* Length in bytes of the longest prefix of sanitized text s[0..n) that is
 * made of whole grapheme clusters and fits in cols columns; its width is
 * stored in *used when used is not NULL. */
size_t text_fit(const char *s, size_t n, int cols, int *used);

/* True for the Unicode bidi embedding, override and isolate controls
 * (U+202A..U+202E, U+2066..U+2069), which must never reach a terminal. */
bool text_is_bidi_control(uint32_t cp);

/* The value of hex digit c (0-9, a-f, A-F), or -1. */
int text_hex_digit(char c);

#endif
