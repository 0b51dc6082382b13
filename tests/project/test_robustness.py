"""A hurried data edit or a stranger's pull request must never produce a wrong, corrupt or
leaking PDF: hostile text stays inert, hostile content is refused, a second build is refused
while one runs, and a failed or killed build leaves reports/ matching its manifest."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from typing import ClassVar

import pytest
from pypdf import PdfReader

from conftest import MAIN_EDITION, build_copy, run_snakemake

pytestmark = pytest.mark.slow
PDF = f"reports/{MAIN_EDITION}.pdf"


@pytest.fixture(scope="module")
def built(tmp_path_factory, snakemake_env):
    return build_copy(tmp_path_factory, snakemake_env)


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self):  # any request at all is a failure of the test
        RecordingHandler.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), RecordingHandler)
    RecordingHandler.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], RecordingHandler.requests
    server.shutdown()


def pdf_text(path) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(path).pages))


def test_markup_in_the_data_renders_as_inert_text(built, snakemake_env, loopback_server, tmp_path):
    port, requests = loopback_server
    canary = tmp_path / "canary.txt"
    token = uuid.uuid4().hex
    canary.write_text(token, encoding="utf-8")
    hostile = (
        f'<img src="http://127.0.0.1:{port}/img.png"> '
        f'<link rel="attachment" href="file://{canary}"> '
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css"> '
        "<script>alert(1)</script> <style>body{display:none}</style> "
        f"[link](http://127.0.0.1:{port}/md) ![img](http://127.0.0.1:{port}/md.png) "
        "{{ 7*7 }} {% if true %}IF{% endif %}"
    )
    arms = built / "data/rok_poland_arms.csv"
    original = arms.read_text(encoding="utf-8")
    # The supplier column appears in Table 4; quote the value as CSV requires.
    escaped = '"' + hostile.replace('"', '""') + '"'
    arms.write_text(original.replace(",KAI,", f",{escaped},", 1), encoding="utf-8")
    countries = built / "data/countries.csv"
    original_countries = countries.read_text(encoding="utf-8")
    # Country names reach the prose through numbers.json and the figures' labels.
    countries.write_text(
        original_countries.replace("POL,Poland,", f"POL,{escaped},"), encoding="utf-8"
    )
    try:
        result = run_snakemake(built, snakemake_env)
        assert result.returncode == 0, result.stderr[-3000:]
        assert requests == [], f"the renderer fetched {requests}"
        raw = (built / PDF).read_bytes()
        assert token.encode() not in raw
        reader = PdfReader(built / PDF)
        attached = reader.attachments
        assert all(re.fullmatch(r"(figure|table)-\w+\.csv", name) for name in attached), list(
            attached
        )
        assert not any(token.encode() in data for files in attached.values() for data in files)
        text = pdf_text(built / PDF)
        for shown in ("<script>alert(1)</script>", "{{ 7*7 }}", "{% if true %}IF{% endif %}"):
            assert shown in text, f"{shown!r} should appear as text"
        assert "49" not in re.findall(r"\{\{ ?(\d+) ?\}\}", text)
    finally:
        arms.write_text(original, encoding="utf-8")
        countries.write_text(original_countries, encoding="utf-8")


def start_build(workdir, env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--cores", "2"],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for(condition, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def edit_content(workdir, marker: str) -> None:
    content = workdir / "content/en/report.md"
    content.write_text(content.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")


def published_matches_manifest(workdir) -> None:
    """reports/ shows one complete build: every file matches the manifest byte for byte."""
    from ap4report.publish import published_problems

    assert published_problems(workdir / "reports") == []
    manifest = json.loads((workdir / "reports/manifest.json").read_text(encoding="utf-8"))
    published = {p for p in manifest["outputs"] if p.startswith("reports/")}
    for name in published:
        digest = hashlib.sha256((workdir / name).read_bytes()).hexdigest()
        assert digest == manifest["outputs"][name]["sha256"], name


def test_a_second_build_is_refused_while_one_runs(built, snakemake_env):
    """One lock for the whole project: a run that selects other editions is refused too."""
    edit_content(built, "Second build check.")
    log = built / f"logs/{MAIN_EDITION}/render_report.log"
    started = log.stat().st_mtime if log.exists() else 0
    first = start_build(built, snakemake_env)
    try:
        assert wait_for(lambda: log.exists() and log.stat().st_mtime > started), "no render"
        second = run_snakemake(
            built, snakemake_env, "--config", "editions={languages: [pl], briefs: [JPN]}"
        )
        assert second.returncode != 0
        assert "cannot be locked" in second.stderr
    finally:
        first.communicate(timeout=300)
    assert first.returncode == 0
    published_matches_manifest(built)


def test_a_killed_build_leaves_the_published_set_whole(built, snakemake_env):
    published = built / PDF
    web = built / f"reports/{MAIN_EDITION}.html"
    before, web_before = published.read_bytes(), web.read_bytes()
    edit_content(built, "Killed build check.")
    log = built / f"logs/{MAIN_EDITION}/render_report.log"
    started = log.stat().st_mtime if log.exists() else 0
    build = start_build(built, snakemake_env)
    try:
        assert wait_for(lambda: log.exists() and log.stat().st_mtime > started), "no render"
        time.sleep(0.3)  # inside WeasyPrint's layout
    finally:
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate()
    assert published.read_bytes() == before
    assert len(PdfReader(published).pages) >= 3
    assert web.read_bytes() == web_before
    published_matches_manifest(built)
    # The kernel released the project lock with the process: one plain rerun rebuilds what
    # the killed one left incomplete (profile: rerun-incomplete) and publishes.
    result = run_snakemake(built, snakemake_env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Killed build check." in pdf_text(published)
    published_matches_manifest(built)


def test_a_missing_dataset_publishes_nothing_and_a_rerun_heals(built, snakemake_env):
    """A dataset's file missing in an incremental build: nothing new is published; damage
    to reports/ (a deleted link, a stray old copy) is repaired by the next run, which also
    publishes a build that an earlier run could not."""
    footnotes = built / "data/milex_footnotes.csv"
    original = footnotes.read_bytes()
    edit_content(built, "Missing dataset check.")
    footnotes.unlink()
    try:
        result = run_snakemake(built, snakemake_env)
        assert result.returncode != 0
        assert "milex_footnotes.csv" in result.stderr
        published_matches_manifest(built)
    finally:
        footnotes.write_bytes(original)
    (built / f"reports/{MAIN_EDITION}.html").unlink()
    (built / "reports/old-edition.pdf").write_bytes(b"%PDF stale")
    result = run_snakemake(built, snakemake_env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Missing dataset check." in pdf_text(built / PDF)
    assert not (built / "reports/old-edition.pdf").exists()
    published_matches_manifest(built)


def test_a_subset_build_keeps_the_other_editions(built, snakemake_env):
    before = (built / PDF).read_bytes()
    result = run_snakemake(
        built, snakemake_env, "--config", "editions={languages: [en], main: false, briefs: [NZL]}"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((built / "reports/manifest.json").read_text(encoding="utf-8"))
    assert {PDF, "reports/nato-ap4-brief-nzl.pdf"} <= set(manifest["outputs"])
    assert (built / PDF).read_bytes() == before
    published_matches_manifest(built)


@pytest.mark.parametrize("attack", ["attachment", "include"])
def test_hostile_content_is_refused_and_nothing_leaks(built, snakemake_env, attack):
    """`<a rel="attachment" href=".git/config">` and an include of a symlink to a file
    outside content/: the build stops naming the problem; no secret reaches reports/."""
    secret = f"token-{uuid.uuid4().hex}"
    (built / ".git").mkdir(exist_ok=True)
    (built / ".git/config").write_text(f"[http]\n\textraheader = basic {secret}\n")
    content = built / "content/en/report.md"
    original = content.read_text(encoding="utf-8")
    link = built / "content/en/notes.md"
    if attack == "attachment":
        content.write_text(original + '\n<a rel="attachment" href=".git/config">n</a>\n')
        expected = "rel=attachment"
    else:
        link.symlink_to(built / ".git/config")
        content.write_text(original + '\n{% include "notes.md" %}\n')
        expected = "is not inside content/en/"
    try:
        result = run_snakemake(built, snakemake_env)
        assert result.returncode != 0
        assert expected in result.stdout + result.stderr
        assert secret not in result.stdout + result.stderr
        for path in (built / "reports").rglob("*"):
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), path
        published_matches_manifest(built)
    finally:
        content.write_text(original, encoding="utf-8")
        link.unlink(missing_ok=True)
