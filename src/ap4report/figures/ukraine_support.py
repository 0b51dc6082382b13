"""Support to Ukraine: allocations by donor and type, and the AP4's allocations as % of GDP.

Panel A reads Kiel Release 28 (all donors, cumulative allocations by aid type); panel B reads
Kiel Release 29 (AP4 monthly rows, with Kiel's own GDP denominator). Each panel names its
release. Commitments are not drawn: they are a different measure (see the table).
"""

from __future__ import annotations

from ap4report.figures import FigureResult
from ap4report.formatting import date_text, ordinal
from ap4report.figures.labels import join_names
from ap4report.style import NEUTRAL_DARK, PARTNER_COLOURS

DATASETS = ("ukraine_support_kiel", "ukraine_support_kiel_ap4_monthly", "countries")
SOURCES = ("ukraine_support_kiel", "ukraine_support_kiel_ap4_monthly")  # countries.csv gives names only
SETTINGS = ("partners", "ukraine_donors")

AID_TYPES = ("military", "financial", "humanitarian")
# Paul Tol's "muted" scheme: colour-blind safe, distinct from the partner colours, and
# spread in lightness (dark, light blue, light sand) so the stack also reads in grey.
AID_COLOURS = {"military": "#332288", "financial": "#88CCEE", "humanitarian": "#DDCC77"}
RELEASE_A = "Kiel Release 28"
RELEASE_B = "Kiel Release 29"


def donor_names(kiel, countries) -> dict[str, str]:
    """Names from countries.csv where it has the donor, else Kiel's donor name."""
    names = dict(zip(kiel["iso3"], kiel["donor"], strict=True))
    names.update(dict(zip(countries["iso3"], countries["country"], strict=True)))
    return names


def allocations_by_type(kiel, donors: list[str]):
    """Release-28 allocations in EUR bn: one row per donor, columns AID_TYPES + total."""
    allocations = kiel[(kiel["measure"] == "allocation") & kiel["iso3"].isin(donors)]
    wide = allocations.pivot(index="iso3", columns="aid_type", values="value_eur_bn")
    missing = sorted(set(donors) - set(wide.index))
    if missing:
        raise ValueError(f"no Kiel Release 28 allocations for: {', '.join(missing)}")
    return wide.loc[donors, [*AID_TYPES, "total"]].astype(float)


def commitments_total(kiel, donors: list[str]):
    """Release-28 total commitments in EUR bn, indexed by donor."""
    rows = kiel[(kiel["measure"] == "commitment") & (kiel["aid_type"] == "total")]
    return rows.set_index("iso3").loc[donors, "value_eur_bn"].astype(float)


