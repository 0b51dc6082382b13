"""World Bank WDI (GDP, population) -> data/gdp_population.csv.

Two layouts are read:

* the API's JSON (`api.worldbank.org/v2/country/.../indicator/...?format=json`): a list of
  two items, a page header (`page`, `pages`, `lastupdated`, ...) and the records
  (`indicator.id`, `country.value`, `countryiso3code`, `date`, `value`); a file that holds
  only one page of several is refused;
* the CSV of the download (`API_<indicator>_DS2_en_csv_v2_*.csv`, alone or in its zip):
  "Data Source" and "Last Updated Date" lines, then the header "Country Name",
  "Country Code", "Indicator Name", "Indicator Code", "1960", ...

Rows of the indicators found in the files are replaced; rows of another indicator (when
only one indicator's file is read) stay as they are, with their own vintage. Values are
written as Python's shortest form of the number (population 22031750.0, GDP
1148890200292.4233), empty or null values give no row.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

from ap4report.sources import common
from ap4report.sources.common import (
    LayoutError,
    Options,
    RawFile,
    Release,
    a1,
    check_unpacked_size,
    csv_text,
    number_text,
    plain_text,
    read_csv_rows,
)

SOURCE = "wdi"
COLUMNS = ["iso3", "wb_country_name", "year", "indicator", "value", "unit", "vintage"]
CSV_HEADER = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _number(value, path, where):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise LayoutError(path, f"a number or null at {where}", found=value)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise LayoutError(path, f"a number or null at {where}", found=value) from None


def read_json(path: Path, text: str) -> tuple[str, list[tuple]]:
    """(last updated, [(iso3, name, year, indicator, value)]) from the API's JSON."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise LayoutError(path, f"JSON ({error})") from None
    except RecursionError:
        raise LayoutError(path, "JSON nested a few levels deep, not thousands") from None
    if (
        isinstance(document, list)
        and len(document) == 1
        and isinstance(document[0], dict)
        and "message" in document[0]
    ):
        raise LayoutError(path, "data, not an error message of the API", found=document[0])
    if not (isinstance(document, list) and len(document) == 2 and isinstance(document[0], dict)):
        raise LayoutError(path, "a list of a page header and a list of records")
    page, records = document
    if page.get("pages") != 1 or page.get("page") != 1:
        raise LayoutError(
            path,
            "the whole result on one page (download with a larger per_page)",
            found=f"page {page.get('page')} of {page.get('pages')}",
        )
    updated = str(page.get("lastupdated") or "")
    if not DATE.fullmatch(updated):
        raise LayoutError(path, "'lastupdated' (YYYY-MM-DD) in the page header", found=updated)
    if not isinstance(records, list):
        raise LayoutError(path, "a list of records after the page header")
    out = []
    for index, record in enumerate(records, 1):
        where = f"record {index}"
        try:
            iso3 = record["countryiso3code"]
            name = record["country"]["value"]
            indicator = record["indicator"]["id"]
            year = record["date"]
            value = record["value"]
        except (KeyError, TypeError):
            raise LayoutError(
                path, f"countryiso3code, country, indicator, date and value in {where}"
            ) from None
        if not re.fullmatch(r"\d{4}", str(year)):
            raise LayoutError(path, f"a year (YYYY) as the date of {where}", found=year)
        if not all(isinstance(text, str) for text in (iso3, name, indicator)):
            raise LayoutError(
                path, f"text as the country's code and name and the indicator of {where}"
            )
        plain_text(name, f"{path.name}, {where}")
        out.append((iso3, name, str(year), indicator, _number(value, path, where)))
    return updated, out


# The csv module's default field limit: no cell of the World Bank's CSV comes near it.
FIELD_LIMIT = 131_072


def read_download_csv(path: Path, text: str, member: str | None = None) -> tuple[str, list]:
    """(last updated, rows) from the CSV of the World Bank's download."""
    name = f"{path.name}:{member}" if member else path.name
    try:
        lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as error:
        raise LayoutError(name, f"CSV ({error})") from None
    # The csv module's own limit is process-wide and other libraries raise it; keep ours.
    if any(len(cell) > FIELD_LIMIT for line in lines for cell in line):
        raise LayoutError(name, f"CSV (fields of at most {FIELD_LIMIT:,} characters)")
    updated = ""
    for line in lines[:4]:
        if line and line[0] == "Last Updated Date" and len(line) > 1:
            updated = line[1]
    if not DATE.fullmatch(updated):
        raise LayoutError(name, "a line 'Last Updated Date',YYYY-MM-DD in the first 4 lines")
    header = next((i for i, line in enumerate(lines) if line[:4] == CSV_HEADER), None)
    if header is None or header > 6:
        raise LayoutError(name, f"a header row starting {CSV_HEADER} within the first 7 lines")
    years = {}
    for column, cell in enumerate(lines[header][4:], 5):
        if cell == "" and column == len(lines[header]):
            continue  # the download ends every line with a comma
        if not re.fullmatch(r"\d{4}", cell):
            raise LayoutError(name, "a year", cell=a1(header + 1, column), found=cell)
        years[column - 1] = cell
    out = []
    for number, line in enumerate(lines[header + 1 :], header + 2):
        if not line:
            continue
        if len(line) < 4:
            raise LayoutError(name, "the four name and code columns", cell=a1(number, 1))
        plain_text(line[0], name, cell=a1(number, 1))
        for index, year in years.items():
            cell = line[index] if index < len(line) else ""
            value = _number(cell, name, f"cell {a1(number, index + 1)}")
            out.append((line[1], line[0], year, line[3], value))
    return updated, out


