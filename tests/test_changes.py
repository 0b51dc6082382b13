"""What changed: data values by dataset, key and column; figures, tables, numbers, prose."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess

import pytest
import yaml

from ap4report.changes import (
    compare_builds,
    compare_revisions,
    diff_sentences,
    main,
    prose_sentences,
    split_sentences,
)

from conftest import DATA

# The outputs of the default edition in a build folder.
OUT = "results/nato-ap4-bulletin"

PACKAGE = {
    "name": "mini",
    "retrieved": "2026-01-01",
    "resources": [
        {
            "name": "countries",
            "title": "Countries",
            "path": "countries.csv",
            "edition": "2025 list",
            "retrieved": "2026-01-01",
            "schema": {
                "fields": [
                    {"name": "name", "type": "string"},
                    {"name": "iso3", "type": "string"},
                    {"name": "group", "type": "string"},
                ],
                # The key is not the first column: rows must be matched on it anyway.
                "primaryKey": "iso3",
            },
        },
        {
            "name": "spending",
            "title": "Military spending",
            "path": "spending.csv",
            "edition": "April 2025 release",
            "retrieved": "2026-01-01",
            "schema": {
                "fields": [
                    {"name": "iso3", "type": "string"},
                    {"name": "year", "type": "year"},
                    {"name": "share_gdp_pct", "type": "number"},
                    {"name": "note", "type": "string"},
                ],
                "primaryKey": ["iso3", "year"],
            },
        },
    ],
}
COUNTRIES = "name,iso3,group\nPoland,POL,NATO member\nJapan,JPN,AP4 partner\n"
SPENDING = (
    "iso3,year,share_gdp_pct,note\nPOL,2023,3.83,\nPOL,2024,4.15,\nJPN,2023,1.19,\nJPN,2024,1.37,\n"
)
NUMBERS = {"milex": {"latest_year": 2024, "share": {"POL": 4.15, "JPN": 1.37}}}
FIGURE = "year,Poland,Japan\n2023,3.83,1.19\n2024,4.15,1.37\n"
TABLE = "iso3,country,share_latest\nPOL,Poland,4.15\nJPN,Japan,1.37\n"
SENTENCES = [
    "Poland spent 4.15% of GDP in 2024.",
    "Japan spent 1.37%, less than the 2% guideline.",
    "Both raised their spending.",
]


def html(sentences, heading="Spending") -> str:
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    return (
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
        f"<header><p>Not prose.</p></header><main><h2>{heading}</h2>{paragraphs}</main>"
        "<section><p>Appendix, not compared.</p></section></body></html>"
    )


def write_build(
    root,
    *,
    package=None,
    files=None,
    numbers=None,
    figure=FIGURE,
    table=TABLE,
    sentences=SENTENCES,
    manifest=None,
):
    """A build folder: data/ with the package, and the outputs of a build in results/."""
    files = {"countries.csv": COUNTRIES, "spending.csv": SPENDING, **(files or {})}
    (root / "data").mkdir(parents=True)
    (root / "data/datapackage.yaml").write_text(
        yaml.safe_dump(package or PACKAGE, sort_keys=False), encoding="utf-8"
    )
    for name, text in files.items():
        if text is not None:
            (root / "data" / name).write_text(text, encoding="utf-8")
    for folder in (f"{OUT}/figures", f"{OUT}/tables", "reports"):
        (root / folder).mkdir(parents=True)
    (root / f"{OUT}/numbers.json").write_text(json.dumps(numbers or NUMBERS), encoding="utf-8")
    (root / f"{OUT}/figures/milex_share.csv").write_text(figure, encoding="utf-8")
    (root / f"{OUT}/figures/milex_share.json").write_text('{"alt": "A chart."}')
    (root / f"{OUT}/figures/map.csv").write_text("iso3,fill\nPOL,#000\n", encoding="utf-8")
    (root / f"{OUT}/tables/milex_comparison.csv").write_text(table, encoding="utf-8")
    (root / f"{OUT}/report.html").write_text(html(sentences), encoding="utf-8")
    if manifest is not None:
        (root / "reports/manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return root


@pytest.fixture
def old(tmp_path):
    return write_build(tmp_path / "old")


def test_changed_value_added_row_figure_table_and_sentence(old, tmp_path):
    new = write_build(
        tmp_path / "new",
        files={"spending.csv": SPENDING.replace("4.15", "4.48") + "JPN,2025,1.60,\n"},
        numbers={"milex": {"latest_year": 2025, "share": {"POL": 4.48, "JPN": 1.6}}},
        figure=FIGURE.replace("4.15", "4.48"),
        table=TABLE.replace("4.15", "4.48"),
        sentences=[SENTENCES[0].replace("4.15", "4.48"), *SENTENCES[1:]],
    )
    markdown = compare_builds(old, new)

    data = markdown.split("## Data")[1].split("\n## ")[0]
    assert "### `spending`: Military spending" in data
    assert "key: `iso3`, `year`" in data
    assert "| iso3 | year | column | old | new |" in data
    assert "| `POL` | `2024` | `share_gdp_pct` | `4.15` | `4.48` |" in data
    assert "Rows added (1), by iso3, year:" in data
    assert "| `JPN` | `2025` |" in data
    assert "countries" not in data  # unchanged datasets are not mentioned

    assert "| `milex.latest_year` | `2024` | `2025` |" in markdown
    assert "| `milex.share.POL` | `4.15` | `4.48` |" in markdown

    figures = markdown.split("## Figures and tables")[1].split("\n## ")[0]
    assert "- Figures changed (1): `milex_share` (1 value changed)" in figures
    assert "`map`" not in figures
    assert "- Tables changed (1): `milex_comparison`" in figures
    assert "### Table `milex_comparison`" in figures
    assert "| `POL` | `share_latest` | `4.15` | `4.48` |" in figures

    prose = markdown.split("## Prose")[1]
    assert "- Poland spent 4.15% of GDP in 2024.\n+ Poland spent 4.48% of GDP in 2024." in prose
    assert "@@ Spending @@" in prose
    assert "Japan spent" not in prose  # unchanged sentences are not repeated
    assert "No changes." not in markdown


def test_identical_builds_report_no_changes(old, tmp_path, capsys):
    copy_ = shutil.copytree(old, tmp_path / "copy")
    markdown = compare_builds(old, copy_)
    assert markdown.startswith("# What changed\n")
    assert markdown.rstrip().endswith("No changes.")
    assert "##" not in markdown

    assert main([str(old), str(copy_), "--exit-code"]) == 0
    assert capsys.readouterr().out == markdown


def test_rows_are_matched_on_the_primary_key_of_datapackage_yaml(old, tmp_path):
    """Reordered rows are not changes; the key (iso3, not the first column) finds the row."""
    reordered = "name,iso3,group\nJapan,JPN,AP4 partner\nPoland,POL,NATO member (founding)\n"
    new = write_build(tmp_path / "new", files={"countries.csv": reordered})
    markdown = compare_builds(old, new)
    assert "key: `iso3` · 1 value changed" in markdown
    assert "| iso3 | column | old | new |" in markdown
    assert "| `POL` | `group` | `NATO member` | `NATO member (founding)` |" in markdown
    assert "Rows added" not in markdown and "Rows removed" not in markdown


def test_removed_rows_and_long_lists_are_capped(old, tmp_path):
    rows = "".join(f"KOR,{year},2.5,\n" for year in range(2000, 2012))
    header_and_first = "iso3,year,share_gdp_pct,note\nPOL,2023,3.83,\n"
    new = write_build(tmp_path / "new", files={"spending.csv": header_and_first + rows})
    markdown = compare_builds(old, new, limit=5)
    assert "12 rows added, 3 rows removed" in markdown
    assert "Rows added (12), by iso3, year:" in markdown
    assert "| `KOR` | `2004` |" in markdown
    assert "`2005`" not in markdown
    assert "… and 7 more rows added." in markdown
    assert "Rows removed (3), by iso3, year:" in markdown
    assert "| `JPN` | `2024` |" in markdown


def test_dataset_added_and_removed(old, tmp_path):
    package = copy.deepcopy(PACKAGE)
    del package["resources"][0]
    package["resources"].append(
        {
            "name": "regions",
            "path": "regions.csv",
            "schema": {"fields": [{"name": "region"}], "primaryKey": ["region"]},
        }
    )
    new = write_build(
        tmp_path / "new",
        package=package,
        files={"countries.csv": None, "regions.csv": "region\nEurope\nAsia\n"},
    )
    markdown = compare_builds(old, new)
    assert "- Datasets added (1): `regions`" in markdown
    assert "- Datasets removed (1): `countries`" in markdown
    assert "Dataset added: `data/regions.csv`, 2 rows; columns `region`." in markdown
    assert "Dataset removed: `data/countries.csv`, 2 rows" in markdown


def test_column_added_and_removed_and_metadata_changed(old, tmp_path):
    package = copy.deepcopy(PACKAGE)
    spending = package["resources"][1]
    spending["edition"] = "April 2026 release"
    spending["schema"]["fields"][3] = {"name": "source", "type": "string"}
    new = write_build(
        tmp_path / "new",
        package=package,
        files={"spending.csv": SPENDING.replace("note", "source").replace(",\n", ",SIPRI\n")},
    )
    markdown = compare_builds(old, new)
    assert "- edition: `April 2025 release` → `April 2026 release`" in markdown
    assert "- schema: field `source` added (string)" in markdown
    assert "- schema: field `note` removed" in markdown
    assert "Columns added: `source`." in markdown
    assert "Columns removed: `note`." in markdown
    assert "1 column added, 1 column removed" in markdown
    assert "| `POL` | `2024` |" not in markdown  # no value of a common column changed


def test_values_are_escaped_for_markdown_tables(old, tmp_path):
    new = write_build(
        tmp_path / "new",
        files={"spending.csv": SPENDING.replace("POL,2024,4.15,", 'POL,2024,4.15,"a|b `c`"')},
    )
    markdown = compare_builds(old, new)
    assert "| `POL` | `2024` | `note` | *(empty)* | `` a\\|b `c` `` |" in markdown


def test_build_manifests_show_software_and_output_changes(tmp_path):
    manifest = {
        "report": {"name": "bulletin", "date": "2026-11-27"},
        "python": "3.11.7",
        "packages": {"weasyprint": "70.0", "pandas": "3.1.1"},
        "outputs": {"reports/bulletin.pdf": {"sha256": "aa", "size": 1}},
    }
    newer = copy.deepcopy(manifest)
    newer["packages"]["weasyprint"] = "71.0"
    newer["outputs"]["reports/bulletin.pdf"]["sha256"] = "bb"
    old = write_build(tmp_path / "old", manifest=manifest)
    new = write_build(tmp_path / "new", manifest=newer)
    markdown = compare_builds(old, new)
    assert "## Build" in markdown
    assert "- `weasyprint`: `70.0` → `71.0`" in markdown
    assert "- Output files changed: `reports/bulletin.pdf`" in markdown
    assert "pandas" not in markdown


def test_cli_writes_the_markdown_to_a_file(old, tmp_path):
    new = write_build(tmp_path / "new", figure=FIGURE + "2025,4.7,1.5\n")
    output = tmp_path / "changes.md"
    assert main([str(old), str(new), "--output", str(output), "--exit-code"]) == 1
    text = output.read_text(encoding="utf-8")
    assert "- Figures changed (1): `milex_share` (1 row added)" in text
    assert "<details><summary>Figure <code>milex_share</code>: 1 row added</summary>" in text


def test_cli_rejects_missing_arguments_and_folders(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main([str(tmp_path)])
    assert main([str(tmp_path / "missing"), str(tmp_path)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_real_data_package_keys(tmp_path):
    """The project's own datasets, one SIPRI value changed: found by (iso3, year, indicator)."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(DATA, old / "data")
    shutil.copytree(DATA, new / "data")
    milex = new / "data/milex.csv"
    lines = milex.read_text(encoding="utf-8").splitlines(keepends=True)
    number, line = next(
        (i, x) for i, x in enumerate(lines) if x.startswith("AUS,Australia,2024,milex_share")
    )
    fields = line.split(",")
    old_value, fields[4] = fields[4], "9.9999"
    lines[number] = ",".join(fields)
    milex.write_text("".join(lines), encoding="utf-8")

    markdown = compare_builds(old, new)
    assert "*Build outputs not compared: no `results/` in" in markdown
    assert "- Datasets changed (1): `milex`" in markdown
    assert "key: `iso3`, `year`, `indicator` · 1 value changed" in markdown
    assert (
        f"| `AUS` | `2024` | `milex_share_gdp_pct` | `value` | `{old_value}` | `9.9999` |"
        in markdown
    )


