"""The partners' Individually Tailored Partnership Programmes (ITPPs): which cooperation
areas each lists.

The area names are the one set of words in the analysis layer: the matrix is ordered by
them (after the counts), and numbers.json quotes them as well as the figure. Their
translations are in the catalog of the figure (content/<language>/figure_itpp_areas.po);
a step loads all catalogs of its edition's language.
"""

from __future__ import annotations

from ap4report import i18n
from ap4report.i18n import _


def area_label(code: str) -> str:
    """Display label of an area code (codes are identifiers, not data values); a code
    missing here is shown with its words spelled out."""
    labels = {
        "arms_control_disarmament_nonproliferation": _(
            "Arms control, disarmament and non-proliferation"
        ),
        "capability_interoperability": _("Capability development and interoperability"),
        "climate_security": _("Climate change and security"),
        "counter_terrorism": _("Counter-terrorism"),
        "cyber_defence": _("Cyber defence"),
        "dialogue_consultation": _("Dialogue and consultation"),
        "emerging_disruptive_tech": _("Emerging and disruptive technologies"),
        "humanitarian_disaster_relief": _("Humanitarian aid and disaster relief"),
        "hybrid_threats": _("Hybrid threats"),
        "information_sharing": _("Information sharing"),
        "maritime_security": _("Maritime security"),
        "public_diplomacy": _("Public diplomacy"),
        "resilience": _("Resilience"),
        "science_technology": _("Science and technology"),
        "space": _("Space"),
        "strategic_comms_disinformation": _("Strategic communications and disinformation"),
        "women_peace_security": _("Women, peace and security"),
    }
    return labels.get(code) or i18n.term(code.replace("_", " ").capitalize())


def area_matrix(areas, partners: list[str]):
    """The tidy matrix, areas ordered by how many partners list them (then by label)."""
    import pandas as pd

    cells = areas[areas["iso3"].isin(partners)].copy()
    cells["label"] = cells["area"].map(area_label)
    counts = (
        cells.assign(listed=cells["status"].eq("listed"), expected=cells["status"].eq("expected"))
        .groupby("area")[["listed", "expected"]]
        .sum()
    )
    counts["label"] = counts.index.map(area_label)
    counts = counts.sort_values(["listed", "expected", "label"], ascending=[False, False, True])
    order = list(counts.index)
    cells["n_partners_listing"] = cells["area"].map(counts["listed"]).astype("Int64")
    cells["area_order"] = cells["area"].map({area: i + 1 for i, area in enumerate(order)})
    cells["partner_order"] = cells["iso3"].map({iso3: i for i, iso3 in enumerate(partners)})
    cells = cells.sort_values(["area_order", "partner_order"])
    columns = ["iso3", "area", "label", "status", "verification_status", "n_partners_listing"]
    return cells[columns].reset_index(drop=True), pd.Index(order)


def listed_by_all_known(tidy, partners: list[str]) -> tuple[list[str], list[str]]:
    """Partners with a known list (at least one area listed), and the areas all list."""
    listed = tidy[tidy["status"] == "listed"]
    known = [iso3 for iso3 in partners if iso3 in set(listed["iso3"])]
    common = [
        area
        for area in tidy["area"].drop_duplicates()
        if known and set(known) <= set(listed.loc[listed["area"] == area, "iso3"])
    ]
    return known, common
