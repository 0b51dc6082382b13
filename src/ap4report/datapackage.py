"""The data package: metadata in `data/datapackage.yaml`, one tidy CSV per resource.

The Table Schema of each resource is the single description of its columns: validation
(`ap4report.validation`) checks the CSV against it, and `read_tables` uses it for dtypes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from ap4report.errors import AuthorError
from ap4report.paths import UnsafePath, confined

# Bidi overrides and isolates, zero-width and other invisible characters (soft hyphen,
# grapheme joiner, variation selectors, tag characters, line and paragraph separators) and
# the BOM: they let the PDF show text that differs from what a file holds. Refused in data,
# metadata, strings and content.
INVISIBLE_CHARACTERS = (
    r"[\u00ad\u034f\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    r"\u2066-\u2069\ufe00-\ufe0f\ufeff\U000e0000-\U000e007f]"
)
NO_INVISIBLE_CHARACTERS = "text without bidi controls or zero-width characters (such as U+202E)"
_INVISIBLE_OR_CONTROL = re.compile(INVISIBLE_CHARACTERS[:-1] + r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def invisible_at(text: str) -> tuple[int, int, str] | None:
    """(line, column, U+XXXX) of the first bidi control, zero-width or control character
    in `text`, or None."""
    match = _INVISIBLE_OR_CONTROL.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return line, column, f"U+{ord(match.group()):04X}"


TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")


class DataFileError(AuthorError):
    """A data file that cannot be read as UTF-8 CSV, with the place of the problem.

    `expected` says what the file should hold there; `column` names the header cell of the
    column where the problem is, if it has one.
    """

    def __init__(
        self, path: Path | str, line: int | None, expected: str, column: str | None = None
    ):
        self.path, self.line, self.column, self.expected = str(path), line, column, expected
        where = f"{self.path}, line {line}" if line else self.path
        if column is not None:
            where += f', column "{column}"'
        super().__init__(f"{where}: expected {expected}")


class MetadataError(AuthorError, ValueError):
    """Metadata (datapackage.yaml, strings.yaml) that cannot be used, with its place."""

    def __init__(self, path: Path | str | None, line: int | None, expected: str):
        where = str(path or "datapackage.yaml") + (f", line {line}" if line else "")
        self.path, self.line, self.expected = str(path), line, expected
        super().__init__(f"{where}: expected {expected}")


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
        """The resource's file; it must resolve, after symlinks, inside the package's
        folder (UnsafePath otherwise: nothing outside data/ is ever read)."""
        path = self.descriptor.get("path")
        if not isinstance(path, str) or not path:
            raise UnsafePath(f"the path of resource {self.name!r}: a relative file name")
        return confined(self.base_dir / path, self.base_dir, f"the path of resource {self.name!r}")

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
    path: Path | None = None  # the metadata file itself, when loaded from one

    @classmethod
    def load(cls, path: Path | str) -> DataPackage:
        path = Path(path)
        stat = path.stat()
        return cls(_parsed(str(path), stat.st_mtime_ns, stat.st_size), path.parent, path)

    @cached_property
    def resources(self) -> dict[str, Resource]:
        """The resources by name. A resource without a name, or a name used twice, is
        refused (MetadataError naming the line), never silently dropped or replaced."""
        entries = self.descriptor.get("resources") if isinstance(self.descriptor, dict) else None
        if not isinstance(entries, list):
            raise MetadataError(self.path, None, "a list of resources under `resources:`")
        resources: dict[str, Resource] = {}
        for index, entry in enumerate(entries):
            name = entry.get("name") if isinstance(entry, dict) else None
            if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name):
                raise MetadataError(
                    self.path,
                    _resource_line(self.path, index),
                    "a `name:` of lower-case letters, digits, '.', '_' or '-' for each resource",
                )
            if name in resources:
                raise MetadataError(
                    self.path,
                    _resource_line(self.path, index),
                    f"a name used by one resource only ({name!r} is taken)",
                )
            resources[name] = Resource(entry, self.base_dir)
        return resources

    def __getitem__(self, name: str) -> Resource:
        return self.resources[name]

    def data_as_of(self) -> str:
        """The newest date among the datasets' `as_of` periods and the dates their releases
        came out (`released`), so that "data as of" is never earlier than a release used
        (ISO dates sort as text)."""
        return max(
            str(r.descriptor[key])
            for r in self.resources.values()
            for key in ("as_of", "released")
            if key in r.descriptor
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


BOM = b"\xef\xbb\xbf"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_QUOTED_CELL = re.compile(r'"[^"]*(?:""[^"]*)*"')
_UNQUOTED_CELL = re.compile(r"[^,\r\n]*")


@lru_cache(maxsize=16)
def _parsed(path: str, mtime_ns: int, size: int) -> dict:
    """The metadata, parsed once per version of the file in this process (jobs run as
    threads of one process). Callers must not modify it."""
    return load_yaml(path)


# Limits for YAML from the repository (metadata, strings): the real files are under 100 KB
# and 20,000 nodes; an "alias bomb" of a few lines expands to billions of nodes.
MAX_YAML_BYTES = 2_000_000
MAX_YAML_NODES = 500_000


def load_yaml(path: Path | str):
    """Parse a YAML file safely with libyaml's C parser (ten times faster than pure Python:
    the metadata is read at every Snakemake start and in every job).

    Refused with MetadataError (file and line): a file over MAX_YAML_BYTES, and a document
    that aliases would expand to more than MAX_YAML_NODES nodes; the check counts the
    composed graph, before anything is expanded, so it takes milliseconds."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise MetadataError(path, None, f"a YAML file of at most {MAX_YAML_BYTES} bytes ({size})")
    raw = path.read_bytes()
    found = invisible_at(raw.decode("utf-8", errors="replace"))
    if found:
        line, column, code = found
        raise MetadataError(path, line, f"{NO_INVISIBLE_CHARACTERS} (column {column}: {code})")
    loader = yaml.CSafeLoader(raw)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expanded_size(path, node)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = (error.problem or "well-formed YAML").replace("\n", " ")[:200]
        raise MetadataError(path, line, f"well-formed YAML ({problem})") from None
    finally:
        loader.dispose()


