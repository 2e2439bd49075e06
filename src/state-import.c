/* state-import.c - the text file of older folios (see state.h), parsed
 * only to import it once into the database: its escapes, its lines and
 * its checksum. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state-private.h"
#include "state.h"
#include "text.h"
#include "xmalloc.h"

#define HEADER "folio-state "

/* A growing byte buffer. */
struct sbuf {
	char *p;
	size_t len, cap;
};

static void
sb_add(struct sbuf *b, const void *s, size_t n)
{
	xgrow((void **)&b->p, &b->cap, b->len + n + 1, 1);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Undoes escape() into out (reset first); false on a raw control byte, an
 * unknown escape or an escaped NUL. */
static bool
unescape(const char *s, size_t n, struct sbuf *out)
{
	size_t i;
	unsigned char c;
	int hi, lo;
	char ch;

	out->len = 0;
	sb_add(out, "", 0);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return false;
		if (c != '\\') {
			sb_add(out, s + i, 1);
			continue;
		}
		if (++i == n)
			return false;
		switch (s[i]) {
		case '\\': ch = '\\'; break;
		case 't': ch = '\t'; break;
		case 'n': ch = '\n'; break;
		case 'r': ch = '\r'; break;
		case 'x':
			if (n - i < 3 || (hi = text_hex_digit(s[i + 1])) < 0 ||
			    (lo = text_hex_digit(s[i + 2])) < 0 || (hi | lo) == 0)
				return false;
			ch = (char)(hi << 4 | lo);
			i += 2;
			break;
		default: return false;
		}
		sb_add(out, &ch, 1);
	}
	return true;
}

/* Parses a decimal number of 1 to 20 digits that fits in 64 bits. */
static bool
parse_u64(const char *s, size_t n, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;
	unsigned d;

	if (n == 0 || n > 20)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		d = (unsigned)(s[i] - '0');
		if (x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*v = x;
	return true;
}

static bool
parse_hex64(const char *s, size_t n, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;
	int d;

	if (n != 16)
		return false;
	for (i = 0; i < n; i++) {
		if ((d = text_hex_digit(s[i])) < 0)
			return false;
		x = x << 4 | (uint64_t)d;
	}
	*v = x;
	return true;
}

/* Parses "-" or "a=N,c=M" (letters strictly ascending) into r. */
static bool
parse_marks(struct rec *r, const char *s, size_t n)
{
	size_t i = 0, j;
	int last = -1, k;
	uint64_t v;

	if (n == 1 && s[0] == '-')
		return true;
	for (;;) {
		if (n - i < 3 || (k = state_mark_index((unsigned char)s[i])) < 0 || s[i + 1] != '=')
			return false;
		if (k <= last)
			return false;
		last = k;
		for (j = i + 2; j < n && s[j] != ','; j++)
			;
		if (!parse_u64(s + i + 2, j - i - 2, &v))
			return false;
		rec_set_mark(r, k, v);
		if (j == n)
			return true;
		i = j + 1;
	}
}

/* Parses the fields of one "a" line (after the "a\t") into a new record;
 * returns NULL or what is wrong. */
static const char *
parse_record(struct db *db, const char *s, size_t n, struct sbuf *tmp)
{
	const char *f[6];
	size_t fl[6], i, k = 0, start = 0, idx;
	uint64_t fp, t, rd, pos;
	struct rec r;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '\t')
			continue;
		if (k == 6)
			return "too many fields";
		f[k] = s + start;
		fl[k++] = i - start;
		start = i + 1;
	}
	if (k != 6)
		return "too few fields";
	if (!unescape(f[0], fl[0], tmp))
		return "bad escape in the path";
	if (tmp->len == 0 || tmp->p[0] != '/' || tmp->len > STATE_PATH_MAX ||
	    memchr(tmp->p, '\0', tmp->len) != NULL)
		return "bad path";
	if (!parse_hex64(f[1], fl[1], &fp))
		return "bad fingerprint";
	if (!parse_u64(f[2], fl[2], &t) || t > INT64_MAX)
		return "bad time";
	if (!parse_u64(f[3], fl[3], &rd) || rd > 1 || fl[3] != 1)
		return "bad read flag";
	if (!parse_u64(f[4], fl[4], &pos))
		return "bad position";
	memset(&r, 0, sizeof r);
	if (!parse_marks(&r, f[5], fl[5])) {
		free(r.marks);
		return "bad marks";
	}
	for (int m = FIRST_GLOBAL; m < STATE_MARKS; m++) {
		if ((r.mark_set & BIT(m)) && db_global_holder(db, m) != NONE) {
			free(r.marks);
			return "a global mark in two records";
		}
	}
	if (db_find(db, tmp->p) != NONE) {
		free(r.marks);
		return "duplicate path";
	}
	if (db->n >= STATE_MAX_RECORDS) {
		free(r.marks);
		return "too many records";
	}
	idx = db_add(db, xstrdup(tmp->p), fp);
	db->recs[idx].time = (int64_t)t;
	db->recs[idx].read = rd != 0;
	db->recs[idx].pos = pos;
	db->recs[idx].marks = r.marks;
	db->recs[idx].mark_set = r.mark_set;
	return NULL;
}

/* Parses the field of a "t" line (after the "t\t"): the own title of the
 * record on the line just before it (after_record), so each record has
 * at most one. */
