"""Figure `ukraine_support`: Kiel allocations by type, and AP4 allocations as % of GDP."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest

from ap4report import i18n
from ap4report.figures import ukraine_support as figure_module
from ap4report.style import PARTNER_COLOURS

ROOT = Path(__file__).resolve().parents[2]
PARTNERS = ["AUS", "JPN", "KOR", "NZL"]
DONORS = ["USA", "DEU", "GBR", "CAN", "FRA", "POL", "ITA", "ESP", "CZE", "PRT"]
SETTINGS = {"partners": PARTNERS, "ukraine_donors": DONORS}
NAMES = {"AUS": "Australia", "JPN": "Japan", "KOR": "South Korea", "NZL": "New Zealand"}
POLISH = i18n.load("pl", "pl_PL", sorted((ROOT / "content" / "pl").glob("*.po")))
# Words that are the same in both editions: names, and the panel letters.
SAME_IN_POLISH = {"A", "B", "Kiel", "Australia", "Korea", "NATO", "AP"}


@pytest.fixture(scope="module")
def result(tables):
    from matplotlib import pyplot

    outcome = figure_module.plot(tables, SETTINGS)
    pyplot.close(outcome.figure)
    return outcome


def test_panel_a_holds_release_29_allocations_sorted_by_total(result, kiel_csv):
    panel = result.data.reset_index().query("panel == 'A'")
    assert set(panel["measure"]) == {"allocation"}  # never commitments in the bars
    assert set(panel["release"]) == {"Kiel Release 29"}
    assert set(panel["iso3"]) == set(PARTNERS + DONORS)
    assert len(panel) == 4 * len(PARTNERS + DONORS)
    for row in panel.itertuples():
        assert row.value == pytest.approx(
            kiel_csv[(row.iso3, "allocation", row.aid_type)], abs=1e-6
        )
    totals = panel[panel["aid_type"] == "total"]
    expected = sorted(PARTNERS + DONORS, key=lambda iso3: -kiel_csv[(iso3, "allocation", "total")])
    assert list(totals["iso3"]) == expected
    # The three stacked types add up to Kiel's total.
    stacked = panel[panel["aid_type"] != "total"].groupby("iso3")["value"].sum()
    for iso3 in expected:
        assert stacked[iso3] == pytest.approx(kiel_csv[(iso3, "allocation", "total")], abs=1e-4)


def test_panel_b_is_cumulative_release_29_over_kiel_gdp(result, monthly_csv):
    sums, gdps, (year, month) = monthly_csv
    assert all(len(values) == 1 for values in gdps.values())  # Kiel's gdp constant per donor
    panel = result.data.reset_index().query("panel == 'B'")
    assert set(panel["release"]) == {f"Kiel Release 29 (data through {year}-{month:02d})"}
    assert (year, month) == (2026, 4)
    pct = panel[panel["unit"] == "% of GDP"].set_index("iso3")["value"]
    expected = {iso3: 100 * sums[iso3] / next(iter(gdps[iso3])) for iso3 in PARTNERS}
    assert list(pct.index) == sorted(PARTNERS, key=lambda iso3: -expected[iso3])
    for iso3 in PARTNERS:
        assert pct[iso3] == pytest.approx(expected[iso3], abs=1e-4)
    euros = panel[(panel["unit"] == "EUR bn") & (panel["measure"] == "allocation")]
    for row in euros.itertuples():
        assert row.value == pytest.approx(sums[row.iso3], abs=1e-6)
    assert set(panel.loc[panel["measure"].str.startswith("gdp"), "measure"]) == {"gdp_kiel"}


def test_alt_text_states_largest_ap4_donor_ranks_and_shares(result, kiel_csv, monthly_csv):
    sums, gdps, _ = monthly_csv
    shown = PARTNERS + DONORS
    ranked = sorted(shown, key=lambda iso3: -kiel_csv[(iso3, "allocation", "total")])
    top_ap4 = next(iso3 for iso3 in ranked if iso3 in PARTNERS)
    assert top_ap4 == "JPN"
    japan = kiel_csv[("JPN", "allocation", "total")]
    assert (
        f"Japan is the largest AP4 donor with €{japan:.2f} bn, "
        f"{ranked.index('JPN') + 1}th of the {len(shown)} donors shown" in result.alt
    )
    assert f"Australia €{kiel_csv[('AUS', 'allocation', 'total')]:.2f} bn (10th)" in result.alt
    assert "New Zealand €0.08 bn (14th)" in result.alt
    for iso3, name in [("AUS", "Australia"), ("KOR", "South Korea"), ("NZL", "New Zealand")]:
        share = 100 * sums[iso3] / next(iter(gdps[iso3]))
        assert f"{name} {share:.3f}%" in result.alt
    assert "through April 2026" in result.alt
    assert "4 AP4 partners and 10 NATO donors" in result.alt
    assert "Largest donor shown: United States, €115.38 bn" in result.alt
    assert "changes over the months" not in result.alt


def test_changed_data_changes_alt_text_and_gdp_note(tables):
    from matplotlib import pyplot

    kiel = tables["ukraine_support_kiel"].copy()
    is_aus = (kiel["iso3"] == "AUS") & (kiel["measure"] == "allocation")
    kiel.loc[is_aus & (kiel["aid_type"] == "military"), "value_eur_bn"] = 50.0
    kiel.loc[is_aus & (kiel["aid_type"] == "total"), "value_eur_bn"] = 50.160899
    monthly = tables["ukraine_support_kiel_ap4_monthly"].copy()
    last_nzl = monthly.index[monthly["iso3"] == "NZL"][-1]
    monthly.loc[last_nzl, "gdp"] = 100.0
    data = {**tables, "ukraine_support_kiel": kiel, "ukraine_support_kiel_ap4_monthly": monthly}
    outcome = figure_module.plot(data, SETTINGS)
    pyplot.close(outcome.figure)
    assert "Australia is the largest AP4 donor with €50.16 bn, 2nd of the 14" in outcome.alt
    # A GDP figure that changes: the latest month's is used, and the alt text says so.
    assert "Kiel's GDP figure changes over the months for New Zealand" in outcome.alt
    data = outcome.data.reset_index()
    nzl = data[(data["panel"] == "B") & (data["iso3"] == "NZL")]
    assert "gdp_kiel_latest_month" in set(nzl["measure"])
    nzl_sum = float(monthly.loc[monthly["iso3"] == "NZL", "total"].astype(float).sum())
    assert float(nzl.loc[nzl["unit"] == "% of GDP", "value"].iloc[0]) == pytest.approx(
        nzl_sum, abs=1e-4
    )


def test_partner_in_donor_list_is_not_doubled_and_unknown_donor_fails(tables):
    from matplotlib import pyplot

    outcome = figure_module.plot(tables, {"partners": PARTNERS, "ukraine_donors": ["JPN", "USA"]})
    pyplot.close(outcome.figure)
    data = outcome.data.reset_index()
    totals = data[(data["panel"] == "A") & (data["aid_type"] == "total")]
    assert list(totals["iso3"]) == ["USA", "JPN", "AUS", "KOR", "NZL"]
    with pytest.raises(ValueError, match="XXX"):
        figure_module.plot(tables, {"partners": PARTNERS, "ukraine_donors": ["XXX"]})


# Polish edition and partner briefs ----------------------------------------------------


def in_language(tables, settings, language):
    """The figure as the step draws it: countries named in `language`."""
    from matplotlib import pyplot

    with i18n.active(language):
        localized = {**tables, "countries": i18n.localize_countries(tables["countries"])}
        outcome = figure_module.plot(localized, settings)
        texts = svg_texts(outcome.figure)
    pyplot.close(outcome.figure)
    return outcome, texts


def svg_texts(figure) -> list[str]:
    """Every text of the figure as written into its SVG."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg")
    return [
        html.unescape(text) for text in re.findall(r"<text\b[^>]*>(.*?)</text>", buffer.getvalue())
    ]


