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


# Numbers in words and data-dependent qualifiers are typed claims too. The few phrases in
# which such a word is not a count of anything in the data (or sits in a branch that the
# data choose, such as `{% elif n == 1 %}only one came`) are listed below.
NUMBER_WORDS = {
    "en": re.compile(
        r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|decades?|"
        r"twice|half|first Trump)\b",
        re.IGNORECASE,
    ),
    "pl": re.compile(
        r"\b(jeden|jedna|jedną|dwa|dwie|dwóch|trzy|trzech|trzej|cztery|czterech|czterej|"
        r"czwórk\w*|pięć|pięciu|dziesięć|dekad\w*|pierwszej administracji)\b",
        re.IGNORECASE,
    ),
}
NOT_COUNTS = re.compile(
    r"\b(one voice|(is )?one of( the)?|(in )?two regions|as one|from one source|one source|"
    r"half marker|for one|in one chart|one release|the two editions|the two sources|"
    r"between the two|only one came|dwóch edycji|"
    r"jednym głosem|jeden z|jedną z|dwóch regionach|dwóch regionów|jako jeden)\b",
    re.IGNORECASE,
)


def words_outside_expressions(path) -> list[str]:
    text = NOT_COUNTS.sub(" ", " ".join(prose_outside_expressions(path).split()))
    language = path.parent.name if path.parent.name in NUMBER_WORDS else "en"
    return NUMBER_WORDS[language].findall(text)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_content_holds_no_number_words(path):
    """'four partners', 'a decade earlier', 'the first Trump administration': each is an
    expression over the data or is not written."""
    assert words_outside_expressions(path) == [], path.name


def test_the_check_catches_a_number_word(tmp_path):
    path = tmp_path / "report.md"
    path.write_text(
        "All four partners signed a decade earlier; they speak with one voice.\n", "utf-8"
    )
    assert words_outside_expressions(path) == ["four", "decade"]


def test_there_is_content():
    assert CONTENT_FILES, "no content/<language>/*.md found"
