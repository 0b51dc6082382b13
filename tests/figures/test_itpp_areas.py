"""ITPP cooperation areas, checked against values computed here from the CSVs in data/."""

from __future__ import annotations

import pandas as pd
import pytest

from ap4report import i18n
from ap4report.analysis.itpp import area_label
from ap4report.figures import itpp_areas

from conftest import DATA, PARTNERS, POLISH_NAMES, tables_for
from figure_helpers import POLISH, english_left, in_language, layout_problems, words

SETTINGS = {"partners": PARTNERS, "summits_from_year": 2022}


def polish_plural(n: int, one: str, few: str, many: str) -> str:
    """The Polish form for a count: 1 obszar, 2-4 (not 12-14) obszary, else obszarów."""
    if n == 1:
        return one
    return few if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else many


@pytest.fixture(scope="module")
def raw_areas():
    return pd.read_csv(DATA / "itpp_areas.csv", keep_default_na=False)


def test_area_matrix_holds_every_cell_in_order(package, raw_areas, close_figures):
    result = itpp_areas.plot(tables_for(itpp_areas, package), SETTINGS)
    plotted = result.data.reset_index()
    assert len(plotted) == 4 * 17
    merged = plotted.merge(raw_areas, on=["iso3", "area"], suffixes=("", "_raw"))
    assert len(merged) == len(raw_areas)
    assert (merged["status"] == merged["status_raw"]).all()
    assert (merged["verification_status"] == merged["verification_status_raw"]).all()
    # Areas sorted by how many partners list them, partners in the settings' order.
    listing = raw_areas[raw_areas["status"] == "listed"].groupby("area").size()
    order = plotted["area"].drop_duplicates()
    counts = [int(listing.get(area, 0)) for area in order]
    assert counts == sorted(counts, reverse=True)
    assert plotted["n_partners_listing"].tolist() == [
        int(listing.get(area, 0)) for area in plotted["area"]
    ]
    assert plotted["iso3"].tolist()[:4] == PARTNERS
    assert plotted["label"].str.contains("_").sum() == 0


def test_area_alt_counts_and_common_areas(package, raw_areas, names, close_figures):
    result = itpp_areas.plot(tables_for(itpp_areas, package), SETTINGS)
    for iso3 in PARTNERS:
        counts = raw_areas[raw_areas["iso3"] == iso3]["status"].value_counts()
        assert f"{names[iso3]}: {counts.get('listed', 0)} listed" in result.alt
        if counts.get("unknown", 0):
            assert f"{counts['unknown']} unknown" in result.alt
    # Partners with a known list (some area listed), and the areas every one of them lists.
    listed = raw_areas[raw_areas["status"] == "listed"]
    known = sorted(set(listed["iso3"]))
    assert known == ["AUS", "JPN", "KOR"]
    by_area = listed.groupby("area")["iso3"].apply(set)
    common = sorted(area for area, who in by_area.items() if who == set(known))
    assert "cyber_defence" in common
    tail = result.alt.split(f"all {len(known)} partners whose area list is known")[1]
    for area in raw_areas["area"].unique():
        label = area_label(area).lower()
        assert (label in tail) == (area in common), area
    # Japan's programme has more areas than the grid identifies: the alt says so.
    assert "reported to have 16 areas" in result.alt


def test_area_headers_say_how_many_rows_a_complete_list_takes(package, raw_areas):
    """Korea's list is complete with 11 areas, but two of them fall in one row of the grid
    (capability development and interoperability): the header says so, so that 'complete,
    11 in all' is not read against the 10 cells marked."""
    itpp = pd.read_csv(DATA / "itpp.csv").set_index("iso3")
    listed = raw_areas[raw_areas["status"] == "listed"].groupby("iso3").size()
    assert itpp.loc["KOR", "n_cooperation_areas"] == 11 and listed["KOR"] == 10
    notes = {
        iso3: itpp_areas.column_note(itpp.loc[iso3], int(listed.get(iso3, 0))) for iso3 in PARTNERS
    }
    assert notes == {
        "AUS": "list: partial\ncount unverified",
        "JPN": "list: partial\n16 areas in all",  # partial: the rows cannot add up
        "KOR": "list: complete\n11 areas in all\nin 10 rows",
        "NZL": "list: none\ncount unverified",
    }
    with i18n.active(POLISH):
        korea = itpp_areas.column_note(itpp.loc["KOR"], 10)
        one_row = itpp_areas.column_note(itpp.loc["KOR"], 1)
        new_zealand = itpp_areas.column_note(itpp.loc["NZL"], 0)
    assert korea == "lista: pełna\nłącznie: 11\nw 10 wierszach"
    assert one_row.endswith("w 1 wierszu")
    assert new_zealand == "lista: niedostępna\nłącznie: b.d."
    # A complete list whose areas fill as many rows as reported needs no third line.
    assert itpp_areas.column_note(itpp.loc["KOR"], 11) == "list: complete\n11 areas in all"


