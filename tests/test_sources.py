"""The readers of the publishers' releases (ap4report.sources): layouts read, layouts
refused, what they write (and never write), and fetching from a local HTTP server."""

from __future__ import annotations

import datetime
import hashlib
import http.server
import shutil
import socket
import threading
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.styles import Font

from ap4report.sources import READERS, curated, reader
from ap4report.sources.__main__ import main
from ap4report.sources.common import (
    Options,
    Release,
    SourceError,
    a1,
    add_period,
    static_metadata,
    updated_package,
)

from conftest import DATA
from source_fixtures import (
    csv_rows,
    gdp_rows,
    kiel_rows,
    kiel_workbook,
    milex_rows,
    next_edition_rows,
    sipri_workbook,
    wdi_csv,
    wdi_json,
)

SIPRI_URL_PATH = "/sites/default/files/SIPRI-Milex-data-1949-2024_2.xlsx"


def quiet(_line: str) -> None:
    pass


def options(tmp_data: Path | None = None, **extra) -> Options:
    return Options(retrieved="2026-12-06", data_dir=tmp_data or DATA, log=quiet, **extra)


def hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="module")
def sipri_2025(tmp_path_factory) -> Path:
    return sipri_workbook(tmp_path_factory.mktemp("sipri") / "SIPRI-Milex-data-1949-2024.xlsx")


def read_sipri(path: Path):
    return reader("sipri_milex").read([path], static_metadata("sipri_milex"), options())


def edited(source: Path, target: Path, edit) -> Path:
    """A copy of a workbook with `edit(book)` applied."""
    book = load_workbook(source)
    edit(book)
    book.save(target)
    return target


def package(folder: Path) -> dict:
    return yaml.safe_load((folder / "datapackage.yaml").read_text(encoding="utf-8"))


def resource(document: dict, name: str) -> dict:
    return next(r for r in document["resources"] if r["name"] == name)


# SIPRI: the 2025 workbook --------------------------------------------------------------


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


def test_a_reader_may_not_write_a_dataset_it_does_not_own():
    text = (DATA / "datapackage.yaml").read_text(encoding="utf-8")
    release = Release("sipri_milex", "x", "2026-12-06", [], tables={"countries": "iso3\n"})
    with pytest.raises(SourceError, match=r"may only write \['milex'.*tried \['countries'\]"):
        updated_package(text, release, ["milex", "milex_footnotes"])


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


def csv_rows_of(text: str) -> list[dict]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))


def cell_of(sheet, country: str, year: int):
    """The cell of `country` and `year` in a sheet of the fixture."""
    header = next(r for r in range(1, 21) if sheet.cell(r, 1).value == "Country")
    column = next(c for c in range(3, sheet.max_column + 1) if sheet.cell(header, c).value == year)
    row = next(r for r in range(header, sheet.max_row + 1) if sheet.cell(r, 1).value == country)
    return sheet.cell(row, column)


def _drop_sheet(name):
    return lambda book: book.remove(book[name])


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


def test_excel_cell_names():
    assert [a1(6, 3), a1(1, 26), a1(12, 27), a1(3, 79)] == ["C6", "Z1", "AA12", "CA3"]


def test_the_sipri_countries_are_the_projects_and_the_comparators():
    countries = static_metadata("sipri_milex")["countries"]
    assert set(countries) == {r["iso3"] for r in milex_rows()}
    listed = {r["iso3"] for r in csv_rows(DATA / "countries.csv")}
    assert set(countries) - listed == {"CHN", "RUS"}
    assert set(static_metadata("wdi")["countries"]) == {r["iso3"] for r in gdp_rows()}


# World Bank -------------------------------------------------------------------------------


def read_wdi(files, data_dir=DATA):
    return reader("wdi").read(files, static_metadata("wdi"), options(data_dir))


def test_wdi_json_gives_the_same_table_with_the_release_as_vintage(tmp_path):
    rows = gdp_rows()
    release = read_wdi([wdi_json(tmp_path / "wdi.json", rows)])
    made = csv_rows_of(release.tables["gdp_population"])
    assert [{**r, "vintage": ""} for r in made] == [{**r, "vintage": ""} for r in rows]
    assert {r["vintage"] for r in made} == {"WDI API 2026-07-01"}
    assert release.release == "World Development Indicators, last updated 2026-07-01"


