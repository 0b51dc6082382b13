"""Trade exposure to China: goods exports to and imports from China as a share of each
reporter's total, in the latest year that one source covers for every reporter; the later
years that another source covers for a few reporters are drawn in a separate panel.

Source short names ('IMF DOTS', 'UN Comtrade') are proper names and stay as they are."""

from __future__ import annotations

from ap4report import i18n
from ap4report.analysis.trade import tidy_trade
from ap4report.figures import FigureResult
from ap4report.i18n import _, num

DATASETS = ("trade_china", "countries")
SETTINGS = ("partners",)
PLACED_IN = ("annex",)

# Characters per line of the note under the panels (7 pt): narrower than the figure as
# placed, so that the note never sets the figure's width.
NOTE_CHARS = 100


def flow_label(flow: str) -> str:
    return {"exports": _("exports"), "imports": _("imports")}[flow]


def plot(data: dict, settings: dict) -> FigureResult:
    import textwrap

    from matplotlib import pyplot
    from matplotlib.lines import Line2D

    from ap4report.figures.labels import join_names, label_line_ends
    from ap4report.style import NEUTRAL, NEUTRAL_DARK, PARTNER_COLOURS

    partners = settings["partners"]
    plotted = tidy_trade(data["trade_china"], data["countries"], partners)
    plotted["country"] = [  # the trade data's names, in the edition's language
        i18n.country(iso3, name)
        for iso3, name in zip(plotted["iso3"], plotted["country"], strict=True)
    ]
    main = plotted[plotted["panel"] == "A"]
    later = plotted[plotted["panel"] == "B"]
    wide = main.pivot(index="iso3", columns="flow", values="share_pct")
    wide = wide.sort_values("exports", ascending=True)  # largest export share on top
    names = plotted.drop_duplicates("iso3").set_index("iso3")["country"]
    source, year = main["source_short"].iloc[0], int(main["year"].iloc[0])

    if len(later):
        figure, (left, right) = pyplot.subplots(
            1, 2, figsize=(6.3, 3.9), gridspec_kw={"width_ratios": [2.3, 1], "wspace": 0.32}
        )
    else:
        figure, left = pyplot.subplots(figsize=(6.3, 3.9))
        right = None

    def colour(iso3):
        return PARTNER_COLOURS.get(iso3, NEUTRAL) if iso3 in partners else NEUTRAL

    for y, (iso3, row) in enumerate(wide.iterrows()):
        c = colour(iso3)
        left.plot([row["exports"], row["imports"]], [y, y], color=c, lw=1.0, alpha=0.6, zorder=2)
        # Exports drawn last and smaller, so that a dot inside a ring shows equal shares.
        left.plot(row["imports"], y, "o", ms=7.5, mfc="white", mec=c, mew=1.3, zorder=3)
        left.plot(row["exports"], y, "o", ms=6.3, color=c, mec="white", mew=0.7, zorder=4)
    left.set_yticks(range(len(wide)), [names[iso3] for iso3 in wide.index])
    left.tick_params(axis="y", labelsize=7.5, length=0)
    for label, iso3 in zip(left.get_yticklabels(), wide.index, strict=True):
        if iso3 in partners:
            label.set_color(PARTNER_COLOURS.get(iso3, NEUTRAL_DARK))
            label.set_fontweight("bold")
    nato = main[(main["group"] == "NATO member") & (main["flow"] == "exports")]
    median = float(nato["share_pct"].median())
    left.axvline(median, color=NEUTRAL_DARK, lw=0.8, ls=(0, (3, 2)), zorder=1)
    left.annotate(
        _("NATO reporters' median\nexport share: {share}%").format(share=num(median, 1)),
        xy=(median, len(wide) - 0.6),
        xytext=(4, 0),
        textcoords="offset points",
        va="top",
        fontsize=7,
        color=NEUTRAL_DARK,
    )
    left.set_ylim(-0.7, len(wide) - 0.3)
    left.set_xlim(0, float(wide.max().max()) * 1.08)
    left.xaxis.set_major_formatter(i18n.tick_formatter())
    left.set_xlabel(
        _("Share of goods trade with China, % ({source}, {year})").format(source=source, year=year)
    )
    left.grid(axis="y", visible=False)
    left.grid(axis="x", visible=True)
    left.legend(
        handles=[
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                color=NEUTRAL_DARK,
                mec="white",
                mew=0.7,
                ms=6.3,
                label=_("Exports to China"),
            ),
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                mfc="white",
                mec=NEUTRAL_DARK,
                mew=1.3,
                ms=7.5,
                label=_("Imports from China"),
            ),
        ],
        loc="lower right",
        fontsize=7.5,
    )
    left.set_title(
        _("A  All reporters, {source} {year}").format(source=source, year=year), fontsize=8.5
    )

    if right is not None:
        later_source = later["source_short"].iloc[0]
        first, last = int(later["year"].min()), int(later["year"].max())
        ends = []
        shades = dict(zip(sorted(set(later["iso3"])), [NEUTRAL_DARK, NEUTRAL], strict=False))
        for (iso3, flow), rows in later.groupby(["iso3", "flow"]):
            rows = rows.sort_values("year")
            c = shades.get(iso3, NEUTRAL)
            filled = flow == "exports"
            right.plot(
                rows["year"].astype(int),
                rows["share_pct"],
                color=c,
                lw=1.2,
                ls="-" if filled else (0, (3, 1.5)),
                marker="o",
                ms=4,
                mfc=c if filled else "white",
                mec=c,
            )
            ends.append(
                (float(rows["share_pct"].iloc[-1]), f"{names[iso3]}\n{flow_label(flow)}", c)
            )
        top = float(later["share_pct"].max()) * 1.15
        label_line_ends(
            right,
            [(value, label, c, "normal") for value, label, c in ends],
            last,
            top * 0.07,
            offset=5,
            fontsize=7,
            annotation_clip=False,
        )
        right.set_xticks(range(first, last + 1))
        right.set_xlim(first - 0.3, last + 0.3)
        right.set_ylim(0, top)
        right.yaxis.set_major_formatter(i18n.tick_formatter())
        # Placed by matplotlib beside the tick labels, a little apart from them.
        right.set_ylabel(
            _("Share of goods trade with China, % ({source})").format(source=later_source),
            labelpad=6,
        )
        title = _("B  {countries} only,\n{source} {first}–{last}").format(
            countries=join_names(sorted(set(later["country"]))),
            source=later_source,
            first=first,
            last=last,
        )
        right.set_title(title, fontsize=8.5, loc="left")
        # The panels are never spliced: say under them that they cannot be compared.
        note = _(
            "Note: A and B come from different sources ({source} {year}; {later_source} "
            "{first}–{last}), which attribute imports to partner countries differently, so "
            "their values are not comparable; B does not continue A."
        ).format(source=source, year=year, later_source=later_source, first=first, last=last)
        figure.text(
            0.0,
            -0.01,
            textwrap.fill(note, NOTE_CHARS),
            ha="left",
            va="top",
            fontsize=7,
            color=NEUTRAL_DARK,
            linespacing=1.1,
        )

    alt = alt_text(plotted, partners)
    return FigureResult(figure, plotted.set_index("panel"), alt)


