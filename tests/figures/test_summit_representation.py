"""AP4 representation at NATO summits, checked against values computed here from the CSVs
in data/."""

from __future__ import annotations

import pandas as pd
import pytest

from ap4report import i18n
from ap4report.figures import summit_representation

from conftest import DATA, PARTNERS, POLISH_NAMES, tables_for, texts_of
from figure_helpers import POLISH, english_left, in_language, layout_problems, words

SETTINGS = {"partners": PARTNERS, "summits_from_year": 2022}
TOP_LEVELS = {"head_of_government", "head_of_state_and_government"}


@pytest.fixture(scope="module")
def raw_summits():
    raw = pd.read_csv(DATA / "summit_attendance.csv")
    return raw[raw["summit_year"] >= 2022]


def test_summit_grid_and_leader_counts(package, raw_summits, names, close_figures):
    result = summit_representation.plot(tables_for(summit_representation, package), SETTINGS)
    plotted = result.data.reset_index()
    summits = raw_summits[["summit_year", "summit_city"]].drop_duplicates()
    assert len(plotted) == len(summits) * 4
    assert plotted["summit_year"].drop_duplicates().tolist() == sorted(summits["summit_year"])
    merged = plotted.merge(raw_summits, on=["summit_year", "iso3"], suffixes=("", "_raw"))
    assert (merged["attendee_name"] == merged["attendee_name_raw"]).all()
    assert (merged["level_rank"] == 4).tolist() == merged["level_raw"].isin(TOP_LEVELS).tolist()
    ranks = dict(zip(merged["level_raw"], merged["level_rank"], strict=True))
    assert ranks["deputy_head_of_government"] > ranks["minister"]
    assert ranks["minister"] > ranks["senior_official_non_minister"]
    texts = texts_of(result.figure)
    for (year, city), rows in raw_summits.groupby(["summit_year", "summit_city"]):
        top = rows["level"].isin(TOP_LEVELS)
        assert f"{city} {year}: {top.sum()} of 4" in result.alt
        assert f"{top.sum()} of 4" in texts
        for iso3 in rows.loc[~top, "iso3"]:
            row = rows[rows["iso3"] == iso3].iloc[0]
            assert f"{names[iso3]} sent {row['attendee_name']}" in result.alt
    # The fall after 2023: every partner's leader in 2022-2023, one in 2025.
    assert "Vilnius 2023: 4 of 4." in result.alt and "The Hague 2025: 1 of 4 (New Zealand)" in (
        result.alt
    )


def test_summit_settings_and_unknowns(package, close_figures):
    tables = tables_for(summit_representation, package)
    later = summit_representation.plot(tables, {**SETTINGS, "summits_from_year": 2024})
    assert later.data.reset_index()["summit_year"].unique().tolist() == [2024, 2025]
    assert "Madrid" not in later.alt
    # A missing level is unknown (hatched), never a low rank; a missing row is kept.
    attendance = tables["summit_attendance"].copy()
    hague = attendance["summit_year"] == 2025
    attendance.loc[hague & (attendance["iso3"] == "JPN"), "level"] = pd.NA
    attendance = attendance[~(hague & (attendance["iso3"] == "KOR"))]
    result = summit_representation.plot(
        {**tables, "summit_attendance": attendance}, {**SETTINGS, "summits_from_year": 2025}
    )
    plotted = result.data.reset_index().set_index("iso3")
    assert pd.isna(plotted.loc["JPN", "level_rank"]) and pd.isna(plotted.loc["KOR", "level_rank"])
    assert plotted.loc["KOR", "verification_status"] == "no record"
    assert "Japan sent Takeshi Iwaya, Minister for Foreign Affairs (level unknown)" in result.alt
    assert "South Korea's representative is unknown" in result.alt
    hatched = [patch for patch in result.figure.axes[0].patches if patch.get_hatch()]
    assert len(hatched) == 2


