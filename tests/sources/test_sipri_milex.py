"""The reader of SIPRI's military expenditure workbook: the layout read, layouts refused,
what it writes (and never writes)."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest
import yaml
from openpyxl.styles import Font

from ap4report.sources import reader
from ap4report.sources.__main__ import main
from ap4report.sources.common import SourceError, add_period, static_metadata

from .fixtures import (
    _drop_sheet,
    csv_rows,
    csv_rows_of,
    edited,
    footnote_rows,
    gdp_rows,
    hashes,
    milex_rows,
    next_edition_rows,
    options,
    package,
    resource,
    sipri_workbook,
)
from conftest import DATA


def read_sipri(path: Path):
    return reader("sipri_milex").read([path], static_metadata("sipri_milex"), options())


def test_sipri_2025_workbook_reproduces_both_csvs_byte_for_byte(sipri_2025):
    release = read_sipri(sipri_2025)
    assert release.tables["milex"] == (DATA / "milex.csv").read_text(encoding="utf-8")
    footnotes = (DATA / "milex_footnotes.csv").read_text(encoding="utf-8")
    assert release.tables["milex_footnotes"] == footnotes
    assert release.release == "SIPRI Military Expenditure Database 2025"


def test_sipri_import_changes_only_its_datasets_and_release_fields(sipri_2025, data_copy, capsys):
    before = package(data_copy)
    status = main(["sipri_milex", str(sipri_2025), "--data-dir", str(data_copy)])
    assert status == 0
    out = capsys.readouterr().out
    assert "read sheet 'Constant (2023) US$': 17 countries, 255 values" in out
    assert "made milex: 765 rows; milex_footnotes: 11 rows" in out
    assert "check they still describe this release: milex: description, caveats" in out
    for name in ("milex.csv", "milex_footnotes.csv"):
        assert (data_copy / name).read_bytes() == (DATA / name).read_bytes()
    after = package(data_copy)
    assert [r["name"] for r in after["resources"]] == [r["name"] for r in before["resources"]]
    for old, new in zip(before["resources"], after["resources"], strict=True):
        if old["name"] not in ("milex", "milex_footnotes"):
            assert old == new
            continue
        # The templates of sipri_milex.yaml give back today's metadata for the 2025 edition;
        # only the retrieval day and the file read differ.
        changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
        assert changed == {"retrieved", "extracted_from"}
        assert new["retrieved"] == datetime.date.today().isoformat()
        assert "SIPRI-Milex-data-1949-2024.xlsx (sha256 " in new["extracted_from"]
    record = yaml.safe_load((data_copy / "snapshots/sipri_milex.yaml").read_text())
    assert record["release"] == "SIPRI Military Expenditure Database 2025"
    assert record["files"][0]["sha256"] == hashlib.sha256(sipri_2025.read_bytes()).hexdigest()
    assert record["datasets"] == ["milex", "milex_footnotes"]
    assert record["update_period"] == "P1Y"
    expected = add_period(datetime.date.today(), "P1Y").isoformat()
    assert record["next_release_expected"] == expected
    assert record["next_release_basis"] == "retrieved + P1Y"


def test_a_dataset_added_by_hand_survives_an_import(sipri_2025, data_copy):
    document = package(data_copy)
    hand_made = {
        "name": "hand_made",
        "path": "hand_made.csv",
        "title": "Added by hand",
        "description": "A table a reader does not know.",
        "schema": {
            "fields": [{"name": "id", "type": "string", "constraints": {"required": True}}],
            "primaryKey": ["id"],
        },
    }
    document["resources"].insert(3, hand_made)
    (data_copy / "datapackage.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    (data_copy / "hand_made.csv").write_text("id\nA\n")
    assert main(["sipri_milex", str(sipri_2025), "--data-dir", str(data_copy)]) == 0
    after = package(data_copy)
    assert after["resources"][3] == hand_made
    assert [r["name"] for r in after["resources"]] == [r["name"] for r in document["resources"]]
    assert (data_copy / "hand_made.csv").read_text() == "id\nA\n"


def test_sipri_2026_layout_moves_the_constant_prices_to_2024(tmp_path, data_copy):
    from ap4report.datapackage import DataPackage
    from ap4report.numbers import constant_usd

    rows = next_edition_rows(milex_rows())
    workbook = sipri_workbook(tmp_path / "SIPRI-Milex-data-1949-2025.xlsx", rows, None, 2024, 2025)
    assert main(["sipri_milex", str(workbook), "--data-dir", str(data_copy)]) == 0
    milex = csv_rows(data_copy / "milex.csv")
    assert {r["indicator"] for r in milex} == {
        "milex_constant_2024_usd_m",
        "milex_current_usd_m",
        "milex_share_gdp_pct",
    }
    assert "US$ million (constant 2024 prices and exchange rates)" in {r["unit"] for r in milex}
    entry = resource(package(data_copy), "milex")
    assert entry["edition"].startswith("April 2026 release (SIPRI Military Expenditure Database")
    assert entry["as_of"] == "2025"
    assert "constant 2024 prices" in entry["units"]
    assert entry["title"] == "Military expenditure 2010-2025 (SIPRI), 17 countries, three measures"
    table = DataPackage.load(data_copy / "datapackage.yaml").read_table("milex")
    assert constant_usd(table) == ("milex_constant_2024_usd_m", 2024)


def test_sipri_tokens_and_colours_give_the_rows_and_flags(sipri_2025, tmp_path):
    def edit(book):
        constant, current = book["Constant (2023) US$"], book["Current US$"]
        for sheet, country, year, value, colour in [
            (constant, "Australia", 2012, ". .", None),
            (constant, "Japan", 2011, "xxx", None),
            (constant, "Canada", 2013, "..", None),
            (constant, "Poland", 2014, "...", None),
            (current, "Korea, South", 2013, 12.5, "FFFF0000"),
            (current, "Italy", 2015, 7, "FF0070C0"),
        ]:
            cell = cell_of(sheet, country, year)
            cell.value = value
            if colour:
                cell.font = Font(color=colour)

    release = read_sipri(edited(sipri_2025, tmp_path / "tokens.xlsx", edit))
    rows = {(r["iso3"], r["year"], r["indicator"]): r for r in csv_rows_of(release.tables["milex"])}
    for iso3, year in [("AUS", "2012"), ("JPN", "2011"), ("CAN", "2013"), ("POL", "2014")]:
        assert (iso3, year, "milex_constant_2023_usd_m") not in rows
    korea = rows[("KOR", "2013", "milex_current_usd_m")]
    assert (korea["value"], korea["sipri_flag"]) == ("12.5", "highly_uncertain")
    italy = rows[("ITA", "2015", "milex_current_usd_m")]
    assert (italy["value"], italy["sipri_flag"]) == ("7", "estimate")
    assert len(rows) == 765 - 4


def cell_of(sheet, country: str, year: int):
    """The cell of `country` and `year` in a sheet of the fixture."""
    header = next(r for r in range(1, 21) if sheet.cell(r, 1).value == "Country")
    column = next(c for c in range(3, sheet.max_column + 1) if sheet.cell(header, c).value == year)
    row = next(r for r in range(header, sheet.max_row + 1) if sheet.cell(r, 1).value == country)
    return sheet.cell(row, column)


def _set(sheet, ref, value):
    def edit(book):
        book[sheet][ref] = value

    return edit


def _value(country, year, value, sheet="Share of GDP", colour=None):
    def edit(book):
        cell = cell_of(book[sheet], country, year)
        cell.value = value
        if colour:
            cell.font = Font(color=colour)

    return edit


def _rename(sheet, old, new):
    def edit(book):
        for row in book[sheet].iter_rows(min_col=1, max_col=1):
            if row[0].value == old:
                row[0].value = new

    return edit


def _drop_footnote(number):
    def edit(book):
        sheet = book["Footnotes"]
        for row in range(1, sheet.max_row + 1):
            if sheet.cell(row, 1).value == number:
                sheet.delete_rows(row)
                return

    return edit


def _second_constant_sheet(book):
    book.copy_worksheet(book["Constant (2023) US$"]).title = "Constant (2024) US$"


REFUSED = {
    "missing sheet": (_drop_sheet("Share of GDP"), r"expected a sheet named 'Share of GDP'"),
    "no constant-price sheet": (
        _drop_sheet("Constant (2023) US$"),
        r"expected one sheet named like 'Constant \(2024\) US\$' \(found 0",
    ),
    "two constant-price sheets": (_second_constant_sheet, r"\(found 2"),
    "header row not found": (
        _set("Current US$", "A6", "Land"),
        r"sheet 'Current US\$': expected a header row with 'Country' in column A",
    ),
    "notes header": (
        _set("Current US$", "B6", "Remarks"),
        r"sheet 'Current US\$', cell B6: expected 'Notes'; found 'Remarks'",
    ),
    "year header not a year": (
        _set("Share of GDP", "D6", "1950*"),
        r"sheet 'Share of GDP', cell D6: expected the year 1950; found '1950\*'",
    ),
    "year header skips a year": (
        _set("Share of GDP", "D6", 1951),
        r"cell D6: expected the year 1950; found 1951",
    ),
    "text after the years": (
        _set("Share of GDP", "CB6", "Total"),
        r"cell CB6: expected nothing after the last year; found 'Total'",
    ),
    "unknown token": (
        _value("Japan", 2020, "n/a"),
        r"sheet 'Share of GDP', cell BV21: expected a number or one of '. .', '..', '...', "
        r"'xxx'; found 'n/a'",
    ),
    "empty value cell": (
        _value("Japan", 2020, None),
        r"cell BV21: expected a number or one of .* \(the cell is empty\)",
    ),
    "unknown font colour": (
        _value("Japan", 2020, 0.01, colour="FF00B050"),
        r"cell BV21: expected a font colour listed under font_colours .*found 'rgb:FF00B050'",
    ),
    "country missing": (
        _rename("Current US$", "Japan", "Nippon"),
        r"sheet 'Current US\$': expected a row for each country read; not found in column A: "
        r"'Japan' \(JPN\)",
    ),
    "country twice": (
        _rename("Current US$", "USSR", "Japan"),
        r"sheet 'Current US\$', cell A\d+: expected 'Japan' once in column A",
    ),
    "footnote missing": (
        _drop_footnote(44),
        r"sheet 'Footnotes': expected footnotes \[44\] \(referenced in the Notes column\)",
    ),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_sipri_refuses_a_layout_it_does_not_know_and_changes_nothing(
    case, sipri_2025, tmp_path, data_copy, capsys
):
    edit, message = REFUSED[case]
    workbook = edited(sipri_2025, tmp_path / "SIPRI-edited.xlsx", edit)
    before = hashes(data_copy)
    with pytest.raises(SourceError, match=message):
        read_sipri(workbook)
    assert main(["sipri_milex", str(workbook), "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: SIPRI-edited.xlsx") and "Traceback" not in err
    assert hashes(data_copy) == before


def test_sipri_refuses_a_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "SIPRI.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(SourceError, match=r"SIPRI.xlsx: expected an Excel workbook"):
        read_sipri(path)


def test_the_sipri_countries_are_the_projects_and_the_comparators():
    countries = static_metadata("sipri_milex")["countries"]
    assert set(countries) == {r["iso3"] for r in milex_rows()}
    listed = {r["iso3"] for r in csv_rows(DATA / "countries.csv")}
    assert set(countries) - listed == {"CHN", "RUS"}
    assert set(static_metadata("wdi")["countries"]) == {r["iso3"] for r in gdp_rows()}


# Hostile workbooks: refused with the file's name, before anything is written -------------

LAUGHS = (
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9))
    + "]>"
)


def _with_xml(plain: Path, target: Path, member: str | None, edit) -> Path:
    """A copy of the workbook `plain` with one XML member (or every one) edited as text."""
    import zipfile

    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            chosen = info.filename == member or (member is None and info.filename.endswith(".xml"))
            out.writestr(info, edit(data.decode()) if chosen else data)
    return target


@pytest.mark.parametrize(
    "doctype",
    [LAUGHS, '<!DOCTYPE x [<!ENTITY j SYSTEM "file:///etc/hostname">]>'],
    ids=["billion-laughs", "external-entity"],
)
def test_sipri_refuses_a_workbook_with_entities(doctype, sipri_2025, tmp_path):
    def edit(xml):  # the entity is used in the first data sheet's first cell
        head, sep, rest = xml.partition("?>")
        head, rest = ("", xml) if not sep else (head + sep, rest)
        return head + doctype + rest.replace("<v>", "<v>&j;", 1)

    path = _with_xml(sipri_2025, tmp_path / "SIPRI.xlsx", "xl/worksheets/sheet6.xml", edit)
    with pytest.raises(SourceError, match=r"SIPRI.xlsx: expected an Excel workbook"):
        read_sipri(path)


def test_sipri_refuses_a_workbook_too_large_once_unpacked(sipri_2025, monkeypatch):
    from ap4report.sources import common

    monkeypatch.setattr(common, "MAX_FILE_BYTES", 100_000)  # the fixture unpacks to ~400 kB
    with pytest.raises(SourceError, match=r"at most 100,000 bytes once unpacked"):
        read_sipri(sipri_2025)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://example.com/x","see")', "+cmd|' /C x'!A0"])
def test_sipri_refuses_footnotes_a_spreadsheet_would_run(text, tmp_path, data_copy):
    notes = [dict(row) for row in footnote_rows()]
    notes[0]["footnote"] = "PLACEHOLDER"
    plain = sipri_workbook(tmp_path / "plain.xlsx", footnotes=notes)
    escaped = text.replace('"', "&quot;")
    path = _with_xml(  # a string cell: openpyxl would write "=..." as a formula
        plain,
        tmp_path / "SIPRI.xlsx",
        None,
        lambda xml: xml.replace("PLACEHOLDER", escaped),
    )
    before = hashes(data_copy)
    assert main(["sipri_milex", str(path), "--data-dir", str(data_copy)]) == 1
    assert hashes(data_copy) == before
    with pytest.raises(SourceError, match=r"SIPRI.xlsx, sheet 'Footnotes', cell B\d+: .*formula"):
        read_sipri(path)
