"""The claims a content file makes from the data: tracked while it renders, checked, and
written to a ledger.

The content reads numbers.json's values through `Ledger.wrap`, which hands out values
that remember their path ("kiel.top"). When the content prints one, the ledger records
the sentence, the value as printed, the full value and its provenance; a value that is not
known as fact (its weakest row is unverified, partly verified, in conflict or to be
checked) stops the build, naming the content file and line, unless a hedging filter
(`reportedly`, `according_to`, `preliminary`) prints how it is known, or `attributed`
names the source that the sentence around it must name too. Values that only
choose words (`{% if %}`) are recorded as conditions with their status.
"""

from __future__ import annotations

import functools
import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ap4report.errors import AuthorError
from ap4report.provenance import is_fact, weakest

START, MIDDLE, END = "\ue000", "\ue001", "\ue002"  # around a printed claim, removed before HTML
# The markers around printed claims (they may nest: a macro's output holds its own).
_MARKER = re.compile(f"{START}\\d+{MIDDLE}|{END}")
_OPENING = re.compile(f"{START}(\\d+){MIDDLE}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“„(]?[A-ZĄĆĘŁŃÓŚŹŻ])")


# Abbreviations after which a full stop does not end a sentence ("19 lutego 2026 r. „Politico”").
_ABBREVIATIONS = re.compile(r"(\b(r|np|ok|tzw|nr|No|St|Dr|m\.in)\.)$")


def _names(sentence: str, source: str) -> bool:
    """Whether `sentence` names `source` as a whole word or phrase (of 4 characters or more)."""
    source = source.strip()
    return len(source) >= 4 and bool(
        re.search(rf"(?<!\w){re.escape(source)}(?!\w)", sentence, re.IGNORECASE)
    )


def _sentences(paragraph: str) -> list[str]:
    parts = _SENTENCE_END.split(paragraph)
    merged: list[str] = []
    for part in parts:
        if merged and _ABBREVIATIONS.search(_MARKER.sub("", merged[-1]).rstrip()):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


class ContentError(AuthorError, ValueError):
    """A mistake in a content file, reported as `file:line: message`."""


class Tracked:
    """Mixin: a value from numbers.json with the paths it comes from."""

    paths: frozenset = frozenset()
    hedged: bool | str = False  # True, or the source its sentence must name (`attributed`)


class TrackedStr(str, Tracked):
    def __iter__(self):
        return (tracked(char, self.paths, self.hedged) for char in str.__str__(self))

    def __getitem__(self, index):
        return tracked(str.__getitem__(self, index), self.paths, self.hedged)


class TrackedInt(int, Tracked):
    pass


class TrackedFloat(float, Tracked):
    pass


class TrackedBool(Tracked):
    def __init__(self, value: bool):
        self.value = bool(value)

    def __bool__(self):
        return self.value

    def __eq__(self, other):
        return self.value == other

    def __hash__(self):
        return hash(self.value)

    def __str__(self):
        return str(self.value)


def tracked(value, paths, hedged=False):
    """`value` as a tracked value (None stays None)."""
    if value is None:
        return None
    if hasattr(value, "__html__"):  # Markup made by a helper: trusted, not a data value
        return value
    if isinstance(value, bool):
        result = TrackedBool(value)
    elif isinstance(value, int):
        result = TrackedInt(value)
    elif isinstance(value, float):
        result = TrackedFloat(value)
    elif isinstance(value, str):
        result = TrackedStr(value)
    else:
        return value
    result.paths, result.hedged = frozenset(paths), hedged
    return result


def paths_in(*values) -> tuple[frozenset, bool]:
    """The paths and hedging of every tracked value among `values` (lists included)."""
    paths, hedged = set(), False
    for value in values:
        if isinstance(value, Tracked):
            paths |= value.paths
            hedged = hedged or value.hedged
        if isinstance(value, TrackedList):
            paths.add(value._path)
        if isinstance(value, dict):
            value = list(value.items())
        if isinstance(value, (list, tuple, set)):
            inner, inner_hedged = paths_in(*value)
            paths |= inner
            hedged = hedged or inner_hedged
    return frozenset(paths), hedged


