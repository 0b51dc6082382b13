"""Content (Markdown + expressions) → HTML (Jinja2) → PDF (WeasyPrint).

Data are untrusted text: every value that enters the content through an expression is
escaped for Markdown and HTML, and the PDF renderer may read only `data:` URLs and
files inside the project.
"""

from __future__ import annotations

import logging
import re
import threading
from contextlib import contextmanager
from pathlib import Path

from markupsafe import Markup, escape

from ap4report.formatting import (
    date_text,
    decimal,
    format_cell,
    join,
    ordinal,
    period,
    signed,
    words,
)

# Markdown punctuation; '<', '>' and '&' are left to HTML escaping, which runs after.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


class RenderError(Exception):
    """WeasyPrint reported an error (a missing image, a blocked URL, bad CSS...)."""


def escape_markdown(value) -> Markup:
    """Backslash-escape Markdown punctuation, then escape for HTML, so that data can never
    become markup; Markdown turns the result back into the same text."""
    return escape(MARKDOWN_SPECIAL.sub(r"\\\1", str(value)))


def _finalize(value):
    """Jinja finalize for Markdown content: trusted Markup passes, data is escaped."""
    if isinstance(value, Markup):
        return value
    return escape_markdown(value)


def content_environment(loader_dir: Path, locale: str = "en"):
    """Jinja environment for content files: sandboxed, strict about undefined names,
    with filters that format numbers for the edition's locale."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(
        loader=FileSystemLoader(loader_dir),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        {
            "num": lambda value, digits=1: decimal(value, digits, locale),
            "signed": lambda value, digits=1: signed(value, digits, locale),
            "date": lambda value: date_text(value, locale),
            "words": lambda value: words(value, locale),
            "names": lambda items: join(items, locale),
            "year": lambda value: str(value)[:4],
            "ordinal": lambda value: ordinal(value, locale),
            "period": period,
            # A word from a table in the content, e.g. a city's name in this language.
            "lookup": lambda key, table: table[key],
        }
    )
    return environment


def markdown_to_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return (
        MarkdownIt("commonmark", {"html": True, "typographer": True})
        .enable(["table", "replacements", "smartquotes"])
        .render(text)
    )


class Floats:
    """Figures and tables placed by the content, numbered in order of placement.

    The content is rendered until the order is stable (twice): the first pass learns the
    order, the second fills in numbers, so a reference may come before its figure.
    """

    def __init__(self, figures: dict, tables: dict, template_dir: Path, strings: dict):
        self.items = {"figure": figures, "table": tables}
        self.template_dir = template_dir
        self.strings = strings
        self.known: dict[str, list[str]] = {"figure": [], "table": []}
        self.captions: dict[tuple[str, str], str] = {}
        self.start_pass()

    def start_pass(self) -> None:
        self.placed: dict[str, list[str]] = {"figure": [], "table": []}
        self.referenced: set[tuple[str, str]] = set()

    def end_pass(self) -> bool:
        """Remember this pass's order; True when it equals the previous pass's."""
        stable = self.placed == self.known
        self.known = {kind: list(ids) for kind, ids in self.placed.items()}
        return stable

    def number(self, kind: str, item_id: str) -> int:
        if item_id not in self.items[kind]:
            raise KeyError(f"the content refers to an unknown {kind} {item_id!r}")
        order = self.known[kind]
        return order.index(item_id) + 1 if item_id in order else 0

    def place(self, kind: str, item_id: str, caption: str) -> Markup:
        if item_id in self.placed[kind]:
            raise ValueError(f"the content places {kind} {item_id!r} twice")
        self.placed[kind].append(item_id)
        self.captions[kind, item_id] = caption
        number = self.number(kind, item_id)
        item = dict(self.items[kind][item_id], id=item_id, number=number, caption=caption)
        template = _template(self.template_dir / f"{kind}.html.j2")
        return Markup(template.render(**item, strings=self.strings))

    def ref(self, kind: str, item_id: str) -> Markup:
        number = self.number(kind, item_id)
        self.referenced.add((kind, item_id))
        # "Figure 4" never breaks between the word and its number (a no-break space).
        return Markup('<a class="xref" href="#{}-{}">{}\u00a0{}</a>').format(
            kind, item_id, self.strings[kind], number
        )

    def problems(self) -> list[str]:
        """Items placed but never referenced, referenced but never placed, or never placed."""
        placed = {(kind, i) for kind, ids in self.placed.items() for i in ids}
        available = {(kind, i) for kind, items in self.items.items() for i in items}
        return sorted(
            [f"{kind} {i} is never referenced in the text" for kind, i in placed - self.referenced]
            + [f"{kind} {i} is referenced but not placed" for kind, i in self.referenced - placed]
            + [f"{kind} {i} is built but not placed" for kind, i in available - placed]
        )


def render_content(
    content_file: Path, context: dict, floats: Floats, bibliography=None, locale="en"
) -> Markup:
    """Evaluate the expressions of a Markdown content file, then convert it to HTML."""
    environment = content_environment(content_file.parent, locale)
    template = environment.get_template(content_file.name)
    helpers = {
        "figure": lambda item_id, caption: floats.place("figure", item_id, caption),
        "table": lambda item_id, caption: floats.place("table", item_id, caption),
        "fig": lambda item_id: floats.ref("figure", item_id),
        "tab": lambda item_id: floats.ref("table", item_id),
    }
    if bibliography is not None:
        helpers["cite"] = bibliography.cite
        helpers["cite_year"] = bibliography.year
    for _ in range(3):
        floats.start_pass()
        markdown = template.render(**context, **helpers)
        if floats.end_pass():
            break
    problems = floats.problems()
    if problems:
        raise ValueError("cross-references: " + "; ".join(problems))
    return Markup(markdown_to_html(markdown))


def _template(path: Path):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(
        loader=FileSystemLoader(path.parent), autoescape=True, undefined=StrictUndefined
    )
    return environment.get_template(path.name)


def table_body(frame, columns, locale: str = "en") -> dict:
    """Headings and formatted cells of a table; numeric cells are flagged for alignment."""
    return {
        "headings": [(heading, kind != "text") for _, heading, kind in columns],
        "rows": [
            [
                (format_cell(record[column], kind, locale), kind != "text")
                for column, _, kind in columns
            ]
            for record in frame.to_dict("records")
        ],
    }


def report_html(template: Path, context: dict) -> str:
    return _template(template).render(**context)


def project_url_fetcher(root: Path):
    """A WeasyPrint URL fetcher that serves `data:` URLs and files under `root` only."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    root = root.resolve()

    class ProjectURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if path.is_relative_to(root) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"blocked a resource outside the project: {url}")

    return ProjectURLFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


