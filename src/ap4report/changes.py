"""What changed: a Markdown account of a data update, for a reviewer in a pull request.

Compare two build folders (each holding the data package it used, `data/`, and the build
outputs of one edition: `results/<edition>/numbers.json`, `figures/*.csv`, `tables/*.csv`
and `report.html` there, and `reports/manifest.json` if present)::

    python -m ap4report.changes OLD_BUILD NEW_BUILD

or the data at two git revisions (only the data can be compared then, unless the two
build folders are given as well)::

    python -m ap4report.changes --git REV_A REV_B [OLD_BUILD NEW_BUILD]

The report lists (i) changed values by dataset, primary key (each resource's
`schema.primaryKey` in `datapackage.yaml`) and column, and the rows added and removed;
(ii) the figures and tables whose numbers changed, with the changed cells of each table;
(iii) the numbers quoted in the prose that changed; (iv) the sentences of the prose that
changed, old and new; and (v) the software and output files that changed, from the build
manifests. Long lists are cut at `--limit` items, with a count of the rest.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import itertools
import json
import posixpath
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path

import yaml

DEFAULT_PACKAGE = "data/datapackage.yaml"
# An edition's outputs (the default: the main report in the first language).
EDITION = "nato-ap4-bulletin"
NUMBERS = "results/{edition}/numbers.json"
FIGURES = "results/{edition}/figures"
TABLES = "results/{edition}/tables"
HTML = "results/{edition}"
MANIFEST = "reports/manifest.json"
LIMIT = 25
# Metadata of a dataset shown as "old → new" when it changes (others: "changed").
SHORT_VALUE = 160
# The elements of <main> whose text is prose; a heading also names the section below it.
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
PROSE = ("p", "li", *HEADINGS)
# Words ending in a full stop that do not end a sentence.
ABBREVIATIONS = {
    "approx.",
    "ca.",
    "cf.",
    "col.",
    "dr.",
    "fig.",
    "figs.",
    "gen.",
    "gov.",
    "jr.",
    "lt.",
    "mr.",
    "mrs.",
    "ms.",
    "no.",
    "nos.",
    "p.",
    "pp.",
    "pres.",
    "prof.",
    "rep.",
    "sen.",
    "sr.",
    "st.",
    "vol.",
    "vs.",
}
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+")


# -- Where the files come from ------------------------------------------------------------


class Folder:
    """A build folder (or a project checkout): files read from disk."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.label = str(root)

    def read(self, path: str) -> bytes | None:
        file = self.root / path
        return file.read_bytes() if file.is_file() else None

    def names(self, folder: str, suffix: str) -> list[str]:
        """Relative paths of the files in `folder` whose names end in `suffix`."""
        directory = self.root / folder
        if not directory.is_dir():
            return []
        return sorted(f"{folder}/{p.name}" for p in directory.glob(f"*{suffix}") if p.is_file())

    def has_outputs(self) -> bool:
        return (self.root / "results").is_dir()


class GitRevision:
    """The files of a git revision, read with `git show REV:path`."""

    def __init__(self, revision: str, repo: Path | str = "."):
        self.repo = Path(repo)
        result = _git(self.repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        if result.returncode != 0:
            raise ChangesError(f"not a git revision in {self.repo}: {revision}")
        self.commit = result.stdout.decode().strip()
        short = self.commit[:12]
        self.label = short if self.commit.startswith(revision) else f"{revision} ({short})"

    def read(self, path: str) -> bytes | None:
        # "./path" is relative to the folder git runs in, so --repo may be a subfolder;
        # the bytes as committed, without any textconv filter.
        result = _git(self.repo, "show", "--no-textconv", f"{self.commit}:./{path}")
        return result.stdout if result.returncode == 0 else None


class ChangesError(Exception):
    """Inputs that cannot be compared (an unknown revision, a missing folder)."""


def _git(repo: Path, *arguments: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *arguments], cwd=repo, capture_output=True, check=False)
    except (FileNotFoundError, NotADirectoryError) as error:
        raise ChangesError(f"cannot run git in {repo}: {error}") from None


# -- Tables ---------------------------------------------------------------------------------


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]

    @classmethod
    def parse(cls, raw: bytes | None) -> Table | None:
        if raw is None:
            return None
        text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
        rows = [row for row in csv.reader(io.StringIO(text, newline="")) if row]
        if not rows:
            return cls([], [])
        header, *body = rows
        return cls(header, [row + [""] * (len(header) - len(row)) for row in body])

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, row, strict=False)) for row in self.rows]


