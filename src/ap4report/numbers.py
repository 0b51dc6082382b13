"""The numbers and data-dependent claims quoted in the prose (results/numbers.json).

Content files reach them as `n.<section>.<name>`; nothing in the prose is typed by hand.
Claims whose truth depends on the data (who attended, who gives most) are computed here
as values or booleans, so that a data update changes the sentence or flips the claim.

`compute` runs in the edition's language (`i18n.active`) with the countries table localized:
country names come out in that language; everything else is a number, a date or a code from
the data (aid types, summit levels, area codes, cities, offices), which the content words.
`partner` holds one section per partner for the per-partner briefs.
"""

from __future__ import annotations

from ap4report.i18n import country, term

DATASETS = (
    "countries",
    "milex",
    "summit_attendance",
    "itpp",
    "itpp_areas",
    "ukraine_support_kiel",
    "ukraine_support_kiel_ap4_monthly",
    "ukraine_support_ap4_items",
    "rok_poland_arms",
    "milestones",
    "trade_china",
)
SETTINGS = ("partners", "comparators", "guideline_pct_gdp", "base_year", "summits_from_year")

# SIPRI's series in constant US dollars; its price year is part of the indicator's code.
CONSTANT_USD = "milex_constant_2023_usd_m"
CONSTANT_PRICE_YEAR = int(CONSTANT_USD.split("_")[2])


def _plain(value):
    """A scalar from a typed frame as plain JSON: None for missing, int, float or str."""
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _extreme(series, pick, names) -> dict:
    """The country with the lowest or highest value of a series, with its value."""
    iso3 = pick(series.index, key=lambda i: series[i])
    return {"name": names[iso3], "value": round(float(series[iso3]), 3)}


def _names(countries) -> dict[str, str]:
    return countries.set_index("iso3")["country"].to_dict()


def milex_numbers(milex, names, settings) -> dict:
    """Defence spending: latest shares, change since the base year, the 2% guideline."""
    partners, guideline = settings["partners"], settings["guideline_pct_gdp"]
    base_year = settings["base_year"]
    share = milex[milex["indicator"] == "milex_share_gdp_pct"].pivot(
        index="year", columns="iso3", values="value"
    )
    real = milex[milex["indicator"] == CONSTANT_USD].pivot(
        index="year", columns="iso3", values="value"
    )
    latest_year = int(share.index.max())
    latest, base = share.loc[latest_year].astype(float), share.loc[base_year].astype(float)
    above = [names[i] for i in partners if latest[i] >= guideline]
    rising = [names[i] for i in partners if latest[i] > base[i]]
    real_growth = {
        i: round(100 * (float(real.loc[latest_year, i]) / float(real.loc[base_year, i]) - 1), 1)
        for i in partners
    }
    comparators = settings["comparators"]
    top_comparator = max(comparators, key=lambda i: latest[i])
    return {
        "latest_year": latest_year,
        "base_year": base_year,
        "guideline_pct": guideline,
        "share": {i: round(float(latest[i]), 2) for i in partners + comparators},
        "share_base": {i: round(float(base[i]), 2) for i in partners + comparators},
        "partners_above_guideline": above,
        "n_partners_above_guideline": len(above),
        "partners_below_guideline": [names[i] for i in partners if names[i] not in above],
        "partners_rising": rising,
        "n_partners_rising": len(rising),
        "all_partners_rising": len(rising) == len(partners),
        "real_growth_pct": real_growth,
        "above": [
            {"name": names[i], "share": round(float(latest[i]), 2)}
            for i in partners
            if latest[i] >= guideline
        ],
        "fastest_real_growth": names[max(partners, key=real_growth.get)],
        "fastest_real_growth_pct": max(real_growth.values()),
        "top_comparator": names[top_comparator],
        "top_comparator_share": round(float(latest[top_comparator]), 2),
    }


def summit_numbers(summits, names, settings) -> dict:
    """Who represented each partner at NATO summits since `summits_from_year`."""
    from ap4report.figures.summit_representation import TOP_RANK, summit_grid

    partners = settings["partners"]
    grid = summit_grid(summits, partners, settings["summits_from_year"])
    by_summit = []
    for (year, city), group in grid.groupby(["summit_year", "city"], sort=True):
        heads = group.loc[group["level_rank"].eq(TOP_RANK).fillna(False), "iso3"].tolist()
        by_summit.append(
            {
                "year": int(year),
                "city": city,
                "n_heads": len(heads),
                "heads": [names[i] for i in partners if i in heads],
                "not_heads": [names[i] for i in partners if i not in heads],
                "all_heads": len(heads) == len(partners),
            }
        )
    all_heads_years = [s["year"] for s in by_summit if s["all_heads"]]
    all_heads_cities = [s["city"] for s in by_summit if s["all_heads"]]
    latest = by_summit[-1]
    peak = max(s["n_heads"] for s in by_summit)
    return {
        "by_year": {str(s["year"]): s for s in by_summit},
        "first_year": by_summit[0]["year"],
        "all_heads_years": all_heads_years,
        "all_heads_cities": all_heads_cities,
        "n_all_heads": len(all_heads_years),
        "latest": latest,
        "representation_fell": latest["n_heads"] < peak,
        "n_summits": len(by_summit),
    }


