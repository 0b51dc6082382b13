"""SIPRI Military Expenditure Database workbook -> data/milex.csv and data/milex_footnotes.csv.

The layout read (SIPRI's yearly workbook, e.g. SIPRI-Milex-data-1949-2024.xlsx):

* one sheet per measure; this reader uses "Constant (YYYY) US$" (the price year is taken
  from the sheet name), "Current US$" and "Share of GDP" (a fraction, written x 100), and
  the "Footnotes" sheet; other sheets are not read;
* title rows above a header row: "Country" in column A, "Notes" in B, then consecutive
  years as numbers; region and subregion label rows carry no values;
* value cells hold a number, a missing-value token (". .", "..", "...": no row written) or
  "xxx" (the country did not exist: no row written);
* the font colour of a value flags it: blue = SIPRI estimate, red = highly uncertain;
* the Notes column holds footnote numbers and symbols (e.g. "‖73"); the Footnotes sheet
  holds each numbered footnote as number (column A) and text (column B).

Anything else (a missing sheet or country, a header not found, a year header that is not
a year, an unknown text or font colour in a value cell, a footnote referenced but not
found) is refused with the file, sheet and cell, and nothing is written.
"""

from __future__ import annotations

import re
from pathlib import Path

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
)

SOURCE = "sipri_milex"
MILEX_COLUMNS = [
    "iso3",
    "sipri_country",
    "year",
    "indicator",
    "value",
    "unit",
    "sipri_flag",
    "sipri_note_ref",
]
FOOTNOTE_COLUMNS = ["sipri_note_ref", "footnote"]


def open_workbook(path: Path):
    """The workbook, or LayoutError naming the file: one that would unpack to more than
    MAX_FILE_BYTES is refused before openpyxl reads it, and so is any file openpyxl cannot
    parse (with defusedxml installed, openpyxl refuses XML with entity declarations)."""
    from openpyxl import load_workbook

    check_unpacked_size(path, "an Excel workbook (.xlsx)")
    try:
        return load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file it cannot parse
        reason = str(error).splitlines()[0][:200] if str(error) else ""
        raise LayoutError(
            path, f"an Excel workbook (.xlsx) ({type(error).__name__}: {reason})"
        ) from None


def find_sheets(book, path: Path, settings: dict) -> dict:
    """The sheets read, by role, and the price year of the constant-price sheet."""
    sheets = settings["sheets"]
    constant = [
        (name, re.fullmatch(sheets["constant"], name))
        for name in book.sheetnames
        if re.fullmatch(sheets["constant"], name)
    ]
    if len(constant) != 1:
        raise LayoutError(
            path,
            f"one sheet named like 'Constant (2024) US$' (found {len(constant)}; the sheets are"
            f" {book.sheetnames})",
        )
    found = {"constant": book[constant[0][0]], "price_year": int(constant[0][1].group(1))}
    for role in ("current", "share", "footnotes"):
        if sheets[role] not in book.sheetnames:
            raise LayoutError(
                path, f"a sheet named {sheets[role]!r} (the sheets are {book.sheetnames})"
            )
        found[role] = book[sheets[role]]
    return found


def header(sheet, path: Path, settings: dict) -> tuple[int, dict[int, int]]:
    """The header row and its year columns {column index: year}."""
    for row in range(1, settings["header_rows"] + 1):
        if str(sheet.cell(row, 1).value or "").strip() == "Country":
            break
    else:
        raise LayoutError(
            path,
            f"a header row with 'Country' in column A within rows 1-{settings['header_rows']}",
            sheet=sheet.title,
        )
    notes = sheet.cell(row, 2).value
    if str(notes or "").strip() != "Notes":
        raise LayoutError(path, "'Notes'", sheet=sheet.title, cell=a1(row, 2), found=notes)
    years: dict[int, int] = {}
    column = 3
    while (value := sheet.cell(row, column).value) not in (None, ""):
        year = value if isinstance(value, int) else None
        if isinstance(value, str) and value.strip().isdigit():
            year = int(value.strip())
        if isinstance(value, float) and value.is_integer():
            year = int(value)
        expected = years[column - 1] + 1 if years else None
        if year is None or not 1900 <= year <= 2100 or (expected and year != expected):
            wanted = f"the year {expected}" if expected else "a year (a number such as 1949)"
            raise LayoutError(path, wanted, sheet=sheet.title, cell=a1(row, column), found=value)
        years[column] = year
        column += 1
    if not years:
        raise LayoutError(path, "years from column C on", sheet=sheet.title, cell=a1(row, 3))
    for extra in range(column + 1, sheet.max_column + 1):
        if sheet.cell(row, extra).value not in (None, ""):
            raise LayoutError(
                path,
                "nothing after the last year",
                sheet=sheet.title,
                cell=a1(row, extra),
                found=sheet.cell(row, extra).value,
            )
    return row, years


