"""The numbers and data-dependent claims quoted in the prose (results/numbers.json).

Content files reach them as `n.<section>.<name>`; nothing in the prose is typed by hand.
Claims whose truth depends on the data (who attended, who gives most) are computed here
as values or booleans, so that a data update changes the sentence or flips the claim.

`compute` runs in the edition's language (`i18n.active`) with the countries table localized:
country names come out in that language; everything else is a number, a date or a code from
the data (aid types, summit levels, area codes, cities, offices), which the content words.
`partner` holds one section per partner for the per-partner briefs.

Values keep full precision: the content rounds once, where it prints. Each section is a
`provenance.Section` (the rows its values come from), so that numbers.json records, for
every value, its datasets, releases, rows and weakest verification status.
"""

from __future__ import annotations

import itertools

from ap4report.analysis import ukraine
from ap4report.analysis.itpp import area_label, area_matrix, listed_by_all_known
from ap4report.analysis.milex import constant_usd, guideline_in_force
from ap4report.analysis.milex import share_of_gdp as milex_share_of_gdp
from ap4report.analysis.rok_contracts import FAMILIES, classify
from ap4report.analysis.summits import TOP_RANK, summit_grid
from ap4report.analysis.trade import tidy_trade
from ap4report.i18n import country, term
from ap4report.provenance import Section, Sourced, combine, is_fact, rows, split

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
    "nato_spending_guideline",
    "milex_preliminary",
    "nato_summits",
)
SETTINGS = ("partners", "comparators", "base_year", "summits_from_year")


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
    return {"name": names[iso3], "value": float(series[iso3])}


def _names(countries) -> dict[str, str]:
    return countries.set_index("iso3")["country"].to_dict()


def guideline_numbers(guideline, at_date: str) -> Section:
    """NATO's spending guideline in force on `at_date`, and the newest targets."""
    in_force, newest = guideline_in_force(guideline, at_date)
    row = in_force.iloc[0]
    result = {
        "pct": float(row["value_pct_gdp"]),
        "agreed_at": str(row["agreed_at"]),
        "agreed_date": str(row["agreed_date"]),
    }
    if len(newest):
        by_measure = newest.set_index("measure")
        result["target"] = Sourced(
            {
                "agreed_at": str(newest["agreed_at"].iloc[0]),
                "agreed_date": str(newest["agreed_date"].iloc[0]),
                "year": int(newest["target_year"].iloc[0]),
                "pct": {m: float(v) for m, v in by_measure["value_pct_gdp"].items()},
            },
            rows(guideline, newest),
        )
    return Section(rows(guideline, in_force), result)


def milex_numbers(milex, names, settings, guideline_pct: float) -> Section:
    """Defence spending: latest shares, change since the base year, against the guideline."""
    partners, comparators = settings["partners"], settings["comparators"]
    base_year = settings["base_year"]
    share = milex[milex["indicator"] == "milex_share_gdp_pct"].pivot(
        index="year", columns="iso3", values="value"
    )
    constant, price_year = constant_usd(milex)
    real = milex[milex["indicator"] == constant].pivot(index="year", columns="iso3", values="value")
    latest_year = int(share.index.max())
    latest, base = share.loc[latest_year].astype(float), share.loc[base_year].astype(float)
    above = [names[i] for i in partners if latest[i] >= guideline_pct]
    rising = [names[i] for i in partners if latest[i] > base[i]]
    real_growth = {
        i: 100 * (float(real.loc[latest_year, i]) / float(real.loc[base_year, i]) - 1)
        for i in partners
    }
    top_comparator = max(comparators, key=lambda i: latest[i])
    used = milex[
        milex["iso3"].isin(partners + comparators)
        & milex["year"].isin([base_year, latest_year])
        & milex["indicator"].isin(["milex_share_gdp_pct", constant])
    ]
    return Section(
        rows(milex, used),
        {
            "latest_year": latest_year,
            "base_year": base_year,
            "price_year": price_year,
            "share": {i: float(latest[i]) for i in partners + comparators},
            "share_base": {i: float(base[i]) for i in partners + comparators},
            "partners_above_guideline": above,
            "n_partners_above_guideline": len(above),
            "partners_below_guideline": [names[i] for i in partners if names[i] not in above],
            "partners_rising": rising,
            "n_partners_rising": len(rising),
            "all_partners_rising": len(rising) == len(partners),
            "real_growth_pct": real_growth,
            "above": [
                {"name": names[i], "share": float(latest[i])}
                for i in partners
                if latest[i] >= guideline_pct
            ],
            "fastest_real_growth": names[max(partners, key=real_growth.get)],
            "fastest_real_growth_pct": max(real_growth.values()),
            "top_comparator": names[top_comparator],
            "top_comparator_share": float(latest[top_comparator]),
            "poland_share": float(latest["POL"]) if "POL" in latest else None,
        },
    )