def template_line() -> tuple[str, int]:
    """The content file and line being rendered (from the calling Jinja frame)."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.filename or template.name, template.get_corresponding_lineno(
                frame.f_lineno
            )
        frame = frame.f_back
    return "?", 0


@dataclass
class Claim:
    file: str
    line: int
    use: str  # printed | condition
    paths: list[str]
    value: object
    printed: str = ""
    hedged: bool | str = False
    sentence: str = ""
    provenance: dict = field(default_factory=dict)


class Ledger:
    def __init__(self, provenance: dict, root: str = ""):
        self.provenance = provenance
        self.root = root
        self.claims: list[Claim] = []
        self._used: set[tuple[str, int, str]] = set()
        self.values: dict = {}

    def start_pass(self) -> None:
        self.claims, self._used = [], set()

    # Reading values ---------------------------------------------------------------
    def wrap(self, value, path: str = ""):
        if not path:
            self.values = value
        if isinstance(value, dict):
            return TrackedDict(value, path, self)
        if isinstance(value, list):
            return TrackedList(value, path, self)
        self.used(path, value)
        return tracked(value, {path})

    def used(self, path: str, value) -> None:
        file, line = template_line()
        if (file, line, path) not in self._used:
            self._used.add((file, line, path))
            self.claims.append(
                Claim(self._relative(file), line, "condition", [path], value, **self._about([path]))
            )

    # Printing values --------------------------------------------------------------
    def printed(self, value, text: str) -> str:
        """Record a printed value; return `text` (its Markdown) between markers (see
        `sentences`)."""
        file, line = template_line()
        paths, hedged = paths_in(value)
        about = self._about(sorted(paths))
        status = about["provenance"]["status"]
        if not hedged and not is_fact(status):
            where = f"{self._relative(file)}:{line}"
            raise ContentError(
                f"{where}: {', '.join(sorted(paths))} is {status.replace('_', ' ')} "
                f"({', '.join(about['provenance']['datasets'])}), so it cannot be stated as fact: "
                "say how it is known (| reportedly, | according_to, | preliminary) or leave it out"
            )
        full = [self.value_at(path) for path in sorted(paths)]
        claim = Claim(
            self._relative(file),
            line,
            "printed",
            sorted(paths),
            full[0] if len(full) == 1 else full,
            _MARKER.sub("", str(value)),  # a macro's output holds its own claims' markers
            hedged,
            **about,
        )
        self.claims.append(claim)
        return f"{START}{len(self.claims) - 1}{MIDDLE}{text}{END}"

    def sentences(self, markdown: str) -> str:
        """Fill in each printed claim's sentence; return the Markdown without markers."""
        for paragraph in re.split(r"\n\s*\n|\n(?=\s*[-*] )", markdown):  # paragraphs, items
            for sentence in _sentences(paragraph):
                plain = " ".join(_MARKER.sub("", sentence).split())
                plain = re.sub(r"^[-*] ", "", plain)  # a list item's bullet
                plain = html.unescape(re.sub(r"\\(\S)", r"\1", re.sub(r"<[^>]+>", "", plain)))
                for match in _OPENING.finditer(sentence):
                    claim = self.claims[int(match.group(1))]
                    claim.sentence = plain
                    if isinstance(claim.hedged, str) and not _names(plain, claim.hedged):
                        raise ContentError(
                            f"{claim.file}:{claim.line}: {', '.join(claim.paths)} is attributed "
                            f"to {claim.hedged!r}, but its sentence does not name it"
                        )
        return _MARKER.sub("", markdown)

    def value_at(self, path: str):
        """The full value at a path of numbers.json ("kiel.rank.JPN", "x.names.0")."""
        value = self.values
        for part in path.split("."):
            value = value[int(part)] if isinstance(value, list) else value[part]
        return value

    def _about(self, paths: list[str]) -> dict:
        sources = [self.provenance.get(_source_path(path, self.provenance)) for path in paths]
        sources = [s for s in sources if s]
        return {
            "provenance": {
                "datasets": sorted({d for s in sources for d in s["datasets"]}),
                "releases": sorted({r for s in sources for r in s["releases"]}),
                "status": weakest([s["status"] for s in sources]),
                "keys": sorted({k for s in sources for k in s["keys"]}),
            }
        }

    def _relative(self, file: str) -> str:
        return (
            file[len(self.root) :].lstrip("/") if self.root and file.startswith(self.root) else file
        )

    def rows(self, edition: str) -> list[dict]:
        """The ledger as rows: one per printed value, and one per value that only chose
        words (read on a line where it was not printed)."""
        printed = {(c.file, c.line, p) for c in self.claims if c.use == "printed" for p in c.paths}
        claims = [
            c
            for c in self.claims
            if c.use == "printed" or not any((c.file, c.line, p) in printed for p in c.paths)
        ]
        return [
            {
                "edition": edition,
                "file": claim.file,
                "line": claim.line,
                "use": claim.use,
                "sentence": claim.sentence,
                "printed": claim.printed,
                "value": claim.value if _plain(claim.value) else str(claim.value),
                "paths": claim.paths,
                "hedged": claim.hedged,
                **claim.provenance,
            }
            for claim in claims
        ]


