"""Military expenditure as % of GDP: the AP4 partners against NATO comparators."""

from __future__ import annotations

from ap4report.figures import FigureResult
from ap4report.figures.labels import join_names, label_line_ends
from ap4report.style import NEUTRAL, NEUTRAL_DARK, PARTNER_COLOURS

DATASETS = ("milex", "countries")
SOURCES = ("milex",)  # countries.csv gives names only
SETTINGS = ("partners", "comparators", "guideline_pct_gdp")


def share_of_gdp(milex, partners: list[str], comparators: list[str]):
    """Share of GDP, one column per country (partners first), indexed by year."""
    share = milex[milex["indicator"] == "milex_share_gdp_pct"]
    wide = share.pivot(index="year", columns="iso3", values="value")
    return wide[partners + comparators].astype(float)


def plot(data: dict, settings: dict) -> FigureResult:
    from matplotlib import pyplot
    from matplotlib.ticker import MaxNLocator

    partners, comparators = settings["partners"], settings["comparators"]
    guideline = settings["guideline_pct_gdp"]
    names = data["countries"].set_index("iso3")["country"].to_dict()
    wide = share_of_gdp(data["milex"], partners, comparators)
    first, last = int(wide.index.min()), int(wide.index.max())

    figure, axes = pyplot.subplots()
    labels = []
    for iso3 in comparators:
        axes.plot(wide.index, wide[iso3], color=NEUTRAL, linewidth=0.9, zorder=2)
        labels.append((wide[iso3].iloc[-1], names[iso3], NEUTRAL_DARK, "normal"))
    for iso3 in partners:
        axes.plot(wide.index, wide[iso3], color=PARTNER_COLOURS[iso3], linewidth=2.0, zorder=3)
        labels.append((wide[iso3].iloc[-1], names[iso3], PARTNER_COLOURS[iso3], "bold"))
    top = max(float(wide.max().max()), guideline) * 1.08
    label_line_ends(axes, labels, last, top * 0.045, fontsize=7.5)
    axes.axhline(guideline, color=NEUTRAL_DARK, linestyle=(0, (4, 3)), linewidth=0.9, zorder=1)
    axes.annotate(
        f"NATO guideline: {guideline:g}% of GDP",
        xy=(first, guideline),
        xytext=(2, 3),
        textcoords="offset points",
        fontsize=7.5,
        color=NEUTRAL_DARK,
    )
    axes.set_xlim(first, last)
    axes.set_ylim(0, top)
    axes.set_ylabel("Military expenditure, % of GDP")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    figure.subplots_adjust(right=0.82)

    latest = wide.loc[last]
    above = [names[iso3] for iso3 in partners if latest[iso3] >= guideline]
    alt = (
        f"Line chart of military expenditure as a share of GDP, {first} to {last}, for the "
        f"AP4 partners and {len(comparators)} NATO members. In {last}: "
        + "; ".join(f"{names[iso3]} {latest[iso3]:.2f}%" for iso3 in partners + comparators)
        + f". AP4 partners at or above the {guideline:g}% guideline in {last}: "
        + (join_names(above) if above else "none")
        + "."
    )
    plotted = wide.rename(columns=names).round(2)
    return FigureResult(figure, plotted, alt)
