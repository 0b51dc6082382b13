"""One function per workflow step. Each reads and writes files given by keyword.

Each rule's `run:` block calls one of these through `run_step`; tests call them directly.
"""

from __future__ import annotations

import json
import logging
import threading
from contextlib import contextmanager
from pathlib import Path

from ap4report.datapackage import DataPackage, load_yaml
from ap4report.paths import content_files

log = logging.getLogger("ap4report")
# Inputs that make a job rerun when they change but that its step does not take by name:
# datasets (read through the data package), code, prose (read through `{% include %}`)
# and the arguments file (whose keys run_step passes instead).
DEPENDENCY_ONLY_INPUTS = {"datasets", "code", "prose", "arguments"}


def _json_scalar(value):
    """JSON for numpy and pandas scalars; anything else is a bug worth failing on."""
    import pandas as pd

    if value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON-serialisable: {value!r}")


def write_json(path: Path | str, payload) -> None:
    text = json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True, default=_json_scalar)
    Path(path).write_text(text + "\n", encoding="utf-8")


def read_json(path: Path | str):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def validate_data(*, package: str, report: str) -> None:
    """Validate every dataset; write the row counts, or fail listing every problem."""
    from ap4report.validation import validate_package

    counts = validate_package(DataPackage.load(package))
    for name, rows in sorted(counts.items()):
        log.info("valid: %s (%d rows)", name, rows)
    write_json(report, {"rows": counts})


def _inputs_in_language(package: str, datasets, edition: dict, catalogs):
    """The edition's language, and the datasets read for a step, with country names in it."""
    from ap4report import i18n

    content_files(*catalogs)
    language = i18n.load(edition["language"], edition["locale"], catalogs)
    tables = dict(zip(datasets, DataPackage.load(package).read_tables(*datasets), strict=True))
    if "countries" in tables:
        with i18n.active(language):
            tables["countries"] = i18n.localize_countries(tables["countries"])
    return language, tables


def _edition_settings(settings: dict, edition: dict) -> dict:
    """A module's analysis settings, plus the partner a brief puts in focus (or None) and
    the kind of edition the figure is drawn for (a bulletin's may be more compact)."""
    return {**settings, "focus": edition["partner"], "kind": edition["kind"]}


def plot_figure(*, package, catalogs, style, fonts, svg, data, meta, figure, settings, edition):
    """Draw one figure (module ap4report.figures.<figure>) in the edition's language; write
    the SVG, the plotted numbers as CSV and the alt text."""
    import importlib

    from ap4report import i18n
    from ap4report.style import (
        FIGURE_LOCK,
        PLACED_WIDTH,
        save_svg,
        use_figure_width,
        use_house_style,
    )

    module = importlib.import_module(f"ap4report.figures.{figure}")
    language, tables = _inputs_in_language(package, module.DATASETS, edition, catalogs)
    with FIGURE_LOCK, i18n.active(language):  # matplotlib's global state is not thread-safe
        use_house_style(style, fonts)
        width = PLACED_WIDTH[edition["kind"]]
        # A figure of the house size is drawn at the width it is placed from the start.
        use_figure_width(width)
        result = module.plot(tables, _edition_settings(settings, edition))
        save_svg(result.figure, svg, width=width)
    result.data.to_csv(data, lineterminator="\n")
    sources = getattr(module, "SOURCES", module.DATASETS)
    write_json(meta, {"alt": result.alt, "datasets": list(sources)})


def tabulate(*, package, catalogs, csv, meta, table, settings, edition):
    """Compute one table (module ap4report.tables.<table>) in the edition's language;
    write its CSV and layout."""
    import importlib

    from ap4report import i18n

    module = importlib.import_module(f"ap4report.tables.{table}")
    language, tables = _inputs_in_language(package, module.DATASETS, edition, catalogs)
    with i18n.active(language):
        result = module.tabulate(tables, _edition_settings(settings, edition))
    result.frame.to_csv(csv, index=False, lineterminator="\n")
    sources = getattr(module, "SOURCES", module.DATASETS)
    write_json(meta, {"columns": result.columns, "datasets": list(sources)})


def compute_numbers(*, package, catalogs, numbers, settings, edition, date):
    """Every number that the prose quotes, computed from the data, with its provenance;
    names in the edition's language; the guideline in force on the edition's `date`."""
    from ap4report import i18n
    from ap4report import numbers as module
    from ap4report.provenance import describe

    language, tables = _inputs_in_language(package, module.DATASETS, edition, catalogs)
    resources = DataPackage.load(package).resources
    for name, table in tables.items():
        describe(table, resources[name])
    with i18n.active(language):
        write_json(numbers, module.compute_with_provenance(tables, settings, str(date)))