def _plain(value) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def _source_path(path: str, provenance: dict) -> str:
    """The provenance entry of `path`: its own, or that of the list it is an item of."""
    while path and path not in provenance:
        path = path.rpartition(".")[0]
    return path


class TrackedDict(dict):
    """numbers.json's values as the content reads them. The path and ledger are private
    (the sandbox refuses names that start with '_'), and the environment is immutable."""

    def __init__(self, values: dict, path: str, ledger: Ledger):
        super().__init__(values)
        self._path, self._ledger = path, ledger

    def __getitem__(self, key):
        value = super().__getitem__(key)
        return self._ledger.wrap(value, f"{self._path}.{key}" if self._path else str(key))

    def get(self, key, default=None):
        return self[key] if key in self else default  # noqa: SIM401 (self.get is this)

    def items(self):
        return [(key, self[key]) for key in self]

    def values(self):
        return [self[key] for key in self]


class TrackedList(list):
    def __init__(self, values: list, path: str, ledger: Ledger):
        super().__init__(values)
        self._path, self._ledger = path, ledger

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._ledger.wrap(super().__getitem__(index), f"{self._path}.{index % len(self)}")

    def __iter__(self):
        for index in range(len(self)):
            yield self[index]


def keep_tracking(result, paths, hedged=False):
    """`result` of an operation on tracked values, tracked: a scalar as itself, the items of
    a list or tuple each (an iterator becomes a list)."""
    if isinstance(result, (bool, int, float, str)):
        return tracked(str(result) if hasattr(result, "__html__") else result, paths, hedged)
    if isinstance(result, (list, tuple)) or hasattr(result, "__next__"):
        return [keep_tracking(item, paths, hedged) for item in result]
    return result


def tracking(function, hedge: bool = False):
    """A filter whose result (a number, a word or text) remembers the tracked values it
    was made from, so that no filter can launder a value past the ledger."""

    @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment marks
    def wrapper(*args, **kwargs):
        result = function(*args, **kwargs)
        paths, _ = paths_in(*args, *kwargs.values())
        # Only a hedging filter hedges: any other filter after one (`| replace(...)`)
        # may have removed the hedge's words, so its result is not hedged.
        return keep_tracking(result, paths, hedge) if paths else result

    return wrapper


def attributed(value, source: str):
    """`value` as the sentence around it attributes it to `source` ("as Politico
    reported, …"): printed as it is; the ledger checks that the sentence names `source`."""
    paths, _ = paths_in(value)
    return tracked(value, paths, hedged=str(source))


