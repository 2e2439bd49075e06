#include "config.h"

#include <stdlib.h>

#include "keymap.h"
#include "keys.h"
#include "xmalloc.h"

struct bound {
	int key;
	enum action action;
};

struct keymap {
	struct bound *v[CTX_COUNT];
	size_t n[CTX_COUNT];
	size_t cap[CTX_COUNT];
};

struct keymap *
keymap_create(void)
{
	struct keymap *km = xcalloc(1, sizeof *km);

	for (size_t i = 0; i < default_bindings_count; i++) {
		const struct binding *b = &default_bindings[i];
		int key = keys_parse(b->key);

		if (key == FK_NONE)
			fatal("internal error: bad default key name %s", b->key);
		keymap_bind(km, b->context, key, b->action);
	}
	return km;
}

void
keymap_free(struct keymap *km)
{
	if (km == NULL)
		return;
	for (int c = 0; c < CTX_COUNT; c++)
		free(km->v[c]);
	free(km);
}

static struct bound *
find(const struct keymap *km, enum context ctx, int key)
{
	for (size_t i = 0; i < km->n[ctx]; i++)
		if (km->v[ctx][i].key == key)
			return &km->v[ctx][i];
	return NULL;
}

void
keymap_bind(struct keymap *km, enum context ctx, int key, enum action action)
{
	struct bound *b = find(km, ctx, key);

	if (b == NULL) {
		xgrow((void **)&km->v[ctx], &km->cap[ctx], km->n[ctx] + 1, sizeof *km->v[ctx]);
		b = &km->v[ctx][km->n[ctx]++];
		b->key = key;
	}
	b->action = action;
}

enum action
keymap_lookup(const struct keymap *km, enum context ctx, int key)
{
	const struct bound *b = find(km, ctx, key);

	if (b == NULL && ctx != CTX_GLOBAL && ctx != CTX_PROMPT && ctx != CTX_COPY)
		b = find(km, CTX_GLOBAL, key);
	return b != NULL ? b->action : ACT_NONE;
}

void
keymap_each(const struct keymap *km,
    void (*fn)(enum context ctx, int key, enum action action, void *arg), void *arg)
{
	for (int c = 0; c < CTX_COUNT; c++)
		for (size_t i = 0; i < km->n[c]; i++)
			fn((enum context)c, km->v[c][i].key, km->v[c][i].action, arg);
}

size_t
keymap_keys(const struct keymap *km, enum context ctx, enum action action, int *keys, size_t max)
{
	size_t count = 0;

	for (size_t i = 0; i < km->n[ctx]; i++)
		if (km->v[ctx][i].action == action) {
			if (count < max)
				keys[count] = km->v[ctx][i].key;
			count++;
		}
	return count;
}
