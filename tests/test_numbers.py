"""numbers.json's per-partner section (the per-partner briefs), checked against values
computed straight from the CSVs."""

from __future__ import annotations

from collections import defaultdict

import pytest

from ap4report import i18n, numbers
from ap4report.tables import milex_comparison

from conftest import COMPARATORS, MILEX_SETTINGS, PARTNERS, read_csv, read_tables

SETTINGS = MILEX_SETTINGS
TOP_LEVELS = {"head_of_government", "head_of_state_and_government"}


@pytest.fixture(scope="module")
def english(package):
    return numbers.compute(read_tables(package, numbers), SETTINGS)


@pytest.fixture(scope="module")
def in_polish(package, polish):
    with i18n.active(polish):
        return numbers.compute(read_tables(package, numbers), SETTINGS)


@pytest.fixture(scope="module")
def shares():
    """{(iso3, year): % of GDP} and {(iso3, year): constant 2023 US$ m} from milex.csv."""
    share, real = {}, {}
    for row in read_csv("milex.csv"):
        key = (row["iso3"], int(row["year"]))
        if row["indicator"] == "milex_share_gdp_pct":
            share[key] = float(row["value"])
        elif row["indicator"] == "milex_constant_2023_usd_m":
            real[key] = float(row["value"])
    return share, real


# The per-partner section --------------------------------------------------------------


def test_every_partner_has_a_section(english):
    assert list(english["partner"]) == PARTNERS
    assert english["partner"]["JPN"]["name"] == "Japan"
    for section in ("milex", "summits", "itpp", "kiel", "milestones", "rok", "trade"):
        assert section in english  # the prose's sections are still there


def test_milex_matches_the_csv(english, shares):
    share, real = shares
    latest = max(year for iso3, year in share if iso3 == "JPN")
    shown = PARTNERS + COMPARATORS
    for iso3 in PARTNERS:
        milex = english["partner"][iso3]["milex"]
        assert milex["latest_year"] == latest and milex["base_year"] == 2021
        # Full precision: the content rounds once, where it prints.
        assert milex["share_latest"] == share[iso3, latest]
        assert milex["share_base"] == share[iso3, 2021]
        change = share[iso3, latest] - share[iso3, 2021]
        assert milex["change_pp"] == pytest.approx(change, abs=1e-12)
        assert milex["spending_usd_bn_latest"] == pytest.approx(real[iso3, latest] / 1000)
        growth = 100 * (real[iso3, latest] / real[iso3, 2021] - 1)
        assert milex["real_growth_pct"] == pytest.approx(growth, abs=0.05)
        assert milex["at_or_above_guideline"] == (share[iso3, latest] >= 2.0)
        ranked = sorted(shown, key=lambda i: -share[i, latest])
        assert milex["rank_latest"] == ranked.index(iso3) + 1 and milex["of"] == len(shown)
    japan = english["partner"]["JPN"]["milex"]
    # Japan's latest share, written out: 1.37% in 2024 at the time of writing.
    assert f"{japan['share_latest']:.2f}" == f"{share['JPN', latest]:.2f}"
    above = [i for i in COMPARATORS if share[i, latest] > share["JPN", latest]]
    names = {row["iso3"]: row["country"] for row in read_csv("countries.csv")}
    assert sorted(japan["comparators_above"]) == sorted(names[i] for i in above)


def test_milex_agrees_with_the_table(package):
    """The spending and change quoted for a partner are the table's numbers as the table
    shows them (the table rounds; numbers.json keeps full precision)."""
    frame = milex_comparison.tabulate(read_tables(package, milex_comparison), SETTINGS).frame
    section = numbers.compute(read_tables(package, numbers), SETTINGS)["partner"]
    for row in frame[frame["iso3"].isin(PARTNERS)].itertuples():
        milex = section[row.iso3]["milex"]
        assert milex["spending_usd_bn_latest"] == pytest.approx(row.spending_usd_bn_latest)
        assert milex["change_pp"] == pytest.approx(row.change_pp)
        assert milex["share_latest"] == row.share_gdp_pct_latest
    # The table's change is the difference of the two shares, unrounded.
    for row in frame.itertuples():
        shown = row.share_gdp_pct_latest - row.share_gdp_pct_base
        assert row.change_pp == pytest.approx(shown), row.country


