"""House style across figures: Poland found at a glance, visible legend swatches, the whole
Arctic on the map, figures drawn at the width the page places them, and no text cut off
or overlapping in the English figures."""

from __future__ import annotations

import json

from matplotlib.colors import to_hex, to_rgb

from ap4report import i18n
from ap4report.figures import milestones_timeline, milex_share, partner_map, summit_representation
from ap4report.style import ACCENT, COMPARATOR_COLOUR, HIGHLIGHT_COLOURS, PARTNER_COLOURS, fit_width

from conftest import DATA, PARTNERS, tables_for
from figure_helpers import in_language, layout_problems, map_tables

COMPARATORS = ["USA", "POL", "DEU", "FRA", "GBR"]
MILEX = {"partners": PARTNERS, "comparators": COMPARATORS}


def lines_by_colour(axes) -> dict[str, list]:
    found: dict[str, list] = {}
    for line in axes.get_lines():
        found.setdefault(to_hex(line.get_color()), []).append(line)
    return found


def test_poland_stands_out_in_the_spending_chart(package):
    result = milex_share.plot(tables_for(milex_share, package), {**MILEX, "focus": None})
    axes = result.figure.axes[0]
    colours = lines_by_colour(axes)
    assert HIGHLIGHT_COLOURS["POL"] == ACCENT
    assert len(colours[ACCENT.lower()]) == 1  # Poland, and nothing else, in the accent
    poland = colours[ACCENT.lower()][0]
    assert poland.get_linewidth() > 1.5
    assert len(colours[COMPARATOR_COLOUR]) == len(COMPARATORS) - 1  # the others muted
    for iso3 in PARTNERS:  # the partners keep their Okabe–Ito colours
        assert PARTNER_COLOURS[iso3].lower() in colours
    labels = {text.get_text(): text for text in axes.texts}
    assert to_hex(labels["Poland"].get_color()) == ACCENT.lower()
    assert labels["Poland"].get_fontweight() == "bold"
    assert labels["Germany"].get_fontweight() == "normal"


def test_every_summit_level_has_a_visible_swatch(package):
    settings = {"partners": PARTNERS, "summits_from_year": 2022}
    result = summit_representation.plot(tables_for(summit_representation, package), settings)
    legend = result.figure.axes[0].get_legend()
    swatches = [
        (text.get_text(), patch)
        for text, patch in zip(legend.get_texts(), legend.get_patches(), strict=True)
        if text.get_text() != "† not fully verified"
    ]
    assert any("Senior official" in label for label, _ in swatches)
    for label, patch in swatches:
        face, edge = to_rgb(patch.get_facecolor()), to_rgb(patch.get_edgecolor())
        # Darker than white by a clear margin, in its fill or in its edge.
        darkest = min(sum(face) / 3, sum(edge) / 3 if patch.get_linewidth() > 0 else 1)
        assert darkest < 0.75, f"the swatch of {label!r} does not show on white"


def test_the_map_shows_the_whole_arctic(package):
    with (DATA / "world_countries_110m.geojson").open(encoding="utf-8") as handle:
        geojson = json.load(handle)
    countries = package.read_table("countries")
    result = partner_map.plot(
        {"world_countries_110m": geojson, "countries": countries}, {"partners": PARTNERS}
    )
    axes = result.figure.axes[0]
    pole = partner_map.equal_earth(0.0, 90.0)[1]
    assert axes.get_ylim()[1] >= pole  # up to the pole line: nothing north is cut
    for iso3 in ("CAN", "NOR", "USA", "GRL"):  # Ellesmere, Svalbard, Alaska, Greenland
        feature = next(f for f in geojson["features"] if f["properties"]["iso_a3"] == iso3)
        top = max(
            point[1]
            for polygon in partner_map.polygons(feature["geometry"])
            for ring in polygon
            for point in ring
        )
        assert partner_map.equal_earth(0.0, top)[1] < axes.get_ylim()[1]


def test_fit_width_draws_a_figure_at_the_width_it_is_placed(package):
    from matplotlib import pyplot

    for width in (6.5, 5.2):
        result = milex_share.plot(tables_for(milex_share, package), {**MILEX, "focus": "JPN"})
        fit_width(result.figure, width)
        box = result.figure.get_tightbbox(result.figure._get_renderer())
        assert abs(box.width + 2 * pyplot.rcParams["savefig.pad_inches"] - width) < 0.01
        pyplot.close(result.figure)


# The timeline's first year, as in figures/test_milestones_timeline.py.
START = 2012


def test_english_figures_are_laid_out_cleanly(geojson, countries, milestones, close_figures):
    for module, tables, settings in [
        (partner_map, map_tables(geojson, countries), {"partners": PARTNERS}),
        (milestones_timeline, {"milestones": milestones}, {"timeline_start_year": START}),
    ]:
        result, _ = in_language(module, tables, settings, i18n.ENGLISH)
        assert not layout_problems(result.figure), module.__name__