def colour_key(cell) -> str:
    """The font colour of a cell as a key of `font_colours` (e.g. 'rgb:FF0000FF')."""
    color = cell.font.color if cell.font is not None else None
    if color is None:
        return "none"
    if color.type == "rgb":
        return f"rgb:{str(color.rgb).upper()}"
    if color.type == "theme":
        tint = f"~{color.tint:g}" if color.tint else ""
        return f"theme:{color.theme}{tint}"
    if color.type == "indexed":
        return f"indexed:{color.indexed}"
    return str(color.type)  # "auto": Excel's automatic colour


def read_sheet(sheet, path: Path, settings: dict, wanted: dict[str, str]) -> dict:
    """{iso3: (name, notes, {year: (number, flag)}, missing count)} for the wanted countries
    (iso3 -> SIPRI's name), from `first_year` on."""
    header_row, years = header(sheet, path, settings)
    by_name = {name: iso3 for iso3, name in wanted.items()}
    missing_tokens = list(settings["missing_tokens"])
    gone_tokens = list(settings["not_existing_tokens"])
    colours = settings["font_colours"]
    found: dict[str, tuple] = {}
    for row in range(header_row + 1, sheet.max_row + 1):
        label = sheet.cell(row, 1).value
        name = str(label).strip() if label is not None else ""
        if name not in by_name:
            continue
        iso3 = by_name[name]
        if iso3 in found:
            raise LayoutError(
                path, f"{name!r} once in column A", sheet=sheet.title, cell=a1(row, 1)
            )
        note = sheet.cell(row, 2).value
        note = "" if note is None else str(note)
        plain_text(note, path, sheet=sheet.title, cell=a1(row, 2))
        values, skipped = {}, 0
        for column, year in years.items():
            if year < settings["first_year"]:
                continue
            cell = sheet.cell(row, column)
            value = cell.value
            if isinstance(value, bool) or value is None:
                empty = " (the cell is empty)" if value is None else ""
                raise LayoutError(
                    path,
                    "a number or one of "
                    + ", ".join(map(repr, [*missing_tokens, *gone_tokens]))
                    + empty,
                    sheet=sheet.title,
                    cell=a1(row, column),
                    found=value,
                )
            if isinstance(value, str):
                token = value.strip()
                if token in missing_tokens or token in gone_tokens:
                    skipped += 1
                    continue
                raise LayoutError(
                    path,
                    "a number or one of " + ", ".join(map(repr, [*missing_tokens, *gone_tokens])),
                    sheet=sheet.title,
                    cell=a1(row, column),
                    found=value,
                )
            key = colour_key(cell)
            if key not in colours:
                raise LayoutError(
                    path,
                    f"a font colour listed under font_colours in {SOURCE}.yaml "
                    f"({', '.join(colours)})",
                    sheet=sheet.title,
                    cell=a1(row, column),
                    found=key,
                )
            values[year] = (value, colours[key])
        found[iso3] = (name, note, values, skipped)
    absent = [f"{name!r} ({iso3})" for iso3, name in wanted.items() if iso3 not in found]
    if absent:
        raise LayoutError(
            path,
            f"a row for each country read; not found in column A: {', '.join(absent)}",
            sheet=sheet.title,
        )
    return {"years": years, "countries": found}


