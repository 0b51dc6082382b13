"""The numbers and data-dependent claims quoted in the prose (results/numbers.json).

Content files reach them as `n.<name>`; nothing in the prose is typed by hand.
"""

from __future__ import annotations

DATASETS = ("milex", "countries")
SETTINGS = ("partners", "guideline_pct_gdp")


def milex_numbers(milex, countries, partners: list[str], guideline_pct: float) -> dict:
    share = milex[milex["indicator"] == "milex_share_gdp_pct"]
    latest_year = int(share["year"].max())
    latest = share[share["year"] == latest_year].set_index("iso3")["value"].astype(float)
    names = countries.set_index("iso3")["country"]
    above = [names[iso3] for iso3 in partners if latest[iso3] >= guideline_pct]
    return {
        "milex_latest_year": latest_year,
        "milex_share_latest_pct": {iso3: round(float(latest[iso3]), 2) for iso3 in partners},
        "partners_at_or_above_guideline": above,
        "n_partners_at_or_above_guideline": len(above),
        "guideline_pct": guideline_pct,
    }


def compute(data: dict, settings: dict) -> dict:
    return milex_numbers(
        data["milex"], data["countries"], settings["partners"], settings["guideline_pct_gdp"]
    )
