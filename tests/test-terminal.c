/* Unit tests of the terminal reader: overstrike and SGR styles become
 * roles, other escapes stay visible, and positions map to the source. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "doc.h"
#include "reader.h"
#include "roles.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

static const char *const role_names[] = {
#define ROLE_NAME(id, name, fg, bg, attrs, mono, doc) [ROLE_##id] = name,
	ROLES(ROLE_NAME)
#undef ROLE_NAME
};

static struct doc *
open_term(const char *s, size_t len)
{
	struct doc_options o;

	doc_options_init(&o);
	o.format = "terminal";
	return doc_open(article_from_buffer("t", s, len), &o);
}

/* The view of d with "{role}" where the role changes ("{}" back to
 * plain text).  A source with no line end at its end gets one in the
 * view, which the checks below add to what they want. */
static char *
styled(const struct doc *d)
{
	const char *v = d->view->data;
	size_t n = d->view->size, pos = 0, end, len = 0, cap = 0;
	char *out = NULL;

	while (pos < n) {
		enum role r = doc_role_at(d, pos, &end);
		const char *name = r == ROLE_TEXT ? "" : role_names[r];
		size_t k = strlen(name);

		if (end > n || end <= pos)
			end = n;
		xgrow((void **)&out, &cap, len + k + 2 + (end - pos) + 1, 1);
		if (r != ROLE_TEXT || pos > 0) {
			out[len++] = '{';
			memcpy(out + len, name, k);
			len += k;
			out[len++] = '}';
		}
		memcpy(out + len, v + pos, end - pos);
		len += end - pos;
		pos = end;
	}
	xgrow((void **)&out, &cap, len + 1, 1);
	out[len] = '\0';
	return out;
}

static void
check_styled(
    const char *src, size_t len, const char *want, const char *file, int line, const char *name)
{
	struct doc *d = open_term(src, len);
	char *got = styled(d), *full;
	const char *brace = strrchr(want, '{');

	/* The builder ends the last line; the line end is plain text. */
	if (len > 0 && src[len - 1] != '\n')
		full = xasprintf("%s%s\n", want, brace != NULL && brace[1] != '}' ? "{}" : "");
	else
		full = xstrdup(want);
	tap_is_str(got, full, file, line, name);
	free(full);
	free(got);
	doc_free(d);
}

#define styled_is(src, want, name) \
	check_styled((src), sizeof(src) - 1, (want), __FILE__, __LINE__, (name))

static void
test_overstrike(void)
{
	styled_is("N\bNA\bAM\bME\bE\n", "{strong}NAME{}\n", "X\\bX is bold");
	styled_is("_\bf_\bi_\bl_\be", "{underline}file", "_\\bX is underlined");
	styled_is("f\b_i\b_", "{underline}fi", "X\\b_ is underlined too");
	styled_is("_\b_", "{underline}_", "_\\b_ is an underlined '_'");
	styled_is("_\bB\bB", "{strong}B", "bold underline is strong");
	styled_is("B\bB\bB\bB", "{strong}B", "repeated overstrike is one bold character");
	styled_is("a\bb",
	    "a\xE2\x90\x88"
	    "b",
	    "another overstrike stays, with a visible backspace");
	styled_is("\b\bx\b", "\xE2\x90\x88\xE2\x90\x88x\xE2\x90\x88", "stray backspaces stay");
	styled_is("see l\bls\bs(1)", "see {strong}ls{}(1)", "plain around bold");
	styled_is("漢\b漢字\b字", "{strong}漢字", "a wide character struck by itself");
	styled_is("漢\b\b漢", "{strong}漢", "a wide character backed over twice");
	styled_is("é\bé", "{strong}é", "a two-byte character");
	styled_is("\xFF\b\xFF", "\xEF\xBF\xBD\xE2\x90\x88\xEF\xBF\xBD",
	    "bytes that are not UTF-8 are not struck");
	styled_is("\t_\bx\tb\bb", "        {underline}x{}       {strong}b",
	    "tabs expand around overstrike");
}

