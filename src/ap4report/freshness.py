"""When each dataset's next release is due, from the snapshot records in data/snapshots/
(written by `python -m ap4report.sources`: the release read, and the next one expected).

The build warns about datasets past their due date (a warning: the report is still
built, and says in its annex which newer release was due). Curated tables have no
release and no due date."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

SNAPSHOTS = "data/snapshots"
NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")  # a source's or a dataset's name
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # no terminal escapes in the build's log


@dataclass(frozen=True)
class Due:
    source: str
    release: str  # the release read
    next_expected: datetime.date
    datasets: tuple[str, ...]


def snapshot_files(snapshots: Path | str = SNAPSHOTS) -> list[str]:
    return sorted(path.as_posix() for path in Path(snapshots).glob("*.yaml"))


def read_record(path: str) -> dict:
    """A snapshot record, checked: it lies inside the data folder (the parent of snapshots/,
    after symlinks), and the fields the build uses have their types; else an error naming
    the file and the field. A pull request can change these files, and they are read at
    every start of the workflow and quoted in its log."""
    from ap4report.datapackage import MetadataError, invisible_at, load_yaml
    from ap4report.paths import confined

    confined(path, Path(path).parent.parent, "a snapshot record")
    record = load_yaml(path)
    if not isinstance(record, dict):
        raise MetadataError(path, None, "a mapping of fields (source, release, ...)")
    source, release = record.get("source"), record.get("release")
    if not isinstance(source, str) or not NAME.fullmatch(source):
        raise MetadataError(
            path, None, f"source: a source's name such as wdi; found {str(source)[:40]!r}"
        )
    if not isinstance(release, str) or not release.strip() or len(release) > 300:
        raise MetadataError(path, None, "release: the release's name (text)")
    if CONTROL.search(release) or invisible_at(release):
        raise MetadataError(path, None, "release: text without control or invisible characters")
    datasets = record.get("datasets", [])
    if not isinstance(datasets, list) or not all(
        isinstance(d, str) and NAME.fullmatch(d) for d in datasets
    ):
        raise MetadataError(path, None, "datasets: a list of dataset names such as milex")
    expected = record.get("next_release_expected")
    if expected:
        try:
            if not isinstance(expected, datetime.date):
                datetime.date.fromisoformat(str(expected))
        except ValueError:
            raise MetadataError(
                path,
                None,
                f"next_release_expected: a date YYYY-MM-DD; found {str(expected)[:40]!r}",
            ) from None
    return record


def due_dates(files: list[str]) -> dict[str, Due]:
    """Each dataset with a publisher's release: when the next release is expected, from
    the snapshot records `files`."""
    found = {}
    for path in files:
        record = read_record(path)
        expected = record.get("next_release_expected")
        if not expected:
            continue
        due = Due(
            source=record["source"],
            release=record["release"],
            next_expected=datetime.date.fromisoformat(str(expected)),
            datasets=tuple(record.get("datasets", [])),
        )
        found.update({dataset: due for dataset in due.datasets})
    return found


def overdue(on: datetime.date, snapshots: Path | str = SNAPSHOTS) -> list[Due]:
    """The sources whose next release was expected before `on`, oldest due first."""
    unique = {due.source: due for due in due_dates(snapshot_files(snapshots)).values()}
    return sorted(
        (due for due in unique.values() if due.next_expected < on),
        key=lambda due: (due.next_expected, due.source),
    )


def overdue_warnings(on: datetime.date, snapshots: Path | str = SNAPSHOTS) -> list[str]:
    """One line per source past its due date, for the start of a build."""
    return [
        f"Data past their next expected release: {', '.join(due.datasets)} "
        f"({due.release}; the next release was expected by {due.next_expected}). "
        f"Read the new release with `python -m ap4report.sources {due.source} <file>`."
        for due in overdue(on, snapshots)
    ]