# -- Sentences -------------------------------------------------------------------------------


def test_split_sentences_keeps_abbreviations_and_decimals():
    text = (
        "Spending rose to 2.05% in 2024. The U.S. Congress agreed, e.g. on aid; see No. 5 "
        "of the list. J. Smith wrote “it is enough.” Is it? Yes!"
    )
    assert split_sentences(text) == [
        "Spending rose to 2.05% in 2024.",
        "The U.S. Congress agreed, e.g. on aid; see No. 5 of the list.",
        "J. Smith wrote “it is enough.”",
        "Is it?",
        "Yes!",
    ]


def test_prose_is_read_from_main_only_with_section_headings():
    document = html(["One. Two.", "Three."], heading="Part A").replace(
        "</main>", "<h2>Part B</h2><ul><li><p>Four.</p></li></ul></main>"
    )
    sentences = prose_sentences(document)
    assert [(s.section, s.text) for s in sentences] == [
        ("Part A", "Part A"),
        ("Part A", "One."),
        ("Part A", "Two."),
        ("Part A", "Three."),
        ("Part B", "Part B"),
        ("Part B", "Four."),
    ]


def test_sentence_diff_pairs_rewritten_sentences():
    old = prose_sentences(html(["A first. A second. A third."]))
    new = prose_sentences(html(["A first. The second, rewritten. A third. A fourth."]))
    changes = [(c.old, c.new) for c in diff_sentences(old, new)]
    assert changes == [("A second.", "The second, rewritten."), (None, "A fourth.")]