class _ErrorCollector(logging.Handler):
    """Collects the errors WeasyPrint logs from this thread (other jobs may run beside)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []
        self.thread = threading.get_ident()

    def emit(self, record):
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


@contextmanager
def weasyprint_errors_raise():
    """WeasyPrint only logs failed resources; turn any logged error into RenderError."""
    logger = logging.getLogger("weasyprint")
    collector = _ErrorCollector()
    logger.addHandler(collector)
    try:
        yield
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise RenderError("WeasyPrint reported errors:\n" + "\n".join(collector.messages))


def write_pdf(html: str, output: Path, base_dir: Path, attachments=()) -> None:
    """Render HTML to an archival PDF (PDF/A-3a, tagged, PDF/UA-1) with its attachments;
    resources resolve against `base_dir` and must lie inside it."""
    from weasyprint import HTML

    from ap4report import archival

    fetcher = project_url_fetcher(base_dir)
    with weasyprint_errors_raise():
        document = HTML(
            string=html, base_url=str(base_dir.resolve()) + "/", url_fetcher=fetcher
        ).render()
        pdf = document.write_pdf(
            pdf_variant=archival.PDF_VARIANT,
            custom_metadata=True,
            attachments=list(attachments),
        )
    pdf = archival.finish(pdf)
    # Write whole or not at all: a killed render leaves no half-written PDF behind.
    temporary = output.with_name(f".{output.name}.tmp")
    temporary.write_bytes(pdf)
    temporary.replace(output)
