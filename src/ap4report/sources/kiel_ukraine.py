"""Kiel Ukraine Support Tracker release workbook -> data/ukraine_support_kiel.csv.

Reads the sheet "Country Summary (€)": a header row (looked for in the first rows) with
the columns "Country", "EU member" (0/1) and the allocations and commitments by type
("Financial allocations", ..., "Total bilateral commitments"), values in EUR billion, one
row per donor, then total rows. The layout is known from a third party's parser of Kiel's
Release 28 (see kiel_ukraine.yaml); it has not been checked against Kiel's own
documentation.

Rules: every donor must be listed in kiel_ukraine.yaml (rows whose name says "total" are
aggregates and skipped); a value cell holds a number (rounded to 6 decimals) or is empty
(no row: Release 29, for one, gives commitments only as a total); anything else is
refused with the cell. The release's cut-off month (`--as-of YYYY-MM`) is not in the sheet
and must be given.
"""

from __future__ import annotations

import re
from pathlib import Path

from ap4report.sources.common import (
    LayoutError,
    RawFile,
    Release,
    SourceError,
    a1,
    csv_text,
    number_text,
)
from ap4report.sources.sipri_milex import open_workbook

SOURCE = "kiel_ukraine"
COLUMNS = ["donor", "iso3", "eu_member", "measure", "aid_type", "value_eur_bn"]


def header(sheet, path: Path, settings: dict) -> tuple[int, dict[str, int]]:
    """The header row and {column name: column index} of the columns read."""
    wanted = ["Country", "EU member", *settings["columns"]]
    for row in range(1, settings["header_rows"] + 1):
        cells = {
            str(sheet.cell(row, c).value).strip(): c
            for c in range(1, sheet.max_column + 1)
            if sheet.cell(row, c).value is not None
        }
        if "Country" in cells:
            missing = [name for name in wanted if name not in cells]
            if missing:
                raise LayoutError(
                    path,
                    f"the columns {missing} in the header row",
                    sheet=sheet.title,
                    cell=a1(row, cells["Country"]),
                )
            return row, {name: cells[name] for name in wanted}
    raise LayoutError(
        path, f"a header row with 'Country' in rows 1-{settings['header_rows']}", sheet=sheet.title
    )


def read_summary(path: Path, settings: dict, log) -> list[dict]:
    book = open_workbook(path)
    if settings["sheet"] not in book.sheetnames:
        raise LayoutError(path, f"a sheet {settings['sheet']!r} (the sheets are {book.sheetnames})")
    sheet = book[settings["sheet"]]
    row0, columns = header(sheet, path, settings)
    donors = settings["donors"]
    rows, skipped, empty = [], [], 0
    for row in range(row0 + 1, sheet.max_row + 1):
        label = sheet.cell(row, columns["Country"]).value
        name = "" if label is None else str(label).strip()
        if not name:
            continue
        if any(word in name.lower() for word in settings["aggregate_words"]):
            skipped.append(name)
            continue
        if name not in donors:
            raise LayoutError(
                path,
                f"a donor listed in {SOURCE}.yaml (add it with its ISO 3166 code)",
                sheet=sheet.title,
                cell=a1(row, columns["Country"]),
                found=name,
            )
        eu = sheet.cell(row, columns["EU member"]).value
        if eu not in (0, 1) or isinstance(eu, bool):
            raise LayoutError(
                path, "0 or 1", sheet=sheet.title, cell=a1(row, columns["EU member"]), found=eu
            )
        for column_name, (measure, aid_type) in settings["columns"].items():
            cell = sheet.cell(row, columns[column_name])
            if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                empty += 1
                continue
            if not isinstance(cell.value, int | float) or isinstance(cell.value, bool):
                raise LayoutError(
                    path,
                    "a number (EUR bn) or an empty cell",
                    sheet=sheet.title,
                    cell=cell.coordinate,
                    found=cell.value,
                )
            rows.append(
                {
                    "donor": name,
                    "iso3": donors[name],
                    "eu_member": str(bool(eu)),
                    "measure": measure,
                    "aid_type": aid_type,
                    "value_eur_bn": number_text(float(cell.value), settings["decimals"]),
                }
            )
    donors_read = {r["donor"] for r in rows}
    log(f"  read sheet {sheet.title!r}: {len(donors_read)} donors, {len(rows)} values")
    if skipped:
        log(f"  skipped aggregate rows: {skipped}")
    if empty:
        log(f"  {empty} empty cells: no row written for them")
    if not rows:
        raise LayoutError(path, "donor rows under the header", sheet=sheet.title)
    return rows


def read(files, settings, options) -> Release:
    if len(files) != 1:
        raise SourceError("kiel_ukraine reads exactly one release workbook")
    path = Path(files[0])
    match = re.search(settings["release_pattern"], path.name)
    number = options.release or (match.group(1) if match else None)
    if not number:
        raise SourceError(
            f"{path.name}: the release number is not in the file name; give --release (e.g. 30)"
        )
    if not options.as_of or not re.fullmatch(r"\d{4}-\d{2}", options.as_of):
        raise SourceError(
            "kiel_ukraine needs the release's cut-off month: --as-of YYYY-MM (the sheet does not"
            " say it)"
        )
    rows = read_summary(path, settings, options.log)
    rows.sort(key=lambda r: (r["iso3"], r["measure"], r["aid_type"]))
    year, month = options.as_of.split("-")
    values = {
        "release_name": settings["release_name"].format(release=number),
        "as_of_month": f"{month}/{year}",
        "file": path.name,
        "sha256": RawFile(path).record["sha256"],
        "sheet": settings["sheet"],
    }
    fields = {
        k: v.format(**values) for k, v in settings["metadata"]["ukraine_support_kiel"].items()
    }
    fields.update(as_of=options.as_of, retrieved=options.retrieved)
    if options.released:
        fields["released"] = options.released
    options.log(f"  made ukraine_support_kiel: {len(rows)} rows")
    return Release(
        source=SOURCE,
        release=values["release_name"],
        retrieved=options.retrieved,
        released=options.released,
        files=[RawFile(path, (options.urls or [None])[0])],
        tables={"ukraine_support_kiel": csv_text(COLUMNS, rows)},
        fields={"ukraine_support_kiel": fields},
        review=["ukraine_support_kiel: description, as_of_note, caveats"],
    )
