"""Support to Ukraine (Kiel Ukraine Support Tracker): allocations and commitments by donor
and aid type, and allocations as a share of Kiel's own GDP figure.

Donor names (`donor_names`) are localized like the countries table: Babel's territory
names, else the catalogs' translation of Kiel's name (ap4report.i18n.country)."""

from __future__ import annotations

from ap4report import i18n

AID_TYPES = ("military", "financial", "humanitarian")
RELEASE_A = "Kiel Release 29"  # allocations by type: as written in the data beside the figure
RELEASE_B = "Kiel Release 29"  # the monthly rows behind the % of GDP


def donor_names(kiel, countries, donors) -> dict[str, str]:
    """Names of `donors`: from countries.csv where it has the donor, else Kiel's donor name
    (in the edition's language)."""
    listed = dict(zip(countries["iso3"], countries["country"], strict=True))
    kiel_names = dict(zip(kiel["iso3"], kiel["donor"], strict=True))
    return {
        iso3: listed[iso3] if iso3 in listed else i18n.country(iso3, kiel_names[iso3])
        for iso3 in donors
    }


def allocations_by_type(kiel, donors: list[str]):
    """Release-28 allocations in EUR bn: one row per donor, columns AID_TYPES + total."""
    allocations = kiel[(kiel["measure"] == "allocation") & kiel["iso3"].isin(donors)]
    wide = allocations.pivot(index="iso3", columns="aid_type", values="value_eur_bn")
    missing = sorted(set(donors) - set(wide.index))
    if missing:
        raise ValueError(f"no Kiel allocations by donor for: {', '.join(missing)}")
    return wide.loc[donors, [*AID_TYPES, "total"]].astype(float)


def commitments_total(kiel, donors: list[str]):
    """Release-28 total commitments in EUR bn, indexed by donor."""
    rows = kiel[(kiel["measure"] == "commitment") & (kiel["aid_type"] == "total")]
    return rows.set_index("iso3").loc[donors, "value_eur_bn"].astype(float)


def share_of_gdp(monthly, partners: list[str]):
    """Release-29 cumulative allocations as % of Kiel's own GDP denominator.

    Returns (frame indexed by iso3 with allocation_eur_bn, gdp_eur_bn, pct_gdp, gdp_varies;
    cut-off as (year, month)). Where Kiel's `gdp` is not constant for a donor, the value of
    its latest month is used and `gdp_varies` is True.
    """
    import pandas as pd

    rows = monthly[monthly["iso3"].isin(partners)].copy()
    missing = sorted(set(partners) - set(rows["iso3"]))
    if missing:
        raise ValueError(f"no Kiel Release 29 monthly rows for: {', '.join(missing)}")
    rows["period"] = rows["year"].astype(int) * 100 + rows["month"].astype(int)
    latest = int(rows["period"].max())
    rows = rows.sort_values(["iso3", "period"])
    grouped = rows.groupby("iso3")
    frame = pd.DataFrame(
        {
            "allocation_eur_bn": grouped["total"].sum().astype(float),
            "gdp_eur_bn": grouped["gdp"].last().astype(float),
            "gdp_varies": grouped["gdp"].nunique() > 1,
        }
    ).loc[partners]
    frame["pct_gdp"] = 100 * frame["allocation_eur_bn"] / frame["gdp_eur_bn"]
    return frame, (latest // 100, latest % 100)
