#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

static int tap_count;
static int tap_failed;

static void tap_vresult(int cond, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
tap_vresult(int cond, const char *fmt, va_list ap)
{
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

int
tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("# failed at %s:%d\n", file, line);
	return cond;
}

int
tap_is_int(long long got, long long want, const char *file, int line, const char *name)
{
	if (!tap_ok(got == want, file, line, "%s", name))
		printf("#   got: %lld\n#  want: %lld\n", got, want);
	return got == want;
}

int
tap_is_str(const char *got, const char *want, const char *file, int line, const char *name)
{
	int same = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);

	if (!tap_ok(same, file, line, "%s", name))
		printf("#   got: \"%s\"\n#  want: \"%s\"\n", got ? got : "(null)",
		    want ? want : "(null)");
	return same;
}

int
tap_is_mem(const char *got, size_t glen, const char *want, size_t wlen, const char *file, int line,
    const char *name)
{
	int same = glen == wlen && memcmp(got, want, glen) == 0;

	if (!tap_ok(same, file, line, "%s", name))
		printf("#   got: \"%.*s\" (%zu)\n#  want: \"%.*s\" (%zu)\n", (int)glen, got, glen,
		    (int)wlen, want, wlen);
	return same;
}

void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed == 0 ? 0 : 1;
}
