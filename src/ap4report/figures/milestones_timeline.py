"""Timeline of NATO–AP4 milestones, one row per event, grouped by category.

Each event is a marker at its date on a shared time axis. Dates known only to the year
(or decade) are drawn as a bar spanning that period, with the marker at its middle.
Events not fully verified are drawn hollow (unverified) or half-filled (partly
verified). Events without a date cannot be placed and are left out.

Event labels are the first clause of the data's `event_summary`, in the edition's
language: the summary is translated whole (`i18n.term`), then shortened by design (the
first clause, without parenthetical remarks), never cut off: a long label wraps onto a
second line (or more) and its row grows to hold it.
"""

from __future__ import annotations

from ap4report import i18n
from ap4report.analysis.milestones import dated_milestones
from ap4report.figures import FigureResult
from ap4report.figures.labels import join_names
from ap4report.i18n import _, ngettext
from ap4report.style import NEUTRAL_DARK

DATASETS = ("milestones",)
SETTINGS = ("timeline_start_year",)
PLACED_IN = ("annex",)

MARKER_COLOUR = "#0b3d6e"
BAND_COLOUR = "#f0f0f0"
LABEL_CHARS = 56  # characters per line of an event label (7 pt, in the label column)
# Height of a one-line row, of each further line of a wrapped label, of the space a
# wrapped label keeps from its neighbours, and of the margins (legend above, time axis
# below), inches; the figure may be at most MAX_HEIGHT tall.
ROW_HEIGHT, LINE_HEIGHT, WRAP_PAD, MARGINS, MAX_HEIGHT = 0.118, 0.142, 0.04, 0.55, 9.2
# Left edges, as fractions of the figure's width: event labels, then the time axis.
LABEL_LEFT, AXES_LEFT = 0.19, 0.64
# Category names longer than this wrap (the group's rows grow if they must).
CATEGORY_CHARS = 20
# verification_status -> how the marker shows it. Statuses that qualify only the date
# (inferred from a weekday, approximate) count as verified: the event itself is.
STATUS_STYLE = {
    "verified": "verified",
    "verified_date_inferred": "verified",
    "verified_date_approx": "verified",
    "partially_verified": "partly verified",
    "unverified": "unverified",
    "unverified_conflicting": "unverified",
}
FILL_STYLE = {"verified": "full", "partly verified": "left", "unverified": "none"}


def status_label(style: str) -> str:
    """The legend word of a marker style (a STATUS_STYLE value)."""
    return {
        "verified": _("verified"),
        "partly verified": _("partly verified"),
        "unverified": _("unverified"),
    }[style]


def category_name(code: str) -> str:
    """Display name of a `category` code; a code not listed is shown with its words."""
    names = {
        "china_policy": _("China policy"),
        "diplomatic_presence": _("Diplomatic presence"),
        "european_indo_pacific_strategy": _("European Indo-Pacific strategy"),
        "high_level_visit": _("High-level visit"),
        "liaison_office": _("Liaison office"),
        "minilateral": _("Minilateral"),
        "ministerial": _("Ministerial"),
        "partnership_framework": _("Partnership framework"),
        "practical_cooperation": _("Practical cooperation"),
        "strategy": _("Strategy"),
        "summit": _("Summit"),
    }
    return names.get(code) or i18n.term(code.replace("_", " ").capitalize())


def short_label(summary: str) -> str:
    """The first clause of an event summary (up to ';', without parenthetical remarks or
    final full stop), whole: the figure wraps it, never truncates it."""
    import re

    return re.sub(r"\s*\([^)]*\)", "", summary).split(";")[0].strip().rstrip(".").strip()


def wrap_label(label: str, width: int = LABEL_CHARS) -> str:
    """A label on as many lines of at most `width` characters as it needs (words whole)."""
    import textwrap

    return textwrap.fill(label, width, break_on_hyphens=False, break_long_words=False)


def events_shown(milestones, start_year: int):
    """The dated milestones from `start_year` on (ap4report.analysis.milestones), with
    their short label and status style. Also returns the counts left out (undated, before
    the start)."""
    shown, undated, early = dated_milestones(milestones, start_year)
    shown["label"] = shown["event_summary"].astype(str).map(i18n.term).map(short_label)
    shown["status_shown"] = shown["verification_status"].astype(str).map(STATUS_STYLE)
    if shown["status_shown"].isna().any():
        unknown = sorted(set(shown.loc[shown["status_shown"].isna(), "verification_status"]))
        raise ValueError(f"no marker style for verification_status {unknown}")
    return shown, undated, early


