"""The reader of the World Bank's World Development Indicators (API JSON and CSV download)."""

from __future__ import annotations

import zipfile

import pytest

from ap4report.sources import reader
from ap4report.sources.__main__ import main
from ap4report.sources.common import SourceError, static_metadata

from .fixtures import csv_rows_of, gdp_rows, hashes, options, package, resource, wdi_csv, wdi_json
from conftest import DATA


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


# Hostile files: refused with the file's name (and place), never a traceback -------------


def test_wdi_refuses_json_nested_too_deep(tmp_path):
    path = tmp_path / "wdi.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(SourceError, match=r"wdi.json: expected JSON nested a few levels deep"):
        read_wdi([path])


def _zip(path, member, data: bytes):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    return path


def test_wdi_refuses_a_zip_that_unpacks_too_large(tmp_path, monkeypatch):
    from ap4report.sources import common

    monkeypatch.setattr(common, "MAX_FILE_BYTES", 1_000_000)
    path = _zip(tmp_path / "wdi.zip", "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_1.csv", b"0" * 2_000_000)
    assert path.stat().st_size < 10_000  # a zip bomb in small
    with pytest.raises(
        SourceError, match=r"wdi.zip: expected at most 1,000,000 bytes once unpacked"
    ):
        read_wdi([path])


def test_wdi_refuses_a_zip_member_that_is_not_text(tmp_path):
    path = _zip(tmp_path / "wdi.zip", "API_SP.POP.TOTL_DS2_en_csv_v2_1.csv", b"\xff\xfe\x00bad")
    with pytest.raises(SourceError, match=r"wdi.zip:API_SP.POP.TOTL_DS2_en_csv_v2_1.csv: .*UTF-8"):
        read_wdi([path])


def test_wdi_refuses_a_csv_field_beyond_the_csv_limit(tmp_path):
    path = tmp_path / "API_SP.POP.TOTL_DS2_en_csv_v2_1.csv"
    path.write_text('"Data Source","' + "x" * 200_000 + '"\n')
    with pytest.raises(SourceError, match=r"API_SP.POP.TOTL_DS2_en_csv_v2_1.csv: expected CSV"):
        read_wdi([path])


def test_wdi_refuses_a_country_name_a_spreadsheet_would_run(tmp_path, data_copy):
    rows = gdp_rows()
    rows = [
        {**r, "wb_country_name": "=cmd|' /C calc'!A0"} if r["iso3"] == rows[0]["iso3"] else r
        for r in rows
    ]
    path = wdi_json(tmp_path / "wdi.json", rows)
    with pytest.raises(SourceError, match=r"wdi.json, record 1: expected text, not .*formula"):
        read_wdi([path])
    before = hashes(data_copy)
    assert main(["wdi", str(path), "--data-dir", str(data_copy)]) == 1
    assert hashes(data_copy) == before
    csv_path = wdi_csv(tmp_path / "API_x_DS2_en_csv_v2_1.csv", rows, rows[0]["indicator"])
    with pytest.raises(SourceError, match=r"API_x_DS2_en_csv_v2_1.csv, cell A\d+: expected text"):
        read_wdi([csv_path])
