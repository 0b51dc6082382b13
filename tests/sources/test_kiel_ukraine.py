"""The reader of the Kiel Ukraine Support Tracker's country summary."""

from __future__ import annotations

import pytest
import yaml
from openpyxl import load_workbook

from ap4report.sources import reader
from ap4report.sources.__main__ import main
from ap4report.sources.common import SourceError, static_metadata

from .fixtures import kiel_rows, kiel_workbook, options, package, resource
from conftest import DATA


def read_kiel(path, **extra):
    extra.setdefault("as_of", "2026-04")
    return reader("kiel_ukraine").read([path], static_metadata("kiel_ukraine"), options(**extra))


def test_kiel_country_summary_reproduces_the_table(tmp_path, data_copy, capsys):
    rows = kiel_rows()
    path = kiel_workbook(tmp_path / "Ukraine_Support_Tracker_Release_29.xlsx", rows)
    release = read_kiel(path)
    assert release.tables["ukraine_support_kiel"] == (DATA / "ukraine_support_kiel.csv").read_text(
        encoding="utf-8"
    )
    assert release.release == "Release 29"
    argv = [str(path), "--data-dir", str(data_copy), "--as-of", "2026-04"]
    assert main(["kiel_ukraine", *argv, "--released", "2026-08-04"]) == 0
    assert "skipped aggregate rows: ['Total']" in capsys.readouterr().out
    entry = resource(package(data_copy), "ukraine_support_kiel")
    assert entry["edition"] == "Ukraine Support Tracker Release 29 (04/2026)"
    assert (entry["as_of"], entry["released"]) == ("2026-04", "2026-08-04")
    record = yaml.safe_load((data_copy / "snapshots/kiel_ukraine.yaml").read_text())
    assert record["next_release_expected"] == "2026-12-04"
    assert record["next_release_basis"] == "released + P4M"


def _kiel_edit(edit):
    def make(path):
        kiel_workbook(path, kiel_rows())
        book = load_workbook(path)
        edit(book["Country Summary (€)"])
        book.save(path)

    return make


KIEL_REFUSED = {
    "unknown donor": (
        _kiel_edit(lambda s: s.cell(9, 2, "Atlantis")),
        r"cell B9: expected a donor listed in kiel_ukraine.yaml .*found 'Atlantis'",
    ),
    "EU member not 0/1": (
        _kiel_edit(lambda s: s.cell(9, 3, "yes")),
        r"cell C9: expected 0 or 1; found 'yes'",
    ),
    "text value": (
        _kiel_edit(lambda s: s.cell(9, 6, "n/a")),
        r"cell F9: expected a number \(EUR bn\) or an empty cell; found 'n/a'",
    ),
    "column missing": (
        _kiel_edit(lambda s: s.cell(8, 7, "Military (allocations)")),
        r"expected the columns \['Military allocations'\] in the header row",
    ),
    "sheet missing": (
        _kiel_edit(lambda s: setattr(s, "title", "Summary")),
        r"expected a sheet 'Country Summary \(€\)'",
    ),
}


@pytest.mark.parametrize("case", KIEL_REFUSED, ids=list(KIEL_REFUSED))
def test_kiel_refuses_a_layout_it_does_not_know(case, tmp_path):
    make, message = KIEL_REFUSED[case]
    path = tmp_path / "Ukraine_Support_Tracker_Release_30.xlsx"
    make(path)
    with pytest.raises(SourceError, match=message):
        read_kiel(path)


def test_kiel_needs_the_cut_off_month(tmp_path):
    path = kiel_workbook(tmp_path / "Ukraine_Support_Tracker_Release_30.xlsx", kiel_rows())
    with pytest.raises(SourceError, match=r"--as-of YYYY-MM"):
        read_kiel(path, as_of=None)
