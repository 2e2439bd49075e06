#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "state-private.h"
#include "state.h"
#include "xdg.h"
#include "xmalloc.h"

#define LOCK_MS 2000  /* how long a change waits for another folio */
#define REFRESH_MS 20 /* reads look for other folios' changes this often */
#define RETRY_MS 100  /* how long saves wait after one waited in vain */
#define SCHEMA 1      /* PRAGMA user_version of the database */
#define DB_NAME "state.db"
#define OLD_NAME "state"
#define IMPORTED_NAME "state.imported"

/* Canonical forms of the paths callers pass, computed once each. */
struct canon {
	char **given, **canon; /* owned; canon[i] NULL when it cannot be kept */
	size_t n, cap;
	uint32_t *slots;
	size_t tcap;
};

/* The statements, prepared once per database. */
#define STATEMENTS \
	X(S_DATA_VERSION, "PRAGMA data_version") \
	X(S_BEGIN, "BEGIN IMMEDIATE") \
	X(S_BEGIN_READ, "BEGIN") \
	X(S_COMMIT, "COMMIT") \
	X(S_ROLLBACK, "ROLLBACK") \
	X(S_META_GET, "SELECT v FROM meta WHERE k = ?1") \
	X(S_META_SET, \
	    "INSERT INTO meta(k, v) VALUES(?1, ?2) ON CONFLICT(k) DO UPDATE SET v = " \
	    "excluded.v") \
	X(S_ART_PUT, \
	    "INSERT INTO articles(path, fp, read, pos, time, title, seq) " \
	    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(path) DO UPDATE SET " \
	    "fp = CASE WHEN ?2 <> 0 THEN ?2 ELSE fp END, " \
	    "read = CASE WHEN ?8 THEN ?3 ELSE read END, " \
	    "pos = CASE WHEN ?9 THEN ?4 ELSE pos END, " \
	    "title = CASE WHEN ?10 THEN ?6 ELSE title END, " \
	    "time = max(time, ?5), seq = ?7") \
	X(S_MARK_BUMP, \
	    "UPDATE articles SET seq = ?1 WHERE path IN " \
	    "(SELECT path FROM marks WHERE letter = ?2 AND path <> ?3)") \
	X(S_MARK_TAKE, "DELETE FROM marks WHERE letter = ?1 AND path <> ?2") \
	X(S_MARK_PUT, \
	    "INSERT INTO marks(path, letter, pos) VALUES(?1, ?2, ?3) " \
	    "ON CONFLICT(path, letter) DO UPDATE SET pos = excluded.pos") \
	X(S_MARK_DEL, "DELETE FROM marks WHERE path = ?1 AND letter = ?2") \
	X(S_VIEW_PUT, \
	    "INSERT INTO views(key, value, seq) VALUES(?1, ?2, ?3) " \
	    "ON CONFLICT(key) DO UPDATE SET value = excluded.value, seq = excluded.seq") \
	X(S_HIST_DEL, "DELETE FROM history WHERE pattern = ?1") \
	X(S_HIST_ADD, "INSERT INTO history(pattern) VALUES(?1)") \
	X(S_HIST_TRIM, \
	    "DELETE FROM history WHERE n NOT IN " \
	    "(SELECT n FROM history ORDER BY n DESC LIMIT ?1)") \
	X(S_COUNT, "SELECT count(*) FROM articles") \
	X(S_PRUNE_MARKS, \
	    "DELETE FROM marks WHERE path IN " \
	    "(SELECT path FROM articles ORDER BY time, seq LIMIT ?1)") \
	X(S_PRUNE, \
	    "DELETE FROM articles WHERE path IN " \
	    "(SELECT path FROM articles ORDER BY time, seq LIMIT ?1)") \
	X(S_CHANGED, "SELECT path, fp, read, pos, time, title, seq FROM articles WHERE seq > ?1") \
	X(S_ALL, "SELECT path, fp, read, pos, time, title, seq FROM articles") \
	X(S_LOAD, "SELECT path, fp, read, pos, time, title FROM articles") \
	X(S_MAX_SEQ, "SELECT max(seq) FROM articles") \
	X(S_SEQS, "SELECT path, seq FROM articles") \
	X(S_MARKS_OF, "SELECT letter, pos FROM marks WHERE path = ?1") \
	X(S_ALL_MARKS, "SELECT path, letter, pos FROM marks") \
	X(S_VIEWS, "SELECT key, value, seq FROM views WHERE seq > ?1") \
	X(S_HISTORY, "SELECT pattern FROM history ORDER BY n")

#define X(id, sql) id,
enum stmt_id { STATEMENTS NSTMT };
#undef X
#define X(id, sql) sql,
static const char *const stmt_sql[NSTMT] = { STATEMENTS };
#undef X

/* Version 1 of the database. */
static const char schema_sql[] =
    "CREATE TABLE articles(path TEXT PRIMARY KEY NOT NULL, fp INTEGER NOT NULL DEFAULT 0,"
    " read INTEGER NOT NULL DEFAULT 0, pos INTEGER NOT NULL DEFAULT 0,"
    " time INTEGER NOT NULL DEFAULT 0, title TEXT, seq INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX articles_seq ON articles(seq);"
    "CREATE TABLE marks(path TEXT NOT NULL, letter TEXT NOT NULL, pos INTEGER NOT NULL,"
    " PRIMARY KEY(path, letter));"
    "CREATE UNIQUE INDEX marks_global ON marks(letter) WHERE letter BETWEEN 'A' AND 'Z';"
    "CREATE TABLE history(n INTEGER PRIMARY KEY, pattern TEXT NOT NULL UNIQUE);"
    "CREATE TABLE views(key TEXT PRIMARY KEY NOT NULL, value TEXT,"
    " seq INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX views_seq ON views(seq);"
    "CREATE TABLE meta(k TEXT PRIMARY KEY NOT NULL, v INTEGER NOT NULL);"
    "PRAGMA user_version = 1;";

struct state {
	char *dir;    /* owned; NULL when there is no folder */
	char *path;   /* owned; dir/state.db, NULL with dir */
	sqlite3 *sql; /* NULL when there is no database to read */
	sqlite3_stmt *stmt[NSTMT];
	struct db db;        /* the cache */
	struct hist pending; /* history added since the last save */
	struct canon canon;
	size_t *queue; /* records changed since the last save */
	size_t nqueue, qcap;
	bool dirty;
	int busy_ms, refresh_ms;
	int64_t checked_ms;   /* when a read last looked for changes */
	int64_t data_version; /* of the last look */
	int64_t seq;          /* the newest change held in the cache */
	char *no_save;        /* why saves fail, when they always will */
	bool lazy;            /* no database yet: the first save makes it */
	bool warned;          /* the open notice said saves would fail */
	char *last_error;     /* the last save's failure, to warn once */
};

static int64_t
now(void)
{
	return (int64_t)time(NULL);
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

/* ---- the database --------------------------------------------------------- */

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
close_sql(struct state *st)
{
	for (int i = 0; i < NSTMT; i++) {
		sqlite3_finalize(st->stmt[i]);
		st->stmt[i] = NULL;
	}
	sqlite3_close(st->sql);
	st->sql = NULL;
}

/* The statement id, reset and cleared for new bindings. */
static sqlite3_stmt *
stmt(struct state *st, enum stmt_id id)
{
	sqlite3_stmt *s = st->stmt[id];

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

/* Runs a statement that returns no rows; an SQLite result code. */
static int
run(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

static void
bind_str(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

static void
bind_letter(sqlite3_stmt *s, int i, const char *c)
{
	sqlite3_bind_text(s, i, c, 1, SQLITE_TRANSIENT);
}

/* A column's bytes as a string, or NULL when it is NULL or holds a NUL
 * (nothing written here does). */
static const char *
col_str(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	if (v == NULL || strlen(v) != (size_t)sqlite3_column_bytes(s, i))
		return NULL;
	return v;
}

static int64_t
meta_get(struct state *st, const char *k)
{
	sqlite3_stmt *s = stmt(st, S_META_GET);
	int64_t v = 0;

	bind_str(s, 1, k);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return v;
}

/* Queues record i to be written by the next save. */
static void
enqueue(struct state *st, size_t i)
{
	if (st->db.recs[i].queued)
		return;
	st->db.recs[i].queued = true;
	xgrow((void **)&st->queue, &st->qcap, st->nqueue + 1, sizeof *st->queue);
	st->queue[st->nqueue++] = i;
	st->dirty = true;
}

/* Whether a record is a collection's settings: a key ending in '/', which
 * no article's canonical path does. */
static bool
is_view(const struct rec *r)
{
	size_t n = strlen(r->path);

	return n > 1 && r->path[n - 1] == '/';
}

/* Takes the marks of the article at path from the database into r, but
 * for the marks changed here and not saved. */
static int
read_marks(struct state *st, struct rec *r)
{
	sqlite3_stmt *s = stmt(st, S_MARKS_OF);
	const char *l;
	int rc, k;

	bind_str(s, 1, r->path);
	r->mark_set &= r->mark_dirty;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		l = col_str(s, 0);
		k = l != NULL && strlen(l) == 1 ? state_mark_index((unsigned char)l[0]) : -1;
		if (k >= 0 && !(r->mark_dirty & BIT(k)))
			rec_set_mark(r, k, (uint64_t)sqlite3_column_int64(s, 1));
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Takes the rows of s (S_ALL or S_CHANGED, bound) into the cache,
 * keeping the fields changed here and not saved; with all, no marks are
 * read.  The last sqlite3_step result, or read_marks' failure. */
static int
merge_rows(struct state *st, sqlite3_stmt *s, bool all)
{
	const char *path, *title;
	struct rec *r;
	size_t i;
	int64_t seq;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		path = col_str(s, 0);
		if (path == NULL || path[0] != '/' || strlen(path) > STATE_PATH_MAX)
			continue;
		title = col_str(s, 5);
		if (title != NULL && (title[0] == '\0' || strlen(title) > STATE_TITLE_MAX))
			title = NULL;
		if ((i = db_find(&st->db, path)) == NONE)
			i = db_add(&st->db, xstrdup(path), (uint64_t)sqlite3_column_int64(s, 1));
		else
			db_set_fp(&st->db, i, (uint64_t)sqlite3_column_int64(s, 1));
		r = &st->db.recs[i];
		if (!(r->dirty & DIRTY_READ))
			r->read = sqlite3_column_int64(s, 2) != 0;
		if (!(r->dirty & DIRTY_POS))
			r->pos = (uint64_t)sqlite3_column_int64(s, 3);
		if (!(r->dirty & DIRTY_TITLE)) {
			free(r->title);
			r->title = title != NULL ? xstrdup(title) : NULL;
		}
		if (sqlite3_column_int64(s, 4) > r->time)
			r->time = sqlite3_column_int64(s, 4);
		if ((seq = sqlite3_column_int64(s, 6)) > st->seq)
			st->seq = seq;
		if (!all && (rc = read_marks(st, r)) != SQLITE_OK)
			break;
	}
	sqlite3_reset(s);
	return rc;
}

/* The path in column 0 of s and its length *n, or NULL when it is no
 * path a record may have (as merge_rows judges it too). */
static const char *
load_path(sqlite3_stmt *s, size_t *n)
{
	const char *path = (const char *)sqlite3_column_text(s, 0);

	*n = (size_t)sqlite3_column_bytes(s, 0);
	if (path == NULL || *n > STATE_PATH_MAX || path[0] != '/' || strlen(path) != *n)
		return NULL;
	return path;
}

/* Loads the rows of s (S_LOAD) into an empty cache: the paths are the
 * table's key, so none is looked for; they are copied into one arena
 * and hashed while at hand, and the records indexed once at the end.
 * The last sqlite3_step result. */
static int
load_rows(struct state *st, sqlite3_stmt *s)
{
	struct db *db = &st->db;
	struct rec *r;
	char *arena = NULL;
	size_t alen = 0, acap = 0, *off = NULL, ocap = 0, hcap = 0, n, i;
	uint64_t *h = NULL;
	const char *path, *title;
	sqlite3_stmt *c = stmt(st, S_COUNT);
	int64_t t, seq;
	int rc;
	bool skipped = false;

	/* Room for all at once. */
	if (sqlite3_step(c) == SQLITE_ROW && sqlite3_column_int64(c, 0) > 0 &&
	    sqlite3_column_int64(c, 0) <= 4 * STATE_MAX_RECORDS) {
		size_t want = (size_t)sqlite3_column_int64(c, 0) + 64;

		xgrow((void **)&db->recs, &db->cap, want, sizeof *db->recs);
		xgrow((void **)&off, &ocap, want, sizeof *off);
		xgrow((void **)&h, &hcap, want, sizeof *h);
		xgrow((void **)&arena, &acap, want * 64, 1);
	}
	sqlite3_reset(c);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((path = load_path(s, &n)) == NULL) {
			skipped = true;
			continue;
		}
		title = col_str(s, 5);
		if (title != NULL && (title[0] == '\0' || strlen(title) > STATE_TITLE_MAX))
			title = NULL;
		if (alen + n + 1 > acap)
			xgrow((void **)&arena, &acap, alen + n + 1, 1);
		if (db->n >= ocap || db->n >= hcap) {
			xgrow((void **)&off, &ocap, db->n + 1, sizeof *off);
			xgrow((void **)&h, &hcap, db->n + 1, sizeof *h);
		}
		memcpy(arena + alen, path, n + 1);
		off[db->n] = alen;
		h[db->n] = str_hash_n(path, n);
		alen += n + 1;
		/* The path is set once the arena stops moving. */
		i = db_append(db, NULL, (uint64_t)sqlite3_column_int64(s, 1));
		r = &db->recs[i];
		r->read = sqlite3_column_int64(s, 2) != 0;
		r->pos = (uint64_t)sqlite3_column_int64(s, 3);
		r->title = title != NULL ? xstrdup(title) : NULL;
		if ((t = sqlite3_column_int64(s, 4)) > 0)
			r->time = t;
	}
	sqlite3_reset(s);
	/* The newest change held, from the index on seq rather than row by
	 * row; only when rows were passed over must their changes be. */
	if (!skipped) {
		c = stmt(st, S_MAX_SEQ);
		if (sqlite3_step(c) == SQLITE_ROW && (seq = sqlite3_column_int64(c, 0)) > st->seq)
			st->seq = seq;
	} else {
		c = stmt(st, S_SEQS);
		while (sqlite3_step(c) == SQLITE_ROW)
			if (load_path(c, &n) != NULL &&
			    (seq = sqlite3_column_int64(c, 1)) > st->seq)
				st->seq = seq;
	}
	sqlite3_reset(c);
	if (db->n > 0) {
		db->arena = xreallocarray(arena, alen, 1);
		db->arena_len = alen;
		for (i = 0; i < db->n; i++)
			db->recs[i].path = db->arena + off[i];
	} else
		free(arena);
	db_index(db, db->n + 64, h);
	free(off);
	free(h);
	return rc;
}

/* Takes into the cache the records changed in the database after change
 * since (all of them for -1), keeping the fields changed here and not
 * saved; with all, every mark is read at the end instead of per record.
 * An SQLite result code. */
static int
read_changes(struct state *st, int64_t since, bool all)
{
	/* All: a scan of the table, not of the index on seq. */
	sqlite3_stmt *s = stmt(st, all ? (st->db.n == 0 ? S_LOAD : S_ALL) : S_CHANGED);
	const char *path;
	struct rec *r;
	size_t i;
	int64_t seq;
	int rc;
	bool empty = all && st->db.n == 0;

	if (empty)
		rc = load_rows(st, s);
	else {
		if (!all)
			sqlite3_bind_int64(s, 1, since);
		rc = merge_rows(st, s, all);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_OK)
		return rc;
	if (all) {
		s = stmt(st, S_ALL_MARKS);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			const char *l = col_str(s, 1);
			int k = l != NULL && strlen(l) == 1 ? state_mark_index((unsigned char)l[0])
							    : -1;

			path = col_str(s, 0);
			if (k < 0 || path == NULL || (i = db_find(&st->db, path)) == NONE ||
			    (st->db.recs[i].mark_dirty & BIT(k)))
				continue;
			rec_set_mark(&st->db.recs[i], k, (uint64_t)sqlite3_column_int64(s, 2));
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return rc;
	}
	s = stmt(st, S_VIEWS);
	sqlite3_bind_int64(s, 1, since);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *v = col_str(s, 1);
		size_t kl;

		path = col_str(s, 0);
		if (path == NULL || (kl = strlen(path)) < 2 || path[0] != '/' ||
		    path[kl - 1] != '/' || kl > STATE_PATH_MAX)
			continue;
		if (v != NULL && (v[0] == '\0' || strlen(v) > STATE_TITLE_MAX))
			v = NULL;
		if ((i = db_find(&st->db, path)) == NONE) {
			if (v == NULL)
				continue;
			i = db_add(&st->db, xstrdup(path), 0);
		}
		r = &st->db.recs[i];
		if (!(r->dirty & DIRTY_TITLE)) {
			free(r->title);
			r->title = v != NULL ? xstrdup(v) : NULL;
		}
		if ((seq = sqlite3_column_int64(s, 2)) > st->seq)
			st->seq = seq;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return rc;
	hist_clear(&st->db.hist);
	s = stmt(st, S_HISTORY);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *p = col_str(s, 0);

		if (p != NULL && p[0] != '\0' && strlen(p) <= STATE_PATTERN_MAX)
			hist_add(&st->db.hist, p);
	}
	sqlite3_reset(s);
	for (i = 0; i < st->pending.n; i++)
		hist_add(&st->db.hist, st->pending.v[i]);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Reads changes in one read transaction, so that they are consistent. */
static int
read_consistent(struct state *st, int64_t since, bool all)
{
	int rc = run(stmt(st, S_BEGIN_READ));

	if (rc != SQLITE_DONE)
		return rc;
	rc = read_changes(st, since, all);
	run(stmt(st, S_COMMIT));
	return rc;
}

static int open_lazy(struct state *st, char **err);

/* Notes the database's data_version as seen. */
static void
refresh_version(struct state *st)
{
	sqlite3_stmt *s = stmt(st, S_DATA_VERSION);

	if (sqlite3_step(s) == SQLITE_ROW)
		st->data_version = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
}

/* Takes other folios' changes into the cache when there are any: one
 * look at the database's data_version, at most every refresh_ms for
 * reads (a look costs some microseconds, and a list may read the records
 * of 100,000 articles in a row). */
static void
refresh(struct state *st, bool now_please)
{
	sqlite3_stmt *s;
	struct stat sb;
	int64_t t, v;

	if (st->sql == NULL && !st->lazy)
		return;
	if (!now_please && st->refresh_ms > 0) {
		t = mono_ms();
		if (t - st->checked_ms < st->refresh_ms)
			return;
		st->checked_ms = t;
	}
	if (st->sql == NULL) {
		/* Another folio may have made the database meanwhile. */
		if (lstat(st->path, &sb) != 0 || open_lazy(st, NULL) != 0) {
			st->lazy = true;
			free(st->no_save);
			st->no_save = NULL;
			return;
		}
	}
	s = stmt(st, S_DATA_VERSION);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return;
	}
	v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (v == st->data_version)
		return;
	st->data_version = v;
	read_consistent(st, st->seq, false);
}

/* Writes record r (the fields in dirty and the marks in mark_dirty) as
 * change seq; an SQLite result code. */
static int
put_rec(struct state *st, const struct rec *r, unsigned dirty, uint64_t mark_dirty, int64_t seq)
{
	sqlite3_stmt *s;
	char l[2] = { 0, 0 };
	int rc, k;

	if (is_view(r)) {
		s = stmt(st, S_VIEW_PUT);
		bind_str(s, 1, r->path);
		bind_str(s, 2, r->title);
		sqlite3_bind_int64(s, 3, seq);
		return run(s) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(st->sql);
	}
	s = stmt(st, S_ART_PUT);
	bind_str(s, 1, r->path);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)r->fp);
	sqlite3_bind_int(s, 3, r->read);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)r->pos);
	sqlite3_bind_int64(s, 5, r->time);
	bind_str(s, 6, r->title);
	sqlite3_bind_int64(s, 7, seq);
	sqlite3_bind_int(s, 8, (dirty & DIRTY_READ) != 0);
	sqlite3_bind_int(s, 9, (dirty & DIRTY_POS) != 0);
	sqlite3_bind_int(s, 10, (dirty & DIRTY_TITLE) != 0);
	if ((rc = run(s)) != SQLITE_DONE)
		return rc;
	for (k = 0; k < STATE_MARKS; k++) {
		if (!(mark_dirty & BIT(k)))
			continue;
		l[0] = (char)state_mark_letter(k);
		if (!(r->mark_set & BIT(k))) {
			s = stmt(st, S_MARK_DEL);
			bind_str(s, 1, r->path);
			bind_letter(s, 2, l);
			if ((rc = run(s)) != SQLITE_DONE)
				return rc;
			continue;
		}
		if (k >= FIRST_GLOBAL) {
			/* The article that held it changes too, for other folios. */
			s = stmt(st, S_MARK_BUMP);
			sqlite3_bind_int64(s, 1, seq);
			bind_letter(s, 2, l);
			bind_str(s, 3, r->path);
			if ((rc = run(s)) != SQLITE_DONE)
				return rc;
			s = stmt(st, S_MARK_TAKE);
			bind_letter(s, 1, l);
			bind_str(s, 2, r->path);
			if ((rc = run(s)) != SQLITE_DONE)
				return rc;
		}
		s = stmt(st, S_MARK_PUT);
		bind_str(s, 1, r->path);
		bind_letter(s, 2, l);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)r->marks[k]);
		if ((rc = run(s)) != SQLITE_DONE)
			return rc;
	}
	return SQLITE_OK;
}

