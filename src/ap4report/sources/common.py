"""Shared helpers of the source readers: errors, file hashes, Excel cell names, CSV text,
snapshot records and the one place where a release is written into `data/`.

A reader never writes a file itself. It returns a `Release` (the new tables, the metadata
fields of its own resources that change with a release, and its snapshot record), and
`apply_release` writes it: everything is staged in a temporary copy of `data/` and
validated there first, and the files in `data/` are replaced only when every output is
ready (all outputs or none).
"""

from __future__ import annotations

import copy
import csv
import datetime
import hashlib
import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ap4report.archival import FORMULA_START

YAML_STYLE = {"sort_keys": False, "allow_unicode": True, "width": 100}
SNAPSHOTS = "snapshots"  # the folder of snapshot records, inside the data folder
PACKAGE = "datapackage.yaml"
# The most a publisher's file may hold unpacked (an .xlsx is a zip), and the most a
# download may be: SIPRI's workbook is under 1 MB (about 10 MB unpacked), a WDI download a
# few MB. Above this a file is refused before it is parsed (a zip bomb, a runaway sheet).
MAX_FILE_BYTES = 100 * 2**20


class SourceError(Exception):
    """A publisher's file, or a request, that cannot be used; the message says why."""


class LayoutError(SourceError):
    """A file whose layout the reader does not recognise, with the place of the problem."""

    def __init__(self, path, expected: str, *, sheet=None, cell=None, found=None):
        where = Path(path).name
        if sheet is not None:
            where += f", sheet {sheet!r}"
        if cell is not None:
            where += f", cell {cell}"
        shown = "" if found is None else f"; found {found!r}"
        super().__init__(f"{where}: expected {expected}{shown}")


def check_unpacked_size(path: Path, what: str = "a zip archive") -> None:
    """Refuse a zip (an .xlsx is one) whose members would unpack to more than MAX_FILE_BYTES
    (Python's zipfile never inflates a member past the size its directory declares)."""
    limit = MAX_FILE_BYTES
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise LayoutError(path, f"{what} ({error})") from None
    if total > limit:
        raise LayoutError(
            path, f"at most {limit:,} bytes once unpacked (a zip bomb?)", found=f"{total:,} bytes"
        )


def plain_text(value: str, path, *, sheet=None, cell=None) -> str:
    """A publisher's free text (a footnote, a country's name), refused with its place if a
    spreadsheet would run it as a formula once it is in data/*.csv (the starts that
    ap4report.archival neutralises in what the build publishes)."""
    if value.lstrip(" ").startswith(FORMULA_START):
        raise LayoutError(
            path,
            "text, not something a spreadsheet would run as a formula (it starts with"
            f" {value.lstrip(' ')[:1]!r})",
            sheet=sheet,
            cell=cell,
            found=value[:80],
        )
    return value


def a1(row: int, column: int) -> str:
    """The Excel name of a cell: a1(6, 3) == 'C6'."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def csv_text(columns: list[str], rows: list[dict]) -> str:
    """A table as the project writes it: UTF-8, comma, minimal quoting, '\\n' line ends."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def read_csv_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def number_text(value: float | int, decimals: int | None = None) -> str:
    """A number as the data files hold it: Python's shortest form after rounding
    (round(738005, 2) stays the integer 738005; 53423.0 keeps its '.0')."""
    return repr(value if decimals is None else round(value, decimals))


def load_yaml_file(path: Path):
    with open(path, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def dump_yaml(document) -> str:
    return yaml.safe_dump(document, **YAML_STYLE)


def static_metadata(source: str) -> dict:
    """The static metadata of a source: `src/ap4report/sources/<source>.yaml`."""
    return load_yaml_file(Path(__file__).with_name(f"{source}.yaml"))


def snapshot_path(data_dir: Path, source: str) -> Path:
    return Path(data_dir) / SNAPSHOTS / f"{source}.yaml"


def read_snapshot(data_dir: Path, source: str) -> dict | None:
    path = snapshot_path(data_dir, source)
    return load_yaml_file(path) if path.exists() else None


# Durations ------------------------------------------------------------------------------

_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?")


def add_period(day: datetime.date, period: str) -> datetime.date:
    """`day` plus an ISO 8601 period of years, months and days (P1Y, P3M, P1Y6M, P10D).
    A day that does not exist in the target month becomes the month's last day."""
    match = _DURATION.fullmatch(period or "")
    if not match or not any(match.groups()):
        raise SourceError(
            f"update_period: expected an ISO 8601 period such as P1Y; found {period!r}"
        )
    years, months, days = (int(g or 0) for g in match.groups())
    month_index = day.year * 12 + day.month - 1 + years * 12 + months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day)) + datetime.timedelta(days=days)


