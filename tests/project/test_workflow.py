"""End to end: Snakemake builds the PDF in a copy of the project; bad data stops it."""

from __future__ import annotations

import csv
import re

import pytest
from pypdf import PdfReader

from conftest import MAIN_EDITION, build_copy, run_snakemake

pytestmark = pytest.mark.slow
PDF = f"reports/{MAIN_EDITION}.pdf"
OUT = f"results/{MAIN_EDITION}"
HTML = f"{OUT}/report.html"
ANNEX = "reports/nato-ap4-annex.pdf"
# The bulletin's run-in heads, in the order of the 2023 PISM Bulletin, then its boxes.
HEADINGS = [
    "Key points",
    "Basis for Cooperation.",
    "Opportunities.",
    "Limitations.",
    "Conclusions.",
    "Recommendations for Poland",
    "Recommended citation:",
    "Sources",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory, snakemake_env):
    return build_copy(tmp_path_factory, snakemake_env)


def pdf_text(path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def parsed_html(workdir, html=HTML):
    from lxml import html as lxml_html

    return lxml_html.parse(str(workdir / html)).getroot()


# The bulletin places three figures; its annex every figure and table.
DOCUMENTS = [
    (HTML, PDF, 3, 0),
    ("results/nato-ap4-annex/report.html", ANNEX, 8, 4),
]


def test_pdf_holds_headings_in_order_and_the_annex_the_table_values(built):
    text = pdf_text(built / PDF)
    positions = [text.find(heading) for heading in HEADINGS]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
    text = pdf_text(built / ANNEX)
    table = built / "results/nato-ap4-annex/tables/milex_comparison.csv"
    with open(table, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert row["country"] in text
        for column in ("share_gdp_pct_base", "share_gdp_pct_latest"):
            assert f"{float(row[column]):.2f}" in text, (row["country"], column)


@pytest.mark.parametrize(("html", "pdf", "figures", "tables"), DOCUMENTS)
def test_every_figure_and_table_is_numbered_referenced_and_resolved(
    built, html, pdf, figures, tables
):
    root = parsed_html(built, html)
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    internal = [a.get("href")[1:] for a in root.xpath("//a[starts-with(@href, '#')]")]
    assert set(internal) <= ids, f"unresolved: {set(internal) - ids}"
    floats = root.xpath("//figure")
    assert len(root.xpath("//figure[@class='figure']")) == figures
    assert len(root.xpath("//figure[@class='table']")) == tables
    for element in floats:
        assert element.get("id") in internal, f"{element.get('id')} is never referenced"
    text = pdf_text(built / pdf)
    assert "Figure 0" not in text and "Table 0" not in text
    for number in range(1, figures + 1):
        assert f"Figure {number}." in text
    assert tables == 0 or f"Table {tables}." in text


@pytest.mark.parametrize(("html", "pdf", "figures", "tables"), DOCUMENTS)
def test_every_figure_has_alt_text_that_states_the_data(built, html, pdf, figures, tables):
    images = parsed_html(built, html).xpath("//figure[@class='figure']/img")
    assert len(images) == figures
    for image in images:
        alt = image.get("alt", "")
        assert len(alt) > 60 and re.search(r"\d", alt), (image.get("src"), alt)


def test_every_cited_source_is_listed_and_linked(built):
    root = parsed_html(built)
    cited = {a.get("href")[1:] for a in root.xpath("//a[@class='citation']")}
    listed = {li.get("id") for li in root.xpath("//ol[@class='references']/li")}
    assert cited and cited == listed
    assert root.xpath("//ol[@class='references']//a[starts-with(@href, 'https://')]")


def test_snakemake_report_builds(built, snakemake_env, tmp_path):
    result = run_snakemake(built, snakemake_env, "--report", str(tmp_path / "report.html"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "report.html").stat().st_size > 100_000


def test_a_no_op_run_runs_nothing_and_damage_to_reports_publishes_again(built, snakemake_env):
    """Nothing to build, nothing to publish: no job runs. Once reports/ no longer shows
    the build the `all` job recorded, the next run publishes it again."""
    assert jobs_in_dry_run(built, snakemake_env) == set()
    (built / f"reports/{MAIN_EDITION}.html").unlink()
    assert jobs_in_dry_run(built, snakemake_env) == {"all"}
    result = run_snakemake(built, snakemake_env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (built / f"reports/{MAIN_EDITION}.html").is_symlink()
    assert jobs_in_dry_run(built, snakemake_env) == set()


def jobs_in_dry_run(workdir, env) -> set[str]:
    """The rules of the jobs a dry run schedules; a figure's or table's with its id."""
    result = run_snakemake(workdir, env, "--dry-run")
    assert result.returncode == 0, result.stderr
    jobs = re.findall(r"^(?:local)?rule (\w+):\n((?:    .*\n)*)", result.stdout, flags=re.M)
    names = set()
    for rule, body in jobs:
        item = re.search(r"(?:figure|table)=(\w+)", body)
        names.add(f"{rule}_{item.group(1)}" if item else rule)
    return names


def test_changing_one_dataset_reruns_only_its_dependants(built, snakemake_env):
    footnotes = built / "data/milex_footnotes.csv"
    original = footnotes.read_text(encoding="utf-8")
    try:
        footnotes.write_text(original.replace("Japan", "Japan ", 1), encoding="utf-8")
        # No figure, table or number reads the footnotes; the report needs validation.
        assert jobs_in_dry_run(built, snakemake_env) == {
            "validate_data",
            "render_report",
            "web_edition",
            "all",
        }
        milex = built / "data/milex.csv"
        milex_original = milex.read_text(encoding="utf-8")
        milex.write_text(
            milex_original + milex_original.splitlines()[1].replace(",2010,", ",2009,") + "\n",
            encoding="utf-8",
        )
        assert jobs_in_dry_run(built, snakemake_env) == {
            "validate_data",
            "plot_milex_share",
            "tabulate_milex_comparison",
            "compute_numbers",
            "render_report",
            "web_edition",
            "all",
        }
        milex.write_text(milex_original, encoding="utf-8")
    finally:
        footnotes.write_text(original, encoding="utf-8")


def test_bad_data_stops_the_build_and_keeps_the_old_pdf(built, snakemake_env):
    pdf = built / PDF
    before = pdf.read_bytes()
    countries = built / "data/countries.csv"
    original = countries.read_text(encoding="utf-8")
    lines = original.splitlines()
    lines[3] = "XQZ" + lines[3][3:]
    countries.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        result = run_snakemake(built, snakemake_env)
        assert result.returncode != 0
        assert "countries.csv, line 4, column \"iso3\": found 'XQZ'" in result.stderr
        assert pdf.read_bytes() == before
    finally:
        countries.write_text(original, encoding="utf-8")


def replace_in(path, old: str, new: str, count: int = -1) -> str:
    """Replace text in a data file; return the original content."""
    original = path.read_text(encoding="utf-8")
    assert old in original, f"{old!r} not in {path.name}"
    path.write_text(original.replace(old, new, count), encoding="utf-8")
    return original


def test_changed_data_changes_the_sentences_and_flips_the_claims(built, snakemake_env):
    """End to end (the flips of every claim are in tests/test_claims.py, without a build): full
    representation at the last two summits, and Japan above the guideline."""
    summits = built / "data/summit_attendance.csv"
    milex = built / "data/milex.csv"
    original_summits = summits.read_text(encoding="utf-8")
    original_milex = milex.read_text(encoding="utf-8")
    before = pdf_text(built / PDF)
    assert "at a Lower Level" in before and "cut against that reading" in before
    assert "only South Korea among the partners spent at least the 2% of GDP" in before
    try:
        lines = original_summits.splitlines()
        for i, line in enumerate(lines):
            if line.startswith(("2024,", "2025,")):
                for level in ("deputy_head_of_government", "senior_official_non_minister"):
                    line = line.replace(f",{level},", ",head_of_government,")
                lines[i] = line.replace(",minister,", ",head_of_government,")
        summits.write_text("\n".join(lines) + "\n", encoding="utf-8")
        japan_2024 = next(
            line
            for line in original_milex.splitlines()
            if line.startswith("JPN,") and ",2024,milex_share_gdp_pct," in line
        )
        replace_in(milex, japan_2024, japan_2024.replace(",1.3", ",2.1", 1), count=1)
        result = run_snakemake(built, snakemake_env)
        assert result.returncode == 0, result.stderr[-3000:]
        after = pdf_text(built / PDF)
        assert "at a Lower Level" not in after and "NATO Intensifies Cooperation" in after
        assert "every summit since 2022 has brought all four leaders" in after
        assert "Japan and South Korea spent at least the 2% of GDP" in after
    finally:
        summits.write_text(original_summits, encoding="utf-8")
        milex.write_text(original_milex, encoding="utf-8")


def test_the_manifest_records_the_published_pdf_and_every_dataset(built):
    import hashlib
    import json

    manifest = json.loads((built / "reports/manifest.json").read_text(encoding="utf-8"))
    pdf = manifest["outputs"][PDF]
    assert pdf["sha256"] == hashlib.sha256((built / PDF).read_bytes()).hexdigest()
    assert any(name.startswith("figures/") for name in manifest["outputs"])
    datasets = {p.stem for p in (built / "data").glob("*.csv")}
    assert datasets <= set(manifest["inputs"])
    assert manifest["packages"]["weasyprint"] == "70.0"
