#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "state.h"
#include "text.h"
#include "xmalloc.h"

#define NONE SIZE_MAX
#define HEADER "folio-state "
#define STALE_TMP_SECONDS 600
#define LOCK_POLL_NS 5000000L
#define LOCK_MS 2000     /* how long a save waits for the lock */
#define OPEN_LOCK_MS 500 /* at open, moving a bad file aside can wait */

enum { DIRTY_READ = 1 << 0, DIRTY_POS = 1 << 1, DIRTY_TITLE = 1 << 2 };

/* One article's record. */
struct rec {
	char *path;  /* owned; canonical, absolute */
	uint64_t fp; /* fingerprint, 0 none */
	int64_t time;
	uint64_t pos;
	uint64_t *marks; /* owned; NULL or STATE_MARKS entries */
	uint64_t mark_set;
	uint64_t mark_dirty; /* marks changed since the last save */
	char *title;         /* owned; the reader's own title, NULL none */
	unsigned dirty;      /* DIRTY_*: fields changed since the last save */
	bool read;
};

/* Search patterns, oldest first, no duplicates. */
struct hist {
	char **v; /* owned, as are the strings */
	size_t n;
};

/* Records and history: what one state file holds. */
struct db {
	struct rec *recs;
	size_t n, cap;
	uint32_t *by_path; /* open addressing over tcap slots: index + 1 */
	uint32_t *by_fp;   /* the same by fingerprint; may hold stale slots */
	size_t tcap, fp_used;
	struct hist hist;
};

/* Canonical forms of the paths callers pass, computed once each. */
struct canon {
	char **given, **canon; /* owned; canon[i] NULL when it cannot be kept */
	size_t n, cap;
	uint32_t *slots;
	size_t tcap;
};

struct state {
	char *dir; /* owned; NULL when there is no folder */
	struct db db;
	struct hist pending; /* history added since the last save */
	struct canon canon;
	bool dirty;
	int lock_timeout_ms;
	bool warned;      /* the open notice said saves would fail */
	char *last_error; /* the last save's failure, to warn once */
};

/* A growing byte buffer. */
struct sbuf {
	char *p;
	size_t len, cap;
};

enum read_result { RD_OK, RD_MISSING, RD_BAD, RD_ERROR };

static uint64_t
fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define FNV_INIT 0xcbf29ce484222325ULL

/* Spreads a hash over the low bits used to pick a slot. */
static uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static uint64_t
str_hash(const char *s)
{
	return mix(fnv1a(FNV_INIT, s, strlen(s)));
}

static void
slot_put(uint32_t *t, size_t cap, uint64_t h, size_t i)
{
	size_t m = cap - 1, j = h & m;

	while (t[j] != 0)
		j = (j + 1) & m;
	t[j] = (uint32_t)(i + 1);
}

static void
sb_add(struct sbuf *b, const void *s, size_t n)
{
	xgrow((void **)&b->p, &b->cap, b->len + n + 1, 1);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_adds(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static int64_t
now(void)
{
	return (int64_t)time(NULL);
}

/* ---- history ------------------------------------------------------------ */

static void
hist_clear(struct hist *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->v[i]);
	free(h->v);
	h->v = NULL;
	h->n = 0;
}

static size_t
hist_find(const struct hist *h, const char *s)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->v[i], s) == 0)
			return i;
	return NONE;
}

static void
hist_remove(struct hist *h, size_t i)
{
	free(h->v[i]);
	memmove(h->v + i, h->v + i + 1, (h->n - i - 1) * sizeof *h->v);
	h->n--;
}

/* Appends s as the newest entry, dropping an equal one and the oldest
 * beyond the bound. */
static void
hist_add(struct hist *h, const char *s)
{
	size_t i = hist_find(h, s);

	if (i != NONE)
		hist_remove(h, i);
	if (h->n >= STATE_HISTORY_MAX)
		hist_remove(h, 0);
	h->v = xreallocarray(h->v, h->n + 1, sizeof *h->v);
	h->v[h->n++] = xstrdup(s);
}

/* ---- records -------------------------------------------------------------- */

static void
db_free(struct db *db)
{
	size_t i;

	for (i = 0; i < db->n; i++) {
		free(db->recs[i].path);
		free(db->recs[i].marks);
		free(db->recs[i].title);
	}
	free(db->recs);
	free(db->by_path);
	free(db->by_fp);
	hist_clear(&db->hist);
	memset(db, 0, sizeof *db);
}

/* Rebuilds both indexes with room for want records. */
static void
db_rehash(struct db *db, size_t want)
{
	size_t cap = 64, i;

	while (cap < want * 2)
		cap *= 2;
	free(db->by_path);
	free(db->by_fp);
	db->by_path = xcalloc(cap, sizeof *db->by_path);
	db->by_fp = xcalloc(cap, sizeof *db->by_fp);
	db->tcap = cap;
	db->fp_used = 0;
	for (i = 0; i < db->n; i++) {
		slot_put(db->by_path, cap, str_hash(db->recs[i].path), i);
		if (db->recs[i].fp != 0) {
			slot_put(db->by_fp, cap, mix(db->recs[i].fp), i);
			db->fp_used++;
		}
	}
}