def preliminary_numbers(preliminary, names, settings) -> Section:
    """The newest year of the preliminary copy of SIPRI's next edition (unverified: the
    prose may quote it only as preliminary)."""
    shares = preliminary[preliminary["indicator"] == "milex_share_gdp_pct"]
    year = int(shares["year"].max())
    latest = shares[shares["year"] == year].set_index("iso3")["value"].astype(float)
    shown = [i for i in settings["partners"] + settings["comparators"] if i in latest.index]
    return Section(
        rows(preliminary, shares[shares["year"] == year]),
        {"year": year, "share": {i: float(latest[i]) for i in shown}},
    )


def summit_numbers(summits, calendar, names, settings) -> Section:
    """Who represented each partner at NATO summits since `summits_from_year`, and the
    summits of the calendar whose attendance the data do not hold yet."""
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
                "n_not_invited": int(group["level"].eq("not_invited").fillna(False).sum()),
                "heads": [names[i] for i in partners if i in heads],
                "not_heads": [names[i] for i in partners if i not in heads],
                "all_heads": len(heads) == len(partners),
            }
        )
    all_heads = [s for s in by_summit if s["all_heads"]]
    latest = by_summit[-1]
    peak = max(s["n_heads"] for s in by_summit)
    after_peak = by_summit[[s["n_heads"] for s in by_summit].index(peak) :]
    used = summits[
        (summits["summit_year"] >= settings["summits_from_year"]) & summits["iso3"].isin(partners)
    ]
    return Section(
        rows(summits, used),
        {
            "by_year": {str(s["year"]): s for s in by_summit},
            # The summits after the last one that all four leaders attended.
            "after_all_heads": by_summit[by_summit.index(all_heads[-1]) + 1 :] if all_heads else [],
            "first_year": by_summit[0]["year"],
            "all_heads_years": [s["year"] for s in all_heads],
            "all_heads_cities": [s["city"] for s in all_heads],
            "n_all_heads": len(all_heads),
            "every_summit_all_heads": len(all_heads) == len(by_summit),
            "latest": latest,
            "peak": peak,
            "representation_fell": latest["n_heads"] < peak,
            # Each summit since the best-attended one had fewer leaders than the one before.
            "falling_steadily": len(after_peak) > 2
            and all(a["n_heads"] > b["n_heads"] for a, b in itertools.pairwise(after_peak)),
            "n_summits": len(by_summit),
            "unrecorded": unrecorded_summits(calendar, used),
        },
    )


def unrecorded_summits(calendar, attendance) -> Sourced:
    """The summits after the last one with recorded attendance (held or only scheduled)."""
    last = int(attendance["summit_year"].max())
    later = calendar[calendar["year"] > last].sort_values("year")
    return Sourced(
        [
            {
                "year": int(row["year"]),
                "city": str(row["city"]),
                "start_date": str(row["start_date"]),
                "held": row["status"] == "held",
            }
            for _, row in later.iterrows()
        ],
        rows(calendar, later),
    )


