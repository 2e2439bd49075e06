/* keymap.h - which action a key does in a context.
 *
 * A keymap starts from default_bindings and can be changed binding by
 * binding (the configuration does this).  Binding a key to ACT_NONE in a
 * context unbinds it there, hiding any global binding of the same key.
 */
#ifndef FOLIO_KEYMAP_H
#define FOLIO_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"

struct keymap;

/* A keymap holding the default bindings. */
struct keymap *keymap_create(void);
void keymap_free(struct keymap *km);

/* Binds key to action in context, replacing what it did there. */
void keymap_bind(struct keymap *km, enum context ctx, int key, enum action action);

/* The action of key in ctx, falling back to CTX_GLOBAL (but for the prompt
 * and copy contexts, which stand alone); ACT_NONE when the
 * key does nothing. */
enum action keymap_lookup(const struct keymap *km, enum context ctx, int key);

/* Calls fn for every binding, context by context in CONTEXTS order and
 * within a context in the order the keys were first bound. */
void keymap_each(const struct keymap *km,
    void (*fn)(enum context ctx, int key, enum action action, void *arg), void *arg);

/* Stores up to max keys that do action in ctx itself (not through the
 * global fallback), first bound first; returns how many there are. */
size_t keymap_keys(
    const struct keymap *km, enum context ctx, enum action action, int *keys, size_t max);

#endif
