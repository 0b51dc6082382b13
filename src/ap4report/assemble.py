"""The report assembled: content, figures, tables and the data appendix into one HTML
document, its claim ledger and the CSVs attached to its PDF; then the PDF.

`ap4report.steps.render_report` reads the step's files and writes its outputs; this module
does the work in between. The Markdown, Jinja and PDF mechanics are in `ap4report.render`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ap4report.i18n import safe_format


@dataclass
class Assembled:
    html: str  # the HTML document (the web edition is built from it)
    claims: list  # the edition's claim ledger (claims.json)
    attachments: list  # the CSVs the PDF carries (weasyprint Attachments)


def assemble_report(
    *,
    content,
    strings,
    words: dict,
    computed: dict,
    bibliography,
    datapackage,
    due: dict,
    rows: dict,
    figures: dict,
    tables: dict,
    figure_data,
    table_csvs,
    ledger_rows: list,
    ledger_csv,
    template,
    css,
    report: dict,
    publication: dict,
    edition: dict,
) -> Assembled:
    """The edition's HTML, claims and attachments.

    `words`: strings.yaml (read from `strings`); `computed`: numbers.json; `rows`: the row
    count of each dataset (validation); `figures`: per figure id, its SVG path and meta
    (alt text, datasets); `tables`: per table id, its frame and meta (columns, datasets);
    `figure_data`, `table_csvs`: the CSVs attached to the PDF; `ledger_rows`: the claims
    of an annex's bulletin, attached as `ledger_csv` (already written) and listed.
    Paths in the HTML are relative to the working directory (the project root), which is
    also the only place from which the renderer may read files.
    """
    from ap4report.archival import build_date, data_attachment
    from ap4report.claims import Ledger
    from ap4report.formatting import count_noun, date_text, tie_short_words
    from ap4report.manifest import package_versions
    from ap4report.render import Floats, render_content, report_html, table_body

    locale = edition["locale"]
    n = computed["values"]
    report = document_info(report, edition, words, n, publication)

    def source_line(datasets):
        keys = list(dict.fromkeys(k for d in datasets for k in datapackage[d].references))
        return Markup("{} {}.").format(words["source"], bibliography.source(*keys))

    figure_items = {
        item_id: {
            "src": Path(svg_path).as_posix(),
            "alt": meta["alt"],
            "source": source_line(meta["datasets"]),
        }
        for item_id, (svg_path, meta) in figures.items()
    }
    table_items = {
        item_id: {
            **table_body(frame, meta["columns"], locale),
            "source": source_line(meta["datasets"]),
        }
        for item_id, (frame, meta) in tables.items()
    }
    floats = Floats(figure_items, table_items, Path(template).parent, words)
    context = {"n": n, "report": report, "edition": edition}
    ledger = Ledger(computed["provenance"], root=str(Path.cwd()))
    body = render_content(Path(content), context, floats, bibliography, locale, ledger)
    claims = ledger.rows(edition["name"])
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
    if ledger_rows:
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
                    "retrieved": date_text(str(resource.descriptor["retrieved"]), locale),
                    **next_release(due.get(resource.name), report["date"], words, locale),
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
    return Assembled(document, claims, attachments)


def print_edition(document: str, pdf, language: str, figure_svgs, css, attachments) -> None:
    """Render the PDF of an assembled document, after checking that it loads nothing but
    the figures and the style sheet."""
    from ap4report.formatting import hyphenate_for_print
    from ap4report.render import check_links, write_pdf

    check_links(document, [*figure_svgs, css])
    # Where lines may break in print: never inside a proper noun (the web edition, built
    # from the unhyphenated HTML, leaves that to the reader's browser).
    printed = hyphenate_for_print(document, language)
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


def next_release(due, publication_date: str, words: dict, locale: str) -> dict:
    """What the annex says of a dataset's next release (from its snapshot record): when it
    is expected, or, once that date has passed by the edition's date, that a newer release
    was due and is not in these data. Nothing for a curated table."""
    from ap4report.formatting import date_text

    if due is None:
        return {"next_release": ""}
    when = date_text(due.next_expected.isoformat(), locale)
    key = "release_due" if due.next_expected.isoformat() <= publication_date else "next_release"
    return {"next_release": safe_format(words[key], f"strings.yaml, {key}", date=when)}


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