def read_footnotes(sheet, path: Path) -> dict[int, str]:
    """{number: text} from rows with a footnote number in column A and its text in B."""
    notes: dict[int, str] = {}
    for row in range(1, sheet.max_row + 1):
        number, text = sheet.cell(row, 1).value, sheet.cell(row, 2).value
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        if isinstance(number, str) and number.strip().isdigit():
            number = int(number.strip())
        if not isinstance(number, int) or isinstance(number, bool):
            continue
        if not isinstance(text, str) or not text.strip():
            raise LayoutError(
                path, "the footnote's text", sheet=sheet.title, cell=a1(row, 2), found=text
            )
        plain_text(text, path, sheet=sheet.title, cell=a1(row, 2))
        if number in notes:
            raise LayoutError(
                path, f"footnote {number} once", sheet=sheet.title, cell=a1(row, 1), found=number
            )
        notes[number] = text
    if not notes:
        raise LayoutError(
            path, "numbered footnotes (number in column A, text in B)", sheet=sheet.title
        )
    return notes


def estimates_phrase(rows: list[dict], flag: str) -> str:
    """'all 15 China years and Russia 2010-2012 and 2022-2024': the flagged rows of one
    indicator, as the caveats of milex describe them (logged, for the person who updates
    the hand-written caveats)."""
    by_country: dict[str, list[int]] = {}
    all_years: dict[str, int] = {}
    for row in rows:
        all_years[row["sipri_country"]] = all_years.get(row["sipri_country"], 0) + 1
        if row["sipri_flag"] == flag:
            by_country.setdefault(row["sipri_country"], []).append(int(row["year"]))
    parts = []
    for country, years in by_country.items():
        if len(years) == all_years[country]:
            parts.append(f"all {len(years)} {country} years")
            continue
        runs, start = [], years[0]
        for previous, year in zip(years, [*years[1:], None], strict=True):
            if year != previous + 1:
                runs.append(str(start) if start == previous else f"{start}-{previous}")
                start = year
        parts.append(f"{country} {' and '.join(runs)}")
    return " and ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + " and " + parts[-1]


