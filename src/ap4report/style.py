"""One house style for every figure: bundled fonts, the style file and the palette."""

from __future__ import annotations

import threading
from pathlib import Path

# Figures are drawn one at a time: jobs may run as threads of one process, and
# matplotlib's state (rcParams, pyplot's figure registry) is shared by all of them.
FIGURE_LOCK = threading.Lock()

# Okabe–Ito palette: distinguishable with the common forms of colour blindness.
PARTNER_COLOURS = {
    "AUS": "#E69F00",
    "JPN": "#0072B2",
    "KOR": "#009E73",
    "NZL": "#CC79A7",
}
ACCENT = "#D55E00"
NEUTRAL = "#8c8c8c"
NEUTRAL_DARK = "#4d4d4d"
# NATO members shown for comparison: muted lines (labels in NEUTRAL_DARK), except those
# the report highlights: Poland, the bulletin's own country, in the vermilion accent.
COMPARATOR_COLOUR = "#b3b3b3"
HIGHLIGHT_COLOURS = {"POL": ACCENT}

# The width (inches) at which each kind of edition places its figures: the text column
# of templates/report.css (A4 less two 20 mm page margins and the body's 8 px margins:
# 469.9 pt, 6.53 in) for the bulletin, a narrower block for the two-page briefs. Figures
# are drawn at this width and placed at their own size, so that their text prints at the
# size it is set in (7 pt at least).
PLACED_WIDTH = {"report": 6.5, "annex": 6.5, "brief": 5.2}
# Smallest text on a figure, points (print); tests/project/test_print_text.py checks the PDFs.
MIN_TEXT_PT = 7.0


def use_house_style(style: Path | str, fonts: list) -> None:
    """Register the bundled fonts with matplotlib and apply the house style file."""
    import matplotlib

    matplotlib.use("svg")
    from matplotlib import font_manager, pyplot

    for font in fonts:
        font_manager.fontManager.addfont(str(font))
    pyplot.style.use(str(style))


def use_figure_width(width: float) -> None:
    """Make the house figure size (`figure.figsize`, for figures that do not set their
    own) `width` inches wide, its height scaled alike; call after `use_house_style`."""
    from matplotlib import rcParams

    house_width, house_height = rcParams["figure.figsize"]
    rcParams["figure.figsize"] = (width, house_height * width / house_width)


def fit_width(figure, width: float) -> None:
    """Resize `figure` so that the SVG that `save_svg` writes (the tight bounding box of
    what is drawn, plus the padding) is `width` inches wide; its height scales as its
    width does (the figure's size as drawn against `width`). Text keeps its size in
    points: a narrower figure gets narrower axes, not smaller text."""
    from matplotlib import rcParams

    pad = rcParams["savefig.pad_inches"]
    drawn_width, drawn_height = figure.get_size_inches()
    height = drawn_height * width / drawn_width
    for _ in range(8):
        box = figure.get_tightbbox(figure._get_renderer())
        drawn = box.width + 2 * pad
        if abs(drawn - width) < 0.002:
            return
        old_width = figure.get_size_inches()[0]
        figure.set_size_inches(max(old_width + width - drawn, 1.0), height)


def save_svg(figure, path: Path | str, width: float | None = None) -> None:
    """Write a figure as SVG with no timestamp, so that equal inputs give equal bytes;
    drawn `width` inches wide (the width at which the page places it) when given."""
    from matplotlib import pyplot

    if width is not None:
        fit_width(figure, width)
    figure.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
    pyplot.close(figure)
