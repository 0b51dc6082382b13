"""Files in the publishers' layouts, built from the project's own data, for the tests of
`ap4report.sources`.

The SIPRI workbook here is a RECONSTRUCTION of the layout of SIPRI's 2025 workbook (sheet
names, title rows above the header, region rows, '. .' and 'xxx', blue and red fonts, the
Notes column, a Footnotes sheet, the sheets not read), as described by SIPRI's legend and
by public code that reads the real file. It is not SIPRI's file: the values are those of
data/milex.csv (plus a little noise below the rounding), and every other number and text
in it is made up.

Below them, the helpers the tests of the readers and of `fetch` share.
"""

from __future__ import annotations

import csv
import hashlib
import http.server
import json
import threading
from pathlib import Path

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from ap4report.sources.common import Options

from conftest import DATA

BLUE, RED = "FF0000FF", "FFFF0000"
FLAG_COLOURS = {"estimate": BLUE, "highly_uncertain": RED}

# Region and subregion rows, and where the project's countries sit among them (as in
# SIPRI's sheets); "Ruritania" and "USSR" are made-up / historical rows not read.
REGIONS = [
    ("Africa", []),
    ("North Africa", ["Ruritania"]),
    ("Americas", []),
    ("North America", ["Canada", "United States of America"]),
    ("Asia & Oceania", []),
    ("Oceania", ["Australia", "New Zealand"]),
    ("East Asia", ["China", "Japan", "Korea, South"]),
    ("Europe", []),
    ("Central Europe", ["Estonia", "Lithuania", "Poland"]),
    ("Eastern Europe", ["Russia", "USSR"]),
    ("Western Europe", ["Finland", "France", "Germany", "Italy", "Sweden", "United Kingdom"]),
]
EXTRA_SHEETS = [
    "Front page",
    "Regional totals",
    "Local currency financial years",
    "Local currency calendar years",
]


def csv_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def milex_rows() -> list[dict]:
    return csv_rows(DATA / "milex.csv")


def footnote_rows() -> list[dict]:
    return csv_rows(DATA / "milex_footnotes.csv")


def not_existing(country: str, year: int) -> bool:
    """Made-up 'xxx' cells: the USSR after 1991, the Baltic states before 1992."""
    return (country == "USSR" and year > 1991) or (
        country in ("Estonia", "Lithuania") and year < 1992
    )


def _cell_value(row: dict) -> int | float:
    """The workbook's number for a row of milex.csv: a fraction for shares of GDP, an
    integer where the CSV has one, otherwise the value plus noise below the rounding."""
    text = row["value"]
    if row["indicator"] == "milex_share_gdp_pct":
        return float(text) / 100 + 3e-9
    if "." not in text:
        return int(text)
    return float(text) + 0.0012


def _data_sheet(book, title, rows, first_year, last_year, header_row, indicator):
    sheet = book.create_sheet(title)
    sheet.cell(1, 1, f"Military expenditure by country, {title}, {first_year}-{last_year}")
    sheet.cell(2, 1, "Figures in blue are SIPRI estimates. Figures in red indicate highly")
    sheet.cell(3, 1, ". . = data unavailable. xxx = country did not exist or was not independent.")
    sheet.cell(4, 1, "Made-up fixture text: a reconstruction of the layout, not SIPRI's file.")
    sheet.cell(header_row, 1, "Country")
    sheet.cell(header_row, 2, "Notes")
    years = list(range(first_year, last_year + 1))
    for offset, year in enumerate(years):
        sheet.cell(header_row, 3 + offset, year)
    by_country: dict[str, dict[int, dict]] = {}
    notes: dict[str, str] = {}
    for row in rows:
        if indicator is not None and row["indicator"] == indicator:
            by_country.setdefault(row["sipri_country"], {})[int(row["year"])] = row
            notes[row["sipri_country"]] = row["sipri_note_ref"]
    line = header_row + 2  # one blank row under the header
    for region, countries in REGIONS:
        sheet.cell(line, 1, region)
        line += 1
        for country in countries:
            sheet.cell(line, 1, country)
            note = notes.get(country, "")
            if note:
                sheet.cell(line, 2, int(note) if note.isdigit() else note)
            for offset, year in enumerate(years):
                cell = sheet.cell(line, 3 + offset)
                found = by_country.get(country, {}).get(year)
                if found is not None:
                    cell.value = _cell_value(found)
                    if found["sipri_flag"]:
                        cell.font = Font(color=FLAG_COLOURS[found["sipri_flag"]])
                elif not_existing(country, year):
                    cell.value = "xxx"
                else:
                    cell.value = ". ."
            line += 1
    return sheet


