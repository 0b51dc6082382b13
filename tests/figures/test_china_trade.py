"""Trade exposure to China, checked against values computed independently from the CSV
files in data/."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ap4report import i18n
from ap4report.figures import china_trade

from conftest import DATA, PARTNERS, tables_for
from figure_helpers import POLISH
from svg_helpers import english_left, in_language


@pytest.fixture(scope="module")
def trade_csv():
    return pd.read_csv(DATA / "trade_china.csv")


def test_the_main_panel_is_one_source_and_one_year_for_every_reporter(package, trade_csv):
    result = china_trade.plot(tables_for(china_trade, package), {"partners": PARTNERS})
    plotted = result.data.reset_index()
    main = plotted[plotted["panel"] == "A"]
    assert set(main["year"]) == {2020}
    assert set(main["source"]) == {trade_csv.loc[0, "source"]}  # IMF DOTS
    assert set(main["iso3"]) == set(trade_csv["iso3"]) and len(main) == 30
    expected = trade_csv[(trade_csv["year"] == 2020) & trade_csv["source"].str.startswith("IMF")]
    merged = main.merge(expected, on=["iso3", "flow"], suffixes=("", "_csv"))
    assert (merged["share_pct"].astype(float) == merged["share_pct_csv"]).all()
    exports = main[main["flow"] == "exports"].sort_values("rank")
    assert list(exports["iso3"])[:4] == ["AUS", "NZL", "KOR", "JPN"]
    assert list(exports["share_pct"]) == sorted(exports["share_pct"], reverse=True)


def test_the_later_panel_is_never_spliced_into_the_main_one(package, trade_csv):
    result = china_trade.plot(tables_for(china_trade, package), {"partners": PARTNERS})
    plotted = result.data.reset_index()
    later = plotted[plotted["panel"] == "B"]
    comtrade = trade_csv[trade_csv["source"].str.startswith("UN Comtrade")]
    assert set(later["source"]) == set(comtrade["source"])
    assert set(later["iso3"]) == {"DEU", "POL"}
    assert sorted(later["year"].unique()) == [2021, 2022, 2023, 2024]
    assert len(later) == len(comtrade)
    assert not set(plotted[plotted["panel"] == "A"]["source"]) & set(later["source"])
    assert "UN Comtrade data for Germany and Poland only, 2021–2024" in result.alt


def test_alt_text_states_ap4_shares_ranks_and_the_nato_median(package, trade_csv):
    result = china_trade.plot(tables_for(china_trade, package), {"partners": PARTNERS})
    countries = pd.read_csv(DATA / "countries.csv").set_index("iso3")
    exports = trade_csv[
        (trade_csv["year"] == 2020)
        & (trade_csv["flow"] == "exports")
        & trade_csv["source"].str.startswith("IMF")
    ].sort_values("share_pct", ascending=False)
    nato = exports[exports["iso3"].map(countries["group"]) == "NATO member"]
    assert f"median export share of the {len(nato)} NATO members shown is " in result.alt
    assert f"is {nato['share_pct'].median():.1f}%" in result.alt
    for rank, (_, row) in enumerate(exports.iterrows(), start=1):
        if row["iso3"] in PARTNERS:
            assert f"{row['country']} {row['share_pct']:.1f}% ({i18n.ordinal(rank)})" in (
                result.alt
            )
    top, bottom = exports.iloc[0], exports.iloc[-1]
    assert f"Highest export share: {top['country']} {top['share_pct']:.1f}%" in result.alt
    assert f"lowest: {bottom['country']} {bottom['share_pct']:.1f}%" in result.alt
    assert "IMF DOTS 2020" in result.alt


def test_a_reporter_missing_in_2020_moves_the_main_panel_to_2019(package):
    tables = tables_for(china_trade, package)
    trade = tables["trade_china"]
    gbr_2020 = (trade["iso3"] == "GBR") & (trade["year"] == 2020)
    result = china_trade.plot(
        {**tables, "trade_china": trade[~gbr_2020].reset_index(drop=True)},
        {"partners": PARTNERS},
    )
    main = result.data.reset_index().query("panel == 'A'")
    assert set(main["year"]) == {2019} and main["iso3"].nunique() == 15
    assert "IMF DOTS 2019" in result.alt
    assert re.search(r"Australia 38\.2% \(1st\)", result.alt)


def test_a_changed_share_changes_the_alt_text(package):
    tables = tables_for(china_trade, package)
    trade = tables["trade_china"].copy()
    row = (trade["iso3"] == "JPN") & (trade["year"] == 2020) & (trade["flow"] == "exports")
    trade.loc[row, "share_pct"] = 45.0
    result = china_trade.plot({**tables, "trade_china": trade}, {"partners": PARTNERS})
    assert "Japan 45.0% (1st)" in result.alt
    assert "Highest export share: Japan 45.0%" in result.alt


# Polish edition -----------------------------------------------------------------------


def test_polish_china_trade_figure(package, trade_csv):
    tables = tables_for(china_trade, package)
    settings = {"partners": PARTNERS}
    english, english_texts = in_language(china_trade, tables, settings, i18n.ENGLISH)
    polish, texts = in_language(china_trade, tables, settings, POLISH)
    # Country names from the trade data's own column, in Polish.
    assert {"Korea Południowa", "Nowa Zelandia", "Niemcy", "Litwa", "Wielka Brytania"} <= set(texts)
    assert {"Eksport do Chin", "Import z Chin", "A  Wszystkie państwa, IMF DOTS 2020"} <= set(texts)
    assert "Niemcy\neksport" in "\n".join(texts)
    left = english_left(
        english_texts,
        texts,
        {"A", "B", "IMF", "DOTS", "UN", "Comtrade", "NATO", "Australia", "Korea", "Estonia"},
    )
    assert not left, f"English words in the Polish figure: {left}"

    exports = trade_csv[
        (trade_csv["year"] == 2020)
        & (trade_csv["flow"] == "exports")
        & trade_csv["source"].str.startswith("IMF")
    ].sort_values("share_pct", ascending=False)
    australia = exports.iloc[0]["share_pct"]
    assert f"Australia {australia:.1f}% (1.)".replace(".", ",", 1) in polish.alt
    assert "Najwyższy udział w eksporcie: Australia" in polish.alt
    assert "tylko dla państw: Niemcy i Polska." in polish.alt
    assert re.search(r"Polska, import: w 2021 r\. \d+,\d%, w 2024 r\. \d+,\d%", polish.alt)
    assert not re.search(r"\d\.\d", polish.alt)  # decimal commas only
    polish_countries = set(polish.data["country"])
    assert {"Niemcy", "Korea Południowa"} <= polish_countries
    codes = ["iso3", "group", "source_short", "year", "flow", "share_pct", "rank"]
    assert polish.data[codes].equals(english.data[codes])


def test_china_trade_panels_name_their_source_and_year_and_say_they_differ(package):
    """Panel B is another source: each panel names its source and years, and a note under
    both says that the sources attribute imports differently, so values are not comparable."""
    result = china_trade.plot(tables_for(china_trade, package), {"partners": PARTNERS})
    left, right = result.figure.axes

    def title(axes):
        return "".join(axes.get_title(loc=where) for where in ("left", "center", "right"))

    assert title(left) == "A  All reporters, IMF DOTS 2020"
    assert title(right) == "B  Germany and Poland only,\nUN Comtrade 2021–2024"
    notes = [text.get_text().replace("\n", " ") for text in result.figure.texts]
    assert len(notes) == 1
    assert "IMF DOTS 2020; UN Comtrade 2021–2024" in notes[0]
    assert "attribute imports to partner countries differently" in notes[0]
    assert "not comparable" in notes[0]
    # Never spliced: panel B's rows come from one source only, and none from A's source.
    plotted = result.data.reset_index()
    assert set(plotted.loc[plotted["panel"] == "B", "source_short"]) == {"UN Comtrade"}
    assert set(plotted.loc[plotted["panel"] == "A", "source_short"]) == {"IMF DOTS"}
