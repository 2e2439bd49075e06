#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "script.h"
#include "text.h"
#include "xmalloc.h"

void
script_init(struct script *s, FILE *f, const char *path)
{
	memset(s, 0, sizeof *s);
	s->f = f;
	s->path = path;
}

void
script_free(struct script *s)
{
	free(s->line);
	free(s->error);
	memset(s, 0, sizeof *s);
}

/* Ends the script with an error about the current line. */
static enum script_step
fail(struct script *s, const char *what, const char *arg)
{
	s->error = xasprintf("%s:%ld: %s%s", s->path, s->lineno, what, arg);
	s->over = true;
	return SCRIPT_ERROR;
}

/* Parses a size of 1 to SCRIPT_SIZE_MAX, all of s[0..n); -1 when it is not
 * one. */
static int
parse_size(const char *s, size_t n)
{
	int v = 0;

	if (n == 0 || n > 4)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1 && v <= SCRIPT_SIZE_MAX ? v : -1;
}

/* Runs a ":command" line: a step, or SCRIPT_KEY when it only set up
 * what follows (:type). */
static enum script_step
command(struct script *s, const char *cmd)
{
	const char *x;

	if (strcmp(cmd, ":screen") == 0)
		return SCRIPT_SCREEN;
	if (strcmp(cmd, ":idle") == 0)
		return SCRIPT_IDLE;
	if (strncmp(cmd, ":type ", 6) == 0) {
		s->typed = cmd + 6;
		return SCRIPT_KEY;
	}
	if (strncmp(cmd, ":resize ", 8) == 0 && (x = strchr(cmd + 8, 'x')) != NULL) {
		s->cols = parse_size(cmd + 8, (size_t)(x - cmd - 8));
		s->rows = parse_size(x + 1, strlen(x + 1));
		if (s->cols < 0 || s->rows < 0)
			return fail(s, "bad size in ", cmd);
		return SCRIPT_RESIZE;
	}
	return fail(s, "unknown script command ", cmd);
}

enum script_step
script_next(struct script *s)
{
	if (s->over)
		return s->error != NULL ? SCRIPT_ERROR : SCRIPT_END;
	for (;;) {
		char *tok;

		if (s->typed != NULL && *s->typed != '\0') {
			uint32_t cp;

			s->typed += text_decode(s->typed, strlen(s->typed), &cp);
			s->key = (int)cp;
			return SCRIPT_KEY;
		}
		s->typed = NULL;
		if (s->next == NULL) {
			ssize_t n = getline(&s->line, &s->cap, s->f);

			if (n < 0) {
				s->over = true;
				return SCRIPT_END;
			}
			s->lineno++;
			if (n > 0 && s->line[n - 1] == '\n')
				s->line[n - 1] = '\0';
			if (s->line[0] == '#')
				continue;
			if (s->line[0] == ':') {
				enum script_step st = command(s, s->line);

				if (st != SCRIPT_KEY)
					return st;
				continue;
			}
			s->next = s->line;
		}
		s->next += strspn(s->next, " \t");
		if (*s->next == '\0') {
			s->next = NULL;
			continue;
		}
		tok = s->next;
		s->next += strcspn(s->next, " \t");
		if (*s->next != '\0')
			*s->next++ = '\0';
		s->key = keys_parse(tok);
		if (s->key == FK_NONE) {
			/* the message quotes the name */
			char *q = xasprintf("'%s'", tok);
			enum script_step st = fail(s, "unknown key name ", q);

			free(q);
			return st;
		}
		return SCRIPT_KEY;
	}
}
