#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unictype.h>
#include <unistr.h>

#include "article.h"
#include "search.h"
#include "text.h"
#include "xmalloc.h"

/* The raw-offset map uses 32 bits; sanitized runs are blocks of a few
 * kilobytes or single lines, so this caps what one call may be given. */
#define SANITIZE_MAX 0xFFFFFF00u

/* How an article's bytes are held (struct article's mapped field). */
enum { ARTICLE_STATIC, ARTICLE_MAPPED, ARTICLE_HEAP };

static volatile sig_atomic_t guard_tripped;

/* Maps a zero page over the faulting address: a file truncated while mapped
 * then reads as NUL bytes (shown as U+2400) instead of killing folio.  Only
 * async-signal-safe calls are made here. */
static void
guard_handler(int sig, siginfo_t *info, void *ctx)
{
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t addr = (uintptr_t)info->si_addr & ~((uintptr_t)page - 1);

	(void)ctx;
	if (info->si_code != BUS_ADRERR ||
	    mmap((void *)addr, (size_t)page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
		0) == MAP_FAILED) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	guard_tripped = 1;
}

void
article_guard_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = guard_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

bool
article_guard_tripped(void)
{
	bool t = guard_tripped != 0;

	guard_tripped = 0;
	return t;
}

static struct article *
article_new(const char *path)
{
	struct article *a = xcalloc(1, sizeof *a);

	a->path = xstrdup(path);
	a->fd = -1;
	a->complete = true;
	return a;
}

/* Reads a whole file that cannot be mapped (some file systems refuse). */
static char *
read_all(int fd, size_t hint, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0, n = 0;
	ssize_t r;

	for (;;) {
		/* Room for the hinted size, then for one more byte: the read
		 * that finds the end needs no bigger buffer (and no copy). */
		xgrow((void **)&buf, &cap, n == 0 ? (hint > 0 ? hint : 65536) + 1 : n + 2, 1);
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return buf;
}

static struct article_stamp
stamp(const struct stat *st)
{
	return (struct article_stamp){
		.dev = st->st_dev,
		.ino = st->st_ino,
		.size = st->st_size,
		.mtime = st->st_mtim,
	};
}

/* Whether st is another file than was, or the same one written since. */
static bool
differs(const struct article_stamp *was, const struct stat *st)
{
	return st->st_dev != was->dev || st->st_ino != was->ino || st->st_size != was->size ||
	    st->st_mtim.tv_sec != was->mtime.tv_sec || st->st_mtim.tv_nsec != was->mtime.tv_nsec;
}

struct article *
article_open(const char *path, char **err)
{
	struct article *a;
	struct stat st, named;
	bool have_named;
	int fd;
	void *map;

	/* What the path names is looked at before it is opened, so that the
	 * file being replaced in between shows as a change later. */
	have_named = stat(path, &named) == 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	a = article_new(path);
	/* Taken before any of it is read: a change during the read shows as
	 * one afterwards. */
	a->from_file = true;
	a->opened = stamp(&st);
	a->named = have_named ? stamp(&named) : a->opened;
	if (st.st_size == 0) {
		a->data = "";
		a->size = 0;
		close(fd);
		return a;
	}
	/* Small files are read: mapping and unmapping costs more than copying
	 * them, which matters when a search opens 10,000 of them. */
	map = st.st_size > ARTICLE_READ_MAX
	    ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)
	    : MAP_FAILED;
	if (map != MAP_FAILED) {
		a->data = map;
		a->size = (size_t)st.st_size;
		a->mapped = ARTICLE_MAPPED;
		a->fd = fd;
		fd = -1;
	} else {
		size_t len;
		char *buf = read_all(fd, (size_t)st.st_size, &len);

		if (buf == NULL) {
			*err = xasprintf("%s: %s", path, strerror(errno));
			close(fd);
			article_free(a);
			return NULL;
		}
		a->data = buf;
		a->size = len;
		a->mapped = ARTICLE_HEAP;
	}
	if (fd >= 0)
		close(fd);
	return a;
}

