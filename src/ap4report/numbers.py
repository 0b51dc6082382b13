"""The numbers quoted in the prose, computed from the data (written to numbers.json)."""

from __future__ import annotations


def milex_numbers(milex, countries, partners: list[str], guideline_pct: float) -> dict:
    share = milex[milex["indicator"] == "milex_share_gdp_pct"]
    latest_year = int(share["year"].max())
    latest = share[share["year"] == latest_year].set_index("iso3")["value"].astype(float)
    names = countries.set_index("iso3")["country"]
    partner_share = {iso3: round(float(latest[iso3]), 2) for iso3 in partners}
    above = [names[iso3] for iso3 in partners if latest[iso3] >= guideline_pct]
    return {
        "milex_latest_year": latest_year,
        "milex_share_latest_pct": partner_share,
        "partners_at_or_above_guideline": above,
        "n_partners_at_or_above_guideline": len(above),
        "guideline_pct": guideline_pct,
    }


def compute(package, partners: list[str], guideline_pct: float) -> dict:
    milex, countries = package.read_tables("milex", "countries")
    return milex_numbers(milex, countries, partners, guideline_pct)