def _check_expanded_size(path: Path, root) -> None:
    """Count the nodes the document would have with every alias expanded (each shared
    node once per reference), without expanding it."""
    sizes: dict[int, int] = {}
    pending = [(root, False)]
    while pending:
        node, children_done = pending.pop()
        if id(node) in sizes:
            continue
        children = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [item for pair in node.value for item in pair]
        if children_done or not children:
            size = 1 + sum(sizes[id(child)] for child in children)
            if size > MAX_YAML_NODES:
                raise MetadataError(
                    path,
                    node.start_mark.line + 1,
                    f"YAML that expands to at most {MAX_YAML_NODES} nodes (aliases here expand"
                    " it further)",
                )
            sizes[id(node)] = size
        else:
            pending.append((node, True))
            pending += [(child, False) for child in children if id(child) not in sizes]


def _resource_line(path: Path | None, index: int) -> int | None:
    """The line of the `index`-th entry of `resources:` in a metadata file."""
    if path is None:
        return None
    try:
        root = yaml.compose(Path(path).read_bytes(), Loader=yaml.CSafeLoader)
        for key, value in root.value:
            if key.value == "resources":
                return value.value[index].start_mark.line + 1
    except (yaml.YAMLError, AttributeError, IndexError, TypeError):
        pass
    return None


