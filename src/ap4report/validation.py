"""Validate every resource of the data package against its Table Schema, with pandera.

Each Table Schema field becomes a pandera column over the raw strings of the CSV, so a
bad cell is reported with its file, line, column, value and what was expected, and no
value is silently coerced. Foreign keys and ISO 3166 codes are checked across files.

Besides the Table Schema constraints (required, unique, enum, pattern, minimum, maximum,
minLength, maxLength) and primary and foreign keys, the validator knows three extensions:

- `iso3166: alpha-3` on a field: every value is an ISO 3166-1 alpha-3 code (pycountry),
  or one of the field's `non_iso_codes`.
- `not_after: today` on a date field (type date, year, yearmonth or a string holding ISO
  dates, partial ones included): no value may lie after the day the validation runs.
  "Future" cannot be a Table Schema `maximum`, which is fixed when the metadata is written,
  so the field says which bound it means and the validator resolves it at run time, from
  `today()` (`datetime.date.today()`). Values compare as ISO text, so a partial date counts
  as its first day: "2026" and "2026-11" are not after 2026-11-27, "2026-12" is. The
  property may also hold a fixed ISO date. Only fields that say so are checked: a planned
  event may rightly lie in the future.
- Every cell is at most MAX_CELL_CHARS characters long (unless the field sets its own
  `maxLength`) and holds no control characters: both mean a broken export.

A file that cannot be read as CSV at all (empty, not UTF-8, a byte-order mark, an
unterminated quote) is reported by `datapackage.read_raw_rows`; metadata that cannot
describe a file (an unknown type, a key naming a missing field) is reported against
`datapackage.yaml` with its line.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from itertools import chain

from ap4report.datapackage import (
    FALSE_VALUES,
    INVISIBLE_CHARACTERS,
    NO_INVISIBLE_CHARACTERS,
    TRUE_VALUES,
    DataFileError,
    DataPackage,
    Resource,
    read_raw_rows,
)
from ap4report.errors import AuthorError
from ap4report.paths import UnsafePath

# ASCII digits only: Python's \d also matches "１" (full-width) and "١" (Arabic-Indic), which
# would pass here and then fail, without a place, inside pandas or Babel.
TYPE_PATTERNS = {
    "integer": (r"[+-]?[0-9]+", "an integer"),
    "year": (r"[0-9]{4}", "a four-digit year"),
    "number": (r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", "a number"),
    "boolean": ("|".join(TRUE_VALUES + FALSE_VALUES), "true or false"),
    "date": (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "a date as YYYY-MM-DD"),
}
NUMERIC_TYPES = ("integer", "number")
# Numbers beyond this magnitude are refused: well above any real value (world GDP in USD is
# about 1e14), below where floats stop counting exactly (2**53) and far from overflow in
# pandas, matplotlib or Babel (1e308 passes a float parse, then overflows in a sum).
MAX_MAGNITUDE = 1e15
FINITE = f"a finite number between -{MAX_MAGNITUDE:.0e} and {MAX_MAGNITUDE:.0e}"
SIGNED_ZERO = "zero without a sign (-0 would read as a negative value in a comparison)"
NON_ASCII_DIGITS = "digits 0-9 (the cell holds other digits, such as full-width ones)"
# The types of Frictionless Table Schema v1; the ones without a pattern are not checked.
TABLE_SCHEMA_TYPES = [
    "any",
    "array",
    "boolean",
    "date",
    "datetime",
    "duration",
    "geojson",
    "geopoint",
    "integer",
    "number",
    "object",
    "string",
    "time",
    "year",
    "yearmonth",
]
DATE_LIKE_TYPES = ("date", "datetime", "year", "yearmonth", "string")
MAX_PROBLEMS_PER_FILE = 25
MAX_CELL_CHARS = 10_000  # the longest real cell is under 1,000 characters
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
NO_CONTROL_CHARACTERS = "text without control characters (such as NUL)"
TOO_LONG = "a cell of at most {} characters"
# A check that fails on every value of a column, in at least this many rows, is reported
# once: the metadata, not the data, is then most likely wrong.
WHOLE_COLUMN_ROWS = 3
MAX_SHOWN_CHARS = 80


def today() -> datetime.date:
    """The date against which `not_after: today` is checked."""
    return datetime.date.today()


def _shown(value: str) -> str:
    if len(value) <= MAX_SHOWN_CHARS:
        return repr(value)
    return f"{value[:60]!r}… ({len(value)} characters)"


@dataclass(frozen=True)
class Problem:
    """One reason a data file was rejected."""

    path: str
    line: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f", line {self.line}"
        if self.column is not None:
            where += f', column "{self.column}"'
        found = "" if self.value is None else f"found {_shown(self.value)}; "
        return f"{where}: {found}expected {self.expected}"


class ValidationFailed(AuthorError):
    """Raised with every problem found; its message lists them, one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = []
        for path in dict.fromkeys(problem.path for problem in problems):
            in_file = [problem for problem in problems if problem.path == path]
            lines += [f"  {problem}" for problem in in_file[:MAX_PROBLEMS_PER_FILE]]
            if len(in_file) > MAX_PROBLEMS_PER_FILE:
                lines.append(f"  {path}: ... and {len(in_file) - MAX_PROBLEMS_PER_FILE} more")
        super().__init__(f"{len(problems)} problem(s) in the data:\n" + "\n".join(lines))


