"""Goods trade with China as a share of each reporter's total trade (IMF DOTS, UN Comtrade).

Country names stay as the trade data writes them; a figure shows them in its edition's
language."""

from __future__ import annotations

import re

FLOWS = ("exports", "imports")


def short_source(source: str) -> str:
    """'IMF Direction of Trade Statistics (DOTS), ...' -> 'IMF DOTS';
    'UN Comtrade (UN Statistics Division), ...' -> 'UN Comtrade'."""
    name = source.split(",")[0]
    acronym = re.search(r"\(([A-Z]{2,})\)", name)
    if acronym:
        return f"{name.split()[0]} {acronym.group(1)}"
    return name.split(" (")[0].strip()


def common_year(trade) -> tuple[str, int]:
    """The latest (source, year) in which one source has both flows for every reporter."""
    reporters = set(trade["iso3"])
    full = []
    for (source, year), rows in trade.groupby(["source", "year"]):
        counts = rows.groupby("iso3")["flow"].nunique()
        if set(counts.index) == reporters and (counts == len(FLOWS)).all():
            full.append((int(year), str(source)))
    if not full:
        raise ValueError("no year in which one source covers every reporter")
    year, source = max(full)
    return source, year


def tidy_trade(trade, countries, partners: list[str]):
    """The shares compared: panel A = every reporter in the common (source, year); panel
    B = the later years of the other source, kept as a separate series (never spliced)."""
    import pandas as pd

    source, year = common_year(trade)
    groups = countries.set_index("iso3")["group"]
    main = trade[(trade["source"] == source) & (trade["year"] == year)].copy()
    main["panel"] = "A"
    later = trade[(trade["source"] != source) & (trade["year"] > year)].copy()
    if len(later):  # one later source only: the one reaching the latest year
        latest_source = later.sort_values(["year", "source"])["source"].iloc[-1]
        later = later[later["source"] == latest_source]
    later["panel"] = "B"
    frame = pd.concat([main, later], ignore_index=True)
    frame["group"] = [
        "AP4 partner" if iso3 in partners else groups.get(iso3, "other") for iso3 in frame["iso3"]
    ]
    frame["source_short"] = [short_source(str(s)) for s in frame["source"]]
    frame["share_pct"] = frame["share_pct"].astype(float)
    frame["rank"] = (
        frame[frame["panel"] == "A"]
        .groupby("flow")["share_pct"]
        .rank(ascending=False, method="min")
        .astype("Int64")
    )
    columns = ["panel", "iso3", "country", "group", "source_short", "source", "year", "flow"]
    columns += ["share_pct", "rank", "value_usd", "world_total_usd"]
    frame = frame[columns].sort_values(["panel", "flow", "year", "share_pct"])
    return frame.reset_index(drop=True)
