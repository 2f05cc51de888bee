/* diag.c - diagnostic list and its one formatter; see diag.h. */
#include "diag.h"
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

/* Appends one diagnostic, copying file and message.  0, or -1 on OOM. */
static int
diags_push(shelf_diags *d, shelf_code code, shelf_severity sev, const char *file,
           unsigned line, unsigned col, const char *msg)
{
	shelf_diag *item;

	if (d->n == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 8;
		shelf_diag *nv = realloc(d->v, ncap * sizeof *nv);
		if (nv == NULL)
			return -1;
		d->v = nv;
		d->cap = ncap;
	}
	item = &d->v[d->n];
	item->code = code;
	item->severity = sev;
	item->line = line;
	item->col = col;
	item->file = dup_str(file ? file : "");
	item->message = dup_str(msg);
	item->included_from = NULL;
	if (item->file == NULL || item->message == NULL) {
		free((char *)item->file);
		free((char *)item->message);
		return -1;
	}
	d->n++;
	return 0;
}

static void
count_dropped(shelf_diags *d, shelf_severity sev)
{
	d->dropped++;
	if (sev == SHELF_ERROR)
		d->dropped_errors++;
}

int
shelf_diags_full(shelf_diags *d, shelf_severity sev)
{
	/* the last slot is kept for the note of shelf_diags_finish() */
	if (d->n < (d->max ? d->max : SHELF_MAX_DIAGS) - 1)
		return 0;
	count_dropped(d, sev);
	return 1;
}

void
shelf_diags_add(shelf_diags *d, shelf_code code, shelf_severity sev,
                const char *file, unsigned line, unsigned col,
                const char *fmt, ...)
{
	char msg[4096]; /* a message is one line; long quotes are cut */
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof msg, fmt, ap) >= (int)sizeof msg) {
		/* cut before the last character, which may be incomplete:
		 * JSON and terminals need whole UTF-8 sequences */
		size_t n = sizeof msg - 2;
		while (n > 0 && ((unsigned char)msg[n] & 0xC0) == 0x80)
			n--;
		msg[n] = '\0';
	}
	va_end(ap);
	if (!shelf_diags_full(d, sev) && diags_push(d, code, sev, file, line, col, msg) != 0)
		count_dropped(d, sev);
}

void
shelf_diags_finish(shelf_diags *d)
{
	char msg[256];

	if (d->dropped == 0 || d->noted)
		return;
	snprintf(msg, sizeof msg,
	         "%zu more diagnostics (%zu of them errors) were dropped: at most %zu are kept "
	         "%s; fix the ones shown and run again to see the rest",
	         d->dropped, d->dropped_errors,
	         (d->max ? d->max : (size_t)SHELF_MAX_DIAGS) - 1, d->max ? "in all" : "per file");
	/* the slot was kept free; on OOM the note is lost, not the count */
	diags_push(d, SHELF_W_DIAGS_DROPPED, d->dropped_errors ? SHELF_ERROR : SHELF_WARNING,
	           d->n ? d->v[d->n - 1].file : "", 0, 0, msg);
	d->noted = 1;
}

void
shelf_diags_push(shelf_diags *d, const shelf_diag *s)
{
	size_t n = d->n;

	shelf_diags_add(d, s->code, s->severity, s->file, s->line, s->col, "%s", s->message);
	/* on OOM the diagnostic stays, without its include sites */
	if (d->n > n && s->included_from)
		d->v[n].included_from = dup_str(s->included_from);
}

void
shelf_diags_included(shelf_diags *d, size_t from, const char *file, unsigned line)
{
	size_t i;

	for (i = from; i < d->n; i++) {
		shelf_buf b = SHELF_BUF_INIT;
		char *old = (char *)d->v[i].included_from;
		if (old) {
			shelf_buf_puts(&b, old);
			shelf_buf_putc(&b, '\n');
		}
		shelf_buf_puts(&b, file);
		shelf_buf_putc(&b, ':');
		shelf_buf_putu(&b, line);
		if (b.failed) {
			shelf_buf_free(&b);
			continue; /* keeps the sites it had */
		}
		free(old);
		d->v[i].included_from = shelf_buf_detach(&b);
	}
}

