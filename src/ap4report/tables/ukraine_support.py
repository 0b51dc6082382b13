"""AP4 support to Ukraine: Kiel allocations by type, commitments and allocations as % of GDP.

Everything comes from one release (Kiel Release 29): allocations and commitments by donor
(cumulative, EUR bn) and the share of GDP (cumulative monthly allocations over Kiel's own
GDP figure). The release is named in the headings; allocations and commitments stay in
separate columns.
"""

from __future__ import annotations

from ap4report.analysis.ukraine import (
    AID_TYPES,
    RELEASE_A,
    RELEASE_B,
    allocations_by_type,
    commitments_total,
    donor_names,
    share_of_gdp,
)
from ap4report.i18n import _, month_label
from ap4report.tables import TableResult

DATASETS = ("ukraine_support_kiel", "ukraine_support_kiel_ap4_monthly", "countries")
SOURCES = (
    "ukraine_support_kiel",
    "ukraine_support_kiel_ap4_monthly",
)  # countries.csv gives names only
SETTINGS = ("partners",)
PLACED_IN = ("annex",)


def tabulate(data: dict, settings: dict) -> TableResult:
    import pandas as pd

    partners = list(settings["partners"])
    kiel, monthly = data["ukraine_support_kiel"], data["ukraine_support_kiel_ap4_monthly"]
    names = donor_names(kiel, data["countries"], partners)
    alloc = allocations_by_type(kiel, partners)
    commitments = commitments_total(kiel, partners)
    shares, (cut_year, cut_month) = share_of_gdp(monthly, partners)
    cutoff = f"{cut_year}-{cut_month:02d}"

    rows = []
    for iso3 in alloc.sort_values("total", ascending=False, kind="stable").index:
        share = shares.loc[iso3]
        rows.append(
            {
                "iso3": iso3,
                "country": names[iso3],
                **{
                    f"allocation_{aid_type}_eur_bn": round(float(alloc.loc[iso3, aid_type]), 6)
                    for aid_type in AID_TYPES
                },
                "allocation_total_eur_bn": round(float(alloc.loc[iso3, "total"]), 6),
                "commitment_total_eur_bn": round(float(commitments.loc[iso3]), 6),
                "release_eur_bn": RELEASE_A,
                "allocation_r29_eur_bn": round(float(share["allocation_eur_bn"]), 6),
                "gdp_kiel_eur_bn": round(float(share["gdp_eur_bn"]), 3),
                "gdp_kiel_varies": bool(share["gdp_varies"]),
                "allocation_pct_gdp": round(float(share["pct_gdp"]), 4),
                "release_pct_gdp": RELEASE_B,
                "cutoff_pct_gdp": cutoff,
            }
        )
    frame = pd.DataFrame(rows)
    cutoff_label = month_label(cut_year, cut_month, short=True)  # 'Apr 2026', 'kwietnia 2026'
    columns = [
        ("country", _("Country"), "text"),
        ("allocation_military_eur_bn", _("Military, € bn"), "decimal2"),
        ("allocation_financial_eur_bn", _("Financial, € bn"), "decimal2"),
        ("allocation_humanitarian_eur_bn", _("Humanitarian, € bn"), "decimal2"),
        ("allocation_total_eur_bn", _("Allocations, total, € bn"), "decimal2"),
        ("commitment_total_eur_bn", _("Commitments, total, € bn"), "decimal2"),
        # Three decimals: at two, South Korea and New Zealand would both read 0.04.
        (
            "allocation_pct_gdp",
            _("Allocations, % of GDP (Release {number}, to {month})").format(
                number=RELEASE_B.split()[-1], month=cutoff_label
            ),
            "decimal3",
        ),
    ]
    return TableResult(frame, columns)
