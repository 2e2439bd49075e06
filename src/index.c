#include "config.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistd.h>

#include "article.h"
#include "doc.h"
#include "index.h"
#include "library.h"
#include "msg.h"
#include "search.h"
#include "text.h"
#include "xdg.h"
#include "xmalloc.h"

/* Bumped when the folding or the tables change: an older database is
 * dropped and made again. */
#define SCHEMA_VERSION 1
/* Articles shown bigger than this are not indexed (always searched):
 * indexing one takes a tenth of a second, which a slice of the list's
 * search must not. */
#define INDEX_MAX_BYTES (1u << 20)
/* Distinct trigrams of a pattern asked for: enough to be selective. */
#define QUERY_TRIGRAMS 16
/* Documents indexed per transaction when building. */
#define BATCH 256

#define PAGE_SHIFT 8
#define PAGE_SIZE (1u << PAGE_SHIFT)
#define NPAGES (0x110000u >> PAGE_SHIFT)
#define F_NONE 0xFFFFFFFFu /* folds to nothing */
#define F_MULTI 0x80000000u
#define F_LEN_SHIFT 24
#define F_OFF_MASK 0xFFFFFFu

/* What an entry is to the index. */
enum { E_WANTED = 0, E_ALWAYS = -1 };
/* A search of the reader indexes the files it reads only when at most
 * this many (or an eighth of the collection) want it: see index_keeps_up. */
#define UPKEEP_MIN 64

struct fold_page {
	uint32_t e[PAGE_SIZE];
};

struct file_row {
	char *path;
	int64_t id, dev, ino, size, mtime;
	bool always, seen;
};

struct ident {
	int64_t dev, ino, size, mtime;
	bool ok;
};

struct index {
	sqlite3 *db;
	char *file;
	struct doc_options opts;
	bool broken;  /* an error: no answers, no writes */
	bool damaged; /* the error said the database is damaged */
	FILE *warn;   /* where the first error is told, or NULL */
	bool in_txn;
	bool scanned;   /* the entries' identities stand for their files */
	size_t pending; /* documents added in the open transaction */
	const struct library *lib;
	size_t n;
	int64_t *id;          /* per entry: its row, E_WANTED or E_ALWAYS */
	struct ident *idents; /* per entry: its file now */
	bool answered;
	unsigned char *may; /* per entry, after a query that answered */
	struct fold_page *pages[NPAGES];
	uint32_t *pool;
	size_t npool, cappool;
	char *buf; /* the folded text being indexed */
	size_t cap;
};

static bool
is_mark(uint32_t u)
{
	return uc_combining_class(u) != UC_CCC_NR || uc_is_general_category(u, UC_CATEGORY_Mn);
}

/* Whether a unit of a folded code point is kept (index.h says why). */
static bool
kept(uint32_t u)
{
	return u != 0 && u != 0x3B9 && !is_mark(u);
}

/* The folding of cp as one table entry: NFD, full case folding to NFD
 * (as the matcher computes its units), then only the kept units. */
static uint32_t
fold_entry(struct index *ix, uint32_t cp)
{
	uint32_t b1[8], b2[8], *x, *y, keep[32];
	size_t n1 = 8, n2 = 8, k = 0;

	if (cp >= 0xD800 && cp <= 0xDFFF)
		cp = TEXT_REPLACEMENT;
	x = u32_normalize(UNINORM_NFD, &cp, 1, b1, &n1);
	if (x == NULL)
		fatal("cannot decompose U+%04X", (unsigned)cp);
	y = u32_casefold(x, n1, NULL, UNINORM_NFD, b2, &n2);
	if (y == NULL)
		fatal("cannot fold U+%04X", (unsigned)cp);
	for (size_t i = 0; i < n2 && k < 32; i++)
		if (kept(y[i]))
			keep[k++] = y[i];
	if (y != b2)
		free(y);
	if (x != b1)
		free(x);
	if (k == 0)
		return F_NONE;
	if (k == 1)
		return keep[0];
	if (ix->npool + k > F_OFF_MASK)
		fatal("index folding table full");
	if (ix->npool + k > ix->cappool)
		xgrow((void **)&ix->pool, &ix->cappool, ix->npool + k, sizeof *ix->pool);
	memcpy(ix->pool + ix->npool, keep, k * sizeof *keep);
	ix->npool += k;
	return F_MULTI | (uint32_t)k << F_LEN_SHIFT | (uint32_t)(ix->npool - k);
}

