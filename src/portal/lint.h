/*
 * lint.h - article checks beyond what rendering needs (`shelf check`).
 */
#ifndef SHELF_LINT_H
#define SHELF_LINT_H

#include <stddef.h>
#include <jansson.h>
#include "diag.h"

/* Checks a properties object: attributes the selfHelpType requires (as
 * the real corpus has them), unknown or misspelt names (with the nearest
 * known name).  `line` is where the block starts. */
void shelf_lint_properties(const json_t *props, shelf_diags *d, const char *file,
                           unsigned line);

/* Checks Markdown text (after split): a `[text]` that ends a line with its
 * `(url)` on the next is no link. */
void shelf_lint_text(const char *text, size_t len, shelf_diags *d, const char *file);

#endif