static const char *
parse_title(struct db *db, const char *s, size_t n, struct sbuf *tmp, bool after_record)
{
	struct rec *r;

	if (!after_record || db->n == 0)
		return "a title without its record";
	r = &db->recs[db->n - 1];
	if (!unescape(s, n, tmp) || memchr(tmp->p, '\0', tmp->len) != NULL)
		return "bad escape in a title";
	if (tmp->len == 0 || tmp->len > STATE_TITLE_MAX)
		return "bad title length";
	r->title = xstrdup(tmp->p);
	return NULL;
}

static const char *
parse_history(struct db *db, const char *s, size_t n, struct sbuf *tmp)
{
	if (!unescape(s, n, tmp) || memchr(tmp->p, '\0', tmp->len) != NULL)
		return "bad escape in a search pattern";
	if (tmp->len == 0 || tmp->len > STATE_PATTERN_MAX)
		return "bad search pattern length";
	if (hist_find(&db->hist, tmp->p) != NONE)
		return "duplicate search pattern";
	if (db->hist.n >= STATE_HISTORY_MAX)
		return "too many search patterns";
	hist_add(&db->hist, tmp->p);
	return NULL;
}

/* Parses a whole state file into *out; false with *why (to free) when
 * anything about it is wrong. */
bool
import_parse(struct db *out, const char *buf, size_t len, char **why)
{
	struct db db;
	struct sbuf tmp = { 0 };
	const char *nl, *line, *err = NULL;
	size_t pos, body_end, lineno = 1, ll, vlen;
	uint64_t sum, v;
	bool after_record = false, record;

	*why = NULL;
	if (len == 0) {
		*why = xstrdup("the file is empty");
		return false;
	}
	if (len > STATE_MAX_FILE) {
		*why = xstrdup("the file is too large");
		return false;
	}
	nl = memchr(buf, '\n', len < 64 ? len : 64);
	vlen = nl == NULL ? 0 : (size_t)(nl - buf);
	if (vlen <= strlen(HEADER) || memcmp(buf, HEADER, strlen(HEADER)) != 0 ||
	    !parse_u64(buf + strlen(HEADER), vlen - strlen(HEADER), &v)) {
		*why = xstrdup("not a folio state file");
		return false;
	}
	if (v != STATE_VERSION) {
		*why =
		    xasprintf("version %" PRIu64 ", this folio reads version %d", v, STATE_VERSION);
		return false;
	}
	pos = vlen + 1;

	/* The end line "end\t<checksum of all before it>" must close the file. */
	if (buf[len - 1] != '\n' || len - 1 < pos) {
		*why = xstrdup("truncated or damaged (no end line)");
		return false;
	}
	nl = memrchr(buf + pos - 1, '\n', len - pos);
	body_end = (size_t)(nl - buf) + 1;
	ll = len - 1 - body_end;
	if (ll != 20 || memcmp(buf + body_end, "end\t", 4) != 0 ||
	    !parse_hex64(buf + body_end + 4, 16, &v)) {
		*why = xstrdup("truncated or damaged (no end line)");
		return false;
	}
	sum = fnv1a(FNV_INIT, buf, body_end);
	if (sum != v) {
		*why = xstrdup("damaged (wrong checksum)");
		return false;
	}

	memset(&db, 0, sizeof db);
	while (pos < body_end && err == NULL) {
		lineno++;
		line = buf + pos;
		nl = memchr(line, '\n', body_end - pos);
		ll = (size_t)(nl - line);
		pos += ll + 1;
		record = ll >= 2 && line[0] == 'a' && line[1] == '\t';
		if (ll > STATE_MAX_LINE)
			err = "line too long";
		else if (record)
			err = parse_record(&db, line + 2, ll - 2, &tmp);
		else if (ll >= 2 && line[0] == 't' && line[1] == '\t')
			err = parse_title(&db, line + 2, ll - 2, &tmp, after_record);
		else if (ll >= 2 && line[0] == 'h' && line[1] == '\t')
			err = parse_history(&db, line + 2, ll - 2, &tmp);
		else
			err = "unknown kind of line";
		after_record = record;
	}
	free(tmp.p);
	if (err != NULL) {
		*why = xasprintf("line %zu: %s", lineno, err);
		db_free(&db);
		return false;
	}
	*out = db;
	return true;
}

/* Reads the state file at path whole, without ever blocking. */
enum read_result
import_read(const char *path, char **buf, size_t *len, char **why)
{
	struct stat sb;
	char *b = NULL;
	size_t n = 0, cap = 0;
	ssize_t r;
	int fd;

	*buf = NULL;
	*len = 0;
	*why = NULL;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
		return RD_MISSING;
	if (fd < 0) {
		*why = xasprintf("%s: %s", path, strerror(errno));
		return RD_ERROR;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		*why = xstrdup("not a regular file");
		return RD_BAD;
	}
	if ((uint64_t)sb.st_size > STATE_MAX_FILE) {
		close(fd);
		*why = xstrdup("the file is too large");
		return RD_BAD;
	}
	for (;;) {
		xgrow((void **)&b, &cap, n + 65536 + 1, 1);
		r = read(fd, b + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*why = xasprintf("%s: %s", path, strerror(errno));
			close(fd);
			free(b);
			return RD_ERROR;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > STATE_MAX_FILE) {
			close(fd);
			free(b);
			*why = xstrdup("the file is too large");
			return RD_BAD;
		}
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return RD_OK;
}