def itpp_numbers(itpp, areas, names, settings) -> dict:
    """Partnership programmes: areas per partner, dates, and the areas all partners share."""
    from ap4report.figures.itpp_areas import area_label, area_matrix, listed_by_all_known

    partners = settings["partners"]
    tidy, _ = area_matrix(areas, partners)
    with_known, shared = listed_by_all_known(tidy, partners)
    listed = tidy[tidy["status"] == "listed"]
    per_partner = {}
    for iso3 in partners:
        row = itpp.set_index("iso3").loc[iso3]
        date = _plain(row["date_agreed"])
        per_partner[iso3] = {
            "name": names[iso3],
            "n_areas": _plain(row["n_cooperation_areas"]),
            "n_areas_previous": _plain(row["n_areas_previous_ipcp"]),
            "n_listed": int((listed["iso3"] == iso3).sum()),
            "n_unknown": int(((tidy["iso3"] == iso3) & (tidy["status"] == "unknown")).sum()),
            "date": date,
            "date_alt": _plain(row["date_agreed_alt"]),
            "year": date[:4] if date else None,
            "period": _plain(row["period"]),
        }
    return {
        "partner": per_partner,
        "partners_with_known_areas": [names[i] for i in with_known],
        "partners_without_known_areas": [names[i] for i in partners if i not in with_known],
        "areas_listed_by_all": [area_label(a).lower() for a in shared],
        "n_areas_listed_by_all": len(shared),
        "listed_by": {
            area: [
                names[i] for i in partners if i in set(listed.loc[listed["area"] == area, "iso3"])
            ]
            for area in ("cyber_defence", "information_sharing", "hybrid_threats")
        },
        "n_cells_unknown": int((tidy["status"] == "unknown").sum()),
    }


def kiel_numbers(kiel, monthly, names, settings) -> dict:
    """Ukraine support (Kiel): allocations and commitments of the partners, % of GDP."""
    from ap4report.figures.ukraine_support import (
        allocations_by_type,
        commitments_total,
        share_of_gdp,
    )

    partners = settings["partners"]
    donors = sorted(set(kiel["iso3"]) - {"EU_INST"})
    allocations = allocations_by_type(kiel, donors)
    commitments = commitments_total(kiel, partners)
    ranked = list(allocations["total"].sort_values(ascending=False).index)
    total = allocations.loc[partners, "total"]
    top, top_military = total.idxmax(), allocations.loc[partners, "military"].idxmax()
    gdp_share, (year, month) = share_of_gdp(monthly, partners)
    return {
        "allocations": {i: round(float(total[i]), 2) for i in partners},
        "commitments": {i: round(float(commitments[i]), 2) for i in partners},
        "by_type": {
            kind: {i: round(float(allocations.loc[i, kind]), 2) for i in partners}
            for kind in ("military", "financial", "humanitarian")
        },
        "top": names[top],
        "top_iso3": top,
        "top_allocation": round(float(total[top]), 2),
        "top_is_japan": top == "JPN",
        "top_commitment": names[commitments.idxmax()],
        "top_share_of_partners_pct": round(100 * float(total[top] / total.sum()), 1),
        "top_military": names[top_military],
        "top_military_value": round(float(allocations.loc[top_military, "military"]), 2),
        "rank": {i: ranked.index(i) + 1 for i in partners},
        "n_donors": len(ranked),
        "share_gdp_pct": {i: round(float(gdp_share.loc[i, "pct_gdp"]), 3) for i in partners},
        "share_gdp_lowest": _extreme(gdp_share["pct_gdp"], min, names),
        "share_gdp_highest": _extreme(gdp_share["pct_gdp"], max, names),
        "largest_type": {
            i: max(("military", "financial", "humanitarian"), key=lambda t: allocations.loc[i, t])
            for i in partners
        },
        "cutoff": f"{year}-{month:02d}",
    }


def _actors(row) -> str:
    """A milestone's actors in the edition's language: a country's name where the row names
    one country, else the data's words (translated as a data term)."""
    iso3 = row["actors_iso3"]
    if isinstance(iso3, str) and len(iso3) == 3 and iso3.isalpha():
        return country(iso3, row["actors"])
    return term(row["actors"])


