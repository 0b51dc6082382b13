"""Generate the corpus of broken data files and its manifest, `cases.yaml`.

Each case is a real dataset from `data/` (cut to its first KEEP_ROWS rows where the case
allows) with one targeted corruption, or an edit of `datapackage.yaml` that makes the
metadata disagree with a real file. `tests/project/test_broken_inputs.py` puts each case in place
in a copy of `data/` and checks that validation rejects it with the expected file, line,
column and message.

Run from anywhere: `python tests/broken/make_corpus.py`. The output depends only on the
files in `data/`; rerun it after they change (line numbers in the manifest follow them).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / "data"
FILES = HERE / "files"
KEEP_ROWS = 20


def table(name: str, rows: int | None = KEEP_ROWS) -> tuple[list[str], list[list[str]]]:
    """The header and the first `rows` rows (all rows if None) of a real dataset."""
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        header, *body = csv.reader(handle)
    return header, body if rows is None else body[:rows]


def csv_text(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    """Rows written as the real files are (the writer reproduces them byte for byte)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows([header, *rows])
    return buffer.getvalue()


def line_of(row_index: int) -> int:
    """The file line of a data row (row 0 is on line 2, after the header)."""
    return row_index + 2


def with_cell(name: str, row: int, column: str, value: str, rows: int | None = KEEP_ROWS):
    """A dataset with one cell replaced; returns (text, line, column)."""
    header, body = table(name, rows)
    body[row][header.index(column)] = value
    return csv_text(header, body), line_of(row), column


def row_where(name: str, column: str, value: str) -> int:
    header, body = table(name, None)
    return next(i for i, row in enumerate(body) if row[header.index(column)] == value)


CASES: list[dict] = []


def case(id: str, dataset: str, description: str, phrase: str, **details):
    """A case; `details`: file and content, metadata, line, column, names."""
    entry = {"id": id, "dataset": dataset}
    for key in ("file", "content", "metadata", "names", "line", "column"):
        if key in details:
            entry[key] = details.pop(key)
    assert not details, details
    CASES.append({**entry, "phrase": phrase, "description": description})


def file_case(id, dataset, description, phrase, content, line, column, **details):
    """A case whose broken file replaces the dataset's CSV."""
    case(
        id,
        dataset,
        description,
        phrase,
        file=f"files/{id}.csv",
        content=content,
        line=line,
        column=column,
        **details,
    )