@cache
def iso3166_alpha3() -> frozenset[str]:
    import pycountry

    return frozenset(country.alpha_3 for country in pycountry.countries)


@dataclass(frozen=True)
class Reference:
    values: frozenset[str]
    expected: str


def _not_after(field: dict) -> tuple[str, str]:
    """The latest allowed value of a `not_after` field, as ISO text, and its wording."""
    bound = str(field["not_after"])
    if bound == "today":
        limit = today().isoformat()
        return limit, f"a date not after today ({limit})"
    return bound, f"a date not after {bound}"


def _finite(text) -> bool:
    """A cell that parses as a number is finite and within MAX_MAGNITUDE (other cells are
    the type pattern's to report)."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return True
    return math.isfinite(value) and abs(value) <= MAX_MAGNITUDE


def _unsigned_zero(text) -> bool:
    try:
        return not (float(text) == 0 and str(text).lstrip()[:1] in "+-")
    except (TypeError, ValueError):
        return True


def _max_length(field: dict) -> int:
    return field.get("constraints", {}).get("maxLength", MAX_CELL_CHARS)


def _field_checks(field: dict, references: dict[str, list[Reference]], text_checks: bool = True):
    """The pandera checks that one Table Schema field implies, each with its expectation.

    The order matters: a cell that fails several checks is reported by the first.
    `text_checks=False` leaves out the cell length and control character checks, for a
    column already known to pass them.
    """
    import pandas as pd
    import pandera.pandas as pa

    kind = field.get("type", "string")
    constraints = field.get("constraints", {})

    def full_match(pattern: str, expected: str):
        regex = re.compile(pattern)
        return pa.Check(lambda s: s.str.fullmatch(regex), error=expected)

    def compare(operator: str, limit, expected: str):
        return pa.Check(lambda s: getattr(s, operator)(limit), error=expected)

    checks = []
    if text_checks:
        max_length = _max_length(field)
        checks += [
            pa.Check(
                lambda s: s.str.len() <= max_length,
                error=TOO_LONG.format(max_length),
            ),
            pa.Check(
                lambda s: ~s.str.contains(CONTROL_CHARACTERS, regex=True),
                error=NO_CONTROL_CHARACTERS,
            ),
            pa.Check(
                lambda s: ~s.str.contains(INVISIBLE_CHARACTERS, regex=True),
                error=NO_INVISIBLE_CHARACTERS,
            ),
        ]
    if "minLength" in constraints:
        limit = constraints["minLength"]
        checks.append(
            pa.Check(lambda s: s.str.len() >= limit, error=f"a cell of at least {limit} characters")
        )
    if kind in TYPE_PATTERNS:
        if kind in (*NUMERIC_TYPES, "year", "date"):
            checks.append(
                pa.Check(
                    lambda s: ~s.str.contains(r"[^\x00-\x7f]", regex=True), error=NON_ASCII_DIGITS
                )
            )
        checks.append(full_match(*TYPE_PATTERNS[kind]))
    if kind in NUMERIC_TYPES:
        checks.append(pa.Check(_finite, element_wise=True, error=FINITE))
        checks.append(pa.Check(_unsigned_zero, element_wise=True, error=SIGNED_ZERO))
    if kind == "date":
        checks.append(
            pa.Check(
                lambda s: pd.to_datetime(s, format="%Y-%m-%d", errors="coerce").notna(),
                error="a real calendar date",
            )
        )
    if "pattern" in constraints:
        checks.append(full_match(constraints["pattern"], f"text matching {constraints['pattern']}"))
    if "enum" in constraints:
        allowed = [str(value) for value in constraints["enum"]]
        checks.append(pa.Check.isin(allowed, error=f"one of: {', '.join(allowed)}"))
    for bound, operator, word in (("minimum", "ge", "at least"), ("maximum", "le", "at most")):
        if bound not in constraints:
            continue
        limit = constraints[bound]
        if kind in ("integer", "year", "number"):
            checks.append(
                pa.Check(
                    lambda s, limit=limit, operator=operator: getattr(
                        pd.to_numeric(s, errors="coerce"), operator
                    )(limit).fillna(True),
                    error=f"a value {word} {limit}",
                )
            )
        else:  # ISO dates and text compare as strings
            checks.append(compare(operator, str(limit), f"a value {word} {limit}"))
    if "not_after" in field:
        checks.append(compare("le", *_not_after(field)))
    if field.get("iso3166") == "alpha-3":
        extra = field.get("non_iso_codes", [])
        codes = sorted(iso3166_alpha3() | set(extra))
        checks.append(pa.Check.isin(codes, error="an ISO 3166-1 alpha-3 country code"))
    for target in references.get(field["name"], []):
        checks.append(pa.Check.isin(sorted(target.values), error=target.expected))
    return checks


def pandera_schema(resource: Resource, references: dict[str, list[Reference]], text_suspects=None):
    """The pandera schema for the raw (string) table of a resource.

    `text_suspects`: the columns that need the cell length and control character checks
    (default: all).
    """
    import pandera.pandas as pa

    columns = {}
    for field in resource.fields:
        constraints = field.get("constraints", {})
        text_checks = text_suspects is None or field["name"] in text_suspects
        columns[field["name"]] = pa.Column(
            "string",
            checks=_field_checks(field, references, text_checks),
            nullable=not constraints.get("required", False),
            unique=constraints.get("unique", False),
            description=field.get("description"),
        )
    return pa.DataFrameSchema(
        columns,
        unique=resource.primary_key or None,
        strict=True,
        ordered=True,
        name=resource.name,
    )


DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _header_problems(resource: Resource, header: list[str]) -> list[Problem]:
    expected = resource.field_names
    path = str(resource.path)
    if header == expected:
        return []
    if len(header) == 1 and len(expected) > 1:
        for separator, name in DELIMITERS.items():
            if separator in header[0]:
                return [
                    Problem(
                        path,
                        1,
                        None,
                        header[0],
                        f"columns separated by commas (the file seems to use {name} as"
                        f" delimiter; save it as comma-separated): {', '.join(expected)}",
                    )
                ]
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    problems = []
    if len(header) == len(expected):  # a column renamed in the file or in the metadata
        for position, (found, wanted) in enumerate(zip(header, expected, strict=True)):
            if found in extra and wanted in missing:
                spaces = " (the name has spaces around it)" if found.strip() == wanted else ""
                problems.append(
                    Problem(
                        path,
                        1,
                        found,
                        None,
                        f'the column name "{wanted}"{spaces}: datapackage.yaml names column'
                        f" {position + 1} so; rename it in the file or in the metadata",
                    )
                )
                missing.remove(wanted)
                extra.remove(found)
    for name in missing:
        problems.append(Problem(path, 1, name, None, "this column in the header, which is missing"))
    for name in extra:
        problems.append(
            Problem(
                path,
                1,
                name,
                None,
                f"only the columns {', '.join(expected)} (this column is not in datapackage.yaml)",
            )
        )
    if not problems:
        problems.append(
            Problem(path, 1, None, ",".join(header), f"the columns in order {', '.join(expected)}")
        )
    return problems


def _raw_frame(resource: Resource):
    """The resource's cells as strings ('' → missing), its rows as lists of strings, the
    start line of each row, and any problem with the file's shape. Rows with the wrong
    number of cells are reported and left out of the frame."""
    import numpy as np
    import pandas as pd

    path = str(resource.path)
    header, rows, lines = read_raw_rows(resource.path)
    problems = _header_problems(resource, header)
    if problems:
        return None, rows, lines, problems
    if not rows:
        problem = Problem(path, 2, None, None, "at least one data row after the header")
        return None, rows, lines, [problem]
    width = len(header)
    widths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    ragged = np.flatnonzero(widths != width)
    for position in ragged:
        cells = int(widths[position])
        if cells < width:
            column = header[cells]
            shape = f"the row ends before this column ({width - cells} cell(s) missing)"
        else:
            column = None
            shape = f"the row has {cells - width} cell(s) after the last column"
        problems.append(
            Problem(
                path,
                lines[position],
                column,
                f"{cells} cells",
                f"{width} cells, as in the header; {shape}",
            )
        )
    if len(ragged):
        keep = np.flatnonzero(widths == width)
        rows = [rows[position] for position in keep]
        lines = [lines[position] for position in keep]
    frame = pd.DataFrame(rows, columns=header, dtype="string").replace("", pd.NA)
    return frame, rows, lines, problems


def _is_text_check(check: str) -> bool:
    """Whether a failed check is about the cell's length or characters, not its value
    (spaces around such a value are no hint)."""
    return check in (NO_CONTROL_CHARACTERS, NO_INVISIBLE_CHARACTERS) or check.startswith(
        TOO_LONG.split("{", 1)[0]
    )


def _line_list(lines: list[int], shown: int = 5) -> str:
    """'3, 4, 7', or '3, 4, 7, 9, 12 and 195 more': an error line stays short."""
    text = ", ".join(map(str, lines[:shown]))
    return text + (f" and {len(lines) - shown} more" if len(lines) > shown else "")


def _twin_lines(frame, columns: list[str], lines: list[int]) -> dict[int, list[int]]:
    """For every row whose values in `columns` another row repeats: the other rows' lines."""
    duplicated = frame[frame.duplicated(columns, keep=False)]
    twins = {}
    for positions in duplicated.groupby(columns, dropna=False, sort=False).indices.values():
        indices = duplicated.index[positions]
        for index in indices:
            twins[int(index)] = [lines[other] for other in indices if other != index]
    return twins