static uint32_t
fold_lookup(struct index *ix, uint32_t cp)
{
	struct fold_page *pg = ix->pages[cp >> PAGE_SHIFT];

	if (pg == NULL) {
		pg = ix->pages[cp >> PAGE_SHIFT] = xmalloc(sizeof *pg);
		for (uint32_t j = 0; j < PAGE_SIZE; j++)
			pg->e[j] = fold_entry(ix, (cp >> PAGE_SHIFT) << PAGE_SHIFT | j);
	}
	return pg->e[cp & (PAGE_SIZE - 1)];
}

static void
put_cp(char **buf, size_t *cap, size_t *n, uint32_t cp)
{
	char tmp[4];
	size_t k = text_encode(cp, tmp);

	if (*n + k + 1 > *cap)
		xgrow((void **)buf, cap, *n + k + 1, 1);
	memcpy(*buf + *n, tmp, k);
	*n += k;
}

/* Folds text[0..len) into *buf (grown as needed); returns its length. */
static size_t
fold_into(struct index *ix, const char *text, size_t len, char **buf, size_t *cap)
{
	size_t n = 0, i = 0;

	if (*cap < len + 1)
		xgrow((void **)buf, cap, len + 1, 1);
	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		uint32_t cp, e;

		if (c < 0x80) {
			if (n + 2 > *cap)
				xgrow((void **)buf, cap, n + 2, 1);
			if (c >= 'A' && c <= 'Z')
				(*buf)[n++] = (char)(c + ('a' - 'A'));
			else if (c != 0)
				(*buf)[n++] = (char)c;
			i++;
			continue;
		}
		i += text_decode(text + i, len - i, &cp);
		e = fold_lookup(ix, cp);
		if (e == F_NONE)
			continue;
		if (!(e & F_MULTI)) {
			put_cp(buf, cap, &n, e);
			continue;
		}
		for (uint32_t k = 0; k < (e >> F_LEN_SHIFT & 0x7F); k++)
			put_cp(buf, cap, &n, ix->pool[(e & F_OFF_MASK) + k]);
	}
	(*buf)[n] = '\0';
	return n;
}

struct index *
index_folder(void)
{
	struct index *ix = xcalloc(1, sizeof *ix);

	ix->broken = true;
	return ix;
}

char *
index_fold(struct index *ix, const char *text, size_t len, size_t *outlen)
{
	char *buf = NULL;
	size_t cap = 0;

	*outlen = fold_into(ix, text, len, &buf, &cap);
	return buf;
}

/* Records a SQLite failure: the index answers nothing from now on; a
 * damaged database is moved aside when it is closed. */
static void
failed(struct index *ix, int rc, FILE *warn)
{
	if (warn == NULL)
		warn = ix->warn;
	if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
		warn = NULL; /* told once it is made again */
	if (!ix->broken && warn != NULL)
		msg_warn(warn, "index %s: %s; searching every article", ix->file,
		    ix->db != NULL ? sqlite3_errmsg(ix->db) : sqlite3_errstr(rc));
	ix->broken = true;
	if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) {
		ix->damaged = true;
		sqlite3_close(ix->db);
		ix->db = NULL;
		char *aside = xasprintf("%s.corrupt", ix->file);
		rename(ix->file, aside);
		free(aside);
		for (const char *suffix = "-wal"; suffix != NULL;
		     suffix = strcmp(suffix, "-wal") == 0 ? "-shm" : NULL) {
			char *f = xasprintf("%s%s", ix->file, suffix);
			unlink(f);
			free(f);
		}
	}
}

