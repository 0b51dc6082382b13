"""South Korea–Poland arms contracts since 2022: framework quantities against executive
contracts per weapon family, and the value of each executive contract.

Texts built here (counts, other reported figures, notes) are in the edition's language;
the codes in the data beside the figure (measure, unit, contract type) stay as they are.
"""

from __future__ import annotations

from ap4report import i18n
from ap4report.analysis.rok_contracts import FAMILIES, check_combined, classify
from ap4report.figures import FigureResult
from ap4report.formatting import text_or_none
from ap4report.i18n import (
    _,
    date_label,
    ngettext,
    num,
    quantity_label,
    reported_text,
    value_label,
    with_other,
)

DATASETS = ("rok_poland_arms",)
SETTINGS = ()
PLACED_IN = ("report", "annex")


def family_label(family: str, unit: str) -> str:
    """'K2 tanks': a weapon family with its kind of unit."""
    return {
        "tanks": _("{family} tanks"),
        "howitzers": _("{family} howitzers"),
        "aircraft": _("{family} aircraft"),
        "launchers": _("{family} launchers"),
    }[unit].format(family=family)


def count_label(quantity: str, count: int, unit: str) -> str:
    """'180 tanks', '>10,000 rockets': a quantity (as text) with its unit, which agrees
    with `count` in number."""
    forms = {
        "tanks": ngettext("{n} tank", "{n} tanks", count),
        "howitzers": ngettext("{n} howitzer", "{n} howitzers", count),
        "aircraft": ngettext("{n} aircraft", "{n} aircraft", count),
        "launchers": ngettext("{n} launcher", "{n} launchers", count),
        "rockets": ngettext("{n} rocket", "{n} rockets", count),
        "missiles": ngettext("{n} missile", "{n} missiles", count),
        "shells": ngettext("{n} shell", "{n} shells", count),
        "munitions": ngettext("{n} munition", "{n} munitions", count),
    }
    return forms[unit].format(n=quantity)


def also_reported(row, kind: str) -> str | None:
    """Other reported figures for a row: any alternative framework quantity; for contract
    values, the other USD values where the row is flagged as conflicting (other currencies
    and breakdowns are not conflicts)."""
    if kind == "quantity":
        alt = text_or_none(row["quantity_alt"])
        return reported_text(alt) if alt else None
    other = text_or_none(row["value_other"])
    if other and "conflict" in str(row["verification_status"]):
        return reported_text(other)
    return None


def money(value, qualifier) -> str:
    """'US$3.37 bn', 'about US$4 bn'."""
    text = value_label(value, None)
    if text_or_none(qualifier) == "approximately":
        return _("about US${amount} bn").format(amount=text)
    return _("US${amount} bn").format(amount=text)