def test_area_headers_stand_clear_of_each_other(package, close_figures):
    """Each partner's name sits above the notes on its list, with room between them (the
    descenders of 'Japonia' touched 'lista: …'), in both editions."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for language in (i18n.ENGLISH, POLISH):
        result, _ = in_language(itpp_areas, tables_for(itpp_areas, package), SETTINGS, language)
        renderer = FigureCanvasAgg(result.figure).get_renderer()
        texts = result.figure.axes[0].texts
        notes = [t for t in texts if t.get_text().startswith(("list:", "lista:"))]
        names = [t for t in texts if t.get_fontweight() == "bold" and t.get_fontsize() == 8]
        assert len(notes) == len(names) == 4
        points = 72 / result.figure.dpi
        for note, name in zip(notes, names, strict=True):
            note_box, name_box = note.get_window_extent(renderer), name.get_window_extent(renderer)
            assert abs(note_box.x0 + note_box.x1 - name_box.x0 - name_box.x1) < 1  # one column
            assert (name_box.y0 - note_box.y1) * points >= 3, name.get_text()


# Polish edition -----------------------------------------------------------------------


def test_polish_area_matrix(package, raw_areas, names, close_figures):
    tables = tables_for(itpp_areas, package)
    english, english_texts = in_language(itpp_areas, tables, SETTINGS, i18n.ENGLISH)
    result, texts = in_language(itpp_areas, tables, SETTINGS, POLISH)
    assert {"Cyberobrona", "Zwalczanie terroryzmu", "Nowe i przełomowe technologie"} <= set(texts)
    assert {"Ujęty w programie", "Nieznany (nie do sprawdzenia)"} <= set(texts)
    assert {"lista: częściowa", "lista: pełna", "łącznie: 16", "łącznie: b.d."} <= set(texts)
    assert {"lista: niedostępna", "w 10 wierszach"} <= set(texts)
    assert {"Korea", "Południowa", "Liczba", "państw"} <= set(texts)  # on two lines each
    kept = words(names.values()) | {"AP4"}
    left = english_left(english_texts, texts, kept)
    assert not left, f"English words in the Polish figure: {left}"
    assert not layout_problems(result.figure)

    itpp = pd.read_csv(DATA / "itpp.csv").set_index("iso3")
    for iso3 in PARTNERS:
        counts = raw_areas[raw_areas["iso3"] == iso3]["status"].value_counts()
        listed = int(counts.get("listed", 0))
        listed_words = polish_plural(listed, "ujęty", "ujęte", "ujętych")
        expected = f"{POLISH_NAMES[iso3]}: {listed} {listed_words} w programie"
        reported = itpp.loc[iso3, "n_cooperation_areas"]
        if not pd.isna(reported) and int(reported) != listed:
            areas = polish_plural(int(reported), "obszar", "obszary", "obszarów")
            expected += f" (według doniesień program obejmuje {int(reported)} {areas})"
        assert expected in result.alt
        unknown = int(counts.get("unknown", 0))
        if unknown:
            unknown_words = polish_plural(unknown, "nieznany", "nieznane", "nieznanych")
            assert f"{unknown} {unknown_words}" in result.alt
    assert "2 zapowiadane przed zawarciem programu" in result.alt
    assert (
        "Obszary ujęte przez wszystkich 3 partnerów o znanej liście obszarów "
        "(Australia, Japonia i Korea Południowa): cyberobrona;" in result.alt
    )
    left = english_left([english.alt], [result.alt], kept)
    assert not left, f"English words in the Polish alt text: {left}"
    # Codes and states beside the figure are the same in both editions.
    columns = ["status", "verification_status", "n_partners_listing"]
    assert result.data[columns].sort_index().equals(english.data[columns].sort_index())
