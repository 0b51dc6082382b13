"""The command line of `python -m ap4report.sources`: errors as messages, and `status`."""

from __future__ import annotations

import pytest

from ap4report.sources import READERS
from ap4report.sources.__main__ import main

from conftest import DATA


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nowhere", "x"], "unknown command 'nowhere'"),
        (["sipri_milex"], "give the file(s) to read"),
        (["sipri_milex", "no-such.xlsx"], "no-such.xlsx: no such file"),
        (["sipri_milex", "x", "--retrieved", "yesterday"], "--retrieved: expected a date"),
    ],
)
def test_command_line_errors_are_messages(argv, message, capsys, tmp_path):
    if argv[-1] == "yesterday":
        (tmp_path / "x").write_text("")
        argv = [argv[0], str(tmp_path / "x"), *argv[2:]]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_status_lists_each_source(capsys):
    assert main(["status", "--data-dir", str(DATA)]) == 0
    out = capsys.readouterr().out
    assert all(f"{source}: " in out for source in READERS)
    assert "next release expected 2026-04-28" in out