def tracking_environment(**options):
    """A sandboxed Jinja environment in which no operation launders a tracked value: `~`
    joins, and calls of methods or functions on tracked values (`x.upper()`,
    `"{}".format(x)`), return tracked results, as the filters do (`tracking`)."""
    from jinja2.compiler import CodeGenerator
    from jinja2.runtime import Macro, markup_join, str_join
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class TrackingCodeGenerator(CodeGenerator):
        def visit_Concat(self, node, frame):
            self.write("environment.tracked_join((")
            for argument in node.nodes:
                self.visit(argument, frame)
                self.write(", ")
            self.write("))")

    class TrackingEnvironment(ImmutableSandboxedEnvironment):
        code_generator_class = TrackingCodeGenerator
        intercepted_binops = frozenset(["+", "-", "*", "/", "//", "%", "**"])
        intercepted_unops = frozenset(["+", "-"])

        def call_binop(self, context, operator, left, right):
            result = super().call_binop(context, operator, left, right)
            paths, _ = paths_in(left, right)
            return keep_tracking(result, paths) if paths else result

        def call_unop(self, context, operator, arg):
            result = super().call_unop(context, operator, arg)
            paths, _ = paths_in(arg)
            return keep_tracking(result, paths) if paths else result

        def getattr(self, obj, attribute):
            result = super().getattr(obj, attribute)
            if isinstance(obj, Tracked) and not callable(result):
                return keep_tracking(result, obj.paths)  # x.real, x.imag
            return result

        def tracked_join(self, parts):
            parts = list(parts)
            paths, hedged = paths_in(*parts)
            if paths:
                return tracked(str_join(parts), paths, hedged)
            return markup_join(parts) if self.autoescape else str_join(parts)

        def call(__self, __context, __obj, *args, **kwargs):
            result = super().call(__context, __obj, *args, **kwargs)
            owner = getattr(__obj, "__self__", None)
            paths, hedged = paths_in(owner, *args, *kwargs.values())
            # A macro of the content keeps its arguments' hedge (it words them, as in
            # plural(n | attributed(...), ...)); a method (x.replace(...)) does not.
            hedged = hedged if isinstance(__obj, Macro) else False
            if not paths or (hasattr(result, "__html__") and not isinstance(__obj, Macro)):
                return result  # markup made by a helper (a figure, a citation): trusted
            return keep_tracking(result, paths, hedged)

    return TrackingEnvironment(**options)


# Numbers typed into the prose are claims that no data can correct. Outside expressions,
# content may hold digits only in these names, and number words only in these phrases
# (which count nothing in the data, or sit in a branch the data choose).
NAMES_WITH_DIGITS = re.compile(r"\b(AP4|IP4|K2|K9|K239|FA-50|G7|G20)\b")
_EXPRESSION = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)
NUMBER_WORDS = {
    "en": re.compile(
        r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|decades?|"
        r"twice|half|first Trump)\b",
        re.IGNORECASE,
    ),
    "pl": re.compile(
        r"\b(jeden|jedna|jedną|dwa|dwie|dwóch|trzy|trzech|trzej|cztery|czterech|czterej|"
        r"czwórk\w*|pięć|pięciu|dziesięć|dekad\w*|pierwszej administracji)\b",
        re.IGNORECASE,
    ),
}
_NOT_COUNTS = (
    r"\b(one voice|(is )?one of( the)?|(in )?two regions|as one|from one source|one source|"
    r"half marker|for one|in one chart|one release|the two editions|the two sources|"
    r"between the two|only one came|dwóch edycji|"
    r"jednym głosem|jeden z|jedną z|dwóch regionach|dwóch regionów|jako jeden)\b"
)
# A phrase may break across lines.
NOT_COUNTS = re.compile(_NOT_COUNTS.replace(" ", r"\s+"), re.IGNORECASE)


def _blank(match: re.Match) -> str:
    """An expression replaced by spaces, keeping its line breaks (so lines still count)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def typed_claims(path: Path | str) -> list[tuple[int, str]]:
    """(line, text) of each number typed into a content file outside its expressions: a
    figure ("7.6") or a number word ("four"; in the file's language, its folder's name)."""
    path = Path(path)
    text = _EXPRESSION.sub(_blank, path.read_text(encoding="utf-8"))
    text = NOT_COUNTS.sub(_blank, NAMES_WITH_DIGITS.sub(_blank, text))
    words = NUMBER_WORDS.get(path.parent.name, NUMBER_WORDS["en"])
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        found += [(number, token) for token in re.findall(r"[^\s]*\d[^\s]*", line)]
        found += [(number, match.group(0)) for match in words.finditer(line)]
    return found
