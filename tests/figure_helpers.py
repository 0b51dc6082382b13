"""Helpers of the figure and table tests: a figure drawn as the step draws it (house style,
fonts, countries named in the language), the texts of its SVG, the English words left in
a Polish version, and texts that are cut off or overlap."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager

from ap4report import i18n

from conftest import PROJECT_ROOT

POLISH = i18n.load("pl", "pl_PL", sorted((PROJECT_ROOT / "content" / "pl").glob("*.po")))


@contextmanager
def house_style():
    """The report's style and fonts (as the figure steps use them), undone afterwards."""
    import matplotlib
    from matplotlib import font_manager, pyplot

    for font in sorted((PROJECT_ROOT / "fonts").glob("*.ttf")):
        font_manager.fontManager.addfont(str(font))
    with matplotlib.rc_context():
        pyplot.style.use(str(PROJECT_ROOT / "style" / "house.mplstyle"))
        yield


def in_language(module, tables: dict, settings: dict, language):
    """A figure as the step draws it in `language` (house style, country names localized),
    with the texts of its SVG."""
    with house_style(), i18n.active(language):
        if "countries" in tables:
            tables = {**tables, "countries": i18n.localize_countries(tables["countries"])}
        result = module.plot(tables, settings)
        svg = io.BytesIO()
        result.figure.savefig(svg, format="svg")
    tree = ET.fromstring(svg.getvalue())
    texts = ["".join(node.itertext()) for node in tree.iter("{http://www.w3.org/2000/svg}text")]
    return result, [text for text in texts if text.strip()]


def words(texts) -> set[str]:
    return {word for text in texts for word in re.findall(r"[^\W\d_]\w*", text)}


def english_left(english_texts, polish_texts, kept: set[str]) -> set[str]:
    """Words of the English version still in the Polish one, but for names and acronyms."""
    return (words(english_texts) - kept) & words(polish_texts)


def text_boxes(figure) -> list:
    """(text, box in pixels) of every visible text of the figure, as drawn."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    boxes = {}
    for text in figure.findobj(Text):
        if text.get_visible() and text.get_text().strip():
            box = text.get_window_extent(renderer)
            boxes[(text.get_text(), tuple(round(v) for v in box.bounds))] = box
    return [(text, box) for (text, _), box in boxes.items()]


def layout_problems(figure, margin: float = 3) -> list[str]:
    """Texts that stick out of the figure or overlap another text (beyond the few pixels
    by which the boxes of neighbouring lines always touch)."""
    boxes = text_boxes(figure)
    width, height = figure.bbox.width, figure.bbox.height
    problems = [
        f"cut off: {text!r}"
        for text, box in boxes
        if min(box.x0, box.y0) < -margin or box.x1 > width + margin or box.y1 > height + margin
    ]
    for i, (first, a) in enumerate(boxes):
        for second, b in boxes[i + 1 :]:
            across = min(a.x1, b.x1) - max(a.x0, b.x0)
            down = min(a.y1, b.y1) - max(a.y0, b.y0)
            if across > 1 and down > 4:
                problems.append(f"overlap: {first!r} and {second!r}")
    return problems


def map_tables(geojson, countries) -> dict:
    return {"world_countries_110m": geojson, "countries": countries}
