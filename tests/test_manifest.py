"""The build manifest: inputs, outputs and software of a build, byte-identical when rebuilt."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
from importlib import metadata

import pytest
import yaml

from ap4report.datapackage import DataPackage
from ap4report.manifest import KEY_PACKAGES, build_manifest, manifest_text, write_manifest

from conftest import DATA, GOOD_FILES, PROJECT_ROOT, SMALL_PACKAGE

REPORT = {"name": "bulletin", "date": "2026-11-27", "title": "Not recorded"}


@pytest.fixture
def project(tmp_path):
    """A tiny project: a data package with edition and retrieval dates, and two outputs."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    descriptor = copy.deepcopy(SMALL_PACKAGE)
    descriptor["retrieved"] = "2026-01-02"
    descriptor["resources"][0].update(edition="compiled list", retrieved="2026-01-03")
    descriptor["resources"][1]["edition"] = "April 2025 release"  # retrieved: the package's
    (root / "data/datapackage.yaml").write_text(yaml.safe_dump(descriptor), encoding="utf-8")
    for name, text in GOOD_FILES.items():
        (root / "data" / name).write_text(text, encoding="utf-8")
    (root / "reports").mkdir()
    (root / "reports/bulletin.pdf").write_bytes(b"%PDF-1.7 not really\n")
    (root / "results/html").mkdir(parents=True)
    (root / "results/html/bulletin.html").write_text("<main><p>Hi.</p></main>\n")
    return root


def outputs_of(root):
    return [root / "reports/bulletin.pdf", root / "results/html/bulletin.html"]


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_manifest_lists_outputs_inputs_software_and_report(project):
    package = DataPackage.load(project / "data/datapackage.yaml")
    manifest = build_manifest(outputs_of(project), package, report=REPORT, root=project)

    pdf = project / "reports/bulletin.pdf"
    assert manifest["outputs"]["reports/bulletin.pdf"] == {
        "sha256": sha256(pdf),
        "size": pdf.stat().st_size,
    }
    assert set(manifest["outputs"]) == {"reports/bulletin.pdf", "results/html/bulletin.html"}

    countries = manifest["inputs"]["countries"]
    assert countries["path"] == "data/countries.csv"
    assert countries["sha256"] == sha256(project / "data/countries.csv")
    assert countries["size"] == len(GOOD_FILES["countries.csv"].encode())
    assert (countries["edition"], countries["retrieved"]) == ("compiled list", "2026-01-03")
    spending = manifest["inputs"]["spending"]
    assert (spending["edition"], spending["retrieved"]) == ("April 2025 release", "2026-01-02")
    assert manifest["data_package"]["path"] == "data/datapackage.yaml"
    assert manifest["data_package"]["sha256"] == sha256(project / "data/datapackage.yaml")

    assert manifest["python"] == platform.python_version()
    assert set(manifest["packages"]) == set(KEY_PACKAGES)
    assert manifest["packages"]["pandas"] == metadata.version("pandas")
    assert manifest["packages"]["markdown-it-py"] == metadata.version("markdown-it-py")
    assert manifest["report"] == {"name": "bulletin", "date": "2026-11-27"}


def test_key_packages_are_the_pinned_ones():
    assert set(KEY_PACKAGES) == {
        "snakemake",
        "weasyprint",
        "pandas",
        "matplotlib",
        "pandera",
        "jinja2",
        "markdown-it-py",
        "babel",
        "citeproc-py",
    }
    for name in KEY_PACKAGES:
        assert metadata.version(name)


def test_a_package_that_is_not_installed_is_recorded_as_none(project):
    manifest = build_manifest(
        [], project / "data/datapackage.yaml", ("pandas", "no-such-package-xyz"), root=project
    )
    assert manifest["packages"] == {
        "pandas": metadata.version("pandas"),
        "no-such-package-xyz": None,
    }
    assert manifest["outputs"] == {}


