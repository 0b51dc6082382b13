"""Cooperation areas of the AP4 partnership programmes (ITPPs): partner by area."""

from __future__ import annotations

from ap4report.figures import FigureResult
from ap4report.figures.labels import bare_axes, join_names
from ap4report.style import NEUTRAL_DARK, PARTNER_COLOURS

DATASETS = ("itpp_areas", "itpp", "countries")
SOURCES = ("itpp_areas", "itpp")  # countries.csv gives names only
SETTINGS = ("partners",)

# Display labels of the area codes (codes are identifiers, not data values). A code
# missing here is shown by `area_label` with its words spelled out.
AREA_LABELS = {
    "arms_control_disarmament_nonproliferation": "Arms control, disarmament and non-proliferation",
    "capability_interoperability": "Capability development and interoperability",
    "climate_security": "Climate change and security",
    "counter_terrorism": "Counter-terrorism",
    "cyber_defence": "Cyber defence",
    "dialogue_consultation": "Dialogue and consultation",
    "emerging_disruptive_tech": "Emerging and disruptive technologies",
    "humanitarian_disaster_relief": "Humanitarian aid and disaster relief",
    "hybrid_threats": "Hybrid threats",
    "information_sharing": "Information sharing",
    "maritime_security": "Maritime security",
    "public_diplomacy": "Public diplomacy",
    "resilience": "Resilience",
    "science_technology": "Science and technology",
    "space": "Space",
    "strategic_comms_disinformation": "Strategic communications and disinformation",
    "women_peace_security": "Women, peace and security",
}

# Cell states: fill, edge, hatch, marker, marker colour, legend label. Fill and marker
# both differ, so the states read in greyscale; unknown is hatched and marked "?", so it
# cannot be taken for "not listed". Markers are drawn as paths (no font glyph needed).
STATES = {
    "listed": ("#4d4d4d", "#4d4d4d", None, "o", "white", "Listed in the programme"),
    "expected": ("#cccccc", "#8c8c8c", None, "o", "#1a1a1a", "Expected before agreement"),
    "not_listed": ("white", "#8c8c8c", None, "_", "#1a1a1a", "Not listed (full list known)"),
    "unknown": ("#f2f2f2", "#b3b3b3", "////", "$?$", "#1a1a1a", "Unknown (not verifiable)"),
}
HOLLOW = {"expected"}  # states whose circle is open


def marker_style(state: str) -> dict:
    _, _, _, marker, ink, _ = STATES[state]
    face = "none" if state in HOLLOW else ink
    glyph = marker.startswith("$")
    return {
        "marker": marker,
        "markersize": 6.5 if glyph else 5,
        "markerfacecolor": face,
        "markeredgecolor": ink,
        "markeredgewidth": 0.2 if glyph else 1.0,
        "linestyle": "none",
    }


# States that already say the evidence is incomplete; other cells with a verification
# status other than "verified" get a dagger.
UNCERTAIN_STATES = {"unknown", "expected"}
DAGGER_NOTE = "† from secondary reporting only"
LEFT, RIGHT = 0.39, 0.915  # room for the area labels and the count column


def area_label(code: str) -> str:
    return AREA_LABELS.get(code, code.replace("_", " ").capitalize())


def area_matrix(areas, partners: list[str]):
    """The tidy matrix, areas ordered by how many partners list them (then by label)."""
    import pandas as pd

    cells = areas[areas["iso3"].isin(partners)].copy()
    cells["label"] = cells["area"].map(area_label)
    counts = (
        cells.assign(listed=cells["status"].eq("listed"), expected=cells["status"].eq("expected"))
        .groupby("area")[["listed", "expected"]]
        .sum()
    )
    counts["label"] = counts.index.map(area_label)
    counts = counts.sort_values(["listed", "expected", "label"], ascending=[False, False, True])
    order = list(counts.index)
    cells["n_partners_listing"] = cells["area"].map(counts["listed"]).astype("Int64")
    cells["area_order"] = cells["area"].map({area: i + 1 for i, area in enumerate(order)})
    cells["partner_order"] = cells["iso3"].map({iso3: i for i, iso3 in enumerate(partners)})
    cells = cells.sort_values(["area_order", "partner_order"])
    columns = ["iso3", "area", "label", "status", "verification_status", "n_partners_listing"]
    return cells[columns].reset_index(drop=True), pd.Index(order)


def completeness_word(text) -> str:
    """'partial (press reports ...)' -> 'partial'."""
    return str(text).split(" (")[0].strip() if isinstance(text, str) else "unknown"