@dataclass
class TableDiff:
    """How two versions of a table differ, rows matched by `key` (by position if empty)."""

    key: list[str]
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    changed: list[tuple[tuple[str, ...], str, str, str]] = field(default_factory=list)
    added: list[tuple[str, ...]] = field(default_factory=list)
    removed: list[tuple[str, ...]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.columns_added or self.columns_removed or self.changed or self.added or self.removed
        )

    @property
    def key_names(self) -> list[str]:
        return [name or "(index)" for name in self.key] or ["row"]

    def counts(self) -> str:
        parts = [
            _count(len(self.changed), "value changed", "values changed"),
            _count(len(self.added), "row added", "rows added"),
            _count(len(self.removed), "row removed", "rows removed"),
            _count(len(self.columns_added), "column added", "columns added"),
            _count(len(self.columns_removed), "column removed", "columns removed"),
        ]
        return ", ".join(part for part in parts if part) or "no value changed"


def _count(n: int, one: str, many: str) -> str:
    return "" if n == 0 else f"1 {one}" if n == 1 else f"{n} {many}"


def _index(table: Table, key: list[str]) -> tuple[dict[tuple, dict[str, str]], bool]:
    """Rows by key, in file order; a repeated key gets "(#2)", "(#3)"... appended."""
    index, seen, duplicates = {}, Counter(), False
    for number, record in enumerate(table.records(), start=1):
        values = tuple(record.get(name, "") for name in key) if key else (str(number),)
        seen[values] += 1
        if seen[values] > 1:
            duplicates = True
            values = (*values[:-1], f"{values[-1]} (#{seen[values]})")
        index[values] = record
    return index, duplicates


def diff_tables(old: Table, new: Table, key: list[str]) -> TableDiff:
    """Changed cells, added and removed rows and columns; rows matched on `key`."""
    notes = []
    if key and not all(name in old.header and name in new.header for name in key):
        notes.append(
            f"the key ({', '.join(key)}) is not in both versions; rows compared by position"
        )
        key = []
    diff = TableDiff(
        key=list(key),
        columns_added=[c for c in new.header if c not in old.header],
        columns_removed=[c for c in old.header if c not in new.header],
        notes=notes,
    )
    old_rows, old_duplicates = _index(old, key)
    new_rows, new_duplicates = _index(new, key)
    if old_duplicates or new_duplicates:
        diff.notes.append("some keys are repeated; repeats are numbered in file order")
    common = [c for c in new.header if c in old.header and c not in key]
    for values, record in new_rows.items():
        before = old_rows.get(values)
        if before is None:
            diff.added.append(values)
            continue
        for column in common:
            if before.get(column, "") != record.get(column, ""):
                diff.changed.append((values, column, before.get(column, ""), record[column]))
    diff.removed = [values for values in old_rows if values not in new_rows]
    return diff


def _is_measure(values: list[str]) -> bool:
    """A column of decimal numbers: a measurement, never part of a row's identity."""
    for value in values:
        try:
            float(value)
        except ValueError:
            continue
        if any(mark in value for mark in ".eE"):
            return True
    return False


def guess_key(old: Table, new: Table, width: int = 3, candidates: int = 6) -> list[str]:
    """Columns that identify the rows of an output table in both versions, for tables
    without a declared key: the first combination (fewest columns, leftmost first) of
    non-empty, non-decimal columns whose values are unique in both. [] if none is."""
    tables = [old.records(), new.records()]
    columns = [
        name
        for name in new.header
        if name in old.header
        and name
        and not name.startswith("Unnamed")
        and not _is_measure([r.get(name, "") for r in tables[1]])
    ][:candidates]
    for size in range(1, width + 1):
        for combination in itertools.combinations(columns, size):
            if all(
                all(all(r.get(c, "") for c in combination) for r in records)
                and len({tuple(r.get(c, "") for c in combination) for r in records}) == len(records)
                for records in tables
            ):
                return list(combination)
    return []


# -- The data package -------------------------------------------------------------------------


