"""The AP4 partners' Individually Tailored Partnership Programmes (ITPPs) with NATO."""

from __future__ import annotations

import re

from ap4report import formatting, i18n
from ap4report.i18n import _, pgettext
from ap4report.tables import TableResult

DATASETS = ("itpp", "countries")
SOURCES = ("itpp",)  # countries.csv gives names only
SETTINGS = ("partners",)
PLACED_IN = ("annex",)

ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")


def status_note(status) -> str | None:
    """Words for a date verification status that the date cell itself must show."""
    notes = {
        "unverified_conflicting": _("sources conflict"),
        "partially_verified": pgettext("date", "partly verified"),
    }
    return None if missing(status) else notes.get(status)


def missing(value) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value)) or str(value) == ""


def human_date(text: str) -> str:
    """'2023-07-12' -> '12 Jul 2023', '2012-09' -> 'Sep 2012', '2024' -> '2024'.

    Months are abbreviated in English only: Polish abbreviations lack the genitive
    ('6 maj 2014' for '6 maja 2014'), so Polish writes them out."""
    locale, short = i18n.locale(), i18n.current().is_source
    return ISO_DATE.sub(lambda match: formatting.date_text(match.group(0), locale, short), text)


def date_text(date, source_text, status, alt=None, alt_source=None) -> str:
    """A date as the table shows it, with what qualifies it.

    Missing date: 'unverified' (and why). Where the source cell said more than the date
    (e.g. '2024 (month unverified)', '2013-02-21 (renewed 2019-08-07)'), that remainder
    is kept (translated: it comes from the data). A conflicting alternative date is shown
    as '(also reported: …)'.
    """
    note = status_note(status)
    if missing(date):
        return pgettext("date", "unverified") + (f" ({note})" if note else "")
    text = human_date(str(date))
    remainder = ""
    if not missing(source_text) and str(source_text).startswith(str(date)):
        remainder = str(source_text)[len(str(date)) :].strip()
    if remainder:
        text += " " + human_date(i18n.term(remainder))
    elif note:
        text += f" ({note})"
    if not missing(alt):
        also = human_date(str(alt))
        if not missing(alt_source):
            also += ", " + i18n.term(str(alt_source))
        text += " " + _("(also reported: {date})").format(date=also)
    return text


def count_text(value, status) -> str:
    if not missing(value):
        return str(int(value))
    if status == "not_applicable":
        # Not the bare "n/a": CSV readers would take it for a missing value.
        return _("not applicable")
    return _("n/a (unverified)")


def short_programme(name: str) -> str:
    """'Individual Partnership and Cooperation Programme (IPCP)' -> 'IPCP'; a name without
    an acronym in brackets is translated (it comes from the data)."""
    match = re.fullmatch(r".*\(([A-Z]{2,})\)\s*", name)
    return match.group(1) if match else i18n.term(name)


def tabulate(data: dict, settings: dict) -> TableResult:
    import pandas as pd

    itpp = data["itpp"].set_index("iso3")
    names = data["countries"].set_index("iso3")["country"].to_dict()
    rows = []
    for iso3 in settings["partners"]:
        row = itpp.loc[iso3]
        rows.append(
            {
                "iso3": iso3,
                "partner": names.get(iso3, row["partner"]),
                "date_text": date_text(
                    row["date_agreed"],
                    row["date_agreed_source_text"],
                    row["date_status"],
                    row["date_agreed_alt"],
                    row["date_agreed_alt_source"],
                ),
                "period_text": (
                    str(row["period"]).replace("-", "–")
                    if not missing(row["period"])
                    else pgettext("period", "unverified")
                ),
                "n_areas_text": count_text(
                    row["n_cooperation_areas"], row["n_cooperation_areas_status"]
                ),
                "n_areas_previous_text": count_text(
                    row["n_areas_previous_ipcp"], row["n_areas_previous_ipcp_status"]
                ),
                "previous_text": short_programme(str(row["previous_programme"]))
                + ", "
                + date_text(
                    row["previous_programme_date"],
                    row["previous_programme_date_source_text"],
                    None,
                ),
                # Raw values, for the CSV readers can download.
                "programme": row["programme"],
                "date_agreed": row["date_agreed"],
                "date_agreed_precision": row["date_agreed_precision"],
                "date_status": row["date_status"],
                "date_agreed_alt": row["date_agreed_alt"],
                "date_agreed_alt_source": row["date_agreed_alt_source"],
                "period": row["period"],
                "period_status": row["period_status"],
                "n_cooperation_areas": row["n_cooperation_areas"],
                "n_cooperation_areas_status": row["n_cooperation_areas_status"],
                "n_areas_previous_ipcp": row["n_areas_previous_ipcp"],
                "n_areas_previous_ipcp_status": row["n_areas_previous_ipcp_status"],
                "previous_programme": row["previous_programme"],
                "previous_programme_date": row["previous_programme_date"],
                "area_list_completeness": row["area_list_completeness"],
            }
        )
    frame = pd.DataFrame(rows).astype(
        {"n_cooperation_areas": "Int64", "n_areas_previous_ipcp": "Int64"}
    )
    columns = [
        ("partner", _("Partner"), "text"),
        ("date_text", _("Agreed"), "text"),
        ("period_text", _("Period"), "text"),
        ("n_areas_text", _("Cooperation areas"), "text"),
        ("n_areas_previous_text", _("Areas in previous programme"), "text"),
        ("previous_text", _("Previous programme"), "text"),
    ]
    return TableResult(frame, columns)