def parse_date(text: str, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(text))
    except ValueError:
        raise SourceError(f"{what}: expected a date YYYY-MM-DD; found {text!r}") from None


# Releases --------------------------------------------------------------------------------


@dataclass
class Options:
    """What the command line tells a reader besides the files."""

    retrieved: str  # YYYY-MM-DD, the day the files were downloaded
    data_dir: Path = Path("data")
    urls: list | None = None  # where each file came from, if known
    release: str | None = None  # the publisher's release name/number, if not in the file
    as_of: str | None = None  # the period the release covers, if not in the file
    released: str | None = None  # YYYY-MM-DD, the publisher's release date, if known
    log: Callable[[str], None] = print


@dataclass
class RawFile:
    """One file of a publisher's release, as read."""

    path: Path
    url: str | None = None

    @property
    def record(self) -> dict:
        entry = {"name": self.path.name}
        if self.url:
            entry["url"] = self.url
        entry["sha256"] = sha256(self.path)
        entry["bytes"] = self.path.stat().st_size
        return entry


@dataclass
class Release:
    """What a reader made of a release, ready to be written by `apply_release`."""

    source: str
    release: str  # the publisher's name of the release
    retrieved: str  # YYYY-MM-DD
    files: list[RawFile]
    tables: dict[str, str]  # resource name -> CSV text
    fields: dict[str, dict] = field(default_factory=dict)  # resource -> {key: value}
    schema: dict[str, Callable[[dict], None]] = field(default_factory=dict)  # edits a schema
    released: str | None = None  # YYYY-MM-DD, if the publisher's date is known
    review: list[str] = field(default_factory=list)  # hand-written fields to look at


def snapshot_record(release: Release, metadata: dict) -> dict:
    """The snapshot record of a release: which file the data come from and when the next
    release is due (`next_release_expected` = released, else retrieved, + update_period)."""
    basis = "released" if release.released else "retrieved"
    start = parse_date(getattr(release, basis), basis)
    period = metadata["update_period"]
    record = {
        "source": release.source,
        "publisher": metadata["publisher"],
        "release": release.release,
    }
    if release.released:
        record["released"] = release.released
    record["retrieved"] = release.retrieved
    record["update_period"] = period
    record["next_release_expected"] = add_period(start, period).isoformat()
    record["next_release_basis"] = f"{basis} + {period}"
    record["files"] = [raw.record for raw in release.files]
    record["datasets"] = list(metadata["datasets"])
    record["licence"] = metadata["licence"]
    return record


def set_field(entry: dict, key: str, value) -> None:
    """Set a field of a resource in place; a new `released` goes after `as_of` (where the
    other resources have it), any other new field at the end."""
    if key in entry or key != "released" or "as_of" not in entry:
        entry[key] = value
        return
    items = list(entry.items())
    entry.clear()
    for name, old in items:
        entry[name] = old
        if name == "as_of":
            entry[key] = value


def updated_package(text: str, release: Release, owned: list[str]) -> str:
    """datapackage.yaml with the release's fields set in the source's own resources.

    Every other resource, and the order of all of them, stays exactly as it was (checked
    after the edit: a reader can never drop or reorder a dataset it does not own)."""
    before = yaml.safe_load(text)
    after = copy.deepcopy(before)
    stray = (set(release.tables) | set(release.fields) | set(release.schema)) - set(owned)
    if stray:
        raise SourceError(f"{release.source} may only write {owned}; it tried {sorted(stray)}")
    by_name = {entry.get("name"): entry for entry in after.get("resources", [])}
    for name in owned:
        if name not in by_name:
            raise SourceError(
                f"data/{PACKAGE} has no resource {name!r}: add its entry (schema, description,"
                " caveats) by hand before importing"
            )
        entry = by_name[name]
        for key, value in release.fields.get(name, {}).items():
            set_field(entry, key, value)
        if name in release.schema:
            release.schema[name](entry["schema"])
    names = [entry.get("name") for entry in before["resources"]]
    if [entry.get("name") for entry in after["resources"]] != names:
        raise SourceError("the resources of datapackage.yaml changed order (a bug in the reader)")
    for old, new in zip(before["resources"], after["resources"], strict=True):
        if old.get("name") not in owned and old != new:
            raise SourceError(f"resource {old.get('name')!r} would change (a bug in the reader)")
    if {k: v for k, v in before.items() if k != "resources"} != {
        k: v for k, v in after.items() if k != "resources"
    }:
        raise SourceError("the package-level metadata would change (a bug in the reader)")
    return dump_yaml(after)


