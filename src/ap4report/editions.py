"""The editions one build makes: the bulletin, its data annex and the per-partner briefs,
each in each language. One set of rules builds every edition; an edition's name is the
`{edition}` wildcard, and everything else about it is looked up here.

Names: `<name>` for the bulletin in the first language, `<name>-<language>` in the
others; `<annex_name>[-<language>]` for its data annex; `<brief_name>-<partner>` and
`<brief_name>-<partner>-<language>` for the briefs (e.g. nato-ap4-bulletin-pl,
nato-ap4-annex, nato-ap4-brief-jpn). The config's `editions` section selects
which of them the default target builds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

KINDS = ("report", "annex", "brief")


@dataclass(frozen=True)
class Edition:
    name: str
    kind: str  # "report" (the bulletin), "annex" (its data annex) or "brief" (one partner)
    language: str  # "en", "pl"
    locale: str  # Babel locale: "en", "pl_PL"
    partner: str | None = None  # ISO3 of a brief's partner
    bulletin: str | None = None  # an annex's bulletin (whose claims it lists)
    annex: str | None = None  # a bulletin's data annex

    @property
    def content_dir(self) -> str:
        return f"content/{self.language}"

    @property
    def content(self) -> str:
        return f"{self.content_dir}/{self.kind}.md"

    @property
    def strings(self) -> str:
        return f"{self.content_dir}/strings.yaml"

    def catalogs(self, root: Path | str = ".") -> list[str]:
        """The edition language's translation catalogs (none for the source language)."""
        return sorted(
            path.relative_to(root).as_posix() for path in Path(root, self.content_dir).glob("*.po")
        )

    def as_dict(self) -> dict:
        return asdict(self)


def typed_selection(selection: dict) -> dict:
    """The `editions` selection with the types the schema expects: `--config` passes the
    values of a nested mapping as text ("false", "4")."""
    typed = dict(selection)
    main, copies = typed.get("main"), typed.get("copies")
    if isinstance(main, str) and main.lower() in ("true", "false"):
        typed["main"] = main.lower() == "true"
    if isinstance(copies, str) and copies.isdigit():
        typed["copies"] = int(copies)
    return typed


def editions(config: dict, every: bool = False) -> dict[str, Edition]:
    """The editions the config selects, by name, in build order; `every`: all the editions
    the config can make (every language, the main report and every partner's brief)."""
    report, selection = config["report"], config["editions"]
    languages = config["languages"]
    if every:
        partners = config["analysis"]["partners"]
        selection = {"languages": list(languages), "main": True, "briefs": partners}
    default_language = next(iter(languages))
    selected = {}
    for language in selection["languages"]:
        if language not in languages:
            raise ValueError(
                f"config editions.languages: {language!r} is not one of the languages "
                f"configured ({', '.join(languages)})"
            )
        suffix = "" if language == default_language else f"-{language}"
        locale = languages[language]["locale"]
        if selection.get("main", True):
            for copy in range(1, selection.get("copies", 1) + 1):
                numbered = "" if copy == 1 else f"-copy{copy:03d}"
                name = f"{report['name']}{numbered}{suffix}"
                annex = f"{report['annex_name']}{numbered}{suffix}"
                selected[name] = Edition(name, "report", language, locale, annex=annex)
                selected[annex] = Edition(annex, "annex", language, locale, bulletin=name)
        for partner in selection.get("briefs", []):
            if partner not in config["analysis"]["partners"]:
                raise ValueError(
                    f"config editions.briefs: {partner!r} is not one of analysis.partners "
                    f"({', '.join(config['analysis']['partners'])})"
                )
            name = f"{report['brief_name']}-{partner.lower()}{suffix}"
            selected[name] = Edition(name, "brief", language, locale, partner)
    if not selected:
        raise ValueError("config editions: the selection builds no edition")
    return selected


def translations(config: dict, edition: Edition) -> dict[str, str]:
    """The same edition in the other languages the config selects: language → edition name
    ('nato-ap4-bulletin' ↔ 'nato-ap4-bulletin-pl', 'nato-ap4-brief-jpn' ↔
    'nato-ap4-brief-jpn-pl'), for the web edition's language switch."""
    default_language = next(iter(config["languages"]))

    def suffix(language: str) -> str:
        return "" if language == default_language else f"-{language}"

    base = edition.name.removesuffix(suffix(edition.language))
    return {
        language: f"{base}{suffix(language)}"
        for language in config["editions"]["languages"]
        if language != edition.language and language in config["languages"]
    }
