"""The printed text of every edition, read back from the PDFs of a fresh build.

- No text prints smaller than 7 pt, figures included: the figures are inline vector SVG,
  so WeasyPrint writes their labels as PDF text, and the size a reader sees is the font
  size times the text and page transformations (a figure scaled into a narrower column
  shrinks its labels). Read with pypdf, glyph run by glyph run.
- No line ends in a hyphen that breaks a proper noun ("Ja-/pan", "AU-/KUS",
  "Indo-/Pacific"), and no "Figure"/"Wykres"/"Table"/"Tabela" is parted from its
  number, nor a Polish ordinal from its noun ("5./miejsce").
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest

from ap4report.style import MIN_TEXT_PT

from conftest import PROJECT_ROOT

HYPHENS = ("-", "\u2010", "\u00ad")
# Names that must never be broken, besides every capitalised word: English and Polish
# country names come from the countries table (see `names`).
NAMES = [
    "Indo-Pacific",
    "Indo-Pacyfik",
    "Euro-Atlantic",
    "NATO",
    "AUKUS",
    "AP4",
    "ITPP",
    "Kiel",
    "Vilnius",
    "Wilno",
    "Madrid",
    "Washington",
    "Waszyngton",
]
FLOAT_WORDS = ("Figure", "Figures", "Table", "Tables", "Wykres", "Wykresy", "Tabela", "Tabele")


@pytest.fixture(scope="module")
def pdfs(all_editions_built) -> dict[str, Path]:
    """Every edition's PDF, from a fresh copy of the project built with all editions."""
    found = {path.stem: path for path in sorted((all_editions_built / "reports").glob("*.pdf"))}
    assert len(found) == 12, sorted(found)
    return found


@pytest.fixture(scope="module")
def names() -> list[str]:
    """The names never to break: NAMES and every country of the countries table, in
    English and Polish, word by word ("South Korea" gives "South" and "Korea")."""
    import csv

    from ap4report import i18n

    with open(PROJECT_ROOT / "data" / "countries.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    listed = set(NAMES) | {row["country"] for row in rows}
    polish = i18n.load("pl", "pl_PL", sorted((PROJECT_ROOT / "content" / "pl").glob("*.po")))
    with i18n.active(polish):
        listed |= {i18n.country(row["iso3"], row["country"]) for row in rows}
    return sorted({word for name in listed for word in name.split() if len(word) >= 3})


def text_sizes(path: Path) -> list[tuple[int, float, str]]:
    """(page, printed size in pt, text) of every run of text in a PDF."""
    from pypdf import PdfReader

    runs = []
    for number, page in enumerate(PdfReader(path).pages, 1):

        def visit(text, cm, tm, font, size, number=number):
            if not text.strip():
                return
            # The text matrix times the current transformation: its scale in y (the
            # square root of the determinant: text is never sheared here) times the size.
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            runs.append((number, size * math.sqrt(abs(a * d - b * c)), text.strip()))

        page.extract_text(visitor_text=visit)
    return runs


def test_no_text_prints_smaller_than_7_pt(pdfs):
    problems = []
    for name, path in pdfs.items():
        runs = text_sizes(path)
        assert len(runs) > 100, f"{name}: the PDF's text could not be read"
        small = [run for run in runs if run[1] < MIN_TEXT_PT - 0.01]
        problems += [f"{name} p.{page}: {size:.2f} pt {text[:40]!r}" for page, size, text in small]
    assert not problems, "text below 7 pt:\n" + "\n".join(problems[:40])


def test_figures_are_drawn_at_the_width_they_are_placed(pdfs):
    """Each figure's SVG is as wide as the page places it, so it is never scaled down."""
    from ap4report.style import PLACED_WIDTH

    root = next(iter(pdfs.values())).parents[1]
    svgs = sorted((root / "figures").glob("*/*.svg"))
    # Two bulletins of three figures, two annexes of eight, eight briefs of two.
    assert len(svgs) == 2 * 3 + 2 * 8 + 8 * 2
    for svg in svgs:
        head = svg.read_text(encoding="utf-8")[:2000]
        width = float(re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"', head).group(1))
        kind = next(
            k for k in ("brief", "annex", "report") if f"-{k}" in svg.parent.name + "-report"
        )
        assert width == pytest.approx(PLACED_WIDTH[kind] * 72, abs=0.5), svg


def lines(path: Path) -> list[str]:
    """The text of a PDF line by line, as laid out (pypdf keeps line-end hyphens; poppler's
    pdftotext joins hyphenated words by default, hiding what this test looks for)."""
    from pypdf import PdfReader

    return [
        line.rstrip()
        for page in PdfReader(path).pages
        for line in page.extract_text().splitlines()
        if line.strip()
    ]


def bad_breaks(text_lines: list[str], names: list[str]) -> list[str]:
    """Line breaks that part a name, a float's word from its number, or an ordinal from
    its noun."""
    problems = []
    for line, following in itertools.pairwise(text_lines):
        last = line.split()[-1] if line.split() else ""
        nxt = following.split()[0] if following.split() else ""
        pair = f"{line[-30:]!r} / {following[:30]!r}"
        # (A file name or URL may break at its own hyphen: "…_2026-04-22-/Ukraine_…".)
        file_name = any(mark in last + nxt for mark in ("_", "/", "..."))
        if last.endswith(HYPHENS) and nxt[:1].isalpha() and not file_name:
            fragment = re.sub(r"^\W+", "", last.rstrip("".join(HYPHENS)))
            joined = fragment + re.sub(r"\W+$", "", nxt)
            with_hyphen = fragment + "-" + re.sub(r"\W+$", "", nxt)
            if (
                fragment[:1].isupper()
                or nxt[:1].isupper()
                or any(joined.startswith(n) or with_hyphen.startswith(n) for n in names)
            ):
                problems.append(f"a name broken at a hyphen: {pair}")
        if re.sub(r"^\W+", "", last) in FLOAT_WORDS and re.match(r"\d", nxt):
            problems.append(f"a figure or table parted from its number: {pair}")
        if re.fullmatch(r"\(?\d{1,3}\.", last) and nxt[:1].islower():
            problems.append(f"an ordinal parted from its noun: {pair}")
    return problems


def test_bad_breaks_are_found():
    names = ["Japan", "AUKUS"]
    assert bad_breaks(["the leaders of Ja\u2010", "pan came"], names)
    assert bad_breaks(["the AU-", "KUS pact"], names)
    assert bad_breaks(["in the Indo-", "Pacific region"], names)
    assert bad_breaks(["as shown in (Wy-", "kres 4)"], names)
    assert bad_breaks(["as shown in Wykres", "4, and"], names)
    assert bad_breaks(["zajmuje 5.", "miejsce"], names)
    assert not bad_breaks(["a long-term co-", "operation with Japan"], names)
    assert not bad_breaks(["spending grew in 2024.", "Japan spent more"], names)
    assert not bad_breaks(["(file 2026-04-22_...-", "Ukraine_Support_Tracker.xlsx)"], names)


def test_no_line_breaks_inside_names(pdfs, names):
    problems = []
    for name, path in pdfs.items():
        problems += [f"{name}: {problem}" for problem in bad_breaks(lines(path), names)]
    assert not problems, "\n".join(problems)