def words(texts) -> set[str]:
    return {word for text in texts for word in re.findall(r"[^\W\d_]+", text)}


def polish_decimal(value: float, digits: int) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def test_polish_figure_has_polish_labels_numbers_and_alt_text(tables, kiel_csv, monthly_csv):
    sums, gdps, _ = monthly_csv
    english, english_texts = in_language(tables, SETTINGS, i18n.ENGLISH)
    polish, texts = in_language(tables, SETTINGS, POLISH)
    # The panel titles on two lines each (the SVG writes a text per line).
    assert {"A  Pomoc według rodzaju", "(IfW Kiel, edycja 29)"} <= set(texts)
    assert {"B  Pomoc w relacji do PKB", "(IfW Kiel, edycja 29)"} <= set(texts)
    assert "Pomoc przydzielona do kwietnia 2026 r.," in texts  # months in full
    assert {"Wojskowa", "Finansowa", "Humanitarna", "Japonia", "Korea Południowa"} <= set(texts)
    # Every total with two decimals, as in the table and the text (Japan: 12,15).
    assert {"115,38", "12,15", "0,08"} <= set(texts)
    # Decimal commas everywhere, the ticks of the % axis included.
    assert not [text for text in texts if re.search(r"\d\.\d", text)]
    assert any(re.fullmatch(r"0,\d+", text) for text in texts)
    share = {iso3: 100 * sums[iso3] / next(iter(gdps[iso3])) for iso3 in PARTNERS}
    assert polish_decimal(share["JPN"], 3) + "%" in texts
    leftover = (words(english_texts) - SAME_IN_POLISH) & words(texts)
    assert not leftover, f"English words in the Polish figure: {leftover}"

    japan = kiel_csv[("JPN", "allocation", "total")]
    assert (
        f"Największym darczyńcą spośród państw AP4 jest Japonia – {polish_decimal(japan, 2)} "
        "mld EUR, 5. miejsce wśród 14 darczyńców na wykresie." in polish.alt
    )
    assert "dla 4 partnerów AP4 i 10 darczyńców z NATO" in polish.alt
    assert "Nowa Zelandia 0,08 mld EUR (14.)" in polish.alt
    assert f"Korea Południowa {polish_decimal(share['KOR'], 3)}%" in polish.alt
    assert "do kwietnia 2026 r." in polish.alt
    assert "Stany Zjednoczone, 115,38 mld EUR" in polish.alt
    assert not (words([english.alt]) - SAME_IN_POLISH) & words([polish.alt])
    # The data beside the figure keep their codes; only names follow the language.
    codes = ["iso3", "measure", "aid_type", "unit", "release", "value"]
    assert polish.data[codes].equals(english.data[codes])
    assert "Stany Zjednoczone" in set(polish.data["donor"])