static int
put_history(struct state *st, const struct hist *h)
{
	sqlite3_stmt *s;
	int rc;

	for (size_t i = 0; i < h->n; i++) {
		s = stmt(st, S_HIST_DEL);
		bind_str(s, 1, h->v[i]);
		if ((rc = run(s)) != SQLITE_DONE)
			return rc;
		s = stmt(st, S_HIST_ADD);
		bind_str(s, 1, h->v[i]);
		if ((rc = run(s)) != SQLITE_DONE)
			return rc;
	}
	s = stmt(st, S_HIST_TRIM);
	sqlite3_bind_int(s, 1, STATE_HISTORY_MAX);
	return run(s);
}

static int
set_seq(struct state *st, int64_t seq)
{
	sqlite3_stmt *s = stmt(st, S_META_SET);

	bind_str(s, 1, "seq");
	sqlite3_bind_int64(s, 2, seq);
	return run(s);
}

/* Drops the records changed longest ago when there are more than
 * STATE_MAX_RECORDS, down to 1/64 below it so that this is rare; sets
 * *pruned. */
static int
prune(struct state *st, bool *pruned)
{
	sqlite3_stmt *s = stmt(st, S_COUNT);
	int64_t n = 0, excess;
	int rc;

	*pruned = false;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (n <= STATE_MAX_RECORDS)
		return SQLITE_DONE;
	excess = n - STATE_MAX_RECORDS + STATE_MAX_RECORDS / 64;
	s = stmt(st, S_PRUNE_MARKS);
	sqlite3_bind_int64(s, 1, excess);
	if ((rc = run(s)) != SQLITE_DONE)
		return rc;
	s = stmt(st, S_PRUNE);
	sqlite3_bind_int64(s, 1, excess);
	*pruned = true;
	return run(s);
}

