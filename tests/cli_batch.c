/*
 * cli_batch.c - runs many `shelf` command lines in one process.
 *
 *     cli_batch STATUS_FILE SKIP < JOBS
 *
 * Starting a process costs about 160 ms under ASan, more than most renders,
 * so the golden and XSS suites hand their command lines to this program.
 * It is linked with src/main.c itself, compiled with -Dmain=shelf_cli_main:
 * each job runs the very code `shelf` runs, with the same arguments.
 *
 * JOBS holds one job after another, every field ended by a NUL byte:
 * the stdout file, the stderr file, then the arguments after "shelf", then
 * an empty field.  The first SKIP jobs are skipped.  Each job's stdout and
 * stderr (file descriptors 1 and 2, and so a sanitizer report too) go to
 * its files; when it returns, its exit status is appended to STATUS_FILE,
 * one line per job.
 *
 * A job that ends the process (a crash, a sanitizer report, or a call to
 * exit()) leaves no line: the caller takes the process's exit status as
 * that job's and starts again with SKIP past it (tests/golden.sh,
 * tests/xss/xss.sh).  Leaks are reported once, when the process ends, with
 * a non-zero exit status.  Exit status: 0 after the last job, 2 on a bad
 * invocation or job list, 3 on an I/O error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* src/main.c's main(), renamed by the Makefile. */
int shelf_cli_main(int argc, char **argv);

/* Most arguments in one job (golden .args files use about ten). */
#define BATCH_MAX_ARGS 256

/* Longest field: a path or an argument such as a --var value. */
#define BATCH_MAX_FIELD 65536

/* Reads one NUL-ended field from `in` into buf.  Returns its length, or
 * -1 at the end of the input, -2 when the field is cut short or too long. */
static long
read_field(FILE *in, char *buf, size_t size)
{
	size_t n = 0;
	int c;

	while ((c = getc(in)) != EOF) {
		if (c == '\0') {
			buf[n] = '\0';
			return (long)n;
		}
		if (n + 1 >= size)
			return -2;
		buf[n++] = (char)c;
	}
	return n == 0 ? -1 : -2;
}

/* Points descriptor `fd` at a new file `path`.  0, or -1 with errno. */
static int
redirect(int fd, const char *path)
{
	int f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (f < 0)
		return -1;
	if (dup2(f, fd) < 0) {
		close(f);
		return -1;
	}
	close(f);
	return 0;
}

/* Runs one job with argv[0] "shelf".  Returns its exit status, or -1 when
 * its output files cannot be opened. */
static int
run_job(char **args, int nargs, const char *out, const char *err, int saved_out, int saved_err)
{
	char *argv[BATCH_MAX_ARGS + 2];
	char name[] = "shelf";
	int i, rc;

	argv[0] = name;
	for (i = 0; i < nargs; i++)
		argv[i + 1] = args[i];
	argv[nargs + 1] = NULL;
	fflush(stdout);
	fflush(stderr);
	if (redirect(1, out) != 0 || redirect(2, err) != 0) {
		dup2(saved_out, 1);
		dup2(saved_err, 2);
		return -1;
	}
	clearerr(stdout);
	clearerr(stderr);
	/* glibc: 0 makes a later getopt()/getopt_long() start afresh. */
	optind = 0;
	rc = shelf_cli_main(nargs + 1, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	clearerr(stdout);
	return rc;
}

int
main(int argc, char **argv)
{
	char (*fields)[BATCH_MAX_FIELD] = malloc((BATCH_MAX_ARGS + 2) * sizeof *fields);
	char *args[BATCH_MAX_ARGS];
	long skip, job = 0;
	int status_fd, saved_out, saved_err, ret = 0;

	if (argc != 3 || (skip = strtol(argv[2], NULL, 10)) < 0) {
		fprintf(stderr, "usage: cli_batch STATUS_FILE SKIP < JOBS\n");
		return 2;
	}
	status_fd = open(argv[1], O_WRONLY | O_CREAT | O_APPEND, 0644);
	saved_out = dup(1);
	saved_err = dup(2);
	if (fields == NULL || status_fd < 0 || saved_out < 0 || saved_err < 0) {
		fprintf(stderr, "cli_batch: %s: %s\n", argv[1], strerror(errno));
		free(fields);
		return 3;
	}
	for (;;) {
		int n = 0, rc;
		long len = -2;
		char line[32];
		/* stdout file, stderr file, arguments..., "" */
		while (n < BATCH_MAX_ARGS + 2 &&
		       (len = read_field(stdin, fields[n], sizeof fields[n])) > 0)
			n++;
		if (len == -1 && n == 0)
			break;
		if (len != 0 || n < 2) {
			fprintf(stderr, "cli_batch: job %ld: malformed job list\n", job + 1);
			ret = 2;
			break;
		}
		if (job++ < skip)
			continue;
		for (int i = 2; i < n; i++)
			args[i - 2] = fields[i];
		rc = run_job(args, n - 2, fields[0], fields[1], saved_out, saved_err);
		if (rc < 0) {
			fprintf(stderr, "cli_batch: job %ld: cannot write %s or %s: %s\n", job,
			        fields[0], fields[1], strerror(errno));
			ret = 3;
			break;
		}
		snprintf(line, sizeof line, "%d\n", rc);
		if (write(status_fd, line, strlen(line)) != (ssize_t)strlen(line)) {
			ret = 3;
			break;
		}
	}
	free(fields);
	close(status_fd);
	close(saved_out);
	close(saved_err);
	return ret;
}
