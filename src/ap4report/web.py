"""The web edition: one self-contained HTML file built from the print HTML.

`build_web_edition` takes the HTML that `render_report` writes for WeasyPrint and returns
a single page for screens, phones included: every figure inlined as SVG (text kept as
text, ids prefixed so that eight matplotlib files can share one document) in a box that
scrolls sideways on a narrow screen rather than shrink its text, the bundled fonts and the
stylesheet embedded, the numbers behind each figure and table embedded as CSV downloads,
a link to the PDF, which sits beside the page, and links to the same edition in the other
languages. The page loads nothing: no script, no external stylesheet, font or image.

The build manifest is not linked from the reader's page (it will move to a data annex);
`manifest_link` makes its link for whichever page will carry it.

The print HTML is parsed and serialised again, never unescaped: its text stays text.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import quote, urlsplit

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "web.html.j2"

# The words the page adds around the print content (English; pass `labels` to translate).
LABELS = {
    "downloads": "Downloads",
    "pdf": "PDF edition",
    "manifest": "Build manifest (JSON)",
    "data": "Data and methods",
    "csv": "Download the data for {label} (CSV, {size})",
    "languages": "Other languages",
}
# Smallest text, in CSS px, that a figure may show: a figure scrolls sideways inside its
# box rather than shrink below its own size (7 pt text is 9.3 px).
PT_TO_PX = 96 / 72

# url(#id) in attribute values and style sheets, with optional quotes.
_URL_REF = re.compile(r"""url\(\s*(['"]?)#([^'")\s]+)\1\s*\)""")
# Attributes whose value is a list of ids (ARIA relations, SVG animation timing aside).
_IDREF_LISTS = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns")
# Attributes that load a resource when set on any element other than a link (<a>).
_RESOURCE_ATTRIBUTES = (
    "src",
    "href",
    "poster",
    "data",
    "action",
    "formaction",
    "background",
    "manifest",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "icon",
    "codebase",
    "archive",
)
# Attributes that load something whatever their value looks like.
_ALWAYS_LOADING = ("srcset", "imagesrcset", "ping")
_EMBEDDING_TAGS = (
    "script",
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "base",
    "applet",
    "form",
    "portal",
)
# The page's Content-Security-Policy: it may use its own inline styles and the fonts and
# images embedded as data: URLs, and load nothing from anywhere (no script, no connection,
# no frame, no form target). Browsers apply it before anything else in the page loads.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; "
    "form-action 'none'; base-uri 'none'"
)


class WebEditionError(ValueError):
    """The inputs cannot make a self-contained page (a missing SVG or CSV, a broken
    reference, an external resource...)."""


def build_web_edition(
    print_html: str,
    *,
    svg_files: Mapping[str, Path | str],
    data_files: Mapping[str, Path | str],
    fonts: Sequence[Path | str],
    css: Path | str,
    pdf_name: str,
    manifest_name: str = "manifest.json",
    labels: Mapping[str, str] | None = None,
    locale: str = "en",
    template: Path | str = TEMPLATE,
    translations: Mapping[str, str] | None = None,
) -> str:
    """Return the web edition of the report as one HTML string.

    - `svg_files`: figure id (the `<id>` of `<figure class="figure" id="figure-<id>">`)
      → its SVG file; each figure's `<img>` is replaced by the inline SVG.
    - `data_files`: download name → CSV file, named after the element that shows the
      data: `figure-<id>.csv` for a figure, `table-<id>.csv` for a table. Every figure
      and table must have one.
    - `fonts`: TrueType files, embedded as data URLs in `@font-face` rules (family,
      weight and style read from each font's name and OS/2 tables).
    - `css`: the screen stylesheet, inlined after the `@font-face` rules.
    - `pdf_name`: file name of the PDF, linked relatively: it sits beside the page.
      `manifest_name`: file name of the build manifest beside it, checked but not linked
      from this page (see `manifest_link`).
    - `labels`, `locale`: the words the page adds (default `LABELS`) and the Babel locale
      of the file sizes, for the edition's language.
    - `translations`: language code → file name of the same edition in that language
      (beside the page), linked as a language switch (`hreflang`, named in its language).

    Raises WebEditionError when an SVG or CSV is missing or unused, or when the result
    would hold a duplicate id, a dangling reference or an external resource.
    """
    import lxml.html
    from lxml import etree

    words = {**LABELS, **(labels or {})}
    for name in (pdf_name, manifest_name, *(translations or {}).values()):
        _check_sibling_name(name)
    document = lxml.html.document_fromstring(print_html)
    body = document.body
    if document.find(".//script") is not None:
        raise WebEditionError("the print HTML holds a <script>")

    unused_svgs = dict(svg_files)
    unused_data = dict(data_files)
    inline = {}  # placeholder text → serialised SVG
    for figure in _floats(body, "figure"):
        figure_id = figure.get("id").removeprefix("figure-")
        images = figure.findall(".//img")
        if len(images) != 1:
            raise WebEditionError(f"figure {figure_id!r} holds {len(images)} <img>, not 1")
        if figure_id not in unused_svgs:
            raise WebEditionError(f"no SVG given for figure {figure_id!r}")
        svg_path = Path(unused_svgs.pop(figure_id))
        image = images[0]
        alt = image.get("alt") or ""
        if not alt.strip():
            raise WebEditionError(f"figure {figure_id!r} has no alt text")
        token = f"ap4-inline-svg-{len(inline)}-{figure_id}"
        inline[f"<!--{token}-->"] = inline_svg(svg_path.read_bytes(), f"svg-{figure_id}", alt)
        placeholder = etree.Comment(token)
        image.getparent().replace(image, _figure_box(figure, placeholder, image.tail))
        figure.append(_download(figure, unused_data, words, locale))
    for table_float in _floats(body, "table"):
        table = table_float.find(".//table")
        if table is None:
            raise WebEditionError(f"{table_float.get('id')} holds no <table>")
        _scrollable(table_float, table)
        table_float.append(_download(table_float, unused_data, words, locale))
    if unused_svgs:
        raise WebEditionError(f"SVGs for figures the report does not place: {sorted(unused_svgs)}")
    if unused_data:
        raise WebEditionError(f"CSV files no figure or table shows: {sorted(unused_data)}")

    _insert_navigation(body, pdf_name, words)
    _insert_language_switch(body, translations or {}, words)

    inner = (body.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in body
    )
    for placeholder, svg in inline.items():
        if inner.count(placeholder) != 1:
            raise WebEditionError(f"the placeholder {placeholder} is not unique in the page")
        inner = inner.replace(placeholder, svg)

    stylesheet = font_faces(fonts) + "\n" + Path(css).read_text(encoding="utf-8")
    if re.search(r"</style", stylesheet, re.IGNORECASE):
        raise WebEditionError("the stylesheet holds '</style'")
    page = _render_page(
        template,
        csp=CONTENT_SECURITY_POLICY,
        lang=document.get("lang") or "",
        head=_head_elements(document),
        css=stylesheet,
        body=inner,
        body_class=body.get("class"),
    )
    problems = web_edition_problems(page)
    if problems:
        raise WebEditionError("the web edition is not self-contained:\n" + "\n".join(problems))
    return page


def inline_svg(svg: bytes, prefix: str, alt: str) -> str:
    """One SVG file as an element to place in HTML.

    Drops the XML prolog, DOCTYPE, comments and metadata; prefixes every id with
    `prefix-` and rewrites every reference to it (`url(#…)`, `href`/`xlink:href="#…"`,
    ARIA id lists); scopes the file's own `<style>` rules to this SVG; removes the fixed
    width and height so that the viewBox scales it to its container; labels it with the
    alt text (`role="img"`, a `<title>` named by `aria-labelledby`).
    """
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
    )
    root = etree.fromstring(svg, parser)
    if root.tag != f"{{{SVG_NS}}}svg":
        raise WebEditionError(f"{prefix}: the root element is {root.tag}, not an SVG <svg>")
    if not root.get("viewBox"):
        raise WebEditionError(f"{prefix}: the SVG has no viewBox, so it cannot scale")
    for metadata in root.iter(f"{{{SVG_NS}}}metadata"):
        metadata.getparent().remove(metadata)

    ids = {}
    for element in root.iter(etree.Element):
        old = element.get("id")
        if old is None:
            continue
        if old in ids:
            raise WebEditionError(f"{prefix}: the SVG repeats the id {old!r}")
        ids[old] = f"{prefix}-{old}"
    root_id = prefix
    if root_id in ids.values():
        raise WebEditionError(f"{prefix}: the SVG already holds the id {root_id!r}")
    if root.get("id") is not None:
        ids[root.get("id")] = root_id

    def target(old: str) -> str:
        if old not in ids:
            raise WebEditionError(f"{prefix}: a reference to #{old}, which the SVG lacks")
        return ids[old]

    def rewrite_urls(text: str) -> str:
        return _URL_REF.sub(lambda m: f"url(#{target(m.group(2))})", text)

    for element in root.iter(etree.Element):
        for name, value in element.attrib.items():
            local = etree.QName(name).localname
            if name == "id":
                element.set(name, ids[value])
            elif local == "href" and value.startswith("#"):
                element.set(name, "#" + target(value[1:]))
            elif name in _IDREF_LISTS:
                element.set(name, " ".join(target(old) for old in value.split()))
            elif "url(" in value:
                element.set(name, rewrite_urls(value))
        if element.tag == f"{{{SVG_NS}}}style" and element.text:
            element.text = _scope_css(rewrite_urls(element.text), f"#{root_id}")

    natural = _length_px(root.get("width"))
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    root.set("id", root_id)
    root.set("class", " ".join(filter(None, [root.get("class"), "chart"])))
    root.set("width", "100%")
    if natural:  # never narrower than drawn: its box scrolls instead (`_figure_box`)
        root.set("style", f"min-width: {natural:.0f}px")
    root.set("role", "img")
    root.set("aria-labelledby", f"{root_id}-title")
    if f"{root_id}-title" in ids.values():
        raise WebEditionError(f"{prefix}: the SVG already holds the id {root_id}-title")
    title = etree.Element(f"{{{SVG_NS}}}title", id=f"{root_id}-title")
    title.text = alt
    root.insert(0, title)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="unicode")