def itpp_numbers(itpp, areas, names, settings) -> Section:
    """Partnership programmes: areas per partner, dates, and the areas all partners share."""
    partners = settings["partners"]
    tidy, _ = area_matrix(areas, partners)
    with_known, shared = listed_by_all_known(tidy, partners)
    listed = tidy[tidy["status"] == "listed"]
    per_partner = {}
    by_iso3 = itpp.set_index("iso3")
    for iso3 in partners:
        row = by_iso3.loc[iso3]
        one = itpp[itpp["iso3"] == iso3]
        date = _plain(row["date_agreed"])
        per_partner[iso3] = {
            "name": names[iso3],
            "n_areas": Sourced(
                _plain(row["n_cooperation_areas"]), rows(itpp, one, "n_cooperation_areas_status")
            ),
            "n_areas_previous": Sourced(
                _plain(row["n_areas_previous_ipcp"]),
                rows(itpp, one, "n_areas_previous_ipcp_status"),
            ),
            "n_listed": Sourced(
                int((listed["iso3"] == iso3).sum()),
                rows(areas, areas[(areas["iso3"] == iso3) & (areas["status"] == "listed")]),
            ),
            "n_unknown": int(((tidy["iso3"] == iso3) & (tidy["status"] == "unknown")).sum()),
            "date": Sourced(date, rows(itpp, one, "date_status")),
            "date_alt": Sourced(_plain(row["date_agreed_alt"]), rows(itpp, one, "date_status")),
            "year": Sourced(date[:4] if date else None, rows(itpp, one, "date_status")),
            "period": Sourced(_plain(row["period"]), rows(itpp, one, "period_status")),
        }
    listed_rows = areas[areas["iso3"].isin(partners) & (areas["status"] == "listed")]
    return Section(
        rows(areas, listed_rows),
        {
            "partner": per_partner,
            "partners_with_known_areas": [names[i] for i in with_known],
            "partners_without_known_areas": [names[i] for i in partners if i not in with_known],
            "areas_listed_by_all": [area_label(a).lower() for a in shared],
            "n_areas_listed_by_all": len(shared),
            "listed_by": {
                area: [
                    names[i]
                    for i in partners
                    if i in set(listed.loc[listed["area"] == area, "iso3"])
                ]
                for area in ("cyber_defence", "information_sharing", "hybrid_threats")
            },
            "n_cells_unknown": int((tidy["status"] == "unknown").sum()),
        },
    )


def kiel_numbers(kiel, monthly, names, settings) -> Section:
    """Ukraine support (Kiel, one release): the partners' allocations and commitments, their
    rank among all donors (EU institutions included), and % of GDP."""
    partners = settings["partners"]
    donors = sorted(set(kiel["iso3"]))
    allocations = ukraine.allocations_by_type(kiel, donors)
    commitments = ukraine.commitments_total(kiel, partners)
    ranked = list(allocations["total"].sort_values(ascending=False).index)
    total = allocations.loc[partners, "total"]
    top, top_military = total.idxmax(), allocations.loc[partners, "military"].idxmax()
    gdp_share, (year, month) = ukraine.share_of_gdp(monthly, partners)
    return Section(
        combine(rows(kiel), rows(monthly, monthly[monthly["iso3"].isin(partners)])),
        {
            "allocations": {i: float(total[i]) for i in partners},
            "commitments": {i: float(commitments[i]) for i in partners},
            "by_type": {
                kind: {i: float(allocations.loc[i, kind]) for i in partners}
                for kind in ("military", "financial", "humanitarian")
            },
            "top": names[top],
            "top_iso3": top,
            "top_allocation": float(total[top]),
            "top_is_japan": top == "JPN",
            "top_commitment": names[commitments.idxmax()],
            "top_share_of_partners_pct": 100 * float(total[top] / total.sum()),
            "top_military": names[top_military],
            "top_military_iso3": top_military,
            "top_military_value": float(allocations.loc[top_military, "military"]),
            "rank": {i: ranked.index(i) + 1 for i in partners},
            "n_donors": len(ranked),
            "share_gdp_pct": {i: float(gdp_share.loc[i, "pct_gdp"]) for i in partners},
            "share_gdp_lowest": _extreme(gdp_share["pct_gdp"], min, names),
            "share_gdp_highest": _extreme(gdp_share["pct_gdp"], max, names),
            "largest_type": {
                i: max(
                    ("military", "financial", "humanitarian"),
                    key=lambda t: allocations.loc[i, t],
                )
                for i in partners
            },
            "cutoff": f"{year}-{month:02d}",
        },
    )


