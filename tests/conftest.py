"""Shared fixtures: a small data package to break, a copy of the project to build, and
the data that the tests of a figure, of its table and of numbers.json share."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA = PROJECT_ROOT / "data"
PARTNERS = ["AUS", "JPN", "KOR", "NZL"]
COMPARATORS = ["USA", "POL", "DEU", "FRA", "GBR"]
# The analysis settings of the spending figure, table and numbers tests.
MILEX_SETTINGS = {
    "partners": PARTNERS,
    "comparators": COMPARATORS,
    "base_year": 2021,
    "summits_from_year": 2022,
}

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
    """Copy every file git tracks (as CI's fresh clone has them), without the tests."""
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, tracked):
        if name.startswith("tests/") or not (PROJECT_ROOT / name).exists():
            continue
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT_ROOT / name, target)
    return destination


# The edition most tests build and read: the main report in English.
MAIN_EDITION = "nato-ap4-bulletin"
MAIN_ONLY = {"languages": ["en"], "main": True, "briefs": []}


def select_editions(workdir: Path, editions: dict) -> None:
    """Set the `editions` a copy of the project builds by default (its config file)."""
    config_file = workdir / "config/config.yaml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["editions"] = editions
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


_BUILT: dict[str, Path] = {}


def build_copy(
    tmp_path_factory, env, name: str = "project", editions=MAIN_ONLY, fresh: bool = False
) -> Path:
    """A copy of the project with its editions (default: the main English report) built.

    The session builds each selection once and hands out copies of that build, with its
    Snakemake metadata (so each copy is up to date); `fresh`: build this copy from nothing.
    """
    key = yaml.safe_dump(editions)
    if fresh or key not in _BUILT:
        built = copy_project(tmp_path_factory.mktemp(f"{name}-build"))
        if editions is not None:
            select_editions(built, editions)
        result = run_snakemake(built, env)
        assert result.returncode == 0, result.stderr[-3000:]
        if fresh:
            return built
        _BUILT[key] = built
    workdir = tmp_path_factory.mktemp(name) / "project"
    shutil.copytree(_BUILT[key], workdir, symlinks=True)
    return workdir


def run_snakemake(workdir: Path, env: dict, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *arguments],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def all_editions_built(tmp_path_factory, snakemake_env) -> Path:
    """One copy of the project built with the default target (every edition), shared by
    the tests of the session that read the published documents."""
    return build_copy(tmp_path_factory, snakemake_env, "all-editions", editions=None)


@pytest.fixture(scope="session")
def package():
    """The project's real data package."""
    from ap4report.datapackage import DataPackage

    return DataPackage.load(DATA / "datapackage.yaml")


def tables_for(module, package) -> dict:
    """The validated, typed datasets that a figure or table module reads."""
    return dict(zip(module.DATASETS, package.read_tables(*module.DATASETS), strict=True))


def texts_of(figure) -> list[str]:
    """Every text drawn on a figure's axes."""
    return [text.get_text() for axes in figure.axes for text in axes.texts]


@pytest.fixture(autouse=True)
def close_figures():
    """Close the figures a test drew (only if it imported pyplot at all)."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def read_csv(name: str) -> list[dict]:
    """The rows of a file in data/, as read straight from the CSV (every value text)."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_tables(package, module) -> dict:
    """The datasets a module reads, countries named in the language in effect."""
    from ap4report import i18n

    tables = dict(zip(module.DATASETS, package.read_tables(*module.DATASETS), strict=True))
    tables["countries"] = i18n.localize_countries(tables["countries"])
    return tables


# Data shared by the tests of a figure, of its table and of numbers.json ----------------

POLISH_NAMES = {
    "AUS": "Australia",
    "JPN": "Japonia",
    "KOR": "Korea Południowa",
    "NZL": "Nowa Zelandia",
}


@pytest.fixture(scope="module")
def polish():
    """The Polish edition's language."""
    from ap4report import i18n

    return i18n.load("pl", "pl_PL", sorted((PROJECT_ROOT / "content/pl").glob("*.po")))


@pytest.fixture(scope="module")
def geojson():
    with (DATA / "world_countries_110m.geojson").open(encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="module")
def countries(package):
    return package.read_table("countries")


@pytest.fixture(scope="module")
def milestones(package):
    return package.read_table("milestones")


@pytest.fixture(scope="module")
def raw_countries():
    with (DATA / "countries.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def names():
    import pandas as pd

    return pd.read_csv(DATA / "countries.csv").set_index("iso3")["country"].to_dict()


@pytest.fixture(scope="module")
def arms_csv():
    import pandas as pd

    return pd.read_csv(DATA / "rok_poland_arms.csv")


@pytest.fixture(scope="module")
def kiel_csv():
    """{(iso3, measure, aid_type): value} straight from the Release-28 CSV."""
    return {
        (row["iso3"], row["measure"], row["aid_type"]): float(row["value_eur_bn"])
        for row in read_csv("ukraine_support_kiel.csv")
    }


@pytest.fixture(scope="module")
def monthly_csv():
    """Per AP4 donor: summed monthly allocations, the set of GDP values, latest (year, month)."""
    sums, gdps, latest = defaultdict(float), defaultdict(set), (0, 0)
    for row in read_csv("ukraine_support_kiel_ap4_monthly.csv"):
        sums[row["iso3"]] += float(row["total"])
        gdps[row["iso3"]].add(float(row["gdp"]))
        latest = max(latest, (int(row["year"]), int(row["month"])))
    return sums, gdps, latest


@pytest.fixture(scope="module")
def tables():
    """The datasets of the `ukraine_support` figure (its table reads the same)."""
    from ap4report.datapackage import DataPackage
    from ap4report.figures import ukraine_support

    package = DataPackage.load(DATA / "datapackage.yaml")
    names = ukraine_support.DATASETS
    return dict(zip(names, package.read_tables(*names), strict=True))