bool
article_changed(const struct article *a)
{
	struct stat st;

	if (!a->from_file)
		return false;
	if (a->mapped == ARTICLE_MAPPED && fstat(a->fd, &st) == 0 && differs(&a->opened, &st))
		return true;
	return stat(a->watched != NULL ? a->watched : a->path, &st) == 0 && differs(&a->named, &st);
}

bool
article_rewatch(struct article *a)
{
	struct stat st;

	if (!a->from_file || a->mapped == ARTICLE_MAPPED)
		return false;
	if (stat(a->watched != NULL ? a->watched : a->path, &st) == 0)
		a->named = stamp(&st);
	return true;
}

void
article_watch(struct article *a, const char *file, const struct stat *st)
{
	a->from_file = true;
	a->opened = a->named = stamp(st);
	free(a->watched);
	a->watched = strcmp(file, a->path) != 0 ? xstrdup(file) : NULL;
}

struct article *
article_from_buffer(const char *name, const char *buf, size_t len)
{
	struct article *a = article_new(name);
	char *copy = xmalloc(len + 1);

	memcpy(copy, buf, len);
	copy[len] = '\0';
	a->data = copy;
	a->size = len;
	a->mapped = ARTICLE_HEAP;
	article_find_title(a, NULL);
	return a;
}

struct article *
article_ref(struct article *a)
{
	a->refs++;
	return a;
}

void
article_free(struct article *a)
{
	if (a == NULL)
		return;
	if (a->refs > 0) {
		a->refs--;
		return;
	}
	if (a->feed != NULL) {
		article_feed_close(a);
		free(a->watched);
		free(a->path);
		free(a);
		return;
	}
	if (a->mapped == ARTICLE_MAPPED)
		munmap((void *)(uintptr_t)a->data, a->size);
	if (a->fd >= 0)
		close(a->fd);
	else if (a->mapped == ARTICLE_HEAP)
		free((void *)(uintptr_t)a->data);
	free(a->watched);
	free(a->path);
	free(a);
}

