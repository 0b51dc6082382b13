"""Shared fixtures: a small data package to break, and a copy of the project to build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = [
    "Snakefile",
    "environment.yml",
    "rules",
    "scripts",
    "config",
    "data",
    "content",
    "templates",
    "style",
    "fonts",
]

SMALL_PACKAGE = {
    "name": "small",
    "resources": [
        {
            "name": "countries",
            "path": "countries.csv",
            "schema": {
                "fields": [
                    {
                        "name": "iso3",
                        "type": "string",
                        "iso3166": "alpha-3",
                        "constraints": {"required": True, "unique": True},
                    },
                    {
                        "name": "group",
                        "type": "string",
                        "constraints": {"required": True, "enum": ["NATO member", "AP4 partner"]},
                    },
                ],
                "primaryKey": ["iso3"],
            },
        },
        {
            "name": "spending",
            "path": "spending.csv",
            "schema": {
                "fields": [
                    {"name": "iso3", "type": "string", "constraints": {"required": True}},
                    {
                        "name": "year",
                        "type": "year",
                        "constraints": {"required": True, "minimum": 1949, "maximum": 2030},
                    },
                    {
                        "name": "share_gdp_pct",
                        "type": "number",
                        "constraints": {"required": True, "minimum": 0, "maximum": 100},
                    },
                    {"name": "signed", "type": "date", "constraints": {"maximum": "2026-12-31"}},
                ],
                "primaryKey": ["iso3", "year"],
                "foreignKeys": [
                    {"fields": "iso3", "reference": {"resource": "countries", "fields": "iso3"}}
                ],
            },
        },
    ],
}
GOOD_FILES = {
    "countries.csv": "iso3,group\nPOL,NATO member\nJPN,AP4 partner\n",
    "spending.csv": (
        "iso3,year,share_gdp_pct,signed\n"
        "POL,2023,3.83,2023-07-11\n"
        "POL,2024,4.15,\n"
        "JPN,2024,1.37,2024-01-31\n"
    ),
}


@pytest.fixture
def small_package(tmp_path):
    """Write the small, valid package; return a function that overwrites one file."""
    (tmp_path / "datapackage.yaml").write_text(yaml.safe_dump(SMALL_PACKAGE), encoding="utf-8")
    for name, text in GOOD_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    write.root = tmp_path
    return write


@pytest.fixture(scope="session")
def snakemake_env(tmp_path_factory):
    """Environment for Snakemake subprocesses: caches kept out of the home folder."""
    cache = tmp_path_factory.mktemp("cache")
    return {**os.environ, "MPLCONFIGDIR": str(cache / "mpl"), "XDG_CACHE_HOME": str(cache)}


def copy_project(destination: Path) -> Path:
    for name in PROJECT_FILES:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, destination / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, destination / name)
    return destination


def run_snakemake(workdir: Path, env: dict, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *arguments],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