@dataclass
class DatasetChange:
    name: str
    title: str
    path: str
    status: str  # "added", "removed" or "changed"
    metadata: list[tuple[str, object, object]] = field(default_factory=list)
    schema: list[str] = field(default_factory=list)
    rows: TableDiff | None = None
    n_rows: int | None = None
    columns: list[str] = field(default_factory=list)
    file_note: str = ""
    caveats: list[str] = field(default_factory=list)  # caveats whose rows changed


def load_descriptor(source, package: str) -> dict | None:
    raw = source.read(package)
    if raw is None:
        return None
    try:
        descriptor = yaml.safe_load(raw) or {}
    except yaml.YAMLError as error:
        raise ChangesError(f"{source.label}: {package} is not valid YAML: {error}") from None
    if not isinstance(descriptor, dict):
        raise ChangesError(f"{source.label}: {package} is not a data package descriptor")
    return descriptor


def _resources(descriptor: dict | None) -> dict[str, dict]:
    return {r["name"]: r for r in (descriptor or {}).get("resources", []) if "name" in r}


def _resource_path(package: str, resource: dict) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(package), str(resource["path"])))


def primary_key(resource: dict) -> list[str]:
    key = resource.get("schema", {}).get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def _metadata_changes(old: dict, new: dict, skip=("schema", "resources", "name")) -> list:
    return [
        (key, old.get(key), new.get(key))
        for key in sorted(set(old) | set(new), key=lambda k: (k not in new, k))
        if key not in skip and old.get(key) != new.get(key)
    ]


def _schema_changes(old: dict, new: dict) -> list[str]:
    old_schema, new_schema = old.get("schema", {}), new.get("schema", {})
    old_fields = {f["name"]: f for f in old_schema.get("fields", [])}
    new_fields = {f["name"]: f for f in new_schema.get("fields", [])}
    lines = []
    if primary_key(old) != primary_key(new):
        lines.append(
            f"primary key: {_code(', '.join(primary_key(old)))} → "
            f"{_code(', '.join(primary_key(new)))}"
        )
    for name, definition in new_fields.items():
        if name not in old_fields:
            lines.append(f"field {_code(name)} added ({definition.get('type', 'string')})")
        elif definition != old_fields[name]:
            parts = sorted(
                k
                for k in set(definition) | set(old_fields[name])
                if definition.get(k) != old_fields[name].get(k)
            )
            lines.append(f"field {_code(name)} changed: {', '.join(parts)}")
    lines += [f"field {_code(name)} removed" for name in old_fields if name not in new_fields]
    rest = {k: v for k, v in new_schema.items() if k not in ("fields", "primaryKey")}
    if rest != {k: v for k, v in old_schema.items() if k not in ("fields", "primaryKey")}:
        lines.append("other schema properties changed (" + ", ".join(sorted(rest)) + ")")
    return lines


def _diff_dataset(old: dict, new: dict, old_table: Table, new_table: Table) -> TableDiff:
    """Rows matched on the resource's `schema.primaryKey` (the new one, or the old one if
    the file does not have the new key's columns yet); without a declared key, on
    columns that identify the rows in both versions."""
    keys = [k for k in (primary_key(new), primary_key(old)) if k]
    for key in keys:
        if all(name in old_table.header and name in new_table.header for name in key):
            return diff_tables(old_table, new_table, key)
    if keys:
        return diff_tables(old_table, new_table, keys[0])  # notes that rows go by position
    key = guess_key(old_table, new_table)
    diff = diff_tables(old_table, new_table, key)
    if key:
        diff.notes.append(f"no primary key declared; rows matched on {', '.join(key)}")
    return diff