static void
test_sgr(void)
{
	styled_is("\033[1mbold\033[0m plain", "{strong}bold{} plain", "1 bold, 0 reset");
	styled_is("\033[3mit\033[23m.", "{emphasis}it{}.", "3 italic, 23 undoes it");
	styled_is("\033[4mun\033[24m.", "{underline}un{}.", "4 underline, 24 undoes it");
	styled_is("\033[9mst\033[29m.", "{strike}st{}.", "9 strike, 29 undoes it");
	styled_is("\033[1mb\033[22m.", "{strong}b{}.", "22 undoes bold");
	styled_is("\033[31mr\033[39m.", "{ansi_red}r{}.", "31 red, 39 default");
	styled_is("\033[30mk\033[37mw\033[m", "{ansi_black}k{ansi_white}w", "30 and 37, the ends");
	styled_is("\033[94mb\033[0m", "{ansi_blue}b", "90-97 bright colours");
	styled_is("\033[1;32mg\033[39mb\033[m.", "{ansi_green}g{strong}b{}.",
	    "a colour wins over bold, bold shows when it goes");
	styled_is("\033[38;5;196mx\033[38;5;4my\033[38;5;250mz",
	    "{ansi_red}x{ansi_blue}y{ansi_white}z", "38;5;N: the nearest of the eight");
	styled_is("\033[38;2;0;200;0mx\033[38;2;10;10;10my", "{ansi_green}x{ansi_black}y",
	    "38;2;R;G;B: the nearest of the eight");
	styled_is("\033[38:5:3mx\033[38:2::0:0:255my\033[38:2:255:0:255mz",
	    "{ansi_yellow}x{ansi_blue}y{ansi_magenta}z", "the ':' forms");
	styled_is("\033[48;5;1;4mu\033[48;2;1;2;3mv", "{underline}uv",
	    "48 and its numbers are read and ignored");
	styled_is("\033[38;5;999;1mx", "{strong}x", "a colour out of range is ignored");
	styled_is("\033[5;7;53mx\033[99999999999999mx", "xx", "other numbers are ignored");
	styled_is("\033[1m\033[mx", "x", "an empty list resets");
	styled_is(
	    "\033[1ma\nb\033[0m\nc", "{strong}a{}\n{strong}b{}\nc", "styles run across lines");
	styled_is("\033[1;4m\033[22mu", "{underline}u", "undoing bold leaves underline");
}

static void
test_escapes(void)
{
	styled_is(
	    "\033]0;title\007x", "\xE2\x90\x9B]0;title\xE2\x90\x87x", "OSC stays, as pictures");
	styled_is("\033[2Jx", "\xE2\x90\x9B[2Jx", "another CSI final stays");
	styled_is("\033[?25lx", "\xE2\x90\x9B[?25lx", "a private CSI stays");
	styled_is("abc\033", "abc\xE2\x90\x9B", "an ESC at the end of the file");
	styled_is("abc\033[", "abc\xE2\x90\x9B[", "an unfinished CSI at the end");
	styled_is("abc\033[1", "abc\xE2\x90\x9B[1", "an unfinished SGR at the end");
	styled_is("a\033[1\nm", "a\xE2\x90\x9B[1\nm", "an SGR does not run over a line end");
	styled_is("\033\033[1mx", "\xE2\x90\x9B{strong}x", "a lone ESC before an SGR");
}

static void
test_lines(void)
{
	const char text[] = "one\n\n\n  two\r\nthree";
	struct doc *d = open_term(text, sizeof text - 1);

	is_mem(d->view->data, d->view->size, "one\n\n\n  two\nthree\n", 18,
	    "lines as they are, blank ones and indentation kept");
	ok(d->rendered && d->reader == &reader_terminal, "rendered by the terminal reader");
	doc_free(d);
	d = open_term("", 0);
	is_int((long long)d->view->size, 0, "an empty file");
	doc_free(d);
	d = open_term("x\n", 2);
	is_mem(d->view->data, d->view->size, "x\n", 2, "the last line end kept");
	doc_free(d);
}

static void
test_positions(void)
{
	const char text[] = "N\bNAME\n\033[1mbold\033[0m _\bu";
	struct doc *d = open_term(text, sizeof text - 1);

	is_mem(d->view->data, d->view->size, "NAME\nbold u\n", 12, "the view");
	is_int((long long)doc_source_pos(d, 0), 0, "a struck character maps to its first byte");
	is_int((long long)doc_source_pos(d, 1), 3, "plain bytes after it map byte for byte");
	is_int((long long)doc_source_pos(d, 3), 5, "to the end of the run");
	is_int((long long)doc_source_pos(d, 5), 11, "past an SGR sequence");
	is_int((long long)doc_source_pos(d, 8), 14, "the last of the run");
	is_int((long long)doc_source_pos(d, 10), 20, "an underline maps to its '_'");
	is_int((long long)doc_view_pos(d, 11), 5, "and back: the view of the source");
	doc_free(d);
}

static void
test_sniff(void)
{
	struct doc_options o;
	struct doc *d;

	ok(reader_terminal.sniff("N\bNAME", 6), "sniff: bold overstrike");
	ok(reader_terminal.sniff("x _\bu", 5), "sniff: underline overstrike");
	ok(reader_terminal.sniff("漢\b漢", 7), "sniff: a wide overstrike");
	ok(reader_terminal.sniff("a \033[1;31mred", 13), "sniff: an SGR sequence");
	ok(!reader_terminal.sniff("a\bb", 3), "sniff: not another backspace");
	ok(!reader_terminal.sniff("\033[2J\033]0;x\007", 10), "sniff: not other escapes");
	ok(!reader_terminal.sniff("plain text", 10), "sniff: not plain text");
	ok(!reader_terminal.sniff("\b\b", 2), "sniff: not backspaces alone");
	ok(reader_terminal.sniff("\033[2J a\bb \033]0;x\007 \b N\bN", 21),
	    "sniff: an overstrike after escapes and backspaces that are none");
	ok(reader_terminal.sniff("a\bb \b\033[2J x\b\033[0m", 16),
	    "sniff: an SGR sequence after backspaces and another escape");
	ok(!reader_terminal.sniff("x\bb\033[2J\b\033", 9), "sniff: none at the end of the bytes");
	ok(reader_terminal.extensions == NULL && reader_terminal.title == NULL,
	    "no extensions, no title of its own");
	is_str(reader_named("terminal")->name, "terminal", "found by name");

	doc_options_init(&o);
	d = doc_open(article_from_buffer("a.txt", "B\bBold\n", 7), &o);
	ok(d->reader == &reader_terminal && d->rendered, "plain text with styles is rendered");
	doc_free(d);
	o.styles = false;
	d = doc_open(article_from_buffer("a.txt", "B\bBold\n", 7), &o);
	ok(!d->rendered, "and shown as it is without the styles option");
	doc_free(d);
}