def test_ukraine_matches_the_kiel_csvs(english):
    allocations = {
        (row["iso3"], row["aid_type"]): float(row["value_eur_bn"])
        for row in read_csv("ukraine_support_kiel.csv")
        if row["measure"] == "allocation"
    }
    sums, gdp, last = defaultdict(float), {}, {}
    for row in read_csv("ukraine_support_kiel_ap4_monthly.csv"):
        sums[row["iso3"]] += float(row["total"])
        period = (int(row["year"]), int(row["month"]))
        if period >= last.get(row["iso3"], (0, 0)):
            last[row["iso3"]], gdp[row["iso3"]] = period, float(row["gdp"])
    order = sorted(PARTNERS, key=lambda i: -allocations[i, "total"])
    for iso3 in PARTNERS:
        ukraine = english["partner"][iso3]["ukraine"]
        assert ukraine["total_eur_bn"] == pytest.approx(allocations[iso3, "total"])
        for kind in ("military", "financial", "humanitarian"):
            assert ukraine["by_type"][kind] == pytest.approx(allocations[iso3, kind])
        assert ukraine["pct_gdp"] == pytest.approx(100 * sums[iso3] / gdp[iso3], abs=0.0005)
        assert ukraine["rank_ap4"] == order.index(iso3) + 1
    assert english["partner"]["JPN"]["ukraine"]["total_eur_bn"] == pytest.approx(
        allocations["JPN", "total"], abs=0.005
    )


def test_itpp_matches_the_csvs(english):
    listed = defaultdict(set)
    for row in read_csv("itpp_areas.csv"):
        if row["status"] == "listed":
            listed[row["iso3"]].add(row["area"])
    programmes = {row["iso3"]: row for row in read_csv("itpp.csv")}
    for iso3 in PARTNERS:
        itpp = english["partner"][iso3]["itpp"]
        assert itpp["n_areas_listed"] == len(listed[iso3])
        assert set(itpp["areas"]) == listed[iso3]
        assert len(itpp["area_labels"]) == len(itpp["areas"])
        row = programmes[iso3]
        assert itpp["date_status"] == row["date_status"]
        assert itpp["period"] == (row["period"] or None)
        if row["date_status"].startswith("unverified"):
            assert itpp["date"] is None
        else:
            assert itpp["date"] == row["date_agreed"]
    assert english["partner"]["AUS"]["itpp"]["date"] is None  # the sources conflict
    assert english["partner"]["JPN"]["itpp"]["date"] == "2023-07-12"


def test_summits_match_the_csv(english):
    rows = [row for row in read_csv("summit_attendance.csv") if int(row["summit_year"]) >= 2022]
    years = sorted({int(row["summit_year"]) for row in rows if row["iso3"] in PARTNERS})
    for iso3 in PARTNERS:
        summits = english["partner"][iso3]["summits"]
        assert [s["year"] for s in summits["by_summit"]] == years
        assert summits["n_summits"] == len(years)
        own = {int(row["summit_year"]): row for row in rows if row["iso3"] == iso3}
        for summit in summits["by_summit"]:
            row = own.get(summit["year"])
            assert summit["level"] == (row["level"] if row and row["level"] else None)
            assert summit["attended_in_person_by_leader"] == bool(
                row and row["level"] in TOP_LEVELS
            )
            assert summit["attendee_office"] == (row["attendee_office"] or None if row else None)
        leaders = sum(s["attended_in_person_by_leader"] for s in summits["by_summit"])
        assert summits["n_leader_attended"] == leaders


def test_names_are_polish_in_the_polish_edition(english, in_polish):
    japan = in_polish["partner"]["JPN"]
    assert japan["name"] == "Japonia"
    assert "Polska" in japan["milex"]["comparators_above"]
    assert "Poland" not in japan["milex"]["comparators_above"]
    assert in_polish["partner"]["KOR"]["name"] == "Korea Południowa"
    # The numbers and codes do not depend on the language.
    for iso3 in PARTNERS:
        for part in ("ukraine", "summits"):
            assert in_polish["partner"][iso3][part] == english["partner"][iso3][part]
    # Countries named by other sections follow the language too.
    actors = [s["actors"] for s in in_polish["milestones"]["european_strategies"]]
    assert "Czechy" in actors and "Czechia" not in actors
    assert in_polish["milex"]["top_comparator"] == "Polska"
