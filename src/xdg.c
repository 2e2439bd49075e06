#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "xdg.h"
#include "xmalloc.h"

char *
xdg_folder(const char *var, const char *fallback)
{
	const char *x = getenv(var), *home = getenv("HOME");
	struct passwd *pw;

	if (x != NULL && x[0] == '/')
		return xasprintf("%s/folio", x);
	if (home == NULL || home[0] != '/') {
		pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : NULL;
	}
	if (home == NULL || home[0] != '/')
		return NULL;
	return xasprintf("%s/%s/folio", home, fallback);
}
