"""A hurried data edit must never produce a wrong or corrupt PDF: hostile text stays inert,
a second build is refused while one runs, and a killed build leaves the old PDF whole."""

from __future__ import annotations

import http.server
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


def test_a_second_build_is_refused_while_one_runs(built, snakemake_env):
    edit_content(built, "Second build check.")
    first = start_build(built, snakemake_env)
    try:
        assert wait_for(lambda: any((built / ".snakemake/locks").glob("*"))), "no lock taken"
        second = run_snakemake(built, snakemake_env)
        assert second.returncode != 0
        assert "cannot be locked" in second.stderr
    finally:
        first.communicate(timeout=300)
    assert first.returncode == 0


def test_a_killed_build_leaves_the_published_pdf_whole(built, snakemake_env):
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
    assert len(PdfReader(published).pages) > 5
    assert web.read_bytes() == web_before
    # The kill leaves Snakemake's lock behind; it says so, and --unlock clears it. The next
    # run then rebuilds what the killed one left incomplete (profile: rerun-incomplete).
    refused = run_snakemake(built, snakemake_env)
    assert refused.returncode != 0 and "--unlock" in refused.stderr
    assert run_snakemake(built, snakemake_env, "--unlock").returncode == 0
    result = run_snakemake(built, snakemake_env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Killed build check." in pdf_text(published)
