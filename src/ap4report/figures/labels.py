"""Helpers for placing text on figures."""

from __future__ import annotations


def spread_labels(values: list[float], min_gap: float) -> list[float]:
    """Positions for end-of-line labels: as near their values as a minimum gap allows."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = [0.0] * len(values)
    previous = None
    for i in order:
        position = values[i] if previous is None else max(values[i], previous + min_gap)
        placed[i] = previous = position
    # Centre the block again on the data where pushing moved labels upwards.
    shift = (sum(placed) - sum(values)) / len(values) if values else 0.0
    return [position - shift for position in placed] if shift > min_gap / 2 else placed


def label_line_ends(axes, ends, x, min_gap: float, offset: float = 6, **text) -> None:
    """Write each line's label at its right end, spread so that labels do not overlap.

    `ends` holds (y value, label, colour, font weight) per line; `text` goes to annotate."""
    positions = spread_labels([value for value, *_ in ends], min_gap)
    for (_, label, colour, weight), y in zip(ends, positions, strict=True):
        axes.annotate(
            label,
            xy=(x, y),
            xytext=(offset, 0),
            textcoords="offset points",
            va="center",
            color=colour,
            fontweight=weight,
            **text,
        )


def bare_axes(axes) -> None:
    """Axes without grid, frame or tick marks, for grids of cells drawn by hand."""
    axes.grid(False)
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.tick_params(length=0)


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C', in the current edition's language."""
    from ap4report.i18n import names as joined

    return joined(names)
