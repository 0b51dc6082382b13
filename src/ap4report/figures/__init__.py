"""Figures of the report, one module per figure.

Each module names the datasets it reads in `DATASETS`, the analysis settings it uses
(keys of `analysis` in config/config.yaml) in `SETTINGS`, optionally the datasets its
source line credits in `SOURCES` (default: all of `DATASETS`), and has
`plot(data: dict[str, DataFrame], settings: dict) -> FigureResult`. Modules import
pandas and matplotlib inside `plot`, so that the Snakefile can read `DATASETS` cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FigureResult:
    figure: object  # a matplotlib Figure
    data: object  # a DataFrame of the numbers plotted, shipped beside the figure
    alt: str  # what the figure shows, stated from the data
