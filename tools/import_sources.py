#!/usr/bin/env python3
"""Import the curated source extracts into data/ and write data/datapackage.yaml.

Usage (from the repository root):

    python tools/import_sources.py --source ../shared/data-sources

Rules followed here:
* No data value is typed by hand: every cell in data/ is copied (or split /
  re-shaped by an explicit rule) from the source files.
* All source CSVs are read as strings, so numbers are written exactly as in the
  source (no re-rounding). Output is deterministic: rows sorted by the primary
  key, fixed column order, UTF-8 without BOM, "\n" line endings.
* Checks are run on every import (row counts, value round-trips, the Kiel
  summary-vs-monthly check, the ITPP matrix-vs-evidence check); problems are
  printed, and hard inconsistencies stop the run.
* No network access.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO / ".." / "shared" / "data-sources"
RETRIEVED = None  # set in main(): date of this import run (YYYY-MM-DD)

# --------------------------------------------------------------------------
# Explicit name -> ISO 3166-1 alpha-3 mapping for the names used in facts/.
# (Codes checked against pycountry and against countries.csv at run time.)
# --------------------------------------------------------------------------
NAME_TO_ISO3 = {
    "Australia": "AUS",
    "Japan": "JPN",
    "Republic of Korea": "KOR",
    "South Korea": "KOR",
    "ROK": "KOR",
    "New Zealand": "NZL",
    "US": "USA",
    "UK": "GBR",
    "France": "FRA",
    "Germany": "DEU",
    "Czechia": "CZE",
    "Lithuania": "LTU",
    "Denmark": "DNK",
}
# Actors in nato_ap4_milestones.csv that are not countries (no ISO code;
# group actors such as "AP4" are deliberately not expanded).
NON_COUNTRY_ACTORS = {"NATO", "AP4", "NATO CCDCOE"}
# States that appear as actors in events but are neither NATO members nor partners.
OTHER_STATES = {"North Korea": "PRK", "Russia": "RUS", "Ukraine": "UKR", "Türkiye": "TUR"}

MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}

RECOLLECTION_RE = re.compile(r"\s*Recollection \(UNVERIFIED\):.*$", re.S)
LEADING_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?=$|[ (;/])")
NUMBER_RE = re.compile(r"^(?P<q>~|>)?\s*(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?P<d>\.\d+)?(?P<rest>\s.*)?$")
QUALIFIER = {"~": "approximately", ">": "more_than"}

WARNINGS: list[str] = []
RECOLLECTION_REMOVED: dict[str, int] = {}
FINDINGS: list[str] = []


def warn(msg: str) -> None:
    WARNINGS.append(msg)
    print("WARNING:", msg)


def finding(msg: str) -> None:
    FINDINGS.append(msg)
    print("FINDING:", msg)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def read(src: Path, rel: str) -> pd.DataFrame:
    df = pd.read_csv(src / rel, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    return df


def iso3_for(name: str) -> str:
    if name not in NAME_TO_ISO3:
        sys.exit(f"no ISO3 mapping for country name {name!r}: add it to NAME_TO_ISO3")
    return NAME_TO_ISO3[name]


def leading_date(text: str):
    """Return (iso_partial_date, precision) from the start of a cell, or ("", "")."""
    m = LEADING_DATE_RE.match(text.strip())
    if not m:
        return "", ""
    y, mo, d = m.groups()
    if d:
        return f"{y}-{mo}-{d}", "day"
    if mo:
        return f"{y}-{mo}", "month"
    return y, "year"


def parse_number(text: str):
    """'980' -> ('980', ''); '~6 (reported)' -> ('6', 'approximately');
    '>10,000 rockets' -> ('10000', 'more_than'); '' -> ('', ''); other -> None."""
    t = text.strip()
    if t == "":
        return "", ""
    m = NUMBER_RE.match(t)
    if not m:
        return None
    num = m.group("n").replace(",", "") + (m.group("d") or "")
    return num, QUALIFIER.get(m.group("q") or "", "")


def strip_recollection(series: pd.Series, where: str) -> pd.Series:
    out = series.map(lambda s: RECOLLECTION_RE.sub("", s))
    n = int((out != series).sum())
    if n:
        print(f"  removed 'Recollection (UNVERIFIED)' text from {n} cell(s) of {where}")
    RECOLLECTION_REMOVED[where] = n
    return out


def sort_rows(df: pd.DataFrame, key: list[str], numeric: tuple[str, ...] = ()) -> pd.DataFrame:
    def k(col):
        if col.name in numeric:
            return col.map(lambda v: int(v) if v != "" else -(10**9))
        return col

    return df.sort_values(key, key=k, kind="mergesort").reset_index(drop=True)


def write_csv(df: pd.DataFrame, out: Path, name: str, columns: list[str]) -> Path:
    df = df[columns]
    assert not df.isna().any().any(), f"{name}: NaN in output"
    path = out / f"{name}.csv"
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    back = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])
    assert back.equals(df.reset_index(drop=True)), f"{name}: CSV round-trip changed values"
    print(f"  wrote {path.relative_to(out.parent)}: {len(df)} rows x {len(columns)} cols")
    return path


def same_values(src: pd.Series, dst: pd.Series, what: str) -> None:
    """Assert a copied column holds exactly the source strings (same order)."""
    a, b = list(src), list(dst)
    assert a == b, f"{what}: values differ from source"


def enum(df: pd.DataFrame, col: str) -> list[str]:
    return sorted(v for v in df[col].unique() if v != "")


# --------------------------------------------------------------------------
# field-spec builder
# --------------------------------------------------------------------------
ISO3_PATTERN = "^[A-Z]{3}$"
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def fld(
    name,
    type_,
    description,
    *,
    unit=None,
    required=None,
    enum_=None,
    pattern=None,
    minimum=None,
    maximum=None,
    unique=None,
    df=None,
    non_iso_codes=None,
):
    f = {"name": name, "type": type_, "description": description}
    if name == "iso3":  # checked against ISO 3166-1 (pycountry) by ap4report.validation
        f["iso3166"] = "alpha-3"
        if non_iso_codes:
            f["non_iso_codes"] = list(non_iso_codes)
    if unit:
        f["unit"] = unit
    c = {}
    if required is None and df is not None:
        required = bool((df[name] != "").all())
    if required:
        c["required"] = True
    if unique:
        c["unique"] = True
    if pattern:
        c["pattern"] = pattern
    if enum_ is not None:
        c["enum"] = enum_
    if minimum is not None:
        c["minimum"] = minimum
    if maximum is not None:
        c["maximum"] = maximum
    if c:
        f["constraints"] = c
    return f


def max_partial(values) -> str:
    vals = [v for v in values if v and re.match(PARTIAL_DATE_PATTERN, v)]
    return max(vals) if vals else ""


# --------------------------------------------------------------------------
# importers: each returns (name, dataframe, resource-metadata)
# --------------------------------------------------------------------------
FACTS_README = "/work/shared/data-sources/facts/README.md"


def imp_countries(src, out):
    s = read(src, "nato_ap4_countries.csv")
    df = sort_rows(s.copy(), ["iso3"])
    assert df.iso3.is_unique
    cols = ["iso3", "country", "group", "nato_accession_year"]
    write_csv(df, out, "countries", cols)
    fields = [
        fld(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code (assigned by the extractor).",
            pattern=ISO3_PATTERN,
            unique=True,
            df=df,
        ),
        fld("country", "string", "Country name as in the source list.", df=df),
        fld(
            "group",
            "string",
            "'NATO member' (32 members) or 'AP4 partner' (Australia, Japan, "
            "South Korea, New Zealand).",
            enum_=enum(df, "group"),
            df=df,
        ),
        fld(
            "nato_accession_year",
            "year",
            "Year of NATO accession (years only, no exact dates); empty for AP4 partners.",
            minimum=1949,
            maximum=2030,
            df=df,
        ),
    ]
    meta = dict(
        title="NATO member states (with accession year) and the four Indo-Pacific partners (AP4)",
        description="Reference list of the 32 NATO members and the 4 AP4 partners; copied unchanged "
        "from nato_ap4_countries.csv. Used as the foreign-key target for country codes.",
        publisher="Not a single publisher: compiled from the Slovak National Library NATO depository "
        "library page 'Basic facts about NATO' and The National (2023-04-04); ISO3 codes "
        "assigned by the extractor",
        edition="not applicable (compiled reference list, 32 members)",
        as_of=max_partial(df.nato_accession_year),
        extracted_from="shared data-sources nato_ap4_countries.csv (README section 5; stored copies "
        "of the web pages listed in sources; NATO's own member page was not in the store)",
        sources=[
            {
                "title": "Slovak National Library, NATO depository library: Basic facts about NATO",
                "path": "https://www.ulib.sk/english/nato-library/basic-facts-about-nato",
            },
            {
                "title": "The National (2023-04-04): NATO countries - which member states are in the military alliance",
                "path": "https://www.thenationalnews.com/world/uk-news/2023/04/04/nato-countries-which-member-states-are-in-the-military-alliance/",
            },
        ],
        terms="Facts are not copyrightable; no licence issue (source README).",
        units="nato_accession_year: calendar year",
        caveats=[
            "Accession years only; no exact accession dates.",
            "Sources consistent; confidence high (source README).",
        ],
    )
    return "countries", df, fields, ["iso3"], [], meta


def imp_milex(src, out):
    s = read(src, "sipri_milex_2010_2024.csv")
    assert len(s) == 765
    cols = [
        "iso3",
        "sipri_country",
        "year",
        "indicator",
        "value",
        "unit",
        "sipri_flag",
        "sipri_note_ref",
    ]
    assert list(s.columns) == cols
    df = sort_rows(s.copy(), ["iso3", "year", "indicator"], numeric=("year",))
    assert not df.duplicated(["iso3", "year", "indicator"]).any()
    assert (df.value != "").all()
    write_csv(df, out, "milex", cols)
    fields = [
        fld(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code. Includes CHN and RUS (comparators, not in countries.csv).",
            pattern=ISO3_PATTERN,
            df=df,
        ),
        fld("sipri_country", "string", "Country name as written by SIPRI.", df=df),
        fld(
            "year",
            "year",
            "Calendar year (US: financial year, see footnote 44).",
            minimum=1949,
            maximum=2030,
            df=df,
        ),
        fld(
            "indicator",
            "string",
            "milex_constant_2023_usd_m = US$ million, constant 2023 prices and exchange rates; "
            "milex_current_usd_m = US$ million, current prices and exchange rates; "
            "milex_share_gdp_pct = military expenditure as % of GDP (SIPRI fraction x 100).",
            enum_=enum(df, "indicator"),
            df=df,
        ),
        fld(
            "value",
            "number",
            "Value in the unit of the row (US$ values rounded to 2 decimals, share to 4 "
            "decimals by the extractor). Shares of GDP lie between 0 and 100 (max in this extract: "
            f"{max(float(v) for v in df.loc[df.indicator == 'milex_share_gdp_pct', 'value'])}).",
            minimum=0,
            df=df,
        ),
        fld("unit", "string", "Unit label of the indicator.", enum_=enum(df, "unit"), df=df),
        fld(
            "sipri_flag",
            "string",
            "From the cell colour in the SIPRI sheet: 'estimate' = SIPRI estimate "
            "(blue); 'highly_uncertain' (red) does not occur in this extract; empty = no flag.",
            enum_=enum(df, "sipri_flag"),
            df=df,
        ),
        fld(
            "sipri_note_ref",
            "string",
            "SIPRI Notes column: footnote number (text in milex_footnotes.csv) "
            "and/or symbol; the prefix '‖' means currency redenominated. Empty = no note.",
            df=df,
        ),
    ]
    meta = dict(
        title="Military expenditure 2010-2024 (SIPRI), 17 countries, three measures",
        description="SIPRI military expenditure for the core 17 countries (AP4, 9 NATO comparators, FIN, SWE, "
        "CHN, RUS), 2010-2024, long format (one row per country x year x indicator). Copied "
        "unchanged from sipri_milex_2010_2024.csv (765 rows, no missing values); the extractor "
        "read sheets 'Constant (2023) US$', 'Current US$' and 'Share of GDP' of the SIPRI workbook "
        "and multiplied the share of GDP by 100.",
        publisher="Stockholm International Peace Research Institute (SIPRI)",
        edition="April 2025 release (SIPRI Military Expenditure Database 2025; data 1949-2024)",
        as_of=max_partial(df.year),
        extracted_from="GitHub codingirl99/sipridefenseanalysis, path sipri_data_1949_2024.xlsx (unmodified SIPRI "
        "workbook), HEAD commit dcd35f18c5b4b068d1c9a639781cd848de8bb1fb (file added in "
        "cfbe9592d1e5d01084bece67d7ccfec136d7e3dc; blob 8d65dbca3325d7ba3d4ddc76623f1b5823354d9d; "
        "xlsx sha256 8a31c2794c8070230b3b9ef26a3249663f6317a8bc86ba3ec3099c791cdb692f); via shared "
        "data-sources sipri_milex_2010_2024.csv",
        sources=[
            {
                "title": "SIPRI Military Expenditure Database",
                "path": "https://www.sipri.org/databases/milex",
            },
            {
                "title": "SIPRI Military Expenditure Database: sources and methods",
                "path": "https://www.sipri.org/databases/milex/sources-and-methods",
            },
        ],
        terms="SIPRI terms (quoted from the workbook front page): the data are SIPRI's intellectual property; free "
        "for non-commercial use provided that SIPRI is cited as 'SIPRI Military Expenditure Database 2025, "
        "https://www.sipri.org/databases/milex' and no more than 10 % of the dataset (3 500 data units) is "
        "reproduced. This extract holds 765 data units. Commercial use needs SIPRI's permission.",
        citation="SIPRI Military Expenditure Database 2025, https://www.sipri.org/databases/milex",
        units="US$ million (constant 2023 prices and exchange rates; or current prices and exchange rates); "
        "percent of GDP",
        caveats=[
            "Blue-flagged figures are SIPRI estimates (sipri_flag = estimate): all 15 China years and Russia "
            "2010-2012 and 2022-2024.",
            "US figures are for the US financial year and include estimated military aid to Ukraine "
            "(footnote 44); Japan includes SACO and excludes pensions (56); South Korea excludes three "
            "'special funds' (58).",
            "Long format: the value column mixes units; always filter on indicator.",
        ],
    )
    return "milex", df, fields, ["iso3", "year", "indicator"], [], meta


def imp_milex_preliminary(src, out):
    """SIPRI's 2025 shares of GDP (2026 edition) as read from a third party's copy: kept
    apart from milex.csv (another edition, unverified) and usable only as preliminary."""
    s = read(src, f"{UPDATES}/sipri_share_gdp_2019_2025_secondary.csv")
    if len(s) != 119:
        raise ValueError(f"SIPRI 2026 secondary copy: expected 119 rows, found {len(s)}")
    cols = ["iso3", "sipri_country", "year", "indicator", "value", "value_text_in_copy"]
    cols += ["verification_status"]
    df = sort_rows(s[cols].copy(), ["iso3", "year"], numeric=("year",))
    write_csv(df, out, "milex_preliminary", cols)
    fields = [
        fld("iso3", "string", "ISO 3166-1 alpha-3 code.", pattern=ISO3_PATTERN, df=df),
        fld("sipri_country", "string", "Country name as written by SIPRI.", df=df),
        fld("year", "year", "Calendar year.", minimum=2019, maximum=2030, df=df),
        fld(
            "indicator",
            "string",
            "milex_share_gdp_pct = military expenditure as a share of GDP.",
            enum_=enum(df, "indicator"),
            df=df,
        ),
        fld(
            "value",
            "number",
            "Share of GDP as displayed in the copy (2 decimals).",
            unit="percent of GDP",
            minimum=0,
            maximum=100,
            df=df,
        ),
        fld("value_text_in_copy", "string", "The cell as written in the copy.", df=df),
        fld(
            "verification_status",
            "string",
            "unverified_secondary_copy: read from a third party's copy, not from SIPRI's file.",
            enum_=enum(df, "verification_status"),
            df=df,
        ),
    ]
    meta = dict(
        title="Military expenditure as a share of GDP, 2019-2025, SIPRI 2026 edition (preliminary copy)",
        description="Shares of GDP for the core 17 countries, 2019-2025, as displayed in a student "
        "project's export of the 'Share of GDP' sheet of the SIPRI Military Expenditure Database 2026; "
        "copied from updates-2026/sipri_share_gdp_2019_2025_secondary.csv. SIPRI's own 2026 workbook "
        "could not be obtained, so these values are preliminary until it is parsed.",
        publisher="Stockholm International Peace Research Institute (SIPRI), via a third party's copy",
        edition="SIPRI Military Expenditure Database 2026 (data to 2025), secondary copy",
        as_of="2025",
        extracted_from="GitHub Datavisualiatie-UGent/project-dv26-9 "
        "military_spending/src/data/military-spending-sipri-gdp.csv @ "
        "6589874ffd9e9a064736f0b07a866916d9a06ebc (read, not fetched: no sha256)",
        sources=[
            {
                "title": "SIPRI Military Expenditure Database",
                "path": "https://www.sipri.org/databases/milex",
            }
        ],
        terms="SIPRI fair use: at most 10% of the database (3,500 data units); 119 units here.",
        citation="SIPRI Military Expenditure Database 2026, https://www.sipri.org/databases/milex "
        "(figures read from a secondary copy)",
        units="percent of GDP",
        caveats=[
            "Unverified: a third party's edited copy; estimate and uncertainty flags are lost; at least "
            "one row outside our countries is corrupt. State these values only as preliminary.",
            "Another edition than milex.csv (SIPRI revised 2019-2024; e.g. Poland 2024 from 4.15 to 3.75, "
            "unconfirmed): never mix the two editions in one chart.",
        ],
    )
    return "milex_preliminary", df, fields, ["iso3", "year", "indicator"], [], meta


def imp_milex_footnotes(src, out):
    s = read(src, "sipri_milex_footnotes.csv")
    df = sort_rows(s.copy(), ["sipri_note_ref"], numeric=("sipri_note_ref",))
    cols = ["sipri_note_ref", "footnote"]
    write_csv(df, out, "milex_footnotes", cols)
    fields = [
        fld(
            "sipri_note_ref",
            "string",
            "SIPRI footnote number (referenced in milex.csv sipri_note_ref).",
            pattern=r"^\d+$",
            unique=True,
            df=df,
        ),
        fld(
            "footnote",
            "string",
            "Footnote text as in the SIPRI 'Footnotes' sheet (verbatim, "
            "including trailing spaces).",
            df=df,
        ),
    ]
    meta = dict(
        title="SIPRI military expenditure footnotes referenced by the 17 countries",
        description="Texts of the SIPRI footnotes referenced in milex.csv; copied unchanged from "
        "sipri_milex_footnotes.csv (SIPRI workbook sheet 'Footnotes').",
        publisher="Stockholm International Peace Research Institute (SIPRI)",
        edition="April 2025 release (SIPRI Military Expenditure Database 2025; data 1949-2024)",
        as_of="2024",
        extracted_from="Same workbook as milex.csv (GitHub codingirl99/sipridefenseanalysis sipri_data_1949_2024.xlsx "
        "@ dcd35f18c5b4b068d1c9a639781cd848de8bb1fb), sheet 'Footnotes'",
        sources=[
            {
                "title": "SIPRI Military Expenditure Database",
                "path": "https://www.sipri.org/databases/milex",
            }
        ],
        terms="As milex.csv (SIPRI non-commercial terms; cite SIPRI).",
        citation="SIPRI Military Expenditure Database 2025, https://www.sipri.org/databases/milex",
        units="none (text)",
        caveats=[
            "milex.csv values like '‖73' combine the currency-redenomination symbol with footnote 73; "
            "strip '‖' before joining to this table."
        ],
    )
    return "milex_footnotes", df, fields, ["sipri_note_ref"], [], meta


def imp_gdp(src, out):
    s = read(src, "wdi_gdp_population_2010_latest.csv")
    newer = read(src, f"{UPDATES}/wdi_gdp_2024.csv")
    cols = ["iso3", "wb_country_name", "year", "indicator", "value", "unit"]
    for name, frame, rows in (("2010-latest", s, 493), ("2024", newer, 16)):
        if len(frame) != rows or list(frame.columns) != cols:
            raise ValueError(f"WDI {name}: expected {rows} rows with columns {cols}")
    s["vintage"] = "DataHub 2024-10 (GDP) / 2026-03 (population)"
    newer["vintage"] = "WDI API 2026-05-01"
    cols.append("vintage")
    df = sort_rows(pd.concat([s, newer]), ["iso3", "year", "indicator"], numeric=("year",))
    assert not df.duplicated(["iso3", "year", "indicator"]).any()
    write_csv(df, out, "gdp_population", cols)
    gdp_max = max_partial(df.loc[df.indicator == "NY.GDP.MKTP.CD", "year"])
    pop_max = max_partial(df.loc[df.indicator == "SP.POP.TOTL", "year"])
    fields = [
        fld(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code. Includes CHN and RUS (not in countries.csv).",
            pattern=ISO3_PATTERN,
            df=df,
        ),
        fld("wb_country_name", "string", "Country name as written by the World Bank.", df=df),
        fld("year", "year", "Calendar year.", minimum=1949, maximum=2030, df=df),
        fld(
            "indicator",
            "string",
            "WDI code: NY.GDP.MKTP.CD = GDP (current US$); SP.POP.TOTL = Population, total.",
            enum_=enum(df, "indicator"),
            df=df,
        ),
        fld("value", "number", "Value, unrounded, as in the WDI download.", minimum=0, df=df),
        fld(
            "unit",
            "string",
            "'current US$' (GDP) or 'persons' (population).",
            enum_=enum(df, "unit"),
            df=df,
        ),
        fld(
            "vintage",
            "string",
            "Which WDI download the value comes from: GDP 2024 is from a later vintage than "
            "2010-2023.",
            enum_=enum(df, "vintage"),
            df=df,
        ),
    ]
    meta = dict(
        title="GDP (current US$) and population, World Development Indicators, 17 countries",
        description=f"World Bank WDI GDP (2010-{gdp_max}) and total population (2010-{pop_max}) for the core "
        "17 countries, long format; copied unchanged from wdi_gdp_population_2010_latest.csv "
        "(DataHub core data packages repackage the WDI download unchanged), plus GDP 2024 for 16 "
        "countries (not Russia) from the World Bank API, retrieved 2026-05-01 by a third party "
        "(updates-2026/wdi_gdp_2024.csv).",
        publisher="World Bank (World Development Indicators)",
        edition=f"WDI as repackaged by DataHub: gdp.csv last changed 2024-10-21 (latest year {gdp_max}); "
        f"population.csv last changed 2026-03-06 (latest year {pop_max})",
        as_of=max_partial(df.year),
        as_of_note=f"Population to {pop_max}, GDP only to {gdp_max}.",
        extracted_from="GitHub datasets/gdp data/gdp.csv @ HEAD 822019c80142c162e4ca4eb1a63699ae36075078 (file last "
        "changed in 1cdcd2eb2364edd9da24bcbe134c1a9e0fb4c693); GitHub datasets/population "
        "data/population.csv @ 425fc447a53a26c767a15a7de60c4cc2478a0595; GDP 2024: GitHub "
        "marhip97/ukrainastotte data/reference/wdi.json (blob 3c2a852e44bf8ad489a6fecf52b09e25883e8c1c), "
        "the API's JSON, whose 2024 populations equal the DataHub file's for all 16 countries",
        sources=[
            {
                "title": "World Bank WDI: GDP (current US$), NY.GDP.MKTP.CD",
                "path": "http://data.worldbank.org/indicator/NY.GDP.MKTP.CD",
            },
            {
                "title": "World Bank WDI: Population, total, SP.POP.TOTL",
                "path": "http://data.worldbank.org/indicator/SP.POP.TOTL",
            },
        ],
        licenses=[
            {
                "name": "ODC-PDDL-1.0",
                "title": "ODC-PDDL-1.0 as stated by the DataHub data packages (README and datapackage.json); "
                "the World Bank's own WDI terms were not read at extraction time",
            }
        ],
        citation="World Bank, World Development Indicators",
        units="GDP: current US$; population: persons",
        caveats=[
            "GDP 2024 comes from a later WDI vintage than 2010-2023 (column vintage); earlier years may "
            "since have been revised. Russia has no 2024 GDP here.",
            "Population values are written as in the source (e.g. '22031750.0').",
        ],
    )
    return "gdp_population", df, fields, ["iso3", "year", "indicator"], [], meta


def imp_kiel_by_donor(src, out):
    s = read(src, f"{UPDATES}/kiel_ukraine_support_r29_by_donor.csv")
    if len(s) != 210:
        raise ValueError(f"Kiel Release 29 by donor: expected 210 rows, found {len(s)}")
    cols = ["donor", "iso3", "eu_member", "measure", "aid_type", "value_eur_bn"]
    assert list(s.columns) == cols
    df = sort_rows(s.copy(), ["iso3", "measure", "aid_type"])
    assert not df.duplicated(["iso3", "measure", "aid_type"]).any()
    write_csv(df, out, "ukraine_support_kiel", cols)
    non_iso = sorted(v for v in df.iso3.unique() if not re.match(ISO3_PATTERN, v))
    fields = [
        fld("donor", "string", "Donor name as in the Kiel sheet.", df=df),
        fld(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code of the donor; non-ISO code "
            f"{', '.join(non_iso)} = 'EU (Commission and Council)'. Includes non-NATO donors.",
            pattern="^([A-Z]{3}|EU_INST)$",
            df=df,
            non_iso_codes=non_iso,
        ),
        fld("eu_member", "boolean", "Donor is an EU member state (as in the source).", df=df),
        fld(
            "measure",
            "string",
            "allocation = aid earmarked/delivered; commitment = pledged (Kiel definitions).",
            enum_=enum(df, "measure"),
            df=df,
        ),
        fld(
            "aid_type",
            "string",
            "financial, humanitarian, military, or total (= total bilateral).",
            enum_=enum(df, "aid_type"),
            df=df,
        ),
        fld(
            "value_eur_bn",
            "number",
            "Cumulative value from the tracker's start to the release cut-off.",
            unit="EUR billion",
            minimum=0,
            df=df,
        ),
    ]
    meta = dict(
        title="Ukraine support by donor, Kiel Ukraine Support Tracker Release 29 (EUR bn)",
        description="Bilateral aid to Ukraine for all 42 donors in Kiel Release 29 (04/2026): cumulative "
        "allocations by aid type (financial, humanitarian, military, total) and total commitments "
        "(Release 29 gives commitments as a total only); copied unchanged from "
        "updates-2026/kiel_ukraine_support_r29_by_donor.csv, which sums Kiel's monthly donor rows "
        "(January 2022 to April 2026).",
        publisher="Kiel Institute for the World Economy",
        edition="Ukraine Support Tracker Release 29 (04/2026)",
        as_of="2026-04",
        as_of_note="Monthly rows run to April 2026 (the release's cut-off month).",
        released="2026-08-04",
        extracted_from="GitHub UkraineSupportTrackerWebsite/ukraine-support-tracker data/data_explorer.csv @ "
        "ddf24c0f8f36dbe0ffb85822d5f45a732440a617 ('Release 29 Data', 2026-08-04; blob "
        "a914b960de6367d3c30777fe57e6226328fad5ca), monthly donor rows summed per donor; donor names "
        "and eu_member from Release 28, matched by ISO3 (all 42 match).",
        sources=[
            {
                "title": "Kiel Institute: Ukraine Support Tracker",
                "path": "https://www.kielinstitut.de/topics/war-against-ukraine/ukraine-support-tracker",
            },
            {
                "title": "Kiel Institute: Ukraine Support Tracker data",
                "path": "https://www.kielinstitut.de/publications/ukraine-support-tracker-data-6453/",
            },
        ],
        terms="Licence/terms not found; not stated by the publisher in the material read.",
        citation="Kiel Institute for the World Economy, Ukraine Support Tracker, Release 29",
        units="EUR billion, cumulative",
        caveats=[
            "Bilateral aid only: donors' shares of EU-level aid are not added in; EU institutions appear as "
            "their own donor (iso3 EU_INST).",
            "Allocations and commitments are different measures; never add or mix them.",
            "Totals are sums of the monthly rows of a repository believed, not confirmed, to be Kiel's own "
            "website data (confidence medium-high).",
        ],
    )
    return "ukraine_support_kiel", df, fields, ["iso3", "measure", "aid_type"], [], meta


def check_kiel_summary(src, monthly: pd.DataFrame) -> bool:
    """Recompute facts/kiel_ap4_summary.csv from the monthly rows. Return True if reproduced."""
    s = read(src, "facts/kiel_ap4_summary.csv")
    m = monthly.copy()
    m["ym"] = m.year.astype(int) * 100 + m.month.astype(int)
    colmap = {
        "allocations_total_eur_bn": "total",
        "military_eur_bn": "military",
        "financial_eur_bn": "financial",
        "humanitarian_eur_bn": "humanitarian",
        "commitments_eur_bn": "commitments",
    }
    ok = True
    for _, r in s.iterrows():
        iso = iso3_for(r.country)
        y, mo = leading_date(r.cumulative_through)[0].split("-")
        sub = m[(m.iso3 == iso) & (m.ym <= int(y) * 100 + int(mo))]
        for scol, mcol in colmap.items():
            calc = sum(float(v) for v in sub[mcol])
            decimals = len(r[scol].split(".")[1]) if "." in r[scol] else 0
            if abs(calc - float(r[scol])) > 0.5 * 10 ** (-max(decimals, 4)) + 1e-12:
                ok = False
                finding(
                    f"Kiel summary {r.country} {r.cumulative_through} {scol} = {r[scol]} but the "
                    f"monthly rows sum to {calc:.6f}"
                )
    print(
        f"  Kiel summary check: {len(s)} rows x {len(colmap)} values -> "
        f"{'reproduced to rounding' if ok else 'DISCREPANCIES'}"
    )
    return ok


def imp_kiel_monthly(src, out):
    s = read(src, "facts/kiel_ap4_monthly.csv")
    df = s.rename(columns={"iso": "iso3"}).copy()
    for _, r in df.iterrows():
        assert iso3_for(r.country) == r.iso3, r
    df = sort_rows(df, ["iso3", "year", "month"], numeric=("year", "month"))
    assert not df.duplicated(["iso3", "year", "month"]).any()
    # arithmetic identities of the source columns (checks only; nothing is changed)
    f = df[
        [
            "total",
            "financial",
            "humanitarian",
            "military",
            "commitments",
            "to_be_allocated",
            "gdp",
            "pct_gdp",
        ]
    ].astype(float)
    assert ((f.total - f.financial - f.humanitarian - f.military).abs() < 1e-9).all()
    assert ((f.commitments - f.total - f.to_be_allocated).abs() < 1e-9).all()
    assert ((100 * f.total / f.gdp - f.pct_gdp).abs() < 1e-12).all()
    cols = [
        "country",
        "iso3",
        "year",
        "month",
        "total",
        "financial",
        "humanitarian",
        "military",
        "commitments",
        "to_be_allocated",
        "gdp",
        "pct_gdp",
    ]
    write_csv(df, out, "ukraine_support_kiel_ap4_monthly", cols)
    reproduced = check_kiel_summary(src, df)
    fields = [
        fld("country", "string", "Donor name as in the Kiel file ('South Korea').", df=df),
        fld(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code (column 'iso' in the source).",
            pattern=ISO3_PATTERN,
            df=df,
        ),
        fld("year", "year", "Year of the month.", minimum=1949, maximum=2030, df=df),
        fld("month", "integer", "Month (1-12).", minimum=1, maximum=12, df=df),
        fld(
            "total",
            "number",
            "Allocations in the month, total (= financial + humanitarian + military).",
            unit="EUR billion",
            minimum=0,
            df=df,
        ),
        fld(
            "financial",
            "number",
            "Financial allocations in the month.",
            unit="EUR billion",
            minimum=0,
            df=df,
        ),
        fld(
            "humanitarian",
            "number",
            "Humanitarian allocations in the month.",
            unit="EUR billion",
            minimum=0,
            df=df,
        ),
        fld(
            "military",
            "number",
            "Military allocations in the month.",
            unit="EUR billion",
            minimum=0,
            df=df,
        ),
        fld(
            "commitments",
            "number",
            "New commitments in the month.",
            unit="EUR billion",
            minimum=0,
            df=df,
        ),
        fld(
            "to_be_allocated",
            "number",
            "commitments - total for the month (can be negative when earlier "
            "commitments are allocated).",
            unit="EUR billion",
            df=df,
        ),
        fld(
            "gdp",
            "number",
            "Donor GDP used by Kiel for the pct_gdp column (constant per donor; reference year "
            "not stated in the extract).",
            unit="EUR billion",
            minimum=0,
            df=df,
        ),
        fld(
            "pct_gdp",
            "number",
            "total as percent of gdp (= 100 x total / gdp).",
            unit="percent",
            minimum=0,
            maximum=100,
            df=df,
        ),
    ]
    ym_max = max(f"{int(y):04d}-{int(m):02d}" for y, m in zip(df.year, df.month, strict=True))
    meta = dict(
        title="Kiel Ukraine Support Tracker Release 29: monthly allocations and commitments of the AP4 donors",
        description="Raw monthly rows for Australia, Japan, South Korea and New Zealand from the Kiel tracker "
        "website data (Release 29), in EUR bn; copied from facts/kiel_ap4_monthly.csv with column "
        "'iso' renamed to 'iso3'. Cumulative totals (the source's kiel_ap4_summary.csv) are NOT "
        "copied: the script verified that they are exactly the cumulative sums of these monthly rows "
        "(to the 4 decimals shown), so the pipeline derives them."
        if reproduced
        else "Raw monthly rows (Release 29) for the AP4 donors; the summary file did NOT reproduce and is "
        "kept as kiel_ap4_summary.csv.",
        publisher="Kiel Institute for the World Economy (via the tracker website data repository; not confirmed as "
        "official by the compiler)",
        edition="Ukraine Support Tracker Release 29 (04/2026), release date 2026-08-04",
        as_of=ym_max,
        released="2026-08-04",
        extracted_from="GitHub UkraineSupportTrackerWebsite/ukraine-support-tracker data/data_explorer.csv @ HEAD "
        "ddf24c0f8f36dbe0ffb85822d5f45a732440a617 (read in full from a fetched git repository); via "
        "shared data-sources facts/kiel_ap4_monthly.csv",
        sources=[
            {
                "title": "Kiel Institute: Ukraine Support Tracker",
                "path": "https://www.kielinstitut.de/topics/war-against-ukraine/ukraine-support-tracker",
            }
        ],
        terms="Licence/terms not stated in the source notes (for Kiel release 28 the terms were not found either).",
        units="EUR billion (the page's export labels say '€ bn'); pct_gdp in percent",
        caveats=[
            "Since April 2024 Kiel uses allocations as its main measure; commitments are monthly new "
            "commitments. Never add or mix allocations and commitments.",
            "Kiel revises figures: cumulative values through 2023-07 computed from Release 29 are today's view "
            "of that period, not the figures published in Aug 2023.",
            "Only months present in the source file have rows (no zero-filled months).",
            "Bilateral aid only; same release (29) as ukraine_support_kiel.csv, whose donor totals are "
            "sums of these monthly rows.",
            "kiel_ap4_summary.csv (cumulative through 2023-07, 2024-12, 2026-04) not copied: reproduced "
            "exactly from these rows; derive it in the pipeline (cumulative sums by iso3 up to a cut-off month)."
            if reproduced
            else "kiel_ap4_summary.csv kept: it does not reproduce from the monthly rows.",
        ],
    )
    fks = [{"fields": "iso3", "reference": {"resource": "countries", "fields": "iso3"}}]
    return (
        "ukraine_support_kiel_ap4_monthly",
        df,
        fields,
        ["iso3", "year", "month"],
        fks,
        meta,
        reproduced,
    )


def imp_ap4_items(src, out):
    s = read(src, "facts/ap4_ukraine_support.csv")
    n_recoll = int((s.recollection_unverified != "").sum())
    df = s.drop(columns=["recollection_unverified"]).copy()
    df.insert(1, "iso3", df.country.map(iso3_for))
    vals, stat = [], []
    for v in df.value:
        if v == "n/a":
            vals.append("")
            stat.append("not_applicable")
        else:
            p = parse_number(v)
            assert p is not None and p[0] == v and p[1] == "", f"unexpected value {v!r}"
            vals.append(v)
            stat.append("reported")
    df["value"] = vals
    df["value_status"] = stat
    dates = [leading_date(t) for t in df.as_of_or_announced]
    df["as_of_date"] = [d for d, _ in dates]
    df["as_of_date_precision"] = [p for _, p in dates]
    df = sort_rows(df, ["iso3", "item"])
    assert not df.duplicated(["iso3", "item"]).any()
    cols = [
        "country",
        "iso3",
        "item",
        "category",
        "value",
        "value_status",
        "unit",
        "as_of_or_announced",
        "as_of_date",
        "as_of_date_precision",
        "source_type",
        "verification_status",
        "source_urls",
        "evidence_paraphrase",
    ]
    write_csv(df, out, "ukraine_support_ap4_items", cols)
    fields = [
        fld("country", "string", "Country name as in the source.", df=df),
        fld(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code, added by an explicit name->code mapping.",
            pattern=ISO3_PATTERN,
            df=df,
        ),
        fld("item", "string", "What the figure is (paraphrase).", df=df),
        fld("category", "string", "Kind of support.", enum_=enum(df, "category"), df=df),
        fld(
            "value",
            "number",
            "Amount in the row's unit (as reported, no currency conversion). Empty where the "
            "source had 'n/a' (see value_status).",
            minimum=0,
            df=df,
        ),
        fld(
            "value_status",
            "string",
            "reported = value given; not_applicable = source cell 'n/a' (item not quantified).",
            enum_=enum(df, "value_status"),
            df=df,
        ),
        fld(
            "unit",
            "string",
            "Unit/currency of value, with qualifiers as in the source (e.g. 'USD bn (lower "
            "bound)'). Currencies differ between rows.",
            enum_=enum(df, "unit"),
            df=df,
        ),
        fld(
            "as_of_or_announced",
            "string",
            "Date or period of the figure, verbatim from the source.",
            df=df,
        ),
        fld(
            "as_of_date",
            "string",
            "Leading ISO date of as_of_or_announced (YYYY, YYYY-MM or YYYY-MM-DD); empty "
            "when it starts with a range (e.g. '2022-2023').",
            pattern=PARTIAL_DATE_PATTERN,
            df=df,
        ),
        fld(
            "as_of_date_precision",
            "string",
            "Precision of as_of_date.",
            enum_=enum(df, "as_of_date_precision"),
            df=df,
        ),
        fld("source_type", "string", "Kind of source.", enum_=enum(df, "source_type"), df=df),
        fld(
            "verification_status",
            "string",
            "Per-row verification status (see facts/README.md).",
            enum_=enum(df, "verification_status"),
            df=df,
        ),
        fld("source_urls", "string", "Source URLs, separated by ' ; '.", df=df),
        fld(
            "evidence_paraphrase", "string", "Paraphrase of the evidence (not a quotation).", df=df
        ),
    ]
    meta = dict(
        title="AP4 support to Ukraine: sourced figures and items (bulletin claims and other sources)",
        description="The PISM bulletin's figures for AP4 support to Ukraine plus other sourced figures, one row per "
        "item; from facts/ap4_ukraine_support.csv. Added iso3 and value_status; the text placeholder "
        "'n/a' in value became an empty cell; as_of_date/as_of_date_precision parsed from the start of "
        "as_of_or_announced (kept verbatim); column recollection_unverified dropped.",
        publisher="Various (per-row source_urls: PISM bulletin, governments, news media); compiled in shared "
        "data-sources/facts",
        edition="not applicable (compiled fact table)",
        as_of=max_partial(df.as_of_date),
        extracted_from="shared data-sources facts/ap4_ukraine_support.csv (values read from stored copies of the "
        "pages at source_urls; see facts/README.md)",
        sources=[
            {
                "title": "Per-row sources: column source_urls",
                "path": "/work/shared/data-sources/facts/ap4_ukraine_support.csv",
            }
        ],
        terms="No licence stated in the source notes; figures are facts from the cited sources and all descriptions "
        "are paraphrases.",
        units="Mixed per row (USD bn, USD m, AUD m, NZD m, EUR m/bn, vehicles, personnel, ...): see unit",
        caveats=[
            "Units and currencies differ between rows; never sum across rows without conversion.",
            "Bulletin claims ('over 7 billion', '250 m') are kept as lower bounds/derived values as in the source.",
            "verification_status is per row (verified, verified_derived, verified_as_report, "
            "verified_value_date_approx); filter on it.",
            "Column recollection_unverified (memory not checked against any source) was dropped "
            f"({n_recoll} non-empty cells).",
        ],
    )
    fks = [{"fields": "iso3", "reference": {"resource": "countries", "fields": "iso3"}}]
    return "ukraine_support_ap4_items", df, fields, ["iso3", "item"], fks, meta


def imp_summits(src, out):
    s = read(src, "facts/summit_attendance.csv")
    n_recoll = int((s.recollection_unverified != "").sum())
    df = s.drop(columns=["recollection_unverified"]).copy()
    df.insert(df.columns.get_loc("country") + 1, "iso3", df.country.map(iso3_for))
    se = df.summit_dates.str.split("/", expand=True)
    assert se.shape[1] == 2 and se.apply(lambda c: c.str.match(r"^\d{4}-\d{2}-\d{2}$")).all().all()
    df["summit_start_date"], df["summit_end_date"] = se[0], se[1]
    assert (df.summit_start_date.str[:4] == df.summit_year).all()
    blanked = 0
    for c in ["attendee_name", "attendee_office", "level"]:
        mask = df[c] == "unverified"
        blanked += int(mask.sum())
        df.loc[mask, c] = ""
    assert set(df.loc[df.attendee_name == "", "verification_status"]) <= {
        "unverified",
        "partially_verified",
    }
    df = sort_rows(df, ["summit_year", "iso3"], numeric=("summit_year",))
    assert not df.duplicated(["summit_year", "iso3"]).any()
    cols = [
        "summit_year",
        "summit_city",
        "summit_start_date",
        "summit_end_date",
        "country",
        "iso3",
        "attendee_name",
        "attendee_office",
        "level",
        "format_note",
        "verification_status",
        "source_urls",
        "source_evidence_paraphrase",
    ]
    write_csv(df, out, "summit_attendance", cols)
    fields = [
        fld("summit_year", "year", "Year of the NATO summit.", minimum=1949, maximum=2030, df=df),
        fld(
            "summit_city",
            "string",
            "Summit city (any city: a new summit is a data edit).",
            pattern=r"^\S.*\S$",
            df=df,
        ),
        fld(
            "summit_start_date",
            "date",
            "First day of the summit (split from source column summit_dates).",
            df=df,
        ),
        fld(
            "summit_end_date",
            "date",
            "Last day of the summit (split from source column summit_dates).",
            df=df,
        ),
        fld("country", "string", "AP4 country name as in the source.", df=df),
        fld(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code, added by an explicit name->code mapping.",
            pattern=ISO3_PATTERN,
            df=df,
        ),
        fld(
            "attendee_name",
            "string",
            "Representative; empty where the source had the placeholder 'unverified' "
            "(see verification_status).",
            df=df,
        ),
        fld(
            "attendee_office",
            "string",
            "Office of the representative; empty where the source had 'unverified'.",
            df=df,
        ),
        fld(
            "level",
            "string",
            "Level of representation; empty where the source had 'unverified'; not_invited "
            "where a source says the partner was not invited.",
            enum_=sorted({*enum(df, "level"), "not_invited"}),
            df=df,
        ),
        fld(
            "format_note",
            "string",
            "Meeting format (pre-2022 rows are ISAF or partner formats).",
            df=df,
        ),
        fld(
            "verification_status",
            "string",
            "Per-row verification status (see facts/README.md).",
            enum_=enum(df, "verification_status"),
            df=df,
        ),
        fld(
            "source_urls",
            "string",
            "Source URLs, separated by ' ; ' (empty for the unverified row).",
            df=df,
        ),
        fld(
            "source_evidence_paraphrase",
            "string",
            "Paraphrase of the evidence (not a quotation).",
            df=df,
        ),
    ]
    meta = dict(
        title="AP4 representation at NATO summits (2008-2025)",
        description="Who represented each AP4 country at NATO summits: Madrid 2022, Vilnius 2023, Washington 2024, "
        "The Hague 2025, plus earlier ISAF/partner sessions (Bucharest 2008, Lisbon 2010, Chicago 2012); "
        "from facts/summit_attendance.csv. Added iso3; split summit_dates ('start/end') into "
        "summit_start_date and summit_end_date; the placeholder 'unverified' in attendee_name, "
        "attendee_office and level became empty cells; column recollection_unverified dropped.",
        publisher="Various (per-row source_urls: NATO, governments, news media); compiled in shared data-sources/facts",
        edition="not applicable (compiled fact table)",
        as_of=max_partial(df.summit_end_date),
        extracted_from="shared data-sources facts/summit_attendance.csv (stored copies of the pages at source_urls)",
        sources=[
            {
                "title": "Per-row sources: column source_urls",
                "path": "/work/shared/data-sources/facts/summit_attendance.csv",
            },
            {
                "title": "NATO news 197287 (Madrid: AP4's first summit participation)",
                "path": "https://www.nato.int/cps/en/natohq/news_197287.htm?selectedLocale=en",
            },
        ],
        terms="No licence stated in the source notes; facts from the cited sources, descriptions are paraphrases.",
        units="none (categorical)",
        caveats=[
            "Pre-2022 rows are ISAF or partner formats, not NATO-Indo-Pacific-partner sessions.",
            "The 2025 Korean representative is the National Security Adviser (level senior_official_non_minister).",
            "Rows with verification_status 'unverified' (Lisbon 2010, Australia) or 'partially_verified' "
            "(Bucharest 2008 Japan, Chicago 2012 New Zealand) are kept; filter on verification_status.",
            f"Column recollection_unverified dropped: unverified memory, never data ({n_recoll} non-empty cells).",
            "2024 and especially 2025 show a lower level of representation (after the bulletin).",
        ],
    )
    fks = [{"fields": "iso3", "reference": {"resource": "countries", "fields": "iso3"}}]
    return "summit_attendance", df, fields, ["summit_year", "iso3"], fks, meta


AREA_STATUS = {
    "1": "listed",
    "0": "not_listed",
    "expected": "expected",
    "NA": "unknown",
    "": "unknown",
}
PLACEHOLDER_STATUS = {"unverified": "unverified", "n/a": "not_applicable"}


def imp_itpp(src, out):
    s = read(src, "facts/itpp.csv")
    ev = read(src, "facts/itpp_area_evidence.csv")
    area_cols = list(s.columns[s.columns.get_loc("dialogue_consultation") :])
    df = (
        s.drop(columns=area_cols)
        .rename(columns={"meta_source_urls": "source_urls", "meta_note": "note"})
        .copy()
    )
    df.insert(1, "iso3", df.partner.map(iso3_for))
    df["note"] = strip_recollection(df["note"], "itpp.csv meta_note")

    def date_split(col):
        d, p, t = [], [], []
        for v in df[col]:
            iso, prec = leading_date(v)
            d.append(iso)
            p.append(prec)
            t.append("" if v == iso else v)
        df[col], df[col + "_precision"], df[col + "_source_text"] = d, p, t

    date_split("date_agreed")
    date_split("previous_programme_date")
    # conflicting ROK date: programmatically taken from the source note
    alt, alt_src = [], []
    for note in df.note:
        m = re.search(r"(\w[\w ]*?) says signed (\d{1,2}) (\w{3})\w* (\d{4}) \(conflict\)", note)
        if m:
            alt.append(f"{m.group(4)}-{MONTHS[m.group(3)]:02d}-{int(m.group(2)):02d}")
            alt_src.append(m.group(1))
        else:
            alt.append("")
            alt_src.append("")
    df["date_agreed_alt"], df["date_agreed_alt_source"] = alt, alt_src
    assert (df.loc[df.date_agreed_alt != "", "date_status"] == "verified_with_conflict").all()
    for col, pattern in [
        ("period", r"^\d{4}-\d{4}$"),
        ("n_cooperation_areas", r"^\d+$"),
        ("n_areas_previous_ipcp", r"^\d+$"),
    ]:
        st = []
        for i, v in df[col].items():
            if v in PLACEHOLDER_STATUS:
                st.append(PLACEHOLDER_STATUS[v])
                df.at[i, col] = ""
            else:
                assert re.match(pattern, v), (col, v)
                st.append("reported")
        df[col + "_status"] = st
    df = sort_rows(df, ["iso3"])
    cols = [
        "partner",
        "iso3",
        "programme",
        "date_agreed",
        "date_agreed_precision",
        "date_agreed_source_text",
        "date_status",
        "date_agreed_alt",
        "date_agreed_alt_source",
        "period",
        "period_status",
        "n_cooperation_areas",
        "n_cooperation_areas_status",
        "n_areas_previous_ipcp",
        "n_areas_previous_ipcp_status",
        "previous_programme",
        "previous_programme_date",
        "previous_programme_date_precision",
        "previous_programme_date_source_text",
        "area_list_completeness",
        "source_urls",
        "note",
    ]
    write_csv(df, out, "itpp", cols)

    # ---- long area table from the evidence file, checked against the wide matrix
    e = ev.copy()
    e["iso3"] = e.partner.map(iso3_for)
    assert set(e.area) == set(area_cols) and len(e) == len(s) * len(area_cols)
    assert not e.duplicated(["iso3", "area"]).any()
    e["status"] = e["value"].map(AREA_STATUS)
    assert e.status.notna().all(), set(e["value"])
    wide = s.set_index("partner")[area_cols]
    n_dis = 0
    for _, r in e.iterrows():
        mv = wide.at[r.partner, r.area]
        if AREA_STATUS.get(mv) != r.status:
            n_dis += 1
            finding(
                f"ITPP matrix vs evidence disagree: {r.partner} / {r.area}: matrix {mv!r}, evidence "
                f"{r['value']!r} ({r.verification_status})"
            )
    print(f"  ITPP matrix vs evidence: {len(e)} cells compared, {n_dis} disagreement(s)")
    before = e["evidence_paraphrase"].copy()
    e["evidence_paraphrase"] = strip_recollection(
        e["evidence_paraphrase"], "itpp_area_evidence.csv"
    )
    removed_cells = sorted(
        zip(
            e.loc[before != e.evidence_paraphrase, "partner"],
            e.loc[before != e.evidence_paraphrase, "area"],
            strict=True,
        )
    )
    e = sort_rows(e, ["iso3", "area"])
    acols = [
        "partner",
        "iso3",
        "area",
        "status",
        "verification_status",
        "source_urls",
        "evidence_paraphrase",
    ]
    write_csv(e, out, "itpp_areas", acols)

    fields = [
        fld("partner", "string", "Partner name as in the source.", df=df),
        fld(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code, added by an explicit name->code mapping.",
            pattern=ISO3_PATTERN,
            unique=True,
            df=df,
        ),
        fld("programme", "string", "Programme name.", df=df),
        fld(
            "date_agreed",
            "string",
            "Date agreed/adopted (ISO; YYYY when only the year is known). Primary value "
            "used by the report. Empty where the source had 'unverified'.",
            pattern=PARTIAL_DATE_PATTERN,
            df=df,
        ),
        fld(
            "date_agreed_precision",
            "string",
            "Precision of date_agreed.",
            enum_=enum(df, "date_agreed_precision"),
            df=df,
        ),
        fld(
            "date_agreed_source_text",
            "string",
            "Original source cell where it differs from date_agreed.",
            df=df,
        ),
        fld(
            "date_status",
            "string",
            "Verification status of the date (source column).",
            enum_=enum(df, "date_status"),
            df=df,
        ),
        fld(
            "date_agreed_alt",
            "date",
            "Conflicting alternative date reported by another source (taken from the "
            "source note); not used by the report.",
            df=df,
        ),
        fld("date_agreed_alt_source", "string", "Source of date_agreed_alt.", df=df),
        fld(
            "period",
            "string",
            "Programme period (YYYY-YYYY); empty where the source had 'unverified'.",
            pattern=r"^\d{4}-\d{4}$",
            df=df,
        ),
        fld(
            "period_status",
            "string",
            "reported / unverified (source placeholder).",
            enum_=enum(df, "period_status"),
            df=df,
        ),
        fld(
            "n_cooperation_areas",
            "integer",
            "Number of cooperation areas; empty where the source had 'unverified'.",
            minimum=0,
            df=df,
        ),
        fld(
            "n_cooperation_areas_status",
            "string",
            "reported / unverified (source placeholder).",
            enum_=enum(df, "n_cooperation_areas_status"),
            df=df,
        ),
        fld(
            "n_areas_previous_ipcp",
            "integer",
            "Number of areas in the predecessor IPCP; empty where the source "
            "had 'unverified' or 'n/a'.",
            minimum=0,
            df=df,
        ),
        fld(
            "n_areas_previous_ipcp_status",
            "string",
            "reported / unverified / not_applicable (source 'n/a').",
            enum_=enum(df, "n_areas_previous_ipcp_status"),
            df=df,
        ),
        fld("previous_programme", "string", "Predecessor programme.", df=df),
        fld(
            "previous_programme_date",
            "string",
            "Date of the predecessor programme (ISO, partial where only the month is known).",
            pattern=PARTIAL_DATE_PATTERN,
            df=df,
        ),
        fld(
            "previous_programme_date_precision",
            "string",
            "Precision of previous_programme_date.",
            enum_=enum(df, "previous_programme_date_precision"),
            df=df,
        ),
        fld(
            "previous_programme_date_source_text",
            "string",
            "Original source cell where it differs (e.g. renewal date).",
            df=df,
        ),
        fld(
            "area_list_completeness",
            "string",
            "How complete the area list is (source text).",
            df=df,
        ),
        fld(
            "source_urls",
            "string",
            "Source URLs, separated by ' ; ' (source column meta_source_urls).",
            df=df,
        ),
        fld("note", "string", "Source note (column meta_note), without recollection text.", df=df),
    ]
    asof = max_partial(df.date_agreed)
    meta = dict(
        title="NATO Individually Tailored Partnership Programmes (ITPP) with the AP4",
        description="One row per AP4 partner programme: date, period, number of areas, predecessor IPCP; from "
        "facts/itpp.csv without the 17 wide area columns (see itpp_areas.csv). Placeholders "
        "('unverified', 'n/a') in period and the area counts became empty cells with *_status columns; "
        "dates normalised to ISO with precision columns (original cell kept in *_source_text); the "
        "ROK conflicting date (13 Jul 2023, CSDS brief) copied from the note into date_agreed_alt; "
        "meta_source_urls/meta_note renamed source_urls/note; 'Recollection (UNVERIFIED)' text removed "
        "from the note.",
        publisher="Various (per-row source_urls: NATO, governments, news media); compiled in shared data-sources/facts",
        edition="not applicable (compiled fact table)",
        as_of=asof,
        extracted_from="shared data-sources facts/itpp.csv (stored copies of the pages at source_urls)",
        sources=[
            {
                "title": "Per-row sources: column source_urls",
                "path": "/work/shared/data-sources/facts/itpp.csv",
            },
            {
                "title": "NATO: Individually Tailored Partnership Programme between NATO and Japan 2023-2026",
                "path": "https://www.nato.int/cps/en/SID-417B6705-17F0355D/natolive/official_texts_217797.htm?selectedLocale=en",
            },
        ],
        terms="No licence stated in the source notes; facts from the cited sources, descriptions are paraphrases.",
        units="n_* columns: count of cooperation areas",
        caveats=[
            "ROK date conflict: 2023-07-11 (Yonhap, Korea Herald) vs 2023-07-13 (CSDS brief). The report uses "
            "date_agreed (2023-07-11); the alternative is in date_agreed_alt.",
            "Australia: date unverified and sources conflict on whether the ITPP was concluded before or after "
            "Vilnius (date_status unverified_conflicting); area count unverified.",
            "New Zealand: signed in 2024 (month unverified); areas unverified.",
            "Japan: the 16-area list is rebuilt from press reports (partial).",
            "A remembered, unverified statement on the NZ date ('Recollection (UNVERIFIED)') was removed from "
            "the note.",
        ],
    )
    fks = [{"fields": "iso3", "reference": {"resource": "countries", "fields": "iso3"}}]
    res_itpp = ("itpp", df, fields, ["iso3"], fks, meta)

    vs = e.verification_status.value_counts()
    afields = [
        fld("partner", "string", "Partner name as in the source.", df=e),
        fld(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code, added by an explicit name->code mapping.",
            pattern=ISO3_PATTERN,
            df=e,
        ),
        fld(
            "area",
            "string",
            "Cooperation area code (the 17 area columns of the source matrix).",
            enum_=enum(e, "area"),
            df=e,
        ),
        fld(
            "status",
            "string",
            "listed (source 1); not_listed (0, only where the full list is known: ROK); "
            "expected (said before the agreement); unknown (NA / not verifiable).",
            enum_=enum(e, "status"),
            df=e,
        ),
        fld(
            "verification_status",
            "string",
            "Per-cell verification status.",
            enum_=enum(e, "verification_status"),
            df=e,
        ),
        fld("source_urls", "string", "Source URLs, separated by ' ; '.", df=e),
        fld(
            "evidence_paraphrase",
            "string",
            "Paraphrase of the evidence, without recollection text.",
            df=e,
        ),
    ]
    ameta = dict(
        title="ITPP cooperation areas by AP4 partner (long format, with evidence)",
        description="One row per partner x cooperation area (4 x 17), built from facts/itpp_area_evidence.csv: "
        "value mapped to status (1 listed, 0 not_listed, expected, empty unknown); iso3 added; "
        "'Recollection (UNVERIFIED)' text removed from evidence_paraphrase. Every cell was checked "
        f"against the wide matrix in facts/itpp.csv ({n_dis} disagreement(s)).",
        publisher="Various (per-row source_urls: NATO, governments, news media); compiled in shared data-sources/facts",
        edition="not applicable (compiled fact table)",
        as_of=asof,
        as_of_note="Same reference as itpp.csv (newest programme: New Zealand, 2024); area evidence mostly from 2023.",
        extracted_from="shared data-sources facts/itpp_area_evidence.csv (checked against facts/itpp.csv)",
        sources=[
            {
                "title": "Per-row sources: column source_urls",
                "path": "/work/shared/data-sources/facts/itpp_area_evidence.csv",
            },
            {
                "title": "Korea Herald 2023-07-11 (full list of the ROK ITPP's 11 areas)",
                "path": "https://m.koreaherald.com/amp/view.php?ud=20230711000737",
            },
            {
                "title": "Australian Mission to the EU and NATO: Australia and NATO",
                "path": "https://eu.mission.gov.au/bsls/relnato.html",
            },
        ],
        terms="No licence stated in the source notes; facts from the cited sources, descriptions are paraphrases.",
        units="none (categorical)",
        caveats=[
            "not_listed only for ROK (full list known). For Australia the mission page says 'such as', so an "
            "area's absence is not proof of exclusion (status unknown).",
            "New Zealand: only pre-agreement expectations (status expected); final areas not seen.",
            "Japan: arms control, WPS, counter-terrorism, science & technology, public diplomacy, HADR are "
            "unverified (status unknown).",
            "Verification status counts: "
            + ", ".join(f"{k} {v}" for k, v in sorted(vs.items()))
            + ".",
            "Remembered, unverified statements ('Recollection (UNVERIFIED): ...') were removed from "
            f"{RECOLLECTION_REMOVED['itpp_area_evidence.csv']} evidence_paraphrase cell(s): "
            + ", ".join(f"{p} / {a}" for p, a in removed_cells)
            + ".",
        ],
    )
    afks = [
        {"fields": "iso3", "reference": {"resource": "countries", "fields": "iso3"}},
        {"fields": "iso3", "reference": {"resource": "itpp", "fields": "iso3"}},
    ]
    res_areas = ("itpp_areas", e, afields, ["iso3", "area"], afks, ameta)
    return res_itpp, res_areas


def imp_rok_poland(src, out):
    s = read(src, "facts/rok_poland_arms.csv")
    n_recoll = int((s.recollection_unverified != "").sum())
    df = s.drop(columns=["recollection_unverified"]).copy()
    d, p, t = [], [], []
    for v in df.date_signed:
        iso, prec = leading_date(v)
        assert iso, v
        d.append(iso)
        p.append(prec)
        t.append("" if v == iso else v)
    df["date_signed"], df["date_signed_precision"], df["date_signed_source_text"] = d, p, t
    for col in ["quantity", "value_usd_bn"]:
        n, q, t = [], [], []
        for v in df[col]:
            r = parse_number(v)
            assert r is not None, (col, v)
            n.append(r[0])
            q.append(r[1])
            t.append("" if v == r[0] else v)
        df[col], df[col + "_qualifier"], df[col + "_source_text"] = n, q, t
    df = sort_rows(df, ["system", "contract_type"])
    assert not df.duplicated(["system", "contract_type"]).any()
    cols = [
        "system",
        "contract_type",
        "date_signed",
        "date_signed_precision",
        "date_signed_source_text",
        "quantity",
        "quantity_qualifier",
        "quantity_source_text",
        "quantity_alt",
        "value_usd_bn",
        "value_usd_bn_qualifier",
        "value_usd_bn_source_text",
        "value_other",
        "supplier",
        "delivery_window",
        "verification_status",
        "source_urls",
        "evidence_paraphrase",
    ]
    write_csv(df, out, "rok_poland_arms", cols)
    fields = [
        fld("system", "string", "Weapon system / package as named in the source.", df=df),
        fld(
            "contract_type",
            "string",
            "Framework agreement, value estimate, or n-th executive contract.",
            enum_=enum(df, "contract_type"),
            df=df,
        ),
        fld(
            "date_signed",
            "string",
            "Signature date (ISO; YYYY-MM where only the month is known).",
            pattern=PARTIAL_DATE_PATTERN,
            df=df,
        ),
        fld(
            "date_signed_precision",
            "string",
            "Precision of date_signed.",
            enum_=enum(df, "date_signed_precision"),
            df=df,
        ),
        fld(
            "date_signed_source_text",
            "string",
            "Original source cell where it differs from date_signed.",
            df=df,
        ),
        fld(
            "quantity",
            "integer",
            "Number of units (primary value used by the report; e.g. K2 framework 980). "
            "Parsed from the source cell; see quantity_qualifier.",
            minimum=0,
            df=df,
        ),
        fld(
            "quantity_qualifier",
            "string",
            "more_than when the source gave a lower bound ('>'); empty = as stated.",
            enum_=enum(df, "quantity_qualifier"),
            df=df,
        ),
        fld(
            "quantity_source_text",
            "string",
            "Original source cell where it was not a plain number.",
            df=df,
        ),
        fld(
            "quantity_alt",
            "string",
            "Conflicting or alternative quantities / breakdowns reported elsewhere "
            "(verbatim; e.g. 'up to 1,000' K2). Not used by the report.",
            df=df,
        ),
        fld(
            "value_usd_bn",
            "number",
            "Contract value as reported, no currency conversion.",
            unit="USD billion",
            minimum=0,
            df=df,
        ),
        fld(
            "value_usd_bn_qualifier",
            "string",
            "approximately when the source gave '~'; empty = as stated.",
            enum_=enum(df, "value_usd_bn_qualifier"),
            df=df,
        ),
        fld(
            "value_usd_bn_source_text",
            "string",
            "Original source cell where it was not a plain number.",
            df=df,
        ),
        fld(
            "value_other",
            "string",
            "Other reported values (other sources / currencies), verbatim.",
            df=df,
        ),
        fld("supplier", "string", "Korean supplier(s).", df=df),
        fld("delivery_window", "string", "Delivery schedule (source text).", df=df),
        fld(
            "verification_status",
            "string",
            "Per-row verification status (see facts/README.md).",
            enum_=enum(df, "verification_status"),
            df=df,
        ),
        fld("source_urls", "string", "Source URLs, separated by ' ; '.", df=df),
        fld(
            "evidence_paraphrase", "string", "Paraphrase of the evidence (not a quotation).", df=df
        ),
    ]
    meta = dict(
        title="South Korea-Poland arms deals since 2022",
        description="Framework agreements and executive contracts between Poland and Korean suppliers: quantities "
        "and USD values as reported; from facts/rok_poland_arms.csv. Dates normalised to ISO with a "
        "precision column; quantity and value_usd_bn parsed to numbers with qualifier columns "
        "('~' approximately, '>' more_than; original cell kept in *_source_text); column "
        "recollection_unverified dropped.",
        publisher="Various (per-row source_urls: Polish MoD/DAPA as reported by Shephard, AP, Yonhap, Korea JoongAng "
        "Daily and others); compiled in shared data-sources/facts",
        edition="not applicable (compiled fact table)",
        as_of=max_partial(df.date_signed),
        extracted_from="shared data-sources facts/rok_poland_arms.csv (stored copies of the pages at source_urls)",
        sources=[
            {
                "title": "Per-row sources: column source_urls",
                "path": "/work/shared/data-sources/facts/rok_poland_arms.csv",
            }
        ],
        terms="No licence stated in the source notes; facts from the cited sources, descriptions are paraphrases.",
        units="quantity: units (launchers, tanks, aircraft, rockets); value_usd_bn: USD billion as reported",
        caveats=[
            "Framework quantities conflict: K2 980 (Polish MoD, Jul-Aug 2022) vs 'up to 1,000' (UPI/Hyundai "
            "Rotem); K9 648 vs 672 (defencereview.gr). The report uses quantity (980 / 648); alternatives are "
            "in quantity_alt.",
            "First K2 executive contract value: 3.37 (Shephard, used) vs ~3.4 (AP) and 3.7 "
            "(defence-industry.eu) in value_other.",
            "Framework package value 14.8 is an industry/media estimate (verified_as_estimate); the parties did "
            "not publish a total.",
            "Rows overlap (e.g. 'K2 + K9 first executive contracts combined' = the two separate rows): do not "
            "sum all rows.",
            "USD values as reported, no currency conversion.",
            f"Column recollection_unverified dropped (unverified memory; {n_recoll} non-empty cells).",
        ],
    )
    return "rok_poland_arms", df, fields, ["system", "contract_type"], [], meta


UPDATES = "updates-2026"


def read_events_2024_2026(src) -> pd.DataFrame:
    """The 2024-2026 events of the 2026 update in the milestone layout: the evidence
    paraphrase gets its own column; the one event that the milestones already hold
    (its note says so) is left out."""
    events = read(src, f"{UPDATES}/events_2024_2026.csv")
    events = events[~events.note.str.contains("Already summarised", regex=False)].copy()
    events = events.rename(columns={"source_evidence_paraphrase": "evidence_paraphrase"})
    return events


def imp_milestones(src, out):
    s = read(src, "facts/nato_ap4_milestones.csv")
    s["evidence_paraphrase"] = ""
    events = read_events_2024_2026(src)
    df = pd.concat([s, events[s.columns]], ignore_index=True)
    d, t = [], []
    for v, prec in zip(df.date, df.date_precision, strict=True):
        iso, p = leading_date(v)
        if prec == "decade":
            assert re.match(r"^\d{3}0s$", v)
            iso = v
        elif prec == "unknown":
            assert v == "unknown"
            iso = ""
        elif prec == "day_range":  # '2026-07-07/2026-07-08': the first day, the range kept
            if p != "day":
                raise ValueError(f"milestones: a day range must start with a day: {v!r}")
        elif prec == "month" and p == "year":
            m = re.search(r"\((" + "|".join(MONTHS) + r")\b", v)
            assert m, v
            iso = f"{iso}-{MONTHS[m.group(1)]:02d}"
        else:
            assert p == prec, (v, prec, p)
        d.append(iso)
        t.append("" if v == iso else v)
    df["date"], df["date_source_text"] = d, t
    codes = []
    for a in df.actors:
        parts = [x.strip() for x in a.split(";")]
        cc = []
        for x in parts:
            if x in NON_COUNTRY_ACTORS:
                continue
            cc.append(OTHER_STATES.get(x) or iso3_for(x))
        codes.append(";".join(cc))
    df["actors_iso3"] = codes
    order = df.assign(_k=df.date.map(lambda v: v if v else "9999"))
    df = (
        order.sort_values(["_k", "event_summary"], kind="mergesort")
        .drop(columns="_k")
        .reset_index(drop=True)
    )
    assert df.event_summary.is_unique
    cols = [
        "date",
        "date_precision",
        "date_source_text",
        "event_summary",
        "actors",
        "actors_iso3",
        "category",
        "verification_status",
        "source_urls",
        "evidence_paraphrase",
        "note",
    ]
    write_csv(df, out, "milestones", cols)
    fields = [
        fld(
            "date",
            "string",
            "Event date: ISO YYYY-MM-DD, YYYY-MM or YYYY per date_precision, or a decade "
            "('1990s'); empty when unknown.",
            pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?|\d{3}0s)$",
            df=df,
        ),
        fld(
            "date_precision",
            "string",
            "Precision of date (source column).",
            enum_=enum(df, "date_precision"),
            df=df,
        ),
        fld(
            "date_source_text", "string", "Original source cell where it differs from date.", df=df
        ),
        fld(
            "event_summary",
            "string",
            "Paraphrased event description (unique; used as the key).",
            unique=True,
            df=df,
        ),
        fld("actors", "string", "Actors as in the source, separated by '; '.", df=df),
        fld(
            "actors_iso3",
            "string",
            "ISO3 codes of the actors that are countries, separated by ';' (explicit "
            "name->code mapping; NATO, AP4 and NATO CCDCOE have no code and are not expanded).",
            pattern=r"^([A-Z]{3}(;[A-Z]{3})*)?$",
            df=df,
        ),
        fld("category", "string", "Event category.", enum_=enum(df, "category"), df=df),
        fld(
            "verification_status",
            "string",
            "Per-row verification status (see facts/README.md).",
            enum_=enum(df, "verification_status"),
            df=df,
        ),
        fld("source_urls", "string", "Source URLs, separated by ' ; '.", df=df),
        fld(
            "evidence_paraphrase",
            "string",
            "What the source says, paraphrased (2024-2026 events of the 2026 update).",
            df=df,
        ),
        fld("note", "string", "Source note.", df=df),
    ]
    meta = dict(
        title="Timeline of NATO-AP4 relationship milestones (1990s-2026)",
        description="Milestones of NATO's relations with the AP4 and related European/US events; from "
        "facts/nato_ap4_milestones.csv. 'date' normalised to ISO where the precision allows "
        "('2023 (Jul, exact date unverified)' -> 2023-07, precision month as in the source; "
        "'unknown' -> empty; decades kept as '1990s'); the original cell is in date_source_text. Added "
        "actors_iso3. No natural key other than the event text: event_summary is unique and is used as "
        "the primary key (no id column invented). The 2024-2026 events of the 2026 update "
        "(updates-2026/events_2024_2026.csv) are added with their evidence paraphrase; a day range "
        "('2026-07-07/2026-07-08') is dated by its first day, precision day_range.",
        publisher="Various (per-row source_urls: NATO, governments, news media); compiled in shared data-sources/facts",
        edition="not applicable (compiled fact table)",
        as_of=max_partial(df.date),
        extracted_from="shared data-sources facts/nato_ap4_milestones.csv and "
        "updates-2026/events_2024_2026.csv (stored copies of the pages at source_urls)",
        sources=[
            {
                "title": "Per-row sources: column source_urls",
                "path": "/work/shared/data-sources/facts/nato_ap4_milestones.csv",
            }
        ],
        terms="No licence stated in the source notes; facts from the cited sources, descriptions are paraphrases.",
        units="none",
        caveats=[
            "date is a string because precision varies (decade/year/month/day); use date_precision.",
            "Rows with verification_status unverified / unverified_conflicting / partially_verified / "
            "verified_date_inferred / verified_date_approx are kept; filter on verification_status.",
            "The Danish embassy as NATO Contact Point Embassy in Tokyo is only stated by the PISM bulletin "
            "(unverified, date unknown).",
        ],
    )
    return "milestones", df, fields, ["event_summary"], [], meta


def imp_trade(src, out):
    s = read(src, "trade_china_share.csv")
    assert len(s) == 76
    df = s.copy()
    wt = df.source_detail.str.extract(r"world_total_usd=(\d+(?:\.\d+)?);")[0]
    assert wt.notna().all()
    df["world_total_usd"] = wt
    # check: share_pct = round(100 * value / world, 3) for every row
    bad = [
        (r.iso3, r.year, r.flow)
        for r in df.itertuples()
        if abs(round(100 * float(r.value_usd) / float(r.world_total_usd), 3) - float(r.share_pct))
        > 1e-9
    ]
    if bad:
        finding(f"trade share_pct does not recompute for {bad}")
    print(
        f"  trade: share_pct recomputed from value_usd/world_total_usd for {len(df) - len(bad)}/{len(df)} rows"
    )
    df = sort_rows(df, ["iso3", "partner", "year", "flow"], numeric=("year",))
    assert not df.duplicated(["iso3", "partner", "year", "flow"]).any()
    cols = [
        "iso3",
        "country",
        "year",
        "flow",
        "partner",
        "value_usd",
        "world_total_usd",
        "share_pct",
        "source",
        "source_detail",
    ]
    write_csv(df, out, "trade_china", cols)
    fields = [
        fld("iso3", "string", "Reporter ISO 3166-1 alpha-3 code.", pattern=ISO3_PATTERN, df=df),
        fld("country", "string", "Reporter name.", df=df),
        fld("year", "year", "Calendar year.", minimum=1949, maximum=2030, df=df),
        fld(
            "flow",
            "string",
            "exports (to China) or imports (from China), reporter-reported.",
            enum_=enum(df, "flow"),
            df=df,
        ),
        fld(
            "partner",
            "string",
            "Partner: CHN = mainland China only (Hong Kong, Macao, Taiwan excluded). Not in "
            "countries.csv.",
            enum_=enum(df, "partner"),
            df=df,
        ),
        fld(
            "value_usd",
            "number",
            "Goods trade with China (DOTS: US$ millions x 1e6, rounded to whole dollars).",
            unit="current US$",
            minimum=0,
            df=df,
        ),
        fld(
            "world_total_usd",
            "number",
            "Reporter's same flow with World, copied from source_detail ('world_total_usd=...').",
            unit="current US$",
            minimum=0,
            df=df,
        ),
        fld(
            "share_pct",
            "number",
            "100 x value_usd / world_total_usd, rounded to 3 decimals.",
            unit="percent",
            minimum=0,
            maximum=100,
            df=df,
        ),
        fld(
            "source",
            "string",
            "Dataset: IMF DOTS (2019-2020, 15 reporters) or UN Comtrade (2021-2024, DEU and "
            "POL only).",
            enum_=enum(df, "source"),
            df=df,
        ),
        fld(
            "source_detail",
            "string",
            "Provenance of the row (sheet/query, repository, commit, blob).",
            df=df,
        ),
    ]
    meta = dict(
        title="Goods trade with China as a share of total trade (IMF DOTS 2019-2020; UN Comtrade 2021-2024 for DEU, POL)",
        description="Reporter-reported goods exports to / imports from mainland China and their share of the "
        "reporter's world total; copied from trade_china_share.csv, with world_total_usd copied out of "
        "source_detail into its own column (every share recomputes). Partial coverage: IMF DOTS for all "
        "15 non-CHN/RUS core countries 2019-2020; UN Comtrade for Germany and Poland 2021-2024.",
        publisher="International Monetary Fund (Direction of Trade Statistics) and United Nations Statistics "
        "Division (UN Comtrade)",
        edition="IMF DOTS data-portal download of early 2022 (latest year 2020); UN Comtrade public-preview API "
        "responses cached 2026-08-12",
        as_of=max_partial(df.year),
        as_of_note="2021-2024 only for DEU and POL (Comtrade); all other reporters end in 2020 (DOTS).",
        extracted_from="DOTS: GitHub SamLeBlanc/Direction-of-Trade-Map data/DOTS/DOTS_<n>.xlsx, added in "
        "a769819d9b25a21a362d6cabfb10f150903f834d, unchanged at HEAD a0b40afbac7cefc59a4b35c1ebe541ac546aafad. "
        "Comtrade: GitHub hui-sallai/central-europe-political-atlas "
        "src/data/models/china-exposure-trade-inputs.json (HEAD ded89dbe678a62a017ba38b8709cfe18380af2b9; "
        "file last changed bd4bfc98226ca1b224affe6efb90cfaebc2691ac; blob "
        "af3c3ab1242eb021a594e11b15205fd225cf2abf). Per-row details in source_detail.",
        sources=[
            {"title": "UN Comtrade Database", "path": "https://comtradeplus.un.org/"},
            {"title": "IMF, Direction of Trade Statistics (DOTS)", "path": "data.imf.org"},
        ],
        terms="UN Comtrade's terms of use and the IMF copyright/usage terms were not read at extraction time "
        "(not stated in the source notes). The Comtrade cache repo has no LICENSE (NOTICE.md: 'No ownership "
        "is claimed over third-party data'); the DOTS repo is MIT-licensed for its code only.",
        citation="UN Comtrade Database, https://comtradeplus.un.org/ ; IMF, Direction of Trade Statistics (DOTS)",
        units="value_usd, world_total_usd: current US$; share_pct: percent",
        caveats=[
            "Never splice DOTS and Comtrade into one series: for EU reporters DOTS import shares are much lower "
            "than Comtrade's (DEU imports 8.0 % DOTS 2020 vs 12.0 % Comtrade 2021; POL 10.2 % vs 14.8 %).",
            "DOTS rows (2019-2020) are a pre-2021 baseline only; label the year in any chart.",
            "GBR 2020 exports to China are US$18.6 bn in DOTS vs 30.1 bn in 2019: as in the file; check against "
            "ONS before use.",
            "Values are reporter-reported; later IMF revisions not reflected.",
        ],
        # Rows whose value the source notes ask to check before use: a number computed
        # from them is not stated as fact.
        to_check=[
            {
                "row": {"iso3": "GBR", "year": "2020", "flow": "exports"},
                "reason": "GBR 2020 exports to China: US$18.6 bn in DOTS vs 30.1 bn in 2019; "
                "check against ONS.",
            }
        ],
    )
    return "trade_china", df, fields, ["iso3", "partner", "year", "flow"], [], meta


def imp_geojson(src, out):
    srcf = src / "ne_110m_admin0_countries_lowres.geojson"
    dst = out / "world_countries_110m.geojson"
    shutil.copyfile(srcf, dst)
    a, b = srcf.read_bytes(), dst.read_bytes()
    assert a == b
    sha = hashlib.sha256(b).hexdigest()
    assert sha.startswith("ffc598d6a2308c9d"), sha
    print(
        f"  copied {dst.relative_to(out.parent)} byte-for-byte ({len(b)} bytes, sha256 {sha[:16]})"
    )
    return {
        "name": "world_countries_110m",
        "path": "world_countries_110m.geojson",
        "profile": "data-resource",
        "format": "geojson",
        "mediatype": "application/geo+json",
        "encoding": "utf-8",
        "bytes": len(b),
        "hash": f"sha256:{sha}",
        "title": "World countries, Natural Earth 1:110m admin-0 (geopandas naturalearth_lowres)",
        "description": "177 country polygons (WGS84 lon/lat) with properties pop_est, continent, name, iso_a3, "
        "gdp_md_est; byte-for-byte copy of ne_110m_admin0_countries_lowres.geojson (converted from "
        "the geopandas shapefile with pyshp, geometry unchanged). All 36 iso3 codes of countries.csv "
        "join on iso_a3; Kosovo has iso_a3 = -99.",
        "publisher": "Natural Earth",
        "edition": "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries; release number not recorded in the "
        "copy used (as shipped in geopandas 0.14.4)",
        "as_of_note": "not stated (Natural Earth release number not recorded in the copy used)",
        "retrieved": RETRIEVED,
        "extracted_from": "PyPI wheel geopandas==0.14.4 (sha256 3bb6473cb59d51e1a7fe2dbc24a1a063fb0ebdeddf3ce08ddbf8c7ddc99689aa), "
        "path geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp (+ .dbf/.shx/.prj); "
        "geopandas built it from ne_110m_admin_0_countries.zip keeping POP_EST, CONTINENT, NAME, "
        "ISO_A3, GDP_MD_EST and fixing ISO_A3 = -99 for France/Norway from ADM0_A3",
        "sources": [
            {
                "title": "Natural Earth 1:110m Cultural Vectors",
                "path": "https://www.naturalearthdata.com/downloads/110m-cultural-vectors/",
            }
        ],
        "licenses": [
            {
                "name": "public-domain",
                "title": "Public domain (Natural Earth Terms of Use: 'All versions of Natural Earth raster + "
                "vector map data ... are in the public domain ... Crediting the authors is "
                "unnecessary.', as quoted in Fedora's licence review)",
                "path": "https://gitlab.com/fedora/legal/fedora-license-data/-/issues/200",
            }
        ],
        "citation": "Made with Natural Earth.",
        "units": "coordinates: degrees (WGS84 lon/lat)",
        "caveats": [
            "pop_est and gdp_md_est are Natural Earth's embedded estimates; do not use as statistics (use "
            "gdp_population.csv).",
            "geopandas code itself is BSD-3-Clause.",
        ],
    }


# Event dates that cannot lie in the future (checked against the day of validation).
NOT_AFTER_TODAY = {
    "summit_attendance": ["summit_start_date", "summit_end_date"],
    "rok_poland_arms": ["date_signed"],
    "milestones": ["date"],
    "itpp": ["date_agreed", "date_agreed_alt", "previous_programme_date"],
    "ukraine_support_ap4_items": ["as_of_date"],
}

# Bibliography keys (content/references.json) under which the report cites each dataset.
REFERENCES = {
    "countries": ["ulib_nato"],
    "gdp_population": ["worldbank_wdi"],
    "itpp": ["ap4_fact_tables", "nato_japan_itpp2023"],
    "itpp_areas": ["ap4_fact_tables"],
    "milestones": ["ap4_fact_tables"],
    "milex": ["sipri2025"],
    "milex_footnotes": ["sipri2025"],
    "milex_preliminary": ["sipri2026_preliminary"],
    "rok_poland_arms": ["ap4_fact_tables"],
    "summit_attendance": ["ap4_fact_tables"],
    "trade_china": ["imf_dots", "un_comtrade"],
    "ukraine_support_ap4_items": ["ap4_fact_tables"],
    "ukraine_support_kiel": ["kiel_r29"],
    "ukraine_support_kiel_ap4_monthly": ["kiel_r29"],
    "world_countries_110m": ["naturalearth"],
}


def public_sources(sources):
    """Sources as published: a local extract path is provenance (see extracted_from), not
    a public address, so only its title is kept."""
    return [
        {"title": source["title"]} if str(source.get("path", "")).startswith("/") else source
        for source in sources
    ]


# --------------------------------------------------------------------------
def resource(name, df, fields, pk, fks, meta):
    r = {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": meta["title"],
        "description": meta["description"],
        "publisher": meta["publisher"],
        "edition": meta["edition"],
        "as_of": meta["as_of"],
    }
    if "as_of_note" in meta:
        r["as_of_note"] = meta["as_of_note"]
    if "released" in meta:
        r["released"] = meta["released"]
    r["retrieved"] = RETRIEVED
    r["extracted_from"] = meta["extracted_from"]
    r["sources"] = public_sources(meta["sources"])
    r["references"] = REFERENCES[name]
    for field in fields:
        if field["name"] in NOT_AFTER_TODAY.get(name, []):
            field["not_after"] = "today"
    if "licenses" in meta:
        r["licenses"] = meta["licenses"]
    if "terms" in meta:
        r["terms"] = meta["terms"]
    if "citation" in meta:
        r["citation"] = meta["citation"]
    if "to_check" in meta:
        r["to_check"] = meta["to_check"]
    r["units"] = meta["units"]
    r["caveats"] = meta["caveats"]
    schema = {"fields": fields, "primaryKey": pk}
    if fks:
        schema["foreignKeys"] = fks
    schema["missingValues"] = [""]
    r["schema"] = schema
    names = [f["name"] for f in fields]
    return r, names


def main(argv=None):
    global RETRIEVED
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--source", type=Path, default=DEFAULT_SOURCE, help="shared data-sources directory"
    )
    ap.add_argument(
        "--out", type=Path, default=REPO / "data", help="output directory (default: data/)"
    )
    ap.add_argument(
        "--retrieved",
        default=None,
        help="retrieval date to record (YYYY-MM-DD); default: keep the date already in "
        "data/datapackage.yaml, else today",
    )
    args = ap.parse_args(argv)
    src, out = args.source.resolve(), args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    dp_path = out / "datapackage.yaml"
    previous = yaml.safe_load(dp_path.read_text(encoding="utf-8")) or {} if dp_path.exists() else {}
    RETRIEVED = args.retrieved or previous.get("retrieved") or _dt.date.today().isoformat()
    print(f"source: {src}\nout:    {out}\nretrieved: {RETRIEVED}")

    # ISO3 sanity: every mapped code is a real ISO code and a NATO/AP4 country
    countries = read(src, "nato_ap4_countries.csv")
    try:
        import pycountry

        for c in sorted(set(NAME_TO_ISO3.values()) | set(countries.iso3)):
            assert pycountry.countries.get(alpha_3=c) is not None, c
    except ImportError:
        warn("pycountry not installed: ISO3 codes not cross-checked")
    assert set(NAME_TO_ISO3.values()) <= set(countries.iso3)

    results = []
    results.append(imp_countries(src, out))
    results.append(imp_milex(src, out))
    results.append(imp_milex_preliminary(src, out))
    results.append(imp_milex_footnotes(src, out))
    results.append(imp_gdp(src, out))
    results.append(imp_kiel_by_donor(src, out))
    *km, reproduced = imp_kiel_monthly(src, out)
    results.append(tuple(km))
    summary_path = out / "kiel_ap4_summary.csv"
    if reproduced:
        if summary_path.exists():
            summary_path.unlink()
        print("  kiel_ap4_summary.csv NOT copied (reproduced from monthly rows)")
    else:
        s = read(src, "facts/kiel_ap4_summary.csv")
        s.to_csv(summary_path, index=False, lineterminator="\n", encoding="utf-8")
        warn("kiel_ap4_summary.csv kept because it does not reproduce (no schema written for it)")
    results.append(imp_ap4_items(src, out))
    results.append(imp_summits(src, out))
    results.extend(imp_itpp(src, out))
    results.append(imp_rok_poland(src, out))
    results.append(imp_milestones(src, out))
    results.append(imp_trade(src, out))
    geo = imp_geojson(src, out)

    resources = []
    for name, df, fields, pk, fks, meta in results:
        r, names = resource(name, df, fields, pk, fks, meta)
        written = pd.read_csv(
            out / r["path"], dtype=str, keep_default_na=False, nrows=0
        ).columns.tolist()
        assert written == names, (name, written, names)
        resources.append(r)
    geo["references"] = REFERENCES[geo["name"]]
    resources.append(geo)
    # Datasets curated by hand in data/ (not imported here) are kept as they are.
    owned = {r["name"] for r in resources}
    resources += [r for r in previous.get("resources", []) if r.get("name") not in owned]
    resources.sort(key=lambda r: (r["name"] == geo["name"], r["name"]))

    pkg = {
        "name": "nato-ap4-report-data",
        "title": "Source data for the NATO-AP4 policy report",
        "description": "Data for the report that rebuilds the PISM Bulletin 'NATO Intensifies Cooperation with "
        "Indo-Pacific Partners' (Oskar Pietrewicz, Aug 2023): military expenditure (SIPRI), GDP and "
        "population (WDI), Ukraine support (Kiel), trade with China (IMF DOTS, UN Comtrade), a world "
        "map (Natural Earth) and sourced fact tables (summits, ITPPs, milestones, ROK-Poland arms "
        "deals, AP4 Ukraine support). Every value was copied programmatically by "
        "tools/import_sources.py from /work/shared/data-sources (see its README.md and "
        "facts/README.md). Column recollection_unverified (unverified memory) was dropped everywhere, "
        "and 'Recollection (UNVERIFIED)' text was removed from notes. Rows with verification_status "
        "'unverified' are kept and filterable.",
        "profile": "data-package",  # not tabular-data-package: that profile forbids the geojson resource
        "created_by": "tools/import_sources.py",
        "retrieved": RETRIEVED,
        "resources": resources,
    }
    dp_path.write_text(
        yaml.safe_dump(pkg, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
        newline="\n",
    )
    print(f"  wrote {dp_path.relative_to(out.parent)} ({len(resources)} resources)")
    print(f"\n{len(FINDINGS)} finding(s), {len(WARNINGS)} warning(s)")
    for f in FINDINGS:
        print("  -", f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
