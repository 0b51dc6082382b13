"""Validate every resource of the data package against its Table Schema, with pandera.

Each Table Schema field becomes a pandera column over the raw strings of the CSV, so a
bad cell is reported with its file, line, column, value and what was expected, and no
value is silently coerced. Foreign keys and ISO 3166 codes are checked across files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from ap4report.datapackage import (
    FALSE_VALUES,
    TRUE_VALUES,
    DataFileError,
    DataPackage,
    Resource,
    read_raw_rows,
)

TYPE_PATTERNS = {
    "integer": (r"[+-]?\d+", "an integer"),
    "year": (r"\d{4}", "a four-digit year"),
    "number": (r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", "a number"),
    "boolean": ("|".join(TRUE_VALUES + FALSE_VALUES), "true or false"),
    "date": (r"\d{4}-\d{2}-\d{2}", "a date as YYYY-MM-DD"),
}
MAX_PROBLEMS_PER_FILE = 25


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
        if self.column:
            where += f', column "{self.column}"'
        found = "" if self.value is None else f"found {self.value!r}; "
        return f"{where}: {found}expected {self.expected}"


class ValidationFailed(Exception):
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


def _field_checks(field: dict, references: dict[str, frozenset[str]]):
    """The pandera checks that one Table Schema field implies, each with its expectation."""
    import pandas as pd
    import pandera.pandas as pa

    kind = field.get("type", "string")
    constraints = field.get("constraints", {})
    checks = []

    def full_match(pattern: str, expected: str):
        regex = re.compile(pattern)
        return pa.Check(lambda s: s.str.fullmatch(regex), error=expected)

    if kind in TYPE_PATTERNS:
        checks.append(full_match(*TYPE_PATTERNS[kind]))
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
    for bound, compare, word in (("minimum", "ge", "at least"), ("maximum", "le", "at most")):
        if bound not in constraints:
            continue
        limit = constraints[bound]
        if kind in ("integer", "year", "number"):
            checks.append(
                pa.Check(
                    lambda s, limit=limit, compare=compare: getattr(
                        pd.to_numeric(s, errors="coerce"), compare
                    )(limit).fillna(True),
                    error=f"a value {word} {limit}",
                )
            )
        else:  # ISO dates and text compare as strings
            checks.append(
                pa.Check(
                    lambda s, limit=str(limit), compare=compare: getattr(s, compare)(limit),
                    error=f"a value {word} {limit}",
                )
            )
    if field.get("iso3166") == "alpha-3":
        extra = field.get("non_iso_codes", [])
        codes = sorted(iso3166_alpha3() | set(extra))
        checks.append(pa.Check.isin(codes, error="an ISO 3166-1 alpha-3 country code"))
    if field["name"] in references:
        target = references[field["name"]]
        checks.append(pa.Check.isin(sorted(target.values), error=target.expected))
    return checks


@dataclass(frozen=True)
class Reference:
    values: frozenset[str]
    expected: str


def pandera_schema(resource: Resource, references: dict[str, Reference]):
    """The pandera schema for the raw (string) table of a resource."""
    import pandera.pandas as pa

    columns = {}
    for field in resource.fields:
        constraints = field.get("constraints", {})
        columns[field["name"]] = pa.Column(
            "string",
            checks=_field_checks(field, references),
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


def _header_problems(resource: Resource, header: list[str]) -> list[Problem]:
    expected = resource.field_names
    path = str(resource.path)
    if header == expected:
        return []
    problems = []
    hint = ""
    if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
        hint = " (the file seems to use another delimiter; use commas)"
    for name in expected:
        if name not in header:
            problems.append(
                Problem(path, 1, name, None, f"this column in the header, which is missing{hint}")
            )
    for name in header:
        if name not in expected:
            problems.append(
                Problem(path, 1, name, None, f"only the columns {', '.join(expected)}{hint}")
            )
    if not problems:
        problems.append(
            Problem(path, 1, None, ",".join(header), f"the columns in order {', '.join(expected)}")
        )
    return problems


def _raw_frame(resource: Resource):
    """The resource's cells as strings ('' → missing), the start line of each row,
    and any problem with the file's shape."""
    import pandas as pd

    path = str(resource.path)
    header, rows, lines = read_raw_rows(resource.path)
    problems = _header_problems(resource, header)
    if problems:
        return None, lines, problems
    if not rows:
        return None, lines, [Problem(path, 2, None, None, "at least one data row after the header")]
    width = len(header)
    for row, line in zip(rows, lines, strict=True):
        if len(row) != width:
            problems.append(
                Problem(path, line, None, f"{len(row)} cells", f"{width} cells, as in the header")
            )
            row[:] = (row + [""] * width)[:width]
    frame = pd.DataFrame(rows, columns=header, dtype="string").replace("", pd.NA)
    return frame, lines, problems