def _failure_problems(resource: Resource, frame, lines: list[int], failure_cases) -> list[Problem]:
    """Turn pandera's failure cases into problems with line numbers: one per cell (the
    first check it fails), one per duplicated key, one per column that fails as a whole."""
    import pandas as pd

    path = str(resource.path)
    key = resource.primary_key
    problems = []
    cases = failure_cases.assign(index=failure_cases["index"].astype("Int64"))

    rows = cases[cases["check"] == "multiple_fields_uniqueness"]
    if len(rows):
        twins = _twin_lines(frame, key, lines)
        for index in sorted(set(rows["index"].dropna().astype(int))):
            problems.append(
                Problem(
                    path,
                    lines[index],
                    ", ".join(key),
                    ", ".join(str(value) for value in frame.loc[index, key]),
                    f"a unique key (the same key is on line {_line_list(twins[index])})",
                )
            )

    cells = cases[cases["check"] != "multiple_fields_uniqueness"].copy()
    cells["order"] = pd.to_numeric(cells["check_number"], errors="coerce").fillna(-1)
    cells = cells.sort_values(["order"], kind="stable").drop_duplicates(["column", "index"])
    unique_twins = {
        column: _twin_lines(frame[frame[column].notna()], [column], lines)
        for column in cells.loc[cells["check"] == "field_uniqueness", "column"].unique()
    }
    for (column, check), group in cells.groupby(["column", "check"], sort=False, dropna=False):
        filled = int(frame[column].notna().sum()) if column in frame else 0
        if (
            check not in ("not_nullable", "field_uniqueness")
            and len(group) >= WHOLE_COLUMN_ROWS
            and len(group) == filled
        ):
            first = group.sort_values("index").iloc[0]
            problems.append(
                Problem(
                    path,
                    lines[int(first["index"])],
                    column,
                    str(first["failure_case"]),
                    f"{check}; all {filled} values in this column fail, so datapackage.yaml"
                    " may describe the column wrongly (its type or constraints)",
                )
            )
            continue
        for case in group.itertuples(index=False):
            index = None if pd.isna(case.index) else int(case.index)
            value = None if pd.isna(case.failure_case) else str(case.failure_case)
            if check == "not_nullable":
                expected = "a value (this column is required)"
            elif check == "field_uniqueness":
                others = _line_list(unique_twins[column].get(index, []))
                expected = f"a value that no other row has (the same value is on line {others})"
            else:
                expected = str(check)
            if value is not None and value != value.strip() and not _is_text_check(check):
                expected += " (the value has spaces around it)"
            line = lines[index] if index is not None else None
            problems.append(Problem(path, line, column, value, expected))
    return problems


