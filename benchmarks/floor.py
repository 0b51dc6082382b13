"""The floor: one Python process doing all the work of the English main report, the
bulletin and its data annex (validation, every figure, every table, the numbers, the PDFs
and the web editions), by calling the step functions directly, with no Snakemake.

Run from the project root: `python benchmarks/floor.py OUT` writes into the folder OUT
(relative to the project root, like the workflow's own paths). The figures and tables are
each kind's, from the catalog (ap4report.catalog) as the rules have them; the editions
are the config's main report in its first language (ap4report.editions).
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path

import yaml


def report_floats(kind: str = "report") -> tuple[list[str], list[str]]:
    """The figures and tables of a kind of edition, as the workflow has them: from the
    catalog (each module's PLACED_IN)."""
    from ap4report.catalog import placed

    floats = placed(kind)
    return floats["figures"], floats["tables"]


def main_editions(config: dict) -> list:
    """The English main report: the bulletin (`report.name`) and its annex, in the first
    language, as the workflow sees them (the bulletin first: the annex reads its claims)."""
    from ap4report.editions import editions

    first_language = next(iter(config["languages"]))
    selection = {"languages": [first_language], "main": True, "briefs": []}
    return list(editions({**config, "editions": selection}).values())


def call(step, **arguments) -> None:
    """Call a step with the arguments of the ones given that it takes (the floor knows a
    few more than each step needs, so that it follows small changes of the signatures);
    fail clearly on one that it does not know."""
    parameters = inspect.signature(step).parameters
    missing = [
        name
        for name, parameter in parameters.items()
        if parameter.default is inspect.Parameter.empty and name not in arguments
    ]
    if missing:
        sys.exit(
            f"benchmarks/floor.py: steps.{step.__name__} needs {', '.join(missing)}, which the "
            "floor does not pass; update it to match the rule"
        )
    step(**{name: value for name, value in arguments.items() if name in parameters})


def build_everything(out: Path) -> None:
    from ap4report import steps

    config = yaml.safe_load(Path("config/config.yaml").read_text(encoding="utf-8"))
    package = config["data"]["package"]
    out.mkdir(parents=True, exist_ok=True)
    call(steps.validate_data, package=package, report=out / "validated.json")
    for edition in main_editions(config):
        build_edition(steps, config, edition, out)


def build_edition(steps, config: dict, edition, root: Path) -> None:
    from ap4report.freshness import snapshot_files

    analysis, report = config["analysis"], config["report"]
    package = config["data"]["package"]
    out = root / edition.name
    as_dict, catalogs = edition.as_dict(), edition.catalogs()
    figures, tables = report_floats(edition.kind)
    fonts = sorted(map(str, Path("fonts").glob("*.ttf")))
    for folder in ("figures", "tables", "web"):
        (out / folder).mkdir(parents=True, exist_ok=True)

    def settings(module):
        return {key: analysis[key] for key in module.SETTINGS}

    def paths(folder: str, suffix: str, ids: list[str]) -> list[str]:
        # Relative to the project root, as in the workflow: the HTML refers to the SVGs so.
        return [
            (out / folder / f"{item}{suffix}").relative_to(Path.cwd()).as_posix() for item in ids
        ]

    for figure in figures:
        module = importlib.import_module(f"ap4report.figures.{figure}")
        call(
            steps.plot_figure,
            package=package,
            catalogs=catalogs,
            style="style/house.mplstyle",
            fonts=fonts,
            svg=out / "figures" / f"{figure}.svg",
            data=out / "figures" / f"{figure}.csv",
            meta=out / "figures" / f"{figure}.json",
            figure=figure,
            settings=settings(module),
            edition=as_dict,
        )
    for table in tables:
        module = importlib.import_module(f"ap4report.tables.{table}")
        call(
            steps.tabulate,
            package=package,
            catalogs=catalogs,
            csv=out / "tables" / f"{table}.csv",
            meta=out / "tables" / f"{table}.json",
            table=table,
            settings=settings(module),
            edition=as_dict,
        )
    call(
        steps.compute_numbers,
        package=package,
        catalogs=catalogs,
        numbers=out / "numbers.json",
        settings=settings(importlib.import_module("ap4report.numbers")),
        edition=as_dict,
        date=report["date"],
    )
    call(
        steps.render_report,
        content=edition.content,
        catalogs=catalogs,
        strings=edition.strings,
        references=report["references"],
        package=package,
        snapshots=snapshot_files(),
        validated=root / "validated.json",
        numbers=out / "numbers.json",
        bulletin_claims=[root / edition.bulletin / "claims.json"] if edition.bulletin else [],
        figure_svgs=paths("figures", ".svg", figures),
        figure_metas=paths("figures", ".json", figures),
        figure_data=paths("figures", ".csv", figures),
        table_csvs=paths("tables", ".csv", tables),
        table_metas=paths("tables", ".json", tables),
        template="templates/report.html.j2",
        css="templates/report.css",
        html=out / "report.html",
        claims=out / "claims.json",
        pdf=out / f"{edition.name}.pdf",
        report=report,
        publication=config["publication"],
        edition=as_dict,
    )
    call(
        steps.web_edition,
        html=out / "report.html",
        strings=edition.strings,
        catalogs=catalogs,
        figure_svgs=paths("figures", ".svg", figures),
        figure_csvs=paths("figures", ".csv", figures),
        table_csvs=paths("tables", ".csv", tables),
        fonts=fonts,
        css="templates/web.css",
        template="templates/web.html.j2",
        web=out / "web" / f"{edition.name}.html",
        edition=as_dict,
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: python {sys.argv[0]} OUT  (run from the project root)")
    build_everything(Path(sys.argv[1]).resolve())