def read_file(path: Path) -> tuple[str, str, list]:
    """(kind, last updated, rows) of one file: JSON, CSV, or the download's zip."""
    if path.stat().st_size > common.MAX_FILE_BYTES:
        raise LayoutError(path, f"a file of at most {common.MAX_FILE_BYTES:,} bytes")
    if zipfile.is_zipfile(path):
        check_unpacked_size(path)
        with zipfile.ZipFile(path) as archive:
            members = [
                m for m in archive.namelist() if re.fullmatch(r"API_.+_DS2_.+\.csv", Path(m).name)
            ]
            if len(members) != 1:
                raise LayoutError(path, "one API_<indicator>_DS2_*.csv in the zip", found=members)
            try:
                text = archive.read(members[0]).decode("utf-8-sig")
            except UnicodeDecodeError:
                raise LayoutError(f"{path.name}:{members[0]}", "UTF-8 text") from None
            except (zipfile.BadZipFile, OSError, ValueError) as error:
                raise LayoutError(path, f"a readable zip archive ({error})") from None
            return ("CSV download", *read_download_csv(path, text, members[0]))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise LayoutError(path, "UTF-8 text (JSON or CSV) or a zip") from None
    if text.lstrip().startswith("["):
        return ("API", *read_json(path, text))
    return ("CSV download", *read_download_csv(path, text))


def read(files, settings, options: Options) -> Release:
    """Read the WDI files into a Release; rows of indicators not in the files are kept."""
    log, retrieved, urls = options.log, options.retrieved, options.urls
    wanted = set(settings["countries"])
    units = settings["indicators"]
    rows, kinds, dates, found = [], set(), set(), set()
    for path in map(Path, files):
        kind, updated, records = read_file(path)
        kinds.add(kind)
        dates.add(updated)
        vintage = settings["vintage"].format(kind=kind, last_updated=updated)
        count = 0
        for iso3, name, year, indicator, value in records:
            if iso3 not in wanted or int(year) < settings["first_year"]:
                continue
            if indicator not in units:
                raise LayoutError(path, f"only the indicators {list(units)}", found=indicator)
            found.add(indicator)
            if value is None:
                continue
            rows.append(
                {
                    "iso3": iso3,
                    "wb_country_name": name,
                    "year": year,
                    "indicator": indicator,
                    "value": number_text(value),
                    "unit": units[indicator],
                    "vintage": vintage,
                }
            )
            count += 1
        log(f"  read {path.name} ({kind}, last updated {updated}): {count} values")
    missing = wanted - {r["iso3"] for r in rows}
    if missing or not rows:
        raise LayoutError(
            files[0], f"values for every country read; none for {sorted(missing) or 'any'}"
        )
    keys = [(r["iso3"], r["year"], r["indicator"]) for r in rows]
    if len(set(keys)) != len(keys):
        raise LayoutError(files[0], "one value per country, year and indicator across the files")
    kept = [
        r
        for r in read_csv_rows(Path(options.data_dir) / "gdp_population.csv")
        if r["indicator"] not in found
    ]
    if kept:
        others = sorted({r["indicator"] for r in kept})
        log(f"  kept {len(kept)} rows of {others} (not in the files read)")
    table = sorted(rows + kept, key=lambda r: (r["iso3"], int(r["year"]), r["indicator"]))
    values = {
        "kind": " and ".join(sorted(kinds)),
        "last_updated": max(dates),
        "indicators": ", ".join(sorted(found)),
        "files": "; ".join(
            f"{p.name} (sha256 {RawFile(p).record['sha256']})" for p in map(Path, files)
        ),
    }
    release = Release(
        source=SOURCE,
        release=options.release or settings["release_name"].format(**values),
        retrieved=retrieved,
        released=options.released,
        files=[
            RawFile(Path(p), u) for p, u in zip(files, urls or [None] * len(files), strict=True)
        ],
        tables={"gdp_population": csv_text(COLUMNS, table)},
        review=["gdp_population: title, description, as_of_note, caveats"],
    )
    fields = {k: v.format(**values) for k, v in settings["metadata"]["gdp_population"].items()}
    fields["as_of"] = str(max(int(r["year"]) for r in table))
    fields["retrieved"] = retrieved
    if options.released:
        fields["released"] = options.released
    release.fields["gdp_population"] = fields
    vintages = sorted({r["vintage"] for r in table})

    def schema(schema: dict) -> None:
        field = next(f for f in schema["fields"] if f["name"] == "vintage")
        field.setdefault("constraints", {})["enum"] = vintages

    release.schema["gdp_population"] = schema
    log(f"  made gdp_population: {len(table)} rows, vintages {vintages}")
    return release
