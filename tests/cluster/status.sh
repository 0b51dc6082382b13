#!/bin/sh
# A stand-in for a cluster's status command (sacct, qstat) for tests/project/test_cluster.py:
# prints "running", "success" or "failed" for a job started by submit.sh.
#
#   status.sh STATE_DIR PID
#
# Snakemake calls it as `--cluster-generic-status-cmd "sh status.sh STATE_DIR"`, adding
# the job id (the PID). A job that has written its exit code has ended: 0 is success,
# anything else failure. A job with no exit code is running while its process lives;
# if the process has gone without one, it was killed: failed.
set -eu
state=$1
pid=$2
if [ -f "$state/$pid.exit" ]; then
    if [ "$(cat "$state/$pid.exit")" = 0 ]; then echo success; else echo failed; fi
elif kill -0 "$pid" 2>/dev/null; then
    echo running
elif [ -f "$state/$pid.exit" ]; then
    # The job ended between the two checks above.
    if [ "$(cat "$state/$pid.exit")" = 0 ]; then echo success; else echo failed; fi
else
    echo failed
fi
