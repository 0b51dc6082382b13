"""South Korea–Poland arms contracts since 2022: framework quantities against executive
contracts per weapon family, and the value of each executive contract."""

from __future__ import annotations

import re

from ap4report.figures import FigureResult
from ap4report.formatting import date_text

DATASETS = ("rok_poland_arms",)
SETTINGS = ()

# Weapon families, recognised in the `system` text: (key, name, unit, pattern).
# "K2" must not match "K239", so a digit may not follow it; "K9A1" and "K2PL" do match.
FAMILIES = (
    ("K2", "K2", "tanks", r"\bK2(?!\d)"),
    ("K9", "K9", "howitzers", r"\bK9(?!\d)"),
    ("FA-50", "FA-50", "aircraft", r"\bFA-50"),
    ("K239", "K239 Chunmoo", "launchers", r"\bK239\b|\bChunmoo\b"),
)
# Munitions are counted in rounds, not platforms: kept out of the quantity panel.
MUNITIONS = r"\b(rockets?|missiles?|shells?|munitions?)\b"
FRAMEWORK = "framework_agreement"
COMBINED = "executive_contracts_combined"
ESTIMATE = "framework_agreement_value_estimate"
EXECUTIVE = re.compile(r"^executive_contract_(\d+[a-z]?)$")
STATUS = {
    "verified": "Verified",
    "verified_as_estimate": "Verified as an estimate",
    "verified_date_inferred": "Verified; date inferred",
    "verified_with_conflict": "Verified; sources conflict",
    "verified_with_minor_conflict": "Verified; minor conflict",
}


def text_or_none(value) -> str | None:
    """A cell as a string, or None where the cell is missing (None, NA or NaN)."""
    import pandas as pd

    return None if value is None or pd.isna(value) else str(value)


def families_in(system: str) -> list[str]:
    """Keys of the weapon families that a `system` text names."""
    return [key for key, _, _, pattern in FAMILIES if re.search(pattern, system)]


def munition_in(system: str) -> str | None:
    """The kind of munition a `system` text names ('rockets'), or None for platforms."""
    match = re.search(MUNITIONS, system, flags=re.IGNORECASE)
    return match.group(1).lower() if match else None


def contract_kind(contract_type: str) -> str:
    if contract_type == FRAMEWORK:
        return "framework"
    if contract_type == ESTIMATE:
        return "estimate"
    if contract_type == COMBINED:
        return "combined"
    if EXECUTIVE.match(contract_type):
        return "executive"
    raise ValueError(f"unknown contract_type {contract_type!r}")


def contract_label(contract_type: str) -> str:
    """A readable contract type: 'Framework agreement', 'Executive contract 1a', ..."""
    kind = contract_kind(contract_type)
    if kind == "executive":
        return f"Executive contract {EXECUTIVE.match(contract_type).group(1)}"
    return {
        "framework": "Framework agreement",
        "estimate": "Framework package value (media estimate)",
        "combined": "Executive contracts combined",
    }[kind]


def date_label(date: str, precision: str) -> str:
    """'26 Aug 2022' (day precision) or 'Nov 2022' (month precision)."""
    keep = {"day": 3, "month": 2}.get(precision, 1)
    return date_text("-".join(date.split("-")[:keep]), short=True)


def quantity_label(quantity, qualifier) -> str | None:
    """'980', '>10,000'; None where no quantity is given."""
    if text_or_none(quantity) is None:
        return None
    prefix = ">" if text_or_none(qualifier) == "more_than" else ""
    return f"{prefix}{int(quantity):,}"


def value_label(value, qualifier) -> str | None:
    """A value as reported, to its own decimals: '3.37', '0.705', '~4'; None if missing."""
    if text_or_none(value) is None:
        return None
    text = f"{float(value):,.3f}".rstrip("0").rstrip(".")
    return ("~" if text_or_none(qualifier) == "approximately" else "") + text


def without_source(text: str) -> str:
    """'up to 1,000 (UPI/Hyundai Rotem)' -> 'up to 1,000'; 'AP: ~3.4' -> '~3.4'."""
    parts = []
    for part in text.split(";"):
        part = re.sub(r"\s*\([^)]*\)\s*$", "", part.strip())
        parts.append(re.sub(r"^[A-Za-z][\w .\-/]*:\s*", "", part))
    return "; ".join(part for part in parts if part)