def plot(data: dict, settings: dict) -> FigureResult:
    import textwrap

    import matplotlib.dates as mdates
    import pandas as pd
    from matplotlib import pyplot
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import blended_transform_factory

    start_year = int(settings["timeline_start_year"])
    shown, undated, early = events_shown(data["milestones"], start_year)
    if shown.empty:
        raise ValueError(f"no dated milestones from {start_year} on")
    last_year = int(shown["start"].max().year)
    rows = len(shown)

    # Three columns: category | event label | time axis. The y axis is in inches from
    # the top: each row is as tall as its wrapped label needs.
    wrapped = [wrap_label(label) for label in shown["label"]]
    row_heights = [
        ROW_HEIGHT + (LINE_HEIGHT * label.count("\n") + WRAP_PAD if "\n" in label else 0)
        for label in wrapped
    ]
    # Category names wrap too; a group's rows grow (its last row) to hold its name.
    groups = shown.groupby("category_order", sort=True)
    category_names = {}
    for order, group in groups:
        name = category_name(str(group["category"].iloc[0]))
        if len(name) > CATEGORY_CHARS:
            name = textwrap.fill(name, CATEGORY_CHARS, break_on_hyphens=False)
        category_names[order] = name
        first_row, last_row = int(group.index.min()), int(group.index.max())
        needed = ROW_HEIGHT + LINE_HEIGHT * name.count("\n")
        shortfall = needed - sum(row_heights[first_row : last_row + 1])
        if shortfall > 0:
            row_heights[last_row] += shortfall
    tops = [sum(row_heights[:i]) for i in range(rows)]
    centre = [top + h / 2 for top, h in zip(tops, row_heights, strict=True)]
    width, height = 6.7, MARGINS + sum(row_heights)
    if height > MAX_HEIGHT:
        raise ValueError(
            f"{rows} events from {start_year} on do not fit one row each in "
            f"{MAX_HEIGHT} in; raise timeline_start_year"
        )
    figure = pyplot.figure(figsize=(width, height))
    left, right, bottom, top = AXES_LEFT, 0.985, 0.38 / height, 1 - 0.17 / height
    axes = figure.add_axes((left, bottom, right - left, top - bottom))
    text_at = blended_transform_factory(figure.transFigure, axes.transData)
    axes.set_ylim(sum(row_heights), 0)
    x_min = pd.Timestamp(start_year, 1, 1)
    x_max = max(pd.Timestamp(last_year + 1, 1, 1), shown["end"].max())
    axes.set_xlim(x_min, x_max)

    # Category bands: shade every other group; name each group once.
    for band, (order, group) in enumerate(groups):
        first_row, last_row = int(group.index.min()), int(group.index.max())
        if band % 2 == 0:
            band_rows = (tops[first_row], tops[last_row] + row_heights[last_row] - tops[first_row])
            axes.axhspan(band_rows[0], sum(band_rows), color=BAND_COLOUR, lw=0, zorder=0)
            figure.add_artist(
                Rectangle(
                    (0.0, band_rows[0]),
                    left,
                    band_rows[1],
                    transform=text_at,
                    facecolor=BAND_COLOUR,
                    edgecolor="none",
                    zorder=0,
                )
            )
        name = category_names[order]
        block_top = tops[first_row]
        block = tops[last_row] + row_heights[last_row] - block_top
        axes.text(
            0.005,
            block_top + block / 2 if "\n" in name else centre[first_row],
            name,
            transform=text_at,
            ha="left",
            va="center" if "\n" in name else "center_baseline",
            linespacing=0.95,
            fontsize=7,
            fontweight="bold",
            color=NEUTRAL_DARK,
        )
    for row, event in enumerate(shown.itertuples()):
        y = centre[row]
        axes.text(
            LABEL_LEFT,
            y,
            wrapped[row],
            transform=text_at,
            ha="left",
            va="center" if "\n" in wrapped[row] else "center_baseline",
            fontsize=7,
            linespacing=0.92,
            color="#222222",
        )
        axes.plot([x_min, event.middle], [y, y], color="#c8c8c8", lw=0.4, zorder=1)
        if event.date_precision in ("year", "decade"):
            axes.plot(
                [event.start, event.end],
                [y, y],
                color=MARKER_COLOUR,
                lw=2.2,
                alpha=0.35,
                solid_capstyle="butt",
                zorder=2,
            )
        axes.plot(
            event.middle,
            y,
            marker="o",
            markersize=4.2,
            color=MARKER_COLOUR,
            markerfacecoloralt="white",
            fillstyle=FILL_STYLE[event.status_shown],
            markeredgewidth=0.8,
            linestyle="none",
            clip_on=False,
            zorder=3,
        )
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    axes.grid(axis="x", color="#d9d9d9", linewidth=0.5)
    axes.grid(axis="y", visible=False)
    span = last_year - start_year
    step = 1 if span <= 8 else 2 if span <= 16 else 5
    # Ticks inside the axis only (a locator also makes labels for ticks just past it).
    axes.set_xticks([pd.Timestamp(year, 1, 1) for year in range(start_year, x_max.year + 1, step)])
    axes.xaxis.set_minor_locator(mdates.YearLocator(1))
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    axes.tick_params(axis="x", which="both", length=2.5, labelsize=7.5)

    def marker(fill: str) -> Line2D:
        return Line2D(
            [],
            [],
            marker="o",
            markersize=4.2,
            color=MARKER_COLOUR,
            markerfacecoloralt="white",
            fillstyle=fill,
            markeredgewidth=0.8,
            linestyle="none",
        )

    handles = [marker(FILL_STYLE[s]) for s in ("verified", "partly verified", "unverified")]
    handles.append(Line2D([], [], color=MARKER_COLOUR, lw=2.2, alpha=0.35, solid_capstyle="butt"))
    decades = bool((shown["date_precision"] == "decade").any())
    labels = [status_label(s) for s in ("verified", "partly verified", "unverified")]
    labels.append(
        _("date known to the year or decade only") if decades else _("date known to the year only")
    )
    figure.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=4,
        fontsize=7,
        handlelength=1.6,
        columnspacing=1.4,
        borderaxespad=0.0,
        labelcolor=NEUTRAL_DARK,
    )

    # Codes and the data's own text as they are; category names and labels as shown.
    plotted = shown.assign(category_name=shown["category"].astype(str).map(category_name))[
        [
            "date",
            "date_precision",
            "category",
            "category_name",
            "label",
            "verification_status",
            "status_shown",
            "event_summary",
            "date_source_text",
            "note",
        ]
    ]
    alt = describe(shown, plotted, undated, early, start_year)
    return FigureResult(figure, plotted.reset_index(drop=True), alt)


