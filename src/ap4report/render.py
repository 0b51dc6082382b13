"""Content (Markdown + expressions) → HTML (Jinja2) → PDF (WeasyPrint).

Data and content are untrusted text (a stranger's pull request): every value that enters
the content through an expression is escaped for Markdown and HTML, the content loader
reads only its own folder, `check_links` refuses HTML that would load or attach anything,
and the PDF renderer may read only `data:` URLs and the build's own figures, style sheet
and fonts.
"""

from __future__ import annotations

import datetime
import logging
import re
import threading
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from jinja2 import Undefined
from markupsafe import Markup, escape

from ap4report.claims import (
    ContentError,
    Tracked,
    attributed,
    paths_in,
    template_line,
    tracking,
    tracking_environment,
    typed_claims,
)
from ap4report.errors import did_you_mean, shown_path
from ap4report.formatting import (
    compact,
    date_text,
    decimal,
    format_cell,
    in_running_text,
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


def _author_undefined():
    """Jinja's StrictUndefined, failing with `file:line: unknown key 'x' (did you mean
    'y'?)` instead of a traceback."""
    from jinja2 import StrictUndefined, Undefined

    class AuthorUndefined(StrictUndefined):
        def _fail_with_undefined_error(self, *args, **kwargs):
            file, line = template_line()
            owner, name = self._undefined_obj, self._undefined_name
            while isinstance(owner, Undefined):  # `m.trade` with no `m`: name the `m`
                owner, name = owner._undefined_obj, owner._undefined_name
            if hasattr(owner, "keys"):
                problem = f"unknown key {name!r}{did_you_mean(name, owner.keys())}"
            else:
                problem = f"unknown name {name!r}"
            raise ContentError(f"{shown_path(file)}:{line}: {problem}")

        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            return self._fail_with_undefined_error()

    # StrictUndefined fails in every operator (str, iteration, comparison...): fail so.
    for name, value in vars(StrictUndefined).items():
        if value is Undefined._fail_with_undefined_error:
            setattr(AuthorUndefined, name, AuthorUndefined._fail_with_undefined_error)
    return AuthorUndefined


def escape_markdown(value) -> Markup:
    """Backslash-escape Markdown punctuation, then escape for HTML, so that data can never
    become markup; Markdown turns the result back into the same text."""
    return escape(MARKDOWN_SPECIAL.sub(r"\\\1", str(value)))


_PRINTABLE = (str, int, float, Decimal, datetime.date, type(None))


def _printable(value) -> bool:
    """Data (text, numbers, dates, and lists and mappings of them), not a Python object
    whose repr would print a type and a memory address (a helper, a method, a class)."""
    if isinstance(value, Tracked):
        return True
    if isinstance(value, (list, tuple)):
        return all(map(_printable, value))
    if isinstance(value, dict):
        return all(_printable(key) and _printable(item) for key, item in value.items())
    return isinstance(value, _PRINTABLE)


def _finalize(ledger=None):
    """Jinja finalize for Markdown content: trusted Markup passes, data is escaped and,
    with a ledger, recorded (and checked: ap4report.claims); anything else (`{{ cite }}`,
    `{{ figure }}`) is refused rather than printed."""

    def finalize(value):
        if isinstance(value, Undefined):
            str(value)  # fails, naming the content file, line and the unknown key
        if isinstance(value, Markup) and not isinstance(value, Tracked):
            return value
        if not _printable(value):
            raise ValueError(
                f"the content prints a {type(value).__name__}, not a value: call it, or print"
                " a value from n, report or edition"
            )
        text = escape_markdown(value)
        if ledger is not None and paths_in(value)[0]:  # a value, or a list of them, from n
            return Markup(ledger.printed(value, str(text)))
        return text

    return finalize


# How a value that is not known as fact is printed: the hedge is part of the sentence.
HEDGES = {
    "en": {
        "reportedly": "reportedly {value}",
        "according_to": "{value} (according to {source})",
        "preliminary": "{value} (preliminary)",
    },
    "pl": {
        "reportedly": "według doniesień {value}",
        "according_to": "{value} (według {source})",
        "preliminary": "{value} (dane wstępne)",
    },
}


def confined_loader(folder: Path):
    """A Jinja loader for the files of `folder` only: `{% include %}` of a symlink that
    leads out of it (to /etc/passwd, to .git/config) is refused, not rendered."""
    from jinja2 import FileSystemLoader

    from ap4report.datapackage import NO_INVISIBLE_CHARACTERS, invisible_at
    from ap4report.paths import confined

    class ConfinedLoader(FileSystemLoader):
        loaded: list[str]  # the files read, in order (for the checks after a render)

        def get_source(self, environment, template):
            source, filename, uptodate = super().get_source(environment, template)
            confined(filename, folder, f"the content file {template!r}")
            self.loaded = [*getattr(self, "loaded", []), filename]
            found = invisible_at(source)
            if found:
                line, column, code = found
                raise ValueError(
                    f"{filename}, line {line}, column {column}: expected"
                    f" {NO_INVISIBLE_CHARACTERS} (found {code})"
                )
            return source, filename, uptodate

    return ConfinedLoader(folder)


def content_environment(loader_dir: Path, locale: str = "en", ledger=None):
    """Jinja environment for content files: sandboxed, strict about undefined names,
    reading only files inside `loader_dir`, with filters that format numbers for the
    edition's locale and keep track of the values they format (see ap4report.claims)."""
    environment = tracking_environment(
        loader=confined_loader(loader_dir),
        autoescape=True,
        finalize=_finalize(ledger),
        undefined=_author_undefined(),
        keep_trailing_newline=True,
    )
    filters = {
        "num": lambda value, digits=1: decimal(value, digits, locale),
        "compact": lambda value: compact(value, locale),
        "signed": lambda value, digits=1: signed(value, digits, locale),
        "date": lambda value: date_text(value, locale),
        "words": lambda value: words(value, locale),
        "names": lambda items: join(in_running_text(items, locale), locale),
        "year": lambda value: str(value)[:4],
        "ordinal": lambda value: ordinal(value, locale),
        "period": period,
        "last_year": lambda value: re.findall(r"\d{4}", str(value))[-1],
        # A word from a table in the content, e.g. a city's name in this language.
        "lookup": lambda key, table: table[key],
    }
    environment.filters.update(filters)
    # Filters that make markup or code of a value have no place in prose.
    for name in ("safe", "tojson", "urlize", "e", "escape", "forceescape", "xmlattr", "pprint"):
        environment.filters.pop(name, None)
    # Every filter, Jinja's own too (abs, round, join...), keeps track of the values.
    environment.filters.update({name: tracking(f) for name, f in environment.filters.items()})
    hedges = HEDGES[locale.split("_")[0]]
    environment.filters.update(
        {
            # `unit` is printed with the value, before the hedge: "1.41% (preliminary)".
            "reportedly": tracking(
                lambda value, unit="": hedges["reportedly"].format(value=f"{value}{unit}"),
                hedge=True,
            ),
            "according_to": tracking(
                lambda value, source, unit="": hedges["according_to"].format(
                    value=f"{value}{unit}", source=source
                ),
                hedge=True,
            ),
            "preliminary": tracking(
                lambda value, unit="": hedges["preliminary"].format(value=f"{value}{unit}"),
                hedge=True,
            ),
            "attributed": attributed,
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
            file, line = template_line()
            raise ContentError(
                f"{shown_path(file)}:{line}: unknown {kind} {item_id!r}"
                f"{did_you_mean(item_id, self.items[kind])}"
            )
        order = self.known[kind]
        return order.index(item_id) + 1 if item_id in order else 0

    def place(self, kind: str, item_id: str, caption: str) -> Markup:
        if item_id in self.placed[kind]:
            file, line = template_line()
            raise ContentError(f"{shown_path(file)}:{line}: {kind} {item_id!r} is placed twice")
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
            + [
                f"{kind} {i!r} is not placed, though its module places it in this kind of "
                f'edition (PLACED_IN): add {{{{ {kind}("{i}", "caption") }}}} where it belongs'
                for kind, i in available - placed
            ]
        )


def render_content(
    content_file: Path, context: dict, floats: Floats, bibliography=None, locale="en", ledger=None
) -> Markup:
    """Evaluate the expressions of a Markdown content file, then convert it to HTML.
    With a ledger, `context["n"]` is read through it: every value printed or used to choose
    words is recorded, and one not known as fact stops the render (ap4report.claims).

    A mistake in the content (a number typed into the prose, an unknown name or figure, a
    missing `}}`, a figure built but not placed) raises ContentError naming its file and
    line."""
    from jinja2 import TemplateSyntaxError

    environment = content_environment(content_file.parent, locale, ledger)
    try:
        template = environment.get_template(content_file.name)
    except TemplateSyntaxError as error:
        where = shown_path(error.filename or content_file)
        raise ContentError(f"{where}:{error.lineno}: {error.message}") from None
    if ledger is not None:
        context = {**context, "n": ledger.wrap(context["n"])}
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
        if ledger is not None:
            ledger.start_pass()
        markdown = template.render(**context, **helpers)
        if floats.end_pass():
            break
    if ledger is not None:
        markdown = ledger.sentences(markdown)
    problems = floats.problems()
    if problems:
        raise ContentError(f"{shown_path(content_file)}: " + "; ".join(problems))
    # The files the render read (each one confined to the content folder by the loader).
    for path in dict.fromkeys(environment.loader.loaded):
        typed = typed_claims(path)
        if typed:
            line, token = typed[0]
            raise ContentError(
                f"{shown_path(path)}:{line}: {token!r} is typed into the prose; compute it "
                "from the data (ap4report.numbers) and print it with {{ n.… }}"
            )
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


def project_url_fetcher(root: Path, allowed=None):
    """A WeasyPrint URL fetcher that serves `data:` URLs and files under `root` only;
    with `allowed`, only those files (the build's own figures, style sheet and fonts), so
    that a link in the content cannot attach `.git/config` or a data file to the PDF."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    root = root.resolve()
    allowed = None if allowed is None else {Path(path).resolve() for path in allowed}

    class ProjectURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if (
                    path.is_relative_to(root)
                    and path.is_file()
                    and (allowed is None or path in allowed)
                ):
                    return super().fetch(url, headers)
            raise ValueError(f"blocked a resource outside the project: {url[:200]}")

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


def write_pdf(html: str, output: Path, base_dir: Path, attachments=(), allowed=None) -> None:
    """Render HTML to an archival PDF (PDF/A-3a, tagged, PDF/UA-1) with its attachments;
    resources resolve against `base_dir` and must lie inside it (and be among `allowed`,
    if given)."""
    from weasyprint import HTML

    from ap4report import archival

    fetcher = project_url_fetcher(base_dir, allowed)
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


class _Anything(dict):
    """A float catalogue that holds every id (for rendering the prose alone)."""

    def __init__(self, item: dict):
        super().__init__()
        self.item = item

    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return self.item


def render_prose(content_file: Path, computed: dict, edition: dict, strings: dict, references):
    """The prose of a content file rendered from `computed` (numbers.json: values and
    provenance) without figures or tables: (Markdown text, ledger). For checks that
    change the data and read the sentences again, without a full build."""
    from ap4report.citations import Bibliography
    from ap4report.claims import Ledger

    template_dir = Path(__file__).resolve().parents[2] / "templates"
    floats = Floats(
        _Anything({"src": "", "alt": "", "source": ""}),
        _Anything({"headings": [], "rows": [], "source": ""}),
        template_dir,
        strings,
    )
    floats.problems = list  # nothing is built, so nothing is missing
    ledger = Ledger(computed["provenance"], root=str(Path.cwd()))
    locale = edition["locale"]
    context = {"n": computed["values"], "report": {}, "edition": edition}
    html = render_content(
        Path(content_file), context, floats, Bibliography(references, locale), locale, ledger
    )
    return html, ledger


# Elements that embed or load something, or redirect, and never belong in the report.
_FORBIDDEN_TAGS = ("script", "iframe", "object", "embed", "frame", "base", "applet", "style")
# Elements whose content parsers read differently (raw text in a browser, markup in lxml):
# a payload hidden in them would pass the check and run in the browser.
_FORBIDDEN_TAGS += ("noscript", "template", "xmp", "noembed", "noframes", "textarea", "plaintext")
# Attributes that load a resource, besides <img src> and <link href> checked below.
_LOADING_ATTRIBUTES = ("srcset", "poster", "data", "action", "formaction", "background", "ping")


def check_links(document: str, files=()) -> None:
    """Refuse a report whose HTML would read or load anything but the build's own files,
    or link anywhere but to http(s)/mailto URLs and its own anchors.

    `files`: what it may load (figures, the style sheet), as the HTML names them. Raises
    RenderError quoting the element and a short, escaped excerpt of the URL."""
    import lxml.etree
    import lxml.html

    from ap4report.urls import LINK, UnsafeURL, css_loads, safe_url, shown

    files = {Path(path).as_posix() for path in files}
    problems = []
    for element in lxml.html.document_fromstring(document).iter():
        if element.tag is lxml.etree.Comment and "<" in (element.text or ""):
            problems.append("a comment that holds markup")
        tag = element.tag if isinstance(element.tag, str) else ""
        where = f"<{tag}>"
        if tag in _FORBIDDEN_TAGS or (tag == "meta" and element.get("http-equiv")):
            problems.append(f"{where} is not allowed in the report")
        if "attachment" in (element.get("rel") or "").lower().split():
            problems.append(f"{where} with rel=attachment: only the build's data are attached")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or local in _LOADING_ATTRIBUTES:
                problems.append(f"{where} has the attribute {local}")
            elif local == "style" and css_loads(value):
                problems.append(f"{where} has a style that loads {shown(value)}")
            elif local == "src" or (local == "href" and tag in ("link", "use", "image")):
                if value not in files:
                    problems.append(f"{where} loads {shown(value)}, not a file of this build")
            elif local == "href" and not value.startswith("#"):
                try:
                    safe_url(value, LINK)
                except UnsafeURL as error:
                    problems.append(f"{where} links to {error}")
    if problems:
        raise RenderError("the report's HTML is not inert:\n" + "\n".join(problems[:20]))
