"""Who represented each AP4 partner at NATO summits, from the first AP4 summit on."""

from __future__ import annotations

import re
import textwrap

from ap4report import i18n
from ap4report.analysis.summits import TOP_RANK, summit_grid
from ap4report.figures import FigureResult
from ap4report.figures.labels import bare_axes, join_names
from ap4report.i18n import _
from ap4report.style import NEUTRAL_DARK

DATASETS = ("summit_attendance", "countries")
SOURCES = ("summit_attendance",)  # countries.csv gives names only
SETTINGS = ("partners", "summits_from_year")
PLACED_IN = ("report", "annex")

# One sequential hue, dark for the most senior level, so the order reads in greyscale.
RANK_COLOURS = {4: "#08519c", 3: "#5a9bd0", 2: "#a9cde6", 1: "#d6e6f4"}
# Every cell and legend swatch has an edge, so that the palest level shows on white too.
RANK_EDGE = "#4f7fae"
UNKNOWN_STYLE = {"facecolor": "#f2f2f2", "edgecolor": "#b3b3b3", "hatch": "////"}
NAME_CHARS = 12  # longer partner names wrap onto two lines
OFFICE_GAP = 2.5  # points between a representative's name and office in a cell
HEIGHT = 3.7  # inches: cells tall enough for a name and an office on two lines
# Shorter forms of office titles for the cells (the full office is in the data and alt).
OFFICE_SHORT = (
    (r"\s*\(.*?\)", ""),
    (r"Deputy Prime Minister", "Deputy PM"),
    (r"Prime Minister", "PM"),
    (r"Minister for Defence", "Defence Minister"),
    (r"Minister for Foreign Affairs", "Foreign Minister"),
    (r" and ", " & "),
)


def rank_label(rank) -> str:
    """The legend label of a rank (None or NA: unknown)."""
    import pandas as pd

    if rank is None or pd.isna(rank):
        return _("Unknown or no record")
    labels = {
        4: _("Head of state/government"),
        3: _("Deputy head of government"),
        2: _("Minister"),
        1: _("Senior official (not a minister)"),
    }
    return labels[int(rank)]


def short_office(office) -> str:
    if not isinstance(office, str):
        return ""
    for pattern, replacement in OFFICE_SHORT:
        office = re.sub(pattern, replacement, office)
    return office.strip()


def office_text(office) -> str:
    """The office in the edition's language ('' if missing); Polish offices are lower case
    in running text."""
    return i18n.term(office) if isinstance(office, str) else ""


def cell_office(office) -> str:
    """The short office for a cell ('PM'), in the edition's language, capitalised."""
    text = office_text(short_office(office) or None)
    return text[:1].upper() + text[1:]


def attendee(name) -> str:
    """A person's name as the data gives it; a description in brackets is translated."""
    if not isinstance(name, str):
        return _("Unknown")
    return i18n.term(name) if name.startswith("(") else name


def summit_label(city: str, year) -> str:
    return f"{i18n.term(city)} {year}"


