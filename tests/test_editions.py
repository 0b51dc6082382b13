"""Editions: by default one run builds the report and a brief per partner, in English and
Polish, from one set of rules; the config or --config selects a subset."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from conftest import run_snakemake

pytestmark = pytest.mark.slow
PARTNERS = ["aus", "jpn", "kor", "nzl"]
REPORTS = ["nato-ap4-bulletin", "nato-ap4-bulletin-pl"]
ANNEXES = ["nato-ap4-annex", "nato-ap4-annex-pl"]
BRIEFS = [f"nato-ap4-brief-{p}{suffix}" for p in PARTNERS for suffix in ("", "-pl")]
EDITIONS = REPORTS + ANNEXES + BRIEFS
# English words of the report's frame that must not appear in a Polish edition.
ENGLISH_ONLY = ["Figure ", "Table ", "Source:", "Sources", "Data as of", "% of GDP"]


@pytest.fixture(scope="module")
def built(all_editions_built):
    """A copy of the project built with the default target (every edition)."""
    return all_editions_built


def pdf_text(path) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(path).pages))


def test_the_default_target_publishes_every_edition(built):
    published = sorted(p.name for p in (built / "reports").iterdir() if p.suffix == ".pdf")
    assert published == sorted(f"{name}.pdf" for name in EDITIONS)
    manifest = json.loads((built / "reports/manifest.json").read_text(encoding="utf-8"))
    for name in EDITIONS:
        assert f"reports/{name}.pdf" in manifest["outputs"]
        assert f"reports/{name}.html" in manifest["outputs"]


@pytest.mark.parametrize("name", EDITIONS)
def test_each_edition_declares_its_language(built, name):
    language = "pl" if name.endswith("-pl") else "en"
    reader = PdfReader(built / f"reports/{name}.pdf")
    assert reader.trailer["/Root"]["/Lang"] == language
    html = (built / f"reports/{name}.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in html
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert all("+Noto-" in font for font in fonts), fonts  # no glyph from a system font


@pytest.mark.parametrize(
    "name", ["nato-ap4-bulletin-pl", "nato-ap4-brief-jpn", "nato-ap4-brief-kor-pl"]
)
@pytest.mark.parametrize("profile", ["PDF_A_3A", "PDF_UA_1"])
def test_other_editions_are_archival_and_accessible_too(built, name, profile):
    page = pytest.importorskip("page")
    path = str(built / f"reports/{name}.pdf")
    report = page.validate_pdf(path, profile=getattr(page.ValidationProfile, profile))
    assert report.is_compliant, [str(getattr(f, "rule_id", f)) for f in report.failures]


def test_the_polish_report_is_polish_throughout(built):
    text = pdf_text(built / "reports/nato-ap4-bulletin-pl.pdf").replace("\u00ad", "")
    for heading in ["Podstawy współpracy.", "Szanse.", "Wnioski.", "Rekomendacje dla Polski"]:
        assert heading in text
    assert "Wykres 1" in text and "Źródła" in text
    assert not [word for word in ENGLISH_ONLY if word in text]
    annex = pdf_text(built / "reports/nato-ap4-annex-pl.pdf")
    assert "Tabela 4" in annex and "Źródła danych" in annex
    # The annex names publishers and releases as published; its own words are Polish.
    assert not [word for word in ENGLISH_ONLY if word in annex.split("Źródła danych")[0]]
    # Numbers in Polish form: a decimal comma before "mld EUR" / "mld USD".
    assert re.search(r"\d,\d+ mld (EUR|USD)", text)
    for meta in (built / "results/nato-ap4-bulletin-pl/figures").glob("*.json"):
        alt = json.loads(meta.read_text(encoding="utf-8"))["alt"]
        english = json.loads(
            (built / "results/nato-ap4-bulletin/figures" / meta.name).read_text(encoding="utf-8")
        )["alt"]
        assert alt != english and not re.search(r"\b(the|and|of)\b", alt), (meta.name, alt)


def test_the_polish_web_edition_speaks_polish(built):
    page = (built / "reports/nato-ap4-bulletin-pl.html").read_text(encoding="utf-8")
    assert 'aria-label="Do pobrania"' in page and "Wydanie PDF" in page
    assert re.search(r"Pobierz dane – Wykres 1 \(CSV, \d+,\d kB\)", page)
    assert "Downloads" not in page and "Download the data" not in page


@pytest.mark.parametrize("name", EDITIONS)
def test_each_web_edition_links_its_other_language(built, name):
    sibling = name.removesuffix("-pl") if name.endswith("-pl") else f"{name}-pl"
    page = (built / f"reports/{name}.html").read_text(encoding="utf-8")
    language = "en" if name.endswith("-pl") else "pl"
    assert f'<a href="{sibling}.html" hreflang="{language}" lang="{language}"' in page
    assert (built / f"reports/{sibling}.html").is_file()
    assert "manifest.json" not in page  # not shown to readers (reports/manifest.json stays)


def test_figures_are_drawn_in_the_edition_language(built):
    english = (built / "figures/nato-ap4-bulletin/milex_share.svg").read_text(encoding="utf-8")
    polish = (built / "figures/nato-ap4-bulletin-pl/milex_share.svg").read_text(encoding="utf-8")
    assert "South Korea" in english and "Korea Południowa" in polish
    assert "South Korea" not in polish


@pytest.mark.parametrize("name", BRIEFS)
def test_a_brief_has_at_most_two_pages_and_names_its_partner(built, name):
    reader = PdfReader(built / f"reports/{name}.pdf")
    assert 1 <= len(reader.pages) <= 2
    numbers = json.loads((built / f"results/{name}/numbers.json").read_text("utf-8"))["values"]
    partner = name.split("-")[3].upper()
    title = reader.metadata["/Title"]
    assert numbers["partner"][partner]["name"] in title


def test_each_brief_highlights_its_own_partner(built):
    svgs = {
        partner: (built / f"figures/nato-ap4-brief-{partner}/milex_share.svg").read_bytes()
        for partner in PARTNERS
    }
    assert len(set(svgs.values())) == len(PARTNERS)  # a different figure for each
    for partner in PARTNERS:
        alt = json.loads(
            (built / f"results/nato-ap4-brief-{partner}/figures/milex_share.json").read_text(
                encoding="utf-8"
            )
        )["alt"]
        numbers = json.loads(
            (built / f"results/nato-ap4-brief-{partner}/numbers.json").read_text(encoding="utf-8")
        )["values"]
        name = numbers["partner"][partner.upper()]["name"]
        assert alt.startswith(f"Line chart of {name}") or name in alt.split(".")[0], alt


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (
            "editions={languages: [pl]}",
            {"nato-ap4-bulletin-pl", "nato-ap4-annex-pl", *BRIEFS[1::2]},
        ),
        ("editions={languages: [en], main: false, briefs: [JPN]}", {"nato-ap4-brief-jpn"}),
        ("editions={languages: [pl], briefs: []}", {"nato-ap4-bulletin-pl", "nato-ap4-annex-pl"}),
    ],
)
def test_the_config_selects_a_subset(built, snakemake_env, selection, expected):
    """`--config` narrows the default target to the selected editions (all built here,
    so a forced dry run lists what the selection would build)."""
    result = run_snakemake(built, snakemake_env, "--dry-run", "--forceall", "--config", selection)
    assert result.returncode == 0, result.stderr[-2000:]
    editions = set(re.findall(r"edition=([\w-]+)", result.stdout))
    assert editions == expected


def test_an_unknown_selection_is_a_clear_error(built, snakemake_env):
    result = run_snakemake(
        built, snakemake_env, "--dry-run", "--config", "editions={languages: [de]}"
    )
    assert result.returncode != 0
    assert "'de' is not one of the languages configured (en, pl)" in result.stdout + result.stderr
