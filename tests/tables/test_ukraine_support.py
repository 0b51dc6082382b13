"""Table `ukraine_support`: AP4 allocations by type, commitments, and % of GDP."""

from __future__ import annotations

import pytest

from ap4report import i18n
from ap4report.tables import ukraine_support as table_module

from conftest import PARTNERS
from figure_helpers import POLISH
from svg_helpers import words


def test_table_rows_by_total_allocations_with_commitments_and_share(tables, kiel_csv, monthly_csv):
    sums, gdps, _ = monthly_csv
    outcome = table_module.tabulate(tables, {"partners": PARTNERS})
    frame = outcome.frame
    expected_order = sorted(PARTNERS, key=lambda iso3: -kiel_csv[(iso3, "allocation", "total")])
    assert list(frame["iso3"]) == expected_order == ["JPN", "AUS", "KOR", "NZL"]
    for row in frame.to_dict("records"):
        iso3 = row["iso3"]
        for aid_type in ("military", "financial", "humanitarian", "total"):
            assert row[f"allocation_{aid_type}_eur_bn"] == pytest.approx(
                kiel_csv[(iso3, "allocation", aid_type)], abs=1e-6
            )
        assert row["commitment_total_eur_bn"] == pytest.approx(
            kiel_csv[(iso3, "commitment", "total")], abs=1e-6
        )
        share = 100 * sums[iso3] / next(iter(gdps[iso3]))
        assert row["allocation_pct_gdp"] == pytest.approx(share, abs=1e-4)
        assert row["cutoff_pct_gdp"] == "2026-04"
    # Japan leads on commitments too.
    assert frame.loc[frame["commitment_total_eur_bn"].idxmax(), "iso3"] == "JPN"
    columns = [column for column, _, _ in outcome.columns]
    assert set(columns) <= set(frame.columns)
    assert "to Apr 2026" in outcome.columns[-1][1]
    assert outcome.columns[-1] == ("allocation_pct_gdp", outcome.columns[-1][1], "decimal3"), (
        "three decimals keep South Korea and New Zealand apart"
    )


# Polish edition -----------------------------------------------------------------------


def test_polish_table_has_polish_headings_and_names(tables):
    with i18n.active(POLISH):
        localized = {**tables, "countries": i18n.localize_countries(tables["countries"])}
        outcome = table_module.tabulate(localized, {"partners": PARTNERS})
    english = table_module.tabulate(tables, {"partners": PARTNERS})
    headings = [heading for _, heading, _ in outcome.columns]
    assert headings[0] == "Państwo" and "Zobowiązania łącznie, mld EUR" in headings
    assert headings[-1] == "Pomoc przydzielona, % PKB (edycja 29, do kwietnia 2026 r.)"
    assert list(outcome.frame["country"]) == [
        "Japonia",
        "Australia",
        "Korea Południowa",
        "Nowa Zelandia",
    ]
    english_words = words(heading for _, heading, _ in english.columns)
    assert not english_words & words(headings)
    numbers = [column for column in english.frame.columns if column != "country"]
    assert outcome.frame[numbers].equals(english.frame[numbers])
