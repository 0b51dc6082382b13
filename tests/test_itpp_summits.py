"""ITPP cooperation areas, AP4 representation at NATO summits and the ITPP table, checked
against values computed here from the CSVs in data/."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from test_figures_map_timeline import POLISH, english_left, in_language, layout_problems, words

from ap4report import i18n
from ap4report.analysis.itpp import area_label
from ap4report.figures import itpp_areas, summit_representation
from ap4report.tables import itpp as itpp_table

from conftest import DATA, PARTNERS, tables_for, texts_of

SETTINGS = {"partners": PARTNERS, "summits_from_year": 2022}
TOP_LEVELS = {"head_of_government", "head_of_state_and_government"}
POLISH_NAMES = {
    "AUS": "Australia",
    "JPN": "Japonia",
    "KOR": "Korea Południowa",
    "NZL": "Nowa Zelandia",
}


def polish_plural(n: int, one: str, few: str, many: str) -> str:
    """The Polish form for a count: 1 obszar, 2-4 (not 12-14) obszary, else obszarów."""
    if n == 1:
        return one
    return few if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else many


@pytest.fixture(scope="module")
def names():
    return pd.read_csv(DATA / "countries.csv").set_index("iso3")["country"].to_dict()


# ITPP cooperation areas --------------------------------------------------------------


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


# Summit representation ---------------------------------------------------------------


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


# ITPP table ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw_itpp():
    return pd.read_csv(DATA / "itpp.csv").set_index("iso3")


def test_itpp_table_rows_and_raw_values(package, raw_itpp, names):
    result = itpp_table.tabulate(tables_for(itpp_table, package), SETTINGS)
    frame = result.frame.set_index("iso3")
    assert frame.index.tolist() == PARTNERS
    assert frame["partner"].tolist() == [names[iso3] for iso3 in PARTNERS]
    for iso3 in PARTNERS:
        for column in ("n_cooperation_areas", "n_areas_previous_ipcp"):
            raw, value = raw_itpp.loc[iso3, column], frame.loc[iso3, column]
            assert (pd.isna(raw) and pd.isna(value)) or int(raw) == int(value)
        raw_areas = raw_itpp.loc[iso3, "n_cooperation_areas"]
        expected = "n/a (unverified)" if pd.isna(raw_areas) else str(int(raw_areas))
        assert frame.loc[iso3, "n_areas_text"] == expected
    assert frame.loc["JPN", "n_areas_previous_text"] == "9"
    assert frame.loc["NZL", "n_areas_previous_text"] == "not applicable"
    assert frame.loc["JPN", "date_text"] == "12 Jul 2023"
    assert frame.loc["KOR", "date_text"] == "11 Jul 2023 (also reported: 13 Jul 2023, CSDS brief)"
    assert frame.loc["AUS", "date_text"].startswith("unverified")
    assert frame.loc["NZL", "date_text"] == "2024 (month unverified)"
    assert frame.loc["NZL", "period_text"] == "unverified"
    assert frame.loc["AUS", "previous_text"] == "IPCP, 21 Feb 2013 (renewed 7 Aug 2019)"
    assert frame.loc["KOR", "previous_text"] == "IPCP, Sep 2012"


def test_itpp_table_survives_the_csv_round_trip(package):
    from ap4report.render import table_body

    result = itpp_table.tabulate(tables_for(itpp_table, package), SETTINGS)
    buffer = io.StringIO()
    result.frame.to_csv(buffer, index=False)
    buffer.seek(0)
    body = table_body(pd.read_csv(buffer), result.columns)
    cells = [cell for row in body["rows"] for cell, _ in row]
    assert "–" not in cells  # no display cell read back as missing
    assert "n/a (unverified)" in cells and "not applicable" in cells


def test_itpp_table_follows_the_data(package):
    tables = tables_for(itpp_table, package)
    itpp = tables["itpp"].copy()
    itpp.loc[itpp["iso3"] == "KOR", ["date_agreed_alt", "date_agreed_alt_source"]] = pd.NA
    itpp.loc[itpp["iso3"] == "NZL", "n_cooperation_areas"] = 5
    result = itpp_table.tabulate({**tables, "itpp": itpp}, {"partners": ["NZL", "KOR"]})
    frame = result.frame.set_index("iso3")
    assert frame.index.tolist() == ["NZL", "KOR"]
    assert frame.loc["KOR", "date_text"] == "11 Jul 2023"
    assert frame.loc["NZL", "n_areas_text"] == "5"


# Polish edition and per-partner figures ---------------------------------------------------


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


def test_polish_itpp_table(package, names):
    tables = tables_for(itpp_table, package)
    english = itpp_table.tabulate(tables, SETTINGS)
    with i18n.active(POLISH):
        tables["countries"] = i18n.localize_countries(tables["countries"])
        result = itpp_table.tabulate(tables, SETTINGS)
    headings = [heading for _, heading, _ in result.columns]
    assert headings == [
        "Partner",
        "Data zawarcia",
        "Okres",
        "Obszary współpracy",
        "Obszary w poprzednim programie",
        "Poprzedni program",
    ]
    frame = result.frame.set_index("iso3")
    assert frame["partner"].tolist() == [POLISH_NAMES[iso3] for iso3 in PARTNERS]
    assert frame.loc["JPN", "date_text"] == "12 lipca 2023"
    assert frame.loc["KOR", "date_text"] == (
        "11 lipca 2023 (według innych źródeł: 13 lipca 2023, analiza CSDS)"
    )
    # 'niepotwierdzona' agrees with 'data', 'niepotwierdzony' with 'okres' (msgctxt).
    assert frame.loc["AUS", "date_text"] == "niepotwierdzona (źródła są sprzeczne)"
    assert frame.loc["NZL", "date_text"] == "2024 (miesiąc niepotwierdzony)"
    assert frame.loc["NZL", "period_text"] == "niepotwierdzony"
    assert frame.loc["NZL", "n_areas_previous_text"] == "nie dotyczy"
    assert frame.loc["AUS", "n_areas_text"] == "b.d. (niepotwierdzone)"
    assert frame.loc["AUS", "previous_text"] == "IPCP, 21 lutego 2013 (odnowiony 7 sierpnia 2019)"
    assert frame.loc["KOR", "previous_text"] == "IPCP, wrzesień 2012"
    # No English words in the cells but names and acronyms; raw values as in English.
    shown = [column for column, _, _ in result.columns]
    kept = words(names.values()) | {"IPCP", "CSDS"}
    left = english_left(
        english.frame[shown].astype(str).values.ravel(),
        result.frame[shown].astype(str).values.ravel().tolist() + headings,
        kept,
    )
    assert not left, f"English words in the Polish table: {left}"
    raw = [column for column in result.frame.columns if column not in shown]
    assert result.frame[raw].equals(english.frame[raw])


def test_polish_itpp_table_survives_the_csv_round_trip(package):
    from ap4report.render import table_body

    tables = tables_for(itpp_table, package)
    with i18n.active(POLISH):
        result = itpp_table.tabulate(tables, SETTINGS)
    buffer = io.StringIO()
    result.frame.to_csv(buffer, index=False)
    buffer.seek(0)
    body = table_body(pd.read_csv(buffer), result.columns)
    cells = [cell for row in body["rows"] for cell, _ in row]
    assert "–" not in cells
    assert "b.d. (niepotwierdzone)" in cells and "nie dotyczy" in cells


def test_polish_itpp_table_fails_on_untranslated_data(package):
    tables = tables_for(itpp_table, package)
    itpp = tables["itpp"].copy()
    itpp.loc[itpp["iso3"] == "KOR", "date_agreed_alt_source"] = "A new source"
    with i18n.active(POLISH), pytest.raises(i18n.MissingTranslation, match="A new source"):
        itpp_table.tabulate({**tables, "itpp": itpp}, SETTINGS)