def validate_table(resource: Resource, references: dict[str, list[Reference]]):
    """Validate one CSV resource; return (its raw frame or None, problems)."""
    import pandera.pandas as pa

    try:
        frame, rows, lines, problems = _raw_frame(resource)
    except DataFileError as error:
        return None, [Problem(error.path, error.line, error.column, None, error.expected)]
    if frame is None:
        return None, problems
    # Cell length and control characters are checked over all cells at once first,
    # without pandera's cost per check; only if one fails are they checked per column.
    shortest_limit = min(_max_length(field) for field in resource.fields)
    cells = list(chain.from_iterable(rows))
    joined = "\n".join(cells)
    suspicious = max(map(len, cells), default=0) > shortest_limit or bool(
        re.search(CONTROL_CHARACTERS, joined) or re.search(INVISIBLE_CHARACTERS, joined)
    )
    text_suspects = None if suspicious else set()
    try:
        pandera_schema(resource, references, text_suspects).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        found = _failure_problems(resource, frame, lines, errors.failure_cases)
        column_order = {name: i for i, name in enumerate(resource.field_names)}
        problems += sorted(found, key=lambda p: (p.line or 0, column_order.get(p.column, -1)))
    return frame, problems


def validate_geojson(resource: Resource) -> list[Problem]:
    path = str(resource.path)
    try:
        document = json.loads(resource.path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        return [Problem(path, line, None, None, f"valid UTF-8 GeoJSON ({error})")]
    if document.get("type") != "FeatureCollection" or not document.get("features"):
        return [Problem(path, None, None, None, "a GeoJSON FeatureCollection with features")]
    return []


def _metadata_path(package: DataPackage) -> str:
    return str(package.path or package.base_dir / "datapackage.yaml")


def _metadata_line(package: DataPackage, resource: str, field: str | None, key: str) -> int | None:
    """The line of `key` in the resource's entry of datapackage.yaml (or in one of its
    fields), from the YAML parser's marks; None if it cannot be found."""
    import yaml

    if package.path is None:
        return None

    def value_of(node, name):
        """The (key node, value node) of `name` in a mapping node."""
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == name:
                    return key_node, value_node
        return None, None

    def item_named(node, name):
        """The item of a sequence node whose `name` is `name`."""
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                if getattr(value_of(item, "name")[1], "value", None) == name:
                    return item
        return None

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        root = yaml.compose(package.path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError:
        return None
    node = item_named(value_of(root, "resources")[1], resource)
    if field is not None:
        node = item_named(value_of(value_of(node, "schema")[1], "fields")[1], field)
    key_node = value_of(node, key)[0]
    return None if key_node is None else key_node.start_mark.line + 1


def _metadata_problems(package: DataPackage, resource: Resource) -> list[Problem]:
    """Problems with a resource's entry in datapackage.yaml that keep its file from
    being checked at all."""
    path, name = _metadata_path(package), resource.name
    problems = []

    def problem(field, key, value, expected):
        line = _metadata_line(package, name, field, key)
        problems.append(Problem(path, line, field, value, f"{expected} (resource {name!r})"))

    fields = resource.field_names
    for field in resource.fields:
        kind = field.get("type", "string")
        if kind not in TABLE_SCHEMA_TYPES:
            problem(
                field["name"],
                "type",
                str(kind),
                f"a Table Schema type: {', '.join(TABLE_SCHEMA_TYPES)}",
            )
        if "not_after" in field:
            bound = str(field["not_after"])
            if kind not in DATE_LIKE_TYPES:
                problem(
                    field["name"],
                    "not_after",
                    bound,
                    f"not_after only on a field of type {', '.join(DATE_LIKE_TYPES)}",
                )
            elif bound != "today" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", bound):
                problem(field["name"], "not_after", bound, "not_after: today, or an ISO date")
    for key in resource.primary_key:
        if key not in fields:
            problem(None, "schema", key, "a primaryKey that names fields of the schema")
    for foreign_key in resource.foreign_keys:
        target = foreign_key["reference"]
        if foreign_key["fields"] not in fields:
            problem(
                None,
                "schema",
                str(foreign_key["fields"]),
                "foreignKeys that name fields of the schema",
            )
        if target["resource"] not in package.resources:
            problem(
                None,
                "schema",
                str(target["resource"]),
                "foreignKeys that point to a resource of the package",
            )
        elif target["fields"] not in package[target["resource"]].field_names:
            problem(
                None,
                "schema",
                str(target["fields"]),
                f"foreignKeys that point to a field of {target['resource']!r}",
            )
    return problems


def _references_for(resource: Resource, package: DataPackage, frames: dict) -> dict:
    references: dict[str, list[Reference]] = {}
    for foreign_key in resource.foreign_keys:
        fields = foreign_key["fields"]
        target = foreign_key["reference"]
        target_fields = target["fields"]
        if isinstance(fields, list) or isinstance(target_fields, list):
            raise NotImplementedError("only single-column foreign keys are supported")
        target_frame = frames.get(target["resource"])
        if target_frame is None:  # the target's own problems are reported already
            continue
        values = frozenset(target_frame[target_fields].dropna())
        target_path = package[target["resource"]].descriptor["path"]
        references.setdefault(fields, []).append(
            Reference(values, f'a value listed in column "{target_fields}" of {target_path}')
        )
    return references


def _with_references(package: DataPackage, names) -> list[Resource]:
    """The named resources and those their foreign keys point to, referenced ones first."""

    def targets(name):
        resource = package[name]
        if not resource.is_tabular:
            return []
        found = [fk["reference"]["resource"] for fk in resource.foreign_keys]
        return [target for target in found if target in package.resources]

    wanted, queue = set(), list(names)
    while queue:
        name = queue.pop()
        if name not in wanted:
            wanted.add(name)
            queue += targets(name)
    referenced = {target for name in wanted for target in targets(name)}
    return sorted(
        (package[name] for name in wanted), key=lambda r: (r.name not in referenced, r.name)
    )


# Tables already found valid in this process, by the bytes of the file, its metadata and
# the tables its foreign keys point to. Jobs run as threads of one Snakemake process, so
# a file that `validate_data` checked is not checked again by each step that reads it.
_VALID_TABLES: dict[tuple, object] = {}


def _cache_key(resource: Resource, package: DataPackage) -> tuple:
    import hashlib

    def fingerprint(table: Resource) -> tuple[str, str]:
        content = hashlib.sha256(table.path.read_bytes()).hexdigest()
        return content, json.dumps(table.descriptor, sort_keys=True, default=str)

    targets = sorted({fk["reference"]["resource"] for fk in resource.foreign_keys})
    return (
        fingerprint(resource),
        tuple(fingerprint(package[name]) for name in targets if package[name].path.exists()),
        today().isoformat(),  # `not_after: today` depends on the day
    )


def _path_problem(package: DataPackage, resource: Resource) -> Problem | None:
    """A problem if the resource's path leads out of the package's folder."""
    try:
        resource.path  # noqa: B018 (refuses a path outside data/)
    except UnsafePath:
        line = _metadata_line(package, resource.name, None, "path")
        value = str(resource.descriptor.get("path"))[:200]
        expected = f"a file inside {package.base_dir.as_posix()}/, after symlinks"
        return Problem(
            _metadata_path(package), line, None, value, f"{expected} ({resource.name!r})"
        )
    return None


def resource_files(package_file) -> dict[str, str]:
    """Each resource's file by name, for the workflow's inputs; ValidationFailed (with the
    line of datapackage.yaml) for a path out of the package's folder, so that nothing
    outside data/ is ever an input."""
    package = DataPackage.load(package_file)
    problems = [_path_problem(package, r) for r in package.resources.values()]
    if any(problems):
        raise ValidationFailed([problem for problem in problems if problem])
    return {name: str(resource.path) for name, resource in package.resources.items()}


def validate_resources(package: DataPackage, names=None) -> dict:
    """Validate the named resources (default: all) and the tables they reference.

    Returns the raw (string) frame of each table. Raises ValidationFailed listing every
    problem in every file.
    """
    problems: list[Problem] = []
    frames: dict = {}
    for resource in _with_references(package, names or list(package.resources)):
        outside = _path_problem(package, resource)
        if outside:
            problems.append(outside)
            continue
        if not resource.path.exists():
            line = _metadata_line(package, resource.name, None, "path")
            where = _metadata_path(package) + (f", line {line}" if line else "")
            problems.append(
                Problem(
                    str(resource.path),
                    None,
                    None,
                    None,
                    f"this file to exist (resource {resource.name!r} names it as its path in"
                    f" {where})",
                )
            )
        elif resource.is_tabular:
            found = _metadata_problems(package, resource)
            if found:
                problems += found
                frames[resource.name] = None
                continue
            key = _cache_key(resource, package)
            if key in _VALID_TABLES:
                frames[resource.name] = _VALID_TABLES[key]
                continue
            frame, found = validate_table(resource, _references_for(resource, package, frames))
            problems += found
            frames[resource.name] = frame
            if not found:
                _VALID_TABLES[key] = frame
        else:
            problems += validate_geojson(resource)
    if problems:
        raise ValidationFailed(problems)
    return frames


def validate_package(package: DataPackage) -> dict[str, int]:
    """Validate every resource; return the row count of each table."""
    return {name: len(frame) for name, frame in validate_resources(package).items()}