def plot(data: dict, settings: dict) -> FigureResult:
    import pandas as pd
    from matplotlib import pyplot
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.patches import Patch, Rectangle

    partners = list(settings["partners"])
    names = data["countries"].set_index("iso3")["country"].to_dict()
    tidy = summit_grid(data["summit_attendance"], partners, settings["summits_from_year"])
    # Each level in words (the legend's), beside its rank: for the data and the alt text.
    levels = tidy["level_rank"].map(rank_label)
    tidy.insert(tidy.columns.get_loc("level_rank") + 1, "level_label", levels)
    tidy.insert(3, "partner", tidy["iso3"].map(names))
    summits = list(tidy[["summit_year", "city"]].drop_duplicates().itertuples(index=False))

    n_rows, n_cols = len(partners), len(summits)
    figure, axes = pyplot.subplots(figsize=(6.3, HEIGHT))
    bare_axes(axes)

    axes.set_xlim(-0.5, n_cols - 0.5)
    axes.set_ylim(n_rows - 0.5, -0.5)
    gap = 0.04
    unverified = 0
    # Heights of texts in points, as drawn (whichever backend will save the figure).
    renderer = RendererAgg(*figure.bbox.size, figure.dpi)
    to_points = 72 / figure.dpi
    for record in tidy.itertuples(index=False):
        x = [summit.summit_year for summit in summits].index(record.summit_year)
        y = partners.index(record.iso3)
        rank = record.level_rank
        style = (
            UNKNOWN_STYLE
            if pd.isna(rank)
            else {"facecolor": RANK_COLOURS[int(rank)], "edgecolor": RANK_EDGE}
        )
        axes.add_patch(
            Rectangle(
                (x - 0.5 + gap, y - 0.5 + gap * 2),
                1 - 2 * gap,
                1 - 4 * gap,
                linewidth=0.6,
                **({"edgecolor": "white"} | style),
            )
        )
        ink = "white" if not pd.isna(rank) and int(rank) == TOP_RANK else "#1a1a1a"
        office = textwrap.fill(cell_office(record.attendee_office), 25)
        mark = ""
        if record.verification_status not in ("verified", "no record"):
            unverified += 1
            mark = " †"
        # Name and office as one block, centred in the cell however many lines it takes.
        cell = {"xy": (x, y), "textcoords": "offset points", "annotation_clip": False}
        cell |= {"ha": "center", "va": "top"}
        name = axes.annotate(
            attendee(record.attendee_name) + mark,
            xytext=(0, 0),
            fontsize=7.5,
            fontweight="bold",
            color=ink,
            **cell,
        )
        name_height = name.get_window_extent(renderer).height * to_points
        block = name_height
        if office:
            below = axes.annotate(
                office, xytext=(0, 0), fontsize=7, color=ink, linespacing=1.05, **cell
            )
            block += OFFICE_GAP + below.get_window_extent(renderer).height * to_points
            below.xyann = (0, block / 2 - name_height - OFFICE_GAP)
        name.xyann = (0, block / 2)

    # Per summit: how many partners were represented by a head of state or government.
    for x, summit in enumerate(summits):
        ranks = tidy.loc[tidy["summit_year"] == summit.summit_year, "level_rank"]
        leaders = int((ranks == TOP_RANK).sum())
        axes.text(
            x,
            n_rows - 0.5 + 0.12,
            _("{k} of {n}").format(k=leaders, n=len(ranks)),
            ha="center",
            va="top",
            fontsize=8,
            fontweight="bold",
            color=NEUTRAL_DARK,
        )
    axes.text(
        -0.5 - 0.04,
        n_rows - 0.5 + 0.12,
        _("Heads of state/\ngovernment"),
        ha="right",
        va="top",
        fontsize=7.5,
        color=NEUTRAL_DARK,
        linespacing=1.05,
    )

    rows = [textwrap.fill(names[iso3], NAME_CHARS) for iso3 in partners]
    axes.set_yticks(range(n_rows), rows, fontsize=8)
    axes.xaxis.tick_top()
    axes.set_xticks(range(n_cols), [summit_label(s.city, s.summit_year) for s in summits])
    for label in axes.get_xticklabels():
        label.set_fontweight("bold")

    handles, labels = [], []
    for rank in sorted(RANK_COLOURS, reverse=True):
        handles.append(Patch(facecolor=RANK_COLOURS[rank], edgecolor=RANK_EDGE, linewidth=0.6))
        labels.append(rank_label(rank))
    if tidy["level_rank"].isna().any():
        handles.append(Patch(linewidth=0.6, **UNKNOWN_STYLE))
        labels.append(rank_label(None))
    if unverified:
        handles.append(Patch(facecolor="none", edgecolor="none"))
        labels.append(_("† not fully verified"))
    axes.legend(
        handles,
        labels,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.15),
        ncol=len(handles) if len(handles) <= 4 else -(-len(handles) // 2),
        fontsize=7,
        handlelength=1.4,
        columnspacing=1.0,
        borderaxespad=0.0,
    )
    # Margins in inches: summit names above, the count row and legend below.
    figure.subplots_adjust(left=0.15, right=0.99, top=1 - 0.35 / HEIGHT, bottom=0.7 / HEIGHT)

    alt = describe(tidy, summits, names)
    plotted = tidy.set_index(["summit_year", "iso3"])
    return FigureResult(figure, plotted, alt)


def representative(record) -> str:
    """'Richard Marles, Deputy Prime Minister and Minister for Defence (deputy head of
    government)': who represented a partner at a summit, at which level."""
    import pandas as pd

    office = office_text(record.attendee_office)
    office = ", " + office.replace(" (", ", ").replace(")", "") if office else ""
    level = (
        _("level unknown")
        if pd.isna(record.level_rank)
        else record.level_label.lower().replace(" (", ", ").replace(")", "")
    )
    return f"{attendee(record.attendee_name)}{office} ({level})"


def describe(tidy, summits, names: dict) -> str:
    """Per summit: how many were represented at the top level, and who sent whom else."""
    parts = []
    for summit in summits:
        rows = tidy[tidy["summit_year"] == summit.summit_year]
        top = (rows["level_rank"] == TOP_RANK).fillna(False).astype(bool)
        text = _("{summit}: {k} of {n}").format(
            summit=summit_label(summit.city, summit.summit_year), k=int(top.sum()), n=len(rows)
        )
        if 0 < top.sum() < len(rows):
            text += f" ({join_names([names[iso3] for iso3 in rows.loc[top, 'iso3']])})"
        others = []
        for record in rows[~top].itertuples(index=False):
            partner = names[record.iso3]
            if not isinstance(record.attendee_name, str):
                others.append(_("{partner}'s representative is unknown").format(partner=partner))
            else:
                others.append(
                    _("{partner} sent {representative}").format(
                        partner=partner, representative=representative(record)
                    )
                )
        parts.append(text + (". " + "; ".join(others) if others else ""))
    first, last = summits[0], summits[-1]
    return _(
        "Grid of the level at which each AP4 partner was represented at NATO summits from "
        "{first} to {last}. Partners represented by their head of state or government: "
        "{summits}."
    ).format(
        first=summit_label(first.city, first.summit_year),
        last=summit_label(last.city, last.summit_year),
        first_year=first.summit_year,
        last_year=last.summit_year,
        summits=". ".join(parts),
    )
