"""The South Korea–Poland arms contracts (figure and table) and trade exposure to China,
checked against values computed independently from the CSV files in data/."""

from __future__ import annotations

import html
import io
import re

import pandas as pd
import pytest

from ap4report import i18n
from ap4report.analysis.rok_contracts import families_in, munition_in
from ap4report.analysis.trade import short_source
from ap4report.figures import china_trade, rok_poland_contracts
from ap4report.tables import rok_poland_contracts as contracts_table

from conftest import DATA, PARTNERS, PROJECT_ROOT, tables_for

POLISH = i18n.load("pl", "pl_PL", sorted((PROJECT_ROOT / "content" / "pl").glob("*.po")))


@pytest.fixture(scope="module")
def arms_csv():
    return pd.read_csv(DATA / "rok_poland_arms.csv")


@pytest.fixture(scope="module")
def trade_csv():
    return pd.read_csv(DATA / "trade_china.csv")


# South Korea–Poland arms contracts: figure --------------------------------------------


def executive_rows(arms):
    """Executive contracts, without the combined row, read straight from the CSV."""
    return arms[arms["contract_type"].str.fullmatch(r"executive_contract_\d+[a-z]?")]


def test_families_are_recognised_from_the_system_text():
    assert families_in("K239 Chunmoo MRL (Homar-K)") == ["K239"]
    assert families_in("K2 MBT (116 K2GF + 64 K2PL)") == ["K2"]
    assert families_in("K9A1 SPH") == ["K9"]
    assert families_in("Framework package (K2+K9+FA-50)") == [
        "K2",
        "K9",
        "FA-50",
    ]
    assert munition_in("Chunmoo guided rockets CGR-080") == "rockets"
    assert munition_in("K239 Chunmoo MRL (Homar-K)") is None


def test_panel_a_tells_agreed_ceilings_from_firm_orders(package):
    """Framework quantities are ceilings, not orders: drawn as dashed outlines and named
    so; executive contracts are firm orders, drawn solid."""
    from matplotlib.colors import to_hex

    result = rok_poland_contracts.plot(tables_for(rok_poland_contracts, package), {})
    top = result.figure.axes[0]
    assert top.get_title() == "A  Agreed ceilings and firm orders, units"
    legend = [text.get_text() for text in top.get_legend().get_texts()]
    assert legend == [
        "Framework agreement: agreed ceiling, not an order",
        "Executive contracts: firm orders (sum)",
    ]
    faces = [to_hex(bar.get_facecolor()) for bar in top.patches]
    styles = [bar.get_linestyle() for bar in top.patches]
    plotted = result.data.reset_index()
    panel_a = plotted[plotted["panel"] == "A"]
    assert len(top.patches) == len(panel_a)
    for measure, face, style in zip(panel_a["measure"], faces, styles, strict=True):
        if measure == "framework quantity":
            assert face == "#ffffff" and style != "solid"
        else:
            assert face != "#ffffff" and style == "solid"
    assert "ceilings in the framework agreements (not orders)" in result.alt


def test_quantities_are_framework_against_the_sum_of_executive_contracts(package, arms_csv):
    result = rok_poland_contracts.plot(tables_for(rok_poland_contracts, package), {})
    plotted = result.data.reset_index()
    panel_a = plotted[plotted["panel"] == "A"].set_index(["family", "measure"])["value"]
    executive = executive_rows(arms_csv)
    framework = arms_csv[arms_csv["contract_type"] == "framework_agreement"]
    expected = {
        "K2": r"^K2 ",
        "K9": r"^K9",
        "FA-50": r"^FA-50",
        "K239 Chunmoo": r"^K239 ",  # the rockets row starts with 'Chunmoo': munitions
    }
    for family, pattern in expected.items():
        done = executive[executive["system"].str.contains(pattern)]
        planned = framework[framework["system"].str.contains(pattern)]
        assert panel_a[(family, "executed quantity")] == done["quantity"].sum()
        assert panel_a[(family, "framework quantity")] == planned["quantity"].item()
    assert panel_a[("K2", "executed quantity")] == 360
    assert panel_a[("K9", "framework quantity")] == 648
    # Munitions (>10,000 rockets) are in no quantity bar.
    assert panel_a.max() < 10_000
    notes = plotted.set_index(["family", "measure"])["also_reported"]
    assert notes[("K2", "framework quantity")] == "up to 1,000"
    assert notes[("K9", "framework quantity")] == "672"


