#include "config.h"

#include <dlfcn.h>
#include <stdio.h>

#include "extlib.h"

/* What one library needs to be loaded. */
struct extlib {
	const char *soname; /* NULL when linked */
	/* Fills the table from handle h: NULL, or the first name missing. */
	const char *(*bind)(void *h);
	int state; /* 0 untried, 1 loaded, -1 failed */
	char why[256];
};

static int
extlib_load(struct extlib *lib, const char **why)
{
	void *h;
	const char *missing;

	if (lib->state == 0 && lib->soname == NULL)
		lib->state = 1;
	if (lib->state == 0) {
		/* Functions bound on first call, as the loader does for a
		 * program's own libraries: binding all of libarchive's and of
		 * what it pulls in up front costs more than the first screen. */
		h = dlopen(lib->soname, RTLD_LAZY | RTLD_LOCAL);
		if (h == NULL) {
			const char *e = dlerror();

			snprintf(lib->why, sizeof lib->why, "%s", e ? e : lib->soname);
			lib->state = -1;
		} else if ((missing = lib->bind(h)) != NULL) {
			snprintf(
			    lib->why, sizeof lib->why, "%s: no function %s", lib->soname, missing);
			dlclose(h);
			lib->state = -1;
		} else {
			lib->state = 1; /* kept open for the life of the process */
		}
	}
	if (lib->state < 0 && why != NULL)
		*why = lib->why;
	return lib->state > 0 ? 0 : -1;
}

/* dlsym gives an object pointer; POSIX makes it convertible this way. */
#define EXTLIB_BIND(f) \
	if ((*(void **)&api->f = dlsym(h, #f)) == NULL) \
		return #f;
#define EXTLIB_LINK(f) .f = f,

/* One library: its table, filled by dlopen when configure found its
 * soname, else at link time. */
#define EXTLIB_DEFINE(lib, LIST, SONAME) \
	struct lib##_api lib; \
	static const char *lib##_bind(void *h) \
	{ \
		struct lib##_api *api = &lib; \
		LIST(EXTLIB_BIND) \
		return NULL; \
	} \
	static struct extlib lib##_lib = { SONAME, lib##_bind, 0, "" }; \
	int lib##_load(const char **why) \
	{ \
		return extlib_load(&lib##_lib, why); \
	}
#define EXTLIB_DEFINE_LINKED(lib, LIST) \
	struct lib##_api lib = { LIST(EXTLIB_LINK) }; \
	static struct extlib lib##_lib = { NULL, NULL, 0, "" }; \
	int lib##_load(const char **why) \
	{ \
		return extlib_load(&lib##_lib, why); \
	}

#ifdef LIBXML2_SONAME
EXTLIB_DEFINE(libxml2, LIBXML2_FUNCTIONS, LIBXML2_SONAME)
#else
EXTLIB_DEFINE_LINKED(libxml2, LIBXML2_FUNCTIONS)
#endif
#ifdef LIBARCHIVE_SONAME
EXTLIB_DEFINE(libarchive, LIBARCHIVE_FUNCTIONS, LIBARCHIVE_SONAME)
#else
EXTLIB_DEFINE_LINKED(libarchive, LIBARCHIVE_FUNCTIONS)
#endif
#ifdef LIBMD4C_SONAME
EXTLIB_DEFINE(libmd4c, LIBMD4C_FUNCTIONS, LIBMD4C_SONAME)
#else
EXTLIB_DEFINE_LINKED(libmd4c, LIBMD4C_FUNCTIONS)
#endif
#ifdef LIBYAML_SONAME
EXTLIB_DEFINE(libyaml, LIBYAML_FUNCTIONS, LIBYAML_SONAME)
#else
EXTLIB_DEFINE_LINKED(libyaml, LIBYAML_FUNCTIONS)
#endif
#ifdef LIBPCRE2_SONAME
EXTLIB_DEFINE(libpcre2, LIBPCRE2_FUNCTIONS, LIBPCRE2_SONAME)
#else
EXTLIB_DEFINE_LINKED(libpcre2, LIBPCRE2_FUNCTIONS)
#endif
