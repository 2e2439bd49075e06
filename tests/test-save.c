/* test-save.c - the model of save and copy: the passages a copy takes
 * (paragraphs, lines between two offsets) and their safe text, the name a
 * save proposes, the file a typed name means, and writing a file whole or
 * not at all. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "passage.h"
#include "save.h"
#include "tap.h"

static const char text[] = "one\n"   /* 0 */
			   "  \n"    /* 4: blank */
			   "two a\n" /* 7 */
			   "two b\n" /* 13 */
			   "\n"      /* 19 */
			   "\t\r\n"  /* 20: blank */
			   "three\n" /* 23 */
			   "\n";     /* 29 */

static void
is_passage(const struct passage *p, size_t start, size_t end, const char *name)
{
	if (!ok(p->start == start && p->end == end, "%s", name))
		tap_diag("got [%zu, %zu), want [%zu, %zu)", p->start, p->end, start, end);
}

static void
test_paragraphs(void)
{
	size_t len = sizeof text - 1;
	struct passage p;

	ok(passage_paragraphs(text, len, 0, 1, &p), "a paragraph at the start");
	is_passage(&p, 0, 4, "is its line");
	ok(passage_paragraphs(text, len, 15, 1, &p), "from the middle of one");
	is_passage(&p, 7, 19, "all of its lines, from the first");
	ok(passage_paragraphs(text, len, 4, 1, &p), "from a blank line");
	is_passage(&p, 7, 19, "the next one");
	ok(passage_paragraphs(text, len, 0, 2, &p), "two of them");
	is_passage(&p, 0, 19, "with the blank lines between");
	ok(passage_paragraphs(text, len, 8, 9, &p), "more than there are");
	is_passage(&p, 7, 29, "up to the last, without the blank lines after it");
	ok(!passage_paragraphs(text, len, 29, 1, &p), "none after the last");
	ok(!passage_paragraphs(text, len, len, 1, &p), "none at the end");
	ok(!passage_paragraphs("", 0, 0, 1, &p), "none in nothing");
	ok(passage_paragraphs("no end", 6, 3, 0, &p), "a last line with no line end");
	is_passage(&p, 0, 6, "to the end; a count of 0 is 1");
}

static void
test_lines(void)
{
	size_t len = sizeof text - 1;
	struct passage p;

	passage_lines(text, len, 25, 8, &p);
	is_passage(&p, 7, 29, "lines between two offsets, in either order, both included");
	passage_lines(text, len, 7, 7, &p);
	is_passage(&p, 7, 13, "one line");
	passage_lines(text, len, 0, len, &p);
	is_passage(&p, 0, len, "to the end");
	is_int((long long)passage_line_start(text, len, 17), 13, "the start of a line");
	is_int((long long)passage_line_start(text, len, len + 3), (long long)len,
	    "past the end: the end");
}

static void
is_safe(const char *raw, size_t len, const char *want, const char *name)
{
	size_t n;
	char *s = passage_safe(raw, len, &n);

	is_mem(s, n, want, strlen(want), name);
	ok(s[n] == '\0', "NUL-terminated");
	free(s);
}

static void
test_safe(void)
{
	is_safe("a\nb\n", 4, "a\nb", "lines kept, the last line end dropped");
	is_safe("a\r\nb", 4, "a\nb", "CR LF is one line end");
	is_safe("x\033]52;c;AA\a\n", 12, "x\xe2\x90\x9b]52;c;AA\xe2\x90\x87",
	    "escapes and BEL become pictures: nothing acts when pasted");
	is_safe("a\tb", 3, "a       b", "tabs expanded as the pane shows them");
	is_safe("\xff", 1, "\xef\xbf\xbd", "invalid UTF-8 is U+FFFD");
	is_safe("\n\n", 2, "\n", "blank lines stay");
	is_safe("", 0, "", "nothing is nothing");
	{
		/* A line far longer than a piece, with a character across
		 * the piece's end and a tab after it. */
		size_t len = 200000, n;
		char *raw = malloc(len), *s;

		for (size_t i = 0; i + 1 < len; i += 2) {
			raw[i] = '\xc3';
			raw[i + 1] = '\xa9';
		}
		raw[len - 2] = '\t';
		raw[len - 1] = 'z';
		s = passage_safe(raw, len, &n);
		/* 99,999 columns of é: the tab takes one more. */
		ok(n == len && memcmp(s, raw, len - 2) == 0 && strcmp(s + len - 2, " z") == 0,
		    "a long line goes through in pieces, unchanged, its tab stop kept");
		free(s);
		free(raw);
	}
}