const char *
article_window(
    const struct article *a, struct article_window *w, size_t from, size_t to, size_t *len)
{
	size_t end, got = 0;

	if (from > a->size)
		from = a->size;
	if (a->mapped != ARTICLE_MAPPED) {
		*len = a->size - from;
		return a->data + from;
	}
	if (to < from)
		to = from;
	end = a->size - to > ARTICLE_WINDOW_TAIL ? to + ARTICLE_WINDOW_TAIL : a->size;
	xgrow((void **)&w->buf, &w->cap, end - from + 1, 1);
	while (got < end - from) {
		ssize_t r = pread(a->fd, w->buf + got, end - from - got, (off_t)(from + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	memset(w->buf + got, 0, end - from - got);
	*len = end - from;
	return w->buf;
}

void
article_let_go(const struct article *a, size_t from, size_t to)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), lo, hi;

	if (a->mapped != ARTICLE_MAPPED || to > a->size || from >= to)
		return;
	lo = ((uintptr_t)a->data + from + page - 1) & ~(page - 1);
	hi = ((uintptr_t)a->data + to) & ~(page - 1);
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

void
article_window_free(struct article_window *w)
{
	free(w->buf);
	w->buf = NULL;
	w->cap = 0;
}

void
sanbuf_free(struct sanbuf *b)
{
	free(b->text);
	free(b->map);
	memset(b, 0, sizeof *b);
}

/* Makes room for need more output bytes. */
static void
san_reserve(struct sanbuf *b, size_t need)
{
	size_t cap = b->cap;

	if (b->len + need + 1 <= cap)
		return;
	xgrow((void **)&b->text, &cap, b->len + need + 1, 1);
	b->map = xreallocarray(b->map, cap, sizeof *b->map);
	b->cap = cap;
}

static void
san_put(struct sanbuf *b, const char *s, size_t n, size_t raw)
{
	san_reserve(b, n);
	memcpy(b->text + b->len, s, n);
	for (size_t k = 0; k < n; k++)
		b->map[b->len + k] = (uint32_t)raw;
	b->len += n;
}

static void
san_put_cp(struct sanbuf *b, uint32_t cp, size_t raw)
{
	char enc[4];

	san_put(b, enc, text_encode(cp, enc), raw);
}

void
article_sanitize(const char *raw, size_t len, bool at_bof, struct sanbuf *out)
{
	article_sanitize_from(raw, len, at_bof, NULL, out);
}

void
article_sanitize_from(
    const char *raw, size_t len, bool at_bof, struct sanstate *st, struct sanbuf *out)
{
	size_t i = 0, end = len;
	/* The column modulo the tab stop: only tabs look at it. */
	int col = st != NULL ? st->col & 7 : 0;
	bool have_base = st != NULL && st->have_base;

	out->len = 0;
	if (end > SANITIZE_MAX)
		end = SANITIZE_MAX;
	if (at_bof && end >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (end > i && raw[end - 1] == '\n') {
		end--;
		if (end > i && raw[end - 1] == '\r')
			end--;
	}
	san_reserve(out, end - i);
	/* A form that stands for a raw byte (a tab's spaces, a control
	 * picture, "<U+XXXX>", U+FFFD) is no base for a combining mark: the
	 * mark gets a space of its own, so that it never joins the form into
	 * one cluster, which the layout could not break. */
	while (i < end) {
		unsigned char c = (unsigned char)raw[i];
		uint32_t cp;
		size_t n;
		int w;

		if (c >= 0x20 && c < 0x7F) {
			size_t j = i + 1;

			while (j < end && (unsigned char)raw[j] >= 0x20 &&
			    (unsigned char)raw[j] < 0x7F)
				j++;
			san_reserve(out, j - i);
			memcpy(out->text + out->len, raw + i, j - i);
			for (size_t k = i; k < j; k++)
				out->map[out->len++] = (uint32_t)k;
			col = (int)((size_t)col + (j - i)) & 7;
			have_base = true;
			i = j;
			continue;
		}
		if (c == '\t') {
			san_put(out, "        ", (size_t)(8 - col), i);
			col = 0;
			have_base = false;
			i++;
			continue;
		}
		if (c == '\r' && i + 1 < end && raw[i + 1] == '\n') {
			i++;
			continue;
		}
		if (c == '\n' || c == '\r') {
			san_put(out, "\n", 1, i);
			col = 0;
			have_base = false;
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7F) {
			san_put_cp(out, c == 0x7F ? 0x2421 : 0x2400 + c, i);
			col = (col + 1) & 7;
			have_base = false;
			i++;
			continue;
		}
		n = text_decode(raw + i, end - i, &cp);
		if (cp == 0x2028 || cp == 0x2029) {
			san_put(out, "\n", 1, i);
			col = 0;
			have_base = false;
		} else if ((cp >= 0x80 && cp <= 0x9F) || text_is_bidi_control(cp)) {
			char vis[16];
			int k = snprintf(vis, sizeof vis, "<U+%04X>", (unsigned)cp);

			san_put(out, vis, (size_t)k, i);
			col = (col + k) & 7;
			have_base = false;
		} else if ((w = text_cp_width(cp)) < 0) {
			san_put_cp(out, TEXT_REPLACEMENT, i);
			col = (col + 1) & 7;
			have_base = false;
		} else {
			if (w == 0 && !have_base) {
				san_put(out, " ", 1, i);
				col = (col + 1) & 7;
			}
			san_put_cp(out, cp, i);
			col = (col + w) & 7;
			have_base = true;
		}
		i += n;
	}
	out->text[out->len] = '\0';
	out->map[out->len] = (uint32_t)end;
	if (len <= SANITIZE_MAX)
		out->map[out->len] = (uint32_t)len;
	if (st != NULL) {
		st->col = col;
		st->have_base = have_base;
	}
}

char *
article_safe_line(const char *raw, size_t len)
{
	struct sanbuf sb = { 0 };
	char *out, *o;

	article_sanitize(raw, len, false, &sb);
	o = out = xmalloc(sb.len * 3 + 1);
	for (size_t i = 0; i < sb.len; i++) {
		if (sb.text[i] == '\n') {
			memcpy(o, "\xE2\x90\x8A", 3);
			o += 3;
		} else {
			*o++ = sb.text[i];
		}
	}
	*o = '\0';
	sanbuf_free(&sb);
	return out;
}

static bool
blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* How long a title line may be: a file whose first line is 20 MB long
 * must not cost a scan of all of it. */
#define TITLE_LINE_MAX 4096u

struct skip_pattern {
	struct search_pattern *p;
	bool word;   /* starts with a letter or digit: matches only at a word start */
	char *lower; /* owned: the pattern in lower case when it is all ASCII,
	                else NULL */
	size_t len;
};

struct article_skip {
	struct skip_pattern *v;
	size_t n, cap;
	bool starts[256]; /* the bytes an ASCII pattern starts with, any case */
	size_t nascii;    /* patterns with lower */
};

static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool
ascii_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether s[0..len) is all ASCII. */
static bool
all_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

struct article_skip *
article_skip_create(void)
{
	return xcalloc(1, sizeof(struct article_skip));
}

/* The code point at s[0..len) (len > 0), U+FFFD for an invalid byte. */
static ucs4_t
first_cp(const char *s, size_t len, size_t *n)
{
	ucs4_t u;
	int k = u8_mbtouc(&u, (const uint8_t *)s, len);

	*n = k > 0 ? (size_t)k : 1;
	return u;
}

void
article_skip_add(struct article_skip *s, const char *pattern)
{
	static const struct search_options icase = { .case_mode = SEARCH_IGNORE };
	size_t len = strlen(pattern), n;
	struct skip_pattern *sp;

	xgrow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v);
	sp = &s->v[s->n++];
	sp->p = search_compile(pattern, len, &icase);
	sp->word = len > 0 && uc_is_alnum(first_cp(pattern, len, &n));
	sp->lower = NULL;
	sp->len = len;
	if (len > 0 && all_ascii(pattern, len)) {
		sp->lower = xmalloc(len);
		for (size_t i = 0; i < len; i++)
			sp->lower[i] = ascii_lower(pattern[i]);
		s->starts[(unsigned char)sp->lower[0]] = true;
		if (sp->lower[0] >= 'a' && sp->lower[0] <= 'z')
			s->starts[(unsigned char)(sp->lower[0] - 'a' + 'A')] = true;
		s->nascii++;
	}
}

void
article_skip_free(struct article_skip *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++) {
		search_free(s->v[i].p);
		free(s->v[i].lower);
	}
	free(s->v);
	free(s);
}

/* Whether d[s..e) has a letter or digit outside <...> tags. */
static bool
has_words(const char *d, size_t s, size_t e)
{
	size_t i = s, n;

	while (i < e) {
		if (d[i] == '<') {
			const char *gt = memchr(d + i, '>', e - i);

			if (gt != NULL) {
				i = (size_t)(gt - d) + 1;
				continue;
			}
		}
		if (uc_is_alnum(first_cp(d + i, e - i, &n)))
			return true;
		i += n;
	}
	return false;
}

static bool
starts_with(const char *d, size_t i, size_t e, const char *w)
{
	size_t n = strlen(w);

	return e - i >= n && memcmp(d + i, w, n) == 0;
}

/* Whether d[s..e) is an Emacs or vi modeline.  "vi:" and "ex:" also start
 * ordinary words ("my ex: a story"), so what follows must look like
 * settings. */
static bool
is_modeline(const char *d, size_t s, size_t e)
{
	static const char *const marks[] = { "vim:", "vi:", "ex:" };
	const char *emacs = e - s >= 3 ? memmem(d + s, e - s, "-*-", 3) : NULL;

	if (emacs != NULL) {
		size_t after = (size_t)(emacs - d) + 3;

		if (memmem(d + after, e - after, "-*-", 3) != NULL)
			return true;
	}
	for (size_t i = s; i < e; i++) {
		if (i > s && !blank_byte((unsigned char)d[i - 1]))
			continue;
		for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
			size_t r = i + strlen(marks[m]);

			if (!starts_with(d, i, e, marks[m]))
				continue;
			while (r < e && blank_byte((unsigned char)d[r]))
				r++;
			if (starts_with(d, r, e, "set ") || starts_with(d, r, e, "se ") ||
			    memchr(d + r, '=', e - r) != NULL)
				return true;
		}
	}
	return false;
}