/* Where `d` sits in the article: its own position, or for one raised
 * inside an include the line of the outermost include site, after
 * everything else on that line. */
static void
sort_pos(const shelf_diag *d, unsigned *line, unsigned *col)
{
	const char *last, *colon;

	*line = d->line;
	*col = d->col;
	if (d->included_from == NULL)
		return;
	last = strrchr(d->included_from, '\n');
	last = last ? last + 1 : d->included_from;
	colon = strrchr(last, ':');
	*line = colon ? (unsigned)strtoul(colon + 1, NULL, 10) : 0;
	*col = (unsigned)-1;
}

void
shelf_diags_sort(shelf_diags *d)
{
	size_t i, j;

	/* insertion sort: stable, and lists are short (SHELF_MAX_DIAGS) and
	 * nearly sorted already */
	for (i = 1; i < d->n; i++) {
		shelf_diag tmp = d->v[i];
		unsigned tl, tc, pl, pc;
		sort_pos(&tmp, &tl, &tc);
		for (j = i; j > 0; j--) {
			sort_pos(&d->v[j - 1], &pl, &pc);
			if (!(pl > tl || (pl == tl && pc > tc)))
				break;
			d->v[j] = d->v[j - 1];
		}
		d->v[j] = tmp;
	}
}

size_t
shelf_diags_count(const shelf_diags *d, shelf_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		if (d->v[i].severity == sev)
			n++;
	return n;
}

const shelf_diag *
shelf_diags_get(const shelf_diags *d, size_t i)
{
	return i < d->n ? &d->v[i] : NULL;
}

void
shelf_diags_free(shelf_diags *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		free((char *)d->v[i].file);
		free((char *)d->v[i].message);
		free((char *)d->v[i].included_from);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = d->dropped = d->dropped_errors = 0;
	d->noted = 0;
}

char *
shelf_diag_format(const shelf_diag *d)
{
	shelf_buf b = SHELF_BUF_INIT;
	const char *site = d->included_from;

	/* gcc's form: "In file included from a:3,\n                 from b:12:" */
	while (site && *site) {
		size_t n = strcspn(site, "\n");
		shelf_buf_puts(&b, site == d->included_from ? "In file included from "
		                                            : "                 from ");
		shelf_buf_put(&b, site, n);
		site += n;
		if (*site == '\n')
			site++;
		shelf_buf_puts(&b, *site ? ",\n" : ":\n");
	}
	shelf_buf_puts(&b, d->file && *d->file ? d->file : "<input>");
	/* numbers by hand: a build can print 17,000 of these, and printf's
	 * parsing of the format was most of the cost of each */
	if (d->line) {
		shelf_buf_putc(&b, ':');
		shelf_buf_putu(&b, d->line);
		if (d->col) {
			shelf_buf_putc(&b, ':');
			shelf_buf_putu(&b, d->col);
		}
	}
	shelf_buf_puts(&b, d->severity == SHELF_ERROR ? ": error: " : ": warning: ");
	shelf_buf_puts(&b, d->message ? d->message : "(null)"); /* as printf had it */
	shelf_buf_puts(&b, " [SH");
	/* codes are 1 to 999 (diag.h), written with three digits */
	if ((unsigned)d->code < 100)
		shelf_buf_putc(&b, '0');
	if ((unsigned)d->code < 10)
		shelf_buf_putc(&b, '0');
	shelf_buf_putu(&b, (unsigned)d->code);
	shelf_buf_putc(&b, ']');
	if (b.failed) {
		shelf_buf_free(&b);
		return NULL;
	}
	return shelf_buf_detach(&b);
}

int
shelf_code_is_lint(shelf_code code)
{
	return code >= SHELF_E_PROP_REQUIRED && code <= SHELF_W_PROP_USUAL;
}

void
shelf_free(void *p)
{
	free(p);
}
