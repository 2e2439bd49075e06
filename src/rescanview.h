/* rescanview.h - the collection read again while folio runs.
 *
 * r rescans every folder and path given (library_rescan) and reloads the
 * article shown; the same rescan happens by itself when, every
 * rescan_interval seconds while the keyboard is idle, a stat of each
 * folder and each listed file says something changed (library_stale):
 * stat polling rather than inotify, since it works on every system and
 * file system (NFS, sshfs, FUSE), needs no watch per folder and no limit
 * raised, and costs a stat per file only every few seconds.
 *
 * Nothing the reader did is lost: the same path stays selected (its
 * nearest neighbour when it went), the article shown stays, at the same
 * offset (app_watch clamps it when the file shrank), read flags, own
 * titles, marks and the jump history go with their paths, folded folders
 * stay folded.  An article shown whose file went is replaced by its
 * nearest neighbour, opened where it was left.  A rescan by hand drops a
 * search of the collection and its narrowed list; an automatic one waits
 * until no prompt, menu, help or narrowed list is up.
 *
 * Like every handler, these return the DIRTY_* bits of what they changed.
 */
#ifndef FOLIO_RESCANVIEW_H
#define FOLIO_RESCANVIEW_H

#include <stdbool.h>

struct app;

/* r: rescans now and reloads the article shown; says what changed. */
unsigned rescanview_rescan(struct app *app, long count);

/* The automatic check, which the ui calls when the keyboard is idle: once
 * rescan_interval seconds have passed since the last one began (at once
 * when now is true: a script's :idle), the folders are looked at, then
 * the files, SWEEP_FILES of them a call (all at once when now is true),
 * and the collection rescanned when library_stale sees a change.  Nothing
 * when rescan_interval is 0. */
unsigned rescanview_idle(struct app *app, bool now);

#endif
