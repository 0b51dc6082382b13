"""The language of an edition: translated words (gettext catalogs, read with Babel),
country names (Babel's territory names) and number formats (Babel) for figures, tables
and numbers.

English is the source language: its words are the message ids in the code, so it needs
no catalog. Another language's translations are `content/<language>/*.po` files, which
the rules pass to the steps as inputs. A step activates its edition's language with
`active(...)`; the functions below then answer in that language. The state is a context
variable, so jobs that run as threads of one process do not see each other's language.

Words in code are marked `_("...")` (`ngettext` for counts, `pgettext` with a context), so that
`pybabel extract` finds them; `tests/test_i18n.py` checks that each has a translation.
Words that come from the data (programme area names, ...) go through `term`, which
fails with a clear error when a translation is missing rather than mixing languages.
"""

from __future__ import annotations

import contextvars
import gettext as _gettext
import io
import re
import string
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ap4report.errors import AuthorError, shown_path

SOURCE_LANGUAGE = "en"


class MissingTranslation(AuthorError, LookupError):
    """A word from the data has no translation in the edition's catalogs."""


class UnsafeFormat(AuthorError, ValueError):
    """A text from strings.yaml or a catalog with a format field that could reach into
    Python objects (`{date.__class__}`, `{0[x]}`, a conversion or a format spec)."""


class _PlainFormatter(string.Formatter):
    """str.format for texts that translators and contributors write: `{name}` only."""

    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():
            raise UnsafeFormat(f"a plain {{name}} field, not {{{field_name[:40]}}}")
        return super().get_field(field_name, args, kwargs)

    def format_field(self, value, format_spec):
        if format_spec:
            raise UnsafeFormat(
                f"a plain {{name}} field, without the format spec {format_spec[:40]!r}"
            )
        return super().format_field(value, format_spec)

    def convert_field(self, value, conversion):
        if conversion:
            raise UnsafeFormat(f"a plain {{name}} field, without the conversion !{conversion}")
        return value


def safe_format(text: str, where: str = "a text", **values) -> str:
    """`text.format(**values)` allowing plain `{name}` fields only; UnsafeFormat names
    `where` (the file and key) otherwise."""
    try:
        return _PlainFormatter().format(text, **values)
    except UnsafeFormat as error:
        raise UnsafeFormat(f"{where}: expected {error}") from None
    except (KeyError, IndexError, ValueError) as error:
        raise UnsafeFormat(f"{where}: expected fields among {sorted(values)} ({error})") from None


