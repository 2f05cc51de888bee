#!/bin/sh
# tests/batch.sh CLI_BATCH JOBS STATUS COUNT
#
# Runs the COUNT jobs of the file JOBS through CLI_BATCH (tests/cli_batch.c)
# until STATUS holds COUNT exit statuses, one line per job.  A job that
# ends the process (crash, sanitizer report, exit()) gets the process's
# exit status, and a new process goes on after it.  CLI_BATCH's own
# standard error goes to STATUS.err.  SHELF_WRAP (valgrind) is put in front.
# Exits 0 when the last process ended cleanly (status 0, nothing on its
# standard error: e.g. no leak report), else 1.
set -u
batch=$1 jobs=$2 status=$3 count=$4
: >"$status"
done=0
rc=0
while [ "$done" -lt "$count" ]; do
	${SHELF_WRAP:-} "$batch" "$status" "$done" <"$jobs" 2>"$status.err"
	rc=$?
	done=$(wc -l <"$status")
	if [ "$done" -lt "$count" ]; then
		echo "$rc" >>"$status"
		done=$((done + 1))
		rc=0
	fi
done
[ "$rc" -eq 0 ] && [ ! -s "$status.err" ]
