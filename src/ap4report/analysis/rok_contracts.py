"""South Korea–Poland arms contracts since 2022: each contract's weapon family, kind
(framework, executive, ...) and munition, read from the data's `system` and
`contract_type`."""

from __future__ import annotations

import re

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


def families_in(system: str) -> list[str]:
    """Keys of the weapon families that a `system` text names."""
    return [key for key, _name, _unit, pattern in FAMILIES if re.search(pattern, system)]


def munition_in(system: str) -> str | None:
    """The kind of munition a `system` text names, in the plural ('rockets'), or None for
    platforms."""
    match = re.search(MUNITIONS, system, flags=re.IGNORECASE)
    return match.group(1).lower().removesuffix("s") + "s" if match else None


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
    for _index, row in contracts[contracts["kind"] == "combined"].iterrows():
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
                "date_signed": str(row["date_signed"]),
                "date_signed_precision": str(row["date_signed_precision"]),
            }
        )
    return checks