def _actors(row) -> str:
    """A milestone's actors in the edition's language: a country's name where the row names
    one country, else the data's words (translated as a data term)."""
    iso3 = row["actors_iso3"]
    if isinstance(iso3, str) and len(iso3) == 3 and iso3.isalpha():
        return country(iso3, row["actors"])
    return term(row["actors"])


# The events the prose dates, found by category and a phrase of their summary.
EVENTS = {
    "strategic_concept": ("strategy", "Strategic Concept"),
    "aukus": ("minilateral", "AUKUS"),
    "camp_david": ("minilateral", "Camp David"),
    "germany_china_strategy": ("china_policy", "Germany"),
    "tokyo_visit": ("high_level_visit", "Tokyo"),
    "france_opposition": ("liaison_office", "opposes"),
    "tokyo_office_shelved": ("liaison_office", "not currently discussing"),
    "washington_projects": ("summit", "four joint projects"),
    "hague_declaration": ("summit", "Hague Summit Declaration"),
    "ankara_summit": ("summit", "Ankara NATO summit"),
    "ankara_exclusion_report": ("summit", "not to invite"),
    "dprk_troops_first_reported": ("dprk_russia", "began sending troops"),
    "dprk_troops_confirmed_by_nato": ("dprk_russia", "Rutte confirms"),
    "dprk_troops_in_combat": ("dprk_russia", "engaged in combat"),
    "dprk_admission": ("dprk_russia", "confirms for the first time"),
    "dprk_munitions_containers": ("dprk_russia_munitions", "13,000 containers"),
    "rutte": ("nato_leadership", "Rutte takes office"),
    "lee_jae_myung": ("leadership_change", "Lee Jae-myung"),
    "takaichi": ("leadership_change", "Takaichi"),
}


def milestone_numbers(milestones) -> Section:
    """Dated events the prose refers to, found by category and phrase; each date carries
    its own row's verification status."""
    dated = milestones[milestones["date"].notna()]

    def event(category: str, contains: str) -> Sourced:
        found = dated[
            (dated["category"] == category)
            & dated["event_summary"].str.contains(contains, regex=False)
        ]
        if found.empty:
            raise LookupError(f"milestones: no event of category {category!r} with {contains!r}")
        return Sourced(str(found.iloc[0]["date"]), rows(milestones, found.head(1)))

    strategies = dated[dated["category"] == "european_indo_pacific_strategy"]
    result = {name: event(*how) for name, how in EVENTS.items()}
    return Section(
        rows(milestones, strategies),
        {
            **result,
            "european_strategies": [
                {"actors": _actors(row), "date": row["date"]} for _, row in strategies.iterrows()
            ],
            "n_european_strategies": len(strategies),
        },
    )