def read(files: list[Path], settings: dict, options: Options) -> Release:
    """Read SIPRI's workbook into a Release (nothing is written here)."""
    log, retrieved = options.log, options.retrieved
    if len(files) != 1:
        raise LayoutError(files[0] if files else "(none)", "exactly one SIPRI workbook")
    path = Path(files[0])
    book = open_workbook(path)
    log(f"  opened {path.name}: {len(book.sheetnames)} sheets")
    sheets = find_sheets(book, path, settings)
    price_year = sheets["price_year"]
    wanted = settings["countries"]
    rows: list[dict] = []
    sheet_years = None
    skipped = 0
    for role in ("constant", "current", "share"):
        sheet = sheets[role]
        spec = settings["indicators"][role]
        code = spec["code"].format(price_year=price_year)
        unit = spec["unit"].format(price_year=price_year)
        found = read_sheet(sheet, path, settings, wanted)
        sheet_years = sheet_years or found["years"]
        count = 0
        for iso3, (name, note, values, missing) in found["countries"].items():
            skipped += missing
            for year, (value, flag) in values.items():
                scaled = value * spec["scale"] if spec["scale"] != 1 else value
                rows.append(
                    {
                        "iso3": iso3,
                        "sipri_country": name,
                        "year": str(year),
                        "indicator": code,
                        "value": number_text(scaled, spec["decimals"]),
                        "unit": unit,
                        "sipri_flag": flag,
                        "sipri_note_ref": note,
                    }
                )
                count += 1
        log(f"  read sheet {sheet.title!r}: {len(found['countries'])} countries, {count} values")
    if skipped:
        log(f"  {skipped} cells held a missing-value token or 'xxx': no row written for them")
    if not rows:
        raise LayoutError(path, f"values from {settings['first_year']} on", sheet=None)
    rows.sort(key=lambda r: (r["iso3"], int(r["year"]), r["indicator"]))
    for flag in ("estimate", "highly_uncertain"):
        constant = [r for r in rows if r["indicator"].startswith("milex_constant_")]
        if any(r["sipri_flag"] == flag for r in constant):
            log(f"  flagged {flag}: {estimates_phrase(constant, flag)}")

    footnotes = read_footnotes(sheets["footnotes"], path)
    referenced = sorted({int(n) for r in rows for n in re.findall(r"\d+", r["sipri_note_ref"])})
    unknown = [n for n in referenced if n not in footnotes]
    if unknown:
        raise LayoutError(
            path,
            f"footnotes {unknown} (referenced in the Notes column) in the footnotes sheet",
            sheet=sheets["footnotes"].title,
        )
    notes = [{"sipri_note_ref": str(n), "footnote": footnotes[n]} for n in referenced]
    log(
        f"  read sheet {sheets['footnotes'].title!r}: {len(footnotes)} footnotes, {len(notes)} kept"
    )

    years = [int(r["year"]) for r in rows]
    values = {
        "edition_year": max(sheet_years.values()) + 1,
        "sheet_first": min(sheet_years.values()),
        "sheet_last": max(sheet_years.values()),
        "first": min(years),
        "last": max(years),
        "price_year": price_year,
        "n_countries": len(wanted),
        "rows": len(rows),
        "file": path.name,
        "sha256": RawFile(path).record["sha256"],
        "constant_sheet": sheets["constant"].title,
    }
    release = Release(
        source=SOURCE,
        release=options.release or settings["release_name"].format(**values),
        retrieved=retrieved,
        released=options.released,
        files=[RawFile(path, (options.urls or [None])[0])],
        tables={
            "milex": csv_text(MILEX_COLUMNS, rows),
            "milex_footnotes": csv_text(FOOTNOTE_COLUMNS, notes),
        },
        review=["milex: description, caveats", "milex_footnotes: description, caveats"],
    )
    for name, templates in settings["metadata"].items():
        fields = {key: text.format(**values) for key, text in templates.items()}
        fields["as_of"] = str(values["last"])
        fields["retrieved"] = retrieved
        if options.released:
            fields["released"] = options.released
        release.fields[name] = fields
    release.schema["milex"] = lambda schema: milex_schema(schema, rows, values)
    log(f"  made milex: {len(rows)} rows; milex_footnotes: {len(notes)} rows")
    return release


def milex_schema(schema: dict, rows: list[dict], values: dict) -> None:
    """The schema facts of milex.csv that follow the data: indicator codes and units (the
    price year), the flags that occur, the largest share of GDP."""
    fields = {f["name"]: f for f in schema["fields"]}
    price_year = values["price_year"]
    indicators = sorted({r["indicator"] for r in rows})
    fields["indicator"]["description"] = (
        f"milex_constant_{price_year}_usd_m = US$ million, constant {price_year} prices and"
        " exchange rates; milex_current_usd_m = US$ million, current prices and exchange rates;"
        " milex_share_gdp_pct = military expenditure as % of GDP (SIPRI fraction x 100)."
    )
    fields["indicator"].setdefault("constraints", {})["enum"] = indicators
    fields["unit"].setdefault("constraints", {})["enum"] = sorted({r["unit"] for r in rows})
    flags = sorted({r["sipri_flag"] for r in rows} - {""})
    fields["sipri_flag"].setdefault("constraints", {})["enum"] = flags or ["estimate"]
    red = (
        "'highly_uncertain' = highly uncertain (red)"
        if "highly_uncertain" in flags
        else "'highly_uncertain' (red) does not occur in this extract"
    )
    fields["sipri_flag"]["description"] = (
        f"From the cell colour in the SIPRI sheet: 'estimate' = SIPRI estimate (blue); {red};"
        " empty = no flag."
    )
    shares = [float(r["value"]) for r in rows if r["indicator"] == "milex_share_gdp_pct"]
    fields["value"]["description"] = (
        "Value in the unit of the row (US$ values rounded to 2 decimals, share to 4 decimals"
        " by the extractor). Shares of GDP lie between 0 and 100 (max in this extract:"
        f" {max(shares)})."
    )
