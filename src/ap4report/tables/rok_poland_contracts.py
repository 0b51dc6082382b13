"""South Korea–Poland arms contracts since 2022, one row per contract, sorted by date.

The text columns are in the edition's language: system names and other reported figures
are data terms (their translations are in the catalogs); the codes beside them stay."""

from __future__ import annotations

from ap4report.analysis.rok_contracts import EXECUTIVE, check_combined, classify, contract_kind
from ap4report.formatting import text_or_none
from ap4report.i18n import (
    _,
    date_label,
    quantity_label,
    reported_text,
    term,
    value_label,
    with_other,
)
from ap4report.tables import TableResult

DATASETS = ("rok_poland_arms",)
SETTINGS = ()
PLACED_IN = ("annex",)

# Names whose hyphen must not end a line in a narrow cell ('Homar-' / 'K'): written with
# U+2011 NON-BREAKING HYPHEN, which the report's Noto fonts have.
UNBROKEN = ("Homar-K",)

# Within one day, the framework comes first, then the executive contracts in their order,
# and the package value estimate last.
KIND_ORDER = {"framework": 0, "executive": 1, "estimate": 2}


def status_label(status: str) -> str:
    """The verification status of a row, in words."""
    return {
        "verified": _("Verified"),
        "verified_as_estimate": _("Verified as an estimate"),
        "verified_date_inferred": _("Verified; date inferred"),
        "verified_with_conflict": _("Verified; sources conflict"),
        "verified_with_minor_conflict": _("Verified; minor conflict"),
    }[status]


def contract_label(contract_type: str) -> str:
    """A readable contract type: 'Framework agreement', 'Executive contract 1a', ..."""
    kind = contract_kind(contract_type)
    if kind == "executive":
        return _("Executive contract {number}").format(
            number=EXECUTIVE.match(contract_type).group(1)
        )
    return {
        "framework": _("Framework agreement"),
        "estimate": _("Framework package value (media estimate)"),
        "combined": _("Executive contracts combined"),
    }[kind]


def with_conflict(text: str | None, other, status) -> str | None:
    """'980 (also reported: up to 1,000)' where the row is flagged as conflicting."""
    other = text_or_none(other)
    if text is None or other is None or "conflict" not in str(status):
        return text
    return with_other(text, reported_text(other))


def qualified_texts(rows, label, column: str, other: str) -> list[str | None]:
    """Each row's `column` as text with its qualifier ('~4', '>10,000'), plus the other
    reported figure where the row is flagged as conflicting."""
    return [
        with_conflict(label(value, qualifier), alternative, status)
        for value, qualifier, alternative, status in zip(
            rows[column],
            rows[f"{column}_qualifier"],
            rows[other],
            rows["verification_status"],
            strict=True,
        )
    ]


def cell_name(name: str) -> str:
    """A system name as its cell shows it: 'K239 Chunmoo MRL (Homar\u2011K)'. The `system`
    column keeps the name as written, for readers of the CSV."""
    for unbroken in UNBROKEN:
        name = name.replace(unbroken, unbroken.replace("-", "\u2011"))
    return name


def signed_text(date: str, precision: str, status: str) -> str:
    """'Nov 2022 (month only)', '29 Dec 2025 (inferred)'."""
    text = date_label(date, precision)
    if precision == "month":
        text = _("{date} (month only)").format(date=text)
    if status == "verified_date_inferred":
        text = _("{date} (inferred)").format(date=text)
    return text


def tabulate(data: dict, settings: dict) -> TableResult:
    import pandas as pd

    contracts = classify(data["rok_poland_arms"])
    check_combined(contracts)  # fails loudly if the combined row is not a duplicate
    rows = contracts[contracts["kind"] != "combined"].copy()
    rows["kind_order"] = rows["kind"].map(KIND_ORDER)
    rows = rows.sort_values(["date_signed", "kind_order", "contract_type", "system"])

    frame = pd.DataFrame(
        {
            "system": [term(system) for system in rows["system"]],
            "system_text": [cell_name(term(system)) for system in rows["system"]],
            "family": rows["family"],
            "contract_type": rows["contract_type"],
            "type": [contract_label(t) for t in rows["contract_type"]],
            "date_signed": rows["date_signed"],
            "date_signed_precision": rows["date_signed_precision"],
            "date": [
                signed_text(date, precision, status)
                for date, precision, status in zip(
                    rows["date_signed"],
                    rows["date_signed_precision"],
                    rows["verification_status"],
                    strict=True,
                )
            ],
            "quantity": rows["quantity"],
            "quantity_qualifier": rows["quantity_qualifier"],
            "quantity_text": qualified_texts(rows, quantity_label, "quantity", "quantity_alt"),
            "quantity_alt": rows["quantity_alt"],
            "value_usd_bn": rows["value_usd_bn"],
            "value_usd_bn_qualifier": rows["value_usd_bn_qualifier"],
            "value_text": qualified_texts(rows, value_label, "value_usd_bn", "value_other"),
            "value_other": rows["value_other"],
            "media_estimate": rows["kind"] == "estimate",
            "supplier": rows["supplier"],
            "verification_status": rows["verification_status"],
            "verification": [status_label(str(s)) for s in rows["verification_status"]],
        }
    ).reset_index(drop=True)
    frame["family"] = frame["family"].astype("string")
    for column in ("system_text", "type", "date", "quantity_text", "value_text", "verification"):
        frame[column] = frame[column].astype("string")
    frame["supplier"] = frame["supplier"].map(text_or_none).astype("string")
    columns = [
        ("system_text", _("System"), "text"),
        ("type", _("Type"), "text"),
        ("date", _("Signed"), "text"),
        ("quantity_text", _("Quantity"), "text"),
        ("value_text", _("US$ bn"), "text"),
        ("supplier", _("Supplier"), "text"),
        ("verification", _("Verification"), "text"),
    ]
    return TableResult(frame, columns)
