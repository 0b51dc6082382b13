"""The curated data package: valid, documented and faithful to its metadata."""

from __future__ import annotations

import pytest
import yaml

from ap4report.validation import validate_package

from conftest import PROJECT_ROOT

PACKAGE_PATH = PROJECT_ROOT / "data" / "datapackage.yaml"
PROVENANCE_KEYS = ["title", "description", "publisher", "edition", "retrieved", "sources"]


def test_every_dataset_passes_validation(package):
    counts = validate_package(package)
    assert set(counts) == {name for name, r in package.resources.items() if r.is_tabular}
    assert all(rows > 0 for rows in counts.values())


def test_the_package_is_also_valid_frictionless_data():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(PACKAGE_PATH))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_every_dataset_carries_its_provenance_and_terms(package):
    for name, resource in package.resources.items():
        descriptor = resource.descriptor
        missing = [key for key in PROVENANCE_KEYS if not descriptor.get(key)]
        assert not missing, f"{name} lacks {missing}"
        assert descriptor.get("licenses") or descriptor.get("terms"), name
        if resource.is_tabular:
            for field in resource.fields:
                assert field.get("description"), f"{name}.{field['name']} has no description"
                assert field.get("type"), f"{name}.{field['name']} has no type"
            assert resource.primary_key, f"{name} has no primary key"


def test_every_file_in_data_is_described():
    """Every file in data/ is a resource, except datapackage.yaml and snapshots/ (the records
    of the publishers' releases, see ap4report.sources)."""
    described = {r["path"] for r in yaml.safe_load(PACKAGE_PATH.read_text())["resources"]}
    present = {
        p.name
        for p in (PROJECT_ROOT / "data").iterdir()
        if p.name not in ("datapackage.yaml", "snapshots")
    }
    assert present == described
