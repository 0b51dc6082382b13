"""The floor: one Python process doing all the work of one edition (validation, every
figure, every table, the numbers, the PDF and the web edition), with no Snakemake.
Run from the project root; writes into the folder given as the first argument."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def build_everything(out: Path) -> None:
    from ap4report import numbers, steps
    from ap4report.figures import __name__ as _  # noqa: F401  (package import only)

    config = yaml.safe_load(Path("config/config.yaml").read_text(encoding="utf-8"))
    analysis, report = config["analysis"], config["report"]
    package = config["data"]["package"]
    rules = Path("rules/report.smk").read_text(encoding="utf-8")
    namespace: dict = {}
    exec(rules.split("\n\n\nrule")[0], namespace)  # FIGURES and TABLES, as the workflow has them
    figures, tables = namespace["FIGURES"], namespace["TABLES"]
    fonts = sorted(map(str, Path("fonts").glob("*.ttf")))
    for folder in ("figures", "tables", "html", "report"):
        (out / folder).mkdir(parents=True, exist_ok=True)

    def settings(module):
        return {key: analysis[key] for key in module.SETTINGS}

    import importlib

    steps.validate_data(package=package, report=out / "validated.json")
    for figure in figures:
        module = importlib.import_module(f"ap4report.figures.{figure}")
        steps.plot_figure(
            package=package,
            style="style/house.mplstyle",
            fonts=fonts,
            svg=out / "figures" / f"{figure}.svg",
            data=out / "figures" / f"{figure}.csv",
            meta=out / "figures" / f"{figure}.json",
            figure=figure,
            settings=settings(module),
        )
    for table in tables:
        module = importlib.import_module(f"ap4report.tables.{table}")
        steps.tabulate(
            package=package,
            csv=out / "tables" / f"{table}.csv",
            meta=out / "tables" / f"{table}.json",
            table=table,
            settings=settings(module),
        )
    steps.compute_numbers(package=package, numbers=out / "numbers.json", settings=settings(numbers))
    steps.render_report(
        content=report["content"],
        strings=report["strings"],
        references=report["references"],
        package=package,
        validated=out / "validated.json",
        numbers=out / "numbers.json",
        figure_svgs=[str((out / "figures" / f"{f}.svg").relative_to(Path.cwd())) for f in figures],
        figure_metas=[out / "figures" / f"{f}.json" for f in figures],
        figure_data=[out / "figures" / f"{f}.csv" for f in figures],
        table_csvs=[out / "tables" / f"{t}.csv" for t in tables],
        table_metas=[out / "tables" / f"{t}.json" for t in tables],
        template="templates/report.html.j2",
        css="templates/report.css",
        html=out / "html" / "report.html",
        pdf=out / "report" / "report.pdf",
        report=report,
    )
    (out / "web").mkdir(exist_ok=True)
    steps.web_edition(
        html=out / "html" / "report.html",
        figure_svgs=[out / "figures" / f"{f}.svg" for f in figures],
        figure_csvs=[out / "figures" / f"{f}.csv" for f in figures],
        table_csvs=[out / "tables" / f"{t}.csv" for t in tables],
        fonts=fonts,
        css="templates/web.css",
        template="templates/web.html.j2",
        web=out / "web" / "report.html",
        report=report,
    )


if __name__ == "__main__":
    build_everything(Path(sys.argv[1]).resolve())