static void
test_names(void)
{
	struct {
		const char *path;
		bool rendered;
		const char *want;
	} cases[] = {
		{ "docs/guide.md", false, "guide.md" },
		{ "docs/guide.md", true, "guide.txt" },
		{ "/usr/share/doc/x/README.gz", false, "README" },
		{ "/usr/share/doc/x/README.gz", true, "README.txt" },
		{ "a/notes.tar.zst", false, "notes.tar" },
		{ "-", false, "stdin" },
		{ "-", true, "stdin.txt" },
		{ ".profile", true, ".profile.txt" },
		{ "page.html.bz2", true, "page.txt" },
	};
	char *s;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = save_default_name(cases[i].path, cases[i].rendered);
		is_str(s, cases[i].want, "the name proposed");
		free(s);
	}
}

/* Writes what arg says; "!" fails half way. */
static bool
fill(FILE *f, void *arg)
{
	const char *s = arg;

	if (strcmp(s, "!") == 0) {
		fputs("half", f);
		errno = ENOSPC;
		return false;
	}
	return fputs(s, f) >= 0;
}

/* save_write of the text s. */
static bool
save(const char *path, const char *s, char **err)
{
	char *copy = strdup(s);
	bool done = save_write(path, fill, copy, err);

	free(copy);
	return done;
}

static char *
slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* How many entries the folder holds, but . and .. */
static int
entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d != NULL && (e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (d != NULL)
		closedir(d);
	return n;
}

static void
test_write(void)
{
	char dir[] = "/tmp/folio-save.XXXXXX", path[256], sub[128], *err = NULL, *s;
	struct stat st;
	mode_t mask = umask(022);

	ok(mkdtemp(dir) != NULL, "a folder");
	snprintf(path, sizeof path, "%s/out.txt", dir);
	ok(save(path, "first\n", &err), "a new file is written");
	is_str(slurp(path), "first\n", "with what was filled");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644, "mode 0666 less the umask");
	chmod(path, 0600);
	ok(save(path, "second\n", &err), "an existing file is replaced");
	is_str(slurp(path), "second\n", "whole");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "and keeps its mode");
	err = NULL;
	ok(!save(path, "!", &err), "a fill that fails fails the save");
	is_str(slurp(path), "second\n", "the file is as it was, no half of it");
	ok(err != NULL && strstr(err, "No space left on device") != NULL, "the reason is given");
	free(err);
	is_int(entries(dir), 1, "no temporary file is left");
	snprintf(sub, sizeof sub, "%s/none/out.txt", dir);
	err = NULL;
	ok(!save(sub, "x", &err), "a folder that is not there");
	s = err;
	ok(s != NULL && strncmp(s, "Cannot save ", 12) == 0 && strstr(s, sub) != NULL &&
		strstr(s, "No such file or directory") != NULL,
	    "says which file and why");
	free(err);
	snprintf(sub, sizeof sub, "%s/out.txt/x", dir);
	err = NULL;
	ok(!save(sub, "x", &err), "a file where a folder should be");
	free(err);
	snprintf(sub, sizeof sub, "%s/d", dir);
	mkdir(sub, 0755);
	err = NULL;
	ok(!save(sub, "x", &err), "a folder at the name is not replaced");
	ok(stat(sub, &st) == 0 && S_ISDIR(st.st_mode), "it stays a folder");
	free(err);
	is_int(entries(dir), 2, "and still no temporary file is left");

	s = save_target("  out.txt ", "guide.md");
	is_str(s, "out.txt", "a typed name, blanks trimmed");
	free(s);
	ok(save_target(" \t", "guide.md") == NULL, "a blank one is none");
	s = save_target(sub, "guide.md");
	snprintf(path, sizeof path, "%s/guide.md", sub);
	is_str(s, path, "a folder gets the name proposed");
	free(s);
	s = save_target("new/", "guide.md");
	is_str(s, "new/guide.md", "so does a name ending in /");
	free(s);
	setenv("HOME", "/home/reader", 1);
	s = save_target("~/notes.txt", "guide.md");
	is_str(s, "/home/reader/notes.txt", "~/ is the home folder");
	free(s);
	s = save_target("~x", "guide.md");
	is_str(s, "~x", "~ then a name is left as it is");
	free(s);
	snprintf(path, sizeof path, "%s/out.txt", dir);
	unlink(path);
	rmdir(sub);
	rmdir(dir);
	umask(mask);
}

int
main(void)
{
	/* Widths are the C library's, as in folio. */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	test_paragraphs();
	test_lines();
	test_safe();
	test_names();
	test_write();
	return tap_done();
}
