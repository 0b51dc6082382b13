#!/bin/sh
# A stand-in for a cluster's submit command (sbatch, qsub) for tests/project/test_cluster.py:
# runs a Snakemake jobscript in the background, as its own process, and prints that
# process's PID as the job id.
#
#   submit.sh STATE_DIR RULE JOBSCRIPT
#
# Snakemake (snakemake-executor-plugin-cluster-generic) calls it as
# `--cluster-generic-submit-cmd "sh submit.sh STATE_DIR {rule}"`, adding JOBSCRIPT.
# The job writes its output to STATE_DIR/<pid>.out and, when it ends, its exit code to
# STATE_DIR/<pid>.exit, which status.sh reads. Each submission adds the line
# "<pid> <rule>" to STATE_DIR/submitted.
set -eu
state=$1
rule=$2
jobscript=$3
mkdir -p "$state"
# Output goes to files, not to this script's stdout: Snakemake reads the job id from
# stdout and would otherwise wait for the job to end.
sh -c 'sh "$1" >"$2/$$.out" 2>&1; echo $? >"$2/$$.exit.tmp"; mv "$2/$$.exit.tmp" "$2/$$.exit"' \
    job "$jobscript" "$state" </dev/null >/dev/null 2>&1 &
pid=$!
echo "$pid $rule" >>"$state/submitted"
echo "$pid"
