"""Defence spending (SIPRI) and NATO's spending guideline."""

from __future__ import annotations

import re

# SIPRI's series in constant US dollars; its price year is part of the indicator's code
# (milex_constant_2023_usd_m in the 2025 edition, milex_constant_2024_usd_m in 2026).
CONSTANT_USD_CODE = re.compile(r"milex_constant_(\d{4})_usd_m")


def constant_usd(milex) -> tuple[str, int]:
    """The constant-price indicator of the milex table and its price year, from the data."""
    codes = sorted(
        {str(c) for c in milex["indicator"].unique() if CONSTANT_USD_CODE.fullmatch(str(c))}
    )
    if len(codes) != 1:
        raise ValueError(f"milex: expected one constant-price indicator, found {codes}")
    return codes[0], int(CONSTANT_USD_CODE.fullmatch(codes[0]).group(1))


def share_of_gdp(milex, partners: list[str], comparators: list[str]):
    """Share of GDP, one column per country (partners first), indexed by year."""
    share = milex[milex["indicator"] == "milex_share_gdp_pct"]
    wide = share.pivot(index="year", columns="iso3", values="value")
    return wide[partners + comparators].astype(float)


def guideline_in_force(guidelines, at_date: str):
    """NATO's spending guideline in force on `at_date` (the newest agreed by then), and the
    newest targets (rows of kind 'target' agreed last), from nato_spending_guideline."""
    agreed = guidelines["agreed_date"].astype(str)
    in_force = guidelines[(guidelines["kind"] == "guideline") & (agreed <= at_date)]
    if in_force.empty:
        raise LookupError(f"nato_spending_guideline: no guideline in force on {at_date}")
    in_force = in_force.sort_values("agreed_date").tail(1)
    targets = guidelines[guidelines["kind"] == "target"]
    newest = targets[targets["agreed_date"] == targets["agreed_date"].max()]
    return in_force, newest
