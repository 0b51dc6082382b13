"""ap4report.workflow: each job's arguments file and code inputs, and the modules'
declarations checked against the data package and the config."""

from __future__ import annotations

import copy
import os

import pytest
import yaml

from ap4report.catalog import CatalogError
from ap4report.editions import editions
from ap4report.workflow import check_declarations, job_arguments, write_arguments

from conftest import PROJECT_ROOT


@pytest.fixture
def config():
    text = (PROJECT_ROOT / "config/config.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def test_each_job_is_told_its_edition_and_only_the_settings_it_uses(config):
    found = job_arguments(config, editions(config))
    plot = found["results/arguments/nato-ap4-bulletin/plot_milex_share.json"]
    assert plot["figure"] == "milex_share"
    assert set(plot["settings"]) == {"partners", "comparators"}
    assert plot["edition"]["name"] == "nato-ap4-bulletin"
    assert found["results/arguments/nato-ap4-bulletin-pl/web_edition.json"]["translations"] == {
        "en": "nato-ap4-bulletin"
    }
    # A brief places no table; the annex every table.
    assert not [path for path in found if "brief" in path and "/tabulate_" in path]
    assert "results/arguments/nato-ap4-annex/tabulate_itpp.json" in found


def test_an_arguments_file_is_rewritten_only_when_it_changes(config, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    selected = editions(config)
    write_arguments(config, selected)
    plot = tmp_path / "results/arguments/nato-ap4-bulletin/plot_milex_share.json"
    numbers = tmp_path / "results/arguments/nato-ap4-bulletin/compute_numbers.json"
    os.utime(plot, ns=(1, 1))
    os.utime(numbers, ns=(1, 1))
    changed = copy.deepcopy(config)
    changed["analysis"]["base_year"] += 1  # read by the numbers, not by this figure
    write_arguments(changed, selected)
    assert plot.stat().st_mtime_ns == 1
    assert numbers.stat().st_mtime_ns != 1


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda config, datasets: datasets.pop("milex"),
            r"figures/milex_share.py: DATASETS names 'milex', which is not a dataset",
        ),
        (
            lambda config, datasets: config["analysis"].pop("comparators"),
            r"SETTINGS names 'comparators', which is not a setting of `analysis`",
        ),
    ],
)
def test_a_module_naming_an_unknown_dataset_or_setting_is_refused(config, edit, message):
    package = yaml.safe_load((PROJECT_ROOT / "data/datapackage.yaml").read_text())
    datasets = {resource["name"]: resource["path"] for resource in package["resources"]}
    check_declarations(config, datasets)  # the project as it is
    edit(config, datasets)
    with pytest.raises(CatalogError, match=message):
        check_declarations(config, datasets)