/* What `man ls | cat` saves: the page as nroff writes it for a terminal. */
static const char man_ls[] =
    "LS(1)                            User Commands                           LS(1)\n"
    "\n"
    "N\bNA\bAM\bME\bE\n"
    "       ls - list directory contents\n"
    "\n"
    "S\bSY\bYN\bNO\bOP\bPS\bSI\bIS\bS\n"
    "       l\bls\bs [_\bO_\bP_\bT_\bI_\bO_\bN]... [_\bF_\bI_\bL_\bE]...\n"
    "\n"
    "D\bDE\bES\bSC\bCR\bRI\bIP\bPT\bTI\bIO\bON\bN\n"
    "       -\b-a\ba, -\b--\b-a\bal\bll\bl\n"
    "              do not ignore entries starting with .\n"
    "\n"
    "GNU coreutils 9.1                 September 2022                          LS(1)\n";

static const char man_ls_view[] =
    "LS(1)                            User Commands                           LS(1)\n"
    "\n"
    "{heading1}NAME{}\n"
    "       ls - list directory contents\n"
    "\n"
    "{heading1}SYNOPSIS{}\n"
    "       {strong}ls{} [{underline}OPTION{}]... [{underline}FILE{}]...\n"
    "\n"
    "{heading1}DESCRIPTION{}\n"
    "       {strong}-a{}, {strong}--all{}\n"
    "              do not ignore entries starting with .\n"
    "\n"
    "GNU coreutils 9.1                 September 2022                          LS(1)\n";

static void
test_man_page(void)
{
	struct doc_options o;
	struct doc *d;
	char *got;

	doc_options_init(&o);
	d = doc_open(article_from_buffer("ls.1.txt", man_ls, sizeof man_ls - 1), &o);
	ok(d->reader == &reader_terminal, "a saved man page is read for its styles");
	got = styled(d);
	is_str(got, man_ls_view, "the man page, bold and underlined, nothing else changed");
	free(got);
	ok(memchr(d->view->data, '\b', d->view->size) == NULL, "no backspace left in the view");
	is_int((long long)d->nheadings, 3, "the sections are the outline");
	if (d->nheadings == 3) {
		is_str(d->headings[0].text, "NAME", "its first section");
		is_int((long long)d->headings[1].pos, 122, "at its view line");
		is_str(d->headings[2].text, "DESCRIPTION", "its last section");
		is_int((long long)d->headings[0].level, 1, "sections are level 1");
	}
	doc_free(d);
	styled_is("N\bNA\bAM\bME\bE\nnot indented\n", "{strong}NAME{}\nnot indented\n",
	    "a section name needs indented text after it");
	styled_is(
	    "x\nN\bNA\bAM\bME\bE\n  y\n", "x\n{strong}NAME{}\n  y\n", "and a blank line before it");
	styled_is("S\bSE\bEE\bE  A\bAL\bLS\bSO\bO\n  y\n", "{strong}SEE{}  {strong}ALSO{}\n  y\n",
	    "single spaces only");
	styled_is("\033[1mSEE ALSO\033[0m\n\ty\n", "{heading1}SEE ALSO{}\n        y\n",
	    "an SGR section name");
}

static char *
title_of(const char *s)
{
	return article_title_of(s, strlen(s), "x", NULL);
}

static void
test_titles(void)
{
	char *t;

	t = title_of("N\bNA\bAM\bME\bE\n");
	is_str(t, "NAME", "an overstruck title reads clean");
	free(t);
	t = title_of("_\bT_\bi_\bt\b_l\b_e\n");
	is_str(t, "Title", "an underlined one too");
	free(t);
	t = article_title_of("\033[1;31mRed\033[0m title\n", 22, "x", NULL);
	is_str(t, "Red title", "SGR is dropped from titles");
	free(t);
	t = article_title_of("a\bb \033]0;x\007 \033[2J\n", 18, "x", NULL);
	is_str(t,
	    "a\xE2\x90\x88"
	    "b \xE2\x90\x9B]0;x\xE2\x90\x87 \xE2\x90\x9B[2J",
	    "other escapes and backspaces stay visible");
	free(t);
	t = title_of("漢\b漢字\b字\n");
	is_str(t, "漢字", "wide overstrike in a title");
	free(t);
}

int
main(void)
{
	text_init();
	test_overstrike();
	test_sgr();
	test_escapes();
	test_lines();
	test_positions();
	test_sniff();
	test_man_page();
	test_titles();
	return tap_done();
}
