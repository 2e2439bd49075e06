#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "extlib.h"
#include "packed.h"
#include "xmalloc.h"

/* libarchive's block size for reading a file descriptor. */
#define BLOCK (64u << 10)
/* How often a read that libarchive asks to retry is tried again. */
#define PACKED_RETRIES 8

struct packed {
	struct archive *ar;
	int fd;
	char *error; /* owned; NULL until a read fails */
};

static const char *const compressions[] = { ".gz", ".bz2", ".xz", ".zst", NULL };
/* Archives by their whole suffix, compression included. */
static const char *const archives[] = { ".tar", ".tgz", ".tbz", ".tbz2", ".txz", ".tzst", ".zip",
	NULL };

static bool
ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len > n && strncasecmp(s + len - n, suffix, n) == 0 && s[len - n - 1] != '/';
}

size_t
packed_base_len(const char *path)
{
	size_t len = strlen(path);

	for (const char *const *c = compressions; *c != NULL; c++)
		if (ends_with(path, len, *c))
			return len - strlen(*c);
	return len;
}

enum packed_kind
packed_kind(const char *path)
{
	size_t len = strlen(path), base = packed_base_len(path);

	for (const char *const *a = archives; *a != NULL; a++)
		if (ends_with(path, base, *a))
			return PACKED_ARCHIVE;
	return base < len ? PACKED_COMPRESSED : PACKED_NONE;
}

/* A copy of libarchive's last message on ar, or of fallback. */
static char *
message(struct archive *ar, const char *fallback)
{
	const char *s = ar != NULL ? libarchive.archive_error_string(ar) : NULL;

	return xstrdup(s != NULL && *s != '\0' ? s : fallback);
}

const char *
packed_unavailable(void)
{
	static char msg[320];
	const char *why;

	if (libarchive_load(&why) == 0)
		return NULL;
	snprintf(msg, sizeof msg, "cannot be read without libarchive (%s)", why);
	return msg;
}

/* A libarchive reader of fd, or NULL with why in *err when not NULL. */
static struct archive *
reader(int fd, bool raw, char **err)
{
	struct archive *ar;
	const char *why = packed_unavailable();

	if (why != NULL) {
		if (err != NULL)
			*err = xstrdup(why);
		return NULL;
	}
	if ((ar = libarchive.archive_read_new()) == NULL) {
		if (err != NULL)
			*err = xstrdup("cannot be read: out of memory");
		return NULL;
	}
	libarchive.archive_read_support_filter_all(ar);
	if (raw) {
		libarchive.archive_read_support_format_raw(ar);
	} else {
		libarchive.archive_read_support_format_tar(ar);
		libarchive.archive_read_support_format_gnutar(ar);
		libarchive.archive_read_support_format_zip(ar);
	}
	if (libarchive.archive_read_open_fd(ar, fd, BLOCK) != ARCHIVE_OK) {
		if (err != NULL)
			*err = message(ar, "cannot be read as compressed or archived data");
		libarchive.archive_read_free(ar);
		return NULL;
	}
	return ar;
}

struct packed *
packed_open(int fd, long member, char **err)
{
	struct archive *ar = reader(fd, member < 0, err);
	struct archive_entry *en;
	struct packed *p;
	long n = 0;
	int r;

	if (ar == NULL) {
		close(fd);
		return NULL;
	}
	p = xcalloc(1, sizeof *p);
	p->ar = ar;
	p->fd = fd;
	for (;;) {
		r = libarchive.archive_read_next_header(ar, &en);
		if (r == ARCHIVE_EOF && member < 0)
			/* An empty file has no header: it holds nothing. */
			return p;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			*err = r == ARCHIVE_EOF ? xstrdup("no such member in the archive")
						: message(ar, "damaged data");
			packed_close(p);
			return NULL;
		}
		if (member < 0)
			return p;
		if (libarchive.archive_entry_filetype(en) == AE_IFREG && n++ == member)
			return p;
	}
}

ssize_t
packed_read(struct packed *p, char *buf, size_t len)
{
	la_ssize_t r;
	int tries = 0;

	if (p->error != NULL)
		return -1;
	/* A damaged archive may ask to be retried for ever: a few times
	 * only, then it is damaged. */
	do
		r = libarchive.archive_read_data(p->ar, buf, len);
	while (r == ARCHIVE_RETRY && ++tries < PACKED_RETRIES);
	if (r == ARCHIVE_WARN)
		r = 0;
	if (r < 0) {
		p->error = message(p->ar, "damaged data");
		return -1;
	}
	return r;
}

const char *
packed_error(const struct packed *p)
{
	return p->error != NULL ? p->error : "damaged data";
}

void
packed_close(struct packed *p)
{
	if (p == NULL)
		return;
	libarchive.archive_read_free(p->ar);
	close(p->fd);
	free(p->error);
	free(p);
}

long
packed_list(int fd, size_t head_max, void (*fn)(void *ctx, const struct packed_member *m),
    void *ctx, char **err)
{
	struct archive *ar = reader(fd, false, NULL);
	struct archive_entry *en;
	char *head;
	long listed = 0, ordinal = 0, over = 0;
	int r;

	*err = NULL;
	if (ar == NULL) {
		close(fd);
		return -1;
	}
	head = xmalloc(head_max + 1);
	while (
	    (r = libarchive.archive_read_next_header(ar, &en)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		struct packed_member m;
		size_t n = 0;
		la_ssize_t got = 0;

		if (libarchive.archive_entry_filetype(en) != AE_IFREG)
			continue;
		if (listed >= PACKED_MEMBERS_MAX) {
			over++;
			ordinal++;
			continue;
		}
		while (n < head_max &&
		    (got = libarchive.archive_read_data(ar, head + n, head_max - n)) > 0)
			n += (size_t)got;
		m.name = libarchive.archive_entry_pathname(en);
		if (m.name == NULL)
			m.name = "";
		m.ordinal = ordinal++;
		m.size = libarchive.archive_entry_size_is_set(en)
		    ? (off_t)libarchive.archive_entry_size(en)
		    : -1;
		m.mtime = libarchive.archive_entry_mtime(en);
		m.head = head;
		m.head_len = n;
		fn(ctx, &m);
		listed++;
		if (got < 0 && got != ARCHIVE_WARN) {
			r = ARCHIVE_FATAL;
			break;
		}
	}
	if (r != ARCHIVE_EOF)
		*err = listed == 0 && ordinal == 0 ? NULL : message(ar, "damaged data");
	if (r != ARCHIVE_EOF && listed == 0 && ordinal == 0) {
		free(head);
		libarchive.archive_read_free(ar);
		close(fd);
		return -1;
	}
	if (*err == NULL && over > 0)
		*err = xasprintf(
		    "%ld members more than the %d listed are left out", over, PACKED_MEMBERS_MAX);
	free(head);
	libarchive.archive_read_free(ar);
	close(fd);
	return listed;
}

char *
packed_clean_name(const char *name)
{
	size_t len = strlen(name), n = 0;
	char *out = xmalloc(len + 1);
	const char *p = name;

	while (*p != '\0') {
		const char *slash = strchr(p, '/');
		size_t c = slash != NULL ? (size_t)(slash - p) : strlen(p);

		if (c > 0 && !(c == 1 && p[0] == '.') && !(c == 2 && p[0] == '.' && p[1] == '.')) {
			if (n > 0)
				out[n++] = '/';
			memcpy(out + n, p, c);
			n += c;
		}
		p += c;
		if (*p == '/')
			p++;
	}
	out[n] = '\0';
	if (n == 0) {
		free(out);
		return NULL;
	}
	return out;
}
