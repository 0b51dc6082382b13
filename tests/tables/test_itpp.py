"""The ITPP table, checked against values computed here from the CSVs in data/."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from ap4report import i18n
from ap4report.tables import itpp as itpp_table

from conftest import DATA, PARTNERS, POLISH_NAMES, tables_for
from figure_helpers import POLISH, english_left, words

SETTINGS = {"partners": PARTNERS, "summits_from_year": 2022}


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


# Polish edition -----------------------------------------------------------------------


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