def test_values_are_every_executive_contract_once(package, arms_csv):
    result = rok_poland_contracts.plot(tables_for(rok_poland_contracts, package), {})
    plotted = result.data.reset_index()
    panel_b = plotted[plotted["panel"] == "B"]
    executive = executive_rows(arms_csv)
    assert len(panel_b) == len(executive) == 9
    total = executive["value_usd_bn"].sum()
    assert panel_b["value"].astype(float).sum() == pytest.approx(total)
    # The combined K2 + K9 row (5.76) is not a bar and not in the total.
    combined = arms_csv[arms_csv["contract_type"] == "executive_contracts_combined"]
    assert combined["value_usd_bn"].item() not in set(panel_b["value"].astype(float))
    assert f"total US${total:.1f} bn" in result.alt
    approximate = executive[executive["value_usd_bn_qualifier"] == "approximately"]
    assert f"of which US${approximate['value_usd_bn'].sum():g} bn is approximate" in result.alt
    assert "US$14.8 bn is an industry and media estimate" in result.alt
    assert ">10,000 rockets is munitions" in result.alt
    assert "980 in the framework (other sources: up to 1,000) against 360" in result.alt
    # Bars are grouped by family, dated in order within each family.
    for _, rows in panel_b.groupby("family"):
        assert list(rows["date_signed"]) == sorted(rows["date_signed"])


def test_a_changed_contract_changes_the_figure(package):
    tables = tables_for(rok_poland_contracts, package)
    arms = tables["rok_poland_arms"].copy()
    second_k2 = arms["system"].str.startswith("K2 MBT") & (
        arms["contract_type"] == "executive_contract_2"
    )
    arms.loc[second_k2, "quantity"] = 200
    result = rok_poland_contracts.plot({"rok_poland_arms": arms}, {})
    panel_a = result.data.reset_index().set_index(["family", "measure"])["value"]
    assert panel_a[("K2", "executed quantity")] == 380
    assert "against 380 in 2 executive contracts" in result.alt


def test_a_combined_row_that_does_not_add_up_is_not_silently_dropped(package):
    arms = tables_for(rok_poland_contracts, package)["rok_poland_arms"].copy()
    arms.loc[arms["contract_type"] == "executive_contracts_combined", "quantity"] = 400
    with pytest.raises(ValueError, match="add up to 392"):
        rok_poland_contracts.plot({"rok_poland_arms": arms}, {})


# South Korea–Poland arms contracts: table ---------------------------------------------


def test_table_has_one_row_per_contract_sorted_by_date(package, arms_csv):
    result = contracts_table.tabulate(tables_for(contracts_table, package), {})
    frame = result.frame
    assert len(frame) == len(arms_csv) - 1  # all but the combined duplicate
    assert "executive_contracts_combined" not in set(frame["contract_type"])
    kept = arms_csv[arms_csv["contract_type"] != "executive_contracts_combined"]
    assert list(frame["date_signed"]) == sorted(kept["date_signed"])
    for column, _, kind in result.columns:
        assert column in frame.columns and kind == "text"
    # Raw values are kept beside the display strings.
    by_key = frame.set_index(["system", "contract_type"])
    for _, row in arms_csv[arms_csv["contract_type"] != "executive_contracts_combined"].iterrows():
        kept = by_key.loc[(row["system"], row["contract_type"])]
        assert pd.isna(kept["quantity"]) == pd.isna(row["quantity"])
        if not pd.isna(row["value_usd_bn"]):
            assert float(kept["value_usd_bn"]) == row["value_usd_bn"]


def test_table_shows_qualifiers_precision_and_conflicts(package):
    frame = contracts_table.tabulate(tables_for(contracts_table, package), {}).frame
    rows = frame.set_index(["system", "contract_type"])
    rockets = rows.loc[
        ("Chunmoo guided rockets CGR-080 (local production)", "executive_contract_3")
    ]
    assert rockets["quantity_text"] == ">10,000"
    assert rockets["value_text"] == "~4"
    assert rockets["quantity"] == 10_000 and rockets["quantity_qualifier"] == "more_than"
    homar = rows.loc[("K239 Chunmoo MRL (Homar-K)", "executive_contract_1")]
    assert homar["date"] == "Nov 2022 (month only)"
    assert homar["system_text"] == "K239 Chunmoo MRL (Homar\u2011K)"  # no line break at '-'
    assert rows.loc[("K2 Black Panther MBT", "executive_contract_1"), "date"] == "26 Aug 2022"
    k2 = rows.loc[("K2 Black Panther MBT", "framework_agreement")]
    assert k2["quantity_text"] == "980 (other sources: up to 1,000)"
    assert k2["verification"] == "Verified; sources conflict"
    first_k2 = rows.loc[("K2 Black Panther MBT", "executive_contract_1")]
    assert first_k2["value_text"] == "3.37 (other sources: ~3.4; 3.7)"
    estimate = frame[frame["media_estimate"]]
    assert len(estimate) == 1 and estimate["value_usd_bn"].item() == 14.8
    assert estimate["type"].item() == "Framework package value (media estimate)"
    fa50 = rows.loc[("FA-50GF (Block 10)", "executive_contract_1a")]
    assert fa50["value_text"] == "0.705" and fa50["type"] == "Executive contract 1a"


