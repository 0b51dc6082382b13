"""The milex figure in Polish and for one partner (`focus`)."""

from __future__ import annotations

import re

import pytest

from ap4report import i18n
from ap4report.figures import milex_share

from conftest import MILEX_SETTINGS, read_csv, read_tables
from figure_helpers import words

SETTINGS = MILEX_SETTINGS


def draw(package, language, focus=None):
    """The figure's result, the texts of its SVG, and the widths of its lines."""
    import io
    import xml.etree.ElementTree as ET

    import matplotlib
    from matplotlib import pyplot

    settings = {key: SETTINGS[key] for key in milex_share.SETTINGS} | {"focus": focus}
    with i18n.active(language):
        result = milex_share.plot(read_tables(package, milex_share), settings)
    svg = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        result.figure.savefig(svg, format="svg")
    pyplot.close(result.figure)
    tree = ET.fromstring(svg.getvalue())
    texts = ["".join(node.itertext()) for node in tree.iter("{http://www.w3.org/2000/svg}text")]
    widths = sorted(line.get_linewidth() for line in result.figure.axes[0].get_lines())
    return result, [text for text in texts if text.strip()], widths


def test_the_figure_in_polish_has_no_english_words(package, polish):
    english, english_texts, _ = draw(package, i18n.ENGLISH)
    result, texts, _ = draw(package, polish)
    assert "Wydatki wojskowe, % PKB" in texts
    assert "Próg NATO: 2% PKB" in texts
    names = {row["country"] for row in read_csv("countries.csv")}
    kept = words(names) | {"NATO", "AP4"}  # names and acronyms
    leftover = (words(english_texts) - kept) & words(texts)
    assert not leftover
    assert re.search(r"Japonia \d,\d\d%", result.alt)  # a decimal comma
    assert "W 2024 r.:" in result.alt and "państw NATO" in result.alt
    assert not (words([english.alt]) - kept) & words([result.alt])


def test_the_figure_for_one_partner(package, polish):
    whole, _, whole_widths = draw(package, i18n.ENGLISH)
    result, texts, widths = draw(package, i18n.ENGLISH, focus="JPN")
    # One bold line (the partner), three thin partner lines, five comparators and the guideline.
    assert whole_widths.count(2.0) == 4 and widths.count(2.0) == 1
    assert widths.count(1.0) == 3
    assert result.alt.startswith("Japan: military expenditure rose from")
    assert result.alt.endswith(whole.alt)  # then the same description as the whole figure
    assert "Japan" in texts  # every line keeps its label
    with i18n.active(polish):
        focus = milex_share.plot(
            read_tables(package, milex_share),
            {key: SETTINGS[key] for key in milex_share.SETTINGS} | {"focus": "JPN"},
        )
    assert focus.alt.startswith("Japonia: wydatki wojskowe")
    assert re.search(r"\d,\d\d% PKB", focus.alt)
    with pytest.raises(ValueError, match="focus"):
        draw(package, i18n.ENGLISH, focus="POL")