def test_polish_plural_forms_in_the_alt_text(tables):
    with i18n.active(POLISH):
        outcome = figure_module.plot(
            tables, {"partners": PARTNERS, "ukraine_donors": ["USA", "DEU"]}
        )
    assert "dla 4 partnerów AP4 i 2 darczyńców z NATO" in outcome.alt
    with i18n.active(POLISH):
        outcome = figure_module.plot(tables, {"partners": PARTNERS, "ukraine_donors": ["USA"]})
    assert "dla 4 partnerów AP4 i 1 darczyńcy z NATO" in outcome.alt


@pytest.mark.parametrize("focus", PARTNERS)
def test_a_brief_highlights_its_partner_and_leads_with_its_numbers(
    tables, kiel_csv, monthly_csv, focus
):
    from matplotlib.colors import to_hex

    sums, gdps, _ = monthly_csv
    outcome = figure_module.plot(tables, {**SETTINGS, "focus": focus})
    right = outcome.figure.axes[1]
    styles = partner_label_styles(outcome.figure)
    assert len(styles) == 2 * len(PARTNERS)  # each partner in both panels
    for iso3, colour, weight in styles:
        if iso3 == focus:
            assert (colour, weight) == (PARTNER_COLOURS[focus].lower(), "bold")
        else:  # another partner: muted, not in its colour
            assert colour != PARTNER_COLOURS[iso3].lower() and weight == "normal"
    shares = {iso3: 100 * sums[iso3] / next(iter(gdps[iso3])) for iso3 in PARTNERS}
    order = sorted(PARTNERS, key=lambda iso3: -shares[iso3])
    bars = [to_hex(bar.get_facecolor()) for bar in right.patches]
    bars = dict(zip(order, bars, strict=True))
    assert bars[focus] == PARTNER_COLOURS[focus].lower()
    assert {bars[iso3] for iso3 in PARTNERS if iso3 != focus} == {figure_module.MUTED}

    shown = PARTNERS + DONORS
    ranked = sorted(shown, key=lambda iso3: -kiel_csv[(iso3, "allocation", "total")])
    total = kiel_csv[(focus, "allocation", "total")]
    assert outcome.alt.startswith(f"{NAMES[focus]}: allocations of €{total:.2f} bn (")
    first_sentence = outcome.alt.split(". Two bar charts")[0]
    rank = ranked.index(focus) + 1
    assert f"{i18n.ordinal(rank)} of the {len(shown)} donors shown" in first_sentence
    assert f"{shares[focus]:.3f}% of GDP through April 2026" in first_sentence
    share_rank = i18n.ordinal(order.index(focus) + 1)
    assert first_sentence.endswith(f"{share_rank} of the AP4")


def partner_label_styles(figure) -> list[tuple[str, str, str]]:
    """(iso3, colour, font weight) of each partner's name on the figure's axes."""
    from matplotlib.colors import to_hex

    partner_of = {name: iso3 for iso3, name in NAMES.items()}
    return [
        (partner_of[label.get_text()], to_hex(label.get_color()), label.get_fontweight())
        for axes in figure.axes
        for label in axes.get_yticklabels()
        if label.get_text() in partner_of
    ]


def test_without_focus_the_figure_is_unchanged_and_a_wrong_focus_fails(tables):
    plain = figure_module.plot(tables, SETTINGS)
    none = figure_module.plot(tables, {**SETTINGS, "focus": None})
    assert plain.alt == none.alt and plain.alt.startswith("Two bar charts")
    styles = partner_label_styles(none.figure)
    assert len(styles) == 2 * len(PARTNERS)
    for iso3, colour, weight in styles:
        assert (colour, weight) == (PARTNER_COLOURS[iso3].lower(), "bold")
    with pytest.raises(ValueError, match="USA"):
        figure_module.plot(tables, {**SETTINGS, "focus": "USA"})


def test_polish_brief_leads_with_the_partner_in_polish(tables):
    outcome, texts = in_language(tables, {**SETTINGS, "focus": "KOR"}, POLISH)
    assert "Korea Południowa" in texts
    assert outcome.alt.startswith(
        "Korea Południowa: pomoc przydzielona o wartości 0,65 mld EUR (wojskowa 0,01, "
        "finansowa 0,20, humanitarna 0,43), 11. miejsce wśród 14 darczyńców"
    )
    assert "0,042% PKB do kwietnia 2026 r., 3. miejsce wśród państw AP4." in outcome.alt
