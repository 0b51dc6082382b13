"""Formatting of numbers, dates and lists for prose and tables: one place for units,
rounding and locale (Babel), so that every edition formats the same way."""

from __future__ import annotations

import datetime
import re

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

# CLDR's minimumGroupingDigits where it is not 1 (Babel does not apply it yet): Polish
# groups thousands only from five digits on ("1000", "10 000").
MINIMUM_GROUPING_DIGITS = {"pl": 2}


def decimal(value: float, digits: int = 1, locale: str = "en") -> str:
    """A number with a fixed count of decimals, grouped by the locale's rules."""
    minimum = MINIMUM_GROUPING_DIGITS.get(locale.split("_")[0], 1)
    grouped = abs(value) >= 10 ** (2 + minimum)
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale)


def compact(value: float, locale: str = "en") -> str:
    """A level as written in a declaration: no trailing zeros ('2', '3.5'; '3,5' in pl)."""
    return format_decimal(value, format="0.##", locale=locale)


def signed(value: float, digits: int = 1, locale: str = "en") -> str:
    """A number with an explicit sign; negatives take an en dash, the minus of typesetting
    when the font has no minus sign (U+2212 is not in the bundled Noto fonts)."""
    text = decimal(abs(value), digits, locale)
    if round(value, digits) == 0:
        return text
    return ("+" if value > 0 else "\u2013") + text


def date_text(value: str, locale: str = "en", short: bool = False) -> str:
    """An ISO date, or a partial one (YYYY-MM, YYYY), in words: '29 June 2022',
    'June 2022', '2022'; `short` abbreviates the month: '29 Jun 2022', 'Jun 2022'."""
    parts = [int(part) for part in str(value).split("-")]
    if len(parts) == 1:
        return str(parts[0])
    day = datetime.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    month = "MMM" if short else "MMMM"
    pattern = f"d {month} y" if len(parts) == 3 else f"{month.replace('M', 'L')} y"
    return format_date(day, pattern, locale=locale)


def words(value: int, locale: str = "en") -> str:
    """A small count in words ('three'); larger numbers as digits."""
    from num2words import num2words

    return num2words(int(value), lang=locale.split("_")[0]) if 0 <= value <= 10 else str(value)


def ordinal(value: int, locale: str = "en") -> str:
    """'5th' (en), '5.' (pl: num2words gives the bare number, Polish adds a dot)."""
    from num2words import num2words

    text = str(num2words(int(value), lang=locale.split("_")[0], to="ordinal_num"))
    return f"{text}." if text.isdigit() else text


def join(items: list[str], locale: str = "en") -> str:
    """'A, B and C' by the locale's rules."""
    return format_list(list(items), locale=locale) if items else ""


# Country names that take the definite article in running English text.
ENGLISH_ARTICLE = frozenset({"United States", "United Kingdom", "Netherlands"})


def in_running_text(names, locale: str = "en") -> list[str]:
    """Names as they read inside an English sentence ('the United States'); unchanged in
    other languages."""
    if not locale.startswith("en"):
        return list(names)
    return [f"the {name}" if str(name) in ENGLISH_ARTICLE else name for name in names]


def period(text: str) -> str:
    """A span of years with an en dash: '2023-2026' → '2023–2026'."""
    return re.sub(r"(?<=\d)-(?=\d)", "\u2013", str(text))


def count_noun(count: int, forms: dict[str, str], locale: str = "en") -> str:
    """The noun form for `count` by the locale's plural rules (CLDR, via Babel): forms
    keyed 'one', 'few', 'many', 'other' (Polish: 1 wiersz, 2 wiersze, 5 wierszy)."""
    from babel import Locale

    category = Locale.parse(locale).plural_form(count)
    return forms.get(category, forms["other"])


# Polish typesetting: no one-letter word (a, i, o, u, w, z) at the end of a line, and no
# break between a number and the abbreviation after it ("2024 r.", "11,04 mld").
_POLISH_TIES = [
    (re.compile(r"(?<![\w.,\-])([aiouwzAIOUWZ]) "), "\\1\u00a0"),
    (re.compile(r"(\d) (r\.|mld|mln|tys\.|pkt)"), "\\1\u00a0\\2"),
    # an ordinal and its noun: "5. miejsce"
    (re.compile(r"(?<![\d.,])(\d{1,3}\.) (?=[a-ząćęłńóśźż])"), "\\1\u00a0"),
]