def test_summit_cells_hold_their_texts(package, close_figures):
    """A representative's name and office (two lines in 'Wicepremier, minister obrony')
    stay inside the cell, clear of its edges, in both editions."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    tables = tables_for(summit_representation, package)
    for language in (i18n.ENGLISH, POLISH):
        result, _ = in_language(summit_representation, tables, SETTINGS, language)
        renderer = FigureCanvasAgg(result.figure).get_renderer()
        axes = result.figure.axes[0]
        cells = {
            (round(patch.get_x() + patch.get_width() / 2), round(patch.get_y() + 0.5)): patch
            for patch in axes.patches
        }
        held = [text for text in axes.texts if hasattr(text, "xy") and text.xy in cells]
        assert len(held) == 2 * len(cells)  # a name and an office in every cell
        margin = 2 * result.figure.dpi / 72  # 2 points
        for text in held:
            box = text.get_window_extent(renderer)
            cell = cells[text.xy].get_window_extent(renderer)
            assert box.x0 >= cell.x0 and box.x1 <= cell.x1, text.get_text()
            assert box.y0 >= cell.y0 + margin and box.y1 <= cell.y1 - margin, text.get_text()


def test_short_office():
    short = summit_representation.short_office
    assert short("Deputy Prime Minister and Minister for Defence") == "Deputy PM & Defence Minister"
    assert short("National Security Adviser (Director of National Security)") == (
        "National Security Adviser"
    )
    assert short(pd.NA) == ""


# Polish edition and per-partner figures -----------------------------------------------


def test_polish_summit_grid(package, raw_summits, names, close_figures):
    tables = tables_for(summit_representation, package)
    english, english_texts = in_language(summit_representation, tables, SETTINGS, i18n.ENGLISH)
    result, texts = in_language(summit_representation, tables, SETTINGS, POLISH)
    cities = {
        "Madrid": "Madryt",
        "Vilnius": "Wilno",
        "Washington": "Waszyngton",
        "The Hague": "Haga",
    }
    summits = raw_summits[["summit_year", "summit_city"]].drop_duplicates()
    assert {f"{cities[c]} {y}" for y, c in summits.itertuples(index=False)} <= set(texts)
    assert {"Premier", "Prezydent", "Minister spraw", "zagranicznych"} <= set(texts)
    assert {"Szef państwa/rządu", "Zastępca szefa rządu", "Wysoki urzędnik (nie minister)"} <= (
        set(texts)
    )
    kept = words(names.values()) | words(raw_summits["attendee_name"].dropna()) | {"AP4", "NATO"}
    kept |= {"Minister", "minister"}  # the same word in Polish
    left = english_left(english_texts, texts, kept)
    assert not left, f"English words in the Polish figure: {left}"
    assert not layout_problems(result.figure)

    for (year, city), rows in raw_summits.groupby(["summit_year", "summit_city"]):
        top = rows["level"].isin(TOP_LEVELS)
        assert f"{cities[city]} {year}: {top.sum()} z 4" in result.alt
        assert f"{top.sum()} z 4" in texts
        for iso3 in rows.loc[~top, "iso3"]:
            row = rows[rows["iso3"] == iso3].iloc[0]
            assert f"{POLISH_NAMES[iso3]} – {row['attendee_name']}, " in result.alt
    assert "w latach 2022–2025" in result.alt
    assert "Wi Sung-lac, doradca ds. bezpieczeństwa narodowego, szef Biura" in result.alt
    left = english_left([english.alt], [result.alt], kept)
    assert not left, f"English words in the Polish alt text: {left}"
    codes = ["city", "level", "level_rank", "verification_status", "attendee_office"]
    assert result.data[codes].equals(english.data[codes])


def test_polish_summits_before_2022_are_translated(package, close_figures):
    """Every city and office in the data has its Polish name (`summits_from_year` may
    start earlier)."""
    tables = tables_for(summit_representation, package)
    with i18n.active(POLISH):
        tables["countries"] = i18n.localize_countries(tables["countries"])
        result = summit_representation.plot(tables, {**SETTINGS, "summits_from_year": 2008})
    assert "Bukareszt 2008: 2 z 4 (Australia i Nowa Zelandia)" in result.alt
    assert "Japonia – (przedstawiciele niewymienieni z nazwiska), nie podano" in result.alt
    assert "Lizbona 2010: 0 z 4" in result.alt and "Chicago 2012: 1 z 4 (Australia)" in result.alt


def test_summit_grid_ignores_a_brief_partner(package, close_figures):
    """The step passes every module a `focus`; the grid shows every partner alike."""
    tables = tables_for(summit_representation, package)
    whole = summit_representation.plot(tables, SETTINGS)
    for focus in (None, "JPN"):
        result = summit_representation.plot(tables, {**SETTINGS, "focus": focus})
        assert result.alt == whole.alt and result.data.equals(whole.data)
        assert len(result.figure.axes[0].patches) == len(whole.figure.axes[0].patches)
        labels = result.figure.axes[0].get_yticklabels()
        assert {label.get_fontweight() for label in labels} == {"normal"}
