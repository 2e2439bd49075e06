/* hyperlink.h - terminal hyperlinks (OSC 8), the part that needs no terminal.
 *
 * Links in the article pane can be real terminal hyperlinks:
 *     ESC ] 8 ; id=ID ; URL ESC \   text   ESC ] 8 ; ; ESC \
 * The draw module writes them after curses has updated the screen, over
 * cells curses already holds (curses cannot keep escapes in cells).  This
 * module decides when to (the hyperlinks setting and what the terminal is),
 * makes the only bytes of a link that ever reach the terminal (the id and
 * the URL, both printable ASCII), and works out, from what the rows of the
 * screen held before and after an update, which rows the terminal still
 * has with their links (curses scrolls rows and rewrites others).
 */
#ifndef FOLIO_HYPERLINK_H
#define FOLIO_HYPERLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HYPERLINK_MODES(X) \
	X(AUTO, "auto", "when the terminal is known to support them") \
	X(ON, "on", "always (terminals that do not support them ignore them)") \
	X(OFF, "off", "never")

enum hyperlink_mode {
#define HYPERLINK_ENUM(id, name, doc) HYPERLINKS_##id,
	HYPERLINK_MODES(HYPERLINK_ENUM)
#undef HYPERLINK_ENUM
	    HYPERLINKS_COUNT
};

/* The longest URL written, in bytes once encoded; a longer link is drawn
 * as text only (terminals cap URLs near 2 KB and drop the rest). */
#define HYPERLINK_URL_MAX 2048

/* Whether mode turns hyperlinks on for terminal type term, with the
 * environment read through getenv_fn (getenv, or a test's): on is on and
 * off is off, except that term dumb, NULL or "" is always off.  auto is on
 * when TERM_PROGRAM names a terminal that has them (iTerm.app, WezTerm,
 * vscode, ghostty, Hyper, rio), or is tmux with TERM_PROGRAM_VERSION 3.4
 * or later (tmux passes them on to the terminal outside); or VTE_VERSION
 * is 5000 or more (GNOME Terminal, Tilix...); or KITTY_WINDOW_ID,
 * WEZTERM_PANE, ALACRITTY_WINDOW_ID or WT_SESSION (Windows Terminal) is
 * set; or term starts with xterm-kitty, foot, alacritty, wezterm,
 * xterm-ghostty, contour or mintty.  Inside GNU screen (term screen*
 * without tmux) it is off, as screen mangles them. */
bool hyperlink_enabled(
    enum hyperlink_mode mode, const char *term, const char *(*getenv_fn)(const char *name));

/* The URL to write for target (safe text, any bytes): every byte outside
 * printable ASCII (0x21 to 0x7E) percent-encoded, so no control, space or
 * escape can reach the terminal, and "http://" before a target that starts
 * with "www."; NULL when target is empty or the result
 * is longer than HYPERLINK_URL_MAX.  The caller frees it. */
char *hyperlink_url(const char *target, size_t len);

/* Writes the id of link number n (printable ASCII, at most 16 bytes with
 * the NUL) to buf.  A link cut over several rows is written with one id,
 * so the terminal takes it as one link. */
void hyperlink_id(unsigned long n, char buf[16]);

/* The hash of a screen row's cells: what the rows held is compared
 * through these. */
uint64_t hyperlink_hash(const void *data, size_t len, uint64_t h);
#define HYPERLINK_HASH_SEED 1469598103934665603ull

/* Where the terminal's row y came from in an update that turned rows
 * old[0..n) into rows now[0..n) (their hashes): from[y] is the old row
 * whose cells, links included, the terminal still shows on row y, or -1
 * when curses may have rewritten some of it (its links are gone then).
 * A row that did not change stayed, unless a scroll went over it; a run
 * of at least 3 rows that moved together, each unique in old and in new,
 * is taken as scrolled by curses (its hash map does the same: it scrolls
 * such runs and rewrites smaller ones).  full: the whole screen was
 * repainted, every row is -1. */
void hyperlink_rows(const uint64_t *old, const uint64_t *now, int n, bool full, int *from);

#endif
