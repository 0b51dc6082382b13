"""Helpers of the contracts and trade tests: a figure drawn with matplotlib's defaults (no
house style) in a language, the texts of its SVG, and the English words left in a
Polish version."""

from __future__ import annotations

import html
import io
import re

from ap4report import i18n


def in_language(module, tables, settings, language):
    """A figure as the step draws it in `language`, with the texts of its SVG."""
    import matplotlib
    from matplotlib import pyplot

    with i18n.active(language):
        if "countries" in tables:
            tables = {**tables, "countries": i18n.localize_countries(tables["countries"])}
        outcome = module.plot(tables, settings)
        buffer = io.StringIO()
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            outcome.figure.savefig(buffer, format="svg")
    pyplot.close(outcome.figure)
    texts = re.findall(r"<text\b[^>]*>(.*?)</text>", buffer.getvalue())
    return outcome, [html.unescape(text) for text in texts]


def words(texts) -> set[str]:
    return {word for text in texts for word in re.findall(r"[^\W\d_]+", text)}


def english_left(english_texts, polish_texts, same: set[str]) -> set[str]:
    """Words of the English version that remain in the Polish one, but for `same`."""
    return (words(english_texts) - same) & words(polish_texts)
