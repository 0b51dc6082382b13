"""The snapshot records read at every start of the workflow: a record a pull request has
damaged or pointed elsewhere is refused with its file and field, never a traceback."""

from __future__ import annotations

import datetime
import os
import re

import pytest

from ap4report.errors import AuthorError
from ap4report.freshness import overdue_warnings

GOOD = "source: wdi\nrelease: WDI 2026\nnext_release_expected: '2026-01-01'\ndatasets: [x]\n"


def records(tmp_path, text: str):
    snapshots = tmp_path / "data" / "snapshots"
    snapshots.mkdir(parents=True)
    (snapshots / "wdi.yaml").write_text(text, encoding="utf-8")
    return snapshots


def test_a_good_record_past_its_date_gives_a_warning(tmp_path):
    (warning,) = overdue_warnings(datetime.date(2026, 6, 1), records(tmp_path, GOOD))
    assert "x (WDI 2026; the next release was expected by 2026-01-01)" in warning


@pytest.mark.parametrize(
    "text, expected",
    [
        (GOOD.replace("'2026-01-01'", "soon"), "next_release_expected: a date YYYY-MM-DD"),
        ("- a\n- b\n", "a mapping of fields"),
        ("", "a mapping of fields"),
        ("next_release_expected: '2026-01-01'\n", "source: a source's name"),
        (GOOD.replace("[x]", "x"), "datasets: a list of dataset names"),
        (GOOD.replace("WDI 2026", '"\\e[2J\\e[31mfake"'), "release: text without control"),
        (GOOD.replace("WDI 2026", "[1, 2]"), "release: the release's name"),
    ],
)
def test_a_damaged_record_is_refused_with_its_file(tmp_path, text, expected):
    with pytest.raises(AuthorError, match=r"snapshots/wdi.yaml.*expected " + re.escape(expected)):
        overdue_warnings(datetime.date(2026, 6, 1), records(tmp_path, text))


def test_a_record_that_links_out_of_the_data_folder_is_not_read(tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(GOOD.replace("WDI 2026", "a secret"), encoding="utf-8")
    snapshots = tmp_path / "data" / "snapshots"
    snapshots.mkdir(parents=True)
    os.symlink(outside, snapshots / "wdi.yaml")
    with pytest.raises(AuthorError, match=r"a snapshot record: .* is not inside"):
        overdue_warnings(datetime.date(2026, 6, 1), snapshots)


def test_the_projects_records_are_read():
    from ap4report.freshness import due_dates, snapshot_files

    assert {"milex", "gdp_population", "ukraine_support_kiel"} <= set(due_dates(snapshot_files()))
