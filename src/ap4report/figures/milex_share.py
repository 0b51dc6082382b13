"""Military expenditure as % of GDP: the AP4 partners against NATO comparators.

With `settings["focus"]` set to one partner (a per-partner brief), that partner is drawn
in its colour and bold, the other partners as thin muted lines with lighter labels."""

from __future__ import annotations

from ap4report import i18n
from ap4report.analysis.milex import guideline_in_force, share_of_gdp
from ap4report.figures import FigureResult
from ap4report.figures.labels import join_names, label_line_ends
from ap4report.i18n import _, ngettext
from ap4report.style import COMPARATOR_COLOUR, HIGHLIGHT_COLOURS, NEUTRAL_DARK, PARTNER_COLOURS

DATASETS = ("milex", "countries", "nato_spending_guideline")
SOURCES = ("milex", "nato_spending_guideline")  # countries.csv gives names only
SETTINGS = ("partners", "comparators")
PLACED_IN = ("report", "annex", "brief")

MUTED_ALPHA = 0.5  # the other partners' lines in a per-partner figure
MUTED_LABEL_ALPHA = 0.85  # ... and their end labels
LABEL_GAP_PT = 9.0  # least distance between two end labels (7.5-pt text)


def focus_partner(settings: dict, partners: list[str]) -> str | None:
    """The partner a per-partner figure is about, or None for the AP4 as a whole."""
    focus = settings.get("focus")
    if focus is not None and focus not in partners:
        raise ValueError(f"focus {focus!r} is not one of the partners {partners}")
    return focus


def percent(value: float) -> str:
    """A setting such as the 2% guideline as written: '2', '2.5' ('2,5' in Polish)."""
    return i18n.num(value, len(f"{value:g}".partition(".")[2]))


def plot(data: dict, settings: dict) -> FigureResult:
    from matplotlib import pyplot
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    partners, comparators = settings["partners"], settings["comparators"]
    focus = focus_partner(settings, partners)
    names = data["countries"].set_index("iso3")["country"].to_dict()
    wide = share_of_gdp(data["milex"], partners, comparators)
    first, last = int(wide.index.min()), int(wide.index.max())
    # The guideline in force in the latest year shown, and the newest target beside it.
    in_force, targets = guideline_in_force(data["nato_spending_guideline"], f"{last}-12-31")
    guideline = float(in_force["value_pct_gdp"].iloc[0])
    core = targets[targets["measure"] == "core_defence"]

    figure, axes = pyplot.subplots()
    if settings.get("kind") == "report":  # the bulletin's four pages: a lower chart
        figure.set_figheight(figure.get_figheight() * 0.85)
    labels = []
    for iso3 in comparators:
        if iso3 in HIGHLIGHT_COLOURS:  # Poland, the bulletin's reader: its own colour
            colour = HIGHLIGHT_COLOURS[iso3]
            axes.plot(wide.index, wide[iso3], color=colour, linewidth=1.8, zorder=2.8)
            labels.append((wide[iso3].iloc[-1], names[iso3], colour, "bold"))
            continue
        axes.plot(wide.index, wide[iso3], color=COMPARATOR_COLOUR, linewidth=0.8, zorder=2)
        labels.append((wide[iso3].iloc[-1], names[iso3], NEUTRAL_DARK, "normal"))
    for iso3 in partners:
        colour = PARTNER_COLOURS[iso3]
        if focus is None or iso3 == focus:
            axes.plot(wide.index, wide[iso3], color=colour, linewidth=2.0, zorder=3)
            labels.append((wide[iso3].iloc[-1], names[iso3], colour, "bold"))
        else:
            muted = to_rgba(colour, MUTED_ALPHA)
            axes.plot(wide.index, wide[iso3], color=muted, linewidth=1.0, zorder=2.5)
            labels.append(
                (wide[iso3].iloc[-1], names[iso3], to_rgba(colour, MUTED_LABEL_ALPHA), "normal")
            )
    target = float(core["value_pct_gdp"].iloc[0]) if len(core) else None
    top = max(float(wide.max().max()), guideline, target or 0) * 1.08
    # End labels at least LABEL_GAP_PT apart, however tall the figure is drawn.
    axes_height_pt = axes.get_position().height * figure.get_figheight() * 72
    label_line_ends(axes, labels, last, top * LABEL_GAP_PT / axes_height_pt, fontsize=7.5)
    axes.axhline(guideline, color=NEUTRAL_DARK, linestyle=(0, (4, 3)), linewidth=0.9, zorder=1)
    handles = [
        Line2D(
            [],
            [],
            color=NEUTRAL_DARK,
            linestyle=(0, (4, 3)),
            linewidth=0.9,
            label=_("NATO guideline: {value}% of GDP").format(value=percent(guideline)),
        )
    ]
    if target is not None:
        axes.axhline(target, color=NEUTRAL_DARK, linestyle=(0, (1, 2)), linewidth=0.9, zorder=1)
        handles.append(
            Line2D(
                [],
                [],
                color=NEUTRAL_DARK,
                linestyle=(0, (1, 2)),
                linewidth=0.9,
                label=_("Target for {year}: {value}% of GDP on core defence").format(
                    year=int(core["target_year"].iloc[0]), value=percent(target)
                ),
            )
        )
    axes.legend(
        handles=handles,
        loc="best",
        fontsize=7.5,
        handlelength=2.6,
    )
    axes.set_xlim(first, last)
    axes.set_ylim(0, top)
    axes.set_ylabel(_("Military expenditure, % of GDP"))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    # Ticks in the edition's number format, with as many decimals as the steps need.
    steps = [f"{tick:g}".partition(".")[2] for tick in axes.get_yticks()]
    axes.yaxis.set_major_formatter(i18n.tick_formatter(max(map(len, steps))))
    figure.subplots_adjust(right=0.82)

    alt = describe(wide, names, partners, comparators, guideline, focus)
    plotted = wide.rename(columns=names).round(2)
    return FigureResult(figure, plotted, alt)