static size_t
db_find(const struct db *db, const char *path)
{
	size_t m, j;
	uint32_t s;

	if (db->tcap == 0)
		return NONE;
	m = db->tcap - 1;
	for (j = str_hash(path) & m; (s = db->by_path[j]) != 0; j = (j + 1) & m)
		if (strcmp(db->recs[s - 1].path, path) == 0)
			return s - 1;
	return NONE;
}

/* Adds a default record for path (which it takes over); returns its index. */
static size_t
db_add(struct db *db, char *path, uint64_t fp)
{
	struct rec *r;

	if ((db->n + 1) * 2 > db->tcap || (db->fp_used + 1) * 2 > db->tcap)
		db_rehash(db, (db->n + 1) * 2);
	xgrow((void **)&db->recs, &db->cap, db->n + 1, sizeof *db->recs);
	r = &db->recs[db->n];
	memset(r, 0, sizeof *r);
	r->path = path;
	r->fp = fp;
	slot_put(db->by_path, db->tcap, str_hash(path), db->n);
	if (fp != 0) {
		slot_put(db->by_fp, db->tcap, mix(fp), db->n);
		db->fp_used++;
	}
	return db->n++;
}

/* Changes record i's fingerprint; the stale slot stays and is skipped. */
static void
db_set_fp(struct db *db, size_t i, uint64_t fp)
{
	if (fp == 0 || db->recs[i].fp == fp)
		return;
	db->recs[i].fp = fp;
	if ((db->fp_used + 1) * 2 > db->tcap)
		db_rehash(db, db->n * 2);
	else {
		slot_put(db->by_fp, db->tcap, mix(fp), i);
		db->fp_used++;
	}
}

static bool
path_gone(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

/* The newest record with fingerprint fp whose path no longer exists. */
static size_t
db_find_moved(const struct db *db, uint64_t fp)
{
	size_t m, j, best = NONE;
	uint32_t s;
	const struct rec *r;

	if (fp == 0 || db->tcap == 0)
		return NONE;
	m = db->tcap - 1;
	for (j = mix(fp) & m; (s = db->by_fp[j]) != 0; j = (j + 1) & m) {
		r = &db->recs[s - 1];
		if (r->fp != fp || s - 1 == best ||
		    (best != NONE && r->time <= db->recs[best].time))
			continue;
		if (path_gone(r->path))
			best = s - 1;
	}
	return best;
}

#define BIT(k) (UINT64_C(1) << (k))
#define FIRST_GLOBAL 26 /* marks[] index of 'A' */

int
state_mark_index(int letter)
{
	if (letter >= 'a' && letter <= 'z')
		return letter - 'a';
	if (letter >= 'A' && letter <= 'Z')
		return FIRST_GLOBAL + letter - 'A';
	return -1;
}

int
state_mark_letter(int i)
{
	return i < FIRST_GLOBAL ? 'a' + i : 'A' + i - FIRST_GLOBAL;
}

/* The record holding global mark k, or NONE. */
static size_t
db_global_holder(const struct db *db, int k)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		if (db->recs[i].mark_set & BIT(k))
			return i;
	return NONE;
}

/* Clears global mark k in every record but keep, which has just set it.
 * Only keep's change needs saving: a merge applying it clears the mark
 * in the other records on disk the same way. */
static void
db_global_only(struct db *db, int k, size_t keep)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		if (i != keep)
			db->recs[i].mark_set &= ~BIT(k);
}

static void
rec_set_mark(struct rec *r, int i, uint64_t pos)
{
	if (r->marks == NULL)
		r->marks = xcalloc(STATE_MARKS, sizeof *r->marks);
	r->marks[i] = pos;
	r->mark_set |= BIT(i);
}