def read_raw_rows(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, rows of strings, and the line on which each row starts.

    Raises DataFileError, naming the line and (where there is one) the column, for a file
    that is empty or only whitespace, starts with a byte-order mark, is not UTF-8, has a
    blank first line, or is not well-formed CSV (an unterminated quote, text after a
    closing quote, a cell longer than the csv module's limit). Rows with another number
    of cells than the header are returned as they are, for the caller to report.
    """
    raw = Path(path).read_bytes()
    if not raw:
        raise DataFileError(path, 1, "a header row and data (the file is empty: 0 bytes)")
    if not raw.strip():
        raise DataFileError(path, 1, "a header row and data (the file holds only whitespace)")
    if raw.startswith(BOM):
        first = raw[len(BOM) :].split(b"\n", 1)[0].decode("utf-8", errors="replace")
        raise DataFileError(
            path,
            1,
            "UTF-8 without a byte-order mark (the file starts with one, glued to the first"
            " column name; save it as UTF-8 without BOM)",
            column=next(csv.reader([first]), [""])[0],
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _encoding_error(path, raw, error) from None
    try:  # the common case, without a Python loop over the rows: one record per line
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        records = list(reader)
    except csv.Error:
        records = None  # the loop below finds where
    if records is not None and reader.line_num == len(records) and records[0]:
        header = records[0]
        if all(records):
            return header, records[1:], list(range(2, len(records) + 1))
        rows = list(filter(None, records[1:]))  # the csv module yields [] for blank lines
        lines = [line for line, record in enumerate(records[1:], start=2) if record]
        return header, rows, lines
    return _read_records(path, text)


def _read_records(path, text: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Read record by record, tracking the line each starts on (a quoted cell may span
    lines), and translate the csv module's errors into DataFileErrors."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows, lines = [], []
    start = 1  # the line on which the next record starts
    try:
        for row in reader:
            if header is None:
                if not row:
                    raise DataFileError(path, 1, "the header row on line 1 (found a blank line)")
                header = row
            elif row:  # the csv module yields [] for blank lines
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise _syntax_error(path, text, start, header, str(error)) from None
    return header or [], rows, lines


def _encoding_error(path, raw: bytes, error: UnicodeDecodeError) -> DataFileError:
    """Name the line and column of the first bytes that are not UTF-8."""
    line = raw.count(b"\n", 0, error.start) + 1
    bad = raw[error.start : error.end]
    # Read the file with the bad bytes kept as surrogates to find their cell.
    text = raw.decode("utf-8", errors="surrogateescape")
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:  # too broken to find the cell; the line is still right
        records = []
    column, cell = None, None
    for record in records:
        for index, value in enumerate(record):
            if any("\udc80" <= char <= "\udcff" for char in value):
                column = records[0][index] if record is not records[0] else None
                cell = value.encode("utf-8", errors="surrogateescape")
                break
        if cell is not None:
            break
    hint = ""
    if cell is not None:
        as_latin = cell.decode("cp1252", errors="replace")
        shown = repr(as_latin[:60]) + ("…" if len(as_latin) > 60 else "")
        hint = f"; read as Latin-1/Windows-1252 the cell would be {shown}"
    return DataFileError(
        path,
        line,
        f"UTF-8 text (the bytes {bad!r} are not valid UTF-8{hint}; save the file as UTF-8)",
        column=column,
    )


def _syntax_error(path, text: str, start: int, header, message: str) -> DataFileError:
    """Translate the csv module's error for the record that starts on line `start` into
    a DataFileError naming the line and column of the cell at fault."""
    offset = 0
    if start > 1:
        breaks = _LINE_BREAK.finditer(text)
        for _ in range(start - 1):
            offset = next(breaks).end()
    found = _locate_bad_cell(text, offset)
    if found is None:
        return DataFileError(path, start, f"well-formed CSV (the csv module says: {message})")
    index, cell_start, kind = found
    line = start + len(_LINE_BREAK.findall(text, offset, cell_start))
    column = header[index] if header and index < len(header) else None
    if column is None and header is None:
        column = f"header cell {index + 1}"
    expected = {
        "unterminated": "a closing quote for the quoted cell that starts here (the quote is"
        " never closed, so the rest of the file would be read as one cell)",
        "after_quote": "a comma or the end of the line right after the closing quote of a"
        " quoted cell (a quote inside a quoted cell must be doubled)",
        "too_long": f"a cell of at most {csv.field_size_limit()} characters",
    }[kind]
    return DataFileError(path, line, expected, column=column)


def _locate_bad_cell(text: str, pos: int):
    """Scan one CSV record from `pos`: (cell index, cell offset, kind) of the first cell
    the strict csv reader rejects, or None if the record is well formed."""
    limit = csv.field_size_limit()
    index = 0
    while True:
        cell_start = pos
        if text.startswith('"', pos):
            match = _QUOTED_CELL.match(text, pos)
            if match is None:
                return index, cell_start, "unterminated"
            pos = match.end()
            if pos < len(text) and text[pos] not in ",\r\n":
                return index, cell_start, "after_quote"
        else:
            pos = _UNQUOTED_CELL.match(text, pos).end()
        if pos - cell_start > limit:
            return index, cell_start, "too_long"
        if pos >= len(text) or text[pos] != ",":
            return None
        pos += 1
        index += 1


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