def classify(arms):
    """The contracts with their family, kind and munition; raises if a row fits no rule.

    Adds: kind (framework / executive / combined / estimate), families (keys named in
    `system`), family (the single family, else None) and munition (e.g. 'rockets')."""
    frame = arms.copy()
    frame["kind"] = [contract_kind(str(t)) for t in frame["contract_type"]]
    frame["families"] = [families_in(str(s)) for s in frame["system"]]
    frame["family"] = [found[0] if len(found) == 1 else None for found in frame["families"]]
    frame["munition"] = [munition_in(str(s)) for s in frame["system"]]
    single = frame["kind"].isin(["framework", "executive"])
    orphans = frame[single & frame["family"].isna()]
    if len(orphans):
        raise ValueError(f"contracts of no single family: {list(orphans['system'])}")
    return frame


def check_combined(contracts) -> list[dict]:
    """Each 'combined' row against the executive contracts of its families signed the same
    day: the quantities must add up, so the row is a duplicate and is left out."""
    checks = []
    executive = contracts[contracts["kind"] == "executive"]
    for _, row in contracts[contracts["kind"] == "combined"].iterrows():
        parts = executive[
            executive["family"].isin(row["families"])
            & (executive["date_signed"] == row["date_signed"])
        ]
        part_quantity = int(parts["quantity"].astype(float).sum())
        if len(parts) < 2 or part_quantity != int(row["quantity"]):
            raise ValueError(
                f"{row['system']!r}: {row['quantity']} units, but the separate contracts of "
                f"{row['date_signed']} add up to {part_quantity}; check before excluding it"
            )
        checks.append(
            {
                "system": str(row["system"]),
                "quantity": int(row["quantity"]),
                "value_usd_bn": float(row["value_usd_bn"]),
                "parts": [str(s) for s in parts["system"]],
                "part_quantities": [int(q) for q in parts["quantity"]],
                "part_values": [float(v) for v in parts["value_usd_bn"]],
                "date": date_label(str(row["date_signed"]), str(row["date_signed_precision"])),
            }
        )
    return checks


def also_reported(row, kind: str) -> str | None:
    """Other reported figures for a row: any alternative framework quantity; for contract
    values, the other USD values where the row is flagged as conflicting (other currencies
    and breakdowns are not conflicts)."""
    if kind == "quantity":
        alt = text_or_none(row["quantity_alt"])
        return without_source(alt) if alt else None
    other = text_or_none(row["value_other"])
    if other and "conflict" in str(row["verification_status"]):
        return without_source(other)
    return None