def milestone_numbers(milestones) -> dict:
    """Dated events the prose refers to, found by category."""
    dated = milestones[milestones["date"].notna()]

    def first(category: str, contains: str = "") -> str:
        rows = dated[dated["category"] == category]
        if contains:
            rows = rows[rows["event_summary"].str.contains(contains, regex=False)]
        if rows.empty:
            raise LookupError(f"no milestone of category {category!r} mentioning {contains!r}")
        return str(rows.iloc[0]["date"])

    strategies = dated[dated["category"] == "european_indo_pacific_strategy"]
    return {
        "strategic_concept": first("strategy", "Strategic Concept"),
        "aukus": first("minilateral", "AUKUS"),
        "camp_david": first("minilateral", "Camp David"),
        "germany_china_strategy": first("china_policy", "Germany"),
        "tokyo_visit": first("high_level_visit", "Tokyo"),
        "france_opposition": first("liaison_office", "opposes"),
        "european_strategies": [
            {"actors": _actors(row), "date": row["date"]} for _, row in strategies.iterrows()
        ],
        "n_european_strategies": len(strategies),
    }


def rok_numbers(arms) -> dict:
    """South Korea–Poland contracts: framework against executed quantities, total value."""
    from ap4report.figures.rok_poland_contracts import FAMILIES, tidy_contracts

    plotted, _, contracts = tidy_contracts(arms)
    quantities = plotted[plotted["panel"] == "A"]
    values = plotted[plotted["panel"] == "B"]
    framework = {}
    for key, _, unit, _ in FAMILIES:
        rows = quantities[quantities["family"].str.startswith(key)]
        agreed = rows[rows["measure"] == "framework quantity"]
        executed = rows[rows["measure"] == "executed quantity"]
        framework[key] = {
            "quantity": _plain(agreed["value"].iloc[0]) if len(agreed) else None,
            # Already in the edition's language (the figure module translates it).
            "also_reported": _plain(agreed["also_reported"].iloc[0]) if len(agreed) else None,
            "executed": _plain(executed["value"].iloc[0]) if len(executed) else 0,
            "unit": unit,  # a code: the prose writes its own nouns
        }
    agreements = contracts[contracts["kind"] == "framework"]
    return {
        "framework": framework,
        "framework_date": str(agreements["date_signed"].min()),
        "n_executive": len(values),
        "executive_value_usd_bn": round(float(values["value"].sum()), 1),
        "any_value_approximate": bool(values["qualifier"].notna().any()),
        "latest_contract": str(values["date_signed"].max()),
    }


def trade_numbers(trade, countries, settings) -> dict:
    """Exposure to China: export shares in the latest year one source covers for all."""
    from ap4report.figures.china_trade import tidy_trade

    partners = settings["partners"]
    tidy = tidy_trade(trade, countries, partners)
    exports = tidy[(tidy["panel"] == "A") & (tidy["flow"] == "exports")].set_index("iso3")
    nato = exports[exports["group"] == "NATO member"]["share_pct"]
    return {
        "year": int(exports["year"].iloc[0]),
        "source": str(exports["source_short"].iloc[0]),
        "export_share": {i: round(float(exports.loc[i, "share_pct"]), 1) for i in partners},
        "export_rank": {i: int(exports.loc[i, "rank"]) for i in partners},
        "n_reporters": len(exports),
        "nato_median_export_share": round(float(nato.median()), 1),
        "n_nato_reporters": len(nato),
    }


def partner_milex(milex, names, settings, iso3, milex_section) -> dict:
    """One partner's defence spending: shares, change, real growth, rank among all shown."""
    from ap4report.figures.milex_share import share_of_gdp

    partners, comparators = settings["partners"], settings["comparators"]
    base_year, latest_year = milex_section["base_year"], milex_section["latest_year"]
    share = share_of_gdp(milex, partners, comparators)
    latest, base = share.loc[latest_year], share.loc[base_year]
    real = milex[(milex["indicator"] == CONSTANT_USD) & (milex["iso3"] == iso3)]
    spending = float(real.loc[real["year"] == latest_year, "value"].iloc[0]) / 1000
    above = sorted((i for i in comparators if latest[i] > latest[iso3]), key=lambda i: -latest[i])
    return {
        "latest_year": latest_year,
        "base_year": base_year,
        "share_latest": round(float(latest[iso3]), 2),
        "share_base": round(float(base[iso3]), 2),
        "change_pp": round(round(float(latest[iso3]), 2) - round(float(base[iso3]), 2), 2),
        "spending_usd_bn_latest": round(spending, 1),
        "price_year": CONSTANT_PRICE_YEAR,
        "real_growth_pct": milex_section["real_growth_pct"][iso3],
        "at_or_above_guideline": bool(latest[iso3] >= settings["guideline_pct_gdp"]),
        "rank_latest": 1 + int((latest > latest[iso3]).sum()),
        "of": len(latest),
        "comparators_above": [names[i] for i in above],
        "n_comparators_above": len(above),
    }