static int
exec(struct index *ix, const char *sql)
{
	return sqlite3_exec(ix->db, sql, NULL, NULL, NULL);
}

/* The text of a file re-indexed or gone stays in the contentless table
 * (SQLite 3.40 cannot delete from one), where no row of files names it:
 * when such texts outnumber the live ones, the index is made again. */
static bool
too_many_orphans(struct index *ix)
{
	sqlite3_stmt *st;
	int64_t seq = 0, live = 0;

	if (sqlite3_prepare_v2(ix->db,
		"SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'files'),"
		" (SELECT count(*) FROM files)",
		-1, &st, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(st) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		live = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return seq - live > 1000 && seq - live > live;
}

/* Creates the tables (dropping older ones); returns a SQLite code. */
static int
schema(struct index *ix, bool rebuild)
{
	sqlite3_stmt *st;
	int rc, version = 0;

	if ((rc = exec(ix, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_prepare_v2(ix->db, "PRAGMA user_version", -1, &st, NULL)) != SQLITE_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	if ((rc = sqlite3_finalize(st)) != SQLITE_OK)
		return rc;
	if (!rebuild && version == SCHEMA_VERSION && too_many_orphans(ix))
		rebuild = true;
	if (rebuild || version != SCHEMA_VERSION) {
		rc = exec(ix, "DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS text;");
		if (rc != SQLITE_OK)
			return rc;
	}
	rc = exec(ix,
	    "CREATE TABLE IF NOT EXISTS files(id INTEGER PRIMARY KEY AUTOINCREMENT,"
	    " path TEXT UNIQUE NOT NULL, dev INTEGER, ino INTEGER, size INTEGER,"
	    " mtime INTEGER, always INTEGER);"
	    "CREATE VIRTUAL TABLE IF NOT EXISTS text USING fts5(body, content='',"
	    " tokenize='trigram case_sensitive 1', detail=none);");
	if (rc != SQLITE_OK)
		return rc;
	if (version != SCHEMA_VERSION || rebuild) {
		char *sql = xasprintf("PRAGMA user_version=%d", SCHEMA_VERSION);

		rc = exec(ix, sql);
		free(sql);
	}
	return rc;
}

/* FNV-1a, 64 bits: names the database file. */
static uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ull;
	return h;
}

/* The cache folder, made if need be; NULL when it cannot be. */
static char *
cache_dir(void)
{
	char *dir = xdg_folder("XDG_CACHE_HOME", ".cache"), *base;

	if (dir == NULL)
		return NULL;
	/* Its parent is made first, when missing. */
	base = xstrndup(dir, strlen(dir) - strlen("/folio"));
	if ((mkdir(base, 0700) != 0 && errno != EEXIST) ||
	    (mkdir(dir, 0700) != 0 && errno != EEXIST)) {
		free(base);
		free(dir);
		return NULL;
	}
	free(base);
	return dir;
}

static int
open_db(struct index *ix, bool rebuild)
{
	int rc =
	    sqlite3_open_v2(ix->file, &ix->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(ix->db, 200);
		rc = schema(ix, rebuild);
	}
	return rc;
}

struct index *
index_open(
    const struct library *lib, const struct doc_options *o, bool rebuild, bool scanned, FILE *warn)
{
	char *key = library_collection_key(lib), *dir;
	struct index *ix;
	uint64_t h = 0xcbf29ce484222325ull;
	int rc;

	if (key == NULL)
		return NULL;
	if ((dir = cache_dir()) == NULL || access(dir, W_OK) != 0) {
		if (warn != NULL)
			msg_warn(warn, "cannot write the index folder %s: searching every article",
			    dir != NULL ? dir : "$XDG_CACHE_HOME/folio");
		free(dir);
		free(key);
		return NULL;
	}
	/* What changes the text shown names the database too. */
	h = hash_bytes(h, key, strlen(key) + 1);
	h = hash_bytes(h, &o->raw, sizeof o->raw);
	h = hash_bytes(h, &o->source_formats, sizeof o->source_formats);
	h = hash_bytes(h, &o->link_numbers, sizeof o->link_numbers);
	h = hash_bytes(h, &o->styles, sizeof o->styles);
	h = hash_bytes(h, &o->max_render, sizeof o->max_render);
	if (o->format != NULL)
		h = hash_bytes(h, o->format, strlen(o->format) + 1);
	free(key);
	ix = xcalloc(1, sizeof *ix);
	ix->opts = *o;
	ix->warn = warn;
	ix->scanned = scanned;
	ix->file = xasprintf("%s/index-%016llx.db", dir, (unsigned long long)h);
	free(dir);
	if ((rc = open_db(ix, rebuild)) != SQLITE_OK)
		failed(ix, rc, NULL);
	else
		index_sync(ix, lib);
	if (ix->damaged) {
		/* Moved aside by failed(): made again, empty. */
		if (warn != NULL)
			msg_warn(warn, "index %s was damaged: moved aside (.corrupt), made again",
			    ix->file);
		sqlite3_close(ix->db);
		ix->db = NULL;
		ix->broken = ix->damaged = false;
		if ((rc = open_db(ix, true)) != SQLITE_OK)
			failed(ix, rc, NULL);
		else
			index_sync(ix, lib);
	}
	if (ix->broken) {
		index_free(ix);
		return NULL;
	}
	return ix;
}

void
index_commit(struct index *ix)
{
	if (ix == NULL || !ix->in_txn)
		return;
	ix->in_txn = false;
	ix->pending = 0;
	if (!ix->broken) {
		int rc = exec(ix, "COMMIT");

		if (rc != SQLITE_OK)
			failed(ix, rc, NULL);
	}
}

void
index_free(struct index *ix)
{
	if (ix == NULL)
		return;
	index_commit(ix);
	sqlite3_close(ix->db);
	for (size_t i = 0; i < NPAGES; i++)
		free(ix->pages[i]);
	free(ix->pool);
	free(ix->buf);
	free(ix->id);
	free(ix->idents);
	free(ix->may);
	free(ix->file);
	free(ix);
}

bool
index_same_options(const struct index *ix, const struct doc_options *o)
{
	const struct doc_options *a = &ix->opts;

	return a->raw == o->raw && a->source_formats == o->source_formats &&
	    a->link_numbers == o->link_numbers && a->styles == o->styles &&
	    a->max_render == o->max_render &&
	    (a->format == NULL ? o->format == NULL
			       : o->format != NULL && strcmp(a->format, o->format) == 0);
}

const char *
index_file(const struct index *ix)
{
	return ix->file;
}

static int
row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct file_row *)a)->path, ((const struct file_row *)b)->path);
}