def _length_px(length: str | None) -> float | None:
    """An SVG length ('468pt', '624px', '624') in CSS px; None if missing or relative."""
    match = re.fullmatch(r"\s*([\d.]+)\s*(pt|px)?\s*", length or "")
    if not match:
        return None
    return float(match.group(1)) * (PT_TO_PX if match.group(2) == "pt" else 1)


def _figure_box(figure, content, tail):
    """A box around a figure's SVG that scrolls sideways where the screen is narrower than
    the figure as drawn, so that its text keeps its size (a focusable, named region)."""
    from lxml.html import builder as E

    box = E.DIV(E.CLASS("figure-scroll"), role="region", tabindex="0")
    label = figure.find("figcaption/span[@class='label']")
    if label is not None:
        box.set("aria-label", " ".join(label.text_content().split()).rstrip("."))
    box.append(content)
    box.tail = tail
    return box


def _scope_css(text: str, scope: str) -> str:
    """Prefix every selector of a plain style sheet (rules only, as matplotlib writes)
    with `scope`, so that a rule such as `*{…}` applies inside this SVG only."""
    if "@" in text:
        raise WebEditionError(f"cannot scope an SVG style sheet with at-rules: {text[:80]!r}")
    rules = []
    for chunk in text.split("}"):
        if not chunk.strip():
            continue
        if chunk.count("{") != 1:
            raise WebEditionError(f"cannot scope the SVG style rule {chunk.strip()[:80]!r}")
        selectors, declarations = chunk.split("{")
        scoped = ", ".join(f"{scope} {s.strip()}" for s in selectors.split(",") if s.strip())
        rules.append(f"{scoped} {{{declarations.strip()}}}")
    return "\n".join(rules)


