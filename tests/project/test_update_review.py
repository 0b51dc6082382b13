"""The update-and-review path of the README, end to end: a publisher's new release is
fetched from a (local) server, the report is rebuilt, and "what changed" names the new
values, the numbers the prose quotes and the sentences that changed."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from sources.fixtures import (
    SIPRI_URL_PATH,
    Server,
    milex_rows,
    next_edition_rows,
    sipri_workbook,
)

from conftest import build_copy, run_snakemake

pytestmark = pytest.mark.slow


def test_a_new_sipri_release_is_fetched_rebuilt_and_reviewed(
    tmp_path_factory, tmp_path, snakemake_env
):
    workdir = build_copy(tmp_path_factory, snakemake_env, "update")
    before = tmp_path / "before"
    for folder in ("data", "results", "reports"):
        shutil.copytree(workdir / folder, before / folder, symlinks=True)
    environment = {**snakemake_env, "PYTHONPATH": str(workdir / "src")}

    def module(*arguments):
        return subprocess.run(
            [sys.executable, "-m", *arguments],
            cwd=workdir,
            env=environment,
            capture_output=True,
            text=True,
        )

    server = Server()
    try:
        # SIPRI's next edition: one more year, constant prices in 2024 US$.
        workbook = sipri_workbook(
            tmp_path / "new.xlsx", next_edition_rows(milex_rows()), None, 2024, 2025
        )
        server.files[SIPRI_URL_PATH] = workbook.read_bytes()
        fetched = module("ap4report.sources", "fetch", "sipri_milex", "--base-url", server.url)
    finally:
        server.close()
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    assert "sipri_milex: updated" in fetched.stdout

    built = run_snakemake(workdir, snakemake_env)
    assert built.returncode == 0, built.stderr[-3000:]
    changes = module("ap4report.changes", str(before), ".")
    assert changes.returncode == 0, changes.stderr
    report = changes.stdout
    sections = {line for line in report.splitlines() if line.startswith("## ")}
    assert {"## Data", "## Figures and tables", "## Prose"} <= sections, report[:3000]
    assert "`milex`" in report and "2025" in report
    # The numbers the prose quotes move to the new latest year.
    assert "milex.latest_year" in report
