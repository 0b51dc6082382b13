"""Who represented each AP4 partner at NATO summits: the level of representation."""

from __future__ import annotations

# Ordinal scale of the level of representation: rank (higher is more senior). Heads of
# state and heads of government share the top rank. A level that is missing or
# "representative_level_unknown" has no rank: it is unknown, not low.
LEVELS = {
    "head_of_state_and_government": 4,
    "head_of_government": 4,
    "deputy_head_of_government": 3,
    "minister": 2,
    "senior_official_non_minister": 1,
}
TOP_RANK = 4


def summit_grid(attendance, partners: list[str], from_year: int):
    """Tidy grid: one row per summit (from `from_year`) and partner, missing rows kept,
    with each level's rank (`level_rank`, NA where unknown)."""
    import pandas as pd

    rows = attendance[
        (attendance["summit_year"] >= from_year) & attendance["iso3"].isin(partners)
    ].copy()
    summits = (
        rows[["summit_year", "summit_city"]]
        .drop_duplicates()
        .sort_values("summit_year")
        .rename(columns={"summit_city": "city"})
    )
    grid = summits.merge(pd.DataFrame({"iso3": partners}), how="cross")
    grid = grid.merge(
        rows.rename(columns={"summit_city": "city"}),
        on=["summit_year", "city", "iso3"],
        how="left",
    )
    grid["level_rank"] = grid["level"].map(
        lambda level: LEVELS[level] if isinstance(level, str) and level in LEVELS else pd.NA
    )
    grid["level_rank"] = grid["level_rank"].astype("Int64")
    grid["verification_status"] = grid["verification_status"].fillna("no record")
    grid["partner_order"] = grid["iso3"].map({iso3: i for i, iso3 in enumerate(partners)})
    grid = grid.sort_values(["summit_year", "partner_order"]).reset_index(drop=True)
    columns = [
        "summit_year",
        "city",
        "iso3",
        "attendee_name",
        "attendee_office",
        "level",
        "level_rank",
        "verification_status",
    ]
    return grid[columns]