def _fields(text: str) -> set[tuple]:
    """The replacement fields of a format string, as (name, conversion, spec)."""
    return {
        (name, conversion, spec)
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


def _check_catalog(path: str, catalog) -> None:
    """Every translation uses plain `{name}` fields (a conversion or format spec only if
    its source text has the same), so a `.po` file cannot make `.format` reach into Python
    objects (`{n.__class__.__mro__}`, `{0[key]}`) or print a repr with an address."""
    for message in catalog:
        if not message.id or not message.string:
            continue
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        translations = [message.string] if isinstance(message.string, str) else message.string
        allowed = {(conversion, spec) for text in sources for _, conversion, spec in _fields(text)}
        for text in translations:
            try:
                fields = _fields(text)
            except ValueError:
                fields = {("{", None, "")}
            for name, conversion, spec in fields:
                plain = name == "" or name.isdigit() or name.isidentifier()
                if not plain or ((conversion or spec) and (conversion, spec) not in allowed):
                    raise UnsafeFormat(
                        f"{path}, line {message.lineno}: expected plain {{name}} fields in the"
                        f" translation (found {{{name[:40]}}})"
                    )


@dataclass(frozen=True)
class Language:
    code: str  # "en", "pl"
    locale: str  # for Babel: "en", "pl_PL"
    catalogs: tuple[str, ...] = ()
    translations: _gettext.NullTranslations = field(
        default_factory=_gettext.NullTranslations, compare=False
    )

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE_LANGUAGE


ENGLISH = Language(SOURCE_LANGUAGE, SOURCE_LANGUAGE)
_current: contextvars.ContextVar[Language] = contextvars.ContextVar("language", default=ENGLISH)


def load(code: str, locale: str, catalogs=()) -> Language:
    """A language with the translations of its `.po` catalogs merged."""
    paths = tuple(sorted(str(path) for path in catalogs))
    mtimes = tuple(Path(path).stat().st_mtime_ns for path in paths)
    return _load(code, locale, paths, mtimes)


@lru_cache(maxsize=16)
def _load(code: str, locale: str, paths: tuple[str, ...], _mtimes) -> Language:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    translations = _gettext.NullTranslations()
    for path in paths:
        with open(path, "rb") as po_file:
            catalog = read_po(po_file, locale=locale)
        _check_catalog(path, catalog)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        part = _gettext.GNUTranslations(compiled)
        # Each catalog answers for its own messages, then passes on to the next.
        part.add_fallback(translations)
        translations = part
    return Language(code, locale, paths, translations)


@contextmanager
def active(language: Language):
    """Answer in `language` inside the block (this thread or task only)."""
    token = _current.set(language)
    try:
        yield language
    finally:
        _current.reset(token)


def current() -> Language:
    return _current.get()


def locale() -> str:
    return current().locale


def _(message: str) -> str:
    """The message in the current language."""
    language = current()
    if not language.is_source and not _in_catalogs(language, message):
        raise _missing(language, message)
    return language.translations.gettext(message)


def pgettext(context: str, message: str) -> str:
    """The message as said of `context` ("date", "period"): Polish adjectives agree with
    the noun they qualify ('data niepotwierdzona', 'okres niepotwierdzony')."""
    language = current()
    if not language.is_source and not _in_catalogs(language, f"{context}\x04{message}"):
        raise _missing(language, f"{message} (context {context!r})")
    return language.translations.pgettext(context, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The message for `count` (Polish has three plural forms, English two)."""
    language = current()
    if not language.is_source and not _in_catalogs(language, (singular, 0)):
        raise _missing(language, singular)
    return language.translations.ngettext(singular, plural, count)


def _in_catalogs(language: Language, key) -> bool:
    """True when one of the language's catalogs has an entry for `key` (a message, a
    `context\x04message`, or a plural's `(singular, 0)`), even one equal to the message."""
    translations = language.translations
    while translations is not None:
        if key in getattr(translations, "_catalog", {}):
            return True
        translations = getattr(translations, "_fallback", None)
    return False


def _missing(language: Language, message: str) -> MissingTranslation:
    """The error for a message of the code without a translation: it names the line that
    asks for it and the catalog where it belongs (content/<language>/<figure_x>.po)."""
    frame = sys._getframe(2)
    path = Path(frame.f_code.co_filename)
    where = f"{shown_path(path)}:{frame.f_lineno}"
    catalog = f"content/{language.code}/{path.parent.name[:-1]}_{path.stem}.po"
    if path.parent.name not in ("figures", "tables"):
        catalog = f"one of {', '.join(language.catalogs) or 'the catalogs'}"
    return MissingTranslation(
        f"{where}: no {language.code!r} translation for {message!r}; add it to {catalog}"
    )


def term(text: str) -> str:
    """A word from the data (e.g. a programme area) in the current language."""
    language = current()
    if language.is_source:
        return text
    if not _in_catalogs(language, text):
        raise MissingTranslation(
            f"no {language.code!r} translation for the data value {text!r}; "
            f"add it to one of {', '.join(language.catalogs) or 'the catalogs'}"
        )
    return language.translations.gettext(text)


def country(iso3: str, source_name: str) -> str:
    """A country's name: the data's (English) name, or Babel's name for the territory."""
    language = current()
    if language.is_source:
        return source_name
    import pycountry
    from babel import Locale

    record = pycountry.countries.get(alpha_3=iso3)
    territories = Locale.parse(language.locale).territories
    if record is None or record.alpha_2 not in territories:
        return term(source_name)
    return territories[record.alpha_2]


def localize_countries(frame):
    """The countries table with its `country` column in the current language."""
    if current().is_source:
        return frame
    names = [
        country(iso3, name) for iso3, name in zip(frame["iso3"], frame["country"], strict=True)
    ]
    return frame.assign(country=names)


def num(value: float, digits: int = 1) -> str:
    """A number with `digits` decimals in the current locale: '2.41' (en), '2,41' (pl)."""
    from ap4report.formatting import decimal

    return decimal(value, digits, locale())


def ordinal(value: int) -> str:
    """'5th' (en), '5.' (pl)."""
    from ap4report.formatting import ordinal as formatted

    return formatted(value, locale())


def names(items) -> str:
    """'A, B and C' (en), 'A, B i C' (pl)."""
    from ap4report.formatting import join

    return join(list(items), locale())


def tick_formatter(digits: int | None = None):
    """A matplotlib formatter for value axes in the current locale (not for years)."""
    from matplotlib.ticker import FuncFormatter

    from ap4report.formatting import decimal

    locale_code = locale()  # figures are saved after the block that drew them may end

    def format_tick(value, _position):
        shown = digits
        if shown is None:  # as many decimals as the tick needs, at most three
            shown = len(f"{round(value, 3):g}".partition(".")[2])
        return decimal(value, shown, locale_code)

    return FuncFormatter(format_tick)


# Dates, quantities and reported figures as figures and tables show them (a figure and the
# table beside it write them the same way).


def month_width() -> str:
    """How labels write a month, as the edition's catalog says: 'MMM' (abbreviated,
    'Aug 2022') or 'MMMM' (in full: Polish does not abbreviate month names)."""
    width = _("MMM")  # a CLDR pattern, not a word
    if width not in ("MMM", "MMMM"):
        raise ValueError(f"the month width must be 'MMM' or 'MMMM', not {width!r}")
    return width


def month_label(year: int, month: int, short: bool = False) -> str:
    """'April 2026' ('Apr 2026' if `short`, where the edition abbreviates months in labels:
    see `month_width`); in Polish the form that follows 'do' ('kwietnia 2026')."""
    import datetime

    from babel.dates import format_date

    width = month_width() if short else "MMMM"
    return format_date(datetime.date(year, month, 1), f"{width} y", locale=locale())


def date_label(date: str, precision: str) -> str:
    """'26 Aug 2022' (day precision) or 'Nov 2022' (month precision); with full month
    names '26 sierpnia 2022', 'listopad 2022' (the month alone in the nominative)."""
    from ap4report.formatting import date_text

    keep = {"day": 3, "month": 2}.get(precision, 1)
    short = month_width() == "MMM"
    return date_text("-".join(date.split("-")[:keep]), locale(), short=short)


def quantity_label(quantity, qualifier) -> str | None:
    """'980', '>10,000'; None where no quantity is given."""
    from ap4report.formatting import text_or_none

    if text_or_none(quantity) is None:
        return None
    prefix = ">" if text_or_none(qualifier) == "more_than" else ""
    return prefix + num(int(quantity), 0)


def value_label(value, qualifier) -> str | None:
    """A value as reported, to its own decimals (up to three): '3.37', '0.705', '~4';
    None if missing."""
    from ap4report.formatting import text_or_none

    if text_or_none(value) is None:
        return None
    digits = len(f"{float(value):.3f}".rstrip("0").partition(".")[2])
    return ("~" if text_or_none(qualifier) == "approximately" else "") + num(float(value), digits)


def with_other(text: str, other: str) -> str:
    """'980 (other sources: up to 1,000)'."""
    return _("{text} (other sources: {other})").format(text=text, other=other)


# Another reported figure: a number, perhaps qualified ('up to 1,000', '~3.4'), perhaps
# quoted from the source ('"about 200"').
REPORTED_NUMBER = re.compile(r'"?(up to |about |~|>)?(\d[\d,]*(?:\.\d+)?)"?')


def without_source(text: str) -> str:
    """'up to 1,000 (UPI/Hyundai Rotem)' -> 'up to 1,000'; 'AP: ~3.4' -> '~3.4'."""
    parts = []
    for part in text.split(";"):
        part = re.sub(r"\s*\([^)]*\)\s*$", "", part.strip())
        parts.append(re.sub(r"^[A-Za-z][\w .\-/]*:\s*", "", part))
    return "; ".join(part for part in parts if part)


def reported_text(text: str) -> str:
    """Other reported figures, without their sources, in the edition's language:
    'up to 1,000 (UPI/Hyundai Rotem)' -> 'up to 1,000' ('do 1 000' in Polish). Words other
    than a qualified number are data terms, translated by the catalogs."""
    parts = []
    for part in without_source(text).split("; "):
        match = REPORTED_NUMBER.fullmatch(part)
        if match is None:
            parts.append(term(part))
            continue
        qualifier, number = match.groups()
        number = num(float(number.replace(",", "")), len(number.partition(".")[2]))
        if qualifier == "up to ":
            parts.append(_("up to {number}").format(number=number))
        elif qualifier == "about ":
            parts.append(_("about {number}").format(number=number))
        else:
            parts.append((qualifier or "") + number)
    return "; ".join(parts)