def test_wdi_null_values_give_no_row(tmp_path):
    rows = gdp_rows()
    rows[0] = {**rows[0], "value": ""}
    release = read_wdi([wdi_json(tmp_path / "wdi.json", rows)])
    assert len(csv_rows_of(release.tables["gdp_population"])) == len(rows) - 1


def test_wdi_csv_download_replaces_its_indicator_and_keeps_the_other(tmp_path, data_copy):
    rows = gdp_rows()
    gdp = wdi_csv(tmp_path / "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_1.csv", rows, "NY.GDP.MKTP.CD")
    archive = tmp_path / "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_1.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(gdp, gdp.name)
        out.writestr("Metadata_Country_API_NY.GDP.MKTP.CD_DS2_en_csv_v2_1.csv", "made up")
    for path in (gdp, archive):
        made = csv_rows_of(read_wdi([path], data_copy).tables["gdp_population"])
        assert [{**r, "vintage": ""} for r in made] == [{**r, "vintage": ""} for r in rows]
        vintages = {(r["indicator"], r["vintage"]) for r in made}
        assert ("NY.GDP.MKTP.CD", "WDI CSV download 2026-07-01") in vintages
        assert ("SP.POP.TOTL", "DataHub 2024-10 (GDP) / 2026-03 (population)") in vintages
    assert main(["wdi", str(archive), "--data-dir", str(data_copy)]) == 0
    entry = resource(package(data_copy), "gdp_population")
    vintage = next(f for f in entry["schema"]["fields"] if f["name"] == "vintage")
    assert vintage["constraints"]["enum"] == sorted({r["vintage"] for r in made})


WDI_REFUSED = {
    "second page": (
        lambda path: wdi_json(path, gdp_rows(), pages=2),
        r"expected the whole result on one page .*found 'page 1 of 2'",
    ),
    "API error": (
        lambda path: path.write_text('[{"message":[{"id":"120","key":"Invalid value"}]}]'),
        r"expected data, not an error message of the API",
    ),
    "unknown indicator": (
        lambda path: wdi_json(path, [{**gdp_rows()[0], "indicator": "NY.GDP.PCAP.CD"}]),
        r"expected only the indicators .*found 'NY.GDP.PCAP.CD'",
    ),
    "text value": (
        lambda path: (
            path.write_text(path.read_text().replace('"value": 22031750.0', '"value": "n/a"'))
            if wdi_json(path, gdp_rows())
            else None
        ),
        r"expected a number or null at record \d+; found 'n/a'",
    ),
    "not JSON, not the download": (
        lambda path: path.write_text("Country,Value\nAUS,1\n"),
        r"expected a line 'Last Updated Date'",
    ),
}


@pytest.mark.parametrize("case", WDI_REFUSED, ids=list(WDI_REFUSED))
def test_wdi_refuses_a_layout_it_does_not_know(case, tmp_path, data_copy):
    make, message = WDI_REFUSED[case]
    path = tmp_path / "wdi.json"
    make(path)
    before = hashes(data_copy)
    with pytest.raises(SourceError, match=message):
        read_wdi([path], data_copy)
    assert main(["wdi", str(path), "--data-dir", str(data_copy)]) == 1
    assert hashes(data_copy) == before


def test_wdi_csv_refuses_a_year_header_that_is_not_a_year(tmp_path):
    path = wdi_csv(tmp_path / "API_x_DS2_en_csv_v2_1.csv", gdp_rows(), "NY.GDP.MKTP.CD")
    path.write_text(path.read_text(encoding="utf-8").replace('"1961"', '"YR1961"'))
    with pytest.raises(SourceError, match=r"cell F5: expected a year; found 'YR1961'"):
        read_wdi([path])


# Kiel --------------------------------------------------------------------------------------


def read_kiel(path, **extra):
    extra.setdefault("as_of", "2026-04")
    return reader("kiel_ukraine").read([path], static_metadata("kiel_ukraine"), options(**extra))