def rok_numbers(arms) -> Section:
    """South Korea–Poland contracts, by framework agreement: what each framework agreed and
    what executive contracts under it have ordered (quantities and values)."""
    contracts = classify(arms)
    # Where sources conflict on a framework's quantity (another figure in quantity_alt),
    # its date and value are still verified.
    quantity_conflict = contracts["verification_status"].eq("verified_with_conflict") & (
        contracts["quantity_alt"].notna()
    )
    contracts["date_value_status"] = contracts["verification_status"].mask(
        quantity_conflict, "verified"
    )
    frameworks = contracts[contracts["kind"] == "framework"]
    executive = contracts[(contracts["kind"] == "executive") & contracts["munition"].isna()]
    orders = contracts[contracts["kind"] == "executive"]
    families = {}
    for key, _, unit, _ in FAMILIES:
        agreed = frameworks[frameworks["family"] == key]
        done = executive[executive["family"] == key]
        quantity = _plain(agreed["quantity"].iloc[0]) if len(agreed) else None
        ordered = float(done["quantity"].astype(float).sum())
        families[key] = Section(
            rows(arms, pd_concat(agreed, done)),
            {
                "quantity": Sourced(quantity, rows(arms, agreed)),
                "executed": Sourced(ordered, rows(arms, done)),
                "all_ordered": quantity is not None and ordered >= quantity,
                "unit": unit,  # a code: the prose writes its own nouns
                "framework_date": Sourced(
                    str(agreed["date_signed"].iloc[0]) if len(agreed) else None,
                    rows(arms, agreed, "date_value_status"),
                ),
            },
        )
    by_date = {}
    for date, agreed in frameworks.groupby("date_signed", sort=True):
        keys = [k for k, *_ in FAMILIES if k in set(agreed["family"])]
        under = orders[orders["family"].isin(keys)]
        by_date[str(date)] = Sourced(
            {
                "date": str(date),
                "families": keys,
                "n_executive": len(under),
                "executive_value_usd_bn": float(under["value_usd_bn"].astype(float).sum()),
                "any_value_approximate": bool(under["value_usd_bn_qualifier"].notna().any()),
                "latest_contract": str(under["date_signed"].max()) if len(under) else None,
            },
            rows(arms, pd_concat(agreed, under), "date_value_status"),
        )
    first = min(by_date)
    return Section(
        rows(arms),
        {
            "framework": families,
            "framework_date": first,
            "first_frameworks": by_date[first],
            "frameworks": by_date,
            "n_executive_all": Sourced(len(orders), rows(arms, orders, "date_value_status")),
            "executive_value_all_usd_bn": Sourced(
                float(orders["value_usd_bn"].astype(float).sum()),
                rows(arms, orders, "date_value_status"),
            ),
        },
    )


def pd_concat(*frames):
    import pandas as pd

    return pd.concat(frames)


def trade_numbers(trade, countries, settings) -> Section:
    """Exposure to China: export shares in the latest year one source covers for all."""
    partners = settings["partners"]
    tidy = tidy_trade(trade, countries, partners)
    exports = tidy[(tidy["panel"] == "A") & (tidy["flow"] == "exports")].set_index("iso3")
    year = int(exports["year"].iloc[0])
    nato = exports[exports["group"] == "NATO member"]["share_pct"]
    median = float(nato.median())
    ordered = nato.sort_values()
    middle = len(ordered) // 2
    at_median = list(ordered.index[[middle] if len(ordered) % 2 else [middle - 1, middle]])
    shown = trade[(trade["year"] == year) & (trade["flow"] == "exports")]
    return Section(
        rows(trade, shown[shown["iso3"].isin(partners)]),
        {
            "year": year,
            "source": str(exports["source_short"].iloc[0]),
            "export_share": {i: float(exports.loc[i, "share_pct"]) for i in partners},
            "export_rank": {i: int(exports.loc[i, "rank"]) for i in partners},
            "n_reporters": len(exports),
            "nato_median_export_share": Sourced(
                median, rows(trade, shown[shown["iso3"].isin(at_median)])
            ),
            "n_nato_reporters": len(nato),
            "nato_max_export_share": Sourced(
                float(nato.max()), rows(trade, shown[shown["iso3"] == nato.idxmax()])
            ),
        },
    )


