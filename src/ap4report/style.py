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


def use_house_style(style: Path | str, fonts: list) -> None:
    """Register the bundled fonts with matplotlib and apply the house style file."""
    import matplotlib

    matplotlib.use("svg")
    from matplotlib import font_manager, pyplot

    for font in fonts:
        font_manager.fontManager.addfont(str(font))
    pyplot.style.use(str(style))


def save_svg(figure, path: Path | str) -> None:
    """Write a figure as SVG with no timestamp, so that equal inputs give equal bytes."""
    from matplotlib import pyplot

    figure.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
    pyplot.close(figure)