def alt_text(plotted, partners: list[str]) -> str:
    from ap4report.figures.labels import join_names

    main = plotted[plotted["panel"] == "A"]
    later = plotted[plotted["panel"] == "B"]
    source, year = main["source_short"].iloc[0], int(main["year"].iloc[0])
    exports = main[main["flow"] == "exports"].sort_values("share_pct", ascending=False)
    imports = main[main["flow"] == "imports"].set_index("iso3")
    count = len(exports)
    nato = exports[exports["group"] == "NATO member"]
    by_iso3 = exports.set_index("iso3")
    ap4 = [
        _("{country} {share}% ({rank})").format(
            country=by_iso3.loc[iso3, "country"],
            share=num(by_iso3.loc[iso3, "share_pct"], 1),
            rank=i18n.ordinal(int(by_iso3.loc[iso3, "rank"])),
        )
        for iso3 in exports["iso3"]
        if iso3 in partners
    ]
    ap4_imports = [
        _("{country} {share}%").format(
            country=imports.loc[iso3, "country"], share=num(imports.loc[iso3, "share_pct"], 1)
        )
        for iso3 in exports["iso3"]
        if iso3 in partners
    ]
    highest, lowest = exports.iloc[0], exports.iloc[-1]
    text = _(
        "Dot chart of goods exports to and imports from China as a share of each reporter's "
        "total goods trade, {source} {year}, for {count} reporters, sorted by export share. "
        "AP4 export shares and rank among the {count}: {ap4}. Highest export share: "
        "{highest} {highest_share}%; lowest: {lowest} {lowest_share}%. The median export share "
        "of the {nato} NATO members shown is {median}%. AP4 import shares from China: "
        "{ap4_imports}."
    ).format(
        source=source,
        year=year,
        count=count,
        ap4=join_names(ap4),
        highest=highest["country"],
        highest_share=num(highest["share_pct"], 1),
        lowest=lowest["country"],
        lowest_share=num(lowest["share_pct"], 1),
        nato=len(nato),
        median=num(float(nato["share_pct"].median()), 1),
        ap4_imports=join_names(ap4_imports),
    )
    if len(later):
        later_source = later["source_short"].iloc[0]
        first, last = int(later["year"].min()), int(later["year"].max())
        series = []
        for (_country, flow), rows in later.groupby(["country", "flow"]):
            rows = rows.sort_values("year")
            series.append(
                _("{country} {flow} {first_share}% in {first} and {last_share}% in {last}").format(
                    country=rows["country"].iloc[0],
                    flow=flow_label(flow),
                    first_share=num(rows["share_pct"].iloc[0], 1),
                    first=first,
                    last_share=num(rows["share_pct"].iloc[-1], 1),
                    last=last,
                )
            )
        text += " " + _(
            "A separate panel shows {later_source} data for {countries} only, {first}–{last}, "
            "not comparable with {source}: {series}."
        ).format(
            later_source=later_source,
            countries=join_names(sorted(set(later["country"]))),
            first=first,
            last=last,
            source=source,
            series="; ".join(series),
        )
    return text