def test_identical_builds_give_identical_manifests(project, tmp_path):
    """No clock, no absolute paths: a rebuild, later, elsewhere, writes the same bytes."""
    first = write_manifest(
        tmp_path / "one.json",
        outputs_of(project),
        project / "data/datapackage.yaml",
        report=REPORT,
        root=project,
    )
    moved = shutil.copytree(project, tmp_path / "elsewhere" / "project")
    for path in moved.rglob("*"):
        os.utime(path, (0, 0))  # files written at another time
    second = write_manifest(
        tmp_path / "two.json",
        reversed(outputs_of(moved)),
        moved / "data/datapackage.yaml",
        report=REPORT,
        root=moved,
    )
    text = (tmp_path / "one.json").read_text(encoding="utf-8")
    assert text == (tmp_path / "two.json").read_text(encoding="utf-8")
    assert first == second
    assert json.loads(text) == first
    assert text == json.dumps(first, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert text == manifest_text(first)
    assert str(tmp_path) not in text


def test_a_changed_output_or_input_changes_only_its_own_entry(project):
    package = project / "data/datapackage.yaml"
    before = build_manifest(outputs_of(project), package, report=REPORT, root=project)
    (project / "reports/bulletin.pdf").write_bytes(b"%PDF-1.7 rebuilt\n")
    with (project / "data/spending.csv").open("a", encoding="utf-8") as handle:
        handle.write("JPN,2025,1.40,\n")
    after = build_manifest(outputs_of(project), package, report=REPORT, root=project)

    assert after["outputs"]["reports/bulletin.pdf"] != before["outputs"]["reports/bulletin.pdf"]
    html = "results/html/bulletin.html"
    assert after["outputs"][html] == before["outputs"][html]
    assert after["inputs"]["spending"]["sha256"] != before["inputs"]["spending"]["sha256"]
    assert after["inputs"]["countries"] == before["inputs"]["countries"]


def test_a_folder_stands_for_every_file_in_it(project):
    manifest = build_manifest(
        [project / "results"], project / "data/datapackage.yaml", root=project
    )
    assert list(manifest["outputs"]) == ["results/html/bulletin.html"]


def test_a_missing_output_is_an_error(project):
    with pytest.raises(FileNotFoundError, match=r"not-built\.pdf"):
        build_manifest([project / "reports/not-built.pdf"], project / "data/datapackage.yaml")


def test_the_manifest_cannot_list_itself(project):
    with pytest.raises(ValueError, match="cannot list itself"):
        write_manifest(
            project / "reports/manifest.json",
            [project / "reports"],
            project / "data/datapackage.yaml",
            root=project,
        )
    assert not (project / "reports/manifest.json").exists()


def test_yaml_dates_are_written_as_iso_text(project):
    """An unquoted date in the YAML (a `date` object) still gives a JSON string."""
    path = project / "data/datapackage.yaml"
    descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["retrieved"] = dt.date(2026, 3, 4)
    path.write_text(yaml.safe_dump(descriptor), encoding="utf-8")
    assert "retrieved: 2026-03-04" in path.read_text(encoding="utf-8")  # unquoted

    manifest = build_manifest([], path, report={"name": "x", "date": dt.date(2026, 11, 27)})
    assert manifest["inputs"]["countries"]["retrieved"] == "2026-03-04"
    assert manifest["report"]["date"] == "2026-11-27"
    json.dumps(manifest)


def test_manifest_of_the_project_data_package(package):
    """Every dataset of the real package, with its edition and date from datapackage.yaml."""
    manifest = build_manifest([], package, root=PROJECT_ROOT)
    descriptor = yaml.safe_load((DATA / "datapackage.yaml").read_text(encoding="utf-8"))
    assert set(manifest["inputs"]) == {r["name"] for r in descriptor["resources"]}
    for resource in descriptor["resources"]:
        entry = manifest["inputs"][resource["name"]]
        assert entry["path"] == f"data/{resource['path']}"
        assert entry["sha256"] == sha256(DATA / resource["path"])
        assert entry["edition"] == resource["edition"]
        assert entry["retrieved"] == resource["retrieved"]
