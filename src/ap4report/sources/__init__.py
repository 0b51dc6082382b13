"""Readers of the publishers' releases: one small module per source, its static metadata
in YAML beside it (publisher, URLs, licence, update period, datasets written, layout
settings), and one snapshot record per source in `data/snapshots/<source>.yaml` (the
release read, when, and the sha256 of each raw file), in the manner of OWID's snapshots.

    python -m ap4report.sources sipri_milex SIPRI-Milex-data-1949-2025.xlsx
    python -m ap4report.sources fetch [source ...]

Only datasets from a publisher's recurring release have a reader. The curated tables
(listed in `curated.yaml`, with where each comes from) are edited by hand in `data/`,
which is their source of truth; no reader ever writes them. A reader writes only the
datasets its YAML lists under `datasets`, and in `data/datapackage.yaml` only the
release-dependent fields of those datasets; the build never runs a reader or fetches.
"""

from __future__ import annotations

import importlib

from ap4report.sources.common import load_yaml_file, static_metadata

READERS = ("sipri_milex", "wdi", "kiel_ukraine")


def reader(source: str):
    """The module that reads `source` (its `read(files, settings, options)`)."""
    if source not in READERS:
        from ap4report.sources.common import SourceError

        raise SourceError(f"unknown source {source!r}; the sources are {', '.join(READERS)}")
    return importlib.import_module(f"ap4report.sources.{source}")


def curated() -> dict:
    """The datasets edited by hand in data/, with where each comes from."""
    from pathlib import Path

    return load_yaml_file(Path(__file__).with_name("curated.yaml"))["datasets"]


__all__ = ["READERS", "curated", "reader", "static_metadata"]