def test_table_renders_missing_cells_as_dashes(package):
    from ap4report.render import table_body

    result = contracts_table.tabulate(tables_for(contracts_table, package), {})
    body = table_body(result.frame, result.columns)
    assert len(body["rows"]) == len(result.frame)
    estimate = next(row for row in body["rows"] if row[0][0].startswith("Framework package"))
    assert estimate[3][0] == "–" and estimate[4][0] == "14.8"


# Trade exposure to China --------------------------------------------------------------


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


def test_source_names_are_shortened():
    assert (
        short_source("IMF Direction of Trade Statistics (DOTS), reporter-reported goods trade")
        == "IMF DOTS"
    )
    assert (
        short_source(
            "UN Comtrade (UN Statistics Division), reporter-reported annual goods trade, HS TOTAL"
        )
        == "UN Comtrade"
    )


# Polish edition -----------------------------------------------------------------------


def in_language(module, tables, settings, language):
    """A figure as the step draws it in `language`, with the texts of its SVG."""
    import matplotlib
    from matplotlib import pyplot

    with i18n.active(language):
        if "countries" in tables:
            tables = {**tables, "countries": i18n.localize_countries(tables["countries"])}
        outcome = module.plot(tables, settings)
        buffer = io.StringIO()
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            outcome.figure.savefig(buffer, format="svg")
    pyplot.close(outcome.figure)
    texts = re.findall(r"<text\b[^>]*>(.*?)</text>", buffer.getvalue())
    return outcome, [html.unescape(text) for text in texts]


def words(texts) -> set[str]:
    return {word for text in texts for word in re.findall(r"[^\W\d_]+", text)}


def english_left(english_texts, polish_texts, same: set[str]) -> set[str]:
    """Words of the English version that remain in the Polish one, but for `same`."""
    return (words(english_texts) - same) & words(polish_texts)


def test_polish_contracts_figure(package, arms_csv):
    tables = tables_for(rok_poland_contracts, package)
    english, english_texts = in_language(rok_poland_contracts, tables, {}, i18n.ENGLISH)
    polish, texts = in_language(rok_poland_contracts, tables, {}, POLISH)
    assert {"Czołgi K2", "Haubice K9", "Samoloty FA-50", "Wyrzutnie K239 Chunmoo"} <= set(texts)
    # Month names in full: the genitive after a day, the nominative on its own.
    assert {"26 sierpnia 2022 · 180 czołgów", "1 grudnia 2023 · 152 haubice"} <= set(texts)
    assert {"29 grudnia 2025 · >10\xa0000 rakiet", "listopad 2022 · 218 wyrzutni"} <= set(texts)
    assert "Liczba sztuk (bez amunicji)" in texts
    assert {"0", "1000", "1200"} <= set(texts)  # no grouping below five digits
    assert "980 (inne źródła: do 1000)" in texts
    assert "3,37 (inne źródła: ~3,4; 3,7)" in texts and "0,705" in texts
    assert "A  Uzgodnione pułapy i wiążące zamówienia (sztuki)" in texts
    assert "B  Wartość poszczególnych umów wykonawczych" in texts
    assert {"Umowa ramowa: uzgodniony pułap, nie zamówienie"} <= set(texts)
    assert not [text for text in texts if "1,000" in text or "10,000" in text]
    # Model names stay; every other English word is gone.
    left = english_left(english_texts, texts, {"A", "B", "K", "FA", "Chunmoo"})
    assert not left, f"English words in the Polish figure: {left}"

    executive = executive_rows(arms_csv)
    total = f"{executive['value_usd_bn'].sum():.1f}".replace(".", ",")
    assert f"Łączna wartość umów wykonawczych wynosi {total} mld USD" in polish.alt
    assert "z czego 4 mld USD to wartości przybliżone" in polish.alt
    assert "czołgi K2 – 980 w umowie ramowej (inne źródła: do 1000), wobec 360 w 2 " in (polish.alt)
    assert "K2, 26 sierpnia 2022 (180 czołgów): 3,37 mld USD" in polish.alt
    assert "zawartych od 27 lipca 2022 do 29 grudnia 2025." in polish.alt
    assert "U dołu: wartość każdej z 9 umów wykonawczych" in polish.alt
    assert "„Pakiet umów ramowych (K2+K9+FA-50)” (14,8 mld USD)" in polish.alt
    left = english_left([english.alt], [polish.alt], {"K", "FA", "Chunmoo", "Homar", "to"})
    assert not left, f"English words in the Polish alt text: {left}"
    # Codes beside the figure stay; numbers are the same.
    codes = ["family", "measure", "unit", "contract_type", "date_signed", "qualifier"]
    assert polish.data[codes].equals(english.data[codes])
    assert polish.data["value"].equals(english.data["value"])


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 czołg"), (3, "3 czołgi"), (5, "5 czołgów"), (12, "12 czołgów"), (22, "22 czołgi")],
)
def test_polish_counts_take_the_right_plural_form(count, expected):
    with i18n.active(POLISH):
        assert rok_poland_contracts.count_label(str(count), count, "tanks") == expected


