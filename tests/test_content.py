"""The prose: no typed figures, every float placed and referenced, data-driven claims."""

from __future__ import annotations

import re

import pytest

from conftest import PROJECT_ROOT

CONTENT_FILES = sorted((PROJECT_ROOT / "content").glob("*/*.md"))
# Digits allowed outside expressions: names that contain a number.
ALLOWED = re.compile(r"\b(AP4|IP4|K2|K9|K239|FA-50|G7|G20)\b")
EXPRESSION = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)


def prose_outside_expressions(path) -> str:
    text = EXPRESSION.sub(" ", path.read_text(encoding="utf-8"))
    return ALLOWED.sub(" ", text)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_content_holds_no_typed_figures(path):
    typed = re.findall(r"[^\s]*\d[^\s]*", prose_outside_expressions(path))
    assert typed == [], f"typed figures in {path.name}: {typed}"


def test_the_check_catches_a_typed_figure(tmp_path):
    path = tmp_path / "report.md"
    path.write_text("Japan gave {{ n.x }} bn, or 7.6 bn by April.\n", encoding="utf-8")
    assert re.findall(r"[^\s]*\d[^\s]*", prose_outside_expressions(path)) == ["7.6"]


def test_there_is_content():
    assert CONTENT_FILES, "no content/<language>/*.md found"