/* The end of the bracketed run at d[i..e) that opens with open and closes
 * with close, nested runs included; 0 when it does not close. */
static size_t
bracket_end(const char *d, size_t i, size_t e, char open, char close)
{
	size_t depth = 0;

	if (i >= e || d[i] != open)
		return 0;
	for (; i < e; i++) {
		if (d[i] == open)
			depth++;
		else if (d[i] == close && --depth == 0)
			return i + 1;
	}
	return 0;
}

/* The end of the Markdown link or image at d[i..e): "[text](url)",
 * "![alt](url)" or a reference "[text][ref]"; 0 when there is none. */
static size_t
link_end(const char *d, size_t i, size_t e)
{
	size_t k;

	if (i < e && d[i] == '!')
		i++;
	k = bracket_end(d, i, e, '[', ']');
	if (k == 0 || k >= e)
		return 0;
	return d[k] == '(' ? bracket_end(d, k, e, '(', ')') : bracket_end(d, k, e, '[', ']');
}

/* Whether d[s..e) is only Markdown images and links (badges). */
static bool
is_badges(const char *d, size_t s, size_t e)
{
	size_t i = s, n = 0;

	for (;;) {
		while (i < e && blank_byte((unsigned char)d[i]))
			i++;
		if (i >= e)
			return n > 0;
		i = link_end(d, i, e);
		if (i == 0)
			return false;
		n++;
	}
}

