"""Tables of the report: each function returns the table's raw numbers as a DataFrame."""

from __future__ import annotations


def milex_comparison(milex, countries, partners, comparators, base_year: int):
    """Defence spending of each partner and comparator: share of GDP in the base and
    latest year, the change in percentage points, and spending in constant US$."""
    import pandas as pd

    latest_year = int(milex["year"].max())
    rows = []
    names = countries.set_index("iso3")
    by_key = milex.set_index(["iso3", "year", "indicator"])
    for iso3 in partners + comparators:
        share_base = float(by_key.loc[(iso3, base_year, "milex_share_gdp_pct"), "value"])
        share_latest = float(by_key.loc[(iso3, latest_year, "milex_share_gdp_pct"), "value"])
        spending = float(by_key.loc[(iso3, latest_year, "milex_constant_2023_usd_m"), "value"])
        flag = by_key.loc[(iso3, latest_year, "milex_share_gdp_pct"), "sipri_flag"]
        rows.append(
            {
                "iso3": iso3,
                "country": names.loc[iso3, "country"],
                "group": names.loc[iso3, "group"],
                f"share_gdp_pct_{base_year}": round(share_base, 2),
                f"share_gdp_pct_{latest_year}": round(share_latest, 2),
                "change_pp": round(share_latest - share_base, 2),
                f"spending_usd_bn_{latest_year}": round(spending / 1000, 1),
                "sipri_estimate": flag is not pd.NA and flag == "estimate",
            }
        )
    return pd.DataFrame(rows)


def milex_comparison_columns(frame) -> list[tuple[str, str, str]]:
    """(column, heading, format) for the display of `milex_comparison`."""
    base, latest = (int(c.rsplit("_", 1)[1]) for c in frame.columns if c.startswith("share_gdp"))
    return [
        ("country", "Country", "text"),
        ("group", "Group", "text"),
        (f"share_gdp_pct_{base}", f"% of GDP, {base}", "decimal2"),
        (f"share_gdp_pct_{latest}", f"% of GDP, {latest}", "decimal2"),
        ("change_pp", "Change, pp", "signed2"),
        (f"spending_usd_bn_{latest}", f"US$ bn, {latest} (constant 2023)", "decimal1"),
    ]