def apply_release(release: Release, data_dir: Path, metadata: dict, log=print) -> None:
    """Write a release into `data_dir`: its tables, its resources' metadata, its snapshot
    record. Staged and validated in a temporary copy first; `data_dir` is changed only if
    everything is ready, and then every file is replaced (a failure on the way puts back
    the files already replaced)."""
    from ap4report.datapackage import DataPackage
    from ap4report.validation import ValidationFailed, validate_resources

    data_dir = Path(data_dir)
    owned = list(metadata["datasets"])
    package_text = (data_dir / PACKAGE).read_text(encoding="utf-8")
    new_files = {PACKAGE: updated_package(package_text, release, owned)}
    paths = {e["name"]: e["path"] for e in yaml.safe_load(package_text)["resources"]}
    for name, text in release.tables.items():
        new_files[paths[name]] = text
    record = snapshot_record(release, metadata)
    new_files[f"{SNAPSHOTS}/{release.source}.yaml"] = snapshot_header(release.source) + dump_yaml(
        record
    )

    with tempfile.TemporaryDirectory(prefix="ap4-sources-") as staging:
        stage = Path(staging) / "data"
        # Links are copied as links, never followed: a link in data/ to a folder outside
        # (even /) must not be copied whole; validation then refuses one that a dataset reads.
        shutil.copytree(data_dir, stage, symlinks=True, ignore=shutil.ignore_patterns(".*"))
        for relative, text in new_files.items():
            (stage / relative).parent.mkdir(parents=True, exist_ok=True)
            (stage / relative).write_text(text, encoding="utf-8", newline="")
        try:
            validate_resources(DataPackage.load(stage / PACKAGE), owned)
        except ValidationFailed as failed:
            raise SourceError(
                f"the tables made from this release do not pass validation; nothing in"
                f" {data_dir} was changed.\n{failed}"
            ) from None
        log(f"  validated {', '.join(owned)} against data/{PACKAGE}")
        replace_all({data_dir / rel: stage / rel for rel in new_files})
    for relative, text in new_files.items():
        log(f"  wrote {data_dir / relative} ({text.count(chr(10))} lines)")


def snapshot_header(source: str) -> str:
    return (
        f"# Snapshot record of {source}: the publisher's release that data/ was last read from.\n"
        f"# Written by `python -m ap4report.sources {source} <file>`; static metadata in\n"
        f"# src/ap4report/sources/{source}.yaml. The raw file is not in git (.cache/sources/).\n"
    )


def replace_all(targets: dict[Path, Path]) -> None:
    """Move each staged file onto its target. The targets are first copied aside; if any
    move fails, the ones already moved are put back, so the set changes all at once or
    not at all (short of the machine stopping mid-way)."""
    backups: dict[Path, Path | None] = {}
    with tempfile.TemporaryDirectory(prefix="ap4-backup-") as backup_dir:
        try:
            for index, (target, staged) in enumerate(targets.items()):
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.exists():
                    backup = Path(backup_dir) / str(index)
                    shutil.copy2(target, backup)
                    backups[target] = backup
                else:
                    backups[target] = None
                # Same folder as the target, so the final rename is atomic.
                fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
                os.close(fd)
                try:
                    shutil.copyfile(staged, temporary)
                    os.replace(temporary, target)
                finally:
                    Path(temporary).unlink(missing_ok=True)
        except BaseException:
            for target, backup in backups.items():
                if backup is None:
                    target.unlink(missing_ok=True)
                else:
                    shutil.copy2(backup, target)  # the backup folder may be on another disk
            raise
