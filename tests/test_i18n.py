"""Translations: every word marked in the code has a translation in each edition language,
catalogs agree with each other, and the language in effect is per thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ap4report import i18n

from figure_helpers import POLISH

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = {"pl": "pl_PL"}


KEYWORDS = {"_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def marked_messages() -> dict[tuple, str]:
    """{(msgctxt, msgid): where} for every `_()`, `ngettext()` and `pgettext()` in the
    package (plural ids too; msgctxt None for messages without a context)."""
    found = {}
    for filename, line, message, _comments, context in extract_from_dir(
        ROOT / "src", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        for msgid in message if isinstance(message, tuple) else (message,):
            found.setdefault((context, msgid), f"src/{filename}:{line}")
    return found


def catalog_entries(language: str) -> dict[tuple, list]:
    """{(msgctxt, msgid): [(file, translation), ...]} over the language's catalogs: one
    word may be translated differently in different contexts ('unverified' of a date,
    'niepotwierdzona', and of a period, 'niepotwierdzony')."""
    entries: dict[tuple, list] = {}
    for path in sorted((ROOT / "content" / language).glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=LANGUAGES[language])
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for msgid in ids:
                entries.setdefault((message.context, msgid), []).append((path.name, strings))
    return entries


def test_the_code_marks_words_for_translation():
    assert len(marked_messages()) > 50


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_word_is_translated(language):
    entries = catalog_entries(language)
    missing = [
        f"{where}: {msgid!r}" + (f" (msgctxt {context!r})" if context else "")
        for (context, msgid), where in marked_messages().items()
        if not any(all(strings) for _, strings in entries.get((context, msgid), []))
    ]
    assert not missing, f"untranslated into {language}:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogs_do_not_translate_one_word_two_ways(language):
    conflicting = {
        msgid: places
        for msgid, places in catalog_entries(language).items()
        if len({strings for _, strings in places}) > 1
    }
    assert not conflicting


def test_language_is_per_thread_and_english_is_the_default(tmp_path):
    catalog = tmp_path / "test.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Year"\nmsgstr "Rok"\n',
        encoding="utf-8",
    )
    polish = i18n.load("pl", "pl_PL", [catalog])
    seen = {}
    with i18n.active(polish):
        other = threading.Thread(target=lambda: seen.update(other=i18n._("Year")))
        other.start()
        other.join()
        seen["here"] = i18n._("Year")
        assert i18n.num(1234.5, 1) == "1234,5" and i18n.num(12345, 0) == "12\xa0345"
        assert i18n.names(["A", "B", "C"]) == "A, B i C"
        assert i18n.country("KOR", "South Korea") == "Korea Południowa"
    assert seen == {"here": "Rok", "other": "Year"}
    assert i18n._("Year") == "Year" and i18n.country("KOR", "South Korea") == "South Korea"


def test_a_data_word_without_translation_is_an_error(tmp_path):
    catalog = tmp_path / "data.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Cyber defence"\nmsgstr "Cyberobrona"\n\nmsgid "AP4"\nmsgstr "AP4"\n',
        encoding="utf-8",
    )
    with i18n.active(i18n.load("pl", "pl_PL", [catalog])):
        assert i18n.term("Cyber defence") == "Cyberobrona"
        assert i18n.term("AP4") == "AP4"  # translated to itself on purpose
        with pytest.raises(i18n.MissingTranslation, match=r"'Space'.*data\.po"):
            i18n.term("Space")


def test_other_reported_figures_are_translated():
    text = "up to 1,000 (UPI/Hyundai Rotem)"
    assert i18n.reported_text(text) == "up to 1,000"
    assert i18n.reported_text("AP: ~3.4; defence-industry.eu: 3.7") == "~3.4; 3.7"
    assert i18n.reported_text('"about 200" (KBS)') == "about 200"
    with i18n.active(POLISH):
        assert i18n.reported_text(text) == "do 1000"
        assert i18n.reported_text("AP: ~3.4; X: 3.7") == "~3,4; 3,7"
        assert i18n.reported_text('"about 200" (KBS)') == "około 200"
        # Words without a translation are an error, not English in a Polish report.
        with pytest.raises(i18n.MissingTranslation, match="spare barrels"):
            i18n.reported_text("12 spare barrels")