def share_of_gdp(monthly, partners: list[str]):
    """Release-29 cumulative allocations as % of Kiel's own GDP denominator.

    Returns (frame indexed by iso3 with allocation_eur_bn, gdp_eur_bn, pct_gdp, gdp_varies;
    cut-off as (year, month)). Where Kiel's `gdp` is not constant for a donor, the value of
    its latest month is used and `gdp_varies` is True.
    """
    import pandas as pd

    rows = monthly[monthly["iso3"].isin(partners)].copy()
    missing = sorted(set(partners) - set(rows["iso3"]))
    if missing:
        raise ValueError(f"no Kiel Release 29 monthly rows for: {', '.join(missing)}")
    rows["period"] = rows["year"].astype(int) * 100 + rows["month"].astype(int)
    latest = int(rows["period"].max())
    rows = rows.sort_values(["iso3", "period"])
    grouped = rows.groupby("iso3")
    frame = pd.DataFrame(
        {
            "allocation_eur_bn": grouped["total"].sum().astype(float),
            "gdp_eur_bn": grouped["gdp"].last().astype(float),
            "gdp_varies": grouped["gdp"].nunique() > 1,
        }
    ).loc[partners]
    frame["pct_gdp"] = 100 * frame["allocation_eur_bn"] / frame["gdp_eur_bn"]
    return frame, (latest // 100, latest % 100)


def amount(value: float) -> str:
    """EUR bn for labels: one decimal from 10 up, two below."""
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def plot(data: dict, settings: dict) -> FigureResult:
    import pandas as pd
    from matplotlib import pyplot

    partners = list(settings["partners"])
    others = [iso3 for iso3 in settings["ukraine_donors"] if iso3 not in partners]
    kiel, monthly = data["ukraine_support_kiel"], data["ukraine_support_kiel_ap4_monthly"]
    names = donor_names(kiel, data["countries"])

    alloc = allocations_by_type(kiel, partners + others)
    alloc = alloc.sort_values("total", ascending=False, kind="stable")
    rank = {iso3: i + 1 for i, iso3 in enumerate(alloc.index)}
    shares, (cut_year, cut_month) = share_of_gdp(monthly, partners)
    shares = shares.sort_values("pct_gdp", ascending=False, kind="stable")
    cutoff = f"{cut_year}-{cut_month:02d}"
    cutoff_short = date_text(f"{cut_year}-{cut_month:02d}", short=True)
    cutoff_long = date_text(f"{cut_year}-{cut_month:02d}")

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
            label=aid_type.capitalize(),
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
            fontweight="bold" if iso3 in partners else "normal",
        )
    left.set_yticks(list(positions), [names[iso3] for iso3 in alloc.index])
    for label, iso3 in zip(left.get_yticklabels(), alloc.index, strict=True):
        if iso3 in partners:
            label.set_color(PARTNER_COLOURS[iso3])
            label.set_fontweight("bold")
    left.set_ylim(len(alloc) - 0.4, -0.6)
    left.set_xlim(0, top * 1.1)
    left.set_xlabel("Allocations, € bn (cumulative)")
    left.set_title(f"A  Allocations by type ({RELEASE_A})", fontsize=8.5, pad=4)
    left.legend(loc="lower right", handlelength=1.0, handleheight=0.8, fontsize=7.5)

    # Panel B: AP4 allocations as % of GDP.
    positions_b = range(len(shares))
    right.barh(
        positions_b,
        shares["pct_gdp"],
        height=0.5,
        color=[PARTNER_COLOURS[iso3] for iso3 in shares.index],
    )
    for y, iso3 in enumerate(shares.index):
        right.annotate(
            f"{shares.loc[iso3, 'pct_gdp']:.3f}%",
            xy=(shares.loc[iso3, "pct_gdp"], y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color=NEUTRAL_DARK,
        )
    right.set_yticks(list(positions_b), [names[iso3] for iso3 in shares.index])
    for label, iso3 in zip(right.get_yticklabels(), shares.index, strict=True):
        label.set_color(PARTNER_COLOURS[iso3])
        label.set_fontweight("bold")
    right.set_ylim(len(shares) - 0.4, -0.6)
    right.set_xlim(0, float(shares["pct_gdp"].max()) * 1.4)
    right.set_xlabel(f"Allocations through {cutoff_short},\n% of GDP (Kiel's GDP figure)")
    right.set_title(f"B  % of GDP ({RELEASE_B})", fontsize=8.5, pad=4)

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

    # Alt text, from the numbers above.
    ap4_by_alloc = [iso3 for iso3 in alloc.index if iso3 in partners]
    first = ap4_by_alloc[0]
    groups = data["countries"].set_index("iso3")["group"]
    nato = all(iso3 in groups.index and groups[iso3] == "NATO member" for iso3 in others)
    kind = "NATO" if nato else "comparison"
    varies = [names[iso3] for iso3 in shares.index if shares.loc[iso3, "gdp_varies"]]
    alt = (
        f"Two bar charts of support to Ukraine. Left, {RELEASE_A}: cumulative bilateral "
        f"allocations in euro billions, split into military, financial and humanitarian aid, "
        f"for the {len(partners)} AP4 partners and {len(others)} {kind} donors, sorted by total. "
        f"{names[first]} is the largest AP4 donor with €{amount(alloc.loc[first, 'total'])} bn, "
        f"{ordinal(rank[first])} of the {len(alloc)} donors shown. "
        + "; ".join(
            f"{names[iso3]} €{amount(alloc.loc[iso3, 'total'])} bn ({ordinal(rank[iso3])})"
            for iso3 in ap4_by_alloc
        )
        + f". Largest donor shown: {names[alloc.index[0]]}, €{amount(top)} bn. "
        f"Right, {RELEASE_B}: AP4 allocations through {cutoff_long} "
        "as a share of GDP (Kiel's GDP figures): "
        + "; ".join(f"{names[iso3]} {shares.loc[iso3, 'pct_gdp']:.3f}%" for iso3 in shares.index)
        + "."
        + (
            f" Kiel's GDP figure changes over the months for {join_names(varies)}; "
            "the latest month's figure is used."
            if varies
            else ""
        )
    )
    return FigureResult(figure, plotted, alt)