def font_faces(fonts: Sequence[Path | str]) -> str:
    """`@font-face` rules with each font embedded as a `data:font/ttf;base64` URL."""
    from fontTools.ttLib import TTFont

    rules = []
    for path in sorted(map(Path, fonts)):
        data = path.read_bytes()
        with TTFont(path, lazy=True) as font:
            names = font["name"]
            family = names.getDebugName(16) or names.getDebugName(1)
            weight = font["OS/2"].usWeightClass
            italic = bool(font["OS/2"].fsSelection & 1)
        if not family or not re.fullmatch(r"[\w .-]+", family):
            raise WebEditionError(f"{path.name}: unusable font family name {family!r}")
        encoded = base64.b64encode(data).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
            f"font-style: {'italic' if italic else 'normal'}; font-display: swap; "
            f'src: url("data:font/ttf;base64,{encoded}") format("truetype"); }}'
        )
    return "\n".join(rules)


def csv_data_url(data: bytes) -> str:
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")


def _floats(body, kind: str) -> list:
    """The `<figure class="<kind>" id="<kind>-…">` elements, in document order."""
    return [
        element
        for element in body.iter("figure")
        if kind in element.get("class", "").split() and element.get("id", "").startswith(f"{kind}-")
    ]


def _download(float_element, unused_data: dict, words: Mapping[str, str], locale: str):
    """A paragraph with a link that downloads the float's CSV, embedded as a data URL."""
    from lxml.html import builder as E

    from ap4report.archival import spreadsheet_safe_csv
    from ap4report.i18n import safe_format

    name = f"{float_element.get('id')}.csv"
    if name not in unused_data:
        raise WebEditionError(f"no CSV given for {float_element.get('id')} ({name})")
    data = Path(unused_data.pop(name)).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:  # the link says charset=utf-8
        raise WebEditionError(f"{name} is not UTF-8: {error}") from None
    data = spreadsheet_safe_csv(text).encode("utf-8")  # no formulas for spreadsheets
    label = float_element.find("figcaption/span[@class='label']")
    label_text = " ".join(label.text_content().split()).rstrip(".") if label is not None else name
    link = E.A(
        safe_format(
            words["csv"],
            "strings.yaml, web.csv",
            label=label_text,
            size=_size_text(len(data), locale),
        ),
        href=csv_data_url(data),
        download=name,
        type="text/csv",
    )
    return E.P(link, E.CLASS("download"))


