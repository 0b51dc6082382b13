"""The milex table in Polish, and for one partner (`focus`)."""

from __future__ import annotations

from ap4report import i18n
from ap4report.tables import milex_comparison

from conftest import COMPARATORS, MILEX_SETTINGS, PARTNERS, read_tables
from figure_helpers import words

SETTINGS = MILEX_SETTINGS


def test_the_table_in_polish(package, polish):
    settings = {key: SETTINGS[key] for key in milex_comparison.SETTINGS}
    english = milex_comparison.tabulate(read_tables(package, milex_comparison), settings)
    assert [heading for _, heading, _ in english.columns][:2] == ["Country", "Group"]
    assert list(english.frame["iso3"]) == PARTNERS + COMPARATORS
    with i18n.active(polish):
        result = milex_comparison.tabulate(read_tables(package, milex_comparison), settings)
    frame = result.frame
    assert list(frame["iso3"]) == PARTNERS + COMPARATORS
    assert frame.loc[1, "country"] == "Japonia"
    assert set(frame.loc[: len(PARTNERS) - 1, "group"]) == {"Partner AP4"}
    assert set(frame.loc[len(PARTNERS) :, "group"]) == {"Członek NATO"}
    headings = [heading for _, heading, _ in result.columns]
    assert headings[:2] == ["Państwo", "Grupa"]
    assert "% PKB, 2021" in headings and "Zmiana, pkt proc." in headings
    assert not words(headings) & words([heading for _, heading, _ in english.columns])
    # The numbers are the English table's numbers.
    for column in ("share_gdp_pct_latest", "change_pp", "spending_usd_bn_latest"):
        assert list(frame[column]) == list(english.frame[column])


def test_the_table_ignores_a_brief_partner(package):
    """The step passes every module a `focus`; the table shows every partner all the same."""
    settings = {key: SETTINGS[key] for key in milex_comparison.SETTINGS}
    tables = read_tables(package, milex_comparison)
    whole = milex_comparison.tabulate(tables, settings)
    for focus in (None, "JPN"):
        result = milex_comparison.tabulate(tables, settings | {"focus": focus})
        assert result.frame.equals(whole.frame) and result.columns == whole.columns