/* Reads the whole database into an empty cache. */
static int
load_all(struct state *st)
{
	st->seq = -1;
	return read_consistent(st, -1, true);
}

/* Writes every queued change and the pending history in one transaction;
 * an SQLite result code, the cache and the queue untouched on failure. */
static int
flush(struct state *st, bool *pruned)
{
	const struct rec *r;
	int64_t seq;
	size_t i;
	int rc;

	*pruned = false;
	if ((rc = run(stmt(st, S_BEGIN))) != SQLITE_DONE)
		return rc;
	seq = meta_get(st, "seq") + 1;
	for (i = 0; i < st->nqueue; i++) {
		r = &st->db.recs[st->queue[i]];
		if ((rc = put_rec(st, r, r->dirty, r->mark_dirty, seq)) != SQLITE_OK)
			goto fail;
	}
	if (st->pending.n > 0 && (rc = put_history(st, &st->pending)) != SQLITE_DONE)
		goto fail;
	if ((rc = set_seq(st, seq)) != SQLITE_DONE)
		goto fail;
	if (st->db.n > STATE_MAX_RECORDS && (rc = prune(st, pruned)) != SQLITE_DONE)
		goto fail;
	if ((rc = run(stmt(st, S_COMMIT))) != SQLITE_DONE)
		goto fail;
	return SQLITE_OK;
fail:
	rc = sqlite3_errcode(st->sql);
	run(stmt(st, S_ROLLBACK));
	*pruned = false;
	return rc == SQLITE_OK || rc == SQLITE_DONE ? SQLITE_ERROR : rc;
}

