"""When each dataset's next release is due, from the snapshot records in data/snapshots/
(written by `python -m ap4report.sources`: the release read, and the next one expected).

The build warns about datasets past their due date (a warning: the report is still
built, and says in its annex which newer release was due). Curated tables have no
release and no due date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

SNAPSHOTS = "data/snapshots"


@dataclass(frozen=True)
class Due:
    source: str
    release: str  # the release read
    next_expected: datetime.date
    datasets: tuple[str, ...]


def snapshot_files(snapshots: Path | str = SNAPSHOTS) -> list[str]:
    return sorted(path.as_posix() for path in Path(snapshots).glob("*.yaml"))


def due_dates(files: list[str]) -> dict[str, Due]:
    """Each dataset with a publisher's release: when the next release is expected, from
    the snapshot records `files`."""
    from ap4report.datapackage import load_yaml

    found = {}
    for path in files:
        record = load_yaml(path)
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