/* Whether an ASCII pattern of skip is in the ASCII line d[s..e) where a
 * word starts (if it must), in one pass over the line: for ASCII text
 * and an ASCII pattern, case folding is lowering and normalising changes
 * nothing, so this finds what search_find would without folding the line
 * once for each of the dozen patterns. */
static bool
ascii_boilerplate(const struct article_skip *skip, const char *d, size_t s, size_t e)
{
	for (size_t i = s; i < e; i++) {
		char c;

		if (!skip->starts[(unsigned char)d[i]])
			continue;
		c = ascii_lower(d[i]);
		for (size_t k = 0; k < skip->n; k++) {
			const struct skip_pattern *sp = &skip->v[k];
			size_t m = 1;

			if (sp->lower == NULL || sp->lower[0] != c || sp->len > e - i)
				continue;
			while (m < sp->len && ascii_lower(d[i + m]) == sp->lower[m])
				m++;
			if (m == sp->len && (!sp->word || i == s || !ascii_alnum(d[i - 1])))
				return true;
		}
	}
	return false;
}

/* Whether the line d[s..e) holds a pattern of skip, where a word starts
 * when the pattern starts with a letter or digit. */
static bool
is_boilerplate(const struct article_skip *skip, const char *d, size_t s, size_t e)
{
	bool ascii;

	if (skip == NULL)
		return false;
	ascii = skip->nascii > 0 && all_ascii(d + s, e - s);
	if (ascii && ascii_boilerplate(skip, d, s, e))
		return true;
	for (size_t k = 0; k < skip->n; k++) {
		size_t from = s, ms, me, n;

		if (ascii && skip->v[k].lower != NULL)
			continue;
		while (from < e && search_find(skip->v[k].p, d, e, from, e, &ms, &me)) {
			const uint8_t *prev;
			ucs4_t u = 0;

			if (!skip->v[k].word || ms == s)
				return true;
			prev = u8_prev(&u, (const uint8_t *)d + ms, (const uint8_t *)d + s);
			if (prev == NULL || !uc_is_alnum(u))
				return true;
			first_cp(d + ms, e - ms, &n);
			from = ms + n;
		}
	}
	return false;
}