def tidy_contracts(arms):
    """The numbers plotted, one row per bar: framework and executed quantity per family
    (panel A) and the value of each executive contract (panel B).

    Returns (plotted, combined checks, classified contracts)."""
    import pandas as pd

    contracts = classify(arms)
    combined = check_combined(contracts)
    executive = contracts[contracts["kind"] == "executive"].sort_values(
        ["date_signed", "contract_type"]
    )
    platform = executive["munition"].isna()
    rows = []

    def add(panel, label, measure, value, unit, **fields):
        rows.append(
            {"panel": panel, "family": label, "measure": measure, "value": value, "unit": unit}
            | fields
        )

    for key, label, unit, _pattern in FAMILIES:
        framework = contracts[(contracts["kind"] == "framework") & (contracts["family"] == key)]
        for _index, row in framework.iterrows():
            add(
                "A",
                label,
                "framework quantity",
                float(row["quantity"]),
                unit,
                contract_type=str(row["contract_type"]),
                date_signed=str(row["date_signed"]),
                date_signed_precision=str(row["date_signed_precision"]),
                qualifier=text_or_none(row["quantity_qualifier"]),
                items=None,
                also_reported=also_reported(row, "quantity"),
                note=None,
            )
        done = executive[(executive["family"] == key) & platform]
        if len(done):
            add(
                "A",
                label,
                "executed quantity",
                float(done["quantity"].astype(float).sum()),
                unit,
                contract_type="; ".join(done["contract_type"]),
                date_signed="; ".join(done["date_signed"]),
                date_signed_precision="; ".join(done["date_signed_precision"]),
                qualifier=None,
                items=" + ".join(num(int(q), 0) for q in done["quantity"]),
                also_reported=None,
                note=ngettext(
                    "sum of {n} executive contract", "sum of {n} executive contracts", len(done)
                ).format(n=len(done)),
            )
    for key, label, unit, _pattern in FAMILIES:
        for _index, row in executive[executive["family"] == key].iterrows():
            munition = text_or_none(row["munition"])
            add(
                "B",
                label,
                "contract value",
                float(row["value_usd_bn"]),
                "US$ bn",
                contract_type=str(row["contract_type"]),
                date_signed=str(row["date_signed"]),
                date_signed_precision=str(row["date_signed_precision"]),
                qualifier=text_or_none(row["value_usd_bn_qualifier"]),
                items=count_label(
                    quantity_label(row["quantity"], row["quantity_qualifier"]),
                    int(row["quantity"]),
                    munition or unit,
                ),
                also_reported=also_reported(row, "value"),
                note=_("munitions: not counted in panel A") if munition else None,
            )
    text = ["qualifier", "items", "also_reported", "note"]
    plotted = pd.DataFrame(rows).astype({"value": "Float64"} | dict.fromkeys(text, "string"))
    return plotted, combined, contracts