def sipri_workbook(
    path: Path,
    rows: list[dict] | None = None,
    footnotes: list[dict] | None = None,
    price_year: int = 2023,
    last_year: int = 2024,
    first_year: int = 1949,
) -> Path:
    """Write a workbook in the layout of SIPRI's 2025 edition (see the module docstring)."""
    rows = milex_rows() if rows is None else rows
    footnotes = footnote_rows() if footnotes is None else footnotes
    book = Workbook()
    front = book.active
    front.title = EXTRA_SHEETS[0]
    front.cell(1, 1, "SIPRI Military Expenditure Database (layout reconstruction for tests)")
    front.cell(3, 1, "Made-up fixture: values from data/milex.csv; all other content invented.")
    for title in EXTRA_SHEETS[1:]:
        book.create_sheet(title).cell(1, 1, f"{title} (not read; fixture)")
    measures = [
        (f"Constant ({price_year}) US$", 6, f"milex_constant_{price_year}_usd_m"),
        ("Current US$", 6, "milex_current_usd_m"),
        ("Share of GDP", 6, "milex_share_gdp_pct"),
        ("Per capita", 7, None),
        ("Share of Govt. spending", 8, None),
    ]
    for title, header_row, indicator in measures:
        _data_sheet(book, title, rows, first_year, last_year, header_row, indicator)
    notes = book.create_sheet("Footnotes")
    notes.cell(1, 1, "Footnotes")
    notes.cell(3, 1, "The following special notes are used in each worksheet")
    for line, (symbol, text) in enumerate(
        [("†", "Made-up: without pensions"), ("‖", "Made-up: currency redenominated")], 4
    ):
        notes.cell(line, 1, symbol)
        notes.cell(line, 2, text)
    notes.cell(7, 1, "Numbered footnote references can be found in each of the data sheets")
    line = 8
    notes.cell(line, 1, 1)
    notes.cell(line, 2, "Ruritania: a made-up footnote that no country read refers to.")
    for footnote in footnotes:
        line += 1
        notes.cell(line, 1, int(footnote["sipri_note_ref"]))
        notes.cell(line, 2, footnote["footnote"])
    book.save(path)
    return path


def next_edition_rows(rows: list[dict], price_year: int = 2024, year: int = 2025) -> list[dict]:
    """Made-up rows of a next edition: constant prices rebased to `price_year` and a new
    `year` with the previous year's values (not SIPRI's figures)."""
    out = []
    for row in rows:
        new = dict(row)
        if row["indicator"].startswith("milex_constant_"):
            new["indicator"] = f"milex_constant_{price_year}_usd_m"
            new["unit"] = f"US$ million (constant {price_year} prices and exchange rates)"
        out.append(new)
        if row["year"] == str(year - 1):
            out.append({**new, "year": str(year)})
    return out


# World Bank ------------------------------------------------------------------------------


def gdp_rows() -> list[dict]:
    return csv_rows(DATA / "gdp_population.csv")


def wdi_json(path: Path, rows: list[dict], lastupdated: str = "2026-07-01", pages: int = 1):
    """The World Bank API's JSON for these rows (a page header, then one record a row)."""
    records = [
        {
            "indicator": {"id": row["indicator"], "value": "made-up indicator name"},
            "country": {"id": row["iso3"][:2], "value": row["wb_country_name"]},
            "countryiso3code": row["iso3"],
            "date": row["year"],
            "value": None if row["value"] == "" else float(row["value"]),
            "unit": "",
            "obs_status": "",
            "decimal": 0,
        }
        for row in rows
    ]
    page = {
        "page": 1,
        "pages": pages,
        "per_page": 20000,
        "total": len(records),
        "sourceid": "2",
        "sourcename": "World Development Indicators",
        "lastupdated": lastupdated,
    }
    path.write_text(json.dumps([page, records]), encoding="utf-8")
    return path