def test_kiel_country_summary_reproduces_the_table(tmp_path, data_copy, capsys):
    rows = kiel_rows()
    path = kiel_workbook(tmp_path / "Ukraine_Support_Tracker_Release_29.xlsx", rows)
    release = read_kiel(path)
    assert release.tables["ukraine_support_kiel"] == (DATA / "ukraine_support_kiel.csv").read_text(
        encoding="utf-8"
    )
    assert release.release == "Release 29"
    argv = [str(path), "--data-dir", str(data_copy), "--as-of", "2026-04"]
    assert main(["kiel_ukraine", *argv, "--released", "2026-08-04"]) == 0
    assert "skipped aggregate rows: ['Total']" in capsys.readouterr().out
    entry = resource(package(data_copy), "ukraine_support_kiel")
    assert entry["edition"] == "Ukraine Support Tracker Release 29 (04/2026)"
    assert (entry["as_of"], entry["released"]) == ("2026-04", "2026-08-04")
    record = yaml.safe_load((data_copy / "snapshots/kiel_ukraine.yaml").read_text())
    assert record["next_release_expected"] == "2026-12-04"
    assert record["next_release_basis"] == "released + P4M"


def _kiel_edit(edit):
    def make(path):
        kiel_workbook(path, kiel_rows())
        book = load_workbook(path)
        edit(book["Country Summary (€)"])
        book.save(path)

    return make


KIEL_REFUSED = {
    "unknown donor": (
        _kiel_edit(lambda s: s.cell(9, 2, "Atlantis")),
        r"cell B9: expected a donor listed in kiel_ukraine.yaml .*found 'Atlantis'",
    ),
    "EU member not 0/1": (
        _kiel_edit(lambda s: s.cell(9, 3, "yes")),
        r"cell C9: expected 0 or 1; found 'yes'",
    ),
    "text value": (
        _kiel_edit(lambda s: s.cell(9, 6, "n/a")),
        r"cell F9: expected a number \(EUR bn\) or an empty cell; found 'n/a'",
    ),
    "column missing": (
        _kiel_edit(lambda s: s.cell(8, 7, "Military (allocations)")),
        r"expected the columns \['Military allocations'\] in the header row",
    ),
    "sheet missing": (
        _kiel_edit(lambda s: setattr(s, "title", "Summary")),
        r"expected a sheet 'Country Summary \(€\)'",
    ),
}


@pytest.mark.parametrize("case", KIEL_REFUSED, ids=list(KIEL_REFUSED))
def test_kiel_refuses_a_layout_it_does_not_know(case, tmp_path):
    make, message = KIEL_REFUSED[case]
    path = tmp_path / "Ukraine_Support_Tracker_Release_30.xlsx"
    make(path)
    with pytest.raises(SourceError, match=message):
        read_kiel(path)


def test_kiel_needs_the_cut_off_month(tmp_path):
    path = kiel_workbook(tmp_path / "Ukraine_Support_Tracker_Release_30.xlsx", kiel_rows())
    with pytest.raises(SourceError, match=r"--as-of YYYY-MM"):
        read_kiel(path, as_of=None)


# Fetching ----------------------------------------------------------------------------------


