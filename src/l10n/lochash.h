/*
 * lochash.h - the source hash a translation records (ms.openlocfilehash).
 */
#ifndef SHELF_LOCHASH_H
#define SHELF_LOCHASH_H

#include <stddef.h>

/* The SHA-1, as 40 lower-case hex digits and a NUL in `hex`, of `text`
 * with every line ending (LF, CRLF or a lone CR) written as CRLF: the
 * hash a Learn translation keeps in ms.openlocfilehash of the source file
 * it was made from. */
void shelf_l10n_source_hash(const char *text, size_t n, char hex[41]);

/* The same with `crlf` 1; with 0, the SHA-1 of the bytes as they are (one
 * hand-off hashed the file as stored). */
void shelf_l10n_hash(const char *text, size_t n, int crlf, char hex[41]);

#endif
