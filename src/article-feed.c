#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "article.h"
#include "packed.h"
#include "timing.h"
#include "xmalloc.h"

/* Bytes asked for in one read. */
#define CHUNK (64u << 10)
/* The least room worth reserving when the address space is short. */
#define ROOM_MIN ((size_t)1 << 20)

struct article_feed {
	int fd;            /* the source when reading a pipe or file, else -1 */
	struct packed *pk; /* the source when decoding, else NULL */
	char *base;        /* the reserved room; data points here */
	size_t room;       /* the most bytes the article takes */
	size_t reserved;   /* bytes of address space reserved */
	char *notice;      /* owned; what article->notice shows */
};

/* Reserves address space for up to max bytes, touching none of it, so
 * that data never moves as it grows and only what is filled costs memory. */
static struct article *
grow_new(const char *name, size_t max)
{
	struct article *a = xcalloc(1, sizeof *a);
	struct article_feed *f = xcalloc(1, sizeof *f);
	long page = sysconf(_SC_PAGESIZE);
	size_t room = max == 0 ? ARTICLE_FEED_MAX : max;
	void *m = MAP_FAILED;

	room = (room + (size_t)page - 1) & ~((size_t)page - 1);
	/* Less address space is tried when the system refuses as much, down
	 * to ROOM_MIN; a smaller limit is tried as it is. */
	while ((m = mmap(NULL, room, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)) == MAP_FAILED &&
	    room / 2 >= ROOM_MIN)
		room = (room / 2 + (size_t)page - 1) & ~((size_t)page - 1);
	if (m == MAP_FAILED)
		fatal("cannot reserve memory for a growing article: %s", strerror(errno));
	a->path = xstrdup(name);
	a->fd = -1;
	a->data = m;
	f->base = m;
	f->reserved = room;
	f->room = max != 0 && max < room ? max : room;
	f->fd = -1;
	a->feed = f;
	return a;
}

struct article *
article_from_fd(const char *name, int fd, size_t max)
{
	struct article *a = grow_new(name, max);

	a->feed->fd = fd;
	return a;
}

struct article *
article_from_packed(const char *name, struct packed *p, size_t max)
{
	struct article *a = grow_new(name, max);

	a->feed->pk = p;
	return a;
}

/* Closes the source: the article has every byte it will ever have. */
static void
finish(struct article *a, const char *why)
{
	struct article_feed *f = a->feed;

	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	packed_close(f->pk);
	f->pk = NULL;
	if (why != NULL && f->notice == NULL) {
		f->notice = article_safe_line(why, strlen(why));
		a->notice = f->notice;
	}
	a->complete = true;
}

bool
article_feed_ready(const struct article *a)
{
	struct pollfd pfd;

	if (a->complete || a->feed == NULL)
		return false;
	if (a->feed->pk != NULL)
		return true;
	pfd.fd = a->feed->fd;
	pfd.events = POLLIN;
	return poll(&pfd, 1, 0) > 0;
}

/* One read of at most CHUNK bytes; returns whether to go on. */
static bool
feed_once(struct article *a, bool wait)
{
	struct article_feed *f = a->feed;
	size_t want = f->room - a->size < CHUNK ? f->room - a->size : CHUNK;
	char *at = f->base + a->size;
	ssize_t r;

	if (want == 0) {
		char *why =
		    xasprintf("cut at %zu MiB, the documents.input_max limit", f->room >> 20);

		finish(a, why);
		free(why);
		return false;
	}
	if (f->pk != NULL) {
		r = packed_read(f->pk, at, want);
		if (r < 0) {
			char *why =
			    xasprintf("damaged or truncated: shown up to where it breaks (%s)",
				packed_error(f->pk));

			finish(a, why);
			free(why);
			return false;
		}
	} else {
		struct pollfd pfd = { .fd = f->fd, .events = POLLIN };

		if (poll(&pfd, 1, wait ? -1 : 0) <= 0)
			return wait && errno == EINTR;
		r = read(f->fd, at, want);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			return true;
		if (r < 0) {
			finish(a, strerror(errno));
			return false;
		}
	}
	if (r == 0) {
		finish(a, NULL);
		return false;
	}
	a->size += (size_t)r;
	return true;
}

bool
article_feed_upto(struct article *a, size_t bytes, long budget_us)
{
	long until = timing_now_us() + (budget_us > 0 ? budget_us : 0);
	size_t was = a->size;

	if (a->complete || a->feed == NULL)
		return false;
	while (feed_once(a, budget_us < 0) && a->size < bytes &&
	    (budget_us < 0 || timing_now_us() < until))
		;
	return a->size != was || a->complete;
}

bool
article_feed(struct article *a, long budget_us)
{
	return article_feed_upto(a, SIZE_MAX, budget_us);
}

bool
article_feed_until(struct article *a, size_t size)
{
	size_t was = a->size;

	if (a->complete || a->feed == NULL)
		return false;
	while (a->size < size && feed_once(a, true))
		;
	return a->size != was || a->complete;
}

void
article_feed_close(struct article *a)
{
	struct article_feed *f = a->feed;

	if (f->fd >= 0)
		close(f->fd);
	packed_close(f->pk);
	munmap(f->base, f->reserved);
	free(f->notice);
	free(f);
	a->feed = NULL;
}