def wdi_csv(path: Path, rows: list[dict], indicator: str, lastupdated: str = "2026-07-01"):
    """The CSV of the World Bank's download (API_<indicator>_DS2_en_csv_v2_*.csv): four
    lines of metadata, then one row per country with a column per year from 1960."""
    years = [str(y) for y in range(1960, 2026)]
    wanted = [r for r in rows if r["indicator"] == indicator]
    countries = {r["iso3"]: r["wb_country_name"] for r in wanted}
    values = {(r["iso3"], r["year"]): r["value"] for r in wanted}
    lines = [
        '"Data Source","World Development Indicators",',
        "",
        f'"Last Updated Date","{lastupdated}",',
        "",
        ",".join(f'"{c}"' for c in ["Country Name", "Country Code", "Indicator Name"])
        + ',"Indicator Code",'
        + ",".join(f'"{y}"' for y in years)
        + ",",
    ]
    lines.append(
        '"Made-up Land","MUL","made-up indicator name","' + indicator + '",' + "," * len(years)
    )
    for iso3, name in sorted(countries.items()):
        cells = [f'"{values.get((iso3, y), "")}"' for y in years]
        lines.append(
            f'"{name}","{iso3}","made-up indicator name","{indicator}",' + ",".join(cells) + ","
        )
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


# Kiel -------------------------------------------------------------------------------------

KIEL_COLUMNS = [
    "Country",
    "EU member",
    "Geographic Europe",
    "Financial allocations",
    "Humanitarian allocations",
    "Military allocations",
    "Total bilateral allocations",
    "Financial commitments",
    "Humanitarian commitments",
    "Military commitments",
    "Total bilateral commitments",
]


def kiel_rows() -> list[dict]:
    return csv_rows(DATA / "ukraine_support_kiel.csv")


def kiel_workbook(path: Path, rows: list[dict], header_row: int = 8, total_row: bool = True):
    """A workbook with the 'Country Summary (€)' sheet as a third party's parser of Kiel's
    Release 28 reads it (header on row 8, named columns, EU member as 0/1, EUR bn); a
    measure not given in `rows` is an empty cell. Made up around the project's values."""
    book = Workbook()
    book.active.title = "Read me"
    sheet = book.create_sheet("Country Summary (€)")
    sheet.cell(1, 2, "Ukraine Support Tracker - Country Summary (made-up fixture)")
    for column, name in enumerate(KIEL_COLUMNS, 2):
        sheet.cell(header_row, column, name)
    donors: dict[str, dict] = {}
    for row in rows:
        donor = donors.setdefault(row["donor"], {"eu": row["eu_member"] == "True"})
        key = f"{row['aid_type'].capitalize()} {row['measure']}s"
        if row["aid_type"] == "total":
            key = f"Total bilateral {row['measure']}s"
        donor[key] = float(row["value_eur_bn"])
    line = header_row + 1
    for name, donor in donors.items():
        sheet.cell(line, 2, name)
        sheet.cell(line, 3, 1 if donor["eu"] else 0)
        sheet.cell(line, 4, 1)
        for column, key in enumerate(KIEL_COLUMNS[3:], 5):
            if key in donor:
                sheet.cell(line, column, donor[key])
        line += 1
    if total_row:
        sheet.cell(line, 2, "Total")
        sheet.cell(line, 6, 999.0)
    book.save(path)
    return path


# Helpers of the tests -----------------------------------------------------------------


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


def csv_rows_of(text: str) -> list[dict]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))


def _drop_sheet(name):
    return lambda book: book.remove(book[name])


SIPRI_URL_PATH = "/sites/default/files/SIPRI-Milex-data-1949-2024_2.xlsx"


class Server:
    """A local HTTP server (127.0.0.1) serving {path: bytes}, redirecting {path: URL};
    other paths are 404."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}
        files, redirects = self.files, self.redirects

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path.split("?")[0] in redirects:
                    self.send_response(302)
                    self.send_header("Location", redirects[self.path.split("?")[0]])
                    self.end_headers()
                    return
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