/* ---- opening -------------------------------------------------------------- */

static char *
state_file(const struct state *st, const char *name)
{
	return xasprintf("%s/%s", st->dir, name);
}

/* Renames dir/name (and its -wal and -shm beside it) to
 * dir/name.bad-TIME; returns the new path of name, or NULL with *why. */
static char *
move_aside(const struct state *st, const char *name, char **why)
{
	char stamp[32], *from = state_file(st, name), *to = NULL, *a, *b;
	static const char *const side[] = { "-wal", "-shm" };
	time_t t = time(NULL);
	struct tm tm;
	struct stat sb;

	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime_r(&t, &tm));
	for (int k = 1; k <= 1000; k++) {
		to = k == 1 ? xasprintf("%s.bad-%s", from, stamp)
			    : xasprintf("%s.bad-%s-%d", from, stamp, k);
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
	} else {
		for (size_t i = 0; i < sizeof side / sizeof *side; i++) {
			a = xasprintf("%s%s", from, side[i]);
			b = xasprintf("%s%s", to, side[i]);
			if (rename(a, b) != 0 && errno == ENOENT)
				unlink(b);
			free(a);
			free(b);
		}
	}
	free(from);
	return to;
}

/* $XDG_STATE_HOME/folio (an absolute one only, as the spec says), else
 * ~/.local/state/folio; NULL when there is no home. */
