"""The partner map, checked against values computed here from the files in data/."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from ap4report import i18n
from ap4report.figures import partner_map
from ap4report.style import PARTNER_COLOURS

from conftest import PARTNERS, texts_of
from figure_helpers import POLISH, english_left, in_language, layout_problems, map_tables, words


def test_every_country_of_the_list_has_a_shape(geojson, raw_countries):
    codes = {feature["properties"]["iso_a3"] for feature in geojson["features"]}
    assert len(raw_countries) == 36
    assert {row["iso3"] for row in raw_countries} <= codes
    assert {"FRA", "NOR"} <= codes  # fixed codes (-99 in the raw Natural Earth file)


def test_map_colours_the_members_and_partners(geojson, countries, raw_countries, close_figures):
    result = partner_map.plot(
        {"world_countries_110m": geojson, "countries": countries}, {"partners": PARTNERS}
    )
    plotted = result.data
    members = sorted(row["country"] for row in raw_countries if row["group"] == "NATO member")
    assert len(plotted) == len(raw_countries) == 36
    assert list(plotted["iso3"][:4]) == PARTNERS  # partners first, in settings order
    assert sorted(plotted.loc[plotted["group"] == "NATO member", "country"]) == members
    assert set(plotted.loc[plotted["group"] == "NATO member", "fill"]) == {partner_map.NATO_COLOUR}
    for iso3 in PARTNERS:
        fill = plotted.loc[plotted["iso3"] == iso3, "fill"].item()
        assert fill == PARTNER_COLOURS[iso3]
    names = {row["iso3"]: row["country"] for row in raw_countries}
    for iso3 in PARTNERS:
        assert names[iso3] in texts_of(result.figure)


def test_map_alt_text_counts_from_the_data(geojson, countries, raw_countries, close_figures):
    result = partner_map.plot(
        {"world_countries_110m": geojson, "countries": countries}, {"partners": PARTNERS}
    )
    members = [row for row in raw_countries if row["group"] == "NATO member"]
    shown = [f for f in geojson["features"] if f["properties"]["continent"] != "Antarctica"]
    continent = {f["properties"]["iso_a3"]: f["properties"]["continent"] for f in shown}
    by_continent = Counter(continent[row["iso3"]] for row in members)
    assert f"the {len(members)} NATO members" in result.alt
    assert f"{by_continent['Europe']} in Europe" in result.alt
    assert "2 in North America (Canada and United States)" in result.alt
    assert "four Indo-Pacific partners Australia, Japan, South Korea, and New Zealand" in result.alt
    assert f"The other {len(shown) - 36} countries on the map are grey" in result.alt
    assert "Antarctica is not shown" in result.alt


def test_a_new_member_changes_the_map(geojson, countries, close_figures):
    changed = pd.concat(
        [
            countries,
            pd.DataFrame({"iso3": ["IRL"], "country": ["Ireland"], "group": ["NATO member"]}),
        ],
        ignore_index=True,
    )
    result = partner_map.plot(
        {"world_countries_110m": geojson, "countries": changed}, {"partners": PARTNERS}
    )
    assert "the 33 NATO members" in result.alt
    assert "Ireland" in set(result.data["country"])


def test_map_fails_on_a_country_without_shape_or_a_partner_mismatch(geojson, countries):
    without_japan = {
        "features": [f for f in geojson["features"] if f["properties"]["iso_a3"] != "JPN"]
    }
    with pytest.raises(ValueError, match="JPN"):
        partner_map.plot(
            {"world_countries_110m": without_japan, "countries": countries},
            {"partners": PARTNERS},
        )
    with pytest.raises(ValueError, match="partners"):
        partner_map.plot(
            {"world_countries_110m": geojson, "countries": countries},
            {"partners": ["AUS", "JPN", "KOR"]},
        )


def test_equal_earth_projection():
    x, y = partner_map.equal_earth(0.0, 0.0)
    assert (x, y) == (0.0, 0.0)
    x, _ = partner_map.equal_earth(180.0, 0.0)
    assert x == pytest.approx(2.7066, abs=1e-4)  # half-width of the Equal Earth map
    _, north = partner_map.equal_earth(10.0, 90.0)
    _, south = partner_map.equal_earth(10.0, -90.0)
    assert north == pytest.approx(1.3173, abs=1e-4) and south == pytest.approx(-north)


# Polish edition -----------------------------------------------------------------------


def test_polish_map(geojson, countries, raw_countries, close_figures):
    settings = {"partners": PARTNERS, "focus": None}
    english, english_texts = in_language(
        partner_map, map_tables(geojson, countries), settings, i18n.ENGLISH
    )
    result, texts = in_language(partner_map, map_tables(geojson, countries), settings, POLISH)
    members = [row for row in raw_countries if row["group"] == "NATO member"]
    assert {"Japonia", "Korea Południowa", "Nowa Zelandia", "Australia"} <= set(texts)
    assert f"Państwa członkowskie NATO ({len(members)})" in texts
    assert {"Partnerzy AP4 (4)", "Pozostałe państwa"} <= set(texts)
    assert "Odwzorowanie Equal Earth; bez Antarktydy" in texts
    kept = words(row["country"] for row in raw_countries) | {"Equal", "Earth", "NATO", "AP4"}
    kept.add("Indo")  # Indo-Pacific, Indo-Pacyfik
    left = english_left(english_texts, texts, kept)
    assert not left, f"English words in the Polish map: {left}"
    assert not layout_problems(result.figure)

    shown = [f for f in geojson["features"] if f["properties"]["continent"] != "Antarctica"]
    continent = {f["properties"]["iso_a3"]: f["properties"]["continent"] for f in shown}
    in_europe = sum(1 for row in members if continent[row["iso3"]] == "Europe")
    assert f"zaznaczono {len(members)} państwa członkowskie NATO: {in_europe} w Europie, " in (
        result.alt
    )
    assert "2 w Ameryce Północnej (Kanada i Stany Zjednoczone) i 1 w Azji (Turcja)." in result.alt
    assert (
        "Każdy z 4 partnerów z regionu Indo-Pacyfiku (Australia, Japonia, Korea Południowa "
        "i Nowa Zelandia) ma na mapie własny kolor i podpis." in result.alt
    )
    assert f"Pozostałych {len(shown) - 36} państw na mapie zaznaczono na szaro" in result.alt
    left = english_left([english.alt], [result.alt], kept)
    assert not left, f"English words in the Polish alt text: {left}"
    # Codes beside the figure stay as they are; only the names (and their order) follow
    # the language.
    codes = ["group", "continent_natural_earth", "fill"]
    assert (
        result.data.set_index("iso3")[codes]
        .sort_index()
        .equals(english.data.set_index("iso3")[codes].sort_index())
    )
    assert list(result.data["iso3"][:4]) == PARTNERS
    assert "Korea Południowa" in set(result.data["country"])


@pytest.mark.parametrize(
    ("members", "others", "expected"),
    [
        (1, 1, ["1 państwo członkowskie NATO", "Jedno pozostałe państwo"]),
        (3, 22, ["3 państwa członkowskie NATO", "Pozostałe 22 państwa"]),
        (12, 140, ["12 państw członkowskich NATO", "Pozostałych 140 państw"]),
    ],
)
def test_polish_map_counts_take_the_right_plural_form(members, others, expected):
    nato = pd.DataFrame({"country": ["Polska"] * members, "continent": ["Europe"] * members})
    with i18n.active(POLISH):
        alt = partner_map.describe(nato, ["Japonia"], others)
    assert all(phrase in alt for phrase in expected), alt
    assert f"{members} w Europie" in alt
    assert "Partner z regionu Indo-Pacyfiku (Japonia)" in alt  # one partner
