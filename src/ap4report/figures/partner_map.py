"""World map of the NATO members and the four Indo-Pacific partners (AP4).

`world_countries_110m` is a GeoJSON resource, not a table: `plot` expects
`data["world_countries_110m"]` to be the parsed GeoJSON (a dict, as `json.load` gives).
Countries join on ISO3 (`iso_a3` in the GeoJSON, `iso3` in countries.csv).
"""

from __future__ import annotations

from ap4report import i18n
from ap4report.analysis.geography import country_groups
from ap4report.figures import FigureResult
from ap4report.figures.labels import join_names
from ap4report.formatting import words
from ap4report.i18n import _, ngettext
from ap4report.style import NEUTRAL, NEUTRAL_DARK, PARTNER_COLOURS

DATASETS = ("world_countries_110m", "countries")
SETTINGS = ("partners",)
PLACED_IN = ("annex",)

NATO_COLOUR = "#0b3d6e"
OTHER_COLOUR = "#e3e3e3"
BORDER_COLOUR = "#ffffff"
# The map stops short of Antarctica (dropped) in the south and runs to the pole in the
# north, so that the whole Arctic (Canada's islands, Greenland, Svalbard, Alaska) lies
# inside the map's outline instead of against a cut edge.
LATITUDE_RANGE = (-57.0, 90.0)
# Where each partner's label sits: offset in points from the centre of the country's
# largest polygon, horizontal alignment, and whether a leader line is drawn (small
# countries). In open sea, clear of other labels. Layout only; others get DEFAULT_LABEL.
LABEL_LAYOUT = {
    "AUS": (-38, 0, "right", False),
    "JPN": (22, 8, "center", True),
    "KOR": (2, -28, "center", True),
    "NZL": (-12, -14, "right", True),
}
DEFAULT_LABEL = (12, -12, "left", True)