def _size_text(size: int, locale: str = "en") -> str:
    """'800 bytes', '2.1 kB' (en); '800 bajtów', '2,1 kB' (pl)."""
    from babel.units import format_unit

    if size < 1000:
        return format_unit(size, "digital-byte", locale=locale)
    return format_unit(size / 1000, "digital-kilobyte", "short", "#,##0.0", locale=locale)


def _scrollable(table_float, table) -> None:
    """Wrap a table in a focusable region that scrolls sideways on narrow screens."""
    from lxml.html import builder as E

    caption = table_float.find("figcaption")
    wrapper = E.DIV(E.CLASS("table-scroll"), role="region", tabindex="0")
    if caption is not None:
        caption_id = caption.get("id") or f"{table_float.get('id')}-caption"
        caption.set("id", caption_id)
        wrapper.set("aria-labelledby", caption_id)
    wrapper.tail = table.tail
    table.tail = None
    table.getparent().replace(table, wrapper)
    wrapper.append(table)


def manifest_link(manifest_name: str, words: Mapping[str, str] | None = None):
    """The link to the build manifest (JSON) beside the page: a hook for the data annex
    that will carry it. The reader's page does not show it."""
    from lxml.html import builder as E

    _check_sibling_name(manifest_name)
    label = {**LABELS, **(words or {})}["manifest"]
    return E.A(label, href=quote(manifest_name), type="application/json")


def _insert_navigation(body, pdf_name: str, words) -> None:
    """Links to the PDF and the data appendix, after the title block."""
    from lxml.html import builder as E

    links = [E.A(words["pdf"], href=quote(pdf_name), type="application/pdf")]
    if body.get_element_by_id("appendix", None) is not None:
        links.append(E.A(words["data"], href="#appendix"))
    items = [E.LI(link) for link in links]
    nav = E.NAV(E.UL(*items), E.CLASS("downloads"), **{"aria-label": words["downloads"]})
    header = next((h for h in body.iter("header") if "title-block" in h.classes), None)
    if header is not None:
        nav.tail = header.tail
        header.tail = "\n"
        header.addnext(nav)
    else:
        nav.tail = body.text
        body.text = "\n"
        body.insert(0, nav)


def language_name(language: str) -> str:
    """A language's name in that language, as a reader looks for it: 'English', 'Polski'."""
    from babel import Locale

    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def _insert_language_switch(body, translations: Mapping[str, str], words) -> None:
    """Links to the same edition in the other languages (siblings of the page), each named
    in its own language, at the top of the page."""
    from lxml.html import builder as E

    if not translations:
        return
    items = []
    for code, name in sorted(translations.items()):
        link = E.A(language_name(code), href=quote(name), hreflang=code, lang=code)
        link.set("rel", "alternate")
        items.append(E.LI(link))
    nav = E.NAV(E.UL(*items), E.CLASS("languages"), **{"aria-label": words["languages"]})
    nav.tail = body.text
    body.text = "\n"
    body.insert(0, nav)


def _check_sibling_name(name: str) -> None:
    parts = urlsplit(name)
    if not name or parts.scheme or parts.netloc or "/" in name or "\\" in name:
        raise WebEditionError(f"{name!r} must be a plain file name beside the page")


def _head_elements(document) -> str:
    """The print head's title and meta elements (not its stylesheet link or charset)."""
    import lxml.html

    kept = []
    for element in document.head:
        if element.tag == "title" or (element.tag == "meta" and element.get("name")):
            if element.get("name") == "viewport":
                continue
            kept.append(lxml.html.tostring(element, encoding="unicode", with_tail=False))
    return "\n".join(kept)


