/*
 * read.h - stage 1: read an article and normalise its text.
 *
 * After reading, text is UTF-8 without BOM, with LF line ends only, no NUL
 * bytes and no C0 controls but TAB and LF; every fault is a diagnostic
 * with the line and column of the original file.
 */
#ifndef SHELF_READ_H
#define SHELF_READ_H

#include <stddef.h>
#include <sys/stat.h>
#include "diag.h"

/* Largest article accepted: 8 MiB.  The largest real troubleshooting
 * article we know is under 200 KiB; cmark-gfm has super-linear corners, so
 * a hard ceiling keeps one hostile file from stalling a whole build. */
#define SHELF_MAX_FILE_BYTES ((size_t)8 * 1024 * 1024)

/* At most this many encoding warnings per file: a binary file would
 * otherwise produce one per line. */
#define SHELF_MAX_ENCODING_WARNINGS 20

/* Reads `path` whole, refusing files over `max` bytes (SHELF_E_TOO_LARGE)
 * without reading them.  Returns malloc'd bytes (NUL-terminated, *len set)
 * or NULL after adding a diagnostic (SHELF_E_IO) named after `shown`. */
char *shelf_file_slurp(const char *path, size_t max, size_t *len,
                       shelf_diags *d, const char *shown);
/* shelf_file_slurp(), filling *st (when not NULL) with the fstat of the
 * file opened. */
char *shelf_file_slurp_st(const char *path, size_t max, size_t *len,
                          shelf_diags *d, const char *shown, struct stat *st);

/* Fills `in` with what shelf_options.on_input is told of `path`: its
 * bytes data[0..len) and *st, the fstat taken when it was read. */
void shelf_input_make(shelf_input *in, const char *path, const char *data, size_t len,
                      const struct stat *st);

/* Normalises raw bytes into article text: drops up to two leading UTF-8
 * BOMs, turns CRLF and lone CR into LF, replaces each maximal invalid UTF-8
 * subsequence, each NUL and each C0 control other than TAB/LF/FF by U+FFFD
 * (one warning per line, with its column).  Returns malloc'd text
 * (NUL-terminated, *len set) or NULL on OOM. */
char *shelf_text_normalize(const char *raw, size_t n, size_t *len,
                           shelf_diags *d, const char *file);

/* Length of the valid UTF-8 sequence at s[0..n) (1-4), or 0 if invalid. */
size_t shelf_utf8_valid_len(const unsigned char *s, size_t n);

/* 1 when the n bytes at s are all valid UTF-8 (NUL included), else 0:
 * ASCII skipped eight bytes at a time, each other sequence checked by
 * shelf_utf8_valid_len(). */
int shelf_utf8_valid(const char *s, size_t n);

#endif
