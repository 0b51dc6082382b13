"""The documents as a reader gets them: the bulletin in the publisher's format (at most
four A4 pages), briefs of two pages, no half-empty page, and no checking apparatus or
internal names in the bulletin or the briefs (those belong in the data annex)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from ap4report.layout import page_fill

# "About three-quarters full": no page but the last may end higher up than this.
MIN_FILL = 0.70
# Words for curators and for us, not for the readers of a bulletin or a brief.
APPARATUS = re.compile(r"unverified|verification|also reported|report pipeline|weryfikacj", re.I)


@pytest.fixture(scope="module")
def pdfs(all_editions_built) -> dict:
    return {p.stem: p for p in sorted((all_editions_built / "reports").glob("*.pdf"))}


def kind(name: str) -> str:
    return "annex" if "-annex" in name else "brief" if "-brief-" in name else "bulletin"


def test_every_kind_of_document_is_published_in_both_languages(pdfs):
    kinds = {(kind(name), name.endswith("-pl")) for name in pdfs}
    assert kinds == {(k, pl) for k in ("bulletin", "annex", "brief") for pl in (False, True)}


def test_bulletins_fit_four_pages_and_briefs_two(pdfs):
    for name, path in pdfs.items():
        pages = len(PdfReader(path).pages)
        limit = {"bulletin": 4, "brief": 2, "annex": 30}[kind(name)]
        assert 1 <= pages <= limit, (name, pages)


def test_no_page_but_the_last_is_less_than_three_quarters_full(pdfs):
    for name, path in pdfs.items():
        fills = page_fill(path)
        short = [
            (page, round(fill, 2)) for page, fill in enumerate(fills[:-1], 1) if fill < MIN_FILL
        ]
        assert not short, f"{name}: pages filled below {MIN_FILL:.0%}: {short}"


def test_the_bulletin_and_briefs_show_no_checking_apparatus(pdfs):
    for name, path in pdfs.items():
        if kind(name) == "annex":
            continue
        text = " ".join(page.extract_text() for page in PdfReader(path).pages)
        assert not APPARATUS.findall(text), (name, sorted(set(APPARATUS.findall(text))))
