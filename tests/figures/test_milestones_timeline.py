"""The milestones timeline, checked against values computed here from the files in data/."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pandas as pd
import pytest

from ap4report import i18n
from ap4report.analysis.milestones import CONTEXT_CATEGORIES
from ap4report.figures import milestones_timeline

from conftest import DATA, texts_of
from figure_helpers import POLISH, english_left, in_language, layout_problems, words

START = 2012


@pytest.fixture(scope="module")
def raw_milestones():
    with (DATA / "milestones.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def first_year(date: str) -> int:
    return int(date[:4])


def on_the_timeline(rows, start=START):
    """The dated milestones the timeline shows (not the context events) from `start`."""
    return [
        row
        for row in rows
        if row["date"]
        and first_year(row["date"]) >= start
        and row["category"] not in CONTEXT_CATEGORIES
    ]


def test_timeline_shows_the_dated_events_from_the_start_year(
    milestones, raw_milestones, close_figures
):
    result = milestones_timeline.plot({"milestones": milestones}, {"timeline_start_year": START})
    plotted = result.data
    expected = on_the_timeline(raw_milestones)
    assert len(plotted) == len(expected) == 39
    assert sorted(plotted["event_summary"]) == sorted(row["event_summary"] for row in expected)
    # Grouped: each category occupies one block of rows, each block in date order.
    blocks = [
        c for i, c in enumerate(plotted["category"]) if i == 0 or c != plotted["category"][i - 1]
    ]
    assert len(blocks) == len(set(blocks)) == len({row["category"] for row in expected})
    for _, group in plotted.groupby("category"):
        starts = [d + "-01-01"[len(d) - 4 :] for d in group["date"]]
        assert starts == sorted(starts)
    # Categories in the order of their first event.
    firsts = [min(d for d in plotted.loc[plotted["category"] == c, "date"]) for c in blocks]
    assert firsts == sorted(firsts)


def test_timeline_marks_events_not_fully_verified(milestones, raw_milestones, close_figures):
    result = milestones_timeline.plot({"milestones": milestones}, {"timeline_start_year": START})
    plotted = result.data.set_index("event_summary")
    for row in on_the_timeline(raw_milestones):
        if True:
            status = row["verification_status"]
            shown = plotted.loc[row["event_summary"], "status_shown"]
            if status.startswith("verified"):
                assert shown == "verified"
            else:
                assert shown in ("unverified", "partly verified"), status
    hollow = [
        line
        for line in result.figure.axes[0].lines
        if line.get_marker() == "o" and line.get_fillstyle() == "none"
    ]
    unverified = [
        row
        for row in on_the_timeline(raw_milestones)
        if row["verification_status"] in ("unverified", "unverified_conflicting")
    ]
    assert len(hollow) == len(unverified) == 1


def test_timeline_labels_are_whole_first_clauses_wrapped_never_cut(milestones, close_figures):
    result = milestones_timeline.plot({"milestones": milestones}, {"timeline_start_year": START})
    drawn = texts_of(result.figure)
    for label, summary in zip(result.data["label"], result.data["event_summary"], strict=True):
        plain = re.sub(r"\s*\([^)]*\)", "", summary)
        assert label == plain.split(";")[0].strip().rstrip(".").strip()
        assert "…" not in label
        wrapped = milestones_timeline.wrap_label(label)
        assert wrapped in drawn and wrapped.replace("\n", " ") == label
        assert all(len(line) <= milestones_timeline.LABEL_CHARS for line in wrapped.split("\n"))
    assert any("\n" in milestones_timeline.wrap_label(label) for label in result.data["label"])
    assert not layout_problems(result.figure)


def test_timeline_alt_text_counts_from_the_data(milestones, raw_milestones, close_figures):
    result = milestones_timeline.plot({"milestones": milestones}, {"timeline_start_year": START})
    shown = on_the_timeline(raw_milestones)
    years = Counter(first_year(row["date"]) for row in shown)
    busiest, count = years.most_common(1)[0]
    last = max(first_year(row["date"]) for row in shown)
    undated = sum(1 for row in raw_milestones if not row["date"])
    early = len(on_the_timeline(raw_milestones, 0)) - len(shown) - 0
    categories = Counter(row["category"] for row in shown)
    assert f"Timeline of {len(shown)} NATO–AP4 milestones from {START} to {last}" in result.alt
    assert f"The busiest year is {busiest} with {count} events." in result.alt
    assert (busiest, count) == (2023, 11)
    assert f"Partnership framework {categories['partnership_framework']}," in result.alt
    assert f"Summit {categories['summit']}," in result.alt
    assert f"Left out: {undated} event without a date and {early} before {START}." in result.alt


def test_a_later_start_year_shows_fewer_events(milestones, raw_milestones, close_figures):
    result = milestones_timeline.plot({"milestones": milestones}, {"timeline_start_year": 2023})
    expected = on_the_timeline(raw_milestones, 2023)
    assert len(result.data) == len(expected)
    assert f"Timeline of {len(expected)} NATO–AP4 milestones from 2023" in result.alt


def test_timeline_on_small_synthetic_data(close_figures):
    frame = pd.DataFrame(
        {
            "date": ["2020", "2021-05", "2021-06-01", None],
            "date_precision": ["year", "month", "day", "unknown"],
            "event_summary": [
                "Alpha event happens (detail).",
                "Beta event; second clause.",
                "Gamma event.",
                "Delta event.",
            ],
            "category": ["summit", "summit", "strategy", "summit"],
            "verification_status": ["verified", "unverified", "verified", "unverified"],
            "date_source_text": [None, None, None, "unknown"],
            "note": [None, "Sources disagree.", None, None],
        },
        dtype="string",
    )
    result = milestones_timeline.plot({"milestones": frame}, {"timeline_start_year": 2015})
    assert list(result.data["label"]) == ["Alpha event happens", "Beta event", "Gamma event"]
    assert list(result.data["status_shown"]) == ["verified", "unverified", "verified"]
    assert "Timeline of 3 NATO–AP4 milestones from 2020 to 2021" in result.alt
    assert "The busiest year is 2021 with 2 events." in result.alt
    assert "Left out: 1 event without a date." in result.alt
    assert "drawn hollow or half-filled: Beta event (unverified; 2021-05)." in result.alt
    # A year-precision date is drawn as a bar over the whole year.
    bars = [line for line in result.figure.axes[0].lines if line.get_linewidth() > 2]
    assert len(bars) == 1
    frame.loc[1, "date"] = "2020-05"
    frame.loc[1, "verification_status"] = "unverified_conflicting"
    result = milestones_timeline.plot({"milestones": frame}, {"timeline_start_year": 2015})
    assert "The busiest year is 2020 with 2 events." in result.alt
    assert "Beta event (unverified; 2020-05; Sources disagree)." in result.alt


def test_timeline_refuses_more_rows_than_fit(close_figures):
    count = 90
    frame = pd.DataFrame(
        {
            "date": [f"{2000 + i % 20}-01-0{1 + i // 20}" for i in range(count)],
            "date_precision": ["day"] * count,
            "event_summary": [f"Event {i}." for i in range(count)],
            "category": ["summit"] * count,
            "verification_status": ["verified"] * count,
            "date_source_text": [None] * count,
            "note": [None] * count,
        },
        dtype="string",
    )
    with pytest.raises(ValueError, match="timeline_start_year"):
        milestones_timeline.plot({"milestones": frame}, {"timeline_start_year": 2000})
    result = milestones_timeline.plot({"milestones": frame}, {"timeline_start_year": 2015})
    assert len(result.data) == 20  # years 2015-2019, four events each
    assert result.figure.get_figheight() <= milestones_timeline.MAX_HEIGHT


def test_short_label():
    short = milestones_timeline.short_label
    assert short("A short event.") == "A short event"
    long = "One two three four " * 10 + "end."
    assert short(long) == long.rstrip(".")  # whole: the figure wraps it
    assert milestones_timeline.wrap_label("One two three four", 9) == "One two\nthree\nfour"
    assert short("Germany adopts a strategy (a; b).") == "Germany adopts a strategy"


# Polish edition -----------------------------------------------------------------------


def test_polish_timeline(milestones, raw_milestones, raw_countries, close_figures):
    settings = {"timeline_start_year": START, "focus": None}
    english, english_texts = in_language(
        milestones_timeline, {"milestones": milestones}, settings, i18n.ENGLISH
    )
    result, texts = in_language(milestones_timeline, {"milestones": milestones}, settings, POLISH)
    assert {"Szczyt", "Ramy partnerstwa", "Biuro łącznikowe", "Polityka wobec Chin"} <= set(texts)
    assert {"potwierdzone", "częściowo potwierdzone", "niepotwierdzone"} <= set(texts)
    assert "data znana tylko z dokładnością do roku" in texts
    assert {"NATO i Australia podpisują IPCP", "Podpisanie ITPP Nowa Zelandia–NATO"} <= set(texts)
    # Long names and labels wrap: the SVG has a <text> per line, in order.
    assert "Wizyta wysokiej rangi" in " ".join(texts)
    assert "Pałac Elizejski ponawia sprzeciw wobec biura" in " ".join(texts)
    # Group labels share one size: none is too long for its group and set smaller.
    sizes = {
        text.get_fontsize()
        for text in result.figure.axes[0].texts
        if text.get_fontweight() == "bold"
    }
    assert sizes == {7}
    # Names and acronyms stay; every other English word is gone.
    kept = words(row["country"] for row in raw_countries)
    kept |= {"NATO", "AP4", "IPCP", "ITPP", "AUKUS", "CCDCOE", "IP4", "NZ", "FT", "Nikkei"}
    kept |= {"Chicago", "Camp", "David", "Gillard", "Kishida", "Macron", "Peters", "Stoltenberg"}
    kept |= {"HMAS", "Hobart", "ISAF"}
    kept |= {"Indo", "status"}  # "Indo-Pacyfiku"; "status" is Polish too (whole labels now)
    kept |= {"Politico", "Beştepe", "by"}  # a newspaper, a palace; Polish "by" (so that)
    left = english_left(english_texts, texts, kept)
    assert not left, f"English words in the Polish timeline: {left}"
    assert not layout_problems(result.figure)
    # Every label is a short clause of the translated summary, in the same rows.
    for label, summary in zip(result.data["label"], result.data["event_summary"], strict=True):
        assert label and "…" not in label
        with i18n.active(POLISH):
            plain = re.sub(r"\s*\([^)]*\)", "", i18n.term(summary))
        assert plain.startswith(label)
    assert result.data["event_summary"].equals(english.data["event_summary"])
    assert result.data["status_shown"].equals(english.data["status_shown"])

    shown = on_the_timeline(raw_milestones)
    years = Counter(first_year(row["date"]) for row in shown)
    busiest, count = years.most_common(1)[0]
    last = max(first_year(row["date"]) for row in shown)
    categories = Counter(row["category"] for row in shown)
    assert (
        f"Oś czasu {len(shown)} najważniejszych wydarzeń w relacjach NATO–AP4 od {START} "
        f"do {last} r.:" in result.alt
    )
    assert f"Ramy partnerstwa – {categories['partnership_framework']}," in result.alt
    assert f"Najwięcej wydarzeń ({count}) przypada na {busiest} r." in result.alt
    assert "Podpisanie ITPP Nowa Zelandia–NATO (częściowo potwierdzone; 2024)" in result.alt
    assert "Źródła nie są zgodne" in result.alt
    assert f"Pominięto 1 wydarzenie bez daty i 5 sprzed {START} r." in result.alt
    left = english_left([english.alt], [result.alt], kept | {"to"})  # Polish 'to' (it)
    assert not left, f"English words in the Polish alt text: {left}"


def test_polish_timeline_has_every_event_in_polish(milestones, close_figures):
    """Every event on the timeline has a Polish summary (from any start year)."""
    shown = milestones[~milestones["category"].isin(CONTEXT_CATEGORIES)]
    with i18n.active(POLISH):
        for summary in shown["event_summary"]:
            assert i18n.term(summary)
        result = milestones_timeline.plot({"milestones": milestones}, {"timeline_start_year": 2015})
    assert "do 2026 r." in result.alt and "Pominięto 1 wydarzenie bez daty" in result.alt


@pytest.mark.parametrize(("undated", "expected"), [(3, "3 wydarzenia"), (6, "6 wydarzeń")])
def test_polish_timeline_counts_take_the_right_plural_form(milestones, undated, expected):
    frame = milestones.copy()
    dated = frame.index[frame["date"].notna()]
    frame.loc[dated[: undated - 1], "date"] = pd.NA  # one event has no date already
    with i18n.active(POLISH):
        result = milestones_timeline.plot({"milestones": frame}, {"timeline_start_year": START})
    assert f"Pominięto {expected} bez daty" in result.alt


def test_polish_timeline_fails_on_an_untranslated_event(milestones):
    frame = milestones.copy()
    frame.loc[frame.index[-2], "event_summary"] = "A new event nobody translated."
    with i18n.active(POLISH), pytest.raises(i18n.MissingTranslation, match="nobody translated"):
        milestones_timeline.plot({"milestones": frame}, {"timeline_start_year": START})
