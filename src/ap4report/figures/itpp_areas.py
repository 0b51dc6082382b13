"""Cooperation areas of the AP4 partnership programmes (ITPPs): partner by area."""

from __future__ import annotations

import textwrap

from ap4report import i18n
from ap4report.analysis.itpp import area_label, area_matrix, listed_by_all_known
from ap4report.figures import FigureResult
from ap4report.figures.labels import bare_axes, join_names
from ap4report.i18n import _, ngettext
from ap4report.style import NEUTRAL_DARK, PARTNER_COLOURS

DATASETS = ("itpp_areas", "itpp", "countries")
SOURCES = ("itpp_areas", "itpp")  # countries.csv gives names only
SETTINGS = ("partners",)
PLACED_IN = ("annex",)

# Cell states: fill, edge, hatch, marker, marker colour. Fill and marker both differ, so
# the states read in greyscale; unknown is hatched and marked "?", so it cannot be taken
# for "not listed". Markers are drawn as paths (no font glyph needed).
STATES = {
    "listed": ("#4d4d4d", "#4d4d4d", None, "o", "white"),
    "expected": ("#cccccc", "#8c8c8c", None, "o", "#1a1a1a"),
    "not_listed": ("white", "#8c8c8c", None, "_", "#1a1a1a"),
    "unknown": ("#f2f2f2", "#b3b3b3", "////", "$?$", "#1a1a1a"),
}
HOLLOW = {"expected"}  # states whose circle is open


def state_label(state: str) -> str:
    """The legend label of a cell state."""
    return {
        "listed": _("Listed in the programme"),
        "expected": _("Expected before agreement"),
        "not_listed": _("Not listed (full list known)"),
        "unknown": _("Unknown (not verifiable)"),
    }[state]


def marker_style(state: str) -> dict:
    marker, ink = STATES[state][3:5]
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
LEFT, RIGHT = 0.39, 0.915  # room for the area labels and the count column
NAME_CHARS = 12  # longer partner names wrap onto two lines above their column
HEADER_PAD, NAME_GAP = 3, 3.5  # points: grid to column notes, notes to partner name


def completeness_word(text) -> str:
    """'partial (press reports ...)' -> 'partial'."""
    return str(text).split(" (")[0].strip() if isinstance(text, str) else "unknown"


def list_text(completeness: str) -> str:
    """'list: partial', for a `completeness_word`."""
    texts = {
        "complete": _("list: complete"),
        "partial": _("list: partial"),
        "none": _("list: none"),
        "unknown": _("list: unknown"),
    }
    return texts.get(completeness) or _("list: {completeness}").format(
        completeness=i18n.term(completeness)
    )


def column_note(programme, n_listed: int) -> str:
    """The lines under a partner's name: how complete its area list is, how many areas
    the programme is reported to have and, where a complete list has more areas than the
    grid marks (the grid folds some of them into one row), in how many rows they are."""
    import pandas as pd

    completeness = completeness_word(programme["area_list_completeness"])
    count = programme["n_cooperation_areas"]
    if pd.isna(count):
        return f"{list_text(completeness)}\n{_('count unverified')}"
    count = int(count)
    lines = [
        list_text(completeness),
        ngettext("{n} area in all", "{n} areas in all", count).format(n=count),
    ]
    if completeness == "complete" and n_listed != count:
        lines.append(ngettext("in {n} row", "in {n} rows", n_listed).format(n=n_listed))
    return "\n".join(lines)