def partner_milex(milex, names, settings, iso3, milex_section, guideline_pct) -> Section:
    """One partner's defence spending: shares, change, real growth, rank among all shown."""
    partners, comparators = settings["partners"], settings["comparators"]
    base_year, latest_year = milex_section["base_year"], milex_section["latest_year"]
    share = milex_share_of_gdp(milex, partners, comparators)
    latest, base = share.loc[latest_year], share.loc[base_year]
    constant, price_year = constant_usd(milex)
    real = milex[(milex["indicator"] == constant) & (milex["iso3"] == iso3)]
    spending = float(real.loc[real["year"] == latest_year, "value"].iloc[0]) / 1000
    above = sorted((i for i in comparators if latest[i] > latest[iso3]), key=lambda i: -latest[i])
    used = milex[
        milex["iso3"].isin(partners + comparators) & milex["year"].isin([base_year, latest_year])
    ]
    return Section(
        rows(milex, used),
        {
            "latest_year": latest_year,
            "base_year": base_year,
            "share_latest": float(latest[iso3]),
            "share_base": float(base[iso3]),
            "change_pp": float(latest[iso3]) - float(base[iso3]),
            "spending_usd_bn_latest": spending,
            "price_year": price_year,
            "real_growth_pct": milex_section["real_growth_pct"][iso3],
            "at_or_above_guideline": bool(latest[iso3] >= guideline_pct),
            "rank_latest": 1 + int((latest > latest[iso3]).sum()),
            "of": len(latest),
            "comparators_above": [names[i] for i in above],
            "n_comparators_above": len(above),
        },
    )


def partner_itpp(itpp, areas, iso3, settings) -> Section:
    """One partner's programme: period, date (None unless verified at least in part), areas."""
    one = itpp[itpp["iso3"] == iso3]
    row = one.iloc[0]
    status = _plain(row["date_status"])
    unverified = status is None or status.startswith("unverified")
    tidy, _ = area_matrix(areas, settings["partners"])  # areas in the figure's order
    listed = tidy.loc[(tidy["iso3"] == iso3) & (tidy["status"] == "listed"), "area"].tolist()
    listed_rows = areas[(areas["iso3"] == iso3) & (areas["status"] == "listed")]
    return Section(
        rows(areas, listed_rows),
        {
            "period": Sourced(_plain(row["period"]), rows(itpp, one, "period_status")),
            "period_status": _plain(row["period_status"]),
            "date": Sourced(
                None if unverified else _plain(row["date_agreed"]),
                rows(itpp, one, "date_status"),
            ),
            "date_precision": None if unverified else _plain(row["date_agreed_precision"]),
            "date_status": status,
            "date_is_fact": status is not None and is_fact(status),
            "n_areas_reported": Sourced(
                _plain(row["n_cooperation_areas"]),
                rows(itpp, one, "n_cooperation_areas_status"),
            ),
            "n_areas_listed": len(listed),
            "areas": listed,
            "area_labels": [area_label(area) for area in listed],
        },
    )


def partner_summits(summits, iso3, settings) -> Section:
    """Who represented one partner at each summit since `summits_from_year`."""
    grid = summit_grid(summits, settings["partners"], settings["summits_from_year"])
    found = []
    for record in grid[grid["iso3"] == iso3].itertuples(index=False):
        found.append(
            {
                "year": int(record.summit_year),
                "city": record.city,
                "level": _plain(record.level),
                "attended_in_person_by_leader": _plain(record.level_rank) == TOP_RANK,
                "attendee_name": _plain(record.attendee_name),
                "attendee_office": _plain(record.attendee_office),
            }
        )
    leader_years = [row["year"] for row in found if row["attended_in_person_by_leader"]]
    used = summits[
        (summits["iso3"] == iso3) & (summits["summit_year"] >= settings["summits_from_year"])
    ]
    return Section(
        rows(summits, used),
        {
            "by_summit": found,
            "n_summits": len(found),
            "n_leader_attended": len(leader_years),
            "leader_attended_years": leader_years,
        },
    )


