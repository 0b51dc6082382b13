"""Support to Ukraine: allocations by donor and type, and the AP4's allocations as % of GDP.

Panel A reads Kiel Release 29 (all donors, cumulative allocations by aid type); panel B reads
Kiel Release 29 (AP4 monthly rows, with Kiel's own GDP denominator). Each panel names its
release. Commitments are not drawn: they are a different measure (see the table).

With `settings["focus"]` set to an AP4 partner (a partner's brief), that partner is drawn in
its colour and the other partners in a muted shade, and the alt text starts with its numbers.
"""

from __future__ import annotations

from ap4report import i18n
from ap4report.analysis.ukraine import (
    AID_TYPES,
    RELEASE_A,
    RELEASE_B,
    allocations_by_type,
    donor_names,
    share_of_gdp,
)
from ap4report.figures import FigureResult
from ap4report.figures.labels import join_names
from ap4report.i18n import _, month_label, ngettext, num
from ap4report.style import NEUTRAL, NEUTRAL_DARK, PARTNER_COLOURS

DATASETS = ("ukraine_support_kiel", "ukraine_support_kiel_ap4_monthly", "countries")
SOURCES = (
    "ukraine_support_kiel",
    "ukraine_support_kiel_ap4_monthly",
)  # countries.csv gives names only
SETTINGS = ("partners", "ukraine_donors")
PLACED_IN = ("annex", "brief")

# Paul Tol's "muted" scheme: colour-blind safe, distinct from the partner colours, and
# spread in lightness (dark, light blue, light sand) so the stack also reads in grey.
AID_COLOURS = {"military": "#332288", "financial": "#88CCEE", "humanitarian": "#DDCC77"}
MUTED = "#c8c8c8"  # the other partners' bars in a partner's brief


def aid_type_label(aid_type: str) -> str:
    return {
        "military": _("Military"),
        "financial": _("Financial"),
        "humanitarian": _("Humanitarian"),
    }[aid_type]


def release_label(release: str) -> str:
    """'Kiel Release 29' in the edition's language."""
    return _("Kiel Release {number}").format(number=release.split()[-1])


def locale_ticks(axis) -> None:
    """Value ticks in the edition's number format, with the decimals the ticks need (as
    matplotlib's own labels have: '0.0', '0.2'). Call after setting the limits."""
    digits = max(len(f"{tick:g}".partition(".")[2]) for tick in axis.get_ticklocs())
    axis.set_major_formatter(i18n.tick_formatter(digits))


def amount(value: float) -> str:
    """EUR bn for labels and the alt text: two decimals throughout, as in the table and
    the text ('11.04', '0.08')."""
    return num(value, 2)


def percent(value: float) -> str:
    """A share of GDP: three decimals, as South Korea and New Zealand differ in the third."""
    return num(value, 3) + "%"