/* Where the headline of the line d[s..e) starts: past leading blanks and a
 * Markdown heading's run of '#' and the blanks after it. */
static size_t
headline_start(const char *d, size_t s, size_t e)
{
	size_t i = s, h;

	while (i < e && blank_byte((unsigned char)d[i]))
		i++;
	h = i;
	while (h < e && d[h] == '#')
		h++;
	if (h > i && (h == e || blank_byte((unsigned char)d[h]))) {
		i = h;
		while (i < e && blank_byte((unsigned char)d[i]))
			i++;
	}
	return i;
}

static bool
blank_line(const char *d, size_t s, size_t e)
{
	for (size_t k = s; k < e; k++)
		if (!blank_byte((unsigned char)d[k]))
			return false;
	return true;
}

static bool
is_headline(const struct article_skip *skip, const char *d, size_t s, size_t e)
{
	return has_words(d, s, e) && !is_modeline(d, s, e) && !is_badges(d, s, e) &&
	    !is_boilerplate(skip, d, s, e);
}

/* Whether d[s..e) is a manual page's header, "LS(1)  User Commands  LS(1)":
 * the same NAME(SECTION) word first and last, two blanks or more after
 * the first, something between. */
static bool
is_man_header(const char *d, size_t s, size_t e)
{
	size_t a = s, b, z = e, y;

	while (a < e && blank_byte((unsigned char)d[a]))
		a++;
	b = a;
	while (b < e && !blank_byte((unsigned char)d[b]))
		b++;
	while (z > b && blank_byte((unsigned char)d[z - 1]))
		z--;
	y = z;
	while (y > b && !blank_byte((unsigned char)d[y - 1]))
		y--;
	if (y <= b || b - a < 4 || b - a != z - y || memcmp(d + a, d + y, b - a) != 0 ||
	    d[b - 1] != ')' || b + 2 > e || !blank_byte((unsigned char)d[b + 1]))
		return false;
	for (size_t k = a + 1; k + 1 < b; k++)
		if (d[k] == '(')
			return d[k + 1] >= '0' && d[k + 1] <= '9';
	return false;
}

/* Whether d[s..e), past blanks and seen through overstrike ("N\bN",
 * "_\bN"), is the word w. */
static bool
plain_is(const char *d, size_t s, size_t e, const char *w)
{
	size_t i = s;

	while (i < e && blank_byte((unsigned char)d[i]))
		i++;
	for (; *w != '\0'; w++) {
		if (i + 2 < e && d[i + 1] == '\b')
			i += 2;
		if (i >= e || d[i] != *w)
			return false;
		i++;
	}
	while (i < e && blank_byte((unsigned char)d[i]))
		i++;
	return i == e;
}

/* The title line of data[0..len) in [*start, *end), its headline from
 * *text; false (all 0) when there is no non-blank line. */
static bool
find_title(const char *data, size_t len, const struct article_skip *skip, size_t *start,
    size_t *end, size_t *text)
{
	size_t i = 0, lim = len < ARTICLE_TITLE_HEAD ? len : ARTICLE_TITLE_HEAD, seen = 0;
	bool first = false, man = false;

	*start = *end = *text = 0;
	if (lim >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < lim && seen < ARTICLE_TITLE_LINES) {
		size_t ls = i, cap = ls + TITLE_LINE_MAX < lim ? ls + TITLE_LINE_MAX : lim;
		const char *nl = memchr(data + ls, '\n', cap - ls);
		size_t le = nl != NULL ? (size_t)(nl - data) : cap, h;

		i = le + 1;
		if (le > ls && data[le - 1] == '\r')
			le--;
		if (blank_line(data, ls, le))
			continue;
		/* A manual page is titled by its NAME line: "ls - list ...". */
		if (seen++ == 0 && is_man_header(data, ls, le)) {
			man = first = true;
			*start = *text = ls;
			*end = le;
			continue;
		}
		if (man && seen == 2 && plain_is(data, ls, le, "NAME"))
			continue;
		h = headline_start(data, ls, le);
		if (is_headline(skip, data, h, le)) {
			*start = ls;
			*end = le;
			*text = h;
			return true;
		}
		if (!first) {
			first = true;
			*start = *text = ls;
			*end = le;
		}
	}
	return first;
}

