"""Mistakes an author can fix are reported once, as `file:line: what is wrong`, naming
the edition, without a Python traceback; the published report stays as it was."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import MAIN_EDITION, build_copy, run_snakemake

pytestmark = pytest.mark.slow
BULLETIN = "content/en/report.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory, snakemake_env):
    return build_copy(tmp_path_factory, snakemake_env, "author-errors")


def edited(workdir, path, old, new):
    """Replace `old` (which must be there) by `new` in a file of the copy; return a
    function that puts the file back."""
    target = workdir / path
    original = target.read_text(encoding="utf-8")
    assert old in original, old
    target.write_text(original.replace(old, new, 1), encoding="utf-8")
    return lambda: target.write_text(original, encoding="utf-8")


def line_of(workdir, path, text) -> int:
    lines = (workdir / path).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def failed_build(workdir, env) -> str:
    """Build the bulletin, which must fail; its output (stdout and stderr)."""
    pdf = workdir / f"reports/{MAIN_EDITION}.pdf"
    before = pdf.read_bytes()
    result = run_snakemake(workdir, env)
    assert result.returncode != 0
    assert pdf.read_bytes() == before  # nothing published
    return result.stdout + result.stderr


def assert_reported_once(output: str, message: str) -> None:
    assert output.count(message) == 1, output[-3000:]
    assert "Traceback" not in output
    assert not re.search(r'File ".*/site-packages/|File ".*/ap4report/(?!steps)', output)


CONTENT_MISTAKES = [
    (
        '{{ figure("milex_share",',
        '{{ figure("milex_shares",',
        "unknown figure 'milex_shares' (did you mean 'milex_share'?)",
    ),
    ("{{ n.trade.year }}", "{{ n.trade.yearr }}", "unknown key 'yearr' (did you mean 'year'?)"),
    ("{{ n.trade.year }}", "{{ n.trade.year ", "expected token 'end of print statement'"),
    ("a sign that the Alliance", "a sign that the 32 Alliance", "'32' is typed into the prose"),
]


@pytest.mark.parametrize(("old", "new", "problem"), CONTENT_MISTAKES)
def test_a_mistake_in_the_content_is_reported_once_with_its_line(
    built, snakemake_env, old, new, problem
):
    restore = edited(built, BULLETIN, old, new)
    try:
        line = line_of(built, BULLETIN, new.strip())
        output = failed_build(built, snakemake_env)
    finally:
        restore()
    assert_reported_once(output, f"{MAIN_EDITION}: {BULLETIN}:{line}: {problem}")


def test_a_figure_placed_by_its_module_but_not_by_the_content_fails_the_build(built, snakemake_env):
    module = "src/ap4report/figures/china_trade.py"
    restore = edited(built, module, 'PLACED_IN = ("annex",)', 'PLACED_IN = ("annex", "report")')
    try:
        output = failed_build(built, snakemake_env)
    finally:
        restore()
    assert_reported_once(output, f"{MAIN_EDITION}: {BULLETIN}: figure 'china_trade' is not placed")


def test_a_missing_translation_names_the_line_and_the_catalog(built, snakemake_env):
    catalog = "content/pl/figure_milex_share.po"
    restore = edited(
        built,
        catalog,
        'msgid "NATO guideline: {value}% of GDP"\nmsgstr "Próg NATO: {value}% PKB"\n',
        "",
    )
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "ap4report",
                "run",
                "plot",
                "--edition",
                "pl",
                "--id",
                "milex_share",
            ],
            cwd=built,
            env={**snakemake_env, "PYTHONPATH": str(built / "src")},
            capture_output=True,
            text=True,
        )
    finally:
        restore()
    assert result.returncode == 1
    assert re.search(
        r"^error: src/ap4report/figures/milex_share\.py:\d+: no 'pl' translation for "
        rf"'NATO guideline: {{value}}% of GDP'; add it to {catalog}$",
        result.stderr,
        flags=re.M,
    ), result.stderr
    assert "Traceback" not in result.stderr