def render_report(
    *,
    content,
    strings,
    references,
    package,
    snapshots,
    validated,
    numbers,
    bulletin_claims,
    figure_svgs,
    figure_metas,
    figure_data,
    table_csvs,
    table_metas,
    template,
    css,
    html,
    claims,
    pdf,
    report,
    publication,
    edition,
):
    """Assemble the content, figures and tables into HTML, then render the PDF; write the
    claim ledger (every value the prose prints or uses to choose words, with provenance).
    The work is ap4report.assemble's; paths are relative to the project root."""
    import pandas as pd

    from ap4report.assemble import assemble_report, print_edition, write_ledger_csv
    from ap4report.citations import Bibliography
    from ap4report.freshness import due_dates

    content_files(content, strings, references)
    figures = {
        Path(svg).stem: (svg, read_json(meta))
        for svg, meta in zip(figure_svgs, figure_metas, strict=True)
    }
    tables = {
        Path(path).stem: (pd.read_csv(path, keep_default_na=False, na_values=[""]), read_json(meta))
        for path, meta in zip(table_csvs, table_metas, strict=True)
    }
    # An annex lists, and attaches, the claims of its bulletin.
    ledger_rows = [row for path in bulletin_claims for row in read_json(path)]
    ledger_csv = Path(claims).with_name("bulletin-claims.csv")
    if ledger_rows:
        write_ledger_csv(ledger_rows, ledger_csv)
    assembled = assemble_report(
        content=content,
        strings=strings,
        words=load_yaml(strings),
        computed=read_json(numbers),
        bibliography=Bibliography(references, edition["locale"]),
        datapackage=DataPackage.load(package),
        due=due_dates(snapshots),
        rows=read_json(validated)["rows"],
        figures=figures,
        tables=tables,
        figure_data=figure_data,
        table_csvs=table_csvs,
        ledger_rows=ledger_rows,
        ledger_csv=ledger_csv,
        template=template,
        css=css,
        report=report,
        publication=publication,
        edition=edition,
    )
    write_json(claims, assembled.claims)
    Path(html).write_text(assembled.html, encoding="utf-8")
    print_edition(assembled.html, pdf, edition["language"], figure_svgs, css, assembled.attachments)


def web_edition(
    *,
    html,
    strings,
    figure_svgs,
    figure_csvs,
    table_csvs,
    fonts,
    css,
    template,
    web,
    edition,
    translations=None,
):
    """The one-file web edition: the same content, inline SVG figures, embedded fonts and
    data, linking to the PDF published beside it and to the same edition in the other
    languages (`translations`: language → edition name, published beside it too)."""
    from ap4report.web import build_web_edition

    content_files(strings)
    page = build_web_edition(
        Path(html).read_text(encoding="utf-8"),
        svg_files={Path(path).stem: path for path in figure_svgs},
        data_files={
            **{f"figure-{Path(path).stem}.csv": path for path in figure_csvs},
            **{f"table-{Path(path).stem}.csv": path for path in table_csvs},
        },
        fonts=fonts,
        css=css,
        template=template,
        pdf_name=f"{edition['name']}.pdf",
        labels=load_yaml(strings)["web"],
        locale=edition["locale"],
        translations={language: f"{name}.html" for language, name in (translations or {}).items()},
    )
    temporary = Path(web).with_name(f".{Path(web).name}.tmp")
    temporary.write_text(page, encoding="utf-8")
    temporary.replace(web)


def publish(published, outputs, package, config, record, log_files) -> None:
    """The `all` rule: publish the build into reports/, all or nothing, keeping the
    published editions this build did not make if the config can still make them; then
    record the build published (ap4report.publish)."""
    from ap4report.editions import editions
    from ap4report.publish import publish_build, write_published_record

    every = list(editions(config, every=True))
    with job_log(log_files[0]):
        changed = publish_build(published, outputs, package, config["report"], every)
        for path in changed:
            log.info("published %s", path)
        if not changed:
            log.info("reports/ already shows this build")
        write_published_record(record)


@contextmanager
def job_log(path: Path | str):
    """Send this thread's log records (ours and WeasyPrint's) to a job's log file.

    Jobs run as threads of one Snakemake process (profile: force-use-threads), so the
    handler keeps only the records of the thread that runs the job."""
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    thread = threading.get_ident()
    handler.addFilter(lambda record: record.thread == thread)
    loggers = [logging.getLogger("ap4report"), logging.getLogger("weasyprint")]
    log.setLevel(logging.INFO)
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield
    except Exception:
        log.exception("step failed")
        raise
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
        handler.close()


def run_step(step, input, output, log_files) -> None:
    """Run a step with a rule's named inputs and outputs, and the arguments in the job's
    arguments file (ap4report.workflow); log to the rule's log.

    A mistake an author can fix (AuthorError) is logged and raised as its message alone:
    Snakemake shows it once, under the rule's name, without the Python traceback."""
    from ap4report.errors import AuthorError

    named = dict(input.items())
    arguments = {
        **{k: v for k, v in named.items() if k not in DEPENDENCY_ONLY_INPUTS},
        **dict(output.items()),
        **(read_json(named["arguments"]) if "arguments" in named else {}),
    }
    mistake = None
    with job_log(log_files[0]):
        try:
            step(**arguments)
        except AuthorError as error:
            edition = arguments.get("edition", {}).get("name")
            mistake = f"{edition}: {error}" if edition else str(error)
            log.error("%s", mistake)
    if mistake:
        raise AuthorError(mistake)
