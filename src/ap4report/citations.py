"""Citations by key and the reference list, rendered from CSL-JSON by citeproc-py in one
style (Harvard, "Cite Them Right", shipped with citeproc-py)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from markupsafe import Markup

from ap4report.datapackage import NO_INVISIBLE_CHARACTERS, invisible_at
from ap4report.urls import UnsafeURL, is_safe_url, safe_url

# Text in a formatted entry that looks like a URL (HTML-escaped: a quote shows as &quot;).
URL = re.compile(r"(https?://[^\s<>()]+[^\s<>().,;:])")


def _escaped(value):
    """CSL-JSON with every string HTML-escaped: citeproc-py's HTML output does not."""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {
            key: value if key in ("id", "type") else _escaped(value) for key, value in value.items()
        }
    return value


def with_year_suffixes(references: list[dict]) -> list[dict]:
    """Add "a", "b", … to the year of sources by the same author in the same year, as
    author–date styles require (citeproc-py does not do it itself); ordered by title."""
    from itertools import groupby
    from string import ascii_lowercase

    def author_year(reference):
        author = (reference.get("author") or [{}])[0]
        name = author.get("literal") or author.get("family") or reference.get("container-title")
        year = (reference.get("issued") or {}).get("date-parts", [[None]])[0][0]
        return (str(name), str(year))

    result = [dict(reference) for reference in references]
    ordered = sorted(result, key=lambda r: (author_year(r), r.get("title", "")))
    for (_, year), group in groupby(ordered, key=author_year):
        group = list(group)
        if year != "None" and len(group) > 1:
            for suffix, reference in zip(ascii_lowercase, group, strict=False):
                reference["year-suffix"] = suffix
    return result


class Bibliography:
    """Cite sources by key while the content renders; list the cited sources at the end."""

    def __init__(self, references_file: Path | str, locale: str | None = None):
        """`locale`: a Babel locale ("pl_PL") for the style's words ("Dostęp"); English
        (or None) keeps the style's own."""
        import citeproc
        from citeproc import CitationStylesBibliography, CitationStylesStyle, formatter
        from citeproc.source.json import CiteProcJSON

        references = json.loads(Path(references_file).read_text(encoding="utf-8"))
        for reference in references:
            found = invisible_at(json.dumps(reference, ensure_ascii=False))
            if found:
                raise ValueError(
                    f"{references_file}: reference {str(reference.get('id'))[:80]!r}: expected"
                    f" {NO_INVISIBLE_CHARACTERS} (found {found[2]})"
                )
            if "URL" in reference:
                try:
                    safe_url(reference["URL"])
                except UnsafeURL as error:
                    raise UnsafeURL(
                        f"{references_file}: reference {str(reference.get('id'))[:80]!r},"
                        f" URL: expected {error}"
                    ) from None
        self._references = {reference["id"]: reference for reference in references}
        self.keys = set(self._references)
        style = CitationStylesStyle(
            str(Path(citeproc.__file__).parent / "data/styles/harvard-cite-them-right.csl"),
            locale=None if (locale or "en").startswith("en") else locale.replace("_", "-"),
            validate=False,
        )
        self._bibliography = CitationStylesBibliography(
            style, CiteProcJSON(_escaped(with_year_suffixes(references))), formatter.html
        )
        self._citations: dict[str, object] = {}

    def cite(self, *keys: str, bare: bool = False) -> Markup:
        """An in-text citation such as "(SIPRI, 2025; NATO, 2023)", each source linked to
        its entry in the reference list; `bare` drops the parentheses, for source lines."""
        from citeproc import Citation, CitationItem

        unknown = [key for key in keys if key not in self.keys]
        if unknown:
            raise KeyError(f"cited but not in the bibliography: {', '.join(unknown)}")
        parts = []
        for key in keys:
            citation = self._citations.get(key)
            if citation is None:
                citation = self._citations[key] = Citation([CitationItem(key)])
                self._bibliography.register(citation)
            text = str(self._bibliography.cite(citation, lambda item: None))
            text = text.removeprefix("(").removesuffix(")")
            parts.append(
                Markup('<a class="citation" href="#ref-{}">{}</a>').format(key, Markup(text))
            )
        joined = Markup("; ").join(parts)
        return joined if bare else Markup("({})").format(joined)

    def source(self, *keys: str) -> Markup:
        """A source line's sources: a publisher's release (a dataset with a `version`) by
        its title ("SIPRI Military Expenditure Database 2025"), then its citation; other
        sources by their citation."""
        parts = []
        for key in keys:
            reference = self._references.get(key, {})
            cited = self.cite(key, bare=True)
            if reference.get("type") == "dataset" and reference.get("version"):
                cited = Markup("{} ({})").format(reference["title"], cited)
            parts.append(cited)
        return Markup("; ").join(parts)

    def year(self, key: str) -> int:
        """The year a source was issued, for prose such as "a 2023 analysis"."""
        return int(self._references[key]["issued"]["date-parts"][0][0])

    def entries(self) -> list[tuple[str, Markup]]:
        """(key, formatted entry) for every cited source, sorted by the style; URLs linked."""
        self._bibliography.sort()
        keys = [item.reference.key for item in self._bibliography.items]
        return [
            (key, Markup(URL.sub(_link, str(entry))))
            for key, entry in zip(keys, self._bibliography.bibliography(), strict=True)
        ]


def _link(match: re.Match) -> str:
    """A URL in an entry as a link, if it is a plain http(s) URL; else left as text."""
    text = match.group(1)
    url = html.unescape(text)
    if not is_safe_url(url):
        return text
    return str(Markup('<a href="{}">{}</a>').format(url, Markup(text)))