def partner_ukraine(kiel, monthly, iso3, settings, kiel_section) -> Section:
    """One partner's Ukraine support (Kiel): allocations by type, % of GDP, ranks."""
    partners = settings["partners"]
    allocations = ukraine.allocations_by_type(kiel, partners)
    gdp_share, _ = ukraine.share_of_gdp(monthly, partners)
    totals = allocations["total"]
    return Section(
        combine(rows(kiel), rows(monthly, monthly[monthly["iso3"] == iso3])),
        {
            "total_eur_bn": float(totals[iso3]),
            "by_type": {kind: float(allocations.loc[iso3, kind]) for kind in ukraine.AID_TYPES},
            "largest_type": kiel_section["largest_type"][iso3],
            "pct_gdp": float(gdp_share.loc[iso3, "pct_gdp"]),
            "rank_ap4": 1 + int((totals > totals[iso3]).sum()),
            "of_ap4": len(partners),
            "rank_all_donors": kiel_section["rank"][iso3],
            "n_donors": kiel_section["n_donors"],
            "cutoff": kiel_section["cutoff"],  # last month of the % of GDP data (YYYY-MM)
        },
    )


# The supplier in rok_poland_arms: every contract in it is South Korea's.
ARMS_SUPPLIER = "KOR"


def partner_numbers(data: dict, names, settings, sections: dict, guideline_pct) -> dict:
    """Per partner (the per-partner briefs): spending, programme, summits, Ukraine, and for
    the supplier of Poland's arms contracts (rok_poland_arms), those contracts."""
    rok = rok_numbers(data["rok_poland_arms"])
    result = {
        iso3: {
            "name": Sourced(names[iso3], rows(data["countries"], data["countries"].head(0))),
            "milex": partner_milex(
                data["milex"], names, settings, iso3, sections["milex"], guideline_pct
            ),
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
    arms = data["rok_poland_arms"]
    for iso3, section in result.items():
        section["arms_to_poland"] = rok if iso3 == ARMS_SUPPLIER else Sourced(None, rows(arms))
    return result


def build(data: dict, settings: dict, at_date: str) -> dict:
    """The sections of numbers.json with their provenance (see `provenance.split`).
    `at_date` (the edition's date) selects the spending guideline in force."""
    names = _names(data["countries"])
    guideline = guideline_numbers(data["nato_spending_guideline"], at_date)
    result = {
        "guideline": guideline,
        "milex": milex_numbers(data["milex"], names, settings, guideline["pct"]),
        "milex_preliminary": preliminary_numbers(data["milex_preliminary"], names, settings),
        "summits": summit_numbers(data["summit_attendance"], data["nato_summits"], names, settings),
        "itpp": itpp_numbers(data["itpp"], data["itpp_areas"], names, settings),
        "kiel": kiel_numbers(
            data["ukraine_support_kiel"], data["ukraine_support_kiel_ap4_monthly"], names, settings
        ),
        "milestones": milestone_numbers(data["milestones"]),
        "rok": rok_numbers(data["rok_poland_arms"]),
        "trade": trade_numbers(data["trade_china"], data["countries"], settings),
    }
    countries = data["countries"]
    result["n_partners"] = Sourced(
        len(settings["partners"]),
        rows(countries, countries[countries["iso3"].isin(settings["partners"])]),
    )
    plain, _ = split(result)
    result["partner"] = partner_numbers(data, names, settings, plain, guideline["pct"])
    return result


def compute_with_provenance(data: dict, settings: dict, at_date: str) -> dict:
    """numbers.json: {"values": ..., "provenance": {path: datasets, releases, status, keys}}."""
    values, provenance = split(build(data, settings, at_date))
    return {"values": values, "provenance": provenance}


def compute(data: dict, settings: dict, at_date: str = "9999-12-31") -> dict:
    """The values alone (as the content reads them)."""
    return compute_with_provenance(data, settings, at_date)["values"]