/* The identity of entry e's file now: the scan's, when it kept one and
 * is to be believed. */
static void
identify(const struct entry *e, bool scanned, struct ident *id)
{
	struct stat st;

	memset(id, 0, sizeof *id);
	if (scanned && e->ino != 0 && e->archive == NULL && (e->flags & ENTRY_STDIN) == 0) {
		id->ok = true;
		id->dev = (int64_t)e->dev;
		id->ino = (int64_t)e->ino;
		id->size = (int64_t)e->size;
		id->mtime = (int64_t)e->mtime * 1000000000 + e->mtime_ns;
		return;
	}
	if ((e->flags & ENTRY_STDIN) != 0 ||
	    stat(e->archive != NULL ? e->archive : e->path, &st) != 0)
		return;
	id->ok = true;
	id->dev = (int64_t)st.st_dev;
	id->ino = (int64_t)st.st_ino;
	id->size = (int64_t)st.st_size;
	id->mtime = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

/* Reads the table of files, sorted by path; returns a SQLite code. */
static int
load_rows(struct index *ix, struct file_row **rows, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(
	    ix->db, "SELECT id, path, dev, ino, size, mtime, always FROM files", -1, &st, NULL);

	*rows = NULL;
	*n = 0;
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct file_row *r;
		const char *p = (const char *)sqlite3_column_text(st, 1);

		if (p == NULL)
			continue;
		if (*n == cap)
			xgrow((void **)rows, &cap, *n + 1, sizeof **rows);
		r = &(*rows)[(*n)++];
		r->id = sqlite3_column_int64(st, 0);
		r->path = xstrdup(p);
		r->dev = sqlite3_column_int64(st, 2);
		r->ino = sqlite3_column_int64(st, 3);
		r->size = sqlite3_column_int64(st, 4);
		r->mtime = sqlite3_column_int64(st, 5);
		r->always = sqlite3_column_int(st, 6) != 0;
		r->seen = false;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;
	if (*n > 1)
		qsort(*rows, *n, sizeof **rows, row_cmp);
	return SQLITE_OK;
}

/* Forgets the files indexed that no entry has now. */
static int
forget_unseen(struct index *ix, const struct file_row *rows, size_t n)
{
	sqlite3_stmt *st;
	int rc = SQLITE_OK;
	bool any = false;

	for (size_t i = 0; i < n && !any; i++)
		any = !rows[i].seen;
	if (!any)
		return SQLITE_OK;
	if ((rc = exec(ix, "BEGIN")) != SQLITE_OK)
		return rc;
	rc = sqlite3_prepare_v2(ix->db, "DELETE FROM files WHERE id = ?", -1, &st, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		if (rows[i].seen)
			continue;
		sqlite3_bind_int64(st, 1, rows[i].id);
		if ((rc = sqlite3_step(st)) == SQLITE_DONE)
			rc = SQLITE_OK;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	/* The trigrams of a file forgotten stay in the contentless table,
	 * where no file row names them any more. */
	if (rc == SQLITE_OK)
		return exec(ix, "COMMIT");
	exec(ix, "ROLLBACK");
	return rc;
}

void
index_sync(struct index *ix, const struct library *lib)
{
	struct file_row *rows = NULL, key;
	size_t nrows = 0;
	int rc;

	index_commit(ix);
	ix->lib = lib;
	ix->n = lib->n;
	ix->answered = false;
	free(ix->id);
	free(ix->idents);
	free(ix->may);
	ix->id = xcalloc(lib->n + 1, sizeof *ix->id);
	ix->idents = xcalloc(lib->n + 1, sizeof *ix->idents);
	ix->may = xcalloc(lib->n + 1, 1);
	if (ix->broken)
		return;
	if ((rc = load_rows(ix, &rows, &nrows)) != SQLITE_OK) {
		failed(ix, rc, NULL);
		goto out;
	}
	for (size_t e = 0; e < lib->n; e++) {
		const struct entry *en = &lib->entries[e];
		struct ident *id = &ix->idents[e];
		struct file_row *r;

		identify(en, ix->scanned, id);
		if (!id->ok) {
			ix->id[e] = E_ALWAYS;
			continue;
		}
		key.path = en->path;
		r = nrows > 0 ? bsearch(&key, rows, nrows, sizeof *rows, row_cmp) : NULL;
		if (r == NULL)
			continue;
		r->seen = true;
		if (r->dev == id->dev && r->ino == id->ino && r->size == id->size &&
		    r->mtime == id->mtime)
			ix->id[e] = r->always ? E_ALWAYS : r->id;
	}
	if ((rc = forget_unseen(ix, rows, nrows)) != SQLITE_OK)
		failed(ix, rc, NULL);
out:
	for (size_t i = 0; i < nrows; i++)
		free(rows[i].path);
	free(rows);
}

bool
index_wants(const struct index *ix, size_t e)
{
	return ix != NULL && !ix->broken && e < ix->n && ix->id[e] == E_WANTED && ix->idents[e].ok;
}

bool
index_keeps_up(const struct index *ix)
{
	size_t wanted = 0;

	if (ix == NULL || ix->broken)
		return false;
	for (size_t e = 0; e < ix->n; e++)
		wanted += ix->id[e] == E_WANTED && ix->idents[e].ok;
	return wanted <= UPKEEP_MIN || wanted <= ix->n / 8;
}

bool
index_may_match(const struct index *ix, size_t e)
{
	return ix == NULL || !ix->answered || e >= ix->n || ix->may[e];
}

/* Runs one statement with the row's values; returns a SQLite code. */
static int
store(struct index *ix, size_t e, bool always, const char *text, size_t len)
{
	const struct ident *id = &ix->idents[e];
	sqlite3_stmt *st;
	int64_t row;
	int rc = sqlite3_prepare_v2(ix->db,
	    "INSERT OR REPLACE INTO files(path, dev, ino, size, mtime, always)"
	    " VALUES (?, ?, ?, ?, ?, ?)",
	    -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, ix->lib->entries[e].path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id->dev);
	sqlite3_bind_int64(st, 3, id->ino);
	sqlite3_bind_int64(st, 4, id->size);
	sqlite3_bind_int64(st, 5, id->mtime);
	sqlite3_bind_int(st, 6, always);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;
	row = sqlite3_last_insert_rowid(ix->db);
	if (!always) {
		rc = sqlite3_prepare_v2(
		    ix->db, "INSERT INTO text(rowid, body) VALUES (?, ?)", -1, &st, NULL);
		if (rc != SQLITE_OK)
			return rc;
		sqlite3_bind_int64(st, 1, row);
		sqlite3_bind_text(st, 2, text, (int)len, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return rc;
	}
	ix->id[e] = always ? E_ALWAYS : row;
	return SQLITE_OK;
}

void
index_add(struct index *ix, size_t e, const struct doc *d)
{
	const struct article *v = d->view;
	/* A rendering made for a width may hold other text at another. */
	bool always = d->width_dependent || v->size > INDEX_MAX_BYTES ||
	    (ix != NULL && e < ix->n && (ix->lib->entries[e].flags & ENTRY_STDIN) != 0);
	size_t len = 0;
	int rc;

	if (!index_wants(ix, e))
		return;
	if (!ix->in_txn) {
		if ((rc = exec(ix, "BEGIN")) != SQLITE_OK) {
			failed(ix, rc, NULL);
			return;
		}
		ix->in_txn = true;
	}
	if (!always)
		len = fold_into(ix, v->data, v->size, &ix->buf, &ix->cap);
	if ((rc = store(ix, e, always, ix->buf, len)) != SQLITE_OK) {
		exec(ix, "ROLLBACK");
		ix->in_txn = false;
		failed(ix, rc, NULL);
		return;
	}
	if (++ix->pending >= BATCH)
		index_commit(ix);
}

size_t
index_build(struct index *ix, const struct library *lib, FILE *warn)
{
	size_t done = 0;

	for (size_t e = 0; e < lib->n && !ix->broken; e++) {
		char *err = NULL;
		struct article *a;
		struct doc *d;

		if (!index_wants(ix, e))
			continue;
		if ((a = library_open(lib, e, false, &err)) == NULL) {
			msg_warn(warn, "%s", err);
			free(err);
			continue;
		}
		d = doc_open(a, &ix->opts);
		index_add(ix, e, d);
		doc_free(d);
		done++;
	}
	index_commit(ix);
	return done;
}

/* The literal a regular expression must match, if one can be told
 * simply: a run of plain characters at its start (after '^'), none of
 * them quantified, and no alternation anywhere. */
static size_t
regex_literal(const char *pat, size_t len, const char **lit)
{
	size_t i = 0, last = 0;

	if (memchr(pat, '|', len) != NULL)
		return 0;
	if (len > 0 && pat[0] == '^')
		i = 1;
	*lit = pat + i;
	while (i < len && strchr("\\.^$|()[]{}*+?", pat[i]) == NULL && pat[i] != '\0') {
		uint32_t cp;

		last = i;
		i += text_decode(pat + i, len - i, &cp);
	}
	/* A quantifier after the run applies to its last character. */
	if (i < len && strchr("*?{", pat[i]) != NULL)
		i = last;
	return (size_t)(pat + i - *lit);
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The FTS5 query of the distinct trigrams of folded text: "abc" AND ...,
 * or NULL when it has fewer than 3 code points. */
static char *
trigram_query(const char *f, size_t n)
{
	size_t starts[QUERY_TRIGRAMS * 4], ns = 0, cap = 0, len = 0;
	char *q = NULL;
	size_t i = 0, cps = 0, pos[3];
	uint32_t cp;

	/* Code point starts, to cut trigrams; spread over the pattern. */
	while (i < n) {
		pos[cps % 3] = i;
		i += text_decode(f + i, n - i, &cp);
		cps++;
		if (cps >= 3 && ns < sizeof starts / sizeof *starts)
			starts[ns++] = pos[(cps - 3) % 3];
	}
	if (ns == 0)
		return NULL;
	for (size_t k = 0, asked = 0; k < ns && asked < QUERY_TRIGRAMS; k++) {
		size_t s = starts[k], e = s, c = 0, dup = 0;

		while (c < 3) {
			e += text_decode(f + e, n - e, &cp);
			c++;
		}
		for (size_t j = 0; j < k && !dup; j++) {
			size_t t = starts[j], te = t;

			for (c = 0; c < 3; c++)
				te += text_decode(f + te, n - te, &cp);
			dup = te - t == e - s && memcmp(f + t, f + s, e - s) == 0;
		}
		if (dup)
			continue;
		if (len + 2 * (e - s) + 8 > cap)
			xgrow((void **)&q, &cap, len + 2 * (e - s) + 8, 1);
		if (asked++ > 0) {
			memcpy(q + len, " AND ", 5);
			len += 5;
		}
		q[len++] = '"';
		for (size_t b = s; b < e; b++) {
			if (f[b] == '"')
				q[len++] = '"';
			q[len++] = f[b];
		}
		q[len++] = '"';
		q[len] = '\0';
	}
	return q;
}

bool
index_query(struct index *ix, const char *pat, size_t len, const struct search_options *opts,
    const struct search_pattern *p, FILE *warn)
{
	const char *lit = pat;
	char *f, *q;
	size_t flen, nids = 0, capids = 0;
	int64_t *ids = NULL;
	sqlite3_stmt *st;
	int rc;

	if (ix == NULL)
		return false;
	ix->answered = false;
	if (ix->broken || search_is_empty(p))
		return false;
	if (opts->regex) {
		len = regex_literal(pat, len, &lit);
		for (size_t i = 0; search_ignores_case(p) && i < len; i++)
			if ((unsigned char)lit[i] >= 0x80)
				return false;
	}
	f = index_fold(ix, lit, len, &flen);
	q = trigram_query(f, flen);
	free(f);
	if (q == NULL)
		return false;
	index_commit(ix);
	rc = sqlite3_prepare_v2(ix->db, "SELECT rowid FROM text WHERE text MATCH ?", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (nids == capids)
				xgrow((void **)&ids, &capids, nids + 1, sizeof *ids);
			ids[nids++] = sqlite3_column_int64(st, 0);
		}
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	free(q);
	if (rc != SQLITE_OK) {
		free(ids);
		failed(ix, rc, warn);
		return false;
	}
	if (nids > 1)
		qsort(ids, nids, sizeof *ids, id_cmp);
	for (size_t e = 0; e < ix->n; e++)
		ix->may[e] = ix->id[e] <= 0 ||
		    (nids > 0 && bsearch(&ix->id[e], ids, nids, sizeof *ids, id_cmp) != NULL);
	free(ids);
	ix->answered = true;
	return true;
}
