"""The South Korea–Poland arms contracts table, checked against values computed
independently from the CSV files in data/."""

from __future__ import annotations

import pandas as pd

from ap4report import i18n
from ap4report.tables import rok_poland_contracts as contracts_table

from conftest import tables_for
from figure_helpers import POLISH
from svg_helpers import english_left


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


# Polish edition -----------------------------------------------------------------------


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
