"""One function per workflow step. Each reads and writes files given by keyword.

Rule scripts in `scripts/` call these through `run_step`; tests call them directly.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from ap4report.datapackage import DataPackage

log = logging.getLogger("ap4report")


def write_json(path: Path | str, payload) -> None:
    Path(path).write_text(
        json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )


def read_json(path: Path | str):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def validate_data(*, package: str, report: str) -> None:
    """Validate every dataset; write the row counts, or fail listing every problem."""
    from ap4report.validation import validate_package

    counts = validate_package(DataPackage.load(package))
    for name, rows in sorted(counts.items()):
        log.info("valid: %s (%d rows)", name, rows)
    write_json(report, {"rows": counts})


def plot_milex_share(
    *, package, style, fonts, svg, data, meta, partners, comparators, guideline_pct
):
    """Figure: military expenditure as % of GDP, partners against NATO comparators."""
    from ap4report.figures import plot_milex_share as plot
    from ap4report.style import save_svg, use_house_style

    datapackage = DataPackage.load(package)
    milex, countries = datapackage.read_tables("milex", "countries")
    use_house_style(style, fonts)
    figure, plotted = plot(milex, countries, partners, comparators, guideline_pct)
    save_svg(figure, svg)
    plotted.to_csv(data, lineterminator="\n")
    first, last = int(plotted.index.min()), int(plotted.index.max())
    latest = plotted.loc[last]
    partner_names = [countries.set_index("iso3").loc[i, "country"] for i in partners]
    above = [name for name in partner_names if latest[name] >= guideline_pct]
    alt = (
        f"Line chart of military expenditure as a share of GDP, {first} to {last}. "
        + f"In {last}, "
        + "; ".join(f"{name} {latest[name]:.2f}%" for name in latest.index)
        + f". Partners at or above the {guideline_pct:g}% guideline in {last}: "
        + (", ".join(above) if above else "none")
        + "."
    )
    write_json(meta, {"alt": alt, "datasets": ["milex"]})


def tabulate_milex_comparison(*, package, csv, meta, partners, comparators, base_year):
    """Table: defence spending of partners and comparators, base year against latest."""
    from ap4report.tables import milex_comparison, milex_comparison_columns

    datapackage = DataPackage.load(package)
    milex, countries = datapackage.read_tables("milex", "countries")
    frame = milex_comparison(milex, countries, partners, comparators, base_year)
    frame.to_csv(csv, index=False, lineterminator="\n")
    columns = milex_comparison_columns(frame)
    write_json(meta, {"columns": columns, "datasets": ["milex"]})


def compute_numbers(*, package, numbers, partners, guideline_pct):
    """Every number that the prose quotes, computed from the data."""
    from ap4report.numbers import compute

    datapackage = DataPackage.load(package)
    write_json(numbers, compute(datapackage, partners, guideline_pct))


def render_report(
    *,
    content,
    package,
    numbers,
    figure_svgs,
    figure_metas,
    table_csvs,
    table_metas,
    template,
    css,
    html,
    pdf,
    report,
):
    """Assemble the content, figures and tables into HTML, then render the PDF.

    Paths in the HTML are relative to the working directory (the project root), which is
    also the only place from which the renderer may read files.
    """
    import pandas as pd

    from ap4report.render import Floats, render_content, report_html, table_body, write_pdf

    datapackage = DataPackage.load(package)
    figure_items = {}
    for svg_path, meta_path in zip(figure_svgs, figure_metas, strict=True):
        meta = read_json(meta_path)
        figure_items[Path(svg_path).stem] = {
            "src": Path(svg_path).as_posix(),
            "alt": meta["alt"],
            "source": datapackage.source_line(meta["datasets"]),
        }
    table_items = {}
    for csv_path, meta_path in zip(table_csvs, table_metas, strict=True):
        meta = read_json(meta_path)
        frame = pd.read_csv(csv_path)
        table_items[Path(csv_path).stem] = {
            **table_body(frame, meta["columns"], report.get("locale", "en")),
            "source": datapackage.source_line(meta["datasets"]),
        }
    floats = Floats(figure_items, table_items, Path(template).parent)
    context = {"n": read_json(numbers), "report": report}
    body = render_content(Path(content), context, floats, report.get("locale", "en"))
    document = report_html(
        Path(template),
        {
            "report": report,
            "body": body,
            "css": Path(css).as_posix(),
            "data_as_of": datapackage.data_as_of(),
        },
    )
    Path(html).write_text(document, encoding="utf-8")
    write_pdf(document, Path(pdf), base_dir=Path.cwd())


def run_step(snakemake, step) -> None:
    """Run a step with the rule's named inputs, outputs and params; log to the rule's log."""
    handler = logging.FileHandler(snakemake.log[0], mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    arguments = {
        **dict(snakemake.input.items()),
        **dict(snakemake.output.items()),
        **dict(snakemake.params.items()),
    }
    try:
        step(**arguments)
    except Exception as error:
        log.exception("step failed")
        print(f"\n{error}\n", file=sys.stderr)
        raise SystemExit(1) from None
