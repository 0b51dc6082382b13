"""Milestones in NATO–AP4 relations: the dated events, each with the period its date
stands for (a day, a month, a year or a decade)."""

from __future__ import annotations

# Events that the prose uses as context but that are not milestones of NATO's relations
# with the partners (North Korea and Russia, changes of leaders).
CONTEXT_CATEGORIES = (
    "dprk_russia",
    "dprk_russia_munitions",
    "leadership_change",
    "nato_leadership",
)


def period(date: str, precision: str):
    """(start, end) of the period a date stands for, as Timestamps (end exclusive)."""
    import pandas as pd

    if precision == "decade":
        start = pd.Timestamp(int(date[:4]), 1, 1)
        return start, pd.Timestamp(start.year + 10, 1, 1)
    if precision == "year":
        start = pd.Timestamp(int(date), 1, 1)
        return start, pd.Timestamp(start.year + 1, 1, 1)
    if precision == "month":
        start = pd.Timestamp(date + "-01")
        return start, start + pd.offsets.MonthBegin(1)
    if precision in ("day", "day_range"):  # a range is dated by its first day
        start = pd.Timestamp(date)
        return start, start + pd.Timedelta(days=1)
    raise ValueError(f"cannot place a date of precision {precision!r}: {date!r}")


def dated_milestones(milestones, start_year: int):
    """The milestones (not the context events) dated from `start_year` on, with their
    period (`start`, `end`, `middle`); rows grouped by category (categories in order of
    their first event, `category_order`), each group in date order. Also returns the counts
    left out (undated, before the start)."""
    import pandas as pd

    frame = milestones[~milestones["category"].isin(CONTEXT_CATEGORIES)].copy()
    undated = frame["date"].isna() | (frame["date_precision"] == "unknown")
    dated = frame[~undated].copy()
    periods = [
        period(str(d), str(p)) for d, p in zip(dated["date"], dated["date_precision"], strict=True)
    ]
    dated["start"] = [start for start, _ in periods]
    dated["end"] = [end for _, end in periods]
    early = dated["start"] < pd.Timestamp(start_year, 1, 1)
    shown = dated[~early].copy()
    shown["middle"] = shown["start"] + (shown["end"] - shown["start"]) / 2
    first = shown.groupby("category")["start"].min().sort_values(kind="stable")
    shown["category_order"] = shown["category"].map({c: i for i, c in enumerate(first.index)})
    shown = shown.sort_values(["category_order", "start", "event_summary"], kind="stable")
    return shown.reset_index(drop=True), int(undated.sum()), int(early.sum())