static int
cmp_time_desc(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Which records a save keeps: NULL for all, else a mask of the newest
 * STATE_MAX_RECORDS (the caller frees it). */
static bool *
db_newest(const struct db *db)
{
	int64_t *t, thr;
	bool *keep;
	size_t i, above = 0, equal;

	if (db->n <= STATE_MAX_RECORDS)
		return NULL;
	t = xreallocarray(NULL, db->n, sizeof *t);
	for (i = 0; i < db->n; i++)
		t[i] = db->recs[i].time;
	qsort(t, db->n, sizeof *t, cmp_time_desc);
	thr = t[STATE_MAX_RECORDS - 1];
	free(t);
	for (i = 0; i < db->n; i++)
		if (db->recs[i].time > thr)
			above++;
	equal = STATE_MAX_RECORDS - above;
	keep = xcalloc(db->n, sizeof *keep);
	for (i = 0; i < db->n; i++) {
		if (db->recs[i].time > thr)
			keep[i] = true;
		else if (db->recs[i].time == thr && equal > 0) {
			keep[i] = true;
			equal--;
		}
	}
	return keep;
}

/* Drops all but the newest STATE_MAX_RECORDS records. */
static void
db_prune(struct db *db)
{
	bool *keep = db_newest(db);
	size_t i, k = 0;

	if (keep == NULL)
		return;
	for (i = 0; i < db->n; i++) {
		if (keep[i])
			db->recs[k++] = db->recs[i];
		else {
			free(db->recs[i].path);
			free(db->recs[i].marks);
			free(db->recs[i].title);
		}
	}
	db->n = k;
	free(keep);
	db_rehash(db, db->n * 2);
}

static void
db_clear_dirty(struct db *db)
{
	size_t i;

	for (i = 0; i < db->n; i++) {
		db->recs[i].dirty = 0;
		db->recs[i].mark_dirty = 0;
	}
}

/* Applies the changes own made since its last save (its dirty fields and
 * the pending history) onto disk. */
static void
db_merge(struct db *disk, const struct db *own, const struct hist *pending)
{
	const struct rec *r;
	struct rec *d;
	size_t i, j;
	int k;

	for (i = 0; i < own->n; i++) {
		r = &own->recs[i];
		if (r->dirty == 0 && r->mark_dirty == 0)
			continue;
		j = db_find(disk, r->path);
		if (j == NONE)
			j = db_add(disk, xstrdup(r->path), r->fp);
		db_set_fp(disk, j, r->fp);
		d = &disk->recs[j];
		if (r->dirty & DIRTY_READ)
			d->read = r->read;
		if (r->dirty & DIRTY_POS)
			d->pos = r->pos;
		if (r->dirty & DIRTY_TITLE) {
			free(d->title);
			d->title = r->title != NULL ? xstrdup(r->title) : NULL;
		}
		for (k = 0; k < STATE_MARKS; k++) {
			if (!(r->mark_dirty & BIT(k)))
				continue;
			if (r->mark_set & BIT(k)) {
				rec_set_mark(d, k, r->marks[k]);
				if (k >= FIRST_GLOBAL)
					db_global_only(disk, k, j);
			} else
				d->mark_set &= ~BIT(k);
		}
		if (r->time > d->time)
			d->time = r->time;
	}
	for (i = 0; i < pending->n; i++)
		hist_add(&disk->hist, pending->v[i]);
}

/* ---- the file format ------------------------------------------------------ */

/* Appends s[0..n) escaped: backslash, controls, C1 controls and invalid
 * UTF-8 become \\, \t, \n, \r or \xHH, so a field holds no tab or newline
 * and the file is valid UTF-8 that is safe to print. */
static void
escape(struct sbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, k, j;
	unsigned char c;
	uint32_t cp;
	char e[4];

	while (i < n) {
		c = (unsigned char)s[i];
		k = 1;
		if (c == '\\')
			sb_add(b, "\\\\", 2);
		else if (c == '\t')
			sb_add(b, "\\t", 2);
		else if (c == '\n')
			sb_add(b, "\\n", 2);
		else if (c == '\r')
			sb_add(b, "\\r", 2);
		else if (c >= 0x20 && c < 0x7f)
			sb_add(b, s + i, 1);
		else {
			if (c >= 0x80)
				k = text_decode(s + i, n - i, &cp);
			if (c >= 0x80 && k > 1 && cp >= 0xa0)
				sb_add(b, s + i, k);
			else {
				for (j = 0; j < k; j++) {
					c = (unsigned char)s[i + j];
					e[0] = '\\';
					e[1] = 'x';
					e[2] = hex[c >> 4];
					e[3] = hex[c & 15];
					sb_add(b, e, 4);
				}
			}
		}
		i += k;
	}
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
static bool
db_parse(struct db *out, const char *buf, size_t len, char **why)
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

/* The file's bytes for db (its newest STATE_MAX_RECORDS records). */
static char *
db_serialize(const struct db *db, size_t *len)
{
	struct sbuf b = { 0 };
	bool *keep = db_newest(db);
	const struct rec *r;
	char num[128];
	size_t i;
	int k;
	bool first;

	snprintf(num, sizeof num, "%s%d\n", HEADER, STATE_VERSION);
	sb_adds(&b, num);
	for (i = 0; i < db->n; i++) {
		if (keep != NULL && !keep[i])
			continue;
		r = &db->recs[i];
		sb_add(&b, "a\t", 2);
		escape(&b, r->path, strlen(r->path));
		snprintf(num, sizeof num, "\t%016" PRIx64 "\t%" PRId64 "\t%d\t%" PRIu64 "\t", r->fp,
		    r->time < 0 ? (int64_t)0 : r->time, r->read ? 1 : 0, r->pos);
		sb_adds(&b, num);
		first = true;
		for (k = 0; k < STATE_MARKS; k++) {
			if (!(r->mark_set & BIT(k)))
				continue;
			snprintf(num, sizeof num, "%s%c=%" PRIu64, first ? "" : ",",
			    state_mark_letter(k), r->marks[k]);
			sb_adds(&b, num);
			first = false;
		}
		sb_adds(&b, first ? "-\n" : "\n");
		if (r->title != NULL) {
			sb_add(&b, "t\t", 2);
			escape(&b, r->title, strlen(r->title));
			sb_add(&b, "\n", 1);
		}
	}
	free(keep);
	for (i = 0; i < db->hist.n; i++) {
		sb_add(&b, "h\t", 2);
		escape(&b, db->hist.v[i], strlen(db->hist.v[i]));
		sb_add(&b, "\n", 1);
	}
	snprintf(num, sizeof num, "end\t%016" PRIx64 "\n", fnv1a(FNV_INIT, b.p, b.len));
	sb_adds(&b, num);
	*len = b.len;
	return b.p;
}

/* ---- paths ---------------------------------------------------------------- */

/* The canonical form of path (owned by st's cache), or NULL when it cannot
 * be kept. */
static const char *
canonical(struct state *st, const char *path)
{
	struct canon *c = &st->canon;
	uint64_t h = str_hash(path);
	size_t m, j, i;
	uint32_t s;
	char *r, *cwd;

	if (c->tcap > 0) {
		m = c->tcap - 1;
		for (j = h & m; (s = c->slots[j]) != 0; j = (j + 1) & m)
			if (strcmp(c->given[s - 1], path) == 0)
				return c->canon[s - 1];
	}
	if (path[0] == '\0')
		return NULL;
	r = realpath(path, NULL);
	if (r == NULL && path[0] == '/')
		r = xstrdup(path);
	else if (r == NULL) {
		if ((cwd = getcwd(NULL, 0)) != NULL)
			r = xasprintf("%s/%s", cwd, path);
		free(cwd);
	}
	if (r != NULL && strlen(r) > STATE_PATH_MAX) {
		free(r);
		r = NULL;
	}
	if ((c->n + 1) * 2 > c->tcap) {
		c->tcap = c->tcap == 0 ? 64 : c->tcap * 2;
		free(c->slots);
		c->slots = xcalloc(c->tcap, sizeof *c->slots);
		for (i = 0; i < c->n; i++)
			slot_put(c->slots, c->tcap, str_hash(c->given[i]), i);
	}
	if (c->n == c->cap) {
		c->cap = c->cap == 0 ? 64 : c->cap * 2;
		c->given = xreallocarray(c->given, c->cap, sizeof *c->given);
		c->canon = xreallocarray(c->canon, c->cap, sizeof *c->canon);
	}
	c->given[c->n] = xstrdup(path);
	c->canon[c->n] = r;
	slot_put(c->slots, c->tcap, h, c->n);
	return c->canon[c->n++];
}

static void
canon_free(struct canon *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->given[i]);
		free(c->canon[i]);
	}
	free(c->given);
	free(c->canon);
	free(c->slots);
}

