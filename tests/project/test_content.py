"""The prose: no number typed outside an expression, in any content file (the check is
the build's own, ap4report.claims.typed_claims, which the render also runs)."""

from __future__ import annotations

import pytest

from ap4report.claims import typed_claims

from conftest import PROJECT_ROOT

CONTENT_FILES = sorted((PROJECT_ROOT / "content").glob("*/*.md"))


def test_there_is_content():
    assert CONTENT_FILES, "no content/<language>/*.md found"


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_content_holds_no_typed_figures_or_number_words(path):
    """'7.6 bn', 'four partners', 'a decade earlier', 'the first Trump administration':
    each is an expression over the data or is not written."""
    assert typed_claims(path) == []


def test_the_check_catches_figures_and_number_words_with_their_lines(tmp_path):
    path = tmp_path / "en" / "report.md"
    path.parent.mkdir()
    path.write_text(
        "Japan gave {{ n.x }} bn, or 7.6 bn by April.\n"
        "All four partners signed a decade earlier; they speak with one voice.\n"
        "The K2 tanks and the AP4 {# 12 #} are names.\n",
        encoding="utf-8",
    )
    assert typed_claims(path) == [(1, "7.6"), (2, "four"), (2, "decade")]


def test_the_polish_words_are_checked_in_polish(tmp_path):
    path = tmp_path / "pl" / "report.md"
    path.parent.mkdir()
    path.write_text("Wszystkie cztery państwa, jeden z nich\nmówią jednym głosem.\n", "utf-8")
    assert typed_claims(path) == [(1, "cztery")]
