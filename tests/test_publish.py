"""Publishing into reports/: all or nothing, self-healing, one run at a time (issue 14, 1).

These tests publish small fake builds into a scratch folder; project/test_robustness.py
kills and fails real Snakemake builds."""

from __future__ import annotations

import copy
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from ap4report import publish
from ap4report.publish import (
    ProjectLocked,
    heal,
    project_lock,
    publish_build,
    published_problems,
    release_lock,
)

from conftest import GOOD_FILES, PROJECT_ROOT, SMALL_PACKAGE

REPORT = {"name": "b", "date": "2026-11-27"}
EDITIONS = ["a", "b"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A scratch project: a data package, and built files for editions a and b."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data/datapackage.yaml").write_text(
        yaml.safe_dump(copy.deepcopy(SMALL_PACKAGE)), encoding="utf-8"
    )
    for name, text in GOOD_FILES.items():
        (tmp_path / "data" / name).write_text(text, encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports/.gitkeep").write_text("")
    monkeypatch.chdir(tmp_path)
    build("one")
    return tmp_path


def build(version: str, editions=EDITIONS) -> dict[str, str]:
    """Write built files for `editions`; return them as publish_build wants them."""
    published = {}
    for edition in editions:
        for suffix in (".pdf", ".html"):
            built = Path(f"results/{edition}{suffix}")
            built.parent.mkdir(exist_ok=True)
            built.write_text(f"{edition}{suffix} {version}\n", encoding="utf-8")
            published[str(built)] = f"reports/{edition}{suffix}"
    return published


def run_publish(published) -> list[str]:
    return publish_build(published, [], "data/datapackage.yaml", REPORT, EDITIONS)


def shown(name: str) -> str:
    return Path("reports", name).read_text(encoding="utf-8")


def manifest() -> dict:
    return json.loads(Path("reports/manifest.json").read_text(encoding="utf-8"))


def test_a_build_is_published_whole_and_matches_its_manifest(project):
    changed = run_publish(build("one"))
    assert changed == [f"reports/{e}{s}" for e in EDITIONS for s in (".html", ".pdf")]
    assert published_problems() == []
    assert shown("a.pdf") == "a.pdf one\n"
    assert Path("reports/a.pdf").is_symlink()
    assert set(manifest()["outputs"]) == {
        f"reports/{e}{s}" for e in EDITIONS for s in (".pdf", ".html")
    }
    assert run_publish(build("one")) == []  # the same build publishes nothing
    run_publish(build("two"))
    assert shown("b.html") == "b.html two\n" and published_problems() == []
    assert len(list(Path("reports/.builds").iterdir())) == 2  # the current and the one before


def test_a_full_disk_keeps_the_previous_build_and_reports_the_real_error(project, monkeypatch):
    run_publish(build("one"))
    copies = []
    real_copy = shutil.copyfile

    def copy_until_full(source, destination):
        copies.append(source)
        if len(copies) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_copy(source, destination)

    def read_only(*args, **kwargs):
        raise PermissionError(errno.EROFS, "Read-only file system")

    with monkeypatch.context() as patched, pytest.raises(OSError) as raised:
        patched.setattr(shutil, "copyfile", copy_until_full)
        patched.setattr(publish, "_remove", read_only)  # the clean-up fails as well
        run_publish(build("two"))
    assert raised.value.errno == errno.ENOSPC  # not the clean-up's error
    assert any("could not remove" in note for note in raised.value.__notes__)
    assert shown("a.pdf") == "a.pdf one\n" and shown("b.html") == "b.html one\n"
    heal()  # the next run starts by healing, then publishes
    assert published_problems() == []
    run_publish(build("two"))
    assert shown("a.pdf") == "a.pdf two\n" and published_problems() == []


def test_a_missing_built_file_publishes_nothing(project):
    run_publish(build("one"))
    published = build("two")
    Path("results/b.html").unlink()
    with pytest.raises(publish.PublishError, match=r"results/b\.html"):
        run_publish(published)
    assert shown("a.pdf") == "a.pdf one\n" and published_problems() == []


def test_a_subset_build_keeps_the_other_editions(project):
    run_publish(build("one"))
    run_publish(build("two", editions=["a"]))
    assert shown("a.pdf") == "a.pdf two\n" and shown("b.pdf") == "b.pdf one\n"
    assert {"reports/a.pdf", "reports/b.pdf"} <= set(manifest()["outputs"])
    assert published_problems() == []
    # An edition the config can no longer make is dropped.
    publish_build(build("three", ["a"]), [], "data/datapackage.yaml", REPORT, ["a"])
    assert not Path("reports/b.pdf").exists() and published_problems() == []


@pytest.mark.parametrize(
    "damage",
    ["delete a link", "a stray file", "a regular file over a link", "edit the current build"],
)
def test_heal_repairs_what_does_not_match_the_manifest(project, damage):
    run_publish(build("one"))
    run_publish(build("two"))
    if damage == "delete a link":
        Path("reports/a.pdf").unlink()
    elif damage == "a stray file":
        Path("reports/old.pdf").write_text("stale")
    elif damage == "a regular file over a link":
        Path("reports/a.pdf").unlink()
        Path("reports/a.pdf").write_text("a.pdf zero\n")
    else:
        Path("reports/current/a.pdf").write_text("tampered\n")
    assert published_problems()
    assert heal()
    assert published_problems() == []
    # A damaged current build gives way to the whole previous one, never to a mix.
    expected = "one" if damage == "edit the current build" else "two"
    assert shown("a.pdf") == f"a.pdf {expected}\n" and shown("b.pdf") == f"b.pdf {expected}\n"


def test_a_legacy_or_mixed_reports_folder_is_cleared(project):
    Path("reports/a.pdf").write_text("new")
    Path("reports/manifest.json").write_text("{}")
    heal()
    assert sorted(p.name for p in Path("reports").iterdir()) == [".gitkeep"]
    run_publish(build("one"))
    assert published_problems() == []


KILL_POINTS = {
    # (function to wrap, call on which to die)
    "while copying": ("shutil.copyfile", 2),
    "after the build folder is renamed": ("os.rename", 1),
    "after current is switched": ("publish._sync_folder", 2),
    "with the new link to current not yet renamed": ("os.replace", 1),
}


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_kill_at_any_point_then_one_heal_leaves_a_whole_build(project, point):
    run_publish(build("one"))
    build("two")
    target, call = KILL_POINTS[point]
    module, name = target.rsplit(".", 1)
    script = textwrap.dedent(
        f"""
        import os, shutil, signal
        from ap4report import publish
        target = {{"shutil": shutil, "os": os, "publish": publish}}[{module!r}]
        real, calls = getattr(target, {name!r}), []
        def dying(*args, **kwargs):
            calls.append(1)
            if len(calls) == {call}:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        setattr(target, {name!r}, dying)
        published = {{f"results/{{e}}{{s}}": f"reports/{{e}}{{s}}"
                     for e in "ab" for s in (".pdf", ".html")}}
        publish.publish_build(published, [], "data/datapackage.yaml", {REPORT!r}, ["a", "b"])
        """
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True)
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()[-2000:]
    versions = {shown(f"{e}{s}").split()[1] for e in "ab" for s in (".pdf", ".html")}
    assert len(versions) == 1, "readers saw a mix of two builds"
    heal()
    assert published_problems() == []
    run_publish(build("two"))
    assert shown("a.pdf") == "a.pdf two\n" and published_problems() == []


def test_one_lock_for_the_whole_project_released_by_a_kill(tmp_path):
    lock = tmp_path / "project.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from ap4report.publish import project_lock; import time; "
            f"project_lock({str(lock)!r}); print('locked', flush=True); time.sleep(60)",
        ],
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(ProjectLocked, match="cannot be locked"):
            project_lock(lock)
    finally:
        holder.kill()
        holder.wait()
    project_lock(lock)  # the kill released it
    release_lock(lock)


