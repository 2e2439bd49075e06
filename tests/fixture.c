#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "fixture.h"
#include "keys.h"
#include "xmalloc.h"

static const char *
fixture_dir(void)
{
	const char *d = getenv("FIXTURES");

	return d != NULL ? d : "tests/fixtures";
}

char *
fixture_path(const char *name)
{
	return xasprintf("%s/%s", fixture_dir(), name);
}

char *
fixture_read(const char *name, size_t *len)
{
	char *path = fixture_path(name);
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (f == NULL) {
		printf("Bail out! cannot open fixture %s\n", path);
		exit(1);
	}
	do {
		xgrow((void **)&buf, &cap, n + 4097, 1);
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	free(path);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
fixture_list(void)
{
	DIR *d = opendir(fixture_dir());
	struct dirent *e;
	char **v = NULL;
	size_t n = 0, cap = 0;

	if (d == NULL) {
		printf("Bail out! cannot open %s\n", fixture_dir());
		exit(1);
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		xgrow((void **)&v, &cap, n + 2, sizeof *v);
		v[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (v == NULL)
		v = xcalloc(1, sizeof *v);
	qsort(v, n, sizeof *v, cmp_names);
	v[n] = NULL;
	return v;
}

void
fixture_list_free(char **names)
{
	if (names == NULL)
		return;
	for (char **p = names; *p != NULL; p++)
		free(*p);
	free(names);
}

unsigned
fixture_keys(struct app *app, const char *names)
{
	char *copy = xstrdup(names), *save = NULL;
	unsigned dirty = 0;

	for (char *t = strtok_r(copy, " ", &save); t != NULL; t = strtok_r(NULL, " ", &save)) {
		dirty |= app_key(app, keys_parse(t));
		while (app_busy(app))
			dirty |= app_idle(app);
	}
	free(copy);
	return dirty;
}
