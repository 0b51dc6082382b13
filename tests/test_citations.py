"""Citations: one style, linked, and sources by one author in one year told apart."""

from __future__ import annotations

import json

from ap4report.citations import Bibliography, with_year_suffixes

from conftest import PROJECT_ROOT


def reference(key, title, year, author="Kiel Institute"):
    return {
        "id": key,
        "type": "dataset",
        "title": title,
        "author": [{"literal": author}],
        "issued": {"date-parts": [[year]]},
    }


def test_same_author_and_year_get_letters_in_title_order():
    references = [
        reference("b", "Release 29", 2026),
        reference("a", "Release 28", 2026),
        reference("c", "Release 20", 2024),
        reference("d", "Other", 2026, author="NATO"),
    ]
    suffixes = {r["id"]: r.get("year-suffix") for r in with_year_suffixes(references)}
    assert suffixes == {"a": "a", "b": "b", "c": None, "d": None}


def test_two_sources_by_one_author_in_one_year_are_distinguishable(tmp_path):
    bibliography = Bibliography(PROJECT_ROOT / "content/references.json")
    text = str(bibliography.cite("nato_vilnius2023", "nato_japan_itpp2023"))
    assert "2023a" in text and "2023b" in text
    assert 'href="#ref-nato_vilnius2023"' in text and 'href="#ref-nato_japan_itpp2023"' in text


def test_markup_in_a_reference_is_escaped(tmp_path):
    path = tmp_path / "references.json"
    hostile = reference("x", "<script>alert(1)</script>", 2020)
    path.write_text(json.dumps([hostile]), encoding="utf-8")
    bibliography = Bibliography(path)
    bibliography.cite("x")
    entry = str(bibliography.entries()[0][1])
    assert "<script>" not in entry and "&lt;script&gt;" in entry


def test_the_reference_list_speaks_the_edition_language():
    entries = {}
    for locale in ("pl_PL", "en"):
        bibliography = Bibliography(PROJECT_ROOT / "content/references.json", locale)
        bibliography.cite("kiel_r29")
        entries[locale] = dict(bibliography.entries())
    polish, english = entries["pl_PL"], entries["en"]
    assert (
        "Dostępne na:" in polish["kiel_r29"] and "Dostęp: 27 listopada 2026" in polish["kiel_r29"]
    )
    assert "Available at:" in english["kiel_r29"] and "Dostęp" not in english["kiel_r29"]


def test_a_source_line_names_the_release_of_each_dataset():
    bibliography = Bibliography(PROJECT_ROOT / "content/references.json")
    line = str(bibliography.source("sipri2025", "kiel_r29", "nato_vilnius2023"))
    assert line.startswith("SIPRI Military Expenditure Database 2025 (<a")
    assert "Ukraine Support Tracker, Release 29 (<a" in line
    assert "Vilnius Summit Communiqué" not in line  # not a dataset release: cited only
