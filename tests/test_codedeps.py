"""Exact reruns: a job's code inputs are the import closure of what it runs, so editing a
module reruns exactly the jobs whose closure holds it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ap4report.catalog import catalog
from ap4report.codedeps import closure, code_files, module_path
from ap4report.workflow import code

from conftest import PROJECT_ROOT, build_copy, run_snakemake

SRC = PROJECT_ROOT / "src"


def write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "ap4report" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_the_closure_follows_imports_in_functions_and_parent_packages(tmp_path):
    src = write_package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "def f():\n    from ap4report.sub import b\n",
            "sub/__init__.py": "",
            "sub/b.py": "from . import c\nimport json\n",
            "sub/c.py": "",
            "unused.py": "",
        },
    )
    assert code_files("ap4report.a", src) == [
        f"{src}/ap4report/{name}"
        for name in ("__init__.py", "a.py", "sub/__init__.py", "sub/b.py", "sub/c.py")
    ]


def test_a_step_function_needs_only_what_it_and_its_helpers_import(tmp_path):
    src = write_package(
        tmp_path,
        {
            "__init__.py": "",
            "steps.py": """\
                import ap4report.shared
                def helper():
                    from ap4report import helped
                def plot():
                    helper()
                def render():
                    from ap4report import renderer
                """,
            "shared.py": "",
            "helped.py": "",
            "renderer.py": "",
        },
    )
    modules = closure("ap4report.steps:plot", src)
    assert {m.partition(":")[0] for m in modules} == {
        "ap4report",
        "ap4report.steps",
        "ap4report.shared",
        "ap4report.helped",
    }


def test_a_figure_job_does_not_run_the_renderer_and_the_render_job_no_figure():
    figure = code("plot", "ap4report.figures.milex_share")
    assert "src/ap4report/figures/milex_share.py" in figure
    assert not {"src/ap4report/render.py", "src/ap4report/assemble.py"} & set(figure)
    assert not [path for path in code("render_report") if "/figures/" in path]


@pytest.mark.parametrize(
    ("step", "item"),
    [("plot", "ukraine_support"), ("tabulate", "rok_poland_contracts"), ("numbers", None)],
)
def test_what_a_step_imports_when_it_runs_is_among_its_code_inputs(step, item, tmp_path):
    """The ground truth: the package modules a step loads when it runs (in a fresh
    process, beyond those the command line loaded first) are all in its code inputs."""
    script = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from ap4report.cli import run
        before = set(sys.modules)
        run({step!r}, "en", {item!r}, Path({str(tmp_path)!r}))
        print(json.dumps(sorted(m for m in set(sys.modules) - before if m.startswith("ap4"))))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout.splitlines()[-1])
    job = {"plot": "plot", "tabulate": "tabulate", "numbers": "compute_numbers"}[step]
    kind = {"plot": "figures", "tabulate": "tables"}.get(step)
    inputs = code(job, *([f"ap4report.{kind}.{item}"] if kind else []))
    files = {module_path(module, SRC).relative_to(PROJECT_ROOT).as_posix() for module in loaded}
    assert len(files) >= 3
    assert files - set(inputs) == set()


# --- Every module, edited in turn, in a built copy -------------------------------------

JOB = re.compile(
    r"^(?:local)?rule (\w+):\n(.*?)(?=^(?:local)?rule |^\[|^Job stats|\Z)", re.M | re.S
)


def dry_run_jobs(workdir: Path, env: dict, *arguments: str) -> dict[tuple, str]:
    """The jobs a dry run schedules: (rule, wildcards) → reason."""
    result = run_snakemake(workdir, env, "--dry-run", *arguments)
    assert result.returncode == 0, result.stderr[-2000:]
    jobs = {}
    for rule, body in JOB.findall(result.stdout):
        wildcards = re.search(r"^\s+wildcards: (.*)$", body, re.M)
        reason = re.search(r"^\s+reason: (.*)$", body, re.M)
        key = (rule, wildcards.group(1) if wildcards else "")
        jobs[key] = reason.group(1) if reason else ""
    return jobs


def job_code(rule: str, wildcards: str) -> set[str]:
    """The code inputs the workflow gives a job, from ap4report.workflow."""
    values = dict(part.split("=") for part in wildcards.split(", ") if part)
    if rule == "plot":
        return set(code("plot", catalog()["figures"][values["figure"]].module))
    if rule == "tabulate":
        return set(code("tabulate", catalog()["tables"][values["table"]].module))
    return set(code(rule)) if rule != "all" else set()


@pytest.fixture(scope="module")
def built_copies(tmp_path_factory, snakemake_env):
    """Two built copies of the project (the bulletin and its annex, which place every
    figure and table), so that two dry runs can run side by side."""
    first = build_copy(tmp_path_factory, snakemake_env, "reruns")
    second = build_copy(tmp_path_factory, snakemake_env, "reruns-twin")
    return first, second


@pytest.mark.slow
def test_editing_each_module_reruns_exactly_the_jobs_whose_closure_holds_it(
    built_copies, snakemake_env
):
    first, second = built_copies
    every_job = dry_run_jobs(first, snakemake_env, "--forceall")
    modules = sorted(
        path.relative_to(PROJECT_ROOT).as_posix() for path in SRC.glob("ap4report/**/*.py")
    )

    def check(workdir: Path, module: str) -> list[str]:
        path = workdir / module
        original = path.read_bytes()
        try:
            path.write_bytes(original + b"\n# edited\n")
            scheduled = dry_run_jobs(workdir, snakemake_env)
        finally:
            path.write_bytes(original)
        direct = {job for job, reason in scheduled.items() if module in reason}
        expected = {job for job in every_job if module in job_code(*job)}
        problems = []
        # Snakemake names the edited file as the reason unless an upstream job reruns too.
        if not direct <= expected or not expected <= set(scheduled):
            missing, extra = sorted(expected - set(scheduled)), sorted(direct - expected)
            problems.append(f"{module}: not rerun {missing}, rerun for it {extra}")
        # Everything else scheduled only follows from those jobs' new outputs.
        for job, reason in scheduled.items():
            if job not in expected and job[0] != "all" and "updated by another job" not in reason:
                problems.append(f"{module}: {job} scheduled because {reason}")
        return problems

    with ThreadPoolExecutor(max_workers=2) as pool:
        halves = [modules[0::2], modules[1::2]]
        results = pool.map(
            lambda pair: [p for module in pair[1] for p in check(pair[0], module)],
            zip((first, second), halves, strict=True),
        )
        problems = [p for found in results for p in found]
    assert problems == []
    # No job runs the modules that shape the workflow when Snakemake reads it (what they
    # decide reaches the jobs as paths and arguments files), publish (the `all` job, which
    # always runs) and the tools beside the build.
    untracked = {m for m in modules if not any(m in job_code(*job) for job in every_job)}
    machinery = ["__main__", "cli", "codedeps", "catalog", "workflow", "editions", "publish"]
    tools = ["changes", "layout"]
    readers = {m for m in modules if m.startswith("src/ap4report/sources/")}
    assert untracked == {f"src/ap4report/{name}.py" for name in [*machinery, *tools]} | readers


@pytest.mark.parametrize(
    "cached",
    [
        "[1, 2]",
        '{"KEY": {"imports": ["ap4report.x"]}}',
        '{"KEY": {"stamp": "x", "imports": 3}}',
        '{"KEY": [1]}',
    ],
)
def test_a_damaged_import_cache_is_recomputed(tmp_path, cached):
    """.snakemake/ap4report/imports.json edited or damaged: its entries are recomputed,
    never a traceback at the workflow's start."""
    from ap4report.codedeps import ImportCache

    src = write_package(tmp_path / "src", {"__init__.py": "", "a.py": "import ap4report.b\n"})
    write_package(tmp_path / "src", {"b.py": ""})
    path = tmp_path / "imports.json"
    path.write_text(cached.replace("KEY", "k"), encoding="utf-8")
    cache = ImportCache(path)
    file = src / "ap4report" / "a.py"
    assert cache.get("k", file, lambda: {"ap4report.b"}) == {"ap4report.b"}
    cache.save()
    assert json.loads(path.read_text())["k"]["imports"] == ["ap4report.b"]