def plot(data: dict, settings: dict) -> FigureResult:
    import pandas as pd
    from matplotlib import pyplot
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    partners = list(settings["partners"])
    names = data["countries"].set_index("iso3")["country"].to_dict()
    itpp = data["itpp"].set_index("iso3")
    tidy, order = area_matrix(data["itpp_areas"], partners)
    tidy.insert(1, "partner", tidy["iso3"].map(names))
    tidy["area_list_completeness"] = tidy["iso3"].map(itpp["area_list_completeness"])

    n_rows, n_cols = len(order), len(partners)
    figure, axes = pyplot.subplots(figsize=(6.3, 4.5))
    bare_axes(axes)

    gap = 0.08
    daggers = 0
    for record in tidy.itertuples(index=False):
        x = partners.index(record.iso3)
        y = int(order.get_loc(record.area))
        fill, edge, hatch, _, ink, _ = STATES[record.status]
        axes.add_patch(
            Rectangle(
                (x - 0.5 + gap, y - 0.5 + gap),
                1 - 2 * gap,
                1 - 2 * gap,
                facecolor=fill,
                edgecolor=edge,
                hatch=hatch,
                linewidth=0.6,
            )
        )
        axes.plot([x], [y], **marker_style(record.status))
        if record.verification_status != "verified" and record.status not in UNCERTAIN_STATES:
            daggers += 1
            axes.text(x + 0.13, y, "†", ha="left", va="center", fontsize=7.5, color=ink)

    # Per area: how many partners list it (the sort key), at the right of each row.
    by_area = tidy.drop_duplicates("area").set_index("area")
    for area in order:
        axes.text(
            n_cols - 0.5 + 0.15,
            order.get_loc(area),
            str(by_area.loc[area, "n_partners_listing"]),
            ha="left",
            va="center",
            fontsize=7.5,
            color=NEUTRAL_DARK,
        )
    axes.text(
        n_cols - 0.5 + 0.15,
        -0.75,
        "Partners\nlisting",
        ha="left",
        va="bottom",
        fontsize=7,
        color=NEUTRAL_DARK,
        linespacing=1.1,
    )

    axes.set_xlim(-0.5, n_cols - 0.5)
    axes.set_ylim(n_rows - 0.5, -0.5)
    axes.set_yticks(range(n_rows), [area_label(area) for area in order], fontsize=7.5)
    axes.set_xticks(range(n_cols), [""] * n_cols)
    for x, iso3 in enumerate(partners):
        completeness = completeness_word(itpp.loc[iso3, "area_list_completeness"])
        count = itpp.loc[iso3, "n_cooperation_areas"]
        total = "count unverified" if pd.isna(count) else f"{count} areas in all"
        header = {"xy": (x, -0.5), "textcoords": "offset points", "ha": "center", "va": "bottom"}
        axes.annotate(
            names[iso3],
            xytext=(0, 21),
            fontsize=8,
            fontweight="bold",
            color=PARTNER_COLOURS.get(iso3, NEUTRAL_DARK),
            **header,
        )
        axes.annotate(
            f"list: {completeness}\n{total}",
            xytext=(0, 3),
            fontsize=6.8,
            color=NEUTRAL_DARK,
            linespacing=1.1,
            **header,
        )

    present = [state for state in STATES if state in set(tidy["status"])]
    handles = [
        (
            Patch(
                facecolor=STATES[state][0],
                edgecolor=STATES[state][1],
                hatch=STATES[state][2],
                linewidth=0.6,
            ),
            Line2D([], [], **marker_style(state)),
        )
        for state in present
    ]
    labels = [STATES[state][5] for state in present]
    if daggers:
        handles.append(Patch(facecolor="none", edgecolor="none"))
        labels.append(DAGGER_NOTE)
    axes.legend(
        handles,
        labels,
        handler_map={tuple: HandlerTuple(ndivide=1)},
        loc="upper left",
        bbox_to_anchor=(-LEFT / (RIGHT - LEFT), -0.01),
        ncol=3,
        fontsize=7,
        handlelength=1.6,
        handleheight=1.2,
        columnspacing=1.2,
        borderaxespad=0.2,
    )
    figure.subplots_adjust(left=LEFT, right=RIGHT, top=0.87, bottom=0.13)

    alt = describe(tidy, partners, names, itpp)
    plotted = tidy.set_index(["iso3", "area"])
    return FigureResult(figure, plotted, alt)


def listed_by_all_known(tidy, partners: list[str]) -> tuple[list[str], list[str]]:
    """Partners with a known list (at least one area listed), and the areas all list."""
    listed = tidy[tidy["status"] == "listed"]
    known = [iso3 for iso3 in partners if iso3 in set(listed["iso3"])]
    common = [
        area
        for area in tidy["area"].drop_duplicates()
        if known and set(known) <= set(listed.loc[listed["area"] == area, "iso3"])
    ]
    return known, common


def describe(tidy, partners: list[str], names: dict, itpp) -> str:
    import pandas as pd

    words = {
        "listed": "listed",
        "expected": "expected before the agreement",
        "not_listed": "not listed",
        "unknown": "unknown",
    }
    parts = []
    for iso3 in partners:
        counts = tidy.loc[tidy["iso3"] == iso3, "status"].value_counts()
        listed = int(counts.get("listed", 0))
        items = [f"{listed} listed"]
        count = itpp.loc[iso3, "n_cooperation_areas"] if iso3 in itpp.index else pd.NA
        if not pd.isna(count) and int(count) != listed:
            items[0] += f" (the programme is reported to have {int(count)} areas)"
        items += [
            f"{int(counts[state])} {words[state]}"
            for state in ("expected", "not_listed", "unknown")
            if counts.get(state, 0)
        ]
        parts.append(f"{names[iso3]}: {', '.join(items)}")
    known, common = listed_by_all_known(tidy, partners)
    labels = [area_label(area).lower() for area in common]
    text = (
        f"Matrix of {tidy['area'].nunique()} cooperation areas in the Individually Tailored "
        f"Partnership Programmes of the AP4 partners, areas ordered by how many partners list "
        f"them. " + "; ".join(parts) + ". "
    )
    if known:
        text += (
            f"Areas listed by all {len(known)} partners whose area list is known "
            f"({join_names([names[iso3] for iso3 in known])}): "
            + ("; ".join(labels) if labels else "none")
            + "."
        )
    return text.strip()
