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


def join_names(names: list[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"