def describe(shown, plotted, undated: int, early: int, start_year: int) -> str:
    """The alt text: counts per category, the busiest year, the events not fully verified
    and what was left out."""
    import pandas as pd

    rows, last_year = len(shown), int(shown["start"].max().year)
    years = shown.loc[shown["date_precision"] != "decade", "start"].dt.year
    per_year = years.value_counts()
    densest = sorted(per_year[per_year == per_year.max()].index)
    busiest = int(per_year.max())
    per_category = shown.groupby("category_order")["category"].agg(["first", "size"])
    earliest = shown.loc[shown["start"].idxmin()]
    if earliest["date_precision"] == "decade":  # e.g. '1990s'
        decade = str(earliest["date"])
        first_year = _("the {decade}").format(decade=decade, short=decade[2:4])
    else:
        first_year = int(earliest["start"].year)
    categories = ", ".join(
        _("{category} {count}").format(category=category_name(str(c)), count=n)
        for c, n in per_category.itertuples(index=False)
    )
    parts = [
        ngettext(
            "Timeline of {n} NATO–AP4 milestone from {first} to {last}, one row per event, "
            "grouped by category (events per category: {categories}).",
            "Timeline of {n} NATO–AP4 milestones from {first} to {last}, one row per event, "
            "grouped by category (events per category: {categories}).",
            rows,
        ).format(n=rows, first=first_year, last=last_year, categories=categories)
    ]
    busiest_year = (
        ngettext(
            "The busiest year is {years} with {n} event.",
            "The busiest year is {years} with {n} events.",
            busiest,
        )
        if len(densest) == 1
        else ngettext(
            "The busiest year is {years} with {n} event each.",
            "The busiest year is {years} with {n} events each.",
            busiest,
        )
    )
    parts.append(busiest_year.format(years=join_names([str(y) for y in densest]), n=busiest))
    unverified = plotted[plotted["status_shown"] != "verified"]
    if len(unverified):
        items = []
        for row in unverified.itertuples():
            details = [status_label(row.status_shown), str(row.date)]
            if row.verification_status == "unverified_conflicting" and pd.notna(row.note):
                details.append(i18n.term(str(row.note)).rstrip("."))
            items.append(f"{row.label} ({'; '.join(details)})")
        parts.append(
            _("Not fully verified, drawn hollow or half-filled: {events}.").format(
                events=join_names(items)
            )
        )
    left_out = (
        ngettext(
            "Left out: {n} event without a date and {early} before {year}.",
            "Left out: {n} events without a date and {early} before {year}.",
            undated,
        )
        if early
        else ngettext(
            "Left out: {n} event without a date.", "Left out: {n} events without a date.", undated
        )
    )
    parts.append(left_out.format(n=undated, early=early, year=start_year))
    return " ".join(parts)