def diff_package(old_source, new_source, package: str = DEFAULT_PACKAGE):
    """Changes between the data packages of two sources.

    Returns (package-level metadata changes, one DatasetChange per changed dataset).
    """
    old_descriptor = load_descriptor(old_source, package)
    new_descriptor = load_descriptor(new_source, package)
    if old_descriptor is None and new_descriptor is None:
        raise ChangesError(
            f"no data package at {package} in {old_source.label} or {new_source.label}"
        )
    old_resources, new_resources = _resources(old_descriptor), _resources(new_descriptor)
    changes = []
    for name in [*new_resources, *(n for n in old_resources if n not in new_resources)]:
        old, new = old_resources.get(name), new_resources.get(name)
        resource = new or old
        path = _resource_path(package, resource)
        change = DatasetChange(name, resource.get("title", ""), path, "changed")
        if old is None or new is None:
            change.status = "added" if old is None else "removed"
            source = new_source if old is None else old_source
            table = Table.parse(source.read(path)) if "schema" in resource else None
            if table is not None:
                change.n_rows, change.columns = len(table.rows), table.header
            changes.append(change)
            continue
        change.metadata = _metadata_changes(old, new)
        change.schema = _schema_changes(old, new)
        old_raw = old_source.read(_resource_path(package, old))
        new_raw = new_source.read(path)
        if old_raw != new_raw:
            if old_raw is None or new_raw is None:
                side = "old" if old_raw is None else "new"
                change.file_note = f"the file is missing in the {side} version"
            elif "schema" in new and "schema" in old:
                change.rows = _diff_dataset(old, new, Table.parse(old_raw), Table.parse(new_raw))
                if not change.rows:
                    change.file_note = "the file changed, but no value did (formatting only)"
            else:
                change.file_note = f"the file changed ({len(old_raw):,} → {len(new_raw):,} bytes)"
        if change.rows:
            change.caveats = caveats_touched(new, change.rows)
        if change.metadata or change.schema or change.rows or change.file_note:
            changes.append(change)
    package_changes = _metadata_changes(old_descriptor or {}, new_descriptor or {})
    return package_changes, changes


def caveats_touched(resource: dict, rows: TableDiff) -> list[str]:
    """The dataset's caveats about particular rows (`to_check`) whose rows changed."""
    keys = [*(key for key, *_ in rows.changed), *rows.added, *rows.removed]
    touched = []
    for entry in resource.get("to_check", []):
        pattern = {column: str(value) for column, value in entry["row"].items()}
        for key in keys:
            found = dict(zip(rows.key, key, strict=False))
            if all(found.get(column, value) == value for column, value in pattern.items()):
                touched.append(entry["reason"])
                break
    return touched


# -- Outputs: numbers, figures, tables ----------------------------------------------------------


def _flatten(value, prefix: str = ""):
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix, value


def _json(raw: bytes | None):
    return None if raw is None else json.loads(raw.decode("utf-8"))


def _numbers_view(raw: bytes | None) -> dict:
    """numbers.json as {path: value}, with each value's verification status and releases
    as '<path> (status)' and '<path> (release)' (numbers.json of older builds has values only)."""
    document = _json(raw) or {}
    if "values" not in document:
        return dict(_flatten(document))
    view = dict(_flatten(document["values"]))
    for path, source in document.get("provenance", {}).items():
        view[f"{path} (status)"] = source["status"]
        view[f"{path} (release)"] = "; ".join(source["releases"])
    return view


def diff_numbers(old_raw: bytes | None, new_raw: bytes | None) -> list[tuple[str, str, str]]:
    """(path, old, new) for each number of numbers.json that changed, and for each change
    of a number's verification status or release; values as JSON text, "" where a number
    is missing on one side."""
    old = _numbers_view(old_raw)
    new = _numbers_view(new_raw)
    rows = []
    for path in [*new, *(p for p in old if p not in new)]:
        before = json.dumps(old[path], ensure_ascii=False) if path in old else ""
        after = json.dumps(new[path], ensure_ascii=False) if path in new else ""
        if before != after:
            rows.append((path, before, after))
    return rows


@dataclass
class OutputChange:
    kind: str  # "figure" or "table"
    id: str
    status: str  # "added", "removed" or "changed"
    rows: TableDiff | None = None
    meta_changed: bool = False


def diff_outputs(old: Folder, new: Folder, folder: str, kind: str) -> list[OutputChange]:
    """Figures (or tables) whose CSV or JSON changed, by id."""
    ids = sorted(
        {posixpath.basename(p)[: -len(".csv")] for s in (old, new) for p in s.names(folder, ".csv")}
    )
    changes = []
    for name in ids:
        old_raw, new_raw = old.read(f"{folder}/{name}.csv"), new.read(f"{folder}/{name}.csv")
        if old_raw is None or new_raw is None:
            changes.append(OutputChange(kind, name, "added" if old_raw is None else "removed"))
            continue
        meta_changed = _json(old.read(f"{folder}/{name}.json")) != _json(
            new.read(f"{folder}/{name}.json")
        )
        rows = None
        if old_raw != new_raw:
            old_table, new_table = Table.parse(old_raw), Table.parse(new_raw)
            rows = diff_tables(old_table, new_table, guess_key(old_table, new_table))
        if rows or meta_changed:
            changes.append(OutputChange(kind, name, "changed", rows or None, meta_changed))
    return changes


