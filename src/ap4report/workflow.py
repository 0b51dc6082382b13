"""What the rule files ask of the package: which files each job reads and what it is told.

- Each job's code inputs are the import closure of the modules it runs (ap4report.codedeps),
  so editing a module reruns exactly the jobs that run it.
- Each job's other arguments (its edition, its settings, the report's details) are written
  to a small JSON file, `results/arguments/<edition>/<job>.json`, when the workflow is
  read, and only when they change. A job takes the file as an input, so a changed setting
  reruns exactly the jobs that use it, the way a changed dataset does. (Snakemake's own
  `params` would do the same, but comparing them imports pandas at every start.)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ap4report.catalog import catalog, declared, placed
from ap4report.codedeps import code_files
from ap4report.editions import Edition, translations
from ap4report.errors import did_you_mean

ARGUMENTS = "results/arguments/{edition}/{job}.json"
NUMBERS_MODULE = Path(__file__).with_name("numbers.py")
STYLE = "style/house.mplstyle"
STEPS = {"figures": "plot", "tables": "tabulate"}  # the rule that makes each kind of float
ID_ARGUMENT = {"figures": "figure", "tables": "table"}
# What each kind of job runs: the step runner, a step function (and for a float, its own
# module too).
STEP_RUNNER = "ap4report.steps:run_step"
STEP_FUNCTIONS = {
    "plot": "ap4report.steps:plot_figure",
    "tabulate": "ap4report.steps:tabulate",
    "compute_numbers": "ap4report.steps:compute_numbers",
    "render_report": "ap4report.steps:render_report",
    "web_edition": "ap4report.steps:web_edition",
    "validate_data": "ap4report.steps:validate_data",
}


def code(job: str, *modules: str, src: str = "src") -> list[str]:
    """The package files a job of kind `job` runs (and any float `modules` it loads)."""
    roots = [STEP_RUNNER, STEP_FUNCTIONS[job], *modules]
    return sorted({path for root in roots for path in code_files(root, src)})


def check_declarations(config: dict, datasets) -> None:
    """Every figure, table and the numbers name datasets of the data package and settings
    of the config's `analysis`; else CatalogError naming the module and the name."""
    from ap4report.catalog import CatalogError

    declared_by = {
        f"src/ap4report/{entry.kind}/{entry.id}.py": (entry.datasets, entry.settings)
        for entries in catalog().values()
        for entry in entries.values()
    }
    declared_by["src/ap4report/numbers.py"] = (
        numbers_datasets(),
        declared(NUMBERS_MODULE, "SETTINGS"),
    )
    for module, (wanted, settings) in declared_by.items():
        for name in wanted:
            if name not in datasets:
                raise CatalogError(
                    f"{module}: DATASETS names {name!r}, which is not a dataset of the data "
                    f"package{did_you_mean(name, datasets)}"
                )
        for key in settings:
            if key not in config["analysis"]:
                raise CatalogError(
                    f"{module}: SETTINGS names {key!r}, which is not a setting of `analysis` "
                    f"in config/config.yaml{did_you_mean(key, config['analysis'])}"
                )


def numbers_datasets() -> tuple[str, ...]:
    """The datasets the numbers read (DATASETS of ap4report.numbers)."""
    return declared(NUMBERS_MODULE, "DATASETS")


def job_name(kind: str, item_id: str) -> str:
    """plot_milex_share, tabulate_itpp: a float's job, as in its log file's name."""
    return f"{STEPS[kind]}_{item_id}"


def arguments_path(edition: str, job: str) -> str:
    return ARGUMENTS.format(edition=edition, job=job)


def job_arguments(config: dict, editions: dict[str, Edition]) -> dict[str, dict]:
    """Every job's arguments, by the path of its arguments file."""
    analysis, report = config["analysis"], config["report"]
    numbers_settings = declared(NUMBERS_MODULE, "SETTINGS")
    found = {}
    for name, edition in editions.items():
        common = {"edition": edition.as_dict()}
        for kind, ids in placed(edition.kind).items():
            for item_id in ids:
                entry = catalog()[kind][item_id]
                found[arguments_path(name, job_name(kind, item_id))] = {
                    **common,
                    ID_ARGUMENT[kind]: item_id,
                    "settings": {key: analysis[key] for key in entry.settings},
                }
        found[arguments_path(name, "compute_numbers")] = {
            **common,
            "settings": {key: analysis[key] for key in numbers_settings},
            "date": report["date"],
        }
        found[arguments_path(name, "render_report")] = {
            **common,
            "report": report,
            "publication": config["publication"],
        }
        found[arguments_path(name, "web_edition")] = {
            **common,
            "translations": translations(config, edition),
        }
    return found


def float_inputs(kind: str, item_id: str, edition: Edition, package: str, resources: dict):
    """The named inputs of a figure's or table's job: its datasets (`resources`: dataset →
    file), code, translations and arguments file, and for a figure the house style."""
    entry = catalog()[kind][item_id]
    inputs = {
        "datasets": [package, *(resources[name] for name in entry.datasets)],
        "package": package,
        "code": code(STEPS[kind], entry.module),
        "catalogs": edition.catalogs(),
        "arguments": arguments_path(edition.name, job_name(kind, item_id)),
    }
    if kind == "figures":
        inputs |= {"style": STYLE, "fonts": fonts()}
    return inputs


def float_outputs(kind: str, item_id: str, edition: str, root: str = "") -> dict[str, str]:
    """The named outputs of a figure's or table's job (under `root`, if given)."""
    paths = {
        "figures": {
            "svg": "figures/{edition}/{id}.svg",
            "data": "results/{edition}/figures/{id}.csv",
            "meta": "results/{edition}/figures/{id}.json",
        },
        "tables": {
            "csv": "results/{edition}/tables/{id}.csv",
            "meta": "results/{edition}/tables/{id}.json",
        },
    }[kind]
    return {
        name: str(Path(root, path.format(edition=edition, id=item_id)))
        for name, path in paths.items()
    }


def fonts() -> list[str]:
    return sorted(map(str, Path("fonts").glob("*.ttf")))


def _json(payload) -> str:
    return json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False, default=str) + "\n"


def write_arguments(config: dict, editions: dict[str, Edition]) -> None:
    """Write each job's arguments file whose content changed (atomically), leaving the
    others untouched so that their jobs stay up to date."""
    for path, payload in job_arguments(config, editions).items():
        path, text = Path(path), _json(payload)
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