def describe(wide, names, partners, comparators, guideline, focus) -> str:
    """The alt text: the focus partner's trajectory first (if any), then every latest value."""
    first, last = int(wide.index.min()), int(wide.index.max())
    latest = wide.loc[last]
    above = [names[iso3] for iso3 in partners if latest[iso3] >= guideline]
    chart = ngettext(
        "Line chart of military expenditure as a share of GDP, {first} to {last}, for the "
        "AP4 partners and {n} NATO member.",
        "Line chart of military expenditure as a share of GDP, {first} to {last}, for the "
        "AP4 partners and {n} NATO members.",
        len(comparators),
    ).format(first=first, last=last, n=len(comparators))
    values = "; ".join(
        f"{names[iso3]} {i18n.num(latest[iso3], 2)}%" for iso3 in partners + comparators
    )
    parts = [
        chart,
        _("In {year}: {values}.").format(year=last, values=values),
        _("AP4 partners at or above the {guideline}% guideline in {year}: {names}.").format(
            guideline=percent(guideline),
            year=last,
            names=join_names(above) if above else _("none"),
        ),
    ]
    if focus is not None:
        parts = [
            trajectory(wide[focus], names[focus], guideline),
            _("{country} is highlighted; the other AP4 partners are drawn as thin lines.").format(
                country=names[focus]
            ),
            *parts,
        ]
    return " ".join(parts)


def trajectory(series, name: str, guideline: float) -> str:
    """'Japan: military expenditure rose from 0.96% of GDP in 2010 to 1.37% in 2024. ...'"""
    first, last = int(series.index.min()), int(series.index.max())
    start, end = round(float(series.loc[first]), 2), round(float(series.loc[last]), 2)
    values = {
        "country": name,
        "start": i18n.num(start, 2),
        "end": i18n.num(end, 2),
        "first": first,
        "last": last,
    }
    if end > start:
        text = _(
            "{country}: military expenditure rose from {start}% of GDP in {first} "
            "to {end}% in {last}."
        )
    elif end < start:
        text = _(
            "{country}: military expenditure fell from {start}% of GDP in {first} "
            "to {end}% in {last}."
        )
    else:
        text = _("{country}: military expenditure was {end}% of GDP in both {first} and {last}.")
    peak_year = int(series.idxmax())
    peak = _("Its highest share was {peak}% in {year}.").format(
        peak=i18n.num(float(series.max()), 2), year=peak_year
    )
    if float(series.loc[last]) >= guideline:
        position = _("In {year} it was at or above NATO's {guideline}% guideline.")
    else:
        position = _("In {year} it was below NATO's {guideline}% guideline.")
    position = position.format(year=last, guideline=percent(guideline))
    parts = [text.format(**values)]
    if peak_year not in (first, last):
        parts.append(peak)
    return " ".join([*parts, position])
