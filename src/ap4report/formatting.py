"""Number formatting for prose and tables, one place for units, rounding and locale."""

from __future__ import annotations

from babel.numbers import format_decimal


def decimal(value: float, digits: int = 1, locale: str = "en") -> str:
    """A number with a fixed count of decimals, grouped by the locale's rules."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale)


def signed(value: float, digits: int = 1, locale: str = "en") -> str:
    """A number with an explicit sign (a true minus sign for negatives)."""
    text = decimal(abs(value), digits, locale)
    if round(value, digits) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text


FORMATS = {
    "text": lambda value, locale: str(value),
    "decimal1": lambda value, locale: decimal(value, 1, locale),
    "decimal2": lambda value, locale: decimal(value, 2, locale),
    "signed2": lambda value, locale: signed(value, 2, locale),
}


def format_cell(value, kind: str, locale: str = "en") -> str:
    if value is None or value != value:  # missing or NaN
        return "–"
    return FORMATS[kind](value, locale)