def equal_earth(lon, lat):
    """Equal Earth projection (Šavrič, Patterson and Jenny 2018) of degrees, radius 1."""
    import numpy as np

    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    theta = np.arcsin(np.sqrt(3) / 2 * np.sin(np.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        2
        * np.sqrt(3)
        * np.radians(lon)
        * np.cos(theta)
        / (3 * (9 * a4 * t6 * t2 + 7 * a3 * t6 + 3 * a2 * t2 + a1))
    )
    y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x, y


def polygons(geometry) -> list[list]:
    """The rings of each polygon of a GeoJSON Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"unexpected geometry type {geometry['type']!r}")


def compound_path(features: list[dict]):
    """One matplotlib Path holding every ring of the given features, projected."""
    import numpy as np
    from matplotlib.path import Path

    vertices, codes = [], []
    for feature in features:
        for polygon in polygons(feature["geometry"]):
            for ring in polygon:
                lon, lat = np.asarray(ring, dtype=float).T
                x, y = equal_earth(lon, lat)
                vertices.append(np.column_stack([x, y]))
                ring_codes = np.full(len(x), Path.LINETO, dtype=Path.code_type)
                ring_codes[0], ring_codes[-1] = Path.MOVETO, Path.CLOSEPOLY
                codes.append(ring_codes)
    return Path(np.concatenate(vertices), np.concatenate(codes))


def anchor(feature: dict) -> tuple[float, float]:
    """Projected mean of the vertices of a country's largest polygon (label anchor)."""
    import numpy as np

    def area(ring):
        lon, lat = np.asarray(ring, dtype=float).T
        return abs(np.dot(lon, np.roll(lat, 1)) - np.dot(lat, np.roll(lon, 1))) / 2

    exterior = max((polygon[0] for polygon in polygons(feature["geometry"])), key=area)
    lon, lat = np.asarray(exterior[:-1], dtype=float).T
    x, y = equal_earth(lon.mean(), lat.mean())
    return float(x), float(y)


def in_continent(continent: str) -> str:
    """'in Europe' for a Natural Earth continent, in the edition's language."""
    phrases = {
        "Africa": _("in Africa"),
        "Asia": _("in Asia"),
        "Europe": _("in Europe"),
        "North America": _("in North America"),
        "Oceania": _("in Oceania"),
        "Seven seas (open ocean)": _("in the open ocean"),
        "South America": _("in South America"),
    }
    return phrases.get(continent) or _("in {continent}").format(continent=i18n.term(continent))


def continents_phrase(members) -> str:
    """'29 in Europe, 2 in North America (Canada and United States), and 1 in Asia
    (Türkiye)': counts by Natural Earth continent, naming the countries of small groups."""
    counts = members.groupby("continent", sort=False)["country"].agg(list)
    counts = counts.loc[sorted(counts.index, key=lambda c: (-len(counts[c]), c))]
    parts = []
    for continent, names in counts.items():
        named = f" ({join_names(sorted(names))})" if len(names) <= 3 else ""
        parts.append(f"{len(names)} {in_continent(continent)}{named}")
    return join_names(parts)


def plot(data: dict, settings: dict) -> FigureResult:
    import numpy as np
    from matplotlib import pyplot
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.patches import PathPatch, Rectangle

    geojson, countries = data["world_countries_110m"], data["countries"]
    partners = list(settings["partners"])
    shown = [f for f in geojson["features"] if f["properties"]["continent"] != "Antarctica"]
    groups = country_groups({"features": shown}, countries)
    group_of = dict(zip(groups["iso3"], groups["group"], strict=True))
    map_partners = set(groups.loc[groups["group"] == "AP4 partner", "iso3"])
    if map_partners != set(partners):
        raise ValueError(
            f"settings partners {sorted(partners)} differ from the AP4 partners in "
            f"countries.csv {sorted(map_partners)}"
        )
    colour_of = {"NATO member": NATO_COLOUR, "other": OTHER_COLOUR}

    def fill(iso3: str) -> str:
        group = group_of[iso3]
        return PARTNER_COLOURS[iso3] if group == "AP4 partner" else colour_of[group]

    width = 6.7
    south, north = LATITUDE_RANGE
    bottom = equal_earth(0.0, south)[1]
    top = equal_earth(0.0, north)[1]
    x_max = equal_earth(180.0, 0.0)[0]
    height = width * (top - bottom) / (2 * x_max) + 0.1
    figure = pyplot.figure(figsize=(width, height))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()

    # The edge of the projected world, from pole to pole, drawn faintly.
    latitudes = np.linspace(-90, 90, 91)
    edge_x, edge_y = equal_earth(np.full_like(latitudes, 180.0), latitudes)
    axes.plot(
        np.concatenate([edge_x, -edge_x[::-1], edge_x[:1]]),
        np.concatenate([edge_y, edge_y[::-1], edge_y[:1]]),
        color="#c8c8c8",
        linewidth=0.5,
        zorder=0,
    )
    by_fill: dict[str, list] = {}
    for feature in shown:
        by_fill.setdefault(fill(feature["properties"]["iso_a3"]), []).append(feature)
    for colour in [OTHER_COLOUR, NATO_COLOUR] + [PARTNER_COLOURS[iso3] for iso3 in partners]:
        axes.add_patch(
            PathPatch(
                compound_path(by_fill[colour]),
                facecolor=colour,
                edgecolor=BORDER_COLOUR,
                linewidth=0.25,
                zorder=2 if colour == OTHER_COLOUR else 3,
            )
        )
    names = countries.set_index("iso3")["country"].astype(str).to_dict()
    features = {f["properties"]["iso_a3"]: f for f in shown}
    leader = {"arrowstyle": "-", "color": NEUTRAL_DARK, "linewidth": 0.5, "shrinkA": 1}
    for iso3 in partners:
        dx, dy, align, line = LABEL_LAYOUT.get(iso3, DEFAULT_LABEL)
        axes.annotate(
            names[iso3],
            xy=anchor(features[iso3]),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=align,
            va="center",
            fontsize=8,
            fontweight="bold",
            color=PARTNER_COLOURS[iso3],
            arrowprops={**leader, "shrinkB": 0} if line else None,
            zorder=5,
        )
    axes.set_xlim(-x_max * 1.002, x_max * 1.002)
    axes.set_ylim(bottom, top + 0.006)  # room for the outline's pole line
    axes.set_aspect("equal")

    nato = groups[groups["group"] == "NATO member"]
    swatch = {"edgecolor": "none"}
    handles = [
        Rectangle((0, 0), 1, 1, facecolor=NATO_COLOUR, **swatch),
        tuple(Rectangle((0, 0), 1, 1, facecolor=PARTNER_COLOURS[p], **swatch) for p in partners),
        Rectangle((0, 0), 1, 1, facecolor=OTHER_COLOUR, **swatch),
    ]
    axes.legend(
        handles,
        [
            _("NATO member ({n})").format(n=len(nato)),
            _("AP4 partner ({n})").format(n=len(partners)),
            _("Other country"),
        ],
        handler_map={tuple: HandlerTuple(ndivide=None, pad=0)},
        loc="lower left",
        bbox_to_anchor=(0.0, 0.04),
        fontsize=7.5,
        handlelength=2.2,
        labelcolor=NEUTRAL_DARK,
    )
    axes.text(
        0.012,
        0.0,
        _("Equal Earth projection; Antarctica not shown"),
        transform=axes.transAxes,
        ha="left",
        va="bottom",
        fontsize=7,
        color=NEUTRAL,
    )

    coloured = groups[groups["group"] != "other"].copy()
    order = {iso3: i for i, iso3 in enumerate(partners)}
    coloured["partner_order"] = coloured["iso3"].map(order).fillna(len(order))
    coloured["fill"] = coloured["iso3"].map(fill)
    plotted = (
        coloured.sort_values(["partner_order", "country"])[
            ["iso3", "country", "group", "continent", "fill"]
        ]
        .rename(columns={"continent": "continent_natural_earth"})
        .reset_index(drop=True)
    )
    alt = describe(nato, [names[iso3] for iso3 in partners], len(groups) - len(coloured))
    return FigureResult(figure, plotted, alt)


def describe(nato, partner_names: list[str], others: int) -> str:
    n_members, n_partners = len(nato), len(partner_names)
    members = ngettext("the {n} NATO member", "the {n} NATO members", n_members)
    partners = ngettext(
        "the {words} Indo-Pacific partner {names}, in its own colour and labelled",
        "the {words} Indo-Pacific partners {names}, each in its own colour and labelled",
        n_partners,
    )
    grey = ngettext(
        "The other {n} country on the map is grey",
        "The other {n} countries on the map are grey",
        others,
    )
    return _(
        "World map (Equal Earth projection): {members}, {continents}, shaded dark blue; "
        "and {partners}. {others}; Antarctica is not shown."
    ).format(
        members=members.format(n=n_members),
        continents=continents_phrase(nato),
        partners=partners.format(
            n=n_partners,
            words=words(n_partners, i18n.locale()),
            names=join_names(partner_names),
        ),
        others=grey.format(n=others),
    )
