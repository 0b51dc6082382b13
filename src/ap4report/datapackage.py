"""The data package: metadata in `data/datapackage.yaml`, one tidy CSV per resource.

The Table Schema of each resource is the single description of its columns: validation
(`ap4report.validation`) checks the CSV against it, and `read_tables` uses it for dtypes.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")


class DataFileError(Exception):
    """A data file that cannot be read as UTF-8 CSV, with the place of the problem."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path, self.line = str(path), line
        where = f"{self.path}, line {line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Resource:
    """One dataset of the package, as described in `datapackage.yaml`."""

    descriptor: dict
    base_dir: Path

    @property
    def name(self) -> str:
        return self.descriptor["name"]

    @property
    def path(self) -> Path:
        return self.base_dir / self.descriptor["path"]

    @property
    def is_tabular(self) -> bool:
        return "schema" in self.descriptor

    @property
    def fields(self) -> list[dict]:
        return self.descriptor["schema"]["fields"]

    @property
    def field_names(self) -> list[str]:
        return [field["name"] for field in self.fields]

    @property
    def primary_key(self) -> list[str]:
        key = self.descriptor["schema"].get("primaryKey", [])
        return [key] if isinstance(key, str) else list(key)

    @property
    def references(self) -> list[str]:
        """Bibliography keys under which the report cites this dataset."""
        return self.descriptor.get("references", [])

    @property
    def foreign_keys(self) -> list[dict]:
        return self.descriptor["schema"].get("foreignKeys", [])


@dataclass(frozen=True)
class DataPackage:
    """The parsed `datapackage.yaml` and the folder it describes."""

    descriptor: dict
    base_dir: Path

    @classmethod
    def load(cls, path: Path | str) -> DataPackage:
        path = Path(path)
        with path.open(encoding="utf-8") as handle:
            return cls(yaml.safe_load(handle), path.parent)

    @cached_property
    def resources(self) -> dict[str, Resource]:
        return {
            entry["name"]: Resource(entry, self.base_dir) for entry in self.descriptor["resources"]
        }

    def __getitem__(self, name: str) -> Resource:
        return self.resources[name]

    def data_as_of(self) -> str:
        """The newest `as_of` period among the datasets (ISO dates sort as text)."""
        return max(
            str(r.descriptor["as_of"]) for r in self.resources.values() if "as_of" in r.descriptor
        )

    def read_tables(self, *names: str) -> list:
        """Validate the named resources, then return each as a typed DataFrame (or, for
        a GeoJSON resource, the parsed document).

        Every step that reads data validates it first, so no output is ever built from
        an invalid file, even when the step runs before the `validate_data` rule.
        """
        from ap4report.validation import validate_resources

        frames = validate_resources(self, names)
        return [
            to_typed(frames[name], self[name])
            if self[name].is_tabular
            else json.loads(self[name].path.read_text(encoding="utf-8"))
            for name in names
        ]

    def read_table(self, name: str):
        return self.read_tables(name)[0]


def read_raw_rows(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, rows of strings, and the line on which each row starts.

    Raises DataFileError for a file that is empty, not UTF-8, or starts with a BOM.
    """
    raw = Path(path).read_bytes()
    if not raw.strip():
        raise DataFileError(path, None, "the file is empty; expected a header row and data")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataFileError(
            path, 1, "the file starts with a byte-order mark; save it as UTF-8 without BOM"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        bad = raw[error.start : error.end + 3]
        raise DataFileError(
            path, line, f"the bytes {bad!r} are not valid UTF-8; save the file as UTF-8"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    rows, lines = [], []
    next_line = reader.line_num + 1
    for row in reader:
        if row:  # the csv module yields [] for blank lines
            rows.append(row)
            lines.append(next_line)
        next_line = reader.line_num + 1
    return header, rows, lines


def to_typed(raw, resource: Resource):
    """Convert a validated frame of strings to the dtypes its Table Schema declares."""
    import pandas as pd

    frame = raw.copy()
    for field in resource.fields:
        name, kind = field["name"], field.get("type", "string")
        if kind in ("integer", "year"):
            frame[name] = pd.to_numeric(frame[name]).astype("Int64")
        elif kind == "number":
            frame[name] = pd.to_numeric(frame[name]).astype("Float64")
        elif kind == "boolean":
            frame[name] = frame[name].isin(TRUE_VALUES).astype("boolean").mask(frame[name].isna())
    return frame
