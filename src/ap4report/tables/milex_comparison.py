"""Defence spending of the AP4 partners and NATO comparators: base year against latest."""

from __future__ import annotations

from ap4report.analysis.milex import constant_usd
from ap4report.i18n import _, term
from ap4report.tables import TableResult

DATASETS = ("milex", "countries")
SOURCES = ("milex",)  # countries.csv gives names only
SETTINGS = ("partners", "comparators", "base_year")
PLACED_IN = ("annex",)


def group_label(group: str) -> str:
    """A country's group (countries.csv) in the edition's language."""
    labels = {"AP4 partner": _("AP4 partner"), "NATO member": _("NATO member")}
    return labels[group] if group in labels else term(group)


def tabulate(data: dict, settings: dict) -> TableResult:
    import pandas as pd

    milex, countries = data["milex"], data["countries"].set_index("iso3")
    base_year = settings["base_year"]
    latest_year = int(milex["year"].max())
    by_key = milex.set_index(["iso3", "year", "indicator"])
    constant, price_year = constant_usd(milex)

    def value(iso3, year, indicator):
        return float(by_key.loc[(iso3, year, indicator), "value"])

    rows = []
    for iso3 in settings["partners"] + settings["comparators"]:
        # Full precision here; the table rounds once, where it shows a value (so a change
        # may differ by 0.01 from the difference of the two rounded shares).
        share_base = value(iso3, base_year, "milex_share_gdp_pct")
        share_latest = value(iso3, latest_year, "milex_share_gdp_pct")
        flag = by_key.loc[(iso3, latest_year, "milex_share_gdp_pct"), "sipri_flag"]
        rows.append(
            {
                "iso3": iso3,
                "country": countries.loc[iso3, "country"],
                "group": group_label(countries.loc[iso3, "group"]),
                "share_gdp_pct_base": share_base,
                "share_gdp_pct_latest": share_latest,
                "change_pp": share_latest - share_base,
                "spending_usd_bn_latest": value(iso3, latest_year, constant) / 1000,
                "sipri_estimate": flag is not pd.NA and flag == "estimate",
            }
        )
    frame = pd.DataFrame(rows).assign(base_year=base_year, latest_year=latest_year)
    columns = [
        ("country", _("Country"), "text"),
        ("group", _("Group"), "text"),
        ("share_gdp_pct_base", _("% of GDP, {year}").format(year=base_year), "decimal2"),
        ("share_gdp_pct_latest", _("% of GDP, {year}").format(year=latest_year), "decimal2"),
        ("change_pp", _("Change, pp"), "signed2"),
        (
            "spending_usd_bn_latest",
            _("US$ bn, {year} (constant {price_year})").format(
                year=latest_year, price_year=price_year
            ),
            "decimal1",
        ),
    ]
    return TableResult(frame, columns)
