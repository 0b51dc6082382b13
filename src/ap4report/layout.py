"""How full each page of a PDF is: the share of the text area, from its top, down to the
lowest mark on the page (text or drawing), read from a low-resolution rendering
(poppler's pdftoppm). A layout check for editors and tests, not part of the build."""

from __future__ import annotations

import subprocess
from pathlib import Path

DPI = 24
MM_PER_INCH = 25.4


def page_fill(pdf: Path | str, top_mm: float = 22, bottom_mm: float = 20) -> list[float]:
    """For each page, how far down its text area (A4 less the page margins of
    templates/report.css) content reaches, from 0 (empty) to 1 (full)."""
    output = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(DPI), str(pdf)],
        check=True,
        capture_output=True,
    ).stdout
    fills = []
    while output:
        page, output = _one_pgm(output)
        width, height, pixels = page
        top = round(top_mm / MM_PER_INCH * DPI)
        bottom = height - round(bottom_mm / MM_PER_INCH * DPI)
        lowest = top
        for row in range(top, bottom):
            line = pixels[row * width : (row + 1) * width]
            if min(line) < 200:  # a mark darker than paper
                lowest = row
        fills.append((lowest - top) / (bottom - top))
    return fills


def _one_pgm(data: bytes):
    """((width, height, pixels), rest) of the first binary PGM image in `data`."""
    fields, position = [], 0
    while len(fields) < 4:
        while data[position : position + 1].isspace():
            position += 1
        start = position
        while not data[position : position + 1].isspace():
            position += 1
        fields.append(data[start:position])
    position += 1  # the single whitespace after the header
    width, height = int(fields[1]), int(fields[2])
    end = position + width * height
    return (width, height, data[position:end]), data[end:]