# -- Prose -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    section: str
    text: str


@dataclass(frozen=True)
class SentenceChange:
    section: str
    old: str | None
    new: str | None


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences at ". ", "? ", "! " before a capital or a digit,
    but not after an abbreviation ("e.g.", "U.S.", "No.") or an initial ("J.")."""
    text = " ".join(text.split())
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        words = text[start : match.start() + 1].split()
        word = words[-1].lstrip('("“‘') if words else ""
        if word.lower() in ABBREVIATIONS or (_INITIALS.fullmatch(word) and len(word) <= 4):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    return [*sentences, rest] if rest else sentences


def prose_sentences(document: bytes | str) -> list[Sentence]:
    """The sentences of the paragraphs, list items and headings inside <main> (the whole
    <body> if there is no <main>), in document order, each with its section heading."""
    from lxml import html

    root = html.fromstring(document)
    main = next(iter(root.xpath("//main")), None)
    if main is None:
        main = next(iter(root.xpath("//body")), root)
    sentences, section = [], ""
    for element in main.iter(*PROSE):
        if next(element.iterancestors(*PROSE), None) is not None:
            continue  # a paragraph inside a list item: read with the item
        text = " ".join(element.text_content().split())
        if not text:
            continue
        if element.tag in HEADINGS:
            section = text
            sentences.append(Sentence(section, text))
        else:
            sentences.extend(Sentence(section, s) for s in split_sentences(text))
    return sentences


def diff_sentences(old: list[Sentence], new: list[Sentence]) -> list[SentenceChange]:
    """Sentences removed, added or rewritten; a rewritten sentence pairs old with new."""
    matcher = difflib.SequenceMatcher(
        None, [s.text for s in old], [s.text for s in new], autojunk=False
    )
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = old[i1:i2], new[j1:j2]
        for a, b in itertools.zip_longest(before, after):
            changes.append(
                SentenceChange((b or a).section, a.text if a else None, b.text if b else None)
            )
    return changes


def diff_prose(
    old: Folder, new: Folder, edition: str = EDITION
) -> list[tuple[str, str, list[SentenceChange]]]:
    """(document, status, sentence changes) for each HTML document of the builds."""
    folder = HTML.format(edition=edition)
    old_names = {posixpath.basename(p): p for p in old.names(folder, ".html")}
    new_names = {posixpath.basename(p): p for p in new.names(folder, ".html")}
    if len(old_names) == len(new_names) == 1 and old_names.keys() != new_names.keys():
        # The report was renamed: compare the one document with the other.
        old_names = {next(iter(new_names)): next(iter(old_names.values()))}
    documents = []
    for name in sorted(set(old_names) | set(new_names)):
        if name not in old_names or name not in new_names:
            documents.append((name, "added" if name not in old_names else "removed", []))
            continue
        changes = diff_sentences(
            prose_sentences(old.read(old_names[name])), prose_sentences(new.read(new_names[name]))
        )
        if changes:
            documents.append((name, "changed", changes))
    return documents


# -- Build manifests -----------------------------------------------------------------------


def diff_manifests(old_raw: bytes | None, new_raw: bytes | None) -> list[str]:
    """Lines on the report settings, software and output files that changed."""
    if old_raw is None or new_raw is None:
        return []
    old, new = _json(old_raw), _json(new_raw)
    lines = []
    for key in sorted(set(old.get("report", {})) | set(new.get("report", {}))):
        before, after = old.get("report", {}).get(key), new.get("report", {}).get(key)
        if before != after:
            lines.append(f"Report {key}: {_code(before)} → {_code(after)}")
    if old.get("python") != new.get("python"):
        lines.append(f"Python: {_code(old.get('python'))} → {_code(new.get('python'))}")
    old_packages, new_packages = old.get("packages", {}), new.get("packages", {})
    for name in sorted(set(old_packages) | set(new_packages)):
        if old_packages.get(name) != new_packages.get(name):
            before, after = old_packages.get(name), new_packages.get(name)
            lines.append(f"{_code(name)}: {_code(before)} → {_code(after)}")
    old_outputs, new_outputs = old.get("outputs", {}), new.get("outputs", {})
    for label, paths in (
        ("Output files changed", [p for p in new_outputs if p in old_outputs]),
        ("Output files added", [p for p in new_outputs if p not in old_outputs]),
        ("Output files removed", [p for p in old_outputs if p not in new_outputs]),
    ):
        if label == "Output files changed":
            paths = [
                p for p in paths if old_outputs[p].get("sha256") != new_outputs[p].get("sha256")
            ]
        if paths:
            lines.append(f"{label}: {', '.join(_code(p) for p in sorted(paths))}")
    return lines


# -- Markdown ------------------------------------------------------------------------------


def _code(value) -> str:
    """A value as an inline code span that is safe inside a Markdown table cell."""
    if value is None or value == "":
        return "*(empty)*" if value == "" else "*(none)*"
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, default=str)
    value = value.replace("\r\n", "\n").replace("\n", "⏎ ")
    if len(value) > SHORT_VALUE:
        value = value[: SHORT_VALUE - 1] + "…"
    run = max((len(m) for m in re.findall(r"`+", value)), default=0)
    fence = "`" * (run + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}".replace("|", "\\|")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(h.replace("|", "\\|") for h in header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def _more(n: int, limit: int, what: str) -> list[str]:
    return [f"… and {n - limit} more {what}."] if n > limit else []


def _rows_section(diff: TableDiff, limit: int) -> list[str]:
    """The changed cells, and the keys of the added and removed rows, of one table."""
    lines = []
    for label, columns in (
        ("Columns added", diff.columns_added),
        ("Columns removed", diff.columns_removed),
    ):
        if columns:
            lines += [f"{label}: {', '.join(_code(c) for c in columns)}.", ""]
    if diff.changed:
        lines += _table(
            [*diff.key_names, "column", "old", "new"],
            [
                [*(_code(v) for v in key), _code(column), _code(old), _code(new)]
                for key, column, old, new in diff.changed[:limit]
            ],
        )
        lines += ["", *_more(len(diff.changed), limit, "changed values"), ""]
    for label, keys in (("Rows added", diff.added), ("Rows removed", diff.removed)):
        if keys:
            lines += [f"{label} ({len(keys)}), by {', '.join(diff.key_names)}:", ""]
            lines += _table(diff.key_names, [[_code(v) for v in key] for key in keys[:limit]])
            lines += ["", *_more(len(keys), limit, label.lower()), ""]
    lines += [f"Note: {note}." for note in diff.notes]
    return lines


def _dataset_lines(change: DatasetChange, limit: int) -> list[str]:
    title = f": {change.title}" if change.title else ""
    lines = [f"### {_code(change.name)}{title}", ""]
    if change.status != "changed":
        summary = f"Dataset {change.status}: {_code(change.path)}"
        if change.n_rows is not None:
            summary += (
                f", {change.n_rows} rows; columns {', '.join(_code(c) for c in change.columns)}"
            )
        return [*lines, summary + ".", ""]
    facts = [_code(change.path)]
    if change.rows is not None:
        facts += [
            f"key: {', '.join(_code(k) for k in change.rows.key_names)}",
            change.rows.counts(),
        ]
    lines += [" · ".join(facts), ""]
    lines += [f"- {_value_change(*item)}" for item in change.metadata]
    lines += [f"- schema: {line}" for line in change.schema]
    if change.file_note:
        lines.append(f"- {change.file_note}")
    lines += [f"- **caveat on changed rows:** {reason}" for reason in change.caveats]
    lines.append("")
    if change.rows:
        lines += _rows_section(change.rows, limit)
    return lines


def _value_change(key: str, old, new) -> str:
    """ "key: old → new" for short values; "key: changed" for long text and structures."""
    if all(
        isinstance(value, str | int | float | type(None)) and len(str(value)) <= SHORT_VALUE
        for value in (old, new)
    ):
        return f"{key}: {_code(old)} → {_code(new)}"
    return f"{key}: changed"


def _names(items) -> str:
    return ", ".join(_code(item) for item in items)


def data_section(package_changes, changes: list[DatasetChange], limit: int) -> list[str]:
    if not package_changes and not changes:
        return []
    lines = ["## Data", ""]
    for status in ("changed", "added", "removed"):
        names = [c.name for c in changes if c.status == status]
        if names:
            lines.append(f"- Datasets {status} ({len(names)}): {_names(names)}")
    lines += [f"- Package {_value_change(*item)}" for item in package_changes]
    lines.append("")
    for change in changes:
        lines += _dataset_lines(change, limit)
    return lines


def numbers_section(rows: list[tuple[str, str, str]], limit: int, path: str) -> list[str]:
    if not rows:
        return []
    lines = [f"## Numbers quoted in the prose ({_code(path)})", ""]
    lines += [f"{len(rows)} changed (the prose quotes them as `{{{{ n.<name> }}}}`).", ""]
    lines += _table(
        ["name", "old", "new"],
        [[_code(path), _code(old), _code(new)] for path, old, new in rows[:limit]],
    )
    return [*lines, "", *_more(len(rows), limit, "changed numbers"), ""]


def outputs_section(changes: list[OutputChange], limit: int) -> list[str]:
    if not changes:
        return []
    lines = ["## Figures and tables", ""]
    for kind in ("figure", "table"):
        for status in ("changed", "added", "removed"):
            items = [c for c in changes if c.kind == kind and c.status == status]
            if not items:
                continue
            described = []
            for item in items:
                notes = [item.rows.counts()] if item.rows else []
                if item.meta_changed:
                    notes.append("alt text changed" if kind == "figure" else "layout changed")
                described.append(_code(item.id) + (f" ({'; '.join(notes)})" if notes else ""))
            lines.append(f"- {kind.capitalize()}s {status} ({len(items)}): {', '.join(described)}")
    lines.append("")
    for item in changes:
        if item.kind == "table" and item.rows:
            lines += [f"### Table {_code(item.id)}", "", *_rows_section(item.rows, limit), ""]
    for item in changes:
        if item.kind == "figure" and item.rows:
            # The numbers plotted: folded away, since the figure ids are the news.
            summary = f"Figure <code>{html_escape(item.id)}</code>: {item.rows.counts()}"
            lines += [f"<details><summary>{summary}</summary>", ""]
            lines += [*_rows_section(item.rows, limit), "", "</details>", ""]
    return lines


def _fence(texts: list[str]) -> str:
    run = max((len(m) for t in texts for m in re.findall(r"`+", t)), default=0)
    return "`" * max(3, run + 1)


def prose_section(documents, limit: int) -> list[str]:
    if not documents:
        return []
    lines = ["## Prose", ""]
    for name, status, changes in documents:
        if status != "changed":
            lines += [f"- Document {status}: {_code(name)}", ""]
            continue
        rewritten = sum(1 for c in changes if c.old and c.new)
        summary = ", ".join(
            part
            for part in (
                _count(rewritten, "sentence changed", "sentences changed"),
                _count(sum(1 for c in changes if not c.old), "added", "added"),
                _count(sum(1 for c in changes if not c.new), "removed", "removed"),
            )
            if part
        )
        lines += [f"{_code(name)}: {summary}.", ""]
        body, section = [], None
        for change in changes[:limit]:
            if change.section != section:
                section = change.section
                body.append(f"@@ {section or 'Beginning'} @@")
            if change.old is not None:
                body.append(f"- {change.old}")
            if change.new is not None:
                body.append(f"+ {change.new}")
            body.append("")
        fence = _fence(body)
        lines += [f"{fence}diff", *body[:-1], fence, "", *_more(len(changes), limit, "sentences")]
        lines.append("")
    return lines


def build_section(lines: list[str]) -> list[str]:
    return ["## Build", "", *(f"- {line}" for line in lines), ""] if lines else []


def compare(
    old_data,
    new_data,
    old_build: Folder | None = None,
    new_build: Folder | None = None,
    *,
    package: str = DEFAULT_PACKAGE,
    limit: int = LIMIT,
    edition: str = EDITION,
) -> tuple[str, bool]:
    """The Markdown report of what changed, and whether anything did.

    old_data, new_data: where to read the data package (a Folder or a GitRevision).
    old_build, new_build: build folders whose outputs to compare (None: data only).
    edition: the edition whose outputs to compare.
    """
    package_changes, datasets = diff_package(old_data, new_data, package)
    body = data_section(package_changes, datasets, limit)
    notes = []
    builds = old_build is not None and new_build is not None
    if builds and old_build.has_outputs() and new_build.has_outputs():
        numbers_path = NUMBERS.format(edition=edition)
        numbers = diff_numbers(old_build.read(numbers_path), new_build.read(numbers_path))
        body += numbers_section(numbers, limit, numbers_path)
        outputs = [
            change
            for folder, kind in ((FIGURES, "figure"), (TABLES, "table"))
            for change in diff_outputs(old_build, new_build, folder.format(edition=edition), kind)
        ]
        body += outputs_section(outputs, limit)
        body += prose_section(diff_prose(old_build, new_build, edition), limit)
        body += build_section(diff_manifests(old_build.read(MANIFEST), new_build.read(MANIFEST)))
    elif builds:
        missing = [b.label for b in (old_build, new_build) if not b.has_outputs()]
        notes.append(f"Build outputs not compared: no `results/` in {', '.join(missing)}.")
    else:
        notes.append("Build outputs not compared: only the data were given.")
    header = [
        "# What changed",
        "",
        f"Old: {_code(old_data.label)} · New: {_code(new_data.label)}",
        "",
    ]
    if builds and (old_build.label, new_build.label) != (old_data.label, new_data.label):
        header += [f"Builds: {_code(old_build.label)} → {_code(new_build.label)}", ""]
    header += [*(f"*{note}*" for note in notes), *([""] if notes else [])]
    changed = bool(body)
    text = "\n".join([*header, *(body or ["No changes.", ""])])
    # One blank line between blocks (no sentence or value holds a line break).
    text = re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
    return text, changed


def compare_builds(old: Path | str, new: Path | str, **options) -> str:
    """What changed between two build folders (data and outputs)."""
    for folder in (old, new):
        if not Path(folder).is_dir():
            raise ChangesError(f"not a folder: {folder}")
    old_build, new_build = Folder(old), Folder(new)
    return compare(old_build, new_build, old_build, new_build, **options)[0]


def compare_revisions(
    old: str,
    new: str,
    repo: Path | str = ".",
    builds: tuple[Path | str, Path | str] | None = None,
    **options,
) -> str:
    """What changed in the data between two git revisions (and, if build folders are
    given, in their outputs)."""
    folders = (Folder(builds[0]), Folder(builds[1])) if builds else (None, None)
    return compare(GitRevision(old, repo), GitRevision(new, repo), *folders, **options)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ap4report.changes",
        description="Write a Markdown account of what changed between two builds, or in "
        "the data between two git revisions.",
    )
    parser.add_argument(
        "builds",
        nargs="*",
        metavar="BUILD",
        help="two build folders, old then new (each with data/ and results/)",
    )
    parser.add_argument(
        "--git",
        nargs=2,
        metavar=("REV_A", "REV_B"),
        help="compare the data at two git revisions (old, new)",
    )
    parser.add_argument("--repo", default=".", help="the git repository (default: .)")
    parser.add_argument(
        "--package",
        default=DEFAULT_PACKAGE,
        help="the data package descriptor, relative to a build folder or the repository "
        f"(default: {DEFAULT_PACKAGE})",
    )
    parser.add_argument(
        "--edition",
        default=EDITION,
        help=f"the edition whose outputs to compare (default: {EDITION})",
    )
    parser.add_argument(
        "--limit", type=int, default=LIMIT, help=f"items shown per list (default: {LIMIT})"
    )
    parser.add_argument("-o", "--output", help="write the Markdown here (default: stdout)")
    parser.add_argument("--exit-code", action="store_true", help="exit with 1 if anything changed")
    arguments = parser.parse_args(argv)
    if len(arguments.builds) not in ((0, 2) if arguments.git else (2,)):
        parser.error("give two build folders (old, new), or --git REV_A REV_B")
    if arguments.limit < 1:
        parser.error("--limit must be at least 1")
    options = {
        "package": arguments.package,
        "limit": arguments.limit,
        "edition": arguments.edition,
    }
    try:
        builds = [Folder(b) for b in arguments.builds] or [None, None]
        for build in filter(None, builds):
            if not build.root.is_dir():
                raise ChangesError(f"not a folder: {build.root}")
        if arguments.git:
            old = GitRevision(arguments.git[0], arguments.repo)
            new = GitRevision(arguments.git[1], arguments.repo)
            text, changed = compare(old, new, *builds, **options)
        else:
            text, changed = compare(*builds, *builds, **options)
    except ChangesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if arguments.output:
        Path(arguments.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 1 if arguments.exit_code and changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
