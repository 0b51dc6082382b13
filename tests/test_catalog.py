"""The catalog: each figure and table module declares what it reads and where it is
placed; the rules, the documents' floats and the benchmark come from it. Adding a figure
takes its module, its place in the content and its translations (the README's walk)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from ap4report.catalog import CatalogError, catalog, entry, placed, read_entry

from conftest import PROJECT_ROOT, copy_project, run_snakemake, select_editions


def test_every_module_declares_itself_and_the_helpers_are_left_out():
    figures, tables = catalog()["figures"], catalog()["tables"]
    assert "labels" not in figures and len(figures) >= 8 and len(tables) >= 4
    assert placed("report")["figures"] == [
        "milex_share",
        "rok_poland_contracts",
        "summit_representation",
    ]
    # The annex shows every figure and table.
    assert placed("annex") == {"figures": list(figures), "tables": list(tables)}


def test_a_declaration_that_is_not_a_literal_is_refused_with_its_line(tmp_path):
    module = tmp_path / "odd.py"
    module.write_text(
        'DATASETS = ("milex",)\nSETTINGS = ()\nPLACED_IN = tuple(["annex"])\n', encoding="utf-8"
    )
    with pytest.raises(CatalogError, match=r"odd.py:3: PLACED_IN must be a literal tuple"):
        read_entry(module, "figures")
    module.write_text('DATASETS = ("milex",)\nSETTINGS = ()\nPLACED_IN = ("poster",)\n')
    with pytest.raises(CatalogError, match="PLACED_IN names poster"):
        read_entry(module, "figures")
    module.write_text('DATASETS = ("milex",)\n')
    with pytest.raises(CatalogError, match="declare SETTINGS, PLACED_IN"):
        read_entry(module, "figures")


def test_an_unknown_id_is_answered_with_the_closest():
    with pytest.raises(
        CatalogError, match=r"unknown figure 'milex_shares' .did you mean 'milex_share'"
    ):
        entry("figures", "milex_shares")


# --- The README's walk: add a figure in a scratch copy --------------------------------

BLOCK = re.compile(r"^```\w+ (\S+)( \(append\))?\n(.*?)^```$", re.M | re.S)


def readme_walk() -> list[tuple[str, bool, str]]:
    """The files the README's "Adding a figure" section writes: (path, append?, text)."""
    lines = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("## Adding a figure or table") + 1
    fenced, end = False, len(lines)
    for number in range(start, len(lines)):
        fenced ^= lines[number].startswith("```")
        if not fenced and lines[number].startswith("## "):
            end = number
            break
    section = "\n".join(lines[start:end]) + "\n"
    return [(path, bool(append), text) for path, append, text in BLOCK.findall(section)]


def test_the_walk_touches_three_kinds_of_file_and_nothing_else():
    paths = [path for path, _, _ in readme_walk()]
    assert paths == [
        "src/ap4report/figures/milex_growth.py",  # 1. the module
        "content/en/annex.md",  # 2. its place in each language's content
        "content/pl/annex.md",
        "content/pl/figure_milex_growth.po",  # 3. its translations
    ]


@pytest.mark.slow
def test_the_readme_walk_adds_a_figure_to_both_annexes(tmp_path, snakemake_env):
    workdir = copy_project(tmp_path / "project")
    select_editions(workdir, {"languages": ["en", "pl"], "main": True, "briefs": []})
    for path, append, text in readme_walk():
        target = workdir / path
        before = target.read_text(encoding="utf-8") if append else ""
        target.write_text(before + text, encoding="utf-8")
    result = run_snakemake(workdir, snakemake_env)
    assert result.returncode == 0, result.stderr[-3000:]
    for name, caption in (
        ("nato-ap4-annex", "Real change in the AP4 partners' military spending."),
        ("nato-ap4-annex-pl", "Realna zmiana wydatków wojskowych partnerów AP4."),
    ):
        text = " ".join(p.extract_text() for p in PdfReader(workdir / f"reports/{name}.pdf").pages)
        assert caption in " ".join(text.split())
    assert (workdir / "figures/nato-ap4-annex-pl/milex_growth.svg").exists()
    # Only the editions that place it draw it.
    assert not (workdir / "figures/nato-ap4-bulletin/milex_growth.svg").exists()
    alt = (workdir / "results/nato-ap4-annex-pl/figures/milex_growth.json").read_text()
    assert "Największy realny wzrost" in alt
