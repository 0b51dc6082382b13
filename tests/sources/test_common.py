"""What the readers share: the datasets each may write, snapshot records and their
periods, Excel cell names."""

from __future__ import annotations

import datetime

import pytest
import yaml

from ap4report.sources import READERS, curated
from ap4report.sources.common import (
    Release,
    SourceError,
    a1,
    add_period,
    static_metadata,
    updated_package,
)

from .fixtures import package
from conftest import DATA


def test_a_reader_may_not_write_a_dataset_it_does_not_own():
    text = (DATA / "datapackage.yaml").read_text(encoding="utf-8")
    release = Release("sipri_milex", "x", "2026-12-06", [], tables={"countries": "iso3\n"})
    with pytest.raises(SourceError, match=r"may only write \['milex'.*tried \['countries'\]"):
        updated_package(text, release, ["milex", "milex_footnotes"])


def test_excel_cell_names():
    assert [a1(6, 3), a1(1, 26), a1(12, 27), a1(3, 79)] == ["C6", "Z1", "AA12", "CA3"]


def test_every_dataset_has_one_reader_or_is_curated():
    owners: dict[str, list[str]] = {}
    for source in READERS:
        for name in static_metadata(source)["datasets"]:
            owners.setdefault(name, []).append(source)
    names = {r["name"] for r in package(DATA)["resources"]}
    assert all(len(sources) == 1 for sources in owners.values()), owners
    assert set(owners).isdisjoint(curated())
    assert set(owners) | set(curated()) == names


@pytest.mark.parametrize("source", READERS)
def test_every_reader_has_a_snapshot_record_and_its_metadata(source):
    metadata = static_metadata(source)
    for key in ("publisher", "homepage", "licence", "update_period", "datasets", "urls"):
        assert key in metadata, f"{source}.yaml lacks {key}"
    record = yaml.safe_load((DATA / "snapshots" / f"{source}.yaml").read_text())
    for key in ("release", "retrieved", "update_period", "next_release_expected", "files"):
        assert record.get(key), f"snapshots/{source}.yaml lacks {key}"
    assert record["datasets"] == metadata["datasets"]
    basis, period = record["next_release_basis"].split(" + ")
    start = datetime.date.fromisoformat(record[basis])
    assert add_period(start, period).isoformat() == record["next_release_expected"]


def test_periods():
    day = datetime.date(2024, 1, 31)
    assert add_period(day, "P1Y") == datetime.date(2025, 1, 31)
    assert add_period(day, "P1M") == datetime.date(2024, 2, 29)
    assert add_period(day, "P6M10D") == datetime.date(2024, 8, 10)
    with pytest.raises(SourceError, match="ISO 8601 period"):
        add_period(day, "yearly")


def test_staging_copies_a_link_in_data_as_a_link(sipri_2025, data_copy, tmp_path):
    """A link in data/ to a folder outside (a stranger's pull request could add one to / or
    /dev) is not followed when data/ is staged for an import: nothing outside is read."""
    import os

    from ap4report.sources.__main__ import main

    outside = tmp_path / "outside"
    outside.mkdir()
    os.mkfifo(outside / "pipe")  # copying it, were the link followed, would fail
    os.symlink(outside, data_copy / "evil")
    assert main(["sipri_milex", str(sipri_2025), "--data-dir", str(data_copy)]) == 0
    assert (data_copy / "evil").is_symlink()
