"""Figures of the report. Each function takes tidy data and returns (figure, plotted data)."""

from __future__ import annotations

from ap4report.style import NEUTRAL, NEUTRAL_DARK, PARTNER_COLOURS


def spread_labels(values: list[float], min_gap: float) -> list[float]:
    """Positions for end-of-line labels: as near their values as a minimum gap allows."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = [0.0] * len(values)
    previous = None
    for i in order:
        position = values[i] if previous is None else max(values[i], previous + min_gap)
        placed[i] = previous = position
    # Centre the block again on the data where pushing moved labels upwards.
    shift = (sum(placed) - sum(values)) / len(values) if values else 0.0
    return [position - shift for position in placed] if shift > min_gap / 2 else placed


def milex_share_of_gdp(milex, countries, partners: list[str], comparators: list[str]):
    """Military expenditure as % of GDP, one column per country, indexed by year."""
    share = milex[milex["indicator"] == "milex_share_gdp_pct"]
    share = share[share["iso3"].isin(partners + comparators)]
    wide = share.pivot(index="year", columns="iso3", values="value")
    names = countries.set_index("iso3")["country"]
    return wide[partners + comparators].astype(float), names


def plot_milex_share(milex, countries, partners, comparators, guideline_pct: float):
    """Line chart: partners in colour, NATO comparators in grey, the guideline dashed."""
    from matplotlib import pyplot

    wide, names = milex_share_of_gdp(milex, countries, partners, comparators)
    figure, axes = pyplot.subplots()
    last_year = int(wide.index.max())
    ends, labels, colours = [], [], []
    for iso3 in comparators:
        axes.plot(wide.index, wide[iso3], color=NEUTRAL, linewidth=0.9, zorder=2)
        ends.append(wide[iso3].iloc[-1])
        labels.append(names.get(iso3, iso3))
        colours.append(NEUTRAL_DARK)
    for iso3 in partners:
        axes.plot(wide.index, wide[iso3], color=PARTNER_COLOURS[iso3], linewidth=2.0, zorder=3)
        ends.append(wide[iso3].iloc[-1])
        labels.append(names.get(iso3, iso3))
        colours.append(PARTNER_COLOURS[iso3])
    top = max(float(wide.max().max()), guideline_pct) * 1.08
    for label, colour, y in zip(labels, colours, spread_labels(ends, top * 0.045), strict=True):
        axes.annotate(
            label,
            xy=(last_year, y),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
            color=colour,
            fontweight="bold" if colour != NEUTRAL_DARK else "normal",
        )
    axes.axhline(guideline_pct, color=NEUTRAL_DARK, linestyle=(0, (4, 3)), linewidth=0.9, zorder=1)
    axes.annotate(
        f"NATO guideline: {guideline_pct:g}% of GDP",
        xy=(wide.index.min(), guideline_pct),
        xytext=(0, 3),
        textcoords="offset points",
        fontsize=7.5,
        color=NEUTRAL_DARK,
    )
    axes.set_xlim(wide.index.min(), last_year)
    axes.set_ylim(0, top)
    axes.set_ylabel("Military expenditure, % of GDP")
    axes.xaxis.set_major_locator(pyplot.MaxNLocator(integer=True))
    axes.margins(x=0)
    figure.subplots_adjust(right=0.82)
    plotted = wide.rename(columns=names.to_dict()).round(2)
    return figure, plotted