static char *
state_file(const struct state *st, const char *name)
{
	return xasprintf("%s/%s", st->dir, name);
}

/* $XDG_STATE_HOME/folio (an absolute one only, as the spec says), else
 * ~/.local/state/folio; NULL when there is no home. */
static char *
default_dir(void)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct passwd *pw;

	if (x != NULL && x[0] == '/')
		return xasprintf("%s/folio", x);
	if (home == NULL || home[0] != '/') {
		pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : NULL;
	}
	if (home == NULL || home[0] != '/')
		return NULL;
	return xasprintf("%s/.local/state/folio", home);
}

/* Whether dir, or the nearest existing folder above it, can be written. */
static bool
dir_writable(const char *dir, int *errnum)
{
	char *p = xstrdup(dir), *slash;
	struct stat sb;
	bool ok = false;

	for (;;) {
		if (stat(p, &sb) == 0) {
			if (!S_ISDIR(sb.st_mode))
				*errnum = ENOTDIR;
			else if (access(p, W_OK | X_OK) != 0)
				*errnum = errno;
			else
				ok = true;
			break;
		}
		*errnum = errno;
		if (errno != ENOENT || (slash = strrchr(p, '/')) == NULL || slash == p)
			break;
		*slash = '\0';
	}
	free(p);
	return ok;
}

/* Creates dir and its missing parents (mode 0700); -1 with errno. */
static int
mkdir_p(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int e = 0;

	for (s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		if (s[-1] != '/') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST) {
				e = errno;
				break;
			}
			*s = c;
		}
		if (*s == '\0')
			break;
	}
	free(p);
	errno = e;
	return e == 0 ? 0 : -1;
}

