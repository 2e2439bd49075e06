/* fixture.h - reading test fixtures from $FIXTURES (tests/fixtures). */
#ifndef FOLIO_FIXTURE_H
#define FOLIO_FIXTURE_H

#include <stddef.h>

/* The full path of fixture name; the caller frees it. */
char *fixture_path(const char *name);
/* The bytes of fixture name (NUL-terminated, length in *len); exits the
 * test with a diagnostic when it cannot be read.  The caller frees it. */
char *fixture_read(const char *name, size_t *len);
/* The names of every file in the fixtures folder (NULL-terminated, sorted);
 * free with fixture_list_free. */
char **fixture_list(void);
void fixture_list_free(char **names);

struct app;
/* Gives app the keys named in names (key names separated by spaces, as
 * keys_parse reads them), each followed by the background work it starts,
 * as the ui does with a script; returns the DIRTY_ bits of them all. */
unsigned fixture_keys(struct app *app, const char *names);

#endif