def tie_short_words(html: str, language: str) -> str:
    """Non-breaking spaces where the language's typesetting wants them (text only)."""
    if language != "pl":
        return html

    def text(match):
        segment = match.group(0)
        for pattern, replacement in _POLISH_TIES:
            segment = pattern.sub(replacement, segment)
        return segment

    return re.sub(r">[^<]+<", text, html)


# Words that may be broken across lines in print: lowercase words only (`[^\W\d_]`: letters).
_WORD = re.compile(r"&#?\w+;|[^\W\d_]+(?:-[^\W\d_]+)*")
# The same, but not inside a URL or file name shown as text ("…/Data-Sheet.pdf").
_COMPOUND = re.compile(r"&#?\w+;|(?<![/.=?#%\w-])[^\W\d_]+(?:-[^\W\d_]+)+(?![/.]\w)")
_PARAGRAPH = re.compile(r"(<p\b[^>]*>)(.*?)(</p>)", re.DOTALL)


def _is_name(word: str) -> bool:
    """A proper noun, acronym or name-like word: any capital letter in it ("Japan",
    "AUKUS", "Indo-Pacific", "Wykres", "iPhone")."""
    return any(character.isupper() for character in word)


def _soft_hyphens(language: str):
    import pyphen

    dictionary = pyphen.Pyphen(lang=language, left=2, right=2)

    def hyphenate(match) -> str:
        word = match.group(0)
        if word.startswith("&") or _is_name(word):
            return word
        hyphenated = "-".join(
            dictionary.inserted(part, hyphen="\u00ad") if len(part) >= 5 else part
            for part in word.split("-")
        )
        # Not after an "f": a soft hyphen inside an f-ligature ("of-fi-cial") leaves the
        # ligature's glyph without Unicode text, which PDF/A and PDF/UA reject.
        return re.sub("(?<=[fF])\u00ad", "", hyphenated)

    return hyphenate


def _tie_compound_names(match) -> str:
    """'Indo-Pacific', 'US-Japan-ROK', 'Australia-NATO': a non-breaking hyphen (U+2011)."""
    word = match.group(0)
    if "-" in word and any(part[:1].isupper() for part in word.split("-")):
        return word.replace("-", "\u2011")
    return word


def hyphenate_for_print(html: str, language: str) -> str:
    """The print HTML with line breaks kept out of proper nouns (the print style sheet
    sets `hyphens: manual`, so that only these soft hyphens may break a word):

    - in paragraphs (`<p>`, not source lines), soft hyphens (U+00AD) in lowercase words,
      where the language's hyphenation patterns (Pyphen, as WeasyPrint uses) allow;
      words with a capital letter (names, acronyms, "Figure") are never broken;
    - in the whole body, compounds with a capitalised part ("Indo-Pacific") take a
      non-breaking hyphen, so that they do not break at their hyphen either.

    Text only: tags, attributes and entities are left as they are."""
    head, marker, body = html.partition("<body")
    if not marker:
        head, body = "", html
    hyphenate = _soft_hyphens(language)

    def paragraph(match) -> str:
        start, inner, end = match.groups()
        if re.search(r"""class=["'][^"']*\bsource\b""", start):
            return match.group(0)
        words = re.sub(r"(?<=>)[^<]+|^[^<]+", lambda m: _WORD.sub(hyphenate, m.group(0)), inner)
        return start + words + end

    body = _PARAGRAPH.sub(paragraph, body)
    body = re.sub(r">[^<]+<", lambda m: _COMPOUND.sub(_tie_compound_names, m.group(0)), body)
    return head + marker + body


FORMATS = {
    "text": lambda value, locale: str(value),
    "integer": lambda value, locale: decimal(value, 0, locale),
    "decimal1": lambda value, locale: decimal(value, 1, locale),
    "decimal2": lambda value, locale: decimal(value, 2, locale),
    "decimal3": lambda value, locale: decimal(value, 3, locale),
    "signed2": lambda value, locale: signed(value, 2, locale),
}


def format_cell(value, kind: str, locale: str = "en") -> str:
    if value is None or value != value:  # missing or NaN
        return "–"
    return FORMATS[kind](value, locale)


def text_or_none(value) -> str | None:
    """A cell as a string, or None where the cell is missing (None, NA or NaN)."""
    import pandas as pd

    return None if value is None or pd.isna(value) else str(value)
