/* index.h - a trigram index of the collection, to search fewer articles.
 *
 * The index is a prefilter: it tells which entries cannot hold a match of
 * a pattern, and every other entry is searched by the exact matcher as
 * before, so results never differ from a full scan.  It lives in one
 * SQLite database per collection and per way of showing documents, in
 * $XDG_CACHE_HOME/folio (else ~/.cache/folio): a contentless FTS5 table
 * (trigram tokenizer, detail=none) over each entry's shown text, folded,
 * and a table of the files indexed with their identity (device, inode,
 * size, modification time in nanoseconds).
 *
 * The folding: each code point of the text becomes its canonical
 * decomposition after full case folding (as the literal matcher's units,
 * search.h), without its combining marks, without U+03B9 GREEK SMALL
 * LETTER IOTA (what U+0345 folds to, so that it makes no difference
 * whether that mark was folded) and without NUL.  The pattern is folded
 * the same way, one code point at a time, so that whatever the matcher's
 * case and accent options, a match in the text is a match of the folded
 * pattern in the folded text, and each of its trigrams is in the index.
 * The index answers only for patterns that fold to 3 code points or more;
 * a regular expression only when it starts with a literal of 3 or more
 * (after an optional '^'), holds no '|', and either respects case or the
 * literal is ASCII (PCRE2 folds case its own way).
 *
 * An entry is "up to date" when its file's identity is the one indexed;
 * entries that are not (new, changed, standard input, over 1 MiB shown,
 * rendered for a width) always count as candidates, and the caller gives the
 * index the text of those it reads (index_add), so that searching also
 * builds the index, a document at a time.  Writes go in transactions
 * that index_commit ends; a process killed in one loses only it.
 *
 * Nothing here blocks for long: opening stats every file once (about a
 * microsecond each) and reads the table of files; a query is one FTS5
 * look-up.  Any SQLite error makes the index answer nothing (scan all);
 * a damaged database is moved aside (".corrupt") and made again empty.
 * Not thread-safe: one index, one thread.
 */
#ifndef FOLIO_INDEX_H
#define FOLIO_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct doc;
struct doc_options;
struct library;
struct search_options;
struct search_pattern;

struct index;

/* Opens (creating it if need be) the index of lib's collection for
 * documents made as o says, and syncs it with the entries (index_sync).
 * With scanned, the identities the scan took of the entries' files (a
 * scan of this run, a moment ago: struct entry's dev, ino, size and
 * mtime) stand for the files, where it kept them; else each file is
 * looked at again (a stat), as a reader that has been running must.
 * With rebuild, whatever was indexed is dropped first.  Returns NULL when
 * there can be no index (standard input alone, a cache folder that cannot
 * be written, SQLite failing): then, and when a damaged index was moved
 * aside, one line says so on warn (NULL: silent). */
struct index *index_open(
    const struct library *lib, const struct doc_options *o, bool rebuild, bool scanned, FILE *warn);
/* Commits and closes; NULL is fine. */
void index_free(struct index *ix);

/* Looks at the files of lib's entries again (which are up to date), and
 * forgets the files indexed that are no longer entries.  Forgets the
 * last query's answer. */
void index_sync(struct index *ix, const struct library *lib);

/* Asks which entries may match pat[0..len) compiled as p with opts.
 * Returns false when the index cannot answer (the pattern is too short,
 * a regular expression without a literal, an error): then every entry
 * may match.  A line about an error goes to warn (NULL: silent). */
bool index_query(struct index *ix, const char *pat, size_t len, const struct search_options *opts,
    const struct search_pattern *p, FILE *warn);
/* Whether entry e may match the last query: true unless it answered that
 * e's file, up to date, has none of the pattern's trigrams.  ix may be
 * NULL (true). */
bool index_may_match(const struct index *ix, size_t e);

/* Whether the index is nearly up to date (a few files new or changed
 * since it was made), so that a search of the reader, which reads those
 * files anyway, may index them at little cost.  Indexing is some forty
 * times slower than searching: a reader's first search of a collection
 * with no index must not wait for the index to be built (--search and
 * --reindex build it). */
bool index_keeps_up(const struct index *ix);

/* Whether entry e is not up to date, and index_add would index it. */
bool index_wants(const struct index *ix, size_t e);
/* Indexes the text d shows as entry e's, when index_wants(e); d is made
 * as index_open's o says.  ix may be NULL. */
void index_add(struct index *ix, size_t e, const struct doc *d);
/* Ends the transaction index_add began, if any. */
void index_commit(struct index *ix);

/* Reads every entry that is not up to date and indexes it: --reindex.
 * Messages about articles that cannot be read go to warn.  Returns the
 * number of entries indexed. */
size_t index_build(struct index *ix, const struct library *lib, FILE *warn);

/* Whether documents made with o show what the index was opened for. */
bool index_same_options(const struct index *ix, const struct doc_options *o);

/* The database's file (owned by ix). */
const char *index_file(const struct index *ix);

/* For the tests: an index that only folds (no database; index_free). */
struct index *index_folder(void);
/* For the tests: folds text[0..len) as the index does into a new
 * NUL-terminated string (*outlen bytes). */
char *index_fold(struct index *ix, const char *text, size_t len, size_t *outlen);

#endif