def _render_page(template: Path | str, *, css: str, head: str, body: str, **context) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    template = Path(template)
    environment = Environment(
        loader=FileSystemLoader(template.parent),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.get_template(template.name).render(
        css=Markup(css), head=Markup(head), body=Markup(body), **context
    )


def web_edition_problems(page: str) -> list[str]:
    """What keeps an HTML page from being a self-contained web edition: duplicate ids,
    references (`href="#…"`, `url(#…)`, ARIA id lists) to ids the page lacks, scripts,
    event handlers, resources loaded from anywhere but `data:` URLs (`src`, `srcset`,
    `<use href>`, CSS `url()`, `image-set()`, `@import`), a `<meta http-equiv>` other than
    the page's Content-Security-Policy (a refresh navigates away), and a missing policy.
    Links to other pages (`<a href>`) are not loads; they may point to http(s), mailto,
    a `data:` download or a file beside the page."""
    import lxml.html
    from lxml import etree

    from ap4report.urls import LINK, css_unescaped, is_safe_url

    document = lxml.html.document_fromstring(page)
    problems = []
    head = document.head if document.head is not None else []
    policies = [
        meta.get("content")
        for meta in head
        if meta.tag == "meta"
        and (meta.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    if CONTENT_SECURITY_POLICY not in policies:  # in the head, or browsers ignore it
        problems.append("the page lacks its Content-Security-Policy")
    ids: dict[str, int] = {}
    references: list[tuple[str, str]] = []
    for element in document.iter(etree.Element):
        tag = _local(element.tag)
        if tag in _EMBEDDING_TAGS:
            problems.append(f"<{tag}> is not allowed")
        equiv = (element.get("http-equiv") or "").lower()
        if tag == "meta" and equiv and equiv != "content-security-policy":
            problems.append(f"<meta http-equiv={equiv[:40]!r}> is not allowed")
        for name, value in element.attrib.items():
            local = _local(name).split(":")[-1].lower()
            if name == "id":
                ids[value] = ids.get(value, 0) + 1
            elif local.startswith("on"):
                problems.append(f"<{tag}> has an event handler {name}")
            elif local in _ALWAYS_LOADING:
                problems.append(f"<{tag} {local}> loads {value[:80]!r}")
            elif local in _RESOURCE_ATTRIBUTES:
                if value.startswith("#"):
                    references.append((tag, value[1:]))
                elif tag == "a" and local == "href":
                    sibling = not urlsplit(value).scheme and "/" not in value and ":" not in value
                    if not (sibling or value.startswith("data:") or is_safe_url(value, LINK)):
                        problems.append(f"<a> links to {value[:60]!r}")
                elif not value.startswith("data:") or tag in ("use", "image", "feimage"):
                    problems.append(f"<{tag} {name}> loads {value[:80]!r}")
            elif name in _IDREF_LISTS:
                references += [(tag, ref) for ref in value.split()]
            if local == "style" or "url(" in css_unescaped(value).lower():
                problems += _css_problems(value, f"<{tag} {name}>", references, tag)
        if tag == "style":
            problems += _css_problems(element.text or "", "<style>", references, tag)
        if tag == "link" and "stylesheet" in (element.get("rel") or "").split():
            problems.append("a <link rel=stylesheet>: the style sheet must be inline")
    problems += [f"the id {i!r} occurs {n} times" for i, n in ids.items() if n > 1]
    problems += [
        f"<{tag}> refers to #{ref}, which is missing" for tag, ref in references if ref not in ids
    ]
    return problems


def _css_problems(text: str, where: str, references: list, tag: str) -> list[str]:
    from ap4report.urls import css_unescaped

    problems = []
    text = css_unescaped(text)  # `u\72l(` is url( to a browser
    if re.search(r"@import", text, re.I):
        problems.append(f"{where} imports a style sheet")
    if re.search(r"image-set\s*\(|image\s*\(|\bsrc\s*\(", text, re.I):
        problems.append(f"{where} uses image-set(), image() or src(), which load images")
    for match in re.finditer(r"""url\(\s*(['"]?)([^'")]*)""", text, re.I):
        url = match.group(2).strip()
        if url.startswith("#"):
            references.append((tag, url[1:]))
        elif not url.startswith("data:"):
            problems.append(f"{where} loads {url[:80]!r}")
    return problems


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1] if isinstance(name, str) else str(name)