def test_leftovers_of_a_cut_short_publish_are_removed_and_the_fallback_kept(project):
    run_publish(build("one"))
    run_publish(build("two"))
    leftover = Path("reports/.builds/.0123.999.tmp")
    leftover.mkdir()
    (leftover / "a.pdf").write_text("half")
    assert any("left over" in problem for problem in published_problems())
    heal()
    assert not leftover.exists() and published_problems() == []
    assert len(list(Path("reports/.builds").iterdir())) == 2  # the current and the one before


def test_current_must_point_into_the_builds_folder(project, tmp_path):
    run_publish(build("one"))
    elsewhere = Path("elsewhere")
    shutil.copytree(Path("reports/current").resolve(), elsewhere)
    Path("reports/current").unlink()
    Path("reports/current").symlink_to(elsewhere.resolve())
    assert published_problems()
    heal()
    assert published_problems() == [] and shown("a.pdf") == "a.pdf one\n"


def test_the_published_record_replaces_a_link_rather_than_following_it(tmp_path):
    """results/published.json committed as a link (results/ is git-ignored, but a pull
    request can add it): writing the record replaces the link, never writes its target."""
    (tmp_path / "reports").mkdir()
    record = tmp_path / "results" / "published.json"
    record.parent.mkdir()
    target = tmp_path / "outside" / "written.txt"
    target.parent.mkdir()
    os.symlink(target, record)  # dangling: `forget_publication_unless_shown` keeps it
    assert not publish.forget_publication_unless_shown(record, tmp_path / "reports")
    publish.write_published_record(record, tmp_path / "reports")
    assert not target.exists()
    assert not record.is_symlink()
    assert json.loads(record.read_text()) == {"build": None}
