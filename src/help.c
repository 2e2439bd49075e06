#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "help.h"
#include "keymap.h"
#include "keys.h"
#include "text.h"
#include "xmalloc.h"

struct text_buf {
	char *buf;
	size_t len, cap;
};

static void
append(struct text_buf *h, const char *s)
{
	size_t n = strlen(s);

	xgrow((void **)&h->buf, &h->cap, h->len + n + 1, 1);
	memcpy(h->buf + h->len, s, n + 1);
	h->len += n;
}

/* The keys that do action a, as the help shows them: "q Q C-c", with the
 * context after keys bound only in one ("Enter (list)"). */
static char *
help_keys(const struct keymap *km, enum action a)
{
	static const enum context shown[] = { CTX_GLOBAL, CTX_LIST, CTX_ARTICLE, CTX_PROMPT,
		CTX_COPY };
	struct text_buf h = { 0 };

	append(&h, "");
	for (size_t c = 0; c < sizeof shown / sizeof shown[0]; c++) {
		size_t n = keymap_keys(km, shown[c], a, NULL, 0);
		int *k = xcalloc(n + 1, sizeof *k);

		keymap_keys(km, shown[c], a, k, n);
		for (size_t i = 0; i < n; i++) {
			char name[KEY_NAME_MAX];

			if (h.len > 0)
				append(&h, " ");
			append(&h, keys_name(k[i], name));
			if (shown[c] != CTX_GLOBAL) {
				append(&h, " (");
				append(&h, context_name(shown[c]));
				append(&h, ")");
			}
		}
		free(k);
	}
	return h.buf;
}

char *
help_text(const struct keymap *km)
{
	/* The keys column is as wide as its widest entry, up to this; a longer
	 * entry puts its description on the next line. */
	enum { KEYS_MAX = 26 };
	struct text_buf h = { 0 };
	char *keys[ACT_COUNT];
	int width = 8;

	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		int w;

		keys[a] = help_keys(km, (enum action)a);
		w = text_width(keys[a], strlen(keys[a]));
		if (w > width && w <= KEYS_MAX)
			width = w;
	}
	append(&h,
	    "folio keys\n\n"
	    "A count typed before a key repeats it or gives it a number: 5j, 30G, 50%.\n"
	    "Keys scroll this help; any other key closes it.  In brackets, the name\n"
	    "of each action for the keys setting of the configuration.\n\n");
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		const char *k = *keys[a] != '\0' ? keys[a] : "(unbound)";
		int w = text_width(k, strlen(k));
		char *line = w <= width
		    ? xasprintf("%s%*s  %s [%s]\n", k, width - w, "", action_help((enum action)a),
			  action_name((enum action)a))
		    : xasprintf("%s\n%*s  %s [%s]\n", k, width, "", action_help((enum action)a),
			  action_name((enum action)a));

		append(&h, line);
		free(line);
		free(keys[a]);
	}
	return h.buf;
}
