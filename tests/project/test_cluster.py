"""On a cluster every job runs in its own process: build the workflow that way.

Locally the jobs run as threads of one Snakemake process (profiles/default). Here
snakemake-executor-plugin-cluster-generic hands every job to tests/cluster/submit.sh,
which runs it in the background as a process of its own, as sbatch would on a node;
tests/cluster/status.sh tells Snakemake when it has ended. The build must succeed, publish
the editions, and give the same bytes as a local build: no rule may depend on state that
only one shared process or thread has. The build makes both kinds of edition in both
languages (the report and one brief, in English and Polish), so every rule runs.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT, copy_project, run_snakemake, select_editions

pytestmark = pytest.mark.slow
CLUSTER = PROJECT_ROOT / "tests" / "cluster"
EDITIONS = {"languages": ["en", "pl"], "main": True, "briefs": ["JPN"]}
NAMES = ["nato-ap4-bulletin", "nato-ap4-bulletin-pl", "nato-ap4-brief-jpn", "nato-ap4-brief-jpn-pl"]
PUBLISHED = [f"reports/{name}.{suffix}" for name in NAMES for suffix in ("pdf", "html")]


def run_on_local_cluster(workdir: Path, jobs: Path, env: dict):
    """Build in `workdir`, each job submitted through submit.sh; job records in `jobs`."""
    submit = f"sh {shlex.quote(str(CLUSTER / 'submit.sh'))} {shlex.quote(str(jobs))} {{rule}}"
    status = f"sh {shlex.quote(str(CLUSTER / 'status.sh'))} {shlex.quote(str(jobs))}"
    return run_snakemake(
        workdir,
        env,
        # Not profiles/default: it runs jobs as threads of one process.
        "--workflow-profile",
        "none",
        "--executor",
        "cluster-generic",
        "--cluster-generic-submit-cmd",
        submit,
        "--cluster-generic-status-cmd",
        status,
        "--jobs",
        "2",
        # Snakemake asks for the state of running jobs every 10 s by default, which
        # stretches a build of short jobs to minutes; ask every second.
        "--seconds-between-status-checks",
        "1",
        "--show-failed-logs",
    )


def job_stats(output: str) -> dict[str, int]:
    """The "Job stats" table Snakemake prints before it starts: jobs by rule."""
    table = output.split("Job stats:", 1)[1].split("\n\n", 1)[0]
    counts = dict(re.findall(r"^(\w+)\s+(\d+)$", table, flags=re.M))
    counts.pop("total")
    return {rule: int(count) for rule, count in counts.items()}


def test_every_job_runs_in_its_own_process_and_the_pdf_is_the_same(tmp_path, snakemake_env):
    workdir = copy_project(tmp_path / "cluster-build")
    select_editions(workdir, EDITIONS)
    jobs = tmp_path / "jobs"
    result = run_on_local_cluster(workdir, jobs, snakemake_env)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    for name in PUBLISHED:
        assert (workdir / name).is_file(), f"{name} was not published"

    # Every job but `all` (which runs nothing, in Snakemake itself) was submitted, once,
    # and got a process of its own.
    expected = job_stats(log)
    expected.pop("all")
    submitted = [line.split() for line in (jobs / "submitted").read_text().splitlines()]
    pids = [pid for pid, _ in submitted]
    assert sorted(rule for _, rule in submitted) == sorted(
        rule for rule, count in expected.items() for _ in range(count)
    )
    assert len(set(pids)) == len(pids), f"a process ran more than one job: {submitted}"
    assert set(re.findall(r"external jobid '(\d+)'", log)) == set(pids)
    for pid, rule in submitted:
        # ...in which a Snakemake of its own ran that one job, and it succeeded.
        output = (jobs / f"{pid}.out").read_text(encoding="utf-8")
        assert re.search(rf"^localrule {rule}:$", output, flags=re.M), output[-2000:]
        assert "1 of 1 steps (100%) done" in output, output[-2000:]
        assert (jobs / f"{pid}.exit").read_text().strip() == "0"

    local = copy_project(tmp_path / "local-build")
    select_editions(local, EDITIONS)
    result = run_snakemake(local, snakemake_env)
    assert result.returncode == 0, result.stderr[-3000:]
    for name in PUBLISHED:
        assert (workdir / name).read_bytes() == (local / name).read_bytes(), name
    # The manifest holds the sha256 of every output (figures, tables, HTML) and input.
    manifest = "reports/manifest.json"
    assert (workdir / manifest).read_text() == (local / manifest).read_text()
