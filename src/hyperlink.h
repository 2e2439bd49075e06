/* hyperlink.h - terminal hyperlinks (OSC 8), the part that needs no terminal.
 *
 * Links in the article pane can be real terminal hyperlinks:
 *     ESC ] 8 ; id=ID ; URL ESC \   text   ESC ] 8 ; ; ESC \
 * (the id only where a link is cut over rows: it makes the parts one link;
 * a link all on one row goes without, 7 bytes fewer).  The draw module writes them after curses has updated the screen, over
 * cells curses already holds (curses cannot keep escapes in cells).  This
 * module decides when to (the hyperlinks setting and what the terminal is),
 * makes the only bytes of a link that ever reach the terminal (the id and
 * the URL, both printable ASCII), and works out, from what the rows of the
 * screen held before and after an update, which rows curses scrolled on
 * the terminal (those keep the links they had) and which it wrote.
 */
#ifndef FOLIO_HYPERLINK_H
#define FOLIO_HYPERLINK_H

#include <stdbool.h>
#include <stddef.h>

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

/* One step of the hash of a screen row: h for the cells before, c the
 * first character of the next cell (from 0 for the row's first cell).
 * It is the hash curses keys its rows with, so that rows it takes as
 * equal are equal here too (they may differ in attributes). */
unsigned long hyperlink_row_hash(unsigned long h, unsigned long c);

/* Which rows an update moves on the terminal, worked out the way curses
 * decides its scrolls: old[0..n) hash the rows the terminal showed, now
 * the rows the update shows; cost(ctx, o, y) is how many cells of new
 * row y differ from old row o (o -1: from a blank row).  Rows whose hash
 * is found once in both and at another place anchor runs; runs grow over
 * the rows next to them that match under the same shift (or are cheaper
 * so); runs shorter than 3 rows, or moved further than they are long, are
 * dropped; then the runs that move up are scrolled from the top and those
 * that move down from the bottom.  map[y] is the old row that terminal
 * row y holds after those scrolls and before curses writes the cells that
 * differ, or -1 for a row a scroll blanked; with can_scroll false (the
 * terminal cannot scroll a region) every row stays.  Where this model is
 * right, a row that then equals its old row was not written at all. */
void hyperlink_moves(int n, const unsigned long *old, const unsigned long *now,
    int (*cost)(void *ctx, int old, int now), void *ctx, bool can_scroll, int *map);

#endif