def test_other_reported_figures_are_translated():
    text = "up to 1,000 (UPI/Hyundai Rotem)"
    assert i18n.reported_text(text) == "up to 1,000"
    assert i18n.reported_text("AP: ~3.4; defence-industry.eu: 3.7") == "~3.4; 3.7"
    assert i18n.reported_text('"about 200" (KBS)') == "about 200"
    with i18n.active(POLISH):
        assert i18n.reported_text(text) == "do 1000"
        assert i18n.reported_text("AP: ~3.4; X: 3.7") == "~3,4; 3,7"
        assert i18n.reported_text('"about 200" (KBS)') == "około 200"
        # Words without a translation are an error, not English in a Polish report.
        with pytest.raises(i18n.MissingTranslation, match="spare barrels"):
            i18n.reported_text("12 spare barrels")


def test_polish_contracts_table(package):
    tables = tables_for(contracts_table, package)
    english = contracts_table.tabulate(tables, {})
    with i18n.active(POLISH):
        polish = contracts_table.tabulate(tables, {})
    headings = [heading for _, heading, _ in polish.columns]
    assert headings == [
        "Sprzęt",
        "Rodzaj umowy",
        "Data podpisania",
        "Liczba",
        "mld USD",
        "Dostawca",
        "Weryfikacja",
    ]
    rows = polish.frame.set_index(["contract_type", "date_signed"])
    k2 = rows.loc[("framework_agreement", "2022-07-27")]
    k2 = k2[k2["family"] == "K2"].iloc[0]
    assert k2["system"] == "Czołgi podstawowe K2 Black Panther"
    assert k2["type"] == "Umowa ramowa"
    assert k2["date"] == "27 lipca 2022"
    assert k2["quantity_text"] == "980 (inne źródła: do 1000)"
    assert k2["verification"] == "Potwierdzono; źródła się różnią"
    homar = rows.loc[("executive_contract_1", "2022-11")]
    assert homar["date"] == "listopad 2022 (znany tylko miesiąc)" and homar["value_text"] == "3,55"
    # The name does not break at its hyphen in the cell; the CSV's name is as written.
    assert homar["system_text"] == "Wyrzutnie rakietowe K239 Chunmoo (Homar\u2011K)"
    assert homar["system"] == "Wyrzutnie rakietowe K239 Chunmoo (Homar-K)"
    rockets = rows.loc[("executive_contract_3", "2025-12-29")]
    assert rockets["quantity_text"] == ">10\xa0000" and rockets["value_text"] == "~4"
    assert rockets["date"] == "29 grudnia 2025 (data ustalona pośrednio)"
    fa50 = rows.loc[("executive_contract_1a", "2022-09-16")]
    assert fa50["type"] == "Umowa wykonawcza 1a" and fa50["value_text"] == "0,705"
    # No English left in what the table shows, but model names (and suppliers' names).
    shown = [column for column, _, _ in polish.columns if column != "supplier"]
    models = {"K", "FA", "GF", "PL", "Black", "Panther", "Thunder", "Block", "Chunmoo", "Homar"}
    models |= {"A", "CGR", "a", "b"}  # 'a', 'b': executive contracts 1a and 1b
    english_texts = [str(cell) for column in shown for cell in english.frame[column].dropna()]
    polish_texts = [str(cell) for column in shown for cell in polish.frame[column].dropna()]
    left = english_left(english_texts + [h for _, h, _ in english.columns], polish_texts, models)
    assert not left, f"English words in the Polish table: {left}"
    # Raw values and codes stay as they are.
    for column in ("contract_type", "date_signed", "quantity", "value_usd_bn", "media_estimate"):
        assert polish.frame[column].equals(english.frame[column])


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