def plot(data: dict, settings: dict) -> FigureResult:
    from matplotlib import pyplot
    from matplotlib.patches import Patch

    from ap4report.style import NEUTRAL_DARK, PARTNER_COLOURS

    colour = PARTNER_COLOURS["KOR"]  # the supplier's colour, as elsewhere in the report
    light = "#c4e6da"
    plotted, combined, contracts = tidy_contracts(data["rok_poland_arms"])
    quantities = plotted[plotted["panel"] == "A"]
    values = plotted[plotted["panel"] == "B"]
    label_style = {"textcoords": "offset points", "va": "center", "fontsize": 7}

    # The bulletin shows panel A alone, without the other sources' figures (the annex and
    # the table have them); the annex shows both panels.
    compact = settings.get("kind") == "report"
    if compact:
        figure, top = pyplot.subplots(figsize=(6.3, 2.1))
        bottom = None
    else:
        figure, (top, bottom) = pyplot.subplots(
            2, 1, figsize=(6.3, 4.6), gridspec_kw={"height_ratios": [4, 7], "hspace": 0.5}
        )

    # Panel A: per family, the framework agreement's quantity, an agreed ceiling and not an
    # order (an open outline, dashed), above the units of the executive contracts, firm
    # orders (solid). The two labels of a pair move apart (points) so that they do not touch.
    families = list(dict.fromkeys(quantities["family"]))
    height = 0.38
    ceiling = {"color": "white", "edgecolor": colour, "linestyle": (0, (3, 1.5)), "lw": 0.9}
    ordered = {"color": colour, "edgecolor": colour, "lw": 0.8}
    for i, family in enumerate(families):
        rows = quantities[quantities["family"] == family].set_index("measure")
        for measure, offset, style, nudge in (
            ("framework quantity", -height / 2, ceiling, 1.8),
            ("executed quantity", height / 2, ordered, -1.8),
        ):
            if measure not in rows.index:
                continue
            row = rows.loc[measure]
            value = float(row["value"])
            top.barh(i + offset, value, height=height, **style)
            label = num(int(value), 0)
            if text_or_none(row["items"]) and "+" in row["items"]:
                label += f" ({row['items']})"
            if text_or_none(row["also_reported"]) and not compact:
                label = with_other(label, row["also_reported"])
            top.annotate(
                label, xy=(value, i + offset), xytext=(3, nudge), color=NEUTRAL_DARK, **label_style
            )
    units = dict(zip(quantities["family"], quantities["unit"], strict=True))
    labels = [family_label(family, units[family]) for family in families]
    top.set_yticks(range(len(families)), [label[0].upper() + label[1:] for label in labels])
    top.tick_params(axis="y", labelsize=7.5)
    top.invert_yaxis()
    top.set_xlim(0, float(quantities["value"].max()) * (1.25 if compact else 1.5))
    top.xaxis.set_major_formatter(i18n.tick_formatter())
    top.set_xlabel(_("Units (munitions not counted)"))
    top.grid(axis="y", visible=False)
    top.grid(axis="x", visible=True)
    top.legend(
        handles=[
            Patch(
                facecolor="white",
                edgecolor=colour,
                linestyle=(0, (3, 1.5)),
                label=_("Framework agreement: agreed ceiling, not an order"),
            ),
            Patch(
                facecolor=colour,
                edgecolor=colour,
                label=_("Executive contracts: firm orders (sum)"),
            ),
        ],
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncols=1,
        fontsize=7.5,
        borderaxespad=0.2,
        handlelength=1.6,
        labelspacing=0.3,
    )
    title = _("Agreed ceilings and firm orders, units")
    top.set_title(title if compact else f"A  {title}", fontsize=8.5, pad=30)
    if compact:
        return FigureResult(
            figure, plotted.set_index("panel"), alt_text(plotted, combined, contracts)
        )

    # Panel B: one bar per executive contract, grouped by family; approximate values hatched.
    positions, ticks, headers, y = [], [], [], 0.0
    for family in dict.fromkeys(values["family"]):
        headers.append((y, family))
        for _index, row in values[values["family"] == family].iterrows():
            positions.append(y)
            date = date_label(row["date_signed"], row["date_signed_precision"])
            ticks.append(f"{date} · {row['items']}")
            y += 1
        y += 1.2
    for position, (_index, row) in zip(positions, values.iterrows(), strict=True):
        approximate = text_or_none(row["qualifier"]) == "approximately"
        value = float(row["value"])
        bottom.barh(
            position,
            value,
            height=0.72,
            color=light if approximate else colour,
            edgecolor=colour,
            hatch="/////" if approximate else None,
            lw=0.8,
        )
        label = value_label(value, row["qualifier"])
        if text_or_none(row["also_reported"]):
            label = with_other(label, row["also_reported"])
        bottom.annotate(
            label, xy=(value, position), xytext=(3, 0), color=NEUTRAL_DARK, **label_style
        )
    bottom.set_yticks(positions, ticks)
    bottom.tick_params(axis="y", labelsize=7.5)
    for start, family in headers:
        bottom.annotate(
            family,
            xy=(0, start - 0.5),
            xytext=(2, 1),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=7.5,
            fontweight="bold",
            color=NEUTRAL_DARK,
        )
    bottom.set_ylim(positions[-1] + 0.6, -1.3)
    bottom.set_xlim(0, float(values["value"].max()) * 1.5)
    bottom.xaxis.set_major_formatter(i18n.tick_formatter())
    bottom.set_xlabel(_("US$ bn, as reported (no currency conversion)"))
    bottom.grid(axis="y", visible=False)
    bottom.grid(axis="x", visible=True)
    bottom.legend(
        handles=[
            Patch(facecolor=colour, edgecolor=colour, label=_("Value as reported")),
            Patch(facecolor=light, edgecolor=colour, hatch="/////", label=_("Approximate (~)")),
        ],
        loc="lower right",
        fontsize=7.5,
    )
    bottom.set_title(_("B  Value of each executive contract"), fontsize=8.5)

    return FigureResult(figure, plotted.set_index("panel"), alt_text(plotted, combined, contracts))