/* ---- files ---------------------------------------------------------------- */

/* Reads the state file at path whole, without ever blocking. */
static enum read_result
read_file(const char *path, char **buf, size_t *len, char **why)
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

/* Takes the lock, waiting at most the timeout; returns its descriptor, or
 * -1 with *why. */
static int
lock_take(const struct state *st, char **why)
{
	char *path = state_file(st, "state.lock");
	struct timespec t0, t, nap = { 0, LOCK_POLL_NS };
	long ms;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_NOCTTY | O_CLOEXEC, 0600);
	if (fd < 0) {
		*why = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			*why = xasprintf("%s: %s", path, strerror(errno));
			goto fail;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		ms = (long)(t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
		if (ms >= st->lock_timeout_ms) {
			*why = xasprintf(
			    "%s: held by another folio for over %d ms", path, st->lock_timeout_ms);
			goto fail;
		}
		nanosleep(&nap, NULL);
	}
	free(path);
	return fd;
fail:
	close(fd);
	free(path);
	return -1;
}

/* Renames the state file to state.bad-TIME (never over another file);
 * returns the new name, or NULL with *why. */
static char *
move_aside(const struct state *st, char **why)
{
	char stamp[32], *from = state_file(st, "state"), *to = NULL;
	time_t t = time(NULL);
	struct tm tm;
	struct stat sb;
	int k;

	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime_r(&t, &tm));
	for (k = 1; k <= 1000; k++) {
		to = k == 1 ? xasprintf("%s/state.bad-%s", st->dir, stamp)
			    : xasprintf("%s/state.bad-%s-%d", st->dir, stamp, k);
		if (lstat(to, &sb) != 0 && errno == ENOENT)
			break;
		free(to);
		to = NULL;
	}
	if (to == NULL) {
		*why = xstrdup("too many files kept aside");
	} else if (rename(from, to) != 0) {
		*why = xstrdup(strerror(errno));
		free(to);
		to = NULL;
	}
	free(from);
	return to;
}

/* Removes temporary files left by saves that were killed: those of dead
 * processes, our own, and any older than a few minutes.  Runs under the
 * lock, so no live save is writing one. */
static void
clean_tmp(const struct state *st)
{
	DIR *d = opendir(st->dir);
	struct dirent *e;
	struct stat sb;
	const char *p;
	long pid;
	bool stale;
	char *end;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "state.tmp.", 10) != 0)
			continue;
		p = e->d_name + 10;
		errno = 0;
		pid = strtol(p, &end, 10);
		stale = false;
		if (*p >= '0' && *p <= '9' && *end == '\0' && errno == 0 && pid > 0 &&
		    pid <= INT_MAX)
			stale =
			    pid == (long)getpid() || (kill((pid_t)pid, 0) != 0 && errno == ESRCH);
		if (!stale && fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0)
			stale = time(NULL) - sb.st_mtime > STALE_TMP_SECONDS;
		if (stale)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

/* Writes buf to a temporary file, syncs it and renames it over the state
 * file; -1 with *why (the old file untouched). */