def _failure_problems(resource: Resource, frame, lines: list[int], failure_cases) -> list[Problem]:
    """Turn pandera's failure cases into problems with line numbers."""
    import pandas as pd

    path = str(resource.path)
    key = resource.primary_key
    expected_for = {
        "not_nullable": "a value (this column is required)",
        "field_uniqueness": "a value that no other row has",
    }
    problems, seen_keys = [], set()
    for case in failure_cases.itertuples(index=False):
        index = None if pd.isna(case.index) else int(case.index)
        line = lines[index] if index is not None else None
        value = None if pd.isna(case.failure_case) else str(case.failure_case)
        if case.check == "multiple_fields_uniqueness":
            if index in seen_keys:
                continue
            seen_keys.add(index)
            values = frame.loc[index, key].tolist()
            twins = frame.index[(frame[key] == frame.loc[index, key]).all(axis=1)]
            others = [str(lines[i]) for i in twins if i != index]
            problems.append(
                Problem(
                    path,
                    line,
                    ", ".join(key),
                    ", ".join(map(str, values)),
                    f"a unique key (the same key is on line {', '.join(others)})",
                )
            )
            continue
        expected = expected_for.get(case.check, case.check)
        problems.append(Problem(path, line, case.column, value, str(expected)))
    return problems


def validate_table(resource: Resource, references: dict[str, Reference]):
    """Validate one CSV resource; return (its raw frame or None, problems)."""
    import pandera.pandas as pa

    try:
        frame, lines, problems = _raw_frame(resource)
    except DataFileError as error:
        return None, [Problem(error.path, error.line, None, None, str(error).split(": ", 1)[1])]
    if frame is None:
        return None, problems
    try:
        pandera_schema(resource, references).validate(frame, lazy=True)
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


def _references_for(resource: Resource, package: DataPackage, frames: dict) -> dict:
    references = {}
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
        references[fields] = Reference(
            values, f'a value listed in column "{target_fields}" of {target_path}'
        )
    return references


def _with_references(package: DataPackage, names) -> list[Resource]:
    """The named resources and those their foreign keys point to, referenced ones first."""
    wanted, queue = set(), list(names)
    while queue:
        name = queue.pop()
        if name not in wanted:
            wanted.add(name)
            if package[name].is_tabular:
                queue += [fk["reference"]["resource"] for fk in package[name].foreign_keys]
    referenced = {
        fk["reference"]["resource"]
        for name in wanted
        if package[name].is_tabular
        for fk in package[name].foreign_keys
    }
    return sorted(
        (package[name] for name in wanted), key=lambda r: (r.name not in referenced, r.name)
    )


def validate_resources(package: DataPackage, names=None) -> dict:
    """Validate the named resources (default: all) and the tables they reference.

    Returns the raw (string) frame of each table. Raises ValidationFailed listing every
    problem in every file.
    """
    problems: list[Problem] = []
    frames: dict = {}
    for resource in _with_references(package, names or list(package.resources)):
        if not resource.path.exists():
            problems.append(Problem(str(resource.path), None, None, None, "this file to exist"))
        elif resource.is_tabular:
            frame, found = validate_table(resource, _references_for(resource, package, frames))
            problems += found
            frames[resource.name] = frame
        else:
            problems += validate_geojson(resource)
    if problems:
        raise ValidationFailed(problems)
    return frames


def validate_package(package: DataPackage) -> dict[str, int]:
    """Validate every resource; return the row count of each table."""
    return {name: len(frame) for name, frame in validate_resources(package).items()}