def alt_text(plotted, combined, contracts) -> str:
    quantities = plotted[plotted["panel"] == "A"]
    values = plotted[plotted["panel"] == "B"]
    dated = contracts[contracts["kind"].isin(["framework", "executive"])].sort_values("date_signed")
    first, last = dated.iloc[0], dated.iloc[-1]

    def when(row):
        return date_label(str(row["date_signed"]), str(row["date_signed_precision"]))

    pairs = []
    for family in dict.fromkeys(quantities["family"]):
        rows = quantities[quantities["family"] == family].set_index("measure")
        framework = rows.loc["framework quantity"]
        text = _("{family}, {quantity} in the framework").format(
            family=family_label(family, framework["unit"]),
            quantity=num(int(framework["value"]), 0),
        )
        if text_or_none(framework["also_reported"]):
            text = with_other(text, framework["also_reported"])
        if "executed quantity" in rows.index:
            executed = rows.loc["executed quantity"]
            count = len(str(executed["contract_type"]).split("; "))
            text = ngettext(
                "{text} against {quantity} in {n} executive contract ({share}% of the framework)",
                "{text} against {quantity} in {n} executive contracts ({share}% of the framework)",
                count,
            ).format(
                text=text,
                quantity=num(int(executed["value"]), 0),
                n=count,
                share=num(100 * float(executed["value"]) / float(framework["value"]), 0),
            )
        pairs.append(text)
    contract_texts = []
    for _index, row in values.iterrows():
        text = _("{family} {date} ({items}), {value}").format(
            family=row["family"],
            date=when(row),
            items=row["items"],
            value=money(row["value"], row["qualifier"]),
        )
        if text_or_none(row["also_reported"]):
            text = with_other(text, row["also_reported"])
        contract_texts.append(text)
    notes = [
        _(
            "the row '{system}' ({quantity} units, {value}, {date}) repeats the separate "
            "contracts of that day ({part_quantities} units, {part_values}) and is not counted"
        ).format(
            system=i18n.term(c["system"]),
            quantity=num(c["quantity"], 0),
            value=money(c["value_usd_bn"], None),
            date=date_label(c["date_signed"], c["date_signed_precision"]),
            part_quantities=" + ".join(num(q, 0) for q in c["part_quantities"]),
            part_values=_("US${amount} bn").format(
                amount=" + ".join(value_label(v, None) for v in c["part_values"])
            ),
        )
        for c in combined
    ]
    for _index, row in contracts[contracts["kind"] == "estimate"].iterrows():
        notes.append(
            _(
                "the {system} value of {value} is an industry and media estimate (the parties "
                "published no total) and is not shown"
            ).format(system=i18n.term(row["system"]), value=money(row["value_usd_bn"], None))
        )
    valued = contracts[(contracts["kind"] == "framework") & contracts["value_usd_bn"].notna()]
    for _index, row in valued.iterrows():
        notes.append(
            _("the {system} framework agreement's value ({value}) is not shown").format(
                system=i18n.term(row["system"]),
                value=money(row["value_usd_bn"], row["value_usd_bn_qualifier"]),
            )
        )
    for _index, row in values[values["note"].notna()].iterrows():
        notes.append(
            _(
                "the {date} contract for {items} is munitions and is not counted in the top chart"
            ).format(date=when(row), items=row["items"])
        )
    total = num(float(values["value"].sum()), 1)
    approximate = values[values["qualifier"] == "approximately"]
    if len(approximate):
        together = _(
            "Together the executive contracts total US${total} bn, of which {approximate} is "
            "approximate."
        ).format(total=total, approximate=money(approximate["value"].sum(), None))
    else:
        together = _("Together the executive contracts total US${total} bn.").format(total=total)
    sentences = [
        _(
            "Two bar charts of South Korean arms contracts with Poland signed from {first} to "
            "{last}."
        ).format(first=when(first), last=when(last)),
        _(
            "Top, the quantities agreed as ceilings in the framework agreements (not orders) "
            "against the units firmly ordered in executive contracts: {pairs}."
        ).format(pairs="; ".join(pairs)),
        ngettext(
            "Bottom, the value of the {n} executive contract in US$ as reported: {contracts}.",
            "Bottom, the value of each of the {n} executive contracts in US$ as reported: "
            "{contracts}.",
            len(values),
        ).format(n=len(values), contracts="; ".join(contract_texts)),
        together,
        _("Notes: {notes}.").format(notes="; ".join(notes)),
    ]
    return " ".join(sentences)
