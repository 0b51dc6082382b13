"""One function per workflow step. Each reads and writes files given by keyword.

Each rule's `run:` block calls one of these through `run_step`; tests call them directly.
"""

from __future__ import annotations

import json
import logging
import threading
from contextlib import contextmanager
from pathlib import Path

from markupsafe import Markup

from ap4report.datapackage import DataPackage, load_yaml
from ap4report.i18n import safe_format
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

    Paths in the HTML are relative to the working directory (the project root), which is
    also the only place from which the renderer may read files.
    """
    import pandas as pd

    from ap4report.archival import build_date, data_attachment
    from ap4report.citations import Bibliography
    from ap4report.claims import Ledger
    from ap4report.formatting import (
        count_noun,
        date_text,
        hyphenate_for_print,
        tie_short_words,
    )
    from ap4report.manifest import package_versions
    from ap4report.render import (
        Floats,
        check_links,
        render_content,
        report_html,
        table_body,
        write_pdf,
    )

    locale = edition["locale"]
    content_files(content, strings, references)
    words = load_yaml(strings)
    computed = read_json(numbers)
    n = computed["values"]
    report = document_info(report, edition, words, n, publication)
    datapackage = DataPackage.load(package)
    bibliography = Bibliography(references, locale)

    def source_line(datasets):
        keys = list(dict.fromkeys(k for d in datasets for k in datapackage[d].references))
        return Markup("{} {}.").format(words["source"], bibliography.source(*keys))

    figure_items = {}
    for svg_path, meta_path in zip(figure_svgs, figure_metas, strict=True):
        meta = read_json(meta_path)
        figure_items[Path(svg_path).stem] = {
            "src": Path(svg_path).as_posix(),
            "alt": meta["alt"],
            "source": source_line(meta["datasets"]),
        }
    table_items = {}
    for csv_path, meta_path in zip(table_csvs, table_metas, strict=True):
        meta = read_json(meta_path)
        frame = pd.read_csv(csv_path, keep_default_na=False, na_values=[""])
        table_items[Path(csv_path).stem] = {
            **table_body(frame, meta["columns"], locale),
            "source": source_line(meta["datasets"]),
        }
    floats = Floats(figure_items, table_items, Path(template).parent, words)
    context = {"n": n, "report": report, "edition": edition}
    ledger = Ledger(computed["provenance"], root=str(Path.cwd()))
    body = render_content(Path(content), context, floats, bibliography, locale, ledger)
    write_json(claims, ledger.rows(edition["name"]))
    rows = read_json(validated)["rows"]
    date = build_date(report["date"])
    attachments = [
        data_attachment(
            path,
            f"{kind}-{item_id}.csv",
            f"{words[kind]} {floats.number(kind, item_id)}: "
            f"{floats.captions[kind, item_id]} The numbers behind it, as CSV.",
            date,
        )
        for kind, paths in (("figure", figure_data), ("table", table_csvs))
        for item_id, path in zip(floats.known[kind], _by_id(paths, floats.known[kind]), strict=True)
    ]
    # An annex lists, and attaches, the claims of its bulletin.
    ledger_rows = [row for path in bulletin_claims for row in read_json(path)]
    if ledger_rows:
        ledger_csv = Path(claims).with_name("bulletin-claims.csv")
        write_ledger_csv(ledger_rows, ledger_csv)
        attachments.append(
            data_attachment(ledger_csv, "claims.csv", words["ledger"]["attachment"], date)
        )
    document = report_html(
        Path(template),
        {
            "report": report,
            "edition": edition,
            "strings": words,
            "date": safe_format(
                words["date"], f"{strings}, date", date=date_text(report["date"], locale)
            ),
            "body": body,
            "references": bibliography.entries(),
            "datasets": [
                {
                    **dataset_summary(resource),
                    "rows": rows.get(resource.name),
                    "rows_noun": count_noun(rows.get(resource.name, 0), words["rows"], locale),
                }
                for resource in datapackage.resources.values()
            ],
            "css": Path(css).as_posix(),
            "data_as_of": safe_format(
                words["date"], f"{strings}, date", date=date_text(datapackage.data_as_of(), locale)
            ),
            "pdf_date": date.isoformat(),
            "ledger": distinct_claims(ledger_rows, words["datasets"]),
            "n_conditions": sum(row["use"] == "condition" for row in ledger_rows),
            "software": package_versions() if edition["kind"] == "annex" else {},
            "citation": recommended_citation(report, words, date_text(report["date"], locale)),
            "editions": {
                name: resource.descriptor["edition"]
                for name, resource in datapackage.resources.items()
            },
        },
    )
    document = tie_short_words(document, edition["language"])
    Path(html).write_text(document, encoding="utf-8")
    check_links(document, [*figure_svgs, css])
    # Where lines may break in print: never inside a proper noun (the web edition, built
    # from the HTML written above, leaves that to the reader's browser).
    printed = hyphenate_for_print(document, edition["language"])
    # The renderer reads the figures, the style sheet and its fonts, nothing else.
    allowed = [*figure_svgs, css, *Path("fonts").glob("*.ttf")]
    write_pdf(printed, Path(pdf), base_dir=Path.cwd(), attachments=attachments, allowed=allowed)


def document_info(
    report: dict, edition: dict, words: dict, numbers: dict, publication: dict
) -> dict:
    """The title block and PDF metadata of an edition: the config's `report` and
    `publication` settings, the edition, and the words of its language (a brief's name its
    partner). Empty publication fields stay empty: nothing is invented to fill them."""
    language = edition["language"]
    authors = [
        {"name": author["name"], "bio": author.get("bio", {}).get(language, "")}
        for author in publication.get("authors", [])
    ]
    info = {
        **report,
        **edition,
        **publication,
        "authors": authors,
        # The PDF's author: the authors, else the publisher, else the series it appears in.
        "author": ", ".join(a["name"] for a in authors)
        or publication.get("publisher", "")
        or words["series"],
        "series": words["series"],
        "keywords": words["keywords"],
    }
    if edition["kind"] == "brief":
        partner = numbers["partner"][edition["partner"]]["name"]
        return {
            **info,
            "title": safe_format(
                words["brief_title"], "strings.yaml, brief_title", partner=partner
            ),
            "subtitle": safe_format(
                words["brief_subtitle"], "strings.yaml, brief_subtitle", partner=partner
            ),
            "series": words["brief_series"],
            "keywords": [*words["keywords"], partner],
        }
    # The headline is a claim too: it says whether the partners' leaders still come.
    fell = numbers["summits"]["representation_fell"]
    title = words["title_leaders_stay_away"] if fell else words["title"]
    if edition["kind"] == "annex":
        return {
            **info,
            "title": safe_format(words["annex_title"], "strings.yaml, annex_title", title=title),
            "subtitle": words["annex_subtitle"],
            "bulletin_title": title,
        }
    return {**info, "title": title, "subtitle": words["subtitle"]}


def recommended_citation(report: dict, words: dict, date: str) -> str:
    """How to cite the edition, from the parts the config sets (empty ones left out)."""
    names = ", ".join(author["name"] for author in report.get("authors", []))
    parts = [
        names or report.get("publisher", ""),  # not the series: it follows the title
        f"“{report['title']}”" if words["issue"] == "No." else f"„{report['title']}”",
        f"{report['series']} {words['issue']} {report['number']}",
        date,
    ]
    if report.get("issn"):
        parts.append(f"ISSN {report['issn']}")
    if report.get("doi"):
        parts.append(f"DOI {report['doi']}")
    return ", ".join(part for part in parts if part) + "."


def distinct_claims(rows: list[dict], datasets: dict) -> list[dict]:
    """The printed values of a ledger, each value once (its first sentence), with its
    sources in the edition's words (`datasets`: strings.yaml's titles): what the annex
    lists; the attached CSV keeps every row."""
    seen, distinct = set(), []
    for row in rows:
        key = (tuple(row["paths"]), row["printed"])
        if row["use"] == "printed" and key not in seen:
            seen.add(key)
            titles = [datasets[name]["title"] for name in row["datasets"]]
            releases = [r for r in row["releases"] if not r.startswith("compiled table")]
            distinct.append({**row, "source": "; ".join([*titles, *releases])})
    return distinct


def write_ledger_csv(rows: list[dict], path: Path) -> None:
    """The claim ledger as CSV for readers, lists joined with '; ' (attached to the PDF,
    where formula prefixes are neutralised)."""
    import csv

    columns = ["file", "line", "use", "sentence", "printed", "value", "paths", "datasets"]
    columns += ["releases", "keys", "status", "hedged"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(
                "; ".join(map(str, row[c])) if isinstance(row[c], list) else row[c] for c in columns
            )


def _by_id(paths, ids: list[str]) -> list[str]:
    """The paths ordered like `ids` (each path's file name is its id)."""
    by_stem = {Path(path).stem: path for path in paths}
    return [by_stem[item_id] for item_id in ids]


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


def dataset_summary(resource) -> dict:
    """What the appendix says about a dataset: its provenance, terms and caveats."""
    descriptor = resource.descriptor
    licences = "; ".join(
        item.get("title") or item["name"] for item in descriptor.get("licenses", [])
    )
    edition = str(descriptor.get("edition", ""))
    return {
        "name": resource.name,
        # A publisher's release, not a note that a compiled table has none.
        "release": "" if edition.startswith("not applicable") else edition,
        "licence": "; ".join(item["name"] for item in descriptor.get("licenses", [])),
        "title": descriptor["title"],
        "publisher": descriptor["publisher"],
        "edition": descriptor["edition"],
        "retrieved": descriptor["retrieved"],
        "terms": licences or descriptor.get("terms", ""),
        "caveats": descriptor.get("caveats", []),
    }


def publish(published, outputs, package, config, log_files) -> None:
    """The `all` rule: publish the build into reports/, all or nothing, keeping the
    published editions this build did not make if the config can still make them
    (ap4report.publish)."""
    from ap4report.editions import editions
    from ap4report.publish import publish_build

    every = list(editions(config, every=True))
    with job_log(log_files[0]):
        changed = publish_build(published, outputs, package, config["report"], every)
        for path in changed:
            log.info("published %s", path)
        if not changed:
            log.info("reports/ already shows this build")


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