# -- Data at two git revisions ---------------------------------------------------------------


def git(repo, *arguments):
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *arguments,
        ],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path):
    """A git repository with two commits: the second changes a value and adds a dataset."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = write_build(tmp_path / "repo")
    shutil.rmtree(root / "results")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "data")
    spending = root / "data/spending.csv"
    spending.write_text(SPENDING.replace("JPN,2023,1.19", "JPN,2023,1.21"), encoding="utf-8")
    package = copy.deepcopy(PACKAGE)
    package["resources"].append({"name": "notes", "path": "notes.csv", "schema": {"fields": []}})
    (root / "data/datapackage.yaml").write_text(yaml.safe_dump(package), encoding="utf-8")
    (root / "data/notes.csv").write_text("note\nfirst\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "update")
    # The working tree differs from both commits: git mode must read the commits.
    spending.write_text("iso3,year,share_gdp_pct,note\n", encoding="utf-8")
    return root


def test_git_mode_compares_the_data_at_two_revisions(repo, capsys):
    assert main(["--git", "HEAD~1", "HEAD", "--repo", str(repo)]) == 0
    markdown = capsys.readouterr().out
    assert "Old: `HEAD~1 (" in markdown and "New: `HEAD (" in markdown
    assert "*Build outputs not compared: only the data were given.*" in markdown
    assert "- Datasets changed (1): `spending`" in markdown
    assert "- Datasets added (1): `notes`" in markdown
    assert "| `JPN` | `2023` | `share_gdp_pct` | `1.19` | `1.21` |" in markdown
    assert "Rows removed" not in markdown  # the working tree's change is not read


def test_git_mode_with_identical_revisions_and_with_builds(repo, old, tmp_path):
    assert compare_revisions("HEAD", "HEAD", repo=repo).endswith("No changes.\n")
    new = write_build(tmp_path / "new", table=TABLE.replace("1.37", "1.40"))
    markdown = compare_revisions("HEAD~1", "HEAD", repo=repo, builds=(old, new))
    assert "| `JPN` | `2023` | `share_gdp_pct` | `1.19` | `1.21` |" in markdown
    assert "| `JPN` | `share_latest` | `1.37` | `1.40` |" in markdown


def test_git_mode_reports_an_unknown_revision(repo, capsys):
    assert main(["--git", "0" * 40, "HEAD", "--repo", str(repo)]) == 2
    assert "not a git revision" in capsys.readouterr().err


def test_manifests_written_by_write_manifest_are_compared(old, tmp_path):
    from ap4report.manifest import write_manifest

    new = write_build(tmp_path / "new", table=TABLE.replace("1.37", "1.40"))
    for build in (old, new):
        write_manifest(
            build / "reports/manifest.json",
            [build / "results"],
            build / "data/datapackage.yaml",
            report={"name": "bulletin", "date": "2026-11-27"},
            root=build,
        )
    markdown = compare_builds(old, new)
    assert f"- Output files changed: `{OUT}/tables/milex_comparison.csv`" in markdown
    assert "Python" not in markdown and "weasyprint" not in markdown


def test_a_change_of_verification_status_is_reported(tmp_path):
    def numbers(status):
        source = {"datasets": ["milestones"], "releases": ["r"], "status": status, "keys": ["k"]}
        return {"values": NUMBERS, "provenance": {"milex.latest_year": source}}

    old = write_build(tmp_path / "old", numbers=numbers("partially_verified"))
    new = write_build(tmp_path / "new", numbers=numbers("verified"))
    text = compare_builds(old, new)
    assert "milex.latest_year (status)" in text
    assert "partially_verified" in text and '"verified"' in text


def test_a_caveat_whose_rows_changed_is_flagged(tmp_path):
    package = copy.deepcopy(PACKAGE)
    reason = "POL 2024: check against the national budget."
    package["resources"][1]["to_check"] = [
        {"row": {"iso3": "POL", "year": "2024"}, "reason": reason}
    ]
    old = write_build(tmp_path / "old", package=package)
    same = write_build(
        tmp_path / "same", package=package, files={"spending.csv": SPENDING.replace("1.37", "1.29")}
    )
    assert reason not in compare_builds(old, same)  # Japan changed, not the row of the caveat
    new = write_build(
        tmp_path / "new", package=package, files={"spending.csv": SPENDING.replace("4.15", "3.75")}
    )
    assert f"caveat on changed rows:** {reason}" in compare_builds(old, new)
