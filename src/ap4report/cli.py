"""Run one step of the workflow outside Snakemake, for debugging:

    python -m ap4report run plot --edition en --id milex_share
    python -m ap4report run tabulate --edition nato-ap4-annex-pl --id itpp
    python -m ap4report run numbers --edition nato-ap4-brief-kor
    python -m ap4report list

`--edition` takes an edition's name or a language: `en` is the first edition in English
that places the figure or table (the bulletin, else its annex, else a brief). The step
reads what its rule reads, with the same arguments, and writes its outputs under
`results/debug/` (or `--out`), never over the build's own files. Run from the project root.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ap4report.catalog import catalog, placed
from ap4report.datapackage import load_yaml
from ap4report.editions import Edition, editions, typed_selection
from ap4report.errors import AuthorError
from ap4report.workflow import (
    ID_ARGUMENT,
    float_inputs,
    float_outputs,
    job_arguments,
    job_name,
    numbers_datasets,
)

STEP_KINDS = {"plot": "figures", "tabulate": "tables"}


def choose_edition(config: dict, wanted: str, kind: str | None, item_id: str | None) -> Edition:
    """The edition named `wanted`, or the first in language `wanted` that places the item."""
    every = editions(config, every=True)
    if wanted in every:
        return every[wanted]
    for edition in every.values():
        if edition.language == wanted and (kind is None or item_id in placed(edition.kind)[kind]):
            return edition
    raise AuthorError(
        f"no edition {wanted!r} places {item_id or 'this step'}: use one of "
        f"{', '.join(every)} or a language ({', '.join(config['languages'])})"
    )


def run(step: str, wanted: str, item_id: str | None, out: Path) -> list[str]:
    """Run one step; return the paths it wrote."""
    from ap4report import steps
    from ap4report.catalog import entry
    from ap4report.validation import resource_files

    config = load_yaml("config/config.yaml")
    config["editions"] = typed_selection(config["editions"])
    package = config["data"]["package"]
    kind = STEP_KINDS.get(step)
    if kind:
        if item_id is None:
            raise AuthorError(f"{step} needs --id, one of {', '.join(catalog()[kind])}")
        entry(kind, item_id)  # an unknown id is refused with the closest one
    edition = choose_edition(config, wanted, kind, item_id)
    every = job_arguments(config, {edition.name: edition})
    if kind:
        inputs = float_inputs(kind, item_id, edition, package, resource_files(package))
        outputs = float_outputs(kind, item_id, edition.name, root=str(out))
        job = job_name(kind, item_id)
        function = steps.plot_figure if kind == "figures" else steps.tabulate
    else:
        inputs = {"package": package, "catalogs": edition.catalogs()}
        outputs = {"numbers": str(out / "results" / edition.name / "numbers.json")}
        job, function = "compute_numbers", steps.compute_numbers
        numbers_datasets()  # the declarations are readable
    arguments = every[f"results/arguments/{edition.name}/{job}.json"]
    for path in outputs.values():
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    named = {k: v for k, v in inputs.items() if k not in steps.DEPENDENCY_ONLY_INPUTS}
    print(f"{step} {item_id or ''} for {edition.name} → {out}/".replace("  ", " "), file=sys.stderr)
    function(**named, **outputs, **arguments)
    return list(outputs.values())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ap4report", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run one step outside Snakemake")
    run_parser.add_argument("step", choices=[*STEP_KINDS, "numbers"])
    run_parser.add_argument("--edition", required=True, help="an edition's name or a language")
    run_parser.add_argument("--id", help="the figure's or table's id (plot, tabulate)")
    run_parser.add_argument("--out", type=Path, default=Path("results/debug"))
    commands.add_parser("list", help="the figures and tables, and the editions that place them")
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        if options.command == "list":
            for kind, entries in catalog().items():
                for item_id, item in entries.items():
                    places = ", ".join(item.placed_in)
                    print(f"{ID_ARGUMENT[kind]:6} {item_id:24} {places:20} {item.title}")
            return 0
        for path in run(options.step, options.edition, options.id, options.out):
            print(path)
    except AuthorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
