"""The South Korea–Poland arms contracts figure, checked against values computed
independently from the CSV files in data/."""

from __future__ import annotations

import pytest

from ap4report import i18n
from ap4report.figures import rok_poland_contracts

from conftest import tables_for
from figure_helpers import POLISH
from svg_helpers import english_left, in_language


def executive_rows(arms):
    """Executive contracts, without the combined row, read straight from the CSV."""
    return arms[arms["contract_type"].str.fullmatch(r"executive_contract_\d+[a-z]?")]


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


# Polish edition -----------------------------------------------------------------------


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