static int
write_atomic(const struct state *st, const char *buf, size_t len, char **why)
{
	char *tmp = xasprintf("%s/state.tmp.%ld", st->dir, (long)getpid());
	char *path = state_file(st, "state");
	size_t off = 0;
	ssize_t w;
	int fd, e = 0;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC, 0600);
	if (fd < 0) {
		*why = xasprintf("%s: %s", tmp, strerror(errno));
		free(tmp);
		free(path);
		return -1;
	}
	while (off < len && e == 0) {
		w = write(fd, buf + off, len - off);
		if (w < 0 && errno != EINTR)
			e = errno;
		else if (w > 0)
			off += (size_t)w;
	}
	if (e == 0 && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && e == 0)
		e = errno;
	if (e == 0 && rename(tmp, path) != 0)
		e = errno;
	if (e != 0) {
		*why = xasprintf("%s: %s", tmp, strerror(e));
		unlink(tmp);
		free(tmp);
		free(path);
		return -1;
	}
	/* The rename is done and visible; syncing the folder makes it durable,
	 * and a file system that cannot is no reason to call the save failed. */
	if ((fd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(tmp);
	free(path);
	return 0;
}

/* ---- the state ------------------------------------------------------------ */

/* Deals with an unusable state file found when opening: under the lock,
 * reads it again (another folio may have replaced it) and moves it aside
 * if it is still bad.  Returns the notice, or NULL when all is well. */
static char *
open_bad(struct state *st, const char *path, char *why)
{
	char *lwhy = NULL, *buf = NULL, *to, *notice = NULL;
	size_t len;
	int lock;

	st->lock_timeout_ms = OPEN_LOCK_MS;
	lock = lock_take(st, &lwhy);
	st->lock_timeout_ms = LOCK_MS;
	if (lock >= 0) {
		switch (read_file(path, &buf, &len, &lwhy)) {
		case RD_MISSING: break;
		case RD_OK:
			if (db_parse(&st->db, buf, len, &lwhy))
				break;
			/* FALLTHROUGH */
		case RD_BAD:
			free(why);
			why = lwhy;
			lwhy = NULL;
			if ((to = move_aside(st, &lwhy)) != NULL) {
				notice = xasprintf("%s was unusable (%s); it was moved "
						   "to %s and folio starts with an empty reading "
						   "state",
				    path, why, to);
				free(to);
			}
			break;
		case RD_ERROR:
			notice = xasprintf("%s; the reading state cannot be saved", lwhy);
			st->warned = true;
			break;
		}
		close(lock);
	}
	if (notice == NULL && lwhy != NULL) {
		notice = xasprintf("%s is unusable (%s) and could not be moved aside "
				   "(%s); starting with an empty reading state",
		    path, why, lwhy);
		st->warned = true;
	}
	free(buf);
	free(lwhy);
	free(why);
	return notice;
}

struct state *
state_open(const char *dir, char **notice)
{
	struct state *st = xcalloc(1, sizeof *st);
	char *path, *buf, *why;
	size_t len;
	int e;

	*notice = NULL;
	st->lock_timeout_ms = LOCK_MS;
	st->dir = dir != NULL ? xstrdup(dir) : default_dir();
	if (st->dir == NULL) {
		*notice = xstrdup("no home folder: the reading state cannot be saved");
		st->warned = true;
		return st;
	}
	path = state_file(st, "state");
	switch (read_file(path, &buf, &len, &why)) {
	case RD_MISSING: break;
	case RD_OK:
		if (db_parse(&st->db, buf, len, &why))
			break;
		/* FALLTHROUGH */
	case RD_BAD:
		*notice = open_bad(st, path, why);
		why = NULL;
		break;
	case RD_ERROR:
		*notice = xasprintf("%s; the reading state cannot be saved", why);
		st->warned = true;
		break;
	}
	free(why);
	free(buf);
	free(path);
	if (*notice == NULL && !dir_writable(st->dir, &e)) {
		*notice =
		    xasprintf("%s: %s; the reading state cannot be saved", st->dir, strerror(e));
		st->warned = true;
	}
	return st;
}

void
state_free(struct state *st)
{
	if (st == NULL)
		return;
	db_free(&st->db);
	hist_clear(&st->pending);
	canon_free(&st->canon);
	free(st->last_error);
	free(st->dir);
	free(st);
}

const char *
state_dir(const struct state *st)
{
	return st->dir;
}

uint64_t
state_fingerprint(uint64_t size, const char *head, size_t len)
{
	unsigned char le[8];
	uint64_t h, want = size < STATE_HEAD_BYTES ? size : STATE_HEAD_BYTES;
	int i;

	if (size == 0 || len < want)
		return 0;
	for (i = 0; i < 8; i++)
		le[i] = (unsigned char)(size >> (8 * i));
	h = fnv1a(FNV_INIT, le, sizeof le);
	h = fnv1a(h, head, (size_t)want);
	return h == 0 ? 1 : h;
}

/* The record for path: by path, else a moved article's; NONE when none. */
static size_t
lookup(struct state *st, const char *path, uint64_t fp, const char **canon)
{
	size_t i;

	*canon = canonical(st, path);
	if (*canon == NULL)
		return NONE;
	i = db_find(&st->db, *canon);
	return i != NONE ? i : db_find_moved(&st->db, fp);
}

bool
state_get(struct state *st, const char *path, uint64_t fp, struct state_article *out)
{
	const struct rec *r;
	const char *canon;
	size_t i = lookup(st, path, fp, &canon);

	memset(out, 0, sizeof *out);
	if (i == NONE)
		return false;
	r = &st->db.recs[i];
	out->read = r->read;
	out->position = r->pos;
	out->mark_set = r->mark_set;
	if (r->marks != NULL)
		memcpy(out->marks, r->marks, sizeof out->marks);
	out->time = r->time;
	out->title = r->title;
	return true;
}

/* The record to change for path, created when needed (a copy of a moved
 * article's record, its fields marked changed so a merge keeps them);
 * NULL when the path cannot be kept. */
static struct rec *
for_update(struct state *st, const char *path, uint64_t fp)
{
	const char *canon;
	size_t i = lookup(st, path, fp, &canon), j;
	struct rec *r, *from;

	if (canon == NULL)
		return NULL;
	if (i != NONE && strcmp(st->db.recs[i].path, canon) == 0) {
		db_set_fp(&st->db, i, fp);
		r = &st->db.recs[i];
	} else {
		j = db_add(&st->db, xstrdup(canon), fp);
		r = &st->db.recs[j];
		if (i != NONE) {
			from = &st->db.recs[i];
			r->read = from->read;
			r->pos = from->pos;
			r->mark_set = from->mark_set;
			if (from->marks != NULL) {
				r->marks = xcalloc(STATE_MARKS, sizeof *r->marks);
				memcpy(r->marks, from->marks, STATE_MARKS * sizeof *r->marks);
			}
			r->title = from->title != NULL ? xstrdup(from->title) : NULL;
			r->dirty = (r->read ? DIRTY_READ : 0) | (r->pos ? DIRTY_POS : 0) |
			    (r->title != NULL ? DIRTY_TITLE : 0);
			r->mark_dirty = r->mark_set;
			/* A global mark moves with the article: one record holds
			 * it (see db_global_only). */
			from->mark_set &= BIT(FIRST_GLOBAL) - 1;
		}
	}
	r->time = now();
	st->dirty = true;
	return r;
}

void
state_set_read(struct state *st, const char *path, uint64_t fp, bool read)
{
	struct state_article cur;
	struct rec *r;

	state_get(st, path, fp, &cur);
	if (cur.read == read || (r = for_update(st, path, fp)) == NULL)
		return;
	r->read = read;
	r->dirty |= DIRTY_READ;
}

void
state_set_position(struct state *st, const char *path, uint64_t fp, uint64_t position)
{
	struct state_article cur;
	struct rec *r;

	state_get(st, path, fp, &cur);
	if (cur.position == position || (r = for_update(st, path, fp)) == NULL)
		return;
	r->pos = position;
	r->dirty |= DIRTY_POS;
}

void
state_set_mark(struct state *st, const char *path, uint64_t fp, int letter, uint64_t position)
{
	struct state_article cur;
	struct rec *r;
	int k = state_mark_index(letter);

	if (k < 0)
		return;
	state_get(st, path, fp, &cur);
	if ((cur.mark_set & BIT(k)) && cur.marks[k] == position)
		return;
	if ((r = for_update(st, path, fp)) == NULL)
		return;
	rec_set_mark(r, k, position);
	r->mark_dirty |= BIT(k);
	if (k >= FIRST_GLOBAL)
		db_global_only(&st->db, k, (size_t)(r - st->db.recs));
}

void
state_clear_mark(struct state *st, const char *path, uint64_t fp, int letter)
{
	struct state_article cur;
	struct rec *r;
	int k = state_mark_index(letter);

	if (k < 0)
		return;
	state_get(st, path, fp, &cur);
	if (!(cur.mark_set & BIT(k)) || (r = for_update(st, path, fp)) == NULL)
		return;
	r->mark_set &= ~BIT(k);
	r->mark_dirty |= BIT(k);
}

void
state_set_title(struct state *st, const char *path, uint64_t fp, const char *title)
{
	struct state_article cur;
	struct rec *r;
	size_t n = title != NULL ? strlen(title) : 0;

	if (n > STATE_TITLE_MAX)
		return;
	if (n == 0)
		title = NULL;
	state_get(st, path, fp, &cur);
	if ((cur.title == NULL && title == NULL) ||
	    (cur.title != NULL && title != NULL && strcmp(cur.title, title) == 0))
		return;
	if ((r = for_update(st, path, fp)) == NULL)
		return;
	free(r->title);
	r->title = title != NULL ? xstrdup(title) : NULL;
	r->dirty |= DIRTY_TITLE;
}

/* Whether a record is a collection's settings (see state.h). */
static bool
is_view(const struct rec *r)
{
	size_t n = strlen(r->path);

	return n > 1 && r->path[n - 1] == '/';
}

size_t
state_title_count(const struct state *st)
{
	size_t n = 0;

	for (size_t i = 0; i < st->db.n; i++)
		n += st->db.recs[i].title != NULL && !is_view(&st->db.recs[i]);
	return n;
}

void
state_set_view(struct state *st, const char *key, const char *value)
{
	size_t n = value != NULL ? strlen(value) : 0, kl = strlen(key), i;
	struct rec *r;

	if (n > STATE_TITLE_MAX || kl < 2 || key[0] != '/' || key[kl - 1] != '/' ||
	    kl > STATE_PATH_MAX)
		return;
	if (n == 0)
		value = NULL;
	i = db_find(&st->db, key);
	if (i == NONE && value == NULL)
		return;
	if (i != NONE &&
	    (st->db.recs[i].title == NULL
		    ? value == NULL
		    : value != NULL && strcmp(st->db.recs[i].title, value) == 0))
		return;
	if (i == NONE)
		i = db_add(&st->db, xstrdup(key), 0);
	r = &st->db.recs[i];
	free(r->title);
	r->title = value != NULL ? xstrdup(value) : NULL;
	r->dirty |= DIRTY_TITLE;
	r->time = now();
	st->dirty = true;
}

const char *
state_view(const struct state *st, const char *key)
{
	size_t i = db_find(&st->db, key);

	return i != NONE && is_view(&st->db.recs[i]) ? st->db.recs[i].title : NULL;
}

bool
state_global_mark(const struct state *st, int letter, const char **path, uint64_t *position)
{
	int k = state_mark_index(letter);
	size_t i;

	if (k < FIRST_GLOBAL || (i = db_global_holder(&st->db, k)) == NONE)
		return false;
	*path = st->db.recs[i].path;
	*position = st->db.recs[i].marks[k];
	return true;
}

bool
state_same_article(struct state *st, const char *path, const char *canon)
{
	const char *c = canonical(st, path);

	return c != NULL && strcmp(c, canon) == 0;
}

size_t
state_count(const struct state *st)
{
	return st->db.n;
}

void
state_history_add(struct state *st, const char *pattern)
{
	size_t n = strlen(pattern);

	if (n == 0 || n > STATE_PATTERN_MAX)
		return;
	hist_add(&st->db.hist, pattern);
	hist_add(&st->pending, pattern);
	st->dirty = true;
}

size_t
state_history_count(const struct state *st)
{
	return st->db.hist.n;
}

const char *
state_history_get(const struct state *st, size_t i)
{
	return i < st->db.hist.n ? st->db.hist.v[i] : NULL;
}

bool
state_dirty(const struct state *st)
{
	return st->dirty;
}

void
state_set_lock_timeout(struct state *st, int ms)
{
	st->lock_timeout_ms = ms < 0 ? 0 : ms;
}

/* Ends a failed save: *err is msg unless the user was warned already. */
static int
save_failed(struct state *st, char *msg, char **err)
{
	char *full = xasprintf("reading state not saved: %s", msg);

	free(msg);
	if (st->warned || (st->last_error != NULL && strcmp(st->last_error, full) == 0)) {
		free(full);
		*err = NULL;
	} else {
		free(st->last_error);
		st->last_error = xstrdup(full);
		*err = full;
	}
	return -1;
}

int
state_save(struct state *st, char **err)
{
	struct db disk;
	char *path, *buf = NULL, *why = NULL, *to, *out, *notice = NULL;
	size_t len, olen;
	bool merge = false;
	int lock;

	*err = NULL;
	if (!st->dirty)
		return 0;
	if (st->dir == NULL)
		return save_failed(st, xstrdup("no home folder"), err);
	if (mkdir_p(st->dir) != 0)
		return save_failed(st, xasprintf("%s: %s", st->dir, strerror(errno)), err);
	if ((lock = lock_take(st, &why)) < 0)
		return save_failed(st, why, err);

	path = state_file(st, "state");
	memset(&disk, 0, sizeof disk);
	switch (read_file(path, &buf, &len, &why)) {
	case RD_MISSING: break;
	case RD_OK:
		if ((merge = db_parse(&disk, buf, len, &why)))
			break;
		/* FALLTHROUGH */
	case RD_BAD:
		/* What is in memory becomes the whole state; the file is kept. */
		if ((to = move_aside(st, &notice)) == NULL) {
			out = xasprintf("%s is unusable (%s) and could not be moved "
					"aside (%s)",
			    path, why, notice);
			free(notice);
			goto fail;
		}
		notice =
		    xasprintf("%s had become unusable (%s); it was moved to %s", path, why, to);
		free(to);
		break;
	case RD_ERROR: out = xstrdup(why); goto fail;
	}
	free(why);
	why = NULL;
	free(buf);
	buf = NULL;

	if (merge)
		db_merge(&disk, &st->db, &st->pending);
	clean_tmp(st);
	out = db_serialize(merge ? &disk : &st->db, &olen);
	if (write_atomic(st, out, olen, &why) != 0) {
		free(out);
		free(notice);
		out = why;
		why = NULL;
		goto fail;
	}
	free(out);
	close(lock);
	free(path);
	if (merge) {
		db_free(&st->db);
		st->db = disk;
	} else
		db_clear_dirty(&st->db);
	db_prune(&st->db);
	hist_clear(&st->pending);
	st->dirty = false;
	st->warned = false;
	free(st->last_error);
	st->last_error = NULL;
	*err = notice;
	return 0;

fail:
	db_free(&disk);
	free(why);
	free(buf);
	free(path);
	close(lock);
	return save_failed(st, out, err);
}

struct state *
state_from_buffer(const char *buf, size_t len, char **why)
{
	struct state *st = xcalloc(1, sizeof *st);

	st->lock_timeout_ms = LOCK_MS;
	if (!db_parse(&st->db, buf, len, why)) {
		state_free(st);
		return NULL;
	}
	return st;
}

char *
state_serialize(const struct state *st, size_t *len)
{
	return db_serialize(&st->db, len);
}
