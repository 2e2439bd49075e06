/* xdg.h - folio's folders under the XDG base directories. */
#ifndef FOLIO_XDG_H
#define FOLIO_XDG_H

/* "$VAR/folio" when the environment variable var holds an absolute path
 * (as the specification says), else "HOME/fallback/folio" with HOME from
 * $HOME, or the password file when that is no absolute path; NULL when
 * there is no home.  Nothing is made.  The caller frees it. */
char *xdg_folder(const char *var, const char *fallback);

#endif
