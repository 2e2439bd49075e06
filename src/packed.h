/* packed.h - compressed files and archives, read through libarchive.
 *
 * A compressed file (.gz, .bz2, .xz, .zst) is read as the bytes it holds:
 * libarchive's raw format behind every filter it has, so no decoder is
 * written here.  An archive (.tar under any compression, .tgz and its
 * kind, .zip) is a folder of members; the library lists its regular-file
 * members and opens one by its ordinal.  What decides is the name: the
 * suffix under a compression suffix says what the content is
 * ("notes.md.gz" is Markdown, "docs.tar.gz" an archive).
 *
 * Nothing here writes to disk or follows a member's name anywhere: member
 * names are only shown (made safe by whoever shows them) and compared.
 * Corrupt or truncated input gives the bytes read up to the damage and
 * one message; reading never blocks on anything but the file itself.
 */
#ifndef FOLIO_PACKED_H
#define FOLIO_PACKED_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

enum packed_kind {
	PACKED_NONE,       /* an ordinary file */
	PACKED_COMPRESSED, /* one compressed file */
	PACKED_ARCHIVE,    /* a tar (any compression) or zip archive */
};

/* What the name path says it is (case-insensitive suffixes). */
enum packed_kind packed_kind(const char *path);

/* The length of path without its compression suffix (".gz", ".bz2",
 * ".xz", ".zst"): what names the content's own format; strlen(path) when
 * it has none. */
size_t packed_base_len(const char *path);

/* NULL when compressed files and archives can be read, else why not
 * (libarchive could not be loaded: extlib.h), in static storage. */
const char *packed_unavailable(void);

/* An open stream of decoded bytes. */
struct packed;

/* Reads fd (taken over: closed by packed_close, or here on failure) as a
 * compressed file when member < 0, else as an archive positioned at the
 * start of its member-th regular-file member (counted as packed_list
 * counts them).  Returns NULL with *err (the caller frees it) when fd is
 * neither or the member is not there. */
struct packed *packed_open(int fd, long member, char **err);

/* Reads up to len decoded bytes into buf.  Returns the byte count, 0 at
 * the end, -1 when the input is damaged (packed_error then says how; what
 * was read before stays good). */
ssize_t packed_read(struct packed *p, char *buf, size_t len);

/* Why the last packed_read returned -1: static or owned by p. */
const char *packed_error(const struct packed *p);

void packed_close(struct packed *p);

/* The most members of one archive that are listed; the rest are counted
 * and left out with one warning. */
#define PACKED_MEMBERS_MAX 10000

/* One regular-file member met by packed_list. */
struct packed_member {
	const char *name; /* as stored (any bytes); valid during the call */
	long ordinal;     /* what packed_open takes to open it */
	off_t size;       /* decoded size as the archive says, -1 unknown */
	time_t mtime;
	const char *head; /* its first head_len decoded bytes */
	size_t head_len;
};

/* Calls fn for each regular-file member of the archive on fd (taken over
 * and closed), with up to head_max of its first decoded bytes.  Returns
 * the number of members listed, or -1 when fd is no archive at all; *err
 * (the caller frees it) is set when the archive broke off (corrupt or
 * truncated: the members before are listed) or had more than
 * PACKED_MEMBERS_MAX members, NULL otherwise. */
long packed_list(int fd, size_t head_max, void (*fn)(void *ctx, const struct packed_member *m),
    void *ctx, char **err);

/* A member's name made fit to be part of a path: leading "/" and "./",
 * and every "." and ".." component, dropped; empty components folded.
 * Any other bytes stay (they are made safe when shown).  The caller frees
 * the result; NULL when nothing is left. */
char *packed_clean_name(const char *name);

#endif