def money(value, qualifier) -> str:
    """'US$3.37 bn', 'about US$4 bn'."""
    text = value_label(value, None)
    return ("about " if text_or_none(qualifier) == "approximately" else "") + f"US${text} bn"


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

    for key, label, unit, _ in FAMILIES:
        framework = contracts[(contracts["kind"] == "framework") & (contracts["family"] == key)]
        for _, row in framework.iterrows():
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
                items=" + ".join(f"{int(q):,}" for q in done["quantity"]),
                also_reported=None,
                note=f"sum of {len(done)} executive contracts",
            )
    for key, label, unit, _ in FAMILIES:
        for _, row in executive[executive["family"] == key].iterrows():
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
                items=f"{quantity_label(row['quantity'], row['quantity_qualifier'])} "
                f"{munition or unit}",
                also_reported=also_reported(row, "value"),
                note="munitions: not counted in panel A" if munition else None,
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

    figure, (top, bottom) = pyplot.subplots(
        2, 1, figsize=(6.3, 4.6), gridspec_kw={"height_ratios": [4, 7], "hspace": 0.5}
    )

    # Panel A: per family, the framework quantity (light) above the executed sum (solid).
    families = list(dict.fromkeys(quantities["family"]))
    height = 0.38
    for i, family in enumerate(families):
        rows = quantities[quantities["family"] == family].set_index("measure")
        for measure, offset, face in (
            ("framework quantity", -height / 2, light),
            ("executed quantity", height / 2, colour),
        ):
            if measure not in rows.index:
                continue
            row = rows.loc[measure]
            value = float(row["value"])
            top.barh(i + offset, value, height=height, color=face, edgecolor=colour, lw=0.8)
            label = f"{int(value):,}"
            if text_or_none(row["items"]) and "+" in row["items"]:
                label += f" ({row['items']})"
            if text_or_none(row["also_reported"]):
                label += f" (also reported: {row['also_reported']})"
            top.annotate(
                label, xy=(value, i + offset), xytext=(3, 0), color=NEUTRAL_DARK, **label_style
            )
    units = dict(zip(quantities["family"], quantities["unit"], strict=True))
    top.set_yticks(range(len(families)), [f"{family} {units[family]}" for family in families])
    top.tick_params(axis="y", labelsize=7.5)
    top.invert_yaxis()
    top.set_xlim(0, float(quantities["value"].max()) * 1.5)
    top.set_xlabel("Units (munitions not counted)")
    top.grid(axis="y", visible=False)
    top.grid(axis="x", visible=True)
    top.legend(
        handles=[
            Patch(facecolor=light, edgecolor=colour, label="Framework agreement"),
            Patch(facecolor=colour, edgecolor=colour, label="Executive contracts (sum)"),
        ],
        loc="lower right",
        bbox_to_anchor=(1, 0.98),
        ncols=2,
        fontsize=7.5,
    )
    top.set_title("A  Units ordered", fontsize=8.5)

    # Panel B: one bar per executive contract, grouped by family; approximate values hatched.
    positions, ticks, headers, y = [], [], [], 0.0
    for family in dict.fromkeys(values["family"]):
        headers.append((y, family))
        for _, row in values[values["family"] == family].iterrows():
            positions.append(y)
            date = date_label(row["date_signed"], row["date_signed_precision"])
            ticks.append(f"{date} · {row['items']}")
            y += 1
        y += 1.2
    for position, (_, row) in zip(positions, values.iterrows(), strict=True):
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
            label += f" (also reported: {row['also_reported']})"
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
    bottom.set_xlabel("US$ bn, as reported (no currency conversion)")
    bottom.grid(axis="y", visible=False)
    bottom.grid(axis="x", visible=True)
    bottom.legend(
        handles=[
            Patch(facecolor=colour, edgecolor=colour, label="Value as reported"),
            Patch(facecolor=light, edgecolor=colour, hatch="/////", label="Approximate (~)"),
        ],
        loc="lower right",
        fontsize=7.5,
    )
    bottom.set_title("B  Value of each executive contract", fontsize=8.5)

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
        text = f"{family} {framework['unit']}, {int(framework['value']):,} in the framework"
        if text_or_none(framework["also_reported"]):
            text += f" (also reported: {framework['also_reported']})"
        if "executed quantity" in rows.index:
            executed = rows.loc["executed quantity"]
            count = len(str(executed["contract_type"]).split("; "))
            share = 100 * float(executed["value"]) / float(framework["value"])
            text += (
                f" against {int(executed['value']):,} in {count} executive "
                f"contract{'s' if count > 1 else ''} ({share:.0f}% of the framework)"
            )
        pairs.append(text)
    contract_texts = [
        f"{row['family']} {when(row)} ({row['items']}), {money(row['value'], row['qualifier'])}"
        + (
            f" (also reported: {row['also_reported']})"
            if text_or_none(row["also_reported"])
            else ""
        )
        for _, row in values.iterrows()
    ]
    approximate = values[values["qualifier"] == "approximately"]
    notes = [
        f"the row '{c['system']}' ({c['quantity']:,} units, US${c['value_usd_bn']:g} bn, "
        f"{c['date']}) repeats the separate contracts of that day "
        f"({' + '.join(f'{q:,}' for q in c['part_quantities'])} units, "
        f"US${' + '.join(f'{v:g}' for v in c['part_values'])} bn) and is not counted"
        for c in combined
    ]
    for _, row in contracts[contracts["kind"] == "estimate"].iterrows():
        notes.append(
            f"the {row['system']} value of {money(row['value_usd_bn'], None)} is an industry "
            "and media estimate (the parties published no total) and is not shown"
        )
    valued = contracts[(contracts["kind"] == "framework") & contracts["value_usd_bn"].notna()]
    for _, row in valued.iterrows():
        notes.append(
            f"the {row['system']} framework agreement's value "
            f"({money(row['value_usd_bn'], row['value_usd_bn_qualifier'])}) is not shown"
        )
    for _, row in values[values["note"].notna()].iterrows():
        notes.append(
            f"the {when(row)} contract for {row['items']} is munitions and is not counted in "
            "the top chart"
        )
    total = float(values["value"].sum())
    return (
        "Two bar charts of South Korean arms contracts with Poland signed from "
        f"{when(first)} to {when(last)}. Top, units ordered under the framework agreements "
        "against units in executive contracts: "
        + "; ".join(pairs)
        + f". Bottom, the value of each of the {len(values)} executive contracts in US$ as "
        "reported: "
        + "; ".join(contract_texts)
        + f". Together the executive contracts total US${total:.1f} bn"
        + (
            f", of which {money(approximate['value'].sum(), None)} is approximate"
            if len(approximate)
            else ""
        )
        + ". Notes: "
        + "; ".join(notes)
        + "."
    )