def plot(data: dict, settings: dict) -> FigureResult:
    from matplotlib import pyplot
    from matplotlib.backends.backend_agg import RendererAgg
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
        fill, edge, hatch, _marker, ink = STATES[record.status]
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
        _("Partners\nlisting"),
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
    headers = [textwrap.fill(names[iso3], NAME_CHARS) for iso3 in partners]
    listed_per_partner = tidy[tidy["status"] == "listed"].groupby("iso3").size()
    notes = [column_note(itpp.loc[iso3], int(listed_per_partner.get(iso3, 0))) for iso3 in partners]
    # Above each column: its partner's name, and under it the notes on its list. Names
    # stand on one level, clear of the tallest notes (heights in points, as drawn whichever
    # backend saves the figure).
    renderer = RendererAgg(*figure.bbox.size, figure.dpi)
    to_points = 72 / figure.dpi
    note_texts = []
    for x, note in enumerate(notes):
        note_texts.append(
            axes.annotate(
                note,
                xy=(x, -0.5),
                xytext=(0, HEADER_PAD),
                textcoords="offset points",
                annotation_clip=False,
                ha="center",
                va="bottom",
                fontsize=7,
                color=NEUTRAL_DARK,
                linespacing=1.1,
            )
        )
    note_height = max(text.get_window_extent(renderer).height for text in note_texts) * to_points
    name_at = HEADER_PAD + note_height + NAME_GAP
    for text in note_texts:  # hang the notes from just under the names
        text.set_va("top")
        text.xyann = (0, name_at - NAME_GAP)
    name_height = 0.0
    for x, iso3 in enumerate(partners):
        name = axes.annotate(
            headers[x],
            xy=(x, -0.5),
            xytext=(0, name_at),
            textcoords="offset points",
            annotation_clip=False,
            ha="center",
            va="bottom",
            fontsize=8,
            fontweight="bold",
            color=PARTNER_COLOURS.get(iso3, NEUTRAL_DARK),
        )
        name_height = max(name_height, name.get_window_extent(renderer).height * to_points)

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
    labels = [state_label(state) for state in present]
    if daggers:
        handles.append(Patch(facecolor="none", edgecolor="none"))
        labels.append(_("† from secondary reporting only"))
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
    # Room above the grid for the headers, however many lines they take.
    header_height = name_at + name_height + HEADER_PAD
    top = 1 - header_height / (figure.get_figheight() * 72)
    figure.subplots_adjust(left=LEFT, right=RIGHT, top=top, bottom=0.13)

    alt = describe(tidy, partners, names, itpp)
    plotted = tidy.set_index(["iso3", "area"])
    return FigureResult(figure, plotted, alt)


def describe(tidy, partners: list[str], names: dict, itpp) -> str:
    import pandas as pd

    parts = []
    for iso3 in partners:
        counts = tidy.loc[tidy["iso3"] == iso3, "status"].value_counts()
        listed = int(counts.get("listed", 0))
        items = [ngettext("{n} listed", "{n} listed", listed).format(n=listed)]
        count = itpp.loc[iso3, "n_cooperation_areas"] if iso3 in itpp.index else pd.NA
        if not pd.isna(count) and int(count) != listed:
            reported = ngettext(
                "(the programme is reported to have {n} area)",
                "(the programme is reported to have {n} areas)",
                int(count),
            )
            items[0] += " " + reported.format(n=int(count))
        for state in ("expected", "not_listed", "unknown"):
            n = int(counts.get(state, 0))
            if n:
                items.append(state_count(state, n))
        parts.append(f"{names[iso3]}: {', '.join(items)}")
    known, common = listed_by_all_known(tidy, partners)
    n_areas = tidy["area"].nunique()
    text = ngettext(
        "Matrix of {n} cooperation area in the Individually Tailored Partnership Programmes "
        "of the AP4 partners, areas ordered by how many partners list them.",
        "Matrix of {n} cooperation areas in the Individually Tailored Partnership Programmes "
        "of the AP4 partners, areas ordered by how many partners list them.",
        n_areas,
    ).format(n=n_areas)
    text += " " + "; ".join(parts) + "."
    if known:
        labels = [area_label(area).lower() for area in common]
        text += " " + ngettext(
            "Areas listed by the {n} partner whose area list is known ({names}): {areas}.",
            "Areas listed by all {n} partners whose area list is known ({names}): {areas}.",
            len(known),
        ).format(
            n=len(known),
            names=join_names([names[iso3] for iso3 in known]),
            areas="; ".join(labels) if labels else _("none"),
        )
    return text


def state_count(state: str, n: int) -> str:
    """'2 expected before the agreement', '7 not listed', '8 unknown' (areas)."""
    if state == "expected":
        text = ngettext("{n} expected before the agreement", "{n} expected before the agreement", n)
    elif state == "not_listed":
        text = ngettext("{n} not listed", "{n} not listed", n)
    else:
        text = ngettext("{n} unknown", "{n} unknown", n)
    return text.format(n=n)
