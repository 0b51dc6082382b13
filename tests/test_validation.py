"""Validation: a good package passes; each kind of bad file is rejected with its place."""

from __future__ import annotations

import pytest

from ap4report.datapackage import DataPackage
from ap4report.validation import ValidationFailed, validate_package

HEADER = "iso3,year,share_gdp_pct,signed\n"


def problems_for(small_package):
    with pytest.raises(ValidationFailed) as caught:
        validate_package(DataPackage.load(small_package.root / "datapackage.yaml"))
    return caught.value.problems, str(caught.value)


def test_good_package_passes_and_counts_rows(small_package):
    counts = validate_package(DataPackage.load(small_package.root / "datapackage.yaml"))
    assert counts == {"countries": 2, "spending": 3}


@pytest.mark.parametrize(
    ("body", "line", "column", "value", "expected"),
    [
        ("POL,2023,abc,\n", 2, "share_gdp_pct", "abc", "a number"),
        ("POL,20x3,3.8,\n", 2, "year", "20x3", "a four-digit year"),
        ("POL,2023,103.5,\n", 2, "share_gdp_pct", "103.5", "at most 100"),
        ("POL,2023,-1,\n", 2, "share_gdp_pct", "-1", "at least 0"),
        ("XXX,2023,1.0,\n", 2, "iso3", "XXX", 'listed in column "iso3" of countries.csv'),
        ("POL,2023,,\n", 2, "share_gdp_pct", None, "required"),
        ("POL,2023,1.0,2023-02-30\n", 2, "signed", "2023-02-30", "a real calendar date"),
        ("POL,2023,1.0,11/07/2023\n", 2, "signed", "11/07/2023", "YYYY-MM-DD"),
        ("POL,2023,1.0,2031-01-01\n", 2, "signed", "2031-01-01", "at most 2026-12-31"),
    ],
)
def test_bad_cell_is_named_by_file_line_column_and_value(
    small_package, body, line, column, value, expected
):
    path = small_package("spending.csv", HEADER + "JPN,2024,1.37,\n" + body)
    problems, message = problems_for(small_package)
    matching = [p for p in problems if p.column == column and expected in p.expected]
    assert matching, message
    assert matching[0].path == str(path)
    assert matching[0].line == line + 1  # the good row sits on line 2
    assert matching[0].value == value
    assert f'spending.csv, line {line + 1}, column "{column}"' in message


def test_missing_column_is_reported_on_the_header_line(small_package):
    small_package("spending.csv", "iso3,year,signed\nPOL,2023,\n")
    problems, message = problems_for(small_package)
    assert [(p.line, p.column) for p in problems] == [(1, "share_gdp_pct")]
    assert "missing" in message


def test_extra_column_is_reported(small_package):
    small_package("spending.csv", HEADER.strip() + ",note\nPOL,2023,1.0,,x\n")
    problems, _ = problems_for(small_package)
    assert [(p.line, p.column) for p in problems] == [(1, "note")]


def test_wrong_delimiter_gets_a_hint(small_package):
    small_package("spending.csv", "iso3;year;share_gdp_pct;signed\nPOL;2023;1.0;\n")
    _, message = problems_for(small_package)
    assert "delimiter" in message


def test_unknown_iso_code_in_reference_table(small_package):
    small_package(
        "countries.csv", "iso3,group\nPOL,NATO member\nJPN,AP4 partner\nQQQ,AP4 partner\n"
    )
    problems, _ = problems_for(small_package)
    assert any(p.line == 4 and p.column == "iso3" and "ISO 3166" in p.expected for p in problems)


def test_enumeration_lists_the_allowed_values(small_package):
    small_package("countries.csv", "iso3,group\nPOL,NATO member\nJPN,Partner\n")
    problems, _ = problems_for(small_package)
    assert [(p.line, p.value, p.expected) for p in problems] == [
        (3, "Partner", "one of: NATO member, AP4 partner")
    ]


def test_duplicate_key_names_both_lines(small_package):
    small_package("spending.csv", HEADER + "POL,2023,1.0,\nJPN,2024,1.3,\nPOL,2023,2.0,\n")
    problems, message = problems_for(small_package)
    duplicates = [p for p in problems if "unique key" in p.expected]
    assert {p.line for p in duplicates} == {2, 4}
    assert "same key is on line 4" in message


def test_bad_encoding_names_the_line_and_column(small_package):
    small_package(
        "spending.csv", (HEADER + "POL,2023,1.0,\nPOL,2024,1.5,Kraków\n").encode("latin-1")
    )
    problems, message = problems_for(small_package)
    assert [(p.line, p.column) for p in problems] == [(3, "signed")]
    assert "not valid UTF-8" in message
    assert "'Kraków'" in message  # the cell as Latin-1 would read it


def test_byte_order_mark_is_rejected(small_package):
    small_package("spending.csv", b"\xef\xbb\xbf" + (HEADER + "POL,2023,1.0,\n").encode())
    _, message = problems_for(small_package)
    assert "byte-order mark" in message


@pytest.mark.parametrize("content", ["", "\n\n", HEADER])
def test_empty_and_header_only_files_are_rejected(small_package, content):
    small_package("spending.csv", content)
    problems, message = problems_for(small_package)
    assert len(problems) == 1
    assert "spending.csv" in message
    assert ("empty" in message) or ("at least one data row" in message)


def test_ragged_row_is_reported_once_at_its_first_missing_column(small_package):
    small_package("spending.csv", HEADER + "POL,2023,1.0\n")
    problems, _ = problems_for(small_package)
    assert [(p.line, p.column, p.value) for p in problems] == [(2, "signed", "3 cells")]
    assert problems[0].expected.startswith("4 cells, as in the header")


def test_every_problem_in_every_file_is_reported_at_once(small_package):
    small_package("countries.csv", "iso3,group\nPOL,NATO member\nJPN,Partner\n")
    small_package("spending.csv", HEADER + "POL,2023,abc,\n")
    problems, _ = problems_for(small_package)
    assert {p.path.rsplit("/", 1)[1] for p in problems} == {"countries.csv", "spending.csv"}