class Server:
    """A local HTTP server (127.0.0.1) serving {path: bytes}; other paths are 404."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        files = self.files

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = files.get(self.path.split("?")[0])
                self.send_response(200 if body is not None else 404)
                self.end_headers()
                self.wfile.write(body or b"not found")

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


def fetch_argv(data_copy, tmp_path, base_url):
    return [
        "fetch",
        "sipri_milex",
        "--data-dir",
        str(data_copy),
        "--cache-dir",
        str(tmp_path / "cache"),
        "--base-url",
        base_url,
        "--timeout",
        "10",
    ]


def test_fetch_reads_a_new_release_then_finds_it_up_to_date(
    server, sipri_2025, tmp_path, data_copy, capsys
):
    rows = next_edition_rows(milex_rows())
    new = sipri_workbook(tmp_path / "new.xlsx", rows, None, 2024, 2025)
    server.files[SIPRI_URL_PATH] = new.read_bytes()
    assert main(fetch_argv(data_copy, tmp_path, server.url)) == 0
    assert "sipri_milex: updated" in capsys.readouterr().out
    record = yaml.safe_load((data_copy / "snapshots/sipri_milex.yaml").read_text())
    assert record["files"][0]["sha256"] == hashlib.sha256(new.read_bytes()).hexdigest()
    assert record["files"][0]["url"].startswith("https://www.sipri.org/")
    assert "milex_constant_2024_usd_m" in (data_copy / "milex.csv").read_text()
    cached = tmp_path / "cache/sipri_milex/SIPRI-Milex-data-1949-2024_2.xlsx"
    assert cached.read_bytes() == new.read_bytes()

    before = hashes(data_copy)
    assert main(fetch_argv(data_copy, tmp_path, server.url)) == 0
    assert "up to date" in capsys.readouterr().out
    assert hashes(data_copy) == before


def test_fetch_missing_file_changes_nothing(server, tmp_path, data_copy, capsys):
    before = hashes(data_copy)
    assert main(fetch_argv(data_copy, tmp_path, server.url)) == 1
    err = capsys.readouterr().err
    assert "could not download" in err and "HTTP 404" in err and "Traceback" not in err
    assert hashes(data_copy) == before


def test_fetch_connection_refused_changes_nothing(tmp_path, data_copy, capsys):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = hashes(data_copy)
    assert main(fetch_argv(data_copy, tmp_path, f"http://127.0.0.1:{port}")) == 1
    assert "could not download" in capsys.readouterr().err
    assert hashes(data_copy) == before


def test_fetch_bad_layout_is_refused_and_changes_nothing(
    server, sipri_2025, tmp_path, data_copy, capsys
):
    bad = edited(sipri_2025, tmp_path / "bad.xlsx", _drop_sheet("Current US$"))
    server.files[SIPRI_URL_PATH] = bad.read_bytes()
    before = hashes(data_copy)
    assert main(fetch_argv(data_copy, tmp_path, server.url)) == 1
    assert "expected a sheet named 'Current US$'" in capsys.readouterr().err
    assert hashes(data_copy) == before


def test_fetch_without_an_address_says_how_to_read_by_hand(tmp_path, data_copy, capsys):
    argv = ["fetch", "kiel_ukraine", "--data-dir", str(data_copy)]
    assert main([*argv, "--cache-dir", str(tmp_path)]) == 1
    assert "python -m ap4report.sources kiel_ukraine <file>" in capsys.readouterr().err


# Records, ownership, command line -------------------------------------------------------


def test_every_dataset_has_one_reader_or_is_curated():
    owners: dict[str, list[str]] = {}
    for source in READERS:
        for name in static_metadata(source)["datasets"]:
            owners.setdefault(name, []).append(source)
    names = {r["name"] for r in package(DATA)["resources"]}
    assert all(len(sources) == 1 for sources in owners.values()), owners
    assert set(owners).isdisjoint(curated())
    assert set(owners) | set(curated()) == names


@pytest.mark.parametrize("source", READERS)
def test_every_reader_has_a_snapshot_record_and_its_metadata(source):
    metadata = static_metadata(source)
    for key in ("publisher", "homepage", "licence", "update_period", "datasets", "urls"):
        assert key in metadata, f"{source}.yaml lacks {key}"
    record = yaml.safe_load((DATA / "snapshots" / f"{source}.yaml").read_text())
    for key in ("release", "retrieved", "update_period", "next_release_expected", "files"):
        assert record.get(key), f"snapshots/{source}.yaml lacks {key}"
    assert record["datasets"] == metadata["datasets"]
    basis, period = record["next_release_basis"].split(" + ")
    start = datetime.date.fromisoformat(record[basis])
    assert add_period(start, period).isoformat() == record["next_release_expected"]


def test_periods():
    day = datetime.date(2024, 1, 31)
    assert add_period(day, "P1Y") == datetime.date(2025, 1, 31)
    assert add_period(day, "P1M") == datetime.date(2024, 2, 29)
    assert add_period(day, "P6M10D") == datetime.date(2024, 8, 10)
    with pytest.raises(SourceError, match="ISO 8601 period"):
        add_period(day, "yearly")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nowhere", "x"], "unknown command 'nowhere'"),
        (["sipri_milex"], "give the file(s) to read"),
        (["sipri_milex", "no-such.xlsx"], "no-such.xlsx: no such file"),
        (["sipri_milex", "x", "--retrieved", "yesterday"], "--retrieved: expected a date"),
    ],
)
def test_command_line_errors_are_messages(argv, message, capsys, tmp_path):
    if argv[-1] == "yesterday":
        (tmp_path / "x").write_text("")
        argv = [argv[0], str(tmp_path / "x"), *argv[2:]]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_status_lists_each_source(capsys):
    assert main(["status", "--data-dir", str(DATA)]) == 0
    out = capsys.readouterr().out
    assert all(f"{source}: " in out for source in READERS)
    assert "next release expected 2026-04-28" in out