void
article_title_range(
    const char *data, size_t len, const struct article_skip *skip, size_t *start, size_t *end)
{
	size_t text;

	find_title(data, len, skip, start, end, &text);
}

void
article_find_title(struct article *a, const struct article_skip *skip)
{
	article_title_range(a->data, a->size, skip, &a->title_start, &a->title_end);
}

/* The start of the character that ends s[0..n), n > 0. */
static size_t
last_char(const char *s, size_t n)
{
	size_t k = n - 1;

	while (k > 0 && n - k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return k;
}

/* s[0..*n) without the styles a terminal would act on, in place: SGR
 * sequences ("ESC [ 1 m") are dropped, and an overstrike keeps the
 * character it shows ("N\bN" N, "_\bN" and "N\b_" N).  Any other
 * escape or backspace stays, to be shown as a picture. */
static void
strip_styles(char *s, size_t *n)
{
	size_t i = 0, o = 0, len = *n;

	while (i < len) {
		if (s[i] == '\033' && i + 1 < len && s[i + 1] == '[') {
			size_t j = i + 2;

			while (
			    j < len && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';' || s[j] == ':'))
				j++;
			if (j < len && s[j] == 'm') {
				i = j + 1;
				continue;
			}
		}
		if (s[i] == '\b' && o > 0 && i + 1 < len && s[i + 1] != '\b' &&
		    (unsigned char)s[i + 1] >= 0x20) {
			size_t prev = last_char(s, o), plen = o - prev;
			bool same = i + 1 + plen <= len && memcmp(s + prev, s + i + 1, plen) == 0;

			if (s[i + 1] == '_' && !(plen == 1 && s[prev] == '_')) {
				i += 2; /* "N\b_": the N stays */
				continue;
			}
			if (same || (plen == 1 && s[prev] == '_')) {
				o = prev; /* "N\bN", "_\bN": the second N shows */
				i++;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	*n = o;
}

char *
article_title_of(const char *data, size_t len, const char *path, const struct article_skip *skip)
{
	struct sanbuf sb = { 0 };
	size_t t, s, e, o = 0;
	char *title;
	bool space = false;

	find_title(data, len, skip, &t, &e, &s);
	if (e - s > 1024)
		e = s + 1024;
	if (e > s &&
	    (memchr(data + s, '\b', e - s) != NULL || memchr(data + s, '\033', e - s) != NULL)) {
		size_t n = e - s;
		char *line = xmalloc(n);

		memcpy(line, data + s, n);

		strip_styles(line, &n);
		article_sanitize(line, n, s == 0, &sb);
		free(line);
	} else {
		article_sanitize(data + s, e - s, s == 0, &sb);
	}
	title = xmalloc(sb.len + 1);
	for (size_t i = 0; i < sb.len; i++) {
		char c = sb.text[i];

		if (c == ' ' || c == '\n') {
			space = o > 0;
			continue;
		}
		if (space)
			title[o++] = ' ';
		space = false;
		title[o++] = c;
	}
	/* Cut long titles at a character boundary. */
	if (o > 400) {
		o = 400;
		while (o > 0 && ((unsigned char)title[o] & 0xC0) == 0x80)
			o--;
	}
	title[o] = '\0';
	sanbuf_free(&sb);
	if (o == 0) {
		const char *base = strrchr(path, '/');

		free(title);
		title = article_title_of(base != NULL ? base + 1 : path,
		    strlen(base != NULL ? base + 1 : path), "?", NULL);
	}
	return title;
}