def build_cases() -> None:
    CASES.clear()
    milex_header, milex = table("milex.csv")
    milex_text = csv_text(milex_header, milex)

    # Encoding
    turkey = row_where("countries.csv", "country", "Türkiye")
    file_case(
        "latin1_encoding",
        "countries",
        "countries.csv saved as Latin-1 (Türkiye's ü is the single byte 0xFC)",
        "not valid UTF-8",
        csv_text(*table("countries.csv", None)).encode("latin-1"),
        line_of(turkey),
        "country",
    )
    file_case(
        "utf8_bom",
        "milex",
        "milex.csv saved as 'UTF-8 with BOM' (as Excel does)",
        "byte-order mark",
        b"\xef\xbb\xbf" + milex_text.encode("utf-8"),
        1,
        "iso3",
    )
    good = with_cell("milex.csv", 2, "sipri_country", "Australia@")[0].encode("utf-8")
    file_case(
        "invalid_utf8",
        "milex",
        "a truncated multi-byte sequence (0xE2 0x80, the start of '‖') in a cell",
        "not valid UTF-8",
        good.replace(b"Australia@", b"Australia\xe2\x80"),
        line_of(2),
        "sipri_country",
    )

    # Shape of the file
    file_case(
        "delimiter_semicolon",
        "milex",
        "milex.csv exported with ';' as delimiter",
        "semicolons as delimiter",
        csv_text(milex_header, milex, delimiter=";"),
        1,
        None,
    )
    file_case(
        "delimiter_tab",
        "gdp_population",
        "gdp_population.csv exported as tab-separated values",
        "tabs as delimiter",
        csv_text(*table("gdp_population.csv"), delimiter="\t"),
        1,
        None,
    )
    drop = milex_header.index("sipri_country")
    file_case(
        "missing_column",
        "milex",
        "the column sipri_country is left out",
        "which is missing",
        csv_text(
            [c for i, c in enumerate(milex_header) if i != drop],
            [[c for i, c in enumerate(row) if i != drop] for row in milex],
        ),
        1,
        "sipri_country",
    )
    file_case(
        "extra_column",
        "milex",
        "an extra column 'source' that the metadata does not describe",
        "this column is not in datapackage.yaml",
        csv_text([*milex_header, "source"], [[*row, "SIPRI"] for row in milex]),
        1,
        "source",
    )
    ragged = [list(row) for row in milex]
    ragged[4] = ragged[4][:-1]
    file_case(
        "ragged_row",
        "milex",
        "one row lacks its last cell (a comma too few)",
        "8 cells, as in the header",
        csv_text(milex_header, ragged),
        line_of(4),
        "sipri_note_ref",
    )
    text, line, _ = with_cell("milex.csv", 7, "sipri_country", "Australia@")
    file_case(
        "unterminated_quote",
        "milex",
        "a quoted cell whose closing quote is missing",
        "never closed",
        text.replace(",Australia@,", ',"Australia,'),
        line,
        "sipri_country",
    )
    file_case(
        "header_only",
        "milex",
        "the header row and no data",
        "at least one data row after the header",
        csv_text(milex_header, []),
        2,
        None,
    )
    file_case("empty_file", "milex", "a 0-byte file", "the file is empty", b"", 1, None)
    file_case(
        "whitespace_only",
        "milex",
        "spaces, a tab and blank lines only",
        "only whitespace",
        "  \n\t\n\n   \n",
        1,
        None,
    )
    file_case(
        "blank_first_line",
        "milex",
        "a blank line before the header",
        "the header row on line 1",
        "\n" + milex_text,
        1,
        None,
    )

    # Types
    file_case(
        "text_in_number",
        "milex",
        "text in the number column value",
        "a number",
        *with_cell("milex.csv", 3, "value", "approx. 23160"),
    )
    file_case(
        "decimal_in_integer",
        "ukraine_support_kiel_ap4_monthly",
        "a decimal in the integer column month",
        "an integer",
        *with_cell("ukraine_support_kiel_ap4_monthly.csv", 1, "month", "3.5"),
    )
    file_case(
        "na_string_in_number",
        "milex",
        "the string 'NA' for a missing number",
        "a number",
        *with_cell("milex.csv", 5, "value", "NA"),
    )
    file_case(
        "nan_string_in_number",
        "gdp_population",
        "the string 'NaN' (pandas' missing value) in a number column",
        "a number",
        *with_cell("gdp_population.csv", 3, "value", "NaN"),
    )
    file_case(
        "thousands_separator",
        "ukraine_support_kiel_ap4_monthly",
        "a number written with a thousands separator (quoted, so the row keeps its shape)",
        "a number",
        *with_cell("ukraine_support_kiel_ap4_monthly.csv", 2, "gdp", "1,312.77115526256"),
    )
    file_case(
        "wrong_boolean",
        "ukraine_support_kiel",
        "'yes' in the boolean column eu_member",
        "true or false",
        *with_cell("ukraine_support_kiel.csv", 1, "eu_member", "yes"),
    )

    # Values
    file_case(
        "required_empty",
        "milex",
        "an empty cell in the required column indicator",
        "this column is required",
        *with_cell("milex.csv", 6, "indicator", ""),
    )
    file_case(
        "negative_amount",
        "ukraine_support_kiel",
        "a negative amount of aid",
        "a value at least 0",
        *with_cell("ukraine_support_kiel.csv", 1, "value_eur_bn", "-0.160899"),
    )
    # Hostile values (issue 14): each passed the old patterns, then failed inside pandas,
    # matplotlib or Babel without a place, or showed other text than the file holds.
    file_case(
        "number_fullwidth_digits",
        "milex",
        "full-width digits, which Python's \\d accepts",
        "digits 0-9",
        *with_cell("milex.csv", 3, "value", "１.３７"),
    )
    file_case(
        "number_overflows_to_infinity",
        "milex",
        "1e309, which reads as infinity",
        "a finite number",
        *with_cell("milex.csv", 4, "value", "1e309"),
    )
    file_case(
        "number_too_large",
        "milex",
        "1e308: finite, but a sum of two overflows",
        "a finite number",
        *with_cell("milex.csv", 5, "value", "1e308"),
    )
    file_case(
        "integer_too_large_for_int64",
        "itpp",
        "an integer beyond the range of Int64",
        "a finite number",
        *with_cell("itpp.csv", 0, "n_cooperation_areas", "123456789012345678901234"),
    )
    file_case(
        "negative_zero",
        "milex",
        "-0, which passes 'at least 0' and reads as negative in a sign test",
        "zero without a sign",
        *with_cell("milex.csv", 7, "value", "-0"),
    )
    file_case(
        "bidi_override",
        "milex",
        "a right-to-left override (U+202E) that shows the name reversed",
        "bidi controls",
        *with_cell("milex.csv", 2, "sipri_country", "Austr\u202eailla"),
    )
    file_case(
        "zero_width_space",
        "milex",
        "a zero-width space (U+200B) inside a name",
        "zero-width characters",
        *with_cell("milex.csv", 8, "sipri_country", "Aus\u200btralia"),
    )
    file_case(
        "percentage_above_100",
        "trade_china",
        "a share of trade above 100 percent",
        "a value at most 100",
        *with_cell("trade_china.csv", 0, "share_pct", "138.208"),
    )
    duplicate = [list(row) for row in milex]
    duplicate.append([*milex[2][:4], "1.9", *milex[2][5:]])
    file_case(
        "duplicate_primary_key",
        "milex",
        "a second row for the same iso3, year and indicator",
        f"the same key is on line {line_of(2)}",
        csv_text(milex_header, duplicate),
        line_of(len(duplicate) - 1),
        "iso3, year, indicator",
    )
    file_case(
        "iso_code_nonexistent",
        "milex",
        "a well-formed ISO code that no country has",
        "an ISO 3166-1 alpha-3 country code",
        *with_cell("milex.csv", 1, "iso3", "XXZ"),
    )
    text, line, column = with_cell("summit_attendance.csv", 1, "iso3", "CHN", rows=None)
    file_case(
        "iso_code_not_in_countries",
        "summit_attendance",
        "a real ISO code (China) that countries.csv, the foreign-key target, does not list",
        'a value listed in column "iso3" of countries.csv',
        text.replace(",Japan,CHN,", ",China,CHN,"),
        line,
        column,
    )
    file_case(
        "enum_trailing_space",
        "milex",
        "an enumerated value with a trailing space",
        "the value has spaces around it",
        *with_cell("milex.csv", 4, "indicator", "milex_current_usd_m "),
    )
    vilnius = row_where("summit_attendance.csv", "summit_city", "Vilnius")
    file_case(
        "impossible_date",
        "summit_attendance",
        "30 February",
        "a real calendar date",
        *with_cell("summit_attendance.csv", vilnius, "summit_start_date", "2023-02-30", None),
    )
    file_case(
        "date_wrong_format",
        "summit_attendance",
        "a date written DD/MM/YYYY",
        "a date as YYYY-MM-DD",
        *with_cell("summit_attendance.csv", 0, "summit_start_date", "02/04/2008", None),
    )
    last = len(table("summit_attendance.csv", None)[1]) - 1
    file_case(
        "future_date",
        "summit_attendance",
        "a summit that ends after the build date (the field is flagged not_after: today)",
        "a date not after today",
        *with_cell("summit_attendance.csv", last, "summit_end_date", "2099-06-25", None),
        metadata={"field": "summit_end_date", "set": {"not_after": "today"}},
    )
    file_case(
        "future_partial_date",
        "rok_poland_arms",
        "a contract signed in a future month (partial ISO date; not_after: today)",
        "a date not after today",
        *with_cell("rok_poland_arms.csv", 1, "date_signed", "2099-07"),
        metadata={"field": "date_signed", "set": {"not_after": "today"}},
    )
    file_case(
        "very_long_field",
        "milex",
        "a 20,000-character cell (a paste gone wrong)",
        "a cell of at most 10000 characters",
        *with_cell("milex.csv", 8, "sipri_country", "Australia " * 2000),
    )
    file_case(
        "control_character",
        "milex",
        "a NUL byte inside a cell",
        "without control characters",
        *with_cell("milex.csv", 9, "sipri_country", "Austra\x00lia"),
    )

    # Metadata that disagrees with the files
    renamed = ["country" if c == "sipri_country" else c for c in milex_header]
    file_case(
        "metadata_column_renamed_in_csv",
        "milex",
        "the CSV calls sipri_country 'country'; datapackage.yaml was not updated",
        'the column name "sipri_country"',
        csv_text(renamed, milex),
        1,
        "country",
    )
    case(
        "metadata_integer_but_text",
        "milex",
        "datapackage.yaml declares sipri_country an integer; every row holds a name",
        "may describe the column wrongly",
        line=2,
        column="sipri_country",
        metadata={"field": "sipri_country", "set": {"type": "integer"}},
    )
    case(
        "metadata_missing_file",
        "milex",
        "datapackage.yaml names a file that is not there",
        "this file to exist",
        line=None,
        column=None,
        names="milex_2025.csv",
        metadata={"set": {"path": "milex_2025.csv"}},
    )
    case(
        "metadata_path_traversal",
        "milex",
        "a resource path that leads out of data/: ../../etc/passwd",
        "a file inside",
        line=None,
        column=None,
        names="datapackage.yaml",
        metadata={"set": {"path": "../../etc/passwd"}},
    )
    case(
        "metadata_path_absolute",
        "milex",
        "a resource path that leads out of data/: an absolute path",
        "a file inside",
        line=None,
        column=None,
        names="datapackage.yaml",
        metadata={"set": {"path": "/etc/passwd"}},
    )
    case(
        "metadata_path_proc_environ",
        "milex",
        "a resource path that leads out of data/: the process environment",
        "a file inside",
        line=None,
        column=None,
        names="datapackage.yaml",
        metadata={"set": {"path": "/proc/self/environ"}},
    )
    case(
        "metadata_unknown_type",
        "milex",
        "a misspelt type in datapackage.yaml",
        "a Table Schema type",
        line=None,  # a line of datapackage.yaml, which the test checks holds the typo
        column="value",
        names="datapackage.yaml",
        metadata={"field": "value", "set": {"type": "numbr"}},
    )


def main() -> None:
    build_cases()
    FILES.mkdir(exist_ok=True)
    for old in FILES.glob("*.csv"):
        old.unlink()
    manifest = []
    for entry in CASES:
        entry = dict(entry)
        content = entry.pop("content", None)
        if content is not None:
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (HERE / entry["file"]).write_bytes(data)
        manifest.append(entry)
    header = (
        "# Broken-input corpus: generated by make_corpus.py (edit the cases there).\n"
        "# id: case name; dataset: the resource whose file `file` replaces (in a copy of\n"
        "# data/); metadata: an edit of that resource (or `field`) in datapackage.yaml;\n"
        "# line, column: where the message must point (null: not applicable);\n"
        "# names: the file the message names, if not the dataset's; phrase: a phrase of\n"
        "# the expected message.\n"
    )
    text = yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100)
    (HERE / "cases.yaml").write_text(header + text, encoding="utf-8")
    print(f"{len(manifest)} cases written to {HERE}")


if __name__ == "__main__":
    main()