def partner_itpp(itpp, areas, iso3, settings) -> dict:
    """One partner's programme: period, date (None unless verified at least in part), areas."""
    from ap4report.figures.itpp_areas import area_label, area_matrix

    row = itpp.set_index("iso3").loc[iso3]
    status = _plain(row["date_status"])
    unverified = status is None or status.startswith("unverified")
    tidy, _ = area_matrix(areas, settings["partners"])  # areas in the figure's order
    listed = tidy.loc[(tidy["iso3"] == iso3) & (tidy["status"] == "listed"), "area"].tolist()
    return {
        "period": _plain(row["period"]),
        "period_status": _plain(row["period_status"]),
        "date": None if unverified else _plain(row["date_agreed"]),
        "date_precision": None if unverified else _plain(row["date_agreed_precision"]),
        "date_status": status,
        "n_areas_reported": _plain(row["n_cooperation_areas"]),
        "n_areas_listed": len(listed),
        "areas": listed,
        "area_labels": [area_label(area) for area in listed],
    }


def partner_summits(summits, iso3, settings) -> dict:
    """Who represented one partner at each summit since `summits_from_year`."""
    from ap4report.figures.summit_representation import TOP_RANK, summit_grid

    grid = summit_grid(summits, settings["partners"], settings["summits_from_year"])
    rows = []
    for record in grid[grid["iso3"] == iso3].itertuples(index=False):
        rows.append(
            {
                "year": int(record.summit_year),
                "city": record.city,
                "level": _plain(record.level),
                "attended_in_person_by_leader": _plain(record.level_rank) == TOP_RANK,
                "attendee_name": _plain(record.attendee_name),
                "attendee_office": _plain(record.attendee_office),
            }
        )
    leader_years = [row["year"] for row in rows if row["attended_in_person_by_leader"]]
    return {
        "by_summit": rows,
        "n_summits": len(rows),
        "n_leader_attended": len(leader_years),
        "leader_attended_years": leader_years,
    }


def partner_ukraine(kiel, monthly, iso3, settings, kiel_section) -> dict:
    """One partner's Ukraine support (Kiel): allocations by type, % of GDP, ranks."""
    from ap4report.figures.ukraine_support import AID_TYPES, allocations_by_type, share_of_gdp

    partners = settings["partners"]
    allocations = allocations_by_type(kiel, partners)
    gdp_share, _ = share_of_gdp(monthly, partners)
    totals = allocations["total"]
    return {
        "total_eur_bn": round(float(totals[iso3]), 2),
        "by_type": {kind: round(float(allocations.loc[iso3, kind]), 2) for kind in AID_TYPES},
        "largest_type": kiel_section["largest_type"][iso3],
        "pct_gdp": round(float(gdp_share.loc[iso3, "pct_gdp"]), 3),
        "rank_ap4": 1 + int((totals > totals[iso3]).sum()),
        "of_ap4": len(partners),
        "rank_all_donors": kiel_section["rank"][iso3],
        "n_donors": kiel_section["n_donors"],
        "cutoff": kiel_section["cutoff"],  # last month of the % of GDP data (YYYY-MM)
    }


def partner_numbers(data: dict, names, settings, sections: dict) -> dict:
    """Per partner (the per-partner briefs): spending, programme, summits, Ukraine."""
    return {
        iso3: {
            "name": names[iso3],
            "milex": partner_milex(data["milex"], names, settings, iso3, sections["milex"]),
            "itpp": partner_itpp(data["itpp"], data["itpp_areas"], iso3, settings),
            "summits": partner_summits(data["summit_attendance"], iso3, settings),
            "ukraine": partner_ukraine(
                data["ukraine_support_kiel"],
                data["ukraine_support_kiel_ap4_monthly"],
                iso3,
                settings,
                sections["kiel"],
            ),
        }
        for iso3 in settings["partners"]
    }


def compute(data: dict, settings: dict) -> dict:
    names = _names(data["countries"])
    result = {
        "milex": milex_numbers(data["milex"], names, settings),
        "summits": summit_numbers(data["summit_attendance"], names, settings),
        "itpp": itpp_numbers(data["itpp"], data["itpp_areas"], names, settings),
        "kiel": kiel_numbers(
            data["ukraine_support_kiel"], data["ukraine_support_kiel_ap4_monthly"], names, settings
        ),
        "milestones": milestone_numbers(data["milestones"]),
        "rok": rok_numbers(data["rok_poland_arms"]),
        "trade": trade_numbers(data["trade_china"], data["countries"], settings),
    }
    result["partner"] = partner_numbers(data, names, settings, result)
    return result
