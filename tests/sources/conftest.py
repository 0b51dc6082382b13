"""Fixtures of the tests of `ap4report.sources`: a copy of data/ to import into, and a
workbook in the layout of SIPRI's 2025 release."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .fixtures import sipri_workbook
from conftest import DATA


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="module")
def sipri_2025(tmp_path_factory) -> Path:
    return sipri_workbook(tmp_path_factory.mktemp("sipri") / "SIPRI-Milex-data-1949-2024.xlsx")
