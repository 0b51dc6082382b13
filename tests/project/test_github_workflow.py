"""The GitHub Actions workflow: runs on data updates, builds and tests as the README says,
uploads the report and its manifest, and writes what changed to the job summary."""

from __future__ import annotations

import fnmatch
import re
import subprocess

import pytest
import yaml

from conftest import PROJECT_ROOT

WORKFLOW = PROJECT_ROOT / ".github/workflows/report.yml"
PATHS = [
    "data/**",
    "content/**",
    "src/**",
    "rules/**",
    "Snakefile",
    "config/**",
    "templates/**",
    "style/**",
    "fonts/**",
    "pyproject.toml",
]


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The `on:` mapping; YAML 1.1 reads the bare key `on` as the boolean True."""
    assert ("on" in workflow) != (True in workflow)
    return workflow.get("on", workflow.get(True))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def readme_commands() -> list[str]:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", readme)[:2]


def test_runs_on_push_and_pull_request_for_every_input_of_the_report(workflow):
    on = triggers(workflow)
    for event in ("push", "pull_request"):
        assert set(PATHS) <= set(on[event]["paths"]), event


def test_the_path_filters_name_what_exists_and_miss_nothing_tracked(workflow):
    """Every filter matches a tracked file, and every tracked file but the prose about
    the project (README, LICENSE) and git's own settings is under a filter."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    unfiltered = {"README.md", "LICENSE", ".gitignore", ".gitattributes"}
    for event in ("push", "pull_request"):
        filters = triggers(workflow)[event]["paths"]
        for pattern in filters:
            assert any(fnmatch.fnmatch(path, pattern) for path in tracked), pattern
        missed = [
            path
            for path in tracked
            if path not in unfiltered
            and not path.endswith(".gitkeep")  # keeps an output folder in git
            and not path.startswith(".github/workflows/")
            and not any(fnmatch.fnmatch(path, pattern) for pattern in filters)
        ]
        assert missed == [], event


def test_the_test_job_lints_like_ci(workflow):
    commands = "\n".join(step.get("run", "") for step in steps(workflow))
    for lint in ("snakemake --lint", "snakefmt --check .", "ruff check .", "ruff format --check ."):
        assert lint in commands


def test_jobs_run_on_ubuntu_with_python_311_and_the_full_history(workflow):
    for name, job in workflow["jobs"].items():
        assert job["runs-on"].startswith("ubuntu"), name
        uses = {step.get("uses", "").split("@")[0]: step for step in job["steps"]}
        assert uses["actions/checkout"]["with"]["fetch-depth"] == 0, name
        assert uses["actions/checkout"]["with"]["persist-credentials"] is False, name
        assert str(uses["actions/setup-python"]["with"]["python-version"]) == "3.11", name


def test_runs_the_readme_build_and_test_commands(workflow):
    build, test = readme_commands()
    assert build == "tools/install-system-deps && pip install -e . && snakemake --cores all"
    assert test.startswith("tools/install-system-deps --test && pip install -e '.[test]'")
    commands = [step.get("run", "").strip() for step in steps(workflow)]
    assert build in commands
    assert test in commands


def test_uploads_the_pdf_html_and_manifest(workflow):
    uploads = [
        s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact")
    ]
    assert len(uploads) == 1
    paths = uploads[0]["with"]["path"].split()
    assert "reports/*.pdf" in paths
    assert "reports/manifest.json" in paths
    assert "reports/*.html" in paths  # the web edition
    build_job = next(j for j in workflow["jobs"].values() if uploads[0] in j["steps"])
    before_upload = build_job["steps"][: build_job["steps"].index(uploads[0])]
    assert any("snakemake --cores all" in step.get("run", "") for step in before_upload)


def test_writes_what_changed_since_the_base_revision_to_the_step_summary(workflow):
    summary = [s for s in steps(workflow) if "GITHUB_STEP_SUMMARY" in s.get("run", "")]
    assert len(summary) == 1
    step = summary[0]
    assert 'python -m ap4report.changes --git "$BASE" HEAD' in step["run"]
    assert step["env"]["BASE"] == (
        "${{ github.event.pull_request.base.sha || github.event.before }}"
    )
    assert "!cancelled()" in step["if"]  # also when the build failed