static char *
default_dir(void)
{
	return xdg_folder("XDG_STATE_HOME", ".local/state");
}

static int
prepare_all(struct state *st)
{
	int rc;

	for (int i = 0; i < NSTMT; i++)
		if (st->stmt[i] == NULL &&
		    (rc = sqlite3_prepare_v3(st->sql, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
			 &st->stmt[i], NULL)) != SQLITE_OK)
			return rc;
	return SQLITE_OK;
}

/* Inserts an old state file's records and history, all as change 1. */
static int
import_db(struct state *st, const struct db *old)
{
	const struct rec *r;
	int rc;

	for (size_t i = 0; i < old->n; i++) {
		r = &old->recs[i];
		if ((rc = put_rec(st, r, DIRTY_READ | DIRTY_POS | DIRTY_TITLE, r->mark_set, 1)) !=
		    SQLITE_OK)
			return rc;
	}
	if ((rc = put_history(st, &old->hist)) != SQLITE_DONE)
		return rc;
	return set_seq(st, 1);
}

/* What trying to open the database came to. */
enum open_result { OP_OK, OP_BAD, OP_NEWER, OP_ERROR };

/* Loads the old text file (when there is one) into *old; a notice when
 * it is unusable (then it is moved aside) or unreadable. */
static char *
read_old(struct state *st, struct db *old, bool *found)
{
	char *path = state_file(st, OLD_NAME), *buf, *why = NULL, *to, *why2 = NULL, *notice = NULL;
	size_t len;

	*found = false;
	switch (import_read(path, &buf, &len, &why)) {
	case RD_MISSING: break;
	case RD_OK:
		if (import_parse(old, buf, len, &why)) {
			*found = true;
			break;
		}
		/* FALLTHROUGH */
	case RD_BAD:
		if ((to = move_aside(st, OLD_NAME, &why2)) != NULL) {
			notice = xasprintf("%s was unusable (%s); it was moved to %s and not "
					   "imported",
			    path, why, to);
			free(to);
		} else
			notice = xasprintf("%s is unusable (%s) and was not imported", path, why);
		free(why2);
		break;
	case RD_ERROR: notice = xasprintf("%s; it was not imported", why); break;
	}
	free(why);
	free(buf);
	free(path);
	return notice;
}