def plot(data: dict, settings: dict) -> FigureResult:
    import textwrap

    import pandas as pd
    from matplotlib import pyplot

    partners = list(settings["partners"])
    focus = settings.get("focus")
    if focus is not None and focus not in partners:
        raise ValueError(f"focus {focus!r} is not one of the partners {partners}")
    others = [iso3 for iso3 in settings["ukraine_donors"] if iso3 not in partners]
    kiel, monthly = data["ukraine_support_kiel"], data["ukraine_support_kiel_ap4_monthly"]
    alloc = allocations_by_type(kiel, partners + others)
    alloc = alloc.sort_values("total", ascending=False, kind="stable")
    names = donor_names(kiel, data["countries"], alloc.index)
    shares, (cut_year, cut_month) = share_of_gdp(monthly, partners)
    shares = shares.sort_values("pct_gdp", ascending=False, kind="stable")
    cutoff = f"{cut_year}-{cut_month:02d}"

    def partner_style(iso3) -> tuple[str | None, str]:
        """(colour, weight) of a donor's labels: partners in their colour, or in a brief,
        the focus partner in its colour and the other partners muted."""
        if iso3 not in partners:
            return None, "normal"
        if focus is None or iso3 == focus:
            return PARTNER_COLOURS[iso3], "bold"
        return NEUTRAL, "normal"

    figure, (left, right) = pyplot.subplots(
        1,
        2,
        figsize=(6.3, 0.2 * len(alloc) + 1.0),
        gridspec_kw={"width_ratios": [2.3, 1], "wspace": 0.5},
    )
    for axes in (left, right):
        axes.grid(False, axis="y")
        axes.grid(True, axis="x")
        axes.tick_params(axis="y", length=0)

    # Panel A: stacked allocations by type, largest donor at the top.
    positions = range(len(alloc))
    start = pd.Series(0.0, index=alloc.index)
    for aid_type in AID_TYPES:
        left.barh(
            positions,
            alloc[aid_type],
            left=start,
            height=0.7,
            color=AID_COLOURS[aid_type],
            edgecolor="white",
            linewidth=0.3,
            label=aid_type_label(aid_type),
        )
        start = start + alloc[aid_type]
    top = float(alloc["total"].max())
    for y, iso3 in enumerate(alloc.index):
        left.annotate(
            amount(alloc.loc[iso3, "total"]),
            xy=(alloc.loc[iso3, "total"], y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color=NEUTRAL_DARK,
            fontweight=partner_style(iso3)[1],
        )
    if focus is not None:  # a band in the partner's colour behind its stack
        y = list(alloc.index).index(focus)
        left.axhspan(y - 0.5, y + 0.5, color=PARTNER_COLOURS[focus], alpha=0.15, lw=0, zorder=0)
    left.set_yticks(list(positions), [names[iso3] for iso3 in alloc.index])
    for label, iso3 in zip(left.get_yticklabels(), alloc.index, strict=True):
        colour, weight = partner_style(iso3)
        if colour is not None:
            label.set_color(colour)
            label.set_fontweight(weight)
    left.set_ylim(len(alloc) - 0.4, -0.6)
    left.set_xlim(0, top * 1.1)
    locale_ticks(left.xaxis)
    # A brief's figure is narrower: this axis title wraps (as B's does) so the two do not meet.
    wrap = 28 if focus is not None else 60
    left.set_xlabel(textwrap.fill(_("Allocations, € bn (cumulative)"), wrap))
    left.set_title(
        _("A  Allocations by type ({release})").format(release=release_label(RELEASE_A)),
        fontsize=8.5,
        pad=4,
    )
    # In a brief, clear of a partner's band in the bottom rows.
    legend_place = "lower right" if focus is None else "center right"
    left.legend(loc=legend_place, handlelength=1.0, handleheight=0.8, fontsize=7.5)

    # Panel B: AP4 allocations as % of GDP.
    positions_b = range(len(shares))
    right.barh(
        positions_b,
        shares["pct_gdp"],
        height=0.5,
        color=[PARTNER_COLOURS[iso3] if focus in (None, iso3) else MUTED for iso3 in shares.index],
    )
    for y, iso3 in enumerate(shares.index):
        right.annotate(
            percent(shares.loc[iso3, "pct_gdp"]),
            xy=(shares.loc[iso3, "pct_gdp"], y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color=NEUTRAL_DARK,
            fontweight="bold" if iso3 == focus else "normal",
        )
    right.set_yticks(list(positions_b), [names[iso3] for iso3 in shares.index])
    for label, iso3 in zip(right.get_yticklabels(), shares.index, strict=True):
        colour, weight = partner_style(iso3)
        label.set_color(colour)
        label.set_fontweight(weight)
    right.set_ylim(len(shares) - 0.4, -0.6)
    right.set_xlim(0, float(shares["pct_gdp"].max()) * 1.4)
    locale_ticks(right.xaxis)
    right.set_xlabel(
        _("Allocations through {month},\n% of GDP (Kiel's GDP figure)").format(
            month=month_label(cut_year, cut_month, short=True)
        )
    )
    right.set_title(
        _("B  % of GDP ({release})").format(release=release_label(RELEASE_B)), fontsize=8.5, pad=4
    )

    # The numbers plotted, tidy.
    rows = []

    def add(panel, iso3, measure, aid_type, value, unit, release):
        rows.append(
            {
                "panel": panel,
                "donor": names[iso3],
                "iso3": iso3,
                "measure": measure,
                "aid_type": aid_type,
                "value": value,
                "unit": unit,
                "release": release,
            }
        )

    for iso3 in alloc.index:
        for aid_type in (*AID_TYPES, "total"):
            value = round(float(alloc.loc[iso3, aid_type]), 6)
            add("A", iso3, "allocation", aid_type, value, "EUR bn", RELEASE_A)
    release_b = f"{RELEASE_B} (data through {cutoff})"
    for iso3 in shares.index:
        share = shares.loc[iso3]
        gdp_measure = "gdp_kiel_latest_month" if share["gdp_varies"] else "gdp_kiel"
        value = round(float(share["allocation_eur_bn"]), 6)
        add("B", iso3, "allocation", "total", value, "EUR bn", release_b)
        add(
            "B", iso3, gdp_measure, pd.NA, round(float(share["gdp_eur_bn"]), 3), "EUR bn", release_b
        )
        value = round(float(share["pct_gdp"]), 4)
        add("B", iso3, "allocation", "total", value, "% of GDP", release_b)
    # Indexed by panel: the pipeline writes the index as the CSV's first column.
    plotted = pd.DataFrame(rows).astype({"aid_type": "string"}).set_index("panel")

    groups = data["countries"].set_index("iso3")["group"]
    nato = all(iso3 in groups.index and groups[iso3] == "NATO member" for iso3 in others)
    alt = alt_text(alloc, shares, names, partners, others, nato, (cut_year, cut_month), focus)
    return FigureResult(figure, plotted, alt)


def alt_text(alloc, shares, names, partners, others, nato: bool, cutoff, focus) -> str:
    """The figure in words, from the numbers drawn; a brief's partner first."""
    rank = {iso3: i + 1 for i, iso3 in enumerate(alloc.index)}
    ap4_by_alloc = [iso3 for iso3 in alloc.index if iso3 in partners]
    first = ap4_by_alloc[0]
    month = month_label(*cutoff)
    sentences = []
    if focus is not None:
        sentences.append(
            _(
                "{name}: allocations of €{amount} bn ({military} military, {financial} "
                "financial, {humanitarian} humanitarian), {rank} of the {count} donors shown "
                "and {partner_rank} of the AP4; {share}% of GDP through {month}, "
                "{share_rank} of the AP4."
            ).format(
                name=names[focus],
                amount=amount(alloc.loc[focus, "total"]),
                military=amount(alloc.loc[focus, "military"]),
                financial=amount(alloc.loc[focus, "financial"]),
                humanitarian=amount(alloc.loc[focus, "humanitarian"]),
                rank=i18n.ordinal(rank[focus]),
                count=len(alloc),
                partner_rank=i18n.ordinal(ap4_by_alloc.index(focus) + 1),
                share=num(shares.loc[focus, "pct_gdp"], 3),
                month=month,
                share_rank=i18n.ordinal(list(shares.index).index(focus) + 1),
            )
        )
    if nato:
        donors = ngettext("{n} NATO donor", "{n} NATO donors", len(others))
    else:
        donors = ngettext("{n} comparison donor", "{n} comparison donors", len(others))
    sentences += [
        _("Two bar charts of support to Ukraine."),
        _(
            "Left, {release}: cumulative bilateral allocations in euro billions, split into "
            "military, financial and humanitarian aid, for the {partners} and {donors}, "
            "sorted by total."
        ).format(
            release=release_label(RELEASE_A),
            partners=ngettext("{n} AP4 partner", "{n} AP4 partners", len(partners)).format(
                n=len(partners)
            ),
            donors=donors.format(n=len(others)),
        ),
        _(
            "{name} is the largest AP4 donor with €{amount} bn, {rank} of the {count} donors shown."
        ).format(
            name=names[first],
            amount=amount(alloc.loc[first, "total"]),
            rank=i18n.ordinal(rank[first]),
            count=len(alloc),
        ),
        "; ".join(
            _("{name} €{amount} bn ({rank})").format(
                name=names[iso3],
                amount=amount(alloc.loc[iso3, "total"]),
                rank=i18n.ordinal(rank[iso3]),
            )
            for iso3 in ap4_by_alloc
        )
        + ".",
        _("Largest donor shown: {name}, €{amount} bn.").format(
            name=names[alloc.index[0]], amount=amount(alloc["total"].iloc[0])
        ),
        _(
            "Right, {release}: AP4 allocations through {month} as a share of GDP (Kiel's GDP "
            "figures): {shares}."
        ).format(
            release=release_label(RELEASE_B),
            month=month,
            shares="; ".join(
                _("{name} {share}%").format(
                    name=names[iso3], share=num(shares.loc[iso3, "pct_gdp"], 3)
                )
                for iso3 in shares.index
            ),
        ),
    ]
    varies = [names[iso3] for iso3 in shares.index if shares.loc[iso3, "gdp_varies"]]
    if varies:
        sentences.append(
            _(
                "Kiel's GDP figure changes over the months for {names}; the latest month's "
                "figure is used."
            ).format(names=join_names(varies))
        )
    return " ".join(sentences)
