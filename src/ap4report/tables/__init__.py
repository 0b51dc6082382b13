"""Tables of the report, one module per table.

Each module names the datasets it reads in `DATASETS`, the analysis settings it uses
(keys of `analysis` in config/config.yaml) in `SETTINGS`, optionally the datasets its
source line credits in `SOURCES` (default: all of `DATASETS`), and has
`tabulate(data: dict[str, DataFrame], settings: dict) -> TableResult`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TableResult:
    frame: object  # a DataFrame of raw values: the CSV readers can download
    columns: list  # (column, heading, format) for display; formats in ap4report.formatting