/* Creates the tables in an empty database, importing the old text file
 * when there is one, in one transaction that a second folio starting at
 * the same moment waits for; *notice says what was imported. */
static enum open_result
init_schema(struct state *st, char **why, char **notice)
{
	struct db old = { 0 };
	char *e = NULL, *from, *to;
	sqlite3_stmt *s;
	bool found = false;
	int64_t v = -1, n = -1;
	int rc;

	if ((rc = sqlite3_exec(st->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(st->sql,
		"SELECT (SELECT user_version FROM pragma_user_version),"
		" (SELECT count(*) FROM sqlite_master)",
		-1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW) {
			v = sqlite3_column_int64(s, 0);
			n = sqlite3_column_int64(s, 1);
		}
		sqlite3_finalize(s);
	}
	if (v != 0 || n != 0) {
		/* Another folio made it meanwhile, or it is not ours. */
		sqlite3_exec(st->sql, "ROLLBACK", NULL, NULL, NULL);
		if (v == SCHEMA)
			return OP_OK;
		*why = xstrdup(v < 0 ? sqlite3_errmsg(st->sql) : "not a folio reading state");
		return OP_BAD;
	}
	if ((rc = sqlite3_exec(st->sql, schema_sql, NULL, NULL, &e)) != SQLITE_OK ||
	    (rc = prepare_all(st)) != SQLITE_OK)
		goto fail;
	*notice = read_old(st, &old, &found);
	if (found && (rc = import_db(st, &old)) != SQLITE_OK && rc != SQLITE_DONE)
		goto fail;
	if ((rc = sqlite3_exec(st->sql, "COMMIT", NULL, NULL, &e)) != SQLITE_OK)
		goto fail;
	if (found) {
		from = state_file(st, OLD_NAME);
		to = state_file(st, IMPORTED_NAME);
		if (rename(from, to) == 0)
			*notice = xasprintf("the reading state was moved from %s into %s; the old "
					    "file is kept as %s",
			    from, st->path, to);
		else
			*notice =
			    xasprintf("the reading state of %s was copied into %s", from, st->path);
		free(from);
		free(to);
	}
	db_free(&old);
	return OP_OK;
fail:
	*why = xstrdup(e != NULL ? e : sqlite3_errmsg(st->sql));
	sqlite3_free(e);
	sqlite3_exec(st->sql, "ROLLBACK", NULL, NULL, NULL);
	db_free(&old);
	free(*notice);
	*notice = NULL;
	return rc == SQLITE_BUSY || rc == SQLITE_READONLY || rc == SQLITE_IOERR ||
		rc == SQLITE_FULL || rc == SQLITE_CANTOPEN
	    ? OP_ERROR
	    : OP_BAD;
}

/* Whether an SQLite error means the file itself is bad rather than the
 * folder or the moment. */
static bool
is_damage(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB || rc == SQLITE_ERROR ||
	    rc == SQLITE_FORMAT || rc == SQLITE_SCHEMA || rc == SQLITE_MISMATCH ||
	    rc == SQLITE_RANGE || rc == SQLITE_CANTOPEN;
}

/* Opens and loads the database; *why says what went wrong. */
static enum open_result
try_open(struct state *st, char **why, char **notice)
{
	struct stat sb;
	int64_t v = -1;
	sqlite3_stmt *s;
	int fd, rc;
	enum open_result r;

	if (lstat(st->path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		*why = xstrdup("not a regular file");
		return OP_BAD;
	}
	if (lstat(st->path, &sb) != 0) {
		fd = open(st->path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST) {
			*why = xasprintf("%s: %s", st->path, strerror(errno));
			return OP_ERROR;
		}
		if (fd >= 0)
			close(fd);
	} else if (access(st->path, R_OK | W_OK) != 0) {
		*why = xasprintf("it cannot be read and written (%s)", strerror(errno));
		return OP_BAD;
	}
	rc = sqlite3_open_v2(st->path, &st->sql,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(st->sql, st->busy_ms);
	/* The log stays between runs (emptied, not removed), so that the
	 * first save of a run need not create it. */
	sqlite3_file_control(st->sql, "main", SQLITE_FCNTL_PERSIST_WAL, &(int){ 1 });
	rc = sqlite3_exec(st->sql,
	    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	    " PRAGMA journal_size_limit = 1048576",
	    NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	if ((rc = sqlite3_prepare_v2(st->sql, "PRAGMA user_version", -1, &s, NULL)) != SQLITE_OK)
		goto fail;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (v < 0)
		goto fail;
	if (v == 0 && (r = init_schema(st, why, notice)) != OP_OK)
		return r;
	if (v > SCHEMA) {
		*why = xasprintf("%" PRId64, v);
		return OP_NEWER;
	}
	if (v != 0 && v != SCHEMA) {
		*why =
		    xasprintf("schema version %" PRId64 ", this folio reads version %d", v, SCHEMA);
		return OP_BAD;
	}
	if ((rc = prepare_all(st)) != SQLITE_OK || (rc = load_all(st)) != SQLITE_OK)
		goto fail;
	return OP_OK;
fail:
	*why = xstrdup(st->sql != NULL ? sqlite3_errmsg(st->sql) : sqlite3_errstr(rc));
	return is_damage(rc) ? OP_BAD : OP_ERROR;
}

/* In a folder that cannot be written: what can be read of the state, by
 * database or old file, for a folio that cannot save. */
static void
open_read_only(struct state *st)
{
	struct stat sb;
	char *uri, *old, *buf = NULL, *why = NULL;
	size_t len;
	sqlite3_stmt *s;
	int64_t v = -1;

	if (lstat(st->path, &sb) == 0 && S_ISREG(sb.st_mode)) {
		uri = sqlite3_mprintf("file:%s?immutable=1", st->path);
		for (char *p = uri + 5; *p != '\0' && *p != '?'; p++)
			if (*p == '#' || *p == '%')
				*p = '_'; /* such a path is not read, not misread */
		if (sqlite3_open_v2(uri, &st->sql,
			SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
			NULL) == SQLITE_OK &&
		    sqlite3_prepare_v2(st->sql, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK) {
			if (sqlite3_step(s) == SQLITE_ROW)
				v = sqlite3_column_int64(s, 0);
			sqlite3_finalize(s);
		}
		sqlite3_free(uri);
		if (v != SCHEMA || prepare_all(st) != SQLITE_OK || load_all(st) != SQLITE_OK) {
			close_sql(st);
			db_free(&st->db);
		}
		return;
	}
	old = state_file(st, OLD_NAME);
	if (import_read(old, &buf, &len, &why) == RD_OK && !import_parse(&st->db, buf, len, &why))
		db_free(&st->db);
	free(why);
	free(buf);
	free(old);
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

/* Whether dir can be written (creating it, mode 0700, when missing). */
static bool
dir_ready(const char *dir, int *errnum)
{
	if (mkdir_p(dir) != 0) {
		*errnum = errno;
		return false;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		*errnum = errno;
		return false;
	}
	return true;
}

/* Forgets what a failed open read, unless changes made here are in the
 * cache (a lazy state opening at its first save): those stay. */
static void
drop_cache(struct state *st)
{
	if (st->nqueue == 0 && st->pending.n == 0)
		db_free(&st->db);
}

/* Opens the database, moving a bad one aside; the notice or NULL. */
static char *
open_db(struct state *st)
{
	char *why = NULL, *why2 = NULL, *notice = NULL, *imported = NULL, *to;
	int e = 0;

	if (!dir_ready(st->dir, &e)) {
		st->no_save = xasprintf("%s: %s", st->dir, strerror(e));
		st->warned = true;
		st->lazy = true; /* a save tries again */
		open_read_only(st);
		return xasprintf("%s; the reading state cannot be saved", st->no_save);
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		switch (try_open(st, &why, &imported)) {
		case OP_OK:
			free(why);
			if (notice == NULL)
				return imported;
			free(imported);
			return notice;
		case OP_BAD:
			close_sql(st);
			drop_cache(st);
			free(imported);
			imported = NULL;
			if (attempt > 0 || (to = move_aside(st, DB_NAME, &why2)) == NULL) {
				st->no_save = xasprintf("%s is unusable (%s)%s%s%s", st->path, why,
				    why2 != NULL ? " and could not be moved aside (" : "",
				    why2 != NULL ? why2 : "", why2 != NULL ? ")" : "");
				free(why2);
				free(why);
				free(notice);
				st->warned = true;
				return xasprintf("%s; starting with an empty reading state, which "
						 "cannot be saved",
				    st->no_save);
			}
			notice = xasprintf("%s was unusable (%s); it was moved to %s and folio "
					   "starts with an empty reading state",
			    st->path, why, to);
			free(to);
			free(why);
			why = NULL;
			break;
		case OP_NEWER:
			close_sql(st);
			drop_cache(st);
			st->no_save =
			    xasprintf("%s was written by a newer folio (schema version %s) "
				      "and is left as it is",
				st->path, why);
			free(why);
			free(notice);
			free(imported);
			st->warned = true;
			return xasprintf(
			    "%s; the reading state is not read nor saved", st->no_save);
		case OP_ERROR:
			close_sql(st);
			drop_cache(st);
			free(imported);
			st->warned = true;
			st->no_save = why;
			free(notice);
			return xasprintf("%s; the reading state cannot be saved", why);
		}
	}
	return notice;
}

/* Opens the database a lazy state did not have yet, taking what it holds
 * under the changes made here; -1 when it failed, with *err (when err is
 * not NULL) the message to show, else 0. */
static int
open_lazy(struct state *st, char **err)
{
	char *notice;

	st->lazy = false;
	notice = open_db(st);
	if (st->sql != NULL) {
		refresh_version(st);
		if (err != NULL)
			*err = notice;
		else
			free(notice);
		return 0;
	}
	if (err != NULL)
		*err = notice;
	else
		free(notice);
	return -1;
}

/* ---- the state ------------------------------------------------------------ */

struct state *
state_open(const char *dir, char **notice)
{
	struct state *st = xcalloc(1, sizeof *st);
	struct stat sb;
	char *old;
	int e;

	*notice = NULL;
	st->busy_ms = LOCK_MS;
	st->refresh_ms = REFRESH_MS;
	st->data_version = -1;
	st->dir = dir != NULL ? xstrdup(dir) : default_dir();
	if (st->dir == NULL) {
		*notice = xstrdup("no home folder: the reading state cannot be saved");
		st->no_save = xstrdup("no home folder");
		st->warned = true;
		return st;
	}
	st->path = state_file(st, DB_NAME);
	old = state_file(st, OLD_NAME);
	if (lstat(st->path, &sb) != 0 && (errno == ENOENT || errno == ENOTDIR) &&
	    lstat(old, &sb) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
		/* Nothing to read: a folio that only reads creates nothing, and
		 * the first save makes the folder and the database. */
		st->lazy = true;
		if (!dir_writable(st->dir, &e)) {
			st->warned = true;
			*notice = xasprintf(
			    "%s: %s; the reading state cannot be saved", st->dir, strerror(e));
		}
	} else
		*notice = open_db(st);
	free(old);
	if (st->sql != NULL) {
		sqlite3_stmt *s = stmt(st, S_DATA_VERSION);

		if (sqlite3_step(s) == SQLITE_ROW)
			st->data_version = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		st->checked_ms = mono_ms();
	}
	return st;
}

void
state_free(struct state *st)
{
	if (st == NULL)
		return;
	close_sql(st);
	db_free(&st->db);
	hist_clear(&st->pending);
	canon_free(&st->canon);
	free(st->queue);
	free(st->no_save);
	free(st->last_error);
	free(st->path);
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
	size_t i;

	refresh(st, false);
	i = lookup(st, path, fp, &canon);
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
 * article's record, all its fields to be written); NULL when the path
 * cannot be kept.  The record is queued for the next save. */
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
		j = i;
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
			r->dirty = DIRTY_READ | DIRTY_POS | DIRTY_TITLE;
			r->mark_dirty = r->mark_set;
			/* A global mark moves with the article: one record holds
			 * it (the save takes it from the old one on disk too). */
			from->mark_set &= BIT(FIRST_GLOBAL) - 1;
		}
	}
	r->time = now();
	enqueue(st, j);
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
	refresh(st, false);
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
	enqueue(st, i);
}

const char *
state_view(const struct state *st, const char *key)
{
	size_t i = db_find(&st->db, key);

	return i != NONE && is_view(&st->db.recs[i]) ? st->db.recs[i].title : NULL;
}

bool
state_global_mark(struct state *st, int letter, const char **path, uint64_t *position)
{
	int k = state_mark_index(letter);
	size_t i;

	refresh(st, false);
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
	st->busy_ms = ms < 0 ? 0 : ms;
	if (st->sql != NULL)
		sqlite3_busy_timeout(st->sql, st->busy_ms);
}

void
state_set_refresh_interval(struct state *st, int ms)
{
	st->refresh_ms = ms < 0 ? 0 : ms;
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
	bool pruned;
	int rc;

	*err = NULL;
	if (!st->dirty)
		return 0;
	if (st->lazy && (st->sql == NULL || access(st->dir, W_OK | X_OK) == 0)) {
		/* No database yet, or a folder that could not be written at
		 * open: try again. */
		close_sql(st);
		free(st->no_save);
		st->no_save = NULL;
		if (open_lazy(st, err) != 0) {
			st->lazy = true;
			free(*err);
			*err = NULL;
			return save_failed(
			    st, xstrdup(st->no_save != NULL ? st->no_save : "no database"), err);
		}
	}
	if (st->no_save != NULL)
		return save_failed(st, xstrdup(st->no_save), err);
	if (st->sql == NULL)
		return save_failed(st, xstrdup("no database"), err);
	if ((rc = flush(st, &pruned)) != SQLITE_OK) {
		/* Until a save succeeds again, the next ones wait briefly: they
		 * run between keys. */
		if ((rc & 0xff) == SQLITE_BUSY && st->busy_ms > RETRY_MS)
			sqlite3_busy_timeout(st->sql, RETRY_MS);
		if ((rc & 0xff) == SQLITE_BUSY)
			return save_failed(st,
			    xasprintf(
				"%s: another folio held it for over %d ms", st->path, st->busy_ms),
			    err);
		return save_failed(st, xasprintf("%s: %s", st->path, sqlite3_errstr(rc)), err);
	}
	for (size_t i = 0; i < st->nqueue; i++) {
		st->db.recs[st->queue[i]].dirty = 0;
		st->db.recs[st->queue[i]].mark_dirty = 0;
		st->db.recs[st->queue[i]].queued = false;
	}
	st->nqueue = 0;
	hist_clear(&st->pending);
	st->dirty = false;
	sqlite3_busy_timeout(st->sql, st->busy_ms);
	st->warned = false;
	free(st->last_error);
	st->last_error = NULL;
	/* What other folios saved meanwhile comes in now, with this change. */
	if (pruned) {
		db_free(&st->db);
		load_all(st);
	} else
		read_consistent(st, st->seq, false);
	refresh_version(st);
	return 0;
}

struct state *
state_from_buffer(const char *buf, size_t len, char **why)
{
	struct state *st = xcalloc(1, sizeof *st);

	st->busy_ms = LOCK_MS;
	st->no_save = xstrdup("no folder");
	if (!import_parse(&st->db, buf, len, why)) {
		state_free(st);
		return NULL;
	}
	return st;
}
